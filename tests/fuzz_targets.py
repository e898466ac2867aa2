"""What the fuzz tests (tests/fuzz_test.py, a few hundred derandomised examples in CI) and the
long campaigns (scripts/fuzz.py) feed to every loader of claimcite: text made of each format's
own tokens, mixed with any text. A target takes one input and raises only on a bug: a loader
turns bad input into problems, and only the baseline and the config may stop the run (with a
ClaimciteError, which the command line prints as one error line)."""

from __future__ import annotations

import contextlib
import io
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from claimcite.config import Settings, load_config
from claimcite.engine import run
from claimcite.errors import ClaimciteError
from claimcite.files.contain import Area
from claimcite.load.baseline import load_baseline
from claimcite.load.bibtex import load_bibtex
from claimcite.load.claims import load_claims
from claimcite.load.csl import load_csl
from claimcite.load.documents import ShownPath
from claimcite.load.formats import load_document
from claimcite.load.fulltext import extract
from claimcite.load.tex import decode_latex, parse_names, surnames
from claimcite.pipeline import load_project
from claimcite.rules import ALL_RULES

NASTY = ["\x00", "\x1b[2J", "\r", "\r\n", "\f", "\t", "\u202e", "\u2028", "²", "١٢", "\ufeff", "é", "𝟏"]
BIBTEX = [
    "@article{", "@book(", "@string{", "@comment{", "@preamble{", "@misc{k,", "key,", "k2020,",
    "author = ", "editor = ", "title = ", "year = ", "pages = ", "month = ", "doi = ", "isbn = ",
    "file = ", "crossref = ", "{", "}", '"', "#", " and ", " AND ", ",", "=", "\\'e", "{\\c{c}}",
    "\\", "family=", "given=", "prefix=de", "jan", "2020", "12--34", "%", "\n", " ", "others",
    "von ", "Jr", "~", "$", "@",
]  # fmt: skip
YAML = [
    "claims:", "\n  - id: ", "id: ", "statement: ", "sources: ", "unsourced: ", "document: ",
    "bibliography: ", "key: ", "locator: ", "quote: ", "[", "]", "{", "}", "&a ", "*a", "&b ", "*b",
    "- ", "\n", "  ", ": ", ",", "'", '"', "!!binary ", "!!python/object ", "? ", "|\n", ">\n", "#",
    "# claimcite: ignore[unknown-key]", "null", "~", "2021-02-30", "1e999", "alpha2020", "p. 3",
    "---\n", "...\n", "%YAML 1.1\n",
]  # fmt: skip
CSL_YAML = [
    "references:", "\n- id: ", "type: ", "book", "article-journal", "title: ", "author: ",
    "family: ", "given: ", "literal: ", "issued: ", "date-parts: ", "[[2020]]", "page: ", "12-34",
    "DOI: ", "container-title: ", "\n  ", "[", "]", "{", "}", "&a ", "*a", ",", ": ", "'", '"',
    "2021-02-30", "9" * 50, "null",
]  # fmt: skip
MARKDOWN = [
    "[@", "@key", "@alpha2020", "]", "[", "(", ")", "[-@", "; ", "p. 3", "see ", "```", "~~~", "```{r}",
    "`", "<!--", "-->", "---\n", "\n", "\n\n", "    ", "> ", "* ", "1. ", "$", "$$", "\\", "{", "}",
    "nocite: ", "bibliography: ", "references.bib", "@fig-x", "#| fig-cap: ", "<div>", "</div>",
    "(Alpha, 2020)", "Alpha et al. (2020)", "# References\n", "Alpha, A. (2020). Title. J.\n",
]  # fmt: skip
LATEX = [
    "\\cite{", "\\citep[", "\\citet*{", "\\parencite[p.~3][", "\\textcite{", "\\nocite{*}", "]", "}",
    "{", "[", "\\input{", "\\include{", "inner}", "\\bibliography{", "\\addbibresource{",
    "references.bib}", "\\begin{verbatim}", "\\end{verbatim}", "\\begin{filecontents}{x.bib}",
    "\\end{filecontents}", "%", "\\%", "\\newcommand{\\mycite}[1]{\\cite{#1}}", "\\mycite{",
    "\\def\\x{", "\\verb|", "|", "\\\\", "\n", "alpha2020", ",", "\\usepackage[latin1]{inputenc}",
    "\\usepackage{mine}", "\\begin{thebibliography}{9}", "\\bibitem{", "\\end{thebibliography}",
]  # fmt: skip
PROSE = [
    "(", ")", "Alpha", "Beta", "et al.", "e.a.", "&", " and ", " en ", "2020", "2020a", "n.d.",
    "z.j.", "p. 12", "pp. 3-4", "blz. 5", ";", ",", "de ", "van ", "Koçak", "\n", "\f", ". ", "[", "]",
    "Literatuur\n", "References\n", "Alpha, A. (2020). ", "https://doi.org/10.1/x", "In ",
]  # fmt: skip
HTML = [
    "<p>",
    "</p>",
    "<script>",
    "</script>",
    "<style>",
    "<br>",
    "&amp;",
    "&#0;",
    "&#x110000;",
    "<",
    ">",
    "text",
    "\f",
]


