"""The customer's questions: which sentences of an inquiry ask something, what kind of answer each
wants, and where a draft quotes and answers them.

What counts as a question is data, not code: a `Grammar` is compiled from a YAML mapping (the
packaged `questions.yml`, or a rule's own `questions:` key) with these pattern lists:

    ask             sentence-final forms that make a sentence a question (？, 〜か, 教えてください …);
                    a match counts only when nothing but punctuation or symbols follows it
    ask-anywhere    forms that make a sentence a question wherever they stand
                    (〜か確認したく、ご連絡しました)
    ask-if-alone    forms that make a sentence the question only when no other sentence asks
                    anything: 〜について確認したいです is the question of a one-line inquiry, and a
                    topic line when the questions follow it
    ask-exceptions  forms that look like a question but are not one (a rhetorical 〜でしょうか …)
    open            what makes a question open (interrogatives: いつ, どこ, 何, いくら …)
    open-exceptions interrogatives used as indefinites (何か, いつでも, どうか …)
    yes-no          what makes a question without an interrogative a yes/no one (か, ？);
                    an information request without them (原因を教えてください) is open

Quoting is compared on a normalised form (NFKC, no whitespace, punctuation or symbols), and every
span stays an offset of the original text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping, Sequence

from .document import Document, Sentence
from .patterns import Pattern, PatternError, compile_patterns, find_all
from .tokenizer import Token

YES_NO = "yes-no"
OPEN = "open"
GRAMMAR_KEYS = ("ask", "ask-anywhere", "ask-if-alone", "ask-exceptions", "open", "open-exceptions", "yes-no")
DEFAULT_GRAMMAR = Path(__file__).with_name("questions.yml")
# Tokens that may trail a question without making it something else: punctuation, symbols, spaces.
_TRAILING_POS = ("補助記号", "記号", "空白")


@dataclass(frozen=True)
class Grammar:
    """Compiled question patterns; see the module docstring for what each list means."""

    ask: tuple[Pattern, ...]
    ask_anywhere: tuple[Pattern, ...] = ()
    ask_if_alone: tuple[Pattern, ...] = ()
    ask_exceptions: tuple[Pattern, ...] = ()
    open: tuple[Pattern, ...] = ()
    open_exceptions: tuple[Pattern, ...] = ()
    yes_no: tuple[Pattern, ...] = ()


@dataclass(frozen=True)
class Question:
    """One question of the inquiry: its sentence, its source span and whether it wants a yes or no."""

    sentence: Sentence
    start: int
    end: int
    text: str
    kind: str  # YES_NO | OPEN

    @property
    def yes_no(self) -> bool:
        return self.kind == YES_NO


@dataclass(frozen=True)
class Quote:
    """A run of consecutive quoted lines of the draft and the draft's own sentences that follow it
    up to the next quote: the answer to whatever the quote carries."""

    sentences: tuple[Sentence, ...]
    answer: tuple[Sentence, ...]
    start: int
    end: int
    normal: str


def compile_grammar(spec: Any, where: str = "questions") -> Grammar:
    """A Grammar from a YAML mapping; errors name the key path, like every pattern error."""
    if not isinstance(spec, Mapping):
        raise PatternError(where, f"expected a mapping with keys {', '.join(GRAMMAR_KEYS)}")
    unknown = set(spec) - set(GRAMMAR_KEYS)
    if unknown:
        raise PatternError(f"{where}.{sorted(unknown)[0]}", f"unknown key (keys: {', '.join(GRAMMAR_KEYS)})")
    if "ask" not in spec:
        raise PatternError(where, "missing `ask`: the forms that make a sentence a question")

    def get(key: str) -> tuple[Pattern, ...]:
        return compile_patterns(spec[key], f"{where}.{key}") if key in spec else ()

    return Grammar(get("ask"), get("ask-anywhere"), get("ask-if-alone"), get("ask-exceptions"), get("open"), get("open-exceptions"), get("yes-no"))


@lru_cache(maxsize=1)
def default_grammar() -> Grammar:
    """The packaged grammar (questions.yml), read once."""
    from .yamlcache import load

    return compile_grammar(load(DEFAULT_GRAMMAR), DEFAULT_GRAMMAR.name)


def _is_trailing(token: Token) -> bool:
    return token.pos.startswith(_TRAILING_POS) or token.lemma == "<url>"


def _ends_sentence(sentence: Sentence, end: int) -> bool:
    """True when only punctuation, symbols or spaces follow source offset `end` in the sentence."""
    return all(_is_trailing(t) for t in sentence.tokens if t.start >= end)


def is_question(sentence: Sentence, grammar: Grammar) -> bool:
    matches = find_all(grammar.ask, sentence, grammar.ask_exceptions)
    if any(_ends_sentence(sentence, m.end) for m in matches):
        return True
    return bool(grammar.ask_anywhere) and bool(find_all(grammar.ask_anywhere, sentence, grammar.ask_exceptions))


def classify(sentence: Sentence, grammar: Grammar) -> str:
    """Open when an interrogative asks for something; yes/no when the question only asks whether."""
    if find_all(grammar.open, sentence, grammar.open_exceptions):
        return OPEN
    if find_all(grammar.yes_no, sentence):
        return YES_NO
    return OPEN


def find_questions(doc: Document, grammar: Grammar | None = None) -> tuple[Question, ...]:
    """The questions of an inquiry, in order. Quoted lines (the customer quoting us) are not asked."""
    grammar = grammar or default_grammar()
    candidates = [s for s in doc.own if s.kind not in ("addressee", "heading", "url") and s.tokens]
    asked = [s for s in candidates if is_question(s, grammar)]
    if not asked and grammar.ask_if_alone:
        asked = [s for s in candidates if find_all(grammar.ask_if_alone, s, grammar.ask_exceptions)]
    return tuple(Question(s, s.start, s.end, s.text, classify(s, grammar)) for s in asked)


# Parts of speech a question's predicate can be, and those that only carry it (ます, か, 為る, て …).
_PREDICATE_POS = ("動詞", "名詞", "形容詞", "形状詞")
_CARRIER_POS = ("助動詞", "助詞", "補助記号", "空白", "動詞-非自立可能", "形容詞-非自立可能", "接尾辞")
_KANJI = re.compile(r"[\u4e00-\u9fff]")


def predicate(question: Question, skip: frozenset[str] = frozenset({"事", "物", "所", "の"})) -> str | None:
    """The lemma the question asks about: the last content word before its asking end
    (保管されますか → 保管, 申し込みはできますか → 申し込み, 届きますか → 届く)."""
    for t in reversed(question.sentence.tokens):
        if t.pos.startswith(_CARRIER_POS) or t.lemma in skip:
            continue
        if t.pos.startswith(_PREDICATE_POS):
            return t.lemma
        return None
    return None


def same_word(a: str, b: str) -> bool:
    """Lemmas that name the same thing: equal, or verbs of one root (届く / 届ける share 届)."""
    if a == b:
        return True
    return bool(a and b and a[0] == b[0] and _KANJI.match(a[0]) and len(a) <= 3 and len(b) <= 3 and not _KANJI.match(a[1:2] or "x") and not _KANJI.match(b[1:2] or "x"))


def states(sentence: Sentence, lemma: str, gap: int) -> bool:
    """Does the sentence state the predicate itself, as its own verb phrase: the word followed only
    by particles and carriers (し, て, おり, れ, でき, には, なり …) up to ます, ません or です
    (保管しております, 届きません, 日割りにはなりません)?"""
    tokens = sentence.tokens
    for i, t in enumerate(tokens):
        if not same_word(t.lemma, lemma):
            continue
        for j in range(i + 1, min(len(tokens), i + 1 + gap)):
            u = tokens[j]
            if u.lemma in ("ます", "です") and not u.cform.startswith("連体形"):
                return True
            if not u.pos.startswith(("助動詞", "動詞-非自立可能", "助詞", "接尾辞")):
                break
    return False


@lru_cache(maxsize=4096)
def normalize(text: str) -> str:
    """The form quotes are compared in: NFKC, lower case, no whitespace, punctuation or symbols."""
    folded = unicodedata.normalize("NFKC", text).lower()
    return "".join(ch for ch in folded if unicodedata.category(ch)[0] not in "PZSC")


def quotes(doc: Document) -> tuple[Quote, ...]:
    """The draft's quote blocks, each with the own sentences that follow it until the next quote."""
    out: list[Quote] = []
    sentences = doc.sentences
    i, n = 0, len(sentences)
    while i < n:
        if not sentences[i].quoted:
            i += 1
            continue
        j = i
        while j < n and sentences[j].quoted and sentences[j].block == sentences[i].block:
            j += 1
        k = j
        while k < n and not sentences[k].quoted:
            k += 1
        block = sentences[i:j]
        out.append(Quote(block, sentences[j:k], block[0].start, block[-1].end, normalize("".join(s.text for s in block))))
        i = j
    return tuple(out)


