"""`repetition`: the same item too close to itself — a particle twice in a clause, a word twice in a
row, the same conjunction opening consecutive sentences.

Items are the tokens satisfying `items`; two items are the same when the `key` fields agree
(surface by default). `merge: true` joins consecutive items into one (に+は = には, か+も = かも).

With `compare: within-sentence` (default) two same items are reported when their interval is at
most `min-interval`. The interval counts items (`distance: items`) or every token (`distance:
tokens`); each `spacers` token in between adds 1. Items inside a marked `exceptions` match still
count for the interval but are never reported; `strict: true` drops exceptions and spacers.
One item repeated back to back is reported at most MAX_CHAIN (10) times in a row.

With `compare: sentence-openers` only the first item of each sentence counts, and it is reported
when it equals the previous sentence's first item in the same block (sentences without an item
are passed over). Sentences here end at every `separator-characters` token (default . ． 。 ? ! ？ ！),
also inside a line the splitter kept whole; each `comma-characters` token between two items adds 1
to their interval, like a `spacers` token.

`allow` lists item texts never reported (`/regex/` allowed). `onomatopoeia` is a regex for words
such as カクカク: unless `allow-onomatopoeia` is false they are never reported, and when it is
false a single token that repeats itself (カクカク) is reported too.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from itertools import accumulate, chain, compress
from operator import eq, gt, itemgetter, or_
from typing import Any, Callable, Iterable, Iterator, Mapping, NamedTuple, Sequence

from ..document import Sentence
from ..patterns import FIELDS, Flat, Pattern, PatternError, Regex, compile_patterns, flat, flags
from ..tokenizer import Token
from . import Context, Finding, KindError, get_scope, scoped
from .spans import condition, pieces

KEYS = {
    "items": True,
    "key": False,
    "merge": False,
    "compare": False,
    "distance": False,
    "spacers": False,
    "exceptions": False,
    "onomatopoeia": False,
    "scope": False,
}
OPTIONS: dict[str, Any] = {
    "min-interval": 1,
    "strict": False,
    "allow": [],
    "allow-onomatopoeia": True,
    "separator-characters": [".", "．", "。", "?", "!", "？", "！"],
    "comma-characters": ["、", "，"],
}
COMPARES = ("within-sentence", "sentence-openers")
MAX_MERGE = 4  # compound particles are short (には, からは, までに); a longer run starts a new item
DISTANCES = ("items", "tokens")
MAX_CHAIN = 10  # reports of one item repeated back to back (see _within)
SLOTS: tuple[str, ...] = ("match", "before", "after")  # what its findings fill in a message or hint

Test = Callable[[Token], bool]
_SURFACE = itemgetter(0)


class Item(NamedTuple):  # a tuple: made for every item token, in the hot loop
    first: int  # token indexes, inclusive
    last: int
    key: tuple[str, ...]
    text: str
    exempt: bool
    spacers_before: int  # spacers seen in the piece before this item


def _doubled(word: str) -> bool:
    half = len(word) // 2
    return len(word) >= 2 and len(word) % 2 == 0 and word[:half] == word[half:]


@dataclass(frozen=True)
class RepetitionCheck:
    """The compiled `repetition` kind (see the module's docstring)."""

    items: Test
    key_fields: tuple[int, ...]
    merge: bool
    compare: str
    distance: str
    spacers: Test | None
    exceptions: tuple[Pattern, ...]
    onomatopoeia: Regex | None  # rule and config regexes are time-limited: an item may be a long run of letters
    min_interval: int
    strict: bool
    allow_exact: frozenset[str]
    allow_regex: tuple[Regex, ...]
    allow_onomatopoeia: bool
    separators: frozenset[str]
    commas: frozenset[str]
    scope: str
    needs_inquiry: bool = False

    def __post_init__(self) -> None:
        # A token's key fields (a value or a tuple of them: equal exactly when the keys are equal).
        object.__setattr__(self, "_key", itemgetter(*self.key_fields))

    def _allowed(self, text: str) -> bool:
        if text in self.allow_exact or any(r.fullmatch(text) for r in self.allow_regex):
            return True
        return self.allow_onomatopoeia and self.onomatopoeia is not None and bool(self.onomatopoeia.fullmatch(text))

    def _flags(self, tokens: Sequence[Token]) -> list[bool]:
        """Which tokens are items, at C speed (the condition's memo)."""
        return flags(self.items, tokens)

    def _spacer_counts(self, tokens: Sequence[Token], is_item: list[bool]) -> list[int]:
        """counts[i] = spacers (comma characters and `spacers` tokens that are not items) among tokens[:i]."""
        if self.strict:
            return [0] * (len(tokens) + 1)
        raw: Iterator[bool] = map(self.commas.__contains__, map(_SURFACE, tokens))
        if self.spacers is not None:
            raw = map(or_, raw, flags(self.spacers, tokens))
        return list(accumulate(map(gt, raw, is_item), initial=0))

    def _items(
        self, sentence: Sentence, lo: int, hi: int, exempt: set[int], is_item: list[bool] | None = None, spacers: list[int] | None = None
    ) -> list[Item]:
        tokens = sentence.tokens
        if is_item is None:
            is_item = self._flags(tokens)
        if spacers is None:
            spacers = self._spacer_counts(tokens, is_item)
        out: list[Item] = []
        prev_item = -2
        base = spacers[lo]
        key_fields = self.key_fields
        for i in compress(range(lo, hi), is_item[lo:hi]):  # only item tokens are visited
            t = tokens[i]
            key = tuple([t[f] for f in key_fields])
            if self.merge and out and prev_item == i - 1 and i - out[-1].first < MAX_MERGE:
                last = out[-1]
                out[-1] = Item(last.first, i, last.key + key, last.text + t.surface, last.exempt or i in exempt, last.spacers_before)
            else:
                out.append(Item(i, i, key, t.surface, i in exempt, spacers[i] - base))
            prev_item = i
        return out

    def _may_repeat(self, sentence: Sentence, is_item: list[bool] | None = None) -> bool:
        """False when no two items of the sentence can be reported: a necessary condition, checked
        at C speed before items, exceptions and intervals are worked out (most sentences fail it).

        Two reported items have equal keys, so their first tokens have equal keys; and their
        distance is bounded: by the interval in tokens (`distance: tokens`; a merged item spans
        at most MAX_MERGE tokens) or in items (each of at most MAX_MERGE item tokens).
        """
        if self.onomatopoeia is not None and not self.allow_onomatopoeia:
            return True  # a single token can be reported: no shortcut
        tokens = sentence.tokens
        if self.distance == "tokens":
            keys = list(map(self._key, tokens))
            if len(set(keys)) == len(keys):
                return False
            reach = self.min_interval + (MAX_MERGE - 1 if self.merge else 0)
        else:  # n - k items apart, each of at most MAX_MERGE item tokens
            keys = list(compress(map(self._key, tokens), self._flags(tokens) if is_item is None else is_item))
            if len(set(keys)) == len(keys):
                return False
            reach = self.min_interval * (MAX_MERGE if self.merge else 1)
        reach = min(reach, len(keys))  # farther apart than the keys reach, nothing: min-interval may be 10**30
        return any(any(map(eq, keys, keys[d:])) for d in range(1, reach + 1))

    def _repeating(self, run: Flat, is_items: list[bool], counts: list[int], count: int) -> Iterable[int]:
        """Positions of the sentences for which `_may_repeat` holds, found for the whole draft at
        once: keys of a sentence's items (or tokens) are a slice of the draft's, so two equal keys
        d apart inside a sentence are d apart in the draft's list too (and conversely).
        `counts` is `_spacer_counts` of the draft's tokens (for `distance: items`)."""
        if self.onomatopoeia is not None and not self.allow_onomatopoeia:
            return range(count)  # a single token can be reported: no shortcut
        where: Sequence[int]
        exact = False
        if self.distance == "tokens":
            where = range(len(run.tokens))
            keys = list(map(self._key, run.tokens))
            reach = self.min_interval + (MAX_MERGE - 1 if self.merge else 0)
        else:
            where, exact = self._item_starts(run, is_items)  # exact: `where` holds exactly the items' first tokens
            keys = list(map(self._key, map(run.tokens.__getitem__, where)))
            reach = self.min_interval * (1 if exact else MAX_MERGE)
        if len(set(keys)) == len(keys):
            return ()
        # Two reported items lie in one sentence: no farther apart than the widest sentence's keys
        # (min-interval may be 10**30, or 100,000 on a draft of 100,000 tokens: d * n steps).
        bounds = [*run.starts, len(run.tokens)]
        reach = min(reach, max((bisect_left(where, hi) - bisect_left(where, lo) for lo, hi in zip(bounds, bounds[1:])), default=0))
        # Items d apart are d + (spacers between them) apart: spacers are counted when `where`
        # holds exactly the items' first tokens (an item's spacers are those before its first token).
        spaced = self.distance != "tokens" and exact and not self.strict
        found: set[int] = set()
        for d in range(1, reach + 1):
            for j in compress(range(len(keys) - d), map(eq, keys, keys[d:])):
                a, b = where[j], where[j + d]
                if spaced and d + counts[b] - counts[a] > self.min_interval:
                    continue
                k = run.sentence_of(a)
                if k not in found and run.sentence_of(b) == k:
                    found.add(k)
        return sorted(found)

    def _item_starts(self, run: Flat, is_items: list[bool]) -> tuple[list[int], bool]:
        """Token positions where the draft's items begin, and whether they are exactly that.

        Without `merge` every item token. With it, the first token of each run of item tokens —
        each run being one item when no run is longer than MAX_MERGE and no separator is an item;
        else every item token, not exact (the caller then allows for merged items in its reach).
        """
        every = list(compress(range(len(is_items)), is_items))
        if not self.merge or not every:
            return every, True
        if bytes([1]) * (MAX_MERGE + 1) in bytes(is_items) or not self.separators.isdisjoint(map(_SURFACE, compress(run.tokens, is_items))):
            return every, False
        after = [False, *is_items[:-1]]  # is_items shifted: the token before is an item
        for k in run.starts[:-1]:
            if k < len(after):
                after[k] = False  # a sentence's first item begins one
        return list(compress(range(len(is_items)), map(gt, is_items, after))), True

    def _exempt(self, sentence: Sentence) -> set[int]:
        if self.strict or not self.exceptions:
            return set()
        marked: set[int] = set()
        for p in self.exceptions:
            for m in p.finditer(sentence):
                if m.first >= 0:
                    marked.update(range(m.first, m.last + 1))
        return marked

    def _finding(self, text: str, tokens: Sequence[Token], earlier: Item, later: Item) -> Finding:
        start, end = tokens[later.first].start, tokens[later.last].end

        def context(item: Item) -> str:
            begin = tokens[item.first - 1].start if item.first > 0 else tokens[item.first].start
            return text[begin : tokens[item.last].end]

        return Finding(start, end, {"match": text[start:end], "before": context(earlier), "after": context(later)})

    def run(self, ctx: Context) -> Iterator[Finding]:
        text = ctx.draft.text
        if self.compare == "sentence-openers":
            yield from self._openers(ctx)
            return
        sentences = scoped(ctx.draft, self.scope)
        run = flat(ctx.draft, sentences)
        by_items = self.distance != "tokens"
        is_items = self._flags(run.tokens) if by_items else []
        counts = self._spacer_counts(run.tokens, is_items) if by_items else []
        for k in self._repeating(run, is_items, counts, len(sentences)):
            sentence = sentences[k]
            lo, hi = run.starts[k], run.starts[k + 1]
            if by_items:
                is_item, spacers = is_items[lo:hi], counts[lo : hi + 1]
            else:
                is_item = self._flags(sentence.tokens)
                spacers = self._spacer_counts(sentence.tokens, is_item)
            # Exceptions only silence items, so they are looked for only where something would be reported.
            found = self._within(text, sentence, set(), is_item, spacers)
            if found and self.exceptions and not self.strict:
                found = self._within(text, sentence, self._exempt(sentence), is_item, spacers)
            yield from found

    def _within(
        self, text: str, sentence: Sentence, exempt: set[int], is_item: list[bool] | None = None, spacers: list[int] | None = None
    ) -> list[Finding]:
        """Findings of `compare: within-sentence` in one sentence, with these token indexes exempt.
        `is_item` and `spacers` (see `_spacer_counts`; only differences count) may be given."""
        tokens = sentence.tokens
        out: list[Finding] = []
        if is_item is None:
            is_item = self._flags(tokens)
        if spacers is None:
            spacers = self._spacer_counts(tokens, is_item)
        for lo, hi in pieces(tokens, self.separators):
            items = self._items(sentence, lo, hi, exempt, is_item, spacers)
            last_seen: dict[tuple[str, ...], int] = {}
            chain: dict[tuple[str, ...], tuple[int, int]] = {}  # key -> (item last reported, reports in a row)
            for n, item in enumerate(items):
                if (
                    self.onomatopoeia is not None
                    and not self.allow_onomatopoeia
                    and item.first == item.last
                    and self.onomatopoeia.fullmatch(item.text)
                    and _doubled(item.text)
                ):
                    s, e = tokens[item.first].start, tokens[item.first].end
                    half = (e - s) // 2
                    out.append(Finding(s + half, e, {"match": text[s + half : e], "before": text[s : s + half], "after": text[s:e]}))
                k = last_seen.get(item.key)
                last_seen[item.key] = n
                if k is None:
                    continue
                earlier = items[k]
                if item.exempt or earlier.exempt or self._allowed(item.text):
                    continue
                if self.distance == "tokens":
                    interval = item.first - earlier.last
                    if tokens[item.first].start > tokens[earlier.last].end:
                        interval += 1  # a space between them (株式会社風見 風見様): a gap, not a slip
                else:
                    interval = n - k
                interval += item.spacers_before - earlier.spacers_before
                if interval <= self.min_interval:
                    # One item repeated back to back is reported at most MAX_CHAIN times: a line of
                    # 2 MB of "漢" or "1" is one slip, not a million diagnostics (and a gigabyte).
                    last, reported = chain.get(item.key, (-1, 0))
                    reported = reported + 1 if last == k else 1
                    chain[item.key] = (n, reported)
                    if reported <= MAX_CHAIN:
                        out.append(self._finding(text, tokens, earlier, item))
        return out

    def _openers(self, ctx: Context) -> Iterator[Finding]:
        text = ctx.draft.text
        sentences = scoped(ctx.draft, self.scope)
        # Two openers are reported only if their first tokens are equal items: most drafts have no such pair.
        run = flat(ctx.draft, sentences)
        is_items = flags(self.items, run.tokens)
        keys = list(compress(map(self._key, run.tokens), is_items))
        if len(set(keys)) == len(keys):
            return
        previous: tuple[int, Item] | None = None  # (block, first item of the last sentence that had one)
        for k, sentence in enumerate(sentences):
            if previous is not None and previous[0] != sentence.block:
                previous = None
            is_item = is_items[run.starts[k] : run.starts[k + 1]]
            if True not in is_item:
                continue  # no item: passed over
            tokens = sentence.tokens
            exempt = self._exempt(sentence)
            unspaced = [0] * (len(tokens) + 1)  # an opener's spacers are never compared
            for lo, hi in pieces(tokens, self.separators):
                if True not in is_item[lo:hi]:
                    continue
                first = is_item.index(True, lo, hi)  # only the first item counts: it spans at most MAX_MERGE tokens
                items = self._items(sentence, first, min(hi, first + MAX_MERGE), exempt, is_item, unspaced)
                item = items[0]
                if previous is not None and previous[1].key == item.key and not item.exempt and not self._allowed(item.text):
                    start, end = tokens[item.first].start, tokens[item.last].end
                    yield Finding(start, end, {"match": text[start:end], "before": previous[1].text, "after": item.text})
                previous = (sentence.block, item)


def _regex(source: str, where: str) -> Regex:
    try:
        return Regex(source, where)
    except PatternError as exc:
        raise KindError(exc.where, exc.message) from None


def _allow_lists(values: Any) -> tuple[frozenset[str], tuple[Regex, ...]]:
    if not isinstance(values, (list, tuple)) or not all(isinstance(v, str) for v in values):
        raise KindError("options.allow", "expected a list of words (or /regex/)")
    exact = frozenset(v for v in values if not (len(v) > 2 and v.startswith("/") and v.endswith("/")))
    regexes = []
    for v in values:
        if len(v) > 2 and v.startswith("/") and v.endswith("/"):
            regexes.append(_regex(v[1:-1], "options.allow"))
    return exact, tuple(regexes)


def _characters(options: Mapping[str, Any], name: str) -> frozenset[str]:
    values = options[name]
    if not isinstance(values, (list, tuple)) or not all(isinstance(v, str) and v for v in values):
        raise KindError(f"options.{name}", "expected a list of characters")
    return frozenset(values)


def build(spec: Mapping[str, Any], options: Mapping[str, Any]) -> RepetitionCheck:
    key = spec.get("key", ["surface"])
    if not isinstance(key, list) or not key or any(not isinstance(k, str) or k not in FIELDS for k in key):
        raise KindError("key", f"expected a list of token fields ({', '.join(FIELDS)})")
    compare = spec.get("compare", "within-sentence")
    if compare not in COMPARES:
        raise KindError("compare", f"expected one of {', '.join(COMPARES)}")
    distance = spec.get("distance", "items")
    if distance not in DISTANCES:
        raise KindError("distance", f"expected one of {', '.join(DISTANCES)}")
    merge = spec.get("merge", False)
    if not isinstance(merge, bool):
        raise KindError("merge", "expected true or false")
    interval = options["min-interval"]
    if not isinstance(interval, int) or isinstance(interval, bool) or interval < 1:
        raise KindError("options.min-interval", "expected a whole number, 1 or more")
    onomatopoeia = None
    if "onomatopoeia" in spec:
        if not isinstance(spec["onomatopoeia"], str):
            raise KindError("onomatopoeia", "expected a regular expression")
        onomatopoeia = _regex(spec["onomatopoeia"], "onomatopoeia")
    exact, regexes = _allow_lists(options["allow"])
    return RepetitionCheck(
        items=condition(spec["items"], "items"),
        key_fields=tuple(FIELDS[k] for k in key),
        merge=merge,
        compare=compare,
        distance=distance,
        spacers=condition(spec["spacers"], "spacers") if "spacers" in spec else None,
        exceptions=compile_patterns(spec["exceptions"], "exceptions") if "exceptions" in spec else (),
        onomatopoeia=onomatopoeia,
        min_interval=interval,
        strict=bool(options["strict"]),
        allow_exact=exact,
        allow_regex=regexes,
        allow_onomatopoeia=bool(options["allow-onomatopoeia"]),
        separators=_characters(options, "separator-characters"),
        commas=_characters(options, "comma-characters"),
        scope=get_scope(spec),
    )
