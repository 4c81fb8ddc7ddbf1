"""Project configuration: `.replylint.yaml` or `[tool.replylint]` in pyproject.toml.

A config is found by walking up from each linted file (then from the working directory); the
nearest folder that has one wins, and in one folder `.replylint.yaml` wins over pyproject.toml.
Every problem is an error naming the file and line: a config that is silently half-read is
worse than none, since the team believes rules run that do not.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping, Sequence

if TYPE_CHECKING:
    import pathspec

from .diagnostics import SEVERITIES
from .rules import Rule, builtin_rules_dir, suggest
from .ruleset import ConfigError, RuleSet, Settings, all_rules, choose_rules
from .templates import Placeholder, Placeholders
from .yamlfile import LineDict, YamlError, decode, loads, read

CONFIG_NAMES = (".replylint.yaml", ".replylint.yml")
PYPROJECT = "pyproject.toml"
KEYS = (
    "extends",
    "rule-dirs",
    "select",
    "ignore",
    "severity",
    "options",
    "per-file-ignores",
    "placeholders",
    "templates",
    "collections",
    "include",
    "exclude",
)
# Diagnostics about suppression comments: not YAML rules, but selectable and ignorable like them.
META_RULES = {
    "unused-suppression": "a replylint-disable comment that suppresses nothing",
    "unknown-suppression": "a replylint-disable comment that names no known rule or pack",
}


def globs(patterns: Sequence[str]) -> pathspec.PathSpec:
    """Globs with .gitignore semantics: `*.md` matches at any depth, `faq/**` everything under faq/."""
    import pathspec  # ~6 ms: only when a glob is really matched

    return pathspec.GitIgnoreSpec.from_lines(patterns)


@dataclass(frozen=True)
class Config:
    """A loaded configuration. `root` is the folder its globs and rule-dirs are relative to."""

    path: Path | None = None
    root: Path = field(default_factory=Path.cwd)
    rules: Settings = field(default_factory=Settings)  # packs, rule-dirs, select, ignore, severity, options
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    placeholders: tuple[Placeholder, ...] = ()
    templates: tuple[str, ...] = ()
    collections: tuple[tuple[str, str], ...] = ()
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    line_of: Callable[..., int | None] = field(default=lambda *keys: None, compare=False, repr=False)

    @property
    def name(self) -> str:
        return str(self.path) if self.path else "<defaults>"

    def error(self, keys: Sequence[str], message: str) -> ConfigError:
        """A ConfigError pointing at the line of a key path, e.g. ("severity", "request-reason")."""
        line = self.line_of(*keys) if self.path else None
        where = f"{self.path}:{line}" if line else self.name
        return ConfigError(f"{where}: {'.'.join(keys)}: {message}" if keys else f"{where}: {message}")

    def relative(self, path: Path) -> str | None:
        """The path relative to the config's folder (posix), or None when it lies outside."""
        try:
            resolved = path.resolve()
        except (OSError, RuntimeError):  # a symlink loop (RuntimeError before 3.13): placed by its own name; reading it reports the loop
            resolved = Path(os.path.abspath(path))
        try:
            return resolved.relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return None

    def _matches(self, spec: pathspec.PathSpec, path: Path) -> bool:
        rel = self.relative(path)
        return spec.match_file(rel if rel is not None else path.as_posix())

    @cached_property
    def _templates(self) -> pathspec.PathSpec:
        return globs(self.templates)

    @cached_property
    def _collections(self) -> tuple[tuple[pathspec.PathSpec, str], ...]:
        return tuple((globs([g]), key) for g, key in self.collections)

    @cached_property
    def _ignores(self) -> tuple[tuple[pathspec.PathSpec, tuple[str, ...]], ...]:
        return tuple((globs([g]), ids) for g, ids in self.per_file_ignores)

    @cached_property
    def _excludes(self) -> pathspec.PathSpec:
        return globs(self.exclude)

    def is_excluded(self, path: Path) -> bool:
        """Whether `exclude` covers a file or a folder above it (paths outside the config's folder never are)."""
        rel = self.relative(path) if self.exclude else None
        if rel is None:
            return False
        parts = rel.split("/")
        return self._excludes.match_file(rel) or any(self._excludes.match_file("/".join(parts[:k]) + "/") for k in range(1, len(parts)))

    def is_template(self, path: Path) -> bool:
        return bool(self.templates) and self._matches(self._templates, path)

    def collection_key(self, path: Path) -> str | None:
        """The field path whose string values are the entries, when the file is a collection."""
        for spec, key in self._collections:
            if self._matches(spec, path):
                return key
        return None

    def ignored_for(self, path: Path) -> frozenset[str]:
        """Rule ids and packs that per-file-ignores turn off for this file."""
        out: set[str] = set()
        for spec, ids in self._ignores:
            if self._matches(spec, path):
                out.update(ids)
        return frozenset(out)

    @cached_property
    def placeholder_set(self) -> Placeholders:
        return Placeholders.with_extra(self.placeholders, f"{self.path}: placeholders" if self.path else "placeholders")


