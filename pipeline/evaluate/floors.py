"""Pinned score floors (eval_floors.toml): which measured metrics fell below their floor."""
from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from pipeline.errors import RuleError


def load_floors(path: Path, gold_set: str) -> dict[str, dict[str, float]]:
    """Return `{"min": {...}, "max": {...}}` for one gold set; RuleError when the file or set is bad."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise RuleError(str(path), None, f"cannot read floors: {exc}") from exc
    section = data.get(gold_set)
    if not isinstance(section, dict):
        raise RuleError(str(path), None, f"no [{gold_set}] section")
    unknown = set(section) - {"min", "max"}
    if unknown:
        raise RuleError(str(path), None, f"[{gold_set}] has unknown keys {sorted(unknown)}; use [{gold_set}.min] / [{gold_set}.max]")
    return {"min": dict(section.get("min", {})), "max": dict(section.get("max", {}))}


def check_floors(metrics: dict[str, Any], floors: dict[str, dict[str, float]]) -> list[str]:
    """Return one line per metric below its min or above its max (or unknown to the report)."""
    problems = []
    for kind, bounds in floors.items():
        for name, bound in sorted(bounds.items()):
            if name not in metrics:
                problems.append(f"{name}: not a metric the report has (known: {', '.join(sorted(metrics))})")
                continue
            value = metrics[name]
            if value is None:
                continue  # nothing to compare on this gold set (no pair had the field)
            if kind == "min" and value < bound:
                problems.append(f"{name} = {value} is below its floor {bound}")
            if kind == "max" and value > bound:
                problems.append(f"{name} = {value} is above its ceiling {bound}")
    return problems
