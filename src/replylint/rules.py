"""Loading and validating rule files: one YAML file a rule, everything about the rule in it.

A broken rule never half-loads: every error names the file, the line, the rule id and what is
wrong, and the CLI exits 2. Rules are compiled here, once, into the check their kind builds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable, Mapping

from .diagnostics import SEVERITIES
from .kinds import SLOT_RE, Check, KindError, registry
from .patterns import PatternError
from .yamlcache import load
from .yamlfile import LineDict, LineList, YamlError

HEADER_KEYS = {
    "id": True,
    "kind": True,
    "severity": True,
    "message": True,
    "summary": True,
    "description": True,
    "examples": True,
    "guideline": False,
    "hint": False,
    "options": False,
    "status": False,
    "link": False,
    "drafts-only": False,
}
STATUSES = ("stable", "preview", "deprecated")
_ID_RE = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
RULE_SUFFIXES = (".yml", ".yaml")


class RuleError(Exception):
    """A rule file that cannot be used. Printed as is: file:line: rule 'id': what is wrong."""

    def __init__(self, path: str, line: int | None, rule_id: str | None, message: str) -> None:
        where = f"{path}:{line}" if line else path
        who = f" rule '{rule_id}':" if rule_id else ""
        super().__init__(f"{where}:{who} {message}")
        self.path, self.line, self.rule_id, self.message = path, line, rule_id, message


@dataclass(frozen=True)
class Example:
    """A text the rule must fire on (invalid) or stay quiet on (valid), as in textlint's tester."""

    text: str
    inquiry: str | None = None
    errors: int | None = None  # invalid only: exact number of diagnostics, when given
    match: str | None = None  # invalid only: the text of the first diagnostic's span
    output: str | None = None  # invalid only: the text after --fix
    options: Mapping[str, Any] = field(default_factory=dict)
    line: int = 0


@dataclass(frozen=True)
class Examples:
    """A rule's own test cases: texts it must fire on (invalid) and must stay quiet on (valid)."""

    valid: tuple[Example, ...]
    invalid: tuple[Example, ...]


@dataclass(frozen=True)
class Rule:
    """A loaded, validated rule: its YAML's text fields, options, examples and the compiled check."""

    id: str
    pack: str
    kind: str
    severity: str
    message: str
    summary: str
    description: str
    guideline: str
    hint: str
    status: str
    link: str
    options: Mapping[str, Any]
    examples: Examples
    path: str
    spec: Mapping[str, Any]  # the kind's own keys, kept to rebuild the check with other options
    check: Check = field(compare=False, repr=False)
    drafts_only: bool = False  # templates are meant to hold what it reports (placeholders)

    @property
    def needs_inquiry(self) -> bool:
        return bool(getattr(self.check, "needs_inquiry", False))

    def with_settings(self, severity: str | None = None, options: Mapping[str, Any] | None = None) -> "Rule":
        """The same rule at another severity or with other option values (from a config)."""
        rule = self
        if severity is not None and severity != rule.severity:
            rule = replace(rule, severity=severity)
        if options:
            merged = {**rule.options, **options}
            rule = replace(rule, options=merged, check=_build(rule.path, LineDict(), rule.id, rule.kind, rule.spec, merged))
        return rule


def _line_of(data: Any, where: str) -> int | None:
    """The line of a key path such as `trigger[2].tokens[0].lemma` inside the loaded YAML."""
    line = getattr(data, "line", None)
    node = data
    for part in re.findall(r"[^.\[\]]+|\[\d+\]", where):
        if part.startswith("["):
            index = int(part[1:-1])
            if isinstance(node, list) and index < len(node):
                line = node.line_of(index) if isinstance(node, LineList) else line
                node = node[index]
            else:
                break
        elif isinstance(node, LineDict) and part in node:
            line = node.line_of(part)
            node = node[part]
        else:
            break
    return line


