"""Review decisions: the JSONL line format, validation, and applying corrections.

A decisions file holds one line per decision: the record as extracted plus
`review: {"decision": "accept"|"reject"|"correct", "fields": {dotted.path: value}, "at": ISO}`.
A later line for the same record_id supersedes an earlier one (reviewers change their minds).
"""
from __future__ import annotations

import copy
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from pipeline.errors import InputError
from pipeline.outputs import iter_jsonl

DECISIONS = ("accept", "reject", "correct")

# What a reviewer may correct in the page, with the JSON type each value takes.
EDITABLE_FIELDS: dict[str, str] = {
    "recipient.name": "str",
    "recipient.type": "str",
    "recipient.region": "str",
    "recipient_parent": "str",
    "award.family": "str",
    "award.year": "int",
    "grade.letter": "str",
    "grade.label": "str",
    "giver.name": "str",
    "recipient_official.name": "str",
    "giver_official.name": "str",
    "date.value": "str",
    "venue.text": "str",
    "event.text": "str",
    "primary": "bool",
}

# Keys an absent (null) block gets when a correction creates it, so the line stays schema-shaped.
_BLOCK_KEYS = {
    "grade": ("text", "letter", "label", "rank"),
    "giver": ("text", "name", "id"),
    "giver_official": ("name", "title"),
    "recipient_official": ("name", "title"),
    "date": ("text", "value"),
    "venue": ("text",),
    "event": ("text",),
}


class DecisionError(InputError):
    """A decision that cannot be saved: unknown record, decision or field, or a bad value."""

    code = "W110"


def check_fields(fields: Any) -> dict[str, Any]:
    """Return corrections with values coerced to their field's type; raise DecisionError if bad."""
    if fields in (None, {}):
        return {}
    if not isinstance(fields, dict):
        raise DecisionError("fields must be an object of dotted.path: value")
    clean: dict[str, Any] = {}
    for path, value in fields.items():
        kind = EDITABLE_FIELDS.get(path)
        if kind is None:
            raise DecisionError(f"field {path!r} cannot be corrected")
        if value in ("", None):
            clean[path] = None
        elif kind == "int":
            try:
                clean[path] = int(value)
            except (TypeError, ValueError) as exc:
                raise DecisionError(f"{path}: {value!r} is not a whole number") from exc
        elif kind == "bool":
            clean[path] = value if isinstance(value, bool) else str(value).lower() in ("true", "1", "ya", "yes")
        else:
            clean[path] = str(value)
    return clean


def decision_line(record: dict[str, Any], decision: str, fields: Any = None,
                  at: str | None = None) -> dict[str, Any]:
    """Return the decisions-file line for a record; raise DecisionError on a bad decision."""
    if decision not in DECISIONS:
        raise DecisionError(f"decision must be one of {', '.join(DECISIONS)}, not {decision!r}")
    clean = check_fields(fields)
    if decision == "correct" and not clean:
        raise DecisionError("a correction needs at least one corrected field")
    stamp = at or datetime.now(timezone.utc).isoformat(timespec="seconds")
    line = {k: v for k, v in record.items() if k != "review"}
    line["review"] = {"decision": decision, "fields": clean, "at": stamp}
    return line


def apply_corrections(record: dict[str, Any], fields: dict[str, Any]) -> dict[str, Any]:
    """Return a copy of the record with corrections applied: the one way a correction changes a record.

    A key is a dotted path (`{"grade.letter": "A"}`: an absent block is created with its schema
    keys) or a whole block (`{"grade": {...}}`: merged into the block that is there).
    """
    fixed = copy.deepcopy(record)
    for path, value in fields.items():
        parts = path.split(".")
        target = fixed
        for part in parts[:-1]:
            if not isinstance(target.get(part), dict):
                target[part] = {k: None for k in _BLOCK_KEYS.get(part, ())}
            target = target[part]
        last = parts[-1]
        if isinstance(value, dict) and isinstance(target.get(last), dict):
            target[last] = {**target[last], **value}
        else:
            target[last] = value
    return fixed


def apply_review(line: dict[str, Any]) -> dict[str, Any] | None:
    """Return the record a reviewed line stands for (corrections applied), or None when rejected.

    A line without a decision counts as accepted (a plain awards.jsonl reviewed as a whole).
    """
    review = line.get("review") if isinstance(line.get("review"), dict) else {}
    decision = str(review.get("decision") or "accept").lower()
    if decision == "reject":
        return None
    record = {k: v for k, v in line.items() if k != "review"}
    fields = review.get("fields") if decision == "correct" else None
    return apply_corrections(record, fields if isinstance(fields, dict) else {})


def load_decisions(path: Path) -> dict[str, dict[str, Any]]:
    """Return the latest decision line per record_id in a decisions file (empty when absent)."""
    if not Path(path).exists():
        return {}
    lines = iter_jsonl(path)  # a broken line is skipped: the decisions around it still count
    latest: dict[str, dict[str, Any]] = {}
    for line in lines:
        if isinstance(line.get("review"), dict) and line.get("record_id"):
            latest[str(line["record_id"])] = line
    return latest
