"""Calibrated confidence: record features, the fitted model in rules/, the refit command, eval's reliability table."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.errors import RuleError
from pipeline.evaluate.calibration import reliability, render_reliability
from pipeline.evaluate.gold import Flat
from pipeline.evaluate.score import score
from pipeline.models import Article, AwardRecord, Evidence
from pipeline.records.confidence import record_features, score_confidence
from pipeline.rules.confidence import (DEFAULT_LOW_CONFIDENCE, FEATURES, ConfidenceModel, load_confidence,
                                       low_confidence_threshold)

MODEL_TABLE = ('[model]\nfeatures = ["has_grade", "field_count"]\npenalties = [1.0, 10.0]\nfolds = 5\nsplits = 2\n'
               'step = "none"\nmin_block = 1\nreview_share_right = 0.8\n')
REPO = Path(__file__).resolve().parents[1]
MODEL_FEATURES = load_confidence(REPO / "rules" / "confidence.toml", []).config.features  # [model] features
TEXT = ("Pemerintah Kabupaten Sleman meraih predikat Sangat Baik (A-) dalam evaluasi pelayanan publik dari "
        "Kementerian PANRB. Penghargaan diserahkan di Jakarta, Selasa (12/11/2019).")


def _record(text: str, recipient: str, grade_at: str | None, giver_id: str = "kemenpanrb",
            family: str = "kemenpanrb_pelayanan_publik") -> AwardRecord:
    """A hand-made record whose evidence points at the given words of text."""
    def ev(field: str, words: str) -> Evidence:
        start = text.index(words)
        return Evidence(field, start, start + len(words), words)

    evidence = [ev("recipient", recipient), ev("award", "evaluasi pelayanan publik"), ev("giver", "Kementerian PANRB")]
    if grade_at:
        evidence.append(ev("grade", grade_at))
    return AwardRecord(
        record_id="x", article={}, recipient={"text": recipient, "name": recipient, "type": "pemda",
                                              "region": "Kabupaten Sleman"},
        recipient_parent=None, award={"text": "evaluasi pelayanan publik", "name": "Evaluasi Pelayanan Publik",
                                      "family": family, "year": 2019},
        grade={"text": grade_at, "letter": "A-", "label": "Sangat Baik", "rank": 2} if grade_at else None,
        giver={"text": "Kementerian PANRB", "name": "Kementerian PANRB", "id": giver_id},
        giver_official=None, recipient_official=None, event=None, venue=None,
        date={"text": "Selasa (12/11/2019)", "value": "2019-11-12"}, primary=True, evidence=evidence,
        confidence=0.5, extractor={})


def test_confidence_features_read_the_record_and_its_article(rules):
    art = Article(text=TEXT, title="Sleman Raih Predikat A- Evaluasi Pelayanan Publik", published="2019-11-13")
    rec = _record(TEXT, "Pemerintah Kabupaten Sleman", "predikat Sangat Baik (A-)")
    [f] = record_features([rec], art, rules)
    assert set(f) == set(FEATURES)
    assert f["grade_same_sentence"] == 1.0 and f["award_same_sentence"] == 1.0 and f["giver_same_sentence"] == 1.0
    assert f["giver_of_family"] == 1.0 and f["title_names_family"] == 1.0 and f["region_in_title"] == 1.0
    assert f["type_pemda"] == 1.0 and f["type_fits_family"] == 1.0 and f["year_gap"] == 0.0


def test_confidence_features_see_evidence_in_another_sentence_and_a_foreign_giver(rules):
    text = TEXT + " Predikat A- itu yang pertama."
    art = Article(text=text, title="Kabar dari Jakarta", published="2023-01-02")
    rec = _record(text, "Pemerintah Kabupaten Sleman", "Predikat A-", giver_id="bpk")
    [f] = record_features([rec], art, rules)
    assert f["grade_same_sentence"] == 0.0 and f["giver_of_family"] == 0.0
    assert f["title_names_family"] == 0.0 and f["region_in_title"] == 0.0
    assert f["year_gap"] == 1.0  # published 2023, award year 2019: three or more years apart


def test_confidence_features_see_the_whole_list_of_the_article(rules):
    text = TEXT + " Pemerintah Kota Yogyakarta juga meraih penghargaan itu."
    art = Article(text=text, title="Kabar dari Jakarta", published="2019-11-13")
    graded = _record(text, "Pemerintah Kabupaten Sleman", "predikat Sangat Baik (A-)")
    bare = _record(text, "Pemerintah Kota Yogyakarta", None)
    first, second = record_features([graded, bare], art, rules)
    assert first["share_grade"] == second["share_grade"] == 0.5  # one of the two records found a grade
    assert first["one_year_list"] == 1.0  # both records got 2019: one year read for the whole list
    assert first["field_count"] > second["field_count"]  # the bare record lacks its grade evidence
    assert first["no_grade_on_scale"] == 0.0 and second["no_grade_on_scale"] == 1.0  # the family has a scale
    [alone] = record_features([graded], art, rules)
    assert alone["share_grade"] == 1.0 and alone["one_year_list"] == 0.0


def test_confidence_features_flag_a_year_other_than_the_headlines(rules):
    rec = _record(TEXT, "Pemerintah Kabupaten Sleman", "predikat Sangat Baik (A-)")  # award year 2019
    other = Article(text=TEXT, title="Sleman Raih Predikat A- Pelayanan Publik 2021", published="2021-11-13")
    same = Article(text=TEXT, title="Sleman Raih Predikat A- Pelayanan Publik 2019", published="2019-11-13")
    none = Article(text=TEXT, title="Sleman Raih Predikat A- Pelayanan Publik", published="2019-11-13")
    assert record_features([rec], other, rules)[0]["year_not_in_title"] == 1.0  # the headline says 2021
    assert record_features([rec], same, rules)[0]["year_not_in_title"] == 0.0
    assert record_features([rec], none, rules)[0]["year_not_in_title"] == 0.0  # a headline without a year says nothing


def test_confidence_model_scores_through_weights_and_isotonic_steps():
    raw = ConfidenceModel(intercept=0.0, weights={"has_grade": 2.0})
    assert raw.score({"has_grade": 0.0}) == 0.5 and raw.score({"has_grade": 1.0}) > 0.88
    stepped = ConfidenceModel(intercept=0.0, weights={"has_grade": 2.0}, steps=(0.0, 0.6), probabilities=(0.3, 0.97))
    assert stepped.score({"has_grade": 0.0}) == 0.3 and stepped.score({"has_grade": 1.0}) == 0.97


def test_confidence_score_step_sets_confidence_from_the_rules_model(rules):
    art = Article(text=TEXT, title="Sleman Raih Predikat A-", published="2019-11-13")
    rec = _record(TEXT, "Pemerintah Kabupaten Sleman", "predikat Sangat Baik (A-)")
    [scored] = score_confidence([rec], art, rules)
    assert rules.confidence is not None, "rules/confidence.toml is bundled"
    assert scored.confidence == round(rules.confidence.score(record_features([rec], art, rules)[0]), 3)


def test_confidence_pipeline_records_carry_the_model_score(records_of, rules):
    recs = records_of(TEXT, title="Sleman Raih Predikat A-", published="2019-11-13")
    assert recs and all(0.0 <= r.confidence <= 1.0 for r in recs)
    art = Article(text=TEXT, title="Sleman Raih Predikat A-", published="2019-11-13")
    assert [r.confidence for r in recs] == [round(rules.confidence.score(f), 3)
                                            for f in record_features(recs, art, rules)]


@pytest.mark.parametrize("body,reason", [
    ("intercept = 0.1\n[weights]\nhas_grade = 1.0\nno_such_feature = 2.0\n", "unknown feature 'no_such_feature'"),
    ("intercept = \"high\"\n", "intercept must be a number"),
    ("intercept = 0.1\n[calibration]\nsteps = [0.5, 0.2]\nprobabilities = [0.1, 0.9]\n", "ascending"),
    ("intercept = 0.1\n" + MODEL_TABLE.replace('"has_grade"', '"has_grade", "nope"'), "unknown feature 'nope' in features"),
    ("intercept = 0.1\n" + MODEL_TABLE.replace('"none"', '"platt"'), "step must be one of none, isotonic"),
    ("intercept = 0.1\n[review]\nlow_confidence = 1.5\n", "[review] holds only low_confidence, a number in 0..1"),
])
def test_confidence_loader_refuses_a_broken_file_with_its_line(tmp_path, body, reason):
    path = tmp_path / "confidence.toml"
    path.write_text(body, encoding="utf-8")
    errors: list[RuleError] = []
    assert load_confidence(path, errors) is None
    assert errors and reason in str(errors[0]) and str(path) in str(errors[0])


def test_confidence_loader_reads_the_fitting_configuration_and_review_threshold(tmp_path):
    path = tmp_path / "confidence.toml"
    path.write_text("intercept = 0.1\n[weights]\nhas_grade = 1.0\n[review]\nlow_confidence = 0.7\n" + MODEL_TABLE,
                    encoding="utf-8")
    model = load_confidence(path, [])
    assert model.config.features == ("has_grade", "field_count") and model.config.penalties == (1.0, 10.0)
    assert model.config.step == "none" and model.low_confidence == 0.7
    assert low_confidence_threshold(tmp_path) == 0.7
    assert low_confidence_threshold(tmp_path / "none") == DEFAULT_LOW_CONFIDENCE  # no fitted file: the default


def test_confidence_reliability_table_and_ece_on_a_known_case():
    items = [(0.95, True), (0.95, True), (0.15, False), (0.15, True)]
    cal = reliability(items)
    # Band 0.9-1.0: 2 records, both right, mean 0.95 → |1.0 - 0.95|; band 0.1-0.2: 1 of 2, mean 0.15 → |0.5 - 0.15|.
    assert cal["ece"] == pytest.approx(0.5 * 0.05 + 0.5 * 0.35)
    assert [(b["low"], b["records"], b["right"]) for b in cal["bands"]] == [(0.1, 2, 1), (0.9, 2, 2)]
    assert cal["records_at_high"] == 2 and cal["share_right_at_high"] == 1.0
    text = "\n".join(render_reliability(cal))
    assert "0.9-1.0" in text and "ECE (10 bins) 0.200" in text


def test_confidence_eval_report_labels_records_and_exposes_ece():
    gold = {"a": [Flat(recipient="Pemerintah Kabupaten Sleman", family="bpk_opini", recipient_type="pemda",
                       region="Kabupaten Sleman", grade="WTP", year=2020)], "neg": []}
    pred = {"a": [Flat(recipient="Pemerintah Kabupaten Sleman", family="bpk_opini", recipient_type="pemda",
                       region="Kabupaten Sleman", grade_letter="WTP", year=2020, confidence=0.92)],
            "neg": [Flat(recipient="Pemerintah Kota Bogor", family="bpk_opini", recipient_type="pemda",
                         region="Kota Bogor", grade_letter="WTP", year=2020, confidence=0.12)]}
    report = score(gold, pred)
    assert report["calibration"]["bands"][0] == {"low": 0.1, "high": 0.2, "records": 1, "right": 0,
                                                 "share_right": 0.0, "mean_confidence": 0.12}
    assert report["metrics"]["ece"] == pytest.approx(0.5 * 0.08 + 0.5 * 0.12)
    assert report["metrics"]["share_right_at_0_9"] == 1.0


def test_confidence_wrong_year_makes_a_matched_record_wrong():
    gold = {"a": [Flat(recipient="Pemerintah Kabupaten Sleman", family="bpk_opini", recipient_type="pemda",
                       region="Kabupaten Sleman", grade="WTP", year=2020)]}
    pred = {"a": [Flat(recipient="Pemerintah Kabupaten Sleman", family="bpk_opini", recipient_type="pemda",
                       region="Kabupaten Sleman", grade_letter="WTP", year=2021, confidence=0.95)]}
    report = score(gold, pred)
    assert report["records"]["all"]["matched"] == 1 and report["metrics"]["share_right_at_0_9"] == 0.0


def _gold_copy_with_wrong_years(tmp_path: Path) -> Path:
    """The bundled corpus, with the gold year of a few articles moved: their records become wrong."""
    gold = tmp_path / "gold-set"
    shutil.copytree(REPO / "corpus" / "articles", gold / "articles")
    shutil.copytree(REPO / "corpus" / "gold", gold / "gold")
    for path in sorted((gold / "gold").glob("*.json"))[:4]:
        rows = json.loads(path.read_text(encoding="utf-8"))
        for row in rows:
            row["year"] = (row.get("year") or 2000) + 5
        path.write_text(json.dumps(rows), encoding="utf-8")
    return gold


def _warta(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=600)


def test_confidence_refit_writes_a_file_the_loader_accepts_and_eval_reports_its_ece(tmp_path):
    gold = _gold_copy_with_wrong_years(tmp_path)
    rules = tmp_path / "rules"
    shutil.copytree(REPO / "rules", rules)
    proc = _warta("rules", "fit-confidence", "--gold", str(gold), "--rules", str(rules), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "cross-validated (" in proc.stdout and "ECE (10 bins)" in proc.stdout
    errors: list[RuleError] = []
    model = load_confidence(rules / "confidence.toml", errors)
    assert not errors and model is not None
    assert set(model.weights) == set(MODEL_FEATURES) and len(model.steps) == len(model.probabilities)
    assert model.config is not None and model.config.features == MODEL_FEATURES  # [model] kept as it was
    assert any(w != 0 for w in model.weights.values()) and 0 <= model.low_confidence <= 1
    text = (rules / "confidence.toml").read_text(encoding="utf-8")
    assert text.startswith("#") and "cross-validated" in text and "gold-set" in text
    # The in-sample line of the gold set is what `warta eval` then prints with the new weights.
    printed = re.search(rf"{re.escape(str(gold))}\s+(\d+) records\s+ECE (\S+)", proc.stdout)
    assert printed, proc.stdout
    report = _warta("eval", "--gold", str(gold), "--rules", str(rules), "--json", cwd=tmp_path)
    metrics = json.loads(report.stdout)["metrics"]
    assert f"{metrics['ece']:.3f}" == printed.group(2)
    # Same rules, gold and configuration: the same bytes (no date; the digest leaves the file itself out).
    again = _warta("rules", "fit-confidence", "--gold", str(gold), "--rules", str(rules), "-o",
                   str(tmp_path / "again.toml"), cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "again.toml").read_bytes() == (rules / "confidence.toml").read_bytes()


def test_confidence_refit_refuses_gold_with_only_right_records(tmp_path):
    gold = tmp_path / "tiny"
    shutil.copytree(REPO / "corpus" / "articles", gold / "articles")
    (gold / "gold").mkdir()
    shutil.copy(REPO / "corpus" / "gold" / "002.json", gold / "gold" / "002.json")
    proc = subprocess.run([sys.executable, "-m", "pipeline", "rules", "fit-confidence", "--gold", str(gold),
                           "-o", str(tmp_path / "c.toml")], cwd=REPO, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 1 and "need at least 10 records" in proc.stderr
    assert not (tmp_path / "c.toml").exists()


def test_confidence_fit_isotonic_step_is_monotone_and_honest_about_small_blocks():
    np = pytest.importorskip("numpy")
    from pipeline.evaluate.logistic import apply_steps, isotonic

    raw = np.array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8])
    right = np.array([0, 0, 1, 0, 1, 1, 1, 1], dtype=float)
    steps, probs = isotonic(raw, right, min_block=1)
    assert steps == sorted(steps) and probs == sorted(probs)
    assert probs[-1] == pytest.approx((4 + 1) / (4 + 2), abs=1e-4)  # four right of four: 0.83, not certainty
    assert list(apply_steps(steps, probs, np.array([0.0, 0.95]))) == [probs[0], probs[-1]]


def test_confidence_fit_isotonic_step_keeps_no_block_smaller_than_asked():
    np = pytest.importorskip("numpy")
    from pipeline.evaluate.logistic import apply_steps, isotonic

    raw = np.linspace(0.0, 1.0, 12)
    right = np.array([0, 0, 0, 0, 0, 0, 1, 1, 0, 1, 1, 1], dtype=float)
    assert len(isotonic(raw, right, min_block=1)[0]) >= 3
    steps, probs = isotonic(raw, right, min_block=4)
    sizes = np.bincount(np.searchsorted(np.array(steps), raw, side="right") - 1)
    assert len(steps) == 2 and sizes.min() >= 4 and probs == sorted(probs)
    assert list(apply_steps(steps, probs, raw[-1:])) == [pytest.approx((5 + 1) / (6 + 2), abs=1e-4)]
    assert isotonic(raw, right, min_block=7) == ([0.0], [pytest.approx((5 + 1) / (12 + 2), abs=1e-4)])


def test_confidence_fit_logistic_learns_which_feature_marks_right_records():
    np = pytest.importorskip("numpy")
    from pipeline.evaluate.logistic import fit_logistic, predict

    rng = np.random.default_rng(7)
    x = rng.integers(0, 2, size=(400, 2)).astype(float)
    y = (rng.random(400) < np.where(x[:, 0] == 1, 0.9, 0.2)).astype(float)  # only feature 0 matters
    w = fit_logistic(x, y, penalty=1.0)
    assert w[1] > 1.5 and abs(w[2]) < 0.5
    p = predict(w, x)
    assert abs(p[x[:, 0] == 1].mean() - y[x[:, 0] == 1].mean()) < 0.02  # calibrated on what it saw


def test_confidence_fit_review_threshold_is_where_records_start_being_right_often_enough():
    np = pytest.importorskip("numpy")
    from pipeline.evaluate.fit import noise_floor, review_threshold

    conf = np.repeat([0.3, 0.6, 0.9], 20)
    right = np.concatenate([np.arange(20) < 6, np.arange(20) < 12, np.arange(20) < 19]).astype(float)
    assert review_threshold(conf, right, 0.8) == 0.9  # 30 % and 60 % right below it, 95 % from it on
    assert review_threshold(conf, right, 0.5) == 0.6
    assert review_threshold(conf, right, 0.99) == 1.0  # no band reaches 99 %: every record is low
    floor = noise_floor(conf)
    assert 0.0 < floor < 0.2 and noise_floor(conf) == floor  # sampling noise alone, the same every run
