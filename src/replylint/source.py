"""Reading drafts and inquiries from files or stdin into text, remembering how to write them back."""

from __future__ import annotations

import codecs
import errno
import os
import stat
import sys
from dataclasses import dataclass

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
# A reply draft is kilobytes; far beyond this a file is not a draft (a log, a dump, an export) and
# linting it would take minutes and much memory. Refused with a message instead.
MAX_FILE_BYTES = 20_000_000
_ISO2022_ESCAPES = ("\x1b$B", "\x1b$@", "\x1b(J", "\x1b(I")


_CONTROLS = frozenset(chr(c) for c in range(32)) - frozenset("\t\n\r\x0c\x1b")


def guess_legacy_encoding(data: bytes) -> str | None:
    """Name the Japanese legacy encoding that decodes these bytes into plausible text, for the error
    message: no control characters, and kana (random bytes often decode to kanji, rarely to kana)."""
    for name in _LEGACY:
        try:
            decoded = data.decode(name)
        except UnicodeDecodeError:
            continue
        if _CONTROLS.isdisjoint(decoded) and any("\u3041" <= ch <= "\u30fa" for ch in decoded):
            return name
    return None


def looks_binary(data: bytes) -> bool:
    """NUL bytes near the start: an image, an archive, a compiled file — not a draft in any encoding
    replylint reads (UTF-16 is not one of them)."""
    return b"\x00" in data[:8192]


_BOM_SNIFFING = {"utf-16": (codecs.BOM_UTF16_BE, "utf_16"), "utf-32": (codecs.BOM_UTF32_BE, "utf_32")}


def _byte_order(name: str, data: bytes) -> str:
    """utf-16/utf-32 with the byte order made explicit (from the BOM; little-endian without one).

    The generic codecs read either order but always write the machine's, with a BOM: a --fix
    would then turn a big-endian or BOM-less file into another file. With the order named, the
    BOM (if any) is kept as text and written back as it was."""
    try:
        canonical = codecs.lookup(name).name
    except (LookupError, ValueError):
        return name  # reported by the decoding
    if canonical not in _BOM_SNIFFING:
        return name
    big_bom, base = _BOM_SNIFFING[canonical]
    return f"{base}_be" if data.startswith(big_bom) else f"{base}_le"


def decode(path: str, data: bytes, encoding: str | None = None) -> Source:
    """Decode bytes strictly; a bad byte is an error naming its position, never silently replaced."""
    name = (encoding or "utf-8").lower().replace("-", "_")
    if name in ("utf_8", "utf8", "utf_8_sig"):
        name = "utf-8"
    else:
        name = _byte_order(name, data)
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
        if looks_binary(data):
            message += "; it looks like a binary file, not text"
        elif encoding is None:
            guess = guess_legacy_encoding(data)
            if guess:
                message += f"; it looks like {guess}: try --encoding {guess}"
            else:
                message += "; if the file is in a legacy encoding, name it with --encoding"
        raise InputError(path, message) from None
    except (UnicodeError, ValueError, TypeError) as exc:  # codecs such as 'undefined' or 'idna' fail their own way
        raise InputError(path, f"cannot decode as {name}: {exc}") from None
    if encoding is None and "\x1b" in text and any(e in text for e in _ISO2022_ESCAPES):
        raise InputError(path, "the text contains ISO-2022-JP escape sequences: it looks like iso2022_jp: try --encoding iso2022_jp")
    bom = text.startswith(BOM)
    if bom:
        text = text[1:]
    return Source(path=path, text=text, encoding=name, bom=bom, newline=detect_newline(text))


def _too_big(size: int | None = None) -> str:
    got = f"{size / 1e6:.0f} MB, " if size is not None else ""
    return f"too large for a reply draft ({got}the limit is {MAX_FILE_BYTES // 1_000_000} MB); split it into drafts"


def _read_regular(path: str) -> bytes:
    """Read at most MAX_FILE_BYTES + 1 bytes, checking on the open file that it is still a regular
    file: between stat and open it may have been replaced by a FIFO (whose open would block,
    hence O_NONBLOCK) or a device."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise OSError(0, "is not a regular file (a FIFO, socket or device)")
        # Sized reads (a draft is one read call); the loop covers a file that grows meanwhile.
        chunks = []
        total = 0
        want = min(st.st_size, MAX_FILE_BYTES) + 1
        while total <= MAX_FILE_BYTES:
            chunk = os.read(fd, want)
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            want = MAX_FILE_BYTES + 1 - total
    finally:
        os.close(fd)
    if total > MAX_FILE_BYTES:
        raise OSError(0, _too_big())
    return b"".join(chunks)


def read_bounded(path: str | os.PathLike[str], limit: int) -> bytes:
    """A regular file's bytes, at most `limit` of them, for files that are not drafts (rule files,
    configs, caches). Checked on the open file: a FIFO (whose open would block, hence O_NONBLOCK)
    or a device such as /dev/zero (whose read never ends) is an OSError, and so is a larger file,
    whatever its size claims (a /proc file says 0, a sparse file gigabytes)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as f:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(errno.EISDIR, "is a directory, not a file")
        if not stat.S_ISREG(st.st_mode):
            raise OSError(0, "is not a regular file (a FIFO, socket or device)")
        # Read what the size says plus one byte (not limit + 1: the buffer for that is allocated
        # whole), then on to the limit only if the file grew since fstat.
        want = st.st_size + 1
        data = b"" if st.st_size > limit else f.read(want)
        if len(data) == want:
            data += f.read(limit + 1 - want)
    if st.st_size > limit or len(data) > limit:
        raise OSError(errno.EFBIG, f"file is larger than {limit} bytes")
    return data


def _input_error(path: str, exc: OSError, missing: str) -> InputError:
    if isinstance(exc, FileNotFoundError):
        return InputError(path, missing)
    if isinstance(exc, PermissionError):
        return InputError(path, "permission denied")
    return InputError(path, exc.strerror or str(exc))


def read_source(path: str, encoding: str | None = None) -> Source:
    """Read a file, or stdin for '-', with errors a user can act on."""
    if path == STDIN:
        if sys.stdin is None:  # started with stdin closed (`<&-`)
            raise InputError("<stdin>", "standard input is closed")
        data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise InputError("<stdin>", _too_big())
        return decode("<stdin>", data, encoding)
    try:
        st = os.stat(path)
    except OSError as exc:
        raise _input_error(path, exc, "no such file") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(path, "is a directory, not a file")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(path, "is not a regular file (a FIFO, socket or device)")
    if st.st_size > MAX_FILE_BYTES:
        raise InputError(path, _too_big(st.st_size))
    try:
        data = _read_regular(path)
    except OSError as exc:
        raise _input_error(path, exc, "no such file (it vanished while being read)") from None
    return decode(path, data, encoding)
