"""`metric`: a measure of each sentence that must stay under a limit (length, display lines, counts)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Mapping, Sequence

from ..document import Document, Sentence
from ..patterns import Pattern, compile_patterns, find_all, live
from ..masks import Mask
from ..width import masked_columns
from . import Context, Finding, KindError, get_scope, scoped

KEYS = {"metric": True, "patterns": False, "exceptions": False, "scope": False}
OPTIONS: dict[str, Any] = {"max-lines": 3, "line-width": 35, "max": 3}
SLOTS: tuple[str, ...] = ("value", "max")  # what its findings fill in a message or hint


def display_lines(sentence: Sentence, text: str, line_width: float, masks: Sequence[Mask] = ()) -> int:
    """Display lines a sentence fills: each physical line it touches wraps on its own, and they add up.

    A placeholder counts as its configured width (masks with a width), not as its spelling.
    """
    return sum(max(1, math.ceil(masked_columns(text, s, e, masks) / line_width)) for s, e in sentence.pieces)


def _sized(doc: Document, sentence: Sentence) -> tuple[Mask, ...]:
    """The masks with a width inside the sentence (a template may hold thousands of placeholders:
    the document's mask index finds them by bisection)."""
    return tuple(m for m in doc.mask_index.overlapping(sentence.start, sentence.end) if m.width is not None and sentence.start <= m.start and m.end <= sentence.end)


@dataclass(frozen=True)
class MetricCheck:
    """The compiled `metric` kind: a measure of each sentence and its limit."""

    measure: Callable[[Sentence, str, Sequence[Mask]], float]
    limit: float
    scope: str
    needs_inquiry: bool = False
    # A sentence of one piece and at most this many characters, holding no placeholder with a
    # width, cannot measure over the limit (-1: no such shortcut).
    short: float = -1
    # metric `count`: its patterns and exceptions (then `measure` is not used)
    patterns: tuple[Pattern, ...] = ()
    exceptions: tuple[Pattern, ...] = ()

    def run(self, ctx: Context) -> Iterator[Finding]:
        text = ctx.draft.text
        sized = any(m.width is not None for m in ctx.draft.masks)
        short = self.short
        measure = self.measure
        if self.patterns:
            # Counted with the patterns this draft has the lemmas and spellings for (none: all counts are 0).
            patterns = live(self.patterns, ctx.draft)
            if not patterns and self.limit >= 0:
                return
            measure = _count(patterns, live(self.exceptions, ctx.draft))
        for sentence in scoped(ctx.draft, self.scope):
            local = _sized(ctx.draft, sentence) if sized else ()
            if not local and len(sentence.text) <= short and len(sentence.segments) == 1:
                continue
            value = measure(sentence, text, local)
            if value > self.limit:
                yield Finding(sentence.start, sentence.end, {"value": _fmt(value), "max": _fmt(self.limit)})


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def _count(patterns: tuple[Pattern, ...], exceptions: tuple[Pattern, ...]) -> Callable[[Sentence, str, Sequence[Mask]], float]:
    return lambda sentence, text, masks: len(find_all(patterns, sentence, exceptions))


def _chars(sentence: Sentence, text: str, masks: Sequence[Mask]) -> float:
    return len(sentence.text) + sum(m.width - (m.end - m.start) for m in masks if m.width is not None)


def build(spec: Mapping[str, Any], options: Mapping[str, Any]) -> MetricCheck:
    metric = spec["metric"]
    scope = get_scope(spec)
    if metric == "display-lines":
        width = options["line-width"]
        if not isinstance(width, (int, float)) or width <= 0:
            raise KindError("options.line-width", "expected a positive number of full-width columns")
        limit = options["max-lines"]
        # A character is at most one column wide, so a one-piece sentence of n characters fills at
        # most max(1, ceil(n / width)) lines: within the limit when n <= floor(limit) * width.
        short = math.floor(limit) * width if isinstance(limit, (int, float)) and 1 <= limit < math.inf else -1  # inf: no limit, no shortcut needed
        return MetricCheck(lambda s, t, m: display_lines(s, t, width, m), limit, scope, short=short)
    if metric == "chars":
        return MetricCheck(_chars, options["max"], scope)
    if metric == "count":
        if "patterns" not in spec:
            raise KindError("patterns", "metric 'count' counts the matches of `patterns`, which is missing")
        exceptions = compile_patterns(spec["exceptions"], "exceptions") if "exceptions" in spec else ()
        patterns = compile_patterns(spec["patterns"], "patterns")
        return MetricCheck(_count(patterns, exceptions), options["max"], scope, patterns=patterns, exceptions=exceptions)
    raise KindError("metric", f"unknown metric '{metric}' (metrics: display-lines, chars, count)")
