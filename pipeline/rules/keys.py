"""The knowledge-base keys of award and grade spans, as small typed values.

The nlp stage writes an award family's span with kb id "award:<family>" and a grade alias's
with "grade:<family>:<rank>:<letter>:<label>"; every later step reads them through these two
classes, never by splitting strings itself.
"""
from __future__ import annotations

from typing import NamedTuple

AWARD_PREFIX = "award:"
GRADE_PREFIX = "grade:"


class AwardKey(NamedTuple):
    """The kb id of an AWARD span: the family it names."""

    family: str

    def __str__(self) -> str:
        return AWARD_PREFIX + self.family

    @classmethod
    def parse(cls, kb_id: str) -> "AwardKey":
        """Read "award:<family>"."""
        return cls(kb_id[len(AWARD_PREFIX):])


class GradeKey(NamedTuple):
    """The kb id of a GRADE_TERM span: one step of one family's scale."""

    family: str
    rank: int
    letter: str | None
    label: str | None

    def __str__(self) -> str:
        return f"{GRADE_PREFIX}{self.family}:{self.rank}:{self.letter or ''}:{self.label or ''}"

    @classmethod
    def parse(cls, kb_id: str) -> "GradeKey":
        """Read "grade:<family>:<rank>:<letter>:<label>" (the label may hold colons)."""
        _, family, rank, letter, label = kb_id.split(":", 4)
        return cls(family, int(rank), letter or None, label or None)


def is_grade_key(kb_id: str) -> bool:
    """Whether a kb id is a GradeKey's."""
    return kb_id.startswith(GRADE_PREFIX)


def family_of_key(kb_id: str) -> str | None:
    """The family an award or grade kb id belongs to, else None."""
    if kb_id.startswith(AWARD_PREFIX):
        return kb_id[len(AWARD_PREFIX):]
    if kb_id.startswith(GRADE_PREFIX):
        return kb_id[len(GRADE_PREFIX):].split(":", 1)[0]
    return None
