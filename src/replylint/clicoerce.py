"""Plain conversion of the CLI's simple option values, keeping pydantic off the start-up path.

typer 0.29 coerces every parameter value through a pydantic TypeAdapter, built when the
command runs: importing pydantic and building nine adapters costs more than everything else
`replylint draft.txt` does (measured: a two-option typer app takes 1.85x the import floor).
Options whose type is str, int, bool, Path or list[str], with no custom parser or bounds, are
converted here as click itself would; anything else is left to typer. On a typer without this
machinery (older versions convert with click types) nothing changes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, List

from typer.core import TyperCommand

_PLAIN = (str, int, bool, Path)
_STR_LIST = (List[str], list[str])


def _lean_runtime(descriptor: Any) -> Any:
    """A typer RuntimeParam converting plainly, or None where typer should do it."""
    try:
        from typer._coercion import RuntimeParam
    except ImportError:
        return None
    info = descriptor.parameter_info
    annotation = descriptor.annotation
    if getattr(info, "parser", None) is not None or getattr(info, "click_type", None) is not None:
        return None
    if any(getattr(info, bound, None) is not None for bound in ("min", "max")):
        return None
    if annotation not in _PLAIN and annotation not in _STR_LIST:
        return None
    return _plain_class(RuntimeParam)(parameter_info=info, annotation=annotation)


_CLASSES: dict[type, type] = {}


def _plain_class(base: type) -> type:
    if base not in _CLASSES:
        from dataclasses import dataclass

        import typer

        @dataclass(frozen=True)
        class PlainRuntimeParam(base):  # type: ignore[misc,valid-type]
            """A typer runtime parameter converted as click would, without a pydantic adapter."""

            def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
                annotation = self.annotation
                if annotation is int:
                    try:
                        return int(value)
                    except (TypeError, ValueError):
                        raise typer.BadParameter(f"{value!r} is not a valid integer.", ctx=ctx, param=param) from None
                if annotation is bool:
                    return bool(value)
                if annotation is str:
                    return str(value)
                if annotation is Path:
                    return Path(value)
                return [str(v) for v in (value if isinstance(value, (list, tuple)) else [value])]

        _CLASSES[base] = PlainRuntimeParam
    return _CLASSES[base]


def make_lean(params: list[Any]) -> None:
    """Give each simple typer parameter the plain conversion; call before parsing arguments."""
    for param in params:
        descriptor = getattr(param, "type_descriptor", None)
        if descriptor is not None and getattr(param, "_runtime_param", ()) is None:
            lean = _lean_runtime(descriptor)
            if lean is not None:
                param._runtime_param = lean


class LeanCommand(TyperCommand):
    """A typer command whose simple parameters skip pydantic (see the module docstring)."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        make_lean(self.get_params(ctx))
        return super().parse_args(ctx, args)
