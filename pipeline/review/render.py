"""Render a ReviewBatch as one self-contained page: a template, and the batch as JSON data.

The page script builds only what is on screen (a page of articles at a time) from the JSON
block, so ten thousand records open quickly; filters, search and counts run over all of them.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Callable

from markupsafe import Markup

from pipeline.review.data import (
    ArticleGroup, ReviewBatch, ReviewItem, batch_counts, facet_value, get_path, grade_key,
)
from pipeline.review.decisions import EDITABLE_FIELDS
from pipeline.review.highlight import Span, locate, place_evidence, segments
from pipeline.review.page import is_web_url, render_page, safe_json
from pipeline.settings import current


def _official(rec: dict[str, Any], key: str) -> str | None:
    block = rec.get(key)
    if not isinstance(block, dict) or not block.get("name"):
        return None
    return f"{block['name']}, {block['title']}" if block.get("title") else str(block["name"])


def _grade(rec: dict[str, Any]) -> str | None:
    g = rec.get("grade")
    if not isinstance(g, dict):
        return None
    parts = [p for p in (g.get("letter"), g.get("label")) if p]
    return " ".join(str(p) for p in parts) or g.get("text")


def _date(rec: dict[str, Any]) -> str | None:
    d = rec.get("date")
    if not isinstance(d, dict):
        return None
    value = d.get("value") or d.get("text")
    return f"{value} (weekday?)" if value and d.get("weekday_mismatch") else value


# (header, value getter, evidence fields it links to: exact names first, then by top-level name)
COLUMNS: list[tuple[str, Callable[[dict[str, Any]], Any], tuple[str, ...]]] = [
    ("recipient", lambda r: get_path(r, "recipient.name"), ("recipient", "recipient.name", "recipient.text")),
    ("region", lambda r: get_path(r, "recipient.region"), ("recipient.region", "region")),
    ("award", lambda r: get_path(r, "award.family"), ("award", "award.name", "award.text")),
    ("year", lambda r: get_path(r, "award.year"), ("award.year", "year")),
    ("grade", _grade, ("grade",)),
    ("giver", lambda r: get_path(r, "giver.name"), ("giver",)),
    ("received by", lambda r: _official(r, "recipient_official"), ("recipient_official",)),
    ("handed by", lambda r: _official(r, "giver_official"), ("giver_official",)),
    ("date", _date, ("date",)),
    ("venue", lambda r: get_path(r, "venue.text"), ("venue",)),
    ("event", lambda r: get_path(r, "event.text"), ("event",)),
]
HEADERS = ["conf", *(c[0] for c in COLUMNS), "primary", "missing", "decision"]


def _evidence_for(fields: tuple[str, ...], placed: list[Span]) -> Span | None:
    for span in placed:
        if span.field in fields:
            return span
    if "." in fields[0]:
        return None  # a sub-field column (region, year) never borrows its parent's span
    for span in placed:
        if span.field.split(".")[0] in fields:
            return span
    return None


def _row(item: ReviewItem, article: int, spans: dict[tuple[int, int, str], Span], text: str,
         title: str) -> dict[str, Any]:
    """One record as the page script shows it: cells (value, evidence span id) and facets."""
    rec = item.record
    placed = [spans[key] for ev in rec.get("evidence") or [] if isinstance(ev, dict)
              and (key := locate(text, ev)) in spans]
    cells: list[list[Any]] = []
    for _header, getter, fields in COLUMNS:
        value = getter(rec)
        shown = "" if value in (None, "") else str(value)
        span = _evidence_for(fields, placed) if shown else None
        cells.append([shown, span.id, span.field] if span else [shown])
    search = " ".join(str(v) for v in (
        rec.get("record_id"), get_path(rec, "recipient.text"), get_path(rec, "recipient.name"),
        get_path(rec, "recipient.region"), get_path(rec, "award.text"), get_path(rec, "award.name"),
        get_path(rec, "award.family"), _grade(rec), get_path(rec, "giver.name"),
        _official(rec, "recipient_official"), _official(rec, "giver_official"),
        get_path(rec, "venue.text"), get_path(rec, "event.text"), title) if v).lower()
    return {
        "a": article, "rid": str(rec.get("record_id", "")), "cells": cells,
        "conf": round(item.confidence, 4), "flag": item.flagged, "miss": ", ".join(item.missing),
        "primary": bool(rec.get("primary")),
        "family": facet_value(get_path(rec, "award.family")),
        "region": facet_value(get_path(rec, "recipient.region")),
        "grade": facet_value(grade_key(rec)), "year": facet_value(get_path(rec, "award.year")),
        "q": search,
    }


def _article(group: ArticleGroup, index: int) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """One article as page data (title, link, text segments) and its records' rows."""
    art = group.article
    text = str(art.get("text") or "") if group.has_text else ""
    records = [item.record for item in group.items]
    spans, problems = place_evidence(text, records, f"e{index}") if text else ({}, [])
    title = str(art.get("title") or art.get("url") or art.get("path") or "(untitled article)")
    # A file without URL (a .txt input) shows where it was read, as text.
    url = art.get("url") or art.get("path") or art.get("location") or (art.get("source") or {}).get("location")
    data = {
        "id": f"a-{index}", "title": title,
        # Only http(s) becomes a link; javascript:, data: and paths are shown as text.
        "url": str(url) if url else "", "link": is_web_url(url),
        "published": str(art.get("published") or ""), "n": len(records),
        "segs": segments(text, list(spans.values())) if text else None, "problems": problems,
    }
    rows = [_row(item, index, spans, text, title) for item in group.items]
    return data, rows


def page_data(batch: ReviewBatch) -> dict[str, Any]:
    """Return the batch as the page script needs it (articles, rows, records), JSON-ready."""
    articles, rows = [], []
    for index, group in enumerate(batch.groups):
        art, art_rows = _article(group, index)
        articles.append(art)
        rows.extend(art_rows)
    records = {str(i.record.get("record_id", "")): i.record for i in batch.items}
    return {
        "articles": articles, "rows": rows, "records": records, "headers": HEADERS,
        "editable": EDITABLE_FIELDS, "page": current().review.page_articles,
        "batch": hashlib.sha256("\n".join(sorted(records)).encode()).hexdigest()[:16],
    }


def render_report(batch: ReviewBatch, *, decisions: dict[str, dict[str, Any]] | None = None,
                  serve_token: str | None = None, data: Markup | None = None) -> str:
    """Return the review page for a batch; with serve_token the page POSTs decisions back.

    `data` is the batch's JSON block from an earlier `safe_json(page_data(batch))`: the server
    builds it once and re-renders only the decisions on each load.
    """
    counts = batch_counts(batch)
    items = batch.items
    known = {str(i.record.get("record_id", "")) for i in items}
    state = {"serve": bool(serve_token), "token": serve_token or "",
             "decisions": {rid: line["review"] for rid, line in (decisions or {}).items() if rid in known}}
    return render_page(
        "pipeline.review", "review.html.j2", css="review.css", js="review.js",
        connect_self=bool(serve_token), source=Path(batch.source).name, records=len(items),
        articles=len(batch.groups), flagged=sum(1 for item in items if item.flagged),
        serve=bool(serve_token), warnings=batch.warnings,
        options={facet: sorted(v for v, _ in counts[facet]) for facet in ("family", "region", "grade", "year")},
        data=data if data is not None else safe_json(page_data(batch)), state=safe_json(state))


__all__ = ["COLUMNS", "HEADERS", "page_data", "render_report", "safe_json"]
