"""Linting many files: read them, answer unchanged ones from the cache, lint the rest in worker
processes, and give the results back in the order the paths were given.

Rules hold compiled closures, which cannot be pickled, so every worker has its own copy: with
the `fork` start method (Linux) it inherits the parent's, already compiled; elsewhere it loads
them from the same Settings. A worker that dies (MeCab has crashed on hostile input before)
breaks the pool: the files it had not finished are reported as errors and the run goes on.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Callable, Sequence

from .document import Document, analyze
from .linter import FileResult, lint_source
from .patterns import PatternTimeout
from .ruleset import RuleSet, load_rules
from .source import InputError, Source, read_source

if TYPE_CHECKING:
    from .cache import Cache

# Below this much text a pool costs more (forking, pickling) than it saves.
MIN_PARALLEL_CHARS = 60_000
_CHUNK_CHARS = 40_000  # text sent to a worker at a time: amortises pickling, keeps workers busy


def cpu_count() -> int:
    """CPUs this process may run on (the affinity mask, not the machine's total)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class _Job:
    """What a worker needs to lint: how to get the rules, and the inquiry."""

    settings: Any
    inquiry: str | None


_worker: dict[str, Any] = {}  # per worker process: its rules and analysed inquiry


def _init(job: _Job, rules: RuleSet | None) -> None:
    _worker["rules"] = rules if rules is not None else load_rules(job.settings)
    _worker["inquiry"] = analyze(job.inquiry) if job.inquiry is not None else None


def _lint_one(source: Source, rules: RuleSet, inquiry: Document | None) -> FileResult:
    """Lint one source; an unexpected failure is that file's error, not the end of the run."""
    try:
        return lint_source(source, rules, inquiry)
    except PatternTimeout as exc:
        return FileResult(source.path, error=str(exc), source=source)
    except RecursionError:
        return FileResult(source.path, error="too deeply nested to lint", source=source)
    except MemoryError:
        return FileResult(source.path, error="out of memory while linting", source=source)
    except Exception as exc:  # noqa: BLE001 - reported per file, with its type, instead of a traceback
        return FileResult(source.path, error=f"internal error while linting: {type(exc).__name__}: {exc}", source=source)


def _lint_batch(sources: Sequence[Source]) -> list[FileResult]:
    rules, inquiry = _worker["rules"], _worker["inquiry"]
    # The text goes back with the result only through the parent's own copy (see lint_files).
    return [replace(_lint_one(s, rules, inquiry), source=None) for s in sources]


def _read(path: str, encoding: str | None) -> Source | FileResult:
    try:
        return read_source(path, encoding)
    except InputError as exc:
        return FileResult(path, error=exc.message)
    except (OSError, ValueError) as exc:  # e.g. a file that vanished or changed type while read
        return FileResult(path, error=str(exc))


def lint_files(
    paths: Sequence[str],
    rules: Callable[[], RuleSet],
    *,
    settings: Any = None,
    inquiry: str | None = None,
    encoding: str | None = None,
    jobs: int | None = None,
    cache: Cache | None = None,
) -> list[FileResult]:
    """Lint `paths` and return one result each, in the same order.

    `rules` is called (once) only if some file has to be linted: a run answered wholly from the
    cache never loads or compiles a rule. `jobs` None means one worker per CPU; 1 means in this
    process. `settings` lets workers on non-fork platforms load the same rules.
    """
    results: list[FileResult | None] = [None] * len(paths)
    todo: list[tuple[int, Source, str | None]] = []
    limit = jobs or cpu_count()
    pool: _Pool | None = None
    pending_chars = 0
    todo_chars = 0
    sent = 0  # todo[:sent] are in the pool's hands
    try:
        for k, path in enumerate(paths):
            got = _read(path, encoding)
            if isinstance(got, FileResult):
                results[k] = got
                continue
            key = cache.key(got.text, got.path) if cache is not None else None
            hit = cache.get(key) if cache is not None and key is not None else None
            if hit is not None:
                results[k] = FileResult(got.path, hit[0], None, hit[1], got)
                continue
            todo.append((k, got, key))
            todo_chars += len(got.text) + 200
            pending_chars += len(got.text) + 200
            # Workers start as soon as there is enough to do, and get batches while the rest is
            # still being read and hashed here.
            if pool is None and limit > 1 and todo_chars >= MIN_PARALLEL_CHARS:
                pool = _Pool(rules(), _Job(settings, inquiry), limit)
            if pool is not None and pending_chars >= _CHUNK_CHARS:
                pool.submit([s for _, s, _ in todo[sent:]])
                sent, pending_chars = len(todo), 0

        if pool is not None:
            if sent < len(todo):
                pool.submit([s for _, s, _ in todo[sent:]])
            linted = pool.results()
        elif todo:
            ruleset = rules()
            inquiry_doc = analyze(inquiry) if inquiry is not None else None
            linted = [_lint_one(s, ruleset, inquiry_doc) for _, s, _ in todo]
        else:
            linted = []
    except BaseException:
        if pool is not None:
            pool.abandon()
        raise
    for (k, source, key), result in zip(todo, linted):
        result = replace(result, source=source)
        results[k] = result
        if cache is not None and key is not None and result.error is None:
            cache.put(key, result.diagnostics, result.skipped)
    if cache is not None:
        cache.flush()
    return [r for r in results if r is not None]


class _Pool:
    """Worker processes fed batch by batch; `results` gives every file's result in order."""

    def __init__(self, rules: RuleSet, job: _Job, workers: int) -> None:
        import multiprocessing  # imported here: a one-file run should not pay for them
        from concurrent.futures import ProcessPoolExecutor

        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        inherited = rules if context.get_start_method() == "fork" else None
        self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init, initargs=(job, inherited))
        self._batches: list[tuple[list[Source], Any]] = []

    def submit(self, sources: list[Source]) -> None:
        self._batches.append((sources, self._pool.submit(_lint_batch, sources)))

    def abandon(self) -> None:
        """Stop now (an interrupt, an error while reading): queued batches are dropped."""
        self._pool.shutdown(wait=False, cancel_futures=True)

    def results(self) -> list[FileResult]:
        from concurrent.futures.process import BrokenProcessPool

        out: list[FileResult] = []
        try:
            for sources, future in self._batches:
                try:
                    out.extend(future.result())
                except BrokenProcessPool:
                    out.extend(FileResult(s.path, error="a worker process died while linting this file (or one near it)") for s in sources)
        finally:
            self._pool.shutdown(wait=True, cancel_futures=True)
        return out
