"""The inquiry's questions: found by form and morphology, classified, and matched to the draft's quotes."""

from __future__ import annotations

import pytest

from replylint.document import analyze
from replylint.patterns import PatternError
from replylint.questions import (
    OPEN,
    YES_NO,
    assign,
    carries,
    compile_grammar,
    default_grammar,
    find_questions,
    normalize,
    predicate,
    quote_of,
    quotes,
    states,
)
from replylint.yamlfile import loads

INQUIRY = """ノースクラウド サポートご担当者様

いつもお世話になっております。
株式会社ミナトデータの川口です。
アクセス増加に備えて、standard-4 へ変更したいと考えています。
インスタンスを停止せずにタイプを変更することはできますか？
また、変更後の料金はいつから切り替わるのか教えてください。
よろしくお願いいたします。

川口
"""


def asked(text: str) -> list[tuple[str, str]]:
    return [(q.text, q.kind) for q in find_questions(analyze(text))]


def test_finds_the_questions_of_a_real_inquiry_with_their_spans() -> None:
    found = find_questions(analyze(INQUIRY))
    assert [q.text for q in found] == [
        "インスタンスを停止せずにタイプを変更することはできますか？",
        "また、変更後の料金はいつから切り替わるのか教えてください。",
    ]
    assert [q.kind for q in found] == [YES_NO, OPEN]
    for q in found:
        assert INQUIRY[q.start : q.end] == q.text


def test_span_of_a_question_hard_wrapped_over_two_lines_covers_both_lines() -> None:
    text = "お世話になっております。\n変更後の料金は\nいつから切り替わりますか？\n"
    (q,) = find_questions(analyze(text))
    assert q.text == "変更後の料金はいつから切り替わりますか？"
    assert text[q.start : q.end] == "変更後の料金は\nいつから切り替わりますか？"


@pytest.mark.parametrize(
    "sentence",
    [
        "他行宛ての振込手数料はいくらでしょうか。",  # sentence-final か after でしょう
        "法人の場合、請求書払いは可能でしょうか。",
        "無料枠を超えた場合の料金体系も知りたいです。",  # asks for information
        "従業員情報をCSVで一括登録する手順を教えてください。",
        "設定手順をご教示いただけますと幸いです。",
        "移行の手順について教えていただけますでしょうか。",
        "Excelで作ったファイルをそのまま使えるのかも確認したいです。",
        "このプランで大丈夫?",  # half-width ?
        "本当に直るんですか！？",
        "解約後もデータを閲覧できるか確認したく、ご連絡いたしました。",  # the question is not at the end
        "請求書の発行日についてお伺いしたく、ご連絡いたしました。",  # asks, when nothing else does
        "変更後の料金をご教示いただきたく、お願い申し上げます。",
        "あわせて、1回あたりの手数料をお教えいただきたく存じます。",
        "以下のエラーの原因を教えてください。",  # 以下 here points at an error message, not at questions
    ],
)
def test_question_forms(sentence: str) -> None:
    assert len(asked(sentence)) == 1


