"""A per-user cache of parsed rule files, so that starting replylint does not re-parse 150 KB of YAML.

Parsing the built-in rules with line numbers (yamlfile) costs about 40 ms, a third of a whole
run on one draft; reading the same data back as JSON costs about 2 ms. An entry is keyed on the
file's bytes and the cache format (which names replylint's version), never on its path or
mtime, so an edited rule can never be served stale. Only what JSON holds exactly is cached (a
file with non-string keys, dates or binary is parsed each time). Entries are written
atomically; a missing, unreadable or damaged cache is parsed around, never an error.

Where: $REPLYLINT_CACHE_DIR (set it empty to switch the cache off), else
$XDG_CACHE_HOME/replylint, else ~/.cache/replylint — as black and pip keep theirs.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Callable

from . import __version__
from .source import read_bounded
from .yamlfile import LineDict, LineList

try:  # hashlib's own builtin BLAKE2: importing hashlib itself loads OpenSSL (~2 ms of a start-up)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b

FORMAT = f"yaml-1 replylint-{__version__}"  # bump the number when LineDict/LineList change
MAX_ENTRIES = 2_000  # a folder of stale entries is emptied beyond this
MAX_ENTRY_BYTES = 64_000_000  # the JSON of a rule file of at most yamlfile.MAX_BYTES is far smaller

# Containers become JSON objects under reserved keys, so that json's C decoder does the work and
# one object_hook call a container rebuilds it (a YAML key can't hold a NUL in practice; a file
# whose keys do is simply not cached).
_MAP, _MAP_LINES, _SEQ, _SEQ_LINES, _LINE = "\0m", "\0k", "\0s", "\0i", "\0l"


def cache_dir() -> Path | None:
    configured = os.environ.get("REPLYLINT_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or (str(Path.home() / ".cache") if Path.home() != Path("/") else "")
    return Path(base) / "replylint" if base else None


def _encode(value: Any) -> Any:
    if isinstance(value, LineDict):
        if not all(isinstance(k, str) and not k.startswith("\0") for k in value):
            raise TypeError("keys JSON would change")
        lines = getattr(value, "lines", {})
        return {_MAP: {k: _encode(v) for k, v in value.items()}, _MAP_LINES: [lines.get(k, value.line) for k in value], _LINE: value.line}
    if isinstance(value, LineList):
        return {_SEQ: [_encode(v) for v in value], _SEQ_LINES: list(getattr(value, "lines", [])), _LINE: value.line}
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    raise TypeError(f"{type(value).__name__} is not cached")


def _decode(obj: dict[str, Any]) -> Any:
    if _MAP in obj:
        data = LineDict(obj[_MAP])
        data.line = obj[_LINE]
        data.lines = dict(zip(data, obj[_MAP_LINES]))
        return data
    if _SEQ in obj:
        seq = LineList(obj[_SEQ])
        seq.line = obj[_LINE]
        seq.lines = obj[_SEQ_LINES]
        return seq
    return obj


def cached_parse(raw: bytes, parse: Callable[[], Any], folder: Path | None = None) -> Any:
    """parse() of the file whose bytes are `raw`, or what a former parse of the same bytes cached."""
    folder = folder if folder is not None else cache_dir()
    if folder is None:
        return parse()
    entry = folder / FORMAT / f"{blake2b(raw, digest_size=20).hexdigest()}.json"
    try:
        return json.loads(read_bounded(entry, MAX_ENTRY_BYTES), object_hook=_decode)  # a FIFO or /dev/zero in its place is a miss
    except (OSError, ValueError, KeyError, TypeError):
        pass
    data = parse()  # errors (YamlError) propagate and are never cached
    try:
        blob = json.dumps(_encode(data), ensure_ascii=False).encode("utf-8")
    except (TypeError, ValueError, RecursionError):
        return data
    _store(entry, blob)
    return data


def _store(entry: Path, blob: bytes) -> None:
    import tempfile

    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        if sum(1 for _ in zip(entry.parent.iterdir(), range(MAX_ENTRIES + 1))) > MAX_ENTRIES:
            for old in entry.parent.glob("*.json"):
                old.unlink(missing_ok=True)
        fd, tmp = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(blob)
            os.replace(tmp, entry)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        pass  # a read-only or full disk: the next run parses again


def load(path: Path) -> Any:
    """yamlfile.load, through the cache: same data, same errors."""
    from .yamlfile import decode, loads, read

    raw = read(path)
    return cached_parse(raw, lambda: loads(decode(raw, str(path)), str(path)))  # decoded only to parse
