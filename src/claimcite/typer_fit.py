"""Where claimcite asks typer to behave as click did, through typer's private names: when a
release renames them, typer's own behaviour stays (nothing breaks, the run is only slower or the
help is typer's).

- Arguments are shown as click shows them, `[PATH]...` and `RULE`, not typer's `PATH
  <list[str]>` and `{rule}`: the help is read by people, not by the type checker.
- Option values that are strings, lists of strings or choices are coerced as click did, without
  pydantic. Typer (since 0.2x) coerces every value through a pydantic TypeAdapter: importing
  pydantic and building the adapters takes twice as long as importing typer, in every run of a
  command with options (benchmarks/startup.py). The messages are typer's own (`coerce_cli_choice`;
  tests/typer_fit_test.py compares both ways on every option of every command). Any other type
  (numbers, paths, files) is left to typer.
"""

from __future__ import annotations

import enum
import types
import typing
from dataclasses import dataclass
from typing import Any

import typer


def plain_argument_help() -> None:
    """`[PATH]...` and `RULE` in the help, as click shows arguments."""
    argument: Any = getattr(typer.core, "TyperArgument", None)
    if argument is None or not hasattr(argument, "display_type_rich"):
        return

    def usage(self: Any) -> str:
        name = str(self.display_name_raw)
        if not self.required:
            name = f"[{name}]"
        return name + ("..." if self.nargs != 1 else "")

    argument.display_type_rich = lambda self, ctx: None
    if hasattr(argument, "_usage_display_name"):
        argument._usage_display_name = usage


def _plain_type(annotation: Any) -> Any:
    """`bool`, `str`, `list[str]` or an Enum class that `annotation` (maybe Optional) stands for;
    None for any other."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        others = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        if len(others) != 1:
            return None
        annotation = others[0]
    if annotation in (bool, str) or (
        typing.get_origin(annotation) is list and typing.get_args(annotation) == (str,)
    ):
        return annotation
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return annotation
    return None


def plain_coercion() -> None:
    """Strings, lists of strings and choices coerced without pydantic (the module's docstring)."""
    try:
        from typer import _coercion, _param_types, core
    except ImportError:
        return
    runtime: Any = getattr(_coercion, "RuntimeParam", None)
    build: Any = getattr(_coercion, "build_runtime_param", None)
    parameter: Any = getattr(core, "_TyperParameter", None)
    choose: Any = getattr(_param_types, "coerce_cli_choice", None)
    if runtime is None or build is None or choose is None or not hasattr(parameter, "get_runtime_param"):
        return
    typers_own = parameter.get_runtime_param

    @dataclass(frozen=True)
    class Plain(runtime):  # type: ignore[misc]
        plain: Any = None
        descriptor: Any = None

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            if self.plain is bool:
                # a flag gives a bool; anything else (an environment variable's text) is typer's
                return (
                    value
                    if isinstance(value, bool)
                    else build(self.descriptor)._coerce_value(value, param, ctx)
                )
            if self.plain is str:
                return value if isinstance(value, str) else str(value)
            if typing.get_origin(self.plain) is list:
                items = value if isinstance(value, (list, tuple)) else [value]
                return [item if isinstance(item, str) else str(item) for item in items]
            try:
                return choose(
                    value,
                    choices=tuple(self.plain),
                    case_sensitive=self.parameter_info.case_sensitive,
                    ctx=ctx,
                )
            except ValueError as error:
                raise typer.BadParameter(str(error), ctx=ctx, param=param) from None

    def get_runtime_param(self: Any) -> Any:
        if getattr(self, "_runtime_param", None) is None:
            descriptor = self.type_descriptor
            info = descriptor.parameter_info
            plain = _plain_type(descriptor.annotation)
            custom = any(getattr(info, name, None) is not None for name in ("parser", "click_type"))
            if plain is None or custom or descriptor.file_annotation is not None:
                return typers_own(self)
            self._runtime_param = Plain(
                parameter_info=info, annotation=descriptor.annotation, plain=plain, descriptor=descriptor
            )
        return self._runtime_param

    parameter.get_runtime_param = get_runtime_param