# ---------------------------------------------------------------------------------------------
# Reading


def _toml_line_finder(text: str) -> Callable[..., int | None]:
    """Line numbers for TOML keys, found by searching the text (tomllib keeps none)."""
    lines = text.splitlines()
    header = next((i for i, ln in enumerate(lines) if re.match(r"\s*\[\[?\s*tool\.replylint\s*[\].]", ln)), 0)

    def line_of(*keys: str) -> int | None:
        pos = header
        found = header
        for key in keys:
            k = re.escape(str(key))
            rx = re.compile(rf"""(?:^|[\s.\[{{,])(?:"{k}"|'{k}'|{k})\s*(?:=|\])""")
            hit = next((i for i in range(pos, len(lines)) if rx.search(lines[i])), None)
            if hit is None:
                break
            found = pos = hit
        return found + 1

    return line_of


def _yaml_line_finder(data: Any) -> Callable[..., int | None]:
    def line_of(*keys: str) -> int | None:
        node, line = data, getattr(data, "line", None)
        for key in keys:
            if isinstance(node, LineDict) and key in node:
                line = node.line_of(key)
                node = node[key]
            elif isinstance(node, list) and isinstance(key, int) and key < len(node):
                node = node[key]
                line = getattr(node, "line", line)
            else:
                break
        return line

    return line_of


def _read_toml(path: Path) -> tuple[Mapping[str, Any] | None, Callable[..., int | None]]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib
    try:
        text = decode(read(path), str(path))  # bounded: a config of gigabytes is refused unread
    except YamlError as exc:
        raise ConfigError(str(exc)) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    section = data.get("tool", {}).get("replylint") if isinstance(data.get("tool"), dict) else None
    return section, _toml_line_finder(text)


def _read_yaml(path: Path) -> tuple[Mapping[str, Any], Callable[..., int | None]]:
    try:
        data = loads(decode(read(path), str(path)), str(path))  # read bounded, as rule files are
    except YamlError as exc:
        raise ConfigError(str(exc)) from None
    if data is None:
        data = LineDict()
    if not isinstance(data, dict):
        raise ConfigError(f"{path}:1: a config file is a mapping of keys ({', '.join(KEYS)})")
    return data, _yaml_line_finder(data)


def has_config(folder: Path) -> Path | None:
    """The config file in this folder, if any: .replylint.yaml, else a pyproject.toml with [tool.replylint]."""
    for name in CONFIG_NAMES:
        candidate = folder / name
        if candidate.is_file():
            return candidate
    pyproject = folder / PYPROJECT
    if pyproject.is_file():
        try:
            text = read(pyproject).decode("utf-8-sig", errors="replace")
        except YamlError:  # too large or unreadable: load_config says so, rather than the config being ignored
            return pyproject
        if re.search(r"^\s*\[\[?\s*tool\.replylint\s*[\].]", text, re.M):  # [[...]] too: load_config refuses it
            return pyproject
    return None


