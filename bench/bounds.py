"""Where the throughput time goes, stage by stage, each as a multiple of the floor.

    python bench/bounds.py [--drafts N] [--repeat N]

bench/run.py says whether the throughput target is met; this says why not. On the same generated
corpus (bench/drafts.py) it times, one after the other in this process (best of --repeat):

  floor      fugashi.Tagger(), len(tagger(text)) per draft: the benchmark's floor
  mecab      MeCab alone, with the node format replylint reads, one call per sentence
  tokens     replylint's tokenizer on every sentence: MeCab plus every token's features read
             once and made into a Token (what no implementation reading the features avoids)
  split      splitting drafts into sentences (lines, quotes, lists, masks), no tokens
  analyze    the whole Document: split + tokens + sentences
  lint       analyze + every default rule (the benchmark's throughput figure)

and then each rule alone over the analysed documents. The stages are not additive exactly
(caches, allocation), but they show what is left for the rules once the text is read.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path
from typing import Any, Callable, Sequence

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "src")]

import drafts  # noqa: E402


def best(work: Callable[[Any], object], items: Sequence[Any], repeat: int) -> float:
    """Best time of work(item) over all items; each result is dropped at once, as lint drops a
    draft's Document (keeping them all would time the allocator and the collector instead)."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for item in items:
            work(item)
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--drafts", type=int, default=1_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    gc.set_threshold(200_000, 30, 30)  # as the command line runs (replylint/__main__.py)

    import fugashi

    import replylint
    from replylint import tokenizer
    from replylint.document import analyze
    from replylint.kinds import Context
    from replylint.masks import DEFAULT_PLACEHOLDER_RE, find_masks
    from replylint.sentences import split

    texts = drafts.generate(args.drafts)
    tagger = fugashi.Tagger()
    rules = replylint.load_rules()
    replylint.lint("テスト", rules=rules)
    sentences = [s.text for t in texts for s in analyze(t).sentences]
    parse = tokenizer._Tagger.get().parse  # the tagger replylint made, with its node format

    stages: list[tuple[str, Callable[[Any], object], Sequence[Any]]] = [
        ("floor", lambda t: len(tagger(t)), texts),
        ("mecab", parse, sentences),
        ("tokens", tokenizer.tokenize, sentences),
        ("split", lambda t: split(t, find_masks(t, DEFAULT_PLACEHOLDER_RE)), texts),
        ("analyze", analyze, texts),
        ("lint", lambda t: replylint.lint(t, rules=rules), texts),
    ]
    print(f"{len(texts)} drafts, {sum(map(len, texts)):,} characters, {len(sentences):,} sentences; best of {args.repeat}")
    floor = 0.0
    for name, work, items in stages:
        seconds = best(work, items, args.repeat)
        floor = floor or seconds
        print(f"  {name:8s} {seconds:7.3f} s  {seconds / floor:5.2f} x floor")

    docs = [analyze(t) for t in texts]
    for doc in docs:  # fill each document's shared views (lemma sets, ...) once: the first rule pays them in a lint
        for rule in rules:
            if not rule.check.needs_inquiry:
                list(rule.check.run(Context(doc, None)))
    timed = []
    for rule in rules:
        if rule.check.needs_inquiry:
            continue
        check = rule.check
        timed.append((best(lambda d: list(check.run(Context(d, None))), docs, args.repeat), rule.id))
    total = sum(t for t, _ in timed)
    print(f"  rules, each alone over the analysed drafts: {total:.3f} s, {total / floor:.2f} x floor")
    for seconds, rule_id in sorted(timed, reverse=True):
        print(f"    {rule_id:24s} {seconds:6.3f} s  {seconds / floor:5.2f} x")


if __name__ == "__main__":
    main()
