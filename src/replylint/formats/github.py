"""`--format github`: GitHub Actions workflow commands, shown as annotations on the pull request's diff.

`::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`. The runner reads `%`, CR and LF
escaped in the message, and also `:` and `,` in property values, so a Japanese message with
「、」 is safe but a path with a comma is escaped.
"""

from __future__ import annotations

import sys
from typing import Iterable, TextIO

from ..diagnostics import Diagnostic
from ..linter import FileResult
from . import OutputOptions, Tally

COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(d: Diagnostic) -> str:
    props = {
        "file": d.path,
        "line": str(d.line),
        "col": str(d.column),
        "endLine": str(d.end_line),
        "endColumn": str(d.end_column),
        "title": f"replylint ({d.rule})",
    }
    head = ",".join(f"{k}={escape_property(v)}" for k, v in props.items())
    message = d.message + (f"\n{d.hint}" if d.hint else "")
    return f"::{COMMAND[d.severity]} {head}::{escape_data(message)}"


def write(results: Iterable[FileResult], out: TextIO, options: OutputOptions) -> None:
    tally = Tally()
    for r in tally.passing(results):
        if r.error:
            out.write(f"::error file={escape_property(r.path)},title=replylint::{escape_data(r.error)}\n")
        for d in r.diagnostics:
            out.write(command(d) + "\n")
    if options.verbose or tally.problems:
        print(tally.summary(), file=sys.stderr)
