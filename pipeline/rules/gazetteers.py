"""Read rules/gazetteers/*.tsv: canonical names, aliases and types, one entry a row."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import RuleError

REQUIRED = ["id", "label", "canonical", "type", "aliases"]
LABELS = {"REGION", "AGENCY", "UNIT", "TITLE", "HONORIFIC", "REGIONAL_GOV"}
_ID = re.compile(r"^[a-z0-9_.]+$")


@dataclass
class GazEntry:
    """One gazetteer row: a thing with a canonical name and the spellings that mean it."""

    id: str
    label: str
    canonical: str
    type: str
    aliases: list[str]
    attrs: dict[str, str] = field(default_factory=dict)
    file: str = ""
    line: int = 0

    def spellings(self) -> list[tuple[str, bool]]:
        """Return (text, case_sensitive) for the canonical name and every alias."""
        out = [(self.canonical, False)]
        for a in self.aliases:
            out.append((a[1:], True) if a.startswith("=") else (a, False))
        return out


def load_gazetteers(folder: Path, errors: list[RuleError]) -> dict[str, GazEntry]:
    """Return entries from folder/*.tsv keyed by id; append problems to errors."""
    entries: dict[str, GazEntry] = {}
    if not folder.is_dir():
        return entries
    for path in sorted(folder.glob("*.tsv")):
        header: list[str] | None = None
        for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not raw.strip() or raw.startswith("#"):
                continue
            cells = raw.split("\t")
            if header is None:
                header = [c.strip() for c in cells]
                if header[: len(REQUIRED)] != REQUIRED:
                    errors.append(RuleError(str(path), lineno, f"header must start with {REQUIRED}, got {header[:5]}"))
                    break
                continue
            entry = _parse_row(path, lineno, header, cells, errors)
            if entry is None:
                continue
            if entry.id in entries:
                first = entries[entry.id]
                errors.append(RuleError(str(path), lineno, f"duplicate id {entry.id!r} (first at {first.file}:{first.line})"))
                continue
            entries[entry.id] = entry
    return entries


def _parse_row(path: Path, lineno: int, header: list[str], cells: list[str],
               errors: list[RuleError]) -> GazEntry | None:
    """Parse one data row; None (and an error) when it is malformed."""
    if len(cells) > len(header):
        errors.append(RuleError(str(path), lineno, f"{len(cells)} cells but the header has {len(header)} columns"))
        return None
    row = dict(zip(header, (c.strip() for c in cells)))
    for col in REQUIRED[:4]:
        if not row.get(col):
            errors.append(RuleError(str(path), lineno, f"empty {col!r}"))
            return None
    if not _ID.match(row["id"]):
        errors.append(RuleError(str(path), lineno, f"id {row['id']!r} must match [a-z0-9_.]+"))
        return None
    if row["label"] not in LABELS:
        errors.append(RuleError(str(path), lineno, f"unknown label {row['label']!r}; known: {sorted(LABELS)}"))
        return None
    aliases = [a.strip() for a in row.get("aliases", "").split("|") if a.strip()]
    attrs = {k: v for k, v in row.items() if k not in REQUIRED and v}
    return GazEntry(id=row["id"], label=row["label"], canonical=row["canonical"], type=row["type"],
                    aliases=aliases, attrs=attrs, file=str(path), line=lineno)
