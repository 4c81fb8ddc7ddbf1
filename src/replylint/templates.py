"""Template placeholders: which patterns count, and how wide the value filled in later is.

A placeholder such as `{{customer_name}}` is masked as one noun (see masks.py). Its own
characters say nothing about the sent reply's length, so a length measure counts it as its
configured `width` in full-width columns instead (default DEFAULT_WIDTH, about a name).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Iterable, Sequence

from .masks import DEFAULT_PLACEHOLDER_RE, DEFAULT_PLACEHOLDERS, PLACEHOLDER, Mask, compile_placeholders, find_masks
from .masks import PLACEHOLDER_WIDTH as DEFAULT_WIDTH


@dataclass(frozen=True)
class Placeholder:
    pattern: str
    width: float = DEFAULT_WIDTH

    @classmethod
    def parse(cls, item: Any) -> "Placeholder":
        """A config entry: a regular expression, or {pattern: REGEX, width: N}. ValueError says what is wrong."""
        if isinstance(item, str):
            pattern, width = item, DEFAULT_WIDTH
        elif isinstance(item, dict):
            unknown = set(item) - {"pattern", "width"}
            if unknown:
                raise ValueError(f"unknown key '{sorted(unknown)[0]}' (keys: pattern, width)")
            pattern, width = item.get("pattern"), item.get("width", DEFAULT_WIDTH)
        else:
            raise ValueError("expected a regular expression or {pattern: ..., width: ...}")
        if not isinstance(pattern, str) or not pattern:
            raise ValueError("`pattern` must be a non-empty regular expression")
        if isinstance(width, bool) or not isinstance(width, (int, float)) or width < 0:
            raise ValueError("`width` must be a number of full-width columns, 0 or more")
        try:
            rx = re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"bad regular expression {pattern!r}: {exc}") from None
        if rx.match(""):
            raise ValueError(f"pattern {pattern!r} matches the empty string")
        return cls(pattern, float(width))


@dataclass(frozen=True)
class Placeholders:
    """The placeholder patterns of a run: the defaults plus a config's extras."""

    items: tuple[Placeholder, ...]

    @classmethod
    def with_extra(cls, extra: Iterable[Placeholder] = ()) -> "Placeholders":
        return cls(tuple(Placeholder(p) for p in DEFAULT_PLACEHOLDERS) + tuple(extra))

    @cached_property
    def regex(self) -> re.Pattern[str]:
        if len(self.items) == len(DEFAULT_PLACEHOLDERS):
            return DEFAULT_PLACEHOLDER_RE  # the same object keeps find_masks' fast path
        return compile_placeholders(p.pattern for p in self.items)

    def masks(self, text: str, extra: Sequence[Mask] = ()) -> tuple[Mask, ...]:
        """All masks of a text (URLs, mails, placeholders with their width), plus `extra` (e.g. inline code).

        Where an extra mask overlaps another, the extra one wins: code is code even if it holds `{{x}}`.
        """
        found = find_masks(text, self.regex)
        sized = []
        for m in found:
            if m.kind == PLACEHOLDER:
                m = Mask(m.start, m.end, m.kind, self.width_of(text[m.start : m.end]))
            if not any(m.start < e.end and e.start < m.end for e in extra):
                sized.append(m)
        return tuple(sorted((*sized, *extra), key=lambda k: k.start))

    def width_of(self, surface: str) -> float:
        for p in reversed(self.items):  # a configured pattern overrides the defaults
            if re.fullmatch(p.pattern, surface):
                return p.width
        return DEFAULT_WIDTH
