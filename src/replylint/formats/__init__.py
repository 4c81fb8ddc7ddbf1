"""Output formats. Each module has `write(results, out, options)`; stdout carries only the report.

`results` may be any iterable, read once: the CLI hands over a run's results as they come, and
a format writes each file's part and lets go of it (concise, pretty, github, json), or keeps
only what its end needs, never the texts (sarif, junit, --statistics).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import import_module
from typing import TYPE_CHECKING, Iterable, Iterator, Protocol, TextIO

from ..linter import FileResult

if TYPE_CHECKING:
    from ..rules import Rule

FORMATS = ("pretty", "concise", "json", "sarif", "github", "junit")

# What a terminal or a log must not receive raw: C0 controls but tab (ESC starts a sequence that
# can set the window title or write the clipboard, CR and LF break a one-line report), DEL, C1.
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """Text for a person's report: a draft's (or a file name's) control characters shown as
    \\x1b and the like, never sent to the reader's terminal."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text) if _CONTROL.search(text) else text


@dataclass(frozen=True)
class OutputOptions:
    """What a format may be asked for besides the results: color, verbosity, the rules that ran."""

    color: bool = False
    verbose: bool = False
    # The rules that ran (a RuleSet or any iterable of Rule): SARIF, JUnit and --statistics describe them.
    rules: "Iterable[Rule] | None" = None


class Writer(Protocol):
    def __call__(self, results: Iterable[FileResult], out: TextIO, options: OutputOptions) -> None: ...


def writer(name: str) -> Writer:
    """The writer of a format, imported only when used (rich costs start-up time)."""
    module = import_module(f".{'json_' if name == 'json' else name}", __name__)
    return module.write  # type: ignore[no-any-return]


@dataclass
class Tally:
    """What the end of a report needs, counted as the results pass instead of kept: problems by
    severity, files linted and failed, rules skipped for want of an inquiry."""

    counts: dict[str, int] = field(default_factory=lambda: {"error": 0, "warning": 0, "info": 0})
    files: int = 0  # linted (no error)
    failed: int = 0  # could not be read or linted
    skipped: set[str] = field(default_factory=set)

    def add(self, r: FileResult) -> FileResult:
        for d in r.diagnostics:
            self.counts[d.severity] += 1
        if r.error is None:
            self.files += 1
        else:
            self.failed += 1
        self.skipped.update(r.skipped)
        return r

    def passing(self, results: Iterable[FileResult]) -> Iterator[FileResult]:
        """`results`, counted as they go by."""
        for r in results:
            yield self.add(r)

    @property
    def problems(self) -> int:
        return sum(self.counts.values())

    def summary(self) -> str:
        total = self.problems
        noun = "file" if self.files == 1 else "files"
        if not total:
            return f"No problems found in {self.files} {noun}."
        parts = ", ".join(f"{n} {k}{'s' if n != 1 and k != 'info' else ''}" for k, n in self.counts.items() if n)
        return f"Found {total} problem{'s' if total != 1 else ''} ({parts}) in {self.files} {noun}."


def tally(results: Iterable[FileResult]) -> Tally:
    out = Tally()
    for r in results:
        out.add(r)
    return out


def counts(results: Iterable[FileResult]) -> dict[str, int]:
    return tally(results).counts


def summary(results: Iterable[FileResult]) -> str:
    return tally(results).summary()


def rule_map(options: OutputOptions) -> "dict[str, Rule]":
    """The known rules by id, in their order (the first of a repeated id wins)."""
    out: dict[str, Rule] = {}
    for rule in options.rules or ():
        out.setdefault(rule.id, rule)
    return out


def rule_ids(results: Iterable[FileResult], options: OutputOptions) -> list[str]:
    """Every rule a report describes: the rules that ran, then any other id a diagnostic names
    (one from outside the rule set, e.g. a suppression notice), in a stable order."""
    return ordered_ids({d.rule for r in results for d in r.diagnostics}, options)


def ordered_ids(reported: Iterable[str], options: OutputOptions) -> list[str]:
    """`rule_ids` from the ids the diagnostics named, for a format that has let go of the results."""
    ids = list(rule_map(options))
    return ids + sorted(set(reported) - set(ids))
