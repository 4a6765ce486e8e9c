"""Compare two awards.jsonl files: records added, removed and changed field by field.

Records are matched by `record_id` first, then by (article url, recipient name, award family),
so a rules edit that changes a record's id still shows as a change, not a remove plus an add.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

# Fields that differ on every run or every rules edit; comparing them would bury real changes.
IGNORED = ("extractor", "evidence")


@dataclass
class FieldChange:
    """One field that differs: dotted path, old value, new value."""

    path: str
    old: Any
    new: Any


@dataclass
class RecordChange:
    """A record present in both files whose fields differ."""

    old: dict[str, Any]
    new: dict[str, Any]
    matched_by: str  # "record_id" or "article+recipient+award"
    changes: list[FieldChange]


@dataclass
class Diff:
    """What changed between two record files."""

    old_count: int
    new_count: int
    added: list[dict[str, Any]] = field(default_factory=list)
    removed: list[dict[str, Any]] = field(default_factory=list)
    changed: list[RecordChange] = field(default_factory=list)
    unchanged: int = 0

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-ready diff (what `warta diff --json` prints)."""
        return {
            "summary": {"old": self.old_count, "new": self.new_count, "added": len(self.added),
                        "removed": len(self.removed), "changed": len(self.changed),
                        "unchanged": self.unchanged},
            "added": self.added,
            "removed": self.removed,
            "changed": [{"old_id": c.old.get("record_id"), "new_id": c.new.get("record_id"),
                         "matched_by": c.matched_by,
                         "changes": [{"field": f.path, "old": f.old, "new": f.new} for f in c.changes]}
                        for c in self.changed],
        }


def match_key(record: dict[str, Any]) -> tuple[str, str, str]:
    """Return (article url, recipient name, award family): the fallback identity of a record."""
    def pick(block: str, key: str) -> str:
        value = record.get(block)
        return str(value.get(key) or "") if isinstance(value, dict) else ""
    where = pick("article", "url") or pick("article", "location")  # a file without URL: its path
    return where, pick("recipient", "name").casefold(), pick("award", "family")


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """Return a dict's leaves by dotted path; lists and scalars are leaves, null blocks too."""
    if isinstance(value, dict) and value:
        out: dict[str, Any] = {}
        for key, sub in value.items():
            out.update(flatten(sub, f"{prefix}.{key}" if prefix else str(key)))
        return out
    return {prefix: value}


def field_changes(old: dict[str, Any], new: dict[str, Any],
                  ignore: tuple[str, ...] = IGNORED) -> list[FieldChange]:
    """Return the fields that differ between two records, in the new record's field order."""
    a = {k: v for k, v in flatten(old).items() if k.split(".")[0] not in ignore}
    b = {k: v for k, v in flatten(new).items() if k.split(".")[0] not in ignore}
    paths = list(b) + [k for k in a if k not in b]
    return [FieldChange(p, a.get(p), b.get(p)) for p in paths if a.get(p) != b.get(p)]


def diff_records(old: list[dict[str, Any]], new: list[dict[str, Any]],
                 ignore: tuple[str, ...] = IGNORED) -> Diff:
    """Return the records added, removed and changed from `old` to `new`."""
    result = Diff(old_count=len(old), new_count=len(new))
    old_by_id = {str(r.get("record_id")): r for r in old if r.get("record_id")}
    pairs: list[tuple[dict[str, Any], dict[str, Any], str]] = []
    used_old: set[int] = set()
    unmatched_new: list[dict[str, Any]] = []
    for rec in new:
        prev = old_by_id.get(str(rec.get("record_id")))
        if prev is not None and id(prev) not in used_old:
            used_old.add(id(prev))
            pairs.append((prev, rec, "record_id"))
        else:
            unmatched_new.append(rec)
    old_by_key: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for rec in old:
        if id(rec) not in used_old:
            old_by_key.setdefault(match_key(rec), []).append(rec)
    for rec in unmatched_new:
        candidates = old_by_key.get(match_key(rec))
        if candidates:
            prev = candidates.pop(0)
            used_old.add(id(prev))
            pairs.append((prev, rec, "article+recipient+award"))
        else:
            result.added.append(rec)
    result.removed = [rec for rec in old if id(rec) not in used_old]
    for prev, rec, how in pairs:
        changes = field_changes(prev, rec, ignore)
        if changes:
            result.changed.append(RecordChange(prev, rec, how, changes))
        else:
            result.unchanged += 1
    return result


def _label(record: dict[str, Any]) -> str:
    url, name, family = match_key(record)
    recipient = (record.get("recipient") or {}).get("name") or "?"
    return f"{record.get('record_id', '?')}  {recipient} · {family or '?'} · {url or '?'}"


def _show(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def format_diff(diff: Diff) -> str:
    """Return the readable summary: counts, then each added, removed and changed record."""
    lines = [f"old: {diff.old_count} records, new: {diff.new_count} records",
             f"added {len(diff.added)}, removed {len(diff.removed)}, "
             f"changed {len(diff.changed)}, unchanged {diff.unchanged}"]
    if diff.added:
        lines += ["", "added:"] + [f"+ {_label(r)}" for r in diff.added]
    if diff.removed:
        lines += ["", "removed:"] + [f"- {_label(r)}" for r in diff.removed]
    if diff.changed:
        lines += ["", "changed:"]
        for change in diff.changed:
            how = "" if change.matched_by == "record_id" else f"  (matched by {change.matched_by})"
            lines.append(f"~ {_label(change.new)}{how}")
            lines += [f"    {f.path}: {_show(f.old)} → {_show(f.new)}" for f in change.changes]
    return "\n".join(lines)
