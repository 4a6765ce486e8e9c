"""Load a batch for review: records from awards.jsonl, their articles, order and counts."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.errors import InputError
from pipeline.outputs import ARTICLES, STDIO, Problem, article_key, iter_jsonl, output_files, read_output
from pipeline.rules.confidence import DEFAULT_LOW_CONFIDENCE, low_confidence_threshold
from pipeline.settings import default_rules_dir

# Fields a complete record has; a record missing any of them is "incomplete".
EXPECTED_FIELDS = ("recipient.region", "award.year", "giver", "date")


@dataclass
class ReviewItem:
    """One record with what the report shows about it."""

    record: dict[str, Any]
    missing: list[str]
    # Below this a record is "low confidence" and sorted to the top: [review] of rules/confidence.toml.
    low_confidence: float = DEFAULT_LOW_CONFIDENCE

    @property
    def confidence(self) -> float:
        """The record's confidence (0 when absent)."""
        value = self.record.get("confidence")
        return float(value) if isinstance(value, (int, float)) else 0.0

    @property
    def flagged(self) -> bool:
        """True when the record is low-confidence or incomplete: a reviewer looks at it first."""
        return self.confidence < self.low_confidence or bool(self.missing)


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


def get_path(record: dict[str, Any], dotted: str) -> Any:
    """Return the value at a dotted path ("grade.letter"), or None when any step is missing."""
    value: Any = record
    for part in _PATHS.get(dotted) or _PATHS.setdefault(dotted, tuple(dotted.split("."))):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


_PATHS: dict[str, tuple[str, ...]] = {}


def missing_fields(record: dict[str, Any]) -> list[str]:
    """Return the expected fields the record leaves empty."""
    return [name for name in EXPECTED_FIELDS if get_path(record, name) in (None, "")]


@dataclass(frozen=True)
class ReviewSlice:
    """Which records to review: a confidence floor and families, regions (or provinces), years."""

    min_confidence: float | None = None
    families: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    provinces: dict[str, str] = field(default_factory=dict, compare=False)

    def keeps(self, record: dict[str, Any]) -> bool:
        """True when the record belongs to the slice."""
        if self.min_confidence is not None:
            conf = record.get("confidence")
            if not isinstance(conf, (int, float)) or conf < self.min_confidence:
                return False
        if self.families and get_path(record, "award.family") not in self.families:
            return False
        if self.years and get_path(record, "award.year") not in self.years:
            return False
        if self.regions:
            region = str(get_path(record, "recipient.region") or "")
            # A region filter names a kabupaten/kota or a whole province ("Jawa Timur").
            names = {region.casefold(), self.provinces.get(region.casefold(), "").casefold()}
            names |= {n.removeprefix("provinsi ") for n in names}
            if not names & {r.casefold() for r in self.regions}:
                return False
        return True


def load_batch(records_path: Path | str, articles_path: Path | None = None,
               only: ReviewSlice | None = None, rules_dir: Path | None = None) -> ReviewBatch:
    """Read records (a file, run folder, shard folder or `-`) and their articles for review.

    Articles default to the articles output beside the records (articles.jsonl, or the folder's
    articles shards); `only` keeps one slice of the records; the rules' confidence model says
    which confidence is low.
    """
    low = low_confidence_threshold(rules_dir or default_rules_dir())
    problems: list[Problem] = []
    records = list(read_output(records_path, "awards", problems))
    warnings = [str(p) for p in problems]
    if only is not None:
        records = [r for r in records if only.keeps(r)]
    article_files = _article_files(Path(records_path), articles_path, warnings)
    by_id: dict[str, dict[str, Any]] = {}
    by_url: dict[str, list[dict[str, Any]]] = {}
    for file in article_files:
        problems: list[Problem] = []
        for art in iter_jsonl(file, problems):
            if art.get("id"):
                by_id[str(art["id"])] = art
            if art.get("url"):
                by_url.setdefault(str(art["url"]), []).append(art)
        warnings += [str(p) for p in problems]

    groups: dict[str, ArticleGroup] = {}
    for record in records:
        ref = record.get("article") if isinstance(record.get("article"), dict) else {}
        article = (by_id.get(str(ref.get("id") or ""))
                   or best_article(record, by_url.get(str(ref.get("url") or ""), [])))
        key = article_key(article or ref)
        if key not in groups:
            groups[key] = ArticleGroup(key=key, article=article or dict(ref), has_text=bool(article))
        groups[key].items.append(ReviewItem(record=record, missing=missing_fields(record), low_confidence=low))
    ordered = list(groups.values())
    for group in ordered:
        group.items.sort(key=_review_order)
    ordered.sort(key=lambda g: _review_order(g.items[0]))
    return ReviewBatch(source=str(records_path), groups=ordered, warnings=warnings)


def _article_files(records: Path, articles: Path | None, warnings: list[str]) -> list[Path]:
    # Explicit --articles first; else the articles output beside the records (none for stdin).
    if articles is not None:
        if not articles.exists():
            warnings.append(f"{articles}: not found; records are shown without article text")
            return []
        return output_files(articles, "articles") if articles.is_dir() else [articles]
    if str(records) == STDIO:
        return []
    if records.is_dir():
        try:
            return output_files(records, "articles")
        except InputError:
            warnings.append(f"{records}: no {ARTICLES}; records are shown without article text")
            return []
    beside = records.with_name(ARTICLES)
    if beside.exists():
        return [beside]
    warnings.append(f"{beside}: not found; records are shown without article text")
    return []


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
