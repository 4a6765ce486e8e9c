"""Measure extraction against gold records: `warta eval` and the CI floors use this package."""
from __future__ import annotations

from pipeline.evaluate.gold import (Flat, GoldArticle, flat_from_gold, flat_from_record,
                                    load_gold_folder, reviewed_to_gold)
from pipeline.evaluate.floors import check_floors, load_floors
from pipeline.evaluate.normalise import Normaliser
from pipeline.evaluate.report import render_json, render_table
from pipeline.evaluate.run import evaluate_folder
from pipeline.evaluate.score import score

__all__ = ["Flat", "GoldArticle", "Normaliser", "check_floors", "load_floors", "evaluate_folder", "flat_from_gold",
           "flat_from_record", "load_gold_folder", "render_json", "render_table", "reviewed_to_gold", "score"]
