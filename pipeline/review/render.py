"""Render a ReviewBatch as one self-contained HTML page (inline CSS/JS, strict CSP)."""
from __future__ import annotations

import base64
import hashlib
import html
import json
from pathlib import Path
from typing import Any, Callable

from pipeline.review.assets import CSS, JS
from pipeline.review.data import (
    ArticleGroup, ReviewBatch, ReviewItem, batch_counts, facet_value, get_path, grade_key,
)
from pipeline.review.decisions import EDITABLE_FIELDS
from pipeline.review.highlight import Span, highlight, locate, place_evidence

_esc = html.escape


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


def _evidence_for(fields: tuple[str, ...], placed: list[tuple[dict[str, Any], Span]]) -> Span | None:
    for _, span in placed:
        if span.field in fields:
            return span
    if "." in fields[0]:
        return None  # a sub-field column (region, year) never borrows its parent's span
    for _, span in placed:
        if span.field.split(".")[0] in fields:
            return span
    return None


def _row(item: ReviewItem, index: int, spans: dict[tuple[int, int, str], Span], text: str,
         title: str) -> str:
    rec = item.record
    placed: list[tuple[dict[str, Any], Span]] = []
    for ev in rec.get("evidence") or []:
        key = locate(text, ev) if isinstance(ev, dict) else None
        if key in spans:
            placed.append((ev, spans[key]))
    cells = [f'<td class="conf">{item.confidence:.2f}</td>']
    for header, getter, fields in COLUMNS:
        value = getter(rec)
        shown = "" if value in (None, "") else _esc(str(value))
        span = _evidence_for(fields, placed) if shown else None
        if span:
            shown = f'<a class="ev" href="#{span.id}" title="evidence: {_esc(span.field)}">{shown}</a>'
        cells.append(f"<td>{shown}</td>")
    cells.append(f"<td>{'yes' if rec.get('primary') else 'no'}</td>")
    cells.append(f'<td class="missing">{_esc(", ".join(item.missing))}</td>')
    cells.append('<td class="dec"><button data-act="accept" title="accept">accept</button> '
                 '<button data-act="reject" title="reject">reject</button> '
                 '<button data-act="correct" title="correct fields">correct</button>'
                 '<span class="status"></span></td>')
    search = " ".join(str(v) for v in (
        rec.get("record_id"), get_path(rec, "recipient.text"), get_path(rec, "recipient.name"),
        get_path(rec, "recipient.region"), get_path(rec, "award.text"), get_path(rec, "award.name"),
        get_path(rec, "award.family"), _grade(rec), get_path(rec, "giver.name"),
        _official(rec, "recipient_official"), _official(rec, "giver_official"),
        get_path(rec, "venue.text"), get_path(rec, "event.text"), title) if v).lower()
    attrs = {
        "id": f"r-{index}", "data-rid": str(rec.get("record_id", "")),
        "data-family": facet_value(get_path(rec, "award.family")),
        "data-region": facet_value(get_path(rec, "recipient.region")),
        "data-grade": facet_value(grade_key(rec)), "data-year": facet_value(get_path(rec, "award.year")),
        "data-primary": "true" if rec.get("primary") else "false",
        "data-conf": f"{item.confidence:.4f}", "data-search": search, "data-decision": "",
    }
    attr_html = " ".join(f'{k}="{_esc(v)}"' for k, v in attrs.items())
    cls = "rec flagged" if item.flagged else "rec"
    return f'<tr class="{cls}" {attr_html}>{"".join(cells)}</tr>'


def _article(group: ArticleGroup, gindex: int, start_row: int) -> str:
    art = group.article
    text = str(art.get("text") or "") if group.has_text else ""
    records = [item.record for item in group.items]
    spans, problems = place_evidence(text, records, f"e{gindex}") if text else ({}, [])
    title = str(art.get("title") or art.get("url") or "(untitled article)")
    url = art.get("url")
    meta = [f'<a href="{_esc(url)}" rel="noreferrer noopener">{_esc(url)}</a>'] if url else []
    location = art.get("location") or (art.get("source") or {}).get("location")
    if not url and location:
        meta.append(f"from {_esc(str(location))}")  # a file without URL: where it was read
    if art.get("published"):
        meta.append(f"published {_esc(str(art['published']))}")
    meta.append(f"{len(records)} record{'s' if len(records) != 1 else ''}")
    head = "".join(f"<th>{_esc(h)}</th>" for h in
                   ["conf", *(c[0] for c in COLUMNS), "primary", "missing", "decision"])
    rows = "".join(_row(item, start_row + i, spans, text, title) for i, item in enumerate(group.items))
    body = (f'<div class="text">{highlight(text, list(spans.values()))}</div>' if text else
            '<p class="problems">article text not found (pass --articles); evidence cannot be shown</p>')
    notes = "".join(f"<li>{_esc(p)}</li>" for p in problems)
    return (f'<article class="art" id="a-{gindex}"><h2>{_esc(title)}</h2>'
            f'<p class="meta">{" · ".join(meta)}</p>'
            f'<table class="recs"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'
            f'{body}{f"<ul class=problems>{notes}</ul>" if notes else ""}</article>')


