"""Full texts of sources, page by page: PDF (with page labels, the printed page numbers),
`.txt` (form feeds between pages), `.md`, `.html` (text only). Found through a bib entry's
`file` field (Zotero / Better BibTeX, JabRef, Mendeley) or `<key>.<ext>` in the full-text
folders; never opened outside the root. Extracted text is cached by the file's content hash.

PDFs are read with pypdfium2 (PDFium, the engine of Chrome's viewer): on the PDFs of the
tests and benchmarks it extracts the same text as pypdf, about three times as fast, joins
words hyphenated at a line end, and reads page labels.
"""

from __future__ import annotations

import atexit
import functools
import hashlib
import html.parser
import json
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from claimcite.files import read_bytes, unsettled, write_cache
from claimcite.files.contain import Area, Refused
from claimcite.load import pdfworker
from claimcite.match import normalize
from claimcite.model import FullText, Page, Source

EXTENSIONS = (".pdf", ".txt", ".md", ".markdown", ".html", ".htm")
CACHE_VERSION = 3
PDF_SECONDS = 60.0  # a PDF that takes longer is read up to there, and the finding says so
ZOTERO_BASE = "attachments:"  # Zotero's prefix of a path relative to its base folder
_UNESCAPED_SEMICOLON = re.compile(r"(?<!\\);")
_UNESCAPED_COLON = re.compile(r"(?<!\\):")


def file_field_paths(value: str) -> list[str]:
    """The paths in a `file` field: `path`, `description:path:type` (JabRef, Zotero), several
    separated by `;`, escaped colons (`C\\:\\\\Users`), Mendeley's `$\\backslash$`, and Zotero's
    `attachments:path` (kept whole: it is relative to Zotero's folder)."""
    value = value.replace("$\\backslash$", "\\").replace("{\\textbackslash}", "\\")
    paths: list[str] = []
    for part in _UNESCAPED_SEMICOLON.split(value):
        part = part.strip()
        if not part:
            continue
        pieces = _UNESCAPED_COLON.split(part)
        if pieces[0] == ZOTERO_BASE.rstrip(":") and len(pieces) >= 2:
            path = ZOTERO_BASE + pieces[1]  # attachments:path, or attachments:path:type
        elif len(pieces) >= 3:
            path = ":".join(pieces[1:-1])  # description:path:type, a path may hold a drive colon
        elif len(pieces) == 2 and len(pieces[0]) == 1 and pieces[0].isalpha():
            path = part  # C:/Users/...
        elif len(pieces) == 2:
            path = pieces[1] if "/" in pieces[1] or "." in pieces[1] else pieces[0]
        else:
            path = part
        path = path.replace("\\:", ":").replace("\\\\", "\\").strip()
        if path:
            paths.append(path)
    return paths


def inside(path: str, root: str) -> bool:
    """Whether `path`, links followed, lies inside `root`."""
    real, base = os.path.realpath(path), os.path.realpath(root)
    return os.path.commonpath([real, base]) == base


@dataclass(frozen=True, slots=True)
class Located:
    """Where a source's full text is, or why there is none to read."""

    path: str | None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class Places:
    """Where full texts may be read from: the root, the folders the user trusts
    (`fulltext_allow`), and the folder that Zotero's relative paths start from; `area` decides
    (the run's containment: those folders, links followed)."""

    root: str
    allowed: tuple[str, ...] = ()
    zotero_storage: str | None = None
    area: Area | None = None

    def readable(self, path: str) -> bool:
        area = self.area or Area.of(
            self.root, (*self.allowed, *([self.zotero_storage] if self.zotero_storage else []))
        )
        try:
            area.admit(path)
        except Refused:
            return False
        return True


@functools.lru_cache(maxsize=64)
def _listing(folder: str) -> frozenset[str]:
    try:
        return frozenset(os.listdir(folder))
    except OSError:
        return frozenset()


