"""Replacement specs for safe fixes, shared by the kinds that can fix: what a matched span becomes.

A fix in YAML is one of
    "template"                      the span's replacement; `{match}` is the matched text ("" deletes)
    {sub: [[regex, replacement]]}   regular-expression substitutions applied in order to the matched text
    {halfwidth: true}               full-width ASCII letters and digits (Ａ, ｚ, ０) become half-width
A fix is declared only where the rewrite never changes meaning or politeness (see each rule's description).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

from ..patterns import Regex
from . import KindError

_FULL_ALNUM = {c: c - 0xFEE0 for c in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B))}

Rewrite = Callable[[str], str]


@dataclass(frozen=True)
class FixSpec:
    """How a pattern entry rewrites the text it matched (`fix`)."""

    rewrite: Rewrite

    def apply(self, matched: str) -> str:
        return self.rewrite(matched)


def halfwidth(text: str) -> str:
    """Full-width ASCII letters and digits to half-width; everything else stays."""
    return text.translate(_FULL_ALNUM)


def _sub(regex: Regex, repl: str, text: str) -> str:
    """re.sub, through the rule regex's time limit: a matched span may be a long line."""
    out, last = [], 0
    for m in regex.finditer(text):
        out += (text[last : m.start()], m.expand(repl))
        last = m.end()
    out.append(text[last:])
    return "".join(out)


def compile_fix(spec: Any, where: str) -> FixSpec:
    if isinstance(spec, str):
        template = spec
        return FixSpec(lambda m: template.replace("{match}", m))
    if isinstance(spec, dict) and set(spec) == {"halfwidth"} and spec["halfwidth"] is True:
        return FixSpec(halfwidth)
    if isinstance(spec, dict) and set(spec) == {"sub"} and isinstance(spec["sub"], list) and spec["sub"]:
        pairs = []
        for k, pair in enumerate(spec["sub"]):
            if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(x, str) for x in pair) and pair[0]):
                raise KindError(f"{where}.sub[{k}]", "expected [regex, replacement]")
            try:  # the replacement's group references are checked now, not at the first fix
                re.compile(pair[0]).sub(pair[1], "")
            except re.error as exc:
                raise KindError(f"{where}.sub[{k}]", f"bad regular expression {pair[0]!r} or replacement {pair[1]!r}: {exc}") from None
            pairs.append((Regex(pair[0], f"{where}.sub[{k}]"), pair[1]))

        def rewrite(m: str) -> str:
            for regex, repl in pairs:
                m = _sub(regex, repl, m)
            return m

        return FixSpec(rewrite)
    raise KindError(where, "a fix is a template string, {sub: [[regex, replacement], ...]} or {halfwidth: true}")
