"""One run over files, as the command line asks for it: find the files, lint or fix them under
their configs, in worker processes and from the cache where asked. The CLI maps its options onto
a `Request` and prints the results of `stream` as they come; everything in between lives here,
callable without a shell. `execute` collects a whole run's results (the API's `Outcome`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

from .config import Configs
from .linter import FileResult


@dataclass(frozen=True)
class Request:
    """A whole run as the command line asks for it, so that it can be run without a shell."""

    paths: Sequence[str]
    inquiry: str | None = None  # the inquiry's text
    encoding: str | None = None
    select: Sequence[str] = ()
    ignore: Sequence[str] = ()
    config: Path | None = None
    no_config: bool = False
    template: bool = False
    stdin_filename: str | None = None
    jobs: int | None = None
    cache: bool | None = None  # None: on when a project config governs the working directory
    fix: bool = False
    diff: bool = False
    force_exclude: bool = False  # the config's `exclude` applies to files named explicitly too


@dataclass(frozen=True)
class Outcome:
    """What a run produced: a result per file, in order, and the configs that governed them."""

    results: tuple[FileResult, ...]
    configs: Configs
    changed: int = 0  # files a --fix/--diff changed (or would change)


def _open_cache(configs: Configs, request: Request) -> Any:
    """The cache of the project this run belongs to, salted with everything the request decides."""
    from .cache import DIRNAME, Cache, fingerprint
    from .rules import builtin_rules_dir, rule_files

    choices = (configs.explicit, configs.disabled, configs.select, configs.ignore, request.template)
    extra = f"inquiry {request.inquiry!r}; encoding {request.encoding!r}"
    return Cache(configs.project_root() / DIRNAME, fingerprint(choices, rule_files(builtin_rules_dir()), extra))


@dataclass(frozen=True)
class Stream:
    """A run whose results come one file at a time, in order, as they are ready (iterate once):
    a run over any number of files then holds only a few of them. `changed` is known at once."""

    results: Iterator[FileResult]
    configs: Configs
    changed: int = 0  # files a --fix/--diff changed (or would change)


class RunRules:
    """Every rule a run used (`Configs.rules`), looked up whenever iterated: a report written as
    the results come (SARIF, JUnit, --statistics) reads it at its end, after the last file."""

    def __init__(self, configs: Configs) -> None:
        self._configs = configs

    def __iter__(self) -> Iterator[Any]:
        return iter(self._configs.rules())


def execute(request: Request, track: Callable[[Iterable[Any], int], Iterable[Any]] | None = None) -> Outcome:
    """Lint (or fix) the request's files, all results at once. Raises ConfigError/RuleError for a broken config or rule."""
    run = stream(request, track)
    return Outcome(tuple(run.results), run.configs, run.changed)


def stream(request: Request, track: Callable[[Iterable[Any], int], Iterable[Any]] | None = None) -> Stream:
    """Lint (or fix) the request's files, giving each result as it is ready. A broken config or
    rule raises ConfigError/RuleError here or at the first result, before any result is given."""
    from .files import discover

    configs = Configs(request.config, request.no_config, request.select, request.ignore)
    found = discover(list(request.paths), configs.config_for, request.force_exclude)
    if request.fix or request.diff:
        from .document import analyze
        from .fixing import run_fixes

        inquiry = analyze(request.inquiry) if request.inquiry is not None else None
        fixed = run_fixes(found, configs, inquiry, request.encoding, request.template, request.stdin_filename, write=not request.diff)
        return Stream(iter([f.result for f in fixed]), configs, sum(1 for f in fixed if f.changed))
    from .parallel import iter_lint_files

    use_cache = request.cache if request.cache is not None else configs.has_project_config()
    results = iter_lint_files(
        found,
        configs,
        inquiry=request.inquiry,
        encoding=request.encoding,
        template=request.template,
        stdin_filename=request.stdin_filename,
        jobs=request.jobs,
        cache=_open_cache(configs, request) if use_cache else None,
        track=track,
    )
    return Stream(results, configs)
