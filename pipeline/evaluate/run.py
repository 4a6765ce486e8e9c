"""Run extraction over a gold folder and score it: what `warta eval` and the floor tests call."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from pipeline.errors import InputError
from pipeline.evaluate.gold import (GoldArticle, article_keys, flat_from_record, load_gold_folder,
                                    reviewed_to_gold)
from pipeline.evaluate.normalise import Normaliser
from pipeline.evaluate.score import score
from pipeline.outputs import read_output


def predict(articles: list[GoldArticle], rules_dir: Path | None = None) -> dict[str, list]:
    """Return predicted Flat records per article id, extracted by the runner."""
    from pipeline.runner import extract_records  # the runner loads spaCy: import only when extracting

    by_obj = {id(g.article): g.id for g in articles}
    out: dict[str, list] = {g.id: [] for g in articles}
    for article, records in extract_records([g.article for g in articles], rules_dir):
        key = by_obj.get(id(article), article.id)
        out.setdefault(key, []).extend(flat_from_record(r) for r in records)
    return out


def _load_normaliser(rules_dir: Path | None) -> Normaliser:
    from pipeline.rules import load_rules

    return Normaliser.from_rules(load_rules(rules_dir))


def load_reviewed_gold(path: Path, articles: list[GoldArticle]) -> dict[str, list]:
    """Return gold per article id from a reviewed JSONL, joined to the given articles.

    Raises InputError when no reviewed record joins any article.
    """
    lines = list(read_output(path, "awards"))  # a reviewed file, or an output folder
    by_key = reviewed_to_gold(lines)
    out: dict[str, list] = {}
    for g in articles:
        for key in article_keys(g.article):
            if key in by_key:
                out[g.id] = by_key[key]
                break
    if not out:
        raise InputError(f"{path}: no reviewed record belongs to any article given", input=str(path))
    return out


def evaluate_folder(gold_path: Path, *, articles_path: Path | None = None, rules_dir: Path | None = None,
                    reviewed: Path | None = None, worst: int | None = None) -> dict[str, Any]:
    """Extract records from a gold folder's articles and return the scored report dict."""
    articles = load_gold_folder(gold_path, articles_path)
    gold = {g.id: g.gold for g in articles}
    if reviewed is not None:
        gold = load_reviewed_gold(reviewed, articles)
        articles = [g for g in articles if g.id in gold]
    predicted = predict(articles, rules_dir)
    titles = {g.id: g.article.title or "" for g in articles}
    return score(gold, predicted, titles=titles, norm=_load_normaliser(rules_dir), worst=worst)
