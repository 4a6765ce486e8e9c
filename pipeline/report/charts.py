"""Chart geometry for the report: bars, columns, stacked bars and the province tile map.

Only numbers and labels here; the SVG markup is written by templates/charts.svg.j2 (autoescaped).
"""
from __future__ import annotations

from collections import Counter
from typing import Any

from pipeline.report.provinces import grid, provinces

# Sequential blues for counts (light → dark); provinces without awards are grey.
BLUES = ["#d6e6f4", "#a6cbe6", "#6aa7d4", "#2f7bbf", "#0d4f8f"]
EMPTY = "#e7eaee"
# Grades of one family, best rank first; "(none)" is grey.
GRADE_COLOURS = ["#1f6f8b", "#3f9a6e", "#d08a1f", "#b4541a", "#7a5aa6", "#5a7f2a", "#a23b72", "#6b7785"]
NO_GRADE = "#c4cad1"
LABEL_CHARS = 30


def short(label: str, limit: int = LABEL_CHARS) -> str:
    """Return a label cut to fit its column, with an ellipsis when cut."""
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def bars(items: list[tuple[str, int]], *, width: int = 560, label_w: int = 230, row_h: int = 22
         ) -> dict[str, Any]:
    """Horizontal bars, one row per (label, count), longest bar = the largest count."""
    top = max((n for _, n in items), default=1) or 1
    track = width - label_w - 48
    rows = [{"label": label, "short": short(label), "y": i * row_h, "n": n,
             "w": max(1.0, round(track * n / top, 1))} for i, (label, n) in enumerate(items)]
    return {"w": width, "h": max(row_h, len(rows) * row_h), "x": label_w, "rows": rows, "row_h": row_h}


def columns(items: list[tuple[str, int]], *, width: int = 560, height: int = 220) -> dict[str, Any]:
    """Vertical columns, one per (label, count), in the order given (years: oldest first)."""
    top = max((n for _, n in items), default=1) or 1
    slot = (width - 20) / max(1, len(items))
    plot = height - 40
    cols = []
    for i, (label, n) in enumerate(items):
        h = round(plot * n / top, 1)
        cols.append({"label": label, "n": n, "x": round(10 + i * slot + slot * 0.15, 1),
                     "w": round(slot * 0.7, 1), "y": round(20 + plot - h, 1), "h": h,
                     "cx": round(10 + i * slot + slot / 2, 1)})
    return {"w": width, "h": height, "base": 20 + plot, "cols": cols}


def stacked(family_grades: dict[str, Counter[str]], ranks: dict[tuple[str, str], int],
            *, width: int = 560, label_w: int = 230, row_h: int = 26) -> dict[str, Any]:
    """One bar per award family, split into its grades (best rank first), largest family first."""
    families = sorted(family_grades.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
    top = max((sum(c.values()) for _, c in families), default=1) or 1
    track = width - label_w - 48
    rows = []
    for i, (family, grades) in enumerate(families):
        order = sorted(grades, key=lambda g: (g == "(none)", ranks.get((family, g), 99), g))
        x, segs = 0.0, []
        for j, grade in enumerate(order):
            w = track * grades[grade] / top
            colour = NO_GRADE if grade == "(none)" else GRADE_COLOURS[j % len(GRADE_COLOURS)]
            segs.append({"grade": grade, "n": grades[grade], "x": round(x, 1), "w": round(w, 1),
                         "colour": colour, "show": w >= 9 * len(grade) + 6})
            x += w
        rows.append({"label": family, "short": short(family), "y": i * row_h, "n": sum(grades.values()),
                     "end": round(x, 1), "segs": segs})
    return {"w": width, "h": max(row_h, len(rows) * row_h), "x": label_w, "rows": rows, "row_h": row_h}


def shade(n: int, top: int) -> str:
    """Return the fill for a count: grey for none, else one of five blues by share of the top."""
    if n <= 0:
        return EMPTY
    return BLUES[min(len(BLUES) - 1, max(0, -(-n * len(BLUES) // max(top, 1)) - 1))]


def tile_map(counts: Counter[str], *, tile: int = 40, gap: int = 3) -> dict[str, Any]:
    """The 38 provinces as tiles placed by their capitals, shaded by count; plus a legend."""
    places = grid()
    top = max(counts.values(), default=0)
    tiles = []
    for p in provinces():
        name = p.name.removeprefix("Provinsi ")
        col, row = places[p.name]
        n = counts.get(name, 0)
        fill = shade(n, top)
        tiles.append({"name": name, "short": p.short, "capital": p.capital, "n": n, "fill": fill,
                      "x": col * (tile + gap), "y": row * (tile + gap), "size": tile,
                      "dark": fill in BLUES[3:]})
    width = max(t["x"] for t in tiles) + tile
    height = max(t["y"] for t in tiles) + tile
    legend = [{"fill": EMPTY, "label": "0"}]
    if top:
        for i, fill in enumerate(BLUES):  # the same bins as shade(): integer bounds
            lo, hi = i * top // len(BLUES) + 1, (i + 1) * top // len(BLUES)
            if hi >= lo:
                legend.append({"fill": fill, "label": f"{lo}" if lo == hi else f"{lo}–{hi}"})
    return {"w": width, "h": height, "tiles": tiles, "legend": legend}
