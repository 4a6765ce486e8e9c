"""Fit the confidence model on gold sets: `warta rules fit-confidence`.

Extract records from gold folders, label each right or wrong (calibration.py says what right
means), fit an L2-regularised logistic regression on the record features (records/confidence.py)
with numpy (optionally mapped through an isotonic step fitted on out-of-fold scores), and write
rules/confidence.toml. Cross-validation runs over articles (all records of one article fall in
one fold: they share most features and most errors); the L2 strength is chosen by it, and a
nested run of the whole procedure gives the honest reliability table.
"""
from __future__ import annotations

import datetime as dt
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from pipeline.evaluate.calibration import labelled, reliability
from pipeline.evaluate.gold import flat_from_record, load_gold_folder
from pipeline.evaluate.match import match_article
from pipeline.evaluate.normalise import Normaliser
from pipeline.rules.confidence import FEATURES

# The features the model is fitted on: a few strong ones. All 34 features, shrunk by a heavy penalty
# (100), scored nearly every record ~0.77: nested cross-validated ECE 0.125 (mean over 10 fold splits),
# 63-90 % right at >= 0.9. These eight (the article's share of records with a grade, the record's count
# of found fields, grade in the recipient's sentence, family in the headline, year written in the text,
# recipient type fits the family, the grade shared by the list, one year for the whole list) gave
# 0.105 and 90-98 % (2026-12). They were chosen by those same cross-validations: expect somewhat worse.
MODEL_FEATURES = ("grade_same_sentence", "title_names_family", "share_grade", "grade_shared",
                  "year_in_text", "type_fits_family", "field_count", "one_year_list")
assert set(MODEL_FEATURES) <= set(FEATURES)
PENALTIES = (0.3, 1.0, 3.0, 10.0, 30.0, 100.0)  # L2 strengths tried (on the sum of log-losses)
FOLDS = 5
SPLITS = 10  # fold splits the nested cross-validation is repeated over: one split's ECE swings 0.06-0.20
# The isotonic step's smallest block. Larger blocks did worse on unseen articles (mean nested CV ECE
# over 8 splits: 0.093 at 1, 0.102 at 10, 0.128 at 40), so blocks stand as the data makes them.
MIN_BLOCK = 1
# Whether to map the regression's probability through that step at all. With these few features the
# regularised regression is already near-calibrated, and the step (fitted on out-of-fold scores of
# ~50 articles) cost more than it gave: mean nested CV over 13 fold splits, step vs none: ECE 0.096 vs
# 0.111, but share right at >= 0.9 0.85 vs 0.92, and in-sample ECE on dev 0.100 vs 0.075 (2026-12).
ISOTONIC = False


@dataclass
class Sample:
    """One predicted record: its features, whether it is right, and where it came from."""

    x: list[float]
    right: bool
    group: str  # gold set and article id: the unit of cross-validation
    what: str = ""  # recipient [family] grade year, to show


def collect(gold_dirs: list[Path], rules_dir: Path | None = None) -> list[Sample]:
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
                samples.append(Sample([feats[n] for n in MODEL_FEATURES], right[id(flat)], f"{folder.name}/{g.id}", what))
    return samples


def collect_negatives(path: Path, rules_dir: Path | None = None) -> list[Sample]:
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
            samples.append(Sample([feats[n] for n in MODEL_FEATURES], False, f"{path.name}/{article.id}",
                                  f"{rec.recipient['name']} [{rec.award['family']}] (ordinary news)"))
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


