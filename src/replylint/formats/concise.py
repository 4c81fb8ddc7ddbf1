"""`--format concise`: one line a diagnostic, `path:line:col: severity rule message` (grep- and editor-friendly)."""

from __future__ import annotations

import sys
from typing import Iterable, TextIO

from ..linter import FileResult
from . import OutputOptions, Tally, printable


def write(results: Iterable[FileResult], out: TextIO, options: OutputOptions) -> None:
    tally = Tally()
    for r in tally.passing(results):
        for d in r.diagnostics:
            out.write(printable(f"{d.path}:{d.line}:{d.column}: {d.severity} {d.rule} {d.message}") + "\n")
    if options.verbose or tally.problems:
        print(tally.summary(), file=sys.stderr)
