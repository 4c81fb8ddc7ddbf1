"""`quota`: a mark allowed at most `max` times in one sentence, such as 読点.

Each match of `patterns` is one occurrence. The occurrence that goes over `max` is reported, and
counting starts again after it (textlint's max-ten). An occurrence whose nearest neighbours
(skipping `skip` tokens) both satisfy `between` is not counted, nor is one inside an `exceptions`
match: `strict: true` turns both exemptions off.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterator, Mapping, Sequence

from ..patterns import Pattern, compile_patterns
from ..tokenizer import Token
from . import Context, Finding, KindError, get_scope, scoped
from .spans import condition, pieces

KEYS = {"patterns": True, "exceptions": False, "between": False, "skip": False, "scope": False}
OPTIONS: dict[str, Any] = {"max": 3, "strict": False}

Test = Callable[[Token], bool]


def _neighbour(tokens: Sequence[Token], i: int, step: int, lo: int, hi: int, skip: Test | None) -> Token | None:
    j = i + step
    while lo <= j < hi:
        if skip is None or not skip(tokens[j]):
            return tokens[j]
        j += step
    return None


@dataclass(frozen=True)
class QuotaCheck:
    patterns: tuple[Pattern, ...]
    exceptions: tuple[Pattern, ...]
    between: Test | None
    skip: Test | None
    limit: int
    strict: bool
    scope: str
    needs_inquiry: bool = False

    def _exempt(self, tokens: Sequence[Token], first: int, last: int, lo: int, hi: int) -> bool:
        if self.strict or self.between is None or first < 0:
            return False
        before = _neighbour(tokens, first, -1, lo, hi, self.skip)
        after = _neighbour(tokens, last, 1, lo, hi, self.skip)
        return before is not None and after is not None and self.between(before) and self.between(after)

    def run(self, ctx: Context) -> Iterator[Finding]:
        text = ctx.draft.text
        for sentence in scoped(ctx.draft, self.scope):
            tokens = sentence.tokens
            matches = sorted((m for p in self.patterns for m in p.finditer(sentence)), key=lambda m: m.start)
            if len(matches) <= self.limit:
                continue
            excluded = [] if self.strict else [m for p in self.exceptions for m in p.finditer(sentence)]
            bounds = list(pieces(tokens))
            k, count = 0, 0
            for m in matches:  # one pass: matches and sentence pieces are both in source order
                while k + 1 < len(bounds) and m.start >= tokens[bounds[k][1] - 1].end:
                    k, count = k + 1, 0
                lo, hi = bounds[k]
                if any(m.overlaps(x) for x in excluded) or self._exempt(tokens, m.first, m.last, lo, hi):
                    continue
                count += 1
                if count > self.limit:
                    yield Finding(m.start, m.end, {"match": text[m.start : m.end], "max": self.limit, "count": count})
                    count = 0


def build(spec: Mapping[str, Any], options: Mapping[str, Any]) -> QuotaCheck:
    limit = options["max"]
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 0:
        raise KindError("options.max", "expected a whole number, 0 or more")
    exceptions = compile_patterns(spec["exceptions"], "exceptions") if "exceptions" in spec else ()
    between = condition(spec["between"], "between") if "between" in spec else None
    skip = condition(spec["skip"], "skip") if "skip" in spec else None
    return QuotaCheck(compile_patterns(spec["patterns"], "patterns"), exceptions, between, skip, limit, bool(options["strict"]), get_scope(spec))
