"""A whole run as a library call, the way the CLI makes it."""

from __future__ import annotations

from pathlib import Path

from replylint.run import Request, execute


def test_execute_lints_a_folder_under_its_config(tmp_path: Path) -> None:
    (tmp_path / ".replylint.yaml").write_text("select: [request-reason]\n", encoding="utf-8")
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "a.txt").write_text("ログを送ってください。\n", encoding="utf-8")
    (tmp_path / "drafts" / "b.txt").write_text("原因を調べるため、ログを送ってください。\n", encoding="utf-8")
    outcome = execute(Request([str(tmp_path / "drafts")], jobs=1, cache=False, config=tmp_path / ".replylint.yaml"))
    assert [Path(r.path).name for r in outcome.results] == ["a.txt", "b.txt"]
    assert [[d.rule for d in r.diagnostics] for r in outcome.results] == [["request-reason"], []]


def test_execute_diff_reports_changes_without_writing(tmp_path: Path) -> None:
    p = tmp_path / "d.txt"
    p.write_text("資料をご確認下さい。\n", encoding="utf-8")
    outcome = execute(Request([str(p)], diff=True, no_config=True, select=("notation",)))
    assert outcome.changed == 1
    assert p.read_text(encoding="utf-8") == "資料をご確認下さい。\n"


def test_stream_gives_one_result_at_a_time_what_execute_collects(tmp_path: Path) -> None:
    from replylint.run import stream

    (tmp_path / "a.txt").write_text("ログを送ってください。\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("原因を調べるため、ログを送ってください。\n", encoding="utf-8")
    paths = [str(tmp_path / "a.txt"), str(tmp_path / "missing.txt"), str(tmp_path / "b.txt")]
    request = Request(paths, jobs=1, cache=False, no_config=True)
    run = stream(request)
    assert iter(run.results) is run.results  # an iterator, read once
    streamed = [(r.path, r.diagnostics, r.error) for r in run.results]
    assert streamed == [(r.path, r.diagnostics, r.error) for r in execute(request).results]
    assert [bool(e) for _, _, e in streamed] == [False, True, False]


def test_stream_raises_for_a_broken_config_before_giving_any_result(tmp_path: Path) -> None:
    import pytest

    from replylint.ruleset import ConfigError
    from replylint.run import stream

    (tmp_path / "ok.txt").write_text("本文です。\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / ".replylint.yaml").write_text("select: [no-such-rule]\n", encoding="utf-8")
    (tmp_path / "sub" / "x.txt").write_text("本文です。\n", encoding="utf-8")
    results = stream(Request([str(tmp_path / "ok.txt"), str(tmp_path / "sub" / "x.txt")], jobs=1, cache=False)).results
    with pytest.raises(ConfigError, match="no-such-rule"):
        next(results)
