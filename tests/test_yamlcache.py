"""The per-user cache of parsed rule files: same data and lines as parsing, never stale, never an error."""

from __future__ import annotations

import datetime
import os
from pathlib import Path
from typing import Any

import pytest

from replylint import yamlcache
from replylint.rules import RuleError, builtin_rules_dir, load_rule, rule_files
from replylint.yamlfile import LineDict, LineList, decode, load, read


def same(a: Any, b: Any) -> bool:
    """Equal values, equal types, and equal line numbers all the way down."""
    if type(a) is not type(b):
        return False
    if isinstance(a, LineDict):
        return a.line == b.line and list(a) == list(b) and all(a.line_of(k) == b.line_of(k) and same(a[k], b[k]) for k in a)
    if isinstance(a, LineList):
        return a.line == b.line and len(a) == len(b) and all(a.line_of(i) == b.line_of(i) and same(x, y) for i, (x, y) in enumerate(zip(a, b)))
    return bool(a == b)


def cached(path: Path, folder: Path) -> Any:
    raw = read(path)
    from replylint.yamlfile import loads

    return yamlcache.cached_parse(raw, lambda: loads(decode(raw, str(path)), str(path)), folder)


@pytest.mark.parametrize("path", rule_files(builtin_rules_dir()) + [Path(yamlcache.__file__).parent / "questions.yml"], ids=lambda p: p.name)
def test_a_cached_file_reads_back_exactly_as_parsed(path: Path, tmp_path: Path) -> None:
    first = cached(path, tmp_path)  # parsed and stored
    assert list((tmp_path / yamlcache.FORMAT).glob("*.json")), "nothing was cached"
    second = cached(path, tmp_path)  # read from the cache
    assert same(first, load(path)) and same(second, load(path))


def test_an_edited_file_is_never_served_stale(tmp_path: Path) -> None:
    rule = tmp_path / "a.yml"
    rule.write_text("id: a\nmessage: 一つ目\n", encoding="utf-8")
    assert cached(rule, tmp_path / "c")["message"] == "一つ目"
    rule.write_text("id: a\n\nmessage: 二つ目\n", encoding="utf-8")  # same size, same second: keyed on the bytes
    data = cached(rule, tmp_path / "c")
    assert data["message"] == "二つ目" and data.line_of("message") == 3


def test_a_damaged_entry_is_parsed_around(tmp_path: Path) -> None:
    rule = tmp_path / "a.yml"
    rule.write_text("id: a\nlist: [1, 2]\n", encoding="utf-8")
    cached(rule, tmp_path / "c")
    for entry in (tmp_path / "c").rglob("*.json"):
        entry.write_bytes(b'{"\\u0000m": {"id": ')  # cut short, as by a crash
    assert same(cached(rule, tmp_path / "c"), load(rule))
    for entry in (tmp_path / "c").rglob("*.json"):
        entry.write_bytes(b"\xff\xfe not json")
    assert same(cached(rule, tmp_path / "c"), load(rule))


def test_what_json_cannot_hold_exactly_is_parsed_each_time(tmp_path: Path) -> None:
    rule = tmp_path / "a.yml"
    rule.write_text("when: 2026-11-24\n1: one\nnested: {true: yes}\n", encoding="utf-8")
    data = cached(rule, tmp_path / "c")
    assert data["when"] == datetime.date(2026, 11, 24) and data[1] == "one" and data["nested"] == {True: True}
    assert not list((tmp_path / "c").rglob("*.json"))


def test_yaml_errors_are_never_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPLYLINT_CACHE_DIR", str(tmp_path / "c"))
    rule = tmp_path / "broken-rule.yml"
    rule.write_text("id: broken-rule\nkind: [unclosed\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(RuleError, match=r"broken-rule.yml:\d+: invalid YAML"):
            load_rule(rule)
    assert not list((tmp_path / "c").rglob("*.json"))


def test_an_unwritable_cache_folder_costs_nothing_but_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("REPLYLINT_CACHE_DIR", str(blocker / "cache"))  # mkdir under a file fails
    rule = next(iter(rule_files(builtin_rules_dir())))
    assert load_rule(rule).id == rule.stem


def test_an_empty_setting_switches_the_cache_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPLYLINT_CACHE_DIR", "")
    assert yamlcache.cache_dir() is None
    monkeypatch.delenv("REPLYLINT_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert yamlcache.cache_dir() == tmp_path / "replylint"


def test_the_folder_is_emptied_when_it_grows_past_its_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlcache, "MAX_ENTRIES", 3)
    for k in range(6):
        rule = tmp_path / f"r{k}.yml"
        rule.write_text(f"id: r{k}\n", encoding="utf-8")
        cached(rule, tmp_path / "c")
    assert len(list((tmp_path / "c" / yamlcache.FORMAT).glob("*.json"))) <= 3
    assert not list((tmp_path / "c" / yamlcache.FORMAT).glob(".tmp-*"))


def test_a_warm_run_imports_no_yaml_parser_nor_glob_matcher_nor_question_machinery(tmp_path: Path) -> None:
    """Start-up (issue 6): once the rules are cached, a plain run over one file needs neither."""
    import subprocess
    import sys

    (tmp_path / "draft.txt").write_text("ログを送ってください。\n", encoding="utf-8")
    code = (
        "import sys\n"
        "sys.argv = ['replylint', '--no-cache', 'draft.txt']\n"
        "from replylint.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('yaml', 'pathspec') if m in sys.modules), file=sys.stderr)\n"
        "print('question machinery:', 'replylint.questions' in sys.modules, file=sys.stderr)\n"
    )
    env = {**os.environ, "REPLYLINT_CACHE_DIR": str(tmp_path / "cache")}
    runs = [subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60, env=env) for _ in range(2)]
    assert "request-reason" in runs[1].stdout
    assert runs[0].stderr.strip().splitlines()[-2] == "['yaml']"  # the first run parses and fills the cache
    assert runs[1].stderr.strip().splitlines()[-2:] == ["[]", "question machinery: False"]  # no inquiry: no question grammar
