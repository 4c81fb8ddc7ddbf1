"""replylint's benchmark: one run, one corpus, every figure of issue 6 against its target.

    python bench/run.py                 # the full run (10,000 drafts; several minutes)
    python bench/run.py --quick         # 1,000 drafts everywhere, fewer repeats (a smoke test)

Every timing is the minimum of `--repeat` runs (the machine may be shared: the minimum is the
least disturbed run), and each ratio compares figures taken in this same run. Subprocesses
are timed from outside (wall clock); peak memory is each process's own VmHWM (bench/peak.py).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from drafts import big_draft, generate, write_corpus  # noqa: E402

PY = sys.executable
# Children import replylint from this checkout. Bytecode caching stays on, whatever the caller's
# PYTHONDONTWRITEBYTECODE says: an installed replylint has its .pyc files (pip compiles them at
# install), and without them every start would re-compile replylint's source (~40 ms).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
ENV["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]))
IMPORT_FLOOR = "import typer, rich, yaml, fugashi; fugashi.Tagger()('テスト')"


def run(cmd: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> tuple[float, int]:
    """Wall seconds and exit code of a command."""
    t0 = time.perf_counter()
    code = subprocess.run(cmd, cwd=cwd, env=env or ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
    return time.perf_counter() - t0, code


def best(cmd: list[str], repeat: int, cwd: Path | None = None) -> float:
    times = []
    for _ in range(repeat):
        t, code = run(cmd, cwd)
        if code not in (0, 1):
            raise SystemExit(f"bench: {' '.join(cmd[:6])} ... exited {code}")
        times.append(t)
    return min(times)


def peak(args: list[str]) -> float:
    """Peak memory (MB) of `replylint args`, read from the process's own VmHWM (see peak.py)."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "peak"
        t, code = run([PY, str(HERE / "peak.py"), str(report), *args])
        if code not in (0, 1):
            raise SystemExit(f"bench: replylint {' '.join(args[:6])} ... exited {code}")
        return float(report.read_text())


def interleaved(a: list[str], b: list[str], repeat: int) -> tuple[float, float]:
    """Best times of two commands run alternately, so that both meet the same machine load."""
    ta, tb = [], []
    for _ in range(repeat):
        ta.append(run(a)[0])
        tb.append(run(b)[0])
    return min(ta), min(tb)


def child(mode: str, arg: str, repeat: int) -> None:
    """Runs inside a subprocess: timings of the floor and of replylint on the same texts."""
    if mode in ("throughput", "throughput-eval"):
        if mode == "throughput":
            texts = [p.read_text(encoding="utf-8") for p in sorted(Path(arg).glob("*.txt"))]
        else:  # the hand-written drafts of the labelled pairs
            import yaml

            texts = [yaml.safe_load(p.read_text(encoding="utf-8"))["draft"] for p in sorted(Path(arg).glob("*.yaml"))]
        import fugashi

        import replylint

        tagger = fugashi.Tagger()
        tagger("テスト")
        rules = replylint.load_rules()
        replylint.lint("テスト", rules=rules)
        floor, lint = [], []
        for _ in range(repeat):  # alternate, so both see the same machine load
            t0 = time.perf_counter()
            for text in texts:
                len(tagger(text))
            floor.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            for text in texts:
                replylint.lint(text, rules=rules)
            lint.append(time.perf_counter() - t0)
        chars = sum(map(len, texts))
        tokens = sum(len(tagger(t)) for t in texts)
        sentences = [s.text for t in texts for s in replylint.analyze(t).sentences]
        distinct = len(set(sentences)) / max(1, len(sentences))
        print(json.dumps({"floor": min(floor), "lint": min(lint), "drafts": len(texts), "chars": chars, "tokens": tokens, "rules": len(rules), "distinct": distinct}))
    elif mode == "scale":
        import replylint

        rules = replylint.load_rules()
        replylint.lint("テスト", rules=rules)
        text = Path(arg).read_text(encoding="utf-8")
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            replylint.lint(text, rules=rules)
            times.append(time.perf_counter() - t0)
        print(json.dumps({"seconds": min(times), "chars": len(text)}))


