"""The document model: a text, its sentences (with tokens) and a way from offsets to line:column."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property
from operator import itemgetter
from typing import Any

from .masks import DEFAULT_PLACEHOLDER_RE, Mask, MaskIndex, find_masks
from .sentences import Unit, split
from .tokenizer import Token, relocate, tokenize, tokens_at

_LINE_BREAK_RE = re.compile(r"\r\n|\r|\n")
_BODY_KINDS = frozenset({"paragraph", "item", "heading"})

_LEMMA = itemgetter(6)
_END = itemgetter(2)


@dataclass(frozen=True)
class Sentence:
    """One sentence, in source order. `text` is what the tagger saw: its pieces joined, line breaks removed.

    `segments` maps `text` back to the source: (offset in text, offset in source, length).
    Tokens already carry source offsets.
    """

    index: int
    kind: str
    quoted: bool
    block: int
    start: int
    end: int
    text: str
    segments: tuple[tuple[int, int, int], ...]
    tokens: tuple[Token, ...]

    def source_offset(self, i: int) -> int:
        """The source offset of character i of `text` (or of the end, for i == len(text))."""
        segs = self.segments
        if len(segs) == 1 or i < segs[0][0] + segs[0][2]:
            return segs[0][1] + (i - segs[0][0])
        for t0, s0, length in segs:
            if i < t0 + length:
                return s0 + max(i - t0, 0)
        t0, s0, length = segs[-1]
        return s0 + (i - t0)

    def source_span(self, i: int, j: int) -> tuple[int, int]:
        if j <= i:
            start = self.source_offset(i)
            return start, start
        return self.source_offset(i), self.source_offset(j - 1) + 1

    @cached_property
    def lemmas(self) -> frozenset[str]:
        """Every lemma in the sentence: what indexed patterns test before matching."""
        return frozenset(map(_LEMMA, self.tokens))

    @property
    def pieces(self) -> tuple[tuple[int, int], ...]:
        return tuple((s0, s0 + length) for _, s0, length in self.segments)


@dataclass(frozen=True)
class Lines:
    """Offsets to 1-based line:column and back to line contents; CRLF, CR and LF all end a line."""

    text: str

    @cached_property
    def starts(self) -> tuple[int, ...]:
        return (0, *(m.end() for m in _LINE_BREAK_RE.finditer(self.text)))

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column, counting characters (code points) of the text."""
        line = bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1

    def line_text(self, line: int) -> str:
        """The content of a 1-based line, without its line break."""
        start = self.starts[line - 1]
        m = _LINE_BREAK_RE.search(self.text, start)
        return self.text[start : m.start() if m else len(self.text)]


@dataclass(frozen=True)
class Document:
    """An analysed text: its sentences (tokens inside) and masks, plus views rules share."""

    text: str
    sentences: tuple[Sentence, ...]
    masks: tuple[Mask, ...]

    @cached_property
    def lines(self) -> Lines:
        return Lines(self.text)

    @cached_property
    def joined(self) -> str:
        """All sentence texts, one a line: what a draft-wide spelling or regex probe searches (a
        sentence's text may differ from the source where a line break was joined)."""
        return "\n".join([s.text for s in self.sentences])

    @cached_property
    def mask_index(self) -> MaskIndex:
        """The masks by position: a check asking for one sentence's masks bisects, not scans."""
        return MaskIndex(self.masks)

    @cached_property
    def shared(self) -> dict[str, Any]:
        """Values that checks derive from the whole draft and share (patterns.flat,
        patterns.draft_fields): made by the first check that needs one, once a document."""
        return {}

    @cached_property
    def lemmas(self) -> frozenset[str]:
        """Every lemma of the text: a rule whose patterns need none of them skips the draft."""
        return frozenset().union(*(s.lemmas for s in self.sentences))

    @cached_property
    def own(self) -> tuple[Sentence, ...]:
        """The draft's own sentences: quoted lines never count as the writer's words."""
        return tuple(s for s in self.sentences if not s.quoted)

    @cached_property
    def quotes(self) -> tuple[Sentence, ...]:
        return tuple(s for s in self.sentences if s.quoted)

    @cached_property
    def salutation(self) -> frozenset[int]:
        """Indices of the addressee line and the bare lines above it (株式会社ミナト / 佐々木様):
        what a reader skips, never one of the draft's counted sentences."""
        own = self.own
        for k, s in enumerate(own):
            if s.kind == "addressee":
                if all(p.kind in ("line", "heading", "addressee") for p in own[:k]):
                    return frozenset(p.index for p in own[: k + 1])
                return frozenset({s.index})
            if s.kind not in ("line", "heading"):
                break
        return frozenset(s.index for s in own if s.kind == "addressee")

    @cached_property
    def after_salutation(self) -> tuple[Sentence, ...]:
        """The draft's own sentences after the salutation: where the letter really begins."""
        return tuple(s for s in self.own if s.index not in self.salutation)

    @cached_property
    def signature_start(self) -> int:
        """Where the signature begins among the own sentences (len(own) when there is none).

        The signature is the trailing run of bare lines after the last paragraph, list item or
        heading, from its first non-URL line on: a URL line right after the text is still body.
        """
        own = self.own
        k = len(own)
        while k and own[k - 1].kind not in _BODY_KINDS:
            k -= 1
        while k < len(own) and own[k].kind == "url":
            k += 1
        return k

    @cached_property
    def unsigned(self) -> tuple[Sentence, ...]:
        """The draft's own sentences without the trailing signature."""
        return self.own[: self.signature_start]

    def start_span(self) -> tuple[int, int]:
        """Where a finding about the whole draft is reported: its first sentence after the salutation.

        Never a quoted line: those are the customer's words; a draft of quotes only gets the start."""
        first = self.after_salutation or self.own
        return (first[0].start, first[0].end) if first else (0, 0)

    def position(self, offset: int) -> tuple[int, int]:
        return self.lines.position(offset)


