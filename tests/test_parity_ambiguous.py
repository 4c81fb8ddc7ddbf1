"""ambiguous-expression agrees with textlint's ja-no-weak-phrase on its own test cases (>= 90%).

The cases are in tests/parity/ambiguous-expression.yaml. A case agrees when the rule fires on an
invalid case (with textlint's number of errors) and stays quiet on a valid one. The one expected
disagreement is by design: the support guideline counts と思われます as a hedge, textlint does not.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from replylint import Settings, lint, load_rules

CASES = Path(__file__).parent / "parity" / "ambiguous-expression.yaml"


@pytest.fixture(scope="module")
def rule_only():
    return load_rules(Settings(select=("ambiguous-expression",)))


def _agreements(rules) -> list[tuple[str, bool]]:
    data = yaml.safe_load(CASES.read_text(encoding="utf-8"))
    out = []
    for case in data["valid"]:
        found = lint(case["text"], rules=rules)
        out.append((case["text"], found == []))
    for case in data["invalid"]:
        found = lint(case["text"], rules=rules)
        out.append((case["text"], len(found) == case.get("errors", 1)))
    return out


def test_agrees_with_textlint_on_at_least_90_percent(rule_only) -> None:
    results = _agreements(rule_only)
    agreed = sum(ok for _, ok in results)
    assert len(results) == 10
    assert agreed / len(results) >= 0.9, [text for text, ok in results if not ok]


def test_the_only_disagreement_is_omowaremasu(rule_only) -> None:
    """と思われます is a hedge by the support guideline's own list, so this one differs on purpose."""
    disagreements = [text for text, ok in _agreements(rule_only) if not ok]
    assert disagreements == ["これは弱くないと思われますがどうですか?"]


def test_reports_at_the_phrase_textlint_points_at(rule_only) -> None:
    found = lint("弱いと思います。", rules=rule_only)
    assert [(d.line, d.column) for d in found] == [(1, 3)]  # と思います: one column before textlint's 思います
