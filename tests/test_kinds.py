"""The generic check kinds this branch extends: the `body` scope and `companion-in-sentence`."""

from __future__ import annotations

from pathlib import Path

from replylint import Settings, lint, load_rules
from replylint.document import analyze
from replylint.kinds import scoped

RULE = """\
id: link-purpose
kind: companion
severity: error
summary: リンクには目的を添える
message: 「{match}」の目的がありません。
description: テスト用。
scope: body
options: {before: 1, after: 1}
trigger:
  - tokens: [{lemma: <url>}]
companion:
  - tokens: [{lemma: 参照}]
companion-in-sentence:
  - tokens: [{lemma: 為, pos: 名詞}]
examples:
  invalid:
    - text: https://example.jp/a
  valid:
    - 手順の確認にご参照ください。https://example.jp/a
"""


def _rules(tmp_path: Path):
    folder = tmp_path / "team"
    folder.mkdir()
    (folder / "link-purpose.yml").write_text(RULE, encoding="utf-8")
    return load_rules(Settings(packs=(), rule_dirs=(folder,)))


def test_signature_lines_and_urls_are_not_body() -> None:
    doc = analyze("本文です。\nhttps://a.example.jp/doc\n\n山田\nhttps://corp.example.jp\nyamada@example.jp\n")
    body = scoped(doc, "body")
    assert [s.text for s in body] == ["本文です。", "https://a.example.jp/doc"]
    assert doc.signature_start == 2


def test_a_draft_ending_in_a_url_has_no_signature() -> None:
    doc = analyze("詳しくは下記をご覧ください。\n\nhttps://a.example.jp/doc\n")
    assert len(scoped(doc, "body")) == len(doc.own) == 2


def test_signature_url_is_ignored_by_a_body_scoped_rule(tmp_path: Path) -> None:
    rules = _rules(tmp_path)
    assert lint("ご確認ありがとうございます。\n\n山田\nhttps://corp.example.jp\n", rules=rules) == []
    assert [d.rule for d in lint("ご確認ありがとうございます。\nhttps://corp.example.jp/doc\n", rules=rules)] == ["link-purpose"]


def test_companion_in_sentence_counts_only_in_the_triggers_own_sentence(tmp_path: Path) -> None:
    rules = _rules(tmp_path)
    assert lint("設定のため、https://example.jp/a をお使いください。", rules=rules) == []
    found = lint("混雑のため、遅れております。\nhttps://example.jp/a\n", rules=rules)
    assert [d.rule for d in found] == ["link-purpose"]
    assert lint("手順はこちらをご参照ください。\nhttps://example.jp/a\n", rules=rules) == []



def test_a_hedge_can_be_switched_off_by_its_pattern_id() -> None:
    text = "基本的には月末締めです。おそらく明日届きます。"
    plain = load_rules(Settings(select=("ambiguous-expression",)))
    assert [text[d.start : d.end] for d in lint(text, rules=plain)] == ["基本的には", "おそらく"]
    tuned = load_rules(
        Settings(select=("ambiguous-expression",), options={"ambiguous-expression": {"pattern-options": {"kihonteki-ni": {"disabled": True}}}})
    )
    assert [text[d.start : d.end] for d in lint(text, rules=tuned)] == ["おそらく"]