def find_config(start: Path) -> Path | None:
    """Walk up from a folder (or a file's folder) to the nearest config file."""
    folder = start if start.is_dir() else start.parent
    folder = folder.resolve()
    for candidate in (folder, *folder.parents):
        found = has_config(candidate)
        if found:
            return found
    return None


def load_config(path: Path) -> Config:
    """Read and validate a config file. Raises ConfigError naming file and line."""
    try:
        found = path.is_file()
    except OSError as exc:  # a name too long: is_file raises rather than answering
        raise ConfigError(f"{path}: {exc.strerror or exc}") from None
    if not found:
        raise ConfigError(f"{path}: config file not found")
    if path.name == PYPROJECT or path.suffix == ".toml":
        data, line_of = _read_toml(path)
        if data is None:
            raise ConfigError(f"{path}: no [tool.replylint] table")
        if not isinstance(data, dict):
            raise ConfigError(f"{path}:{line_of() or 1}: [tool.replylint] must be one table, not {'an array of tables ([[tool.replylint]])' if isinstance(data, list) else type(data).__name__}")
    else:
        data, line_of = _read_yaml(path)
    return parse_config(data, path, line_of)


def parse_config(data: Mapping[str, Any], path: Path, line_of: Callable[..., int | None] | None = None) -> Config:
    draft = Config(path=path, root=path.parent.resolve(), line_of=line_of or (lambda *k: None))
    fail = draft.error
    if not isinstance(data, Mapping):
        raise fail((), "expected a mapping of keys")
    for key in data:
        if key not in KEYS:
            raise fail((str(key),), f"unknown key{suggest(str(key), KEYS)} (keys: {', '.join(KEYS)})")

    def str_list(key: str) -> tuple[str, ...]:
        value = data.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise fail((key,), "expected a list of non-empty strings")
        return tuple(value)

    def str_map(key: str) -> Mapping[str, Any]:
        value = data.get(key, {})
        if not isinstance(value, Mapping):
            raise fail((key,), "expected a mapping")
        for k in value:
            if not isinstance(k, str):
                raise fail((key,), f"keys must be strings, not {k!r}")
        return value

    packs = None
    if "extends" in data:
        packs = str_list("extends")
        available = sorted(p.name for p in builtin_rules_dir().iterdir() if p.is_dir())
        for pack in packs:
            if pack not in available:
                raise fail(("extends",), f"unknown pack '{pack}'{suggest(pack, available)} (packs: {', '.join(available)})")
    rule_dirs = []
    for folder in str_list("rule-dirs"):
        resolved = (draft.root / folder).resolve()
        if not resolved.is_dir():
            raise fail(("rule-dirs",), f"rule folder '{folder}' not found (looked for {resolved})")
        rule_dirs.append(resolved)
    severity = dict(str_map("severity"))
    for rule_id, level in severity.items():
        if level not in SEVERITIES:
            raise fail(("severity", rule_id), f"must be one of {', '.join(SEVERITIES)}, not {level!r}")
    options = dict(str_map("options"))
    for rule_id, opts in options.items():
        if not isinstance(opts, Mapping):
            raise fail(("options", rule_id), "expected a mapping of option names to values")
    per_file = []
    for glob, ids in str_map("per-file-ignores").items():
        if isinstance(ids, str):
            ids = [i for i in re.split(r"[\s,]+", ids) if i]
        if not isinstance(ids, list) or not ids or not all(isinstance(i, str) and i for i in ids):
            raise fail(("per-file-ignores", glob), "expected a list of rule ids or packs")
        per_file.append((glob, tuple(ids)))
    placeholders = []
    raw_placeholders = data.get("placeholders", [])
    if not isinstance(raw_placeholders, list):
        raise fail(("placeholders",), "expected a list of regular expressions (or {pattern, width} mappings)")
    for k, item in enumerate(raw_placeholders):
        try:
            placeholders.append(Placeholder.parse(item))
        except ValueError as exc:
            raise fail(("placeholders",), f"item {k + 1}: {exc}") from None
    if placeholders:
        try:
            Placeholders.with_extra(placeholders)
        except ValueError as exc:
            raise fail(("placeholders",), str(exc)) from None
    collections = []
    for glob, key in str_map("collections").items():
        if not isinstance(key, str) or not re.fullmatch(r"[^.\s]+(?:\.[^.\s]+)*", key):
            raise fail(("collections", glob), "expected the key (or dotted key path) whose string values are the entries, e.g. body")
        collections.append((glob, key))
    for key, patterns in (
        ("templates", str_list("templates")),
        ("include", str_list("include")),
        ("exclude", str_list("exclude")),
        ("per-file-ignores", [g for g, _ in per_file]),
        ("collections", [g for g, _ in collections]),
    ):
        for pattern in patterns:  # compiled on first match otherwise: an re.error mid-run
            try:
                globs([pattern])
            except (re.error, ValueError, TypeError) as exc:
                raise fail((key,), f"bad glob {pattern!r}: {exc}") from None
    return Config(
        path=path,
        root=draft.root,
        rules=Settings(packs=packs, rule_dirs=tuple(rule_dirs), select=str_list("select"), ignore=str_list("ignore"), severity=severity, options=options),
        per_file_ignores=tuple(per_file),
        placeholders=tuple(placeholders),
        templates=str_list("templates"),
        collections=tuple(collections),
        include=str_list("include"),
        exclude=str_list("exclude"),
        line_of=draft.line_of,
    )


