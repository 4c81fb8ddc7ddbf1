"""`replylint mcp`: the tools' data, then a real MCP client session over stdio against the command."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from replylint import load_rules
from replylint.mcp_server import ToolInputError, Workspace, explain_rule, lint_draft, list_rules

BAD = "山田様\n\n【重要】ログを送ってください。\n\nよろしくお願いいたします。\n"
REVISED = "山田様\n\nログインできないとのこと、承知いたしました。\n原因を特定するため、ログを送ってください。\n\nよろしくお願いいたします。\n"


def test_lint_draft_is_the_json_contract_plus_rule_guidance() -> None:
    data = lint_draft(BAD)
    assert (data["version"], data["files"], data["clean"]) == (1, 1, False)
    [d] = data["diagnostics"]
    assert set(d) == {"path", "rule", "severity", "message", "line", "column", "end_line", "end_column"}
    assert (d["rule"], d["line"], d["column"], d["end_column"]) == ("request-reason", 3, 8, 15)
    assert BAD.split("\n")[2][d["column"] - 1 : d["end_column"] - 1] == "送ってください"
    guide = data["rules"]["request-reason"]
    assert guide["guideline"].startswith("何かをお客様にお願いするときは理由を書こう")
    assert guide["examples"]["invalid"] and guide["examples"]["valid"]
    assert all("text" in e for e in guide["examples"]["valid"])
    assert list(data["rules"]) == ["request-reason"]  # only the rules that fired


def test_lint_draft_revised_is_clean_and_select_ignore_apply() -> None:
    needs_inquiry = sorted(r.id for r in load_rules() if r.needs_inquiry)  # no inquiry given: these are skipped
    assert lint_draft(REVISED) == {"version": 1, "files": 1, "diagnostics": [], "clean": True, "skipped": needs_inquiry, "rules": {}}
    assert lint_draft(BAD, ignore=["request-reason"])["clean"] is True
    assert lint_draft(BAD, select=["sentence-length"])["clean"] is True
    with pytest.raises(ToolInputError, match="unknown rule or pack 'no-such-rule'"):
        lint_draft(BAD, select=["no-such-rule"])


def test_lint_draft_handles_crlf_and_bom_like_a_file() -> None:
    data = lint_draft("\ufeff" + BAD.replace("\n", "\r\n"))
    [d] = data["diagnostics"]
    assert (d["line"], d["column"]) == (3, 8)


def test_explain_and_list() -> None:
    info = explain_rule("request-reason")
    assert info["summary"] == "お客様へのお願いには理由を添える" and "## Guideline" in info["text"]
    with pytest.raises(ToolInputError, match="did you mean 'request-reason'"):
        explain_rule("request-reasons")
    assert {"request-reason", "sentence-length"} <= {r["id"] for r in list_rules()}


TEAM_RULE = """\
id: team-suimasen
kind: pattern
severity: error
message: 「すいません」ではなく「申し訳ございません」と書きます。
summary: くだけた謝罪を使わない
description: お客様への謝罪は「申し訳ございません」に統一します。
examples:
  valid: ["申し訳ございません。"]
  invalid: ["すいません、確認します。"]
