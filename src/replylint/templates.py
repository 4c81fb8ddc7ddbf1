"""Template placeholders: which patterns count, and how wide the value filled in later is.

A placeholder such as `{{customer_name}}` is masked as one noun (see masks.py). Its own
characters say nothing about the sent reply's length, so a length measure counts it as its
configured `width` in full-width columns instead (default DEFAULT_WIDTH, about a name).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate
from typing import Any, Iterable, Sequence

from .masks import DEFAULT_PLACEHOLDER_RE, DEFAULT_PLACEHOLDERS, PLACEHOLDER, Mask, compile_placeholders, find_masks
from .masks import PLACEHOLDER_WIDTH as DEFAULT_WIDTH


@dataclass(frozen=True)
class Placeholder:
    """A template placeholder pattern and the width its filled-in value is counted as."""

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
        if isinstance(width, bool) or not isinstance(width, (int, float)) or not 0 <= width < float("inf"):  # NaN, inf: no width
            raise ValueError("`width` must be a number of full-width columns, 0 or more")
        try:
            rx = re.compile(pattern)
            re.compile(f"(?:{pattern})")  # as it is joined with the others: `(?i)` must lead the whole, `a)|(b` is refused
        except (re.error, OverflowError, RecursionError) as exc:
            raise ValueError(f"bad regular expression {pattern!r}: {exc}") from None
        if rx.match(""):
            raise ValueError(f"pattern {pattern!r} matches the empty string")
        from .patterns import PatternError, check_size

        try:  # what would exhaust memory once `regex` compiles it (a{1000000000})
            check_size(pattern, "placeholders")
        except PatternError as exc:
            raise ValueError(exc.message) from None
        return cls(pattern, float(width))


@dataclass(frozen=True)
class Placeholders:
    """The placeholder patterns of a run: the defaults plus a config's extras."""

    items: tuple[Placeholder, ...]
    where: str = "placeholders"  # the config key the extras come from, for error messages

    @classmethod
    def with_extra(cls, extra: Iterable[Placeholder] = (), where: str = "placeholders") -> "Placeholders":
        """The defaults and a config's extras. ValueError if the extras cannot be joined with the
        defaults (two groups of one name)."""
        made = cls(tuple(Placeholder(p) for p in DEFAULT_PLACEHOLDERS) + tuple(extra), where)
        if len(made.items) > len(DEFAULT_PLACEHOLDERS):
            try:
                compile_placeholders(p.pattern for p in made.items)
            except (re.error, OverflowError, RecursionError) as exc:
                raise ValueError(f"the patterns cannot be used together: {exc}") from None
        return made

    @cached_property
    def regex(self) -> Any:
        if len(self.items) == len(DEFAULT_PLACEHOLDERS):
            return DEFAULT_PLACEHOLDER_RE  # the same object keeps find_masks' fast path
        # A team's own expressions may backtrack catastrophically on some draft: time-limited.
        extras = ", ".join(repr(p.pattern) for p in self.items[len(DEFAULT_PLACEHOLDERS) :])
        return _limited("|".join(f"(?:{p.pattern})" for p in self.items), self.where, f"placeholder pattern {extras}")

    def masks(self, text: str, extra: Sequence[Mask] = ()) -> tuple[Mask, ...]:
        """All masks of a text (URLs, mails, placeholders with their width), plus `extra` (e.g. inline code).

        Where an extra mask overlaps another, the extra one wins: code is code even if it holds `{{x}}`.
        """
        found = find_masks(text, self.regex)
        sized = []
        # `extra` sorted, with the furthest end so far: an overlap test is a bisection, not a scan
        # (thousands of placeholders and thousands of code spans must not cost their product).
        ordered = sorted(extra, key=lambda e: e.start)
        starts = [e.start for e in ordered]
        reach = list(accumulate((e.end for e in ordered), max))
        for m in found:
            if m.kind == PLACEHOLDER:
                m = Mask(m.start, m.end, m.kind, self.width_of(text[m.start : m.end]))
            k = bisect_left(starts, m.end)  # ordered[:k] start before m ends
            if not (k and reach[k - 1] > m.start):
                sized.append(m)
        return tuple(sorted((*sized, *extra), key=lambda k: k.start))

    def width_of(self, surface: str) -> float:
        for k in range(len(self.items) - 1, -1, -1):  # a configured pattern overrides the defaults
            p = self.items[k]
            if k < len(DEFAULT_PLACEHOLDERS):
                if re.fullmatch(p.pattern, surface):
                    return p.width
            elif self._each[k].fullmatch(surface):
                return p.width
        return DEFAULT_WIDTH

    @cached_property
    def _each(self) -> dict[int, Any]:
        return {k: _limited(p.pattern, self.where, f"placeholder pattern {p.pattern!r}") for k, p in enumerate(self.items) if k >= len(DEFAULT_PLACEHOLDERS)}


def _limited(pattern: str, where: str, label: str) -> Any:
    """A config's placeholder expression with the rules' time limit (patterns.Regex): the stdlib's
    `re` has none, and `(a|aa)+$` on a long run of a's would hang the run."""
    from .patterns import Regex

    return Regex(pattern, where, label)
