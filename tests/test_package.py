"""The wheel carries the built-in rules: installed elsewhere and run from another folder, it finds them."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_ships_rules_and_runs_outside_the_checkout(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--disable-pip-version-check", "-w", str(tmp_path / "dist"), str(ROOT)],
        check=True, capture_output=True, timeout=300,
    )
    [wheel] = (tmp_path / "dist").glob("replylint-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    rule_files = {p for p in (ROOT / "rules").rglob("*.yml")}
    assert rule_files, "the checkout has rules"
    for p in rule_files:
        assert f"replylint/rules/{p.relative_to(ROOT / 'rules').as_posix()}" in names

    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(site), str(wheel)], check=True, capture_output=True, timeout=300)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "draft.txt").write_text("ログを送ってください。\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(site)}
    r = subprocess.run([sys.executable, "-m", "replylint", "-f", "concise", "draft.txt"], cwd=elsewhere, env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 1, r.stderr
    assert "request-reason" in r.stdout
    r = subprocess.run([sys.executable, "-c", "import replylint.rules as r; print(r.builtin_rules_dir())"], cwd=elsewhere, env=env, capture_output=True, text=True, timeout=60)
    assert Path(r.stdout.strip()).is_relative_to(site)
