"""Read rules/words.toml: the cue-word lists the records stage reads."""
from __future__ import annotations

import tomllib
from pathlib import Path

from pipeline.errors import RuleError

WORD_LISTS = {
    "giving_verbs", "witness_words", "owner_words", "list_cues", "back_references", "handover_verbs",
    "list_title_counts", "list_title_units", "list_title_words", "regulation_words", "since_words",
    "one_per_region", "cued_grade_words", "fiscal_year_words",
    "regulation_title_words", "other_units", "place_words", "recipient_words", "for_words", "passive_award_words", "list_continuations", "delegate_words", "last_year_words",
    "speech_words", "building_words",
}


def load_words(path: Path, errors: list[RuleError]) -> dict[str, tuple[str, ...]]:
    """Return every word list (lower-cased); append problems to errors. A missing file gives empty lists."""
    words: dict[str, tuple[str, ...]] = {k: () for k in WORD_LISTS}
    if not path.is_file():
        return words
    text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        errors.append(RuleError(str(path), getattr(exc, "lineno", None), f"TOML syntax: {exc}"))
        return words
    for key, value in data.items():
        line = text.count("\n", 0, max(0, text.find(key))) + 1
        if key not in WORD_LISTS:
            errors.append(RuleError(str(path), line, f"unknown word list {key!r}; known: {sorted(WORD_LISTS)}"))
        elif not isinstance(value, list) or not all(isinstance(w, str) and w.strip() for w in value):
            errors.append(RuleError(str(path), line, f"{key} must be a list of non-empty strings"))
        else:
            words[key] = tuple(w.strip().lower() for w in value)
    return words
