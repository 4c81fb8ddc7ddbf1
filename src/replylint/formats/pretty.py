"""`--format pretty`: each diagnostic with its source line and the span underlined, for a person."""

from __future__ import annotations

from typing import Iterable, TextIO

from rich.console import Console
from rich.text import Text

from ..diagnostics import Diagnostic
from ..document import Lines
from ..linter import FileResult
from ..width import cell_width
from . import OutputOptions, Tally

STYLE = {"error": "bold red", "warning": "bold yellow", "info": "bold blue"}


def _display(line: str) -> str:
    return line.replace("\t", " ")


def underline(line: str, start_col: int, end_col: int) -> tuple[str, str]:
    """The line as shown and a caret row under columns [start_col, end_col), in terminal cells."""
    shown = _display(line)
    pad = sum(cell_width(ch) for ch in shown[: start_col - 1])
    width = sum(cell_width(ch) for ch in shown[start_col - 1 : end_col - 1])
    return shown, " " * pad + "^" * max(width, 1)


def _render(d: Diagnostic, lines: Lines) -> Text:
    text = Text()
    text.append(f"{d.path}:{d.line}:{d.column}: ", style="bold")
    text.append(d.severity, style=STYLE[d.severity])
    text.append(f"[{d.rule}] ", style="bold")
    text.append(d.message + "\n")
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
        text.append(d.hint + "\n")
    return text


def _print_file(console: Console, r: FileResult) -> None:
    """One file's diagnostics with their code frames (its text is let go of afterwards)."""
    if not r.diagnostics or r.source is None:
        return
    lines = Lines(r.source.text)
    for d in r.diagnostics:
        console.print(_render(d, lines))


def write(results: Iterable[FileResult], out: TextIO, options: OutputOptions) -> None:
    console = Console(
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