def fit_logistic(x: np.ndarray, y: np.ndarray, penalty: float, iterations: int = 50) -> np.ndarray:
    """Return [intercept, weights…] (in the features' own units) minimising log-loss + penalty/2·|w|²,
    where w are the weights of the standardised features (so the penalty treats every feature alike)."""
    mu = x.mean(axis=0)
    sd = x.std(axis=0)
    sd[sd == 0] = 1.0  # a constant feature stays 0 after centring and gets no weight
    X = np.hstack([np.ones((len(x), 1)), (x - mu) / sd])
    w = np.zeros(X.shape[1])
    reg = np.full(X.shape[1], penalty)
    reg[0] = 1e-6  # the intercept is not shrunk (a tiny ridge keeps the Hessian invertible)
    for _ in range(iterations):  # Newton's method: the loss is convex and smooth
        p = 1.0 / (1.0 + np.exp(-np.clip(X @ w, -40, 40)))
        grad = X.T @ (p - y) + reg * w
        hess = (X * (p * (1 - p))[:, None]).T @ X + np.diag(reg)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.max(np.abs(step)) < 1e-8:
            break
    raw = w[1:] / sd
    return np.concatenate([[w[0] - raw @ mu], raw])


def predict(w: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Return the model's probabilities for rows of x."""
    return 1.0 / (1.0 + np.exp(-np.clip(w[0] + x @ w[1:], -40, 40)))


def _folds(groups: list[str], k: int, salt: str = "") -> np.ndarray:
    """A fold number per sample, the same for every record of one article (stable across runs)."""
    return np.array([zlib.crc32((salt + g).encode()) % k for g in groups])


def cross_validated(x: np.ndarray, y: np.ndarray, groups: list[str], penalty: float, k: int = FOLDS,
                    salt: str = "") -> np.ndarray:
    """Return out-of-fold raw probabilities: each article scored by a regression fitted without it."""
    folds = _folds(groups, k, salt)
    out = np.zeros(len(y))
    for f in range(k):
        test = folds == f
        if test.any() and (~test).any():
            out[test] = predict(fit_logistic(x[~test], y[~test], penalty), x[test])
    return out


def isotonic(raw: np.ndarray, y: np.ndarray, min_block: int = MIN_BLOCK) -> tuple[list[float], list[float]]:
    """Pool adjacent violators: the non-decreasing step function of raw score that best fits y.

    Returns (lower edge of each block, share right of each block); equal scores share a block,
    and no block holds fewer than min_block records (unless all records together do).
    """
    order = np.argsort(raw, kind="stable")
    blocks: list[list[float]] = []  # [lower edge, sum right, count]
    for score, ok in zip(raw[order], y[order]):
        if blocks and score == blocks[-1][0]:
            blocks[-1][1] += ok
            blocks[-1][2] += 1
        else:
            blocks.append([float(score), float(ok), 1.0])
        while len(blocks) > 1 and _share(blocks[-2]) >= _share(blocks[-1]):
            edge, right, n = blocks.pop()
            blocks[-1][1] += right
            blocks[-1][2] += n
    blocks = _merge_small(blocks, min_block)
    return [round(b[0], 6) for b in blocks], [round(_share(b), 4) for b in blocks]


def _merge_small(blocks: list[list[float]], min_block: int) -> list[list[float]]:
    """Merge each block of fewer than min_block records into the neighbour whose share right is
    nearer; merging neighbours of a non-decreasing step keeps it non-decreasing."""
    blocks = [list(b) for b in blocks]
    while len(blocks) > 1:
        small = next((i for i, b in enumerate(blocks) if b[2] < min_block), None)
        if small is None:
            break
        if small == 0:
            low = 0
        elif small == len(blocks) - 1:
            low = small - 1
        else:
            here = _share(blocks[small])
            below, above = here - _share(blocks[small - 1]), _share(blocks[small + 1]) - here
            low = small - 1 if below <= above else small
        _edge, right, n = blocks.pop(low + 1)
        blocks[low][1] += right
        blocks[low][2] += n
    return blocks


def _share(block: list[float]) -> float:
    """A block's share right as the posterior mean under a uniform prior, (right + 1) / (n + 2):
    20 right of 20 says 0.95, not certainty; 0 of 30 says 0.03, not impossibility."""
    return (block[1] + 1) / (block[2] + 2)


def apply_steps(steps: list[float], probs: list[float], raw: np.ndarray) -> np.ndarray:
    """Map raw scores through the step function (as ConfidenceModel.score does; no steps: raw itself)."""
    if not steps:
        return raw
    idx = np.clip(np.searchsorted(np.array(steps), raw, side="right") - 1, 0, len(steps) - 1)
    return np.array(probs)[idx]


@dataclass
class Model:
    """A fitted model: the regression over FEATURES and its isotonic step."""

    penalty: float
    w: np.ndarray  # intercept, then one weight per feature
    steps: list[float]
    probs: list[float]
    cv_log_loss: float

    def confidence(self, x: np.ndarray) -> np.ndarray:
        """Return the confidences for rows of x (all MODEL_FEATURES columns)."""
        return apply_steps(self.steps, self.probs, predict(self.w, x))


def _cv_loss(x: np.ndarray, y: np.ndarray, groups: list[str], penalty: float, salt: str) -> float:
    return _log_loss(cross_validated(x, y, groups, penalty, salt=salt), y)


def procedure(x: np.ndarray, y: np.ndarray, groups: list[str], salt: str = "") -> Model:
    """The whole fit: choose the penalty, fit the regression and its isotonic step."""
    # A fixed set of few features (MODEL_FEATURES), shrunk by one L2 penalty chosen here: forward
    # selection inside the fit chose on its folds and did worse on new articles (nested CV ECE ~0.2).
    losses = {pen: _cv_loss(x, y, groups, pen, salt) for pen in PENALTIES}
    penalty = min(losses, key=losses.get)
    w = fit_logistic(x, y, penalty)
    # The step is fitted on out-of-fold scores: fitted on the regression's in-sample scores it
    # learns that the training records it separates are right and promises so on new articles too.
    steps, probs = isotonic(cross_validated(x, y, groups, penalty, salt=salt), y) if ISOTONIC else ([], [])
    return Model(penalty, w, steps, probs, round(losses[penalty], 4))


def nested_cross_validated(x: np.ndarray, y: np.ndarray, groups: list[str], split: str = "") -> np.ndarray:
    """Out-of-fold confidences of the whole procedure (penalty, regression, step) for an honest table."""
    folds = _folds(groups, FOLDS, split)
    out = np.zeros(len(y))
    garr = np.array(groups)
    for f in range(FOLDS):
        test = folds == f
        if test.any() and len(set(y[~test])) == 2:
            out[test] = procedure(x[~test], y[~test], list(garr[~test]), salt="inner").confidence(x[test])
        elif test.any():
            out[test] = y[~test].mean()
    return out


def _log_loss(p: np.ndarray, y: np.ndarray) -> float:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def fit(samples: list[Sample]) -> dict[str, Any]:
    """Fit on all samples and measure the procedure by nested cross-validation; return weights and measures."""
    if len(samples) < 10 or len({s.right for s in samples}) < 2:
        raise ValueError(f"need at least 10 records, right and wrong ones, to fit (got {len(samples)}, "
                         f"{sum(s.right for s in samples)} right)")
    x = np.array([s.x for s in samples], dtype=float)
    y = np.array([s.right for s in samples], dtype=float)
    groups = [s.group for s in samples]
    model = procedure(x, y, groups)
    weights = {name: float(wj) for name, wj in zip(MODEL_FEATURES, model.w[1:])}
    in_sample = reliability(zip(model.confidence(x).round(3), y.astype(bool)))
    cv = reliability(zip(nested_cross_validated(x, y, groups).round(3), y.astype(bool)))
    # Articles fall into folds by a hash: repeat with other splits and report the mean and range.
    eces = [cv["ece"]] + [reliability(zip(nested_cross_validated(x, y, groups, f"split{i}").round(3),
                                          y.astype(bool)))["ece"] for i in range(1, SPLITS)]
    cv["ece_splits"] = {"mean": round(float(np.mean(eces)), 4), "min": min(eces), "max": max(eces), "splits": SPLITS}
    return {"intercept": float(model.w[0]), "weights": weights, "penalty": model.penalty,
            "steps": model.steps, "probabilities": model.probs,
            "records": len(samples), "right": int(y.sum()), "articles": len(set(groups)),
            "in_sample": in_sample, "cross_validated": cv, "cv_log_loss": model.cv_log_loss}


def _splits(cv: dict[str, Any]) -> str:
    s = cv.get("ece_splits")
    return f"mean over {s['splits']} fold splits {s['mean']}, {s['min']}-{s['max']}" if s else "one fold split"


def _high(cal: dict[str, Any]) -> str:
    if not cal["records_at_high"]:
        return "no record reaches 0.9"
    return f"{cal['share_right_at_high']} of {cal['records_at_high']} records"


def render_toml(result: dict[str, Any], gold_dirs: list[Path], rules_digest: str,
                negatives: list[Path] | None = None) -> str:
    """Return rules/confidence.toml: a header saying how it was fitted, then the weights."""
    ins, cv = result["in_sample"], result["cross_validated"]
    today = dt.date.today().isoformat()
    sets = ", ".join([str(p) for p in gold_dirs] + [f"{p} (ordinary news: every record wrong)" for p in negatives or []])
    lines = [
        "# The records' confidence: a logistic regression over a few features of a finished record",
        "# (pipeline/records/confidence.py). Written by `warta rules fit-confidence`; do not edit by hand:",
        "# refit after a rules change (README, Accuracy > Confidence).",
        f"# Fitted {today} on {sets}: {result['records']} predicted records in {result['articles']} articles, "
        f"{result['right']} right",
        "# (right = matched to a gold record of the same family and recipient, grade and year agreeing).",
        f"# L2 penalty {result['penalty']} (chosen by {FOLDS}-fold cross-validated log-loss, folds by article: "
        f"{result['cv_log_loss']}).",
        (f"# Isotonic step on out-of-fold scores (blocks of at least {MIN_BLOCK} records)." if result["steps"]
         else "# No isotonic step: the confidence is the regression's probability."),
        "# Measured by nested cross-validation (penalty, regression and step refitted without",
        "# the articles scored) and in-sample (on the records it was fitted on):",
        f"# ECE (10 bins): {ins['ece']} in-sample, {cv['ece']} cross-validated ({_splits(cv)}).",
        f"# Share right at confidence >= 0.9: {_high(ins)} in-sample, {_high(cv)} cross-validated.",
        f"# Rules digest when fitted (before this file was written): {rules_digest}.",
        "",
        f"intercept = {result['intercept']:.6f}",
        "",
        "[weights]",
        *(f"{name} = {w:.6f}" for name, w in result["weights"].items()),
        "",
        ("# The isotonic step: a raw score from its lower edge up to the next one gets its block's share right."
         if result["steps"] else "# The isotonic step (empty: none; see ISOTONIC in pipeline/evaluate/fit.py)."),
        "[calibration]",
        f"steps = [{', '.join(f'{v:.6f}' for v in result['steps'])}]",
        f"probabilities = [{', '.join(f'{v:.4f}' for v in result['probabilities'])}]",
        "",
        "[fit]",
        f'date = "{today}"',
        f"records = {result['records']}",
        f"right = {result['right']}",
        f"penalty = {result['penalty']}",
        *(f"{key} = {value}" for key, value in (("ece_in_sample", ins["ece"]), ("ece_cross_validated", cv["ece"]),
                                                  ("ece_cross_validated_mean", (cv.get("ece_splits") or {}).get("mean")),
                                                  ("share_right_at_0_9_in_sample", ins["share_right_at_high"]),
                                                  ("share_right_at_0_9_cross_validated", cv["share_right_at_high"]))
          if value is not None),
        "",
    ]
    return "\n".join(lines)
