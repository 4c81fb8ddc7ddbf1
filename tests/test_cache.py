"""The result cache: keys that change with everything that changes diagnostics, and damage that
costs a re-lint, never a wrong answer or a crash."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SRC = str(Path(__file__).resolve().parents[1] / "src")
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [SRC, os.environ.get("PYTHONPATH")]))}

import pytest

from replylint import Settings, load_rules
from replylint.cache import DIRNAME, Cache, fingerprint
from replylint.diagnostics import Diagnostic, Fix
from replylint.config import Configs
from replylint.files import discover
from replylint.parallel import lint_files

DIAG = Diagnostic("d.txt", "request-reason", "error", "メッセージ", 3, 10, 1, 4, 1, 11, "ヒント", Fix(3, 10, "直す"))


def test_round_trip_keeps_every_field(tmp_path: Path) -> None:
    cache = Cache(tmp_path, "salt")
    key = cache.key("ログを送ってください。", "d.txt")
    assert cache.get(key) is None
    cache.put(key, [DIAG], ["needs-inquiry"])
    cache.flush()
    assert Cache(tmp_path, "salt").get(key) == ((DIAG,), ("needs-inquiry",))
    assert not list(tmp_path.rglob(".tmp-*")), "temporary files are renamed into place"


def test_key_depends_on_text_and_path_and_file_on_salt(tmp_path: Path) -> None:
    a = Cache(tmp_path, "salt-a")
    keys = {a.key("本文", "x.txt"), a.key("本文。", "x.txt"), a.key("本文", "y.txt")}
    assert len(keys) == 3
    assert Cache(tmp_path, "salt-a").file != Cache(tmp_path, "salt-b").file


def test_fingerprint_follows_rule_files_and_settings(tmp_path: Path) -> None:
    rule = tmp_path / "r.yml"
    rule.write_text("id: r\n", encoding="utf-8")
    first = fingerprint(Settings(), [rule])
    assert fingerprint(Settings(), [rule]) == first
    assert fingerprint(Settings(ignore=("r",)), [rule]) != first
    rule.write_text("id: r  # edited\n", encoding="utf-8")
    assert fingerprint(Settings(), [rule]) != first


@pytest.mark.parametrize("damage", [b"", b"{not json", b"[1, 2]", b"\xff\xfe\x00", b'{"KEY": {"diagnostics": [{"bogus": 1}], "skipped": []}}', b'{"KEY": 7}'])
def test_damaged_cache_files_are_misses(tmp_path: Path, damage: bytes) -> None:
    cache = Cache(tmp_path, "salt")
    key = cache.key("本文", "x.txt")
    cache.put(key, [DIAG], [])
    cache.flush()
    cache.file.write_bytes(damage.replace(b"KEY", key.encode()))
    assert Cache(tmp_path, "salt").get(key) is None


def test_unwritable_cache_is_silently_unused(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    cache = Cache(blocker / "cache", "salt")
    cache.put(cache.key("本文", "x.txt"), [DIAG], [])
    cache.flush()  # no exception
    assert Cache(blocker / "cache", "salt").get(cache.key("本文", "x.txt")) is None


def test_old_fingerprints_are_pruned(tmp_path: Path) -> None:
    for k in range(12):
        cache = Cache(tmp_path, f"salt-{k:02d}")
        cache.put(cache.key("本文", "x.txt"), [], [])
        cache.flush()
    assert len(list(tmp_path.glob("*.json"))) == 8


def test_second_run_answers_from_the_cache_without_loading_rules(tmp_path: Path) -> None:
    paths = []
    for k, text in enumerate(["ログを送ってください。\n", "原因を調べるため、ログを送ってください。\n"]):
        p = tmp_path / f"d{k}.txt"
        p.write_text(text, encoding="utf-8")
        paths.append(str(p))
    loads = []

    class Counting(Configs):
        def profile_for(self, location):  # type: ignore[no-untyped-def]
            loads.append(location)
            return super().profile_for(location)

    def run():  # type: ignore[no-untyped-def]
        configs = Counting(disabled=True)
        return lint_files(discover(paths, configs.config_for), configs, jobs=1, cache=Cache(tmp_path / DIRNAME, "salt"))

    first = run()
    assert len(loads) == 2
    second = run()
    assert len(loads) == 2, "a run answered from the cache compiles no rule"
    assert [r.diagnostics for r in second] == [r.diagnostics for r in first]
    assert second[0].source is not None and second[0].source.text.startswith("ログ")
    Path(paths[1]).write_text("ログを送ってください。\n", encoding="utf-8")
    third = run()
    assert len(loads) == 3 and third[1].diagnostics


def test_cli_cache_flag_writes_under_the_project(tmp_path: Path) -> None:
    draft = tmp_path / "d.txt"
    draft.write_text("ログを送ってください。\n", encoding="utf-8")
    env = ENV
    for flag, expect_dir in (("--no-cache", False), ("--cache", True)):
        r = subprocess.run([sys.executable, "-m", "replylint", flag, "-f", "concise", "d.txt"], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=60)
        assert r.returncode == 1, r.stderr
        assert (tmp_path / DIRNAME).is_dir() is expect_dir
    again = subprocess.run([sys.executable, "-m", "replylint", "--cache", "-f", "concise", "d.txt"], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=60)
    assert again.returncode == 1 and again.stdout == r.stdout


def test_the_cache_folder_keeps_itself_out_of_git(tmp_path: Path) -> None:
    """A cache committed to a repository would answer for files as its committer saw them."""
    import shutil

    root = tmp_path / DIRNAME
    cache = Cache(root, "salt")
    cache.put(cache.key("ログを送ってください。", "d.txt"), [DIAG], [])
    cache.flush()
    assert (root / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    if shutil.which("git"):
        subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
        status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=tmp_path, capture_output=True, text=True, check=True).stdout
        assert DIRNAME not in status, status
