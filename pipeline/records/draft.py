"""A record being assembled: the recipient mention and what the records stage found for it, as typed values."""
from __future__ import annotations

from dataclasses import dataclass

from pipeline.models import Mention


@dataclass(frozen=True)
class Identity:
    """Who a recipient mention stands for: canonical name, recipient type and region."""

    name: str
    type: str  # opd, pemda, kepala_daerah or other
    region: str | None
    unit_key: str = ""  # a unit's proper name without kind and region ("kardinah"): one key, one unit


@dataclass(frozen=True)
class Grade:
    """A grade mention read with a family's scale: as written, its letter, label and rank (1 = best)."""

    text: str
    letter: str | None
    label: str | None
    rank: int | None

    def as_dict(self) -> dict:
        """The record's grade field: a new dict each call, so no two records share one."""
        return {"text": self.text, "letter": self.letter, "label": self.label, "rank": self.rank}


@dataclass
class Draft:
    """A record being assembled, with the mention behind each field."""

    recipient: Mention
    identity: Identity
    family: str
    grade: Mention | None
    sent: int
    year_shift: int = 0
    past_year: int | None = None  # "Tahun 2017 lalu, … yakni X, Y": an award of that earlier year
    official: Mention | None = None  # the head of region through whom a government received

    @property
    def in_passing(self) -> bool:
        """Whether the draft tells an earlier award than the article's (mentioned in passing)."""
        return self.year_shift != 0 or self.past_year is not None