@pytest.mark.parametrize(
    "sentence",
    [
        "至急確認してください。",  # a request, not a question
        "監査に間に合うか不安なので、急ぎで確認させてください。",
        "よろしくお願いいたします。",
        "昨日から管理画面にログインできません。",
        "どうすればよいか分からず困っています。",  # an embedded question inside a complaint
        "監査に間に合うか不安なので、急ぎでご回答いただけると助かります。",  # asks for a reply, not information
        "以下2点について教えてください。",  # announces the questions that follow
        "お忙しいところ恐縮ですが、ご確認いただけますでしょうか。",  # a plea to act, nothing asked
        "至急ご対応いただけますか？",
    ],
)
def test_not_questions(sentence: str) -> None:
    assert asked(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("月の途中でもプランを変更できますか？", YES_NO),
        ("まとめ買いの割引はありますか？", YES_NO),
        ("それが原因でしょうか？", YES_NO),
        ("出発前に何か申し込みが必要ですか？", YES_NO),  # 何か is an indefinite, not "what"
        ("パート従業員の比例付与にも対応しているか知りたいです。", YES_NO),  # embedded whether-question
        ("対応しているかどうか教えてください。", YES_NO),
        ("すぐにカードを止めてもらえますか？", YES_NO),
        ("請求書の再発行をご対応いただけますでしょうか。", YES_NO),  # a request with an object is asked
        ("ポイントの有効期限はいつまでですか？", OPEN),
        ("保管料は1箱あたりいくらですか？", OPEN),
        ("無料枠で監視できるカスタムメトリクスは何個までですか？", OPEN),
        ("住所変更にはどのような手続きが必要か教えてください。", OPEN),
        ("バージョンアップ中のダウンタイムはどのくらいになりますか？", OPEN),
        ("なぜ停止されたのか、理由も教えてください。", OPEN),
        ("今どこにあるのか調べてもらえますか？", OPEN),
        ("原因を教えてください。", OPEN),  # an information request without か
        ("ちなみに送料は？", OPEN),  # elliptic: "and the shipping fee?"
        ("変更した場合、何か月分の保険料が戻りますか？", OPEN),  # 何か月 is "how many months"
    ],
)
def test_classification(sentence: str, kind: str) -> None:
    assert asked(sentence) == [(sentence, kind)]


def test_quoted_lines_of_the_inquiry_are_not_asked() -> None:
    text = "> 設定は管理画面から変更できますか？\nありがとうございます。解決しました。\n"
    assert asked(text) == []


def test_addressee_and_signature_lines_are_not_questions() -> None:
    assert asked("サポートご担当者様\n\n料金はいくらですか？\n\n山田\n") == [("料金はいくらですか？", OPEN)]


def test_normalize_folds_width_space_and_punctuation() -> None:
    assert normalize("ｅＳＩＭ に 対応して いますか？") == normalize("eSIMに対応していますか?") == "esimに対応していますか"
    assert normalize("「秋の収穫祭」は、いつまで？") == "秋の収穫祭はいつまで"


DRAFT = """川口様

> インスタンスを停止せずにタイプを変更することはできますか？

いいえ、変更には停止が必要です。
所要時間は5分程度です。

＞ 料金はいつから切り替わるのか

起動した時点から切り替わります。

今後ともよろしくお願いいたします。
"""


def test_quotes_hold_their_answer_up_to_the_next_quote() -> None:
    blocks = quotes(analyze(DRAFT))
    assert len(blocks) == 2
    assert [s.text for s in blocks[0].answer] == ["いいえ、変更には停止が必要です。", "所要時間は5分程度です。"]
    assert [s.text for s in blocks[1].answer] == ["起動した時点から切り替わります。", "今後ともよろしくお願いいたします。"]
    assert DRAFT[blocks[1].start : blocks[1].end] == "料金はいつから切り替わるのか"


def test_a_quote_carries_a_question_whole_or_a_clear_part() -> None:
    questions = find_questions(analyze(INQUIRY))
    blocks = quotes(analyze(DRAFT))
    assert quote_of(questions[0], blocks, 0.4, 6) is blocks[0]
    assert quote_of(questions[1], blocks, 0.4, 6) is blocks[1]  # a part, with a full-width ＞


def test_a_short_fragment_does_not_carry_a_question() -> None:
    (q,) = find_questions(analyze("インスタンスを停止せずにタイプを変更することはできますか？"))
    (block,) = quotes(analyze("> できますか？\n\nはい。\n"))
    assert not carries(block, q, 0.4, 6)


def test_a_rule_can_bring_its_own_grammar() -> None:
    spec = loads(
        """
ask:
  - tokens: [{lemma: 教える}, {surface: て}, {lemma: 下さる}]
""",
        "<test>",
    )
    grammar = compile_grammar(spec)
    doc = analyze("料金はいくらですか？\n手順を教えてください。\n")
    assert [q.text for q in find_questions(doc, grammar)] == ["手順を教えてください。"]
    assert [q.text for q in find_questions(doc, default_grammar())] == ["料金はいくらですか？", "手順を教えてください。"]