@lru_cache(maxsize=65536)
def _longest(question: str, quoted: str) -> tuple[int, int]:
    """(start, end) in the question of the longest run of it that the quote carries."""
    if not question or not quoted:
        return 0, 0
    m = SequenceMatcher(None, question, quoted, autojunk=False).find_longest_match(0, len(question), 0, len(quoted))
    return m.a, m.a + m.size


def shared_part(question: str, quoted: str) -> int:
    """Length of the longest run of the (normalised) question that the quote carries."""
    start, end = _longest(question, quoted)
    return end - start


def _content(text: str) -> int:
    """Characters that carry content: everything but hiragana. Questions end alike in hiragana
    (〜することはできますか), so shares are counted on the rest (変更, プラン, 料金, 10人)."""
    return sum(1 for ch in text if not "\u3041" <= ch <= "\u309f")


# A quote of only the asking end of a long question (…途中で追加した場合の料金は日割りになりますか？)
# carries it when the run is at least this long and this share of the question.
TAIL_CHARS = 12
TAIL_SHARE = 0.25
# The last line of a run-on question stands for it only when it says something of its own
# (not a wrapped 〜ことはできますか alone).
LAST_LINE_CONTENT = 4


def carries(quote: Quote, question: Question, min_share: float, min_chars: int, tail: bool = False) -> bool:
    """Does the quote carry the question, whole or a clear part of it? The run shared must be
    `min_chars` long and hold `min_share` of the question's content characters. With `tail`, a
    shorter run that reaches the question's end (where the asking is) counts too."""
    if len(question.sentence.segments) > 1:
        # A sentence run on over several lines (no 。 at the line ends) asks on its last line.
        last = question.sentence.text[question.sentence.segments[-1][0] :]
        if _content(normalize(last)) >= LAST_LINE_CONTENT and normalize(last) != normalize(question.text) and _carries_text(quote, last, min_share, min_chars):
            return True
    if _carries_text(quote, question.text, min_share, min_chars):
        return True
    q = normalize(question.text)
    start, end = _longest(q, quote.normal)
    return tail and end >= len(q) - 1 and end - start >= max(min_chars, TAIL_CHARS, round(TAIL_SHARE * len(q)))


