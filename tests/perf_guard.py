"""Diagnostics guard for performance work: lints a fixed corpus and compares with a saved snapshot.

Optimisations must not change any diagnostic. `python tests/perf_guard.py --save` records the
snapshot (do it before changing code); without `--save` it compares and exits 1 on any difference.
The corpus: 300 drafts from bench/drafts.py (seed 3), each paired with an inquiry from the
evaluation pairs (so inquiry-needing rules run), plus every evaluation pair's own draft and inquiry.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
SNAPSHOT = ROOT / "tests" / "snapshots" / "perf_guard.json"
FULL = 12  # drafts whose full diagnostic list is stored, to show what changed


def corpus() -> list[tuple[str, str, str | None]]:
    import yaml
    from drafts import generate

    pairs = []
    for p in sorted((ROOT / "tests" / "eval" / "pairs").glob("*.yaml")):
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
        pairs.append((p.stem, data["draft"], data.get("inquiry")))
    out = [(name, d, i) for name, d, i in pairs]
    inquiries = [i for _, _, i in pairs if i]
    for n, text in enumerate(generate(300, seed=3)):
        out.append((f"gen-{n:03d}", text, inquiries[n % len(inquiries)] if n % 3 else None))
    return out


def diagnostics(text: str, inquiry: str | None) -> list:
    import replylint

    return [d.to_json() for d in replylint.lint(text, inquiry=inquiry)]


def take() -> dict:
    result = {}
    for k, (name, text, inquiry) in enumerate(corpus()):
        diags = diagnostics(text, inquiry)
        blob = json.dumps(diags, ensure_ascii=False, sort_keys=True)
        result[name] = diags if k % 40 == 0 and k < 40 * FULL else hashlib.sha256(blob.encode()).hexdigest()[:16]
    return result


def main() -> int:
    now = take()
    if "--save" in sys.argv:
        SNAPSHOT.write_text(json.dumps(now, ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8")
        print(f"saved {len(now)} drafts")
        return 0
    saved = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    bad = [k for k in saved if saved[k] != now.get(k)]
    for k in bad[:10]:
        print("DIFFERS", k, json.dumps(now.get(k), ensure_ascii=False)[:400])
    print(f"{len(saved) - len(bad)}/{len(saved)} identical")
    return 1 if bad or len(saved) != len(now) else 0


if __name__ == "__main__":
    sys.exit(main())
