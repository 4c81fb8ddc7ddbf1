"""Japanese morphological analysis with fugashi + unidic-lite, into plain immutable tokens.

MeCab is asked for exactly the UniDic fields rules use, through its node-format output, which
costs a fraction of reading fugashi's lazy `node.feature` objects (and cannot go stale: see
unidic-notes). The tagger is made once per process, on first use.
"""

from __future__ import annotations

import re
from typing import NamedTuple, Sequence

from .masks import Mask

# MeCab dies (SIGSEGV) on one call above ~1.1M characters and needs ~1 KB per character.
MAX_CALL_CHARS = 20_000

_NODE_FORMAT = r"%m\t%f[0]\t%f[1]\t%f[2]\t%f[3]\t%f[4]\t%f[5]\t%f[7]\t%f[10]\t%f[6]\n"
_UNK_FORMAT = r"%m\t%f[0]\t%f[1]\t%f[2]\t%f[3]\t%f[4]\t%f[5]\t\t\t\n"
_UNSAFE = re.compile("[\x00\r\n\ud800-\udfff]")
_MECAB_SPACE = " \t\n\x0b\x0c"


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

        args = f'-r /dev/null -d "{unidic_lite.DICDIR}" -O "" -F "{_NODE_FORMAT}" -U "{_UNK_FORMAT}" -E "EOS\\n"'
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


def _raw_tokens(text: str) -> list[Token]:
    parse = _Tagger.get().parse
    tokens: list[Token] = []
    append = tokens.append
    for offset, chunk in _chunks(text):
        out = parse(chunk)
        pos = 0
        # fugashi strips the output's trailing whitespace, which would eat the last token's
        # empty fields; the EOS line keeps it intact.
        for row in out.split("\n"):
            f = row.split("\t")
            if len(f) != 10:
                continue
            surface = f[0]
            if not chunk.startswith(surface, pos):
                while pos < len(chunk) and chunk[pos] in _MECAB_SPACE:
                    pos += 1
                if not chunk.startswith(surface, pos):
                    found = chunk.find(surface, pos)
                    if found < 0:
                        break
                    pos = found
            start = offset + pos
            pos += len(surface)
            if f[1] == "空白":
                continue
            p = f[1]
            if f[2]:
                p += "-" + f[2]
                if f[3]:
                    p += "-" + f[3]
                    if f[4]:
                        p += "-" + f[4]
            append(Token(surface, start, start + len(surface), p, f[5], f[6], f[7] or surface, f[8] or surface, f[9]))
    return tokens


def _mask_token(text: str, mask: Mask) -> Token:
    return Token(text[mask.start : mask.end], mask.start, mask.end, "名詞-固有名詞-一般", "", "", mask.kind, mask.kind, "")


def _unknown(text: str, start: int, end: int) -> Token:
    surface = text[start:end]
    return Token(surface, start, end, "名詞-普通名詞-一般", "", "", surface, surface, "")


def tokenize(text: str, masks: Sequence[Mask] = (), offset: int = 0) -> list[Token]:
    """Tokens of text with offsets into it; each mask (given in text+offset coordinates) is one token.

    Whitespace tokens are dropped: rules look at words, and spans still come from offsets.
    """
    if not text:
        return []
    safe = _UNSAFE.sub(" ", text)
    local = [Mask(m.start - offset, m.end - offset, m.kind) for m in masks if m.end > offset and m.start < offset + len(text)]
    if local:
        chars = list(safe)
        for m in local:
            for i in range(max(m.start, 0), min(m.end, len(chars))):
                chars[i] = "x"
        safe = "".join(chars)
    tokens = _raw_tokens(safe)
    if not local:
        return tokens
    return _apply_masks(text, tokens, local)


def _apply_masks(text: str, tokens: list[Token], masks: list[Mask]) -> list[Token]:
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
                out.append(_unknown(text, cursor, m.start))
            if j not in emitted:
                emitted.add(j)
                out.append(_mask_token(text, m))
            cursor = max(cursor, m.end)
            j += 1
        if cursor < tok.end:
            out.append(_unknown(text, cursor, tok.end))
    return out
