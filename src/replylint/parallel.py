"""Linting many files: read them, answer unchanged ones from the cache, lint the rest in worker
processes, and give the results back in the order the paths were given.

Rules hold compiled closures, which cannot be pickled, so every worker has its own copy: with
the `fork` start method (Linux) it inherits the parent's configs with their profiles already
compiled; elsewhere it rebuilds them from the same command-line choices. A worker that dies
(MeCab has crashed on hostile input before) breaks the pool: the files it had not finished are
reported as errors and the run goes on.
"""

from __future__ import annotations

import os
import sys
from collections import deque
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Sequence

from .config import Configs
from .document import Document, analyze
from .files import Found
from .linter import FileResult, Prepared, lint_file, prepare
from .patterns import PatternTimeout
from .rules import RuleError
from .ruleset import ConfigError
from .source import STDIN, Source

if TYPE_CHECKING:
    from .cache import Cache

# Below this much text a pool costs more (forking, pickling) than it saves.
MIN_PARALLEL_CHARS = 60_000
_CHUNK_CHARS = 40_000  # text sent to a worker at a time: amortises pickling, keeps workers busy
_IN_FLIGHT_PER_WORKER = 3  # batches queued a worker before reading waits: keeps workers busy, memory flat


def cpu_count() -> int:
    """CPUs this process may run on (the affinity mask, not the machine's total)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


# The fork start method starts every worker at once: `--jobs 100000` would fork a hundred
# thousand processes. Beyond a few per CPU (or one per file) more workers only cost memory.
MAX_WORKERS_PER_CPU = 4


def workers(jobs: int, files: int) -> int:
    """How many worker processes `--jobs N` gets for this many files."""
    return max(1, min(jobs, files, MAX_WORKERS_PER_CPU * cpu_count()))


@dataclass(frozen=True)
class _Job:
    """What a worker needs besides the files: how to rebuild the configs, the inquiry, the mode."""

    configs_args: tuple[Any, ...]
    inquiry: str | None
    template: bool


_worker: dict[str, Any] = {}  # per worker process: its configs, analysed inquiry and mode


def _init(job: _Job, configs: Configs | None, parent: int) -> None:
    _die_with(parent)
    _worker["configs"] = configs if configs is not None else Configs(*job.configs_args)
    _worker["inquiry"] = analyze(job.inquiry) if job.inquiry is not None else None
    _worker["template"] = job.template


def _die_with(parent: int) -> None:
    """Make this worker end when the run's process does. A run killed with SIGKILL (a CI step's
    time-out, an OOM kill) cannot tell its pool, and the workers linted on for minutes as orphans.
    Linux: the kernel sends the signal (prctl PR_SET_PDEATHSIG); elsewhere workers end with the
    pool as before."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the run died before prctl took hold
        os._exit(1)


def failure(exc: Exception) -> str:
    """A file's error message for what went wrong while linting (or fixing) it."""
    if isinstance(exc, PatternTimeout):
        return str(exc)
    if isinstance(exc, RecursionError):
        return "too deeply nested to lint"
    if isinstance(exc, MemoryError):
        return "out of memory while linting"
    return f"internal error while linting: {type(exc).__name__}: {exc}"


def _lint_one(item: Prepared, configs: Configs, inquiry: Document | None, template: bool) -> FileResult:
    """Lint one file; an unexpected failure is that file's error, not the end of the run.

    A broken config or team rule (loaded lazily, with the first file it governs) stops the run
    as a ConfigError, as it would at start-up, instead of being called an internal error of
    every file; RuleError is turned into one because it cannot cross back from a worker."""
    source = item.source
    try:
        return lint_file(source, item.profile, inquiry, template, item.location)
    except ConfigError:
        raise
    except RuleError as exc:
        raise ConfigError(str(exc)) from None
    except Exception as exc:  # noqa: BLE001 - reported per file, with its type, instead of a traceback
        return FileResult(source.path, error=failure(exc), source=source)


def _lint_batch(items: Sequence[tuple[Source, Path]]) -> list[FileResult]:
    configs, inquiry, template = _worker["configs"], _worker["inquiry"], _worker["template"]
    out = []
    for source, location in items:
        item = Prepared(source, configs, location)
        # The text goes back with the result only through the parent's own copy (see lint_files).
        out.append(replace(_lint_one(item, configs, inquiry, template), source=None))
    return out


