"""Suppression comments in Markdown and HTML templates.

    <!-- replylint-disable RULE -->            off from here to a matching enable (or the end)
    <!-- replylint-enable RULE -->             on again (without ids: every rule on again)
    <!-- replylint-disable-next-line RULE -->  off for the next line only

RULE may be omitted (every rule) or several ids/packs separated by commas or spaces. A comment
that suppresses nothing, or names no known rule, is itself reported (info) so stale comments do
not pile up. Plain-text drafts go to customers as they are, so they have no such comments: there
only configuration suppresses.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Iterable, Sequence

from .diagnostics import Diagnostic
from .document import Lines

# What `<!--\s*replylint-(disable-next-line|disable|enable)(?=[\s>-])(.*?)-->` (dot-all) finds, but
# the end is looked up once per opener: that expression rescanned to the end of the file from
# every unclosed directive (quadratic: 40 s for 600 KB of `<!-- replylint-disable x`).
_OPENER_RE = re.compile(r"<!--\s*replylint-(disable-next-line|disable|enable)(?=[\s>-])")
_CLOSER = "-->"
_SHOWN_CHARS = 200  # of a directive quoted in a message
_ALL = "*"


@dataclass(frozen=True)
class Directive:
    """One replylint-disable/enable comment: what it switches, for which rules, where."""

    action: str  # disable | enable | disable-next-line
    ids: tuple[str, ...]  # empty = every rule
    start: int
    end: int


@dataclass(frozen=True)
class Region:
    """Where a directive's ids are off: [start, end) in offsets of the text."""

    directive: Directive
    ids: tuple[str, ...]
    start: int
    end: int


def parse(text: str) -> list[Directive]:
    if "replylint-" not in text:
        return []
    out = []
    pos = 0
    while True:
        m = _OPENER_RE.search(text, pos)
        if m is None:
            break
        close = text.find(_CLOSER, m.end())
        if close < 0:
            break  # no later directive is closed either
        body = text[m.end() : close]
        ids = tuple(dict.fromkeys(i for i in re.split(r"[\s,]+", body.strip()) if i))  # each id once
        out.append(Directive(m.group(1), ids, m.start(), close + len(_CLOSER)))
        pos = close + len(_CLOSER)
    return out


def regions(text: str, directives: Sequence[Directive]) -> list[Region]:
    lines = Lines(text)
    out: list[Region] = []
    open_: dict[int, Region] = {}  # by directive number, in order
    naming: dict[str, set[int]] = {}  # id -> open regions (maybe closed since) that name it
    for n, d in enumerate(directives):
        if d.action == "disable-next-line":
            line, _ = lines.position(d.end)
            if line < len(lines.starts):
                start = lines.starts[line]
                end = lines.starts[line + 1] if line + 1 < len(lines.starts) else len(text)
                out.append(Region(d, d.ids or (_ALL,), start, end))
            else:
                out.append(Region(d, d.ids or (_ALL,), len(text), len(text)))
        elif d.action == "disable":
            region = Region(d, d.ids or (_ALL,), d.end, len(text))
            open_[n] = region
            for i in region.ids:
                naming.setdefault(i, set()).add(n)
        else:  # enable: close the open regions it names (all of them when it names none)
            if d.ids:
                closing = sorted({k for i in d.ids for k in naming.pop(i, ())} & open_.keys())
            else:
                closing, naming = list(open_), {}
            for k in closing:
                r = open_.pop(k)
                out.append(Region(r.directive, r.ids, r.start, d.start))
    out.extend(open_.values())
    return out


class _Cover:
    """The points a union of regions covers: [start, end), and a zero-width region its own point."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.points: set[int] = set()
        for s, e in sorted(spans):
            if s == e:
                self.points.add(s)
            elif self.ends and s <= self.ends[-1]:
                self.ends[-1] = max(self.ends[-1], e)
            else:
                self.starts.append(s)
                self.ends.append(e)

    def covers(self, p: int) -> bool:
        k = bisect_right(self.starts, p) - 1
        return (k >= 0 and p < self.ends[k]) or p in self.points


def _any_within(starts: Sequence[int], s: int, e: int) -> bool:
    """Whether a sorted list has a value in [s, e) (or equal to s when s == e)."""
    k = bisect_left(starts, s)
    return k < len(starts) and (starts[k] < e or starts[k] == s == e)


def _names(rule: str, packs: dict[str, str]) -> tuple[str, ...]:
    return (rule, packs[rule]) if rule in packs else (rule,)


def apply(
    text: str,
    diagnostics: Iterable[Diagnostic],
    path: str,
    known: frozenset[str],
    ran: dict[str, str],
    meta: frozenset[str],
    shown: Sequence[tuple[int, int]] = (),
) -> list[Diagnostic]:
    """Drop suppressed diagnostics and add info diagnostics for unused or unknown suppressions.

    `known` is every rule id and pack; `ran` maps the ids of rules that ran to their pack. A
    suppression of a rule that exists but did not run (not selected, no inquiry) is neither
    used nor unused, so it is not reported. `shown` are spans (code) where a comment is an
    example being shown, not a directive.
    """
    directives = [d for d in parse(text) if not any(s <= d.start < e for s, e in shown)]
    diagnostics = list(diagnostics)
    if not directives:
        return diagnostics
    spans = regions(text, directives)
    # Indexed both ways (regions by id, diagnostics by name), so that thousands of directives and
    # thousands of diagnostics cost a bisection each, not their product.
    by_id: dict[str, list[tuple[int, int]]] = {}
    for r in spans:
        for i in r.ids:
            by_id.setdefault(i, []).append((r.start, r.end))
    covers = {i: _Cover(v) for i, v in by_id.items()}
    kept = []
    starts_of: dict[str, list[int]] = {_ALL: []}  # where diagnostics of each name (any: _ALL) start
    for d in diagnostics:
        names = _names(d.rule, ran)
        starts_of[_ALL].append(d.start)
        for name in names:
            starts_of.setdefault(name, []).append(d.start)
        if not any(i in covers and covers[i].covers(d.start) for i in (_ALL, *names)):
            kept.append(d)
    for found in starts_of.values():
        found.sort()
    used = {(k, i) for k, r in enumerate(spans) for i in r.ids if _any_within(starts_of.get(i, ()), r.start, r.end)}
    lines = Lines(text)
    extra: list[Diagnostic] = []
    ran_names = set(ran) | set(ran.values())
    for k, r in enumerate(spans):
        directive = r.directive
        comment = text[directive.start : directive.end]
        if len(comment) > _SHOWN_CHARS:  # a directive naming 200,000 ids must not be copied into each message
            comment = comment[: _SHOWN_CHARS - 4] + "…-->"
        for i in r.ids:
            if i != _ALL and i not in known:
                if "unknown-suppression" in meta:
                    extra.append(_meta(lines, path, "unknown-suppression", f"`{comment}` names '{i}', which is no rule or pack", directive))
            elif (k, i) not in used and (i == _ALL or i in ran_names) and "unused-suppression" in meta:
                what = "every rule" if i == _ALL else f"'{i}'"
                extra.append(_meta(lines, path, "unused-suppression", f"`{comment}` suppresses {what}, but nothing was reported there; remove the comment", directive))
    return sorted([*kept, *extra], key=lambda d: (d.start, d.end, d.rule))


def _meta(lines: Lines, path: str, rule: str, message: str, d: Directive) -> Diagnostic:
    line, column = lines.position(d.start)
    end_line, end_column = lines.position(d.end)
    return Diagnostic(path, rule, "info", message, d.start, d.end, line, column, end_line, end_column)
