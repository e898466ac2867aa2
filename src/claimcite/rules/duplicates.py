"""One work under two keys: the same DOI, or a near-identical title, year and first author."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from rapidfuzz import fuzz, process

from claimcite.load.names import doi_key, fold, name_key, source_year
from claimcite.load.tex import decode_latex, surnames
from claimcite.model import Project, Severity, Source
from claimcite.options import Options
from claimcite.rules.base import Violation, rule

TITLE_CUTOFF = 95.0  # rapidfuzz ratio of the folded titles: near-identical, not merely alike
_DISTINCT = ("edition", "volume", "number", "pages", "part")


def title_key(source: Source) -> str:
    return fold(decode_latex(source.fields.get("title", "")))


def _first_author(source: Source) -> str:
    names = source.names.get("author") or source.names.get("editor") or ""
    found = surnames(names)
    return name_key(found[0]) if found else ""


_TYPE_ALIASES = {
    "conference": "inproceedings",
    "techreport": "report",
    "electronic": "online",
    "www": "online",
}


_NUMBER = re.compile(r"\d+")
# Types whose work is known by where it lives: two packages or pages with one title and two
# addresses (`github.com/x/lmisc`, `github.com/x/LNmisc`) are two works.
_KNOWN_BY_URL = frozenset({"manual", "software", "online", "misc", "dataset"})
_URL_PREFIX = re.compile(r"^(?:https?://)?(?:www\.)?", re.IGNORECASE)


def url_key(value: str) -> str:
    """A URL as it compares: without scheme, `www.` and a trailing slash."""
    return _URL_PREFIX.sub("", value.strip()).rstrip("/")


def _distinct(a: Source, b: Source) -> bool:
    """Two works, even with one title: another edition, volume, number or part, another DOI,
    or another kind of publication (a preprint as @article and the paper as @inproceedings)."""
    if _TYPE_ALIASES.get(a.type, a.type) != _TYPE_ALIASES.get(b.type, b.type):
        return True
    if _NUMBER.findall(a.fields.get("title", "")) != _NUMBER.findall(b.fields.get("title", "")):
        return True  # `Part 1` and `Part 2`, `Report 2019` and `Report 2020`
    doi_a, doi_b = a.fields.get("doi", "").strip(), b.fields.get("doi", "").strip()
    if doi_a and doi_b and doi_key(doi_a) != doi_key(doi_b):
        return True
    url_a, url_b = a.fields.get("url", "").strip(), b.fields.get("url", "").strip()
    kinds = {_TYPE_ALIASES.get(a.type, a.type), _TYPE_ALIASES.get(b.type, b.type)}
    if url_a and url_b and kinds <= _KNOWN_BY_URL and url_key(url_a) != url_key(url_b):
        return True
    for name in _DISTINCT:
        left, right = a.fields.get(name, "").strip(), b.fields.get(name, "").strip()
        if (left or right) and fold(left) != fold(right) and (name not in ("pages",) or (left and right)):
            return True
    return False


_PARTS = frozenset({"incollection", "inbook", "inproceedings", "conference", "bookinbook", "suppbook"})


def _chapters_of_one_book(a: Source, b: Source) -> bool:
    """Two chapters with their own titles that carry the DOI of the book they are in."""
    if a.type not in _PARTS or b.type not in _PARTS:
        return False
    return fuzz.ratio(title_key(a), title_key(b)) < TITLE_CUTOFF


@rule(code="CC402", name="duplicate-entry", severity=Severity.WARNING)
def duplicate_entry(project: Project, options: Options) -> Iterator[Violation]:
    """
    ## What it does
    Flags a work that the bibliography holds under two keys: the same DOI
    (compared without `https://doi.org/`, `doi:` and case; two chapters with
    their own titles may share the DOI of their book), or a near-identical
    title (LaTeX, case, punctuation and accents aside) with the same year and
    first author. Another edition, volume, number or part is another work, and
    is not flagged, nor are two entries with different DOIs, other numbers in
    their titles (`Part 1`, `Part 2`), of different types (a preprint
    `@article` and its `@inproceedings`), or software, manuals, web pages and
    data sets at different URLs. Candidates are compared only within
    one year and first author, so large bibliographies stay fast.

    ## Why is this bad?
    The reference list shows one work twice, and citations of it are split
    over two keys: a reader sees two sources where there is one.

    ## Example
    ```bib title="references.bib"
    @article{okafor2017,
      author = {Okafor, Chidi and Lindqvist, Maja},
      title = {Language Barriers in Community Health Work},
      journal = {Health and Social Care in the Community},
      year = {2017}
    }
    @article{okafor2017lb,
      author = {Okafor, C. and Lindqvist, M.},
      title = {Language barriers in community health work.},
      journal = {Health Soc Care Community},
      year = {2017}
    }
    ```

    Use instead:
    ```bib title="references.bib"
    @article{okafor2017,
      author = {Okafor, Chidi and Lindqvist, Maja},
      title = {Language Barriers in Community Health Work},
      journal = {Health and Social Care in the Community},
      year = {2017}
    }
    ```
    """
    entries = [e for bib in project.bibliographies for e in bib.entries if project.sources.get(e.key) is e]
    reported: set[tuple[str, str]] = set()
    by_doi: dict[str, Source] = {}
    for entry in entries:
        doi = entry.fields.get("doi", "").strip()
        if not doi:
            continue
        key = doi_key(doi)
        first = by_doi.setdefault(key, entry)
        if first is not entry and not _chapters_of_one_book(first, entry):
            reported.add((first.key, entry.key))
            yield Violation(
                entry.location,
                f"{entry.key!r} has the DOI of {first.key!r} ({first.location.where}): "
                "one work under two keys; keep one and cite it",
                key=entry.key,
                suggestion=first.key,
            )
    blocks: dict[tuple[str, str, str], list[tuple[Source, str]]] = defaultdict(list)
    for entry in entries:
        title = title_key(entry)
        author = _first_author(entry)
        if title and author:
            numbers = " ".join(_NUMBER.findall(entry.fields.get("title", "")))
            blocks[(source_year(entry) or "", author, numbers)].append((entry, title))
    for block in blocks.values():
        if len(block) < 2:
            continue
        titles = [title for _, title in block]
        for later in range(1, len(block)):
            matches = process.extract(
                titles[later], titles[:later], scorer=fuzz.ratio, score_cutoff=TITLE_CUTOFF, limit=None
            )
            for _title, _score, earlier in sorted(matches, key=lambda match: match[2]):
                first, entry = block[earlier][0], block[later][0]
                if (first.key, entry.key) in reported or _distinct(first, entry):
                    continue
                reported.add((first.key, entry.key))
                yield Violation(
                    entry.location,
                    f"{entry.key!r} has the title, year and first author of {first.key!r} "
                    f"({first.location.where}): one work under two keys; keep one and cite it",
                    key=entry.key,
                    suggestion=first.key,
                )
                break
