"""replylint: a linter for Japanese customer-support reply drafts.

    >>> import replylint
    >>> [d.rule for d in replylint.lint("ログを送ってください。")]
    ['request-reason']
"""

from __future__ import annotations

__version__ = "0.1.0"

from .diagnostics import Diagnostic, Fix
from .document import Document, analyze
from .linter import FileResult, lint, lint_paths, lint_source
from .ruleset import ConfigError, RuleSet, Settings, load_rules
from .rules import Rule, RuleError

__all__ = [
    "ConfigError",
    "Diagnostic",
    "Document",
    "FileResult",
    "Fix",
    "Rule",
    "RuleError",
    "RuleSet",
    "Settings",
    "__version__",
    "analyze",
    "lint",
    "lint_paths",
    "lint_source",
    "load_rules",
]
