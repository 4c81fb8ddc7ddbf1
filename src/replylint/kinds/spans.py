"""Small helpers the newer kinds share: one-token conditions and sentence pieces split at 句点.

The core splitter reads a block with no sentence-final punctuation line by line, so a line such as
`朝起きた。そして夜に寝た` is one unit; kinds that count per sentence split it again at 句点 tokens.
"""

from __future__ import annotations

from operator import itemgetter
from typing import Any, Callable, Iterator, Sequence

from ..patterns import Pattern
from ..tokenizer import Token

Test = Callable[[Token], bool]
TERMINATOR_POS = "補助記号-句点"
_SURFACE = itemgetter(0)
_POS = itemgetter(3)


def condition(spec: Any, where: str) -> Test:
    """A single-token condition in the pattern language ({pos: 助詞, not: {...}}), or a list of alternatives."""
    specs = spec if isinstance(spec, list) else [spec]
    tests = [Pattern({"tokens": [s]}, f"{where}[{k}]" if isinstance(spec, list) else where).elements[0].test for k, s in enumerate(specs)]
    if len(tests) == 1:
        return tests[0]
    return lambda t: any(test(t) for test in tests)


def pieces(tokens: Sequence[Token], separators: frozenset[str] | None = None) -> Iterator[tuple[int, int]]:
    """Token index ranges [i, j) of the sentences inside a unit; a terminator ends the range it closes.

    Terminators are 句点 tokens, or, when `separators` is given, tokens spelled as one of them.
    They are found at C speed (a flag per token, then list.index): this runs for every sentence.
    """
    if separators is None:
        ends = list(map(TERMINATOR_POS.__eq__, map(_POS, tokens)))
    else:
        ends = list(map(separators.__contains__, map(_SURFACE, tokens)))
    n = len(ends)
    start = 0
    i = -1
    while True:
        try:
            i = ends.index(True, i + 1)
        except ValueError:
            break
        if i + 1 < n and ends[i + 1]:
            continue  # ！？ and 。。 end one sentence
        yield start, i + 1
        start = i + 1
    if start < n:
        yield start, n
