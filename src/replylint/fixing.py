"""`--fix` and `--diff` over files: fix each file's text, then write it back or print the diff.

Kept apart from the CLI so that the command stays thin and the steps can be tested directly.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Iterable, TextIO

from .document import Document
from .fixes import FixWriteError, fix_text, unified_diff, write_fixed
from .linter import FileResult, lint_source
from .ruleset import RuleSet
from .source import InputError, Source, read_source


@dataclass(frozen=True)
class FixedFile:
    """One file after fixing: what remains to report, and whether its text changed."""

    result: FileResult
    applied: int = 0
    changed: bool = False

    @property
    def error(self) -> str | None:
        return self.result.error


def run_fixes(
    paths: Iterable[str],
    rules: RuleSet,
    inquiry: Document | None = None,
    encoding: str | None = None,
    *,
    write: bool = True,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> list[FixedFile]:
    """Fix each file; write it (write=True) or print its diff to `out`. A file with nothing to fix is never touched."""
    out = out or sys.stdout
    err = err or sys.stderr
    done: list[FixedFile] = []
    for path in paths:
        try:
            source = read_source(path, encoding)
        except InputError as exc:
            done.append(FixedFile(FileResult(path, error=exc.message)))
            continue
        outcome = fix_text(source.text, rules, inquiry, source.path)
        changed = outcome.text != source.text
        fixed = Source(source.path, outcome.text, source.encoding, source.bom, source.newline)
        if changed and not write:
            out.write(unified_diff(source, outcome.text))
        elif changed:
            try:
                write_fixed(source, outcome.text)
            except FixWriteError as exc:
                done.append(FixedFile(FileResult(path, error=f"not fixed: {exc}"), 0, False))
                continue
            print(f"replylint: fixed {outcome.applied} problem{'s' if outcome.applied != 1 else ''} in {source.path}", file=err)
        remaining = lint_source(fixed, rules, inquiry) if write else FileResult(source.path, source=source)
        done.append(FixedFile(remaining, outcome.applied, changed))
    return done
