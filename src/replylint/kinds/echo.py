"""`echo`: when the inquiry says something (trouble, hurry, feelings), the draft's opening must
answer it (an acknowledgement, an apology).

`inquiry` patterns are looked for in the inquiry's own sentences; `response` patterns in the first
`sentences` own sentences of the draft, not counting units of the kinds in `skip` (the addressee
line by default, with the company line above it). Reported at the draft's first counted sentence; `{said}` is the inquiry's first sentence that voices it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator, Mapping

from ..patterns import Pattern, compile_patterns, find_all
from . import Context, Finding, KindError
from ._inquiry import shorten

KEYS = {"inquiry": True, "inquiry-exceptions": False, "response": True, "response-exceptions": False}
OPTIONS: dict[str, Any] = {"sentences": 3, "skip": ["addressee"]}
SLOTS: tuple[str, ...] = ("said", "sentences")  # what its findings fill in a message or hint


@dataclass(frozen=True)
class EchoCheck:
    """The compiled `echo` kind: what the inquiry voices (trouble, hurry, feelings) the opening answers."""

    inquiry: tuple[Pattern, ...]
    inquiry_exceptions: tuple[Pattern, ...]
    response: tuple[Pattern, ...]
    response_exceptions: tuple[Pattern, ...]
    sentences: int
    skip: tuple[str, ...]
    needs_inquiry: bool = True

    def run(self, ctx: Context) -> Iterator[Finding]:
        if ctx.inquiry is None:
            return
        said = None
        for s in ctx.inquiry.own:
            found = find_all(self.inquiry, s, self.inquiry_exceptions)
            if found:
                # The sentence (its line, when it runs over several): a matched token alone (困っ)
                # reads badly in a message.
                said = next((ctx.inquiry.text[a : a + n] for _, a, n in s.segments if a <= found[0].start < a + n), s.text)
                break
        if said is None:
            return
        greeting = ctx.draft.salutation if "addressee" in self.skip else frozenset()
        opening = [s for s in ctx.draft.own if s.kind not in self.skip and s.index not in greeting][: self.sentences]
        if not opening:
            return
        if any(find_all(self.response, s, self.response_exceptions) for s in opening):
            return
        yield Finding(opening[0].start, opening[-1].end, {"said": shorten(said, 40), "sentences": self.sentences})


def build(spec: Mapping[str, Any], options: Mapping[str, Any]) -> EchoCheck:
    n = options["sentences"]
    if not isinstance(n, int) or n < 1:
        raise KindError("options.sentences", "expected a whole number of sentences, 1 or more")

    def opt(key: str) -> tuple[Pattern, ...]:
        return compile_patterns(spec[key], key) if key in spec else ()

    return EchoCheck(
        compile_patterns(spec["inquiry"], "inquiry"),
        opt("inquiry-exceptions"),
        compile_patterns(spec["response"], "response"),
        opt("response-exceptions"),
        n,
        tuple(options["skip"]),
    )
