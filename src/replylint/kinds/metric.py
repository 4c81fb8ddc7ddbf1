"""`metric`: a measure of each sentence that must stay under a limit (length, display lines, counts)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Mapping

from ..document import Sentence
from ..patterns import Pattern, compile_patterns, find_all
from ..width import page_columns
from . import Context, Finding, KindError, get_scope, scoped

KEYS = {"metric": True, "patterns": False, "exceptions": False, "scope": False}
OPTIONS: dict[str, Any] = {"max-lines": 3, "line-width": 35, "max": 3}


def display_lines(sentence: Sentence, text: str, line_width: float) -> int:
    """Display lines a sentence fills: each physical line it touches wraps on its own, and they add up."""
    return sum(max(1, math.ceil(page_columns(text[s:e]) / line_width)) for s, e in sentence.pieces)


@dataclass(frozen=True)
class MetricCheck:
    measure: Callable[[Sentence, str], float]
    limit: float
    scope: str
    needs_inquiry: bool = False

    def run(self, ctx: Context) -> Iterator[Finding]:
        text = ctx.draft.text
        for sentence in scoped(ctx.draft, self.scope):
            value = self.measure(sentence, text)
            if value > self.limit:
                yield Finding(sentence.start, sentence.end, {"value": _fmt(value), "max": _fmt(self.limit)})


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def _count(patterns: tuple[Pattern, ...], exceptions: tuple[Pattern, ...]) -> Callable[[Sentence, str], float]:
    return lambda sentence, text: len(find_all(patterns, sentence, exceptions))


def build(spec: Mapping[str, Any], options: Mapping[str, Any]) -> MetricCheck:
    metric = spec["metric"]
    scope = get_scope(spec)
    if metric == "display-lines":
        width = options["line-width"]
        if not isinstance(width, (int, float)) or width <= 0:
            raise KindError("options.line-width", "expected a positive number of full-width columns")
        return MetricCheck(lambda s, t: display_lines(s, t, width), options["max-lines"], scope)
    if metric == "chars":
        return MetricCheck(lambda s, t: len(s.text), options["max"], scope)
    if metric == "count":
        if "patterns" not in spec:
            raise KindError("patterns", "metric 'count' counts the matches of `patterns`, which is missing")
        exceptions = compile_patterns(spec["exceptions"], "exceptions") if "exceptions" in spec else ()
        return MetricCheck(_count(compile_patterns(spec["patterns"], "patterns"), exceptions), options["max"], scope)
    raise KindError("metric", f"unknown metric '{metric}' (metrics: display-lines, chars, count)")
