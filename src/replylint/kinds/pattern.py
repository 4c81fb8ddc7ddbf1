"""`pattern`: a form that should not appear. Fires on every match in the draft's own sentences.

The `allow` option lists matched texts a team accepts (exact text, or /regex/ over the whole
match), like textlint's `allow`: e.g. `allow: [基本的に]` keeps the rule but lets that phrase pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Mapping

from ..patterns import Pattern, compile_patterns, compile_regex, find_all
from . import Context, Finding, KindError, get_scope, scoped

KEYS = {"patterns": True, "exceptions": False, "scope": False}
OPTIONS: dict[str, Any] = {"allow": []}


@dataclass(frozen=True)
class PatternCheck:
    patterns: tuple[Pattern, ...]
    exceptions: tuple[Pattern, ...]
    scope: str
    allowed: Callable[[str], bool] = lambda text: False
    needs_inquiry: bool = False

    def run(self, ctx: Context) -> Iterator[Finding]:
        text = ctx.draft.text
        for sentence in scoped(ctx.draft, self.scope):
            for m in find_all(self.patterns, sentence, self.exceptions):
                found = text[m.start : m.end]
                if not self.allowed(found):
                    yield Finding(m.start, m.end, {"match": found})


def _allow(values: list[str]) -> Callable[[str], bool]:
    exact = frozenset(v for v in values if not (len(v) > 2 and v.startswith("/") and v.endswith("/")))
    regexes: list[re.Pattern[str]] = []
    for v in values:
        if len(v) > 2 and v.startswith("/") and v.endswith("/"):
            regexes.append(compile_regex(v[1:-1], "options.allow"))
    if not exact and not regexes:
        return lambda text: False
    return lambda text: text in exact or any(r.fullmatch(text) for r in regexes)


def build(spec: Mapping[str, Any], options: Mapping[str, Any]) -> PatternCheck:
    allow = options.get("allow", [])
    if not isinstance(allow, list) or not all(isinstance(v, str) and v for v in allow):
        raise KindError("options.allow", "expected a list of phrases (or /regex/) to accept")
    exceptions = compile_patterns(spec["exceptions"], "exceptions") if "exceptions" in spec else ()
    return PatternCheck(compile_patterns(spec["patterns"], "patterns"), exceptions, get_scope(spec), _allow(allow))
