"""Linting very long texts in parts, so that memory stays bounded and time stays linear.

A draft's tokens cost a few hundred bytes each; a 5 MB text would hold millions at once. A text
longer than SEGMENT_CHARS is cut into parts of about that size — at a blank line where there is
one, else at a line break, else after a sentence terminator, else anywhere — and each part is
analysed and checked on its own, its diagnostics moved back to the whole text's offsets, lines
and columns. Real replies are far below the limit; the price for giant ones is that rules which
look at the whole draft (a `presence` check, a companion window) see one part at a time.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Callable

from .diagnostics import Diagnostic
from .document import Document, Lines, analyze

SEGMENT_CHARS = 100_000
_CUTS = (re.compile(r"\n[ \t\u3000]*\r?\n"), re.compile(r"\n"), re.compile(r"[。！？!?]"))


def segments(text: str, size: int | None = None) -> list[tuple[int, int]]:
    """(start, end) parts covering text, each at most `size` (default SEGMENT_CHARS) characters."""
    size = size or SEGMENT_CHARS
    out: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    while n - start > size:
        lo, hi = start + size // 2, start + size
        end = hi
        for cut in _CUTS:
            last = None
            for m in cut.finditer(text, lo, hi):
                last = m
            if last is not None:
                end = last.end()
                break
        out.append((start, end))
        start = end
    out.append((start, n))
    return out


def lint_long(
    text: str,
    check: Callable[[Document], tuple[tuple[Diagnostic, ...], tuple[str, ...]]],
    size: int | None = None,
    build: Callable[[int, int], Document] | None = None,
) -> tuple[tuple[Diagnostic, ...], tuple[str, ...]]:
    """`check` each part's Document; diagnostics come back in the whole text's coordinates.

    `build(start, end)` analyses text[start:end] (default: `analyze` it), so a caller can carry
    its own masks (placeholders, Markdown) into each part.
    """
    size = size or SEGMENT_CHARS
    build = build or (lambda start, end: analyze(text[start:end]))
    if len(text) <= size:
        return check(build(0, len(text)))
    lines = Lines(text)
    found: list[Diagnostic] = []
    skipped: dict[str, None] = {}
    for start, end in segments(text, size):
        diagnostics, skip = check(build(start, end))
        skipped.update(dict.fromkeys(skip))
        for d in diagnostics:
            line, column = lines.position(d.start + start)
            end_line, end_column = lines.position(d.end + start)
            fix = replace(d.fix, start=d.fix.start + start, end=d.fix.end + start) if d.fix else None
            found.append(replace(d, start=d.start + start, end=d.end + start, line=line, column=column, end_line=end_line, end_column=end_column, fix=fix))
    return tuple(found), tuple(skipped)
