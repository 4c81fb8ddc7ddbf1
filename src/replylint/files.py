"""Turning command-line paths into the files to lint: folders recursed, globs expanded, .gitignore kept.

Files named explicitly are always linted (a missing one becomes an error result later, and the
others still run). A folder yields the files its config's `include` globs match (default: the
usual template suffixes, plus the config's `templates` and `collections` globs), minus `exclude`
and whatever .gitignore files ignore. The order is stable: arguments in the order given, each
folder's or glob's files sorted, and no file twice.
"""

from __future__ import annotations

import glob as globmod
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator, Sequence

if TYPE_CHECKING:
    import pathspec

from .config import Config, globs
from .source import read_bounded

MAX_GITIGNORE_BYTES = 16_000_000
DEFAULT_INCLUDE = ("*.txt", "*.md", "*.markdown", "*.html", "*.htm")
SKIP_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".mypy_cache", ".pytest_cache"})
_GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True)
class Found:
    """A path to lint, as it will be shown; `error` when the argument itself matched nothing."""

    path: str
    error: str | None = None


def _is_glob(arg: str) -> bool:
    return any(c in arg for c in _GLOB_CHARS) and not os.path.exists(arg)


def _gitignores_above(folder: Path) -> list[tuple[Path, pathspec.PathSpec]]:
    """The .gitignore files of the folders above `folder`, up to the repository root (if any)."""
    chain: list[Path] = []
    if (folder / ".git").exists():
        return []
    for parent in folder.resolve().parents:
        chain.append(parent)
        if (parent / ".git").exists():
            break
    else:
        return []  # not in a repository: folders above are none of our business
    return [spec for d in reversed(chain) if (spec := _gitignore(d)) is not None]


def _gitignore(folder: Path) -> tuple[Path, pathspec.PathSpec] | None:
    path = folder / ".gitignore"
    if not path.is_file():
        return None
    try:  # bounded: a .gitignore of gigabytes (or /dev/zero) is skipped, not read whole
        lines = read_bounded(path, MAX_GITIGNORE_BYTES).decode("utf-8", errors="replace").splitlines()
    except OSError:
        return None
    try:
        return folder.resolve(), globs(lines)
    except (re.error, ValueError, TypeError):  # as git does, a line that is no usable pattern is skipped
        return folder.resolve(), globs([line for line in lines if _compiles(line)])


def _compiles(line: str) -> bool:
    try:
        globs([line])
    except (re.error, ValueError, TypeError):
        return False
    return True


def _ignored(path: Path, is_dir: bool, specs: Sequence[tuple[Path, pathspec.PathSpec]]) -> bool:
    for base, spec in specs:
        try:
            rel = path.relative_to(base).as_posix()
        except ValueError:
            continue
        if spec.match_file(rel + "/" if is_dir else rel):
            return True
    return False


@dataclass(frozen=True)
class _Filter:
    """A folder walk's include/exclude globs, relative to the governing config's folder."""

    config: Config
    include: pathspec.PathSpec
    exclude: pathspec.PathSpec
    top: Path

    @classmethod
    def of(cls, config: Config, top: Path) -> "_Filter":
        include = list(config.include or DEFAULT_INCLUDE) + list(config.templates) + [g for g, _ in config.collections]
        return cls(config, globs(include), globs(config.exclude), top)

    def _rel(self, path: Path) -> str:
        rel = self.config.relative(path)
        return rel if rel is not None else path.relative_to(self.top).as_posix()

    def wants(self, path: Path) -> bool:
        rel = self._rel(path)
        return self.include.match_file(rel) and not self.exclude.match_file(rel)

    def prunes(self, folder: Path) -> bool:
        return self.exclude.match_file(self._rel(folder) + "/")


def walk(folder: Path, config: Config) -> list[Path]:
    """Files under a folder that its config includes, sorted by path, .gitignore respected."""
    return sorted(_walk(folder, config), key=lambda p: p.parts)


def _walk(folder: Path, config: Config) -> Iterator[Path]:
    top = folder.resolve()
    filt = _Filter.of(config, top)
    inherited = _gitignores_above(top)
    own: dict[Path, list[tuple[Path, pathspec.PathSpec]]] = {}
    for dirpath, dirnames, filenames in os.walk(top):
        here = Path(dirpath)
        parent_specs = own.get(here.parent, inherited) if here != top else inherited
        specs = list(parent_specs)
        mine = _gitignore(here)
        if mine:
            specs.append(mine)
        own[here] = specs
        dirnames[:] = sorted(
            d for d in dirnames if d not in SKIP_DIRS and not _ignored(here / d, True, specs) and not filt.prunes(here / d)
        )
        for name in sorted(filenames):
            path = here / name
            if not _ignored(path, False, specs) and filt.wants(path):
                yield path


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except (OSError, RuntimeError):  # a symlink loop: reading it later says so
        return False


def _shown(path: Path, folder_arg: str, folder: Path) -> str:
    """A found file's path as the user would write it: under the argument they gave."""
    rel = path.relative_to(folder.resolve())
    return os.path.join(folder_arg, *rel.parts) if folder_arg not in (".", "./") else os.path.join(*rel.parts)


def _identity(path: str) -> str:
    """The real path, so a file named twice is linted once; a symlink loop keeps its own name
    (reading it reports the loop)."""
    try:
        return os.path.realpath(path, strict=True)  # os.path, not pathlib: this runs once a file
    except (OSError, ValueError):  # missing, unreadable, a loop: its own name
        return os.path.abspath(path)


def discover(args: Sequence[str], config_for: Callable[[Path], Config], force_exclude: bool = False) -> list[Found]:
    """The files to lint, in a stable order; `config_for(folder)` gives the config governing a folder.

    A file named on the command line is linted even if the config excludes it, unless
    `force_exclude` (as ruff's): then pre-commit, which names every staged file, skips it too."""
    out: list[Found] = []
    seen: set[str] = set()

    def add(shown: str) -> None:
        if force_exclude and shown != "-" and config_for(Path(shown).parent).is_excluded(Path(shown)):
            return
        key = shown if shown == "-" else _identity(shown)
        if key not in seen:
            seen.add(key)
            out.append(Found(shown))

    for arg in args:
        if arg == "-":
            add(arg)
            continue
        path = Path(arg)
        if _is_dir(path):
            for found in walk(path, config_for(path)):
                add(_shown(found, arg, path))
            continue
        if _is_glob(arg):
            matches = sorted(globmod.glob(arg, recursive=True))
            if not matches:
                out.append(Found(arg, "no file matches this pattern"))
            for m in matches:
                if Path(m).is_dir():
                    for found in walk(Path(m), config_for(Path(m))):
                        add(_shown(found, m, Path(m)))
                else:
                    add(m)
            continue
        add(arg)  # a file, or a missing or unreadable path that reading reports
    return out
