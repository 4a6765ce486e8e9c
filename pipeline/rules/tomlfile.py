"""Reading one TOML rule file: its text and data, or a `file:line` error; where a key stands."""
from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from pipeline.errors import RuleError, toml_error_line


def line_of(text: str, needle: str) -> int:
    """Return the 1-based line where needle first occurs in text, or 1."""
    idx = text.find(needle)
    return text.count("\n", 0, idx) + 1 if idx >= 0 else 1


def read_toml(path: Path, errors: list[RuleError]) -> tuple[str, dict[str, Any]] | None:
    """Return (text, data) of a TOML file, or None after appending its syntax error to errors."""
    text = path.read_text(encoding="utf-8")
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        errors.append(RuleError(str(path), toml_error_line(exc), f"TOML syntax: {exc}"))
        return None
