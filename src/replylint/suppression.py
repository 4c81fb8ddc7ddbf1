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
from dataclasses import dataclass
from typing import Iterable, Sequence

from .diagnostics import Diagnostic
from .document import Lines

_DIRECTIVE_RE = re.compile(r"<!--\s*replylint-(disable-next-line|disable|enable)(?=[\s>-])(.*?)-->", re.S)
_ALL = "*"


@dataclass(frozen=True)
class Directive:
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
    for m in _DIRECTIVE_RE.finditer(text):
        ids = tuple(i for i in re.split(r"[\s,]+", m.group(2).strip()) if i)
        out.append(Directive(m.group(1), ids, m.start(), m.end()))
    return out


def regions(text: str, directives: Sequence[Directive]) -> list[Region]:
    lines = Lines(text)
    out: list[Region] = []
    open_: list[Region] = []
    for d in directives:
        if d.action == "disable-next-line":
            line, _ = lines.position(d.end)
            if line < len(lines.starts):
                start = lines.starts[line]
                end = lines.starts[line + 1] if line + 1 < len(lines.starts) else len(text)
                out.append(Region(d, d.ids or (_ALL,), start, end))
            else:
                out.append(Region(d, d.ids or (_ALL,), len(text), len(text)))
        elif d.action == "disable":
            open_.append(Region(d, d.ids or (_ALL,), d.end, len(text)))
        else:  # enable: close the open regions it names (all of them when it names none)
            still = []
            for r in open_:
                if not d.ids or set(r.ids) & set(d.ids):
                    out.append(Region(r.directive, r.ids, r.start, d.start))
                else:
                    still.append(r)
            open_ = still
    out.extend(open_)
    return out


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
    used: set[tuple[int, str]] = set()
    kept = []
    for d in diagnostics:
        names = _names(d.rule, ran)
        hit = False
        for k, r in enumerate(spans):
            if r.start <= d.start < r.end or (r.start == d.start == r.end):
                for i in r.ids:
                    if i == _ALL or i in names:
                        used.add((k, i))
                        hit = True
        if not hit:
            kept.append(d)
    lines = Lines(text)
    extra: list[Diagnostic] = []
    ran_names = set(ran) | set(ran.values())
    for k, r in enumerate(spans):
        directive = r.directive
        comment = text[directive.start : directive.end]
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
