"""`--format json`: the stable machine contract (version 1)."""

from __future__ import annotations

import json
from typing import Any, Sequence, TextIO

from ..linter import FileResult
from . import OutputOptions

VERSION = 1


def payload(results: Sequence[FileResult]) -> dict[str, Any]:
    """The JSON contract as a dict; the MCP server returns the same data."""
    return {
        "version": VERSION,
        "files": sum(1 for r in results if r.error is None),
        "diagnostics": [d.to_json() for r in results for d in r.diagnostics],
    }


def write(results: Sequence[FileResult], out: TextIO, options: OutputOptions) -> None:
    json.dump(payload(results), out, ensure_ascii=False, indent=2)
    out.write("\n")
