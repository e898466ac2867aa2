"""Every rule, in one explicit registry: look-up by code and by name."""

from __future__ import annotations

from claimcite.rules.base import Rule, Violation, rule
from claimcite.rules.bibliography import duplicate_key, missing_field, unused_entry
from claimcite.rules.citations import ambiguous_citation, author_year_mismatch, unresolved_citation
from claimcite.rules.claims import duplicate_claim_id, unsupported_claim
from claimcite.rules.documents import citation_differs, claim_not_in_document
from claimcite.rules.duplicates import duplicate_entry
from claimcite.rules.evidence import (
    locator_mismatch,
    locator_out_of_range,
    misleading_quote,
    quote_adapted,
    quote_not_found,
    source_unavailable,
    weak_support,
)
from claimcite.rules.fields import malformed_field
from claimcite.rules.input import invalid_claim, nothing_checked, parse_error
from claimcite.rules.keys import cited_by_identifier, unknown_key
from claimcite.rules.reflist import (
    missing_from_reference_list,
    reference_differs,
    reference_not_in_bibliography,
    unparsed_reference,
)
from claimcite.rules.registries import (
    could_not_verify,
    doi_missing,
    doi_not_found,
    metadata_mismatch,
    reference_not_found,
    retracted_source,
    source_has_notice,
)
from claimcite.rules.style import citation_style, et_al_misuse
from claimcite.rules.suppressions import blanket_suppression, unused_suppression
from claimcite.rules.wordfields import field_text_edited

ALL_RULES: tuple[Rule, ...] = (
    parse_error,
    invalid_claim,
    nothing_checked,
    blanket_suppression,
    unused_suppression,
    unknown_key,
    unresolved_citation,
    ambiguous_citation,
    author_year_mismatch,
    citation_differs,
    field_text_edited,
    cited_by_identifier,
    unsupported_claim,
    duplicate_claim_id,
    claim_not_in_document,
    quote_not_found,
    locator_mismatch,
    locator_out_of_range,
    misleading_quote,
    source_unavailable,
    weak_support,
    quote_adapted,
    duplicate_key,
    duplicate_entry,
    missing_field,
    malformed_field,
    unused_entry,
    unparsed_reference,
    reference_not_in_bibliography,
    missing_from_reference_list,
    reference_differs,
    et_al_misuse,
    citation_style,
    doi_not_found,
    metadata_mismatch,
    doi_missing,
    reference_not_found,
    retracted_source,
    source_has_notice,
    could_not_verify,
)

BY_CODE = {r.code: r for r in ALL_RULES}
BY_NAME = {r.name: r for r in ALL_RULES}


def lookup(name_or_code: str) -> Rule | None:
    """The rule with this name (`unknown-key`) or code (`CC101`, any case)."""
    return BY_NAME.get(name_or_code.lower()) or BY_CODE.get(name_or_code.upper())


def unknown_rule(name: str) -> str:
    """What to say of `name`, which names no rule: the closest rule name, or where they are listed."""
    from claimcite.match import closest

    guess = closest(name, list(BY_NAME), cutoff=60)
    return (
        f"unknown rule {name!r}; did you mean {guess!r}?"
        if guess
        else f"unknown rule {name!r}: `claimcite rules` lists them"
    )


__all__ = ["ALL_RULES", "BY_CODE", "BY_NAME", "Rule", "Violation", "lookup", "rule", "unknown_rule"]
