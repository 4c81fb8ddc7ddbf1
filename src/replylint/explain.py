"""A rule's documentation, rendered from the rule file itself (the single source, as in ruff)."""

from __future__ import annotations

import json

from .rules import Example, Rule


def _example(e: Example) -> str:
    lines = ["    " + line for line in e.text.rstrip("\n").split("\n")]
    if e.inquiry:
        lines.insert(0, "    (inquiry: " + e.inquiry.strip().replace("\n", " ") + ")")
    return "\n".join(lines)


def render(rule: Rule) -> str:
    out = [f"{rule.id} ({rule.pack} pack, {rule.kind}, {rule.severity}{'' if rule.status == 'stable' else ', ' + rule.status})", ""]
    out += [rule.summary, ""]
    if rule.guideline:
        out += ["## Guideline", rule.guideline, ""]
    out += ["## What it checks and why", rule.description, ""]
    out += ["## Message", rule.message, ""]
    if rule.hint:
        out += ["## Hint", rule.hint, ""]
    if rule.options:
        out += ["## Options (set under `options:` in the config)"]
        out += [f"- {k}: {json.dumps(v, ensure_ascii=False)}" for k, v in rule.options.items()]
        out.append("")
    out += ["## Example (fires)"] + [_example(e) + "\n" for e in rule.examples.invalid]
    out += ["## Use instead (passes)"] + [_example(e) + "\n" for e in rule.examples.valid]
    out += [f"Defined in {rule.path}"]
    return "\n".join(out)
