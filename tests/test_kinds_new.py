"""The kinds added for the general pack, tested through their YAML keys and options directly:
pattern fixes/allows/pattern-options, quota, repetition and consistency, plus their load errors."""

from __future__ import annotations

from typing import Any, Mapping

import pytest

from replylint import analyze
from replylint.kinds import Context, KindError, consistency, fixspec, pattern, quota, repetition


def _run(module: Any, spec: Mapping[str, Any], text: str, **options: Any) -> list:
    check = module.build(spec, {**module.OPTIONS, **options})
    return list(check.run(Context(analyze(text))))


def _spans(module: Any, spec: Mapping[str, Any], text: str, **options: Any) -> list[str]:
    return [text[f.start : f.end] for f in _run(module, spec, text, **options)]


# fixspec -----------------------------------------------------------------------------------------

def test_fix_forms() -> None:
    assert fixspec.compile_fix("", "fix").apply("することが") == ""
    assert fixspec.compile_fix("「{match}」", "fix").apply("a") == "「a」"
    assert fixspec.compile_fix({"sub": [["出来", "でき"]]}, "fix").apply("出来れ") == "できれ"
    assert fixspec.compile_fix({"halfwidth": True}, "fix").apply("ＩＤ１２ａ－") == "ID12a－"


@pytest.mark.parametrize("bad", [3, {"sub": []}, {"sub": [["(", "x"]]}, {"halfwidth": False}, {"other": 1}])
def test_bad_fix_is_a_load_error(bad: Any) -> None:
    with pytest.raises(KindError):
        fixspec.compile_fix(bad, "patterns[0].fix")


# pattern: fix, allows, pattern-options -----------------------------------------------------------

SPEC = {
    "patterns": [
        {"id": "dekiru", "tokens": [{"lemma": "出来る", "base": "出来る"}], "fix": {"sub": [["出来", "でき"]]}},
        {"id": "okonau", "tokens": [{"pos": "名詞"}, {"surface": "を"}, {"lemma": "行う"}], "allows": ["/^テスト/"]},
        {"id": "wide", "regex": "[Ａ-Ｚ]+", "fix": {"halfwidth": True}},
    ]
}


def test_pattern_fix_is_attached_to_its_finding() -> None:
    (f,) = _run(pattern, SPEC, "明日対応出来ます。")
    assert f.fix is not None and (f.fix.replacement, f.args["fixed"]) == ("でき", "でき")


def test_pattern_allows_and_pattern_options() -> None:
    text = "テストを行います。調査を行います。"
    assert _spans(pattern, SPEC, text) == ["調査を行い"]
    assert _spans(pattern, SPEC, text, **{"pattern-options": {"okonau": {"allows": []}}}) == ["テストを行い", "調査を行い"]
    assert _spans(pattern, SPEC, text, **{"pattern-options": {"okonau": {"disabled": True}}}) == []


def test_pattern_options_name_known_ids() -> None:
    with pytest.raises(KindError, match="no pattern with id 'dict5'"):
        pattern.build(SPEC, {"pattern-options": {"dict5": {"disabled": True}}})


def test_regex_matches_never_touch_masks() -> None:
    assert _spans(pattern, SPEC, "{{ＮＡＭＥ}}様 ＩＤ") == ["ＩＤ"]


# quota -------------------------------------------------------------------------------------------

COMMAS = {
    "patterns": [{"tokens": [{"surface": ["、", "，"]}]}],
    "between": {"pos": ["名詞", "代名詞"], "not": {"pos": "名詞-普通名詞-副詞可能"}},
    "skip": {"pos": ["補助記号-括弧開", "補助記号-括弧閉"]},
}


def test_quota_reports_the_mark_over_the_limit_and_restarts() -> None:
    text = "これは、" * 9 + "です。"
    found = _run(quota, COMMAS, text)
    assert [f.args["count"] for f in found] == [4, 4]
    assert found[0].start == text.index("、", 12)


def test_quota_counts_per_sentence_even_inside_one_line() -> None:
    assert _run(quota, COMMAS, "これは、これは、これは。これは、これは、これは") == []


def test_quota_between_exemption_and_strict() -> None:
    text = "日時、場所、参加者、目的、予算をご連絡ください。"
    assert _run(quota, COMMAS, text) == []
    assert len(_run(quota, COMMAS, text, strict=True)) == 1


