from __future__ import annotations

import pytest

from replylint.document import analyze
from replylint.patterns import Pattern, PatternError, compile_patterns, find_all


def spans(spec: object, text: str) -> list[str]:
    doc = analyze(text)
    (pattern,) = compile_patterns([spec], "p")
    return [text[m.start : m.end] for s in doc.sentences for m in pattern.finditer(s)]


def test_lemma_and_cform() -> None:
    assert spans({"tokens": [{"lemma": "下さる", "cform": "命令形"}]}, "ご確認ください。お送り下さい。") == ["ください", "下さい"]


def test_pos_matches_by_levels_not_by_prefix_string() -> None:
    assert spans({"tokens": [{"pos": "名詞-普通名詞"}]}, "ログを確認") == ["ログ", "確認"]
    assert spans({"tokens": [{"pos": "名詞-普通"}]}, "ログを確認") == []
    assert spans({"tokens": [{"pos": "助詞"}]}, "送ります") == []  # 助動詞 is not 助詞


def test_alternatives_regex_optional_repeat_not_and_mark() -> None:
    text = "ログを送っていただけますでしょうか。"
    spec = {"tokens": [{"pos": "動詞", "optional": True}, {"surface": ["て", "で"], "optional": True},
                       {"lemma": "頂く", "mark": True}, {"pos": "助動詞", "repeat": [1, 3], "mark": True},
                       {"surface": "/^か$/"}]}
    assert spans(spec, text) == ["いただけますでしょう"]
    assert spans({"tokens": [{"pos": "助詞", "not": {"surface": "を"}}]}, text) == ["て", "か"]


def test_regex_pattern_over_sentence_text_maps_to_source() -> None:
    text = "お問い合わせの件、\n確認いたしました。"
    assert spans("件、確認", text) == ["件、\n確認"]


def test_exceptions_remove_overlapping_matches() -> None:
    doc = analyze("よろしくお願いいたします。設定をお願いします。")
    pats = compile_patterns([{"tokens": [{"lemma": "願う"}]}], "t")
    exc = compile_patterns([{"tokens": [{"lemma": "宜しく"}, {"surface": "お"}, {"lemma": "願う"}]}], "e")
    found = [m for s in doc.sentences for m in find_all(pats, s, exc)]
    assert [doc.text[m.start : m.end] for m in found] == ["願い"]
    assert found[0].start == doc.text.index("願い", 14)


@pytest.mark.parametrize(
    ("spec", "where"),
    [
        ({"tokens": [{"lemma": "下さる", "lema": "x"}]}, "p[0].tokens[0].lema"),
        ({"tokens": [{"surface": "/(/"}]}, "p[0].tokens[0].surface"),
        ({"tokens": [{"repeat": [3, 1]}]}, "p[0].tokens[0].repeat"),
        ({"tokens": [{"optional": True}]}, "p[0].tokens"),
        ({"regex": "a", "tokens": [{}]}, "p[0]"),
        ("(unclosed", "p[0]"),
        (42, "p[0]"),
    ],
)
def test_bad_patterns_say_where(spec: object, where: str) -> None:
    with pytest.raises(PatternError) as err:
        compile_patterns([spec], "p")
    assert err.value.where == where


def test_a_pattern_has_an_id() -> None:
    assert Pattern({"id": "closing", "tokens": [{"lemma": "宜しく"}]}, "p").id == "closing"


def test_regex_probe_finds_a_character_every_match_needs() -> None:
    from replylint.patterns import _required_probe

    probe = _required_probe("(?<![一二])[〇○]{2,}(?![一二])|＿{2,}|(?:[Xx]{3,})")
    assert probe is not None and all(probe.search(s) for s in ("〇〇", "＿＿", "xxx")) and probe.search("お問い合わせ") is None
    assert _required_probe("ら?れる").search("見れる") and not _required_probe("ら?れる").search("見ます")
    # what the stdlib would read differently, or case-insensitively, gets no probe
    assert _required_probe("(?i)abc") is None and _required_probe("(?:abc){e<=1}") is None and _required_probe("a|b?") is None


