"""Start-up: `replylint draft.txt` converts its options without pydantic and prints without rich."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SRC = str(Path(__file__).resolve().parents[1] / "src")
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [SRC, os.environ.get("PYTHONPATH")]))}

PROBE = """
import sys
from replylint.cli import main
sys.argv = ["replylint", *sys.argv[1:]]
try:
    main()
except SystemExit as exc:
    code = exc.code
print("MODULES", "pydantic" in sys.modules, "rich" in sys.modules, code, file=sys.stderr)
"""


def probe(*args: str, cwd: Path) -> tuple[str, str]:
    r = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=cwd, capture_output=True, text=True, env=ENV, timeout=60)
    return r.stdout, r.stderr


def test_lint_run_imports_neither_pydantic_nor_rich(tmp_path: Path) -> None:
    (tmp_path / "d.txt").write_text("ログを送ってください。\n", encoding="utf-8")
    out, err = probe("-j", "1", "--select", "request-reason", "--no-cache", "-f", "concise", "d.txt", cwd=tmp_path)
    assert "d.txt:1:4: error request-reason" in out
    assert "MODULES False False 1" in err


def test_options_are_still_checked(tmp_path: Path) -> None:
    (tmp_path / "d.txt").write_text("本文です。\n", encoding="utf-8")
    _, err = probe("--jobs", "many", "d.txt", cwd=tmp_path)
    assert "'many' is not a valid integer" in err and "MODULES" in err and " 2" in err.splitlines()[-1]
    out, err = probe("--select", "request-reason", "--select", "sentence-length", "-f", "json", "d.txt", cwd=tmp_path)
    assert '"files": 1' in out and err.strip().endswith("0")
