"""Read rules/patterns/*.jsonl: spaCy span-ruler patterns, one JSON object per line."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.errors import RuleError
from pipeline.outputs import BadLine, loads_line
from pipeline.rules.regexcheck import regex_problem

# Labels the pipeline knows; a typo in a label would otherwise silently never be used.
KNOWN_LABELS = {
    "DATE", "GRADE", "GRADE_CUE", "EVENT_CUE", "VENUE_CUE", "AWARD_VERB", "AWARD_CUE", "NOT_AWARD",
    "PLAN_CUE", "NOT_UNIT", "EVENT_HEAD", "ORG_WORD", "THANKS_CUE", "OFFICIAL_CUE", "STREAK", "LIST_CUE", "SCORE", "ORG",
    "YEAR_CUE", "PASSIVE_CUE", "AGGREGATE_CUE", "DELEGATE_CUE",
}
ALLOWED_KEYS = {"label", "pattern", "id", "examples", "counter_examples", "comment"}


@dataclass
class PatternRule:
    """One span-ruler pattern with where it came from and its examples."""

    label: str
    pattern: Any
    id: str
    file: str
    line: int
    examples: list[str] = field(default_factory=list)
    counter_examples: list[str] = field(default_factory=list)


def load_patterns(folder: Path, errors: list[RuleError]) -> list[PatternRule]:
    """Return every pattern in folder/*.jsonl; append problems to errors."""
    out: list[PatternRule] = []
    if not folder.is_dir():
        return out
    for path in sorted(folder.glob("*.jsonl")):
        for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not raw.strip() or raw.lstrip().startswith("//"):
                continue
            rule = _parse_line(path, lineno, raw, errors)
            if rule:
                out.append(rule)
    return out


def _parse_line(path: Path, lineno: int, raw: str, errors: list[RuleError]) -> PatternRule | None:
    """Parse and check one pattern line; None when it is broken."""
    where = str(path)
    try:
        obj = loads_line(raw)
    except BadLine as exc:
        err = exc.decode_error
        errors.append(RuleError(where, lineno, f"not valid JSON: {err.msg} at column {err.colno}"
                                if isinstance(err, json.JSONDecodeError) else
                                "a pattern line must be a JSON object" if err is None else exc.reason))
        return None
    unknown = set(obj) - ALLOWED_KEYS
    if unknown:
        errors.append(RuleError(where, lineno, f"unknown key(s) {sorted(unknown)}; allowed: {sorted(ALLOWED_KEYS)}"))
        return None
    label, pattern = obj.get("label"), obj.get("pattern")
    if label not in KNOWN_LABELS:
        errors.append(RuleError(where, lineno, f"unknown label {label!r}; known: {sorted(KNOWN_LABELS)}"))
        return None
    if not isinstance(pattern, (str, list)) or not pattern:
        errors.append(RuleError(where, lineno, "pattern must be a non-empty string or list of token specs"))
        return None
    for key in ("examples", "counter_examples"):
        if not isinstance(obj.get(key, []), list) or not all(isinstance(x, str) for x in obj.get(key, [])):
            errors.append(RuleError(where, lineno, f"{key} must be a list of strings"))
            return None
    problem = _validate_token_pattern(pattern)
    if problem:
        errors.append(RuleError(where, lineno, problem))
        return None
    return PatternRule(label=label, pattern=pattern, id=str(obj.get("id", "")), file=where, line=lineno,
                       examples=list(obj.get("examples", [])),
                       counter_examples=list(obj.get("counter_examples", [])))


def _validate_token_pattern(pattern: Any) -> str | None:
    """Check a token pattern with spaCy's own schema and its regexes; return the reason or None."""
    if isinstance(pattern, str):
        return None
    from spacy.schemas import validate_token_pattern

    problems = validate_token_pattern(pattern)
    if problems:
        return "invalid token pattern: " + "; ".join(problems)
    # spaCy's schema takes any string as a REGEX; a broken or explosive one must stop here,
    # not as a raw re.error (or a stalled run) when the patterns are compiled.
    for value in _regexes(pattern):
        problem = regex_problem(value)
        if problem:
            return problem
    return None


def _regexes(spec: Any) -> list[str]:
    """Every REGEX value in a token pattern, at any depth (`_` extension attributes included)."""
    if isinstance(spec, list):
        return [rx for item in spec for rx in _regexes(item)]
    if isinstance(spec, dict):
        return [rx for key, value in spec.items()
                for rx in ([value] if key == "REGEX" and isinstance(value, str) else _regexes(value))]
    return []
