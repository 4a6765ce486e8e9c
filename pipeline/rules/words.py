"""Read rules/words.toml: the cue-word lists the nlp composer and the records stage read."""
from __future__ import annotations

from pathlib import Path

from pipeline.errors import RuleError
from pipeline.rules.tomlfile import line_of, read_toml

WORD_LISTS = {
    "giving_verbs", "witness_words", "owner_words", "list_cues", "back_references", "handover_verbs",
    "list_title_counts", "list_title_units", "list_title_words", "regulation_words", "since_words",
    "one_per_region", "cued_grade_words", "fiscal_year_words", "year_words", "award_lead_words",
    "regulation_title_words", "other_units", "place_words", "recipient_words", "for_words", "passive_award_words", "list_continuations", "delegate_words", "last_year_words",
    "speech_words", "building_words", "document_date_words", "office_words", "received_by_words", "represented_by_words", "event_prepositions", "pointing_back_words", "former_state_words", "outlet_words", "giver_words", "receiver_words", "agent_words",
    "kabupaten_words", "kota_words", "provinsi_words", "mixed_kind_words", "abbreviations", "past_year_words",
    # the composer's (pipeline/nlp)
    "name_stop_words", "name_connectors", "name_particles", "address_words", "list_joiners", "title_org_words",
    "term_words", "event_stop_words", "event_tail_words", "event_lead_words", "venue_words", "venue_joiners",
    "grade_lead_words", "grade_repeat_cues",
}
# Lists matched against words as written (title case counts): kept as written, not lower-cased.
CASED_LISTS = {"name_stop_words", "venue_words", "abbreviations"}


def load_words(path: Path, errors: list[RuleError]) -> dict[str, tuple[str, ...]]:
    """Return every word list (lower-cased but CASED_LISTS); append problems to errors; no file: empty lists."""
    words: dict[str, tuple[str, ...]] = {k: () for k in WORD_LISTS}
    if not path.is_file():
        return words
    read = read_toml(path, errors)
    if read is None:
        return words
    text, data = read
    for key, value in data.items():
        line = line_of(text, key)
        if key not in WORD_LISTS:
            errors.append(RuleError(str(path), line, f"unknown word list {key!r}; known: {sorted(WORD_LISTS)}"))
        elif not isinstance(value, list) or not all(isinstance(w, str) and w.strip() for w in value):
            errors.append(RuleError(str(path), line, f"{key} must be a list of non-empty strings"))
        else:
            words[key] = tuple(w.strip() if key in CASED_LISTS else w.strip().lower() for w in value)
    return words
