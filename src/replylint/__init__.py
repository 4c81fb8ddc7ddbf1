"""replylint: a linter for Japanese customer-support reply drafts.

    >>> import replylint
    >>> [d.rule for d in replylint.lint("ログを送ってください。")]
    ['request-reason']
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# The public API, imported on first use (PEP 562): `python -m replylint` and `replylint --version`
# then start without loading the linter, and the CLI imports only what a command needs.
_EXPORTS = {
    "Diagnostic": "diagnostics",
    "Fix": "diagnostics",
    "Document": "document",
    "analyze": "document",
    "FileResult": "linter",
    "lint": "linter",
    "lint_paths": "linter",
    "lint_source": "linter",
    "ConfigError": "ruleset",
    "RuleSet": "ruleset",
    "Settings": "ruleset",
    "load_rules": "ruleset",
    "Rule": "rules",
    "RuleError": "rules",
}

if TYPE_CHECKING:
    from .diagnostics import Diagnostic, Fix
    from .document import Document, analyze
    from .linter import FileResult, lint, lint_paths, lint_source
    from .rules import Rule, RuleError
    from .ruleset import ConfigError, RuleSet, Settings, load_rules


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        value = getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'replylint' has no attribute '{name}'")


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = ["__version__", *_EXPORTS]
