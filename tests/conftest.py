"""Shared fixtures: the built-in rules are loaded once for the whole test session."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# The per-user cache of parsed rule files (yamlcache) goes to a throwaway folder, never ~/.cache;
# set before anything loads a rule, and inherited by every CLI subprocess a test starts.
os.environ["REPLYLINT_CACHE_DIR"] = tempfile.mkdtemp(prefix="replylint-test-cache-")

from replylint import RuleSet, Settings, load_rules
from replylint.rules import builtin_rules_dir

ROOT = Path(__file__).resolve().parents[1]

# A team rule whose regular expression backtracks catastrophically (tests of the time limit).
EVIL_RULE = """\
id: evil-regex
kind: pattern
severity: error
summary: backtracks
description: a regular expression with catastrophic backtracking
message: "{match}"
patterns:
  - "(a|aa)+$"
examples:
  invalid: [aaa]
  valid: [b]
"""


@pytest.fixture(scope="session")
def all_rules() -> RuleSet:
    return load_rules(Settings())


@pytest.fixture(scope="session")
def rules_dir() -> Path:
    return builtin_rules_dir()
