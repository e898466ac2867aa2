"""Claim files (YAML), with the line and column of everything in them.

PyYAML's composer (libyaml's C parser where available) builds a node tree with
positions and constructs no object; the schema of DESIGN §1 is checked on those
nodes here, so each problem points at its own line. Measured on 5,000 claims
(benchmarks/yaml_loaders.py): libyaml's composer takes about a twentieth of
ruamel.yaml's round-trip loader, the other loader that keeps positions.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from claimcite.files.contain import Area
from claimcite.load.format import Comment
from claimcite.load.parsecache import (
    ParseCache,
    as_flag,
    as_list,
    as_maybe_text,
    as_text,
    location_data,
    location_of,
    problem_data,
    problem_of,
    suppression_data,
    suppression_of,
)
from claimcite.load.suppressions import scan as scan_suppressions
from claimcite.load.text import TextFile, fallback_encoding, read_text
from claimcite.load.yamltree import ALIAS, compose, is_null
from claimcite.match import closest
from claimcite.model import Location, Problem, ProblemKind, SourceRef, Suppression

_TOP_FIELDS = ("document", "bibliography", "claims")
_CLAIM_FIELDS = ("id", "statement", "sources", "unsourced")
_SOURCE_FIELDS = ("key", "locator", "quote")


@dataclass(frozen=True, slots=True)
class RawClaim:
    """A claim as its file states it; bibliographies and documents are resolved later."""

    id: str | None
    statement: str
    location: Location
    sources: tuple[SourceRef, ...]
    unsourced: str | None
    sources_unreadable: bool = False


@dataclass
class ClaimFile:
    """What one claim file says, and what in it could not be used."""

    path: str
    claims: list[RawClaim] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    document: tuple[str, Location] | None = None
    bibliographies: list[tuple[str, Location]] = field(default_factory=list)
    is_claim_file: bool = True  # False for YAML with no `claims:` (found in a folder, skipped)
    suppressions: list[Suppression] = field(default_factory=list)
    digest: str = ""


class _Schema:
    """Walks the node tree of one claim file and records its claims and problems."""

    def __init__(self, shown: str) -> None:
        self.out = ClaimFile(shown)
        self.seen: set[int] = set()

    def once(self, node: yaml.Node, claim: str | None = None) -> bool:
        """False, with a problem, for a list or a mapping met before: an alias (`*name`), which
        is refused rather than expanded (nested aliases can stand for billions of values)."""
        if isinstance(node, yaml.ScalarNode):
            return True
        if id(node) in self.seen:
            self.out.problems.append(Problem(ProblemKind.PARSE, ALIAS, self.at(node), claim))
            return False
        self.seen.add(id(node))
        return True

    def at(self, node: yaml.Node) -> Location:
        mark = node.start_mark
        return Location(self.out.path, mark.line + 1, mark.column + 1)

    def problem(
        self, node: yaml.Node, message: str, claim: str | None = None, key: str | None = None
    ) -> None:
        self.out.problems.append(Problem(ProblemKind.SCHEMA, message, self.at(node), claim, key))

    def text(self, node: yaml.Node, what: str, claim: str | None = None) -> str | None:
        """The text of a scalar node; numbers count as their text, anything else is a problem."""
        if isinstance(node, yaml.ScalarNode) and not is_null(node):
            return str(node.value)
        shown = "empty" if isinstance(node, yaml.ScalarNode) else _kind(node)
        self.problem(node, f"{what} must be text, not {shown}", claim)
        return None

    def fields(
        self, node: yaml.MappingNode, allowed: tuple[str, ...], what: str, claim: str | None = None
    ) -> Iterator[tuple[str, yaml.Node, yaml.Node]]:
        """The (name, key node, value node) pairs of a mapping; unknown and repeated names are problems."""
        seen: set[str] = set()
        for key_node, value_node in node.value:
            name = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(name, str):
                self.problem(key_node, f"{what} has a field name that is not text", claim)
                continue
            if name in seen:
                self.problem(key_node, f"{what} gives {name!r} twice", claim)
                continue
            seen.add(name)
            if name not in allowed:
                guess = closest(name, allowed, cutoff=70)
                hint = f" - did you mean {guess!r}?" if guess else f" (fields: {', '.join(allowed)})"
                self.problem(key_node, f"unknown field {name!r} in {what}{hint}", claim)
                continue
            yield name, key_node, value_node

    def file(self, root: yaml.Node | None, *, required: bool) -> ClaimFile:
        if root is None:
            return self.out
        if not isinstance(root, yaml.MappingNode):
            if not required:  # YAML of another tool found in a folder (`.pre-commit-hooks.yaml`)
                self.out.is_claim_file = False
                return self.out
            self.problem(root, f"a claim file is a mapping with a 'claims:' list, not {_kind(root)}")
            return self.out
        names = {str(k.value) for k, _ in root.value if isinstance(k, yaml.ScalarNode)}
        if not required and "claims" not in names and not any(_misspelt_claims(name) for name in names):
            self.out.is_claim_file = False
            return self.out
        for name, _key, value in self.fields(root, _TOP_FIELDS, "the claim file"):
            if not self.once(value):
                continue
            if name == "claims":
                self.claims(value)
            elif name == "document":
                text = self.text(value, "'document'")
                if text:
                    self.out.document = (text, self.at(value))
            elif name == "bibliography":
                items = value.value if isinstance(value, yaml.SequenceNode) else [value]
                for item in items:
                    text = self.text(item, "'bibliography'")
                    if text:
                        self.out.bibliographies.append((text, self.at(item)))
        return self.out

    def claims(self, node: yaml.Node) -> None:
        if is_null(node):
            return
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, f"'claims' must be a list of claims, not {_kind(node)}")
            return
        for item in node.value:
            if not self.once(item):
                continue
            if isinstance(item, yaml.MappingNode):
                self.claim(item)
            else:
                self.problem(item, f"a claim is a mapping with 'id' and 'statement', not {_kind(item)}")

    def claim(self, node: yaml.MappingNode) -> None:
        claim_id = None
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == "id":
                claim_id = self.text(value_node, "'id'")
                break
        else:
            self.problem(node, "claim has no 'id': give each claim a unique id")
        if claim_id is not None and not claim_id.strip():
            self.problem(node, "claim has an empty 'id': give each claim a unique id")
            claim_id = None
        statement: str | None = None
        sources: tuple[SourceRef, ...] = ()
        sources_unreadable = False
        unsourced: str | None = None
        unsourced_node: yaml.Node | None = None
        for name, _key, value in self.fields(node, _CLAIM_FIELDS, "the claim", claim_id):
            if name == "statement":
                statement = self.text(value, "'statement'", claim_id)
            elif name == "sources":
                before = len(self.out.problems)
                sources = self.sources(value, claim_id) if self.once(value, claim_id) else ()
                sources_unreadable = len(self.out.problems) > before
            elif name == "unsourced":
                unsourced_node = value
                unsourced = self.text(value, "'unsourced' (the reason the claim has no source)", claim_id)
                if unsourced is not None and not unsourced.strip():
                    self.problem(
                        value, "'unsourced' needs a reason: say why the claim has no source", claim_id
                    )
        if statement is None and not any(
            isinstance(k, yaml.ScalarNode) and k.value == "statement" for k, _ in node.value
        ):
            self.problem(node, "claim has no 'statement': write the claim as a sentence", claim_id)
        if sources and unsourced is not None and unsourced_node is not None:
            self.problem(
                unsourced_node,
                "claim has both sources and an 'unsourced' reason: keep one of them",
                claim_id,
            )
        self.out.claims.append(
            RawClaim(
                claim_id, (statement or "").strip(), self.at(node), sources, unsourced, sources_unreadable
            )
        )

    def sources(self, node: yaml.Node, claim: str | None) -> tuple[SourceRef, ...]:
        if is_null(node):
            return ()
        if not isinstance(node, yaml.SequenceNode):
            self.problem(
                node,
                f"'sources' must be a list of keys (sources: [{_plain(node) or 'key'}]), not {_kind(node)}",
                claim,
            )
            return ()
        refs: list[SourceRef] = []
        for item in node.value:
            if not self.once(item, claim):
                continue
            if isinstance(item, yaml.ScalarNode):
                key = self.text(item, "a source key", claim)
                if key is not None and not key.strip():
                    self.problem(item, "empty source key: name the bibliography entry", claim)
                elif key is not None:
                    refs.append(SourceRef(key.strip(), self.at(item)))
            elif isinstance(item, yaml.MappingNode):
                ref = self.source(item, claim)
                if ref is not None:
                    refs.append(ref)
            else:
                self.problem(item, f"a source is a key or a mapping with 'key', not {_kind(item)}", claim)
        return tuple(refs)

    def source(self, node: yaml.MappingNode, claim: str | None) -> SourceRef | None:
        values: dict[str, tuple[str, yaml.Node]] = {}
        for name, _key, value in self.fields(node, _SOURCE_FIELDS, "the source", claim):
            text = self.text(value, repr(name), claim)
            if text is not None:
                values[name] = (text, value)
        if "key" not in values:
            if not any(isinstance(k, yaml.ScalarNode) and k.value == "key" for k, _ in node.value):
                self.problem(node, "source has no 'key': name the bibliography entry", claim)
            return None
        key, key_node = values["key"]
        if not key.strip():
            self.problem(key_node, "empty source key: name the bibliography entry", claim)
            return None
        locator = values.get("locator", (None, None))[0]
        quote = values.get("quote", (None, None))[0]
        return SourceRef(key.strip(), self.at(key_node), locator, quote)


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if is_null(node):
        return "empty"
    return "a single value"


def _plain(node: yaml.Node) -> str:
    return str(node.value) if isinstance(node, yaml.ScalarNode) else ""


def _misspelt_claims(name: str) -> bool:
    """`claim:`, `Claims:`, `clams:`: a claim file's top-level key written otherwise, whose file
    is read as a claim file (the key reported) rather than skipped as some other YAML."""
    return name != "claims" and closest(name, ["claims"], cutoff=80) is not None


def _syntax_problem(error: yaml.MarkedYAMLError, shown: str, text: str) -> Problem:
    """A YAML syntax error, placed on the faulty line, with the line where the broken construct
    starts in the message; placed where that construct starts when the fault is the end of the
    file (an unclosed bracket or quote), which says nothing of where it is."""
    problem = error.problem or "cannot parse"
    context, found = error.context_mark, error.problem_mark
    at_end = found is not None and not text[found.index :].strip()
    mark = context if context is not None and (found is None or at_end) else found
    message = f"YAML syntax error: {problem}"
    if context is not None and error.context and mark is not context:
        message += f" ({error.context} that starts at line {context.line + 1})"
    elif context is not None and error.context and found is not None:
        where = "the end of the file" if at_end else f"line {found.line + 1}"
        message += f" at {where}, {error.context} that starts here"
    elif error.context:
        message += f", {error.context}"
    location = Location(shown, mark.line + 1, mark.column + 1) if mark else Location(shown)
    return Problem(ProblemKind.PARSE, message, location)


# YAML's comment, where suppressions stand; the table's row passes its own (the default is for
# callers outside the table, such as tests)
COMMENT = Comment("#")

# the modules whose code decides what a claim file gives: a cached reading of other code is not used
_READERS = (
    "claimcite.load.claims",
    "claimcite.load.text",
    "claimcite.load.suppressions",
    "claimcite.load.yamltree",
    "claimcite.match",
)


def load_claims(
    path: str,
    shown: str,
    area: Area,
    *,
    required: bool = True,
    cache: ParseCache | None = None,
    comment: Comment | None = COMMENT,
) -> ClaimFile:
    """The claims of the YAML file at `path`, shown in reports as `shown`, read where `area`
    admits it.

    With `required` false (a file found in a folder), YAML without a top-level
    `claims:` is not a claim file and is skipped without a problem. With a `cache`, a file
    read before (the same bytes) is not read again. Suppressions are read from the `comment`s
    (its row's in the table of formats, by default `COMMENT`; None: none are read).
    """
    text_file = read_text(path, shown, area)
    if cache is None:
        return _read(text_file, shown, required=required, comment=comment)
    key = cache.key(
        "claims",
        _READERS,
        yaml.__version__,
        text_file.digest,
        shown,
        str(required),
        fallback_encoding(),
        str(comment),
    )
    restored = _restored(cache.get("claims", shown, key), shown)
    if restored is not None:
        return restored
    read = _read(text_file, shown, required=required, comment=comment)
    cache.put("claims", shown, key, _stored(read))
    return read


def _stored(claim_file: ClaimFile) -> dict[str, Any]:
    """A claim file as read, as plain data."""
    return {
        "claims": [
            [
                claim.id,
                claim.statement,
                location_data(claim.location),
                [[r.key, location_data(r.location), r.locator, r.quote] for r in claim.sources],
                claim.unsourced,
                claim.sources_unreadable,
            ]
            for claim in claim_file.claims
        ],
        "problems": [problem_data(problem) for problem in claim_file.problems],
        "document": None
        if claim_file.document is None
        else [claim_file.document[0], location_data(claim_file.document[1])],
        "bibliographies": [[name, location_data(where)] for name, where in claim_file.bibliographies],
        "is_claim_file": claim_file.is_claim_file,
        "suppressions": [suppression_data(suppression) for suppression in claim_file.suppressions],
        "digest": claim_file.digest,
    }


def _restored(stored: Any, shown: str) -> ClaimFile | None:
    """The claim file that `_stored` stored, or None for data of another shape."""
    if type(stored) is not dict:
        return None
    try:
        claims = [
            RawClaim(
                as_maybe_text(claim_id),
                as_text(statement),
                location_of(where),
                tuple(
                    SourceRef(as_text(key), location_of(at), as_maybe_text(locator), as_maybe_text(quote))
                    for key, at, locator, quote in as_list(sources)
                ),
                as_maybe_text(unsourced),
                as_flag(unreadable),
            )
            for claim_id, statement, where, sources, unsourced, unreadable in as_list(stored["claims"])
        ]
        document = stored["document"]
        return ClaimFile(
            shown,
            claims,
            [problem_of(problem) for problem in as_list(stored["problems"])],
            None if document is None else (as_text(as_list(document)[0]), location_of(document[1])),
            [(as_text(name), location_of(where)) for name, where in as_list(stored["bibliographies"])],
            as_flag(stored["is_claim_file"]),
            [suppression_of(suppression) for suppression in as_list(stored["suppressions"])],
            as_text(stored["digest"]),
        )
    except (KeyError, TypeError, ValueError, IndexError):
        return None


def _read(text_file: TextFile, shown: str, *, required: bool, comment: Comment | None) -> ClaimFile:
    problems = [text_file.problem] if text_file.problem else []
    suppressions = scan_suppressions(text_file.text, shown, comment)
    digest = text_file.digest
    try:
        root = compose(text_file.text)
    except yaml.MarkedYAMLError as error:
        out = ClaimFile(shown, suppressions=suppressions, digest=digest)
        out.problems = [*problems, _syntax_problem(error, shown, text_file.text)]
        return out
    except yaml.YAMLError as error:
        out = ClaimFile(shown, suppressions=suppressions, digest=digest)
        out.problems = [*problems, Problem(ProblemKind.PARSE, f"YAML error: {error}", Location(shown, 1))]
        return out
    except RecursionError:
        out = ClaimFile(shown, suppressions=suppressions, digest=digest)
        message = "YAML nested too deeply to read"
        out.problems = [*problems, Problem(ProblemKind.PARSE, message, Location(shown, 1))]
        return out
    out = _Schema(shown).file(root, required=required)
    out.problems[:0] = problems
    out.suppressions = suppressions
    out.digest = digest
    return out
