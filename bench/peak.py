"""Run `replylint ARGS...` in this process and write its peak memory (MB) to a file at exit.

    python bench/peak.py REPORT_FILE ARGS...

Why not ru_maxrss from wait4 or getrusage: on Linux a child's ru_maxrss starts from its
parent's high-water mark at fork, so a child of a large process (pytest, say) reports the
parent's memory. /proc/self/status VmHWM belongs to the process's own address space.
"""

from __future__ import annotations

import atexit
import runpy
import sys
from pathlib import Path


def peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    report = Path(sys.argv[1])
    atexit.register(lambda: report.write_text(f"{peak_mb():.1f}\n"))
    sys.argv = ["replylint", *sys.argv[2:]]
    runpy.run_module("replylint", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
