"""The progress bar: drawn on a terminal's stderr for many files, never into a pipe or for one file."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from replylint.progress import MIN_FILES, track, wanted


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_wanted_only_on_a_terminal_with_several_files() -> None:
    assert wanted(MIN_FILES, Tty())
    assert not wanted(MIN_FILES - 1, Tty())
    assert not wanted(100, io.StringIO())


def test_track_yields_everything_and_draws_a_bar() -> None:
    from rich.console import Console

    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=80)
    assert list(track(iter(range(7)), total=7, console=console)) == list(range(7))
    assert "linting" in out.getvalue() and "7/7" in out.getvalue()


def test_track_without_a_terminal_is_a_plain_pass_through() -> None:
    assert list(track(iter("abc"), total=3, stream=io.StringIO())) == ["a", "b", "c"]


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_cli_draws_on_a_terminal_stderr_and_not_into_a_pipe(tmp_path: Path) -> None:
    import pty

    files = []
    for i in range(MIN_FILES):
        p = tmp_path / f"d{i}.txt"
        p.write_text("ログを送ってください。\n", encoding="utf-8")
        files.append(str(p))
    cmd = [sys.executable, "-m", "replylint", "-f", "json", *files]
    master, slave = pty.openpty()
    try:
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=slave, timeout=60, env={**os.environ, "TERM": "xterm"})
        os.close(slave)
        seen = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    finally:
        os.close(master)
    assert proc.returncode == 1
    assert b"linting" in seen and f"{MIN_FILES}/{MIN_FILES}".encode() in seen
    assert b"linting" not in proc.stdout  # the report stays clean
    piped = subprocess.run(cmd, capture_output=True, timeout=60)
    assert b"linting" not in piped.stderr and piped.stdout == proc.stdout
