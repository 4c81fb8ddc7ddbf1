"""Configuration: finding and reading config files, every key, errors with file and line, init, schemas,
and a scratch template repository linted from a subfolder through the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import replylint
from replylint.cli import app
from replylint.config import KEYS, STARTER, Config, Configs, find_config, load_config, make_profile
from replylint.ruleset import Settings
from replylint.rules import builtin_rules_dir, rule_files
from replylint.ruleset import ConfigError
from replylint.yamlfile import load as load_yaml

SUPPORT = {p.stem for p in rule_files(builtin_rules_dir() / "support")}  # the support pack grows with its rules

SRC = Path(__file__).resolve().parents[1] / "src"
SCHEMAS = Path(replylint.__file__).parent / "schemas"  # as shipped in the package

TEAM_RULE = """\
id: team-suimasen
kind: pattern
severity: warning
summary: 「すいません」ではなく「すみません」
message: 「{match}」は話し言葉です。「申し訳ございません」か「すみません」と書いてください。
description: チームの表記ルール。
patterns:
  - すいません
examples:
  invalid:
    - text: 遅くなってすいません。
      match: すいません
  valid:
    - 遅くなり申し訳ございません。
"""

CONFIG = """\
# the team's config
rule-dirs: [team-rules]
severity:
  sentence-length: warning
templates: ["templates/**"]
collections:
  "collections/*.yaml": body
placeholders:
  - {pattern: "<<[^<>]+>>", width: 6}
per-file-ignores:
  "drafts/legacy.txt": [request-reason]
