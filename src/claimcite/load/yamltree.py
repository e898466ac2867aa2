"""YAML read without constructing anything (DESIGN §4), for every YAML input: claim files, CSL-YAML
bibliographies and Markdown front matter.

PyYAML's composer on libyaml builds a node tree with the position of everything; no tag is
resolved (every scalar stays text: `2021-02-30` is not a date that fails to exist, `1e999` is
no float) and no object is built. An alias (`*name`) of a list or a mapping is refused, not
expanded: a kilobyte of nested aliases would otherwise stand for billions of values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

_Base: type[yaml.SafeLoader | yaml.CSafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Loader(_Base):  # type: ignore[valid-type, misc]
    """libyaml's composer with no implicit typing of scalars: every value is read as text."""

    yaml_implicit_resolvers: dict[str, list[object]] = {}  # noqa: RUF012 - PyYAML's class attribute


# PyYAML built without libyaml falls back to its pure-Python loader: same results, slower.

NULLS = frozenset({"", "~", "null", "Null", "NULL"})
MAX_DEPTH = 64  # levels of lists and mappings: no bibliography or front matter needs more
ALIAS = "a YAML alias (*name) of a list or a mapping is not read: write the value out"


def compose(text: str) -> yaml.Node | None:
    """The node tree of `text`; raises yaml.YAMLError (and RecursionError, where nesting is
    deeper than the composer can follow)."""
    return yaml.compose(text, Loader=Loader)


def is_null(node: yaml.Node) -> bool:
    """An empty value: a plain scalar that YAML reads as null."""
    return isinstance(node, yaml.ScalarNode) and not node.style and node.value in NULLS


@dataclass
class Plain:
    """Python values of a node tree: str, list, dict and None only; `refused` holds the nodes
    left out (aliases of collections, nesting deeper than MAX_DEPTH) with the reason."""

    refused: list[tuple[yaml.Node, str]] = field(default_factory=list)
    _seen: set[int] = field(default_factory=set)

    def value(self, root: yaml.Node | None) -> Any:
        """`root` as plain values, built without recursion."""
        if root is None:
            return None
        out: list[Any] = [None]
        # (node, container to put its value into, index or key, depth)
        stack: list[tuple[yaml.Node, Any, Any, int]] = [(root, out, 0, 0)]
        while stack:
            node, into, at, depth = stack.pop()
            into[at] = self._one(node, depth, stack)
        return out[0]

    def _one(self, node: yaml.Node, depth: int, stack: list[tuple[yaml.Node, Any, Any, int]]) -> Any:
        if isinstance(node, yaml.ScalarNode):
            return None if is_null(node) else str(node.value)
        if id(node) in self._seen:
            self.refused.append((node, ALIAS))
            return None
        self._seen.add(id(node))
        if depth >= MAX_DEPTH:
            self.refused.append((node, f"nested deeper than {MAX_DEPTH} levels: not read"))
            return None
        if isinstance(node, yaml.SequenceNode):
            items: list[Any] = [None] * len(node.value)
            stack.extend((item, items, index, depth + 1) for index, item in enumerate(node.value))
            return items
        mapping: dict[str, Any] = {}
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                mapping[str(key.value)] = None
                stack.append((value, mapping, str(key.value), depth + 1))
        return mapping
