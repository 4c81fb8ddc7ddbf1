"""`pattern`: a form that should not appear. Fires on every match in the draft's own sentences.

A pattern entry may carry `fix` (see fixspec): the reported span is then replaced by the rewrite of
its text. Regex matches touching a URL, mail address or placeholder are never reported (token
patterns see each of these as one token, so they match one only when they ask for it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator, Mapping

from ..diagnostics import Fix
from ..patterns import Pattern, compile_patterns
from . import Context, Finding, KindError, get_scope, scoped
from .fixspec import FixSpec, compile_fix

KEYS = {"patterns": True, "exceptions": False, "scope": False}
OPTIONS: dict[str, Any] = {}


@dataclass(frozen=True)
class PatternCheck:
    patterns: tuple[Pattern, ...]
    fixes: tuple[FixSpec | None, ...]
    exceptions: tuple[Pattern, ...]
    scope: str
    needs_inquiry: bool = False

    def run(self, ctx: Context) -> Iterator[Finding]:
        text = ctx.draft.text
        masks = ctx.draft.masks
        for sentence in scoped(ctx.draft, self.scope):
            excluded = [m for p in self.exceptions for m in p.finditer(sentence)] if self.exceptions else []
            local = [k for k in masks if k.start < sentence.end and k.end > sentence.start]
            for pattern, fix in zip(self.patterns, self.fixes):
                for m in pattern.finditer(sentence):
                    if any(m.overlaps(x) for x in excluded):
                        continue
                    if pattern.regex is not None and any(k.start < m.end and m.start < k.end for k in local):
                        continue  # a regex sees raw text; token patterns see a mask as one token and must ask for it
                    matched = text[m.start : m.end]
                    args: dict[str, Any] = {"match": matched}
                    repair = None
                    if fix is not None:
                        fixed = fix.apply(matched)
                        args["fixed"] = fixed
                        if fixed != matched:
                            repair = Fix(m.start, m.end, fixed)
                    yield Finding(m.start, m.end, args, repair)


def _split_fixes(specs: Any) -> tuple[list[Any], tuple[FixSpec | None, ...]]:
    """Take each entry's `fix` out before the pattern language sees the entry."""
    if not isinstance(specs, list):
        return specs, ()
    plain, fixes = [], []
    for k, s in enumerate(specs):
        if isinstance(s, dict) and "fix" in s:
            fixes.append(compile_fix(s["fix"], f"patterns[{k}].fix"))
            s = {key: v for key, v in s.items() if key != "fix"}
        else:
            fixes.append(None)
        plain.append(s)
    return plain, tuple(fixes)


def build(spec: Mapping[str, Any], options: Mapping[str, Any]) -> PatternCheck:
    exceptions = compile_patterns(spec["exceptions"], "exceptions") if "exceptions" in spec else ()
    plain, fixes = _split_fixes(spec["patterns"])
    patterns = compile_patterns(plain, "patterns")
    if not fixes:
        fixes = (None,) * len(patterns)
    if len(fixes) != len(patterns):
        raise KindError("patterns", "internal: fixes and patterns differ in number")
    return PatternCheck(patterns, fixes, exceptions, get_scope(spec))
