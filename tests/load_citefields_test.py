"""The citation fields of Zotero, Mendeley and EndNote, read into items."""

from __future__ import annotations

import base64
import json

from claimcite.load import citefields
from tests.docxmaker import csl_item, endnote, endnote_record, mendeley, zotero

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
