"""Score predicted records against gold: record P/R/F1, field accuracy, families, negatives, worst articles.

A pure function over (gold, predicted) per article, so it is testable without the extractor.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from pipeline.evaluate.calibration import labelled, reliability
from pipeline.evaluate.gold import Flat
from pipeline.evaluate.match import FIELDS, Pair, compare_fields, match_article
from pipeline.evaluate.normalise import Normaliser
from pipeline.settings import current


@dataclass
class ArticleResult:
    """What one article contributed: its pairs, misses, extras and wrong fields."""

    id: str
    title: str
    gold: list[Flat]
    pred: list[Flat]
    pairs: list[Pair] = field(default_factory=list)
    missed: list[Flat] = field(default_factory=list)
    extra: list[Flat] = field(default_factory=list)
    wrong: list[dict[str, Any]] = field(default_factory=list)

    @property
    def errors(self) -> int:
        """Missed + extra records + wrong fields: how bad this article went."""
        return len(self.missed) + len(self.extra) + len(self.wrong)


def prf(matched: int, predicted: int, gold: int) -> dict[str, Any]:
    """Return counts with precision, recall and F1 (1.0 when there was nothing to find or claim)."""
    p = matched / predicted if predicted else 1.0
    r = matched / gold if gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"gold": gold, "predicted": predicted, "matched": matched,
            "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def show(record: Flat, name: str) -> Any:
    """Return a field's value for display."""
    if name == "grade":
        return record.grade or record.grade_letter or record.grade_label
    if name == "giver":
        return record.giver or record.giver_name or record.giver_id
    if name in ("giver_official", "recipient_official"):
        value = getattr(record, name)
        return value and " ".join(str(v) for v in (value.get("name"), value.get("title")) if v)
    return getattr(record, name)


def score_article(norm: Normaliser, id: str, title: str, gold: list[Flat], pred: list[Flat]) -> ArticleResult:
    """Match and compare one article's records."""
    res = ArticleResult(id=id, title=title or "", gold=gold, pred=pred)
    res.pairs, res.missed, res.extra = match_article(norm, gold, pred)
    for pair in res.pairs:
        for name, ok in compare_fields(norm, pair.pred, pair.gold).items():
            if ok is False:
                res.wrong.append({"record": pair.gold.recipient, "family": pair.gold.family, "field": name,
                                  "gold": show(pair.gold, name), "predicted": show(pair.pred, name)})
    return res


def summarise(norm: Normaliser, results: list[ArticleResult], worst: int | None = None) -> dict[str, Any]:
    """Return the whole report as one JSON-ready dict (its `metrics` block is what floors pin)."""
    all_gold = sum(len(r.gold) for r in results)
    all_pred = sum(len(r.pred) for r in results)
    all_match = sum(len(r.pairs) for r in results)
    p_gold = sum(g.primary for r in results for g in r.gold)
    p_pred = sum(p.primary for r in results for p in r.pred)
    p_match = sum(pair.gold.primary and pair.pred.primary for r in results for pair in r.pairs)

    correct: Counter[str] = Counter()
    compared: Counter[str] = Counter()
    for r in results:
        for pair in r.pairs:
            for name, ok in compare_fields(norm, pair.pred, pair.gold).items():
                if ok is not None:
                    compared[name] += 1
                    correct[name] += bool(ok)
    fields = {name: {"accuracy": round(correct[name] / compared[name], 4) if compared[name] else None,
                     "correct": correct[name], "compared": compared[name]} for name in FIELDS}

    fam_gold = Counter(g.family for r in results for g in r.gold)
    fam_pred = Counter(p.family for r in results for p in r.pred)
    fam_match = Counter(pair.gold.family for r in results for pair in r.pairs)
    families = {f: prf(fam_match[f], fam_pred[f], fam_gold[f]) for f in sorted(set(fam_gold) | set(fam_pred))}

    negatives = [r for r in results if not r.gold]
    neg = {"articles": len(negatives), "false_records": sum(len(r.pred) for r in negatives),
           "articles_with_records": [r.id for r in negatives if r.pred]}

    if worst is None:
        worst = current().eval.worst
    ranked = sorted((r for r in results if r.errors), key=lambda r: (-r.errors, r.id))[:worst]
    worst_rows = [{"article": r.id, "title": r.title, "errors": r.errors,
                   "gold": len(r.gold), "predicted": len(r.pred),
                   "missed": [g.label() for g in r.missed], "extra": [p.label() for p in r.extra],
                   "wrong": r.wrong} for r in ranked]

    records = {"primary": prf(p_match, p_pred, p_gold), "all": prf(all_match, all_pred, all_gold)}
    metrics: dict[str, Any] = {}
    for scope, values in records.items():
        for k in ("precision", "recall", "f1"):
            metrics[f"{scope}_{k}"] = values[k]
    for name, values in fields.items():
        metrics[f"{name}_accuracy"] = values["accuracy"]
    metrics["negative_false_records"] = neg["false_records"]
    cal = reliability((p.confidence, ok) for r in results for p, ok in labelled(norm, r.pairs, r.extra)
                      if p.confidence is not None)
    metrics["ece"], metrics["share_right_at_0_9"] = cal["ece"], cal["share_right_at_high"]
    return {"articles": len(results), "records": records, "fields": fields, "families": families,
            "negatives": neg, "calibration": cal, "worst": worst_rows, "metrics": metrics}


def score(gold: dict[str, list[Flat]], predicted: dict[str, list[Flat]], *,
          titles: dict[str, str] | None = None, norm: Normaliser | None = None,
          worst: int | None = None) -> dict[str, Any]:
    """Score predicted records against gold records, both keyed by article id; return the report dict.

    Articles only in `predicted` are ignored: gold defines the evaluation set.
    """
    norm = norm or Normaliser()
    titles = titles or {}
    results = [score_article(norm, key, titles.get(key, ""), gold[key], predicted.get(key, []))
               for key in gold]
    return summarise(norm, results, worst=worst)
