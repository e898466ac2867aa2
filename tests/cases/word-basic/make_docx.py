"""Make rapport.docx from page.txt (page 38 of the Movisie report that comes with claimcite) as
a report author who cites with Zotero would have it: python-docx for the document, and the XML
that Word and Zotero write for what python-docx has no call for (fields, a tracked deletion, a
footnote).

In the text of page.txt, `{zotero:KEY,KEY|shown}` stands for a Zotero citation field citing
those works and showing `shown` (`{zotero:KEY|shown|rendered}`: one whose text Zotero rendered
as `rendered` and the author then edited by hand), `{deleted:text}` for text deleted with track
changes on, and `{footnote:text}` for a footnote holding `text` (which may hold a field itself). The works are
CSL items as Zotero embeds them, with the facts the page gives (authors, year) and a title
where the page names the work.

Run: python make_docx.py (python-docx installed); it writes rapport.docx beside itself.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from xml.sax.saxutils import escape

import docx
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import parse_xml

HERE = Path(__file__).parent
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
WORKS = {
    "bruijn2018": (["Bruijn", "Friedel"], "2018", "Onafhankelijke cliëntondersteuning in het sociaal domein"),
    "hulshof2021": (
        ["Hulshof", "Smit", "Vries"],
        "2021",
        "Onafhankelijke cliëntondersteuning: een verkenning",
    ),
    "houtzager2021": (["Houtzager", "Verbeek"], "2021", "Rapport parlementair onderzoek naar discriminatie"),
    "kocak2016": (["Koçak", "Jonkman"], "2016", "Sociale wijkteams en diversiteit"),
}
PLACEHOLDER = re.compile(r"\{(zotero|deleted|footnote):((?:[^{}]|\{[^{}]*\})*)\}")


def run(text: str, tag: str = "t") -> str:
    return f'<w:r><w:{tag} xml:space="preserve">{escape(text)}</w:{tag}></w:r>'


def zotero_field(keys: list[str], shown: str, rendered: str) -> str:
    """A Zotero citation field: begin, `ADDIN ZOTERO_ITEM CSL_CITATION {json}`, separate, the text
    it shows, end (the shape in Zotero's integration code and in the documents it writes)."""
    items = []
    for number, key in enumerate(keys, 1):
        families, year, title = WORKS[key]
        items.append(
            {
                "id": number,
                "uris": [f"http://zotero.org/users/local/movisie/items/{key.upper()}"],
                "itemData": {
                    "id": number,
                    "type": "report",
                    "title": title,
                    "author": [{"family": family, "given": ""} for family in families],
                    "issued": {"date-parts": [[year]]},
                },
            }
        )
    data = {
        "citationID": "cit" + "".join(k[:2] for k in keys),
        "properties": {"formattedCitation": rendered, "plainCitation": rendered, "noteIndex": 0},
        "citationItems": items,
        "schema": "https://github.com/citation-style-language/schema/raw/master/csl-citation.json",
    }
    code = " ADDIN ZOTERO_ITEM CSL_CITATION " + json.dumps(data, ensure_ascii=False) + " "
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        + run(code, "instrText")
        + '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        + run(shown)
        + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def inline(text: str, notes: list[str]) -> str:
    """The XML of a paragraph's content, its placeholders made into fields, deletions, notes."""
    out: list[str] = []
    position = 0
    for match in PLACEHOLDER.finditer(text):
        if match.start() > position:
            out.append(run(text[position : match.start()]))
        kind, body = match.groups()
        if kind == "zotero":
            keys, shown, *rendered = body.split("|")
            out.append(zotero_field(keys.split(","), shown, rendered[0] if rendered else shown))
        elif kind == "deleted":
            out.append(
                '<w:del w:id="1" w:author="Redactie" w:date="2024-03-01T10:00:00Z">'
                + run(body, "delText")
                + "</w:del>"
            )
        else:
            notes.append(inline(body, notes))
            mark = '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            out.append(f'<w:r>{mark}<w:footnoteReference w:id="{len(notes)}"/></w:r>')
        position = match.end()
    out.append(run(text[position:]))
    return "".join(out)


def main() -> None:
    document = docx.Document()
    body = document.element.body
    for paragraph in list(
        body.iterchildren("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p")
    ):
        body.remove(paragraph)
    notes: list[str] = []
    for block in (HERE / "page.txt").read_text(encoding="utf-8").split("\n\n"):
        text = " ".join(block.split())
        if not text:
            continue
        if text.startswith("# "):
            document.add_heading(text[2:], level=2)
            continue
        body.insert(len(body) - 1, parse_xml(f"<w:p {W}>{inline(text, notes)}</w:p>"))
    separators = (
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p>'
        "</w:footnote>"
    )
    footnotes = "".join(
        f'<w:footnote w:id="{number}"><w:p><w:r><w:footnoteRef/></w:r>{run(" ")}{content}</w:p></w:footnote>'
        for number, content in enumerate(notes, 1)
    )
    part = XmlPart(
        PackURI("/word/footnotes.xml"),
        CONTENT_TYPE.WML_FOOTNOTES,
        parse_xml(f"<w:footnotes {W}>{separators}{footnotes}</w:footnotes>"),
        document.part.package,
    )
    document.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
    document.core_properties.author = "claimcite word-basic"
    document.save(str(HERE / "rapport.docx"))


if __name__ == "__main__":
    main()
