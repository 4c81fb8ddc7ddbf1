"""Every rule's own examples, run like textlint's tester: invalid texts fire, valid texts stay quiet.

The rule runs alone (with the example's options, if any), so a failure points at that rule.
"""

from __future__ import annotations

from typing import Iterator

import pytest

from replylint import Settings, analyze, lint, load_rules
from replylint.fixes import fix_text
from replylint.rules import Example, Rule, load_folder
from replylint.rules import builtin_rules_dir


def _cases() -> Iterator[object]:
    root = builtin_rules_dir()
    for pack in sorted(p for p in root.iterdir() if p.is_dir()):
        for rule in load_folder(pack):
            for k, e in enumerate(rule.examples.invalid):
                yield pytest.param(rule, e, True, id=f"{rule.id}-invalid-{k}")
            for k, e in enumerate(rule.examples.valid):
                yield pytest.param(rule, e, False, id=f"{rule.id}-valid-{k}")


def _rules(rule: Rule, example: Example):
    settings = Settings(select=(rule.id,), options={rule.id: dict(example.options)} if example.options else {})
    return load_rules(settings)


def run_example(rule: Rule, example: Example) -> list:
    return [d for d in lint(example.text, inquiry=example.inquiry, rules=_rules(rule, example)) if d.rule == rule.id]


@pytest.mark.parametrize(("rule", "example", "fires"), list(_cases()))
def test_example(rule: Rule, example: Example, fires: bool) -> None:
    found = run_example(rule, example)
    where = f"{rule.path}:{example.line}"
    if not fires:
        assert found == [], f"{where}: expected no diagnostic, got {[(d.line, d.column, d.message) for d in found]}"
        return
    assert found, f"{where}: expected the rule to fire on {example.text!r}"
    if example.errors is not None:
        assert len(found) == example.errors, f"{where}: expected {example.errors} diagnostics, got {len(found)}"
    if example.match is not None:
        d = found[0]
        assert example.text[d.start : d.end] == example.match, f"{where}: first span is {example.text[d.start:d.end]!r}"
    if example.output is not None:
        inquiry = None if example.inquiry is None else analyze(example.inquiry)
        fixed = fix_text(example.text, _rules(rule, example), inquiry).text
        assert fixed == example.output, f"{where}: --fix gives {fixed!r}, expected {example.output!r}"
        again = fix_text(fixed, _rules(rule, example), inquiry).text
        assert again == fixed, f"{where}: fixing twice changed the text again: {again!r}"
