"""Read rules/confidence.toml: the fitted confidence model, how to refit it, and the review threshold.

The file is data written by `warta rules fit-confidence` (a logistic regression over the
features `pipeline/records/confidence.py` computes); FEATURES is the contract between the two.
Its `[model]` table is the fitting configuration (which features, which penalties, the step
after the regression): the fit reads it and writes it back unchanged, so a refit is configured
by editing data, not code ([weights] may still name the features of the last fit until then).
"""
from __future__ import annotations

import math
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import RuleError
from pipeline.rules.tomlfile import line_of, read_toml

# The features of a finished record (see records/confidence.py); [model] features picks from these.
FEATURES = (
    "has_grade", "grade_on_scale", "grade_same_sentence", "no_grade_on_scale",
    "award_named", "award_same_sentence", "family_mentions", "title_names_family",
    "has_giver", "giver_of_family", "giver_same_sentence",
    "has_date", "has_year", "has_year_evidence", "year_gap", "year_after_published", "year_in_text",
    "year_not_in_title",
    "grade_letter", "grade_shared", "grade_names_family",
    "primary", "type_opd", "type_pemda", "type_kepala_daerah", "type_fits_family", "has_region",
    "has_recipient_official", "has_giver_official", "has_event", "has_venue",
    "article_records", "family_share", "region_in_title", "recipient_position", "award_distance",
    "share_grade", "field_count", "one_year_list",
)
KEYS = {"intercept", "weights", "calibration", "review", "model", "fit"}
MODEL_KEYS = {"features", "penalties", "folds", "splits", "step", "min_block", "review_share_right"}
STEPS = ("none", "isotonic")
# Without a fitted file (a rules folder with no confidence.toml) records keep the builder's
# confidence, and the review page flags those below this.
DEFAULT_LOW_CONFIDENCE = 0.8


@dataclass(frozen=True)
class FitConfig:
    """How `warta rules fit-confidence` fits the model ([model] in confidence.toml)."""

    features: tuple[str, ...]
    penalties: tuple[float, ...]  # L2 strengths tried, chosen by cross-validated log-loss
    folds: int  # cross-validation folds, by article
    splits: int  # fold splits the honest (nested) cross-validation is repeated over
    step: str  # "none", or "isotonic": a monotone step table after the regression (out-of-fold scores)
    min_block: int  # smallest block of that step table
    review_share_right: float  # the review page's "low confidence": right less often than this


@dataclass(frozen=True)
class ConfidenceModel:
    """A logistic model, then an optional monotone step: raw = 1 / (1 + exp(-(intercept + Σ weight·feature)));
    confidence = the share right of the fitted block of raw scores holding raw (raw itself when no steps)."""

    intercept: float = 0.0
    weights: dict[str, float] = field(default_factory=dict)
    steps: tuple[float, ...] = ()  # lower edges of the blocks of raw scores, ascending
    probabilities: tuple[float, ...] = ()  # the share right of each block
    fit: dict[str, object] = field(default_factory=dict)  # how it was fitted (for the record only)
    config: FitConfig | None = None  # [model]: how to refit
    low_confidence: float = DEFAULT_LOW_CONFIDENCE  # [review]: below this a reviewer looks first

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
    config = _model(where, text, data["model"], errors) if "model" in data else None
    low = _review(where, text, data.get("review", {}), errors)
    fit = data.get("fit", {})
    if len(errors) > before:
        return None
    return ConfidenceModel(float(intercept), {k: float(v) for k, v in weights.items()}, steps, probs,
                           fit if isinstance(fit, dict) else {}, config, low)


def load_fit_config(path: Path, errors: list[RuleError]) -> FitConfig | None:
    """Return the [model] table of the confidence file at path (None, with a reason in errors, when it has none)."""
    model = load_confidence(path, errors)
    if model is None or model.config is None:
        if not errors:
            errors.append(RuleError(str(path), None, "no [model] table: the fitting configuration (features, "
                                                     "penalties, folds, splits, step, min_block, review_share_right)"))
        return None
    return model.config


def low_confidence_threshold(rules_dir: Path) -> float:
    """The confidence below which the review page lists a record first ([review] low_confidence)."""
    errors: list[RuleError] = []
    model = load_confidence(rules_dir / "confidence.toml", errors)
    return model.low_confidence if model is not None else DEFAULT_LOW_CONFIDENCE


def _model(where: str, text: str, table: object, errors: list[RuleError]) -> FitConfig | None:
    """Validate [model]: the fitting configuration."""
    line = line_of(text, "[model]")
    if not isinstance(table, dict) or set(table) != MODEL_KEYS:
        got = sorted(table) if isinstance(table, dict) else table
        errors.append(RuleError(where, line, f"[model] holds exactly {sorted(MODEL_KEYS)} (got {got})"))
        return None
    feats, pens = table["features"], table["penalties"]
    problems = []
    if not (isinstance(feats, list) and feats and len(set(feats)) == len(feats)):
        problems.append("features must be a non-empty list of distinct feature names")
    else:
        problems += [f"unknown feature {f!r} in features" for f in feats if f not in FEATURES]
    if not (isinstance(pens, list) and pens and all(_is_number(p) and p > 0 for p in pens)):
        problems.append("penalties must be a non-empty list of positive numbers")
    for key, low in (("folds", 2), ("splits", 1), ("min_block", 1)):
        if not (isinstance(table[key], int) and not isinstance(table[key], bool) and table[key] >= low):
            problems.append(f"{key} must be a whole number >= {low}")
    if table["step"] not in STEPS:
        problems.append(f"step must be one of {', '.join(STEPS)}")
    if not (_is_number(table["review_share_right"]) and 0 < table["review_share_right"] < 1):
        problems.append("review_share_right must be a number between 0 and 1")
    for p in problems:
        errors.append(RuleError(where, line, f"[model] {p}"))
    if problems:
        return None
    return FitConfig(tuple(feats), tuple(float(p) for p in pens), table["folds"], table["splits"], table["step"],
                     table["min_block"], float(table["review_share_right"]))


def _review(where: str, text: str, table: object, errors: list[RuleError]) -> float:
    """Validate [review]: low_confidence in 0..1 (the default when the table is absent)."""
    if not isinstance(table, dict) or set(table) - {"low_confidence"} or \
            not (_is_number(table.get("low_confidence", 0.5)) and 0 <= table.get("low_confidence", 0.5) <= 1):
        errors.append(RuleError(where, line_of(text, "[review]"), "[review] holds only low_confidence, a number in 0..1"))
        return DEFAULT_LOW_CONFIDENCE
    return float(table.get("low_confidence", DEFAULT_LOW_CONFIDENCE))


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
