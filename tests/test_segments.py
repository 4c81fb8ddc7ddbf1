"""Very long texts are checked in parts; the parts cover the text and diagnostics keep exact places."""

from __future__ import annotations

import replylint
from replylint.segments import lint_long, segments


def test_parts_cover_the_text_and_prefer_blank_lines() -> None:
    text = ("ログを送ってください。\n" * 30 + "\n") * 20
    parts = segments(text, 500)
    assert parts[0][0] == 0 and parts[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(parts, parts[1:]))
    assert all(e - s <= 500 for s, e in parts)
    assert all(text[s - 2 : s] == "\n\n" for s, _ in parts[1:])


def test_a_single_huge_line_is_still_cut() -> None:
    text = "あ" * 1234
    parts = segments(text, 100)
    assert parts[-1][1] == len(text) and all(e - s <= 100 for s, e in parts)


def test_diagnostics_in_parts_match_the_whole_text() -> None:
    block = "お問い合わせありがとうございます。\n\nログを送ってください。\n設定画面からご確認ください。\n\n"
    text = block * 40
    rules = replylint.load_rules()
    whole = replylint.lint(text, rules=rules)

    def check(doc):  # type: ignore[no-untyped-def]
        outcome = replylint.engine.run(rules, doc, None, "<text>")
        return outcome.diagnostics, outcome.skipped

    parted, _ = lint_long(text, check, size=300)
    assert [(d.rule, d.start, d.end, d.line, d.column, d.end_line, d.end_column) for d in parted] == [
        (d.rule, d.start, d.end, d.line, d.column, d.end_line, d.end_column) for d in whole
    ]
