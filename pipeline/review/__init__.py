"""`warta review`: a self-contained HTML review page of extracted records, and review decisions."""
from __future__ import annotations

from pipeline.review.data import ReviewBatch, ReviewSlice, load_batch
from pipeline.review.decisions import (
    DECISIONS, EDITABLE_FIELDS, DecisionError, apply_corrections, apply_review, decision_line, load_decisions,
)
from pipeline.review.render import render_report
from pipeline.review.server import ReviewServer, serve

__all__ = [
    "DECISIONS", "EDITABLE_FIELDS", "DecisionError", "ReviewBatch", "ReviewServer", "ReviewSlice",
    "apply_corrections", "apply_review", "decision_line", "load_batch", "load_decisions",
    "render_report", "serve",
]
