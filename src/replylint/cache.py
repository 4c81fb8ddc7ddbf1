"""A cache of lint results, so that a run over unchanged files costs reading and hashing them.

An entry is keyed on everything that can change a file's diagnostics: the text, the effective
rules (the bytes of every rule file in play, and the settings that choose and configure them),
the inquiry, and the versions of replylint, fugashi and unidic-lite. It lives under
`.replylint_cache/` of the project. Entries are written atomically (a temporary file renamed
into place), and an entry that cannot be read or parsed is treated as missing: a damaged cache
costs a re-lint, never a wrong answer or a crash.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict
from operator import itemgetter
from pathlib import Path
from typing import Any, Iterable

from .diagnostics import Diagnostic, Fix
from .source import read_bounded

DIRNAME = ".replylint_cache"
FORMAT = 1  # bump when the entry layout changes
MAX_CACHE_BYTES = 512_000_000  # far beyond 10,000 drafts' entries; a larger file is a miss
_README = "Cache of replylint results; safe to delete. See `replylint --no-cache`.\n"


def fingerprint(settings: Any, rule_files: Iterable[Path], extra: str = "") -> str:
    """A digest of the effective rules and options: rule file paths and bytes, settings, versions."""
    from . import __version__
    from .tokenizer import dictionary_version

    h = hashlib.sha256()
    h.update(f"format {FORMAT}; replylint {__version__}; {dictionary_version()}\n".encode())
    h.update(repr(settings).encode("utf-8", "surrogatepass"))
    for path in sorted(rule_files):
        h.update(b"\0" + str(path).encode("utf-8", "surrogatepass") + b"\0")
        try:
            h.update(path.read_bytes())
        except OSError:
            h.update(b"<unreadable>")
    h.update(extra.encode("utf-8", "surrogatepass"))
    return h.hexdigest()



def _encode(diagnostics: Iterable[Diagnostic], skipped: Iterable[str]) -> dict[str, Any]:
    return {"diagnostics": [asdict(d) for d in diagnostics], "skipped": list(skipped)}


_INTS = ("start", "end", "line", "column", "end_line", "end_column")
_STRS = ("path", "rule", "severity", "message", "hint")


_int_fields, _str_fields = itemgetter(*_INTS), itemgetter(*_STRS)
_ALL_INTS, _ALL_STRS = (int,) * len(_INTS), (str,) * len(_STRS)


def _decode(payload: Any) -> tuple[tuple[Diagnostic, ...], tuple[str, ...]]:
    """An entry back as diagnostics; ValueError for one that is not what `_encode` wrote (a cache
    file edited or damaged by hand must be a miss, not a crash in a formatter later). The type
    checks run at C speed: a run over 10,000 cached drafts decodes some 70,000 diagnostics."""
    diagnostics = []
    for d in payload["diagnostics"]:
        fields = dict(d)
        fix = fields.pop("fix", None)
        if tuple(map(type, _int_fields(fields))) != _ALL_INTS or tuple(map(type, _str_fields(fields))) != _ALL_STRS:
            raise ValueError("damaged cache entry")
        if fix is not None and not (type(fix.get("start")) is int and type(fix.get("end")) is int and isinstance(fix.get("replacement"), str)):
            raise ValueError("damaged cache entry")
        diagnostics.append(Diagnostic(**fields, fix=Fix(**fix) if fix else None))
    return tuple(diagnostics), tuple(str(s) for s in payload["skipped"])


class Cache:
    """Results by text digest, under `root` (usually `<project>/.replylint_cache`).

    All entries of one fingerprint (`salt`) live in one file, read once and written once a run:
    a run over 10,000 unchanged drafts then costs one read, not 10,000 opens. Two runs writing
    at once cannot corrupt it (each replaces it whole); the later one's entries win.
    """

    def __init__(self, root: Path, salt: str) -> None:
        self.root = Path(root)
        self.salt = salt
        self.hits = 0
        self.misses = 0
        self._entries: dict[str, Any] | None = None
        self._new: dict[str, Any] = {}

    @property
    def file(self) -> Path:
        return self.root / f"{self.salt[:32]}.json"

    def key(self, text: str, path: str, context: str = "") -> str:
        """The entry's name: the text, its path (diagnostics carry it) and `context`, a digest of
        the file's own config."""
        h = hashlib.blake2b(digest_size=16)
        h.update(path.encode("utf-8", "surrogatepass") + b"\0" + context.encode() + b"\0")
        h.update(text.encode("utf-8", "surrogatepass"))
        return h.hexdigest()

    def _load(self) -> dict[str, Any]:
        if self._entries is None:
            try:
                data = json.loads(read_bounded(self.file, MAX_CACHE_BYTES).decode("utf-8", "surrogatepass"))  # a FIFO or /dev/zero in its place is a miss
                self._entries = data if isinstance(data, dict) else {}
            except (OSError, ValueError, RecursionError):  # unreadable, not JSON, or nested beyond the parser's stack
                self._entries = {}
        return self._entries

    def get(self, key: str) -> tuple[tuple[Diagnostic, ...], tuple[str, ...]] | None:
        entry = self._load().get(key)
        if entry is not None:
            try:
                found = _decode(entry)
            except (ValueError, KeyError, TypeError, AttributeError):
                found = None
            if found is not None:
                self.hits += 1
                return found
        self.misses += 1
        return None

    def put(self, key: str, diagnostics: Iterable[Diagnostic], skipped: Iterable[str]) -> None:
        self._new[key] = _encode(diagnostics, skipped)

    def flush(self) -> None:
        """Write the entries (old and new) atomically; a cache that cannot be written is not used."""
        if not self._new:
            return
        entries = {**self._load(), **self._new}
        if self.root.is_symlink():  # a checkout's own symlink could point at any folder: not ours to write or prune
            return
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            # "x": never through a symlink a checkout put there, dangling or not. The .gitignore
            # keeps the cache out of commits (as ruff's and pytest's do): a cache committed to a
            # repository would answer for files as whoever committed it saw them.
            for name, text in (("README", _README), (".gitignore", "# Created by replylint.\n*\n")):
                try:
                    with open(self.root / name, "x", encoding="utf-8") as out:
                        out.write(text)
                except FileExistsError:
                    pass
            fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(json.dumps(entries, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass"))
                os.replace(tmp, self.file)
            except BaseException:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
                raise
            self._prune()
        except OSError:
            return
        self._entries, self._new = entries, {}

    def _prune(self, keep: int = 8) -> None:
        """Drop the files of old fingerprints (other rules, versions, options), keeping the newest."""
        packs = sorted(self.root.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in packs[keep:]:
            try:
                old.unlink()
            except OSError:
                pass
