"""Quotes and locators against the full texts of the sources; claims their source hardly speaks of."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from functools import lru_cache

from claimcite.match import QuoteMatch, Searchable, find_passage, normalize, quote_parts
from claimcite.model import Claim, FullText, Options, Project, Severity, SourceRef
from claimcite.rules.base import Violation, rule

NEGATIONS = frozenset(
    """not no never nor none nothing without cannot can't don't doesn't isn't aren't wasn't weren't won't
    niet geen nooit niets zonder noch nicht kein keine keinen keiner nie niemals ohne weder
    pas jamais aucun aucune sans ni""".split()
)
FAR_APART = 1500  # characters: parts of one quote further apart than this are not one passage
_LOCATOR = re.compile(
    r"^(?:pp?\.|blz\.|bl\.|s\.|page|pages|seite|seiten|pag\.)?\s*([0-9ivxlcdm]+)"
    r"(?:\s*(?:-{1,3}|–|—|to|bis|t/m)\s*([0-9ivxlcdm]+))?\s*(ff?\.?)?$",
    re.IGNORECASE,
)
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}


def _number(text: str) -> int | None:
    if text.isdigit():
        return int(text) if len(text) <= 9 else None  # ten digits and more are no page number
    text = text.lower()
    if not text or any(c not in _ROMAN for c in text):
        return None
    total = 0
    for index, char in enumerate(text):
        value = _ROMAN[char]
        total += -value if index + 1 < len(text) and _ROMAN[text[index + 1]] > value else value
    return total


def locator_pages(locator: str) -> tuple[int, int] | None:
    """The pages a locator names, as a range: `p. 12`, `pp. 12-14`, `12`, `blz. 12`, `S. 12f.`."""
    match = _LOCATOR.match(locator.strip())
    if match is None:
        return None
    first = _number(match.group(1))
    last = _number(match.group(2)) if match.group(2) else first
    if first is None or last is None:
        return None
    if match.group(2) and len(match.group(2)) < len(match.group(1)) and last < first:
        last = int(str(first)[: len(match.group(1)) - len(match.group(2))] + match.group(2))  # 123-45
    following = (match.group(3) or "").lower().rstrip(".")
    if following == "f":
        last = max(last, first + 1)
    elif following == "ff":
        last = max(last, first + 2)
    return first, max(first, last)


def _quoted(project: Project) -> Iterator[tuple[Claim, SourceRef, FullText]]:
    """Each quote of a claim whose source has a readable full text, with that text."""
    for claim in project.claims:
        for ref in claim.sources:
            fulltext = project.fulltexts.get(ref.key)
            if ref.quote and fulltext is not None and fulltext.readable:
                yield claim, ref, fulltext


@lru_cache(maxsize=256)
def _searchable(fulltext: FullText) -> Searchable:
    return Searchable.of(fulltext.pages)


def _label_in(label: str, pages: tuple[int, int]) -> bool | None:
    number = _number(label.strip().lower())
    if number is None:
        return None
    return pages[0] <= number <= pages[1]


def _locate_quote(
    ref: SourceRef, fulltext: FullText, options: Options
) -> tuple[list[QuoteMatch | None], str]:
    """Each part of the quote, found in order within one passage; '' or what is wrong."""
    return _locate(ref.quote or "", fulltext, options.quote_match)


@lru_cache(maxsize=4096)
def _locate(quote: str, fulltext: FullText, threshold: float) -> tuple[list[QuoteMatch | None], str]:
    """`_locate_quote`, computed once for the three rules that ask it of one quote."""
    text = _searchable(fulltext)
    parts = quote_parts(quote)
    found: list[QuoteMatch | None] = []
    start = 0
    for index, part in enumerate(parts):
        if index == 0:
            match = find_passage(part, text)
        else:
            match = find_passage(part, text, start=start, end=min(len(text.text), start + FAR_APART))
            if match is None or match.score < threshold:
                far = find_passage(part, text, start=start)
                if far is not None and far.score >= threshold:
                    found.append(far)
                    return found, "far"
        found.append(match)
        if match is None or match.score < threshold:
            return found, "missing"
        start = match.end
    return found, ""


@rule(code="CC301", name="quote-not-found", severity=Severity.ERROR)
def quote_not_found(project: Project, options: Options) -> Iterator[Violation]:
    """
    ## What it does
    Flags a claim's quote that does not stand in its source's full text. Texts
    are compared after normalising what typesetting changes (Unicode form,
    ligatures, curly quotes and dashes, words hyphenated at a line end, white
    space, case); an exact search first, then a fuzzy one with rapidfuzz. The
    message shows the closest passage and its score; `quote_match` in the
    config sets how alike a passage must be (0-100, default 90).

    ## Why is this bad?
    A quote that is not in the source is a misquotation, or a quote from
    another work: the first thing a careful reviewer checks.

    ## Example
    ```yaml title="claims/a.yaml"
    claims:
      - id: outreach
        statement: Outreach doubles referrals.
        sources:
          - key: leeuwen2012
            quote: "outreach doubled the number of referrals within a year"
    ```
    ```text title="sources/leeuwen2012.txt"
    Outreach workers visit residents at home. Referral works best when trust has been built.
    ```
    ```bib title="references.bib"
    @misc{leeuwen2012,
      author = {van Leeuwen, Pieter},
      title = {Outreach in practice},
      year = {2012}
    }
    ```

    Use instead:
    ```yaml title="claims/a.yaml"
    claims:
      - id: outreach
        statement: Referral works best after trust.
        sources:
          - key: leeuwen2012
            quote: "Referral works best when trust has been built"
    ```
    """
    for claim, ref, fulltext in _quoted(project):
        found, wrong = _locate_quote(ref, fulltext, options)
        if wrong != "missing":
            continue
        last = found[-1]
        closest = (
            f"; the closest passage (score {last.score:.0f}, p. {last.page}): {last.passage[:120]!r}"
            if last
            else ""
        )
        yield Violation(
            ref.location,
            f"the quote is not in the full text of {ref.key!r} ({fulltext.path}){closest}",
            claim=claim.id,
            key=ref.key,
        )


@rule(code="CC302", name="locator-mismatch", severity=Severity.WARNING)
def locator_mismatch(project: Project, options: Options) -> Iterator[Violation]:
    """
    ## What it does
    Flags a quote that stands in its source on another page than its locator
    says. Pages are the printed page numbers: a PDF's page labels, or the
    pages of a text file separated by form feeds (`\\f` in the example below).
    Locators read `p. 12`,
    `pp. 12-14`, `12`, `blz. 12`, `S. 12f.`.

    ## Why is this bad?
    A reader who turns to the cited page does not find the quote there.

    ## Example
    ```yaml title="claims/a.yaml"
    claims:
      - id: trust
        statement: Trust comes first.
        sources:
          - key: leeuwen2012
            locator: p. 1
            quote: "Referral works best when trust has been built"
    ```
    ```text title="sources/leeuwen2012.txt"
    Outreach workers visit residents at home.\\fReferral works best when trust has been built.
    ```
    ```bib title="references.bib"
    @misc{leeuwen2012,
      author = {van Leeuwen, Pieter},
      title = {Outreach in practice},
      year = {2012}
    }
    ```

    Use instead:
    ```yaml title="claims/a.yaml"
    claims:
      - id: trust
        statement: Trust comes first.
        sources:
          - key: leeuwen2012
            locator: p. 2
            quote: "Referral works best when trust has been built"
    ```
    """
    for claim, ref, fulltext in _quoted(project):
        if not ref.locator:
            continue
        pages = locator_pages(ref.locator)
        if pages is None:
            continue
        found, wrong = _locate_quote(ref, fulltext, options)
        if wrong or not found or found[0] is None:
            continue
        match = found[0]
        inside = [_label_in(label, pages) for label in {match.page, match.last_page or match.page}]
        if False in inside and True not in inside:
            yield Violation(
                ref.location,
                f"the quote stands on page {found[0].page} of {ref.key!r}, not on {ref.locator}: "
                f"correct the locator",
                claim=claim.id,
                key=ref.key,
            )


@rule(code="CC303", name="locator-out-of-range", severity=Severity.WARNING)
def locator_out_of_range(project: Project, options: Options) -> Iterator[Violation]:
    """
    ## What it does
    Flags a locator outside the entry's own `pages` range: an article on pages
    101-120 cited at p. 12. It needs no full text.

    ## Why is this bad?
    The cited page is not part of the work: a typo in the locator or in the
    entry, or a citation of another work.

    ## Example
    ```yaml title="claims/a.yaml"
    claims:
      - id: reach
        statement: Reach is lower among young people.
        sources:
          - key: okafor2017
            locator: p. 12
    ```
    ```bib title="references.bib"
    @article{okafor2017,
      author = {Okafor, Chidi},
      title = {Language barriers},
      journal = {Health and Social Care in the Community},
      year = {2017},
      pages = {101--120}
    }
    ```

    Use instead:
    ```yaml title="claims/a.yaml"
    claims:
      - id: reach
        statement: Reach is lower among young people.
        sources:
          - key: okafor2017
            locator: p. 112
    ```
    """
    for claim in project.claims:
        for ref in claim.sources:
            source = project.sources.get(ref.key)
            if not ref.locator or source is None or not source.fields.get("pages"):
                continue
            cited = locator_pages(ref.locator)
            own = locator_pages(source.fields["pages"].replace("--", "-"))
            if cited is None or own is None or own[0] == own[1]:
                continue
            if cited[0] < own[0] or cited[1] > own[1]:
                yield Violation(
                    ref.location,
                    f"{ref.locator} lies outside the pages of {ref.key!r} ({source.fields['pages']})",
                    claim=claim.id,
                    key=ref.key,
                )


@rule(code="CC304", name="misleading-quote", severity=Severity.WARNING)
def misleading_quote(project: Project, options: Options) -> Iterator[Violation]:
    """
    ## What it does
    Flags a quote with an ellipsis (`…`, `...`, `[...]`) whose left-out words
    carry a negation (`not`, `niet`, `geen`, `nicht`, `never`, ...), or whose
    parts stand far apart in the source.

    ## Why is this bad?
    "The landlord is … permitted to terminate" quotes "the landlord is not
    permitted to terminate": an ellipsis that drops a negation turns the
    source's meaning around.

    ## Example
    ```yaml title="claims/a.yaml"
    claims:
      - id: terminate
        statement: The landlord may terminate the lease.
        sources:
          - key: rent2020
            quote: "the landlord is ... permitted to terminate the lease"
    ```
    ```text title="sources/rent2020.txt"
    In these cases the landlord is not permitted to terminate the lease before its end.
    ```
    ```bib title="references.bib"
    @misc{rent2020,
      author = {Huur, Commissie},
      title = {Huurrecht},
      year = {2020}
    }
    ```

    Use instead:
    ```yaml title="claims/a.yaml"
    claims:
      - id: terminate
        statement: The landlord may not terminate the lease.
        sources:
          - key: rent2020
            quote: "the landlord is not permitted to terminate the lease"
    ```
    """
    for claim, ref, fulltext in _quoted(project):
        if len(quote_parts(ref.quote or "")) < 2:
            continue
        found, wrong = _locate_quote(ref, fulltext, options)
        if wrong == "far":
            yield Violation(
                ref.location,
                f"the parts of the quote stand far apart in {ref.key!r}: quote them as separate passages",
                claim=claim.id,
                key=ref.key,
            )
            continue
        if wrong:
            continue
        text = _searchable(fulltext).text
        for before, after in itertools.pairwise(found):
            if before is None or after is None:
                continue
            left_out = text[before.end : after.start]
            words = set(re.findall(r"[\w']+", left_out))
            negations = sorted(words & NEGATIONS)
            if negations:
                yield Violation(
                    ref.location,
                    f"the ellipsis leaves out {', '.join(repr(w) for w in negations)}: "
                    f"the source says {normalize(left_out)[:80]!r} there",
                    claim=claim.id,
                    key=ref.key,
                )
                break


@rule(code="CC305", name="source-unavailable", severity=Severity.WARNING)
def source_unavailable(project: Project, options: Options) -> Iterator[Violation]:
    """
    ## What it does
    Says that the quotes or locators of a source could not be verified because
    there is no readable full text for it, and why (once per source, where it
    is first cited, with a count): no `file` field and no `sources/<key>.pdf`,
    a file outside the root and outside the folders listed in `fulltext_allow`
    (never opened), an encrypted or image-only PDF. A warning when a quote goes
    unchecked; info when only locators do (a page number is rarely wrong in a
    way that matters). A `severity` set in the config applies to both. Could
    not check is never reported as not found.

    ## Why is this bad?
    A quote that could not be checked is not verified: with `--fail-on warning`
    a made-up quote must not pass because its source could not be read.

    ## Example
    ```yaml title="claims/a.yaml"
    claims:
      - id: reach
        statement: Reach is lower among young people.
        sources:
          - key: berg2020
            quote: "young people are reached least"
    ```
    ```bib title="references.bib"
    @misc{berg2020,
      author = {Berg, Ola},
      title = {Bereik},
      year = {2020}
    }
    ```

    Use instead:
    ```text title="sources/berg2020.txt"
    Of all groups, young people are reached least.
    ```
    """
    unchecked: dict[str, list[tuple[Claim, SourceRef]]] = {}
    for claim in project.claims:
        for ref in claim.sources:
            if not (ref.quote or ref.locator):
                continue
            fulltext = project.fulltexts.get(ref.key)
            if fulltext is None or fulltext.readable:
                continue
            unchecked.setdefault(ref.key, []).append((claim, ref))
    for key, refs in unchecked.items():
        claim, ref = refs[0]
        quotes = sum(1 for _, r in refs if r.quote)
        locators = len(refs) - quotes
        what = " and ".join(
            part
            for part in (
                f"{quotes} quote{'s' if quotes != 1 else ''}" if quotes else "",
                f"{locators} locator{'s' if locators != 1 else ''}" if locators else "",
            )
            if part
        )
        problem = project.fulltexts[key].problem
        yield Violation(
            ref.location,
            f"{what} of {key!r} cannot be checked: it has no readable full text ({problem})",
            claim=claim.id,
            key=key,
            severity=None if quotes else Severity.INFO,
        )


STOP_WORDS = {
    "en": frozenset(
        """the a an and or but of to in on at by for with from as is are was were be been being that this
        these those it its they them their there here which who whom whose what when where why how not no
        than then so such can could may might must shall should will would do does did have has had i we
        you he she our your his her also more most less many much some any all each other into about over
        after before between under only very""".split()
    ),
    "nl": frozenset(
        """de het een en of maar van naar in op aan bij voor met uit als is zijn was waren wordt worden
        werd dat dit deze die er hier welke wie wat wanneer waar waarom hoe niet geen dan zo kan kunnen
        mag moet moeten zal zullen zou zouden heeft hebben had ik wij we jij hij zij ons onze hun haar
        ook meer meest minder veel sommige alle elk andere door over na tussen onder alleen zeer om te
        tot nog wel al""".split()
    ),
    "de": frozenset(
        """der die das ein eine einen und oder aber von zu in auf an bei für mit aus als ist sind war waren
        wird werden wurde dass dies diese dieser es hier welche wer was wann wo warum wie nicht kein keine
        dann so kann können darf muss müssen soll sollen würde hat haben hatte ich wir du er sie unser
        ihr auch mehr meist weniger viel einige alle jede andere durch über nach zwischen unter nur sehr
        um noch schon den dem des im zum zur""".split()
    ),
    "fr": frozenset(
        """le la les un une des et ou mais de du à au aux en sur par pour avec dans comme est sont était
        étaient être été que qui quoi ce cet cette ces il elle ils elles leur leurs ici quand où pourquoi
        comment ne pas non plus moins beaucoup tous toutes chaque autre entre sous seulement très se sa
        son ses on nous vous""".split()
    ),
}
_ALL_STOP = frozenset().union(*STOP_WORDS.values())
_WORD = re.compile(r"[^\W\d_][^\W\d_'’-]*")
MIN_CONTENT_WORDS = 4


def language(text: str) -> str | None:
    """The language of `text` by its stop words (en, nl, de, fr), or None when unclear."""
    words = [w.casefold() for w in _WORD.findall(text[:20000])]
    counts = {code: sum(1 for w in words if w in stop) for code, stop in STOP_WORDS.items()}
    ranked = sorted(counts.items(), key=lambda item: -item[1])
    best, best_count = ranked[0]
    if best_count < 2 or best_count < 1.5 * ranked[1][1]:
        return None
    return best


def content_words(text: str) -> set[str]:
    return {w for w in (m.casefold() for m in _WORD.findall(text)) if len(w) > 2 and w not in _ALL_STOP}


@lru_cache(maxsize=256)
def _vocabulary(fulltext: FullText) -> tuple[frozenset[str], frozenset[str], str | None]:
    text = _searchable(fulltext).text
    words = content_words(text)
    return frozenset(words), frozenset(w[:5] for w in words), language(text)


@rule(code="CC306", name="weak-support", severity=Severity.WARNING)
def weak_support(project: Project, options: Options) -> Iterator[Violation]:
    """
    ## What it does
    Flags a claim without a quote whose content words hardly occur in its
    source's full text: fewer than `weak_support` of them (a share, default
    0.2), stop words of Dutch, English, German and French left out, a shared
    stem of five letters counting as a match. It is judged only where the
    claim has at least four content words and is written in the language of
    the source; a source without readable full text is not judged.

    ## Why is this bad?
    A source that never speaks of what the claim says does not support it:
    the citation is probably of the wrong work.

    ## Example
    ```yaml title="claims/a.yaml"
    claims:
      - id: referees
        statement: Football referees suffer verbal abuse from spectators in amateur leagues.
        sources: [leeuwen2012]
    ```
    ```text title="sources/leeuwen2012.txt"
    Outreach workers visit residents at home. They meet residents where they are: in the
    market, the mosque and the school. Referral works best when trust has been built first.
    ```
    ```bib title="references.bib"
    @misc{leeuwen2012,
      author = {van Leeuwen, Pieter},
      title = {Outreach in practice},
      year = {2012}
    }
    ```

    Use instead:
    ```yaml title="claims/a.yaml"
    claims:
      - id: referees
        statement: Outreach workers meet residents in the market and at school, where trust is built.
        sources: [leeuwen2012]
    ```
    """
    for claim in project.claims:
        if not claim.statement or any(ref.quote for ref in claim.sources):
            continue
        texts = [project.fulltexts.get(ref.key) for ref in claim.sources]
        if not any(text is not None and text.readable for text in texts):
            continue
        words = content_words(claim.statement)
        claim_language = language(claim.statement)
        if len(words) < MIN_CONTENT_WORDS or claim_language is None:
            continue
        for ref in claim.sources:
            fulltext = project.fulltexts.get(ref.key)
            if fulltext is None or not fulltext.readable:
                continue
            vocabulary, stems, source_language = _vocabulary(fulltext)
            if source_language != claim_language:
                continue
            share = sum(1 for w in words if w in vocabulary or w[:5] in stems) / len(words)
            if share < options.weak_support:
                yield Violation(
                    claim.location,
                    f"{ref.key!r} hardly speaks of what claim {claim.id!r} says: {share:.0%} of its "
                    f"content words occur in the source ({fulltext.path}); is this the right source?",
                    claim=claim.id,
                    key=ref.key,
                )
