"""The prose of a Markdown or HTML template: markup blanked out, offsets kept.

Rules must see the words a customer reads, not front matter, code, link targets or tags. Rather
than render, non-prose characters are replaced by spaces (line breaks kept), so every offset,
line and column still points into the real file. Inline code stays as one masked noun
(lemma `<code>`): `` `npm install` を実行 `` is still a sentence with an object.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from .masks import CODE, Mask

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")
HTML_SUFFIXES = (".html", ".htm")


class _Syntax:
    """Markdown and HTML syntax, compiled on first use: a run over plain-text drafts never needs it."""

    def __init__(self) -> None:
        self.front_matter = re.compile(r"\A(?:\ufeff)?(---|\+\+\+)[ \t]*\r?\n.*?^(?:\1|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S | re.M)
        self.fence = re.compile(r"^ {0,3}(`{3,}|~{3,})")
        self.line = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|\Z)")
        self.comment = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
        self.tag = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|<(?:https?|mailto|ftp):[^\s<>]*>")
        self.raw_open = re.compile(r"<(script|style)\b", re.I)
        self.inline_code = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")
        # Link texts hold no `[` and targets no `](`: each scan then stops at the next link's start, so
        # a line of a hundred thousand `[a](` or `![` costs linear time, not a rescan to its end each.
        self.image = re.compile(r"!\[[^\[\]\n]*\]\((?:(?!\]\()[^)\n])*\)")
        self.link = re.compile(r"(\[)(?=[^\[\]\n]*\]\()[^\[\]\n]*(\]\((?:(?!\]\()[^)\n])*\))")
        self.ref_link = re.compile(r"(\[)(?=[^\[\]\n]+\]\[)[^\[\]\n]+(\]\[[^\]\n]*\])")
        self.ref_def = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*\S+.*$", re.M)
        self.emphasis = re.compile(r"\*\*|__|~~")
        self.entity = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")
        self.list = re.compile(r" {0,3}(?:[-*+]|\d{1,9}[.)])[ \t]")
        self.raw_close = {name: re.compile(rf"</{name}\s*>", re.I) for name in ("script", "style")}


@lru_cache(maxsize=1)
def _syntax() -> _Syntax:
    return _Syntax()


@dataclass(frozen=True)
class Prose:
    """The text rules see (same length as the file's) and the masks that markup adds (inline code)."""

    text: str
    masks: tuple[Mask, ...]


def kind_of(name: str) -> str | None:
    """'markdown', 'html' or None, from a file name."""
    lower = name.lower()
    if lower.endswith(MARKDOWN_SUFFIXES):
        return "markdown"
    if lower.endswith(HTML_SUFFIXES):
        return "html"
    return None


class _Blanker:
    def __init__(self, text: str) -> None:
        self.text = text
        self.chars = list(text)

    def blank(self, start: int, end: int) -> None:
        for i in range(start, end):
            if self.chars[i] not in "\r\n":
                self.chars[i] = " "

    def result(self) -> str:
        return "".join(self.chars)


class _Spans:
    """Spans asked "does [start, end) overlap one of you?" in O(log n): a file with thousands of
    code spans and thousands of links must not cost their product."""

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [s for s, _ in ordered]
        self._reach: list[int] = []  # the furthest end among the spans up to each one
        furthest = -1
        for _, e in ordered:
            furthest = max(furthest, e)
            self._reach.append(furthest)

    def overlaps(self, start: int, end: int) -> bool:
        k = bisect_left(self._starts, end)  # spans[:k] start before `end`
        return k > 0 and self._reach[k - 1] > start


def _overlaps(start: int, end: int, spans: _Spans) -> bool:
    return spans.overlaps(start, end)


def _code_blocks(text: str, b: _Blanker) -> None:
    """Fenced blocks, and indented blocks that follow a blank line outside a list."""
    fence: str | None = None
    previous_blank = True
    in_list = False
    in_code = False
    rx = _syntax()
    for m in rx.line.finditer(text):
        if m.start() == len(text):
            break
        line = m.group(0).rstrip("\r\n")
        if fence is not None:
            b.blank(m.start(), m.end())
            stripped = line.strip()
            if stripped.startswith(fence) and not stripped.strip(fence[0]):
                fence = None
            continue
        opener = rx.fence.match(line)
        if opener:
            fence = opener.group(1)
            b.blank(m.start(), m.end())
            previous_blank = in_code = False
            continue
        blank = not line.strip()
        indented = line.startswith(("    ", "\t"))
        if in_code and (indented or blank):
            b.blank(m.start(), m.end())
            continue
        in_code = False
        if indented and not blank and previous_blank and not in_list:
            in_code = True
            b.blank(m.start(), m.end())
            continue
        if not blank and not indented:
            in_list = bool(rx.list.match(line))
        previous_blank = blank


def code_spans(text: str) -> list[tuple[int, int]]:
    """Front matter, code blocks and inline code: where a comment is shown, not obeyed."""
    b = _Blanker(text)
    m = _syntax().front_matter.match(text)
    if m:
        b.blank(m.start(), m.end())
    _code_blocks(text, b)
    spans: list[tuple[int, int]] = []
    start = None
    for i, (was, now) in enumerate(zip(text, b.chars)):
        if was != now and start is None:
            start = i
        elif was == now and was not in " \r\n" and start is not None:
            spans.append((start, i))
            start = None
    if start is not None:
        spans.append((start, len(text)))
    blanked = b.result()
    spans.extend((m.start(), m.end()) for m in _syntax().inline_code.finditer(blanked))
    return spans


def markdown_prose(text: str, protect: Sequence[tuple[int, int]] = ()) -> Prose:
    """Blank Markdown's non-prose. `protect` are placeholder spans that inline rules must not cut."""
    b = _Blanker(text)
    m = _syntax().front_matter.match(text)
    if m:
        b.blank(m.start(), m.end())
    _code_blocks(text, b)
    current = b.result()
    masks: list[Mask] = []
    for m in _syntax().comment.finditer(current):
        b.blank(m.start(), m.end())
    for start, end in _raw_blocks(b.result()):  # raw HTML: code in a Markdown file as in an HTML one
        b.blank(start, end)
    current = b.result()
    protected = _Spans(protect)
    for m in _syntax().inline_code.finditer(current):
        if not _overlaps(m.start(), m.end(), protected):
            masks.append(Mask(m.start(), m.end(), CODE))
    coded = _Spans([(k.start, k.end) for k in masks])
    guarded = _Spans([*protect, *((k.start, k.end) for k in masks)])
    for rx in (_syntax().ref_def, _syntax().image, _syntax().tag):  # a placeholder inside a tag or a target is markup too
        for m in rx.finditer(current):
            if not _overlaps(m.start(), m.end(), coded):
                b.blank(m.start(), m.end())
    for rx in (_syntax().link, _syntax().ref_link):
        for m in rx.finditer(current):
            if not _overlaps(m.start(), m.end(), guarded):
                b.blank(m.start(1), m.end(1))
                b.blank(m.start(2), m.end(2))
    for m in _syntax().emphasis.finditer(current):
        if not _overlaps(m.start(), m.end(), guarded):
            b.blank(m.start(), m.end())
    return Prose(b.result(), tuple(masks))


def _raw_blocks(text: str) -> list[tuple[int, int]]:
    r"""`<script ...>...</script>` and `<style>` blocks, as `<(script|style)\b[^>]*>.*?</\1\s*>`
    (dot-all, any case) would find them, in linear time: that expression rescans to the end of the
    text from every unclosed opening tag, which is quadratic in a file of `<script>`s. Here an
    opening with no `>` after it, or a name with no closing tag after it, ends the search (for
    that name): no later one can match either."""
    spans: list[tuple[int, int]] = []
    closed = dict.fromkeys(_syntax().raw_close, True)
    pos = 0
    while any(closed.values()):
        m = _syntax().raw_open.search(text, pos)
        if m is None:
            break
        name = m.group(1).lower()
        if not closed[name]:
            pos = m.end()
            continue
        gt = text.find(">", m.end())
        if gt < 0:
            break
        close = _syntax().raw_close[name].search(text, gt + 1)
        if close is None:
            closed[name] = False
            pos = m.end()
            continue
        spans.append((m.start(), close.end()))
        pos = close.end()
    return spans


def html_prose(text: str) -> Prose:
    """Blank HTML's comments, tags, scripts and styles; the text between tags is the prose."""
    b = _Blanker(text)
    for rx in (_syntax().comment, None, _syntax().tag, _syntax().entity):
        current = b.result()
        found = rx.finditer(current) if rx is not None else _raw_blocks(current)
        for m in found:
            start, end = (m.start(), m.end()) if isinstance(m, re.Match) else m
            b.blank(start, end)
    return Prose(b.result(), ())


def prose(text: str, kind: str | None, protect: Sequence[tuple[int, int]] = ()) -> Prose:
    if kind == "markdown":
        return markdown_prose(text, protect)
    if kind == "html":
        return html_prose(text)
    return Prose(text, ())
