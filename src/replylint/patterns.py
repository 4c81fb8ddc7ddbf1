"""Token patterns: sequences of conditions on UniDic fields, matched against a sentence's tokens.

A pattern in YAML is either a regular expression over the sentence text (a plain string, or
`{regex: ...}`), or `{tokens: [...]}`, a list of token conditions:

    {lemma: 下さる, cform: 命令形}          all fields must hold
    {surface: [ので, から]}                  a list is alternatives
    {lemma: /^(頂く|下さる)$/}               /.../ is a regular expression (whole field)
    {pos: 名詞-普通名詞}                     pos, ctype and cform match by levels: 名詞 matches 名詞-普通名詞-一般
    {}                                       any token
    {pos: 助詞, not: {surface: の}}          `not` excludes tokens that satisfy every field it names
    {optional: true} / {repeat: [0, 3]}      how many tokens the condition may take (default exactly 1)
    {mark: true}                             the span reported is the marked tokens (default: all);
                                             tokens after the last mark are context the next match may reuse
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Sequence

from .document import Sentence
from .masks import MASK_KINDS
from .tokenizer import Token

FIELDS = {"surface": 0, "pos": 3, "ctype": 4, "cform": 5, "lemma": 6, "base": 7, "reading": 8}
_LEVELED = frozenset({"pos", "ctype", "cform"})
MODIFIERS = frozenset({"not", "optional", "repeat", "mark"})
MAX_REPEAT = 50

Test = Callable[[Token], bool]


class PatternError(ValueError):
    """A pattern that cannot be compiled; `where` is a path inside the rule, e.g. trigger[2].tokens[0].lemma."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}")
        self.where = where
        self.message = message


