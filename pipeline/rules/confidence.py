"""Read rules/confidence.toml: the fitted weights of the records' confidence model.

The file is data written by `warta rules fit-confidence` (a logistic regression over the
features `pipeline/records/confidence.py` computes); FEATURES is the contract between the two.
"""
from __future__ import annotations

import math
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import RuleError
from pipeline.rules.tomlfile import line_of, read_toml

# The features of a finished record, in the order the fit writes them (see records/confidence.py).
FEATURES = (
    "has_grade", "grade_on_scale", "grade_same_sentence",
    "award_named", "award_same_sentence", "family_mentions", "title_names_family",
    "has_giver", "giver_of_family", "giver_same_sentence",
    "has_date", "has_year", "has_year_evidence", "year_gap", "year_after_published", "year_in_text",
    "grade_letter", "grade_shared", "grade_names_family",
    "primary", "type_opd", "type_pemda", "type_kepala_daerah", "type_fits_family", "has_region",
    "has_recipient_official", "has_giver_official", "has_event", "has_venue",
    "article_records", "family_share", "region_in_title", "recipient_position", "award_distance",
    "share_grade", "field_count", "one_year_list",
)
KEYS = {"intercept", "weights", "calibration", "fit"}


@dataclass(frozen=True)
class ConfidenceModel:
    """A logistic model, then an isotonic step: raw = 1 / (1 + exp(-(intercept + Σ weight·feature)));
    confidence = the share right of the fitted block of raw scores holding raw (raw itself when no steps)."""

    intercept: float = 0.0
    weights: dict[str, float] = field(default_factory=dict)
    steps: tuple[float, ...] = ()  # lower edges of the blocks of raw scores, ascending
    probabilities: tuple[float, ...] = ()  # the share right of each block
    fit: dict[str, object] = field(default_factory=dict)  # how it was fitted (for the record only)

    def raw(self, features: dict[str, float]) -> float:
        """Return the logistic regression's probability for these features."""
        z = self.intercept + sum(w * features.get(name, 0.0) for name, w in self.weights.items())
        z = max(-40.0, min(40.0, z))  # exp overflows past ~700; the probability is 0 or 1 long before
        return 1.0 / (1.0 + math.exp(-z))

    def score(self, features: dict[str, float]) -> float:
        """Return the calibrated probability that a record with these features is right (0..1)."""
        p = self.raw(features)
        if not self.steps:
            return p
        return self.probabilities[max(bisect_right(self.steps, p) - 1, 0)]


def load_confidence(path: Path, errors: list[RuleError]) -> ConfidenceModel | None:
    """Return the model in path (None when the file is absent); append problems to errors."""
    if not path.is_file():
        return None
    read = read_toml(path, errors)
    if read is None:
        return None
    text, data = read
    where, before = str(path), len(errors)
    for key in set(data) - KEYS:
        errors.append(RuleError(where, line_of(text, key), f"unknown key {key!r}; allowed: {sorted(KEYS)}"))
    intercept = data.get("intercept")
    if not _is_number(intercept):
        errors.append(RuleError(where, line_of(text, "intercept"), "intercept must be a number"))
    weights = data.get("weights", {})
    if not isinstance(weights, dict):
        errors.append(RuleError(where, line_of(text, "[weights]"), "[weights] must be a table of numbers"))
        weights = {}
    for name, w in weights.items():
        if name not in FEATURES:
            errors.append(RuleError(where, line_of(text, name), f"unknown feature {name!r}; known: {', '.join(FEATURES)}"))
        elif not _is_number(w):
            errors.append(RuleError(where, line_of(text, name), f"weight of {name!r} must be a number"))
    steps, probs = _calibration(where, text, data.get("calibration", {}), errors)
    fit = data.get("fit", {})
    if len(errors) > before:
        return None
    return ConfidenceModel(float(intercept), {k: float(v) for k, v in weights.items()}, steps, probs,
                           fit if isinstance(fit, dict) else {})


def _calibration(where: str, text: str, table: object, errors: list[RuleError]) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Validate [calibration]: `steps` ascending in 0..1 and one `probabilities` value (0..1) per step."""
    line = line_of(text, "[calibration]")
    if not isinstance(table, dict) or set(table) - {"steps", "probabilities"}:
        errors.append(RuleError(where, line, "[calibration] holds only the lists steps and probabilities"))
        return (), ()
    steps, probs = table.get("steps", []), table.get("probabilities", [])
    if not (isinstance(steps, list) and isinstance(probs, list) and len(steps) == len(probs)
            and all(_is_number(v) and 0 <= v <= 1 for v in [*steps, *probs])
            and all(a < b for a, b in zip(steps, steps[1:]))):
        errors.append(RuleError(where, line, "[calibration] steps (ascending) and probabilities must be lists "
                                             "of numbers in 0..1 of the same length"))
        return (), ()
    return tuple(map(float, steps)), tuple(map(float, probs))


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
