"""Files and folders: recursion, include/exclude, .gitignore, globs, stable order, bad paths, stdin."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from replylint.cli import app
from replylint.config import Config, Configs
from replylint.files import discover, walk

runner = CliRunner()


def write(root: Path, names: list[str], text: str = "ありがとうございます。\n") -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def rel(paths, root: Path) -> list[str]:
    return [Path(p).resolve().relative_to(root.resolve()).as_posix() for p in paths]


def test_folder_is_recursed_in_sorted_order_with_default_include(tmp_path: Path):
    write(tmp_path, ["b.txt", "a/z.md", "a/b/c.html", "a/img.png", "notes.yaml", "A.txt", "node_modules/x.txt", ".git/x.txt"])
    got = rel(walk(tmp_path, Config(root=tmp_path)), tmp_path)
    assert got == ["A.txt", "a/b/c.html", "a/z.md", "b.txt"]


def test_include_exclude_and_templates_and_collections_globs(tmp_path: Path):
    write(tmp_path, ["keep.txt", "skip.md", "old/x.txt", "canned/a.j2", "data/faq.yaml", "data/other.yaml"])
    config = Config(root=tmp_path, include=("*.txt", "*.md"), exclude=("old/", "skip.md"), templates=("canned/**",), collections=(("data/faq.yaml", "body"),))
    assert rel(walk(tmp_path, config), tmp_path) == ["canned/a.j2", "data/faq.yaml", "keep.txt"]


def test_gitignore_is_respected_at_every_level_and_from_the_repository_root(tmp_path: Path):
    (tmp_path / ".git").mkdir()
    write(tmp_path, [".gitignore"], "build/\n*.log.txt\n!keep.log.txt\n")
    write(tmp_path, ["sub/.gitignore"], "private.txt\n")
    write(tmp_path, ["sub/a.txt", "sub/private.txt", "sub/build/x.txt", "sub/x.log.txt", "sub/keep.log.txt", "sub/deeper/private.txt"])
    # Walking only sub/ still honours the repository root's .gitignore.
    got = rel(walk(tmp_path / "sub", Config(root=tmp_path)), tmp_path)
    assert got == ["sub/a.txt", "sub/keep.log.txt"]


def test_gitignore_above_a_folder_outside_any_repository_is_not_read(tmp_path: Path):
    write(tmp_path, [".gitignore"], "*.txt\n")
    write(tmp_path, ["sub/a.txt"])
    assert rel(walk(tmp_path / "sub", Config(root=tmp_path / "sub")), tmp_path) == ["sub/a.txt"]


def test_arguments_keep_their_order_and_no_file_comes_twice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, ["d/b.txt", "d/a.txt", "z.txt"])
    found = discover(["z.txt", "d", "d/a.txt", "./z.txt"], lambda p: Config(root=tmp_path))
    assert [f.path for f in found] == ["z.txt", os.path.join("d", "a.txt"), os.path.join("d", "b.txt")]


def test_globs_are_expanded_sorted_and_an_empty_glob_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, ["t/b.md", "t/a.md", "t/deep/c.md", "t/x.txt"])
    found = discover(["t/**/*.md", "none/*.md"], lambda p: Config(root=tmp_path))
    assert [(f.path, f.error) for f in found] == [
        ("t/a.md", None),
        ("t/b.md", None),
        ("t/deep/c.md", None),
        ("none/*.md", "no file matches this pattern"),
    ]


def _cli(args: list[str], cwd: Path, monkeypatch: pytest.MonkeyPatch, stdin: str | None = None):
    monkeypatch.chdir(cwd)
    return runner.invoke(app, args, input=stdin)


def test_missing_and_special_paths_are_errors_and_the_rest_is_linted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    write(tmp_path, ["good.txt"], "ログを送ってください。\n")
    os.symlink(tmp_path / "gone.txt", tmp_path / "dangling.txt")
    os.mkfifo(tmp_path / "pipe.txt")
    result = _cli(["--no-config", "--format", "json", "missing.txt", "pipe.txt", "good.txt", "dangling.txt"], tmp_path, monkeypatch)
    assert result.exit_code == 2
    assert [d["path"] for d in json.loads(result.stdout)["diagnostics"]] == ["good.txt"]
    assert "missing.txt: no such file" in result.stderr
    assert "pipe.txt: is not a regular file" in result.stderr
    assert "dangling.txt: no such file" in result.stderr
    assert "Traceback" not in result.stderr


def test_force_exclude_applies_the_config_exclude_to_files_named_explicitly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, ["archive/old.txt", "archive/deep/older.txt", "skip.md", "keep.txt"], "ログを送ってください。\n")
    (tmp_path / ".replylint.yaml").write_text("exclude: ['archive/', 'skip.md']\n", encoding="utf-8")
    named = ["archive/old.txt", "archive/deep/older.txt", "skip.md", "keep.txt", "archive/*.txt"]
    configs = Configs()
    assert [f.path for f in discover(named, configs.config_for)] == named[:4]  # named explicitly: linted, as ruff does
    assert [f.path for f in discover(named, configs.config_for, force_exclude=True)] == ["keep.txt"]
    result = _cli(["--force-exclude", "--no-cache", "-f", "concise", *named[:4]], tmp_path, monkeypatch)
    assert result.exit_code == 1 and result.stdout.count("request-reason") == 1 and "keep.txt" in result.stdout
    assert _cli(["--force-exclude", "archive/old.txt"], tmp_path, monkeypatch).exit_code == 0  # nothing left to lint


def test_a_folder_argument_lints_everything_under_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    write(tmp_path, ["replies/a.txt", "replies/sub/b.md"], "ログを送ってください。\n")
    result = _cli(["--no-config", "--format", "json", "replies"], tmp_path, monkeypatch)
    assert result.exit_code == 1
    paths = [d["path"] for d in json.loads(result.stdout)["diagnostics"]]
    assert paths == [os.path.join("replies", "a.txt"), os.path.join("replies", "sub", "b.md")]


def test_stdin_filename_picks_config_globs_and_markdown(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    write(tmp_path, [".replylint.yaml"], "templates: ['templates/**']\nper-file-ignores: {'faq/*': [request-reason]}\n")
    draft = "{{name}}様\n\n<!-- replylint-disable-next-line request-reason -->\nログを送ってください。\n"
    as_draft = _cli(["--format", "json", "-"], tmp_path, monkeypatch, draft)
    rules = sorted(d["rule"] for d in json.loads(as_draft.stdout)["diagnostics"])
    assert rules == ["request-reason", "unfilled-placeholder"]  # plain text: the comment is no suppression
    as_template = _cli(["--format", "json", "--stdin-filename", "templates/a.md", "-"], tmp_path, monkeypatch, draft)
    payload = json.loads(as_template.stdout)
    assert payload["diagnostics"] == []
    ignored = _cli(["--format", "json", "--stdin-filename", "faq/a.txt", "-"], tmp_path, monkeypatch, "ログを送ってください。\n")
    assert json.loads(ignored.stdout)["diagnostics"] == []
    named = _cli(["--format", "json", "--stdin-filename", "drafts/x.txt", "-"], tmp_path, monkeypatch, "ログを送ってください。\n")
    assert [d["path"] for d in json.loads(named.stdout)["diagnostics"]] == ["drafts/x.txt"]


def test_template_flag_treats_every_input_as_a_template(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    write(tmp_path, ["a.txt"], "〇〇様\n\nお問い合わせありがとうございます。\n")
    assert _cli(["--no-config", "a.txt"], tmp_path, monkeypatch).exit_code == 1
    assert _cli(["--no-config", "--template", "a.txt"], tmp_path, monkeypatch).exit_code == 0


def test_each_file_uses_its_own_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    write(tmp_path, ["one/.replylint.yaml"], "ignore: [request-reason]\n")
    write(tmp_path, ["one/a.txt", "two/a.txt"], "ログを送ってください。\n")
    result = _cli(["--format", "json", "one", "two"], tmp_path, monkeypatch)
    assert [d["path"] for d in json.loads(result.stdout)["diagnostics"]] == [os.path.join("two", "a.txt")]
    configs = Configs(cwd=tmp_path)
    assert configs.config_for(tmp_path / "one" / "a.txt").path is not None
    assert configs.config_for(tmp_path / "two" / "a.txt").path is None


def test_a_folder_with_nothing_to_lint_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    write(tmp_path, ["empty/picture.png"])
    result = _cli(["--no-config", "empty"], tmp_path, monkeypatch)
    assert result.exit_code == 0
    assert "no files to lint" in result.stderr
