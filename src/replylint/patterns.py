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

from dataclasses import dataclass
from bisect import bisect_right
from itertools import accumulate, chain, compress
from functools import cached_property, lru_cache
from operator import itemgetter
from typing import Any, Callable, Iterator, NamedTuple, Sequence

from .document import Sentence
from .masks import MASK_KINDS
from .tokenizer import Token

FIELDS = {"surface": 0, "pos": 3, "ctype": 4, "cform": 5, "lemma": 6, "base": 7, "reading": 8}
_LEVELED = frozenset({"pos", "ctype", "cform"})
MODIFIERS = frozenset({"not", "optional", "repeat", "mark"})
MAX_REPEAT = 50

Test = Callable[[Token], bool]
_SURFACE = itemgetter(0)
_LEMMA = itemgetter(6)


class PatternError(ValueError):
    """A pattern that cannot be compiled; `where` is a path inside the rule, e.g. trigger[2].tokens[0].lemma."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}")
        self.where = where
        self.message = message


# A regular expression in a rule may backtrack catastrophically ((a|aa)+$ on a long line): each
# call gets this many seconds, and a pattern that overruns once is disabled for the process.
REGEX_TIMEOUT = 1.0


class PatternTimeout(RuntimeError):
    """A rule's (or a config's) regular expression ran past REGEX_TIMEOUT: the rule or config is
    broken, not the draft. `label` says what it is: "regular expression '(a|aa)+$'"."""

    def __init__(self, label: str, where: str) -> None:
        super().__init__(
            f"{where}: {label} took more than {REGEX_TIMEOUT:g} s on one text "
            "(catastrophic backtracking?); fix it, e.g. avoid nested or overlapping repetition"
        )
        self.where = where
        self.rule: str | None = None

    def __str__(self) -> str:
        text = super().__str__()
        return f"rule '{self.rule}': {text}" if self.rule else text


class Regex:
    """A compiled rule regular expression (the `regex` package, re-compatible) whose every call is
    bounded by REGEX_TIMEOUT. Same methods as re.Pattern for what rules use."""

    def __init__(self, source: str, where: str, label: str | None = None) -> None:
        self.pattern = source
        self.where = where
        self.label = label or f"regular expression {source!r}"  # for the time-out message
        self._broken = False
        self._regex: Any = None
        self._quick: Any = _UNDECIDED
        # Compiled on first use: most of a rule set's expressions never run on a given draft, and
        # importing `regex` and compiling them cost a tenth of a start-up. The stdlib's parser
        # checks the syntax now; what it rejects (syntax only `regex` knows, or an error) is
        # compiled now, so that a broken expression is still reported when the rule loads.
        check_size(source, where)
        if _stdlib_parse(source) is None:  # what the stdlib accepts is valid for `regex` (its V0 syntax)
            self._compile()

    def _compile(self) -> Any:
        import regex

        try:
            self._regex = regex.compile(self.pattern)
        except (regex.error, ValueError, OverflowError, RecursionError) as exc:
            raise PatternError(self.where, f"bad regular expression {self.pattern!r}: {exc}") from None
        return self._regex

    @property
    def _compiled(self) -> Any:
        return self._regex if self._regex is not None else self._compile()

    def _decide_quick(self) -> Any:
        """The stdlib's compiled expression, when it may answer a short string without a time
        limit (see SHORT and _loops), else None. Token fields are what rules match most (a verb's
        base form, a part of speech): this spares most runs importing `regex` at all."""
        import re

        self._quick = None
        parsed = _stdlib_parse(self.pattern)
        if parsed is not None and "[:" not in self.pattern and "[[" not in self.pattern:  # POSIX classes: `regex` reads them otherwise
            loops = _loops(parsed, False)
            if loops is not None and loops <= MAX_QUICK_LOOPS:
                try:
                    self._quick = re.compile(self.pattern)
                except Exception:  # noqa: BLE001 - parsed but not compiled by the stdlib: `regex` answers
                    self._quick = None
        return self._quick

    def _guard(self) -> None:
        if self._broken:
            raise PatternTimeout(self.label, self.where)

    def _timeout(self) -> PatternTimeout:
        self._broken = True
        return PatternTimeout(self.label, self.where)

    def finditer(self, string: str, pos: int = 0, endpos: int | None = None) -> Iterator[Any]:
        self._guard()
        try:
            yield from self._compiled.finditer(string, pos, endpos, timeout=REGEX_TIMEOUT)
        except TimeoutError:
            raise self._timeout() from None

    def _call(self, method: str, string: str, pos: int, endpos: int | None) -> Any:
        self._guard()
        if len(string) <= SHORT:
            quick = self._quick if self._quick is not _UNDECIDED else self._decide_quick()
            if quick is not None:
                return getattr(quick, method)(string, pos, len(string) if endpos is None else endpos)
        try:
            return getattr(self._compiled, method)(string, pos, endpos, timeout=REGEX_TIMEOUT)
        except TimeoutError:
            raise self._timeout() from None

    def search(self, string: str, pos: int = 0, endpos: int | None = None) -> Any:
        return self._call("search", string, pos, endpos)

    def match(self, string: str, pos: int = 0, endpos: int | None = None) -> Any:
        return self._call("match", string, pos, endpos)

    def fullmatch(self, string: str, pos: int = 0, endpos: int | None = None) -> Any:
        return self._call("fullmatch", string, pos, endpos)

    def findall(self, string: str, pos: int = 0, endpos: int | None = None) -> list[Any]:
        self._guard()
        try:
            return self._compiled.findall(string, pos, endpos, timeout=REGEX_TIMEOUT)  # type: ignore[no-any-return]
        except TimeoutError:
            raise self._timeout() from None

    def __repr__(self) -> str:
        return f"Regex({self.pattern!r})"


# A string of at most SHORT characters (a token field: MeCab's words are at most 25) is matched by
# the stdlib's `re`, without a time limit, when the expression cannot backtrack badly: no loop
# (a repeat of more than one) inside a loop, no alternation inside a loop, no backreference, and
# at most MAX_QUICK_LOOPS loops in all. Then a match costs at most about SHORT ** MAX_QUICK_LOOPS
# steps; anything else, and any longer string, goes to `regex` with its time limit.
SHORT = 64
MAX_QUICK_LOOPS = 3
_UNDECIDED = object()


def _loops(items: Any, in_loop: bool) -> "int | None":
    """How many loops a parsed (sre) expression has, or None when one may backtrack badly."""
    from re import _constants as c  # type: ignore[attr-defined]

    repeats = (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None))
    count = 0
    for op, av in items:
        inner: "int | None" = 0
        if op in repeats:
            loop = av[1] > 1
            if loop and in_loop:
                return None
            inner = _loops(av[2], in_loop or loop)
            count += loop
        elif op is c.BRANCH:
            if in_loop:
                return None
            for branch in av[1]:
                n = _loops(branch, in_loop)
                if n is None:
                    return None
                count += n
        elif op is c.SUBPATTERN:
            inner = _loops(av[3], in_loop)
        elif op in (c.ASSERT, c.ASSERT_NOT):
            inner = _loops(av[1], in_loop)
        elif op is getattr(c, "ATOMIC_GROUP", None):
            inner = _loops(av, in_loop)
        elif op in (c.GROUPREF, c.GROUPREF_EXISTS):
            return None
        if inner is None:
            return None
        count += inner
    return count


@lru_cache(maxsize=1024)
def _stdlib_parse(source: str) -> Any:
    """The stdlib parser's tree of an expression, or None when it refuses it (syntax only `regex`
    knows, or an error). Parsed once: the load check, the character probe and the quick-match
    decision all read it."""
    import warnings
    from re import _parser  # type: ignore[attr-defined]

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "possible nested set" in [[:alpha:]]: `regex` decides that
            return _parser.parse(source)
    except Exception:  # noqa: BLE001 - any refusal: let `regex` decide
        return None


# `regex` lays out a repeat's minimum count of copies when it compiles: a{1000000} takes 270 MB
# and a{1000000000} exhausts memory, and recursion ((?R)) can recurse at its first search until
# memory runs out. Neither time limit nor load check would catch them, so they are refused.
MAX_COPIES = 10_000
_RECURSION = r"\(\?(?:R|[-+]?\d+|&\w+|P>\w+)\)"  # compiled (and cached by re) only when needed
_COUNT = r"(?<!\\)\{(\d+)(?:,\d*)?\}"


def _copies(items: Any) -> int:
    """How many atoms a parsed (sre) expression has once each repeat's minimum is laid out."""
    from re import _constants as c  # type: ignore[attr-defined]

    repeats = (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None))
    total = 0
    for op, av in items:
        if op in repeats:
            total += max(av[0], 1) * _copies(av[2])
        elif op is c.SUBPATTERN:
            total += _copies(av[3])
        elif op is c.BRANCH:
            total += sum(_copies(b) for b in av[1])
        elif op in (c.ASSERT, c.ASSERT_NOT):
            total += _copies(av[1])
        elif op is getattr(c, "ATOMIC_GROUP", None):
            total += _copies(av)
        else:
            total += 1
    return total


