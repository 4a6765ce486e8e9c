"""Gold and predicted records in one flat shape, and the loaders that produce them.

Gold folders (`articles/NNN.json` + `gold/NNN.json`) use flat fields; AwardRecords are nested.
Both become `Flat` so the scorer compares like with like.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from pipeline.errors import InputError
from pipeline.models import Article, AwardRecord
from pipeline.outputs import article_key
from pipeline.review.decisions import apply_review


@dataclass
class Flat:
    """One record, gold or predicted, with the fields the scorer compares."""

    recipient: str
    family: str
    recipient_names: list[str] = field(default_factory=list)  # every spelling to compare (text, name)
    recipient_type: str | None = None
    region: str | None = None
    grade: str | None = None  # gold: as written
    grade_letter: str | None = None
    grade_label: str | None = None
    giver: str | None = None
    giver_name: str | None = None
    giver_id: str | None = None
    giver_official: dict[str, Any] | None = None
    recipient_official: dict[str, Any] | None = None
    event: str | None = None
    venue: str | None = None
    date: str | None = None
    year: int | None = None
    primary: bool = True
    confidence: float | None = None  # predicted records only

    def names(self) -> list[str]:
        """Return the recipient spellings to compare, text first."""
        return [n for n in dict.fromkeys([self.recipient, *self.recipient_names]) if n]

    def label(self) -> str:
        """Return a short human label: recipient [family]."""
        return f"{self.recipient} [{self.family}]"


@dataclass
class GoldArticle:
    """One article of a gold folder with its gold records (empty for a negative article)."""

    id: str
    article: Article
    gold: list[Flat]
    raw: dict[str, Any] = field(default_factory=dict)


def _official(value: Any) -> dict[str, Any] | None:
    return value if isinstance(value, dict) and value.get("name") else None


def _text(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("text")
    return value or None


def flat_from_gold(row: dict[str, Any]) -> Flat:
    """Return a Flat from one gold-file record (flat fields)."""
    return Flat(
        recipient=row.get("recipient") or "", family=row.get("award_family") or "",
        recipient_type=row.get("recipient_type"), region=row.get("region"),
        grade=row.get("grade"), giver=row.get("giver"),
        giver_official=_official(row.get("giver_official")),
        recipient_official=_official(row.get("recipient_official")),
        event=_text(row.get("event")), venue=_text(row.get("venue")), date=row.get("date"),
        year=row.get("year"), primary=bool(row.get("primary", True)))


def flat_from_record(record: AwardRecord | dict[str, Any]) -> Flat:
    """Return a Flat from an AwardRecord (dataclass or its JSON dict)."""
    r = record.to_dict() if isinstance(record, AwardRecord) else record
    rec = r.get("recipient") or {}
    award = r.get("award") or {}
    grade = r.get("grade") or {}
    giver = r.get("giver") or {}
    date = r.get("date") or {}
    return Flat(
        recipient=rec.get("text") or rec.get("name") or "", family=award.get("family") or "",
        recipient_names=[n for n in (rec.get("name"),) if n],
        recipient_type=rec.get("type"), region=rec.get("region"),
        grade=grade.get("text"), grade_letter=grade.get("letter"), grade_label=grade.get("label"),
        giver=giver.get("text"), giver_name=giver.get("name"), giver_id=giver.get("id"),
        giver_official=_official(r.get("giver_official")),
        recipient_official=_official(r.get("recipient_official")),
        event=_text(r.get("event")), venue=_text(r.get("venue")), date=date.get("value"),
        year=award.get("year"), primary=bool(r.get("primary", True)), confidence=r.get("confidence"))


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{path}: cannot read: {exc}", input=str(path)) from exc


def load_gold_folder(path: Path, articles: Path | None = None) -> list[GoldArticle]:
    """Return the articles of a gold folder with their gold records, ordered by file name.

    Raises InputError when the folder has no gold/ files or a gold file has no article.
    """
    gold_dir = Path(path) / "gold"
    art_dir = Path(articles) if articles else Path(path) / "articles"
    gold_files = sorted(gold_dir.glob("*.json")) if gold_dir.is_dir() else []
    if not gold_files:
        raise InputError(f"{gold_dir}: no gold/*.json files (expected a folder with articles/ and gold/)",
                         input=str(path))
    out = []
    for gold_file in gold_files:
        art_file = art_dir / gold_file.name
        if not art_file.exists():
            raise InputError(f"{gold_file}: no article {art_file}", input=str(gold_file))
        raw = _read_json(art_file)
        rows = _read_json(gold_file)
        if not isinstance(rows, list):
            raise InputError(f"{gold_file}: expected a JSON list of records", input=str(gold_file))
        raw.setdefault("id", gold_file.stem)
        article = Article.from_dict(raw)
        out.append(GoldArticle(id=str(raw["id"]), article=article,
                               gold=[flat_from_gold(r) for r in rows], raw=raw))
    return out


def reviewed_to_gold(lines: Iterable[dict[str, Any]]) -> dict[str, list[Flat]]:
    """Return gold records per article key from reviewed lines (rejected ones dropped).

    Every article seen keeps its key, so an article whose records were all rejected becomes
    a negative article (empty gold).
    """
    out: dict[str, list[Flat]] = {}
    for line in lines:
        key = article_key(line.get("article") if isinstance(line.get("article"), dict) else {})
        bucket = out.setdefault(key, [])
        record = apply_review(line)
        if record is not None:
            bucket.append(flat_from_record(record))
    return out


def article_keys(article: Article) -> list[str]:
    """Return every key a record may use for this article: id, url, source location, title."""
    keys = [article.id, article.url, (article.source or {}).get("location"), article.title]
    return [str(k) for k in keys if k]
