"""Runs the selected rules on a project and turns their violations into sorted findings:
severity overrides, `claimcite: ignore[...]` suppressions, then the baseline."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from claimcite.errors import ConfigError
from claimcite.findings import BaselineCount, Checked, Finding, Result, Summary
from claimcite.model import Project, Severity, Suppression
from claimcite.options import Options
from claimcite.rules import ALL_RULES, BY_NAME, Rule, Violation, lookup, unknown_rule


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
    raise ConfigError(unknown_rule(pattern))


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


def _finding(chosen: Rule, severity: Severity, violation: Violation) -> Finding:
    location = violation.location
    return Finding(
        rule=chosen.name,
        code=chosen.code,
        severity=severity,
        message=violation.message,
        location=location,
        claim=violation.claim,
        key=violation.key,
        suggestion=violation.suggestion,
        fix=violation.fix,
    )


def _covers(suppression: Suppression, finding: Finding) -> bool:
    """Whether a suppression anchored on a span of text covers the place of a finding."""
    if suppression.end is None:
        return True
    start, end = suppression.location, suppression.end
    place = (finding.line or 0, finding.column or 0)
    return (start.line or 0, start.column or 0) <= place <= (end.line or 0, end.column or 0)


def _suppress(
    findings: set[Finding], suppressions: Iterable[Suppression], selected: set[str]
) -> tuple[set[Finding], int, list[Finding]]:
    """The findings left after `claimcite: ignore[...]` comments, how many were suppressed,
    and an unused-suppression finding for each named rule that suppressed nothing."""
    by_place: dict[tuple[str, int], list[tuple[Suppression, str, Rule | None]]] = {}
    for suppression in suppressions:
        line = suppression.location.line or 0
        # a comment on its own line covers it and the next; one anchored on a span (Word's), the span
        end = suppression.end.line or line if suppression.end is not None else line + 1
        for name in suppression.rules or ():
            entry = (suppression, name, lookup(name))
            for covered in range(line, max(end, line) + 1):
                by_place.setdefault((suppression.location.path, covered), []).append(entry)
    used: set[tuple[int, str]] = set()
    kept: set[Finding] = set()
    for finding in findings:
        hit = None
        for suppression, name, named in by_place.get((finding.path, finding.line or 0), ()):
            if named is not None and named.name == finding.rule and _covers(suppression, finding):
                hit = (id(suppression), name)
                break
        if hit is None:
            kept.add(finding)
        else:
            used.add(hit)
    unused_rule = BY_NAME["unused-suppression"]
    unused: list[Finding] = []
    if unused_rule.name in selected:
        for suppression in {id(s): s for s in suppressions}.values():
            for name in suppression.rules or ():
                named = lookup(name)
                if (id(suppression), name) in used:
                    continue
                if named is None:
                    message = f"{unknown_rule(name)} (in 'claimcite: ignore')"
                elif named.name not in selected:
                    continue  # not run now, so not known to be unused
                else:
                    message = f"'claimcite: ignore[{name}]' suppresses nothing here: remove it"
                unused.append(
                    Finding(
                        unused_rule.name,
                        unused_rule.code,
                        unused_rule.severity,
                        message,
                        suppression.location,
                    )
                )
    return kept, len(findings) - len(kept), unused


def _apply_baseline(
    findings: list[Finding], baseline: Mapping[str, int]
) -> tuple[list[Finding], BaselineCount]:
    remaining = Counter(baseline)
    kept: list[Finding] = []
    matched = 0
    for finding in findings:
        fingerprint = finding.fingerprint
        if remaining[fingerprint] > 0:
            remaining[fingerprint] -= 1
            matched += 1
        else:
            kept.append(finding)
    return kept, BaselineCount(matched, sum(remaining.values()))


def _checked(project: Project) -> tuple[Checked, ...]:
    items = [Checked("bibliography", bib.path, bib.path) for bib in project.bibliographies]
    items += [
        Checked("claim", claim.id or f"line {claim.location.line}", claim.location.path)
        for claim in project.claims
    ]
    items += [Checked("document", document.path, document.path) for document in project.documents]
    return tuple(items)


def run(
    project: Project,
    rules: Iterable[Rule],
    overrides: Mapping[str, Severity] | None = None,
    options: Options | None = None,
    baseline: Mapping[str, int] | None = None,
) -> Result:
    """Every finding of `rules` on `project`, sorted by path, line, column, rule."""
    overrides = overrides or {}
    chosen_rules = tuple(rules)
    findings: set[Finding] = set()
    for chosen in chosen_rules:
        configured = overrides.get(chosen.code)
        for violation in chosen(project, options):
            severity = configured or violation.severity or chosen.severity
            findings.add(_finding(chosen, severity, violation))
    selected = {r.name for r in chosen_rules}
    findings, suppressed, unused = _suppress(findings, project.suppressions, selected)
    unused_code = BY_NAME["unused-suppression"].code
    findings.update(
        Finding(f.rule, f.code, overrides.get(unused_code, f.severity), f.message, f.location) for f in unused
    )
    ordered = sorted(findings, key=Finding.sort_key)
    counted = None
    if baseline is not None:
        ordered, counted = _apply_baseline(ordered, baseline)
    counts = dict.fromkeys(Severity, 0)
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
    return Result(tuple(ordered), summary, _checked(project), suppressed, counted, project.hashes)
