"""Character widths: how wide Japanese text is on a mail client's page and in a terminal."""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Sequence

from .masks import Mask


@lru_cache(maxsize=4096)
def _class(ch: str) -> int:
    """0 = zero width, 1 = narrow, 2 = wide, 3 = ambiguous (wide on a Japanese page)."""
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf", "Cc"):
        return 0
    eaw = unicodedata.east_asian_width(ch)
    if eaw in ("W", "F"):
        return 2
    if eaw == "A":
        return 3
    return 1


class _PageWidths(dict):  # type: ignore[type-arg]
    """Character -> page columns, filled on first sight, so that a text's width is one C-level
    `sum(map(...))` instead of a Python loop over its characters."""

    def __missing__(self, ch: str) -> float:
        if ch.isascii():
            width = 0.5 if ch >= " " else 0.0
        else:
            cls = _class(ch)
            width = 1.0 if cls >= 2 else 0.5 if cls == 1 else 0.0
        if len(self) < 100_000:
            self[ch] = width
        return width


_PAGE_WIDTHS = _PageWidths()


def page_columns(text: str) -> float:
    """Width in full-width columns as a Japanese mail client shows it: half-width counts 0.5.

    Ambiguous characters (①, ○, …, ―) are full width in Japanese fonts, so they count 1.
    """
    return float(sum(map(_PAGE_WIDTHS.__getitem__, text)))


def masked_columns(text: str, start: int, end: int, masks: Sequence[Mask]) -> float:
    """page_columns of text[start:end], with each mask that has a width counted as that width.

    A template's `{{customer_name}}` is not 17 half-width characters in the reply that is sent.
    """
    total = page_columns(text[start:end])
    for m in masks:
        if m.width is not None and start <= m.start and m.end <= end:
            total += m.width - page_columns(text[m.start : m.end])
    return total


def cell_width(ch: str) -> int:
    """Terminal cells of one character, for lining up carets under wide characters."""
    if ch.isascii():
        return 1 if ch >= " " else 0
    cls = _class(ch)
    return 2 if cls == 2 else 0 if cls == 0 else 1


def cells(text: str) -> int:
    return sum(cell_width(ch) for ch in text)
