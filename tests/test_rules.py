"""Loading rule files: a broken rule names file, line, rule id and what is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from replylint.rules import RuleError, load_folder, load_rule

GOOD = """\
id: polite-request
kind: pattern
severity: warning
summary: 命令形を避ける
message: 「{match}」は命令形です。
description: なぜこのルールがあるか。
patterns:
  - tokens:
      - {lemma: 為る, cform: 命令形}
examples:
  invalid:
    - text: 確認しろ。
  valid:
    - 確認してください。
"""


def write(tmp_path: Path, text: str, name: str = "polite-request.yml") -> Path:
    p = tmp_path / "team" / name
    p.parent.mkdir(exist_ok=True)
    p.write_text(text, encoding="utf-8")
    return p


def error(tmp_path: Path, text: str, name: str = "polite-request.yml") -> RuleError:
    with pytest.raises(RuleError) as err:
        load_rule(write(tmp_path, text, name))
    return err.value


def test_good_rule_loads_with_pack_from_folder(tmp_path: Path) -> None:
    rule = load_rule(write(tmp_path, GOOD))
    assert (rule.id, rule.pack, rule.kind, rule.severity) == ("polite-request", "team", "pattern", "warning")
    assert rule.examples.invalid[0].text == "確認しろ。"


def test_unknown_key_points_at_its_line_and_suggests(tmp_path: Path) -> None:
    e = error(tmp_path, GOOD.replace("patterns:", "patern:"))
    assert (e.line, e.rule_id) == (7, "polite-request")
    assert "unknown key 'patern'" in e.message and "did you mean 'patterns'" in e.message
    assert str(e).startswith(f"{e.path}:7: rule 'polite-request':")


def test_bad_token_field_points_into_the_pattern(tmp_path: Path) -> None:
    e = error(tmp_path, GOOD.replace("{lemma: 為る, cform: 命令形}", "{lemma: 為る, cfrom: 命令形}"))
    assert e.line == 9 and "patterns[0].tokens[0].cfrom" in e.message


def test_bad_regex_is_refused(tmp_path: Path) -> None:
    e = error(tmp_path, GOOD.replace("{lemma: 為る, cform: 命令形}", "{surface: '/[/'}"))
    assert "bad regular expression" in e.message and e.line == 9


@pytest.mark.parametrize(
    ("change", "message", "line"),
    [
        (("severity: warning", "severity: fatal"), "severity must be one of error, warning, info", 3),
        (("kind: pattern", "kind: patterns"), "unknown kind 'patterns'", 2),
        (("message: 「{match}」は命令形です。\n", ""), "missing required key 'message'", 1),
        (("  valid:\n    - 確認してください。\n", ""), "examples.valid must be a non-empty list", 11),
        (("id: polite-request", "id: Polite_Request"), "`id` must be kebab-case", 1),
    ],
)
def test_header_errors(tmp_path: Path, change: tuple[str, str], message: str, line: int) -> None:
    e = error(tmp_path, GOOD.replace(*change))
    assert message in e.message and e.line == line


def test_file_must_be_named_after_id(tmp_path: Path) -> None:
    e = error(tmp_path, GOOD, name="other.yml")
    assert "must be named after its id" in e.message


def test_invalid_yaml_gives_line(tmp_path: Path) -> None:
    e = error(tmp_path, GOOD.replace("patterns:\n", "patterns: [\n"))
    assert e.line is not None and "invalid YAML" in e.message


def test_unknown_option(tmp_path: Path) -> None:
    e = error(tmp_path, GOOD.replace("patterns:", "options: {max: 3}\npatterns:"))
    assert "unknown option 'max'" in e.message


def test_duplicate_ids_in_a_folder(tmp_path: Path) -> None:
    write(tmp_path, GOOD)
    (tmp_path / "team" / "sub").mkdir()
    (tmp_path / "team" / "sub" / "polite-request.yaml").write_text(GOOD, encoding="utf-8")
    with pytest.raises(RuleError, match="duplicate rule id"):
        load_folder(tmp_path / "team")


def test_builtin_rules_all_load(all_rules) -> None:  # type: ignore[no-untyped-def]
    ids = [r.id for r in all_rules]
    assert "sentence-length" in ids and "request-reason" in ids
    assert len(ids) == len(set(ids))
    for rule in all_rules:
        assert rule.examples.valid and rule.examples.invalid, rule.id


@pytest.mark.parametrize("odd", ["dangling", "fifo", "upper"])
def test_a_file_named_like_a_rule_is_never_silently_skipped(tmp_path: Path, odd: str) -> None:
    """A team's rule in Foo.YML, or a rule file that is a dangling link or a FIFO, was left out
    without a word: the team believed the rule ran."""
    import os

    if odd == "dangling":
        (tmp_path / "gone.yml").symlink_to(tmp_path / "no-such-file.yml")
    elif odd == "fifo":
        os.mkfifo(tmp_path / "pipe.yaml")
    else:
        (tmp_path / "Shout.YML").write_text("id: shout\n", encoding="utf-8")
    with pytest.raises(RuleError, match="gone.yml|pipe.yaml|Shout.YML"):
        load_folder(tmp_path)


def test_a_message_slot_the_kind_does_not_fill_is_refused_at_its_line(tmp_path: Path) -> None:
    """A typo ({mach}) used to reach every diagnostic as the literal text "{mach}"."""
    err = error(tmp_path, GOOD.replace("message: 「{match}」は命令形です。", "message: 「{mach}」は命令形です。"))
    assert err.line == 5 and "{mach}" in err.message and "did you mean 'match'" in err.message and "{match}, {fixed}" in err.message
    err = error(tmp_path, GOOD.replace("description:", "hint: 「{count}」\ndescription:"))
    assert err.line == 6 and "`hint` names {count}" in err.message


def test_doubled_braces_in_a_message_are_literal_text(tmp_path: Path) -> None:
    from replylint import lint
    from replylint.ruleset import RuleSet

    rule = load_rule(write(tmp_path, GOOD.replace("message: 「{match}」は命令形です。", "message: 「{match}」は命令形です（{{name}} の形も）。")))
    [d] = lint("確認しろ。", rules=RuleSet((rule,)))
    assert d.message == "「しろ」は命令形です（{{name}} の形も）。"


def test_a_negative_number_option_is_refused(tmp_path: Path) -> None:
    """max-lines: -5 made every sentence of every draft fire."""
    from replylint.ruleset import ConfigError, Settings, load_rules

    with pytest.raises(ConfigError, match="options.max-lines: must be 0 or more"):
        load_rules(Settings(select=("sentence-length",), options={"sentence-length": {"max-lines": -5}}))
    load_rules(Settings(select=("max-commas",), options={"max-commas": {"max": 0}}))  # 0 is a limit
