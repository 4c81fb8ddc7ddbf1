"""Japanese morphological analysis with fugashi + unidic-lite, into plain immutable tokens.

MeCab is asked for exactly the UniDic fields rules use, through its node-format output, which
costs a fraction of reading fugashi's lazy `node.feature` objects (and cannot go stale: see
unidic-notes). The tagger is made once per process, on first use.
"""

from __future__ import annotations

import re
from itertools import accumulate, repeat
from operator import add, attrgetter, sub
from typing import Iterable, NamedTuple, Sequence

from .masks import Mask

# MeCab dies (SIGSEGV) on one call above ~1.1M characters and needs ~1 KB per character; and it
# is quadratic in a run of one character class it groups into unknown words (katakana, Latin
# letters, digits, symbols, emoji): 20,000 x "ア" takes 0.3 s in one call, 2,000 of them 5 ms.
# No real sentence comes near this limit; a text over it is cut at a punctuation mark or space.
MAX_CALL_CHARS = 2_000

# One node = two tab-ended fields: the surface with the spaces MeCab skipped before it (%M), and
# the dictionary row (%H) as the key of a cache of parsed features, so that a word's features
# are parsed once per process, not once per occurrence (MeCab's own %f[i] re-splits the row for
# every field it prints, which costs more than the tagging). Unknown words share rows, so theirs
# is marked with '?' and carries the surface, which is their lemma and base. The EOS mark keeps
# fugashi from stripping the last node's empty fields. Tabs and other control whitespace never
# reach MeCab (see _UNSAFE): a tab always separates fields, the output is cut with one
# str.split, and the only thing before a surface in %M is ASCII spaces.
_FIELDS = 2
_NODE_FORMAT = r"%M\t%H\t"
_UNK_FORMAT = r"%M\t?%H,%m\t"
_EOS = "EOS"
_CACHE_LIMIT = 200_000
_UNSAFE = re.compile("[\x00\t\n\x0b\x0c\r\ud800-\udfff]")
_SPACE_POS = "空白"
_new_tuple = tuple.__new__
_START = attrgetter("start")


class Token(NamedTuple):
    """One morpheme. A NamedTuple rather than a dataclass: a draft has thousands, made in a hot loop.

    `pos` joins the non-empty part-of-speech levels with '-' (名詞-普通名詞-サ変可能);
    `base` is UniDic's orthBase (the dictionary form as spelled), `reading` its lForm.
    Unknown words (Latin, digits, emoji) have the surface as lemma and base.
    """

    surface: str
    start: int
    end: int
    pos: str
    ctype: str
    cform: str
    lemma: str
    base: str
    reading: str

    @property
    def pos1(self) -> str:
        return self.pos.split("-", 1)[0]


class _Tagger:
    """The MeCab handle. Created lazily because importing and opening the dictionary costs time."""

    _instance: "_Tagger | None" = None

    def __init__(self) -> None:
        import fugashi
        import unidic_lite

        args = f'-r /dev/null -d "{unidic_lite.DICDIR}" -O "" -F "{_NODE_FORMAT}" -U "{_UNK_FORMAT}" -E "{_EOS}"'
        self._tagger = fugashi.GenericTagger(args)
        self.parse = self._tagger.parse

    @classmethod
    def get(cls) -> "_Tagger":
        if cls._instance is None:
            cls._instance = _Tagger()
        return cls._instance


def dictionary_version() -> str:
    """Versions that change tokens, for cache keys."""
    from importlib.metadata import version

    return f"fugashi {version('fugashi')}, unidic-lite {version('unidic-lite')}"


