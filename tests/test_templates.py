"""Templates: placeholders masked and sized, Markdown/HTML prose, YAML/JSON collections, drafts vs templates."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from replylint.collection import align, entries
from replylint.config import Config, make_profile
from replylint.diagnostics import Diagnostic, Fix
from replylint.document import analyze
from replylint.linter import _no_fix_on_masks, lint_file
from replylint.markdown import CODE, html_prose, kind_of, markdown_prose
from replylint.masks import PLACEHOLDER
from replylint.source import Source
from replylint.templates import DEFAULT_WIDTH, Placeholder, Placeholders
from replylint.width import page_columns

REQUEST = "ログを送ってください。"


@pytest.fixture(scope="module")
def profile():
    return make_profile(Config())


def lint(text: str, profile, name: str = "reply.txt", template: bool = False):
    return list(lint_file(Source(name, text), profile, template=template).diagnostics)


# ---------------------------------------------------------------------------- placeholders


@pytest.mark.parametrize(
    "placeholder",
    ["{{customer_name}}", "{{ ticket.id }}", "{% if vip %}", "${name}", "%NAME%", "[[name]]"],
)
def test_each_default_placeholder_is_one_noun(placeholder: str):
    doc = analyze(f"{placeholder}様、ご連絡ありがとうございます。")
    first = doc.sentences[0].tokens[0]
    assert (first.surface, first.lemma, first.pos.split("-")[0]) == (placeholder, PLACEHOLDER, "名詞")


def test_a_placeholder_with_sentence_punctuation_does_not_split_the_sentence():
    doc = analyze("{% if answer == '？' %}回答は以下のとおりです。")
    assert [s.text for s in doc.sentences] == ["{% if answer == '？' %}回答は以下のとおりです。"]


def test_configured_placeholders_are_masked_with_their_width():
    ph = Placeholders.with_extra([Placeholder.parse({"pattern": r"<<[^<>]+>>", "width": 10})])
    text = "<<担当者名>>が対応いたします。{{x}}"
    masks = ph.masks(text)
    assert [(text[m.start : m.end], m.width) for m in masks] == [("<<担当者名>>", 10.0), ("{{x}}", DEFAULT_WIDTH)]


@pytest.mark.parametrize("bad", ["(", "", "a*", {"pattern": "x", "width": -1}, {"regex": "x"}, 3])
def test_bad_placeholder_entries_are_refused(bad):
    with pytest.raises(ValueError):
        Placeholder.parse(bad)


def test_a_long_placeholder_counts_as_its_width_not_its_spelling(profile):
    # 90 full-width columns of prose and a 60-character placeholder (30 columns as spelled):
    # 120 columns is 4 display lines of 35, but at the default width of 4 it is 94 columns, 3 lines.
    prose = ("弊社サービスの管理画面に関するお問い合わせにつきまして、" * 4)[:87] + "。"
    text = "{{customer.contract.primary_contact_person_full_name_kanji}}様の" + prose
    assert page_columns(text) == 120
    def lengths(p):  # the prose repeats itself on purpose; only the length rule is under test
        return [d.rule for d in lint(text, p, template=True) if d.rule == "sentence-length"]

    assert lengths(profile) == []
    wide = make_profile(Config(placeholders=(Placeholder(r"\{\{customer\.[a-z_.]+\}\}", 40),)))
    assert lengths(wide) == ["sentence-length"]


def test_a_fix_that_touches_a_placeholder_is_dropped():
    text = "{{name}}様、ありがとうございます。"
    masks = Placeholders.with_extra().masks(text)
    base = Diagnostic("x", "r", "error", "m", 0, 8, 1, 1, 1, 9)
    on = replace(base, fix=Fix(2, 4, "x"))
    off = replace(base, fix=Fix(9, 10, "。"))
    got = _no_fix_on_masks([on, off], masks)
    assert got[0].fix is None and got[1].fix == Fix(9, 10, "。")


# ---------------------------------------------------------------------------- drafts and templates


def test_a_draft_with_a_placeholder_or_filler_is_an_error(profile):
    text = "{{customer_name}}様\n\nお問い合わせの件、〇〇日に対応いたします。\n"
    got = [(d.rule, d.severity, d.line, d.column) for d in lint(text, profile)]
    assert got == [("unfilled-placeholder", "error", 1, 1), ("unfilled-placeholder", "error", 3, 10)]


def test_a_template_may_hold_placeholders(profile):
    text = "{{customer_name}}様\n\nお問い合わせの件、〇〇日に対応いたします。\n"
    assert lint(text, profile, template=True) == []
    globbed = make_profile(Config(templates=("canned/**",)))
    assert lint_file(Source("canned/a.txt", text), globbed).diagnostics == ()
    assert [d.rule for d in lint_file(Source("drafts/a.txt", text), globbed).diagnostics] == ["unfilled-placeholder"] * 2


# ---------------------------------------------------------------------------- Markdown and HTML


MD = """---
title: ログ送付のお願い
tags: [ログを送ってください]
---
# ログ送付のお願い

{{customer_name}}様

`journalctl` の出力を送ってください。

```sh
# ログを送ってください。
journalctl -u app > log.txt
```

    ログを送ってください。

