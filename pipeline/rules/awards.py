"""Read rules/awards/*.toml: award families with aliases, usual givers and grade scales."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from pipeline.errors import RuleError
from pipeline.rules.tomlfile import line_of, read_toml

FAMILY_KEYS = {"id", "name", "aliases", "sub_awards", "givers", "recipient_types", "grade_cues", "score",
               "examples", "counter_examples", "grades", "comment", "description"}
GRADE_KEYS = {"letter", "label", "rank", "aliases", "score_min", "score_max", "confidence", "comment"}
_ID = re.compile(r"^[a-z0-9_]+$")


@dataclass
class Grade:
    """One step of an award's scale; rank 1 is best."""

    rank: int
    letter: str | None = None
    label: str | None = None
    aliases: list[str] = field(default_factory=list)
    score_min: float | None = None
    score_max: float | None = None
    confidence: str = ""


@dataclass
class AwardFamily:
    """An award family: what it is called, who usually gives it, and its grade scale."""

    id: str
    name: str
    aliases: list[str]
    givers: list[str] = field(default_factory=list)
    recipient_types: list[str] = field(default_factory=list)
    grade_cues: list[str] = field(default_factory=list)
    # Aliases that each name one award of the family given beside others at one ceremony ("pelopor
    # provinsi layak anak"): a headline naming one makes only that award's records the news.
    sub_awards: list[str] = field(default_factory=list)
    grades: list[Grade] = field(default_factory=list)
    score: dict[str, float] | None = None
    examples: list[str] = field(default_factory=list)
    counter_examples: list[str] = field(default_factory=list)
    file: str = ""

    def grade_by_letter(self, letter: str) -> Grade | None:
        """Return the grade with this letter (case-insensitive), if the scale has one."""
        for g in self.grades:
            if g.letter and g.letter.upper() == letter.upper():
                return g
        return None

    @cached_property
    def _grades_by_label(self) -> dict[str, Grade]:
        # a label or alias (lowercase) → the first grade of the scale called so
        by_label: dict[str, Grade] = {}
        for g in self.grades:
            for name in [g.label or "", *g.aliases]:
                if name:
                    by_label.setdefault(name.lower(), g)
        return by_label

    def grade_by_label(self, text: str) -> Grade | None:
        """Return the grade whose label or alias equals text (case-insensitive)."""
        return self._grades_by_label.get(" ".join(text.lower().split()))

    def grade_by_score(self, score: float) -> Grade | None:
        """Return the grade whose score band holds score."""
        for g in self.grades:
            if g.score_min is not None and g.score_max is not None and g.score_min <= score <= g.score_max:
                return g
        return None


def load_awards(folder: Path, errors: list[RuleError], known_agencies: set[str]) -> dict[str, AwardFamily]:
    """Return award families from folder/*.toml keyed by id; append problems to errors."""
    out: dict[str, AwardFamily] = {}
    if not folder.is_dir():
        return out
    for path in sorted(folder.glob("*.toml")):
        read = read_toml(path, errors)
        if read is None:
            continue
        text, data = read
        fam = _parse_family(path, text, data, errors, known_agencies)
        if fam is None:
            continue
        if fam.id in out:
            errors.append(RuleError(str(path), 1, f"duplicate award family id {fam.id!r} (also in {out[fam.id].file})"))
            continue
        out[fam.id] = fam
    return out




def _parse_family(path: Path, text: str, data: dict[str, Any], errors: list[RuleError],
                  known_agencies: set[str]) -> AwardFamily | None:
    """Validate one family file; None (and errors) when it is broken."""
    where = str(path)
    n_before = len(errors)
    for key in set(data) - FAMILY_KEYS:
        errors.append(RuleError(where, line_of(text, key), f"unknown key {key!r}; allowed: {sorted(FAMILY_KEYS)}"))
    fid = data.get("id")
    if not isinstance(fid, str) or not _ID.match(fid):
        errors.append(RuleError(where, line_of(text, "id"), "id must be a string matching [a-z0-9_]+"))
        return None
    if fid != path.stem:
        errors.append(RuleError(where, line_of(text, "id"), f"id {fid!r} must equal the file name {path.stem!r}"))
    if not isinstance(data.get("name"), str) or not data["name"].strip():
        errors.append(RuleError(where, line_of(text, "name"), "name must be a non-empty string"))
    for key in ("aliases", "sub_awards", "givers", "recipient_types", "grade_cues", "examples", "counter_examples"):
        val = data.get(key, [])
        if not isinstance(val, list) or not all(isinstance(v, str) for v in val):
            errors.append(RuleError(where, line_of(text, key), f"{key} must be a list of strings"))
    for giver in data.get("givers", []) if isinstance(data.get("givers"), list) else []:
        if known_agencies and giver not in known_agencies:
            errors.append(RuleError(where, line_of(text, giver), f"giver {giver!r} is not a gazetteer id"))
    grades = _parse_grades(where, text, data.get("grades", []), errors)
    aliases = {a.lower() for a in data.get("aliases", []) if isinstance(a, str)}
    for sub in data.get("sub_awards", []) if isinstance(data.get("sub_awards"), list) else []:
        if isinstance(sub, str) and sub.lower() not in aliases:
            errors.append(RuleError(where, line_of(text, sub), f"sub award {sub!r} must also be one of the aliases"))
    if len(errors) > n_before:
        return None
    return AwardFamily(id=fid, name=data["name"], aliases=list(data.get("aliases", [])),
                       givers=list(data.get("givers", [])), recipient_types=list(data.get("recipient_types", [])),
                       grade_cues=list(data.get("grade_cues", [])), grades=grades, score=data.get("score"),
                       sub_awards=[a.lower() for a in data.get("sub_awards", [])],
                       examples=list(data.get("examples", [])),
                       counter_examples=list(data.get("counter_examples", [])), file=where)


def _parse_grades(where: str, text: str, raw: Any, errors: list[RuleError]) -> list[Grade]:
    """Validate the [[grades]] tables: known keys, ranks 1..n."""
    grades: list[Grade] = []
    if not isinstance(raw, list):
        errors.append(RuleError(where, line_of(text, "grades"), "grades must be an array of tables [[grades]]"))
        return grades
    for g in raw:
        for key in set(g) - GRADE_KEYS:
            errors.append(RuleError(where, line_of(text, key), f"unknown grade key {key!r}; allowed: {sorted(GRADE_KEYS)}"))
        if not isinstance(g.get("rank"), int) or g["rank"] < 1:
            errors.append(RuleError(where, line_of(text, "rank"), "every grade needs an integer rank >= 1"))
            continue
        if not g.get("letter") and not g.get("label"):
            errors.append(RuleError(where, line_of(text, "rank"), "a grade needs a letter or a label"))
            continue
        grades.append(Grade(rank=g["rank"], letter=g.get("letter") or None, label=g.get("label") or None,
                            aliases=list(g.get("aliases", [])), score_min=g.get("score_min"),
                            score_max=g.get("score_max"), confidence=g.get("confidence", "")))
    ranks = sorted({g.rank for g in grades})
    if ranks and ranks != list(range(1, len(ranks) + 1)):
        errors.append(RuleError(where, line_of(text, "rank"), f"ranks must run 1..n without gaps, got {ranks}"))
    return grades
