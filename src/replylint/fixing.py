"""`--fix` and `--diff` over files: fix each file's text, then write it back or print the diff.

Kept apart from the CLI so that the command stays thin and the steps can be tested directly.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, replace
from typing import Sequence, TextIO

from .config import Configs
from .diagnostics import Diagnostic
from .document import Document
from .files import Found
from .fixes import FixWriteError, fix_until_stable, unified_diff, write_fixed
from .linter import FileResult, Prepared, lint_file, prepare
from .parallel import failure
from .rules import RuleError
from .ruleset import ConfigError


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
    found: Sequence[Found],
    configs: Configs,
    inquiry: Document | None = None,
    encoding: str | None = None,
    template: bool = False,
    stdin_filename: str | None = None,
    *,
    write: bool = True,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> list[FixedFile]:
    """Fix each file as it is linted (its config, Markdown, placeholders); write it (write=True) or print
    its diff to `out`. A file with nothing to fix is never touched."""
    out = out or sys.stdout
    err = err or sys.stderr
    done: list[FixedFile] = []
    for item in prepare(found, configs, encoding, stdin_filename):
        if isinstance(item, FileResult):
            done.append(FixedFile(item))
            continue
        source = item.source

        def diagnose(text: str, item: Prepared = item) -> tuple[Diagnostic, ...]:
            return lint_file(replace(item.source, text=text), item.profile, inquiry, template, item.location).diagnostics

        try:
            outcome = fix_until_stable(source.text, diagnose)
        except (ConfigError, RuleError):
            raise
        except Exception as exc:  # noqa: BLE001 - a rule's regex timing out, say: this file's error, as when linting
            done.append(FixedFile(FileResult(source.path, error=failure(exc), source=source)))
            continue
        changed = outcome.text != source.text
        fixed = replace(source, text=outcome.text)
        if changed and not write:
            out.write(unified_diff(source, outcome.text))
        elif changed:
            try:
                write_fixed(source, outcome.text)
            except FixWriteError as exc:
                done.append(FixedFile(FileResult(source.path, error=f"not fixed: {exc}"), 0, False))
                continue
            print(f"replylint: fixed {outcome.applied} problem{'s' if outcome.applied != 1 else ''} in {source.path}", file=err)
        if write:
            try:
                remaining = lint_file(fixed, item.profile, inquiry, template, item.location)
            except (ConfigError, RuleError):
                raise
            except Exception as exc:  # noqa: BLE001 - as above; the fixes are written already
                remaining = FileResult(source.path, error=failure(exc), source=fixed)
        else:
            remaining = FileResult(source.path, source=source)
        done.append(FixedFile(remaining, outcome.applied, changed))
    return done