def soup(tokens: list[str], max_size: int = 60) -> st.SearchStrategy[str]:
    """Text made of a format's tokens, now and then with any text between them."""
    pieces = st.one_of(st.sampled_from(tokens), st.sampled_from(NASTY), st.text(max_size=8))
    return st.lists(pieces, max_size=max_size).map("".join)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)
csl_item = st.fixed_dictionaries(
    {"id": st.one_of(st.text(max_size=6), st.integers(), json_values)},
    optional={
        key: json_values
        for key in ("type", "title", "author", "editor", "issued", "page", "DOI", "container-title", "ISBN")
    },
)
CSL_JSON = st.one_of(
    st.lists(csl_item, max_size=4).map(json.dumps),
    json_values.map(json.dumps),
    soup(['[{"id": "', '"', "}", "]", "{", ":", ",", '"title": ', "\\ud800", "9" * 40, "1e999", "NaN"]),
)


@dataclass(frozen=True)
class Target:
    """One thing to fuzz: a strategy for its input, and what to do with one input."""

    strategy: st.SearchStrategy[Any]
    feed: Callable[[Path, Any], object]


def _file(folder: Path, name: str, data: str | bytes) -> str:
    path = folder / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8", errors="surrogatepass")
    else:
        path.write_bytes(data)
    return str(path)


def _expected(feed: Callable[[], object]) -> None:
    """For the inputs that may stop a run: a ClaimciteError is the one error line it ends in."""
    with contextlib.suppress(ClaimciteError):
        feed()


def _document(suffix: str) -> Callable[[Path, Any], object]:
    def feed(folder: Path, text: str) -> object:
        _file(folder, "inner.tex", "\\cite{alpha2020} \\input{paper}\n")
        _file(folder, "mine.sty", "\\newcommand{\\mycite}{\\cite}\n")
        path = _file(folder, "paper" + suffix, text)
        return load_document(path, ShownPath(str(folder)), Area.of(str(folder)))

    return feed


def _whole_check(folder: Path, inputs: tuple[str, str, str]) -> None:
    """Bibliography, claim file and manuscript through loading, every rule and every report."""
    bib, claims, paper = inputs
    entry = "@misc{alpha2020, author = {Alpha, A}, title = {T}, year = 2020}\n"
    _file(folder, "references.bib", entry + bib)
    (folder / "claims").mkdir(exist_ok=True)
    _file(folder / "claims", "a.yaml", "document: paper.md\nclaims:\n  - id: x\n" + claims)
    for suffix in (".md", ".tex", ".txt"):
        _file(folder, "paper" + suffix, paper)
    (folder / "sources").mkdir(exist_ok=True)
    _file(folder / "sources", "alpha2020.txt", paper)
    paths = [str(folder / "claims"), *(str(folder / f"paper{s}") for s in (".md", ".tex", ".txt"))]
    result = run(load_project(Settings(root=str(folder), use_cache=False), paths), ALL_RULES)
    from claimcite.report import REPORTERS, How, reporter

    stream = io.StringIO()
    for output in REPORTERS:
        reporter(output)(result, stream, How(to_file=True))
    stream.getvalue().encode("utf-8")  # writable as UTF-8


