"""What a check reports: diagnostics with exact spans, severities and optional fixes."""

from __future__ import annotations

from dataclasses import dataclass

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Fix:
    """Replace source[start:end] with `replacement`. Only safe fixes are ever declared."""

    start: int
    end: int
    replacement: str


@dataclass(frozen=True)
class Diagnostic:
    """One problem in one file. Offsets, lines and columns count characters; lines and columns are 1-based,
    and the end is exclusive."""

    path: str
    rule: str
    severity: str
    message: str
    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    hint: str = ""
    fix: Fix | None = None

    def to_json(self) -> dict[str, object]:
        """The stable JSON contract (version 1): exactly these keys."""
        return {
            "path": self.path,
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
        }
