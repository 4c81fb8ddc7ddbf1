"""Helpers shared by the kinds that read the customer's inquiry: the question grammar key and
where a finding about a question goes when the draft has no quote for it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping

from . import KindError

if TYPE_CHECKING:
    from ..document import Document
    from ..questions import Grammar, Question


def grammar(spec: Mapping[str, Any]) -> Grammar | None:
    """The rule's own `questions:` grammar, compiled (and so checked) now; None for the packaged
    one, which `find` loads on first use: only a run with an inquiry needs it (~3 ms at start-up)."""
    if "questions" not in spec:
        return None
    from ..questions import compile_grammar

    return compile_grammar(spec["questions"], "questions")


def find(inquiry: Document, own: Grammar | None) -> tuple[Question, ...]:
    """The questions of the inquiry, by the rule's grammar or the packaged one."""
    from ..questions import default_grammar, find_questions

    return find_questions(inquiry, own if own is not None else default_grammar())


def share_options(options: Mapping[str, Any]) -> tuple[float, int]:
    share, chars = options["min-share"], options["min-chars"]
    if not 0 < share <= 1:
        raise KindError("options.min-share", "expected a fraction of the question, above 0 and at most 1")
    if not isinstance(chars, int) or chars < 1:
        raise KindError("options.min-chars", "expected a whole number of characters, 1 or more")
    return float(share), chars


def shorten(text: str, limit: int = 60) -> str:
    """A question as it is quoted in a message: one line, cut at `limit` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
