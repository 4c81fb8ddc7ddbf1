from __future__ import annotations

from replylint.document import Lines, analyze
from replylint.masks import Mask


def test_sentences_carry_tokens_with_source_offsets_across_lines() -> None:
    text = "お問い合わせの件、\r\n確認いたしました。\r\n> ログは送れますか？\r\n"
    doc = analyze(text)
    first, quote = doc.sentences
    assert first.text == "お問い合わせの件、確認いたしました。"
    assert all(text[t.start : t.end] == t.surface for t in first.tokens)
    assert doc.own == (first,) and doc.quotes == (quote,)
    assert doc.position(first.tokens[-2].start) == (2, 8)  # た of いたしました


def test_latin_words_split_by_a_line_break_stay_apart() -> None:
    doc = analyze("Please restart\nthe server。")
    (s,) = doc.sentences
    assert s.text == "Please restart the server。"
    assert [t.surface for t in s.tokens][:4] == ["Please", "restart", "the", "server"]


def test_lines_positions_count_characters() -> None:
    lines = Lines("😊あ\r\nい\rう\nえ")
    assert lines.position(0) == (1, 1)
    assert lines.position(2) == (1, 3)
    assert lines.position(4) == (2, 1)
    assert lines.position(6) == (3, 1)
    assert lines.line_text(1) == "😊あ" and lines.line_text(4) == "え"


def test_empty_text() -> None:
    doc = analyze("")
    assert doc.sentences == () and doc.position(0) == (1, 1)


def test_letter_parts_salutation_body_and_signature() -> None:
    text = (
        "株式会社ミナト\n佐々木様\n\nいつもお世話になっております。\n変更できます。\n\n"
        "https://example.com/help\n\n――――\nサポートセンター 田中\nTEL 03-0000-0000\n"
    )
    doc = analyze(text)
    assert [doc.sentences[i].text for i in sorted(doc.salutation)] == ["株式会社ミナト", "佐々木様"]
    assert doc.after_salutation[0].text == "いつもお世話になっております。"
    assert [s.text for s in doc.unsigned][-1] == "https://example.com/help"
    assert doc.start_span() == (text.index("いつも"), text.index("いつも") + len("いつもお世話になっております。"))


def test_a_draft_wide_finding_never_lands_on_the_customers_quote() -> None:
    assert analyze("> ログインできません。\n").start_span() == (0, 0)


def test_masked_sentence_deep_in_the_text_keeps_exact_offsets() -> None:
    text = "お世話になっております。\n\n担当の{{agent}}です。詳細は https://example.com/a?b=1 と support@example.com へ。\n"
    doc = analyze(text)
    tokens = [t for s in doc.sentences for t in s.tokens]
    assert all(text[t.start : t.end] == t.surface for t in tokens)
    assert [t.surface for t in tokens if t.lemma.startswith("<")] == ["{{agent}}", "https://example.com/a?b=1", "support@example.com"]
    assert [t.surface for t in doc.sentences[1].tokens][:3] == ["担当", "の", "{{agent}}"]


def test_a_paragraph_of_many_urls_keeps_every_mask_in_its_sentence() -> None:
    text = "".join(f"詳細は https://example.com/p{i}?q=1 をご覧ください。\n" for i in range(300))
    doc = analyze(text)
    assert len(doc.sentences) == 300 and len(doc.masks) == 300
    for i, s in enumerate(doc.sentences):
        [url] = [t for t in s.tokens if t.lemma == "<url>"]
        assert url.surface == f"https://example.com/p{i}?q=1" and text[url.start : url.end] == url.surface


def test_a_word_broken_over_a_line_spans_the_break_in_the_source() -> None:
    text = "お問い合\r\nわせの件、\r\nERR\r\n42 です。"
    (s,) = analyze(text).sentences
    assert s.text == "お問い合わせの件、ERR 42 です。"
    spans = {t.surface: (t.start, t.end) for t in s.tokens}
    assert spans["問い合わせ"] == (1, 8) and text[1:8] == "問い合\r\nわせ"
    assert text[slice(*spans["ERR"])] == "ERR" and text[slice(*spans["42"])] == "42"
    at = 0
    for t in s.tokens:  # each token's span is the source span of its place in the joined text
        at = s.text.index(t.surface, at)
        assert (t.start, t.end) == s.source_span(at, at + len(t.surface))
        at += len(t.surface)


def test_a_given_mask_running_past_a_wrapped_sentence() -> None:
    text = "件です。\nお問い合わせの\n件{{ab\n\ncd}}を確認しました。"
    start = text.index("{{")
    mask = Mask(start, text.index("}}") + 2, "<placeholder>")  # a config's pattern may span lines
    wrapped = analyze(text, masks=(mask,)).sentences[1]
    assert wrapped.text == "お問い合わせの件{{ab" and len(wrapped.segments) == 2
    assert [(t.surface, t.start) for t in wrapped.tokens][-2:] == [("件", start - 1), ("{{ab", start)]
    assert wrapped.tokens[-1].end == mask.end and all(0 <= t.start < t.end <= len(text) for t in wrapped.tokens)
