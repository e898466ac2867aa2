"""What a rule is: a code, a name, a default severity, a check, and its documentation."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from claimcite.model import Edit, Location, Project, Severity
from claimcite.options import Options


@dataclass(frozen=True, slots=True)
class Violation:
    """What a rule reports; the engine adds the rule's code and severity."""

    location: Location
    message: str
    claim: str | None = None
    key: str | None = None
    suggestion: str | None = None
    fix: Edit | None = None  # a safe fix, which `claimcite fix` applies
    # this finding's severity where the rule's documentation says it differs from the default
    # (source-unavailable is info when only locators go unchecked); a configured severity wins
    severity: Severity | None = None


Check = Callable[[Project, Options], Iterable[Violation]]


@dataclass(frozen=True)
class Rule:
    """A rule and its documentation: the check's docstring, under fixed headings."""

    code: str
    name: str
    severity: Severity
    check: Check
    doc: str

    @property
    def summary(self) -> str:
        """The first sentence of 'What it does', for `claimcite rules` and SARIF."""
        text = section(self.doc, "What it does")
        first = re.split(r"(?<=\.)\s", " ".join(text.split()), maxsplit=1)[0]
        return first

    def __call__(self, project: Project, options: Options | None = None) -> Iterable[Violation]:
        return self.check(project, options or Options())


def section(doc: str, heading: str) -> str:
    """The text under `## heading` up to the next heading ("Use instead:" ends 'Example')."""
    match = re.search(rf"^## {re.escape(heading)}\s*$(.*?)(?=^## |\Z)", doc, re.MULTILINE | re.DOTALL)
    return match.group(1).strip() if match else ""


def rule(*, code: str, name: str, severity: Severity) -> Callable[[Check], Rule]:
    """Declare a rule; its docstring is its documentation (`claimcite explain`, SARIF help)."""

    def wrap(check: Check) -> Rule:
        return Rule(code, name, severity, check, inspect.cleandoc(check.__doc__ or ""))

    return wrap
