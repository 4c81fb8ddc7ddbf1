"""Per-rule precision and recall of the support rules on the labelled inquiry/draft pairs.

    python tests/eval/evaluate.py            # the table
    python tests/eval/evaluate.py --errors   # also every false positive and miss, by pair

A rule "fires" on a pair when it reports at least once on the draft, as the held-out judging does.
Runs through the public API with the default settings.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

import replylint

PAIRS = Path(__file__).parent / "pairs"
RULES = (
    "sentence-length",
    "quote-questions",
    "customer-pain",
    "request-reason",
    "attachment-reason",
    "yes-no-answer",
    "next-action",
    "ambiguous-expression",
    "empathy",
    "use-bullets",
)


@dataclass(frozen=True)
class Score:
    rule: str
    tp: int
    fp: int
    fn: int
    tn: int
    false_positives: tuple[str, ...]
    misses: tuple[str, ...]

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def load_pairs(folder: Path = PAIRS) -> list[tuple[str, dict]]:
    return [(p.stem, yaml.safe_load(p.read_text(encoding="utf-8"))) for p in sorted(folder.glob("*.yaml"))]


def evaluate(pairs: list[tuple[str, dict]], rules: replylint.RuleSet | None = None) -> list[Score]:
    rules = rules or replylint.load_rules(replylint.Settings(packs=("support",)))
    fired: dict[str, set[str]] = {}
    for name, pair in pairs:
        found = replylint.lint(pair["draft"], inquiry=pair.get("inquiry"), rules=rules)
        fired[name] = {d.rule for d in found}
    scores = []
    for rule in RULES:
        tp = fp = fn = tn = 0
        fps, misses = [], []
        for name, pair in pairs:
            want, got = bool(pair["expect"][rule]), rule in fired[name]
            if want and got:
                tp += 1
            elif got:
                fp += 1
                fps.append(name)
            elif want:
                fn += 1
                misses.append(name)
            else:
                tn += 1
        scores.append(Score(rule, tp, fp, fn, tn, tuple(fps), tuple(misses)))
    return scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--errors", action="store_true", help="list false positives and misses")
    parser.add_argument("--pairs", type=Path, default=PAIRS)
    args = parser.parse_args(argv)
    pairs = load_pairs(args.pairs)
    scores = evaluate(pairs)
    print(f"{len(pairs)} pairs")
    print(f"{'rule':22} {'prec':>6} {'recall':>6}   tp  fp  fn  tn")
    for s in scores:
        print(f"{s.rule:22} {s.precision:6.2f} {s.recall:6.2f} {s.tp:4} {s.fp:3} {s.fn:3} {s.tn:3}")
        if args.errors:
            for name in s.false_positives:
                print(f"    false positive: {name}")
            for name in s.misses:
                print(f"    miss:           {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
