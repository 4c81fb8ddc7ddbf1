"""Whatever it is fed, replylint neither crashes, hangs nor lies about positions.

Property tests run the library on arbitrary Unicode and on generated drafts; the CLI tests feed
hostile files to a real subprocess and check the exit code (0, 1 or 2), that no traceback is
printed, that it finishes in time and (where memory matters) its peak memory.
"""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import EVIL_RULE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import replylint
from replylint import Settings, load_rules
from replylint.config import Configs
from replylint.files import discover
from replylint.parallel import lint_files as _lint_files


def lint_files(paths: list[str], configs: Configs | None = None, jobs: int = 1):  # type: ignore[no-untyped-def]
    configs = configs or Configs(disabled=True)
    return _lint_files(discover(paths, configs.config_for), configs, jobs=jobs)
from replylint.yamlfile import YamlError, loads

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from drafts import draft  # noqa: E402

_BREAK = re.compile(r"\r\n|\r|\n")


def expected_position(text: str, offset: int) -> tuple[int, int]:
    """Line and column of an offset, computed independently of replylint's Lines."""
    line, start = 1, 0
    for m in _BREAK.finditer(text, 0, offset):
        if m.end() > offset:
            break
        line, start = line + 1, m.end()
    return line, offset - start + 1


def check_diagnostics(text: str, diagnostics: list[replylint.Diagnostic]) -> None:
    for d in diagnostics:
        assert 0 <= d.start <= d.end <= len(text), (d, len(text))
        assert (d.line, d.column) == expected_position(text, d.start), d
        assert (d.end_line, d.end_column) == expected_position(text, d.end), d
        if d.fix is not None:
            assert 0 <= d.fix.start <= d.fix.end <= len(text)


# Characters that stress splitting and tagging: brackets, terminators, quotes, bullets, spaces
# of every width, line breaks of every kind, emoji with joiners, surrogates' neighbours, NUL.
_TRICKY = "「」『』（）()【】。、！？!?…>＞・-*1.①\u3000 \t\r\n\x00\ufeff\u200d👩‍💻🙇\U0001f600ｶﾞ{{}}%$[]https://a.jp/?x=1 a@b.jp"
_JAPANESE = st.text(alphabet=st.sampled_from(list("あいうえおかきくけこください頂くお願いします送確認理由ため") + list(_TRICKY)), max_size=400)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_arbitrary_unicode_lints_and_positions_agree(text: str) -> None:
    check_diagnostics(text, replylint.lint(text))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_JAPANESE)
def test_tricky_japanese_lints_and_positions_agree(text: str) -> None:
    check_diagnostics(text, replylint.lint(text))


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=2**32 - 1))
def test_generated_drafts_lint_and_positions_agree(seed: int) -> None:
    text = draft(random.Random(seed))
    if seed % 3 == 1:
        text = text.replace("\n", "\r\n")
    elif seed % 3 == 2:
        text = "\ufeff" + text.replace("。", "。\u3000")
    diagnostics = replylint.lint(text)
    check_diagnostics(text, diagnostics)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from(["ログを送ってください。", "理由のため、ご確認ください。", "\n\n", "\n", "「", "」", "👍"]), max_size=60), st.integers(min_value=40, max_value=400))
def test_long_texts_in_parts_keep_positions(pieces: list[str], size: int) -> None:
    from replylint import segments

    text = "".join(pieces)
    original = segments.SEGMENT_CHARS
    segments.SEGMENT_CHARS = size  # force the split path on small texts
    try:
        diagnostics = replylint.lint(text)
    finally:
        segments.SEGMENT_CHARS = original
    check_diagnostics(text, diagnostics)


# --- the CLI on hostile input ------------------------------------------------------------


