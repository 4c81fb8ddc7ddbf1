"""The README's agent loop: lint as JSON from stdin, revise the reported spans, lint again until clean."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

DRAFT = "山田様\n\nログを送ってください。\nまた、画面の写真も添付してください。\n\nよろしくお願いいたします。\n"


def lint(draft: str, inquiry: Path) -> tuple[int, dict]:
    r = subprocess.run([sys.executable, "-m", "replylint", "-f", "json", "--inquiry", str(inquiry), "-"],
                       input=draft, capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert r.returncode in (0, 1), r.stderr
    return r.returncode, json.loads(r.stdout)


def revise(draft: str, diagnostics: list[dict]) -> str:
    """A stand-in for the model: give each reported request a reason at the start of its line."""
    lines = draft.split("\n")
    for d in sorted(diagnostics, key=lambda d: -d["line"]):
        assert d["rule"] == "request-reason"
        span = lines[d["line"] - 1][d["column"] - 1 : d["end_column"] - 1]
        assert span.endswith("ください")
        lines[d["line"] - 1] = "原因を調べるため、" + lines[d["line"] - 1]
    return "\n".join(lines)


def test_the_loop_converges(tmp_path: Path) -> None:
    inquiry = tmp_path / "inquiry.txt"
    inquiry.write_text("ログインできません。\n", encoding="utf-8")
    draft, rounds = DRAFT, []
    for _ in range(3):
        code, report = lint(draft, inquiry)
        rounds.append((code, len(report["diagnostics"])))
        if not report["diagnostics"]:
            break
        draft = revise(draft, report["diagnostics"])
    assert rounds[0][0] == 1 and rounds[0][1] >= 1
    assert rounds[-1] == (0, 0)
    assert "原因を調べるため、ログを送ってください。" in draft