# ---------------------------------------------------------------------------------------------
# From a config to the rules of a run


@dataclass(frozen=True)
class Profile:
    """Everything a config decides for the files it governs, built once per config."""

    config: Config
    rules: RuleSet
    names: frozenset[str]  # every rule id and pack that exists, for suppression comments
    meta: frozenset[str]  # the META_RULES this run reports


def make_profile(config: Config, select: Sequence[str] = (), ignore: Sequence[str] = ()) -> Profile:
    """Load the config's rules. `select` from the command line replaces the config's; `ignore` adds to it.

    Unknown rule ids are errors naming the config line, and so is an option the rule's kind
    does not have.
    """
    wanted = config.rules
    try:
        everything = all_rules(Settings(packs=wanted.packs, rule_dirs=wanted.rule_dirs))
    except ConfigError as exc:  # two folders defining one rule id
        raise config.error(("rule-dirs",), str(exc)) from None
    ids = {r.id for r in everything}
    names = ids | {r.pack for r in everything} | set(META_RULES)

    def check(where: tuple[str, ...], values: Iterable[str], known: set[str], what: str = "rule or pack") -> None:
        for name in values:
            if name not in known:
                raise config.error(where, f"unknown {what} '{name}'{suggest(name, known)}")

    check(("select",), wanted.select, names)
    check(("ignore",), wanted.ignore, names)
    for glob, values in config.per_file_ignores:
        check(("per-file-ignores", glob), values, names)
    for key, mapping in (("severity", wanted.severity), ("options", wanted.options)):
        for name in mapping:
            check((key, name), [name], ids, "rule")
    for flag, values in (("--select", select), ("--ignore", ignore)):
        for name in values:
            if name not in names:
                raise ConfigError(f"{flag}: unknown rule or pack '{name}'{suggest(name, names)}")
    chosen_select = tuple(select) if select else wanted.select
    chosen_ignore = (*wanted.ignore, *ignore)
    rule_select = tuple(n for n in chosen_select if n not in META_RULES)
    settings = replace(wanted, select=rule_select, ignore=tuple(n for n in chosen_ignore if n not in META_RULES))
    try:
        rules = RuleSet(()) if chosen_select and not rule_select else choose_rules(everything, settings)
    except ConfigError as exc:  # an option the rule's kind does not have, or a bad value
        name = re.search(r"rule '([^']+)'", str(exc))
        raise config.error(("options", name.group(1)) if name else ("options",), str(exc).split(": ", 1)[-1]) from None
    meta = frozenset(m for m in META_RULES if m not in chosen_ignore and (not chosen_select or m in chosen_select))
    return Profile(config, rules, frozenset(names), meta)