def check_size(source: str, where: str) -> None:
    """Refuse an expression that would take unbounded memory to compile or to run (see MAX_COPIES).

    Syntax only `regex` knows has no parse tree here: its counts are multiplied together, which
    overestimates (a{100}b{200} counts 20,000) but never misses a nested one."""
    parsed = _stdlib_parse(source)
    if parsed is not None:
        copies = _copies(parsed)
    else:
        import re

        if re.search(_RECURSION, source):
            raise PatternError(where, f"regular expression {source!r}: recursion ((?R), (?1), (?&name)) is not supported: it can recurse without end")
        copies = 1
        for m in re.finditer(_COUNT, source):
            copies *= max(int(m.group(1)), 1)
            if copies > MAX_COPIES:
                break
    if copies > MAX_COPIES:
        raise PatternError(where, f"regular expression {source!r} repeats too much: its repeat counts lay out more than {MAX_COPIES:,} copies (write a{{1,}} rather than a{{1000000}}, or a smaller count)")


def _required(items: Any) -> "list[tuple[int, int]] | None":
    """Code-point ranges one of which every match of a parsed (sre) sequence contains, or None."""
    from re import _constants as c  # type: ignore[attr-defined]

    best: list[tuple[int, int]] | None = None
    for op, av in items:
        need: list[tuple[int, int]] | None = None
        if op is c.LITERAL:
            need = [(av, av)]
        elif op is c.IN:
            if all(o in (c.LITERAL, c.RANGE) for o, _ in av):
                need = [(a, a) if o is c.LITERAL else a for o, a in av]
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)) and av[0] >= 1:
            need = _required(av[2])
        elif op is c.SUBPATTERN and not av[1] and not av[2]:  # no (?i:...) or other local flags
            need = _required(av[3])
        elif op is c.BRANCH:
            alternatives = [_required(b) for b in av[1]]
            if all(a is not None for a in alternatives):
                need = [r for a in alternatives for r in a]  # type: ignore[union-attr]
        if need is not None and (best is None or sum(b - a for a, b in need) < sum(b - a for a, b in best)):
            best = need
    return best


def _required_probe(source: str) -> "Any | None":
    """A stdlib character class that finds, at C speed, a character every match of `source` must
    contain — so that a sentence without one is skipped before the time-limited `regex` runs.

    Only for expressions the stdlib parses the same way: no case-insensitive flag, no braces the
    `regex` package reads differently (fuzzy {e<=1}); anything else gets no probe.
    """
    import re

    if re.search(r"\{[^}]*[^0-9,}]", source):
        return None
    parsed = _stdlib_parse(source)
    if parsed is None:  # syntax only the `regex` package knows: no probe
        return None
    if parsed.state.flags & (re.IGNORECASE | re.LOCALE):
        return None
    need = _required(parsed)
    if not need or any(a <= 0x20 for a, _ in need):  # a space may be one the sentence's join added
        return None
    return re.compile("[" + "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in need) + "]")


