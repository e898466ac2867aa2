"""The citation fields of Zotero, Mendeley and EndNote, read into items."""

from __future__ import annotations

import base64
import json

from claimcite.load import citefields
from tests.docxmaker import citavi, csl_item, endnote, endnote_record, mendeley, zotero

HULSHOF = csl_item(["Hulshof", "Smit"], "2021", "Onafhankelijke cliëntondersteuning", doi="10.1234/abc")


def test_zotero_items_with_their_locators_and_rendered_text() -> None:
    cited = {
        "itemData": HULSHOF,
        "uris": ["http://zotero.org/users/1/items/AB12CD34"],
        "locator": "12",
        "label": "page",
        "prefix": "zie",
        "suppress-author": True,
    }
    found = citefields.parse(zotero([cited], "(zie 2021, p. 12)"))
    assert found is not None and found.problem is None
    assert found.program == "Zotero"
    assert found.rendered == "(zie 2021, p. 12)"
    (item,) = found.items
    assert item.data["title"] == "Onafhankelijke cliëntondersteuning"
    assert (item.locator, item.label, item.prefix, item.suppress_author) == ("12", "page", "zie", True)
    assert item.identity == "http://zotero.org/users/1/items/AB12CD34"
    assert item.key is None
    assert not found.kept
    kept = citefields.parse(zotero([cited], "(zie 2021, p. 12)", dontUpdate=True))
    assert kept is not None and kept.kept  # the user kept an edit of its text


def test_citation_keys_that_items_carry() -> None:
    keyed = [
        {**HULSHOF, "citation-key": "hulshof2021"},
        {**HULSHOF, "citationKey": "hulshofBBT"},
        {**HULSHOF, "note": "Some remark\nCitation Key: hulshofExtra\ntex.x: y"},
        {**HULSHOF, "note": "Citation Keys are explained elsewhere"},
    ]
    found = citefields.parse(zotero(keyed, "(Hulshof & Smit, 2021)"))
    assert found is not None
    assert [item.key for item in found.items] == ["hulshof2021", "hulshofBBT", "hulshofExtra", None]


def test_mendeley_desktop_and_mendeley_cite() -> None:
    cited = {"itemData": HULSHOF, "uris": ["http://www.mendeley.com/documents/?uuid=0000-1"]}
    found = citefields.parse(mendeley([cited], "(Hulshof & Smit, 2021)"))
    assert found is not None and found.program == "Mendeley"
    assert found.rendered == "(Hulshof & Smit, 2021)"
    assert found.items[0].identity == "http://www.mendeley.com/documents/?uuid=0000-1"
    data = {
        "citationItems": [{"id": "5f0c", "itemData": HULSHOF}],
        "manualOverride": {"citeprocText": "(Hulshof &amp; Smit, 2021)", "isManuallyOverridden": False},
    }
    payload = base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")
    cite = citefields.parse("MENDELEY_CITATION_v3_" + payload)
    assert cite is not None and cite.problem is None
    assert cite.items[0].data["title"] == HULSHOF["title"]
    assert cite.rendered == "(Hulshof & Smit, 2021)"  # as Word shows it


def test_endnote_in_the_instruction_and_in_base64_data() -> None:
    record = endnote_record(
        7, ["Okafor, Chidi", "Stichting Pharos,"], "2017", "Language barriers", doi="10.1111/hsc.12345"
    )
    xml = endnote([("Okafor", "2017", 7, record)], "(Okafor & Stichting Pharos, 2017)")
    for found in (
        citefields.parse(" ADDIN EN.CITE " + xml),
        citefields.parse(" ADDIN EN.CITE ", base64.b64encode(xml.encode()).decode()),
    ):
        assert found is not None and found.problem is None and found.program == "EndNote"
        (item,) = found.items
        assert item.data["author"] == [
            {"family": "Okafor", "given": "Chidi"},
            {"literal": "Stichting Pharos"},
        ]
        assert item.data["title"] == "Language barriers"
        assert item.data["type"] == "article-journal"
        assert item.data["DOI"] == "10.1111/hsc.12345"
        assert item.identity == "EndNote:x9fa2wz:7"
        assert found.rendered == "(Okafor & Stichting Pharos, 2017)"


