"""Fit the confidence model on gold sets: `warta rules fit-confidence`.

Extract records from gold folders, label each right or wrong (calibration.py says what right
means), fit an L2-regularised logistic regression on the record features (records/confidence.py)
as `[model]` in rules/confidence.toml configures it (optionally mapped through an isotonic step
fitted on out-of-fold scores), and return what confidence_toml.py writes. Cross-validation runs
over articles (all records of one article fall in one fold: they share most features and most
errors); the L2 strength is chosen by it, and a nested run of the whole procedure gives the
honest reliability table. Every step is deterministic: the same inputs give the same file.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from pipeline.evaluate.calibration import labelled, reliability
from pipeline.evaluate.gold import flat_from_record, load_gold_folder
from pipeline.evaluate.logistic import (apply_steps, cross_validated, fit_logistic, folds_of, isotonic, log_loss,
                                        predict)
from pipeline.evaluate.match import match_article
from pipeline.evaluate.normalise import Normaliser
from pipeline.rules.confidence import FitConfig

__all__ = ["Sample", "collect", "collect_negatives", "fit", "noise_floor", "review_threshold"]
NOISE_DRAWS = 200  # simulated label sets for the ECE a perfectly calibrated model would show


@dataclass
class Sample:
    """One predicted record: its features, whether it is right, and where it came from."""

    x: list[float]
    right: bool
    group: str  # gold set and article id: the unit of cross-validation
    what: str = ""  # recipient [family] grade year, to show
    source: str = ""  # the gold folder or negatives file as given: in-sample tables per source


def collect(gold_dirs: list[Path], features: tuple[str, ...], rules_dir: Path | None = None) -> list[Sample]:
    """Extract records from every gold folder's articles and return them labelled."""
    from pipeline.records.confidence import record_features
    from pipeline.rules import load_rules
    from pipeline.runner import extract_records  # loads spaCy: only when fitting

    rules = load_rules(rules_dir)
    norm = Normaliser.from_rules(rules)
    samples: list[Sample] = []
    for folder in gold_dirs:
        golds = load_gold_folder(folder)
        by_obj = {id(g.article): g for g in golds}
        for article, records in extract_records([g.article for g in golds], rules_dir):
            if not records:
                continue
            g = by_obj[id(article)]
            flats = [flat_from_record(r) for r in records]
            pairs, _missed, extra = match_article(norm, g.gold, flats)
            right = {id(p): ok for p, ok in labelled(norm, pairs, extra)}
            for flat, feats in zip(flats, record_features(records, article, rules)):
                what = f"{flat.label()} {flat.grade_letter or flat.grade_label or '-'} {flat.year}"
                samples.append(Sample([feats[n] for n in features], right[id(flat)], f"{folder.name}/{g.id}", what,
                                      str(folder)))
    return samples


def collect_negatives(path: Path, features: tuple[str, ...], rules_dir: Path | None = None) -> list[Sample]:
    """Extract records from Article JSONL of ordinary news: every record is wrong.

    A labels.tsv beside the file (id, label) may mark articles that do report an award (`award`,
    `borderline`): those are left out, since no gold says which of their records are right.
    """
    from pipeline.inputs import read_jsonl
    from pipeline.models import Article
    from pipeline.records.confidence import record_features
    from pipeline.rules import load_rules
    from pipeline.runner import extract_records

    rules = load_rules(rules_dir)
    skip = _award_labelled(path.parent / "labels.tsv")
    with open(path, "rb") as stream:
        articles = [a for a in read_jsonl(stream, str(path)) if isinstance(a, Article) and a.id not in skip]
    samples: list[Sample] = []
    for article, records in extract_records(articles, rules_dir):
        for rec, feats in zip(records, record_features(records, article, rules)):
            samples.append(Sample([feats[n] for n in features], False, f"{path.name}/{article.id}",
                                  f"{rec.recipient['name']} [{rec.award['family']}] (ordinary news)", str(path)))
    return samples


def _award_labelled(labels: Path) -> set[str]:
    """Ids a labels.tsv marks as reporting an award (award or borderline)."""
    if not labels.is_file():
        return set()
    out = set()
    for line in labels.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[1].strip() in ("award", "borderline"):
            out.add(parts[0].strip())
    return out


@dataclass
class Model:
    """A fitted model: the regression over the configured features and its step table (maybe empty)."""

    penalty: float
    w: np.ndarray  # intercept, then one weight per feature
    steps: list[float]
    probs: list[float]
    cv_log_loss: float

    def confidence(self, x: np.ndarray) -> np.ndarray:
        """Return the confidences for rows of x (one column per configured feature)."""
        return apply_steps(self.steps, self.probs, predict(self.w, x))