def in_child(mode: str, arg: str, repeat: int) -> dict:
    out = subprocess.run([PY, __file__, "--child", mode, arg, "--repeat", str(repeat)], env=ENV, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


BUSY = "x = 0\nfor i in range(20_000_000):\n    x += i"


def parallel_capacity() -> float:
    """How many CPUs this run really gets now: one busy loop alone vs two at once (a shared or
    throttled machine gives less than its CPU count, which caps any --jobs figure)."""
    one = min(run([PY, "-c", BUSY])[0] for _ in range(2))
    two = []
    for _ in range(2):
        t0 = time.perf_counter()
        procs = [subprocess.Popen([PY, "-c", BUSY]) for _ in range(2)]
        for p in procs:
            p.wait()
        two.append(time.perf_counter() - t0)
    return 2 * one / min(two)


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return f"{os.cpu_count()} CPUs ({model}), Python {platform.python_version()}, {platform.system()}; load average at start {load:.2f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="1,000 drafts instead of 10,000 and fewer repeats")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each timing; the minimum is kept")
    ap.add_argument("--jobs", type=int, default=2, help="workers for the parallel figure (the target is for 2)")
    ap.add_argument("--keep", type=Path, help="write the corpus here and keep it (default: a temporary folder)")
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child[0], args.child[1], args.repeat)
        return

    many = 1_000 if args.quick else 10_000
    repeat = 2 if args.quick else args.repeat
    work = args.keep or Path(tempfile.mkdtemp(prefix="replylint-bench-"))
    ENV["REPLYLINT_CACHE_DIR"] = str(work / "user-cache")  # replylint's per-user cache, kept out of ~/.cache
    results: list[tuple[str, str, float, float]] = []  # what, figures, ratio, target

    def report(what: str, figures: str, ratio: float, target: float) -> None:
        results.append((what, figures, ratio, target))
        verdict = "ok" if ratio <= target else "MISSED"
        print(f"  {what}: {figures} -> {ratio:.2f} (target <= {target}) {verdict}", flush=True)

    try:
        print(f"machine: {machine()}")
        print(f"corpus in {work} (seed 1) ...", flush=True)
        small = work / "drafts-1000"
        large = work / f"drafts-{many}"
        write_corpus(small, 1_000)
        if many != 1_000:
            write_corpus(large, many)
        else:
            large = small
        one = work / "one-1kb-draft.txt"
        one.write_text(next(t for t in generate(50, seed=3) if 900 <= len(t) <= 1100), encoding="utf-8")
        mb1, mb5 = work / "draft-1mb.txt", work / "draft-5mb.txt"
        mb1.write_text(big_draft(1_000_000), encoding="utf-8")
        mb5.write_text(big_draft(5_000_000), encoding="utf-8")
        large_files = sorted(str(p) for p in large.glob("*.txt"))

        print("1. throughput, one process, public API (a: raw fugashi + unidic-lite floor; b: replylint, every default rule)")
        generated_distinct = 0.0
        for folder in ([small, large] if large != small else [small]):
            t = in_child("throughput", str(folder), repeat)
            generated_distinct = t["distinct"]
            report(
                f"{t['drafts']} drafts ({t['chars']:,} chars, {t['tokens']:,} tokens, {t['rules']} rules)",
                f"floor {t['floor']:.2f} s, replylint {t['lint']:.2f} s",
                t["lint"] / t["floor"],
                3.0,
            )

        # The generated drafts repeat most of their sentences (templates); replylint's per-value
        # memos gain from that and the floor does not. Hand-written drafts are the check on it.
        t = in_child("throughput-eval", str(ROOT / "tests" / "eval" / "pairs"), max(repeat, 5))
        print(
            f"     for comparison, not a target: the {t['drafts']} hand-written drafts of tests/eval ({t['chars']:,} chars, "
            f"{t['distinct']:.0%} of sentences distinct; {generated_distinct:.0%} in the generated corpus): "
            f"floor {t['floor']:.3f} s, replylint {t['lint']:.3f} s -> {t['lint'] / t['floor']:.2f}",
            flush=True,
        )

        print(f"2. parallel: CLI --jobs {args.jobs} vs --jobs 1 over {len(large_files)} files (--no-cache)")
        opts = ["--no-cache", "-f", "concise"]
        base = ["-m", "replylint", *opts]
        one_proc, par = interleaved([PY, *base, "--jobs", "1", *large_files], [PY, *base, "--jobs", str(args.jobs), *large_files], repeat)
        report(f"--jobs {args.jobs} vs --jobs 1", f"{par:.2f} s vs {one_proc:.2f} s", par / one_proc, 0.6)
        print(f"     (CPUs this run effectively had when measured: {parallel_capacity():.2f} of {os.cpu_count()})")

        print("3. start-up: `replylint one-1kb-draft.txt` vs the import floor (run alternately)")
        # Every run but the user's very first finds the rule files parsed in the per-user cache
        # (src/replylint/yamlcache.py); that first run is shown too, not counted.
        first_t = run([PY, "-m", "replylint", str(one)], env={**ENV, "REPLYLINT_CACHE_DIR": str(work / "fresh-user-cache")})[0]
        floor_t, start_t = interleaved([PY, "-c", IMPORT_FLOOR], [PY, "-m", "replylint", str(one)], max(10, repeat * 4))
        report("start-up", f"replylint {start_t * 1000:.0f} ms, import floor {floor_t * 1000:.0f} ms", start_t / floor_t, 2.0)
        print(f"     (the very first run, parsing the rule files into the cache: {first_t * 1000:.0f} ms)")

        print("4. memory and scale")
        mem_many = peak([*opts, "--jobs", "1", *large_files])
        report(f"peak memory, {len(large_files)} drafts, --jobs 1", f"{mem_many:.0f} MB", mem_many / 200, 1.0)
        mem_big = peak([*opts, "--jobs", "1", str(mb5)])
        report("peak memory, one 5 MB draft", f"{mem_big:.0f} MB", mem_big / 200, 1.0)
        s1 = in_child("scale", str(mb1), repeat)
        s5 = in_child("scale", str(mb5), repeat)
        report("5 MB vs five times 1 MB", f"{s5['seconds']:.2f} s vs 5 x {s1['seconds']:.2f} s", s5["seconds"] / (5 * s1["seconds"]), 1.2)

        print(f"5. cache: second run over {len(large_files)} unchanged drafts vs the first (default --jobs)")
        project = work / "project"
        project.mkdir(exist_ok=True)
        cached = [PY, "-m", "replylint", "--cache", "-f", "concise", *large_files]
        firsts, seconds = [], []
        for _ in range(max(1, repeat - 1)):
            shutil.rmtree(project / ".replylint_cache", ignore_errors=True)
            firsts.append(run(cached, project)[0])
            seconds.append(run(cached, project)[0])
        report("cache", f"second {min(seconds):.2f} s, first {min(firsts):.2f} s", min(seconds) / min(firsts), 0.1)

        missed = [r for r in results if r[2] > r[3]]
        print(f"\n{len(results) - len(missed)} of {len(results)} targets met" + (f"; missed: {', '.join(r[0] for r in missed)}" if missed else ""))
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
