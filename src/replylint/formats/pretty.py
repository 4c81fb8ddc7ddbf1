"""`--format pretty`: each diagnostic with its source line and the span underlined, for a person."""

from __future__ import annotations

import os
from typing import Iterable, TextIO

from rich.console import Console
from rich.text import Text

from ..diagnostics import Diagnostic
from ..document import Lines
from ..linter import FileResult
from ..width import cell_width
from . import OutputOptions, Tally, printable

STYLE = {"error": "bold red", "warning": "bold yellow", "info": "bold blue"}


def _display(line: str) -> str:
    return line.replace("\t", " ")


def underline(line: str, start_col: int, end_col: int) -> tuple[str, str]:
    """The line as shown (control characters escaped) and a caret row under columns
    [start_col, end_col), in terminal cells."""
    shown = _display(line)
    before, inside = printable(shown[: start_col - 1]), printable(shown[start_col - 1 : end_col - 1])
    pad = sum(cell_width(ch) for ch in before)
    width = sum(cell_width(ch) for ch in inside)
    return printable(shown), " " * pad + "^" * max(width, 1)


def _render(d: Diagnostic, lines: Lines) -> Text:
    text = Text()
    text.append(f"{printable(d.path)}:{d.line}:{d.column}: ", style="bold")
    text.append(d.severity, style=STYLE[d.severity])
    text.append(f"[{d.rule}] ", style="bold")
    text.append(printable(d.message) + "\n")
    line = lines.line_text(d.line)
    end_col = d.end_column if d.end_line == d.line else len(line) + 1
    shown, carets = underline(line, d.column, end_col)
    gutter = " " * len(str(d.line))
    text.append(f"{gutter} |\n", style="blue")
    text.append(f"{d.line} | ", style="blue")
    text.append(shown + "\n")
    text.append(f"{gutter} | ", style="blue")
    text.append(carets, style=STYLE[d.severity])
    if d.end_line > d.line:
        more = d.end_line - d.line
        text.append(f" (and {more} more line{'s' if more > 1 else ''})", style="dim")
    text.append("\n")
    if d.hint:
        text.append(f"{gutter} = ", style="blue")
        text.append("hint: ", style="bold")
        text.append(printable(d.hint) + "\n")
    return text


def _print_file(console: Console, r: FileResult) -> None:
    """One file's diagnostics with their code frames (its text is let go of afterwards)."""
    if not r.diagnostics or r.source is None:
        return
    lines = Lines(r.source.text)
    for d in r.diagnostics:
        console.print(_render(d, lines))


def _width() -> int | None:
    """None (rich finds the terminal's width) unless $COLUMNS is set to what is no width: rich
    took COLUMNS=0 as a width of 0 and printed nothing at all."""
    columns = os.environ.get("COLUMNS")
    return 80 if columns is not None and not (columns.strip().isdigit() and int(columns) > 0) else None


def write(results: Iterable[FileResult], out: TextIO, options: OutputOptions) -> None:
    console = Console(
        width=_width(),
        file=out,
        force_terminal=options.color,
        no_color=not options.color,
        color_system="auto" if options.color else None,
        highlight=False,
        emoji=False,
        soft_wrap=True,
    )
    tally = Tally()
    for r in tally.passing(results):
        _print_file(console, r)
    console.print(Text(tally.summary(), style="bold"))