def test_regex_probe_keeps_matches_and_skips_sentences_without_the_character() -> None:
    text = "〇〇様\nお問い合わせありがとうございます。担当の＿＿です。"
    assert spans("[〇＿]{2,}", text) == ["〇〇", "＿＿"]
    (pattern,) = compile_patterns(["[〇＿]{2,}"], "p")
    assert [pattern.possible(s) for s in analyze(text).sentences] == [True, False, True]


def test_token_conditions_with_many_fields_and_one_not() -> None:
    spec = {"tokens": [{"pos": "動詞", "cform": "連用形", "lemma": "送る", "ctype": "五段-サ行", "not": {"surface": "送り"}}]}
    assert spans(spec, "ログを送ってください。送りました。") == []
    spec = {"tokens": [{"pos": "動詞", "cform": "連用形", "lemma": "送る", "not": {"surface": "送り"}}]}
    assert spans(spec, "ログを送ってください。送りました。") == ["送っ"]
    spec = {"tokens": [{"pos": "動詞", "cform": "連用形", "lemma": "送る", "ctype": "五段-ラ行", "not": [{"surface": "送り"}, {"surface": "x"}]}]}
    assert spans(spec, "ログを送ってください。送りました。") == ["送っ"]


def test_possible_at_looks_patterns_up_by_lemma_and_keeps_their_order() -> None:
    patterns = compile_patterns([{"tokens": [{"lemma": "送る"}]}, "[〇＿]{2,}", {"tokens": [{"lemma": "確認"}]},
                                 {"tokens": [{"pos": "動詞"}]}, {"tokens": [{"lemma": ["確認", "送る"]}]}], "p")
    doc = analyze("ログを送ってご確認ください。\n〇〇様\nよろしくお願いいたします。")
    assert [patterns.possible_at(s) for s in doc.sentences] == [[0, 2, 3, 4], [1, 3], [3]]
    # what it skips, no pattern would have matched
    for s in doc.sentences:
        assert [k for k, p in enumerate(patterns) if next(p.finditer(s), None)] == [k for k in patterns.possible_at(s) if next(patterns[k].finditer(s), None)]


def test_a_rule_regex_is_checked_at_load_but_compiled_on_first_use() -> None:
    """Start-up: the stdlib parser vets the syntax; `regex` compiles only what runs."""
    from replylint.patterns import compile_regex

    lazy = compile_regex("ください|下さい", "patterns[0]")
    assert lazy._regex is None
    long = "ログを送ってください" + "。" * 100
    assert lazy.search(long).group() == "ください" and lazy._regex is not None
    only_regex_knows = compile_regex(r"\p{Han}+", "patterns[1]")  # the stdlib refuses \p: compiled now
    assert only_regex_knows._regex is not None and only_regex_knows.fullmatch("漢字")
    for broken in ("(ください", "a{2,1}", "[z-a]"):
        with pytest.raises(PatternError, match="bad regular expression"):
            compile_regex(broken, "patterns[2]")


def test_multi_field_condition_is_decided_at_c_speed_and_agrees_with_the_test() -> None:
    from replylint.patterns import flags

    (pattern,) = compile_patterns([{"tokens": [{"pos": "動詞", "cform": "連用形", "not": {"lemma": "為る"}}]}], "p")
    test = pattern.elements[0].test
    assert not hasattr(test, "memo")  # made on first use, not when rules load
    tokens = analyze("ログを確認し、設定を送り、再起動してください。").sentences[0].tokens
    assert flags(test, tokens) == [test(t) for t in tokens]
    assert len(test.memo) == len({(t.pos, t.cform, t.lemma) for t in tokens})  # several fields: one memo keyed on their values
    assert flags(test, tokens) == [test(t) for t in tokens]  # second time from the memo
    (anything,) = compile_patterns([{"tokens": [{}]}], "p")
    assert flags(anything.elements[0].test, tokens) == [True] * len(tokens)