def _in(folder: Path) -> Area:
    return Area.of(str(folder))


CONFIG = [
    "bibliography = ", "claims = ", "[", "]", '"', "{", "}", "=", "\n", "severity", ".", "fail_on = ",
    "max_file_mb = ", "1e9", "nan", "quote_match = ", "[tool.claimcite]\n",
]  # fmt: skip
BASELINE = ['{"schema": "claimcite/baseline/v1", "findings": [', "{", "}", "[", "]", ",", '"fingerprint": ']
NAMES = [*BIBTEX, "Smith, J.", "de la Fontaine", "{RIVM}", ", Jr"]


def _names(folder: Path, text: str) -> object:
    return parse_names.__wrapped__(text), surnames.__wrapped__(text), decode_latex.__wrapped__(text)


TARGETS: dict[str, Target] = {
    "bibtex": Target(soup(BIBTEX, 80), lambda f, text: load_bibtex(_file(f, "r.bib", text), "r.bib", _in(f))),
    "bibtex-bytes": Target(
        st.binary(max_size=300), lambda f, data: load_bibtex(_file(f, "r.bib", data), "r.bib", _in(f))
    ),
    "csl-json": Target(CSL_JSON, lambda f, text: load_csl(_file(f, "r.json", text), "r.json", _in(f))),
    "csl-yaml": Target(soup(CSL_YAML), lambda f, text: load_csl(_file(f, "r.yaml", text), "r.yaml", _in(f))),
    "claims": Target(soup(YAML, 80), lambda f, text: load_claims(_file(f, "c.yaml", text), "c.yaml", _in(f))),
    "markdown": Target(soup(MARKDOWN, 80), _document(".md")),
    "rmarkdown": Target(soup(MARKDOWN, 80), _document(".Rmd")),
    "latex": Target(soup(LATEX, 80), _document(".tex")),
    "text": Target(soup(PROSE, 80), _document(".txt")),
    "fulltext": Target(
        st.tuples(st.sampled_from([".txt", ".html", ".md"]), soup(HTML + PROSE)),
        lambda f, given: extract(_file(f, "f" + given[0], given[1])),
    ),
    "names": Target(soup(NAMES, 40), _names),
    "baseline": Target(
        st.one_of(soup(BASELINE), json_values.map(json.dumps)),
        lambda f, text: _expected(lambda: load_baseline(_file(f, "b.json", text), _in(f))),
    ),
    "config": Target(
        soup(CONFIG), lambda f, text: _expected(lambda: load_config(_file(f, "claimcite.toml", text), str(f)))
    ),
    "whole-check": Target(
        st.tuples(soup(BIBTEX, 30), soup(YAML, 30), soup(MARKDOWN + LATEX + PROSE, 40)), _whole_check
    ),
}


def folder_for(name: str) -> Path:
    """A fresh folder for one target's files (reused from one input to the next)."""
    path = Path(tempfile.mkdtemp(prefix=f"claimcite-fuzz-{name}-"))
    os.chmod(path, 0o700)
    return path


