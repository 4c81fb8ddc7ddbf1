from __future__ import annotations

from pathlib import Path

import pytest

from replylint.source import InputError, Source, decode, detect_newline, read_source


def test_utf8_with_bom_is_stripped_and_remembered() -> None:
    src = decode("a.txt", "\ufeffお世話になっております。\r\n".encode())
    assert src.text == "お世話になっております。\r\n"
    assert src.bom and src.newline == "\r\n"
    assert src.encode(src.text) == "\ufeffお世話になっております。\r\n".encode()


def test_newline_styles() -> None:
    assert detect_newline("あ\nい\n") == "\n"
    assert detect_newline("あ\r\nい\r\n") == "\r\n"
    assert detect_newline("あ\rい\r") == "\r"
    assert detect_newline("改行なし") == "\n"


def test_undecodable_byte_names_file_position_and_likely_encoding() -> None:
    data = "ログを送ってください。".encode("cp932")
    with pytest.raises(InputError) as err:
        decode("draft.txt", data)
    message = str(err.value)
    assert message.startswith("draft.txt: cannot decode as utf-8: byte 0x")
    assert "offset 0" in message and "line 1" in message
    assert "--encoding cp932" in message


def test_legacy_encoding_reads_with_option() -> None:
    src = decode("draft.txt", "ログを送ってください。".encode("euc_jp"), "euc-jp")
    assert src.text == "ログを送ってください。"
    assert src.encoding == "euc_jp"


def test_unknown_encoding() -> None:
    with pytest.raises(InputError, match="unknown encoding 'nope'"):
        decode("d.txt", b"abc", "nope")


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_source(str(tmp_path / "missing.txt"))
    with pytest.raises(InputError, match="is a directory"):
        read_source(str(tmp_path))


def test_empty_file_is_fine(tmp_path: Path) -> None:
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    assert read_source(str(p)) == Source(str(p), "", "utf-8", False, "\n")
