"""CI floors: `warta eval` on corpus/ and ../shared/dev-articles must not drop below eval_floors.toml."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import RuleError
from pipeline.evaluate import check_floors, evaluate_folder, load_floors, render_table

REPO = Path(__file__).parents[1]
FLOORS = REPO / "eval_floors.toml"
GOLD_SETS = {"corpus": REPO / "corpus", "dev": REPO.parent / "shared" / "dev-articles"}
_REPORTS: dict[str, dict] = {}


def report_for(name: str) -> dict:
    """Evaluate one gold set once per session (extraction loads spaCy and the rules)."""
    folder = GOLD_SETS[name]
    if not any((folder / "gold").glob("*.json")):
        pytest.skip(f"{folder} has no gold/*.json")
    if name not in _REPORTS:
        _REPORTS[name] = evaluate_folder(folder, rules_dir=REPO / "rules", worst=10)
    return _REPORTS[name]


@pytest.mark.parametrize("gold_set", sorted(GOLD_SETS))
def test_eval_floors_scores_stay_above_pinned_floors(gold_set):
    report = report_for(gold_set)
    problems = check_floors(report["metrics"], load_floors(FLOORS, gold_set))
    assert not problems, "\n".join(problems) + "\n\n" + render_table(report, title=gold_set)


@pytest.mark.parametrize("metrics,expected", [
    ({"primary_f1": 0.95, "negative_false_records": 0}, []),
    ({"primary_f1": 0.80, "negative_false_records": 0}, ["primary_f1 = 0.8 is below its floor 0.9"]),
    ({"primary_f1": 0.95, "negative_false_records": 2}, ["negative_false_records = 2 is above its ceiling 0"]),
])
def test_eval_floors_flags_drops_and_ceilings(metrics, expected):
    floors = {"min": {"primary_f1": 0.9}, "max": {"negative_false_records": 0}}
    assert check_floors(metrics, floors) == expected


def test_eval_floors_typo_in_metric_name_fails():
    problems = check_floors({"primary_f1": 1.0}, {"min": {"primary_f11": 0.5}, "max": {}})
    assert problems and problems[0].startswith("primary_f11: not a metric")


@pytest.mark.parametrize("gold_set", sorted(GOLD_SETS))
def test_eval_floors_file_pins_every_gold_set(gold_set):
    floors = load_floors(FLOORS, gold_set)
    assert floors["min"] and "negative_false_records" in floors["max"] and "ece" in floors["max"]


def test_eval_floors_bad_section_is_refused(tmp_path):
    bad = tmp_path / "floors.toml"
    bad.write_text("[dev]\nprimary_f1 = 0.9\n", encoding="utf-8")
    with pytest.raises(RuleError, match="unknown keys"):
        load_floors(bad, "dev")