def cli(*args: str, cwd: Path | None = None, timeout: float = 120) -> tuple[int, str, str, float]:
    """Exit code, stdout, stderr and seconds of `replylint args`."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "replylint", *args], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        pytest.fail(f"replylint {' '.join(args)} did not finish in {timeout} s")
    elapsed = time.perf_counter() - t0
    return proc.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"), elapsed


def cli_memory(*args: str, tmp: Path, timeout: float = 120) -> tuple[int, str, float]:
    """Exit code, stderr and peak memory in MB (VmHWM, see bench/peak.py) of `replylint args`."""
    report = tmp / "peak.txt"
    try:
        proc = subprocess.run([sys.executable, str(ROOT / "bench" / "peak.py"), str(report), *args], capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        pytest.fail(f"replylint {' '.join(args)} did not finish in {timeout} s")
    return proc.returncode, proc.stderr.decode("utf-8", "replace"), float(report.read_text())


def assert_clean_exit(code: int, err: str) -> None:
    assert code in (0, 1, 2), (code, err[-2000:])
    assert "Traceback" not in err, err[-2000:]


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("random-bytes", lambda: random.Random(1).randbytes(20_000)),
        ("png-header", lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 20),
        ("nul-in-utf8", lambda: "ログを\x00送ってください。".encode()),
        ("long-line", lambda: ("あいうえお、かきくけこ" * 10_000)[:100_000].encode()),
        ("empty-lines", lambda: b"\n" * 100_000),
        ("crlf-empty-lines", lambda: b"\r\n" * 50_000),
        ("nested-brackets", lambda: ("「（『" * 20_000 + "ください" + "』）」" * 20_000).encode()),
        ("only-emoji", lambda: ("😀🙇‍♀️👩‍💻🇯🇵" * 5_000).encode()),
        ("only-whitespace", lambda: (" \t\u3000\u00a0\n\r\n" * 10_000).encode()),
        ("empty", lambda: b""),
        ("lone-surrogate-escape", lambda: b"\xed\xa0\x80abc"),
        ("bom-only", lambda: b"\xef\xbb\xbf"),
        ("terminators-only", lambda: ("。！？!?…" * 20_000).encode()),
        ("quotes-only", lambda: ("> ＞ >>\n" * 20_000).encode()),
    ],
)
def test_cli_survives_hostile_files(tmp_path: Path, name: str, make) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / f"{name}.txt"
    path.write_bytes(make())
    code, _, err, elapsed = cli(str(path))
    assert_clean_exit(code, err)
    assert elapsed < 60


def test_cli_refuses_a_50_mb_file_quickly_and_in_little_memory(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as out:
        block = ("お問い合わせありがとうございます。ログを送ってください。\n" * 1000).encode()
        while out.tell() < 50_000_000:
            out.write(block)
    code, err, peak = cli_memory(str(path), tmp=tmp_path)
    assert code == 2 and "too large" in err and "Traceback" not in err
    assert peak < 100, peak


def test_five_megabyte_draft_in_bounded_memory(tmp_path: Path) -> None:
    """The 5 MB benchmark draft in the test suite: linted, exit 0/1, peak memory under 200 MB."""
    from drafts import big_draft

    path = tmp_path / "five.txt"
    path.write_text(big_draft(5_000_000), encoding="utf-8")
    code, err, peak = cli_memory("--jobs", "1", str(path), tmp=tmp_path, timeout=240)
    assert_clean_exit(code, err)
    assert code in (0, 1)
    assert peak < 200, peak


def test_linting_makes_no_cyclic_garbage(tmp_path: Path) -> None:
    """The CLI raises the collector's first threshold (replylint/__main__.py): safe only while a
    lint leaves nothing that reference counting cannot free. Drafts, Markdown with suppression
    comments, a YAML collection, an inquiry, fixes and the cache all take their paths here."""
    import gc

    import random as rnd

    from replylint.fixing import run_fixes

    (tmp_path / ".replylint.yaml").write_text("collections: {'faq.yaml': body}\ntemplates: ['canned/**']\n", encoding="utf-8")
    (tmp_path / "reply.md").write_text("<!-- replylint-disable-next-line request-reason -->\nログを送ってください。\n\n`code`です。\n", encoding="utf-8")
    (tmp_path / "faq.yaml").write_text("- body: ログを送ってください。\n- body: 了解です。\n", encoding="utf-8")
    (tmp_path / "canned").mkdir()
    (tmp_path / "canned" / "t.txt").write_text("{{name}}様\nすいません、ログを送って下さい。\n", encoding="utf-8")
    for k in range(5):
        (tmp_path / f"d{k}.txt").write_text(draft(rnd.Random(k)), encoding="utf-8")
    configs = Configs(cwd=tmp_path)
    found = discover([str(tmp_path)], configs.config_for)
    inquiry = replylint.analyze("ログインできません。再設定はできますか？")
    _lint_files(found, configs, inquiry=None, jobs=1)  # compile and warm every memo first
    gc.collect()
    gc.disable()
    try:
        results = _lint_files(found, configs, inquiry=None, jobs=1)
        for k in range(5):
            replylint.lint(draft(rnd.Random(k)), inquiry=inquiry)
        run_fixes(found, configs, None, None, False, None, write=False)
        leaked = gc.collect()
    finally:
        gc.enable()
    assert sum(len(r.diagnostics) for r in results) > 5
    assert leaked == 0


# --- legacy encodings ------------------------------------------------------------------

TEXT = "お問い合わせありがとうございます。\nログを送ってください。\n"


@pytest.mark.parametrize(("codec", "name"), [("cp932", "cp932"), ("shift_jis", "cp932"), ("euc_jp", "euc_jp"), ("iso2022_jp", "iso2022_jp")])
def test_legacy_encoding_is_named_with_the_option(tmp_path: Path, codec: str, name: str) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes(TEXT.encode(codec))
    code, _, err, _ = cli(str(path))
    assert code == 2, err
    assert f"--encoding {name}" in err and "Traceback" not in err


@pytest.mark.parametrize("codec", ["cp932", "euc_jp", "iso2022_jp"])
def test_legacy_encoding_lints_with_the_option(tmp_path: Path, codec: str) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes(TEXT.encode(codec))
    code, out, err, _ = cli("--encoding", codec, "--format", "concise", str(path))
    assert code == 1, err
    assert "legacy.txt:2:4: error request-reason" in out


def test_binary_is_not_called_a_legacy_encoding(tmp_path: Path) -> None:
    path = tmp_path / "image.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    code, _, err, _ = cli(str(path))
    assert code == 2 and "binary" in err and "--encoding cp932" not in err


# --- hostile rules and YAML ----------------------------------------------------------------



def test_catastrophic_regex_cannot_hang_a_run(tmp_path: Path) -> None:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "evil-regex.yml").write_text(EVIL_RULE, encoding="utf-8")
    paths = []
    for k in range(5):
        p = tmp_path / f"d{k}.txt"
        p.write_text("a" * 60 + "!", encoding="utf-8")
        paths.append(str(p))
    config = tmp_path / ".replylint.yaml"
    config.write_text("rule-dirs: [rules]\nselect: [evil-regex]\n", encoding="utf-8")
    t0 = time.perf_counter()
    results = lint_files(paths, Configs(explicit=config))
    assert time.perf_counter() - t0 < 10
    assert all(r.error and "evil-regex" in r.error and "catastrophic" in r.error for r in results)


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ('a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n', "alias"),
        ("x: !!python/object/apply:os.system ['echo hacked']\n", "invalid YAML"),
        ("x: !!python/name:os.system\n", "invalid YAML"),
        ('x: "' + "a" * 10_000_000 + '"\n', "larger than"),
        ("[" * 100_000, "invalid YAML"),
    ],
    ids=["alias-bomb", "python-object", "python-name", "10mb-string", "deep-nesting"],
)
def test_hostile_yaml_is_refused_quickly(text: str, needle: str) -> None:
    t0 = time.perf_counter()
    with pytest.raises(YamlError) as info:
        loads(text, "hostile.yml")
    assert time.perf_counter() - t0 < 5
    assert needle in str(info.value)


# --- files ---------------------------------------------------------------------------------


def test_bad_paths_are_reported_and_the_rest_is_linted(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("ログを送ってください。\n", encoding="utf-8")
    (tmp_path / "loop1").symlink_to(tmp_path / "loop2")
    (tmp_path / "loop2").symlink_to(tmp_path / "loop1")
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)  # opening it for reading would block: it must never be opened that way
    (tmp_path / "folder").mkdir()
    args = ["--format", "concise", str(tmp_path / "loop1"), str(fifo), "/dev/null", "/dev/zero", str(tmp_path / "folder"), str(tmp_path / "missing.txt"), str(good)]
    code, out, err, elapsed = cli(*args, timeout=30)
    assert code == 2 and "Traceback" not in err
    assert "good.txt:1:4: error request-reason" in out
    # (an empty folder is recursed and holds nothing to lint: no error)
    for needle in ("loop1: Too many levels of symbolic links", "fifo: is not a regular file", "/dev/null: is not a regular file", "/dev/zero: is not a regular file", "missing.txt: no such file"):
        assert needle in err, err


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads files whatever their mode; FIFO and directory cases cover unreadable paths")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("ログを送ってください。\n", encoding="utf-8")
    path.chmod(0)
    code, _, err, _ = cli(str(path))
    assert code == 2 and "permission denied" in err


def after_stat(monkeypatch: pytest.MonkeyPatch, module: Any, path: Path, change: Any) -> None:
    """Make `module`'s os.stat run `change()` right after it looks at `path` (a race, on cue)."""
    real_stat = os.stat

    def stat_then_change(p, *args, **kwargs):  # type: ignore[no-untyped-def]
        result = real_stat(p, *args, **kwargs)
        if str(p) == str(path):
            change()
        return result

    monkeypatch.setattr(module.os, "stat", stat_then_change)


def test_file_vanishing_between_listing_and_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from replylint import source

    good = tmp_path / "good.txt"
    good.write_text("ログを送ってください。\n", encoding="utf-8")
    doomed = tmp_path / "doomed.txt"
    doomed.write_text("消えます。\n", encoding="utf-8")
    configs = Configs(disabled=True)
    found = discover([str(doomed), str(good)], configs.config_for)  # the listing sees the file
    after_stat(monkeypatch, source, doomed, lambda: os.unlink(doomed))  # right after reading checked it, before it opens it
    results = _lint_files(found, configs, jobs=1)
    assert results[0].error is not None and "vanished" in results[0].error
    assert results[1].error is None and results[1].diagnostics


def test_fifo_swapped_in_after_stat_does_not_block(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from replylint import source

    path = tmp_path / "swap.txt"
    path.write_text("ログ\n", encoding="utf-8")
    after_stat(monkeypatch, source, path, lambda: (os.unlink(path), os.mkfifo(path)))
    t0 = time.perf_counter()
    results = lint_files([str(path)])
    assert time.perf_counter() - t0 < 5
    assert results[0].error is not None and "not a regular file" in results[0].error