def compile_regex(source: str, where: str) -> Regex:
    """A rule's regular expression, checked now (PatternError) and time-limited when run."""
    return Regex(source, where)


_MEMO_LIMIT = 50_000


def _is_regex(v: str) -> bool:
    return len(v) > 2 and v.startswith("/") and v.endswith("/")


class _Memo(dict):  # type: ignore[type-arg]
    """value -> whether it satisfies one field's condition; each distinct value is decided once."""

    def __init__(self, decide: Callable[[str], bool]) -> None:
        super().__init__()
        self.decide = decide

    def __missing__(self, value: str) -> bool:
        if len(self) >= _MEMO_LIMIT:
            self.clear()
        hit = self[value] = bool(self.decide(value))
        return hit


def flags(test: Test, tokens: Sequence[Token]) -> list[bool]:
    """test(t) for every token; at C speed for a memoized condition (see `memoize`)."""
    memo = _memo_of(test)
    if memo is not None:
        return list(map(memo.__getitem__, map(test.key, tokens)))  # type: ignore[attr-defined]
    if getattr(test, "always", False):
        return [True] * len(tokens)
    return list(map(test, tokens))


def memoize(test: Test, fields: "Sequence[int]") -> Test:
    """Mark a condition that reads only these token fields, so that `flags` decides a sentence's
    tokens at C speed and each distinct value tuple once (the memo is made on first use: loading
    rules stays cheap). A condition reading no field holds for every token."""
    indexes = tuple(sorted(set(fields)))
    if not indexes:
        test.always = True  # type: ignore[attr-defined]
    else:
        test.fields_read = indexes  # type: ignore[attr-defined]
    return test


def _memo_of(test: Test) -> "_Memo | None":
    """The memo of a memoized condition, made the first time it is asked for."""
    memo = getattr(test, "memo", None)
    if memo is not None:
        return memo  # type: ignore[no-any-return]
    indexes = getattr(test, "fields_read", None)
    if indexes is None:
        return None
    size = indexes[-1] + 1
    if len(indexes) == 1:
        (only,) = indexes

        def decide(value: Any) -> bool:
            stand_in: list[Any] = [None] * size
            stand_in[only] = value
            return bool(test(stand_in))  # type: ignore[arg-type]

    else:

        def decide(values: Any) -> bool:
            stand_in: list[Any] = [None] * size
            for i, v in zip(indexes, values):
                stand_in[i] = v
            return bool(test(stand_in))  # type: ignore[arg-type]

    test.key = itemgetter(*indexes)  # type: ignore[attr-defined]
    memo = test.memo = _Memo(decide)  # type: ignore[attr-defined]
    return memo


def _by_memo(test: Test) -> Test:
    """The test, answered from its memo (one lookup instead of running its conditions)."""
    memo = _memo_of(test)
    if memo is None:
        return test
    key, get = test.key, memo.__getitem__  # type: ignore[attr-defined]
    fast = lambda t: get(key(t))  # type: ignore[no-any-return]  # noqa: E731
    fast.key, fast.memo = key, memo  # type: ignore[attr-defined]  # still usable by flags()
    return fast


# Conditions are pure functions of their spec, and rules repeat them ({lemma: 下さる}, {surface:
# [て, で]} ...): one test (and memo) per distinct spec without a regular expression — a regex
# carries where it was written, for its time-limit message — made once a process.
_SHARED: dict[Any, Test] = {}


def _value_test(field: str, value: Any, where: str) -> Test:
    key = (field, tuple(value) if isinstance(value, list) else value)
    shared = _SHARED.get(key) if _plain_key(key[1]) else None
    if shared is not None:
        return shared
    test = memoize(_plain_value_test(field, value, where), (FIELDS[field],))
    if _plain_key(key[1]):
        _SHARED[key] = test
    return test


def _plain_key(value: Any) -> bool:
    """A value (or tuple of values) of plain, hashable strings: no /regex/."""
    values = value if isinstance(value, tuple) else (value,)
    return bool(values) and all(isinstance(v, str) and v and not _is_regex(v) for v in values)


def _spec_fields(spec: dict[str, Any]) -> list[int]:
    """The token fields a condition (with its `not`) reads."""
    out = [FIELDS[k] for k in spec if k in FIELDS]
    nots = spec.get("not")
    for n in nots if isinstance(nots, list) else [nots] if isinstance(nots, dict) else []:
        if isinstance(n, dict):
            out += [FIELDS[k] for k in n if k in FIELDS]
    return out


def _plain_value_test(field: str, value: Any, where: str) -> Test:
    index = FIELDS[field]
    values = value if isinstance(value, list) else [value]
    regexes = [compile_regex(v[1:-1], where) for v in values if _is_regex(v)]
    plain = [v for v in values if not _is_regex(v)]
    exact = frozenset(plain)
    prefixes = tuple(v + "-" for v in plain) if field in _LEVELED else ()

    if not regexes and not prefixes:
        if len(exact) == 1:
            (only,) = exact
            return lambda t: t[index] == only
        return lambda t: t[index] in exact
    if not regexes:
        return lambda t: t[index] in exact or t[index].startswith(prefixes)

    # Field values repeat (a few hundred pos strings, Zipf-distributed lemmas): each regex runs
    # once per distinct value, which also bounds what a slow expression can cost.
    seen: dict[str, bool] = {}

    def test(t: Token) -> bool:
        v = t[index]
        hit = seen.get(v)
        if hit is None:
            hit = v in exact or (bool(prefixes) and v.startswith(prefixes)) or any(r.fullmatch(v) for r in regexes)
            if len(seen) >= _MEMO_LIMIT:
                seen.clear()
            seen[v] = hit
        return hit

    return test


Need = tuple  # (values: frozenset[str], by_lemma: bool)