def _config_digest(item: Prepared, memo: dict[Path | None, str]) -> str:
    """What the file's own config adds to its cache key: the config file's bytes (its rule-dirs
    are covered by the cache's salt only when built in, so their files are hashed here too)."""
    config = item.configs.config_for(item.location)
    path = config.path
    if path not in memo:
        from .cache import fingerprint
        from .rules import rule_files

        files = [path] if path is not None else []
        for folder in config.rules.rule_dirs:
            if Path(folder).is_dir():
                files.extend(rule_files(Path(folder)))
        memo[path] = fingerprint(None, files)
    return memo[path]


def lint_files(
    found: Sequence[Found],
    configs: Configs,
    *,
    inquiry: str | None = None,
    encoding: str | None = None,
    template: bool = False,
    stdin_filename: str | None = None,
    jobs: int | None = None,
    cache: Cache | None = None,
    track: Callable[[Iterable[Any], int], Iterable[Any]] | None = None,
) -> list[FileResult]:
    """Lint the discovered files, each under its own config, and return one result each, in order.

    `jobs` None means one worker per CPU; 1 means in this process. `track(items, total)` wraps
    the walk over the files (a progress bar). The whole run at once: see `iter_lint_files`.
    """
    return list(iter_lint_files(found, configs, inquiry=inquiry, encoding=encoding, template=template, stdin_filename=stdin_filename, jobs=jobs, cache=cache, track=track))


class _Batch:
    """Files linted together by a worker (or, in a run too small for a pool, here at the end)."""

    def __init__(self) -> None:
        self.items: list[tuple[Prepared, str | None]] = []
        self.chars = 0
        self.future: Any = None  # set when sent to the pool
        self.results: list[FileResult] | None = None


def _folder_config(configs: Configs, location: Path) -> Path | None:
    """Which config governs a file, looked up by its folder (one stat a folder, not one a file)."""
    return configs.config_for(location.parent).path


def _location(item: Found, configs: Configs, stdin_filename: str | None) -> Path:
    if item.path == STDIN:
        return Path(stdin_filename) if stdin_filename else configs.cwd / "<stdin>"
    return Path(item.path)