def suggest(key: str, known: Iterable[str]) -> str:
    """A hint for a misspelt key, or "". difflib is imported here: only an error path needs it."""
    import difflib

    close = difflib.get_close_matches(key, list(known), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _build(path: str, data: Mapping[str, Any], rule_id: str, kind: str, spec: Mapping[str, Any], options: Mapping[str, Any]) -> Check:
    module = registry()[kind]
    try:
        return module.build(spec, options)
    except (PatternError, KindError) as exc:
        raise RuleError(path, _line_of(data, exc.where), rule_id, f"{exc.where}: {exc.message}") from None


def check_options(kind_options: Mapping[str, Any], given: Mapping[str, Any]) -> str | None:
    """None when every option is one the kind knows, with a value of the default's type; else why not."""
    for name, value in given.items():
        if name not in kind_options:
            known = ", ".join(kind_options) or "none"
            return f"unknown option '{name}'{suggest(name, kind_options)} (options of this kind: {known})"
        default = kind_options[name]
        if isinstance(default, bool):
            ok = isinstance(value, bool)
        elif isinstance(default, (int, float)):
            ok = isinstance(value, (int, float)) and not isinstance(value, bool) and value == value  # NaN: every comparison false
        elif isinstance(default, (list, tuple)):
            ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
        else:
            ok = isinstance(value, type(default))
        if not ok:
            return f"option '{name}' must be {type(default).__name__}, got {value!r}"
        if isinstance(default, (int, float)) and not isinstance(default, bool) and value < 0:
            return f"options.{name}: must be 0 or more, got {value!r}"  # no count, width or share is negative
    return None


def _examples(path: str, data: LineDict, rule_id: str, kind_options: Mapping[str, Any]) -> Examples:
    raw = data["examples"]
    if not isinstance(raw, dict) or not set(raw) <= {"valid", "invalid"}:
        raise RuleError(path, data.line_of("examples"), rule_id, "examples must be a mapping with `valid` and `invalid` lists")
    out: dict[str, tuple[Example, ...]] = {}
    for group in ("valid", "invalid"):
        items = raw.get(group)
        if not isinstance(items, list) or not items:
            raise RuleError(path, raw.line_of(group) if isinstance(raw, LineDict) else None, rule_id, f"examples.{group} must be a non-empty list: every rule shows texts it fires on and texts it must not")
        parsed = []
        allowed = {"text", "inquiry", "options", "note"} | ({"errors", "match", "output"} if group == "invalid" else set())
        for k, item in enumerate(items):
            line = items.line_of(k) if isinstance(items, LineList) else raw.line_of(group)
            if isinstance(item, str):
                item = {"text": item}
            if not isinstance(item, dict) or not isinstance(item.get("text"), str) or set(item) - allowed:
                raise RuleError(path, line, rule_id, f"examples.{group}[{k}] must be a text or a mapping with keys {', '.join(sorted(allowed))}")
            errors = item.get("errors")
            if errors is not None and (not isinstance(errors, int) or isinstance(errors, bool) or errors < 1):
                raise RuleError(path, line, rule_id, f"examples.{group}[{k}].errors must be a whole number, 1 or more")
            for key in ("inquiry", "match", "output"):
                if item.get(key) is not None and not isinstance(item[key], str):
                    raise RuleError(path, line, rule_id, f"examples.{group}[{k}].{key} must be a string")
            options = item.get("options") or {}
            problem = "must be a mapping of option names to values" if not isinstance(options, dict) else check_options(kind_options, options)
            if problem:
                raise RuleError(path, line, rule_id, f"examples.{group}[{k}].options: {problem}")
            parsed.append(Example(item["text"], item.get("inquiry"), errors, item.get("match"), item.get("output"), options, line))
        out[group] = tuple(parsed)
    return Examples(out["valid"], out["invalid"])


def parse_rule(data: Any, path: str, pack: str) -> Rule:
    if not isinstance(data, LineDict):
        raise RuleError(path, None, None, "a rule file must be a YAML mapping (id, kind, severity, message, ...)")
    rule_id = data.get("id")
    if not isinstance(rule_id, str) or not _ID_RE.fullmatch(rule_id):
        raise RuleError(path, data.line_of("id"), None, "`id` must be kebab-case, like request-reason")
    stem = Path(path).stem
    if stem != rule_id:
        raise RuleError(path, data.line_of("id"), rule_id, f"the file must be named after its id ({rule_id}.yml), not {Path(path).name}")
    kind = data.get("kind")
    kinds = registry()
    if not isinstance(kind, str) or kind not in kinds:
        raise RuleError(path, data.line_of("kind"), rule_id, f"unknown kind '{kind}'{suggest(str(kind), kinds)} (kinds: {', '.join(kinds)})")
    module = kinds[kind]
    allowed = {**HEADER_KEYS, **module.KEYS}
    for key in data:
        if key not in allowed:
            raise RuleError(path, data.line_of(key), rule_id, f"unknown key '{key}'{suggest(str(key), allowed)} for kind '{kind}'")
    for key, required in allowed.items():
        if required and key not in data:
            raise RuleError(path, data.line, rule_id, f"missing required key '{key}'")
    for key in ("message", "summary", "description", "guideline", "hint", "link"):
        if key in data and (not isinstance(data[key], str) or not data[key].strip()):
            raise RuleError(path, data.line_of(key), rule_id, f"`{key}` must be a non-empty string")
    for key in ("message", "hint"):
        unknown = [name for name in SLOT_RE.findall(data.get(key, "")) if name not in module.SLOTS]
        if unknown:
            fills = f"its findings fill {', '.join('{' + s + '}' for s in module.SLOTS)}" if module.SLOTS else "its findings fill none"
            raise RuleError(path, data.line_of(key), rule_id, f"`{key}` names {{{unknown[0]}}}{suggest(unknown[0], module.SLOTS)}, which kind '{kind}' does not fill ({fills}; write {{{{...}}}} for literal braces)")
    severity = data["severity"]
    if severity not in SEVERITIES:
        raise RuleError(path, data.line_of("severity"), rule_id, f"severity must be one of {', '.join(SEVERITIES)}, not '{severity}'")
    status = data.get("status", "stable")
    if status not in STATUSES:
        raise RuleError(path, data.line_of("status"), rule_id, f"status must be one of {', '.join(STATUSES)}")
    given = data.get("options") or {}
    if not isinstance(given, dict):
        raise RuleError(path, data.line_of("options"), rule_id, "`options` must be a mapping of option names to values")
    problem = check_options(module.OPTIONS, given)
    if problem:
        raise RuleError(path, data.line_of("options"), rule_id, problem)
    options = {**module.OPTIONS, **given}
    if not isinstance(data.get("drafts-only", False), bool):
        raise RuleError(path, data.line_of("drafts-only"), rule_id, "`drafts-only` must be true or false")
    spec = {k: v for k, v in data.items() if k in module.KEYS}
    check = _build(path, data, rule_id, kind, spec, options)
    return Rule(
        id=rule_id,
        pack=pack,
        kind=kind,
        severity=severity,
        message=data["message"].strip(),
        summary=data["summary"].strip(),
        description=data["description"].strip(),
        guideline=data.get("guideline", "").strip(),
        hint=data.get("hint", "").strip(),
        status=status,
        link=data.get("link", ""),
        options=options,
        examples=_examples(path, data, rule_id, module.OPTIONS),
        path=path,
        spec=spec,
        check=check,
        drafts_only=data.get("drafts-only", False),
    )


def load_rule(path: Path, pack: str | None = None) -> Rule:
    try:
        data = load(path)
    except YamlError as exc:
        raise RuleError(exc.path, exc.line, None, exc.message) from None
    return parse_rule(data, str(path), pack or path.parent.name)


def rule_files(folder: Path) -> list[Path]:
    """Rule files under a folder, in a stable order; .yml and .yaml count, in any case. What is
    named like a rule but is no regular file (a dangling link, a FIFO) is listed too, so that
    loading it says what is wrong instead of the rule being silently missing."""
    return sorted(p for p in folder.rglob("*") if p.suffix.lower() in RULE_SUFFIXES and not p.is_dir())


def builtin_rules_dir() -> Path:
    """The packaged rules; in a source checkout, the top-level rules/ folder."""
    packaged = Path(__file__).parent / "rules"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "rules"


def load_folder(folder: Path) -> list[Rule]:
    if not folder.is_dir():
        raise RuleError(str(folder), None, None, "rule folder not found")
    rules = [load_rule(p, p.parent.name if p.parent != folder else folder.name) for p in rule_files(folder)]
    seen: dict[str, str] = {}
    for rule in rules:
        if rule.id in seen:
            raise RuleError(rule.path, None, rule.id, f"duplicate rule id, also defined in {seen[rule.id]}")
        seen[rule.id] = rule.path
    return rules
