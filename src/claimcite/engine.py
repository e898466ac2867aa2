"""Runs the selected rules on a project and turns their violations into sorted findings."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from claimcite.errors import ConfigError
from claimcite.model import Options, Project, Severity
from claimcite.rules import ALL_RULES, Rule, lookup


@dataclass(frozen=True, slots=True)
class Finding:
    """One finding as every report shows it."""

    rule: str
    code: str
    severity: Severity
    message: str
    path: str
    line: int | None
    column: int | None
    claim: str | None = None
    key: str | None = None
    suggestion: str | None = None

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line or 0, self.column or 0, self.rule, self.message)


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
class Result:
    findings: tuple[Finding, ...]
    summary: Summary


def _matching(pattern: str) -> list[Rule]:
    """Rules named by a name, a code, a code prefix (`CC4`) or `ALL`."""
    if pattern.upper() == "ALL":
        return list(ALL_RULES)
    found = lookup(pattern)
    if found is not None:
        return [found]
    prefix = pattern.upper()
    if prefix.startswith("CC") and prefix[2:].isdigit():
        matches = [r for r in ALL_RULES if r.code.startswith(prefix)]
        if matches:
            return matches
    raise ConfigError(f"unknown rule {pattern!r}: `claimcite rules` lists them")


def select_rules(select: Iterable[str], ignore: Iterable[str]) -> tuple[Rule, ...]:
    """The rules that `select` (all when empty) names and `ignore` does not."""
    chosen = [r for pattern in select for r in _matching(pattern)] if select else list(ALL_RULES)
    dropped = {r.code for pattern in ignore for r in _matching(pattern)}
    return tuple(r for r in dict.fromkeys(chosen) if r.code not in dropped)


def severities(overrides: Mapping[str, Severity]) -> dict[str, Severity]:
    """Per-rule severity overrides keyed by code; names and codes both accepted."""
    resolved: dict[str, Severity] = {}
    for pattern, level in overrides.items():
        for found in _matching(pattern):
            resolved[found.code] = level
    return resolved


def run(
    project: Project,
    rules: Iterable[Rule],
    overrides: Mapping[str, Severity] | None = None,
    options: Options | None = None,
) -> Result:
    """Every finding of `rules` on `project`, sorted by path, line, column, rule."""
    overrides = overrides or {}
    findings: set[Finding] = set()
    for chosen in rules:
        severity = overrides.get(chosen.code, chosen.severity)
        for violation in chosen(project, options):
            location = violation.location
            findings.add(
                Finding(
                    rule=chosen.name,
                    code=chosen.code,
                    severity=severity,
                    message=violation.message,
                    path=location.path,
                    line=location.line,
                    column=location.column,
                    claim=violation.claim,
                    key=violation.key,
                    suggestion=violation.suggestion,
                )
            )
    ordered = tuple(sorted(findings, key=Finding.sort_key))
    counts = {level: 0 for level in Severity}
    for finding in ordered:
        counts[finding.severity] += 1
    summary = Summary(
        files=len(project.files),
        claims=len(project.claims),
        citations=len(project.citations),
        sources=sum(len(bib.entries) for bib in project.bibliographies),
        errors=counts[Severity.ERROR],
        warnings=counts[Severity.WARNING],
        infos=counts[Severity.INFO],
    )
    return Result(ordered, summary)
