"""The value types of a check's results: findings, the summary, what was checked, the baseline's
count, and the claims ledger. The engine and the ledger build them; the reports and `fix` read
them and nothing else of the pipeline."""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from claimcite.model import Edit, Location, QuoteComparison, Severity

_LINE_REFERENCE = re.compile(r"(?<=\S):\d+(?::\d+)?")


@dataclass(frozen=True, slots=True)
class Finding:
    """One finding as every report shows it."""

    rule: str
    code: str
    severity: Severity
    message: str
    location: Location  # where the finding stands, as the rule gave it
    claim: str | None = None
    key: str | None = None
    suggestion: str | None = None
    fix: Edit | None = field(default=None, compare=False)

    @property
    def path(self) -> str:
        return self.location.path

    @property
    def line(self) -> int | None:
        return self.location.line

    @property
    def column(self) -> int | None:
        return self.location.column

    @property
    def excerpt(self) -> str | None:
        """In a Word document: the first words of the paragraph (the line), as a person finds it."""
        return self.location.excerpt

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line or 0, self.column or 0, self.rule, self.message)

    @property
    def fingerprint(self) -> str:
        """The finding's identity, which lines moving above it do not change: its rule, path,
        claim, key and message, with the line references in the message left out."""
        import hashlib  # here: a report without fingerprints needs no hashlib (start-up)

        message = _LINE_REFERENCE.sub("", self.message)
        parts = (self.rule, self.path, self.claim or "", self.key or "", message)
        # surrogatepass: a file name that is not UTF-8 reaches here as lone surrogates
        return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:20]


@dataclass(frozen=True, slots=True)
class Summary:
    files: int
    claims: int
    citations: int
    sources: int
    errors: int
    warnings: int
    infos: int


@dataclass(frozen=True, slots=True)
class Checked:
    """Something the check looked at: a claim, a document, a bibliography, a claim file."""

    kind: str
    name: str
    path: str


@dataclass(frozen=True, slots=True)
class BaselineCount:
    """How the findings of this run compare with a baseline."""

    matched: int  # findings left out because the baseline has them
    gone: int  # baseline findings that no longer occur: renew it with `claimcite baseline`


class Standing(str, enum.Enum):
    """How a claim stands, by the findings about it."""

    BACKED = "backed"  # sources given, nothing above info about it
    WARNINGS = "warnings"  # backed, with warnings (or a quote that could not be checked)
    PROBLEM = "problem"  # an error about it
    UNSOURCED = "unsourced"  # no source, and a reason why it stands alone (or no error for want of one)

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Standing.BACKED: "backed",
    Standing.WARNINGS: "backed, with warnings",
    Standing.PROBLEM: "problem",
    Standing.UNSOURCED: "unsourced",
}


@dataclass(frozen=True, slots=True)
class Reference:
    """A bibliography entry as a reference list shows it: author, year, title, container."""

    key: str
    type: str
    authors: str  # "Koçak, S., & Jonkman, H."; '' when the entry names nobody
    year: str  # "2016", "2021a", "n.d."
    title: str
    container: str  # the journal, the book, the proceedings, the publisher or institution
    details: str  # volume, issue and pages: "12(3), 101–120"
    note: str = ""
    doi: str | None = None
    url: str | None = None  # an http(s) address, else None
    location: Location | None = None


@dataclass(frozen=True, slots=True)
class Mark:
    """A citation inside a manuscript sentence (a bracket of several works is one mark): where it
    stands in the sentence's text and the entries it resolves to."""

    start: int
    end: int
    text: str
    keys: tuple[str | None, ...]  # each work's entry; None for a work that resolves to none
    listed: bool  # whether it cites one of the claim's sources

    @property
    def kind(self) -> str:
        """listed (cites a source of the claim), other (only other works), unresolved."""
        if None in self.keys:
            return "unresolved"
        return "listed" if self.listed else "other"


@dataclass(frozen=True, slots=True)
class Passage:
    """The sentence (or two) of a manuscript that says the claim's statement."""

    location: Location
    text: str
    marks: tuple[Mark, ...]  # in order, not overlapping
    unmarked: tuple[str, ...] = ()  # citations of the sentence not found in its text as written


class Check(str, enum.Enum):
    """What became of a source's quote."""

    NONE = "none"  # no quote to check
    FOUND = "found"  # word for word in the full text (quoting conventions allowed)
    DIFFERS = "differs"  # compared, and some words differ (or parts stand far apart)
    UNCHECKED = "unchecked"  # no readable full text, or no entry


@dataclass(frozen=True, slots=True)
class Evidence:
    """One source of a claim: the entry, the locator, and the quote against the full text."""

    key: str
    location: Location  # where the claim file names it
    reference: Reference | None  # None when no bibliography defines the key
    locator: str | None
    quote: str | None
    check: Check
    comparison: QuoteComparison | None = None
    fulltext: str | None = None  # the path of the full text the quote was compared with
    reason: str | None = None  # why the quote could not be checked


@dataclass(frozen=True, slots=True)
class LedgerClaim:
    id: str | None
    anchor: str  # unique in the ledger: a link may point at it
    statement: str
    location: Location
    standing: Standing
    unsourced: str | None
    document: str | None  # the manuscript its claim file names
    document_read: bool  # ... and whether it was read
    passage: Passage | None
    evidence: tuple[Evidence, ...]
    findings: tuple[Finding, ...]  # the findings about this claim, in report order


@dataclass(frozen=True, slots=True)
class Ledger:
    """The claims of a check with their evidence, and what the report's head says of the run."""

    claims: tuple[LedgerClaim, ...]
    files: tuple[str, ...]  # every input file read
    fulltexts: tuple[str, ...]  # the full texts read, by path
    fail_on: str  # error, warning, info or never
    failed: bool  # some finding reaches fail_on: the check exits with 1


@dataclass(frozen=True)
class Result:
    findings: tuple[Finding, ...]
    summary: Summary
    checked: tuple[Checked, ...] = ()
    suppressed: int = 0
    baseline: BaselineCount | None = None
    hashes: Mapping[str, str] = field(default_factory=dict)  # what the check read, for `fix`
    ledger: Ledger | None = None  # the claims with their evidence, for the reports that show them
    fail_on: Severity | None = Severity.ERROR  # the lowest severity that fails the check (None: never)

    def fails(self, finding: Finding) -> bool:
        """True when `finding` makes the check fail (exit status 1), as --fail-on says."""
        return self.fail_on is not None and finding.severity.rank >= self.fail_on.rank
