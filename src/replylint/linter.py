"""The public API: lint a text or files. The CLI is a thin layer over these functions."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator, Sequence

from . import markdown
from .config import Configs, Profile
from .diagnostics import Diagnostic, Fix
from .document import Document, Lines, analyze
from .engine import run
from .files import Found
from .masks import PLACEHOLDER, Mask
from .segments import lint_long
from .rules import Rule
from .ruleset import RuleSet, Settings, load_rules
from .source import STDIN, InputError, Source, read_source
from .yamlfile import YamlError

if TYPE_CHECKING:
    from .collection import Entry


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
    if not isinstance(text, str):
        hint = " (decode it first)" if isinstance(text, (bytes, bytearray)) else ""
        raise TypeError(f"lint(): `text` must be a str, not {type(text).__name__}{hint}")
    if inquiry is not None and not isinstance(inquiry, (str, Document)):
        raise TypeError(f"lint(): `inquiry` must be a str or a Document, not {type(inquiry).__name__}")
    if rules is not None and not isinstance(rules, RuleSet):
        if not isinstance(rules, (list, tuple)) or not all(isinstance(r, Rule) for r in rules):
            raise TypeError(f"lint(): `rules` must be a RuleSet from load_rules() (or a list of its Rules), not {type(rules).__name__}")
        rules = RuleSet(tuple(rules))
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


# ---------------------------------------------------------------------------------------------
# Linting a project: files found under folders, each with the config that governs it.


def _no_fix_on_masks(diagnostics: Iterable[Diagnostic], masks: tuple[Mask, ...]) -> list[Diagnostic]:
    """A placeholder, URL or code span is never rewritten: a fix touching one is dropped."""
    out = []
    for d in diagnostics:
        if d.fix is not None and any(m.start < max(d.fix.end, d.fix.start + 1) and d.fix.start < m.end for m in masks):
            d = replace(d, fix=None)
        out.append(d)
    return out


def _remap(d: Diagnostic, entry: Entry, lines: Lines) -> Diagnostic:
    """A diagnostic of a collection entry, moved to the entry's place in the file."""
    start, end = entry.span(d.start, d.end)
    line, column = lines.position(start)
    end_line, end_column = lines.position(end)
    fix = None
    if d.fix is not None:
        fs, fe = entry.span(d.fix.start, d.fix.end)
        if fe - fs == d.fix.end - d.fix.start and fs == entry.offsets[d.fix.start]:
            fix = Fix(fs, fe, d.fix.replacement)
    return replace(d, start=start, end=end, line=line, column=column, end_line=end_line, end_column=end_column, fix=fix)


def lint_file(
    source: Source,
    profile: Profile,
    inquiry: Document | None = None,
    template: bool = False,
    location: Path | None = None,
) -> FileResult:
    """Lint one file the way its config says: as a collection, Markdown/HTML or plain text, a template or a draft.

    `location` is the path used for config globs (stdin's --stdin-filename); default the source's path.
    """
    config = profile.config
    where = location or Path(source.path)
    key = config.collection_key(where)
    template = template or key is not None or config.is_template(where)
    rules = [r for r in profile.rules if not (template and r.drafts_only)]
    placeholders = config.placeholder_set
    diagnostics: list[Diagnostic] = []
    skipped: set[str] = set()
    if key is not None:
        from .collection import entries

        try:
            found = list(entries(source.text, source.path, key))
        except YamlError as exc:
            return FileResult(source.path, error=exc.message if exc.line is None else f"line {exc.line}: {exc.message}", source=source)
        lines = Lines(source.text)
        for entry in found:
            masks = placeholders.masks(entry.text)
            outcome = run(rules, analyze(entry.text, masks=masks), inquiry, source.path)
            skipped.update(outcome.skipped)
            diagnostics.extend(_remap(d, entry, lines) for d in _no_fix_on_masks(outcome.diagnostics, masks))
    else:
        kind = markdown.kind_of(where.name)
        protect = [(m.start, m.end) for m in placeholders.masks(source.text) if m.kind == PLACEHOLDER] if kind else []
        prose = markdown.prose(source.text, kind, protect)
        masks = placeholders.masks(prose.text, prose.masks)

        def check(doc: Document) -> tuple[tuple[Diagnostic, ...], tuple[str, ...]]:
            outcome = run(rules, doc, inquiry, source.path)
            return outcome.diagnostics, outcome.skipped

        def build(start: int, end: int) -> Document:
            inside = [replace(m, start=m.start - start, end=m.end - start) for m in masks if start <= m.start and m.end <= end]
            return analyze(prose.text[start:end], masks=inside)

        found, skip = lint_long(prose.text, check, build=build)
        skipped.update(skip)
        diagnostics = _no_fix_on_masks(found, masks)
        if kind is not None:
            ran = {r.id: r.pack for r in rules if r.id not in skip}
            from . import suppression

            shown = markdown.code_spans(source.text) if kind == "markdown" and "replylint-" in source.text else []
            diagnostics = suppression.apply(source.text, diagnostics, source.path, profile.names, ran, profile.meta, shown)
    ignored = config.ignored_for(where)
    if ignored:
        packs = {r.id: r.pack for r in profile.rules}
        diagnostics = [d for d in diagnostics if d.rule not in ignored and packs.get(d.rule) not in ignored]
    diagnostics.sort(key=lambda d: (d.start, d.end, d.rule))
    return FileResult(source.path, tuple(diagnostics), None, tuple(sorted(skipped)), source)


@dataclass(frozen=True)
class Prepared:
    """A discovered file, read, with where it stands: what linting or fixing it needs.

    Its profile (the compiled rules of its config) is looked up only when asked for, so a run
    answered from the cache never compiles a rule.
    """

    source: Source
    configs: Configs
    location: Path

    @property
    def profile(self) -> Profile:
        return self.configs.profile_for(self.location)


def prepare(
    found: Sequence[Found],
    configs: Configs,
    encoding: str | None = None,
    stdin_filename: str | None = None,
) -> Iterator[Prepared | FileResult]:
    """Read each discovered file and find its config; a path that cannot be read becomes an error result."""
    for item in found:
        if item.error:
            yield FileResult(item.path, error=item.error)
            continue
        try:
            source = read_source(item.path, encoding)
        except InputError as exc:
            yield FileResult(item.path, error=exc.message)
            continue
        location = Path(item.path)
        if item.path == STDIN:
            location = Path(stdin_filename) if stdin_filename else configs.cwd / "<stdin>"
            if stdin_filename:
                source = replace(source, path=stdin_filename)
        yield Prepared(source, configs, location)
