"""Regression floors for the support rules on the labelled eval set (tests/eval/pairs).

The scores are computed by tests/eval/evaluate.py's own functions through the public API; the
floors are the held-out bar (precision >= 0.9, recall >= 0.85), which these rules meet on the set
with room to spare. A change that drops a rule below the bar fails here, with the pairs it got wrong.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

EVAL = Path(__file__).parent / "eval"
RULES = (
    "sentence-length", "request-reason", "attachment-reason", "next-action", "ambiguous-expression", "use-bullets",
    "quote-questions", "customer-pain", "yes-no-answer", "empathy",  # the rules that read the inquiry
)
PRECISION, RECALL = 0.9, 0.85


def _evaluate_module():
    spec = importlib.util.spec_from_file_location("replylint_evaluate", EVAL / "evaluate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def scores() -> dict:
    evaluate = _evaluate_module()
    pairs = evaluate.load_pairs()
    if len(pairs) < 40:
        pytest.skip(f"only {len(pairs)} labelled pairs in {evaluate.PAIRS}")
    return {s.rule: s for s in evaluate.evaluate(pairs)}


@pytest.mark.parametrize("rule", RULES)
def test_rule_meets_the_bar(scores: dict, rule: str) -> None:
    s = scores[rule]
    assert s.tp + s.fn > 0, f"{rule}: the eval set has no pair where it should fire"
    assert s.precision >= PRECISION, f"{rule}: precision {s.precision:.2f}, false positives {s.false_positives}"
    assert s.recall >= RECALL, f"{rule}: recall {s.recall:.2f}, misses {s.misses}"
