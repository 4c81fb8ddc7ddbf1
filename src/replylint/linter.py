"""The public API: lint a text or files. The CLI is a thin layer over these functions."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Iterator

from .diagnostics import Diagnostic
from .document import Document, analyze
from .engine import run
from .segments import lint_long
from .ruleset import RuleSet, Settings, load_rules
from .source import InputError, Source, read_source


@lru_cache(maxsize=1)
def default_rules() -> RuleSet:
    """The built-in rules with default settings, loaded once per process."""
    return load_rules(Settings())


def lint(
    text: str,
    *,
    inquiry: str | Document | None = None,
    path: str = "<text>",
    rules: RuleSet | None = None,
) -> list[Diagnostic]:
    """Lint one draft. `inquiry` is the customer's message it answers, as text or an analysed Document.

    Pass `rules` (from `load_rules`) to choose and configure rules; reuse it across calls.
    """
    inquiry_doc = analyze(inquiry) if isinstance(inquiry, str) else inquiry
    return list(_check(text, rules if rules is not None else default_rules(), inquiry_doc, path)[0])


def _check(text: str, rules: RuleSet, inquiry: Document | None, path: str) -> tuple[tuple[Diagnostic, ...], tuple[str, ...]]:
    """Diagnostics and skipped rules; a very long text is checked in parts (see segments.py)."""

    def check(doc: Document) -> tuple[tuple[Diagnostic, ...], tuple[str, ...]]:
        outcome = run(rules, doc, inquiry, path)
        return outcome.diagnostics, outcome.skipped

    return lint_long(text, check)


@dataclass(frozen=True)
class FileResult:
    """The outcome for one path: diagnostics, or the error that kept it from being linted."""

    path: str
    diagnostics: tuple[Diagnostic, ...] = ()
    error: str | None = None
    skipped: tuple[str, ...] = ()
    source: Source | None = None


def lint_source(source: Source, rules: RuleSet, inquiry: Document | None = None) -> FileResult:
    diagnostics, skipped = _check(source.text, rules, inquiry, source.path)
    return FileResult(source.path, diagnostics, None, skipped, source)


def lint_paths(
    paths: Iterable[str],
    rules: RuleSet,
    inquiry: Document | None = None,
    encoding: str | None = None,
) -> Iterator[FileResult]:
    """Lint files one by one; a file that cannot be read yields an error result and the rest go on."""
    for path in paths:
        try:
            source = read_source(path, encoding)
        except InputError as exc:
            yield FileResult(path, error=exc.message)
            continue
        yield lint_source(source, rules, inquiry)
