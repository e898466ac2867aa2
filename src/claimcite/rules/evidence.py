"""Quotes and locators against the full texts of the sources; claims their source hardly speaks of."""

from __future__ import annotations

import re
from collections.abc import Iterator

from claimcite.match import fold
from claimcite.model import Claim, FullText, Project, QuoteComparison, Severity, SourceRef, WordKind
from claimcite.options import Options
from claimcite.rules.base import Violation, rule

NEGATIONS = frozenset(
    """not no never nor none nothing without cannot can't don't doesn't isn't aren't wasn't weren't won't
    niet geen nooit niets zonder noch nicht kein keine keinen keiner nie niemals ohne weder
    pas jamais aucun aucune sans ni""".split()
)
_LOCATOR = re.compile(
    r"^(?:pp?\.|blz\.|bl\.|s\.|page|pages|seite|seiten|pag\.)?\s*([0-9ivxlcdm]+)"
    r"(?:\s*(?:-{1,3}|–|—|to|bis|t/m)\s*([0-9ivxlcdm]+))?\s*(ff?\.?)?$",
    re.IGNORECASE,
)
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}


def _number(text: str) -> int | None:
    if text.isdigit():  # `²` is a digit that int() does not read; ten digits are no page number
        return int(text) if text.isdecimal() and len(text) <= 9 else None
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


def _compared(project: Project) -> Iterator[tuple[Claim, SourceRef, FullText, QuoteComparison]]:
    """Each quote with a readable full text, compared word by word with its source."""
    for claim, ref, fulltext in _quoted(project):
        from claimcite.quotes import compare_quote  # a check without quotes needs none of it

        comparison = compare_quote(ref.quote or "", fulltext)
        if comparison is not None:
            yield claim, ref, fulltext, comparison


def _label_in(label: str, pages: tuple[int, int]) -> bool | None:
    number = _number(label.strip().lower())
    if number is None:
        return None
    return pages[0] <= number <= pages[1]


MOSTLY = 0.5  # a passage with fewer of the quote's words is not where the quote was taken from
EXCERPT = 160  # characters of the source a message shows
SHOWN_DIFFERENCES = 3


def _pages(comparison: QuoteComparison) -> str:
    if comparison.page == comparison.last_page:
        return f"p. {comparison.page}"
    return f"pp. {comparison.page}-{comparison.last_page}"