exclude: ["drafts/old/**"]
"""


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def scratch_repo(root: Path) -> Path:
    """A template repository: config, a team rule, drafts, Markdown templates, a YAML collection."""
    (root / ".git").mkdir(parents=True)
    write(
        root,
        {
            ".replylint.yaml": CONFIG,
            ".gitignore": "drafts/private/\n*.bak.txt\n",
            "team-rules/team-suimasen.yml": TEAM_RULE,
            "drafts/reply.txt": "〇〇様\n\nお返事が遅くなってすいません。\nログを送ってください。\n",
            "drafts/legacy.txt": "お返事が遅くなってすいません。\nログを送ってください。\n",
            "drafts/private/secret.txt": "ログを送ってください。\n",
            "drafts/draft.bak.txt": "ログを送ってください。\n",
            "drafts/old/2019.txt": "ログを送ってください。\n",
            "templates/welcome.md": (
                "---\ntitle: ようこそ\n---\n"
                "{{customer_name}}様\n\n"
                "<<担当者名>>がご案内いたします。\n\n"
                "```\nログを送ってください。\n```\n\n"
                "<!-- replylint-disable-next-line request-reason -->\n"
                "設定画面をご確認ください。\n\n"
                "お手数ですが、ログを送ってください。\n"
            ),
            "collections/faq.yaml": (
                "replies:\n"
                "  - id: a\n"
                "    body: |\n"
                "      {{customer_name}}様\n"
                "      原因を調べるため、ログを送ってください。\n"
                "  - id: b\n"
                "    body: ブラウザを再起動してください。\n"
            ),
        },
    )
    return root


runner = CliRunner()


def run_cli(args: list[str], cwd: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(cwd)
    result = runner.invoke(app, args)
    return result


def diagnostics(result) -> list[tuple[str, str, int]]:
    payload = json.loads(result.stdout)
    return sorted((d["path"], d["rule"], d["line"]) for d in payload["diagnostics"])


# ---------------------------------------------------------------------------- the scratch repository


def test_scratch_repository_from_a_subfolder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    root = scratch_repo(tmp_path / "repo")
    result = run_cli(["--format", "json", ".."], root / "drafts", monkeypatch)
    assert result.exit_code == 1, result.output
    got = diagnostics(result)
    assert got == [
        ("../collections/faq.yaml", "request-reason", 7),
        ("../drafts/legacy.txt", "team-suimasen", 1),
        ("../drafts/reply.txt", "request-reason", 4),
        ("../drafts/reply.txt", "team-suimasen", 3),
        ("../drafts/reply.txt", "unfilled-placeholder", 1),
        ("../templates/welcome.md", "request-reason", 15),
    ]
    severities = {d["rule"]: d["severity"] for d in json.loads(result.stdout)["diagnostics"]}
    assert severities["team-suimasen"] == "warning"


def test_per_file_ignores_change_exactly_what_they_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    root = scratch_repo(tmp_path / "repo")
    with_ignore = diagnostics(run_cli(["--format", "json", "."], root / "drafts", monkeypatch))
    write(root, {".replylint.yaml": CONFIG.replace('  "drafts/legacy.txt": [request-reason]\n', '  "nothing/**": [request-reason]\n')})
    without = diagnostics(run_cli(["--format", "json", "."], root / "drafts", monkeypatch))
    assert sorted(set(without) - set(with_ignore)) == [("legacy.txt", "request-reason", 2)]
    assert set(with_ignore) <= set(without)


def test_suppression_changes_exactly_what_it_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    root = scratch_repo(tmp_path / "repo")
    path = root / "templates" / "welcome.md"
    suppressed = diagnostics(run_cli(["--format", "json", "welcome.md"], root / "templates", monkeypatch))
    path.write_text(path.read_text(encoding="utf-8").replace("<!-- replylint-disable-next-line request-reason -->\n", "\n"), encoding="utf-8")
    plain = diagnostics(run_cli(["--format", "json", "welcome.md"], root / "templates", monkeypatch))
    assert sorted(set(plain) - set(suppressed)) == [("welcome.md", "request-reason", 13)]
    assert set(suppressed) <= set(plain)


def test_broken_config_exits_2_naming_file_and_line(tmp_path: Path):
    root = scratch_repo(tmp_path / "repo")
    write(root, {".replylint.yaml": CONFIG.replace("severity:\n", "severty:\n")})
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    proc = subprocess.run(
        [sys.executable, "-m", "replylint", "reply.txt"], cwd=root / "drafts", env=env, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 2
    assert f"{root / '.replylint.yaml'}:3: severty: unknown key (did you mean 'severity'?)" in proc.stderr
    assert "Traceback" not in proc.stderr and proc.stdout == ""


def test_no_config_and_explicit_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    root = scratch_repo(tmp_path / "repo")
    plain = diagnostics(run_cli(["--format", "json", "--no-config", "legacy.txt"], root / "drafts", monkeypatch))
    assert plain == [("legacy.txt", "request-reason", 2)]  # no team rule, no per-file ignore
    other = tmp_path / "other.yaml"
    other.write_text("select: [unfilled-placeholder]\n", encoding="utf-8")
    chosen = diagnostics(run_cli(["--format", "json", "--config", str(other), "reply.txt", "legacy.txt"], root / "drafts", monkeypatch))
    assert chosen == [("reply.txt", "unfilled-placeholder", 1)]
    both = run_cli(["--config", str(other), "--no-config", "reply.txt"], root / "drafts", monkeypatch)
    assert both.exit_code == 2


def test_rules_command_lists_the_team_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    root = scratch_repo(tmp_path / "repo")
    result = run_cli(["rules", "--format", "json"], root / "drafts", monkeypatch)
    rows = {r["id"]: r for r in json.loads(result.stdout)}
    assert rows["team-suimasen"]["pack"] == "team-rules"
    assert rows["sentence-length"]["severity"] == "warning"


# ---------------------------------------------------------------------------- finding configs


def test_nearest_config_wins_and_yaml_beats_pyproject(tmp_path: Path):
    write(tmp_path, {".replylint.yaml": "ignore: [sentence-length]\n", "a/pyproject.toml": "[tool.replylint]\nignore = ['request-reason']\n", "a/b/c.txt": "x"})
    assert find_config(tmp_path / "a" / "b" / "c.txt") == (tmp_path / "a" / "pyproject.toml").resolve()
    write(tmp_path, {"a/.replylint.yaml": "{}\n"})
    assert find_config(tmp_path / "a" / "b") == (tmp_path / "a" / ".replylint.yaml").resolve()


def test_pyproject_without_our_table_is_skipped(tmp_path: Path):
    write(tmp_path, {".replylint.yaml": "{}\n", "a/pyproject.toml": "[tool.ruff]\nline-length = 100\n", "a/x.txt": "x"})
    assert find_config(tmp_path / "a" / "x.txt") == (tmp_path / ".replylint.yaml").resolve()


def test_working_directory_config_is_the_fallback(tmp_path: Path):
    write(tmp_path, {"proj/.replylint.yaml": "ignore: [request-reason]\n", "elsewhere/x.txt": "x"})
    configs = Configs(cwd=tmp_path / "proj")
    assert configs.config_for(tmp_path / "elsewhere" / "x.txt").path == (tmp_path / "proj" / ".replylint.yaml").resolve()


# ---------------------------------------------------------------------------- every key


def test_every_key_maps_onto_the_run(tmp_path: Path):
    write(tmp_path, {"team/team-suimasen.yml": TEAM_RULE})
    write(
        tmp_path,
        {
            ".replylint.yaml": (
                "extends: [support, general]\n"
                "rule-dirs: [team]\n"
                "select: [support, team-suimasen, unfilled-placeholder]\n"
                "ignore: [request-reason]\n"
                "severity: {sentence-length: info}\n"
                "options: {sentence-length: {max-lines: 5, line-width: 40}}\n"
                "per-file-ignores: {'faq/*.md': [team-suimasen]}\n"
                "placeholders: ['<<[^>]+>>']\n"
                "templates: ['templates/**']\n"
                "collections: {'data/*.json': items.body}\n"
                "include: ['*.txt']\n"
                "exclude: ['old/**']\n"
            )
        },
    )
    config = load_config(tmp_path / ".replylint.yaml")
    profile = make_profile(config)
    assert sorted(r.id for r in profile.rules) == sorted(SUPPORT - {"request-reason"} | {"team-suimasen", "unfilled-placeholder"})
    length = profile.rules.get("sentence-length")
    assert length.severity == "info" and length.options["max-lines"] == 5 and length.options["line-width"] == 40
    assert config.ignored_for(tmp_path / "faq" / "a.md") == {"team-suimasen"}
    assert config.ignored_for(tmp_path / "a.md") == frozenset()
    assert config.is_template(tmp_path / "templates" / "x" / "y.txt") and not config.is_template(tmp_path / "y.txt")
    assert config.collection_key(tmp_path / "data" / "faq.json") == "items.body"
    assert config.placeholder_set.masks("<<名前>>様")[0].end == 6
    assert config.include == ("*.txt",) and config.exclude == ("old/**",)
    assert profile.meta == frozenset()  # not selected


def test_pyproject_table_reads_the_same_keys(tmp_path: Path):
    write(
        tmp_path,
        {
            "pyproject.toml": (
                "[project]\nname = 'x'\n\n"
                "[tool.replylint]\n"
                "ignore = ['request-reason']\n"
                "templates = ['templates/**']\n\n"
                "[tool.replylint.severity]\n"
                "sentence-length = 'warning'\n\n"
                "[tool.replylint.per-file-ignores]\n"
                "'faq/*.md' = ['sentence-length']\n"
            )
        },
    )
    config = load_config(tmp_path / "pyproject.toml")
    profile = make_profile(config)
    assert "request-reason" not in {r.id for r in profile.rules}
    assert profile.rules.get("sentence-length").severity == "warning"
    assert config.ignored_for(tmp_path / "faq" / "x.md") == {"sentence-length"}


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("select: [support]\nselct: [x]\n", 2, "selct: unknown key (did you mean 'select'?)"),
        ("severity:\n  sentence-length: loud\n", 2, "severity.sentence-length: must be one of error, warning, info"),
        ("severity:\n  sentence-lenght: warning\n", 2, "unknown rule 'sentence-lenght' (did you mean 'sentence-length'?)"),
        ("\nselect: [no-such-rule]\n", 2, "select: unknown rule or pack 'no-such-rule'"),
        ("ignore:\n  - nope\n", 1, "ignore: unknown rule or pack 'nope'"),
        ("options:\n  sentence-length:\n    max-line: 4\n", 2, "unknown option 'max-line'"),
        ("options:\n  sentence-length: 4\n", 2, "expected a mapping of option names to values"),
        ("per-file-ignores:\n  '*.md': [nope]\n", 2, "unknown rule or pack 'nope'"),
        ("placeholders: ['(']\n", 1, "bad regular expression"),
        ("rule-dirs: [missing]\n", 1, "rule folder 'missing' not found"),
        ("extends: [suport]\n", 1, "unknown pack 'suport' (did you mean 'support'?)"),
        ("collections: {'*.yaml': 3}\n", 1, "expected the key"),
        ("include: 3\n", 1, "expected a list of non-empty strings"),
        ("select: [a\n", 2, "invalid YAML"),
        ("- a\n", 1, "a config file is a mapping"),
    ],
)
def test_yaml_errors_name_file_and_line(tmp_path: Path, text: str, line: int, fragment: str):
    path = tmp_path / ".replylint.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        make_profile(load_config(path))
    message = str(info.value)
    assert message.startswith(f"{path}:{line}: "), message
    assert fragment in message


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("[tool.replylint]\nselect = ['support']\nignre = ['x']\n", 3, "ignre: unknown key"),
        ("[tool.replylint]\n\n[tool.replylint.severity]\nrequest-reason = 'fatal'\n", 4, "must be one of"),
        ("[tool.replylint]\nselect = ['support'\n", None, "invalid TOML"),
    ],
)
def test_toml_errors_name_file_and_line(tmp_path: Path, text: str, line: int | None, fragment: str):
    path = tmp_path / "pyproject.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        make_profile(load_config(path))
    message = str(info.value)
    assert message.startswith(f"{path}:{line}: " if line else f"{path}: "), message
    assert fragment in message


def test_cli_select_replaces_and_ignore_adds(tmp_path: Path):
    config = Config(rules=Settings(select=("support",), ignore=("sentence-length",)))
    assert sorted(r.id for r in make_profile(config).rules) == sorted(SUPPORT - {"sentence-length"})
    assert [r.id for r in make_profile(config, select=("unfilled-placeholder",)).rules] == ["unfilled-placeholder"]
    assert sorted(r.id for r in make_profile(config, ignore=("request-reason",)).rules) == sorted(SUPPORT - {"sentence-length", "request-reason"})
    with pytest.raises(ConfigError, match="--select: unknown rule or pack 'nope'"):
        make_profile(config, select=("nope",))


# ---------------------------------------------------------------------------- init and schemas


def test_init_writes_a_starter_config_that_loads_and_refuses_to_overwrite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    first = run_cli(["init"], tmp_path, monkeypatch)
    assert first.exit_code == 0
    written = tmp_path / ".replylint.yaml"
    assert written.read_text(encoding="utf-8") == STARTER
    for key in KEYS:
        assert key in STARTER, f"the starter config does not mention {key}"
    make_profile(load_config(written))
    written.write_text("ignore: [request-reason]\n", encoding="utf-8")
    second = run_cli(["init"], tmp_path, monkeypatch)
    assert second.exit_code == 2
    assert written.read_text(encoding="utf-8") == "ignore: [request-reason]\n"


def _validator(name: str):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_builtin_rules_validate_against_the_rule_schema():
    validator = _validator("rule")
    files = [p for pack in sorted(builtin_rules_dir().iterdir()) if pack.is_dir() for p in rule_files(pack)]
    assert files
    for path in files:
        errors = [f"{'.'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(load_yaml(path))]
        assert errors == [], f"{path}: {errors}"
    assert list(validator.iter_errors({"id": "x", "kind": "pattern", "severity": "fatal"}))


def test_sample_configs_validate_against_the_config_schema(tmp_path: Path):
    validator = _validator("config")
    from replylint.yamlfile import loads

    sample = loads(CONFIG, "sample")
    assert list(validator.iter_errors(sample)) == []
    assert list(validator.iter_errors(loads(STARTER, "starter") or {})) == []
    assert list(validator.iter_errors({"selct": ["x"]}))
    assert list(validator.iter_errors({"severity": {"x": "fatal"}}))
    assert set(json.loads((SCHEMAS / "config.schema.json").read_text(encoding="utf-8"))["properties"]) == set(KEYS)


def test_broken_team_rule_exits_2_naming_the_rule_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    root = scratch_repo(tmp_path / "repo")
    write(root, {"team-rules/team-suimasen.yml": TEAM_RULE.replace("severity: warning", "severity: loud")})
    result = run_cli(["reply.txt"], root / "drafts", monkeypatch)
    assert result.exit_code == 2
    assert "team-suimasen.yml:3: rule 'team-suimasen': severity must be one of" in result.stderr


def test_configs_report_every_rule_a_run_used(tmp_path: Path):
    write(tmp_path, {"a/.replylint.yaml": "select: [request-reason]\n", "b/.replylint.yaml": "rule-dirs: [team]\nselect: [team-suimasen]\n", "b/team/team-suimasen.yml": TEAM_RULE})
    configs = Configs(cwd=tmp_path)
    configs.profile_for(tmp_path / "a" / "x.txt")
    configs.profile_for(tmp_path / "b" / "x.txt")
    assert sorted(r.id for r in configs.rules()) == ["request-reason", "team-suimasen"]


def test_rule_schema_knows_every_kind_and_key():
    """When a kind or a rule key is added, the shipped schema must learn it (editors check rules with it)."""
    from replylint.kinds import registry
    from replylint.rules import HEADER_KEYS

    schema = json.loads((SCHEMAS / "rule.schema.json").read_text(encoding="utf-8"))
    kinds = registry()
    assert set(schema["properties"]["kind"]["enum"]) == set(kinds), "update kind.enum in schemas/rule.schema.json"
    keys = set(HEADER_KEYS) | {k for module in kinds.values() for k in module.KEYS}
    assert set(schema["properties"]) == keys, f"schemas/rule.schema.json properties differ by {sorted(set(schema['properties']) ^ keys)}"


def test_an_array_of_replylint_tables_in_pyproject_is_a_config_error(tmp_path: Path) -> None:
    """[[tool.replylint]] was not taken for a config at all: the project's settings were silently ignored."""
    from replylint.config import find_config, load_config

    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n[[tool.replylint]]\nselect = ["notation"]\n', encoding="utf-8")
    found = find_config(tmp_path)
    assert found == tmp_path / "pyproject.toml"
    with pytest.raises(ConfigError, match=r"pyproject.toml:4: \[tool.replylint\] must be one table, not an array of tables"):
        load_config(found)
