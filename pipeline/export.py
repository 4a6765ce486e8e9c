"""Flat exports for analysis: one row per record (or per event), as CSV, JSON Lines or Parquet.

The columns are data (`RECORD_COLUMNS`, `EVENT_COLUMNS`: name, type, meaning), so the README,
`warta export --columns` and the Parquet schema all come from one list. Parquet is written
through pyarrow (the optional extra `warta[parquet]`) with proper types: dates as dates,
years and ranks as integers, `primary` as a boolean.
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, TextIO

from pipeline.entities import EntityIndex
from pipeline.errors import ExportError

FORMATS = ("csv", "parquet", "jsonl")


@dataclass(frozen=True)
class Column:
    """One export column: its name, type (str, int, float, bool, date) and meaning."""

    name: str
    type: str
    meaning: str
    get: Callable[[dict[str, Any], EntityIndex], Any]


def _at(*path: str) -> Callable[[dict[str, Any], EntityIndex], Any]:
    def get(obj: dict[str, Any], _index: EntityIndex) -> Any:
        for p in path:
            obj = obj.get(p) if isinstance(obj, dict) else None
            if obj is None:
                return None
        return obj
    return get


def _entity(field: str) -> Callable[[dict[str, Any], EntityIndex], Any]:
    """The entity id a record or event carries, else the one the current rules give."""
    def get(obj: dict[str, Any], index: EntityIndex) -> Any:
        part = obj.get(field)
        if not isinstance(part, dict):
            return None
        if part.get("entity_id") or "sources" in obj:
            return part.get("entity_id")
        entity = index.record_entities(obj).get(field)
        return entity.id if entity else None
    return get


def _province(obj: dict[str, Any], index: EntityIndex) -> str | None:
    rec = obj.get("recipient")
    if not isinstance(rec, dict):
        return None
    region = rec.get("region")
    return rec.get("province") or index.province(region if isinstance(region, str) else None)


def _published_date(path: tuple[str, ...]) -> Callable[[dict[str, Any], EntityIndex], Any]:
    get = _at(*path)
    return lambda obj, index: (get(obj, index) or "")[:10] or None


def _shared(prefix: Callable[[str], tuple[str, ...]]) -> list[Column]:
    """Columns records and events share (their paths differ only where the event keeps a summary)."""
    return [
        Column("recipient_name", "str", "recipient, canonical name", _at("recipient", "name")),
        Column("recipient_type", "str", "opd, pemda, kepala_daerah or other", _at("recipient", "type")),
        Column("recipient_region", "str", "canonical region (Kabupaten Bekasi)", _at("recipient", "region")),
        Column("recipient_entity_id", "str", "the recipient's id across articles", _entity("recipient")),
        Column("province", "str", "the region's province, from gazetteers/regions.tsv", _province),
        Column("award_family", "str", "award family id from rules/awards/", _at("award", "family")),
        Column("award_name", "str", "award name", _at("award", "name")),
        Column("award_year", "int", "evaluation year (not always the ceremony's)", _at("award", "year")),
        Column("grade_letter", "str", "grade letter (A-, WTP …)", _at("grade", "letter")),
        Column("grade_label", "str", "grade label (Sangat Baik …)", _at("grade", "label")),
        Column("grade_rank", "int", "rank within the family's scale (1 = best)", _at("grade", "rank")),
        Column("giver_id", "str", "giver id from gazetteers/agencies.tsv", _at("giver", "id")),
        Column("giver_name", "str", "giver, canonical name", _at("giver", "name")),
        Column("giver_official_name", "str", "who handed it over", _at("giver_official", "name")),
        Column("giver_official_title", "str", "their title", _at("giver_official", "title")),
        Column("giver_official_entity_id", "str", "their id across articles", _entity("giver_official")),
        Column("recipient_official_name", "str", "who received it", _at("recipient_official", "name")),
        Column("recipient_official_title", "str", "their title", _at("recipient_official", "title")),
        Column("recipient_official_entity_id", "str", "their id across articles",
               _entity("recipient_official")),
        Column("date", "date", "handover date", _at("date", "value")),
        Column("venue", "str", "where", _at("venue", "text")),
        Column("event", "str", "the handover event", _at("event", "text")),
        Column("primary", "bool", "the article's news (true) or mentioned in passing", _at("primary")),
        Column("confidence", "float", "0..1", _at("confidence")),
        Column("url", "str", "article URL (for an event: its first source)", _at(*prefix("url"))),
        Column("site", "str", "news site (for an event: its first source)", _at(*prefix("site"))),
        Column("published", "str", "publication time as written, ISO 8601", _at(*prefix("published"))),
        Column("published_date", "date", "publication date", _published_date(prefix("published"))),
    ]


def _first_source(field: str) -> tuple[str, ...]:
    return ("_first_source", field)


RECORD_COLUMNS: list[Column] = [
    Column("record_id", "str", "stable record id", _at("record_id")),
    *_shared(lambda f: ("article", f)),
    Column("title", "str", "article headline", _at("article", "title")),
]

EVENT_COLUMNS: list[Column] = [
    Column("event_id", "str", "stable event id", _at("event_id")),
    *_shared(_first_source),
    Column("n_sources", "int", "articles that reported the event", lambda ev, _: len(ev.get("sources") or [])),
    Column("sites", "str", "their sites, first seen first, separated by |",
           lambda ev, _: "|".join(dict.fromkeys(s.get("site") or "" for s in ev.get("sources") or [])) or None),
    Column("record_ids", "str", "their record ids, separated by |",
           lambda ev, _: "|".join(s.get("record_id") or "" for s in ev.get("sources") or []) or None),
]


def is_event(obj: dict[str, Any]) -> bool:
    """True for an AwardEvent line, false for an AwardRecord line."""
    return "event_id" in obj and "sources" in obj


def _typed(value: Any, kind: str) -> Any:
    """The value as its column's type; what does not fit becomes null (never a wrong value)."""
    if value is None or value == "":
        return None
    try:
        if kind == "int":
            return int(value) if not isinstance(value, bool) else None
        if kind == "float":
            return float(value)
        if kind == "bool":
            return value if isinstance(value, bool) else None
        if kind == "date":
            return date.fromisoformat(str(value)[:10])
    except (TypeError, ValueError):
        return None
    return str(value) if kind == "str" else value