def excerpt(comparison: QuoteComparison, *, limit: int = EXCERPT) -> str:
    """The passage as printed, cut at word boundaries to about `limit` characters around its
    first difference."""
    text = comparison.passage
    if comparison.words and comparison.words[-1].kind is WordKind.ADDED:  # show what follows instead
        text = excerpt_of(f"{text} {comparison.after}".strip(), len(comparison.quote) + 20)
    if len(text) <= limit:
        return text
    spans = [w.span for w in comparison.differences if w.span is not None]
    focus = spans[0][0] if spans else 0
    start = max(0, min(focus - limit // 3, len(text) - limit))
    end = start + limit
    if start > 0:
        start = text.find(" ", start) + 1 or start
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
    return ("…" if start > 0 else "") + text[start:end].strip() + ("…" if end < len(text) else "")


def differences(comparison: QuoteComparison) -> list[str]:
    """The words that differ, as a small diff: '"hoog" where the source has "laag"', '"niet" is
    not in the source', 'the quote leaves out "not" after "is"'."""
    runs: list[list[int]] = []
    for index, word in enumerate(comparison.words):
        if not word.kind.differs:
            continue
        if runs and runs[-1][-1] == index - 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    described = []
    for run in runs[:SHOWN_DIFFERENCES]:
        words = [comparison.words[i] for i in run]
        quoted = " ".join(w.quote for w in words if w.quote)
        spans = [w.span for w in words if w.span is not None]
        printed = comparison.passage[spans[0][0] : spans[-1][1]] if spans else ""
        if quoted and printed:
            described.append(f'"{quoted}" where the source has "{printed}"')
        elif quoted:
            described.append(f'"{quoted}" is not in the source')
        else:
            before = comparison.words[run[0] - 1].source if run[0] > 0 else ""
            after = f' after "{before.split()[-1]}"' if before.split() else ""
            described.append(f'the quote leaves out "{printed}"{after}')
    if len(runs) > SHOWN_DIFFERENCES:
        described.append(f"and {len(runs) - SHOWN_DIFFERENCES} more")
    return described


def _not_found(key: str, fulltext: FullText, comparison: QuoteComparison) -> str:
    where = f"{key!r} ({fulltext.path})"
    if comparison.equal_share < MOSTLY or not comparison.passage:
        closest = ""
        if comparison.passage:
            closest = f"; the closest passage ({_pages(comparison)}) reads {excerpt(comparison)!r}"
        return f"the quote is not in the full text of {where}{closest}"
    if comparison.reordered:
        return (
            f"the quote has the words of {where}, {_pages(comparison)}, in another order: "
            f"the source reads {excerpt(comparison)!r}"
        )
    return (
        f"the quote differs from {where}, {_pages(comparison)}: {'; '.join(differences(comparison))}; "
        f"the source reads {excerpt(comparison)!r}"
    )


@rule(code="CC301", name="quote-not-found", severity=Severity.ERROR)
def quote_not_found(project: Project, options: Options) -> Iterator[Violation]:
    """
    ## What it does
    Flags a claim's quote that does not stand word for word in its source's
    full text. The quote is located (an exact search, then rapidfuzz's
    alignment), then compared word by word after normalising only what
    typesetting changes: Unicode form, ligatures (`ﬁ`), curly quotes, dashes,
    words hyphenated at a line end, running heads and feet at a page break,
    white space, case. A changed, added or dropped word is a difference, be it
    an antonym, a negation, a number (also `three` for `3`) or another order;
    the message names the words that differ and shows the passage as the
    source prints it. Quoting conventions are allowed (see `quote-adapted`):
    `…` and `[...]` for words left out, `[de cliënt]` for words replaced,
    `[sic]`.

    ## Why is this bad?
    A quote that is not in the source is a misquotation, or a quote from
    another work: the first thing a careful reviewer checks. One changed word
    can turn the source's meaning around.

    ## Example
    ```yaml title="claims/a.yaml"
    claims:
      - id: reach
        statement: Client support reaches most people.
        sources:
          - key: hulshof2021
            quote: "het bereik van de cliëntondersteuning hoog is"
    ```
    ```text title="sources/hulshof2021.txt"
    Uit de peiling blijkt dat het bereik van de cliëntondersteuning laag is.
    ```
    ```bib title="references.bib"
    @techreport{hulshof2021,
      author = {Hulshof, Anne},
      title = {Cli{\\"e}ntondersteuning},
      institution = {RIVM},
      year = {2021}
    }
    ```

    Use instead:
    ```yaml title="claims/a.yaml"
    claims:
      - id: reach
        statement: Client support reaches few people.
        sources:
          - key: hulshof2021
            quote: "het bereik van de cliëntondersteuning laag is"
    ```
    """
    for claim, ref, fulltext, comparison in _compared(project):
        if comparison.found or comparison.far:
            continue
        yield Violation(ref.location, _not_found(ref.key, fulltext, comparison), claim=claim.id, key=ref.key)


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
    for claim, ref, _, comparison in _compared(project):
        if not ref.locator or not comparison.found:
            continue
        pages = locator_pages(ref.locator)
        if pages is None:
            continue
        inside = [_label_in(label, pages) for label in {comparison.page, comparison.last_page}]
        if False in inside and True not in inside:
            yield Violation(
                ref.location,
                f"the quote stands on page {comparison.page} of {ref.key!r}, not on {ref.locator}: "
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
    parts stand far apart in the source; and a bracketed insertion that
    stands for words with a negation (`the landlord [may] terminate`) or adds
    one the source does not have there (`is [not] permitted`).

    ## Why is this bad?
    "The landlord is … permitted to terminate" quotes "the landlord is not
    permitted to terminate": an ellipsis that drops a negation turns the
    source's meaning around, and so does an insertion.

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
    for claim, ref, _, comparison in _compared(project):
        if comparison.far:
            yield Violation(
                ref.location,
                f"the parts of the quote stand far apart in {ref.key!r}: quote them as separate passages",
                claim=claim.id,
                key=ref.key,
            )
            continue
        problem = _misleading(comparison) if comparison.found else None
        if problem:
            yield Violation(ref.location, problem, claim=claim.id, key=ref.key)


def _negations(text: str) -> set[str]:
    from claimcite.quotes import WORD

    return {fold(word) for word in WORD.findall(text)} & NEGATIONS


def _misleading(comparison: QuoteComparison) -> str | None:
    """What an ellipsis or an insertion of a found quote does to a negation, if anything."""
    for word in comparison.adaptations:
        if word.kind is WordKind.SIC:
            continue
        dropped = sorted(_negations(word.source) - _negations(word.quote))
        added = sorted(_negations(word.quote) - _negations(word.source))
        what = "the ellipsis" if word.kind is WordKind.LEFT_OUT else f"the insertion {word.quote!r}"
        if dropped:
            return (
                f"{what} leaves out {', '.join(repr(w) for w in dropped)}: "
                f"the source says {excerpt_of(word.source)!r} there"
            )
        if added:
            said = f"the source says {excerpt_of(word.source)!r} there" if word.source else "not the source"
            return f"{what} adds {', '.join(repr(w) for w in added)}: {said}"
    return None


def excerpt_of(text: str, limit: int = 80) -> str:
    """`text` cut at a word boundary to about `limit` characters."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > 0 else limit] + "…"


@rule(code="CC307", name="quote-adapted", severity=Severity.INFO)
def quote_adapted(project: Project, options: Options) -> Iterator[Violation]:
    """
    ## What it does
    Says what the quoting conventions in a quote that is found stand for: an
    ellipsis (`…`, `...`, `[...]`) for the words it leaves out, a bracketed
    insertion (`[de cliënt]`, `cliënt[en]`) for the words it replaces, and
    `[sic]`. These are allowed, so this is information only, for the author to
    see that the meaning holds; `misleading-quote` warns when they drop or add
    a negation.

    ## Why is this bad?
    It is not: quoting conventions are how a quote fits a sentence. But the
    words behind an ellipsis or an insertion are words the reader cannot see.

    ## Example
    ```yaml title="claims/a.yaml"
    claims:
      - id: threshold
        statement: First-generation migrants find support hard to reach.
        sources:
          - key: kocak2016
            quote: "[zij] ervaren een hoge drempel"
    ```
    ```text title="sources/kocak2016.txt"
    Met name de eerste generatie migranten ervaren een hoge drempel bij het aangaan van hulp.
    ```
    ```bib title="references.bib"
    @techreport{kocak2016,
      author = {Ko{\\c{c}}ak, Sinan},
      title = {Sociale wijkteams en diversiteit},
      institution = {KIS},
      year = {2016}
    }
    ```

    Use instead:
    ```yaml title="claims/a.yaml"
    claims:
      - id: threshold
        statement: First-generation migrants find support hard to reach.
        sources:
          - key: kocak2016
            quote: "de eerste generatie migranten ervaren een hoge drempel"
    ```
    """
    for claim, ref, _, comparison in _compared(project):
        if not comparison.found or _misleading(comparison):
            continue
        said = []
        for word in comparison.adaptations:
            if word.kind is WordKind.SIC:
                said.append(f"{word.quote!r} keeps the source's spelling")
            elif word.kind is WordKind.REPLACED:
                stands = f"stands for {excerpt_of(word.source)!r}" if word.source else "is added"
                said.append(f"{word.quote!r} {stands}")
            elif word.source:
                said.append(f"{word.quote!r} leaves out {excerpt_of(word.source)!r}")
        if said:
            yield Violation(
                ref.location,
                f"the quote of {ref.key!r} is adapted ({_pages(comparison)}): {'; '.join(said)}",
                claim=claim.id,
                key=ref.key,
            )


@rule(code="CC305", name="source-unavailable", severity=Severity.WARNING)
def source_unavailable(project: Project, options: Options) -> Iterator[Violation]:
    """
    ## What it does
    Says that the quotes or locators of a source could not be verified because
    there is no readable full text for it, and why (once per source, where it
    is first cited, with a count): no `file` field and no `sources/<key>.pdf`,
    a file outside the root and outside the folders listed in `fulltext_allow`
    (never opened), an encrypted or image-only PDF; also a full text read in
    part only (a PDF cut short by the time budget, pages that crash the PDF
    reader), with the pages not checked. A warning when a quote goes
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
            if fulltext is None or (fulltext.readable and fulltext.problem is None):
                continue  # a text read in part (a PDF cut short) is said once, as one not read
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
        fulltext = project.fulltexts[key]
        message = (
            f"{what} of {key!r} checked against part of its full text only ({fulltext.problem})"
            if fulltext.readable
            else f"{what} of {key!r} cannot be checked: it has no readable full text ({fulltext.problem})"
        )
        yield Violation(
            ref.location,
            message,
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


def _vocabulary(fulltext: FullText) -> tuple[frozenset[str], frozenset[str], str | None]:
    from claimcite.quotes import derived, searchable

    return derived(fulltext, "vocabulary", "", lambda: _words_and_language(searchable(fulltext).text))


def _words_and_language(text: str) -> tuple[frozenset[str], frozenset[str], str | None]:
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
