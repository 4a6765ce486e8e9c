"""Render an evaluation report (the dict from `score`) as a fixed-width table or JSON."""
from __future__ import annotations

import json
from typing import Any

from pipeline.evaluate.calibration import render_reliability

MAX_LINES = 12  # per worst article in the table; --json lists everything


def _num(value: Any) -> str:
    return "  -  " if value is None else f"{value:.3f}"


def _clip(text: Any, width: int) -> str:
    s = "" if text is None else str(text)
    return s if len(s) <= width else s[: width - 1] + "…"


def render_json(report: dict[str, Any]) -> str:
    """Return the report as one JSON object (non-ASCII kept readable)."""
    return json.dumps(report, ensure_ascii=False, indent=None, sort_keys=False)


def render_table(report: dict[str, Any], title: str = "") -> str:
    """Return the report as readable fixed-width text."""
    out: list[str] = []
    neg = report["negatives"]
    head = f"warta eval {title}".rstrip()
    out += [head, f"{report['articles']} articles ({neg['articles']} negative)", ""]

    out.append(f"{'records':<10}{'gold':>6}{'pred':>6}{'match':>7}{'P':>8}{'R':>8}{'F1':>8}")
    for scope in ("primary", "all"):
        v = report["records"][scope]
        out.append(f"{scope:<10}{v['gold']:>6}{v['predicted']:>6}{v['matched']:>7}"
                   f"{_num(v['precision']):>8}{_num(v['recall']):>8}{_num(v['f1']):>8}")
    out.append("")

    out.append(f"{'field (over matched pairs)':<28}{'accuracy':>9}{'correct':>9}{'of':>6}")
    for name, v in report["fields"].items():
        out.append(f"{name:<28}{_num(v['accuracy']):>9}{v['correct']:>9}{v['compared']:>6}")
    out.append("")

    out.append(f"{'award family':<36}{'gold':>6}{'pred':>6}{'match':>7}{'P':>8}{'R':>8}{'F1':>8}")
    for fam, v in report["families"].items():
        out.append(f"{_clip(fam, 35):<36}{v['gold']:>6}{v['predicted']:>6}{v['matched']:>7}"
                   f"{_num(v['precision']):>8}{_num(v['recall']):>8}{_num(v['f1']):>8}")
    out.append("")

    bad = ", ".join(neg["articles_with_records"]) or "none"
    out.append(f"negative articles: {neg['articles']}, false records: {neg['false_records']} "
               f"(articles with records: {bad})")
    if report.get("calibration", {}).get("records"):
        out += ["", "calibration (right = matched, grade and year agree)", *render_reliability(report["calibration"])]

    if report["worst"]:
        out += ["", f"worst {len(report['worst'])} articles"]
    for row in report["worst"]:
        out.append(f"- {row['article']}  {row['errors']} errors  gold {row['gold']} pred {row['predicted']}  "
                   f"{_clip(row['title'], 60)}")
        lines = [f"    missed  {_clip(label, 90)}" for label in row["missed"]]
        lines += [f"    extra   {_clip(label, 90)}" for label in row["extra"]]
        lines += [f"    wrong   {_clip(w['record'], 30)} {w['field']}: gold {_clip(w['gold'], 40)!r}"
                  f" ≠ pred {_clip(w['predicted'], 40)!r}" for w in row["wrong"]]
        out += lines[:MAX_LINES]
        if len(lines) > MAX_LINES:
            out.append(f"    … {len(lines) - MAX_LINES} more (see --json)")
    return "\n".join(out) + "\n"