def compile_regex(source: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(source)
    except re.error as exc:
        raise PatternError(where, f"bad regular expression {source!r}: {exc}") from None


def _value_test(field: str, value: Any, where: str) -> Test:
    index = FIELDS[field]
    values = value if isinstance(value, list) else [value]
    if not values or not all(isinstance(v, str) and v for v in values):
        raise PatternError(where, "expected a non-empty string or a list of them")
    regexes = [compile_regex(v[1:-1], where) for v in values if len(v) > 2 and v.startswith("/") and v.endswith("/")]
    plain = [v for v in values if not (len(v) > 2 and v.startswith("/") and v.endswith("/"))]
    exact = frozenset(plain)
    prefixes = tuple(v + "-" for v in plain) if field in _LEVELED else ()

    if not regexes and not prefixes:
        if len(exact) == 1:
            (only,) = exact
            return lambda t: t[index] == only
        return lambda t: t[index] in exact
    if not regexes:
        return lambda t: t[index] in exact or t[index].startswith(prefixes)

    def test(t: Token) -> bool:
        v = t[index]
        return v in exact or (bool(prefixes) and v.startswith(prefixes)) or any(r.fullmatch(v) for r in regexes)

    return test


def _fields_test(spec: dict[str, Any], where: str) -> Test:
    tests = []
    for key, value in spec.items():
        if key in MODIFIERS:
            continue
        if key not in FIELDS:
            raise PatternError(f"{where}.{key}", f"unknown token field '{key}' (fields: {', '.join(FIELDS)}; modifiers: {', '.join(sorted(MODIFIERS))})")
        tests.append(_value_test(key, value, f"{where}.{key}"))
    if not tests:
        return lambda t: True
    if len(tests) == 1:
        return tests[0]
    return lambda t: all(test(t) for test in tests)


@dataclass(frozen=True)
class Element:
    test: Test
    least: int
    most: int
    mark: bool


def _element(spec: Any, where: str) -> Element:
    if not isinstance(spec, dict):
        raise PatternError(where, "a token condition must be a mapping such as {lemma: 下さる}")
    positive = _fields_test(spec, where)
    test = positive
    if "not" in spec:
        nots = spec["not"] if isinstance(spec["not"], list) else [spec["not"]]
        negatives = []
        for k, n in enumerate(nots):
            if not isinstance(n, dict) or set(n) & MODIFIERS:
                raise PatternError(f"{where}.not", "`not` takes a mapping of token fields (or a list of them)")
            negatives.append(_fields_test(n, f"{where}.not[{k}]"))
        test = lambda t: positive(t) and not any(n(t) for n in negatives)  # noqa: E731
    least, most = 1, 1
    if spec.get("optional"):
        least = 0
    if "repeat" in spec:
        r = spec["repeat"]
        if not (isinstance(r, list) and len(r) == 2 and all(isinstance(x, int) and not isinstance(x, bool) for x in r) and 0 <= r[0] <= r[1] <= MAX_REPEAT):
            raise PatternError(f"{where}.repeat", f"expected [min, max] with 0 <= min <= max <= {MAX_REPEAT}")
        least, most = r
    return Element(test, least, most, bool(spec.get("mark")))


@dataclass(frozen=True)
class Match:
    """A match: its source span (the marked part) and, for token patterns, its token range."""

    start: int
    end: int
    first: int = -1
    last: int = -1

    def overlaps(self, other: "Match") -> bool:
        return self.start < other.end and other.start < self.end


class Pattern:
    """One compiled pattern. `finditer` yields leftmost, greedy, non-overlapping matches."""

    def __init__(self, spec: Any, where: str) -> None:
        self.id: str | None = None
        self.regex: re.Pattern[str] | None = None
        self.elements: tuple[Element, ...] = ()
        if isinstance(spec, str):
            self.regex = compile_regex(spec, where)
            return
        if not isinstance(spec, dict):
            raise PatternError(where, "a pattern is a regular expression string, {regex: ...} or {tokens: [...]}")
        unknown = set(spec) - {"id", "regex", "tokens"}
        if unknown:
            raise PatternError(f"{where}.{sorted(unknown)[0]}", "unknown key in a pattern (keys: id, regex, tokens)")
        if ("regex" in spec) == ("tokens" in spec):
            raise PatternError(where, "a pattern has exactly one of `regex` and `tokens`")
        self.id = spec.get("id")
        if "regex" in spec:
            if not isinstance(spec["regex"], str) or not spec["regex"]:
                raise PatternError(f"{where}.regex", "expected a non-empty string")
            self.regex = compile_regex(spec["regex"], f"{where}.regex")
            return
        tokens = spec["tokens"]
        if not isinstance(tokens, list) or not tokens:
            raise PatternError(f"{where}.tokens", "expected a non-empty list of token conditions")
        self.elements = tuple(_element(t, f"{where}.tokens[{k}]") for k, t in enumerate(tokens))
        if all(e.least == 0 for e in self.elements):
            raise PatternError(f"{where}.tokens", "every condition is optional: the pattern would match nothing")

    def finditer(self, sentence: Sentence) -> Iterator[Match]:
        if self.regex is not None:
            masked = [(t.start, t.end) for t in sentence.tokens if t.lemma in MASK_KINDS]
            for m in self.regex.finditer(sentence.text):
                if m.end() > m.start():
                    s, e = sentence.source_span(m.start(), m.end())
                    # A URL's or placeholder's own characters are not prose: `、` inside {{ a、b }} is no comma.
                    if not masked or not any(ms <= s and e <= me for ms, me in masked):
                        yield Match(s, e)
            return
        tokens = sentence.tokens
        n = len(tokens)
        first = self.elements[0]
        i = 0
        while i < n:
            if first.least and not first.test(tokens[i]):
                i += 1
                continue
            end = self._match(tokens, 0, i, [])
            if end is None or end[0] == i:
                i += 1
                continue
            stop, marks = end
            lo, hi = (marks[0], marks[-1] + 1) if marks else (i, stop)
            if hi > lo:
                yield Match(tokens[lo].start, tokens[hi - 1].end, lo, hi - 1)
            # Unmarked tokens after the marked ones are context, like a regex lookahead: the next
            # match may begin there (豊洲、有明、東雲 is two noun-comma-noun joins, not one).
            i = max(hi, i + 1) if marks else stop

    def _match(self, tokens: Sequence[Token], k: int, i: int, marks: list[int]) -> tuple[int, list[int]] | None:
        if k == len(self.elements):
            return i, marks
        el = self.elements[k]
        count = 0
        limit = min(el.most, len(tokens) - i)
        while count < limit and el.test(tokens[i + count]):
            count += 1
        while count >= el.least:
            got = self._match(tokens, k + 1, i + count, marks + list(range(i, i + count)) if el.mark else marks)
            if got is not None:
                return got
            count -= 1
        return None


def compile_patterns(specs: Any, where: str) -> tuple[Pattern, ...]:
    if not isinstance(specs, list) or not specs:
        raise PatternError(where, "expected a non-empty list of patterns")
    return tuple(Pattern(s, f"{where}[{k}]") for k, s in enumerate(specs))


def find_all(patterns: Sequence[Pattern], sentence: Sentence, exceptions: Sequence[Pattern] = ()) -> list[Match]:
    """Matches of any pattern in a sentence, minus those overlapping a match of an exception."""
    found = [m for p in patterns for m in p.finditer(sentence)]
    if not found or not exceptions:
        return found
    excluded = [m for p in exceptions for m in p.finditer(sentence)]
    return [m for m in found if not any(m.overlaps(x) for x in excluded)]


def any_match(patterns: Sequence[Pattern], sentence: Sentence, exceptions: Sequence[Pattern] = ()) -> bool:
    if not exceptions:
        return any(next(p.finditer(sentence), None) is not None for p in patterns)
    return bool(find_all(patterns, sentence, exceptions))
