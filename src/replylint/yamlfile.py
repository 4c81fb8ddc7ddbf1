"""Reading YAML safely, remembering the line of every key so that errors can point at it.

Only the safe loader is used; aliases are refused (they buy nothing in a rule or a config file
and are how "billion laughs" bombs are built), and so are duplicate keys and oversized files.
"""

from __future__ import annotations

import errno
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

MAX_BYTES = 1_000_000


class YamlError(Exception):
    def __init__(self, path: str, line: int | None, message: str) -> None:
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}")
        self.path = path
        self.line = line
        self.message = message


class LineDict(dict):
    """A mapping that knows its own line and the line of each of its keys."""

    line: int = 0
    lines: dict[Any, int]

    def line_of(self, key: Any) -> int:
        return getattr(self, "lines", {}).get(key, self.line)


class LineList(list):
    """A sequence that knows the line of each item (plain strings cannot carry one themselves)."""

    line: int = 0
    lines: list[int]

    def line_of(self, index: int) -> int:
        lines = getattr(self, "lines", [])
        return lines[index] if 0 <= index < len(lines) else self.line


@lru_cache(maxsize=1)
def loader_class() -> type:
    """The safe loader with line numbers and no aliases. Built on first use: importing PyYAML costs
    ~10 ms that a run reading no YAML (rules come from yamlcache) should not pay."""
    import yaml

    try:
        base: type = yaml.CSafeLoader  # the C parser: several times faster
    except AttributeError:  # pragma: no cover - PyYAML built without libyaml
        base = yaml.SafeLoader

    class Loader(base):  # type: ignore[misc,valid-type]
        def get_single_node(self) -> Any:
            node = base.get_single_node(self)
            if getattr(self, "may_alias", True):  # without an anchor (&) there can be no alias: skip the walk
                _check_aliases(yaml, node, set())
            return node

    def construct_map(loader: Any, node: Any) -> Any:
        data = LineDict()
        data.line = node.start_mark.line + 1
        data.lines = {}
        yield data
        loader.flatten_mapping(node)
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                raise yaml.constructor.ConstructorError(None, None, "a key must be a plain value", key_node.start_mark)
            if key in data:
                raise yaml.constructor.ConstructorError(None, None, f"duplicate key '{key}'", key_node.start_mark)
            data[key] = loader.construct_object(value_node, deep=True)
            data.lines[key] = key_node.start_mark.line + 1

    def construct_seq(loader: Any, node: Any) -> Any:
        data = LineList()
        data.line = node.start_mark.line + 1
        data.lines = [item.start_mark.line + 1 for item in node.value]
        yield data
        data.extend(loader.construct_object(item, deep=True) for item in node.value)

    Loader.add_constructor("tag:yaml.org,2002:map", construct_map)
    Loader.add_constructor("tag:yaml.org,2002:seq", construct_seq)
    return Loader


def _check_aliases(yaml: Any, node: Any, seen: set[int]) -> None:
    """PyYAML expands aliases into shared nodes; a node met twice was an alias."""
    if node is None:
        return
    if id(node) in seen:
        raise yaml.composer.ComposerError(None, None, "anchors and aliases are not allowed here", node.start_mark)
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            _check_aliases(yaml, k, seen)
            _check_aliases(yaml, v, seen)
    elif isinstance(node, yaml.SequenceNode):
        for v in node.value:
            _check_aliases(yaml, v, seen)


# libyaml's parser recurses once a nesting level: "[" * 100_000 overflows the C stack and kills the
# process (measured), so nesting is bounded before the parser sees the text.
MAX_DEPTH = 200
_FLOW_RE = re.compile(r"[\[\]{}]")
_BLOCK_RE = re.compile(r"^(?:[ \t]*[-?:](?:[ \t]+|$))+", re.M)


def nesting_too_deep(text: str, limit: int = MAX_DEPTH) -> bool:
    """An upper bound on the nesting depth exceeds `limit`: flow brackets (quotes ignored, so it
    errs on the side of refusing) or block markers (`- - - x`) stacked on one line."""
    depth = 0
    for m in _FLOW_RE.finditer(text):
        if m.group() in "[{":
            depth += 1
            if depth > limit:
                return True
        elif depth:
            depth -= 1
    return any(len(m.group()) > 2 * limit and sum(m.group().count(c) for c in "-?:") > limit for m in _BLOCK_RE.finditer(text))


def loads(text: str, path: str) -> Any:
    if len(text) > MAX_BYTES:
        raise YamlError(path, None, f"file is larger than {MAX_BYTES} characters; refusing to load it")
    if nesting_too_deep(text):
        raise YamlError(path, None, f"invalid YAML: nested more than {MAX_DEPTH} levels deep; refusing to load it")
    import yaml

    try:
        loader = loader_class()(text)
        loader.may_alias = "&" in text
        try:
            return loader.get_single_data()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or str(exc)
        raise YamlError(path, line, f"invalid YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise YamlError(path, None, f"invalid YAML: {exc}") from None
    except RecursionError:
        raise YamlError(path, None, "invalid YAML: nested too deeply") from None


def read(path: Path) -> bytes:
    """A YAML (or TOML) file's bytes, refusing what `loads` would refuse before reading it all.

    At most MAX_BYTES + 1 bytes are read, whatever the size claims (a /proc file says 0), and a
    FIFO or device is refused on the open file: /dev/zero never ends, a FIFO's open would block
    (hence O_NONBLOCK)."""
    from .source import read_bounded

    try:
        return read_bounded(path, MAX_BYTES)
    except OSError as exc:
        refusing = "; refusing to load it" if exc.errno == errno.EFBIG else ""
        raise YamlError(str(path), None, (exc.strerror or str(exc)) + refusing) from None


def decode(raw: bytes, path: str) -> str:
    """The text of a YAML file's bytes, line breaks as read_text gives them."""
    try:
        return raw.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError as exc:
        raise YamlError(path, None, f"not UTF-8 (byte offset {exc.start})") from None


def load(path: Path) -> Any:
    return loads(decode(read(path), str(path)), str(path))
