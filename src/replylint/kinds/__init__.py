"""The closed set of check kinds. A rule's `kind` picks one; its keys and options belong to that kind.

Each kind module exposes KEYS (its YAML keys: name -> required?), OPTIONS (tunable options and
their defaults), SLOTS (the {names} its findings fill in a rule's message and hint) and
`build(spec, options) -> Check`. Adding a kind is adding a module here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, Iterable, Mapping, Protocol

from ..diagnostics import Fix
from ..document import Document, Sentence


# A {slot} of a message or hint. {{name}} is literal text (a template placeholder the message
# talks about), neither filled nor checked.
SLOT_RE = re.compile(r"(?<!\{)\{([a-z][a-z0-9_-]*)\}(?!\})")


@dataclass(frozen=True)
class Context:
    """What a check sees: the draft and, when given, the customer's inquiry."""

    draft: Document
    inquiry: Document | None = None


@dataclass(frozen=True)
class Finding:
    """A span a check objects to, with values for the rule message's {placeholders}."""

    start: int
    end: int
    args: Mapping[str, Any] = field(default_factory=dict)
    fix: Fix | None = None


class Check(Protocol):
    needs_inquiry: bool

    def run(self, ctx: Context) -> Iterable[Finding]: ...


class KindError(ValueError):
    """A kind's keys or options are wrong; `where` is the key path inside the rule."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}")
        self.where = where
        self.message = message


SCOPES = ("draft", "quotes", "all", "body")
def scoped(doc: Document, scope: str) -> tuple[Sentence, ...]:
    """The sentences a check looks at: the draft's own (default), its quotes, all, or the body (own minus signature)."""
    if scope == "quotes":
        return doc.quotes
    if scope == "all":
        return doc.sentences
    if scope == "body":
        return doc.unsigned
    return doc.own


def get_scope(spec: Mapping[str, Any]) -> str:
    scope = spec.get("scope", "draft")
    if scope not in SCOPES:
        raise KindError("scope", f"unknown scope '{scope}' (scopes: {', '.join(SCOPES)})")
    return scope


def registry() -> dict[str, ModuleType]:
    """Kind name -> module. Imported on demand so that `replylint --version` stays cheap."""
    from . import companion, metric, pattern, presence
    from . import consistency, quota, repetition
    from . import answer, echo, quote_answer

    return {
        "pattern": pattern,
        "metric": metric,
        "companion": companion,
        "presence": presence,
        "quota": quota,
        "repetition": repetition,
        "consistency": consistency,
        # kinds that read the customer's inquiry
        "quote-answer": quote_answer,
        "answer": answer,
        "echo": echo,
    }