def procedure(x: np.ndarray, y: np.ndarray, groups: list[str], config: FitConfig, salt: str = "") -> Model:
    """The whole fit: choose the penalty, fit the regression and (when configured) its isotonic step."""
    # A fixed set of few features, shrunk by one L2 penalty chosen here: forward selection inside
    # the fit chose on its folds and did worse on new articles (nested CV ECE ~0.2).
    out_of_fold = {pen: cross_validated(x, y, groups, pen, config.folds, salt) for pen in config.penalties}
    losses = {pen: log_loss(scores, y) for pen, scores in out_of_fold.items()}
    penalty = min(losses, key=losses.get)
    w = fit_logistic(x, y, penalty)
    steps: tuple[list[float], list[float]] = ([], [])
    if config.step == "isotonic":
        # Fitted on out-of-fold scores: fitted on the regression's in-sample scores it learns that
        # the training records it separates are right and promises so on new articles too.
        steps = isotonic(out_of_fold[penalty], y, config.min_block)
    return Model(penalty, w, steps[0], steps[1], round(losses[penalty], 4))


def nested_cross_validated(x: np.ndarray, y: np.ndarray, groups: list[str], config: FitConfig,
                           split: str = "") -> np.ndarray:
    """Out-of-fold confidences of the whole procedure (penalty, regression, step) for an honest table."""
    folds = folds_of(groups, config.folds, split)
    out = np.zeros(len(y))
    garr = np.array(groups)
    for f in range(config.folds):
        test = folds == f
        if test.any() and len(set(y[~test])) == 2:
            out[test] = procedure(x[~test], y[~test], list(garr[~test]), config, salt="inner").confidence(x[test])
        elif test.any():
            out[test] = y[~test].mean()
    return out


def fit(samples: list[Sample], config: FitConfig) -> dict[str, Any]:
    """Fit on all samples and measure the procedure by nested cross-validation; return weights and measures."""
    if len(samples) < 10 or len({s.right for s in samples}) < 2:
        raise ValueError(f"need at least 10 records, right and wrong ones, to fit (got {len(samples)}, "
                         f"{sum(s.right for s in samples)} right)")
    x = np.array([s.x for s in samples], dtype=float)
    y = np.array([s.right for s in samples], dtype=float)
    groups = [s.group for s in samples]
    model = procedure(x, y, groups, config)
    conf = model.confidence(x).round(3)  # rounded as records carry it, so eval prints these same tables
    sources = list(dict.fromkeys(s.source for s in samples))
    by_source = {src: reliability((c, bool(ok)) for c, ok, s in zip(conf, y, samples) if s.source == src)
                 for src in sources}
    # Articles fall into folds by a hash: repeat the nested run over several splits, keep every score.
    runs = [nested_cross_validated(x, y, groups, config, "" if i == 0 else f"split{i}").round(3)
            for i in range(config.splits)]
    tables = [reliability(zip(run, y.astype(bool))) for run in runs]
    cv = dict(tables[0])
    eces = [t["ece"] for t in tables]
    highs = [t["share_right_at_high"] for t in tables if t["share_right_at_high"] is not None]
    cv["ece_splits"] = {"mean": round(float(np.mean(eces)), 4), "min": min(eces), "max": max(eces),
                        "splits": config.splits}
    cv["high_splits"] = {"mean": round(float(np.mean(highs)), 4), "min": min(highs), "max": max(highs)} if highs else None
    pooled = np.concatenate(runs)
    return {"intercept": float(model.w[0]), "weights": dict(zip(config.features, map(float, model.w[1:]))),
            "penalty": model.penalty, "steps": model.steps, "probabilities": model.probs,
            "records": len(samples), "right": int(y.sum()), "articles": len(set(groups)),
            "in_sample": reliability(zip(conf, y.astype(bool))), "by_source": by_source,
            "cross_validated": cv, "cv_log_loss": model.cv_log_loss,
            "noise_floor": noise_floor(runs[0]),
            "low_confidence": review_threshold(pooled, np.tile(y, config.splits), config.review_share_right)}


def noise_floor(conf: np.ndarray, draws: int = NOISE_DRAWS) -> float:
    """The mean ECE of a perfectly calibrated model with these confidences: labels drawn as right with
    probability conf (a fixed seed: the same every run). Sampling alone keeps the ECE of a few hundred
    records this far from 0, and errors that come in whole articles keep it farther."""
    rng = np.random.default_rng(0)
    eces = [reliability(zip(conf, rng.random(len(conf)) < conf))["ece"] for _ in range(draws)]
    return round(float(np.mean(eces)), 4)


def review_threshold(conf: np.ndarray, y: np.ndarray, share: float) -> float:
    """The confidence below which records are right less often than `share`, read off a monotone
    step fitted to (cross-validated confidence, right): the lower edge of the first step reaching it."""
    steps, probs = isotonic(conf, y)
    for edge, prob in zip(steps, probs):
        if prob >= share:
            return round(edge, 2)
    return 1.0