# Word documents: a body of the XML that Word and the reference managers write (fields begun,
# separated and ended in any order, tracked changes, notes, comments, content controls), and any
# bytes as a .docx; citation fields' instructions of every program, whole or broken.
_BEGIN, _SEPARATE, _END = (
    f'<w:r><w:fldChar w:fldCharType="{kind}"/></w:r>' for kind in ("begin", "separate", "end")
)
WORD = [
    "<w:r><w:t>Tekst (Alpha, 2020) en </w:t></w:r>", _BEGIN, _SEPARATE, _END, "</w:p><w:p>",
    '<w:r><w:instrText xml:space="preserve"> ADDIN ZOTERO_ITEM CSL_CITATION {"citationItems":'
    '[{"itemData":{"title":"T","author":[{"family":"Alpha"}],"issued":{"date-parts":[[2020]]}}}],'
    '"properties":{"plainCitation":"(Alpha, 2020)"}} </w:instrText></w:r>',
    '<w:r><w:instrText> ADDIN EN.CITE &lt;EndNote&gt;&lt;Cite&gt;&lt;record&gt;&lt;titles&gt;&lt;title&gt;T'
    "&lt;/title&gt;&lt;/titles&gt;&lt;/record&gt;&lt;/Cite&gt;&lt;/EndNote&gt;</w:instrText></w:r>",
    '<w:r><w:instrText> ADDIN ZOTERO_BIBL {"uncited":[]} CSL_BIBLIOGRAPHY </w:instrText></w:r>',
    '<w:del w:id="1" w:author="A"><w:r><w:delText>(Beta, 2019)</w:delText></w:r></w:del>',
    '<w:ins w:id="2" w:author="A"><w:r><w:t>(Alpha, 2020)</w:t></w:r></w:ins>',
    '<w:pPr><w:rPr><w:del w:id="3" w:author="A"/></w:rPr></w:pPr>',
    '<w:pPr><w:pStyle w:val="Heading1"/></w:pPr>', '<w:r><w:t>Literatuur</w:t></w:r>',
    '<w:commentRangeStart w:id="0"/>', '<w:commentRangeEnd w:id="0"/>',
    '<w:r><w:footnoteReference w:id="1"/></w:r>',
    '<w:sdt><w:sdtPr><w:tag w:val="MENDELEY_CITATION_v3_e30="/></w:sdtPr><w:sdtContent>',
    "</w:sdtContent></w:sdt>",
    '<w:fldSimple w:instr=" ADDIN ZOTERO_ITEM CSL_CITATION {}"><w:r><w:t>(x)</w:t></w:r></w:fldSimple>',
    "<w:r><w:tab/><w:br/></w:r>", "<w:tbl><w:tr><w:tc><w:p>", "</w:p></w:tc></w:tr></w:tbl>",
]  # fmt: skip
FIELD_CODES = [
    " ADDIN ZOTERO_ITEM CSL_CITATION ", " ADDIN CSL_CITATION ", "MENDELEY_CITATION_v3_", " ADDIN EN.CITE ",
    '{"citationItems":[', '{"itemData":', '{"family":"A"}', '"author":[', '"title":', '"issued":', "]", "}",
    ",", '"', "<EndNote>", "<Cite>", "<record>", "</record>", "</Cite>", "</EndNote>", "<title>", "</title>",
    '<!DOCTYPE x [<!ENTITY a "b">]>', "&a;", "Citation Key: k", "\n", "eyJ", "===",
]  # fmt: skip


def _word(folder: Path, body: str) -> object:
    from tests.docxmaker import package

    data = package("<w:p>" + body + "</w:p>")
    return load_document(_file(folder, "paper.docx", data), ShownPath(str(folder)), _in(folder))


def _fields(folder: Path, code: str) -> object:
    from claimcite.load import citefields

    return citefields.parse(code, code)


TARGETS["word"] = Target(soup(WORD, 60), _word)
TARGETS["word-bytes"] = Target(
    st.binary(max_size=400),
    lambda f, data: load_document(_file(f, "paper.docx", data), ShownPath(str(f)), _in(f)),
)
TARGETS["citation-fields"] = Target(soup(FIELD_CODES, 60), _fields)
