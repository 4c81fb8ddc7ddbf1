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
from pathlib import Path
from typing import Any, Iterable

from .diagnostics import Diagnostic, Fix

DIRNAME = ".replylint_cache"
FORMAT = 1  # bump when the entry layout changes
_README = "Cache of replylint results; safe to delete. See `replylint --no-cache`.\n"


def fingerprint(settings: Any, rule_files: Iterable[Path], extra: str = "") -> str:
    """A digest of the effective rules and options: rule file paths and bytes, settings, versions."""
    from importlib.metadata import version

    from . import __version__

    h = hashlib.sha256()
    h.update(f"format {FORMAT}; replylint {__version__}; fugashi {version('fugashi')}; unidic-lite {version('unidic-lite')}\n".encode())
    h.update(repr(settings).encode("utf-8", "surrogatepass"))
    for path in sorted(rule_files):
        h.update(b"\0" + str(path).encode("utf-8", "surrogatepass") + b"\0")
        try:
            h.update(path.read_bytes())
        except OSError:
            h.update(b"<unreadable>")
    h.update(extra.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def settings_rule_files(settings: Any) -> list[Path]:
    """Every rule file the settings can draw on: the built-in packs and the team's rule folders."""
    from .rules import builtin_rules_dir, rule_files

    folders = [builtin_rules_dir(), *(Path(d) for d in getattr(settings, "rule_dirs", ()))]
    files: list[Path] = []
    for folder in folders:
        if folder.is_dir():
            files.extend(rule_files(folder))
    return files


def _encode(diagnostics: Iterable[Diagnostic], skipped: Iterable[str]) -> bytes:
    payload = {"diagnostics": [asdict(d) for d in diagnostics], "skipped": list(skipped)}
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")


def _decode(data: bytes) -> tuple[tuple[Diagnostic, ...], tuple[str, ...]]:
    payload = json.loads(data.decode("utf-8", "surrogatepass"))
    diagnostics = []
    for d in payload["diagnostics"]:
        fix = d.pop("fix", None)
        diagnostics.append(Diagnostic(**d, fix=Fix(**fix) if fix else None))
    return tuple(diagnostics), tuple(str(s) for s in payload["skipped"])


class Cache:
    """Results by text digest, under `root` (usually `<project>/.replylint_cache`)."""

    def __init__(self, root: Path, salt: str) -> None:
        self.root = Path(root)
        self.salt = salt
        self.hits = 0
        self.misses = 0
        self._ready = False

    def key(self, text: str, path: str) -> str:
        """The entry's name: the text, its path (diagnostics carry it) and the salt."""
        h = hashlib.sha256(self.salt.encode())
        h.update(path.encode("utf-8", "surrogatepass") + b"\0")
        h.update(text.encode("utf-8", "surrogatepass"))
        return h.hexdigest()

    def _file(self, key: str) -> Path:
        return self.root / key[:2] / key[2:]

    def get(self, key: str) -> tuple[tuple[Diagnostic, ...], tuple[str, ...]] | None:
        try:
            found = _decode(self._file(key).read_bytes())
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self.misses += 1
            return None
        self.hits += 1
        return found

    def put(self, key: str, diagnostics: Iterable[Diagnostic], skipped: Iterable[str]) -> None:
        """Store an entry atomically; a cache that cannot be written is silently not used."""
        target = self._file(key)
        try:
            if not self._ready:
                self.root.mkdir(parents=True, exist_ok=True)
                readme = self.root / "README"
                if not readme.exists():
                    readme.write_text(_README, encoding="utf-8")
                self._ready = True
            target.parent.mkdir(exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(_encode(diagnostics, skipped))
                os.replace(tmp, target)
            except BaseException:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
                raise
        except OSError:
            pass
