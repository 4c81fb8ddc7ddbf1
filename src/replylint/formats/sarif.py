"""`--format sarif`: SARIF 2.1.0 for code scanning (GitHub, GitLab, IDE viewers).

Each rule is described once under `tool.driver.rules` from its own YAML (summary, description,
guideline, hint, severity); each diagnostic is a result pointing at its rule by id and index.
SARIF counts columns in UTF-16 code units unless told otherwise, and some consumers ignore being
told, so columns are converted to UTF-16 (an emoji counts two) and the run says so explicitly.
"""

from __future__ import annotations

import json
from pathlib import PurePath
from typing import Any, Iterable, TextIO
from urllib.parse import quote

from .. import __version__
from ..diagnostics import Diagnostic
from ..document import Lines
from ..linter import FileResult
from ..rules import Rule
from . import OutputOptions, ordered_ids, rule_map

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def utf16_column(line_text: str, column: int) -> int:
    """The 1-based UTF-16 column of a 1-based character column (characters past the BMP count two)."""
    before = line_text[: column - 1]
    return column + sum(1 for ch in before if ord(ch) > 0xFFFF)


def artifact_uri(path: str) -> dict[str, str]:
    """A relative path becomes a relative URI against the source root; an absolute one a file URI."""
    p = PurePath(path)
    if p.is_absolute():
        return {"uri": p.as_uri()}
    # A file name that is not UTF-8 reaches Python with surrogate escapes: percent-encode its bytes.
    return {"uri": quote(p.as_posix(), errors="surrogateescape"), "uriBaseId": "%SRCROOT%"}


def _help(rule: Rule) -> dict[str, str]:
    parts = [p for p in (rule.guideline, rule.hint) if p]
    text = "\n\n".join(parts) or rule.summary
    markdown = "\n\n".join(
        [f"**{rule.summary}**"]
        + ([f"> {rule.guideline}"] if rule.guideline else [])
        + [rule.description.strip()]
        + ([f"Hint: {rule.hint}"] if rule.hint else [])
        + [f"Run `replylint explain {rule.id}` for examples."]
    )
    return {"text": text, "markdown": markdown}


def descriptor(rule_id: str, rule: Rule | None) -> dict[str, Any]:
    """A reportingDescriptor for one rule, from its YAML."""
    if rule is None:
        return {"id": rule_id, "shortDescription": {"text": rule_id}}
    out: dict[str, Any] = {
        "id": rule.id,
        "name": rule.id,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.description.strip()},
        "help": _help(rule),
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
        "properties": {"tags": [rule.pack, rule.kind], "pack": rule.pack, "kind": rule.kind, "status": rule.status},
    }
    if rule.link:
        out["helpUri"] = rule.link
    return out


def _line(lines: Lines | None, number: int) -> str:
    """The text of a line, or "" when unknown (then columns pass through unchanged)."""
    if lines is None or not 1 <= number <= len(lines.starts):
        return ""
    return lines.line_text(number)


def region(d: Diagnostic, lines: Lines | None) -> dict[str, int]:
    start_col = utf16_column(_line(lines, d.line), d.column)
    end_col = utf16_column(_line(lines, d.end_line), d.end_column)
    return {"startLine": d.line, "startColumn": start_col, "endLine": d.end_line, "endColumn": end_col}


def result(d: Diagnostic, index: int, lines: Lines | None, where: dict[str, int] | None = None) -> dict[str, Any]:
    """A SARIF result; `where` is its region when worked out already (else from `lines`)."""
    message = d.message + (f"\n{d.hint}" if d.hint else "")
    return {
        "ruleId": d.rule,
        "ruleIndex": index,
        "level": LEVEL[d.severity],
        "message": {"text": message},
        "locations": [{"physicalLocation": {"artifactLocation": artifact_uri(d.path), "region": where if where is not None else region(d, lines)}}],
    }


def log(results: Iterable[FileResult], options: OutputOptions) -> dict[str, Any]:
    """The whole SARIF log as a dict. The rules' list and indexes come first and are known only at
    the end, so `results` are read once and only each diagnostic with its region is kept, not the texts."""
    found: list[tuple[Diagnostic, dict[str, int]]] = []
    notifications = []
    for r in results:
        lines = Lines(r.source.text) if r.source is not None else None
        found += [(d, region(d, lines)) for d in r.diagnostics]
        if r.error:
            notifications.append(
                {"level": "error", "message": {"text": f"{r.path}: {r.error}"}, "locations": [{"physicalLocation": {"artifactLocation": artifact_uri(r.path)}}]}
            )
    ids = ordered_ids({d.rule for d, _ in found}, options)
    index = {rule_id: i for i, rule_id in enumerate(ids)}
    rules = rule_map(options)
    sarif_results = [result(d, index[d.rule], None, where) for d, where in found]
    invocation: dict[str, Any] = {"executionSuccessful": not notifications}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    run = {
        "tool": {
            "driver": {
                "name": "replylint",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": [descriptor(i, rules.get(i)) for i in ids],
            }
        },
        "invocations": [invocation],
        "columnKind": "utf16CodeUnits",
        "results": sarif_results,
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def write(results: Iterable[FileResult], out: TextIO, options: OutputOptions) -> None:
    json.dump(log(results, options), out, ensure_ascii=False, indent=2)
    out.write("\n")
