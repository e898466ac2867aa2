"""What a user may tune in the rules (`Options`), each setting declared once with `tunable`:
its config key, check and message, default and, where it has one, the option of `claimcite check`
that sets it. Apart from the model, so that the command line and the config read the
declarations without importing the model's value types."""

from __future__ import annotations

import typing
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import Any


@dataclass(frozen=True, slots=True)
class Tunable:
    """How a setting of the rules is declared: a value passes `check`, else the config's error
    says it `must` be ...; `convert` turns a value that passed into the field's type."""

    check: Callable[[object], bool]
    must: str
    convert: Callable[[Any], Any]
    flag: str | None = None  # `check`'s option for it (`--et-al-from`), if it has one
    help: str = ""  # the option's help


def tunable(
    default: object,
    *,
    check: Callable[[object], bool],
    must: str,
    number: bool = False,
    flag: str | None = None,
    help: str = "",
) -> Any:
    """A field of `Options` that the config may set (under its name): one declaration gives the
    config key, its check and message, the default, the field the rules read, and where it
    names a `flag`, the option of `claimcite check` that sets it (the command line wins)."""
    convert: Callable[[Any], Any] = float if number else (lambda value: value)
    return field(default=default, metadata={"tunable": Tunable(check, must, convert, flag, help)})


def _whole(low: int) -> Callable[[object], bool]:
    return lambda value: isinstance(value, int) and not isinstance(value, bool) and value >= low


def _within(low: float, high: float) -> Callable[[object], bool]:
    return lambda value: (
        isinstance(value, (int, float)) and not isinstance(value, bool) and low <= value <= high
    )


@dataclass(frozen=True, slots=True)
class Options:
    """What a user may tune in the rules, from the config: each field is declared once, here,
    with `tunable` (config.py takes its key, check and default from the declaration)."""

    # APA 7: "et al." from three authors on; Chicago 17: from four
    et_al_from: int = tunable(3, check=_whole(2), must="a whole number of at least 2 (APA 7: 3)")
    # how alike (0-100) a claim and a sentence must be to be one
    claim_match: float = tunable(80.0, check=_within(0, 100), must="a number from 0 to 100", number=True)
    # the share of a claim's content words its source must hold
    weak_support: float = tunable(0.2, check=_within(0, 1), must="a share from 0 to 1", number=True)


def tunables() -> dict[str, Tunable]:
    """The rules' tunables, as `Options` declares them: config key -> declaration."""
    return {item.name: item.metadata["tunable"] for item in fields(Options) if "tunable" in item.metadata}


def tunable_types() -> dict[str, Any]:
    """The type of each tunable, as `Options` declares its field."""
    return typing.get_type_hints(Options)
