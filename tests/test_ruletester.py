from __future__ import annotations

from pathlib import Path

from replylint.rules import load_rule
from replylint.ruletester import failures

RULE = """\
id: no-imperative
kind: pattern
severity: warning
summary: 命令形を避ける
message: 「{match}」は命令形です。
description: 命令形はお客様に失礼です。
patterns:
  - tokens: [{lemma: 為る, cform: 命令形}]
examples:
  invalid:
    - text: 確認しろ。
      match: しろ
    - text: 確認しろ。再起動しろ。
      errors: 1
  valid:
    - 確認してください。
    - 確認しろ。
"""


def test_failures_name_file_line_and_problem(tmp_path: Path) -> None:
    p = tmp_path / "team" / "no-imperative.yml"
    p.parent.mkdir()
    p.write_text(RULE, encoding="utf-8")
    found = [str(f) for f in failures([load_rule(p)])]
    assert found == [
        f"{p}:13: rule 'no-imperative': expected 1 diagnostics, got 2: '確認しろ。再起動しろ。'",
        f"{p}:17: rule 'no-imperative': valid example fired at 1:3 「しろ」: '確認しろ。'",
    ]