def _join(text: str, pieces: tuple[tuple[int, int], ...]) -> tuple[str, tuple[tuple[int, int, int], ...]]:
    """Join a sentence's pieces; a space keeps two Latin words apart where a line break split them."""
    parts: list[str] = []
    segments: list[tuple[int, int, int]] = []
    pos = 0
    for s, e in pieces:
        if parts and parts[-1][-1:].isascii() and parts[-1][-1:].isalnum() and text[s : s + 1].isascii() and text[s : s + 1].isalnum():
            parts.append(" ")
            pos += 1
        segments.append((pos, s, e - s))
        parts.append(text[s:e])
        pos += e - s
    return "".join(parts), tuple(segments)


def _source_offsets(segments: tuple[tuple[int, int, int], ...], length: int) -> list[int]:
    """The source offset of the first `length` characters of a joined text, as `Sentence.source_offset`
    gives them (a space put between two segments counts as the start of the next one)."""
    out: list[int] = []
    for t0, s0, n in segments:
        out += [s0] * (t0 - len(out))
        out += range(s0, s0 + n)
    t0, s0, _ = segments[-1]
    out += range(s0 + len(out) - t0, s0 + length - t0)
    return out


def _sentence(text: str, index: int, unit: Unit, masks: MaskIndex | None) -> Sentence:
    pieces = unit.pieces
    start, end = pieces[0][0], pieces[-1][1]
    local = masks.overlapping(start, end) if masks is not None else ()
    if len(pieces) == 1:  # the common case, kept short: this runs once a sentence
        joined = text[start:end]
        tokens = tokens_at(joined, local, start, start)
        return Sentence(index, unit.kind, unit.quoted, unit.block, start, end, joined, ((0, start, end - start),), tuple(tokens))
    joined, segments = _join(text, pieces)
    if len(segments) == 1:
        base = segments[0][1]
        tokens = tokens_at(joined, local, base, base)
    else:
        shifted = []
        for m in local:  # masks never cross a line, so each lies inside one segment
            for t0, s0, length in segments:
                if s0 <= m.start < s0 + length:
                    shifted.append(Mask(m.start - s0 + t0, m.end - s0 + t0, m.kind))
        tokens = tokenize(joined, shifted)
        reach = max(len(joined), max(map(_END, tokens), default=0))  # a mask may run past the text
        tokens = relocate(tokens, _source_offsets(segments, reach))
    return Sentence(index, unit.kind, unit.quoted, unit.block, start, end, joined, segments, tuple(tokens))


def analyze(text: str, placeholders: re.Pattern[str] | None = DEFAULT_PLACEHOLDER_RE, masks: tuple[Mask, ...] | None = None) -> Document:
    """Split and tokenize a text into a Document. The tagger sees one sentence at a time.

    `masks`, when given, replaces the masks found with `placeholders` (a config's or Markdown's own).
    """
    masks = find_masks(text, placeholders) if masks is None else masks
    units = split(text, masks)
    index = MaskIndex(masks) if masks else None
    sentences = tuple(_sentence(text, i, u, index) for i, u in enumerate(units))
    return Document(text=text, sentences=sentences, masks=masks)
