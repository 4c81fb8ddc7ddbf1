"""A progress bar on stderr while many files are linted, for a person at a terminal only.

It is drawn only when stderr is a terminal and there are at least `MIN_FILES` files, and it
disappears when done, so pipes, CI logs and editors never see it. rich is imported only then.
"""

from __future__ import annotations

import os
import sys
from typing import Any, Iterable, Iterator, TextIO, TypeVar

T = TypeVar("T")
MIN_FILES = 5


def wanted(total: int, stream: TextIO | None = None) -> bool:
    stream = stream if stream is not None else sys.stderr
    return total >= MIN_FILES and stream.isatty() and os.environ.get("TERM") != "dumb"


def track(items: Iterable[T], total: int, stream: TextIO | None = None, console: Any = None) -> Iterator[T]:
    """Yield `items`, advancing a transient bar of `total` steps when `wanted` (or a console is given)."""
    if console is None and not wanted(total, stream):
        yield from items
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = console or Console(file=stream if stream is not None else sys.stderr)
    columns = (TextColumn("linting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("lint", total=total)
        for item in items:
            yield item
            progress.advance(task)
