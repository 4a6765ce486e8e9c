"""Count award records for the report: by province, year, family and grade, recipient, giver."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pipeline.report.provinces import province_of

NONE = "(none)"


def _text(value: Any) -> str:
    return NONE if value in (None, "") else str(value)


def grade_of(record: dict[str, Any]) -> str:
    """Return the grade as one label: the letter, else the label, else "(none)"."""
    grade = record.get("grade") if isinstance(record.get("grade"), dict) else {}
    return _text(grade.get("letter") or grade.get("label"))


def _block(record: dict[str, Any], key: str, field_name: str) -> str:
    block = record.get(key)
    return _text(block.get(field_name) if isinstance(block, dict) else None)


@dataclass
class ReportData:
    """What the report shows, counted over every record read."""

    records: int = 0
    provinces: Counter[str] = field(default_factory=Counter)
    province_years: dict[str, Counter[str]] = field(default_factory=dict)
    province_families: dict[str, Counter[str]] = field(default_factory=dict)
    years: Counter[str] = field(default_factory=Counter)
    family_grades: dict[str, Counter[str]] = field(default_factory=dict)
    grade_ranks: dict[tuple[str, str], int] = field(default_factory=dict)
    recipients: Counter[str] = field(default_factory=Counter)
    givers: Counter[str] = field(default_factory=Counter)
    no_province: int = 0

    def add(self, record: dict[str, Any], lookup: dict[str, str]) -> None:
        """Count one record; its province comes from its region through the region gazetteer."""
        self.records += 1
        family, year = _block(record, "award", "family"), _block(record, "award", "year")
        grade = grade_of(record)
        self.years[year] += 1
        self.family_grades.setdefault(family, Counter())[grade] += 1
        rank = record["grade"].get("rank") if isinstance(record.get("grade"), dict) else None
        if isinstance(rank, int):
            self.grade_ranks.setdefault((family, grade), rank)
        self.recipients[_block(record, "recipient", "name")] += 1
        self.givers[_block(record, "giver", "name")] += 1
        province = province_of(record, lookup)
        if province is None:
            self.no_province += 1
            return
        name = province.removeprefix("Provinsi ")
        self.provinces[name] += 1
        self.province_years.setdefault(name, Counter())[year] += 1
        self.province_families.setdefault(name, Counter())[family] += 1


def summarize(records: Iterable[dict[str, Any]], lookup: dict[str, str]) -> ReportData:
    """Return the counts of every record (records are streamed, never all held at once)."""
    data = ReportData()
    for record in records:
        data.add(record, lookup)
    return data
