"""Write rules/confidence.toml from a fit: a header saying how it was fitted and what it measured,
the weights, the step table, the review threshold, the fitting configuration and the measures.

Nothing in it depends on when or where it was written (no date, no absolute path unless given),
so the same rules, gold sets and configuration give the same bytes.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pipeline.rules.confidence import FitConfig


def render_toml(result: dict[str, Any], config: FitConfig, gold_dirs: list[Path], rules_digest: str,
                negatives: list[Path] | None = None) -> str:
    """Return the text of rules/confidence.toml for this fit."""
    ins, cv = result["in_sample"], result["cross_validated"]
    sets = ", ".join([str(p) for p in gold_dirs] + [f"{p} (ordinary news: every record wrong)" for p in negatives or []])
    step = (f"an isotonic step on out-of-fold scores (blocks of at least {config.min_block} records)"
            if result["steps"] else "no step after it: the confidence is the regression's probability")
    lines = [
        "# The records' confidence: a logistic regression over a few features of a finished record",
        "# (pipeline/records/confidence.py). Written by `warta rules fit-confidence`: refit after a rules",
        "# change (README, Accuracy > Confidence); edit only [model], the fitting configuration.",
        f"# Fitted on {sets}: {result['records']} predicted records in {result['articles']} articles, "
        f"{result['right']} right",
        "# (right = matched to a gold record of the same family and recipient, grade and year agreeing).",
        f"# L2 penalty {result['penalty']} (chosen by {config.folds}-fold cross-validated log-loss, folds by article: "
        f"{result['cv_log_loss']}); {step}.",
        "# Measured by nested cross-validation (penalty, regression and step refitted without",
        "# the articles scored) and in-sample (on the records it was fitted on):",
        f"# ECE (10 bins): {ins['ece']} in-sample, {cv['ece']} cross-validated ({_splits(cv)});",
        f"# a perfectly calibrated model would show {result['noise_floor']} on these records (sampling alone).",
        f"# Share right at confidence >= 0.9: {_high(ins)} in-sample, {_high(cv)} cross-validated.",
        f"# Rules digest when fitted (every rule file but this one): {rules_digest}.",
        "",
        f"intercept = {result['intercept']:.6f}",
        "",
        "[weights]",
        *(f"{name} = {w:.6f}" for name, w in result["weights"].items()),
        "",
        ("# The step: a raw score from its lower edge up to the next one gets its block's share right."
         if result["steps"] else "# The step after the regression (empty: none; [model] step)."),
        "[calibration]",
        f"steps = [{', '.join(f'{v:.6f}' for v in result['steps'])}]",
        f"probabilities = [{', '.join(f'{v:.4f}' for v in result['probabilities'])}]",
        "",
        "# The review page lists records below this confidence first: cross-validated, records below it",
        f"# were right less often than [model] review_share_right ({config.review_share_right}).",
        "[review]",
        f"low_confidence = {result['low_confidence']}",
        "",
        "# How `warta rules fit-confidence` fits this file; a refit keeps it. features: which of",
        "# pipeline/rules/confidence.py FEATURES the regression uses (few and strong: ~250 labelled",
        "# records); penalties: the L2 strengths tried; folds: cross-validation folds by article; splits:",
        "# fold splits the nested cross-validation is repeated over; step: \"none\" or \"isotonic\" after",
        "# the regression; min_block: the smallest block of that step; review_share_right: see [review].",
        "[model]",
        "features = [" + ", ".join(json.dumps(f) for f in config.features) + "]",
        "penalties = [" + ", ".join(_num(p) for p in config.penalties) + "]",
        f"folds = {config.folds}",
        f"splits = {config.splits}",
        f"step = {json.dumps(config.step)}",
        f"min_block = {config.min_block}",
        f"review_share_right = {_num(config.review_share_right)}",
        "",
        "[fit]",
        f"records = {result['records']}",
        f"right = {result['right']}",
        f"penalty = {result['penalty']}",
        *(f"{key} = {value}" for key, value in _measures(result) if value is not None),
        "",
    ]
    return "\n".join(lines)


def _measures(result: dict[str, Any]) -> list[tuple[str, Any]]:
    ins, cv = result["in_sample"], result["cross_validated"]
    splits, high = cv.get("ece_splits") or {}, cv.get("high_splits") or {}
    return [("ece_in_sample", ins["ece"]), ("ece_cross_validated", cv["ece"]),
            ("ece_cross_validated_mean", splits.get("mean")), ("ece_noise_floor", result["noise_floor"]),
            ("share_right_at_0_9_in_sample", ins["share_right_at_high"]),
            ("share_right_at_0_9_cross_validated", cv["share_right_at_high"]),
            ("share_right_at_0_9_cross_validated_mean", high.get("mean"))]


def _num(value: float) -> str:
    """A number as TOML writes it, without a trailing .0 noise beyond what it holds."""
    return repr(float(value))


def _splits(cv: dict[str, Any]) -> str:
    s = cv.get("ece_splits")
    return f"mean over {s['splits']} fold splits {s['mean']}, {s['min']}-{s['max']}" if s else "one fold split"


def _high(cal: dict[str, Any]) -> str:
    if not cal["records_at_high"]:
        return "no record reaches 0.9"
    return f"{cal['share_right_at_high']} of {cal['records_at_high']} records"