def rows(objs: Iterable[dict[str, Any]], columns: list[Column], index: EntityIndex) -> Iterator[dict[str, Any]]:
    """Yield one flat, typed row per record or event."""
    for obj in objs:
        if "sources" in obj:
            obj = {**obj, "_first_source": (obj.get("sources") or [{}])[0]}
        yield {c.name: _typed(c.get(obj, index), c.type) for c in columns}


def write_csv(data: Iterable[dict[str, Any]], columns: list[Column], out: TextIO) -> int:
    """Write rows as CSV with a header (dates ISO, booleans true/false, null empty); return the count."""
    w = csv.writer(out, lineterminator="\n")
    w.writerow([c.name for c in columns])
    n = 0
    for row in data:
        w.writerow(["" if v is None else ("true" if v is True else "false" if v is False else
                                          v.isoformat() if isinstance(v, date) else v) for v in row.values()])
        n += 1
    return n


def write_jsonl(data: Iterable[dict[str, Any]], out: TextIO) -> int:
    """Write rows as flat JSON Lines; return the count."""
    n = 0
    for row in data:
        out.write(json.dumps({k: v.isoformat() if isinstance(v, date) else v for k, v in row.items()},
                             ensure_ascii=False) + "\n")
        n += 1
    return n


def _pyarrow():
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise ExportError("Parquet needs pyarrow: pip install 'warta[parquet]' (or use --format csv or jsonl)") from exc
    return pa, pq


def arrow_schema(columns: list[Column]):
    """The pyarrow schema of the columns (string, int32, float64, bool, date32)."""
    pa, _ = _pyarrow()
    types = {"str": pa.string(), "int": pa.int32(), "float": pa.float64(), "bool": pa.bool_(), "date": pa.date32()}
    return pa.schema([pa.field(c.name, types[c.type], metadata={"meaning": c.meaning}) for c in columns])


def write_parquet(data: Iterable[dict[str, Any]], columns: list[Column], out: Any, batch: int = 50_000) -> int:
    """Write rows as one Parquet file (to a path or a binary stream), in batches; return the count."""
    pa, pq = _pyarrow()
    schema = arrow_schema(columns)
    n = 0
    with pq.ParquetWriter(out, schema) as writer:
        chunk: list[dict[str, Any]] = []
        for row in data:
            chunk.append(row)
            if len(chunk) >= batch:
                writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
                n += len(chunk)
                chunk = []
        if chunk or n == 0:
            writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
            n += len(chunk)
    return n


def columns_table(columns: list[Column]) -> str:
    """A Markdown table of the columns: name, type, meaning."""
    buf = io.StringIO()
    buf.write("| column | type | meaning |\n|---|---|---|\n")
    for c in columns:
        buf.write(f"| `{c.name}` | {c.type} | {c.meaning} |\n")
    return buf.getvalue()


__all__ = ["FORMATS", "Column", "RECORD_COLUMNS", "EVENT_COLUMNS", "ExportError", "is_event", "rows",
           "write_csv", "write_jsonl", "write_parquet", "arrow_schema", "columns_table"]
