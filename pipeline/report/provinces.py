"""The 38 provinces (package data: capitals and their coordinates) and each region's province."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from pipeline.rules import Rules

# Tile size of the map grid in degrees (longitude, latitude): small enough that islands keep
# their shape, large enough that Java's six provinces need only a short nudge apart.
CELL = (1.5, 1.5)


@dataclass(frozen=True)
class Province:
    """One province: code, canonical name (as in the region gazetteer), short label, capital."""

    code: str
    name: str
    short: str
    capital: str
    lat: float
    lon: float


@lru_cache(maxsize=1)
def provinces() -> tuple[Province, ...]:
    """Return the 38 provinces from the package's provinces.tsv, in code order."""
    text = resources.files("pipeline.report").joinpath("provinces.tsv").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    rows = csv.DictReader(lines, delimiter="\t")
    return tuple(Province(r["code"], r["province"], r["short"], r["capital"], float(r["lat"]),
                          float(r["lon"])) for r in rows)


def grid(cell: tuple[float, float] = CELL) -> dict[str, tuple[int, int]]:
    """Return each province's tile (column, row): its capital's cell, or the nearest free one."""
    west = min(p.lon for p in provinces())
    north = max(p.lat for p in provinces())
    taken: dict[tuple[int, int], str] = {}
    placed: dict[str, tuple[int, int]] = {}
    for p in provinces():
        x, y = (p.lon - west) / cell[0], (north - p.lat) / cell[1]
        near = sorted(((cx, cy) for cx in range(int(x) - 3, int(x) + 5) for cy in range(int(y) - 3, int(y) + 5)),
                      key=lambda c: ((c[0] - x) ** 2 + (c[1] - y) ** 2, c))
        spot = next(c for c in near if c not in taken and c[0] >= 0 and c[1] >= 0)
        taken[spot] = p.name
        placed[p.name] = spot
    return placed


def region_provinces(rules: Rules) -> dict[str, str]:
    """Return region name (canonical and aliases, casefolded) → province canonical name."""
    out: dict[str, str] = {}
    for entry in rules.entries("REGION"):
        province = entry.attrs.get("province")
        if not province:
            continue
        for spelling, _case in entry.spellings():
            out.setdefault(spelling.casefold(), province)
    return out


def province_of(record: dict[str, Any], lookup: dict[str, str]) -> str | None:
    """Return the province of a record's recipient region, or None when it has none or is unknown."""
    recipient = record.get("recipient")
    region = recipient.get("region") if isinstance(recipient, dict) else None
    return lookup.get(region.casefold()) if isinstance(region, str) and region else None