def test_pattern_without_a_word_need_is_anchored_on_its_first_required_element() -> None:
    # No lemma or surface to index: matches start only near tokens of {pos: 動詞}, with optional context before.
    spec = {"tokens": [{"pos": "接頭辞", "optional": True}, {"pos": "名詞", "optional": True}, {"pos": "動詞", "cform": "連用形"}, {"surface": "、"}]}
    assert spans(spec, "ご確認し、設定を送り、最後に再起動する。") == ["ご確認し、", "送り、"]
    assert spans({"tokens": [{"pos": "動詞", "repeat": [2, 3]}]}, "見て回り始める。") == ["回り始める"]
    assert spans({"tokens": [{"pos": "動詞", "repeat": [2, 3]}]}, "見回り始める。") == ["見回り始める"]


@pytest.mark.parametrize("spec", [
    {"tokens": [{"pos": "名詞"}, {"surface": "、", "mark": True}, {"pos": "名詞"}]},
    {"tokens": [{"pos": "名詞", "mark": True}, {"surface": "、", "mark": True}, {"pos": "名詞"}]},
    {"tokens": [{"pos": "動詞"}, {"surface": ["て", "で"]}]},
    {"tokens": [{"surface": "か", "mark": True}, {"lemma": "どう"}, {"surface": "か", "mark": True}]},
    {"tokens": [{}, {"pos": "助詞"}]},
])
def test_fixed_length_patterns_match_as_the_general_matcher_does(spec: dict) -> None:
    text = "豊洲、有明、東雲、台場。見て読んで書いて。行くかどうか、来るかどうか。私は彼は。"
    doc = analyze(text)
    (fixed,) = compile_patterns([spec], "p")
    (general,) = compile_patterns([spec], "p")
    general._fixed = False
    assert fixed._fixed
    for s in doc.sentences:
        assert list(fixed.finditer(s)) == list(general.finditer(s))
    assert [text[m.start : m.end] for s in doc.sentences for m in fixed.finditer(s)]


def test_live_keeps_the_patterns_a_draft_may_match_and_maps_them_back() -> None:
    patterns = compile_patterns(
        [{"tokens": [{"lemma": "下さる"}]}, "[Ａ-Ｚ]+", {"tokens": [{"surface": "から"}]}, {"tokens": [{"pos": "動詞"}]}], "p"
    )
    doc = analyze("ログをお送りください。\n> 東京から")
    live = patterns.live(doc)
    assert [patterns.index(p) for p in live] == [0, 2, 3]  # no full-width letter anywhere: the regex is dropped
    assert live.origin == (0, 2, 3)
    assert patterns.live(doc) is live  # the same subset is made once
    assert patterns.live(analyze("ＡＢＣから下さる")) is patterns
    # A surface split by a line break in the source is still found in the sentence's joined text.
    split = analyze("設定画面からご確\n認ください。")
    assert "確認" in split.sentences[0].text and "確認" not in split.text
    assert compile_patterns([{"tokens": [{"surface": "確認"}]}], "p").live(split).origin == (0,)


def test_first_match_is_find_alls_first_and_a_start_no_head_condition_takes_is_passed_over() -> None:
    from replylint.patterns import first_match

    doc = analyze("よろしくお願いいたします。資料をご確認ください。")
    patterns = compile_patterns([{"tokens": [{"pos": "接頭辞", "optional": True}, {"pos": "名詞", "optional": True}, {"lemma": "下さる"}]},
                                 {"tokens": [{"lemma": "願う"}]}], "p")
    exceptions = compile_patterns([{"tokens": [{"lemma": "宜しく"}, {"surface": "お", "optional": True}, {"lemma": "願う"}]}], "e")
    for s in doc.sentences:
        found = find_all(patterns, s, exceptions)
        assert first_match(patterns, s, exceptions) == (found[0] if found else None)
    assert first_match(patterns, doc.sentences[0], exceptions) is None
    head = patterns[0]._head
    tokens = doc.sentences[1].tokens
    assert [t.surface for t in tokens if head(t)] == ["資料", "ご", "確認", "ください"]


