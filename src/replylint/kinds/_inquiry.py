"""Helpers shared by the kinds that read the customer's inquiry: the question grammar key and
where a finding about a question goes when the draft has no quote for it."""

from __future__ import annotations

from typing import Any, Mapping

from ..document import Document, Sentence
from ..questions import Grammar, compile_grammar, default_grammar
from . import KindError


def grammar(spec: Mapping[str, Any]) -> Grammar:
    """The rule's own `questions:` grammar, or the packaged one."""
    return compile_grammar(spec["questions"], "questions") if "questions" in spec else default_grammar()


def share_options(options: Mapping[str, Any]) -> tuple[float, int]:
    share, chars = options["min-share"], options["min-chars"]
    if not 0 < share <= 1:
        raise KindError("options.min-share", "expected a fraction of the question, above 0 and at most 1")
    if not isinstance(chars, int) or chars < 1:
        raise KindError("options.min-chars", "expected a whole number of characters, 1 or more")
    return float(share), chars


def salutation(doc: Document) -> frozenset[int]:
    """Indices of the addressee line and the bare lines above it (株式会社ミナト / 佐々木様):
    the salutation a reader skips, which never counts as one of the draft's sentences."""
    own = doc.own
    for k, s in enumerate(own):
        if s.kind == "addressee":
            if all(p.kind in ("line", "heading", "addressee") for p in own[:k]):
                return frozenset(p.index for p in own[: k + 1])
            return frozenset({s.index})
        if s.kind not in ("line", "heading"):
            break
    return frozenset(s.index for s in own if s.kind == "addressee")


def body(doc: Document) -> list[Sentence]:
    """The draft's own sentences after the salutation."""
    skip = salutation(doc)
    return [s for s in doc.own if s.index not in skip]


def draft_start(doc: Document) -> tuple[int, int]:
    """The span a draft-wide finding is reported at: the first own sentence after the addressee."""
    own = body(doc) or list(doc.own) or list(doc.sentences)
    if not own:
        return 0, 0
    return own[0].start, own[0].end


def shorten(text: str, limit: int = 60) -> str:
    """A question as it is quoted in a message: one line, cut at `limit` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