def _candidate(written: str, bib_folder: str, places: Places) -> str | None:
    """The path a `file` field names: `~` is the user's home; Zotero's `attachments:` paths, and
    relative paths that are not beside the bibliography, start at `zotero_storage`. None for an
    `attachments:` path when no `zotero_storage` is set."""
    storage = places.zotero_storage
    if written.startswith(ZOTERO_BASE):
        relative = written[len(ZOTERO_BASE) :].lstrip("/\\")
        return os.path.normpath(os.path.join(storage, relative)) if storage else None
    expanded = os.path.expanduser(written)
    if os.path.isabs(expanded):
        return os.path.normpath(expanded)
    path = os.path.normpath(os.path.join(bib_folder, expanded))
    if storage and not os.path.isfile(path):
        beside = os.path.normpath(os.path.join(storage, expanded))
        if os.path.isfile(beside):
            return beside
    return path


def _trust_hint(path: str) -> str:
    """How to let claimcite read `path`: list Zotero's storage folder, or the file's own."""
    parts = os.path.normpath(path).split(os.sep)
    for index in range(len(parts) - 1, 0, -1):
        if parts[index].casefold() == "storage" and parts[index - 1].casefold() == "zotero":
            folder = home_relative(os.sep.join(parts[: index + 1]))
            return f"to read Zotero's files, set fulltext_allow = [{folder!r}] in the config"
    folder = home_relative(os.path.dirname(path))
    return f"list its folder ({folder}) in fulltext_allow in the config if you trust it"


def home_relative(path: str) -> str:
    """`path` with the user's home written `~`, as people write it in a config."""
    home = os.path.expanduser("~")
    if home not in ("~", os.sep) and inside(path, home):
        relative = os.path.relpath(path, home)
        return "~" if relative == "." else "~/" + relative.replace(os.sep, "/")
    return path


def locate(source: Source, bib_folder: str, places: Places, folders: Iterable[str]) -> Located:
    """The first readable full text of `source`: its `file` field, then `<key>.<ext>` in `folders`.
    Nothing outside the root and the folders the user trusts is opened."""
    refused: str | None = None
    for written in file_field_paths(source.fields.get("file", "")):
        if "\0" in written:
            refused = refused or f"its file {written!r} holds a NUL character: not opened"
            continue
        path = _candidate(written, bib_folder, places)
        if path is None:
            refused = refused or (
                f"its file {written!r} is relative to Zotero's folder: set zotero_storage in the config"
            )
            continue
        if not places.readable(path):
            refused = f"its file field points outside the root ({written!r}): not opened; {_trust_hint(path)}"
            continue
        if not os.path.isfile(path):
            refused = refused or f"its file {written!r} does not exist"
            continue
        if path.lower().endswith(EXTENSIONS):
            return Located(path)
        refused = refused or f"its file {written!r} is not PDF, text, Markdown or HTML"
    for folder in folders:
        names = _listing(folder)
        for extension in EXTENSIONS:
            if source.key + extension not in names:
                continue
            path = os.path.join(folder, source.key + extension)
            if os.path.isfile(path):
                if places.readable(path):
                    return Located(path)
                refused = refused or f"{path!r} lies outside the root: not opened; {_trust_hint(path)}"
    return Located(
        None,
        refused or "no full text: no file field, and no <key>.pdf|.txt|.md|.html in the full-text folders",
    )


