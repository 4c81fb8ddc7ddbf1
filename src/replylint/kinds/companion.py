"""`companion`: a trigger that needs a companion nearby, e.g. a request needs its reason.

The window counts the draft's own sentences: `before` sentences before the trigger's sentence,
the sentence itself, and `after` sentences after it. `companion-in-sentence` patterns count only
inside the trigger's own sentence (a bare 〜ため two lines away is about something else).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator, Mapping, Sequence

from ..patterns import Pattern, any_match, candidates, compile_patterns, first_match, live
from . import Context, Finding, KindError, get_scope, scoped

KEYS = {
    "trigger": True,
    "companion": True,
    "companion-in-sentence": False,
    "exceptions": False,
    "companion-exceptions": False,
    "scope": False,
}
OPTIONS: dict[str, Any] = {"before": 1, "after": 0}
SLOTS: tuple[str, ...] = ("match",)  # what its findings fill in a message or hint


@dataclass(frozen=True)
class CompanionCheck:
    """The compiled `companion` kind: a trigger needs a companion nearby (a reason for a request)."""

    trigger: tuple[Pattern, ...]
    exceptions: tuple[Pattern, ...]
    companion: tuple[Pattern, ...]
    companion_exceptions: tuple[Pattern, ...]
    in_sentence: tuple[Pattern, ...]
    before: int
    after: int
    scope: str
    needs_inquiry: bool = False

    def run(self, ctx: Context) -> Iterator[Finding]:
        doc = ctx.draft
        trigger = live(self.trigger, doc)  # the patterns this draft has the lemmas and spellings for
        if not trigger:
            return
        text = doc.text
        sentences = scoped(doc, self.scope)
        # Exceptions are looked at only around trigger matches: not worth a pass over the draft.
        exceptions, in_sentence, companion_exceptions = self.exceptions, self.in_sentence, self.companion_exceptions
        companion: Sequence[Pattern] | None = None
        has: dict[int, bool] = {}
        for k, sentence in candidates(trigger, sentences, doc.lemmas):
            # One finding a sentence: the window is the same for every trigger in it.
            m = first_match(trigger, sentence, exceptions)
            if m is None:
                continue
            if companion is None:
                companion = live(self.companion, doc)
            if in_sentence and any_match(in_sentence, sentence, companion_exceptions):
                continue
            window = range(max(0, k - self.before), min(len(sentences), k + self.after + 1))
            for j in window:
                if j not in has:
                    has[j] = bool(companion) and any_match(companion, sentences[j], companion_exceptions)
            if not any(has[j] for j in window):
                yield Finding(m.start, m.end, {"match": text[m.start : m.end]})


def build(spec: Mapping[str, Any], options: Mapping[str, Any]) -> CompanionCheck:
    for name in ("before", "after"):
        if not isinstance(options[name], int) or isinstance(options[name], bool) or options[name] < 0:
            raise KindError(f"options.{name}", "expected a whole number of sentences, 0 or more")

    def opt(key: str) -> tuple[Pattern, ...]:
        return compile_patterns(spec[key], key) if key in spec else ()

    return CompanionCheck(
        compile_patterns(spec["trigger"], "trigger"),
        opt("exceptions"),
        compile_patterns(spec["companion"], "companion"),
        opt("companion-exceptions"),
        opt("companion-in-sentence"),
        options["before"],
        options["after"],
        get_scope(spec),
    )