詳しくは[ヘルプ](https://example.com/help?q=送ってください)をご覧ください。<span class="note">**重要**</span>
![ログを送ってください](img.png)
"""


def test_markdown_prose_keeps_offsets_and_drops_markup():
    prose = markdown_prose(MD)
    assert len(prose.text) == len(MD)
    assert prose.text.count("\n") == MD.count("\n")
    assert "title" not in prose.text and "journalctl -u" not in prose.text and "https://" not in prose.text
    assert "span" not in prose.text and "img.png" not in prose.text and "**" not in prose.text
    assert "ヘルプ" in prose.text and "{{customer_name}}" in prose.text
    (code,) = prose.masks
    assert (MD[code.start : code.end], code.kind) == ("`journalctl`", CODE)


def test_markdown_request_outside_code_is_found_at_its_real_place(profile):
    got = [(d.rule, d.line, d.column) for d in lint(MD, profile, name="t.md", template=True)]
    assert got == [("request-reason", 9, 18)]


def test_indented_list_continuation_is_prose_not_code():
    text = "1. 手順\n\n    ログを送ってください。\n"
    assert "ログ" in markdown_prose(text).text
    assert "ログ" not in markdown_prose("はじめに。\n\n    ログを送ってください。\n").text


def test_a_placeholder_that_looks_like_a_link_is_kept():
    text = "[[name]]様、[ヘルプ](https://e.com)をご覧ください。"
    prose = markdown_prose(text, [(0, 8)])
    assert prose.text.startswith("[[name]]様")


def test_html_prose():
    text = '<html><style>p{}</style><p class="x">お問い合わせありがとうございます。<br>\n<a href="{{url}}">ログを送ってください。</a></p>'
    prose = html_prose(text)
    assert len(prose.text) == len(text)
    assert prose.text.split() == ["お問い合わせありがとうございます。", "ログを送ってください。"]


def test_kind_of():
    assert [kind_of(n) for n in ("a.md", "B.Markdown", "c.html", "d.HTM", "e.txt")] == ["markdown", "markdown", "html", "html", None]


# ---------------------------------------------------------------------------- collections


COLLECTION = """# canned responses
replies:
  - id: login
    title: ログインできない
    body: |
      {{customer_name}}様

      原因を調べるため、ログを送ってください。
  - id: refund
    body: "{{customer_name}}様、返金を承りました。\\n口座番号を送ってください。"
  - id: nested
    variants:
      - body: 'ログを送ってください。'
"""


def test_entries_map_every_character_to_the_file():
    got = list(entries(COLLECTION, "c.yaml", "body"))
    assert [e.key_path for e in got] == ["replies[0].body", "replies[1].body", "replies[2].variants[0].body"]
    for e in got:
        for i, ch in enumerate(e.text):
            raw = COLLECTION[e.offsets[i]]
            assert raw == ch or (ch == "\n" and raw == "\\"), (e.key_path, i, ch, raw)


def test_dotted_key_path_selects_only_that_field():
    assert [e.key_path for e in entries(COLLECTION, "c.yaml", "variants.body")] == ["replies[2].variants[0].body"]


def test_collection_diagnostics_point_at_the_real_line(profile):
    config = Config(collections=(("*.yaml", "body"),))
    result = lint_file(Source("c.yaml", COLLECTION), make_profile(config))
    got = [(d.rule, d.line, d.column, COLLECTION[d.start : d.end]) for d in result.diagnostics]
    assert got == [("request-reason", 10, 47, "送ってください"), ("request-reason", 13, 19, "送ってください")]


def test_json_collection_with_escapes_and_astral_characters(profile):
    data = {"items": [{"body": "😀ありがとうございます。\nログを送ってください。"}, {"body": "了解です。"}]}
    text = json.dumps(data, indent=2)  # ASCII-only: every Japanese character is a \\u escape
    config = Config(collections=(("*.json", "body"),))
    (d,) = lint_file(Source("c.json", text), make_profile(config)).diagnostics
    assert (d.rule, d.line) == ("request-reason", 4)
    assert text[d.start : d.end] == "".join(f"\\u{ord(c):04x}" for c in "送ってください")


def test_a_broken_collection_is_an_error_result(profile):
    config = Config(collections=(("*.yaml", "body"),))
    result = lint_file(Source("c.yaml", "replies: [\n  body: x\n"), make_profile(config))
    assert result.error and "line" in result.error


def test_align_falls_back_to_none_when_text_differs():
    assert align("abc", '"xyz"', 0, True) is None
    assert align("a b", "a\n  b", 10, False) == (10, 11, 14, 15)


def test_a_placeholder_is_never_counted_as_punctuation(tmp_path):
    from replylint.ruleset import Settings, load_rules

    (tmp_path / "team").mkdir()
    (tmp_path / "team" / "max-commas.yml").write_text(
        """\
id: max-commas
kind: metric
severity: warning
summary: 読点は一文に一つまで
message: 読点が{value}個あります。
description: test rule
metric: count
options: {max: 1}
patterns:
  - "、"
examples:
  invalid: [二つ、三つ、あります。]
  valid: [一つ、あります。]
""",
        encoding="utf-8",
    )
    rules = load_rules(Settings(packs=(), rule_dirs=(tmp_path / "team",)))
    from replylint import lint

    assert [d.rule for d in lint("{{ a、b、c }}様、ご連絡ありがとうございます。", rules=rules)] == []
    assert [d.rule for d in lint("山田様、ご連絡、ありがとうございます。", rules=rules)] == ["max-commas"]


def test_html_entities_are_not_words():
    text = "<p>料金&amp;プラン&#12290;をご確認ください。</p>"
    assert html_prose(text).text.split() == ["料金", "プラン", "をご確認ください。"]


def test_markdown_with_crlf_keeps_lines(profile):
    text = "---\r\ntitle: x\r\n---\r\n```\r\nログを送ってください。\r\n```\r\n\r\nログを送ってください。\r\n"
    prose = markdown_prose(text)
    assert prose.text.count("\r\n") == text.count("\r\n")
    assert [(d.rule, d.line, d.column) for d in lint(text, profile, name="a.md")] == [("request-reason", 8, 4)]