class _HTMLText(html.parser.HTMLParser):
    """The visible text of an HTML page: no script, style or head."""

    _SKIP = frozenset({"script", "style", "head", "noscript", "template", "svg"})
    _BLOCK = frozenset(
        {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self.depth += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self.depth:
            self.depth -= 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.depth:
            self.parts.append(data)


def _text_pages(text: str) -> list[Page]:
    return [Page(str(number), page) for number, page in enumerate(text.split("\f"), 1)]


_READER: list[pdfworker.Reader] = []  # the run's PDF worker, started for the first PDF


def _close_reader() -> None:
    while _READER:
        _READER.pop().close()


def _pdf_pages(path: str, seconds: float) -> tuple[list[Page], str | None, bool]:
    """The pages of a PDF, what went wrong, and whether they are the whole text: read in a
    worker process (a PDF that crashes PDFium or needs gigabytes costs only its own pages)."""
    if os.name == "posix":
        if not _READER:
            _READER.append(pdfworker.Reader())
            atexit.register(_close_reader)
        read, problem, complete = _READER[0].read(path, seconds)
    else:  # no select() on pipes: read here
        read, problem, complete = pdfworker.read_here(path, seconds)
    pages = [Page(label, text) for label, text in read]
    if pages and complete and not any(page.text.strip() for page in pages):
        return [], "the PDF has no text layer (a scan?): run OCR on it first", True
    return pages, problem, complete


def _extract(path: str, area: Area, seconds: float) -> tuple[list[Page], str | None, bool]:
    """The pages of the file at `path` (which `area` must admit), what went wrong if anything
    did, and whether the pages are the whole text (a partial text is never cached)."""
    lowered = path.lower()
    if lowered.endswith(".pdf"):
        area.admit(path)
        return _pdf_pages(path, seconds)
    text = read_bytes(path, area).decode("utf-8", errors="replace")
    if lowered.endswith((".html", ".htm")):
        parser = _HTMLText()
        parser.feed(text)
        parser.close()
        text = "".join(parser.parts)
    return _text_pages(text), None, True


def extract(path: str, *, seconds: float = PDF_SECONDS) -> tuple[list[Page], str | None]:
    """The pages of the file at `path`, and what went wrong if anything did."""
    pages, problem, _complete = _extract(path, Area.of(os.path.dirname(os.path.abspath(path))), seconds)
    return pages, problem


class Cache:
    """Extracted pages by the file's content hash, in a folder of the project (git-ignored),
    read and written only where `area` admits it (a cache folder that is a link out of the
    root is no cache)."""

    def __init__(self, folder: str | None, area: Area) -> None:
        self.folder = folder
        self.area = area

    def _path(self, digest: str) -> str | None:
        return os.path.join(self.folder, "fulltext", digest + ".json") if self.folder else None

    def get(self, digest: str) -> tuple[list[Page], str | None] | None:
        path = self._path(digest)
        if path is None or not os.path.isfile(path):
            return None
        try:
            data = json.loads(read_bytes(path, self.area).decode("utf-8"))
            if data.get("version") != CACHE_VERSION:
                return None
            return [Page(label, text, normal) for label, text, normal in data["pages"]], data.get("problem")
        except (OSError, ValueError, KeyError, TypeError, RecursionError):
            return None  # a broken cache entry is read again

    def put(self, digest: str, pages: list[Page], problem: str | None) -> None:
        path = self._path(digest)
        if path is None or self.folder is None:
            return
        # the normalised text too, so that a warm run does not normalise again
        listed = [[p.label, p.text, normalize(p.text)] for p in pages]
        data = {"version": CACHE_VERSION, "pages": listed, "problem": problem}
        write_cache(self.folder, path, json.dumps(data, ensure_ascii=False).encode("utf-8"), self.area)


def load_fulltext(
    source: Source,
    located: Located,
    shown: Callable[[str], str],
    cache: Cache,
) -> FullText:
    """The full text of `source` at `located`, from the cache when it has it. A file outside
    the root (in a folder the user trusts) is named from the home folder, or absolute."""
    if located.path is None:
        return FullText(source.key, None, (), located.reason)
    where = shown(located.path)
    if where == ".." or where.startswith("../"):
        where = home_relative(located.path)
    try:
        digest = hashlib.sha256(read_bytes(located.path, cache.area)).hexdigest()
    except OSError as error:
        return FullText(source.key, where, (), f"cannot read it: {error.strerror}")
    cached = cache.get(digest)
    if cached is None:
        try:
            pages, problem, complete = _extract(located.path, cache.area, PDF_SECONDS)
        except OSError as error:
            pages, problem, complete = [], f"cannot read it: {error.strerror}", True
        if complete:  # a text cut short is read again next time, never cached as whole
            cache.put(digest, pages, problem)
        else:
            unsettled()
        cached = (pages, problem)
    pages, problem = cached
    if not pages and problem is None:
        problem = "the file holds no text"
    return FullText(source.key, where, tuple(pages), problem)
