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

import yaml

from claimcite.files.contain import Area
from claimcite.load.suppressions import Comment
from claimcite.load.suppressions import scan as scan_suppressions
from claimcite.load.text import read_text
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
            self.problem(root, f"a claim file is a mapping with a 'claims:' list, not {_kind(root)}")
            return self.out
        names = {k.value for k, _ in root.value if isinstance(k, yaml.ScalarNode)}
        if not required and "claims" not in names:
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


def _syntax_problem(error: yaml.MarkedYAMLError, shown: str) -> Problem:
    """A YAML syntax error, placed where the broken construct starts when libyaml says so."""
    problem = error.problem or "cannot parse"
    mark = error.context_mark or error.problem_mark
    message = f"YAML syntax error: {problem}"
    if error.context_mark and error.problem_mark and error.context:
        message += f" at line {error.problem_mark.line + 1}, {error.context} that starts here"
    elif error.context:
        message += f", {error.context}"
    location = Location(shown, mark.line + 1, mark.column + 1) if mark else Location(shown)
    return Problem(ProblemKind.PARSE, message, location)


def load_claims(
    path: str, shown: str, area: Area, *, required: bool = True, comment: Comment | None = None
) -> ClaimFile:
    """The claims of the YAML file at `path`, shown in reports as `shown`, read where `area`
    admits it; suppressions are read from the `comment`s (the format's, load/formats/claims.py).

    With `required` false (a file found in a folder), YAML without a top-level
    `claims:` is not a claim file and is skipped without a problem.
    """
    text_file = read_text(path, shown, area)
    problems = [text_file.problem] if text_file.problem else []
    suppressions = scan_suppressions(text_file.text, shown, comment)
    digest = text_file.digest
    try:
        root = compose(text_file.text)
    except yaml.MarkedYAMLError as error:
        out = ClaimFile(shown, suppressions=suppressions, digest=digest)
        out.problems = [*problems, _syntax_problem(error, shown)]
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
