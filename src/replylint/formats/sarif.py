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


_Found = list[tuple[Diagnostic, tuple[int, int, int, int]]]


def _gather(results: Iterable[FileResult]) -> tuple[_Found, list[dict[str, Any]]]:
    """Each diagnostic with its region (worked out while the file's text is at hand, then let go
    of), and a notification a file that could not be linted: all the log needs of the results."""
    found: _Found = []
    notifications = []
    for r in results:
        lines = Lines(r.source.text) if r.source is not None else None
        for d in r.diagnostics:
            where = region(d, lines)
            found.append((d, (where["startLine"], where["startColumn"], where["endLine"], where["endColumn"])))
        if r.error:
            notifications.append(
                {"level": "error", "message": {"text": f"{r.path}: {r.error}"}, "locations": [{"physicalLocation": {"artifactLocation": artifact_uri(r.path)}}]}
            )
    return found, notifications


def _region(where: tuple[int, int, int, int]) -> dict[str, int]:
    return dict(zip(("startLine", "startColumn", "endLine", "endColumn"), where))


def _frame(found: _Found, notifications: list[dict[str, Any]], options: OutputOptions) -> tuple[dict[str, Any], dict[str, int]]:
    """The log with an empty list of results, and each rule's index. The rules' list comes first
    and is known only at the end, so the results are gathered before any of it is written."""
    ids = ordered_ids({d.rule for d, _ in found}, options)
    index = {rule_id: i for i, rule_id in enumerate(ids)}
    rules = rule_map(options)
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
        "results": [],
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}, index


def log(results: Iterable[FileResult], options: OutputOptions) -> dict[str, Any]:
    """The whole SARIF log as a dict."""
    found, notifications = _gather(results)
    out, index = _frame(found, notifications, options)
    out["runs"][0]["results"] = [result(d, index[d.rule], None, _region(where)) for d, where in found]
    return out


def indented(value: Any, level: int = 0) -> str:
    """`json.dumps(value, ensure_ascii=False, indent=2)` as if `value` sat `level` deep: the log
    is written a result at a time instead of as one dict of them all (an indenting json.dumps
    a result would also leave a cycle of closures behind each time)."""
    if isinstance(value, dict) and value:
        pad = "  " * (level + 1)
        items = ",\n".join(f"{pad}{json.dumps(k, ensure_ascii=False)}: {indented(v, level + 1)}" for k, v in value.items())
        return "{\n" + items + "\n" + "  " * level + "}"
    if isinstance(value, list) and value:
        pad = "  " * (level + 1)
        return "[\n" + ",\n".join(pad + indented(v, level + 1) for v in value) + "\n" + "  " * level + "]"
    return json.dumps(value, ensure_ascii=False)


_EMPTY_TAIL = '[]\n    }\n  ]\n}'  # how the frame ends: its run's (empty) results, the last key


def write(results: Iterable[FileResult], out: TextIO, options: OutputOptions) -> None:
    """The bytes of `json.dump(log(...), indent=2)` and a newline, the results written one by one."""
    found, notifications = _gather(results)
    frame, index = _frame(found, notifications, options)
    text = indented(frame)
    if not found:
        out.write(text + "\n")
        return
    assert text.endswith(_EMPTY_TAIL)
    out.write(text[: -len(_EMPTY_TAIL)] + "[")
    for k, (d, where) in enumerate(found):
        out.write(("\n" if k == 0 else ",\n") + "        " + indented(result(d, index[d.rule], None, _region(where)), 4))
    out.write("\n      ]\n    }\n  ]\n}\n")
