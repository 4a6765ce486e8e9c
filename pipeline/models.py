"""Dataclasses that stages exchange: Page, Article, Mention, AwardRecord, ErrorRecord.

Stages never pass bs4 trees or spaCy Docs to each other, only these. Field names and
meanings of Article and AwardRecord are the contract in DESIGN.md; others read the JSONL.
"""
from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any, NamedTuple


def stable_hash(*parts: str, length: int = 16) -> str:
    """Return a short hex SHA-256 of the parts joined by NUL; same input, same id."""
    h = hashlib.sha256("\x00".join(parts).encode("utf-8"))
    return h.hexdigest()[:length]


@dataclass
class Page:
    """One fetched HTTP response (or a saved file read as one)."""

    url: str
    final_url: str
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    encoding: str | None = None
    fetched_at: str | None = None
    from_cache: bool = False


@dataclass
class Article:
    """A clean article: what extract produces and what `warta extract` reads."""

    text: str
    id: str = ""
    url: str | None = None
    site: str | None = None
    title: str | None = None
    published: str | None = None
    author: str | None = None
    section: str | None = None
    dateline_place: str | None = None
    source: dict[str, str] = field(default_factory=dict)
    near_duplicate_of: str | None = None  # id of the first article with (nearly) the same text

    def __post_init__(self) -> None:
        if not self.id:
            self.id = stable_hash(self.url) if self.url else stable_hash(self.text)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-ready dict in contract field order."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Article":
        """Build an Article from a JSON object, ignoring unknown keys."""
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        if not isinstance(known.get("source"), dict):
            # The dev-articles format puts the page URL in `source`: it is the url, not an origin.
            if isinstance(known.get("source"), str) and known["source"].startswith("http") and not known.get("url"):
                known["url"] = known["source"]
            known["source"] = {}
        return cls(**known)

    @property
    def ref(self) -> dict[str, Any]:
        """The `{id, url, site, title, published}` block an AwardRecord carries (+ `location` of a file without URL)."""
        ref = {"id": self.id, "url": self.url, "site": self.site, "title": self.title, "published": self.published}
        if not self.url and self.source.get("location"):
            ref["location"] = self.source["location"]  # a .txt file: its path is where the article is
        return ref


class Mention(NamedTuple):
    """A labelled span of an article's text found by a rule.

    A named tuple, not a frozen dataclass: an article has hundreds and the records stage only
    reads them, so creating one must be cheap (a frozen dataclass costs five times as much).
    """

    label: str
    start: int
    end: int
    text: str
    rule: str = ""  # rule id, e.g. "gaz:agencies:kemenpanrb" or "pat:grade_predikat"
    kb_id: str = ""  # canonical key into a gazetteer or award family, when known


@dataclass
class Evidence:
    field: str
    start: int
    end: int
    text: str


@dataclass
class AwardRecord:
    """One award received by one government body, with the evidence for each field."""

    record_id: str
    article: dict[str, Any]
    recipient: dict[str, Any]
    recipient_parent: str | None
    award: dict[str, Any]
    grade: dict[str, Any] | None
    giver: dict[str, Any] | None
    giver_official: dict[str, Any] | None
    recipient_official: dict[str, Any] | None
    event: dict[str, Any] | None
    venue: dict[str, Any] | None
    date: dict[str, Any] | None
    primary: bool
    evidence: list[Evidence]
    confidence: float
    extractor: dict[str, str]

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-ready dict in contract field order."""
        return asdict(self)


@dataclass
class ErrorRecord:
    """One input that a stage could not handle: written to errors.jsonl."""

    input: str
    stage: str
    reason: str
    code: str
    line: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-ready dict."""
        return asdict(self)
