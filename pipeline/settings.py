"""Tunable defaults in one place: paths, batch sizes, politeness; a user overrides by flags."""
from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent
BUNDLED_RULES = REPO_DIR / "rules"
BUNDLED_CORPUS = REPO_DIR / "corpus"
DEFAULT_OUT = Path("output")
SCHEMA_PATH = PACKAGE_DIR / "schema" / "award_record.schema.json"

BATCH_SIZE = 64
# Long articles: spaCy sees a text in pieces of at most PIECE_CHARS (split at paragraph, then
# sentence, then word boundaries; offsets kept against the whole text). A text longer than
# MAX_TEXT_CHARS is refused with an error line (about 1.5 GB of memory per 10 M characters).
PIECE_CHARS = 100_000
MAX_TEXT_CHARS = 10_000_000
USER_AGENT = "warta/0.1 (+https://github.com/warta; research crawler)"


def default_rules_dir() -> Path:
    """Return ./rules when the working folder has one, else the rules bundled with warta."""
    local = Path("rules")
    return local if (local / "patterns").is_dir() else BUNDLED_RULES