def test_endnote_isbn_field_holds_a_journals_issn_or_a_books_isbn() -> None:
    """EndNote has one "ISBN/ISSN" field (`<isbn>`): ISSNs there are a journal's ISSN, read as
    such (there is nowhere else to put them in EndNote); anything else stays an ISBN."""
    for held, name in (
        ("0014-0139 (Print)\r0014-0139 (Linking)", "ISSN"),
        ("1179-2035", "ISSN"),
        ("1939-1676; 0891-6640", "ISSN"),
        ("978-0-306-40615-7", "ISBN"),
        ("0-306-40615-2", "ISBN"),
        ("0014-0139 978-0-306-40615-7", "ISBN"),  # not ISSNs alone: as written
        ("0014-01399", "ISBN"),  # nine digits: no ISSN
    ):
        record = endnote_record(1, ["Poole, D. C."], "1988", "Upper limit", isbn=held)
        found = citefields.parse(" ADDIN EN.CITE " + endnote([("Poole", "1988", 1, record)], "(Poole, 1988)"))
        assert found is not None and found.problem is None
        (item,) = found.items
        assert name in item.data and {"ISSN", "ISBN"} - {name} - set(item.data), held
        assert " ".join(item.data[name].split()) == " ".join(held.split())
    # Mendeley and Zotero have an ISSN field of their own: their ISBN is read as it stands
    item = csl_item("Poole", "1988", "Upper limit", ISBN="0014-0139")
    found = citefields.parse(mendeley([item], "(Poole, 1988)"))
    assert found is not None and found.items[0].data["ISBN"] == "0014-0139"


def test_an_older_endnotes_mdl_record_is_read_as_its_record() -> None:
    """EndNote before X wrote the record as `<MDL>` with upper-case elements."""
    mdl = (
        "<MDL><REFERENCE_TYPE>1</REFERENCE_TYPE><LABEL>472</LABEL><TITLE>Empire</TITLE>"
        "<AUTHORS><AUTHOR>Hardt,M</AUTHOR><AUTHOR>Negri,A.</AUTHOR></AUTHORS><YEAR>2001</YEAR>"
        "<PLACE_PUBLISHED>Cambridge, Mass</PLACE_PUBLISHED>"
        "<PUBLISHER>Harvard University Press</PUBLISHER></MDL>"
    )
    found = citefields.parse(
        " ADDIN EN.CITE " + endnote([("Hardt", "2001", 193, mdl)], "(Hardt & Negri, 2001)")
    )
    assert found is not None and found.problem is None
    (item,) = found.items
    assert item.data["author"] == [{"family": "Hardt", "given": "M"}, {"family": "Negri", "given": "A."}]
    assert (item.data["title"], item.data["issued"], item.data["type"]) == (
        "Empire",
        {"literal": "2001"},
        "book",
    )
    assert (item.data["publisher"], item.data["publisher-place"]) == (
        "Harvard University Press",
        "Cambridge, Mass",
    )
    assert item.identity == "EndNote::193"
    # an MDL without title or author is no record of a work: told, not guessed
    empty = endnote([("Hardt", "2001", 193, "<MDL><LABEL>472</LABEL></MDL>")], "(Hardt, 2001)")
    found = citefields.parse(" ADDIN EN.CITE " + empty)
    assert found is not None and found.problem == "its citation 1 holds no record of the work"


def test_a_zotero_2_citation_names_its_works_in_the_library_alone() -> None:
    """Zotero 2.x wrote `ADDIN ZOTERO_ITEM {json}` with each work's `uris` and no `itemData`:
    nothing to check, its text is typed text (as EndNote without records). Near miss: an item
    with neither data nor a place in a library is broken data (below)."""
    old = {
        "citationID": "U929WTFq",
        "properties": {"formattedCitation": "(2005)", "plainCitation": "(2005)"},
        "citationItems": [{"id": 1462, "uris": ["http://zotero.org/users/401864/items/UDAF6SS2"]}],
    }
    assert citefields.parse(" ADDIN ZOTERO_ITEM " + json.dumps(old)) is None
    old["citationItems"] = [{"id": 1462, "uri": ["http://zotero.org/users/401864/items/UDAF6SS2"]}]
    assert citefields.parse(" ADDIN ZOTERO_ITEM " + json.dumps(old)) is None
    mixed = {
        "citationItems": [*old["citationItems"], {"id": 2, "itemData": csl_item("Hardt", "2001", "Empire")}]
    }
    found = citefields.parse(" ADDIN ZOTERO_ITEM CSL_CITATION " + json.dumps(mixed))
    assert found is not None and found.problem == "its cited item 1 holds no data of the work"


