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


# ---------------------------------------------------------------------------------------------
# The CLI writes each file's findings as it goes (stdout not a terminal): the same bytes as the
# report written from the whole run's collected results.

CLEAN = "原因を調べるため、ログを送ってください。\n"


@pytest.fixture
def mixed(tmp_path: Path) -> tuple[Path, list[str]]:
    """Findings, no findings, a missing file, an undecodable file, more findings."""
    (tmp_path / "a.txt").write_text(BAD, encoding="utf-8")
    (tmp_path / "b.txt").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "d.txt").write_bytes(b"\xff\xfe\x00broken")
    (tmp_path / "e.txt").write_text("山田様\n\n" + BAD + "よろしくお願いいたします。\n", encoding="utf-8")
    return tmp_path, ["a.txt", "b.txt", "missing.txt", "d.txt", "e.txt"]


@pytest.mark.parametrize("args", [["-f", f] for f in ("pretty", "concise", "json", "sarif", "github", "junit")] + [["--statistics"], ["--statistics", "-f", "json"]])
def test_streamed_output_is_the_collected_report(args: list[str], mixed: tuple[Path, list[str]], monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from typer.testing import CliRunner

    from replylint.cli import app
    from replylint.formats import OutputOptions, writer
    from replylint.formats import statistics as statistics_format
    from replylint.run import Request, execute

    folder, names = mixed
    monkeypatch.chdir(folder)
    got = CliRunner().invoke(app, ["--no-cache", "--jobs", "1", *args, *names])
    outcome = execute(Request(names, jobs=1, cache=False))
    expected = io.StringIO()
    options = OutputOptions(rules=outcome.configs.rules())
    if "--statistics" in args:
        statistics_format.write(outcome.results, expected, options, as_json="json" in args)
    else:
        writer(args[1])(outcome.results, expected, options)
    assert got.exit_code == 2  # the missing and the undecodable file
    assert got.stdout == expected.getvalue() and got.stdout
    assert got.stderr.count("replylint: error: ") == 2


def test_a_broken_rule_of_a_later_config_stops_the_run_before_any_output(tmp_path: Path) -> None:
    """Rules are built with the first file a config governs; the files of an earlier, sound
    config are not reported before the broken one is found."""
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.txt").write_text(BAD, encoding="utf-8")
    (tmp_path / "b" / "team").mkdir(parents=True)
    (tmp_path / "b" / ".replylint.yaml").write_text("rule-dirs: [team]\n", encoding="utf-8")
    (tmp_path / "b" / "team" / "broken.yml").write_text("id: broken\nkind: pattern\nseverity: loud\n", encoding="utf-8")
    (tmp_path / "b" / "y.txt").write_text(BAD, encoding="utf-8")
    import os

    src = str(Path(__file__).resolve().parents[1] / "src")  # this checkout, whatever the cwd
    env = {**os.environ, "PYTHONPATH": src}
    for jobs in ("1", "2"):
        cmd = [sys.executable, "-m", "replylint", "--no-cache", "--jobs", jobs, "-f", "concise", "a/x.txt", "b/y.txt"]
        r = subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, text=True, encoding="utf-8", timeout=60)
        assert r.returncode == 2, r.stderr
        assert r.stdout == "" and "broken.yml" in r.stderr and "Traceback" not in r.stderr