def _need(spec: dict[str, Any]) -> "Need | None":
    """What a token satisfying `spec` must be: one of these lemmas, or one of these surfaces.

    This is what indexes patterns: a sentence without such a lemma (a set test) or surface
    (a substring test on its text) cannot match, and is skipped without running the pattern.
    """
    best: Need | None = None
    for key in ("lemma", "surface"):
        value = spec.get(key)
        values = value if isinstance(value, list) else [value]
        if value is None or not all(isinstance(v, str) and v and not _is_regex(v) for v in values):
            continue
        if best is None or len(values) < len(best[0]):
            best = (frozenset(values), key == "lemma")
    return best


def _field_needs(spec: dict[str, Any]) -> "list[tuple[frozenset[str], int]]":
    """Every plain-valued exact field of a condition (surface, lemma, base, reading) as (values,
    field index): a token satisfying the condition has one of those values in that field."""
    out = []
    for key in ("lemma", "surface", "base", "reading"):
        value = spec.get(key)
        values = value if isinstance(value, list) else [value]
        if value is not None and all(isinstance(v, str) and v and not _is_regex(v) for v in values):
            out.append((frozenset(values), FIELDS[key]))
    return out


class _Alternation:
    """Finds one of several literals in a text at C speed (the stdlib `re` is safe on plain
    literals); compiled on first use, as most patterns never meet a draft they could match."""

    __slots__ = ("values", "_compiled")

    def __init__(self, values: frozenset[str]) -> None:
        self.values = values
        self._compiled: Any = None

    def search(self, text: str) -> Any:
        if self._compiled is None:
            import re

            self._compiled = re.compile("|".join(re.escape(v) for v in sorted(self.values, key=len, reverse=True)))
        return self._compiled.search(text)


def _with_probe(need: Need) -> Need:
    """(values, by_lemma, probe): for surfaces, what finds one in a sentence's text at C speed —
    the value itself, or an alternation of literals."""
    values, by_lemma = need
    if by_lemma:
        return (values, True, None)
    if len(values) == 1:
        return (values, False, next(iter(values)))
    return (values, False, _Alternation(values))


def _check_condition(spec: Any, where: str) -> None:
    """Raise PatternError for a token condition that cannot be compiled. Run when the rule loads;
    building the condition's test (`_element`) waits for the pattern's first use and trusts it."""
    if not isinstance(spec, dict):
        raise PatternError(where, "a token condition must be a mapping such as {lemma: 下さる}")
    _check_fields(spec, where)
    if "not" in spec:
        for k, n in enumerate(spec["not"] if isinstance(spec["not"], list) else [spec["not"]]):
            if not isinstance(n, dict) or set(n) & MODIFIERS:
                raise PatternError(f"{where}.not", "`not` takes a mapping of token fields (or a list of them)")
            _check_fields(n, f"{where}.not[{k}]")
    if "repeat" in spec:
        r = spec["repeat"]
        if not (isinstance(r, list) and len(r) == 2 and all(isinstance(x, int) and not isinstance(x, bool) for x in r) and 0 <= r[0] <= r[1] <= MAX_REPEAT):
            raise PatternError(f"{where}.repeat", f"expected [min, max] with 0 <= min <= max <= {MAX_REPEAT}")


def _check_fields(spec: dict[str, Any], where: str) -> None:
    for key, value in spec.items():
        if key in MODIFIERS:
            continue
        if key not in FIELDS:
            raise PatternError(f"{where}.{key}", f"unknown token field '{key}' (fields: {', '.join(FIELDS)}; modifiers: {', '.join(sorted(MODIFIERS))})")
        values = value if isinstance(value, list) else [value]
        if not values or not all(isinstance(v, str) and v for v in values):
            raise PatternError(f"{where}.{key}", "expected a non-empty string or a list of them")
        for v in values:
            if _is_regex(v):
                compile_regex(v[1:-1], f"{where}.{key}")  # checked now, compiled on first use


def _counts(spec: dict[str, Any]) -> tuple[int, int]:
    """How many tokens a (checked) condition takes at least and at most."""
    if "repeat" in spec:
        least, most = spec["repeat"]
        return least, most
    return (0 if spec.get("optional") else 1), 1


def _fields_test(spec: dict[str, Any], where: str) -> Test:
    tests = [_value_test(key, value, f"{where}.{key}") for key, value in spec.items() if key not in MODIFIERS]
    if not tests:
        return lambda t: True
    if len(tests) == 1:
        return tests[0]
    return _all_of(tests)


def _all_of(tests: list[Test]) -> Test:
    """A test that holds when every one of `tests` does, without a generator per token (hot loop)."""
    if len(tests) == 1:
        return tests[0]
    if len(tests) == 2:
        a, b = tests
        return lambda t: a(t) and b(t)
    if len(tests) == 3:
        a, b, c = tests
        return lambda t: a(t) and b(t) and c(t)
    head, rest = tests[0], _all_of(tests[1:])
    return lambda t: head(t) and rest(t)


@dataclass(frozen=True)
class Element:
    """One compiled token condition of a pattern, with how many tokens it may take."""

    test: Test
    least: int
    most: int
    mark: bool
    need: "Need | None" = None  # see _need
    fields: tuple[int, ...] = ()  # the token fields its test reads


def _element(spec: dict[str, Any], where: str) -> Element:
    """The compiled condition; `spec` has passed `_check_condition`."""
    least, most = _counts(spec)
    return Element(_element_test(spec, where), least, most, bool(spec.get("mark")), _need(spec), tuple(_spec_fields(spec)))


