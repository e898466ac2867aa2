"""`--format html`: one self-contained page for the people who read a report before it is
published: the verdict and the counts, the claims ledger with the evidence of each claim, the
findings by file, and the documentation of each rule that found something.

The page loads nothing (its Content-Security-Policy allows no address at all, and only the one
script and style sheet it carries, by their hashes) and shows everything without JavaScript:
the script only adds the filters and the search box. Templates are Jinja2's, autoescaped, in
`report/templates/`; every string from the inputs also has its control characters and
direction marks shown as escapes, as in the other formats.
"""

from __future__ import annotations

import base64
import contextlib
import datetime
import functools
import hashlib
import os
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby, islice
from typing import TYPE_CHECKING, Any, TextIO

from claimcite import __version__
from claimcite.findings import Finding, Ledger, LedgerClaim, Passage, Result, Standing
from claimcite.model import QuoteComparison, QuoteWord, Severity, WordKind
from claimcite.report import How
from claimcite.report.safe import visible
from claimcite.rules import BY_NAME

if TYPE_CHECKING:
    import jinja2
    from markupsafe import Markup

_LETTERS = re.compile(r"\w")
SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.INFO)
STANDINGS = (Standing.PROBLEM, Standing.WARNINGS, Standing.BACKED, Standing.UNSOURCED)
# what HTML does not allow in text (html5lib calls them parse errors), beyond what `visible` shows
_NONCHARACTER = re.compile(
    "[\ufdd0-\ufdef"
    + "".join(chr(plane + 0xFFFE) + chr(plane + 0xFFFF) for plane in range(0x10000, 0x110000, 0x10000))
    + "]"
)


def shown(text: str) -> str:
    """Text from the inputs as the page shows it: control characters, direction marks and
    noncharacters as escapes (line ends kept); the template escapes the markup."""
    if text.isascii() and text.isprintable():  # the common case, at C speed
        return text
    if "\n" in text:
        return "\n".join(shown(line) for line in text.split("\n"))
    return _NONCHARACTER.sub(_escape, visible(text))


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


@dataclass(frozen=True, slots=True)
class Piece:
    """A stretch of a quote's passage: source text between words, or a word as compared."""

    kind: str  # "text", or a WordKind value: equal, changed, added, dropped, left-out, replaced, sic
    text: str  # as the source prints it ('' where the source has nothing)
    quote: str = ""  # as the quote writes it, where that differs


def pieces(comparison: QuoteComparison) -> list[Piece]:
    """The passage of a comparison cut into the stretches the page marks, in the source's order:
    the words the quote has where the source has none stand after the word before them."""
    placed: list[tuple[int, int, int, bool, QuoteWord]] = []  # start, order, end, in the source
    anchor = 0
    for order, word in enumerate(comparison.words):
        if word.span is not None:
            placed.append((word.span[0], order, word.span[1], True, word))
            anchor = word.span[1]
        else:
            placed.append((anchor, order, anchor, False, word))
    placed.sort(key=lambda item: (item[0], item[1]))
    out: list[Piece] = []
    position = 0
    passage = comparison.passage
    for start, _, end, spanned, word in placed:
        if not spanned:
            if start > position:
                out.append(Piece("text", passage[position:start]))
                position = start
            if out and out[-1].kind == word.kind.value and not out[-1].text:  # words added in a row
                out[-1] = Piece(word.kind.value, "", f"{out[-1].quote} {word.quote}")
                continue
            if out and not out[-1].text[-1:].isspace():
                out.append(Piece("text", " "))
            out.append(Piece(word.kind.value, "", word.quote))
            continue
        start = max(start, position)
        if start > position:
            out.append(Piece("text", passage[position:start]))
        if end > start:
            quote = word.quote if word.kind is not WordKind.EQUAL else ""
            out.append(Piece(word.kind.value, passage[start:end], quote))
            position = end
    if position < len(passage):
        out.append(Piece("text", passage[position:]))
    return _joined(out)


