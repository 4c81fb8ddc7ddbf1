"""Hostile inputs found by throwing odd files, options, configs and rules at the CLI (issue 6,
"beyond the test suite's"): each test pins one misbehaviour that was found and fixed — a
traceback, a misleading error, a file --fix would have damaged — or one still open (xfail)."""

from __future__ import annotations

import codecs
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from replylint.fixes import FixWriteError, write_fixed
from replylint.source import InputError, decode, read_source

DRAFT = "ご確認下さい。ＡＢＣです。\r\n明日は来れますか？\r\n"
FIXED = "ご確認ください。ABCです。\r\n明日は来られますか？\r\n"


def cli(*args: str, cwd: Path | None = None, stdin: bytes = b"", timeout: float = 60) -> tuple[int, str, str]:
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1] / "src"))
    proc = subprocess.run([sys.executable, "-m", "replylint", *args], cwd=cwd, input=stdin, capture_output=True, timeout=timeout, env=env)
    out, err = proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in out + err, err[-3000:]
    assert proc.returncode in (0, 1, 2), (proc.returncode, err[-2000:])
    return proc.returncode, out, err


# --- --encoding -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["undefined", "idna", "punycode"])
def test_an_odd_codec_is_an_input_error(name: str) -> None:
    """'undefined' raised a bare UnicodeError (a traceback from the CLI), not UnicodeDecodeError."""
    with pytest.raises(InputError, match="cannot decode"):
        decode("x.txt", "ご確認ください。".encode(), name)


def test_undefined_codec_from_the_cli(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("ご確認ください。", encoding="utf-8")
    code, _, err = cli("--encoding", "undefined", str(path))
    assert code == 2 and "cannot decode" in err


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (DRAFT.encode("utf-16-le"), "utf-16"),  # no BOM: was refused as "changed while being fixed"
        (codecs.BOM_UTF16_BE + DRAFT.encode("utf-16-be"), "utf-16"),  # big-endian: the same
        (codecs.BOM_UTF16_LE + DRAFT.encode("utf-16-le"), "UTF16"),
        (DRAFT.encode("utf-32-le"), "utf-32"),
        (codecs.BOM_UTF32_BE + DRAFT.encode("utf-32-be"), "utf-32"),
    ],
    ids=["utf16-no-bom", "utf16-be-bom", "utf16-le-bom", "utf32-no-bom", "utf32-be-bom"],
)
def test_fix_keeps_utf16_and_utf32_byte_order_and_bom(tmp_path: Path, data: bytes, encoding: str) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    source = read_source(str(path), encoding)
    assert source.text == DRAFT
    assert source.encode(source.text) == data  # the text goes back to exactly the bytes read
    write_fixed(source, FIXED)
    new = path.read_bytes()
    bom = data[: len(data) - len(DRAFT.encode(source.encoding.replace("_", "-")))]
    assert new.startswith(bom) and new[len(bom) :].decode(source.encoding) == FIXED


def test_fix_from_the_cli_on_a_big_endian_utf16_file(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(codecs.BOM_UTF16_BE + DRAFT.encode("utf-16-be"))
    code, _, err = cli("--no-config", "--encoding", "utf-16", "--fix", str(path))
    assert "fixed" in err and "not written" not in err
    assert path.read_bytes() == codecs.BOM_UTF16_BE + FIXED.encode("utf-16-be")


def test_fix_refuses_an_encoding_that_does_not_round_trip(tmp_path: Path) -> None:
    """cp932 reads NEC's 0x8790 (≒) but writes IBM's 0x81E0: --fix would change a byte it did not
    fix. It is refused, and the message says why (it used to claim the file had changed)."""
    path = tmp_path / "a.txt"
    data = "明日は来れますか？".encode("cp932") + b"\x87\x90"
    path.write_bytes(data)
    source = read_source(str(path), "cp932")
    with pytest.raises(FixWriteError, match="round-trip"):
        write_fixed(source, source.text.replace("来れ", "来られ"))
    assert path.read_bytes() == data


# --- --fix on files it must not write ------------------------------------------------------


def test_fix_leaves_a_read_only_file_alone(tmp_path: Path) -> None:
    """The temporary file renamed over the target made a read-only file writable in effect
    (as root, or in a writable folder): a read-only file is now refused."""
    path = tmp_path / "a.txt"
    path.write_bytes(DRAFT.encode())
    path.chmod(0o444)
    code, _, err = cli("--no-config", "--fix", str(path))
    assert code == 2 and "read-only" in err
    assert path.read_bytes() == DRAFT.encode()
    assert path.stat().st_mode & 0o777 == 0o444


# --- output formats ----------------------------------------------------------------------


def test_sarif_with_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    """A name with byte 0xFF reaches Python as a surrogate escape; quote() raised on it."""
    name = os.fsdecode(b"\xff.txt")
    (tmp_path / name).write_text(DRAFT, encoding="utf-8")
    code, out, _ = cli("--no-config", "-f", "sarif", name, cwd=tmp_path)
    assert code == 1 and '"uri": "%FF.txt"' in out
