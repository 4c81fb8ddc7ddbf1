"""Fixes: applying them to text (overlaps, passes, stability) and writing files (atomic, shape kept)."""

from __future__ import annotations

import os
import random
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from replylint import Fix, Settings, lint, load_rules
from replylint.fixes import FixWriteError, apply_fixes, fix_text, unified_diff, write_fixed
from replylint.source import read_source

ROOT = Path(__file__).resolve().parents[1]
DRAFT = "お問い合わせありがとうございます。\n設定画面をご確認下さい。\n明日までに対応出来ます。\n"
FIXED = "お問い合わせありがとうございます。\n設定画面をご確認ください。\n明日までに対応できます。\n"


@pytest.fixture(scope="module")
def general():
    return load_rules(Settings(select=("general",)))


def test_apply_non_overlapping_fixes_all_apply() -> None:
    text, n = apply_fixes("出来ますし頂けます", [Fix(5, 6, "いただ"), Fix(0, 2, "でき")])
    assert (text, n) == ("できますしいただけます", 2)


def test_overlapping_fix_waits_for_the_next_pass() -> None:
    text, n = apply_fixes("abcdef", [Fix(1, 4, "X"), Fix(2, 5, "Y")])
    assert (text, n) == ("aXef", 1)


def test_two_insertions_at_one_place_apply_one() -> None:
    text, n = apply_fixes("abc", [Fix(1, 1, "X"), Fix(1, 1, "Y")])
    assert n == 1 and text in ("aXbc", "aYbc")


def test_identical_fixes_from_two_rules_apply_once() -> None:
    assert apply_fixes("abc", [Fix(0, 1, "A"), Fix(0, 1, "A")]) == ("Abc", 1)


def test_fix_touching_a_line_break_is_refused() -> None:
    assert apply_fixes("ab\r\ncd", [Fix(1, 4, "")]) == ("ab\r\ncd", 0)
    assert apply_fixes("abcd", [Fix(1, 2, "\n")]) == ("abcd", 0)


def test_out_of_range_fix_is_ignored() -> None:
    assert apply_fixes("abc", [Fix(2, 9, "")]) == ("abc", 0)


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet="あいう\nab", max_size=30),
    st.lists(st.tuples(st.integers(0, 30), st.integers(0, 6), st.text(alphabet="XYZ", max_size=3)), max_size=8),
)
def test_applied_fixes_never_corrupt_the_rest(text: str, raw: list[tuple[int, int, str]]) -> None:
    """Whatever the fixes, every character outside the applied spans survives, in order."""
    fixes = [Fix(s, min(s + w, len(text)), r) for s, w, r in raw if s <= len(text)]
    out, n = apply_fixes(text, fixes)
    assert n <= len(set(fixes))
    kept = [c for c in out if c not in "XYZ"]
    assert "".join(kept) == "".join(c for c in _survivors(text, fixes))
    assert out.count("\n") == text.count("\n")


def _survivors(text: str, fixes: list[Fix]) -> str:
    """Reference: the greedy earliest-first choice apply_fixes documents."""
    out, _ = apply_fixes(text, [Fix(f.start, f.end, "") for f in fixes])
    return out


def test_fix_text_reaches_a_fixed_point(general) -> None:
    outcome = fix_text(DRAFT, general)
    assert outcome.text == FIXED
    assert outcome.applied == 2
    assert fix_text(outcome.text, general).text == outcome.text


def test_fix_text_leaves_quotes_urls_and_placeholders(general) -> None:
    text = "> ご確認下さい。\n{{ＮＡＭＥ}}様、詳細は https://example.com/ＡＢＣ をご覧ください。\n"
    assert fix_text(text, general).text == text.replace("ＡＢＣ", "ABC")


def _write(tmp_path: Path, data: bytes, mode: int = 0o640) -> Path:
    p = tmp_path / "draft.txt"
    p.write_bytes(data)
    os.chmod(p, mode)
    return p


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (DRAFT.encode(), FIXED.encode()),
        (b"\xef\xbb\xbf" + DRAFT.encode(), b"\xef\xbb\xbf" + FIXED.encode()),
        (DRAFT.replace("\n", "\r\n").encode(), FIXED.replace("\n", "\r\n").encode()),
        (b"\xef\xbb\xbf" + DRAFT.replace("\n", "\r\n").encode(), b"\xef\xbb\xbf" + FIXED.replace("\n", "\r\n").encode()),
        (DRAFT.encode("cp932"), FIXED.encode("cp932")),
    ],
    ids=["utf8", "utf8-bom", "crlf", "bom-crlf", "cp932"],
)
def test_write_keeps_encoding_bom_line_ends_and_mode(tmp_path: Path, general, raw: bytes, expected: bytes) -> None:
    p = _write(tmp_path, raw, 0o640)
    source = read_source(str(p), "cp932" if raw == DRAFT.encode("cp932") else None)
    write_fixed(source, fix_text(source.text, general).text)
    assert p.read_bytes() == expected
    assert stat.S_IMODE(os.stat(p).st_mode) == 0o640
    assert [q.name for q in tmp_path.iterdir()] == ["draft.txt"], "no temporary file is left behind"


def test_write_through_a_symlink_keeps_the_link(tmp_path: Path, general) -> None:
    real = _write(tmp_path, DRAFT.encode())
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    source = read_source(str(link))
    write_fixed(source, fix_text(source.text, general).text)
    assert link.is_symlink() and real.read_bytes() == FIXED.encode()


