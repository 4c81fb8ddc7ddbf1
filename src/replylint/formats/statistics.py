"""`--statistics`: how many problems each rule found, most first (as `ruff --statistics`)."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any, Iterable, TextIO

from ..linter import FileResult
from . import OutputOptions, rule_map


def rows(results: Iterable[FileResult], options: OutputOptions) -> list[dict[str, Any]]:
    """One row a rule that reported anything: count, id, severity, summary; most frequent first.

    Reads `results` once, keeping only the counts (the rules are read after the last result)."""
    counts: Counter[str] = Counter()
    severity: dict[str, str] = {}  # the last one seen, if a rule's severity differs between configs
    for r in results:
        for d in r.diagnostics:
            counts[d.rule] += 1
            severity[d.rule] = d.severity
    known = rule_map(options)
    out = []
    for rule_id, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        rule = known.get(rule_id)
        out.append({"rule": rule_id, "count": count, "severity": severity[rule_id], "summary": rule.summary if rule else ""})
    return out


def write(results: Iterable[FileResult], out: TextIO, options: OutputOptions, as_json: bool = False) -> None:
    table = rows(results, options)
    if as_json:
        json.dump(table, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return
    if not table:
        return
    width_count = max(len(str(row["count"])) for row in table)
    width_id = max(len(row["rule"]) for row in table)
    width_sev = max(len(row["severity"]) for row in table)
    for row in table:
        out.write(f"{row['count']:>{width_count}}  {row['rule']:<{width_id}}  {row['severity']:<{width_sev}}  {row['summary']}".rstrip() + "\n")
