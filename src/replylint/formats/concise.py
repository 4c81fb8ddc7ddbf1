"""`--format concise`: one line a diagnostic, `path:line:col: severity rule message` (grep- and editor-friendly)."""

from __future__ import annotations

import sys
from typing import Sequence, TextIO

from ..linter import FileResult
from . import OutputOptions, summary


def write(results: Sequence[FileResult], out: TextIO, options: OutputOptions) -> None:
    for r in results:
        for d in r.diagnostics:
            out.write(f"{d.path}:{d.line}:{d.column}: {d.severity} {d.rule} {d.message}\n")
    if options.verbose or any(r.diagnostics for r in results):
        print(summary(results), file=sys.stderr)