def _element_test(spec: dict[str, Any], where: str) -> Test:
    positive = _fields_test(spec, where)
    test = positive
    if "not" in spec:
        nots = spec["not"] if isinstance(spec["not"], list) else [spec["not"]]
        negatives = [_fields_test(n, f"{where}.not[{k}]") for k, n in enumerate(nots)]
        if len(negatives) == 1:
            (negative,) = negatives
            test = lambda t: positive(t) and not negative(t)  # noqa: E731
        else:
            test = lambda t: positive(t) and not any(n(t) for n in negatives)  # noqa: E731
    fields = _spec_fields(spec)
    if test is not positive or len(fields) != 1:
        test = memoize(test, fields)  # (a one-field test already is)
    return test


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
    """One compiled pattern. `finditer` yields leftmost, greedy, non-overlapping matches.

    `words` (token patterns only) is a set of surfaces/lemmas one of which every match contains:
    a sentence without any of them is skipped at the cost of one set test.
    """

    def __init__(self, spec: Any, where: str) -> None:
        self.id: str | None = None
        self.regex: Regex | None = None
        self.words: frozenset[str] | None = None
        self._needs = ()
        if isinstance(spec, str):
            self._set_regex(spec, where)
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
            self._set_regex(spec["regex"], f"{where}.regex")
            return
        tokens = spec["tokens"]
        if not isinstance(tokens, list) or not tokens:
            raise PatternError(f"{where}.tokens", "expected a non-empty list of token conditions")
        for k, t in enumerate(tokens):
            _check_condition(t, f"{where}.tokens[{k}]")
        counts = [_counts(t) for t in tokens]
        if all(least == 0 for least, _ in counts):
            raise PatternError(f"{where}.tokens", "every condition is optional: the pattern would match nothing")
        # What indexes the pattern comes from the conditions as written; the tests that match it
        # are built on first use (`elements`): most patterns of a rule set never run on a given draft,
        # and building all of them was a tenth of a start-up.
        needs = [_need(t) for t in tokens]
        required = [k for k, (least, _) in enumerate(counts) if least and needs[k] is not None]
        # Every required element's need must be met by the sentence: a cheap conjunctive filter.
        self._needs: tuple[Need, ...] = tuple(_with_probe(needs[k]) for k in required)  # type: ignore[misc, arg-type]
        self._specs = tokens
        self._least = tuple(least for least, _ in counts)
        # Matching starts only near tokens of the anchor, a required element: a match
        # starting at token i has its anchor token within i .. i + _reach. An anchor taking exactly
        # one token is only kept where the rest of the pattern matches from it (see finditer).
        # Without a lemma or surface need, the anchor is the first required element: its tokens are
        # found at C speed by the element's memo (see `flags`).
        # Among elements with a need, the one least likely to be everywhere (た or ます is a poor anchor).
        self._anchor = min(required, key=lambda k: (_index_cost(needs[k][0]), k)) if required else next(k for k, least in enumerate(self._least) if least)  # type: ignore[index]
        self.words: frozenset[str] | None = needs[self._anchor][0] if required else None  # type: ignore[index]
        self._by_lemma = bool(required) and needs[self._anchor][1]  # type: ignore[index]
        self._where = where

    @cached_property
    def elements(self) -> tuple[Element, ...]:
        """A token pattern's compiled conditions, built on first use (a regex pattern has none)."""
        return tuple(_element(t, f"{self._where}.tokens[{k}]") for k, t in enumerate(self._specs))

    # What the matcher uses besides the above is worked out on first use, not when rules load.

    @cached_property
    def _reach(self) -> int:
        return sum(e.most for e in self.elements[: self._anchor])

    @cached_property
    def _prune(self) -> bool:
        return self.elements[self._anchor].least == self.elements[self._anchor].most == 1

    @cached_property
    def _marked(self) -> bool:
        return any(e.mark for e in self.elements)
    @cached_property
    def _field_needs(self) -> tuple[tuple[frozenset[str], int], ...]:
        """Every exact field a required condition names (lemma だ with surface だ/だっ/だろう, base 下さる),
        checked against a whole draft's values by Patterns.live: drops what the indexed need cannot."""
        if self.regex is not None:
            return ()
        return tuple(
            sorted(
                {need for k, least in enumerate(self._least) if least for need in _field_needs(self._specs[k])},
                key=lambda n: (n[1] != FIELDS["lemma"], _index_cost(n[0])),
            )
        )

    @cached_property
    def _anchor_is_words(self) -> bool:
        """The anchor condition is nothing but its need ({surface: [、, ，]}): its tokens need no test."""
        spec = self._specs[self._anchor]
        return self.words is not None and set(spec) - {"optional", "repeat", "mark"} == {"lemma" if self._by_lemma else "surface"}

    @cached_property
    def _fixed(self) -> bool:
        """Every condition takes exactly one token: matched without backtracking, a match at i having
        its anchor at i + _anchor, so only those starts are tried (see _fixed_matches)."""
        return all(e.least == e.most == 1 for e in self.elements)

    @cached_property
    def _optional_prefix(self) -> bool:
        """Only optional one-token conditions come before the anchor (see _cover)."""
        return not self._fixed and self._prune and self._anchor > 0 and all(e.least == 0 and e.most == 1 for e in self.elements[: self._anchor])

    @cached_property
    def _tests(self) -> tuple[Test, ...]:
        """Each element's test as the matcher calls it: a condition on several fields (or with a
        `not`) answered from its memo, one lookup instead of a chain of tests."""
        return tuple(e.test if len(e.fields) == 1 and "not" not in self._specs[k] else _by_memo(e.test) for k, e in enumerate(self.elements))

    @cached_property
    def _prefix_tests(self) -> tuple[Test, ...]:
        return tuple(_by_memo(e.test) for e in self.elements[: self._anchor])

    @cached_property
    def _free_from(self) -> int:
        """From this element on, every later one is optional (see _match)."""
        return max((k for k, e in enumerate(self.elements) if e.least), default=0)

    @cached_property
    def _head(self) -> Test:
        """A non-empty match's first token is taken by one of the elements up to the first required
        one: a start whose token satisfies none of them is passed over with one memo lookup."""
        head = self.elements[: next(k for k, e in enumerate(self.elements) if e.least) + 1]
        head_tests = tuple(e.test for e in head)
        if len(head) == 1:
            return _by_memo(head[0].test)
        return _by_memo(memoize(lambda t: any(test(t) for test in head_tests), [f for e in head for f in e.fields]))

    @cached_property
    def _others(self) -> tuple[tuple[int, Test], ...]:
        return tuple((k, test) for k, test in enumerate(self._tests) if k != self._anchor)

    @cached_property
    def _mark_span(self) -> tuple[int, int]:
        marked = [k for k, e in enumerate(self.elements) if e.mark]
        return (marked[0], marked[-1] + 1) if marked else (0, len(self.elements))

    def _set_regex(self, source: str, where: str) -> None:
        self.elements = ()  # type: ignore[misc]  # (shadows the cached property)
        self.regex = compile_regex(source, where)
        probe = _required_probe(source)
        if probe is not None:  # a surface need: one of these characters is in the sentence's text
            self._needs = ((frozenset(), False, probe),)

    def finditer(self, sentence: Sentence) -> Iterator[Match]:
        if self._needs and not self.possible(sentence):
            return iter(())  # most sentences: no generator is even made
        return self.matches(sentence)

    def matches(self, sentence: Sentence) -> Iterator[Match]:
        """`finditer` for a sentence already known to be `possible`."""
        if self.regex is not None:
            return self._regex_matches(sentence)
        return self._token_matches(sentence)

    def _regex_matches(self, sentence: Sentence) -> Iterator[Match]:
        assert self.regex is not None
        masked = [(t.start, t.end) for t in sentence.tokens if t.lemma in MASK_KINDS]
        for m in self.regex.finditer(sentence.text):
            if m.end() > m.start():
                s, e = sentence.source_span(m.start(), m.end())
                # A URL's or placeholder's own characters are not prose: `、` inside {{ a、b }} is no comma.
                if not masked or not any(ms <= s and e <= me for ms, me in masked):
                    yield Match(s, e)

    def _token_matches(self, sentence: Sentence) -> Iterator[Match]:
        words = self.words
        tokens = sentence.tokens
        n = len(tokens)
        # Where the anchor element can match: a match must start at most _reach tokens before one.
        # Found at C speed: candidates by the need's set, then the element's own test.
        test = self._tests[self._anchor]
        if words is not None:
            hits = compress(range(n), map(words.__contains__, map(_LEMMA if self._by_lemma else _SURFACE, tokens)))
            anchors = list(hits) if self._anchor_is_words else [j for j in hits if test(tokens[j])]
        else:
            anchors = list(compress(range(n), flags(test, tokens)))
        if self._fixed:
            yield from self._fixed_matches(tokens, anchors)
            return
        if self._prune:
            k = self._anchor
            anchors = [j for j in anchors if self._match(tokens, k, j, n) is not None]
        if not anchors:
            return
        a = 0
        reach = self._reach
        head = self._head
        # With optional one-token conditions before the anchor, the starts a match may have before
        # anchor q are q - cover .. q (see _cover): only those are tried, instead of every start.
        lows = [q - self._cover(tokens, q) for q in anchors] if self._optional_prefix else None
        i = 0
        while i < n:
            while a < len(anchors) and anchors[a] < i:
                a += 1
            if a == len(anchors):
                return
            if lows is not None:
                best = -1
                for b in range(a, len(anchors)):
                    if best >= 0 and anchors[b] - reach > best:
                        break
                    start = lows[b] if lows[b] > i else i
                    if best < 0 or start < best:
                        best = start
                i = best
            elif anchors[a] - i > reach:
                i = anchors[a] - reach
            if not head(tokens[i]):
                i += 1
                continue
            counts = self._match(tokens, 0, i, n)
            if counts is None:
                i += 1
                continue
            stop = i + sum(counts)
            if stop == i:
                i += 1
                continue
            lo, hi = i, stop
            marks: list[int] = []
            if self._marked:
                at = i
                for el, c in zip(self.elements, reversed(counts)):
                    if el.mark:
                        marks.extend(range(at, at + c))
                    at += c
                if marks:
                    lo, hi = marks[0], marks[-1] + 1
            if hi > lo:
                yield Match(tokens[lo].start, tokens[hi - 1].end, lo, hi - 1)
            # Unmarked tokens after the marked ones are context, like a regex lookahead: the next
            # match may begin there (豊洲、有明、東雲 is two noun-comma-noun joins, not one).
            i = max(hi, i + 1) if marks else stop

    def _cover(self, tokens: Sequence[Token], q: int) -> int:
        """How many tokens right before token q the optional one-token conditions before the anchor
        can take, in order (at most one each): found from the right, each token taking the latest
        condition still free that it satisfies, which leaves the most room for the tokens before it.
        A match whose anchor is at q starts at q - t exactly when t is at most this."""
        tests = self._prefix_tests
        free = len(tests)
        taken = 0
        j = q - 1
        while j >= 0 and free:
            t = tokens[j]
            e = free - 1
            while e >= 0 and not tests[e](t):
                e -= 1
            if e < 0:
                break
            free = e
            taken += 1
            j -= 1
        return taken

    def _fixed_matches(self, tokens: Sequence[Token], anchors: list[int]) -> Iterator[Match]:
        """`_token_matches` of a fixed-length pattern: leftmost non-overlapping matches, each tried
        only where its anchor element would sit on an anchor token."""
        n = len(tokens)
        size = len(self.elements)
        shift = self._anchor
        others = self._others
        mark_lo, mark_hi = self._mark_span
        marked = self._marked
        after = 0  # where the next match may begin
        for p in anchors:
            i = p - shift
            if i < after or i < 0 or i + size > n:
                continue
            for k, test in others:
                if not test(tokens[i + k]):
                    break
            else:
                lo, hi = i + mark_lo, i + mark_hi
                yield Match(tokens[lo].start, tokens[hi - 1].end, lo, hi - 1)
                # As in _token_matches: unmarked tokens after the marked ones may begin the next match.
                after = max(hi, i + 1) if marked else i + size

    def _anywhere(self, doc: Any) -> bool:
        """For a token pattern without a lemma or spelling need: whether any token of the document
        satisfies its anchor condition (one C-speed pass over the draft's tokens)."""
        if self.regex is not None:
            return True
        return True in flags(self.elements[self._anchor].test, flat(doc, doc.sentences).tokens)

    def possible(self, sentence: Sentence) -> bool:
        """False when the sentence lacks a lemma or surface every match needs (see `_need`)."""
        if not self._needs:
            return True
        return self.possible_in(sentence.lemmas, sentence.text)

    def possible_in_doc(self, doc: Any, fields: "DraftFields | None" = None) -> bool:
        """Whether the pattern may match somewhere in the document (see Patterns.live): its exact
        field needs against the document's values of that field, a regex's probe against its text."""
        if fields is None:
            fields = draft_fields(doc)
        for values, index in self._field_needs:
            if values.isdisjoint(fields[index]):
                return False
        if self.regex is not None:
            for values, by_lemma, probe in self._needs:
                if probe.search(fields.text) is None:  # a regex's character probe
                    return False
        return True

    def possible_in(self, lemmas: "frozenset[str] | set[str]", text: str) -> bool:
        """`possible` for a text with these lemmas."""
        return _meets(self._needs, lemmas, text)

    def _match(self, tokens: Sequence[Token], k: int, i: int, n: int) -> list[int] | None:
        """Greedy with backtracking; on success the tokens each element took, last element first."""
        elements = self.elements
        if k == len(elements):
            return []
        el = elements[k]
        test = self._tests[k]
        limit = n - i if el.most > n - i else el.most
        count = 0
        while count < limit and test(tokens[i + count]):
            count += 1
        least = el.least
        if k + 1 == len(elements):
            return [count] if count >= least else None
        if k >= self._free_from and count >= least:
            # Every later condition may take no token, so the first (greedy) choice never backtracks.
            counts = [count]
            at = i + count
            for j in range(k + 1, len(elements)):
                later = elements[j]
                test = self._tests[j]
                limit = n - at if later.most > n - at else later.most
                taken = 0
                while taken < limit and test(tokens[at + taken]):
                    taken += 1
                counts.append(taken)
                at += taken
            counts.reverse()
            return counts
        while count >= least:
            got = self._match(tokens, k + 1, i + count, n)
            if got is not None:
                got.append(count)
                return got
            count -= 1
        return None


