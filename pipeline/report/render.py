"""Render the report page: charts as inline SVG and the province map, from one template."""
from __future__ import annotations

from typing import Any

from pipeline.report.charts import bars, columns, stacked, tile_map
from pipeline.report.data import NONE, ReportData
from pipeline.report.provinces import provinces
from pipeline.review.page import render_page, safe_json
from pipeline.settings import current



def _years(data: ReportData) -> list[tuple[str, int]]:
    known = sorted((y, n) for y, n in data.years.items() if y != NONE)
    return known + ([(NONE, data.years[NONE])] if NONE in data.years else [])


def province_details(data: ReportData) -> dict[str, Any]:
    """Per province, what hovering or clicking its tile shows: count, capital, years, families."""
    out = {}
    for p in provinces():
        name = p.name.removeprefix("Provinsi ")
        years = data.province_years.get(name, {})
        out[name] = {
            "n": data.provinces.get(name, 0), "capital": p.capital,
            "years": sorted(years.items()),
            "families": sorted(data.province_families.get(name, {}).items(), key=lambda kv: (-kv[1], kv[0]))[:5],
        }
    return out


def render_report_page(data: ReportData, *, sources: list[str], problems: list[str]) -> str:
    """Return the report page: one self-contained HTML file (no network, opens from disk)."""
    by_province = sorted(data.provinces.items(), key=lambda kv: (-kv[1], kv[0]))
    if data.no_province:
        by_province.append(("(no province)", data.no_province))
    return render_page(
        "pipeline.report", "report.html.j2", css="report.css", js="report.js",
        data=data, sources=sources, problems=problems,
        provinces_with_awards=len(data.provinces),
        map=tile_map(data.provinces), by_province=bars(by_province, row_h=18),
        by_year=columns(_years(data)),
        family_grade=stacked(data.family_grades, data.grade_ranks),
        recipients=bars(data.recipients.most_common(current().report.top)),
        givers=bars(data.givers.most_common(current().report.top)),
        details=safe_json(province_details(data)))
