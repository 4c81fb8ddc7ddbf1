"""`pattern`: a form that should not appear. Fires on every match in the draft's own sentences."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator, Mapping

from ..patterns import Pattern, candidates, compile_patterns, find_all
from . import Context, Finding, get_scope, scoped

KEYS = {"patterns": True, "exceptions": False, "scope": False}
OPTIONS: dict[str, Any] = {}


@dataclass(frozen=True)
class PatternCheck:
    patterns: tuple[Pattern, ...]
    exceptions: tuple[Pattern, ...]
    scope: str
    needs_inquiry: bool = False

    def run(self, ctx: Context) -> Iterator[Finding]:
        text = ctx.draft.text
        for _, sentence in candidates(self.patterns, scoped(ctx.draft, self.scope), ctx.draft.lemmas):
            for m in find_all(self.patterns, sentence, self.exceptions):
                yield Finding(m.start, m.end, {"match": text[m.start : m.end]})


def build(spec: Mapping[str, Any], options: Mapping[str, Any]) -> PatternCheck:
    exceptions = compile_patterns(spec["exceptions"], "exceptions") if "exceptions" in spec else ()
    return PatternCheck(compile_patterns(spec["patterns"], "patterns"), exceptions, get_scope(spec))