def test_quota_touten_and_kuten() -> None:
    assert len(_run(quota, COMMAS, "これは，これは，これは。これは，これは，これは，どうですか?", touten="，", kuten="．")) == 1
    assert _run(quota, COMMAS, "これは、これは、これは、これは、これは", touten="，") == []


def test_quota_bad_max() -> None:
    with pytest.raises(KindError):
        quota.build(COMMAS, {**quota.OPTIONS, "max": -1})


# repetition --------------------------------------------------------------------------------------

PARTICLES = {
    "items": {"pos": "助詞"},
    "key": ["surface", "pos"],
    "merge": True,
    "spacers": {"pos": ["補助記号-括弧開", "補助記号-括弧閉"]},
    "exceptions": [{"tokens": [{"surface": "の", "pos": "助詞-格助詞"}]}],
}


def test_repetition_interval_counts_items_and_spacers() -> None:
    assert _spans(repetition, PARTICLES, "材料不足で代替素材で作った。") == ["で"]
    assert _spans(repetition, PARTICLES, "私は彼の鼻は好きだ。") == []
    assert _spans(repetition, PARTICLES, "私は彼の鼻は好きだ。", **{"min-interval": 2}) == ["は"]
    assert _spans(repetition, PARTICLES, "画面で、設定で変更します。") == []
    assert _spans(repetition, PARTICLES, "画面で、設定で変更します。", strict=True) == ["で"]


def test_repetition_merges_compound_particles() -> None:
    assert _spans(repetition, PARTICLES, "文字列にはそこには問題がある。") == ["には"]
    assert _spans(repetition, PARTICLES, "ここには机で問題がある。") == []


def test_repetition_exceptions_only_apply_without_strict() -> None:
    assert _spans(repetition, PARTICLES, "既存のコードの利用") == []
    assert _spans(repetition, PARTICLES, "既存のコードの利用", strict=True) == ["の"]


def test_repetition_allow_and_separators() -> None:
    assert _spans(repetition, PARTICLES, "私は彼は好きだ。", allow=["は"]) == []
    assert _spans(repetition, PARTICLES, "私は彼は好きだ。", allow=["/^[はが]$/"]) == []
    assert _spans(repetition, PARTICLES, "これはペンです♪これは鉛筆です♪", **{"separator-characters": ["♪"]}) == []
    assert _spans(repetition, PARTICLES, "これがiPhone、これがAndroidです。", **{"comma-characters": []}) == ["が"]


WORDS = {"items": {"pos": "/.*/", "not": {"pos": ["補助記号", "記号"]}}, "distance": "tokens", "onomatopoeia": "[ァ-ヶー]+"}


def test_repetition_adjacent_words_and_onomatopoeia() -> None:
    assert _spans(repetition, WORDS, "これはは問題です。") == ["は"]
    assert _spans(repetition, WORDS, "＿人人人人人人＿") == ["人人", "人人"]
    assert _spans(repetition, WORDS, "すもももももももものうち") == []
    assert _spans(repetition, WORDS, "動作がカクカクする。") == []
    assert _spans(repetition, WORDS, "動作がカクカクする。", **{"allow-onomatopoeia": False}) == ["カク"]


OPENERS = {"items": {"pos": "接続詞"}, "compare": "sentence-openers"}


def test_repetition_sentence_openers_within_a_block() -> None:
    assert _spans(repetition, OPENERS, "朝起きた。そして昼は仕事をした。そして夜に寝た") == ["そして"]
    assert _spans(repetition, OPENERS, "そして朝起きた。昼は仕事をした。そして夜に寝た。") == ["そして"]
    assert _spans(repetition, OPENERS, "そして朝起きた。けれど昼は仕事をした。そして夜に寝た。") == []
    assert _spans(repetition, OPENERS, "そして朝起きた。\n\nそして夜に寝た。") == []


@pytest.mark.parametrize(
    ("spec", "options"),
    [
        ({"items": {"pos": "助詞"}, "key": ["colour"]}, {}),
        ({"items": {"pos": "助詞"}, "compare": "nearby"}, {}),
        ({"items": {"pos": "助詞"}, "distance": "lines"}, {}),
        ({"items": {"pos": "助詞"}}, {"min-interval": 0}),
        ({"items": {"pos": "助詞"}}, {"allow": ["/(/"]}),
    ],
)
def test_repetition_bad_keys_and_options(spec: Mapping[str, Any], options: Mapping[str, Any]) -> None:
    with pytest.raises(KindError):
        repetition.build(spec, {**repetition.OPTIONS, **options})


# consistency -------------------------------------------------------------------------------------

