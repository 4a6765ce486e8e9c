"""Read rules/entities.toml: how spellings of one person or unit are told apart across articles."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import RuleError
from pipeline.rules.tomlfile import line_of, read_toml

_PAIR_KEYS = {"same_names": 2, "different_names": 2, "same_units": 3, "different_units": 3}


@dataclass
class EntityRules:
    """Name-word aliases, letter rewrites and acting markers, with the examples they must satisfy."""

    name_words: dict[str, str] = field(default_factory=dict)  # variant → key word
    name_letters: tuple[tuple[str, str], ...] = ()
    collapse_double_letters: bool = True
    acting_words: tuple[str, ...] = ()
    examples: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    file: str = ""


def load_entity_rules(path: Path, errors: list[RuleError]) -> EntityRules:
    """Return the entity rules of path (defaults when the file is missing); append problems to errors."""
    rules = EntityRules(file=str(path))
    if not path.is_file():
        return rules
    read = read_toml(path, errors)
    if read is None:
        return rules
    text, data = read

    def where(key: str) -> int:
        return line_of(text, key)

    known = {"name_words", "name_letters", "collapse_double_letters", "acting_words", *_PAIR_KEYS}
    for key in data:
        if key not in known:
            errors.append(RuleError(str(path), where(key), f"unknown key {key!r}; known: {sorted(known)}"))
    words = data.get("name_words", {})
    if not isinstance(words, dict) or not all(isinstance(v, list) and all(isinstance(w, str) for w in v)
                                              for v in words.values()):
        errors.append(RuleError(str(path), where("name_words"), "name_words maps a word to a list of spellings"))
    else:
        for key, variants in words.items():
            for v in variants:
                rules.name_words[v.strip().lower()] = key.strip().lower()
    letters = data.get("name_letters", [])
    if not isinstance(letters, list) or not all(isinstance(p, list) and len(p) == 2 and all(
            isinstance(s, str) and s for s in p) for p in letters):
        errors.append(RuleError(str(path), where("name_letters"), "name_letters is a list of [from, to] pairs"))
    else:
        rules.name_letters = tuple((a.lower(), b.lower()) for a, b in letters)
    collapse = data.get("collapse_double_letters", True)
    if not isinstance(collapse, bool):
        errors.append(RuleError(str(path), where("collapse_double_letters"), "collapse_double_letters is true or false"))
    else:
        rules.collapse_double_letters = collapse
    acting = data.get("acting_words", [])
    if not isinstance(acting, list) or not all(isinstance(w, str) and w.strip() for w in acting):
        errors.append(RuleError(str(path), where("acting_words"), "acting_words is a list of non-empty strings"))
    else:
        rules.acting_words = tuple(w.strip().lower() for w in acting)
    for key, size in _PAIR_KEYS.items():
        pairs = data.get(key, [])
        if not isinstance(pairs, list) or not all(isinstance(p, list) and len(p) == size and all(
                isinstance(s, str) and s.strip() for s in p) for p in pairs):
            errors.append(RuleError(str(path), where(key), f"{key} is a list of {size}-string lists"))
            continue
        rules.examples[key] = tuple(tuple(p) for p in pairs)
    return rules
