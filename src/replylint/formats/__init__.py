"""Output formats. Each module has `write(results, out, options)`; stdout carries only the report."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING, Iterable, Protocol, Sequence, TextIO

from ..linter import FileResult

if TYPE_CHECKING:
    from ..rules import Rule

FORMATS = ("pretty", "concise", "json", "sarif", "github", "junit")


@dataclass(frozen=True)
class OutputOptions:
    """What a format may be asked for besides the results: color, verbosity, the rules that ran."""

    color: bool = False
    verbose: bool = False
    # The rules that ran (a RuleSet or any iterable of Rule): SARIF, JUnit and --statistics describe them.
    rules: "Iterable[Rule] | None" = None


class Writer(Protocol):
    def __call__(self, results: Sequence[FileResult], out: TextIO, options: OutputOptions) -> None: ...


def writer(name: str) -> Writer:
    """The writer of a format, imported only when used (rich costs start-up time)."""
    module = import_module(f".{'json_' if name == 'json' else name}", __name__)
    return module.write  # type: ignore[no-any-return]


def counts(results: Sequence[FileResult]) -> dict[str, int]:
    out = {"error": 0, "warning": 0, "info": 0}
    for r in results:
        for d in r.diagnostics:
            out[d.severity] += 1
    return out


def summary(results: Sequence[FileResult]) -> str:
    c = counts(results)
    total = sum(c.values())
    files = sum(1 for r in results if r.error is None)
    noun = "file" if files == 1 else "files"
    if not total:
        return f"No problems found in {files} {noun}."
    parts = ", ".join(f"{n} {k}{'s' if n != 1 and k != 'info' else ''}" for k, n in c.items() if n)
    return f"Found {total} problem{'s' if total != 1 else ''} ({parts}) in {files} {noun}."


def rule_map(options: OutputOptions) -> "dict[str, Rule]":
    """The known rules by id, in their order (the first of a repeated id wins)."""
    out: dict[str, Rule] = {}
    for rule in options.rules or ():
        out.setdefault(rule.id, rule)
    return out


def rule_ids(results: Sequence[FileResult], options: OutputOptions) -> list[str]:
    """Every rule a report describes: the rules that ran, then any other id a diagnostic names
    (one from outside the rule set, e.g. a suppression notice), in a stable order."""
    ids = list(rule_map(options))
    extra = sorted({d.rule for r in results for d in r.diagnostics} - set(ids))
    return ids + extra
