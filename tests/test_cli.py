"""The CLI end to end, in a subprocess as a user runs it: exit codes, the JSON contract, errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BAD = "ログを送ってください。\n"
GOOD = "原因を調べるため、ログを送ってください。\n"


def run(*args: str, stdin: bytes | None = None, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **(env or {})}
    proc = subprocess.run(
        [sys.executable, "-m", "replylint", *args],
        input=stdin, capture_output=True, cwd=cwd, env=full_env, timeout=60,
    )
    return subprocess.CompletedProcess(proc.args, proc.returncode, proc.stdout.decode(), proc.stderr.decode())


@pytest.fixture
def drafts(tmp_path: Path) -> dict[str, Path]:
    files = {"bad": BAD, "good": GOOD}
    out = {}
    for name, text in files.items():
        p = tmp_path / f"{name}.txt"
        p.write_text(text, encoding="utf-8")
        out[name] = p
    return out


def test_json_contract_and_exit_1(drafts: dict[str, Path]) -> None:
    r = run("--format", "json", str(drafts["bad"]), str(drafts["good"]))
    assert r.returncode == 1, r.stderr
    payload = json.loads(r.stdout)
    assert payload["version"] == 1 and payload["files"] == 2
    [d] = payload["diagnostics"]
    assert set(d) == {"path", "rule", "severity", "message", "line", "column", "end_line", "end_column"}
    assert (d["path"], d["rule"], d["severity"]) == (str(drafts["bad"]), "request-reason", "error")
    assert (d["line"], d["column"], d["end_line"], d["end_column"]) == (1, 4, 1, 11)
    assert BAD[d["column"] - 1 : d["end_column"] - 1] == "送ってください"


def test_clean_file_exits_0(drafts: dict[str, Path]) -> None:
    r = run("--format", "json", str(drafts["good"]))
    assert r.returncode == 0 and json.loads(r.stdout)["diagnostics"] == []


def test_columns_count_characters_after_bom_and_crlf(tmp_path: Path) -> None:
    p = tmp_path / "crlf.txt"
    p.write_bytes("\ufeff😊お世話になっております。\r\n\r\nログを送ってください。\r\n".encode())
    [d] = json.loads(run("-f", "json", str(p)).stdout)["diagnostics"]
    assert (d["line"], d["column"], d["end_column"]) == (3, 4, 11)


def test_missing_file_and_fifo_exit_2_but_others_are_linted(drafts: dict[str, Path], tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    r = run("-f", "json", str(tmp_path / "nope.txt"), str(fifo), str(drafts["bad"]))
    assert r.returncode == 2
    assert "nope.txt" in r.stderr and "pipe.txt" in r.stderr
    assert "Traceback" not in r.stderr
    assert json.loads(r.stdout)["files"] == 1 and len(json.loads(r.stdout)["diagnostics"]) == 1


def test_a_directory_where_a_file_is_expected(drafts: dict[str, Path], tmp_path: Path) -> None:
    r = run("--inquiry", str(tmp_path), str(drafts["bad"]))
    assert r.returncode == 2 and "is a directory" in r.stderr and "Traceback" not in r.stderr


def test_undecodable_file_names_byte_and_option(tmp_path: Path) -> None:
    p = tmp_path / "sjis.txt"
    p.write_bytes(BAD.encode("cp932"))
    r = run(str(p))
    assert r.returncode == 2 and "cannot decode as utf-8" in r.stderr and "--encoding cp932" in r.stderr
    r = run("--encoding", "cp932", "-f", "json", str(p))
    assert r.returncode == 1 and json.loads(r.stdout)["diagnostics"][0]["rule"] == "request-reason"


def test_stdin_and_empty_input(tmp_path: Path) -> None:
    r = run("-f", "json", "-", stdin=BAD.encode())
    assert r.returncode == 1 and json.loads(r.stdout)["diagnostics"][0]["path"] == "<stdin>"
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert run(str(empty)).returncode == 0


def test_select_and_ignore(drafts: dict[str, Path]) -> None:
    assert run("--ignore", "request-reason", str(drafts["bad"])).returncode == 0
    assert run("--select", "sentence-length", str(drafts["bad"])).returncode == 0
    r = run("--select", "no-such-rule", str(drafts["bad"]))
    assert r.returncode == 2 and "unknown rule or pack 'no-such-rule'" in r.stderr


def test_usage_errors_exit_2(drafts: dict[str, Path]) -> None:
    assert run("--format", "xml", str(drafts["bad"])).returncode == 2
    assert run("--no-such-option", str(drafts["bad"])).returncode == 2
    r = run("--inquiry", "/nonexistent/inquiry.txt", str(drafts["bad"]))
    assert r.returncode == 2 and "inquiry" in r.stderr and "Traceback" not in r.stderr


def test_pretty_output_underlines_under_wide_characters(drafts: dict[str, Path]) -> None:
    r = run("--format", "pretty", str(drafts["bad"]), env={"NO_COLOR": "1"})
    lines = r.stdout.splitlines()
    assert "\x1b[" not in r.stdout
    assert lines[0] == f"{drafts['bad']}:1:4: error[request-reason] " + lines[0].split("] ", 1)[1]
    source = next(line for line in lines if line.startswith("1 | "))
    carets = lines[lines.index(source) + 1]
    assert source == "1 | ログを送ってください。"
    assert carets == "  | " + " " * 6 + "^" * 14  # ログを = 6 cells, 送ってください = 14 cells
    assert any(line.startswith("  = hint: ") for line in lines)
    assert lines[-1] == "Found 1 problem (1 error) in 1 file."


def test_concise_is_the_default_off_a_terminal(drafts: dict[str, Path]) -> None:
    r = run(str(drafts["bad"]))
    assert r.stdout.startswith(f"{drafts['bad']}:1:4: error request-reason 「送ってください」")


def test_rules_explain_version_help() -> None:
    r = run("rules")
    assert r.returncode == 0 and "request-reason" in r.stdout and "support" in r.stdout
    rows = json.loads(run("rules", "--format", "json").stdout)
    assert {"id", "pack", "severity", "kind", "summary", "options"} <= set(rows[0])
    r = run("explain", "request-reason")
    assert r.returncode == 0 and "## Example (fires)" in r.stdout and "ログを送ってください。" in r.stdout
    r = run("explain", "request-reasn")
    assert r.returncode == 2 and "did you mean 'request-reason'" in r.stderr
    assert run("--version").stdout.startswith("replylint ")
    assert "Usage" in run("--help").stdout


def test_inquiry_rules_are_skipped_without_inquiry_and_verbose_says_so(drafts: dict[str, Path]) -> None:
    r = run("--verbose", str(drafts["good"]))
    assert r.returncode == 0
    from replylint import load_rules

    if any(rule.needs_inquiry for rule in load_rules()):
        assert "skipped (no --inquiry given)" in r.stderr


def test_broken_team_rule_exits_2_with_file_line_and_id(tmp_path: Path) -> None:
    from replylint import Settings, load_rules
    from replylint.rules import RuleError

    folder = tmp_path / "team"
    folder.mkdir()
    (folder / "x.yml").write_text("id: x\nkind: nope\n", encoding="utf-8")
    with pytest.raises(RuleError) as err:
        load_rules(Settings(rule_dirs=(folder,)))
    assert str(err.value).startswith(f"{folder / 'x.yml'}:2: rule 'x': unknown kind 'nope'")


def test_test_command_runs_rule_examples(tmp_path: Path) -> None:
    r = run("test")
    assert r.returncode == 0 and r.stdout.rstrip().endswith("0 failed.")
    folder = tmp_path / "team"
    folder.mkdir()
    (folder / "no-imperative.yml").write_text(
        "id: no-imperative\nkind: pattern\nseverity: warning\nsummary: s\nmessage: m\ndescription: d\n"
        "patterns:\n  - tokens: [{lemma: 為る, cform: 命令形}]\n"
        "examples:\n  invalid: [確認してください。]\n  valid: [確認しろ。]\n",
        encoding="utf-8",
    )
    r = run("test", str(folder))
    assert r.returncode == 1
    assert "invalid example did not fire" in r.stdout and "valid example fired" in r.stdout
    assert r.stdout.rstrip().endswith("1 rules, 2 examples, 2 failed.")
