"""The kinds that read the customer's inquiry (quote-answer, answer, echo): YAML-driven behaviour,
where they report, option checking, and silence without an inquiry."""

from __future__ import annotations

from pathlib import Path

import pytest

from replylint import Settings, lint, load_rules
from replylint.document import analyze
from replylint.engine import run
from replylint.rules import RuleError, load_rule

INQUIRY = """サポートご担当者様

いつもお世話になっております。
月の途中でもプランを変更できますか？
また、変更後の料金はいつから切り替わるのか教えてください。
ログインできなくて困っています。
"""


def only(rule_id: str):  # type: ignore[no-untyped-def]
    return load_rules(Settings(select=(rule_id,)))


def test_missing_quote_is_reported_at_the_drafts_start_with_the_question() -> None:
    draft = "山田様\n\nお問い合わせありがとうございます。\n> 月の途中でもプランを変更できますか？\nはい、変更できます。\n"
    [d] = lint(draft, inquiry=INQUIRY, rules=only("quote-questions"))
    assert draft[d.start : d.end] == "お問い合わせありがとうございます。"
    assert "いつから切り替わるのか" in d.message and "引用されていません" in d.message


def test_unanswered_quote_is_reported_at_the_quote() -> None:
    draft = "> 月の途中でもプランを変更できますか？\n> 変更後の料金はいつから切り替わるのか\n\n今後ともよろしくお願いいたします。\n"
    found = lint(draft, inquiry=INQUIRY, rules=only("quote-questions"))
    assert len(found) == 2
    assert all((d.line, d.column) == (1, 3) and "回答されていません" in d.message for d in found)


def test_yes_no_answer_reads_the_answer_after_the_quote_only() -> None:
    draft = (
        "> 月の途中でもプランを変更できますか？\n"
        "プランは管理画面の「契約」から変更します。\n\n"
        "> 変更後の料金はいつから切り替わるのか\n"
        "はい、翌日から切り替わります。\n"
    )
    [d] = lint(draft, inquiry=INQUIRY, rules=only("yes-no-answer"))
    assert (d.line, d.column) == (1, 3)
    assert "月の途中でもプランを変更できますか？" in d.message


def test_empathy_names_what_the_inquiry_said_and_skips_the_addressee() -> None:
    draft = "山田様\n\nお問い合わせありがとうございます。\nサポートの佐藤です。\n手順をご案内します。\n"
    [d] = lint(draft, inquiry=INQUIRY, rules=only("empathy"))
    assert "困って" in d.message
    assert (d.line, d.column) == (3, 1)
    assert draft[d.start : d.end].endswith("手順をご案内します。")


def test_inquiry_rules_are_skipped_without_an_inquiry() -> None:
    rules = load_rules(Settings(select=("quote-questions", "yes-no-answer", "empathy", "customer-pain")))
    outcome = run(rules, analyze("ログを送ってください。\n"), None, "<text>")
    assert outcome.diagnostics == ()
    assert set(outcome.skipped) == {"quote-questions", "yes-no-answer", "empathy", "customer-pain"}


def test_options_change_the_behaviour() -> None:
    draft = "山田様\n\nお問い合わせありがとうございます。\nサポートの佐藤です。\n手順をご案内します。\nご不便をおかけしております。\n"
    assert lint(draft, inquiry=INQUIRY, rules=only("empathy"))
    wider = load_rules(Settings(select=("empathy",), options={"empathy": {"sentences": 4}}))
    assert lint(draft, inquiry=INQUIRY, rules=wider) == []


def test_a_clear_part_of_the_question_is_enough_unless_the_team_wants_more() -> None:
    draft = "> 料金はいつから切り替わるのか\n翌月1日からです。\n\n> 月の途中でもプランを変更できますか？\nはい、変更できます。\n"
    assert lint(draft, inquiry=INQUIRY, rules=only("quote-questions")) == []
    strict = load_rules(Settings(select=("quote-questions",), options={"quote-questions": {"min-share": 0.9}}))
    [d] = lint(draft, inquiry=INQUIRY, rules=strict)
    assert "引用されていません" in d.message


RULE = """id: must-ask
kind: answer
severity: warning
summary: s
description: d
message: "「{question}」"
answers: [はい]
examples:
  invalid: [{text: いいえ, inquiry: できますか？}]
  valid: [{text: はい, inquiry: できますか？}]
"""


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "must-ask.yml"
    p.write_text(text, encoding="utf-8")
    return p


def test_a_team_rule_of_kind_answer_loads_and_runs(tmp_path: Path) -> None:
    rule = load_rule(write(tmp_path, RULE))
    assert rule.needs_inquiry
    rules = load_rules(Settings(packs=(), rule_dirs=(tmp_path,)))
    assert [d.message for d in lint("いいえ", inquiry="できますか？", rules=rules)] == ["「できますか？」"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("asks: maybe\n", "asks: expected one of"),
        ("options: {sentences: -1}\n", "options.sentences"),
        ("questions: {open: [何]}\n", "questions: missing `ask`"),
        ("echoes: [{question: [か]}]\n", "echoes[0]"),
    ],
)
def test_bad_keys_and_options_are_rule_errors(tmp_path: Path, change: str, message: str) -> None:
    with pytest.raises(RuleError) as err:
        load_rule(write(tmp_path, RULE + change))
    assert message in str(err.value)


def test_the_company_line_above_the_addressee_is_part_of_the_salutation() -> None:
    draft = "株式会社ミナト\n佐々木様\n\nいつもお世話になっております。\nサポートの田中です。\n原因は設定の誤りです。\n"
    [d] = lint(draft, inquiry=INQUIRY, rules=only("empathy"))
    assert draft[d.start : d.end] == "いつもお世話になっております。\nサポートの田中です。\n原因は設定の誤りです。"
    [q] = [d for d in lint(draft, inquiry=INQUIRY, rules=only("quote-questions")) if "プラン" in d.message]
    assert draft[q.start : q.end] == "いつもお世話になっております。"


def test_the_answer_kind_names_the_question_kinds_without_importing_them() -> None:
    """kinds/answer.py spells the kinds out so that start-up does not import the question machinery."""
    from replylint import questions
    from replylint.kinds import answer

    assert answer.ASKS == (questions.YES_NO, questions.OPEN, "any")
