"""The pre-commit hook manifest, run by pre-commit itself on a scratch repository of canned responses.

pre-commit builds the hook's own virtualenv from this checkout (`pip install .`; dependencies come
from PyPI), then runs it on the files it selects. `try-repo` uses the working tree as it is, so the
test checks the manifest being developed, not the last commit.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BAD = "山田様\n\nログを送ってください。\n\nよろしくお願いいたします。\n"
GOOD = "山田様\n\n原因を調べるため、ログを送ってください。\n\nよろしくお願いいたします。\n"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git"),
    pytest.mark.skipif(not (ROOT / ".git").exists(), reason="try-repo needs this checkout to be a git repository"),
]


def git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, timeout=60)


def test_manifest_is_valid() -> None:
    r = subprocess.run([sys.executable, "-m", "pre_commit", "validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr


@pytest.fixture
def scratch(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A git repository of canned responses, and an environment whose pre-commit cache is private."""
    repo = tmp_path / "responses"
    (repo / "replies").mkdir(parents=True)
    (repo / "replies" / "bad.md").write_text(BAD, encoding="utf-8")
    (repo / "replies" / "good.txt").write_text(GOOD, encoding="utf-8")
    (repo / "replies" / "data.csv").write_text("ログを送ってください。\n", encoding="utf-8")  # not selected by `files`
    (repo / "replies" / "archive").mkdir()
    (repo / "replies" / "archive" / "old.txt").write_text(BAD, encoding="utf-8")  # excluded by the config
    (repo / ".replylint.yaml").write_text("exclude: ['replies/archive/']\n", encoding="utf-8")
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com",
        "PRE_COMMIT_COLOR": "never",
    }
    env.pop("PYTHONPATH", None)  # the hook must run from its own environment, not this test's path
    git("init", "-q", cwd=repo)
    return repo, env


def pre_commit(repo: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args], cwd=repo, env=env, capture_output=True, text=True, encoding="utf-8", timeout=1200,
    )


def assert_fails_on_the_bad_reply_only(r: subprocess.CompletedProcess[str]) -> None:
    out = r.stdout + r.stderr
    assert r.returncode == 1, out
    assert "replylint" in out and "Failed" in out
    assert "replies/bad.md:3:4: error request-reason 「送ってください」" in out
    assert "good.txt:" not in out and "data.csv" not in out
    assert "old.txt" not in out  # pre-commit names it, but the hook runs with --force-exclude


def test_pre_commit_config_pinned_to_a_commit(scratch: tuple[Path, dict[str, str]]) -> None:
    """The README's form: `repo:` this repository, `rev:` a commit, then `pre-commit run`."""
    repo, env = scratch
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {ROOT.as_posix()}\n    rev: {head}\n    hooks:\n      - id: replylint\n", encoding="utf-8"
    )
    git("add", ".", cwd=repo)
    assert_fails_on_the_bad_reply_only(pre_commit(repo, env, "run", "--all-files", "--verbose"))
    r = pre_commit(repo, env, "run", "--files", "replies/good.txt", "replies/data.csv")
    assert r.returncode == 0 and "Passed" in r.stdout, r.stdout + r.stderr


def test_pre_commit_try_repo_on_the_working_tree(scratch: tuple[Path, dict[str, str]]) -> None:
    repo, env = scratch
    git("add", ".", cwd=repo)
    assert_fails_on_the_bad_reply_only(pre_commit(repo, env, "try-repo", str(ROOT), "replylint", "--verbose", "--all-files"))