STARTER = """\
# replylint configuration. Every key is optional; see the README's "Configuration" section.
# The JSON Schema for this file ships with replylint (replylint/schemas/config.schema.json).

# Built-in packs to start from (default: all of them).
# extends: [support, general]

# Folders of your team's own YAML rules, relative to this file.
# rule-dirs: [rules]

# Run only these rules or packs / skip these (ids as shown by `replylint rules`).
# select: [support]
# ignore: [sentence-length]

# Change a rule's severity: error | warning | info.
# severity:
#   sentence-length: warning

# Change a rule's options (see `replylint explain RULE`).
# options:
#   sentence-length: {max-lines: 4}

# Turn rules off for some files (globs relative to this file, as in .gitignore).
# per-file-ignores:
#   "faq/**": [request-reason]

# Extra placeholder patterns (regular expressions) besides {{x}}, {% x %}, ${x}, %X%, [[x]];
# `width` is how many full-width columns the filled-in value is counted as (default 4).
# placeholders:
#   - "<<[^>]+>>"
#   - {pattern: "#[a-z_]+#", width: 6}

# Files that are templates: placeholders there are expected, not reported as unfilled.
templates:
  - "templates/**"
  - "*.md"

# YAML/JSON files holding many responses: glob -> the key whose string values are linted.
# collections:
#   "responses/*.yaml": body

# Which files a folder argument yields (default: *.txt *.md *.markdown *.html *.htm,
# plus the templates and collections globs); .gitignore is always respected.
# include: ["*.txt", "*.md"]
# exclude: ["drafts/old/**"]
"""


class Configs:
    """Which config governs which file, each loaded (and its rules built) once per run.

    `explicit` (--config) governs every file; `disabled` (--no-config) means built-in defaults.
    Otherwise the nearest config above the file wins, else the one above the working directory.
    """

    def __init__(
        self,
        explicit: Path | None = None,
        disabled: bool = False,
        select: Sequence[str] = (),
        ignore: Sequence[str] = (),
        cwd: Path | None = None,
    ) -> None:
        self.cwd = (cwd or Path.cwd()).resolve()
        self.explicit = explicit
        self.disabled = disabled
        self.select = tuple(select)
        self.ignore = tuple(ignore)
        self._configs: dict[Path | None, Config] = {}
        self._profiles: dict[Path | None, Profile] = {}
        self._found: dict[Path, Path | None] = {}
        self._given: dict[Path, tuple[Path | None]] = {}

    def _path_for(self, location: Path) -> Path | None:
        if self.disabled:
            return None
        if self.explicit is not None:
            return self.explicit
        given = location if location.is_dir() else location.parent
        known = self._given.get(given)  # keyed as given first: resolving costs a syscall per part
        if known is not None:
            return known[0]
        folder = given.resolve()
        if folder not in self._found:
            self._found[folder] = find_config(folder) or find_config(self.cwd)
        self._given[given] = (self._found[folder],)
        return self._found[folder]

    def config_for(self, location: Path) -> Config:
        path = self._path_for(location)
        if path not in self._configs:
            self._configs[path] = load_config(path) if path is not None else Config(root=self.cwd)
        return self._configs[path]

    def has_project_config(self) -> bool:
        """Whether a config governs the working directory (then results are cached by default)."""
        return not self.disabled and (self.explicit is not None or self._path_for(self.cwd) is not None)

    def project_root(self) -> Path:
        """The folder of the config governing the working directory (else the working directory)."""
        path = None if self.disabled else (self.explicit or self._path_for(self.cwd))
        return Path(path).resolve().parent if path is not None else self.cwd

    def profile_for(self, location: Path) -> Profile:
        path = self._path_for(location)
        if path not in self._profiles:
            self._profiles[path] = make_profile(self.config_for(location), self.select, self.ignore)
        return self._profiles[path]

    def rules(self) -> list[Rule]:
        """Every rule some file of this run was linted with (first profile wins on an id), for formats
        that describe the rules (SARIF)."""
        seen: dict[str, Rule] = {}
        for profile in self._profiles.values():
            for rule in profile.rules:
                seen.setdefault(rule.id, rule)
        return list(seen.values())