def _carries_text(quote: Quote, text: str, min_share: float, min_chars: int) -> bool:
    q = normalize(text)
    if not q:
        return False
    start, end = _longest(q, quote.normal)
    size = end - start
    if size < min(len(q), min_chars):
        return False
    content = _content(q)
    return _content(q[start:end]) >= (min_share * content if content else min_share * len(q))


def quote_of(question: Question, blocks: Sequence[Quote], min_share: float, min_chars: int, tail: bool = False) -> Quote | None:
    """The quote block that carries the question best (the longest shared part), if any does."""
    best, size = None, 0
    q = normalize(question.text)
    for block in blocks:
        if carries(block, question, min_share, min_chars, tail):
            got = shared_part(q, block.normal)
            if got > size:
                best, size = block, got
    return best


def assign(questions: Sequence[Question], blocks: Sequence[Quote], min_share: float, min_chars: int) -> list[Quote | None]:
    """The quote block of each question, or None. A quote of only a long question's asking end
    counts as well, but only on a block that no question claims by a clear part: two questions
    that end alike (〜することはできますか) must not share one quote."""
    found = [quote_of(q, blocks, min_share, min_chars) for q in questions]
    claimed = {id(b) for b in found if b is not None}
    free = [b for b in blocks if id(b) not in claimed]
    for i, q in enumerate(questions):
        if found[i] is None and free:
            found[i] = quote_of(q, free, min_share, min_chars, tail=True)
    return found
