"""The table of input formats (pre-commit's all_languages.py is the pattern): one row each, and
one module per format that holds its reader (`read`), imported when a file of the format is first
read. The rows drive which reader reads a path (by its suffix, the first row that claims it), the
messages and the command line's help that list suffixes, the comment syntax of suppressions and
whether `fix` edits the files. Importing the table imports no reader, so `claimcite --help` names
the suffixes from it. docs/formats.md says how to add a format."""

from __future__ import annotations

from typing import TYPE_CHECKING

from claimcite.load.format import BibliographyFormat, ClaimsFormat, Comment, Format, Manuscript, Role

if TYPE_CHECKING:
    from claimcite.files.contain import Area
    from claimcite.load.documents import LoadedDocument, ShownPath

_HTML = Comment("<!--", "-->")

# In order: a path is read by the first row whose suffixes it ends with (a `.yaml` named on the
# command line is a claim file, not CSL-YAML).
FORMATS: tuple[Format, ...] = (
    # YAML read with its line numbers
    ClaimsFormat(
        name="claims",
        suffixes=(".yaml", ".yml"),
        comment=Comment("#"),
        reader="claimcite.load.formats.claims",
    ),
    # BibTeX and biblatex, read with pybtex; also the bibliography whose suffix no row claims
    BibliographyFormat(
        name="bibtex",
        suffixes=(".bib", ".bibtex"),
        comment=Comment("%"),
        reader="claimcite.load.formats.bibtex",
    ),
    # CSL-JSON and CSL-YAML (Zotero, pandoc): a `.yaml` named with `--bib`, in the config or a front matter
    BibliographyFormat(
        name="csl",
        suffixes=(".json", ".yaml", ".yml"),
        named=2,
        comment=None,
        citeproc=True,
        reader="claimcite.load.formats.csl",
    ),
    Manuscript(
        name="markdown",
        suffixes=(".md", ".markdown"),
        comment=_HTML,
        reader="claimcite.load.formats.markdown",
    ),
    Manuscript(
        name="rmarkdown",
        suffixes=(".qmd", ".Rmd", ".Rmarkdown"),
        named=2,
        comment=_HTML,
        reader="claimcite.load.formats.rmarkdown",
    ),
    Manuscript(
        name="latex", suffixes=(".tex", ".ltx"), comment=Comment("%"), reader="claimcite.load.formats.latex"
    ),
    Manuscript(
        name="text", suffixes=(".txt", ".text"), comment=None, reader="claimcite.load.formats.plaintext"
    ),
    # suppressions are Word comments on the cited span, which its reader reads: no comment syntax
    Manuscript(
        name="word",
        suffixes=(".docx", ".docm"),
        comment=None,
        # a zip of XML that Word and reference managers own
        unfixable="a Word document: fix does not edit .docx files; change it in Word",
        reader="claimcite.load.formats.word",
    ),
)


def format_of(path: str) -> Format | None:
    """The format of a path named on the command line, by its suffix."""
    return next((row for row in FORMATS if row.matches(path)), None)


def manuscript_format(path: str) -> Manuscript | None:
    """The format of a path named as a manuscript (a claim file's `document:`, config `documents`)."""
    return next((row for row in FORMATS if isinstance(row, Manuscript) and row.matches(path)), None)


def bibliography_format(path: str) -> BibliographyFormat:
    """The format of a path named as a bibliography (--bib, config, front matter, `\\bibliography`):
    BibTeX unless another bibliography format claims its suffix."""
    rows = [row for row in FORMATS if isinstance(row, BibliographyFormat)]
    return next((row for row in rows if row.matches(path)), next(row for row in rows if row.name == "bibtex"))


def claims_format() -> ClaimsFormat:
    return next(row for row in FORMATS if isinstance(row, ClaimsFormat))


def named_suffixes(role: Role, *, as_argument: bool = False) -> list[str]:
    """The suffixes that messages and help name for `role`; `as_argument`: only those that a
    path named on the command line is read by (a `.yaml` there is a claim file)."""
    return [
        suffix
        for row in FORMATS
        if row.role is role
        for suffix in row.suffixes[: row.named]
        if not as_argument or format_of(suffix) is row
    ]


def either(items: list[str]) -> str:
    """`a, b or c`."""
    return f"{', '.join(items[:-1])} or {items[-1]}" if len(items) > 1 else "".join(items)


def what_is_read() -> str:
    """`a claim file (.yaml), a bibliography (.bib, .json) or a manuscript (.md, ...)`."""
    return either([f"{role.value} ({', '.join(named_suffixes(role, as_argument=True))})" for role in Role])


def paths_help() -> str:
    """The command line's help for PATH."""

    def listed(role: Role) -> str:
        return " ".join(named_suffixes(role, as_argument=True))

    return (
        f"Claim files ({listed(Role.CLAIMS)}) or folders of them, manuscripts ({listed(Role.MANUSCRIPT)}), "
        f"bibliographies ({listed(Role.BIBLIOGRAPHY)}). Default: claims/ and the manuscripts it names."
    )


def bib_help() -> str:
    """The command line's help for --bib."""
    return (
        f"Bibliography ({' '.join(named_suffixes(Role.BIBLIOGRAPHY))}); repeat for several. "
        "Default: references.bib."
    )


def load_document(
    path: str, shown_of: ShownPath, area: Area, *, with_sentences: bool = True
) -> LoadedDocument:
    """Read the manuscript at `path` in the format its suffix names (plain text when none does);
    its sentences only when asked for (a claim file names it). Files it names (bibliographies,
    `\\input`) are read only where `area` admits them. OSError propagates for the main file."""
    from claimcite.load.documents import LoadedDocument
    from claimcite.load.reader import Reading

    row = manuscript_format(path) or next(
        r for r in FORMATS if isinstance(r, Manuscript) and r.name == "text"
    )
    shown = shown_of(path)
    document = LoadedDocument(shown, row.name, files=[shown], with_sentences=with_sentences)
    return row.read(path, Reading(document, shown_of, area, row.comment))