STYLES = {
    "styles": {
        "ですます": {
            "aliases": ["です"],
            "final": [{"tokens": [{"lemma": ["です", "ます"]}, {"pos": "助詞-終助詞", "repeat": [0, 2]}]}],
            "connective": [{"tokens": [{"lemma": ["です", "ます"]}, {"pos": "助詞-接続助詞"}]}],
        },
        "である": {
            "final": [{"tokens": [{"surface": "で", "lemma": "だ"}, {"lemma": "有る"}, {"lemma": "た", "optional": True}]}],
            "connective": [{"tokens": [{"surface": "で", "lemma": "だ"}, {"lemma": "有る"}, {"pos": "助動詞", "repeat": [0, 2]}, {"pos": "助詞-接続助詞"}]}],
        },
    }
}


def test_consistency_majority_tie_and_prefer() -> None:
    text = "今日はいい天気ですね。\n今日はいい天気ですね。\n今日はいい天気である。\n"
    assert _spans(consistency, STYLES, text) == ["である。"]
    tie = "今日はいい天気ですね。\n今日はいい天気である。\n"
    assert _spans(consistency, STYLES, tie) == ["である。"]
    assert _spans(consistency, STYLES, tie, prefer="である") == ["ですね。"]
    assert _spans(consistency, STYLES, tie, prefer="です") == ["である。"]


def test_consistency_final_only_unless_strict() -> None:
    text = "昨日はいい天気であったが、今日は雨です。"
    assert _run(consistency, STYLES, text) == []
    assert _spans(consistency, STYLES, text, strict=True) == ["であったが"]


def test_consistency_groups_body_and_items_apart() -> None:
    text = "手順は以下のとおりです。\n- 画面を開くのである\n- 保存する\n"
    assert _run(consistency, STYLES, text) == []


def test_consistency_bad_prefer() -> None:
    with pytest.raises(KindError, match="prefer"):
        consistency.build(STYLES, {**consistency.OPTIONS, "prefer": "敬体"})


@pytest.mark.parametrize("spec", [PARTICLES, WORDS, {**PARTICLES, "distance": "tokens"}, {**WORDS, "merge": True}])
@pytest.mark.parametrize("interval", [1, 2, 5])
def test_repetition_shortcut_never_skips_a_sentence_that_reports(spec: Mapping[str, Any], interval: int) -> None:
    check = repetition.build(spec, {**repetition.OPTIONS, "min-interval": interval, "strict": True})
    texts = ["材料不足で代替素材で作った。", "私は彼の鼻は好きだ。", "文字列にはそこには問題がある。", "これはは問題です。",
             "東京から大阪までには、京都からも行ける。", "ご確認のほど、よろしくお願いいたします。", "人人人", "AとBとCとDと"]
    doc = analyze("\n".join(texts))
    skipped = [s for s in doc.sentences if not check._may_repeat(s)]
    assert skipped and all(check._within(doc.text, s, set()) == [] for s in skipped)
    assert len(skipped) < len(doc.sentences)


@pytest.mark.parametrize("spec", [PARTICLES, WORDS, {**PARTICLES, "distance": "tokens"}, {**WORDS, "merge": True}, {**PARTICLES, "merge": False}])
@pytest.mark.parametrize("options", [{"min-interval": 1}, {"min-interval": 2}, {"min-interval": 1, "strict": True}, {"separator-characters": ["。", "は"]}])
def test_repetition_draft_prefilter_never_drops_a_sentence_that_reports(spec: Mapping[str, Any], options: Mapping[str, Any]) -> None:
    """_repeating (one pass over the draft's tokens) keeps every sentence with a finding and only sentences _may_repeat keeps."""
    from replylint.patterns import flat

    check = repetition.build(spec, {**repetition.OPTIONS, **options})
    texts = ["材料不足で代替素材で作った。", "私は彼の鼻は好きだ。", "私は（彼は）来る。", "文字列にはそこには問題がある。", "これはは問題です。",
             "東京から大阪までには、京都からも行ける。", "ご確認のほど、よろしくお願いいたします。", "人人人", "AとBとCとDと",
             "それではまでにはからは来る。", "彼は、彼は来た。", "はは"]
    doc = analyze("\n".join(texts))
    sentences = doc.own
    run = flat(doc, sentences)
    is_items = check._flags(run.tokens) if check.distance != "tokens" else []
    kept = set(check._repeating(run, is_items, check._spacer_counts(run.tokens, is_items), len(sentences)))
    reporting = {k for k, s in enumerate(sentences) if check._within(doc.text, s, set())}
    assert reporting <= kept
    assert reporting or check.distance == "tokens"  # the particle specs report in these texts
    assert kept <= {k for k, s in enumerate(sentences) if check._may_repeat(s)}
    assert [f.start for f in check.run(Context(doc))] == [f.start for s in sentences for f in check._within(doc.text, s, check._exempt(s) if check.exceptions and not check.strict else set())]