def _chunks(text: str) -> list[tuple[int, str]]:
    """Cut text into pieces MeCab can take, at a punctuation or space where possible."""
    if len(text) <= MAX_CALL_CHARS:
        return [(0, text)]
    out: list[tuple[int, str]] = []
    start = 0
    while start < len(text):
        end = min(start + MAX_CALL_CHARS, len(text))
        if end < len(text):
            window = text[start + MAX_CALL_CHARS // 2 : end]
            cut = max(window.rfind(ch) for ch in "。、！？!? \u3000")
            if cut >= 0:
                end = start + MAX_CALL_CHARS // 2 + cut + 1
        out.append((start, text[start:end]))
        start = end
    return out


Features = tuple  # (pos, ctype, cform, lemma, base, reading)
_features: dict[str, Features] = {}


def _parse_row(row: str) -> Features:
    """A dictionary row (UniDic CSV, or '?' + unknown-word row + ',' + surface) as Token fields."""
    if row.startswith("?"):
        f = row[1:].split(",", 6)
        surface = f[6]
        return ("-".join(x for x in f[:4] if x != "*"), _field(f[4]), _field(f[5]), surface, surface, "")
    if '"' in row:  # a quoted field (a surface holding a comma): rare, so csv is imported only then
        import csv

        f = next(csv.reader([row]))
    else:
        f = row.split(",")
    pos = "-".join(x for x in f[:4] if x != "*")
    return (pos, _field(f[4]), _field(f[5]), _field(f[7]), _field(f[10]), _field(f[6]))


def _field(value: str) -> str:
    return "" if value == "*" else value


def _lookup(rows: list[str]) -> list[Features]:
    found = list(map(_features.get, rows))
    if None in found:
        if len(_features) > _CACHE_LIMIT:
            _features.clear()
        for k, row in enumerate(rows):
            if found[k] is None:
                value = _parse_row(row)
                found[k] = _features.setdefault(row, value)
    return found


def _rows(text: str, offset: int) -> list[Token]:
    """Tokens of one MeCab-safe chunk, built without a Python statement per token.

    MeCab's output is cut with one split; each column is a slice of that list; offsets come from
    the running sum of the `%M` lengths; features come from the row cache; tuples are made by
    `tuple.__new__` over zipped columns. Per-token Python code was what made tokenizing cost
    several times the tagger itself.
    """
    flat = _Tagger.get().parse(text).split("\t")
    n = len(flat) // _FIELDS
    if flat[-1] != _EOS or len(flat) != n * _FIELDS + 1:
        return _rows_slowly(text, offset, flat)
    stop = n * _FIELDS
    spaced = flat[0:stop:_FIELDS]
    if not text.startswith("".join(spaced)):
        return _rows_slowly(text, offset, flat)
    ends = list(accumulate(map(len, spaced), initial=offset))
    if " " in text:
        surfaces = [s.lstrip(" ") for s in spaced]
        del ends[0]
        starts: Iterable[int] = map(sub, ends, map(len, surfaces))
        stops: Iterable[int] = ends
    else:  # each token starts where the one before it ends
        surfaces = spaced
        starts = ends
        stops = iter(ends)
        next(stops)
    features = _lookup(flat[1:stop:_FIELDS])
    tokens = list(map(_new_tuple, repeat(Token), map(add, zip(surfaces, starts, stops), features)))
    if "\u3000" in text:  # the only character UniDic tags as 空白 (see _UNSAFE for the others)
        tokens = [t for t in tokens if t[3] != _SPACE_POS]
    return tokens


def _rows_slowly(text: str, offset: int, flat: list[str]) -> list[Token]:
    """The same, aligning each surface with the text one by one: for output the fast path distrusts."""
    tokens: list[Token] = []
    pos = 0
    for k in range(0, len(flat) - _FIELDS + 1, _FIELDS):
        surface = flat[k].lstrip(" ")
        if not surface:
            continue
        found = text.find(surface, pos)
        if found < 0:
            break
        pos = found + len(surface)
        features = _parse_row(flat[k + 1])
        if features[0] != _SPACE_POS:
            tokens.append(Token(surface, offset + found, offset + pos, *features))
    return tokens


def _raw_tokens(text: str, offset: int = 0) -> list[Token]:
    """Tokens of MeCab-safe text, with `offset` added to every position; long text goes in chunks."""
    if len(text) <= MAX_CALL_CHARS:
        return _rows(text, offset)
    tokens: list[Token] = []
    for start, chunk in _chunks(text):
        tokens.extend(_rows(chunk, offset + start))
    return tokens


def relocate(tokens: Sequence[Token], offsets: Sequence[int]) -> list[Token]:
    """Tokens moved from a text to where its characters come from: character i lies at offsets[i].

    A token keeps its surface; its span runs from its first character's place to just after its
    last one's (a sentence joined over a line break maps back across it)."""
    return [_new_tuple(Token, (t[0], offsets[t[1]], offsets[t[2] - 1] + 1, *t[3:])) for t in tokens]


def _mask_token(text: str, mask: Mask, shift: int) -> Token:
    return Token(text[mask.start - shift : mask.end - shift], mask.start, mask.end, "名詞-固有名詞-一般", "", "", mask.kind, mask.kind, "")


def _unknown(text: str, start: int, end: int, shift: int) -> Token:
    surface = text[start - shift : end - shift]
    return Token(surface, start, end, "名詞-普通名詞-一般", "", "", surface, surface, "")


def tokenize(text: str, masks: Sequence[Mask] = (), offset: int = 0) -> list[Token]:
    """Tokens of text with offsets into it; each mask (given in text+offset coordinates) is one token.

    Whitespace tokens are dropped: rules look at words, and spans still come from offsets.
    """
    return tokens_at(text, masks, offset, 0)


def tokens_at(text: str, masks: Sequence[Mask], offset: int, shift: int) -> list[Token]:
    """`tokenize`, with `shift` added to every token's offsets (the text's place in its document).

    This runs once a sentence: the common one (short, no mask) goes straight to the tagger.
    """
    if not text:
        return []
    safe = _UNSAFE.sub(" ", text)
    if masks:
        end = offset + len(text)
        local = [m for m in masks if m.end > offset and m.start < end]
        if local:
            return _masked_tokens(text, safe, local, shift - offset, shift)
    if len(safe) <= MAX_CALL_CHARS:
        return _rows(safe, shift)
    return _raw_tokens(safe, shift)


def _masked_tokens(text: str, safe: str, masks: list[Mask], move: int, shift: int) -> list[Token]:
    """Tokens of a text with masks, which `move` brings to token coordinates (text + `shift`).

    Each masked span is tagged as a run of 'x' so the words around it are tagged as they read,
    then the tokens over it give way to one token for the mask.
    """
    parts: list[str] = []
    pos = 0
    for m in sorted(masks, key=_START):
        start, stop = max(m.start + move - shift, pos), min(m.end + move - shift, len(safe))
        if start < stop:
            parts.append(safe[pos:start])
            parts.append("x" * (stop - start))
            pos = stop
    parts.append(safe[pos:])
    moved = [Mask(m.start + move, m.end + move, m.kind) for m in masks] if move else masks
    return _apply_masks(text, _raw_tokens("".join(parts), shift), moved, shift)


def _apply_masks(text: str, tokens: list[Token], masks: list[Mask], shift: int) -> list[Token]:
    """Every token that overlaps a mask gives way to the mask as one token, and to unknown words for
    what sticks out of it. Tokens and masks are in text + `shift` coordinates."""
    out: list[Token] = []
    emitted: set[int] = set()
    mi = 0
    for tok in tokens:
        while mi < len(masks) and masks[mi].end <= tok.start:
            mi += 1
        if mi >= len(masks) or masks[mi].start >= tok.end:
            out.append(tok)
            continue
        cursor = tok.start
        j = mi
        while j < len(masks) and masks[j].start < tok.end:
            m = masks[j]
            if cursor < m.start:
                out.append(_unknown(text, cursor, m.start, shift))
            if j not in emitted:
                emitted.add(j)
                out.append(_mask_token(text, m, shift))
            cursor = max(cursor, m.end)
            j += 1
        if cursor < tok.end:
            out.append(_unknown(text, cursor, tok.end, shift))
    return out
