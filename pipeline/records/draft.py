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
    official: Mention | None = None  # the head of region through whom a government received