def _joined(found: list[Piece]) -> list[Piece]:
    """Equal words with only spaces or punctuation between them as one stretch, and a space after
    words the quote has where the source has none."""
    out: list[Piece] = []
    for piece in found:
        if out and not out[-1].text and out[-1].kind != "text" and _LETTERS.match(piece.text or piece.quote):
            out.append(Piece("text", " "))
        if piece.kind == "equal" and out and out[-1].kind == "equal":
            out[-1] = Piece("equal", out[-1].text + piece.text)
        elif (
            piece.kind == "equal"
            and len(out) >= 2
            and out[-1].kind == "text"
            and out[-2].kind == "equal"
            and not _LETTERS.search(out[-1].text)
        ):
            gap = out.pop()
            out[-1] = Piece("equal", out[-1].text + gap.text + piece.text)
        else:
            out.append(piece)
    return out


def marked(passage: Passage) -> list[tuple[str, str]]:
    """A manuscript sentence as (class, text) stretches: '' for text, a class for a citation."""
    out: list[tuple[str, str]] = []
    position = 0
    for mark in passage.marks:
        if mark.start > position:
            out.append(("", passage.text[position : mark.start]))
        out.append((mark.kind, passage.text[mark.start : mark.end]))
        position = mark.end
    if position < len(passage.text):
        out.append(("", passage.text[position:]))
    return out


def spaced(left: str, right: str) -> bool:
    """Whether a space stands between two stretches of a source: not before punctuation that
    closes, nor after punctuation that opens."""
    return bool(left and right) and not (right[0] in ".,;:!?)]}’”'»" or left[-1] in "([{‘“«")


def pages(comparison: QuoteComparison) -> str:
    if not comparison.page:
        return ""
    if comparison.page == comparison.last_page or not comparison.last_page:
        return f"p. {comparison.page}"
    return f"pp. {comparison.page}–{comparison.last_page}"


