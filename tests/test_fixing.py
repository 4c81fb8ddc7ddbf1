"""`replylint --fix` and `--diff` end to end, through the CLI."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from replylint.cli import app

DRAFT = "お問い合わせありがとうございます。\n設定画面をご確認下さい。\n明日までに対応出来ます。\n"
FIXED = "お問い合わせありがとうございます。\n設定画面をご確認ください。\n明日までに対応できます。\n"
CLEAN = "お問い合わせありがとうございます。\n明日までに対応できます。\n"


def _cli(*args: str, stdin: str | None = None):
    return CliRunner().invoke(app, list(args), input=stdin)


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    p = tmp_path / "draft.txt"
    p.write_text(DRAFT, encoding="utf-8")
    return p


def test_fix_writes_and_reports_what_remains(draft: Path) -> None:
    result = _cli("--fix", "--format", "json", str(draft))
    assert draft.read_text(encoding="utf-8") == FIXED
    assert "fixed 2 problems" in result.stderr
    # what remains is reported on the fixed text: request-reason still objects to the request
    assert '"rule": "request-reason"' in result.stdout
    assert '"notation"' not in result.stdout
    assert result.exit_code == 1


def test_fix_twice_changes_nothing_the_second_time(draft: Path) -> None:
    _cli("--fix", str(draft))
    before = os.stat(draft)
    second = _cli("--fix", str(draft))
    after = os.stat(draft)
    assert draft.read_text(encoding="utf-8") == FIXED
    assert (before.st_ino, before.st_mtime_ns) == (after.st_ino, after.st_mtime_ns)
    assert "fixed" not in second.stderr


def test_a_file_with_nothing_to_fix_is_never_touched(tmp_path: Path) -> None:
    p = tmp_path / "clean.txt"
    p.write_text(CLEAN, encoding="utf-8")
    os.utime(p, ns=(1_000_000_000, 1_000_000_000))
    before = os.stat(p)
    result = _cli("--fix", str(p))
    after = os.stat(p)
    assert (before.st_ino, before.st_mtime_ns) == (after.st_ino, after.st_mtime_ns)
    assert result.exit_code == 0


def test_diff_prints_and_does_not_write(draft: Path) -> None:
    result = _cli("--diff", str(draft))
    assert draft.read_text(encoding="utf-8") == DRAFT
    assert "-設定画面をご確認下さい。" in result.stdout and "+設定画面をご確認ください。" in result.stdout
    assert result.exit_code == 1


def test_diff_is_empty_and_exit_0_when_nothing_to_fix(tmp_path: Path) -> None:
    p = tmp_path / "clean.txt"
    p.write_text(CLEAN, encoding="utf-8")
    result = _cli("--diff", str(p))
    assert result.stdout == "" and result.exit_code == 0


def test_diff_reads_stdin() -> None:
    result = _cli("--diff", "-", stdin=DRAFT)
    assert "+明日までに対応できます。" in result.stdout and result.exit_code == 1


def test_fix_refuses_stdin() -> None:
    result = _cli("--fix", "-", stdin=DRAFT)
    assert result.exit_code == 2 and "stdin" in result.stderr


def test_fix_with_a_missing_file_is_an_input_error(draft: Path, tmp_path: Path) -> None:
    result = _cli("--fix", str(tmp_path / "nope.txt"), str(draft))
    assert result.exit_code == 2 and "no such file" in result.stderr
    assert draft.read_text(encoding="utf-8") == FIXED, "the other files are still fixed"


def test_select_general_or_ignore_support_choose_the_packs(draft: Path) -> None:
    only_general = _cli("--format", "json", "--select", "general", str(draft)).stdout
    assert '"notation"' in only_general and "request-reason" not in only_general
    no_support = _cli("--format", "json", "--ignore", "support", str(draft)).stdout
    assert no_support == only_general
    both = _cli("--format", "json", str(draft)).stdout
    assert "request-reason" in both and '"notation"' in both
    listing = _cli("rules").stdout
    assert "general  warning" in listing and "support  error" in listing
