"""Splitting a reply into blocks and sentences, keeping every piece's exact source span.

A sentence ends at 。！？!? outside brackets, at the end of a list item, and at the end of a
paragraph; a single line break inside a paragraph does not end it. A block with no line that
ends in sentence-final punctuation (addressee, signature, heading, a list of bare items) is
read line by line instead. Quoted lines (`>`, `＞`) form blocks of their own, marked quoted.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate
from typing import Iterable, Iterator, NamedTuple, Sequence

from .masks import Mask, MaskIndex

TERMINATORS = frozenset("。！？!?")
_HALF_TERMINATORS = frozenset("!?")
OPENERS = {"「": "」", "『": "』", "（": "）", "(": ")", "“": "”", "【": "】", "〈": "〉", "《": "》", "［": "］"}
CLOSERS = {v: k for k, v in OPENERS.items()}
_TOGGLES = frozenset('"')
_LINE_END_CLOSERS = "」』）)”\"】〉》］"
SPACES = " \t\u3000\u00a0\ufeff"

_LINE_RE = re.compile(r"([^\r\n]*)(\r\n|\r|\n|$)")
_QUOTE_RE = re.compile(r"[ \t\u3000]*(?:[>＞][ \t\u3000]?)+")
_BULLET_RE = re.compile(
    r"[ \t\u3000]*(?:"
    r"[・•●○◦‣▪◆◇■□★☆✓✔※][ \t\u3000]*"
    r"|[-*+＊－][ \t\u3000]+"
    r"|(?:\d{1,3}|[０-９]{1,3})(?:[.．](?!\d)|[)）])[ \t\u3000]*"
    r"|[①-⑳㉑-㉟❶-❿][ \t\u3000]*"
    r"|[(（](?:\d{1,3}|[０-９]{1,3}|[a-zａ-ｚ])[)）][ \t\u3000]*"
    r")(?=\S)"
)
_SEPARATOR_RE = re.compile(r"[ \t\u3000]*[-=_~*―─━＝＊〜～・.…─◆◇■□#]{3,}[ \t\u3000]*")
_ADDRESSEE_RE = re.compile(r"[^。！？!?]{1,60}(?:様|さま|御中|殿|各位)[ \t\u3000]*[、,：:]?[ \t\u3000]*")
# Every first character (after spaces) that _QUOTE_RE, _SEPARATOR_RE, _BULLET_RE or _HEADING_RE can start with.
_STARTER_RE = re.compile(r"[>＞・•●○◦‣▪◆◇■□★☆✓✔※\-*+＊－\d①-⑳㉑-㉟❶-❿(（=_~―─━＝〜～.…#【\[［〔]")
_ADDRESSEE_HINT_RE = re.compile("様|さま|御中|殿|各位")  # cheap test before _ADDRESSEE_RE's backtracking
_HEADING_RE = re.compile(r"[ \t\u3000]*(?:【[^】]*】|\[[^\]]*\]|［[^］]*］|#{1,6}[ \t].*|〔[^〕]*〕)[ \t\u3000]*")


class Unit(NamedTuple):
    """A sentence before tokenizing: its kind, whether it is quoted, its block, its source pieces.

    Immutable; a NamedTuple rather than a frozen dataclass because one is made per sentence."""

    kind: str  # paragraph | item | line | url | addressee | heading | quote
    quoted: bool
    block: int
    pieces: tuple[tuple[int, int], ...]


class _Line(NamedTuple):
    """One source line. A NamedTuple: a draft has dozens, classified in a loop."""

    start: int
    end: int  # end of content, before the line break
    kind: str  # blank | quote | item | separator | addressee | heading | url | text
    body: int  # where the content starts (after a quote or bullet marker)
    indent: int


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in SPACES:
        start += 1
    while end > start and text[end - 1] in SPACES:
        end -= 1
    return start, end


class _Cover:
    """Whether one mask covers a whole span: the masks sorted by start, with the furthest end
    reached so far, so that a line asks once (bisect), not once per mask."""

    def __init__(self, masks: Sequence[Mask]) -> None:
        spans = sorted((k.start, k.end) for k in masks)
        self.starts = [s for s, _ in spans]
        self.reach = list(accumulate((e for _, e in spans), max))

    def __call__(self, start: int, end: int) -> bool:
        k = bisect_right(self.starts, start)
        return k > 0 and self.reach[k - 1] >= end


def _classify(start: int, end: int, content: str, covered: _Cover | None) -> _Line:
    """The kind of the line text[start:end] (= content); `covered` tells a span inside one mask."""
    body = content.lstrip(SPACES)
    if not body:
        return _Line(start, end, "blank", end, end - start)
    stripped = body.rstrip(SPACES)
    stripped_start = end - len(body)
    stripped_end = stripped_start + len(stripped)
    indent = stripped_start - start
    if _STARTER_RE.match(body) is None:
        # Most lines start with a word: quote, separator, bullet and heading all need a marker first.
        if covered is not None and covered(stripped_start, stripped_end):
            return _Line(start, end, "url", stripped_start, indent)
        if len(stripped) <= 80 and _ADDRESSEE_HINT_RE.search(stripped) and _ADDRESSEE_RE.fullmatch(stripped):
            return _Line(start, end, "addressee", stripped_start, indent)
        return _Line(start, end, "text", stripped_start, indent)
    m = _QUOTE_RE.match(content)
    if m:
        return _Line(start, end, "quote", start + m.end(), indent)
    if covered is not None and covered(stripped_start, stripped_end):
        return _Line(start, end, "url", stripped_start, indent)
    if len(stripped) <= 80 and _ADDRESSEE_HINT_RE.search(stripped) and _ADDRESSEE_RE.fullmatch(stripped):
        return _Line(start, end, "addressee", stripped_start, indent)
    if _SEPARATOR_RE.fullmatch(content):
        return _Line(start, end, "separator", stripped_start, indent)
    m = _BULLET_RE.match(content)
    if m:
        return _Line(start, end, "item", start + m.end(), indent)
    if _HEADING_RE.fullmatch(content):
        return _Line(start, end, "heading", stripped_start, indent)
    return _Line(start, end, "text", stripped_start, indent)


def _lines(text: str, masks: Sequence[Mask]) -> list[_Line]:
    n = len(text)
    out = []
    covered = _Cover(masks) if masks else None
    for m in _LINE_RE.finditer(text):
        start, end = m.span(1)
        if start == n and end == m.end():  # the empty match after the last line break
            break
        out.append(_classify(start, end, m.group(1), covered))
    return out


def _ends_sentence(text: str, start: int, end: int) -> bool:
    """Whether the line ends in a terminator, closing brackets after it allowed."""
    tail = text[start:end].rstrip(SPACES).rstrip(_LINE_END_CLOSERS)
    return tail[-1:] in TERMINATORS


_SPECIAL = frozenset(OPENERS) | frozenset(CLOSERS) | _TOGGLES | TERMINATORS
_SPECIAL_RE = re.compile("[" + re.escape("".join(sorted(_SPECIAL))) + "]")
_NON_SPACE_RE = re.compile("[^" + re.escape(SPACES) + "]")


# A sentence end where nothing can hide it (no bracket or quote in the run, no mask): a terminator,
# but not a half-width one glued to a Latin letter or digit (v1.2!x, ?id=3), with the terminators
# and ellipses that follow it.
_END_RE = re.compile(r"(?:[。！？]|[!?](?![A-Za-z0-9]))[。！？!?…‥]*")
_GROUPING_RE = re.compile("[" + re.escape("".join(sorted(frozenset(OPENERS) | frozenset(CLOSERS) | _TOGGLES))) + "]")


def split_pieces(text: str, pieces: Sequence[tuple[int, int]], masks: Sequence[Mask]) -> Iterator[tuple[tuple[int, int], ...]]:
    """Split a run of source pieces (a paragraph's lines, say) into sentences at terminators."""
    return iter(_split_run(text, pieces, MaskIndex(masks) if masks else None, True))


def _split_run(text: str, pieces: Sequence[tuple[int, int]], masks: MaskIndex | None, grouping: bool) -> Iterable[tuple[tuple[int, int], ...]]:
    """`split_pieces`; `grouping` False promises that the text has no bracket or quote mark at all."""
    if not pieces:
        return ()
    if masks is not None:
        local_masks = masks.overlapping(pieces[0][0], pieces[-1][1])
        if local_masks:  # an ordered index answers for the run's own masks; other sequences are scanned as given
            return _split_nested(text, pieces, masks if masks.ordered else MaskIndex(local_masks))
    if grouping and any(_GROUPING_RE.search(text, s, e) for s, e in pieces):
        return _split_nested(text, pieces, None)
    return _split_plain(text, pieces)


def _nowhere(pos: int) -> bool:
    return False


def _trimmed(text: str, current: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """A sentence's pieces without their edge spaces; pieces left empty are dropped."""
    return tuple(p for p in (_strip(text, s, e) for s, e in current) if p[1] > p[0])


def _split_plain(text: str, pieces: Sequence[tuple[int, int]]) -> list[tuple[tuple[int, int], ...]]:
    """`split_pieces` for the common run, with no bracket, quote or mask: every terminator (see
    _END_RE) ends a sentence, so a regular expression finds them all."""
    out: list[tuple[tuple[int, int], ...]] = []
    current: list[tuple[int, int]] = []
    for piece_start, piece_end in pieces:
        seg_start = piece_start
        for m in _END_RE.finditer(text, piece_start, piece_end):
            end = m.end()
            if current:
                current.append((seg_start, end))
                sentence = _trimmed(text, current)
                current = []
            else:
                s, e = _strip(text, seg_start, end)
                sentence = ((s, e),) if e > s else ()
            if sentence:
                out.append(sentence)
            seg_start = end
        if seg_start < piece_end:
            current.append((seg_start, piece_end))
    if current:
        sentence = _trimmed(text, current)
        if sentence:
            out.append(sentence)
    return out


def _split_nested(text: str, pieces: Sequence[tuple[int, int]], masks: MaskIndex | None) -> Iterator[tuple[tuple[int, int], ...]]:
    """`split_pieces` where brackets, quotes or masks may hide a terminator: a scan that keeps a stack."""
    in_mask = masks.covers if masks is not None else _nowhere
    stack: list[str] = []
    current: list[tuple[int, int]] = []
    sentence_start: int | None = None  # source offset where the current sentence began
    group_at_start = False

    def flush() -> Iterator[tuple[tuple[int, int], ...]]:
        trimmed = _trimmed(text, current)
        current.clear()
        if trimmed:
            yield trimmed

    for piece_start, piece_end in pieces:
        seg_start = piece_start
        i = piece_start
        while i < piece_end:
            # Jump (in C) to the next character that matters: the sentence's first non-space, then
            # brackets, quotes and terminators; everything between them only gets copied.
            if sentence_start is None:
                m = _NON_SPACE_RE.search(text, i, piece_end)
                if m is None:
                    seg_start = piece_end
                    break
                i = seg_start = sentence_start = m.start()
                group_at_start = text[i] in OPENERS
            ch = text[i]
            if ch not in _SPECIAL:
                m = _SPECIAL_RE.search(text, i + 1, piece_end)
                if m is None:
                    break
                i = m.start()
                ch = text[i]
            if ch in OPENERS and not in_mask(i):
                stack.append(OPENERS[ch])
            elif ch in CLOSERS and stack and not in_mask(i):
                if ch in stack:
                    while stack and stack.pop() != ch:
                        pass
                    if not stack and group_at_start and text[i - 1] in TERMINATORS:
                        nxt = text[i + 1] if i + 1 < piece_end else " "
                        if nxt in SPACES or nxt in OPENERS:
                            current.append((seg_start, i + 1))
                            yield from flush()
                            seg_start, sentence_start = i + 1, None
            elif ch in _TOGGLES and not in_mask(i):
                if stack and stack[-1] == ch:
                    stack.pop()
                else:
                    stack.append(ch)
            elif ch in TERMINATORS and not stack and not in_mask(i):
                if ch in _HALF_TERMINATORS and i + 1 < piece_end and text[i + 1].isascii() and text[i + 1].isalnum():
                    i += 1
                    continue
                j = i + 1
                while j < piece_end and (text[j] in TERMINATORS or text[j] in "…‥"):
                    j += 1
                current.append((seg_start, j))
                yield from flush()
                seg_start, sentence_start = j, None
                i = j
                continue
            i += 1
        if seg_start < piece_end:
            current.append((seg_start, piece_end))
    yield from flush()


def split(text: str, masks: Sequence[Mask] = ()) -> list[Unit]:
    """All sentence units of a text, quoted ones included, in source order."""
    lines = _lines(text, masks)
    grouping = _GROUPING_RE.search(text) is not None
    index = MaskIndex(masks) if masks else None
    units: list[Unit] = []
    block = 0
    i = 0
    n = len(lines)
    while i < n:
        _, end, kind, body, indent = lines[i]
        if kind == "blank" or kind == "separator":
            i += 1
            continue
        j = i + 1
        if kind == "text" or kind == "quote":  # a paragraph, or a run of quoted lines
            while j < n and lines[j].kind == kind:
                j += 1
            pieces = [(line.body, line.end) for line in lines[i:j]]
            quoted = kind == "quote"
            if any(_ends_sentence(text, s, e) for s, e in pieces):
                label = "quote" if quoted else "paragraph"
                units += [Unit(label, quoted, block, sentence) for sentence in _split_run(text, pieces, index, grouping)]
            else:  # no line ends a sentence: each line is a run of its own; terminators inside it still end sentences
                label = "quote" if quoted else "line"
                for p in pieces:
                    units += [Unit(label, quoted, block, sentence) for sentence in _split_run(text, (p,), index, grouping)]
        elif kind == "item":  # with its continuation lines, indented deeper
            while j < n and lines[j].kind == "text" and lines[j].indent > indent:
                j += 1
            pieces = [(body, end)] + [(line.body, line.end) for line in lines[i + 1 : j]]
            units += [Unit("item", False, block, sentence) for sentence in _split_run(text, pieces, index, grouping)]
        else:  # addressee, heading, url: a unit of their own
            units += [Unit(kind, False, block, sentence) for sentence in _split_run(text, ((body, end),), index, grouping)]
        block += 1
        i = j
    return units
