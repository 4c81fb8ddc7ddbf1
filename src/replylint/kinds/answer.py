"""`answer`: each question of a given kind (yes/no by default) gets a reply of a given form.

The reply to a question is read where the draft answers it: the own sentences after the quote
block that carries it (up to the next quote) or, when the draft does not quote it, the whole
draft. The reply must match one of `answers` (minus `answer-exceptions`) there, within the first
`sentences` sentences of it (0: all of them), or one of `leading` (weaker signs, such as a bare
〜できます that may belong to another point) within its first `leading-sentences` sentences.
`echoes` pairs a form of the question with the forms that answer it wherever they stand in the
reply: 〜ありますか is answered by 〜がございます, 〜できますか by 〜できます. When one quote block
carries several such questions, the k-th of them needs k replies after it. With `echo-predicate`,
for a question no `echoes` entry covers, a leading sentence that states the question's own predicate (保管されますか → 保管しております,
日割りになりますか → 日割りにはなりません) is a reply too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterator, Mapping

from ..patterns import Pattern, any_match, compile_patterns
from ..document import Sentence
from . import Context, Finding, KindError
from ._inquiry import find, grammar, share_options, shorten

if TYPE_CHECKING:  # the question machinery is imported when an inquiry is linted, not at start-up
    from ..questions import Grammar, Question

KEYS = {"answers": True, "leading": False, "echoes": False, "answer-exceptions": False, "questions": False, "asks": False}
OPTIONS: dict[str, Any] = {"min-share": 0.4, "min-chars": 6, "sentences": 0, "leading-sentences": 1, "echo-predicate": False, "predicate-gap": 6}
ASKS = ("yes-no", "open", "any")  # questions.YES_NO, questions.OPEN, or either
SLOTS: tuple[str, ...] = ("question",)  # what its findings fill in a message or hint


@dataclass(frozen=True)
class AnswerCheck:
    """The compiled `answer` kind: every question of this kind needs a reply of these forms."""

    grammar: Grammar | None  # None: the packaged grammar (see _inquiry.grammar)
    asks: str
    answers: tuple[Pattern, ...]
    leading: tuple[Pattern, ...]
    leading_sentences: int
    echoes: tuple[tuple[tuple[Pattern, ...], tuple[Pattern, ...]], ...]
    exceptions: tuple[Pattern, ...]
    min_share: float
    min_chars: int
    sentences: int
    echo_predicate: bool = False
    predicate_gap: int = 6
    needs_inquiry: bool = True

    def _replies(self, question: Question, region: tuple[Sentence, ...]) -> list[int]:
        from ..questions import predicate, states

        """Indices of the sentences of the region that give the reply the question wants."""
        echoed = tuple(p for asked, answered in self.echoes if any_match(asked, question.sentence) for p in answered)
        # The predicate echo is for questions no `echoes` entry speaks for: 〜できますか wants
        # できます, and a bare 〜から変更します there describes a procedure, not a yes.
        said = predicate(question) if self.echo_predicate and not echoed else None
        limit = self.sentences or len(region)
        hits = []
        for i, s in enumerate(region):
            if (
                (i < self.leading_sentences and any_match(self.leading, s, self.exceptions))
                or (i < self.leading_sentences and said is not None and states(s, said, self.predicate_gap))
                or (echoed and any_match(echoed, s, self.exceptions))
                or (i < limit and any_match(self.answers, s, self.exceptions))
            ):
                hits.append(i)
        return hits

    def run(self, ctx: Context) -> Iterator[Finding]:
        if ctx.inquiry is None:
            return
        from ..questions import assign, quotes

        blocks = quotes(ctx.draft)
        # Questions quoted together share one answer: the k-th of them needs a k-th reply in it.
        seen: dict[int, int] = {}
        questions = find(ctx.inquiry, self.grammar)
        for q, block in zip(questions, assign(questions, blocks, self.min_share, self.min_chars)):
            if self.asks != "any" and q.kind != self.asks:
                continue
            region = tuple(s for s in (block.answer if block else ctx.draft.own) if s.kind != "addressee")
            rank = 0
            if block is not None:
                key = blocks.index(block)
                rank = seen.get(key, 0)
                seen[key] = rank + 1
            if len(self._replies(q, region)) > rank:
                continue
            start, end = (block.start, block.end) if block else ctx.draft.start_span()
            yield Finding(start, end, {"question": shorten(q.text)})


def build(spec: Mapping[str, Any], options: Mapping[str, Any]) -> AnswerCheck:
    share, chars = share_options(options)
    n, lead = options["sentences"], options["leading-sentences"]
    for name, value in (("sentences", n), ("leading-sentences", lead)):
        if not isinstance(value, int) or value < 0:
            raise KindError(f"options.{name}", "expected a whole number of sentences, 0 or more")
    asks = spec.get("asks", "yes-no")
    if asks not in ASKS:
        raise KindError("asks", f"expected one of {', '.join(ASKS)}")
    exceptions = compile_patterns(spec["answer-exceptions"], "answer-exceptions") if "answer-exceptions" in spec else ()
    leading = compile_patterns(spec["leading"], "leading") if "leading" in spec else ()
    echoes = []
    raw = spec.get("echoes", [])
    if not isinstance(raw, list):
        raise KindError("echoes", "expected a list of {question: [...], answer: [...]}")
    for k, item in enumerate(raw):
        if not isinstance(item, Mapping) or set(item) != {"question", "answer"}:
            raise KindError(f"echoes[{k}]", "expected a mapping with `question` and `answer` pattern lists")
        echoes.append((compile_patterns(item["question"], f"echoes[{k}].question"), compile_patterns(item["answer"], f"echoes[{k}].answer")))
    if not isinstance(options["echo-predicate"], bool):
        raise KindError("options.echo-predicate", "expected true or false")
    gap = options["predicate-gap"]
    if not isinstance(gap, int) or gap < 1:
        raise KindError("options.predicate-gap", "expected a whole number of tokens, 1 or more")
    return AnswerCheck(
        grammar(spec), asks, compile_patterns(spec["answers"], "answers"), leading, lead, tuple(echoes), exceptions, share, chars, n, options["echo-predicate"], gap
    )