patterns: ["すいません"]
"""


def project(tmp_path: Path, config: str) -> Workspace:
    (tmp_path / "team").mkdir()
    (tmp_path / "team" / "team-suimasen.yml").write_text(TEAM_RULE, encoding="utf-8")
    (tmp_path / ".replylint.yaml").write_text(config, encoding="utf-8")
    return Workspace(cwd=tmp_path)


def test_the_project_config_governs_like_the_cli_in_the_same_folder(tmp_path: Path) -> None:
    workspace = project(tmp_path, "rule-dirs: [team]\nignore: [request-reason]\ntemplates: ['canned/**']\n")
    data = lint_draft("すいません、ログを送ってください。{{name}}様\n", workspace=workspace)
    assert sorted(d["rule"] for d in data["diagnostics"]) == ["team-suimasen", "unfilled-placeholder"]
    assert data["rules"]["team-suimasen"]["summary"] == "くだけた謝罪を使わない"
    as_template = lint_draft("すいません、ログを送ってください。{{name}}様\n", path="canned/a.txt", workspace=workspace)
    assert [d["rule"] for d in as_template["diagnostics"]] == ["team-suimasen"]  # a template may hold placeholders
    assert explain_rule("team-suimasen", workspace)["pack"] == "team"
    assert "team-suimasen" in {r["id"] for r in list_rules(workspace)}
    defaults = Workspace(no_config=True, cwd=tmp_path)
    assert "request-reason" in {d["rule"] for d in lint_draft("ログを送ってください。\n", workspace=defaults)["diagnostics"]}


def test_a_broken_project_config_is_a_tool_error_and_stops_the_command(tmp_path: Path) -> None:
    workspace = project(tmp_path, "ignore: [no-such-rule]\n")
    with pytest.raises(ToolInputError, match=r"\.replylint\.yaml:1: ignore: unknown rule or pack 'no-such-rule'"):
        lint_draft("ログを送ってください。\n", workspace=workspace)
    import subprocess

    r = subprocess.run([sys.executable, "-m", "replylint", "mcp"], cwd=tmp_path, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert r.returncode == 2 and "unknown rule or pack 'no-such-rule'" in r.stderr and "Traceback" not in r.stderr


def _payload(result: Any) -> Any:
    assert not result.is_error, result.content
    [block] = result.content
    return json.loads(block.text)


def test_a_real_client_session_over_stdio() -> None:
    """Spawn `python -m replylint mcp` with the SDK's stdio client, as an agent's host does."""
    import anyio
    from mcp import ClientSession, StdioServerParameters, stdio_client

    env = dict(os.environ)
    src = Path(__file__).resolve().parents[1] / "src"
    if (src / "replylint").is_dir():  # the checkout's code first, as the rest of the suite runs it
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(src), env.get("PYTHONPATH", "")) if p)
    params = StdioServerParameters(command=sys.executable, args=["-m", "replylint", "mcp"], env=env)
    seen: dict[str, Any] = {}

    async def session() -> None:
        with anyio.fail_after(120):
            await _session()

    async def _session() -> None:
        async with stdio_client(params) as (read, write), ClientSession(read, write) as client:
            init = await client.initialize()
            seen["server"] = init.server_info.name
            tools = {t.name: t for t in (await client.list_tools()).tools}
            seen["tools"] = sorted(tools)
            seen["draft_schema"] = tools["lint_draft"].input_schema
            seen["bad"] = _payload(await client.call_tool("lint_draft", {"draft": BAD}))
            seen["bad_md"] = _payload(await client.call_tool("lint_draft", {"draft": "<!-- replylint-disable request-reason -->\n" + BAD, "path": "reply.md"}))
            seen["revised"] = _payload(await client.call_tool("lint_draft", {"draft": REVISED, "inquiry": "ログインできません。"}))
            seen["explain"] = _payload(await client.call_tool("explain_rule", {"rule_id": "sentence-length"}))
            seen["unknown"] = await client.call_tool("explain_rule", {"rule_id": "no-such-rule"})
            seen["bad_select"] = await client.call_tool("lint_draft", {"draft": BAD, "select": ["nope"]})

    anyio.run(session)

    assert seen["server"] == "replylint"
    assert seen["tools"] == ["explain_rule", "lint_draft", "list_rules"]
    assert seen["draft_schema"]["required"] == ["draft"]
    assert set(seen["draft_schema"]["properties"]) == {"draft", "inquiry", "select", "ignore", "path"}
    assert seen["bad"] == lint_draft(BAD)  # the same data as the library, through the protocol
    assert seen["bad_md"]["clean"] is True  # `path` makes it Markdown, where a suppression comment counts
    assert seen["revised"]["clean"] is True
    assert seen["explain"]["id"] == "sentence-length" and seen["explain"]["examples"]["invalid"]
    for failed, words in ((seen["unknown"], "unknown rule 'no-such-rule'"), (seen["bad_select"], "unknown rule or pack 'nope'")):
        assert failed.is_error and words in failed.content[0].text


def test_without_the_sdk_the_command_says_how_to_install_it() -> None:
    import subprocess

    code = "import sys; sys.modules['mcp'] = None; sys.argv = ['replylint', 'mcp']\nfrom replylint.cli import main\nmain()"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert r.returncode == 2
    assert "pip install 'replylint[mcp]'" in r.stderr and "Traceback" not in r.stderr