# Lemmas found in most sentences of a reply (function words, polite endings): indexing a pattern
# under a need that holds one of them would make it a candidate almost everywhere.
_COMMON_LEMMAS = frozenset(
    "為る ます です だ た て の は が を に で と も から か ない 無い ず れる られる せる させる 居る 有る 成る 御座る "
    "下さる 頂く 致す 申し上げる 事 物 此の 其の 様 方".split()
)


def _index_cost(need: frozenset[str]) -> tuple[int, int]:
    """How many sentences a lemma need is likely to let through: one with a common lemma is worst."""
    return (len(need & _COMMON_LEMMAS), len(need))


def _meets(needs: "tuple[Need, ...]", lemmas: "frozenset[str] | set[str]", text: str) -> bool:
    """Whether a text with these lemmas meets every need (see Pattern.possible)."""
    for values, by_lemma, probe in needs:
        if by_lemma:
            if values.isdisjoint(lemmas):
                return False
        elif probe.__class__ is str:
            if probe not in text:
                return False
        elif probe.search(text) is None:
            return False
    return True


class Patterns(tuple):  # type: ignore[type-arg]
    """A rule's list of patterns, plus `lemmas`: when every pattern needs some lemma, the union of
    those lemmas, so that a sentence with none of them costs one set test for the whole list."""

    lemmas: frozenset[str] | None

    def __new__(cls, patterns: Sequence[Pattern], origin: "tuple[int, ...] | None" = None) -> "Patterns":
        self = super().__new__(cls, patterns)
        # Position of each pattern in the list this one was taken from (see `live`).
        self.origin = origin if origin is not None else tuple(range(len(self)))
        self._subsets: dict[tuple[int, ...], Patterns] = {}
        union: set[str] = set()
        # lemma -> positions of the patterns needing it; patterns without a lemma need are always tried.
        self._by_lemma: dict[str, list[int]] = {}
        self._always: list[int] = []
        # What possible_at still checks once a pattern is looked up: its needs but the indexed one.
        self._rest: list[tuple[Need, ...]] = []
        for k, p in enumerate(patterns):
            lemma_needs = [values for values, by_lemma, _ in p._needs if by_lemma]
            if not lemma_needs:
                self._always.append(k)
                self._rest.append(p._needs)
                continue
            need = min(lemma_needs, key=_index_cost)
            self._rest.append(tuple(n for n in p._needs if not (n[1] and n[0] == need)))
            union |= need
            for lemma in need:
                self._by_lemma.setdefault(lemma, []).append(k)
        self.lemmas = None if self._always else frozenset(union)
        self._keys = frozenset(self._by_lemma)
        return self

    def live(self, doc: Any) -> "Patterns":
        """The patterns that may match somewhere in the document, as a list of their own (`origin`
        maps its positions back to this list's): a pattern needing a lemma or spelling the draft
        lacks is dropped once a draft, instead of being tested on each of its sentences. Then
        `lemmas` often becomes a union a sentence can be skipped on."""
        if not self:
            return self
        fields = draft_fields(doc)
        keep = tuple(k for k, p in enumerate(self) if p.possible_in_doc(doc, fields) and (p._needs or p._anywhere(doc)))
        return self.subset(keep)

    def subset(self, keep: tuple[int, ...]) -> "Patterns":
        """The list of these entries (positions in this list), made once a distinct subset."""
        if len(keep) == len(self):
            return self
        sub = self._subsets.get(keep)
        if sub is None:
            if len(self._subsets) >= 256:
                self._subsets.clear()
            sub = self._subsets[keep] = Patterns([self[k] for k in keep], tuple(self.origin[k] for k in keep))
        return sub

    def possible_at(self, sentence: Sentence) -> list[int]:
        """Positions, in order, of the patterns that may match the sentence: those whose lemma need
        it meets are looked up from its lemmas (a list of many entries is not tried one by one),
        then each candidate's full `possible` decides."""
        hit = self._keys.intersection(sentence.lemmas) if self._keys else ()
        if len(hit) == 1 and not self._always:
            picked: Sequence[int] = self._by_lemma[next(iter(hit))]
        elif not hit:
            picked = self._always
        else:
            chosen = set(self._always)
            for lemma in hit:
                chosen.update(self._by_lemma[lemma])
            picked = sorted(chosen)
        rest = self._rest
        lemmas = sentence.lemmas
        text = sentence.text
        return [k for k in picked if not rest[k] or _meets(rest[k], lemmas, text)]


