"""Many files: the same results in the same order whatever the number of workers; a worker that
dies is an error for its files, not a hang."""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

SRC = str(Path(__file__).resolve().parents[1] / "src")
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [SRC, os.environ.get("PYTHONPATH")]))}

import pytest

from replylint import load_rules, parallel
from replylint.config import Configs
from replylint.files import discover
from replylint.parallel import lint_files as _lint_files


def lint_files(paths: list[str], jobs: int, **kw):  # type: ignore[no-untyped-def]
    configs = Configs(disabled=True)
    return _lint_files(discover(paths, configs.config_for), configs, jobs=jobs, **kw)

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from drafts import draft  # noqa: E402


@pytest.fixture
def corpus(tmp_path: Path) -> list[str]:
    rng = random.Random(5)
    paths = []
    for k in range(24):
        p = tmp_path / f"draft-{k:02d}.txt"
        p.write_text(draft(rng), encoding="utf-8")
        paths.append(str(p))
    paths.insert(7, str(tmp_path / "missing.txt"))
    return paths


def test_workers_give_the_same_results_in_order(corpus: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "MIN_PARALLEL_CHARS", 0)
    monkeypatch.setattr(parallel, "_CHUNK_CHARS", 3_000)  # several batches per worker
    serial = lint_files(corpus, jobs=1)
    forked = lint_files(corpus, jobs=2)
    assert [r.path for r in forked] == corpus
    assert [(r.path, r.diagnostics, r.error) for r in forked] == [(r.path, r.diagnostics, r.error) for r in serial]
    assert forked[7].error == "no such file"
    assert all(r.source is not None for r in forked if r.error is None)
    assert sum(len(r.diagnostics) for r in serial) > 0


def test_small_runs_stay_in_process(corpus: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object) -> None:
        raise AssertionError("no pool for a small run")

    monkeypatch.setattr(parallel, "_Pool", boom)
    assert len(lint_files(corpus[:3], jobs=4)) == 3