def test_quota_text_bound_is_never_below_the_count() -> None:
    check = quota.build(COMMAS, {**quota.OPTIONS, "max": 0, "strict": True})
    marked = quota.build({"patterns": [{"tokens": [{"pos": "名詞"}, {"surface": "、", "mark": True}]}]}, {**quota.OPTIONS, "max": 0})
    doc = analyze("日時、場所、参加者をご連絡ください。\nこれは，あれは、どれも。\n、、、\n「、」と書く。")
    assert check._words == ("、", "，")
    assert marked._words is None  # a marked pattern's matches may share tokens: no bound from the text
    for s in doc.sentences:
        assert check._at_most(s) >= len(check._occurrences(s, 0))


def test_metric_display_lines_shortcut_agrees_with_the_measure() -> None:
    from replylint.kinds import metric

    check = metric.build({"metric": "display-lines"}, {**metric.OPTIONS, "max-lines": 1, "line-width": 10})
    assert check.short == 10
    text = "あ" * 10 + "。\n" + "い" * 9 + "。\n" + "a" * 18 + "。\n" + "う" * 11 + "。"
    assert [text[f.start : f.end] for f in check.run(Context(analyze(text)))] == ["あ" * 10 + "。", "う" * 11 + "。"]
    assert metric.build({"metric": "display-lines"}, {**metric.OPTIONS, "max-lines": 0.5}).short == -1


def test_consistency_skips_a_draft_only_one_style_can_be_found_in() -> None:
    check = consistency.build(STYLES, consistency.OPTIONS)
    only_one = "確認しました。送ります。ですので大丈夫です。"
    assert not check.styles[1].final.live(analyze(only_one))  # no で+有る anywhere: である cannot be used
    assert list(check.run(Context(analyze(only_one)))) == []
    mixed = "確認しました。問題である。送ります。"
    assert [f.args["match"] for f in check.run(Context(analyze(mixed)))] == ["である。"]
    preferred = consistency.build(STYLES, {**consistency.OPTIONS, "prefer": "である"})
    assert [f.args["match"] for f in preferred.run(Context(analyze(only_one)))] == ["ます。", "です。"]


def test_live_uses_both_the_lemma_and_the_spelling_a_condition_names() -> None:
    from replylint.patterns import compile_patterns

    patterns = compile_patterns([{"tokens": [{"pos": "名詞"}, {"lemma": "だ", "surface": ["だ", "だっ"]}]}], "p")
    assert not patterns.live(analyze("必要な書類をください。"))  # lemma だ (な), spelling だ only inside ください
    assert patterns.live(analyze("必要だ。"))


def test_pattern_regex_whose_character_is_only_inside_masks_is_not_run() -> None:
    from replylint.kinds.pattern import _outside_masks

    spec = {"patterns": [{"id": "x", "regex": "[Xx]{3,}"}, {"id": "t", "tokens": [{"lemma": "下さる"}]}]}
    check = pattern.build(spec, pattern.OPTIONS)
    doc = analyze("https://example.com/xxxx をご覧ください。")
    assert doc.masks and _outside_masks(check.patterns, doc.text, doc.masks).origin == (1,)
    assert [f.args["match"] for f in check.run(Context(doc))] == ["ください"]
    filled = analyze("https://example.com/ をご覧ください。XXXX様")
    assert [f.args["match"] for f in check.run(Context(filled))] == ["ください", "XXXX"]


def test_a_word_repeated_back_to_back_is_reported_at_most_ten_times_in_a_row() -> None:
    """Bounded output for hostile text: a 2 MB line of one character is one slip, not a million
    diagnostics; real repetitions (＿人人人人人人＿: 2, as textlint) are reported as before."""
    from replylint import lint

    def count(text: str) -> int:
        return len([d for d in lint(text) if d.rule == "successive-word"])

    assert [count("漢" * 2000), count("＿人人人人人人＿"), count("ご連絡連絡連絡ありがとうございます。")] == [10, 2, 2]
    assert count("連絡連絡。" + "漢" * 50 + "。連絡連絡。") == 12  # each run has its own ten
