"""Load a batch for review: records from awards.jsonl, their articles, order and counts."""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.errors import InputError

# Below this a record is "low confidence" and sorted to the top of the report.
LOW_CONFIDENCE = 0.6
# Fields a complete record has; a record missing any of them is "incomplete".
EXPECTED_FIELDS = ("recipient.region", "award.year", "giver", "date")


@dataclass
class ReviewItem:
    """One record with what the report shows about it."""

    record: dict[str, Any]
    missing: list[str]

    @property
    def confidence(self) -> float:
        """The record's confidence (0 when absent)."""
        value = self.record.get("confidence")
        return float(value) if isinstance(value, (int, float)) else 0.0

    @property
    def flagged(self) -> bool:
        """True when the record is low-confidence or incomplete: a reviewer looks at it first."""
        return self.confidence < LOW_CONFIDENCE or bool(self.missing)


@dataclass
class ArticleGroup:
    """One article (or only its reference, when its text was not found) and its records."""

    key: str
    article: dict[str, Any]
    items: list[ReviewItem] = field(default_factory=list)
    has_text: bool = True


@dataclass
class ReviewBatch:
    """Everything the report shows: article groups in review order, plus load warnings."""

    source: str
    groups: list[ArticleGroup]
    warnings: list[str] = field(default_factory=list)

    @property
    def items(self) -> list[ReviewItem]:
        """All records in review order."""
        return [item for group in self.groups for item in group.items]


def read_jsonl(path: Path) -> tuple[list[dict[str, Any]], list[str]]:
    """Return the JSON objects of a JSONL file and a `file:line: reason` per skipped line.

    Raises InputError when the file cannot be read at all.
    """
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read: {exc}", input=str(path)) from exc
    objects: list[dict[str, Any]] = []
    problems: list[str] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{path}:{number}: skipped, not JSON ({exc.msg})")
            continue
        if not isinstance(obj, dict):
            problems.append(f"{path}:{number}: skipped, not a JSON object")
            continue
        objects.append(obj)
    return objects, problems


def get_path(record: dict[str, Any], dotted: str) -> Any:
    """Return the value at a dotted path ("grade.letter"), or None when any step is missing."""
    value: Any = record
    for part in dotted.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def missing_fields(record: dict[str, Any]) -> list[str]:
    """Return the expected fields the record leaves empty."""
    return [name for name in EXPECTED_FIELDS if get_path(record, name) in (None, "")]


def article_key(ref: dict[str, Any]) -> str:
    """Return the key that joins a record's `article` to an Article: its id, else its url."""
    return str(ref.get("id") or ref.get("url") or ref.get("title") or "")


def load_batch(records_path: Path, articles_path: Path | None = None) -> ReviewBatch:
    """Read records and their articles (default: articles.jsonl beside the records) for review."""
    records, warnings = read_jsonl(records_path)
    if articles_path is None:
        articles_path = Path(records_path).with_name("articles.jsonl")
    by_id: dict[str, dict[str, Any]] = {}
    by_url: dict[str, list[dict[str, Any]]] = {}
    if articles_path.exists():
        articles, problems = read_jsonl(articles_path)
        warnings += problems
        for art in articles:
            if art.get("id"):
                by_id[str(art["id"])] = art
            if art.get("url"):
                by_url.setdefault(str(art["url"]), []).append(art)
    else:
        warnings.append(f"{articles_path}: not found; records are shown without article text")

    groups: dict[str, ArticleGroup] = {}
    for record in records:
        ref = record.get("article") if isinstance(record.get("article"), dict) else {}
        article = (by_id.get(str(ref.get("id") or ""))
                   or best_article(record, by_url.get(str(ref.get("url") or ""), [])))
        key = str(article.get("id") or article.get("url")) if article else article_key(ref)
        if key not in groups:
            groups[key] = ArticleGroup(key=key, article=article or dict(ref), has_text=bool(article))
        groups[key].items.append(ReviewItem(record=record, missing=missing_fields(record)))
    ordered = list(groups.values())
    for group in ordered:
        group.items.sort(key=_review_order)
    ordered.sort(key=lambda g: _review_order(g.items[0]))
    return ReviewBatch(source=str(records_path), groups=ordered, warnings=warnings)


def best_article(record: dict[str, Any], candidates: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Return the candidate whose text holds most of the record's evidence at its offsets.

    One URL can reach a batch twice (its HTML page and a text copy) with different texts;
    the record's offsets tell which text it was extracted from.
    """
    def fits(article: dict[str, Any]) -> int:
        text = str(article.get("text") or "")
        return sum(1 for ev in record.get("evidence") or [] if isinstance(ev, dict)
                   and isinstance(ev.get("start"), int) and isinstance(ev.get("end"), int)
                   and text[ev["start"]:ev["end"]] == ev.get("text"))
    return max(candidates, key=fits, default=None)


def _review_order(item: ReviewItem) -> tuple[int, float, int]:
    # Flagged first, then least confident, then fewest gaps last.
    return (0 if item.flagged else 1, item.confidence, -len(item.missing))


def batch_counts(batch: ReviewBatch) -> dict[str, list[tuple[str, int]]]:
    """Return record counts by award family, region, grade and year, most frequent first."""
    facets = {
        "family": lambda r: get_path(r, "award.family"),
        "region": lambda r: get_path(r, "recipient.region"),
        "grade": grade_key,
        "year": lambda r: get_path(r, "award.year"),
    }
    counts: dict[str, list[tuple[str, int]]] = {}
    for name, getter in facets.items():
        counter = Counter(facet_value(getter(item.record)) for item in batch.items)
        counts[name] = counter.most_common()
    return counts


def grade_key(record: dict[str, Any]) -> str | None:
    """Return the grade as one facet value: the letter, else the label."""
    return get_path(record, "grade.letter") or get_path(record, "grade.label")


def facet_value(value: Any) -> str:
    """Return a facet value as text; empty values become "(none)"."""
    return "(none)" if value in (None, "") else str(value)
