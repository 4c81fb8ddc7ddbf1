"""`presence`: something the whole draft must say at least once (what to do next, the customer's pain)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator, Mapping

from ..patterns import Pattern, any_match, compile_patterns
from . import Context, Finding, KindError, get_scope, scoped

KEYS = {"patterns": True, "exceptions": False, "scope": False, "requires-inquiry": False}
OPTIONS: dict[str, Any] = {}
SLOTS: tuple[str, ...] = ()  # its findings fill no {slot} of a message or hint


@dataclass(frozen=True)
class PresenceCheck:
    """The compiled `presence` kind: something the draft as a whole must contain."""

    patterns: tuple[Pattern, ...]
    exceptions: tuple[Pattern, ...]
    scope: str
    needs_inquiry: bool = False

    def run(self, ctx: Context) -> Iterator[Finding]:
        sentences = scoped(ctx.draft, self.scope)
        if not sentences:
            return
        if any(any_match(self.patterns, s, self.exceptions) for s in sentences):
            return
        start, end = ctx.draft.start_span()
        yield Finding(start, end, {})


def build(spec: Mapping[str, Any], options: Mapping[str, Any]) -> PresenceCheck:
    requires = spec.get("requires-inquiry", False)
    if not isinstance(requires, bool):
        raise KindError("requires-inquiry", "expected true or false")
    exceptions = compile_patterns(spec["exceptions"], "exceptions") if "exceptions" in spec else ()
    return PresenceCheck(compile_patterns(spec["patterns"], "patterns"), exceptions, get_scope(spec), requires)