def iter_lint_files(
    found: Sequence[Found],
    configs: Configs,
    *,
    inquiry: str | None = None,
    encoding: str | None = None,
    template: bool = False,
    stdin_filename: str | None = None,
    jobs: int | None = None,
    cache: Cache | None = None,
    track: Callable[[Iterable[Any], int], Iterable[Any]] | None = None,
) -> Iterator[FileResult]:
    """Lint the discovered files and yield one result each, in order, as soon as it and every one
    before it are ready, so that a run holds a few files at a time however many it lints.

    Nothing is yielded before every config governing these files is known to build (a file
    linted under it, or answered from the cache, whose key covers the bytes of its config and
    rules): a broken config or team rule stops the run with ConfigError before anything was
    reported. A config whose files all fail to be read keeps the results back to the end, as a
    collected run would. With workers, at most a few batches a worker are in flight.
    """
    limit = jobs or cpu_count()
    folders = {_location(f, configs, stdin_filename).parent for f in found if not f.error}
    unproven = {configs.config_for(folder).path for folder in folders}  # as _folder_config, a folder once
    held: list[FileResult] = []  # results kept back while a config is unproven
    slots: deque[FileResult | tuple[_Batch, int]] = deque()  # every file not yet yielded, in order
    in_flight: deque[_Batch] = deque()
    batch = _Batch()
    pool: _Pool | None = None
    todo_chars = 0
    digests: dict[Path | None, str] = {}
    job = _Job((configs.explicit, configs.disabled, configs.select, configs.ignore, configs.cwd), inquiry, template)
    inquiry_doc = analyze(inquiry) if inquiry is not None and limit == 1 else None

    def prove(items: Iterable[Prepared]) -> None:
        for item in items:
            unproven.discard(_folder_config(configs, item.location))

    def collect(done: _Batch) -> None:
        assert pool is not None
        done.results, linted = pool.collect(done)
        if unproven and linted:
            prove(p for p, _ in done.items)

    def ready(block: bool) -> Iterator[FileResult]:
        """Every result at the front of the line that is ready (waiting for workers if `block`)."""
        while slots:
            slot = slots[0]
            if isinstance(slot, FileResult):
                result = slot
            else:
                done, k = slot
                if done.results is None:
                    if pool is None or done.future is None or not (block or done.future.done()):
                        return
                    collect(done)
                item, key = done.items[k]
                result = _finish(item, key, done.results[k], cache)
            slots.popleft()
            yield result

    def release(results: Iterable[FileResult]) -> Iterator[FileResult]:
        for result in results:
            if unproven:
                held.append(result)
                continue
            yield from held
            held.clear()
            yield result

    walk: Iterable[Any] = prepare(found, configs, encoding, stdin_filename)
    if track is not None:
        walk = track(walk, len(found))
    try:
        for got in walk:
            if isinstance(got, FileResult):
                slots.append(got)
            else:
                key = cache.key(got.source.text, got.source.path, _config_digest(got, digests)) if cache is not None else None
                hit = cache.get(key) if cache is not None and key is not None else None
                if hit is not None:
                    slots.append(FileResult(got.source.path, hit[0], None, hit[1], got.source))
                    if unproven:  # the entry was written by a run that built these very rules (its key covers their bytes)
                        prove([got])
                elif limit == 1:  # in this process, file by file, so a progress bar moves with the work
                    slots.append(_finish(got, key, _lint_one(got, configs, inquiry_doc, template), cache))
                    if unproven:
                        prove([got])
                else:
                    batch.items.append((got, key))
                    slots.append((batch, len(batch.items) - 1))
                    batch.chars += len(got.source.text) + 200
                    todo_chars += len(got.source.text) + 200
                    # Workers start as soon as there is enough to do, and get batches while the rest is
                    # still being read and hashed here.
                    if pool is None and todo_chars >= MIN_PARALLEL_CHARS:
                        pool = _Pool(configs, job, workers(limit, len(found)))
                    if pool is not None and batch.chars >= _CHUNK_CHARS:
                        pool.submit(batch)
                        in_flight.append(batch)
                        batch = _Batch()
                        # Reading runs ahead of the workers: wait for the oldest batch rather than
                        # hold every file's text in memory.
                        while in_flight and (in_flight[0].results is not None or len(in_flight) > _IN_FLIGHT_PER_WORKER * pool.workers):
                            oldest = in_flight.popleft()
                            if oldest.results is None:
                                collect(oldest)
            yield from release(ready(block=False))
        in_flight.clear()  # the line of slots holds what is still to come; let go of batches already given
        if batch.items:
            if pool is not None:
                pool.submit(batch)
            else:
                inquiry_doc = analyze(inquiry) if inquiry is not None and inquiry_doc is None else inquiry_doc
                batch.results = [_lint_one(p, configs, inquiry_doc, template) for p, _ in batch.items]
                if unproven:
                    prove(p for p, _ in batch.items)
        yield from release(ready(block=True))
    except BaseException:
        if pool is not None:
            pool.abandon()
        raise
    if pool is not None:
        pool.shutdown()
    yield from held  # kept back for a config none of whose files could be read
    held.clear()
    if cache is not None:
        cache.flush()


def _finish(item: Prepared, key: str | None, result: FileResult, cache: Cache | None) -> FileResult:
    """The result with its source text back, remembered in the cache when it is a real answer."""
    result = replace(result, source=item.source)
    if cache is not None and key is not None and result.error is None:
        cache.put(key, result.diagnostics, result.skipped)
    return result


class _Pool:
    """Worker processes fed batch by batch; `collect` gives a batch's results, in order."""

    def __init__(self, configs: Configs, job: _Job, workers: int) -> None:
        import multiprocessing  # imported here: a one-file run should not pay for them
        from concurrent.futures import ProcessPoolExecutor

        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        inherited = configs if context.get_start_method() == "fork" else None
        self.workers = workers
        self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init, initargs=(job, inherited, os.getpid()))

    def submit(self, batch: _Batch) -> None:
        batch.future = self._pool.submit(_lint_batch, [(p.source, p.location) for p, _ in batch.items])

    def collect(self, batch: _Batch) -> tuple[list[FileResult], bool]:
        """The batch's results (waiting for them), and whether a worker really linted them."""
        from concurrent.futures.process import BrokenProcessPool

        try:
            return batch.future.result(), True
        except BrokenProcessPool:
            return [FileResult(p.source.path, error="a worker process died while linting this file (or one near it)") for p, _ in batch.items], False

    def abandon(self) -> None:
        """Stop now (an interrupt, an error while reading): queued batches are dropped."""
        self._pool.shutdown(wait=False, cancel_futures=True)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