def test_a_file_changed_since_reading_is_not_overwritten(tmp_path: Path) -> None:
    p = _write(tmp_path, DRAFT.encode())
    source = read_source(str(p))
    p.write_bytes("別の人が書き換えました。\n".encode())
    with pytest.raises(FixWriteError):
        write_fixed(source, FIXED)
    assert p.read_bytes() == "別の人が書き換えました。\n".encode()


def test_a_failed_rename_leaves_the_file_and_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = _write(tmp_path, DRAFT.encode())
    source = read_source(str(p))

    def boom(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(FixWriteError, match="No space"):
        write_fixed(source, FIXED)
    assert p.read_bytes() == DRAFT.encode()
    assert [q.name for q in tmp_path.iterdir()] == ["draft.txt"]


def test_unencodable_fix_is_refused(tmp_path: Path) -> None:
    p = _write(tmp_path, DRAFT.encode("cp932"))
    source = read_source(str(p), "cp932")
    with pytest.raises(FixWriteError, match="cannot be encoded"):
        write_fixed(source, FIXED + "😊")
    assert p.read_bytes() == DRAFT.encode("cp932")


def test_unified_diff_names_the_file_and_changed_lines(tmp_path: Path) -> None:
    p = _write(tmp_path, DRAFT.encode())
    diff = unified_diff(read_source(str(p)), FIXED)
    assert diff.startswith(f"--- {p}\n+++ {p}\n")
    assert "\n-設定画面をご確認下さい。\n-明日までに対応出来ます。\n+設定画面をご確認ください。\n+明日までに対応できます。\n" in diff
    assert " お問い合わせありがとうございます。\n" in diff


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT / "src")}


_KILL_AT = """
import os, signal, sys
from replylint import fixes
real = os.replace
MODE = sys.argv[1]
def replace(a, b):
    if MODE == "before":
        os.kill(os.getpid(), signal.SIGKILL)
    real(a, b)
    os.kill(os.getpid(), signal.SIGKILL)
fixes.os.replace = replace
from replylint.cli import main
sys.argv = ["replylint", "--fix", sys.argv[2]]
main()
"""


@pytest.mark.parametrize(("moment", "fixed"), [("before", False), ("after", True)])
def test_killed_right_before_or_after_the_rename(tmp_path: Path, moment: str, fixed: bool) -> None:
    p = _write(tmp_path, DRAFT.encode())
    proc = subprocess.run([sys.executable, "-c", _KILL_AT, moment, str(p)], env=_env(), capture_output=True, timeout=60)
    assert proc.returncode == -signal.SIGKILL
    assert p.read_bytes() == (FIXED if fixed else DRAFT).encode()


def test_fixing_killed_at_random_moments_leaves_old_or_new(tmp_path: Path) -> None:
    """SIGKILL a real `replylint --fix` again and again: the file is always the original or fully fixed."""
    body = DRAFT.replace("\n", "\r\n") * 400  # big enough that writing is not instant
    original, done = body.encode(), FIXED.replace("\n", "\r\n").encode() * 400
    p = tmp_path / "big.txt"
    rng = random.Random(4)
    p.write_bytes(original)
    start = time.monotonic()
    subprocess.run([sys.executable, "-m", "replylint", "--fix", "--select", "notation", str(p)], env=_env(), capture_output=True, timeout=120)
    full = time.monotonic() - start
    assert p.read_bytes() == done
    outcomes = set()
    for _ in range(12):
        p.write_bytes(original)
        proc = subprocess.Popen([sys.executable, "-m", "replylint", "--fix", "--select", "notation", str(p)], env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, 1.1) * full)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        data = p.read_bytes()
        assert data in (original, done), "a killed fix left a half-written file"
        outcomes.add(data == done)
    print("kill outcomes (fixed?):", outcomes, "full run", round(full, 2), "s")
    for q in tmp_path.iterdir():
        if q.name != "big.txt":
            assert q.name.startswith(".big.txt.") and q.name.endswith(".replylint-fix"), q.name


POOL = [
    "明日までに対応出来ます。",
    "設定画面をご確認下さい。",
    "ログを送って頂けますか。",
    "本件は弊社にて対応致します。",
    "ＩＤは１２３です。",
    "明日は来れますか？",
    "解析することができます。",
    "利用することが出来ます。",
    "> ご確認下さい。",
    "{{ＮＡＭＥ}}様",
    "お菓子を頂きました。",
    "今後ともよろしくお願いいたします。",
    "見れる出れる来れる",
]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(POOL), min_size=1, max_size=6), st.sampled_from(["\n", "\r\n", "", "、"]))
def test_fixing_is_stable_and_leaves_nothing_fixable(general, parts: list[str], sep: str) -> None:
    text = sep.join(parts)
    once = fix_text(text, general)
    assert fix_text(once.text, general).text == once.text
    assert [d for d in lint(once.text, rules=general) if d.fix is not None] == []
    assert once.text.count("\n") == text.count("\n") and once.text.count("\r") == text.count("\r")


def test_a_word_split_by_a_line_break_is_reported_but_not_rewritten(general) -> None:
    text = "明日までに対応出\n来ます。\n"
    assert any(d.rule == "notation" for d in lint(text, rules=general))
    assert fix_text(text, general).text == text
