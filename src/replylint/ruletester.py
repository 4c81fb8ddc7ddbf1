"""Running a rule's own examples, like textlint's tester: invalid texts must fire, valid texts must not.

Used by the test suite and by `replylint test`, so a team checks its YAML rules the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable, Iterator

from .diagnostics import Diagnostic
from .linter import lint
from .rules import Example, Rule, RuleError, load_folder, load_rule
from .ruleset import RuleSet


@dataclass(frozen=True)
class Failure:
    """A rule example that did not behave as its YAML says, and how."""

    rule: Rule
    example: Example
    problem: str

    def __str__(self) -> str:
        return f"{self.rule.path}:{self.example.line}: rule '{self.rule.id}': {self.problem}"


def diagnostics_for(rule: Rule, example: Example) -> list[Diagnostic]:
    """The rule alone, with the example's options, on the example's text (and inquiry)."""
    configured = rule.with_settings(options=example.options) if example.options else rule
    return lint(example.text, inquiry=example.inquiry, rules=RuleSet((configured,)))


def check_example(rule: Rule, example: Example, fires: bool) -> str | None:
    """None if the example behaves as it says; else what went wrong."""
    try:
        found = diagnostics_for(rule, example)
    except RuleError as exc:  # the example's options hold a value the kind refuses (line-width: 0)
        return f"the example's options: {exc.message}"
    if not fires:
        if found:
            where = ", ".join(f"{d.line}:{d.column} 「{example.text[d.start:d.end]}」" for d in found)
            return f"valid example fired at {where}: {example.text!r}"
        return None
    if not found:
        return f"invalid example did not fire: {example.text!r}"
    if example.errors is not None and len(found) != example.errors:
        return f"expected {example.errors} diagnostics, got {len(found)}: {example.text!r}"
    if example.match is not None:
        span = example.text[found[0].start : found[0].end]
        if span != example.match:
            return f"first diagnostic spans {span!r}, expected {example.match!r}"
    if example.output is not None:
        return _check_fix(rule, example)
    return None


def _check_fix(rule: Rule, example: Example) -> str | None:
    """`output` is the text after --fix; fixing that text again must change nothing."""
    from .fixes import fix_until_stable

    def diagnose(text: str) -> list[Diagnostic]:
        return diagnostics_for(rule, replace(example, text=text))

    fixed = fix_until_stable(example.text, diagnose).text
    if fixed != example.output:
        return f"--fix gives {fixed!r}, expected {example.output!r}"
    again = fix_until_stable(fixed, diagnose).text
    if again != fixed:
        return f"fixing twice changed the text again: {again!r}"
    return None


def cases(rule: Rule) -> Iterator[tuple[Example, bool]]:
    yield from ((e, True) for e in rule.examples.invalid)
    yield from ((e, False) for e in rule.examples.valid)


def failures(rules: Iterable[Rule]) -> Iterator[Failure]:
    for rule in rules:
        for example, fires in cases(rule):
            problem = check_example(rule, example, fires)
            if problem:
                yield Failure(rule, example, problem)


def rules_at(paths: Iterable[Path]) -> list[Rule]:
    """Rules from files and folders given on the command line."""
    out: list[Rule] = []
    for p in paths:
        try:
            folder = p.is_dir()
        except OSError as exc:  # a name too long: is_dir raises rather than answering
            raise RuleError(str(p), None, None, exc.strerror or str(exc)) from None
        out.extend(load_folder(p) if folder else [load_rule(p)])
    return out