def candidates(patterns: Sequence[Pattern], sentences: Sequence[Sentence], lemmas: frozenset[str] | None = None) -> list[tuple[int, Sentence]]:
    """(index, sentence) pairs where some pattern may match, cheaply: when the patterns' lemma
    union misses `lemmas` (the document's, if given) no sentence is looked at, else one set test
    a sentence. A check loops over these instead of every sentence, so a rule costs almost
    nothing on drafts and sentences it cannot fire on."""
    needed = getattr(patterns, "lemmas", None)
    if needed is None:
        return list(enumerate(sentences))
    if lemmas is not None and needed.isdisjoint(lemmas):
        return []
    return [(k, s) for k, s in enumerate(sentences) if not needed.isdisjoint(s.lemmas)]


class Flat(NamedTuple):
    """A run of sentences' tokens in one list, for checks that look at a whole draft at C speed
    (one map over all its tokens instead of one per sentence): sentence k's tokens are
    tokens[starts[k]:starts[k + 1]]."""

    tokens: list[Token]
    starts: list[int]

    def sentence_of(self, i: int) -> int:
        """The position (in the run) of the sentence holding token i."""
        return bisect_right(self.starts, i) - 1


class DraftFields(dict):  # type: ignore[type-arg]
    """A document's values of each token field (index -> frozenset, made on first use) and its
    joined sentence text: what Patterns.live tests needs against, made once a document."""

    def __init__(self, doc: Any) -> None:
        super().__init__()
        # The sentences, not the document: the document holds this in `shared`, and a reference
        # back would make every document garbage only the cycle collector can free.
        self.sentences = doc.sentences
        self[6] = doc.lemmas
        self.text = doc.joined

    def __missing__(self, index: int) -> frozenset[str]:
        getter = itemgetter(index)
        found = self[index] = frozenset(chain.from_iterable(map(getter, s.tokens) for s in self.sentences))
        return found


