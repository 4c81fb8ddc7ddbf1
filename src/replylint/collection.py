"""Template collections: many responses in one YAML or JSON file, linted entry by entry.

The entries are the string values of a configured key (`body`, or a dotted path such as
`replies.body`), at any depth. Each entry is linted as its own text; `offsets` maps every
character of the entry back to its offset in the file, so diagnostics point at the real line
and column even inside a `|` block, a quoted string with escapes, or a folded scalar. Where the
mapping cannot be worked out, every character maps to the start of the value (its line is
still right).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any, Callable, Iterator

import yaml

from .yamlfile import MAX_BYTES, MAX_DEPTH, YamlError, loader_class, nesting_too_deep

_ESCAPES = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r",
    "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029",
}
_HEX = {"x": 2, "u": 4, "U": 8}
_LONGEST_ESCAPE = 12  # \ud83d\ude00, a JSON surrogate pair


@dataclass(frozen=True)
class Entry:
    """One string of a YAML/JSON collection, with where each of its characters lies in the file."""

    text: str
    offsets: tuple[int, ...]  # file offset of each character of text, plus one for the end
    key_path: str  # where it is, e.g. replies[2].body, for messages

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The file span of text[start:end]."""
        if end <= start:
            return self.offsets[start], self.offsets[start]
        last, after = self.offsets[end - 1], self.offsets[end]
        # `after` is where the next character's source begins: the end of an escape such as \u9001,
        # unless indentation or a line break lies between (then the character itself is the end).
        return self.offsets[start], after if 0 < after - last <= _LONGEST_ESCAPE else last + 1


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for i, ch in enumerate(text):
        if ch == "\n":
            starts.append(i + 1)
    return starts


def _escape_at(raw: str, j: int) -> tuple[str, int] | None:
    """The character a double-quoted escape at raw[j] (a backslash) stands for, and its length."""
    if j + 1 >= len(raw):
        return None
    c = raw[j + 1]
    if c in _ESCAPES:
        return _ESCAPES[c], 2
    if c in _HEX:
        n = _HEX[c]
        digits = raw[j + 2 : j + 2 + n]
        try:
            code = int(digits, 16)
        except ValueError:
            return None
        if 0xD800 <= code < 0xDC00 and raw[j + 2 + n : j + 4 + n] == "\\u":  # a JSON surrogate pair
            low = raw[j + 4 + n : j + 8 + n]
            try:
                code = 0x10000 + ((code - 0xD800) << 10) + (int(low, 16) - 0xDC00)
                return chr(code), 2 + n + 6
            except ValueError:
                return None
        return chr(code), 2 + n
    return None


def align(value: str, raw: str, base: int, double_quoted: bool) -> tuple[int, ...] | None:
    """Map each character of a scalar's value to an offset in its raw source text, or None.

    Characters are matched in order; raw characters that the value does not have (indentation,
    quotes, line breaks folded away) are skipped, a folded line break matches the space it became,
    and escapes in double-quoted scalars match the character they stand for.
    """
    out: list[int] = []
    j = 0
    n = len(raw)
    for ch in value:
        while j < n:
            r = raw[j]
            if double_quoted and r == "\\":
                esc = _escape_at(raw, j)
                if esc is not None and esc[0] == ch:
                    out.append(base + j)
                    j += esc[1]
                    break
                if esc is None and raw[j + 1 : j + 2] in ("\n", "\r"):  # an escaped line break: skipped
                    j += 2
                    continue
                if esc is not None:
                    return None
            if ch in " \n" and r == "\r" and raw[j + 1 : j + 2] == "\n":  # a CRLF break, kept or folded: at its \r,
                out.append(base + j)  # so that a span never ends between \r and \n
                j += 2
                break
            if r == ch or (ch == " " and r == "\n"):
                out.append(base + j)
                j += 1
                break
            if r == "'" and raw[j + 1 : j + 2] == "'" and ch == "'":
                out.append(base + j)
                j += 2
                break
            j += 1
        else:
            return None
    out.append(base + j)
    return tuple(out)


_PAIR_RE = re.compile(r"\\u(d[89ab][0-9a-f]{2})\\u(d[c-f][0-9a-f]{2})", re.I)