def _charts(counts: dict[str, list[tuple[str, int]]], limit: int = 12) -> str:
    out = []
    for facet, values in counts.items():
        top = max((n for _, n in values), default=1)
        bars = "".join(
            f'<button class="bar" data-facet="{facet}" data-value="{_esc(v)}" title="filter: {_esc(v)}">'
            f'<span class="name">{_esc(v)}</span><span class="track">'
            f'<span class="fill" style="width:{100 * n / top:.0f}%"></span></span>'
            f'<span class="n">{n}</span></button>' for v, n in values[:limit])
        more = f'<p class="meta">+{len(values) - limit} more</p>' if len(values) > limit else ""
        out.append(f'<div class="chart"><h2>by {facet}</h2>{bars}{more}</div>')
    return f'<section id="summary">{"".join(out)}</section>'


def _select(facet: str, label: str, values: list[str]) -> str:
    opts = "".join(f'<option value="{_esc(v)}">{_esc(v)}</option>' for v in sorted(values))
    return f'<label>{label}<select id="f-{facet}"><option value="">all</option>{opts}</select></label>'


def _filters(counts: dict[str, list[tuple[str, int]]]) -> str:
    parts = [_select(f, f, [v for v, _ in counts[f]]) for f in ("family", "region", "grade", "year")]
    parts.append('<label>primary<select id="f-primary"><option value="">all</option>'
                 '<option value="true">yes</option><option value="false">no</option></select></label>')
    parts.append('<label>decision<select id="f-decision"><option value="">all</option>'
                 '<option value="none">undecided</option><option value="accept">accepted</option>'
                 '<option value="reject">rejected</option><option value="correct">corrected</option>'
                 '</select></label>')
    parts.append('<label>confidence<input id="f-cmin" type="number" min="0" max="1" step="0.05" '
                 'placeholder="0"> to <input id="f-cmax" type="number" min="0" max="1" step="0.05" '
                 'placeholder="1" style="margin-left:0"></label>')
    parts.append('<label>search<input id="f-q" type="search" placeholder="recipient, award, title…"></label>')
    parts.append('<button id="f-reset" type="button">reset</button><span id="shown"></span>')
    return f'<section id="filters">{"".join(parts)}</section>'


def safe_json(obj: Any) -> str:
    """Return JSON that cannot end or comment out the <script> element it is embedded in."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    # "<", ">" and "&" as escapes covers "</script" and "<!--"; U+2028/9 break old JS parsers.
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return text


def csp(serve: bool = False) -> str:
    """Return the page's Content-Security-Policy: only its own inline script (by hash) runs."""
    digest = base64.b64encode(hashlib.sha256(JS.encode("utf-8")).digest()).decode("ascii")
    connect = "'self'" if serve else "'none'"
    return (f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{digest}'; "
            f"connect-src {connect}; img-src 'none'; base-uri 'none'; form-action 'none'")


def render_report(batch: ReviewBatch, *, decisions: dict[str, dict[str, Any]] | None = None,
                  serve_token: str | None = None) -> str:
    """Return the review page for a batch; with serve_token the page POSTs decisions back."""
    counts = batch_counts(batch)
    items = batch.items
    flagged = sum(1 for item in items if item.flagged)
    articles, row = [], 0
    for gindex, group in enumerate(batch.groups):
        articles.append(_article(group, gindex, row))
        row += len(group.items)
    records = {str(i.record.get("record_id", "")): i.record for i in items}
    data = {
        "records": records, "editable": EDITABLE_FIELDS, "serve": bool(serve_token),
        "token": serve_token or "",
        "batch": hashlib.sha256("\n".join(sorted(records)).encode()).hexdigest()[:16],
        "decisions": {rid: line["review"] for rid, line in (decisions or {}).items() if rid in records},
    }
    warnings = "".join(f"<li>{_esc(w)}</li>" for w in batch.warnings)
    source = Path(batch.source).name
    return (
        '<!doctype html>\n<html lang="id"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{csp(bool(serve_token))}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>warta review · {_esc(source)}</title><style>{CSS}</style></head><body>"
        f"<header><div><h1>warta review · {_esc(source)}</h1>"
        f'<p class="meta">{len(items)} records in {len(batch.groups)} articles · '
        f"{flagged} low-confidence or incomplete, listed first"
        f'{" · decisions are saved as you go" if serve_token else ""}</p></div>'
        '<div><button id="export" type="button">Export decisions</button></div></header>'
        f'{f"<ul class=problems>{warnings}</ul>" if warnings else ""}'
        f"{_charts(counts)}{_filters(counts)}<main>{''.join(articles)}</main>"
        f'<script type="application/json" id="warta-data">{safe_json(data)}</script>'
        f"<script>{JS}</script></body></html>\n"
    )
