"""The rules loader: the only code that reads rules/ (patterns, gazetteers, award families).

`load_rules(dir)` validates every file and raises RuleErrors listing `file:line: reason` for
all problems found, so a broken rule file stops the pipeline before it starts.
"""
from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pipeline.errors import RuleError, RuleErrors
from pipeline.rules import diskcache
from pipeline.rules.awards import AwardFamily, Grade, load_awards
from pipeline.rules.entities import EntityRules, load_entity_rules
from pipeline.rules.confidence import ConfidenceModel, load_confidence
from pipeline.rules.gazetteers import GazEntry, load_gazetteers
from pipeline.rules.patterns import PatternRule, load_patterns
from pipeline.rules.words import load_words
from pipeline.settings import default_rules_dir

__all__ = ["Rules", "load_rules", "GazEntry", "PatternRule", "AwardFamily", "Grade", "rules_digest", "ConfidenceModel"]


@dataclass
class Rules:
    """Everything the matcher knows, loaded and validated from one rules folder."""

    path: Path
    patterns: list[PatternRule] = field(default_factory=list)
    gazetteer: dict[str, GazEntry] = field(default_factory=dict)
    awards: dict[str, AwardFamily] = field(default_factory=dict)
    words: dict[str, tuple[str, ...]] = field(default_factory=dict)
    entities: EntityRules = field(default_factory=EntityRules)
    confidence: ConfidenceModel | None = None  # rules/confidence.toml; None when absent
    digest: str = ""

    def entries(self, label: str) -> list[GazEntry]:
        """Return gazetteer entries with this span label."""
        return [e for e in self.gazetteer.values() if e.label == label]


_CACHE: dict[tuple[str, str], Rules] = {}

T = TypeVar("T")


def per_rules(build: Callable[[Rules], T]) -> Callable[[Rules], T]:
    """Memoise what a function builds from a Rules object: once per Rules object (the compiled cues,
    word sets and patterns each stage derives from the rules it was given)."""
    built: dict[int, tuple[Rules, T]] = {}  # by id, with the Rules kept so the id is never reused

    @functools.wraps(build)
    def get(rules: Rules) -> T:
        hit = built.get(id(rules))
        if hit is not None and hit[0] is rules:
            return hit[1]
        value = build(rules)
        built[id(rules)] = (rules, value)
        return value

    return get


def rules_digest(path: Path, leave_out: frozenset[str] = frozenset()) -> str:
    """Return a short hash of every rule file's name and bytes (changes when any rule changes);
    leave_out names files (relative to path) not to hash."""
    h = hashlib.sha256()
    for f in sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in {".jsonl", ".tsv", ".toml"}
                    and str(p.relative_to(path)) not in leave_out):
        h.update(str(f.relative_to(path)).encode())
        h.update(b"\0")
        h.update(f.read_bytes())
    return h.hexdigest()[:12]


def load_rules(path: Path | str | None = None) -> Rules:
    """Load and validate a rules folder; raise RuleErrors with every problem found."""
    root = Path(path) if path else default_rules_dir()
    if not root.is_dir():
        raise RuleErrors([RuleError(str(root), None, "rules folder not found")])
    digest = rules_digest(root)
    key = (str(root.resolve()), digest)
    if key in _CACHE:
        return _CACHE[key]
    cached = diskcache.load_cached(digest, root)  # validated by an earlier process: same bytes
    if cached is not None:
        _CACHE[key] = cached
        return cached
    errors: list[RuleError] = []
    patterns = load_patterns(root / "patterns", errors)
    gazetteer = load_gazetteers(root / "gazetteers", errors)
    awards = load_awards(root / "awards", errors, known_agencies=set(gazetteer))
    words = load_words(root / "words.toml", errors)
    entities = load_entity_rules(root / "entities.toml", errors)
    confidence = load_confidence(root / "confidence.toml", errors)
    _check_duplicate_ids(patterns, errors)
    if (root / "sites").is_dir():
        from pipeline.rules.sites import load_sites

        try:
            load_sites(root / "sites")
        except RuleError as exc:
            errors.append(exc)
    if errors:
        raise RuleErrors(errors)
    rules = Rules(path=root, patterns=patterns, gazetteer=gazetteer, awards=awards, words=words, entities=entities,
                  confidence=confidence,
                  digest=digest)
    _CACHE[key] = rules
    diskcache.store(rules)
    return rules


def _check_duplicate_ids(patterns: list[PatternRule], errors: list[RuleError]) -> None:
    """Pattern ids may repeat only within one label (alternatives of one rule)."""
    seen: dict[str, PatternRule] = {}
    for p in patterns:
        if not p.id:
            continue
        first = seen.setdefault(p.id, p)
        if first is not p and first.label != p.label:
            errors.append(RuleError(p.file, p.line, f"id {p.id!r} already used with label "
                                    f"{first.label} at {first.file}:{first.line}"))
