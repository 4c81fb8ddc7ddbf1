"""`quote-answer`: every question of the inquiry is quoted in the draft and answered after its quote.

A question counts as quoted when a quote block (consecutive `>`/`＞` lines) carries it whole or a
clear part of it (see questions.carries: `min-chars` characters holding `min-share` of its content
characters). It counts as answered when the draft's own sentences after that block, before the
next quote, hold at least one that is not a closing formula (`answer-exceptions`) nor the signature
(the last block's bare lines without a predicate). When one block quotes several questions, each
must get an answer sharing a content word that is its own (in no other question of that block):
otherwise the later questions are usually left unanswered.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterator, Mapping

from ..document import Sentence
from ..patterns import Pattern, any_match, compile_patterns
from . import Context, Finding, KindError
from ._inquiry import find, grammar, share_options, shorten

if TYPE_CHECKING:  # the question machinery is imported when an inquiry is linted, not at start-up
    from ..questions import Grammar, Question, Quote

KEYS = {"problems": True, "questions": False, "answer-exceptions": False, "content-words": False, "stop-words": False}
OPTIONS: dict[str, Any] = {"min-share": 0.4, "min-chars": 6, "each-in-block": True}
SLOTS: tuple[str, ...] = ("question", "problem")  # what its findings fill in a message or hint

_CONTENT_POS = ("名詞-普通名詞", "名詞-固有名詞", "動詞-一般", "形容詞-一般", "形状詞-一般")


@dataclass(frozen=True)
class QuoteAnswerCheck:
    """The compiled `quote-answer` kind: each question of the inquiry quoted and answered."""

    grammar: Grammar | None  # None: the packaged grammar (see _inquiry.grammar)
    answer_exceptions: tuple[Pattern, ...]
    content_pos: tuple[str, ...]
    stop_words: frozenset[str]
    min_share: float
    min_chars: int
    each_in_block: bool
    problems: Mapping[str, str]
    needs_inquiry: bool = True

    def _answers(self, quote: Quote, last_block: int) -> tuple[Sentence, ...]:
        return tuple(
            s
            for s in quote.answer
            if s.kind not in ("addressee", "heading")
            and not (s.kind == "line" and s.block == last_block and not _predicates(s))
            and not any_match(self.answer_exceptions, s)
        )

    def _content(self, sentence: Sentence) -> set[str]:
        return {t.lemma for t in sentence.tokens if t.pos.startswith(self.content_pos) and t.lemma not in self.stop_words}

    def run(self, ctx: Context) -> Iterator[Finding]:
        if ctx.inquiry is None:
            return
        questions = find(ctx.inquiry, self.grammar)
        if not questions:
            return
        from ..questions import assign, quotes

        blocks = quotes(ctx.draft)
        last_block = ctx.draft.sentences[-1].block if ctx.draft.sentences else -1
        placed: dict[int, list[Question]] = {}
        for q, block in zip(questions, assign(questions, blocks, self.min_share, self.min_chars)):
            if block is None:
                start, end = ctx.draft.start_span()
                yield Finding(start, end, {"question": shorten(q.text), "problem": self.problems["missing"]})
                continue
            placed.setdefault(blocks.index(block), []).append(q)
        for k, asked in placed.items():
            block = blocks[k]
            answers = self._answers(block, last_block)
            if not answers:
                for q in asked:
                    yield Finding(block.start, block.end, {"question": shorten(q.text), "problem": self.problems["unanswered"]})
                continue
            if not self.each_in_block or len(asked) < 2:
                continue
            said = set().union(*(self._content(s) for s in answers))
            words = [self._content(q.sentence) for q in asked]
            for i, q in enumerate(asked):
                own = words[i] - set().union(*(w for j, w in enumerate(words) if j != i))
                if own and not own & said:
                    yield Finding(block.start, block.end, {"question": shorten(q.text), "problem": self.problems["unanswered"]})


def _predicates(sentence: Sentence) -> bool:
    """Does the unit say something (a verb or an auxiliary), unlike a signature line?"""
    return any(t.pos.startswith(("動詞", "助動詞", "形容詞")) for t in sentence.tokens)


def _words(spec: Mapping[str, Any], key: str, default: tuple[str, ...]) -> tuple[str, ...]:
    value = spec.get(key, list(default))
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise KindError(key, "expected a list of strings")
    return tuple(value)


def build(spec: Mapping[str, Any], options: Mapping[str, Any]) -> QuoteAnswerCheck:
    share, chars = share_options(options)
    if not isinstance(options["each-in-block"], bool):
        raise KindError("options.each-in-block", "expected true or false")
    exceptions = compile_patterns(spec["answer-exceptions"], "answer-exceptions") if "answer-exceptions" in spec else ()
    problems = spec["problems"]
    if not isinstance(problems, Mapping) or set(problems) != {"missing", "unanswered"} or not all(isinstance(v, str) and v for v in problems.values()):
        raise KindError("problems", "expected a mapping with the texts `missing` and `unanswered` (they fill {problem} in the message)")
    return QuoteAnswerCheck(
        grammar(spec),
        exceptions,
        _words(spec, "content-words", _CONTENT_POS),
        frozenset(_words(spec, "stop-words", ())),
        share,
        chars,
        options["each-in-block"],
        dict(problems),
    )