def report_date() -> str:
    """Today (UTC), or the day SOURCE_DATE_EPOCH names: a report made again from the same
    inputs with it set is the same, byte for byte (reproducible-builds.org)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    moment = datetime.datetime.now(datetime.timezone.utc)
    if epoch.isdigit():
        with contextlib.suppress(OverflowError, OSError, ValueError):  # a date Python cannot hold
            moment = datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc)
    return moment.date().isoformat()


@functools.lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    import jinja2
    from markupsafe import Markup

    def finalize(value: object) -> object:
        if value is None:
            return ""
        if isinstance(value, str) and not isinstance(value, Markup):
            return shown(value)
        return value

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("claimcite.report", "templates"),
        autoescape=True,
        finalize=finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.globals.update(pieces=pieces, marked=marked, pages=pages, spaced=spaced)
    return environment


@functools.lru_cache(maxsize=64)
def rule_doc(name: str) -> Markup:
    """A rule's documentation (what `claimcite explain` prints) as HTML: the rule's own text,
    no input in it; headings one level down, code blocks with the file they stand for."""
    from markdown_it import MarkdownIt
    from markdown_it.common.utils import escapeHtml
    from markupsafe import Markup

    parser = MarkdownIt("commonmark", {"html": False})

    def fence(renderer: Any, tokens: Any, index: int, options: Any, env: Any) -> str:
        token = tokens[index]
        title = re.search(r'title="([^"]*)"', token.info)
        head = f'<div class="code-title">{escapeHtml(title.group(1))}</div>' if title else ""
        return f"{head}<pre><code>{escapeHtml(token.content)}</code></pre>\n"

    parser.add_render_rule("fence", fence)
    tokens = parser.parse(BY_NAME[name].doc)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = "h4"
    return Markup(parser.renderer.render(tokens, parser.options, {}))  # the rules' own text, no input in it


def _digest(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


@functools.lru_cache(maxsize=1)
def _assets() -> tuple[str, str]:
    environment = _environment()
    loader = environment.loader
    assert loader is not None
    style = loader.get_source(environment, "report.css")[0]
    script = loader.get_source(environment, "report.js")[0]
    return style, script


@dataclass(frozen=True, slots=True)
class Row:
    """A finding as the page lists it (plain strings: the page lists thousands)."""

    severity: str
    rule: str
    code: str
    message: str
    where: str  # path:line:col
    file: int  # the number of its file in the file filter
    claim: str | None  # the claim's id, where the ledger shows that claim
    anchor: str | None  # ... and its anchor

    @staticmethod
    def of(finding: Finding, file: int, anchor: str | None) -> Row:
        claim = finding.claim if anchor is not None else None
        return Row(
            finding.severity.value,
            finding.rule,
            finding.code,
            finding.message,
            finding.location.position,
            file,
            claim,
            anchor,
        )


@dataclass(frozen=True, slots=True)
class ClaimView:
    claim: LedgerClaim
    standing: str
    label: str
    rules: str  # the rules of its findings, for the rule filter
    files: str  # the numbers of its files (claim file, manuscript, findings), for the file filter
    rows: list[Row]


@dataclass(frozen=True, slots=True)
class FileView:
    path: str
    rows: list[Row]  # the findings not shown with a claim
    with_claims: int  # the findings of this file shown with their claims


def _views(
    result: Result, claims: Iterable[LedgerClaim]
) -> tuple[list[ClaimView], list[FileView], dict[str, int]]:
    """The claims and the files as the page lists them, and the number of each file in the
    file filter. A finding about a claim of the ledger stands with that claim; the others
    stand with their file."""
    claims = list(claims)
    files_of = []
    for claim in claims:
        own = {claim.location.path, *(f.path for f in claim.findings)}
        if claim.passage is not None:
            own.add(claim.passage.location.path)
        files_of.append(own)
    paths = {f.path for f in result.findings}.union(*files_of)
    file_index = {path: index for index, path in enumerate(sorted(paths))}
    anchors: dict[str, str] = {}
    for claim in claims:
        if claim.id is not None:
            anchors.setdefault(claim.id, claim.anchor)
    rows = {
        id(f): Row.of(f, file_index[f.path], anchors.get(f.claim) if f.claim is not None else None)
        for f in result.findings
    }
    views = []
    with_claims: set[int] = set()
    for claim, own in zip(claims, files_of, strict=True):
        views.append(
            ClaimView(
                claim,
                claim.standing.value,
                claim.standing.label,
                " ".join(dict.fromkeys(f.rule for f in claim.findings)),
                " ".join(str(file_index[path]) for path in sorted(own)),
                [rows[id(f)] for f in claim.findings],
            )
        )
        with_claims.update(id(f) for f in claim.findings)
    files = []
    for path, group in groupby(result.findings, key=lambda f: f.path):  # sorted by path
        found = list(group)
        listed = [rows[id(f)] for f in found if id(f) not in with_claims]
        files.append(FileView(path, listed, len(found) - len(listed)))
    return views, files, file_index


def render(result: Result, stream: TextIO, how: How) -> None:
    """Write the page of `result`; its claims ledger, where it has one (`--format html` builds
    it), is the heart of the page."""
    from markupsafe import Markup

    ledger: Ledger | None = result.ledger
    claims = ledger.claims if ledger is not None else ()
    views, files, file_index = _views(result, claims)
    failing = 0
    if ledger is not None and ledger.fail_on != "never":
        threshold = Severity(ledger.fail_on).rank
        failing = sum(1 for f in result.findings if f.severity.rank >= threshold)
    per_rule = Counter((f.rule, f.code, f.severity) for f in result.findings)
    named = sorted({f.rule for f in result.findings}, key=lambda name: BY_NAME[name].code)
    style, script = _assets()
    csp = (
        f"default-src 'none'; style-src '{_digest(style)}'; script-src '{_digest(script)}'; "
        "img-src 'none'; form-action 'none'; base-uri 'none'"
    )
    context = {
        "result": result,
        "summary": result.summary,
        "ledger": ledger,
        "claims": views,
        "failing": failing,
        "version": __version__,
        "date": report_date(),
        "rules": sorted(per_rule.items(), key=lambda item: (-item[1], item[0][1])),
        "files": files,
        "file_index": file_index,
        "named": named,
        "docs": {name: rule_doc(name) for name in named},
        "by_name": BY_NAME,
        "standings": Counter(claim.standing for claim in claims),
        "STANDINGS": STANDINGS,
        "SEVERITIES": SEVERITIES,
        "style": Markup(style),  # the package's own style sheet
        "script": Markup(script),  # the package's own script
        "csp": csp,
    }
    chunks = _environment().get_template("report.html.j2").generate(context)
    while True:
        block = "".join(islice(chunks, 4096))  # fewer, larger writes
        if not block:
            break
        stream.write(block)