def test_live_drops_a_pattern_without_word_needs_when_no_token_satisfies_its_anchor() -> None:
    patterns = compile_patterns([{"tokens": [{"pos": "動詞", "cform": "命令形"}]}, {"tokens": [{"pos": "形容詞"}]}], "p")
    doc = analyze("ご確認をお願いします。\n> 早く送れ")
    assert patterns.live(doc).origin == (1,)  # the quoted 早く counts: live looks at every sentence
    assert not patterns.live(analyze("ご確認をお願いします。"))


def test_a_token_pattern_is_checked_and_indexed_at_load_and_built_on_first_use() -> None:
    (pattern,) = compile_patterns([{"tokens": [{"lemma": "下さる", "cform": "命令形"}]}], "patterns")
    assert pattern.words == frozenset({"下さる"}) and "elements" not in vars(pattern)  # indexed, not built
    s = analyze("ログを送って下さい。").sentences[0]
    assert [(m.start, m.end) for m in pattern.finditer(s)] == [(6, 9)] and "elements" in vars(pattern)
    broken = [
        ({"tokens": [{"lemma": "下さる"}, "ください"]}, "patterns[0].tokens[1]: a token condition must be a mapping"),
        ({"tokens": [{"lema": "下さる"}]}, "patterns[0].tokens[0].lema: unknown token field 'lema'"),
        ({"tokens": [{"lemma": ""}]}, "patterns[0].tokens[0].lemma: expected a non-empty string"),
        ({"tokens": [{"lemma": "/(下さ/"}]}, "patterns[0].tokens[0].lemma: bad regular expression"),
        ({"tokens": [{"pos": "動詞", "not": [{"lemma": "為る", "optional": True}]}]}, "patterns[0].tokens[0].not: `not` takes a mapping"),
        ({"tokens": [{"pos": "動詞", "not": {"lemma": ["為る", 3]}}]}, "patterns[0].tokens[0].not[0].lemma: expected a non-empty string"),
        ({"tokens": [{"pos": "動詞", "repeat": [3, 1]}]}, "patterns[0].tokens[0].repeat: expected [min, max]"),
        ({"tokens": [{"pos": "動詞", "optional": True}]}, "patterns[0].tokens: every condition is optional"),
    ]
    for spec, message in broken:
        with pytest.raises(PatternError) as err:
            compile_patterns([spec], "patterns")
        assert str(err.value).startswith(message), (spec, str(err.value))


def test_a_list_is_indexed_under_a_need_without_common_lemmas() -> None:
    # give-document needs one of 送る/送付 and one of 致す/ます: ます is in almost every sentence.
    patterns = compile_patterns([{"tokens": [{"lemma": ["送る", "送付"]}, {"lemma": ["致す", "ます"]}]}], "p")
    assert patterns.lemmas == frozenset({"送る", "送付"})
    doc = analyze("資料を送付いたします。ご確認ください。よろしくお願いします。")
    assert [s.text for s in doc.sentences if not patterns.lemmas.isdisjoint(s.lemmas)] == ["資料を送付いたします。"]


def test_live_checks_every_exact_field_a_required_condition_names() -> None:
    patterns = compile_patterns([{"tokens": [{"surface": ["て", "で"]}, {"lemma": "下さる", "base": "下さる"}]}], "p")
    assert not patterns.live(analyze("お送りください。"))  # lemma 下さる, but written くださる
    assert patterns.live(analyze("お送りして下さい。"))
    regex = compile_patterns(["[Ａ-Ｚ]+"], "p")
    assert not regex.live(analyze("ABCです。")) and regex.live(analyze("ＡＢＣです。"))