def _join_surrogates(text: str) -> tuple[str, list[tuple[int, int]]]:
    """JSON spells a character beyond U+FFFF as a pair of \\u escapes, which YAML refuses; rewrite
    each pair as one \\U escape (two characters shorter) and remember where, to map offsets back."""
    shifts: list[tuple[int, int]] = []  # (offset in the new text after which, total shift so far)
    parts: list[str] = []
    last = 0
    total = 0
    for m in _PAIR_RE.finditer(text):
        code = 0x10000 + ((int(m.group(1), 16) - 0xD800) << 10) + (int(m.group(2), 16) - 0xDC00)
        parts.append(text[last : m.start()])
        new = f"\\U{code:08x}"
        parts.append(new)
        total += len(m.group(0)) - len(new)
        shifts.append((m.start() - (total - (len(m.group(0)) - len(new))) + len(new), total))
        last = m.end()
    parts.append(text[last:])
    return "".join(parts), shifts


def _unshift(offset: int, shifts: list[tuple[int, int]]) -> int:
    i = bisect_right([s for s, _ in shifts], offset)
    return offset + (shifts[i - 1][1] if i else 0)


def _matches(path: list[str], key: str) -> bool:
    wanted = key.split(".")
    return path[-len(wanted) :] == wanted


def _too_deep(text: str) -> bool:
    """Whether the document really nests deeper than MAX_DEPTH (brackets inside strings, which the
    quick bound counts, do not count here). The composer recurses in C once per level: some ten
    thousand levels of `{"body":` overflow its stack and kill the process (SIGSEGV). The parser's
    events come from a loop, not recursion, so they are counted first. A YAML error on the way
    is left to the composer to report, with its line: it stops there too."""
    import yaml

    depth = 0
    try:
        for event in yaml.parse(text, Loader=loader_class()):  # noqa: S506 - events only, nothing constructed
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    return True
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return False
    return False


def entries(text: str, name: str, key: str) -> Iterator[Entry]:
    """The entries of a collection file. Raises YamlError (with a line) on a file that cannot be read."""
    if len(text) > MAX_BYTES:
        raise YamlError(name, None, f"file is larger than {MAX_BYTES} characters; refusing to load it")
    shifts: list[tuple[int, int]] = []
    if "\\u" in text and _PAIR_RE.search(text):
        text, shifts = _join_surrogates(text)
    if nesting_too_deep(text) and _too_deep(text):
        raise YamlError(name, None, f"invalid YAML/JSON: nested more than {MAX_DEPTH} levels deep; refusing to load it")
    try:
        root = yaml.compose(text, Loader=loader_class())  # noqa: S506 - a SafeLoader that refuses aliases
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise YamlError(name, mark.line + 1 if mark else None, f"invalid YAML/JSON: {exc.problem or exc}") from None
    except yaml.YAMLError as exc:
        raise YamlError(name, None, f"invalid YAML/JSON: {exc}") from None
    except RecursionError:
        raise YamlError(name, None, "nested too deeply") from None
    starts = _line_starts(text)

    def offset(mark: yaml.Mark) -> int:
        return starts[mark.line] + mark.column if mark.line < len(starts) else len(text)

    def scalar(node: yaml.ScalarNode, where: str) -> Entry | None:
        if node.tag != "tag:yaml.org,2002:str" or not node.value.strip():
            return None
        start, end = offset(node.start_mark), offset(node.end_mark)
        mapped = align(node.value, text[start:end], start, node.style == '"')
        if mapped is None:
            mapped = tuple([start] * (len(node.value) + 1))
        if shifts:
            mapped = tuple(_unshift(o, shifts) for o in mapped)
        return Entry(node.value, mapped, where)

    if root is not None:
        yield from _walk(root, [], "", False, key, scalar)


def _walk(node: Any, path: list[str], where: str, hit: bool, key: str, scalar: Callable[[Any, str], "Entry | None"]) -> Iterator[Entry]:
    """The string scalars under the key path, depth first. A module function, not a closure that
    calls itself: that would be a reference cycle left for the garbage collector on every file."""
    import yaml

    if isinstance(node, yaml.ScalarNode):
        if hit:
            found = scalar(node, where)
            if found:
                yield found
    elif isinstance(node, yaml.SequenceNode):
        for k, item in enumerate(node.value):
            yield from _walk(item, path, f"{where}[{k}]", hit, key, scalar)
    elif isinstance(node, yaml.MappingNode):
        for k_node, v_node in node.value:
            k = str(k_node.value) if isinstance(k_node, yaml.ScalarNode) else "?"
            sub = [*path, k]
            yield from _walk(v_node, sub, f"{where}.{k}" if where else k, _matches(sub, key), key, scalar)
