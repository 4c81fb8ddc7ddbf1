"""Choosing and configuring the rules a run uses: packs, team folders, select/ignore, severities, options."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Mapping, Sequence

from .diagnostics import SEVERITIES
from .kinds import registry
from .rules import Rule, RuleError, builtin_rules_dir, check_options, load_folder

class ConfigError(Exception):
    """Settings that name something that does not exist, or give it a bad value."""


@dataclass(frozen=True)
class Settings:
    """What a run is asked for. `packs` None means every built-in pack; empty `select` means every rule."""

    packs: tuple[str, ...] | None = None
    rule_dirs: tuple[Path, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, str] = field(default_factory=dict)
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # A string is a sequence too: select="notation" was read letter by letter ("unknown rule 'n'").
        for name in ("packs", "rule_dirs", "select", "ignore"):
            if isinstance(getattr(self, name), (str, bytes, Path)):
                raise TypeError(f"Settings.{name} is a list, not a single value: {name}=[{getattr(self, name)!r}]")


@dataclass(frozen=True)
class RuleSet:
    """The chosen and configured rules of a run, in a stable order."""

    rules: tuple[Rule, ...]

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def get(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)


def builtin_packs() -> tuple[str, ...]:
    """The packs shipped with replylint: one folder each under the built-in rules."""
    root = builtin_rules_dir()
    return tuple(sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))) if root.is_dir() else ()


def all_rules(settings: Settings) -> list[Rule]:
    """Every rule the settings' packs and rule folders define, loaded and compiled, none chosen yet."""
    builtin = builtin_rules_dir()
    available = builtin_packs()
    rules = []
    for pack in available if settings.packs is None else settings.packs:
        if pack not in available:
            raise ConfigError(f"unknown pack '{pack}' (packs: {', '.join(available)})")
        rules.extend(load_folder(builtin / pack))
    for folder in settings.rule_dirs:
        rules.extend(load_folder(Path(folder)))
    seen: dict[str, str] = {}
    for rule in rules:
        if rule.id in seen:
            raise ConfigError(f"{rule.path}: rule id '{rule.id}' is already defined in {seen[rule.id]}")
        seen[rule.id] = rule.path
    return rules


def load_rules(settings: Settings | None = None) -> RuleSet:
    """Load, select and configure rules. Unknown ids and bad values are errors, never ignored."""
    if settings is not None and not isinstance(settings, Settings):
        raise TypeError(f"load_rules() takes a Settings, not {type(settings).__name__}")
    settings = settings or Settings()
    return choose_rules(all_rules(settings), settings)


def choose_rules(rules: Sequence[Rule], settings: Settings) -> RuleSet:
    """Select and configure already loaded rules (see `all_rules`) as the settings say."""
    ids = {r.id for r in rules}
    names = ids | {r.pack for r in rules}
    for key, values in (("select", settings.select), ("ignore", settings.ignore)):
        for name in values:
            if name not in names:
                raise ConfigError(f"{key}: unknown rule or pack '{name}'")
    for name, level in settings.severity.items():
        if name not in ids:
            raise ConfigError(f"severity: unknown rule '{name}'")
        if level not in SEVERITIES:
            raise ConfigError(f"severity: '{name}' must be one of {', '.join(SEVERITIES)}, not '{level}'")
    chosen = []
    for rule in rules:
        if settings.select and rule.id not in settings.select and rule.pack not in settings.select:
            continue
        if rule.id in settings.ignore or rule.pack in settings.ignore:
            continue
        chosen.append(rule)
    by_id = {r.id: r for r in rules}
    for name, opts in settings.options.items():
        if name not in by_id:
            raise ConfigError(f"options: unknown rule '{name}'")
        if not isinstance(opts, Mapping):
            raise ConfigError(f"options: '{name}' must map option names to values")
        problem = check_options(registry()[by_id[name].kind].OPTIONS, opts)
        if problem:
            raise ConfigError(f"options: rule '{name}': {problem}")
    configured = []
    for rule in chosen:
        try:
            configured.append(rule.with_settings(settings.severity.get(rule.id), settings.options.get(rule.id)))
        except RuleError as exc:  # a value the kind refuses (line-width: 0): the settings' fault, not the rule file's
            raise ConfigError(f"options: rule '{rule.id}': {exc.message}") from None
    return RuleSet(tuple(configured))