@pytest.mark.parametrize("text", [
    "資料をご確認ください。お手数ですがログを送ってください。こちらをご覧下さい。",
    "設定を変更していただけますでしょうか。ご確認いただけますか。",
    "ください。くださいください。ご確認ご確認ください。",
])
def test_optional_prefix_starts_are_the_general_matchers(text: str) -> None:
    spec = {"tokens": [{"pos": "接頭辞", "optional": True}, {"pos": ["動詞", "名詞", "形状詞"], "optional": True},
                       {"lemma": "為る", "optional": True}, {"surface": ["て", "で"], "optional": True},
                       {"lemma": ["下さる", "頂く"]}, {"pos": "助動詞", "repeat": [0, 3]}, {"surface": "か", "optional": True}]}
    (quick,) = compile_patterns([spec], "p")
    (general,) = compile_patterns([spec], "p")
    general._optional_prefix = False
    assert quick._optional_prefix
    doc = analyze(text)
    found = [list(quick.finditer(s)) for s in doc.sentences]
    assert found == [list(general.finditer(s)) for s in doc.sentences] and any(found)


def test_the_anchor_is_the_required_condition_least_likely_to_be_everywhere() -> None:
    (step,) = compile_patterns([{"tokens": [{"pos": "動詞"}, {"lemma": "た"}, {"lemma": ["後", "上"]}, {"surface": ["で", "、"]}]}], "p")
    assert step._anchor == 2 and step.words == frozenset({"後", "上"})
    assert spans({"tokens": [{"pos": "動詞"}, {"lemma": "た"}, {"lemma": ["後", "上"]}, {"surface": ["で", "、"]}]},
                 "確認した後で、送った上で、見た。") == ["した後で", "送った上で"]


def test_an_anchor_with_a_not_is_still_tested() -> None:
    assert spans({"tokens": [{"surface": ["て", "で"], "not": {"pos": "助詞-接続助詞"}}]}, "東京で見て。") == ["で"]
    assert spans({"tokens": [{"surface": ["て", "で"]}]}, "東京で見て。") == ["で", "て"]


def test_a_short_string_is_matched_by_the_stdlib_only_when_the_expression_cannot_backtrack_badly() -> None:
    """Start-up: token fields (MeCab words are at most 25 characters) are matched without importing
    `regex`, but only by expressions without nested loops, alternation in a loop or backreferences."""
    from replylint.patterns import SHORT, compile_regex

    quick = [".*([いきし]|[見着]|こ)れる", ".*[いき]る|(.*[^ぁ-ん])?[見着]る", "頂.*", r"\d{1,3}(,\d{3})?"]
    slow = ["(a+)+$", "(a|aa)+$", r"(\w)\1", "[[:alpha:]]+", "a.*b.*c.*d.*e", "(x+x+)+y"]
    for source in quick + slow:
        r = compile_regex(source, "p")
        for value in ("来れる", "頂ける", "123,456", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", "ab", "x" * 30 + "y"):
            expected = __import__("regex").fullmatch(source, value)
            got = r.fullmatch(value)
            assert (got is None) == (expected is None), (source, value)
        assert (r._regex is None) == (source in quick), source
    catastrophic = compile_regex("(a|aa)+$", "p")
    with pytest.raises(__import__("replylint.patterns", fromlist=["PatternTimeout"]).PatternTimeout):
        catastrophic.search("a" * (SHORT - 10) + "!")  # short, but never given to the stdlib


@pytest.mark.parametrize(
    "source",
    [
        "a{1000000000}",  # regex lays out a billion copies when it compiles
        "(?:ab){2000000000}",
        "(?:a{1000}){1000}",  # nested: a million
        "\\p{Han}{1000000}",  # syntax the stdlib refuses: counted from the text
        "(?R)",  # recursion: unbounded at the first search
        "a(?1)b",
        "(?P<x>a)(?&x)",
    ],
)
def test_a_regex_that_would_exhaust_memory_is_refused_when_the_rule_loads(source: str) -> None:
    with pytest.raises(PatternError, match="repeats too much|recursion"):
        Pattern(source, "patterns[0]")


@pytest.mark.parametrize("source", ["[^。！？!?]{1,60}(?:様|さま)", "a{5,1000000}", "(?:ab){1000,}", "x{100}y{50}", "\\p{Han}{2,5}ください", "\\{1000000\\}"])
def test_long_but_bounded_repeats_and_literal_braces_are_accepted(source: str) -> None:
    Pattern(source, "patterns[0]")
