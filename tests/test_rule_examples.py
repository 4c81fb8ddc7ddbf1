"""Every built-in rule's own examples (see replylint.ruletester), one test each, so a failure names it."""

from __future__ import annotations

from typing import Iterator

import pytest

from replylint.rules import Example, Rule, builtin_rules_dir, load_folder
from replylint.ruletester import cases, check_example


def _params() -> Iterator[object]:
    root = builtin_rules_dir()
    for pack in sorted(p for p in root.iterdir() if p.is_dir()):
        for rule in load_folder(pack):
            for k, (example, fires) in enumerate(cases(rule)):
                kind = "invalid" if fires else "valid"
                yield pytest.param(rule, example, fires, id=f"{rule.id}-{kind}-{k}")


@pytest.mark.parametrize(("rule", "example", "fires"), list(_params()))
def test_example(rule: Rule, example: Example, fires: bool) -> None:
    problem = check_example(rule, example, fires)
    assert problem is None, f"{rule.path}:{example.line}: {problem}"
