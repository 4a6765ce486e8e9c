"""A record being assembled: the recipient mention and what the records stage found for it."""
from __future__ import annotations

from dataclasses import dataclass

from pipeline.models import Mention


@dataclass
class Draft:
    """A record being assembled, with the mention behind each field."""

    recipient: Mention
    identity: dict
    family: str
    grade: Mention | None
    sent: int
    primary: bool = True
    year_shift: int = 0
    past_year: int | None = None  # "Tahun 2017 lalu, … yakni X, Y": an award of that earlier year
    official: Mention | None = None  # the head of region through whom a government received

    @property
    def in_passing(self) -> bool:
        """Whether the draft tells an earlier award than the article's (mentioned in passing)."""
        return self.year_shift != 0 or self.past_year is not None
