"""examples/ shows each support rule: the clean drafts pass every rule, each bad draft fires exactly its rules.

examples/manifest.yaml lists every draft with its inquiry and the support rules it must fire.
Drafts are linted with the default rules through the public API (and the clean one through the CLI). A support
rule that is not on this branch yet is left out of the comparison (and a draft made only for it is
skipped), so the test runs in full once every rule is merged.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from replylint import Settings, lint, load_rules
from replylint.cli import app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
MANIFEST = yaml.safe_load((EXAMPLES / "manifest.yaml").read_text(encoding="utf-8"))
SUPPORT_RULES = {
    "sentence-length", "quote-questions", "customer-pain", "request-reason", "attachment-reason",
    "yes-no-answer", "next-action", "ambiguous-expression", "empathy", "use-bullets",
}


@pytest.fixture(scope="module")
def rules():
    return load_rules(Settings())


def test_manifest_covers_every_example_file_and_every_support_rule() -> None:
    listed = {e["draft"] for e in MANIFEST} | {e["inquiry"] for e in MANIFEST}
    on_disk = {p.name for p in EXAMPLES.glob("*.txt")}
    assert listed == on_disk
    assert set().union(*(e["fires"] for e in MANIFEST)) == SUPPORT_RULES
    assert any(e["fires"] == [] and e["draft"].startswith("export") for e in MANIFEST)


@pytest.mark.parametrize("entry", MANIFEST, ids=[e["draft"] for e in MANIFEST])
def test_example_fires_exactly_its_rules(entry: dict, rules) -> None:
    loaded = {r.id for r in rules} & SUPPORT_RULES
    expected = set(entry["fires"])
    if expected and not expected & loaded:
        pytest.skip(f"{sorted(expected)} not on this branch yet")
    draft = (EXAMPLES / entry["draft"]).read_text(encoding="utf-8")
    inquiry = (EXAMPLES / entry["inquiry"]).read_text(encoding="utf-8")
    found = lint(draft, inquiry=inquiry, rules=rules)
    fired = {d.rule for d in found}
    assert fired & SUPPORT_RULES == expected & loaded, [(d.rule, d.line, d.message) for d in found]
    if not expected:
        assert found == [], [(d.rule, d.line, d.message) for d in found]


def test_clean_draft_exits_0_through_the_cli() -> None:
    result = CliRunner().invoke(
        app, ["check", "--inquiry", str(EXAMPLES / "export-inquiry.txt"), str(EXAMPLES / "export-draft-good.txt")]
    )
    assert result.exit_code == 0, result.output
