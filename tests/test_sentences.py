"""Sentence splitting on real reply shapes: brackets, wrapped lines, lists, quotes, URLs."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from replylint.masks import find_masks
from replylint.sentences import _split_nested, split, split_pieces


def texts(text: str) -> list[tuple[str, str, bool]]:
    out = []
    for u in split(text, find_masks(text)):
        out.append((u.kind, "".join(text[s:e] for s, e in u.pieces), u.quoted))
    return out


def test_terminators_and_brackets() -> None:
    text = "お問い合わせの「ログインできない。」件です。はい、可能です！次に進みます?!最後です"
    assert [t for _, t, _ in texts(text)] == [
        "お問い合わせの「ログインできない。」件です。",
        "はい、可能です！",
        "次に進みます?!",
        "最後です",
    ]


def test_parenthesised_sentence_ends_after_its_bracket() -> None:
    text = "変更できます。（手数料はかかりません。）\n次に手順です。"
    assert [t for _, t, _ in texts(text)] == ["変更できます。", "（手数料はかかりません。）", "次に手順です。"]


def test_hard_wrapped_sentence_is_one_sentence_over_several_lines() -> None:
    text = "お問い合わせいただいた件について、\n社内で確認いたしましたところ、\n現在のプランでは\nお使いいただけません。\n"
    [(kind, joined, _)] = texts(text)
    assert kind == "paragraph"
    assert joined == "お問い合わせいただいた件について、社内で確認いたしましたところ、現在のプランではお使いいただけません。"


def test_block_without_terminal_punctuation_is_read_line_by_line() -> None:
    text = "株式会社ミナト\n情報システム部\nサポートセンター 佐藤\n"
    assert [(k, t) for k, t, _ in texts(text)] == [("line", "株式会社ミナト"), ("line", "情報システム部"), ("line", "サポートセンター 佐藤")]


def test_addressee_line_stands_alone_before_greeting() -> None:
    text = "山田 太郎様\nいつもお世話になっております。\n"
    assert [(k, t) for k, t, _ in texts(text)] == [("addressee", "山田 太郎様"), ("paragraph", "いつもお世話になっております。")]


def test_quotes_are_marked_and_kept() -> None:
    text = "> 料金プランを途中で変更できますか？\n＞ 解約はいつでも可能でしょうか。\n\nはい、変更できます。\n"
    assert texts(text) == [
        ("quote", "料金プランを途中で変更できますか？", True),
        ("quote", "解約はいつでも可能でしょうか。", True),
        ("paragraph", "はい、変更できます。", False),
    ]


def test_list_items_end_sentences_and_take_indented_continuations() -> None:
    text = "手順です。\n1. 設定画面を開きます\n2. プランを選択し、\n   保存を押してください。\n・確認画面\n① 完了\n(2) 戻る\n"
    assert [(k, t) for k, t, _ in texts(text)] == [
        ("paragraph", "手順です。"),
        ("item", "設定画面を開きます"),
        ("item", "プランを選択し、保存を押してください。"),
        ("item", "確認画面"),
        ("item", "完了"),
        ("item", "戻る"),
    ]


def test_url_question_mark_does_not_end_a_sentence() -> None:
    text = "詳細は https://example.com/help?a=1&b=2 をご覧ください。\nhttps://example.com/faq?x=1\n"
    assert [(k, t) for k, t, _ in texts(text)] == [
        ("paragraph", "詳細は https://example.com/help?a=1&b=2 をご覧ください。"),
        ("url", "https://example.com/faq?x=1"),
    ]


def test_crlf_full_width_space_and_separator() -> None:
    text = "\u3000お世話になっております。\r\n――――――\r\nサポート窓口\r\n"
    assert [(k, t) for k, t, _ in texts(text)] == [("paragraph", "お世話になっております。"), ("line", "サポート窓口")]


def test_unbalanced_brackets_do_not_swallow_the_next_paragraph() -> None:
    text = "「閉じ忘れの括弧です。まだ続きます。\n\n次の段落です。"
    assert [t for _, t, _ in texts(text)] == ["「閉じ忘れの括弧です。まだ続きます。", "次の段落です。"]


def test_empty_and_whitespace_only() -> None:
    assert texts("") == []
    assert texts(" \n\u3000\n\t") == []


def test_half_width_terminator_glued_to_latin_and_runs_of_terminators() -> None:
    text = "v1.2!xを適用しました。本当ですか?!…はい。。ありがとうございます!"
    assert [t for _, t, _ in texts(text)] == ["v1.2!xを適用しました。", "本当ですか?!…", "はい。。", "ありがとうございます!"]


def test_spaces_between_sentences_and_space_only_lines_inside_a_paragraph() -> None:
    text = "\ufeff確認しました。\u3000 次に進みます。\n\u3000\u3000\n最後です。  \n"
    assert [t for _, t, _ in texts(text)] == ["確認しました。", "次に進みます。", "最後です。"]


# Plain text (no bracket, quote mark or mask) takes a regular-expression path; the scan that keeps
# a bracket stack must cut it identically.
_PLAIN = st.text(alphabet=st.sampled_from(list("あア漢aZ9 \u3000\t。！？!?…‥、.・-")), max_size=40)


@given(st.lists(_PLAIN, min_size=1, max_size=4))
@settings(max_examples=300, deadline=None)
def test_plain_and_scanning_paths_cut_alike(lines: list[str]) -> None:
    pieces, text = [], ""
    for line in lines:
        pieces.append((len(text), len(text) + len(line)))
        text += line + "\n"
    assert list(split_pieces(text, pieces, ())) == list(_split_nested(text, pieces, None))


def test_only_a_line_inside_one_mask_is_a_url_line() -> None:
    text = "  https://example.com/a?b=1  \nhttps://a.example.com/x https://b.example.com/y\n{{name}}様\nhttps://example.com/faq をご覧ください\n"
    assert [k for k, _, _ in texts(text)] == ["url", "line", "addressee", "line"]