@pytest.mark.parametrize(
    ("spec", "where"),
    [
        ({"open": ["何"]}, "questions"),
        ({"ask": ["か"], "asks": ["か"]}, "questions.asks"),
        ({"ask": [{"tokens": [{"lemma": "教える", "colour": "赤"}]}]}, "questions.ask[0].tokens[0].colour"),
        (["か"], "questions"),
    ],
)
def test_grammar_errors_name_the_key(spec: object, where: str) -> None:
    with pytest.raises(PatternError) as err:
        compile_grammar(spec)
    assert err.value.where == where


def test_questions_that_end_alike_do_not_share_a_quote() -> None:
    questions = find_questions(analyze("プランを変更することはできますか？\n支払い方法を変更することはできますか？\n"))
    blocks = quotes(analyze("> プランを変更することはできますか？\nはい、変更できます。\n"))
    assert assign(questions, blocks, 0.4, 6) == [blocks[0], None]


def test_a_quote_of_a_long_questions_asking_end_carries_it() -> None:
    questions = find_questions(
        analyze("先月から利用しているスタンダードプランで、チームメンバーを10人追加したいのですが、途中で追加した場合の料金は日割りになりますか？")
    )
    blocks = quotes(analyze("> 途中で追加した場合の料金は日割りになりますか？\nはい、日割りで計算いたします。\n"))
    assert quote_of(questions[0], blocks, 0.4, 6) is None  # not a clear share of the whole sentence
    assert assign(questions, blocks, 0.4, 6) == [blocks[0]]  # but the asking end, on a free block


def test_a_wish_to_ask_is_the_question_only_when_nothing_else_is_asked() -> None:
    alone = "海外旅行は初めてなので、出発当日の流れを確認したいです。\n"
    assert asked(alone) == [("海外旅行は初めてなので、出発当日の流れを確認したいです。", OPEN)]
    topic = alone + "成田空港には何時間前に着けばよいか教えてください。\n当日の持ち物も教えてください。\n"
    assert [text for text, _ in asked(topic)] == ["成田空港には何時間前に着けばよいか教えてください。", "当日の持ち物も教えてください。"]


def test_a_question_run_on_over_lines_is_carried_by_a_quote_of_its_last_line() -> None:
    inquiry = "先週ワンピースを買った者です（注文番号 F-60412）\n届いたら、サイズが小さすぎました…😢\nLサイズに交換ってできますか?\n"
    (q,) = find_questions(analyze(inquiry))
    assert q.text.endswith("Lサイズに交換ってできますか?") and q.text.startswith("先週")
    (block,) = quotes(analyze("> Lサイズに交換ってできますか?\nはい、承ります。\n"))
    assert carries(block, q, 0.4, 6)
    (generic,) = quotes(analyze("> 返品ってできますか?\nはい。\n"))
    assert not carries(generic, q, 0.4, 6)


@pytest.mark.parametrize(
    ("question", "lemma"),
    [
        ("収集したマイナンバーは暗号化して保管されますか？", "保管"),
        ("オンラインで申し込みはできますか？", "申し込み"),
        ("今週の土曜日までに届きますか？", "届く"),
        ("ジェムはちゃんと付与してもらえるのでしょうか？", "付与"),
        ("解約した月の料金は日割りになりますか？", "日割り"),
    ],
)
def test_predicate_is_the_last_content_word_before_the_asking_end(question: str, lemma: str) -> None:
    (q,) = find_questions(analyze(question))
    assert predicate(q) == lemma


@pytest.mark.parametrize(
    ("answer", "lemma", "stated"),
    [
        ("暗号化して保管しております。", "保管", True),
        ("土曜日の午前中にお届けいたします。", "届く", True),  # 届ける shares the root of 届く
        ("日割りにはなりません。", "日割り", True),
        ("交換品は明日、倉庫から届く予定です。", "届く", False),  # 予定 is the predicate here
        ("オンラインでのお申し込みは、一部のお客様を対象に受け付けております。", "申し込み", False),
    ],
)
def test_states_the_predicate_as_its_own_verb_phrase(answer: str, lemma: str, stated: bool) -> None:
    assert states(analyze(answer).sentences[0], lemma, 6) is stated
