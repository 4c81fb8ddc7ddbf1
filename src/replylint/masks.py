"""Spans that are not prose: URLs, mail addresses and template placeholders.

They are found once on the whole text. Sentence splitting never breaks inside them (a URL's `?`
is not a question mark), and the tokenizer turns each into one noun token whose lemma names
its kind (`<url>`, `<email>`, `<placeholder>`), so rules can match them and never split them.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Iterable, Sequence

URL = "<url>"
EMAIL = "<email>"
PLACEHOLDER = "<placeholder>"
CODE = "<code>"  # inline code in Markdown (see markdown.py)
MASK_KINDS = frozenset({URL, EMAIL, PLACEHOLDER, CODE})

_URL_CHARS = r"[A-Za-z0-9\-._~:/?#\[\]@!$&*+,;=%]"
_URL_RE = re.compile(rf"(?:https?|ftp)://{_URL_CHARS}+|www\.[A-Za-z0-9-]+\.{_URL_CHARS}+")
_EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
# A placeholder never holds its own opener: `(?:(?!\{\{).)` stops the scan at the next `{{`, so a
# line of ten thousand unclosed `{{` costs linear time, not one rescan to the line's end each.
DEFAULT_PLACEHOLDERS: tuple[str, ...] = (
    r"\{\{(?:(?!\{\{).)*?\}\}",  # {{customer_name}}, {{ ticket.id }}
    r"\{%(?:(?!\{%).)*?%\}",  # {% if vip %}
    r"\$\{(?:(?!\$\{)[^}\n])*\}",  # ${name}
    r"%[A-Z][A-Z0-9_]*%",  # %NAME%
    r"\[\[(?:(?!\[\[)[^\]\n])*\]\]",  # [[name]]
)
PLACEHOLDER_WIDTH = 4.0  # a filled-in value is counted as about a name's width, whatever the placeholder's spelling
_TRAILING = ".,:;!?)]}'\"．"


@dataclass(frozen=True)
class Mask:
    """A span that is not prose (URL, address, placeholder, inline code): one token to the rules."""

    start: int
    end: int
    kind: str
    width: float | None = None  # full-width columns a length measure counts it as (None: its own text)


def compile_placeholders(patterns: Iterable[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


DEFAULT_PLACEHOLDER_RE = compile_placeholders(DEFAULT_PLACEHOLDERS)


def find_masks(text: str, placeholders: re.Pattern[str] | None = DEFAULT_PLACEHOLDER_RE) -> tuple[Mask, ...]:
    """Non-overlapping masks in text order; where two overlap, the earlier (then the longer) wins."""
    found: list[Mask] = []
    if placeholders is not None and (placeholders is not DEFAULT_PLACEHOLDER_RE or "{" in text or "%" in text or "[" in text or "$" in text):
        found.extend(Mask(m.start(), m.end(), PLACEHOLDER, PLACEHOLDER_WIDTH) for m in placeholders.finditer(text) if m.end() > m.start())
    if "://" in text or "www." in text:
        for m in _URL_RE.finditer(text):
            end = m.end()
            while end > m.start() + 1 and text[end - 1] in _TRAILING:
                end -= 1
            found.append(Mask(m.start(), end, URL))
    if "@" in text:
        found.extend(Mask(m.start(), m.end(), EMAIL) for m in _EMAIL_RE.finditer(text))
    if not found:
        return ()
    found.sort(key=lambda k: (k.start, -(k.end - k.start)))
    merged: list[Mask] = []
    for mask in found:
        if merged and mask.start < merged[-1].end:
            continue
        merged.append(mask)
    return tuple(merged)


class MaskIndex:
    """Masks looked up by position in O(log n), so that a text with thousands of URLs stays linear.

    Masks as `find_masks` gives them (ordered, starts and ends both rising) are searched by
    bisection; any other sequence is scanned as before, with the same results.
    """

    def __init__(self, masks: Sequence[Mask]) -> None:
        self.masks = masks
        self.starts = [m.start for m in masks]
        self.ends = [m.end for m in masks]
        self.ordered = all(a <= b for a, b in zip(self.starts, self.starts[1:])) and all(a <= b for a, b in zip(self.ends, self.ends[1:]))

    def overlapping(self, start: int, end: int) -> Sequence[Mask]:
        """The masks that overlap [start, end), in their order."""
        if self.ordered:
            return self.masks[bisect_right(self.ends, start) : bisect_left(self.starts, end)]
        return [m for m in self.masks if m.end > start and m.start < end]

    def covers(self, pos: int) -> bool:
        """Whether a mask holds the character at pos (scanning stops at the first mask after it)."""
        if self.ordered:
            k = bisect_right(self.starts, pos)
            return k > 0 and self.ends[k - 1] > pos
        for m in self.masks:
            if m.start > pos:
                return False
            if pos < m.end:
                return True
        return False