def draft_fields(doc: Any) -> DraftFields:
    found = doc.shared.get("fields")
    if found is None:
        found = doc.shared["fields"] = DraftFields(doc)
    return found  # type: ignore[no-any-return]


def flat(doc: Any, sentences: Sequence[Sentence]) -> Flat:
    """`Flat` of these sentences of a document, made once a document and shared by every rule,
    keyed by the sentence tuple it was made from (doc.own, doc.unsigned …, which the document
    keeps alive)."""
    cache = doc.shared.setdefault("flat", {})
    hit = cache.get(id(sentences))
    if hit is not None and hit[0] is sentences:
        return hit[1]  # type: ignore[no-any-return]
    made = Flat(list(chain.from_iterable(s.tokens for s in sentences)), list(accumulate((len(s.tokens) for s in sentences), initial=0)))
    cache[id(sentences)] = (sentences, made)
    return made


def compile_patterns(specs: Any, where: str) -> Patterns:
    if not isinstance(specs, list) or not specs:
        raise PatternError(where, "expected a non-empty list of patterns")
    return Patterns([Pattern(s, f"{where}[{k}]") for k, s in enumerate(specs)])


def _skip(patterns: Sequence[Pattern], sentence: Sentence) -> bool:
    lemmas = getattr(patterns, "lemmas", None)
    return lemmas is not None and lemmas.isdisjoint(sentence.lemmas)


def _possible(patterns: Sequence[Pattern], sentence: Sentence) -> list[Pattern]:
    """The patterns of the list, in order, that may match the sentence."""
    if isinstance(patterns, Patterns):
        return [patterns[k] for k in patterns.possible_at(sentence)]
    return [p for p in patterns if p.possible(sentence)]


def find_all(patterns: Sequence[Pattern], sentence: Sentence, exceptions: Sequence[Pattern] = ()) -> list[Match]:
    """Matches of any pattern in a sentence, minus those overlapping a match of an exception."""
    if _skip(patterns, sentence):
        return []
    found = [m for p in _possible(patterns, sentence) for m in p.matches(sentence)]
    if not found or not exceptions:
        return found
    excluded = [m for p in _possible(exceptions, sentence) for m in p.matches(sentence)]
    return [m for m in found if not any(m.overlaps(x) for x in excluded)]


def first_match(patterns: Sequence[Pattern], sentence: Sentence, exceptions: Sequence[Pattern] = ()) -> Match | None:
    """find_all(...)[0] (or None), without looking for the matches after it."""
    if _skip(patterns, sentence):
        return None
    excluded: list[Match] | None = None
    for p in _possible(patterns, sentence):
        for m in p.matches(sentence):
            if not exceptions:
                return m
            if excluded is None:
                excluded = [x for e in _possible(exceptions, sentence) for x in e.matches(sentence)]
            if not any(m.overlaps(x) for x in excluded):
                return m
    return None


def live(patterns: Sequence[Pattern], doc: Any) -> Sequence[Pattern]:
    """Patterns.live for a compiled list (any other sequence, such as (), as it is)."""
    return patterns.live(doc) if isinstance(patterns, Patterns) else patterns


def any_match(patterns: Sequence[Pattern], sentence: Sentence, exceptions: Sequence[Pattern] = ()) -> bool:
    if _skip(patterns, sentence):
        return False
    if not exceptions:
        return any(next(p.matches(sentence), None) is not None for p in _possible(patterns, sentence))
    return bool(find_all(patterns, sentence, exceptions))
