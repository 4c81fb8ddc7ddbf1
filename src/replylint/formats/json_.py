"""`--format json`: the stable machine contract (version 1)."""

from __future__ import annotations

import json
import shutil
import tempfile
from typing import Any, Iterable, Sequence, TextIO

from ..linter import FileResult
from . import OutputOptions

VERSION = 1
# Diagnostics are written to a spool first, kept in memory up to this size and on disk beyond:
# the count of files comes before them in the output and is known only at the end.
SPOOL_BYTES = 4_000_000


def payload(results: Sequence[FileResult]) -> dict[str, Any]:
    """The JSON contract as a dict; the MCP server returns the same data."""
    return {
        "version": VERSION,
        "files": sum(1 for r in results if r.error is None),
        "diagnostics": [d.to_json() for r in results for d in r.diagnostics],
    }


def _item(fields: dict[str, Any]) -> str:
    """One diagnostic as `json.dump(..., indent=2)` lays it out inside the list. Its values are
    flat (the contract), so each is encoded alone: an indenting `json.dumps` a diagnostic would
    leave a cycle of closures behind each time, garbage that piles up between collections."""
    body = ",\n".join(f"      {json.dumps(k, ensure_ascii=False)}: {json.dumps(v, ensure_ascii=False)}" for k, v in fields.items())
    return f"    {{\n{body}\n    }}"


def write(results: Iterable[FileResult], out: TextIO, options: OutputOptions) -> None:
    """The same bytes as `json.dump(payload(results), out, ensure_ascii=False, indent=2)` plus a
    newline, written file by file: a run's diagnostics are never all in memory at once."""
    files = 0
    first = True
    with tempfile.SpooledTemporaryFile(SPOOL_BYTES, mode="w+", encoding="utf-8", errors="surrogatepass", newline="") as spool:
        for r in results:
            files += r.error is None
            for d in r.diagnostics:
                spool.write(("" if first else ",\n") + _item(d.to_json()))
                first = False
        out.write(f'{{\n  "version": {VERSION},\n  "files": {files},\n  "diagnostics": ')
        if first:
            out.write("[]\n}\n")
            return
        out.write("[\n")
        spool.seek(0)
        shutil.copyfileobj(spool, out)
        out.write("\n  ]\n}\n")