def test_a_dead_worker_is_reported_not_hung(corpus: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    if "fork" not in __import__("multiprocessing").get_all_start_methods():
        pytest.skip("the crash is injected through fork")
    monkeypatch.setattr(parallel, "MIN_PARALLEL_CHARS", 0)
    real = parallel.lint_file

    def crash_on_fifth(source, *args):  # type: ignore[no-untyped-def]
        if source.path.endswith("draft-05.txt") and os.getpid() != parent:
            os._exit(9)  # as MeCab's SIGSEGV would
        return real(source, *args)

    parent = os.getpid()
    monkeypatch.setattr(parallel, "lint_file", crash_on_fifth)
    results = lint_files(corpus, jobs=2)
    assert len(results) == len(corpus)
    died = [r for r in results if r.error and "worker process died" in r.error]
    assert any(r.path.endswith("draft-05.txt") for r in died)


def test_an_internal_error_is_that_files_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = tmp_path / "d.txt"
    p.write_text("本文です。", encoding="utf-8")

    def broken(*args: object) -> None:
        raise ValueError("boom")

    monkeypatch.setattr(parallel, "lint_file", broken)
    (result,) = lint_files([str(p)], jobs=1)
    assert result.error == "internal error while linting: ValueError: boom"


def test_cli_jobs_option(tmp_path: Path) -> None:
    import subprocess

    (tmp_path / "d.txt").write_text("ログを送ってください。\n", encoding="utf-8")
    bad = subprocess.run([sys.executable, "-m", "replylint", "--jobs", "0", "d.txt"], cwd=tmp_path, capture_output=True, text=True, env=ENV, timeout=60)
    assert bad.returncode == 2 and "--jobs must be 1 or more" in bad.stderr
    ok = subprocess.run([sys.executable, "-m", "replylint", "-j", "2", "-f", "concise", "d.txt"], cwd=tmp_path, capture_output=True, text=True, env=ENV, timeout=60)
    assert ok.returncode == 1 and "request-reason" in ok.stdout


def _alive_while_streaming(paths: list[str], jobs: int) -> tuple[list[int], list[parallel.FileResult]]:
    """For each result yielded, how many earlier files' texts were still referred to when it came."""
    import gc
    import weakref

    configs = Configs(disabled=True)
    refs: list[weakref.ref] = []
    alive: list[int] = []
    kept = []
    for r in parallel.iter_lint_files(discover(paths, configs.config_for), configs, jobs=jobs):
        gc.collect()
        alive.append(sum(ref() is not None for ref in refs))
        if r.source is not None:
            refs.append(weakref.ref(r.source))
        kept.append((r.path, r.diagnostics, r.error))
        del r
    return alive, kept


def test_streaming_in_process_lets_go_of_every_file_it_has_given(corpus: list[str]) -> None:
    alive, kept = _alive_while_streaming(corpus, jobs=1)
    # At most the file just before (a reader's local variable may still name it), never the run.
    assert max(alive) <= 1 and alive.count(1) <= 2, alive
    assert kept == [(r.path, r.diagnostics, r.error) for r in lint_files(corpus, jobs=1)]


def test_streaming_with_workers_holds_a_bounded_number_of_files(corpus: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "MIN_PARALLEL_CHARS", 0)
    monkeypatch.setattr(parallel, "_CHUNK_CHARS", 1)  # one file a batch
    monkeypatch.setattr(parallel, "_IN_FLIGHT_PER_WORKER", 1)
    alive, kept = _alive_while_streaming(corpus, jobs=2)
    assert kept == [(r.path, r.diagnostics, r.error) for r in lint_files(corpus, jobs=1)]
    # Batches in flight (one a worker, plus the one being filled and the one being waited for),
    # never the run: 25 files in, at most a handful of texts are held at any time.
    assert max(alive) <= 4, alive


def test_a_run_answered_from_the_cache_streams_in_order(corpus: list[str], tmp_path: Path) -> None:
    from replylint.cache import Cache

    configs = Configs(disabled=True)
    found = discover(corpus, configs.config_for)
    first = list(parallel.iter_lint_files(found, configs, jobs=1, cache=Cache(tmp_path / "c", "salt")))
    walked = []

    def track(items, total):  # type: ignore[no-untyped-def]
        for k, item in enumerate(items):
            walked.append(k)
            yield item

    cache = Cache(tmp_path / "c", "salt")
    again = []
    for r in parallel.iter_lint_files(found, Configs(disabled=True), jobs=1, cache=cache, track=track):
        again.append((r.path, r.diagnostics, r.error, len(walked)))
    assert cache.hits == len(corpus) - 1 and cache.misses == 0
    assert [a[:3] for a in again] == [(r.path, r.diagnostics, r.error) for r in first]
    # A cache hit vouches for its config as a linted file does: each result is given as soon as
    # its file is read, not held back to the end.
    assert [a[3] for a in again] == list(range(1, len(corpus) + 1))


def _stat(pid: int) -> list[str] | None:
    """The fields of /proc/PID/stat after the command name (state, parent, ...), or None."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def _children(pid: int) -> list[int]:
    return [int(e) for e in os.listdir("/proc") if e.isdigit() and (f := _stat(int(e))) is not None and int(f[1]) == pid]


def _running(pid: int) -> bool:
    fields = _stat(pid)
    return fields is not None and fields[0] != "Z"  # a zombie has ended: it only waits to be reaped


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the kernel ends the workers (prctl): Linux only")
def test_workers_end_when_the_run_is_killed(tmp_path: Path) -> None:
    """A run killed with SIGKILL (a CI time-out) left its workers linting on as orphans for minutes."""
    import signal
    import subprocess
    import time

    rng = random.Random(5)
    for k in range(400):
        (tmp_path / f"d{k:03d}.txt").write_text(draft(rng), encoding="utf-8")
    run = subprocess.Popen([sys.executable, "-m", "replylint", "--no-cache", "--jobs", "2", str(tmp_path)], env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 30
        while len(workers) < 2 and time.monotonic() < deadline and run.poll() is None:
            time.sleep(0.05)
            workers = _children(run.pid)
        assert len(workers) >= 2, "the pool never started"
        run.send_signal(signal.SIGKILL)
        run.wait(10)
        deadline = time.monotonic() + 10
        while any(map(_running, workers)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [w for w in workers if _running(w)], "workers outlived the killed run"
    finally:
        if run.poll() is None:
            run.kill()
        for w in workers:
            if _running(w):
                os.kill(w, 9)
