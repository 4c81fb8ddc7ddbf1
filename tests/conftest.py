"""Shared fixtures: the built-in rules are loaded once for the whole test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from replylint import RuleSet, Settings, load_rules
from replylint.rules import builtin_rules_dir

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def all_rules() -> RuleSet:
    return load_rules(Settings())


@pytest.fixture(scope="session")
def rules_dir() -> Path:
    return builtin_rules_dir()
