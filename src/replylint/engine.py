"""Running rules over an analysed draft (and inquiry) and turning findings into diagnostics."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from .diagnostics import Diagnostic
from .document import Document
from .kinds import SLOT_RE, Context, Finding
from .patterns import PatternTimeout
from .rules import Rule

def render(message: str, args: Mapping[str, Any]) -> str:
    """Fill {slots} the check provided; braces it did not provide stay as written."""
    return SLOT_RE.sub(lambda m: str(args[m.group(1)]) if m.group(1) in args else m.group(0), message)


@dataclass(frozen=True)
class Outcome:
    """The diagnostics of one run of rules over a draft, and the rules it could not run."""

    diagnostics: tuple[Diagnostic, ...]
    skipped: tuple[str, ...]  # rules that need an inquiry and had none


def diagnostic(rule: Rule, finding: Finding, doc: Document, path: str) -> Diagnostic:
    line, column = doc.position(finding.start)
    end_line, end_column = doc.position(finding.end)
    return Diagnostic(
        path=path,
        rule=rule.id,
        severity=rule.severity,
        message=render(rule.message, finding.args),
        start=finding.start,
        end=finding.end,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        hint=render(rule.hint, finding.args),
        fix=finding.fix,
    )


def run(rules: Iterable[Rule], draft: Document, inquiry: Document | None, path: str) -> Outcome:
    ctx = Context(draft, inquiry)
    found: list[Diagnostic] = []
    skipped: list[str] = []
    for rule in rules:
        if rule.needs_inquiry and inquiry is None:
            skipped.append(rule.id)
            continue
        try:
            found.extend(diagnostic(rule, f, draft, path) for f in rule.check.run(ctx))
        except PatternTimeout as exc:
            exc.rule = exc.rule or rule.id  # the pattern does not know which rule it belongs to
            raise
    found.sort(key=lambda d: (d.start, d.end, d.rule))
    return Outcome(tuple(found), tuple(skipped))
