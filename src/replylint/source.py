"""Reading drafts and inquiries from files or stdin into text, remembering how to write them back."""

from __future__ import annotations

import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

BOM = "\ufeff"
STDIN = "-"


class InputError(Exception):
    """A file could not be read as text; the message is meant for the user as is."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


@dataclass(frozen=True)
class Source:
    """A decoded text and the facts needed to write it back byte-for-byte in the same shape."""

    path: str
    text: str
    encoding: str = "utf-8"
    bom: bool = False
    newline: str = "\n"

    def encode(self, text: str) -> bytes:
        """Encode edited text as the original was: same encoding, BOM and line ends (used by --fix)."""
        data = text.encode(self.encoding)
        if self.bom:
            data = BOM.encode(self.encoding) + data
        return data


def detect_newline(text: str) -> str:
    """The file's dominant line end, so that fixes keep it."""
    crlf = text.count("\r\n")
    cr = text.count("\r") - crlf
    lf = text.count("\n") - crlf
    best = max((crlf, "\r\n"), (lf, "\n"), (cr, "\r"))
    return best[1] if best[0] else "\n"


_LEGACY = ("cp932", "euc_jp", "iso2022_jp")


def guess_legacy_encoding(data: bytes) -> str | None:
    """Name the Japanese legacy encoding that decodes these bytes, for the error message."""
    for name in _LEGACY:
        try:
            decoded = data.decode(name)
        except UnicodeDecodeError:
            continue
        if any("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in decoded):
            return name
    return None


def decode(path: str, data: bytes, encoding: str | None = None) -> Source:
    """Decode bytes strictly; a bad byte is an error naming its position, never silently replaced."""
    name = (encoding or "utf-8").lower().replace("-", "_")
    if name in ("utf_8", "utf8", "utf_8_sig"):
        name = "utf-8"
    try:
        text = data.decode(name)
    except LookupError:
        raise InputError(path, f"unknown encoding '{encoding}'") from None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        bad = data[exc.start : exc.start + 1].hex()
        message = (
            f"cannot decode as {name}: byte 0x{bad} at offset {exc.start} "
            f"(line {line}, byte {column} of the line)"
        )
        if encoding is None:
            guess = guess_legacy_encoding(data)
            if guess:
                message += f"; it looks like {guess}: try --encoding {guess}"
            else:
                message += "; if the file is in a legacy encoding, name it with --encoding"
        raise InputError(path, message) from None
    bom = text.startswith(BOM)
    if bom:
        text = text[1:]
    return Source(path=path, text=text, encoding=name, bom=bom, newline=detect_newline(text))


def read_source(path: str, encoding: str | None = None) -> Source:
    """Read a file, or stdin for '-', with errors a user can act on."""
    if path == STDIN:
        return decode("<stdin>", sys.stdin.buffer.read(), encoding)
    p = Path(path)
    try:
        st = os.stat(p)
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except OSError as exc:
        raise InputError(path, exc.strerror or str(exc)) from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(path, "is a directory, not a file")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(path, "is not a regular file (a FIFO, socket or device)")
    try:
        data = p.read_bytes()
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except OSError as exc:
        raise InputError(path, exc.strerror or str(exc)) from None
    return decode(path, data, encoding)
