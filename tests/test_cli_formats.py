"""The output formats through the CLI: the default, every --format, exit codes, and a lean start-up."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

BAD = "【重要】ログを送ってください。\n"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "replylint", *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8", timeout=60)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "bad.txt").write_text(BAD, encoding="utf-8")
    return tmp_path


def test_concise_is_the_default_when_stdout_is_not_a_terminal(folder: Path) -> None:
    r = run("bad.txt", cwd=folder)
    assert r.returncode == 1
    assert r.stdout.startswith("bad.txt:1:8: error request-reason 「送ってください」")
    assert r.stdout == run("-f", "concise", "bad.txt", cwd=folder).stdout


@pytest.mark.parametrize("fmt", ["sarif", "github", "junit", "json", "concise", "pretty"])
def test_every_format_exits_1_on_errors_and_names_the_rule(fmt: str, folder: Path) -> None:
    r = run("-f", fmt, "bad.txt", cwd=folder)
    assert r.returncode == 1, r.stderr
    assert "request-reason" in r.stdout
    if fmt in ("sarif", "json"):
        json.loads(r.stdout)
    if fmt == "junit":
        ET.fromstring(r.stdout.encode("utf-8"))


def test_unknown_format_is_a_usage_error(folder: Path) -> None:
    r = run("-f", "checkstyle", "bad.txt", cwd=folder)
    assert r.returncode == 2
    assert "unknown format 'checkstyle'" in r.stderr and "sarif" in r.stderr


def test_sarif_lists_only_the_selected_rules(folder: Path) -> None:
    r = run("-f", "sarif", "--select", "request-reason", "bad.txt", cwd=folder)
    [run_] = json.loads(r.stdout)["runs"]
    assert [x["id"] for x in run_["tool"]["driver"]["rules"]] == ["request-reason"]


def test_heavy_modules_stay_off_the_concise_path(folder: Path) -> None:
    code = (
        "import sys\n"
        "sys.argv = ['replylint', '-f', 'concise', 'bad.txt']\n"
        "from replylint.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('rich', 'mcp', 'xml.etree.ElementTree', 'jsonschema') if m in sys.modules), file=sys.stderr)\n"
    )
    r = subprocess.run([sys.executable, "-c", code], cwd=folder, capture_output=True, text=True, timeout=60)
    assert r.stderr.strip().splitlines()[-1] == "[]"