def test_citavi_placeholders_hold_their_works() -> None:
    """Citavi's `ADDIN CitaviPlaceholder{base64}`: each entry's work, its page range and prefix;
    an author met again is a `$ref` to the first (Json.NET), read as that author."""
    code = citavi(
        [(["Bitzios", "Jack"], "2017", "Dissonance in food traceability"), (["Jack"], "2019", "Food fraud")],
        "Vgl. Bitzios et al. 2017; Jack 2019",
        pages="100-105",
    )
    found = citefields.parse(code)
    assert found is not None and found.problem is None and found.program == "Citavi"
    first, second = found.items
    assert first.data["author"] == [{"family": "Bitzios", "given": "A."}, {"family": "Jack", "given": "A."}]
    assert second.data["author"] == [{"family": "Jack", "given": "A."}]  # the `$ref`
    assert (first.data["title"], first.data["issued"], first.data["type"]) == (
        "Dissonance in food traceability",
        {"literal": "2017"},
        "article-journal",
    )
    assert (first.locator, first.label, first.prefix, first.data["container-title"]) == (
        "100-105",
        "page",
        "Vgl.",
        "Journal",
    )
    assert found.rendered == "Vgl. Bitzios et al. 2017; Jack 2019"
    # near misses: Citavi's data broken is told, never guessed
    for broken, problem in (
        (" ADDIN CitaviPlaceholder{%%%}", "its data is not base64"),
        (
            " ADDIN CitaviPlaceholder{" + base64.b64encode(b"{not json").decode() + "}",
            "its citation data is not JSON",
        ),
        (
            " ADDIN CitaviPlaceholder{" + base64.b64encode(b'{"Entries": []}').decode() + "}",
            "its citation data has no",
        ),
        (
            " ADDIN CitaviPlaceholder{"
            + base64.b64encode(b'{"Entries": [{"Reference": {"$ref": "9"}}]}').decode()
            + "}",
            "its cited work 1 holds no record",
        ),
    ):
        found = citefields.parse(broken)
        assert found is not None and found.problem is not None and found.problem.startswith(problem), broken
    assert citefields.parse(" ADDIN CitaviBibliography ") is None


def test_fields_of_no_reference_manager_and_their_lists() -> None:
    assert citefields.parse(' HYPERLINK "https://example.org" ') is None
    assert citefields.parse(" ADDIN EN.CITE.DATA ") is None
    assert citefields.parse(" PAGEREF _Ref1 \\h ") is None
    # EndNote without its records (no traveling library): nothing to check, its text is typed text
    assert citefields.parse(" ADDIN EN.CITE <EndNote><Cite><Author>Smith</Author></Cite></EndNote>") is None
    assert citefields.is_list(' ADDIN ZOTERO_BIBL {"uncited":[]} CSL_BIBLIOGRAPHY ')
    assert citefields.is_list("ADDIN Mendeley Bibliography CSL_BIBLIOGRAPHY")
    assert citefields.is_list(" ADDIN EN.REFLIST ")
    assert citefields.is_list("MENDELEY_BIBLIOGRAPHY")
    assert not citefields.is_list(" ADDIN ZOTERO_ITEM CSL_CITATION {} ")


def test_broken_data_is_a_problem_not_an_exception() -> None:
    cases = [
        " ADDIN ZOTERO_ITEM CSL_CITATION {not json} ",
        " ADDIN ZOTERO_ITEM CSL_CITATION ",
        ' ADDIN ZOTERO_ITEM CSL_CITATION {"citationItems": 5} ',
        ' ADDIN ZOTERO_ITEM CSL_CITATION {"citationItems": [{"id": 5}]} ',  # no item data
        " ADDIN ZOTERO_ITEM CSL_CITATION " + "[" * 100_000 + "{}" + "]" * 100_000,
        " ADDIN EN.CITE <EndNote><Cite><Author>x</Cite>",
        " ADDIN EN.CITE <EndNote><Cite><Author>x</Author><record/></Cite></EndNote>",
        ' ADDIN EN.CITE <!DOCTYPE EndNote [<!ENTITY a "b">]><EndNote><Cite><record/></Cite></EndNote>',
        "MENDELEY_CITATION_v3_%%%",
    ]
    for code in cases:
        found = citefields.parse(code)
        assert found is not None and found.problem, code
        assert found.items == ()
