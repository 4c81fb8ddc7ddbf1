"""Applying safe fixes: to a text (pass after pass until stable, like ruff) and to a file (atomically).

A fix replaces source[start:end]. Fixes that overlap an already chosen fix wait for the next pass,
where they are recomputed on the new text, so overlapping fixes can never corrupt it. A fix that
would touch a line break is refused: fixes edit words, never the shape of the text.
"""

from __future__ import annotations

import difflib
import errno
import os
import re
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from .diagnostics import Diagnostic, Fix
from .document import Document, analyze
from .engine import run
from .ruleset import RuleSet
from .source import Source, read_bounded

MAX_PASSES = 10


def apply_fixes(text: str, fixes: Iterable[Fix]) -> tuple[str, int]:
    """Apply the fixes that do not overlap one another (earliest first); return the text and how many applied."""
    out: list[str] = []
    pos = 0
    applied = 0
    last_insert = -1
    for f in sorted(set(fixes), key=lambda f: (f.start, f.end, f.replacement)):
        if not (0 <= f.start <= f.end <= len(text)):
            continue
        if f.start < pos or (f.start == pos and (f.start == f.end or last_insert == pos) and applied):
            continue  # overlaps a chosen fix (or a second insertion at one place): next pass
        old = text[f.start : f.end]
        if "\n" in old or "\r" in old or "\n" in f.replacement or "\r" in f.replacement:
            continue
        out.append(text[pos : f.start])
        out.append(f.replacement)
        last_insert = f.start if f.start == f.end else -1
        pos = f.end
        applied += 1
    out.append(text[pos:])
    return "".join(out), applied


@dataclass(frozen=True)
class FixOutcome:
    """What fixing a text did: the result, and how many fixes and passes it took (fixes can expose fixes)."""

    text: str  # the fixed text (the original when nothing applied)
    applied: int  # fixes applied over all passes
    passes: int


def fix_until_stable(text: str, diagnose: Callable[[str], Iterable[Diagnostic]]) -> FixOutcome:
    """Lint, apply the safe fixes, and again, until no fix applies, the text repeats, or MAX_PASSES.

    `diagnose` lints a text the way the file is linted (its config, Markdown, placeholders).
    """
    seen = {text}
    applied = 0
    passes = 0
    while passes < MAX_PASSES:
        fixes = [d.fix for d in diagnose(text) if d.fix is not None]
        if not fixes:
            break
        new, n = apply_fixes(text, fixes)
        if n == 0 or new in seen:
            break
        passes += 1
        applied += n
        seen.add(new)
        text = new
    return FixOutcome(text, applied, passes)


def fix_text(text: str, rules: RuleSet, inquiry: Document | None = None, path: str = "<text>") -> FixOutcome:
    """Fix a plain text with a rule set (the library's counterpart of `replylint --fix`)."""
    return fix_until_stable(text, lambda t: run(rules, analyze(t), inquiry, path).diagnostics)


def unified_diff(source: Source, fixed: str) -> str:
    """A unified diff of a file and its fixed text (line ends shown as they are in the file)."""
    old = _lines(source.text)
    new = _lines(fixed)
    name = _quoted(source.path)
    lines = difflib.unified_diff(old, new, fromfile=name, tofile=name)
    out = []
    for line in lines:
        out.append(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n")
    return "".join(out)


_C_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _quoted(path: str) -> str:
    """A file name for a diff header, C-quoted as git writes it when it holds a control character,
    a quote or a backslash: a newline in a name otherwise splits the header line (GNU patch reads
    the quoted form)."""
    if not any(ch in _C_ESCAPES or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in path):
        return path
    out = []
    for ch in path:
        if ch in _C_ESCAPES:
            out.append(_C_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\{ord(ch):03o}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def _lines(text: str) -> list[str]:
    """Lines with their ends, broken only at \r\n, \r and \n as replylint's lines and `patch` are:
    str.splitlines also breaks at U+2028, U+0085, \f and others, which made a malformed diff."""
    return _LINE_RE.findall(text)


class FixWriteError(Exception):
    """The fixed text could not be written; the file is left as it was."""


def write_fixed(source: Source, fixed: str) -> None:
    """Write the fixed text over the file atomically, in its encoding, BOM, line ends and permissions.

    The bytes go to a temporary file in the same folder, are flushed to disk, then renamed over
    the target: a reader (or a crash) sees either the old file or the new one, never a mix.
    A file changed by someone else since it was read is not overwritten.
    """
    target = Path(os.path.realpath(source.path))
    try:
        data = source.encode(fixed)
    except UnicodeEncodeError as exc:
        raise FixWriteError(f"the fixed text cannot be encoded as {source.encoding}: {exc.reason}") from None
    try:
        st = os.stat(target)
        if not st.st_mode & 0o222 or not os.access(target, os.W_OK):
            raise FixWriteError("the file is read-only; not written")
        expected = source.encode(source.text)
        try:  # bounded and regular only: a FIFO swapped in would block, /dev/zero never end
            current = read_bounded(target, len(expected))
        except OSError as exc:
            if exc.errno != errno.EFBIG:
                raise
            raise FixWriteError("the file changed while it was being fixed; not written") from None
        if current != expected:
            raise FixWriteError(_mismatch(source, current))
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".replylint-fix", dir=target.parent)
    except OSError as exc:
        raise FixWriteError(exc.strerror or str(exc)) from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, stat.S_IMODE(st.st_mode))
        try:
            os.chown(tmp, st.st_uid, st.st_gid)
        except OSError:
            pass  # not ours to give away; the mode is kept all the same
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise FixWriteError(exc.strerror or str(exc)) from None
        raise
    _fsync_dir(target.parent)


def _mismatch(source: Source, current: bytes) -> str:
    """Why the file's bytes are not those its text would be written as: someone changed it, or
    its encoding does not give back the bytes it read (cp932's duplicate NEC/IBM characters,
    escape codecs), so writing would change more than the fixes."""
    from .source import InputError, decode

    try:
        again = decode(source.path, current, source.encoding)
    except InputError:
        again = None
    if again is not None and again.text == source.text:
        return f"writing it back as {source.encoding} would change bytes outside the fixes (the encoding does not round-trip this file); not written"
    return "the file changed while it was being fixed; not written"


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
