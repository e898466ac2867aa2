"""Word manuscripts end to end: citation fields as citations, their works as the bibliography or
resolved against one, typed citations, places as paragraphs, comments as suppressions, claims
against a Word document, and files that are no Word document."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema

from tests.docxmaker import (
    Maker,
    bookmark,
    citavi,
    csl_item,
    deleted,
    endnote,
    endnote_field,
    endnote_record,
    field,
    mendeley,
    mendeley_cite_control,
    run,
    with_custom_properties,
    zotero,
)

from .conftest import SHARED, Run, write_project

HULSHOF = csl_item(["Hulshof", "Smit", "Vries"], "2021", "Onafhankelijke cliëntondersteuning")
KOCAK = csl_item(["Koçak", "Jonkman"], "2016", "Discriminatie in de sport", doi="10.5117/mem2016.1.koca")
BRUIJN = csl_item(["Bruijn", "Friedel"], "2018", "Mantelzorg en migratie")

BIB = """\
@techreport{hulshof2021,
  author = {Hulshof, Anne and Smit, Jan and de Vries, Pim},
  title = {Onafhankelijke cli{\\"e}ntondersteuning},
  institution = {Movisie},
  year = {2021}
}
@article{kocak2016,
  author = {Ko{\\c{c}}ak, Sinan and Jonkman, Harrie},
  title = {Discriminatie in de sport},
  journal = {Mens en Maatschappij},
  year = {2016},
  doi = {10.5117/MEM2016.1.KOCA}
}
@book{bruijn2018,
  author = {de Bruijn, Els and Friedel, Ana},
  title = {Mantelzorg en migratie},
  publisher = {Boom},
  year = {2018}
}
"""

Cli = Callable[..., Run]


def _zotero(item: dict[str, Any], shown: str, **cited: Any) -> str:
    return field(zotero([{"itemData": item, **cited}], shown), shown)


def _report(root: Path, maker: Maker, name: str = "report.docx") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    maker.save(str(root / name))
    return root


def _basic() -> Maker:
    maker = Maker()
    maker.heading("Inleiding")
    maker.paragraph(
        "Cliëntondersteuning bereikt mensen met een migratieachtergrond minder vaak ",
        _zotero(HULSHOF, "(Hulshof et al., 2021)"),
        ".",
    )
    maker.paragraph("Taal is een drempel in de sport ", _zotero(KOCAK, "(Koçak & Jonkman, 2016)"), ".")
    return maker


def test_fields_are_the_bibliography_when_none_is_named(tmp_path: Path, cli: Cli) -> None:
    maker = _basic()
    maker.paragraph("Mantelzorgers worden minder bereikt (Hulshof et al., 2021).")  # typed, of a field's work
    root = _report(tmp_path, maker)
    run = cli("check", "report.docx", "--format", "json", cwd=root)
    assert run.status == 0, run.out
    assert run.findings() == []  # no unused-entry, missing-field or parse-error for the fields' works
    listed = json.loads(cli("citations", "report.docx", "--format", "json", cwd=root).out)["citations"]
    assert [(c["syntax"], c["line"], c["resolved"]) for c in listed] == [
        ("field", 2, "hulshof2021"),
        ("field", 3, "kocak2016"),
        ("author-year", 4, "hulshof2021"),
    ]


def test_a_reference_managers_bibliography_is_neither_prose_nor_a_typed_list(
    tmp_path: Path, cli: Cli
) -> None:
    maker = _basic()  # no heading above the list: the field alone says what it is
    entries = [
        "Hulshof, A., Smit, J., & Vries, P. de. (2021). Onafhankelijke cliëntondersteuning.",
        "Weg, W. (2019).",
    ]
    paragraphs = "".join(f"<w:p>{run(text)}</w:p>" for text in entries)
    maker.body(  # Mendeley Cite's: a content control around the list, the last thing in the body
        f'<w:sdt><w:sdtPr><w:tag w:val="MENDELEY_BIBLIOGRAPHY"/></w:sdtPr><w:sdtContent>{paragraphs}'
        "</w:sdtContent></w:sdt>"
    )
    root = _report(tmp_path, maker)
    assert cli("check", "report.docx", "--format", "json", cwd=root).findings() == []
    listed = json.loads(cli("citations", "report.docx", "--format", "json", cwd=root).out)["citations"]
    assert [c["line"] for c in listed] == [2, 3]  # none in the list


def _bibliography_field(items: list[str], after: list[str]) -> str:
    """Mendeley Desktop's bibliography: a complex field from the first item's paragraph to the
    start of the paragraph after the last (as Word keeps it when a line is typed after it)."""
    begin = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">'
        "ADDIN Mendeley Bibliography CSL_BIBLIOGRAPHY </w:instrText></w:r>"
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    )
    end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    paragraphs = [f"<w:p>{begin if n == 0 else ''}{run(text)}</w:p>" for n, text in enumerate(items)]
    paragraphs += [f"<w:p>{end if n == 0 else ''}{run(text)}</w:p>" for n, text in enumerate(after)]
    return "".join(paragraphs)


def test_items_typed_by_hand_in_and_after_a_bibliography_field_are_its_list(tmp_path: Path, cli: Cli) -> None:
    """Authors type items into a reference manager's bibliography (a web page, a talk) and after
    its end: they stand in the document's reference list, and typed citations of them resolve.
    Near misses: an item the program rendered from a field's work is that work (no second
    entry, so no ambiguity); a citation of a work in no list is still unresolved; prose after
    the list is still prose."""
    maker = Maker()
    maker.paragraph(
        "Weeds resist ", field(mendeley([KOCAK], "(Koçak & Jonkman 2016)"), "(Koçak & Jonkman 2016)"), "."
    )
    maker.paragraph("Resistance to ALS inhibitors is common (Heap 2018a; Koçak & Jonkman 2016).")
    maker.paragraph("Volatility was studied by Young et al. (2017) and by Mueller (2017).")
    maker.heading("References")
    items = [
        "Heap I (2018a) Weeds resistant to ALS inhibitors. http://www.weedscience.org. Accessed: 2018",
        "Koçak S, Jonkman H (2016) Discriminatie in de sport. Mens en Maatschappij 91:1-20",
    ]
    after = [
        "Young BG, Farrell S, Bradley KW, Steckel L (2017) University research on dicamba volatility. "
        "Weed Technol 31:1",
        "",
    ]
    maker.body(_bibliography_field(items, after))
    maker.heading("Figures")
    maker.paragraph("Figure 1 repeats the survey of Mueller (2017).")
    root = _report(tmp_path, maker)
    listed = json.loads(cli("citations", "report.docx", "--format", "json", cwd=root).out)["citations"]
    assert [(c["authors"][0], c["year"], c["resolved"]) for c in listed if c["syntax"] != "field"] == [
        ("Heap", "2018a", "heap2018a"),
        ("Koçak", "2016", "kocak2016"),
        ("Young", "2017", "young2017"),
        ("Mueller", "2017", None),
        ("Mueller", "2017", None),
    ]
    checked = cli("check", "report.docx", "--format", "json", cwd=root)
    assert [(f["rule"], f["line"]) for f in checked.findings() if f["severity"] == "error"] == [
        ("unresolved-citation", 3),
        ("unresolved-citation", 10),
    ]
    assert not checked.findings("ambiguous-citation")


def test_a_numbered_bibliography_fields_items_are_no_works_typed_by_hand(tmp_path: Path, cli: Cli) -> None:
    """A numbered style's items (`1. Kristensen K, ... 2015.`, `[2] ...`) and text read as no
    name (`Federal Register 64(56):14307 (2005)`) in a bibliography field add no work; an item
    typed by hand in the author's own style does."""
    items = [
        "1. Kristensen K, Nielsen A, Berg CW. TMB: Automatic differentiation. arXiv. (2015)",
        "[2] Team RC (2013) R: A language and environment for statistical computing.",
        "Federal Register 64(56):14307-14328 (2005) Endangered and threatened species.",
    ]
    sources = []
    for typed in ([], ["Heap I (2018a) Weeds resistant to ALS inhibitors."]):
        maker = Maker()
        maker.paragraph("Resistance ", field(zotero([KOCAK], "[3]"), "[3]"), ".")
        maker.body(_bibliography_field(items + typed, ["Table 1. Results"]))
        root = _report(tmp_path / str(len(typed)), maker)
        checked = json.loads(cli("check", "report.docx", "--format", "json", cwd=root).out)
        sources.append(checked["summary"]["sources"])
    assert sources == [1, 2]


def test_a_typed_list_in_a_bibliography_style_ends_with_it(tmp_path: Path, cli: Cli) -> None:
    """As pandoc, Word and the reference managers set a list: what follows it is no item; where
    no paragraph is so set, the section runs on and the colophon is an item that cannot be read."""
    for style, expected in (("Bibliography", []), (None, [("unparsed-reference", 4)])):
        maker = Maker()
        maker.paragraph("Het bereik is lager (Hulshof et al., 2021).")
        maker.heading("Literatuur")
        item = "Hulshof, A., Smit, J., & Vries, P. de (2021). Onafhankelijke cliëntondersteuning."
        maker.paragraph(item, style=style)
        maker.paragraph("Laatst gewijzigd op 20 oktober, versie 66d4de6")
        run = cli("check", "report.docx", "--format", "json", cwd=_report(tmp_path / str(style), maker))
        assert [(f["rule"], f["line"]) for f in run.findings()] == expected


def test_a_typed_citation_of_a_work_no_field_holds(tmp_path: Path, cli: Cli) -> None:
    maker = _basic()
    maker.paragraph("Mantelzorg weegt zwaar (Bruijn & Friedel, 2018).")
    run = cli("check", "report.docx", "--format", "json", cwd=_report(tmp_path, maker))
    (found,) = run.findings("unresolved-citation")
    assert (found["line"], found["excerpt"]) == (4, "Mantelzorg weegt zwaar (Bruijn & Friedel,…")


def test_items_resolve_by_citation_key_then_doi_then_title_year_and_first_author(
    tmp_path: Path, cli: Cli
) -> None:
    keyed = {**BRUIJN, "title": "Another title altogether", "citation-key": "bruijn2018"}
    by_doi = {**KOCAK, "title": "Sport en discriminatie"}  # another title: the DOI decides
    by_title = {**HULSHOF, "title": "Onafhankelijke clientondersteuning"}  # no key, no DOI
    missing = csl_item(["Hulshof"], "2021", "Een heel ander rapport")  # same author and year, other work
    maker = Maker()
    maker.paragraph("Een ", _zotero(keyed, "(Bruijn & Friedel, 2018)"), ".")
    maker.paragraph("Twee ", _zotero(by_doi, "(Koçak & Jonkman, 2016)"), ".")
    maker.paragraph("Drie ", _zotero(by_title, "(Hulshof et al., 2021)"), ".")
    maker.paragraph("Vier ", _zotero(missing, "(Hulshof, 2021)"), ".")
    root = _report(tmp_path, maker)
    write_project(root, {"references.bib": BIB})
    listed = json.loads(cli("citations", "report.docx", "--format", "json", cwd=root).out)["citations"]
    assert [c["resolved"] for c in listed] == ["bruijn2018", "kocak2016", "hulshof2021", None]
    run = cli("check", "report.docx", "--format", "json", cwd=root)
    (found,) = run.findings("unresolved-citation")
    assert found["line"] == 4 and "Hulshof (2021) fits no entry" in found["message"]
    assert not run.findings("unused-entry")


def test_an_item_with_a_key_the_bibliography_lacks_is_unresolved(tmp_path: Path, cli: Cli) -> None:
    other = csl_item(["Okafor"], "2017", "Language barriers", **{"citation-key": "okafor2017"})
    maker = Maker()
    maker.paragraph("Taal ", _zotero(other, "(Okafor, 2017)"), ".")
    root = _report(tmp_path, maker)
    write_project(root, {"references.bib": BIB})
    run = cli("check", "report.docx", "--bib", "references.bib", "--format", "json", cwd=root)
    assert [f["line"] for f in run.findings("unresolved-citation")] == [1]
    assert not run.findings("unknown-key")


def test_mendeley_and_endnote_fields_are_citations_too(tmp_path: Path, cli: Cli) -> None:
    record = endnote_record(3, ["Koçak, Sinan", "Jonkman, Harrie"], "2016", "Discriminatie in de sport")
    maker = Maker()
    maker.paragraph(
        "Een ", field(mendeley([HULSHOF], "(Hulshof et al., 2021)"), "(Hulshof et al., 2021)"), "."
    )
    maker.paragraph("Twee ", mendeley_cite_control([BRUIJN], "(Bruijn & Friedel, 2018)"), ".")
    cite = endnote([("Koçak", "2016", 3, record)], "(Koçak & Jonkman, 2016)")
    maker.paragraph("Drie ", endnote_field(cite, "(Koçak & Jonkman, 2016)", encoded=True), ".")
    root = _report(tmp_path, maker)
    write_project(root, {"references.bib": BIB})
    listed = json.loads(cli("citations", "report.docx", "--format", "json", cwd=root).out)["citations"]
    assert [(c["syntax"], c["resolved"]) for c in listed] == [
        ("field", "hulshof2021"),
        ("field", "bruijn2018"),
        ("field", "kocak2016"),
    ]
    assert cli("check", "report.docx", cwd=root).status == 0


def test_endnote_data_written_on_both_begins_is_read_once(tmp_path: Path, cli: Cli) -> None:
    """EndNote X7-X9 write a long citation's record in base64 on the begin of `ADDIN EN.CITE`
    and again on the nested `ADDIN EN.CITE.DATA`: one citation of the record, no parse error,
    whatever the length of the data (padded with `=` or not). Near miss: the record in the
    instruction, beside it, reads alike."""
    maker = Maker()
    for number, (author, title) in enumerate((("Keir", "Exercise intensity"), ("Poole", "Upper limit")), 1):
        record = endnote_record(number, [f"{author}, J."], "2015", title)
        for pad in range(3):  # three lengths of data: each remainder of base64's groups of 3
            cite = endnote([(author, "2015", number, record + " " * pad)], f"({author}, 2015)")
            maker.paragraph(
                "Measured ", endnote_field(cite, f"({author}, 2015)", encoded=True, both=True), "."
            )
    plain = endnote_record(3, ["Hill, D."], "2016", "Critical power")
    maker.paragraph(
        "Typed ", endnote_field(endnote([("Hill", "2016", 3, plain)], "(Hill, 2016)"), "(Hill, 2016)")
    )
    root = _report(tmp_path, maker)
    listed = json.loads(cli("citations", "report.docx", "--format", "json", cwd=root).out)["citations"]
    assert [(c["syntax"], c["authors"][0]) for c in listed] == [
        *[("field", "Keir")] * 3,
        *[("field", "Poole")] * 3,
        ("field", "Hill"),
    ]
    checked = cli("check", "report.docx", "--format", "json", cwd=root)
    assert not checked.findings("parse-error")


def test_an_endnote_journals_issn_in_its_isbn_field_is_its_issn(tmp_path: Path, cli: Cli) -> None:
    """EndNote keeps a journal's ISSN in its one ISBN/ISSN field: no advice to move it to an
    issn field EndNote lacks, but a wrong check digit is still told. Mendeley has an ISSN
    field: an ISSN in its ISBN field is still told to move."""
    maker = Maker()
    for number, (author, isbn) in enumerate(
        (("Poole", "0014-0139 (Print)\r0014-0139 (Linking)"), ("Jones", "1179-2036")), 1
    ):
        record = endnote_record(number, [f"{author}, D."], "1988", f"Work of {author}", isbn=isbn)
        cite = endnote([(author, "1988", number, record)], f"({author}, 1988)")
        maker.paragraph("Shown ", endnote_field(cite, f"({author}, 1988)", encoded=True, both=True), ".")
    item = csl_item("Whipp", "1996", "Domains of exercise", ISBN="0014-0139")
    maker.paragraph("And ", field(mendeley([item], "(Whipp, 1996)"), "(Whipp, 1996)"), ".")
    root = _report(tmp_path, maker)
    messages = [
        f["message"]
        for f in cli("check", "report.docx", "--format", "json", cwd=root).findings("malformed-field")
    ]
    assert len(messages) == 2, messages
    assert "ISSN '1179-2036' is not valid" in messages[0]
    assert "isbn '0014-0139' looks like an ISSN" in messages[1]


def test_older_endnote_and_zotero_fields(tmp_path: Path, cli: Cli) -> None:
    """An older EndNote's `<MDL>` records are works of the document like any field's; a Zotero
    2.x field names its works by their place in the user's library alone: its text is read as
    typed text (with the name before it, as the field shows the year alone), no parse error."""
    mdl = (
        "<MDL><REFERENCE_TYPE>1</REFERENCE_TYPE><TITLE>Empire</TITLE><AUTHORS><AUTHOR>Hardt,M</AUTHOR>"
        "<AUTHOR>Negri,A.</AUTHOR></AUTHORS><YEAR>2001</YEAR></MDL>"
    )
    old = {
        "citationID": "U929WTFq",
        "properties": {"formattedCitation": "(2001)", "plainCitation": "(2001)"},
        "citationItems": [
            {"id": 14, "uris": ["http://zotero.org/users/4/items/UDAF6SS2"], "suppress-author": True}
        ],
    }
    maker = Maker()
    cite = endnote([("Hardt", "2001", 193, mdl)], "(Hardt & Negri, 2001)")
    maker.paragraph("See ", endnote_field(cite, "(Hardt & Negri, 2001)"), ".")
    maker.paragraph(
        "As Hardt and Negri ", field(" ADDIN ZOTERO_ITEM " + json.dumps(old) + " ", "(2001)"), " argue."
    )
    root = _report(tmp_path, maker)
    listed = json.loads(cli("citations", "report.docx", "--format", "json", cwd=root).out)["citations"]
    assert [(c["syntax"], c["authors"], c["resolved"]) for c in listed] == [
        ("field", ["Hardt", "Negri"], "hardt2001"),
        ("author-year", ["Hardt", "Negri"], "hardt2001"),
    ]
    assert cli("check", "report.docx", cwd=root).status == 0


def test_a_citavi_field_in_a_footnote_is_a_citation(tmp_path: Path, cli: Cli) -> None:
    maker = Maker()
    code = citavi(
        [(["Bitzios", "Jack", "Xu"], "2017", "Dissonance in food traceability")], "Vgl. Bitzios u. a. 2017"
    )
    note = maker.note("footnote", field(code, "Vgl. Bitzios u. a. 2017, S. 100"), ".")
    maker.paragraph("Rückverfolgbarkeit ist lückenhaft.", note)
    root = _report(tmp_path, maker)
    listed = json.loads(cli("citations", "report.docx", "--format", "json", cwd=root).out)["citations"]
    assert [(c["syntax"], c["authors"], c["year"], c["resolved"]) for c in listed] == [
        ("field", ["Bitzios"], "2017", "bitzios2017")
    ]
    assert cli("check", "report.docx", cwd=root).status == 0


def test_a_deleted_citation_is_gone_and_a_footnote_is_a_paragraph_after_the_body(
    tmp_path: Path, cli: Cli
) -> None:
    maker = _basic()
    note = maker.note("footnote", "Zie ook ", _zotero(BRUIJN, "(Bruijn & Friedel, 2018)"), ".")
    gone = csl_item(["Weg"], "2019", "Geschrapt")
    maker.paragraph("Geschrapt", deleted(_zotero(gone, "(Weg, 2019)")), " en (Weg, 2019) ook.", note)
    root = _report(tmp_path, maker)
    listed = json.loads(cli("citations", "report.docx", "--format", "json", cwd=root).out)["citations"]
    assert [(c["line"], c["text"]) for c in listed][-2:] == [
        (4, "(Weg, 2019)"),  # typed, and not deleted: it stays
        (5, "(Bruijn & Friedel, 2018)"),  # the footnote, after the 4 paragraphs of the body
    ]
    assert "Weg" not in {c["authors"][0] for c in listed if c["syntax"] == "field"}


def test_places_name_the_paragraph_and_its_first_words(tmp_path: Path, cli: Cli) -> None:
    maker = _basic()
    maker.paragraph(
        "Een veranderde tekst ", field(zotero([HULSHOF], "(Hulshof et al., 2021)"), "(Hulshof, 2020)")
    )
    root = _report(tmp_path, maker)
    terminal = cli("check", "report.docx", cwd=root)
    assert 'report.docx:¶4 "Een veranderde tekst (Hulshof, 2020)"' in terminal.out
    sarif = json.loads(cli("check", "report.docx", "--format", "sarif", cwd=root).out)
    (location,) = sarif["runs"][0]["results"][0]["locations"]
    assert location["physicalLocation"]["region"] == {"startLine": 4, "startColumn": 22}
    assert location["message"]["text"] == 'paragraph 4: "Een veranderde tekst (Hulshof, 2020)"'
    schema = SHARED / "schemas" / "sarif-schema-2.1.0.json"
    if schema.is_file():  # the official schema, where ../shared has it
        jsonschema.Draft4Validator(json.loads(schema.read_text(encoding="utf-8"))).validate(sarif)
    (found,) = cli("check", "report.docx", "--format", "json", cwd=root).findings("field-text-edited")
    assert (found["line"], found["column"]) == (4, 22)
    listed = cli("citations", "report.docx", cwd=root).out
    assert 'report.docx:¶2 "Cliëntondersteuning bereikt mensen met een…"' in listed
    records = json.loads(cli("citations", "report.docx", "--format", "json", cwd=root).out)["citations"]
    assert records[-1]["excerpt"] == "Een veranderde tekst (Hulshof, 2020)"


def test_field_text_edited_fires_on_names_and_years_not_on_added_words(tmp_path: Path, cli: Cli) -> None:
    rendered = "(Hulshof et al., 2021)"
    maker = Maker()
    for shown in ("(Hulshof et al., 2021, p. 12)", "(zie Hulshof e.a., 2021)", "(Smit et al., 2021)"):
        maker.paragraph("Tekst ", field(zotero([HULSHOF], rendered), shown), ".")
    kept = zotero([HULSHOF], rendered, dontUpdate=True)
    maker.paragraph("Bewaard ", field(kept, "(Hulshof et al., 2019)"), ".")
    run = cli("check", "report.docx", "--format", "json", cwd=_report(tmp_path, maker))
    found = run.findings("field-text-edited")
    assert [f["line"] for f in found] == [3, 4]
    assert "lacks Hulshof" in found[0]["message"] and "Zotero will replace the edit" in found[0]["message"]
    assert "shows 2019" in found[1]["message"] and "Zotero keeps the edit" in found[1]["message"]


def test_a_word_comment_suppresses_on_the_span_it_is_anchored_on(tmp_path: Path, cli: Cli) -> None:
    edited = field(zotero([HULSHOF], "(Hulshof et al., 2021)"), "(Hulshof, 2020)")
    maker = _basic()
    maker.paragraph("Hier ", maker.comment("claimcite: ignore[field-text-edited]", edited), ".")
    maker.paragraph(
        "Daar ", maker.comment("claimcite: ignore[field-text-edited]", "<w:r><w:t>tekst</w:t></w:r>")
    )
    maker.paragraph(
        "En ", edited, " ", maker.comment("claimcite: ignore[field-text-edited]", "<w:r><w:t>na</w:t></w:r>")
    )
    run = cli("check", "report.docx", "--format", "json", cwd=_report(tmp_path, maker))
    assert [f["line"] for f in run.findings("field-text-edited")] == [6]  # the comment stands after it
    assert [f["line"] for f in run.findings("unused-suppression")] == [5, 6]


def test_fix_does_not_edit_a_word_document(tmp_path: Path, cli: Cli) -> None:
    root = _report(tmp_path, _basic())
    before = (root / "report.docx").read_bytes()
    run = cli("fix", "report.docx", cwd=root)
    assert "report.docx: a Word document: fix does not edit .docx files" in run.err
    assert (root / "report.docx").read_bytes() == before


def test_claims_against_a_word_document(tmp_path: Path, cli: Cli) -> None:
    root = _report(tmp_path, _basic())
    claims = """\
    document: report.docx
    claims:
      - id: reach
        statement: Cliëntondersteuning bereikt mensen met een migratieachtergrond minder vaak.
        sources: [hulshof2021]
      - id: language
        statement: Taal is een drempel in de sport.
        sources: [hulshof2021]
      - id: absent
        statement: Vrijwilligers in de sport melden discriminatie zelden bij de bond.
        sources: [kocak2016]
    """
    write_project(root, {"claims/a.yaml": claims, "references.bib": BIB})
    run = cli("check", "--format", "json", cwd=root)
    assert [f["claim"] for f in run.findings("claim-not-in-document")] == ["absent"]
    (differs,) = run.findings("citation-differs")
    assert differs["claim"] == "language" and "kocak2016" in differs["message"]


def _zip(members: dict[str, bytes]) -> bytes:
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return stream.getvalue()


def test_files_that_are_no_word_document_are_parse_errors(tmp_path: Path, cli: Cli) -> None:
    good = _basic().bytes()
    bomb = _zip(
        {
            "_rels/.rels": b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>',
            "word/document.xml": b"<w:document>" + b" " * 50_000_000,
        }
    )
    files = {
        "corrupt.docx": good[: len(good) // 3],
        "locked.docx": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + bytes(504)
        + "EncryptedPackage".encode("utf-16-le"),
        "sheet.docx": _zip({"xl/workbook.xml": b"<workbook/>", "[Content_Types].xml": b"<Types/>"}),
        "bomb.docx": bomb,
        "text.docx": b"Just text (Hulshof et al., 2021).",
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    run = cli("check", *files, "--format", "json", cwd=tmp_path)
    assert run.status == 1 and "Traceback" not in run.err
    messages = {f["path"]: f["message"] for f in run.findings("parse-error")}
    assert set(messages) == set(files)
    assert "damaged" in messages["corrupt.docx"]
    assert "password-protected" in messages["locked.docx"]
    assert "Excel" in messages["sheet.docx"]
    assert "zip bomb" in messages["bomb.docx"]
    assert "not a Word document" in messages["text.docx"]


def test_a_list_set_in_a_bibliography_style_without_a_heading_is_the_list(tmp_path: Path, cli: Cli) -> None:
    """pandoc's Word output (`--citeproc`, no `# References` in the source) sets its list in the
    `Bibliography` style under no heading: that is the document's list. Near misses: a typed
    citation of a work the list lacks is still unresolved, and with no paragraph so set the
    document has no list (and no bibliography: exit 2)."""
    for style in ("Bibliography", None):
        maker = Maker()
        maker.heading("Introduction")
        maker.paragraph("Rodents are reservoirs (Han et al., 2015; Tricco & Lillie, 2018; Okafor, 2017).")
        maker.paragraph(
            "Han, B. A., Schmidt, J. P., & Bowden, S. E. (2015). Rodent reservoirs. PNAS, 112, 1.",
            style=style,
        )
        maker.paragraph(
            "Tricco, A. C., & Lillie, E. (2018). PRISMA-ScR. Annals, 169(7), 467–473.", style=style
        )
        root = _report(tmp_path / str(style), maker)
        run = cli("check", "report.docx", "--format", "json", cwd=root)
        if style is None:
            assert run.status == 2 and "no bibliography" in run.err
            continue
        assert [(f["rule"], f["line"]) for f in run.findings()] == [("unresolved-citation", 2)], run.out
        listed = json.loads(cli("citations", "report.docx", "--format", "json", cwd=root).out)["citations"]
        assert [c["resolved"] for c in listed] == ["han2015", "tricco2018", None]


def test_a_bibliography_fields_paragraphs_are_the_list_of_typed_citations(tmp_path: Path, cli: Cli) -> None:
    """Citations typed (or unlinked) beside a reference manager's bibliography field: the
    field's paragraphs are the document's list. Near miss: a typed citation of a work the list
    lacks is still unresolved."""
    items = ["Koçak, S., & Jonkman, H. (2016). Discriminatie in de sport. Mens en Maatschappij, 91, 1–20."]
    maker = Maker()
    maker.paragraph("Taal is een drempel (Koçak & Jonkman, 2016). Ook elders (Okafor, 2017).")
    maker.body(_bibliography_field(items, [""]))
    run = cli("check", "report.docx", "--format", "json", cwd=_report(tmp_path, maker))
    assert [(f["rule"], f["line"], f["column"]) for f in run.findings()] == [("unresolved-citation", 1, 58)]


def test_a_list_ends_where_an_appendix_or_the_figure_captions_begin(tmp_path: Path, cli: Cli) -> None:
    """Word authors type `Appendix 1` or `Figure captions:` as a body paragraph after the list:
    no item follows it. Near miss: an item before them that cannot be read is still reported,
    and an author whose name begins like a caption word (`Tableau, P.`) is an item."""
    maker = Maker()
    maker.paragraph("Anxiety rose (Sheeks & Birchmeier, 2007; Tableau, 2001).")
    maker.paragraph("References")
    maker.paragraph(
        "Sheeks, M. S., & Birchmeier, Z. P. (2007). Shyness. CyberPsychology & Behavior, 10(1), 64–70."
    )
    maker.paragraph("Tableau, P. (2001). Tables and chairs. Wiley.")
    maker.paragraph("Zie ook de website van de gemeente.")
    for text in (
        "Appendix 1",
        "Pre-prepared words and phrases",
        "Figure captions:",
        "Figure 1. Observations of",
    ):
        maker.paragraph(text)
    run = cli("check", "report.docx", "--format", "json", cwd=_report(tmp_path, maker))
    assert [(f["rule"], f["line"]) for f in run.findings()] == [("unparsed-reference", 5)], run.out


def test_an_item_cut_in_two_paragraphs_is_one_item(tmp_path: Path, cli: Cli) -> None:
    """papaja's Word output puts the end of an item in a paragraph of its own: it is the rest of
    the item, not an item that cannot be read. Near misses: an item without a date that opens
    with names, and a note after a complete item, are still reported."""
    maker = Maker()
    maker.paragraph("Equivalence (Blume et al., 2018; Rogers et al., 1993; Wellek, 2010; Meyners, 2012).")
    maker.heading("References")
    for text in (
        "Blume, J. D., McGowan, L., Dupont, W. D., & Greevy, R. A. (2018).",
        "Second-generation p-values: Improved rigor. PLOS ONE, 13 (3), e0188299.",
        "Rogers, J. L., Howard, K. I., & Vessey, J. T. (1993). Using significance tests to evaluate",
        "equivalence between two experimental groups. Psychological Bulletin, 113 (3), 553–565.",
        "Wellek, S. (2010). Testing statistical hypotheses of equivalence (2nd ed.).",
        "Boca Raton: CRC Press.",
        "Meyners, M. (2012). Equivalence tests review. Food Quality and Preference, 26 (2), 231–245.",
        "Eve, Martin Paul, Pynchon and Philosophy. Palgrave MacMillan.",
        "Laatst gewijzigd op 20 oktober, versie 66d4de6",
    ):
        maker.paragraph(text)
    run = cli("check", "report.docx", "--format", "json", cwd=_report(tmp_path, maker))
    assert [(f["rule"], f["line"]) for f in run.findings()] == [
        ("unparsed-reference", 10),
        ("unparsed-reference", 11),
    ], run.out


def test_zotero_bookmark_mode_is_a_citation_field(tmp_path: Path, cli: Cli) -> None:
    """Zotero's bookmark mode: a bookmark `ZOTERO_BREF_<id>` around the citation's text, its
    instruction in the document's custom properties, cut in pieces of 255 characters. Near
    misses: a bookmark of Word's own (`_Toc...`) is no citation, and a Zotero bookmark whose
    properties are gone leaves its text as typed text (unresolved against the fields' works)."""
    herman = csl_item(["Herman"], "2013", "Gravity's Rainbow, domination, and freedom")
    code = zotero([{"itemData": herman}], "(Herman, 2013)").strip()
    assert code.startswith("ADDIN ")
    instruction = code[len("ADDIN ") :]
    pieces = {
        f"ZOTERO_BREF_Qn4GT8zw9lOx_{n + 1}": instruction[at : at + 255]
        for n, at in enumerate(range(0, len(instruction), 255))
    }
    assert len(pieces) > 1
    maker = Maker()
    maker.paragraph(
        "Document with Zotero bookmark mode ", bookmark("ZOTERO_BREF_Qn4GT8zw9lOx", 0, "(Herman, 2013)"), "."
    )
    maker.paragraph("A heading mark ", bookmark("_Toc1234", 1, "(Koçak & Jonkman, 2016)"), ".")
    maker.paragraph("Gone ", bookmark("ZOTERO_BREF_Zz9", 2, "(Bruijn & Friedel, 2018)"), ".")
    root = tmp_path
    (root / "report.docx").write_bytes(with_custom_properties(maker.bytes(), pieces))
    listed = json.loads(cli("citations", "report.docx", "--format", "json", cwd=root).out)["citations"]
    assert [(c["syntax"], c["line"], c["resolved"]) for c in listed] == [
        ("field", 1, "herman2013"),
        ("author-year", 2, None),
        ("author-year", 3, None),
    ]


def test_pandocs_bookmarks_name_the_items_of_its_list(tmp_path: Path, cli: Cli) -> None:
    """pandoc writes a bookmark `ref-KEY` before each item of its rendered list: the items stand
    under those keys. Near miss: where one item's bookmark is a hash (pandoc's for a long key),
    the keys are derived as for a typed list."""
    items = [
        ("ref-R-forcats", "Wickham, Hadley. 2023a. Forcats. https://forcats.tidyverse.org."),
        ("ref-R-stringr", "Wickham, Hadley. 2023b. Stringr. https://stringr.tidyverse.org."),
    ]
    for hashed, expected in ((False, ["R-forcats", "R-stringr"]), (True, ["wickham2023a", "wickham2023b"])):
        maker = Maker()
        maker.paragraph("We used forcats (Wickham 2023a) and stringr (Wickham 2023b).")
        body = ""
        for number, (name, text) in enumerate(items):
            name = "Xa547d0041921bd9d178e897e49a26321247f4e3" if hashed and number else name
            body += (
                f'<w:bookmarkStart w:id="{number + 9}" w:name="{name}"/>'
                f'<w:p><w:pPr><w:pStyle w:val="Bibliography"/></w:pPr>{run(text)}</w:p>'
                f'<w:bookmarkEnd w:id="{number + 9}"/>'
            )
        maker.body(body)
        root = _report(tmp_path / str(hashed), maker)
        listed = json.loads(cli("citations", "report.docx", "--format", "json", cwd=root).out)["citations"]
        assert [c["resolved"] for c in listed] == expected
        assert cli("check", "report.docx", "--format", "json", cwd=root).findings() == []


def test_a_numbered_pandoc_list_is_no_rendered_author_year_list(tmp_path: Path, cli: Cli) -> None:
    """A numbered style's list as pandoc writes it in Word, `ref-KEY` bookmarks and all: its items
    give no year after the authors, so it is no author-year list to read (no unparsed-reference
    for each item); the document's numbered citations are not checked as author-year ones."""
    maker = Maker()
    maker.paragraph("Hypothermia raises risk [1,2].")
    body = ""
    for number, text in enumerate(
        [
            "1. Frank SM, Fleisher LA, Breslow MJ: Perioperative maintenance of normothermia. JAMA 1997.",
            "2. Kurz A, Sessler DI, Lenhardt R: Perioperative normothermia. N Engl J Med 1996.",
        ]
    ):
        body += (
            f'<w:bookmarkStart w:id="{number + 9}" w:name="ref-key{number}"/>'
            f'<w:p><w:pPr><w:pStyle w:val="Bibliography"/></w:pPr>{run(text)}</w:p>'
            f'<w:bookmarkEnd w:id="{number + 9}"/>'
        )
    maker.body(body)
    run_ = cli("check", "report.docx", "--format", "json", cwd=_report(tmp_path, maker))
    assert run_.findings("unparsed-reference") == []


def test_a_table_of_sources_after_the_list_cites_them(tmp_path: Path, cli: Cli) -> None:
    """A table after the reference list (Elsevier asks for tables at the end) with a column of
    sources written without parentheses: its cells cite the works (no unused-entry for them, an
    unresolved one for a work not in the list), and its column heading `Reference` is no second
    reference list. Near misses: a cell of prose with a year, a cell already in parentheses."""
    maker = Maker()
    maker.paragraph("Sterols trace sewage (Adnan et al., 2012).")
    maker.heading("References")
    maker.paragraph(
        "Adnan, N.H., Zakaria, M.P., Juahir, H., 2012. Faecal sterols. J. Env. Sci. 24, 1600–1608."
    )
    maker.paragraph(
        "Sherwin, M.R., Van Vleet, E.S., Fossato, V.U., 1993. Coprostanol in Venice. Mar. Poll. 26, 501–507."
    )
    maker.paragraph("Volkman, J.K., 2005. Sterols and triterpenoids. Org. Geochem. 36, 139–159.")
    maker.paragraph("Table 2. Coprostanol in sediments throughout the world.")
    maker.table(
        [
            ["Location", "Range", "Reference"],
            ["Venice Lagoon, Italy", "< 1-41", "Sherwin et al., 1993"],
            ["Langat River", "Sampled in 2019 by boat", "(Volkman, 2005)"],
            ["Lake Ontario", "2-9", "Missing & Other, 2001"],
        ]
    )
    run_ = cli("check", "report.docx", "--format", "json", cwd=_report(tmp_path, maker))
    assert run_.findings("unused-entry") == []
    assert [f["message"].split(" fits")[0] for f in run_.findings("unresolved-citation")] == [
        "Missing & Other (2001)"
    ]
    listing = cli("citations", "report.docx", "--format", "json", cwd=tmp_path)
    assert sorted(c["resolved"] or "-" for c in listing.report["citations"]) == [
        "-", "adnan2012", "sherwin1993", "volkman2005"
    ]  # fmt: skip
