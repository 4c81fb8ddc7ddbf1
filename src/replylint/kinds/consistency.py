"""`consistency`: one of several styles should be used throughout, such as です・ます vs である.

Each style names `final` patterns (how a sentence ends in that style) and, optionally,
`connective` patterns (the style inside a sentence, counted only with `strict: true`). Sentences
are grouped by the kind of unit they are in (`groups`: body text, list items, headings by
default), and each group is judged on its own: the style used most wins (a tie goes to the style
listed first) unless the `prefer` option names one; every use of another style is reported.
A `final` match counts only when it ends the sentence: nothing but symbols may follow it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator, Mapping

from ..patterns import Pattern, compile_patterns, live
from . import Context, Finding, KindError, get_scope, scoped
from .spans import pieces

KEYS = {"styles": True, "groups": False, "scope": False}
OPTIONS: dict[str, Any] = {"prefer": "", "strict": False}
DEFAULT_GROUPS = {"本文": ["paragraph", "line"], "箇条書き": ["item"], "見出し": ["heading"]}
_TRAILING_POS = ("補助記号", "記号", "空白")
SLOTS: tuple[str, ...] = ("match", "style", "expected", "group", "counts")  # what its findings fill in a message or hint


@dataclass(frozen=True)
class Style:
    """One way of writing (e.g. です・ます): the patterns that show it."""

    name: str
    aliases: frozenset[str]
    final: tuple[Pattern, ...]
    connective: tuple[Pattern, ...]


@dataclass(frozen=True)
class ConsistencyCheck:
    """The compiled `consistency` kind: each group of sentences keeps to one style."""

    styles: tuple[Style, ...]
    groups: Mapping[str, str]  # unit kind -> group name
    prefer: str
    strict: bool
    scope: str
    needs_inquiry: bool = False

    def run(self, ctx: Context) -> Iterator[Finding]:
        # A style is reported only where another one is used too (or is preferred): when the
        # draft holds what at most one style's patterns need, nothing can be reported.
        used = [k for k, style in enumerate(self.styles) if live(style.final, ctx.draft) or (self.strict and live(style.connective, ctx.draft))]
        winner = self._preferred()
        if (len(used) < 2 and winner is None) or (winner is not None and set(used) <= {winner}):
            return
        text = ctx.draft.text
        found: dict[str, list[tuple[int, int, int]]] = {}  # group -> (style index, start, end)
        for sentence in scoped(ctx.draft, self.scope):
            group = self.groups.get(sentence.kind)
            if group is None or not sentence.tokens:
                continue
            tokens = sentence.tokens
            uses = found.setdefault(group, [])
            finals: dict[int, tuple[int, int]] = {}  # last token index -> (style, first token index)
            for k, style in enumerate(self.styles):
                for p in style.final:
                    for m in p.finditer(sentence):
                        finals.setdefault(m.last, (k, m.first))
            connectives = []
            if self.strict:
                connectives = sorted(((m.first, m.last, k, m.start, m.end) for k, style in enumerate(self.styles) for p in style.connective for m in p.finditer(sentence)))
            c = 0
            for lo, hi in pieces(tokens):
                end = hi
                while end > lo and tokens[end - 1].pos.startswith(_TRAILING_POS):
                    end -= 1
                final_at = None
                hit = finals.get(end - 1) if end > lo else None
                if hit is not None and hit[1] >= lo:
                    final_at = (hit[0], tokens[hit[1]].start, tokens[hi - 1].end)
                    uses.append(final_at)
                while c < len(connectives) and connectives[c][0] < hi:
                    first, last, k, start, stop = connectives[c]
                    c += 1
                    if first >= lo and (final_at is None or start < final_at[1]) and last < end - 1:
                        uses.append((k, start, stop))
        for group, uses in found.items():
            if not uses:
                continue
            counts = [0] * len(self.styles)
            for k, _, _ in uses:
                counts[k] += 1
            winner = self._preferred()
            if winner is None:
                if sum(1 for c in counts if c) < 2:
                    continue
                winner = max(range(len(counts)), key=lambda k: (counts[k], -k))
            tally = "、".join(f"{s.name} {counts[k]}" for k, s in enumerate(self.styles))
            for k, start, end in sorted(uses, key=lambda u: u[1]):
                if k != winner:
                    yield Finding(
                        start,
                        end,
                        {"match": text[start:end], "style": self.styles[k].name, "expected": self.styles[winner].name, "group": group, "counts": tally},
                    )

    def _preferred(self) -> int | None:
        if not self.prefer:
            return None
        for k, style in enumerate(self.styles):
            if self.prefer == style.name or self.prefer in style.aliases:
                return k
        return None


def build(spec: Mapping[str, Any], options: Mapping[str, Any]) -> ConsistencyCheck:
    raw = spec["styles"]
    if not isinstance(raw, dict) or len(raw) < 2:
        raise KindError("styles", "expected a mapping of at least two style names to {final, connective, aliases}")
    styles = []
    for name, body in raw.items():
        where = f"styles.{name}"
        if not isinstance(body, dict) or "final" not in body or set(body) - {"final", "connective", "aliases"}:
            raise KindError(where, "a style has `final` patterns and optional `connective` patterns and `aliases`")
        aliases = body.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise KindError(f"{where}.aliases", "expected a list of names")
        finals = compile_patterns(body["final"], f"{where}.final")
        if any(p.regex is not None for p in finals):
            raise KindError(f"{where}.final", "final patterns must be token patterns ({tokens: [...]})")
        connective = compile_patterns(body["connective"], f"{where}.connective") if "connective" in body else ()
        styles.append(Style(str(name), frozenset(aliases), finals, connective))
    groups_spec = spec.get("groups", DEFAULT_GROUPS)
    if not isinstance(groups_spec, dict) or not all(isinstance(v, list) for v in groups_spec.values()):
        raise KindError("groups", "expected a mapping of group names to lists of unit kinds (paragraph, line, item, heading, ...)")
    groups = {kind: str(name) for name, kinds in groups_spec.items() for kind in kinds}
    prefer = options["prefer"]
    names = {s.name for s in styles} | {a for s in styles for a in s.aliases}
    if not isinstance(prefer, str) or (prefer and prefer not in names):
        raise KindError("options.prefer", f"expected one of {', '.join(s.name for s in styles)} (or empty for the majority)")
    return ConsistencyCheck(tuple(styles), groups, prefer, bool(options["strict"]), get_scope(spec))
