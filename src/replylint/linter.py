"""The public API: lint a text or files. The CLI is a thin layer over these functions."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Iterator

from .diagnostics import Diagnostic
from .document import Document, analyze
from .engine import run
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
    return list(run(rules if rules is not None else default_rules(), analyze(text), inquiry_doc, path).diagnostics)


@dataclass(frozen=True)
class FileResult:
    """The outcome for one path: diagnostics, or the error that kept it from being linted."""

    path: str
    diagnostics: tuple[Diagnostic, ...] = ()
    error: str | None = None
    skipped: tuple[str, ...] = ()
    source: Source | None = None


def lint_source(source: Source, rules: RuleSet, inquiry: Document | None = None) -> FileResult:
    outcome = run(rules, analyze(source.text), inquiry, source.path)
    return FileResult(source.path, outcome.diagnostics, None, outcome.skipped, source)


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
