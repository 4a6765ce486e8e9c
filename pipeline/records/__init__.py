"""The records stage: mentions of one article → AwardRecords.

`build_records` is the stage's one entry point: the builder drafts the records an article
states; the steps after it (confidence, entity ids) each add what they own to finished records.
"""
from __future__ import annotations

from pipeline.entities import add_entity_ids
from pipeline.models import Article, AwardRecord, Mention
from pipeline.records.builder import build_records as draft_records
from pipeline.records.confidence import score_confidence
from pipeline.rules import Rules


def build_records(article: Article, mentions: list[Mention], rules: Rules,
                  title_mentions: list[Mention] | None = None) -> list[AwardRecord]:
    """Return the award records an article states, each with its evidence and confidence."""
    records = draft_records(article, mentions, rules, title_mentions)
    records = score_confidence(records, article, rules)
    records = add_entity_ids(records, rules)  # recipient/official entity ids across articles (pipeline/entities.py)
    return records


__all__ = ["build_records", "draft_records"]
