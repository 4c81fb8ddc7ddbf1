"""Small helpers the newer kinds share: one-token conditions and sentence pieces split at 句点.

The core splitter reads a block with no sentence-final punctuation line by line, so a line such as
`朝起きた。そして夜に寝た` is one unit; kinds that count per sentence split it again at 句点 tokens.
"""

from __future__ import annotations

from typing import Any, Callable, Iterator, Sequence

from ..patterns import Pattern
from ..tokenizer import Token

Test = Callable[[Token], bool]
TERMINATOR_POS = "補助記号-句点"


def condition(spec: Any, where: str) -> Test:
    """A single-token condition in the pattern language ({pos: 助詞, not: {...}}), or a list of alternatives."""
    specs = spec if isinstance(spec, list) else [spec]
    tests = [Pattern({"tokens": [s]}, f"{where}[{k}]" if isinstance(spec, list) else where).elements[0].test for k, s in enumerate(specs)]
    if len(tests) == 1:
        return tests[0]
    return lambda t: any(test(t) for test in tests)


def is_terminator(token: Token) -> bool:
    return token.pos == TERMINATOR_POS


def pieces(tokens: Sequence[Token], separators: frozenset[str] | None = None) -> Iterator[tuple[int, int]]:
    """Token index ranges [i, j) of the sentences inside a unit; a terminator ends the range it closes.

    Terminators are 句点 tokens, or, when `separators` is given, tokens spelled as one of them.
    """
    start = 0

    def ends(t: Token) -> bool:
        return t.pos == TERMINATOR_POS if separators is None else t.surface in separators

    for i, t in enumerate(tokens):
        if ends(t):
            if i + 1 < len(tokens) and ends(tokens[i + 1]):
                continue  # ！？ and 。。 end one sentence
            yield start, i + 1
            start = i + 1
    if start < len(tokens):
        yield start, len(tokens)
