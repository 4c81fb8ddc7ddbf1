from __future__ import annotations

from replylint.masks import PLACEHOLDER, URL, find_masks
from replylint.tokenizer import MAX_CALL_CHARS, tokenize


def test_fields_and_offsets() -> None:
    text = "ログを送ってください。"
    toks = tokenize(text)
    assert [t.surface for t in toks] == ["ログ", "を", "送っ", "て", "ください", "。"]
    kudasai = toks[4]
    assert (kudasai.lemma, kudasai.pos, kudasai.cform, kudasai.base) == ("下さる", "動詞-非自立可能", "命令形", "くださる")
    assert all(text[t.start : t.end] == t.surface for t in toks)


def test_spaces_are_skipped_but_offsets_stay_exact() -> None:
    text = "山田\u3000太郎 様\tです"
    toks = tokenize(text)
    assert [t.surface for t in toks] == ["山田", "太郎", "様", "です"]
    assert all(text[t.start : t.end] == t.surface for t in toks)


def test_unknown_words_keep_their_surface_as_lemma() -> None:
    toks = tokenize("ERR_403😊")
    assert [t.lemma for t in toks] == [t.surface for t in toks]
    assert toks[-1].surface == "😊"


def test_masks_become_one_token() -> None:
    text = "詳細はhttps://example.com/a?b=1をご覧ください。{{name}}様"
    toks = tokenize(text, find_masks(text))
    url = next(t for t in toks if t.lemma == URL)
    assert url.surface == "https://example.com/a?b=1"
    ph = next(t for t in toks if t.lemma == PLACEHOLDER)
    assert ph.surface == "{{name}}" and toks[-1].surface == "様"
    assert all(text[t.start : t.end] == t.surface for t in toks)


def test_nul_and_lone_surrogates_do_not_break_tagging() -> None:
    text = "確認\x00します\ud800。"
    toks = tokenize(text)
    assert all(text[t.start : t.end] == t.surface for t in toks)
    assert "します" in "".join(t.surface for t in toks)


def test_long_text_is_tagged_in_pieces() -> None:
    text = "お問い合わせありがとうございます、" * (MAX_CALL_CHARS // 10)
    toks = tokenize(text)
    assert toks[-1].end == len(text)
    assert all(text[t.start : t.end] == t.surface for t in toks[:50] + toks[-50:])


def test_features_do_not_go_stale_between_calls() -> None:
    first = tokenize("ご確認ください")
    tokenize("まったく別の文を解析します。")
    assert [t.lemma for t in first] == ["御", "確認", "下さる"]


def test_a_long_run_of_one_character_class_reaches_mecab_in_short_calls(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """MeCab is quadratic in a run it groups into one unknown word (katakana, Latin, digits,
    symbols): no call may hold more than MAX_CALL_CHARS of it, and every character is still tagged."""
    from replylint import tokenizer

    tagger = tokenizer._Tagger.get()
    sizes: list[int] = []
    real = tagger.parse
    monkeypatch.setattr(tagger, "parse", lambda text: sizes.append(len(text)) or real(text))
    for run in ("ア" * 7_000, "a" * 7_000, "1" * 7_000, "。" * 7_000, "🙇" * 7_000):
        sizes.clear()
        toks = tokenize(run)
        assert sizes and max(sizes) <= MAX_CALL_CHARS and sum(sizes) == len(run)
        assert toks[0].start == 0 and toks[-1].end == len(run)
        assert all(run[t.start : t.end] == t.surface for t in toks)
