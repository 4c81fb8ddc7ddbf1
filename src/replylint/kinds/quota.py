"""`quota`: a mark allowed at most `max` times in one sentence, such as 読点.

Each match of `patterns` is one occurrence. The occurrence that goes over `max` is reported, and
counting starts again after it (textlint's max-ten). An occurrence whose nearest neighbours
(skipping `skip` tokens) both satisfy `between` is not counted, nor is one inside an `exceptions`
match: `strict: true` turns both exemptions off.

`touten` (textlint's option) counts that character instead of `patterns`; `kuten` makes that
character, with ？！?!, the only sentence end: 。 then no longer ends a sentence within a block.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any, Callable, Iterator, Mapping, Sequence

from ..document import Sentence
from ..patterns import Pattern, compile_patterns
from ..tokenizer import Token
from . import Context, Finding, KindError, get_scope, scoped
from .spans import condition, pieces

KEYS = {"patterns": True, "exceptions": False, "between": False, "skip": False, "scope": False}
OPTIONS: dict[str, Any] = {"max": 3, "strict": False, "touten": "", "kuten": ""}
_QUESTION_EXCLAMATION = ("？", "！", "?", "!")
SLOTS: tuple[str, ...] = ("match", "max", "count")  # what its findings fill in a message or hint

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
    """The compiled `quota` kind: a mark (such as 読点) at most `max` times in one sentence."""

    patterns: tuple[Pattern, ...]
    exceptions: tuple[Pattern, ...]
    between: Test | None
    skip: Test | None
    limit: int
    strict: bool
    touten: str
    kuten: str
    scope: str
    needs_inquiry: bool = False

    def _exempt(self, tokens: Sequence[Token], first: int, last: int, lo: int, hi: int) -> bool:
        if self.strict or self.between is None or first < 0:
            return False
        before = _neighbour(tokens, first, -1, lo, hi, self.skip)
        after = _neighbour(tokens, last, 1, lo, hi, self.skip)
        return before is not None and after is not None and self.between(before) and self.between(after)

    def _occurrences(self, sentence: Sentence, offset: int) -> list[tuple[int, int, int, int]]:
        """(start, end, first token, last token) of each counted mark, token indexes shifted by offset."""
        if self.touten:
            return [(t.start, t.end, offset + i, offset + i) for i, t in enumerate(sentence.tokens) if t.surface == self.touten]
        found = [m for p in self.patterns for m in p.finditer(sentence)]
        excluded = [] if self.strict else [m for p in self.exceptions for m in p.finditer(sentence)]
        kept = [m for m in found if not any(m.overlaps(x) for x in excluded)]
        return [(m.start, m.end, m.first + offset if m.first >= 0 else -1, m.last + offset if m.first >= 0 else -1) for m in kept]

    def _at_most(self, sentence: Sentence) -> int | None:
        """An upper bound on the sentence's occurrences from its text alone, or None.

        An unmarked token pattern's matches do not overlap and each holds a token of its anchor,
        spelled as one of `words`; tokens are disjoint stretches of the text, so there are at most
        text.count(w) such tokens spelled w."""
        if self.touten:
            return sentence.text.count(self.touten)
        words = self._words
        if words is None:
            return None
        text = sentence.text
        return sum(map(text.count, words))

    @cached_property
    def _words(self) -> tuple[str, ...] | None:
        out: list[str] = []
        for p in self.patterns:
            if p.regex is not None or p.words is None or p._by_lemma or any(e.mark for e in p.elements):
                return None
            out += sorted(p.words)
        return tuple(out)

    def _runs(self, ctx: Context) -> Iterator[tuple[list[Token], list[tuple[int, int, int, int]], list[tuple[int, int]]]]:
        sentences = scoped(ctx.draft, self.scope)
        if not self.kuten:
            for sentence in sentences:
                most = self._at_most(sentence)
                if most is not None and most <= self.limit:
                    continue
                occurrences = self._occurrences(sentence, 0)
                if len(occurrences) > self.limit:
                    tokens = list(sentence.tokens)
                    yield tokens, sorted(occurrences), list(pieces(tokens))
            return
        separators = frozenset((self.kuten, *_QUESTION_EXCLAMATION))
        k = 0
        while k < len(sentences):  # one run a block: the splitter's 。 no longer ends a sentence
            j = k
            tokens: list[Token] = []
            occurrences: list[tuple[int, int, int, int]] = []
            while j < len(sentences) and sentences[j].block == sentences[k].block:
                occurrences += self._occurrences(sentences[j], len(tokens))
                tokens += sentences[j].tokens
                j += 1
            if len(occurrences) > self.limit:
                yield tokens, sorted(occurrences), list(pieces(tokens, separators))
            k = j

    def run(self, ctx: Context) -> Iterator[Finding]:
        text = ctx.draft.text
        for tokens, occurrences, bounds in self._runs(ctx):
            if not bounds:
                continue
            k, count = 0, 0
            for start, end, first, last in occurrences:  # one pass: marks and sentence pieces are both in source order
                while k + 1 < len(bounds) and start >= tokens[bounds[k][1] - 1].end:
                    k, count = k + 1, 0
                lo, hi = bounds[k]
                if self._exempt(tokens, first, last, lo, hi):
                    continue
                count += 1
                if count > self.limit:
                    yield Finding(start, end, {"match": text[start:end], "max": self.limit, "count": count})
                    count = 0


def build(spec: Mapping[str, Any], options: Mapping[str, Any]) -> QuotaCheck:
    limit = options["max"]
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 0:
        raise KindError("options.max", "expected a whole number, 0 or more")
    exceptions = compile_patterns(spec["exceptions"], "exceptions") if "exceptions" in spec else ()
    between = condition(spec["between"], "between") if "between" in spec else None
    skip = condition(spec["skip"], "skip") if "skip" in spec else None
    for name in ("touten", "kuten"):
        if not isinstance(options[name], str) or len(options[name]) > 1:
            raise KindError(f"options.{name}", "expected one character (or empty for the default)")
    return QuotaCheck(
        compile_patterns(spec["patterns"], "patterns"),
        exceptions,
        between,
        skip,
        limit,
        bool(options["strict"]),
        options["touten"],
        options["kuten"],
        get_scope(spec),
    )
