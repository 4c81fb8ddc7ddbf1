"""`replylint mcp`: the Model Context Protocol over stdio, so an AI agent can lint its draft before sending.

Tools: `lint_draft` returns the `--format json` contract for the draft, plus, for each rule that
fired, its guideline, hint and examples (what to write instead); `explain_rule` and `list_rules`
describe the rules. The data builders are plain functions; only `build_server` imports the SDK,
which is an optional extra (`pip install 'replylint[mcp]'`).
"""

# No `from __future__ import annotations`: the SDK reads the tool functions' annotations, which
# name objects imported inside build_server.
from pathlib import Path
from typing import Any

from . import __version__
from .config import Configs, Profile
from .document import analyze
from .formats.json_ import payload
from .linter import lint_file
from .rules import Example, Rule, RuleError
from .ruleset import ConfigError
from .source import InputError, decode

INSTRUCTIONS = (
    "replylint checks Japanese customer-support reply drafts against support guidelines. "
    "Call lint_draft with the draft (and the customer's inquiry when you have it), revise the spans it "
    "reports following each rule's guideline and examples, and call it again until `clean` is true."
)


class ToolInputError(ValueError):
    """A bad tool argument (unknown rule, undecodable text) or a broken project config: reported
    to the agent, not a crash."""


class Workspace:
    """Where the server lints: like the CLI run in the same folder, the project config above the
    working directory governs (its rules, rule-dirs, templates, placeholders), unless --config
    names one or --no-config asks for the built-in defaults. Compiled rules are kept per
    (select, ignore), so a conversation's calls cost linting only."""

    def __init__(self, config: Path | None = None, no_config: bool = False, cwd: Path | None = None) -> None:
        self.config, self.no_config, self.cwd = config, no_config, cwd
        self._configs: dict[tuple[tuple[str, ...], tuple[str, ...]], Configs] = {}

    def profile(self, path: str = "draft.txt", select: tuple[str, ...] = (), ignore: tuple[str, ...] = ()) -> tuple[Profile, Path]:
        """The compiled rules for a draft at `path` (relative to the working directory), and its location."""
        key = (select, ignore)
        if key not in self._configs:
            self._configs[key] = Configs(self.config, self.no_config, select, ignore, cwd=self.cwd)
        configs = self._configs[key]
        location = configs.cwd / path
        try:
            return configs.profile_for(location), location
        except (ConfigError, RuleError) as exc:
            raise ToolInputError(str(exc)) from None


def _example(e: Example) -> dict[str, str]:
    return {"text": e.text, **({"inquiry": e.inquiry} if e.inquiry else {})}


def rule_data(rule: Rule) -> dict[str, Any]:
    """Everything an agent needs to fix what a rule reports, from the rule's YAML."""
    return {
        "id": rule.id,
        "pack": rule.pack,
        "severity": rule.severity,
        "kind": rule.kind,
        "summary": rule.summary,
        "guideline": rule.guideline,
        "description": rule.description.strip(),
        "hint": rule.hint,
        "needs_inquiry": rule.needs_inquiry,
        "options": dict(rule.options),
        "examples": {"invalid": [_example(e) for e in rule.examples.invalid], "valid": [_example(e) for e in rule.examples.valid]},
    }


def lint_draft(
    draft: str,
    inquiry: str | None = None,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    path: str = "draft.txt",
    workspace: Workspace | None = None,
) -> dict[str, Any]:
    """The `--format json` payload for one draft, with `clean`, `skipped` and each fired rule's data."""
    profile, location = (workspace or Workspace()).profile(path, tuple(select or ()), tuple(ignore or ()))
    try:
        source = decode(path, draft.encode("utf-8", "surrogatepass"))
    except InputError as exc:
        raise ToolInputError(str(exc)) from None
    inquiry_doc = analyze(inquiry) if inquiry else None
    result = lint_file(source, profile, inquiry_doc, location=location)
    data = payload([result])
    fired = sorted({d.rule for d in result.diagnostics})
    data["clean"] = not result.diagnostics
    data["skipped"] = list(result.skipped)
    data["rules"] = {rule_id: rule_data(rule) for rule_id in fired if (rule := profile.rules.get(rule_id)) is not None}
    return data


def explain_rule(rule_id: str, workspace: Workspace | None = None) -> dict[str, Any]:
    """A rule's data and its `replylint explain` text."""
    from .explain import render

    rules = (workspace or Workspace()).profile()[0].rules
    rule = rules.get(rule_id)
    if rule is None:
        import difflib

        close = difflib.get_close_matches(rule_id, [r.id for r in rules], n=1)
        raise ToolInputError(f"unknown rule '{rule_id}'" + (f" (did you mean '{close[0]}'?)" if close else ""))
    return {**rule_data(rule), "text": render(rule)}


def list_rules(workspace: Workspace | None = None) -> list[dict[str, Any]]:
    rules = (workspace or Workspace()).profile()[0].rules
    return [{"id": r.id, "pack": r.pack, "severity": r.severity, "summary": r.summary, "needs_inquiry": r.needs_inquiry} for r in rules]


def build_server(workspace: Workspace | None = None) -> Any:
    """The MCP server with the three tools. Raises ImportError when the SDK is not installed."""
    from typing import Annotated

    from mcp.server.mcpserver import MCPServer
    from mcp.server.mcpserver.exceptions import ToolError
    from pydantic import Field

    server = MCPServer("replylint", version=__version__, instructions=INSTRUCTIONS)
    workspace = workspace or Workspace()

    @server.tool(name="lint_draft")
    def lint_draft_tool(
        draft: Annotated[str, Field(description="The reply draft, in Japanese, exactly as it would be sent.")],
        inquiry: Annotated[str | None, Field(description="The customer's message the draft answers; some rules need it.")] = None,
        select: Annotated[list[str] | None, Field(description="Run only these rule ids or packs.")] = None,
        ignore: Annotated[list[str] | None, Field(description="Skip these rule ids or packs.")] = None,
        path: Annotated[str, Field(description="Where the text lives or will live, relative to the server's folder: the project config's globs (templates, per-file-ignores) apply to it.")] = "draft.txt",
    ) -> dict[str, Any]:
        """Lint a customer-support reply draft. Returns {version, files, diagnostics[{path, rule, severity,
        message, line, column, end_line, end_column}], clean, skipped, rules{id: guideline, hint, examples}}.
        Lines and columns are 1-based characters; the end is exclusive."""
        try:
            return lint_draft(draft, inquiry, select, ignore, path, workspace)
        except ToolInputError as exc:
            raise ToolError(str(exc)) from None

    @server.tool(name="explain_rule")
    def explain_rule_tool(rule_id: Annotated[str, Field(description="A rule id, e.g. request-reason.")]) -> dict[str, Any]:
        """Explain a rule: what it checks and why, its guideline, options, and examples that fire and pass."""
        try:
            return explain_rule(rule_id, workspace)
        except ToolInputError as exc:
            raise ToolError(str(exc)) from None

    @server.tool(name="list_rules")
    def list_rules_tool() -> dict[str, Any]:
        """List every rule: id, pack, severity, one-line summary, and whether it needs the inquiry."""
        return {"rules": list_rules(workspace)}

    return server
