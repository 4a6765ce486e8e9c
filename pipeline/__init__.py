"""warta: structured records of the awards Indonesian regional governments receive."""

__version__ = "0.1.0"
