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
