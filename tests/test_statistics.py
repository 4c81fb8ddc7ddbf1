"""`--statistics`: a count a rule, most first, in text or JSON, with the usual exit status."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

BAD = "ログを送ってください。\nパスワードを入力してください。\n"
ALSO_BAD = "ログを送ってください。\n"
GOOD = "原因を調べるため、ログを送ってください。\n"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "replylint", *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8", timeout=60)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    for name, text in {"a.txt": BAD, "b.txt": ALSO_BAD, "c.txt": GOOD}.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_statistics_counts_every_file(folder: Path) -> None:
    r = run("--statistics", "--select", "request-reason", "a.txt", "b.txt", "c.txt", cwd=folder)
    assert r.returncode == 1, r.stderr
    assert r.stdout.split() == ["3", "request-reason", "error", "お客様へのお願いには理由を添える"]


def test_statistics_as_json(folder: Path) -> None:
    r = run("--statistics", "-f", "json", "a.txt", "b.txt", cwd=folder)
    rows = json.loads(r.stdout)
    assert rows == [{"rule": "request-reason", "count": 3, "severity": "error", "summary": "お客様へのお願いには理由を添える"}]


def test_statistics_of_clean_files_is_empty_and_exit_0(folder: Path) -> None:
    r = run("--statistics", "c.txt", cwd=folder)
    assert (r.returncode, r.stdout) == (0, "")
    r = run("--statistics", "-f", "json", "c.txt", cwd=folder)
    assert (r.returncode, json.loads(r.stdout)) == (0, [])
