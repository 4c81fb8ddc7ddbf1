"""Suppression comments: each changes exactly the diagnostics it names, and stale ones are reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from replylint.config import Config, make_profile
from replylint.linter import lint_file
from replylint.source import Source
from replylint.suppression import parse, regions

REQUEST = "ログを送ってください。"  # request-reason fires on it
FILLER = "〇〇様"  # unfilled-placeholder fires on it (in a draft)


@pytest.fixture(scope="module")
def profile():
    return make_profile(Config())


def lint(text: str, profile, name: str = "reply.md", template: bool = False):
    return list(lint_file(Source(name, text), profile, template=template).diagnostics)


def rules_at(diags) -> list[tuple[str, int]]:
    return sorted((d.rule, d.line) for d in diags)


def test_parse_reads_actions_and_ids():
    text = "<!-- replylint-disable request-reason, sentence-length -->\n<!-- replylint-enable -->\n<!--replylint-disable-next-line-->"
    got = [(d.action, d.ids) for d in parse(text)]
    assert got == [("disable", ("request-reason", "sentence-length")), ("enable", ()), ("disable-next-line", ())]


def test_an_ordinary_comment_is_no_directive():
    assert parse("<!-- replylint is great -->\n<!-- replylint-disabled -->") == []


def test_disable_until_enable_covers_exactly_that_region():
    text = f"{REQUEST}\n<!-- replylint-disable request-reason -->\n{REQUEST}\n<!-- replylint-enable request-reason -->\n{REQUEST}\n"
    (region,) = regions(text, parse(text))
    assert text[region.start : region.end].strip() == REQUEST


def test_disable_next_line_suppresses_only_that_rule_on_that_line(profile):
    plain = f"{REQUEST}\n\n{REQUEST}\n"
    commented = f"{REQUEST}\n<!-- replylint-disable-next-line request-reason -->\n{REQUEST}\n"
    assert rules_at(lint(plain, profile)) == [("request-reason", 1), ("request-reason", 3)]
    assert rules_at(lint(commented, profile)) == [("request-reason", 1)]


def test_disable_without_ids_suppresses_every_rule_to_the_end(profile):
    text = f"{REQUEST}\n\n<!-- replylint-disable -->\n{FILLER}\n{REQUEST}\n"
    assert rules_at(lint(text, profile)) == [("request-reason", 1)]


def test_enable_turns_rules_back_on(profile):
    text = f"<!-- replylint-disable request-reason -->\n{REQUEST}\n<!-- replylint-enable request-reason -->\n\n{REQUEST}\n"
    assert rules_at(lint(text, profile)) == [("request-reason", 5)]


def test_several_ids_and_packs(profile):
    text = f"<!-- replylint-disable-next-line request-reason unfilled-placeholder -->\n{FILLER}、{REQUEST}\n"
    assert lint(text, profile) == []
    by_pack = f"<!-- replylint-disable-next-line support -->\n{FILLER}、{REQUEST}\n"
    assert rules_at(lint(by_pack, profile)) == [("unfilled-placeholder", 2)]


def test_unused_suppression_is_reported_at_info(profile):
    text = "<!-- replylint-disable-next-line request-reason -->\n原因を調べるため、ログを送ってください。\n"
    (d,) = lint(text, profile)
    assert (d.rule, d.severity, d.line, d.column) == ("unused-suppression", "info", 1, 1)
    assert "request-reason" in d.message


def test_unknown_rule_in_suppression_is_reported(profile):
    text = f"<!-- replylint-disable-next-line request-reasn -->\n{REQUEST}\n"
    got = rules_at(lint(text, profile))
    assert got == [("request-reason", 2), ("unknown-suppression", 1)]


def test_only_the_used_id_of_a_comment_counts_as_used(profile):
    text = f"<!-- replylint-disable-next-line request-reason, unfilled-placeholder -->\n{REQUEST}\n"
    (d,) = lint(text, profile)
    assert d.rule == "unused-suppression" and "unfilled-placeholder" in d.message


def test_suppression_of_a_rule_that_did_not_run_is_not_called_unused():
    profile = make_profile(Config(), select=("request-reason",))
    text = "<!-- replylint-disable-next-line sentence-length -->\n原因を調べるため、ログを送ってください。\n"
    assert lint(text, profile) == []


def test_meta_rules_can_be_ignored():
    profile = make_profile(Config(), ignore=("unused-suppression",))
    assert lint("<!-- replylint-disable -->\nありがとうございます。\n", profile) == []


def test_plain_text_drafts_are_not_suppressible(profile):
    text = f"<!-- replylint-disable -->\n{REQUEST}\n"
    assert rules_at(lint(text, profile, name="reply.txt")) == [("request-reason", 2)]


def test_html_templates_are_suppressible(profile):
    text = f"<p>{REQUEST}</p>\n<!-- replylint-disable-next-line request-reason -->\n<p>{REQUEST}</p>\n"
    assert rules_at(lint(text, profile, name="reply.html")) == [("request-reason", 1)]


def test_the_comment_itself_is_not_prose(profile):
    # Without blanking, the comment's text would join the sentence and move the span.
    text = f"<!-- replylint-disable-next-line unfilled-placeholder -->\n{REQUEST}\n"
    (a, b) = sorted(lint(text, profile), key=lambda d: d.rule)
    assert (a.rule, a.line, a.column) == ("request-reason", 2, 4)
    assert b.rule == "unused-suppression"


def test_pathlike_names_pick_markdown(profile, tmp_path: Path):
    text = f"<!-- replylint-disable -->\n{REQUEST}\n"
    assert lint(text, profile, name=str(tmp_path / "x.MARKDOWN")) == []


def test_a_comment_shown_in_a_code_block_is_no_directive(profile):
    text = f"```html\n<!-- replylint-disable -->\n```\n\n`<!-- replylint-disable -->` で止められます。\n\n{REQUEST}\n"
    assert rules_at(lint(text, profile)) == [("request-reason", 7)]


def test_explain_knows_the_suppression_diagnostics():
    from typer.testing import CliRunner

    from replylint.cli import app

    result = CliRunner().invoke(app, ["explain", "unused-suppression"])
    assert result.exit_code == 0 and "suppresses nothing" in result.stdout
