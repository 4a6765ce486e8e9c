"""warta eval: matching predicted records to gold, scoring, review conversion and the command."""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from pipeline.evaluate import (Normaliser, flat_from_gold, flat_from_record, load_gold_folder, render_json,
                               render_table, reviewed_to_gold, score)
from pipeline.evaluate.match import compare_fields, match_article, recipient_similarity
from pipeline.review.decisions import apply_review

NORM = Normaliser()


def gold_row(recipient: str, family: str = "kemenpanrb_pelayanan_publik", **kw) -> dict:
    """A gold-file record in the dev-articles format."""
    row = {"recipient": recipient, "recipient_type": "pemda", "recipient_parent": None,
           "region": None, "award": "penghargaan", "award_family": family, "grade": None,
           "giver": None, "giver_official": None, "recipient_official": None, "event": None,
           "venue": None, "date": None, "year": None, "primary": True}
    row.update(kw)
    return row


def record(text: str, family: str = "kemenpanrb_pelayanan_publik", *, name: str | None = None,
           type: str = "pemda", region: str | None = None, grade: dict | None = None,
           giver: dict | None = None, year: int | None = None, date: str | None = None,
           venue: str | None = None, event: str | None = None, primary: bool = True,
           recipient_official: dict | None = None, article_id: str = "a1") -> dict:
    """An AwardRecord dict as warta writes it (only what the scorer reads is meaningful)."""
    return {"record_id": "0" * 16, "article": {"id": article_id, "url": None, "site": None, "title": None,
                                               "published": None},
            "recipient": {"text": text, "name": name or text, "type": type, "region": region},
            "recipient_parent": None, "award": {"text": "penghargaan", "name": "x", "family": family, "year": year},
            "grade": grade, "giver": giver, "giver_official": None, "recipient_official": recipient_official,
            "event": {"text": event} if event else None, "venue": {"text": venue} if venue else None,
            "date": {"text": date, "value": date} if date else None, "primary": primary,
            "evidence": [], "confidence": 0.9, "extractor": {"version": "0", "rules": "x"}}


SLEMAN_GOLD = gold_row("Pemerintah Kabupaten Sleman", region="Kabupaten Sleman", grade="A (pelayanan prima)",
                       giver="Kementerian PANRB", year=2023, date="2023-12-05", venue="Hotel Sahid Jakarta")
SLEMAN_PRED = record("Pemkab Sleman", region="Kabupaten Sleman", year=2023, date="2023-12-05",
                     grade={"text": "A (pelayanan prima)", "letter": "A", "label": "Pelayanan Prima", "rank": 1},
                     giver={"text": "Kementerian PANRB", "name": "Kementerian PANRB", "id": "kemenpanrb"},
                     venue="Hotel Sahid, Jakarta")
KLATEN_GOLD = gold_row("Kabupaten Klaten", region="Kabupaten Klaten", grade="B", primary=False)
KLATEN_PRED = record("Kabupaten Klaten", region="Kabupaten Klaten", primary=False,
                     grade={"text": "B", "letter": "B", "label": "Baik", "rank": 3})


def run(gold: dict[str, list[dict]], pred: dict[str, list[dict]]) -> dict:
    return score({k: [flat_from_gold(r) for r in v] for k, v in gold.items()},
                 {k: [flat_from_record(r) for r in v] for k, v in pred.items()})


@pytest.mark.parametrize("metric", ["primary_precision", "primary_recall", "primary_f1", "all_f1",
                                    "grade_accuracy", "giver_accuracy", "date_accuracy", "year_accuracy",
                                    "venue_accuracy", "region_accuracy", "primary_accuracy"])
def test_evaluate_perfect_match_scores_one(metric):
    report = run({"a1": [SLEMAN_GOLD, KLATEN_GOLD]}, {"a1": [SLEMAN_PRED, KLATEN_PRED]})
    assert report["metrics"][metric] == 1.0
    assert report["worst"] == []


def test_evaluate_missing_record_lowers_recall():
    report = run({"a1": [SLEMAN_GOLD, KLATEN_GOLD]}, {"a1": [SLEMAN_PRED]})
    assert report["records"]["all"]["recall"] == 0.5
    assert report["records"]["all"]["precision"] == 1.0
    assert report["records"]["primary"]["recall"] == 1.0  # Klaten was the passing mention
    assert report["worst"][0]["missed"] == ["Kabupaten Klaten [kemenpanrb_pelayanan_publik]"]


def test_evaluate_extra_record_lowers_precision():
    extra = record("Pemkab Bantul", region="Kabupaten Bantul")
    report = run({"a1": [SLEMAN_GOLD]}, {"a1": [SLEMAN_PRED, extra]})
    assert report["records"]["primary"]["precision"] == 0.5
    assert report["records"]["primary"]["recall"] == 1.0
    assert report["worst"][0]["extra"] == ["Pemkab Bantul [kemenpanrb_pelayanan_publik]"]


def test_evaluate_negative_article_false_record_is_counted():
    report = run({"a1": [SLEMAN_GOLD], "neg": []},
                 {"a1": [SLEMAN_PRED], "neg": [record("Pemkab Bantul", region="Kabupaten Bantul")]})
    assert report["negatives"] == {"articles": 1, "false_records": 1, "articles_with_records": ["neg"]}
    assert report["metrics"]["negative_false_records"] == 1
    assert report["records"]["all"]["precision"] == 0.5


@pytest.mark.parametrize("pred_text,gold_text", [
    ("Pemkab Bekasi", "Pemerintah Kabupaten Bekasi"),
    ("Pemkot Bekasi", "Pemerintah Kota Bekasi"),
    ("Kab. Gianyar", "Kabupaten Gianyar"),
    ("Pemprov Jateng", "Pemerintah Provinsi Jateng"),
    ("Pemerintah Kabupaten (Pemkab) Kudus", "Kabupaten Kudus"),
])
def test_evaluate_recipient_names_normalise_without_regions(pred_text, gold_text):
    # No region on either side: identity must come from the names alone.
    pred = flat_from_record(record(pred_text))
    gold = flat_from_gold(gold_row(gold_text))
    assert recipient_similarity(NORM, pred, gold) == 1.0


@pytest.mark.parametrize("pred_text,gold_text", [
    ("Pemkab Bekasi", "Pemerintah Kota Bekasi"),  # a kabupaten and a kota share the bare name
    ("Pemkab Sleman", "Kabupaten Bantul"),
])
def test_evaluate_different_governments_do_not_match(pred_text, gold_text):
    assert recipient_similarity(NORM, flat_from_record(record(pred_text)), flat_from_gold(gold_row(gold_text))) == 0


def test_evaluate_head_matches_region_level_gold():
    pred = flat_from_record(record("Walikota Banda Aceh", type="kepala_daerah"))
    gold = flat_from_gold(gold_row("Wali Kota Banda Aceh", recipient_type="kepala_daerah"))
    assert recipient_similarity(NORM, pred, gold) == 1.0


@pytest.mark.parametrize("pred_text,pred_name,gold_text,expected", [
    ("Dinas Dukcapil", "Dinas Kependudukan dan Pencatatan Sipil", "Dinas Dukcapil Kab Gianyar", True),
    ("DPMPTSP", "DPMPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kabupaten Gianyar", True),
    ("RSUD Sanjiwani Gianyar", "RSUD Sanjiwani", "RSUD Sanjiwani", True),
    ("RSUD Sanjiwani", "RSUD Sanjiwani", "Dinas Dukcapil Kab Gianyar", False),
])
def test_evaluate_units_match_by_name_within_region(pred_text, pred_name, gold_text, expected):
    pred = flat_from_record(record(pred_text, name=pred_name, type="opd", region="Kabupaten Gianyar"))
    gold = flat_from_gold(gold_row(gold_text, recipient_type="opd", region="Kabupaten Gianyar"))
    assert (recipient_similarity(NORM, pred, gold) >= 0.5) is expected


def test_evaluate_family_must_agree_for_a_match():
    pred = flat_from_record(record("Pemkab Sleman", family="sakip", region="Kabupaten Sleman"))
    pairs, missed, extra = match_article(NORM, [flat_from_gold(SLEMAN_GOLD)], [pred])
    assert not pairs and len(missed) == 1 and len(extra) == 1


def test_evaluate_same_recipient_twice_pairs_by_year():
    gold = [flat_from_gold(gold_row("Wali Kota Semarang", recipient_type="kepala_daerah", year=y,
                                    region="Kota Semarang")) for y in (2017, 2018)]
    pred = [flat_from_record(record("Walikota Semarang", type="kepala_daerah", year=y, region="Kota Semarang"))
            for y in (2018, 2017)]
    pairs, _, _ = match_article(NORM, gold, pred)
    assert sorted((p.gold.year, p.pred.year) for p in pairs) == [(2017, 2017), (2018, 2018)]


@pytest.mark.parametrize("gold_grade,pred_grade,ok", [
    ("A (predikat pelayanan prima)", {"text": "A", "letter": "A", "label": "Pelayanan Prima"}, True),
    ("sangat baik (A)", {"text": "A-", "letter": "A-", "label": "Sangat Baik"}, False),
    ("Predikat Sangat Baik", {"text": "Sangat Baik", "letter": None, "label": "Sangat Baik"}, True),
    ("WTP", {"text": "Wajar Tanpa Pengecualian", "letter": "WTP", "label": "Wajar Tanpa Pengecualian"}, True),
    ("Nindya", {"text": "Madya", "letter": None, "label": "Madya"}, False),
    ("Menuju WBK", {"text": "Menuju Wilayah Bebas Korupsi", "letter": "WBK", "label": None}, True),
    ("Menuju WBK", {"text": "Menuju Wilayah Bebas Korupsi", "letter": None, "label": None}, True),
    ("WBBM", {"text": "WBK", "letter": "WBK", "label": None}, False),
])
def test_evaluate_grade_compares_letters_then_labels(gold_grade, pred_grade, ok):
    gold = flat_from_gold(gold_row("Kabupaten Sleman", grade=gold_grade))
    pred = flat_from_record(record("Kabupaten Sleman", grade={**pred_grade, "rank": None}))
    assert compare_fields(NORM, pred, gold)["grade"] is ok


@pytest.mark.parametrize("pred_name,gold_name,ok", [
    ("Amalia Desiana", "dr Amalia Desiana", True),
    ("H. Sri Mulyani, S.H., M.Si.", "Sri Mulyani", True),
    ("Hj. Sri Mulyani", "Sri Wahyuni", False),
])
def test_evaluate_officials_compare_without_honorifics(pred_name, gold_name, ok):
    gold = flat_from_gold(gold_row("Kabupaten Sleman", recipient_official={"name": gold_name, "title": "Bupati"}))
    pred = flat_from_record(record("Kabupaten Sleman", recipient_official={"name": pred_name, "title": None}))
    assert compare_fields(NORM, pred, gold)["recipient_official"] is ok


def test_evaluate_wrong_fields_are_listed_for_the_article():
    wrong = record("Pemkab Sleman", region="Kabupaten Sleman", year=2022, date="2023-12-05",
                   grade={"text": "A-", "letter": "A-", "label": "Sangat Baik", "rank": 2})
    report = run({"a1": [SLEMAN_GOLD]}, {"a1": [wrong]})
    fields = {w["field"] for w in report["worst"][0]["wrong"]}
    assert {"grade", "year", "giver", "venue"} <= fields
    assert report["metrics"]["grade_accuracy"] == 0.0
    assert report["metrics"]["date_accuracy"] == 1.0


def test_evaluate_review_decisions_become_gold():
    lines = [
        {**record("Pemkab Sleman", region="Kabupaten Sleman"), "review": {"decision": "accept"}},
        {**record("Pemkab Bantul", region="Kabupaten Bantul"), "review": {"decision": "reject"}},
        {**record("Pemkab Klaten", region="Kabupaten Klaten"),
         "review": {"decision": "correct", "fields": {"grade": {"text": "A", "letter": "A", "label": None,
                                                                "rank": 1}, "award.year": 2021}}},
        {**record("PT Maju Jaya", type="other", article_id="a2"), "review": {"decision": "reject"}},
    ]
    gold = reviewed_to_gold(lines)
    assert [g.recipient for g in gold["a1"]] == ["Pemkab Sleman", "Pemkab Klaten"]
    assert (gold["a1"][1].grade_letter, gold["a1"][1].year) == ("A", 2021)
    assert gold["a2"] == []  # every record rejected: the article is a negative
    assert apply_review(lines[1]) is None


def test_evaluate_json_output_parses_and_table_reads():
    report = run({"a1": [SLEMAN_GOLD], "neg": []}, {"a1": [SLEMAN_PRED]})
    parsed = json.loads(render_json(report))
    assert parsed["metrics"]["primary_f1"] == 1.0
    table = render_table(report, title="tiny")
    assert "primary" in table and "grade" in table and "negative articles: 1, false records: 0" in table


def write_gold_folder(root: Path) -> Path:
    """A two-article gold folder in the dev-articles format, with sentences written for this test."""
    (root / "articles").mkdir(parents=True)
    (root / "gold").mkdir()
    award = {"id": "001", "source": "https://contoh.go.id/berita/sleman-prima", "site": "contoh.go.id",
             "title": "Pemkab Sleman Raih Predikat Pelayanan Prima", "published": "2023-12-06",
             "text": "Pemerintah Kabupaten Sleman meraih predikat A (Pelayanan Prima) dalam evaluasi "
                     "pelayanan publik dari Kementerian PANRB. Penghargaan diterima Bupati Sleman "
                     "Kustini Sri Purnomo di Hotel Sahid Jakarta, Selasa (5/12/2023)."}
    plan = {"id": "002", "source": "https://contoh.go.id/berita/target-wtp", "site": "contoh.go.id",
            "title": "Pemkot Magelang Targetkan WTP", "published": "2024-01-10",
            "text": "Pemerintah Kota Magelang menargetkan opini WTP tahun depan. Wali Kota meminta "
                    "seluruh OPD menyiapkan laporan keuangan tepat waktu."}
    gold = gold_row("Pemerintah Kabupaten Sleman", region="Kabupaten Sleman", grade="A (Pelayanan Prima)",
                    giver="Kementerian PANRB", date="2023-12-05", year=2023, venue="Hotel Sahid Jakarta",
                    recipient_official={"name": "Kustini Sri Purnomo", "title": "Bupati Sleman"})
    for art, rows in ((award, [gold]), (plan, [])):
        (root / "articles" / f"{art['id']}.json").write_text(json.dumps(art), encoding="utf-8")
        (root / "gold" / f"{art['id']}.json").write_text(json.dumps(rows), encoding="utf-8")
    return root


def test_evaluate_load_gold_folder_reads_articles_and_negatives(tmp_path):
    arts = load_gold_folder(write_gold_folder(tmp_path / "g"))
    assert [(a.id, len(a.gold)) for a in arts] == [("001", 1), ("002", 0)]
    assert arts[0].article.text.startswith("Pemerintah Kabupaten Sleman")


def test_evaluate_gold_folder_without_gold_is_refused(tmp_path):
    from pipeline.errors import InputError

    with pytest.raises(InputError, match="no gold"):
        load_gold_folder(tmp_path)


def eval_command(argv: list[str]) -> int:
    from pipeline.commands import eval as eval_cmd

    parser = argparse.ArgumentParser(prog="warta")
    eval_cmd.register(parser.add_subparsers())
    args = parser.parse_args(argv)
    return args.func(args)


@pytest.mark.parametrize("as_json", [True, False])
def test_evaluate_command_runs_on_tiny_gold_folder(tmp_path, capsys, as_json):
    folder = write_gold_folder(tmp_path / "g")
    status = eval_command(["eval", "--gold", str(folder), "--worst", "3"] + (["--json"] if as_json else []))
    out = capsys.readouterr().out
    assert status == 0
    if as_json:
        report = json.loads(out)
        assert report["articles"] == 2 and report["negatives"]["articles"] == 1
        assert set(report["metrics"]) >= {"primary_f1", "all_f1", "grade_accuracy", "negative_false_records"}
    else:
        assert "2 articles (1 negative)" in out and "field (over matched pairs)" in out


def test_evaluate_reviewed_file_joins_its_articles(tmp_path):
    from pipeline.evaluate.run import load_reviewed_gold

    arts = load_gold_folder(write_gold_folder(tmp_path / "g"))
    accepted = record("Pemkab Sleman", region="Kabupaten Sleman")
    accepted["article"] = {"url": None, "site": "contoh.go.id", "title": arts[0].article.title, "published": None}
    rejected = record("Pemkot Magelang", region="Kota Magelang", article_id="002")
    lines = [{**accepted, "review": {"decision": "accept"}}, {**rejected, "review": {"decision": "reject"}}]
    path = tmp_path / "reviewed.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    gold = load_reviewed_gold(path, arts)
    assert [g.recipient for g in gold["001"]] == ["Pemkab Sleman"]
    assert gold["002"] == []
    # a distributed run's output folder reads the same (awards/part-*.jsonl, through pipeline/outputs.py)
    shards = tmp_path / "dask-out" / "awards"
    shards.mkdir(parents=True)
    (shards / "part-00000.jsonl").write_text(json.dumps(lines[0]) + "\n", encoding="utf-8")
    (shards / "part-00001.jsonl").write_text(json.dumps(lines[1]) + "\n", encoding="utf-8")
    assert load_reviewed_gold(shards.parent, arts) == gold


@pytest.mark.parametrize("pred_text,gold_region", [
    ("Bupati Waykanan Raden Adipati Surya", "Kabupaten Way Kanan"),  # spelling and a trailing name
    ("Wali Kota Pare-pare Taufan Pawe", "Kota Parepare"),
])
def test_evaluate_rules_gazetteer_resolves_head_regions(pred_text, gold_region):
    from pipeline.rules import load_rules

    norm = Normaliser.from_rules(load_rules(Path(__file__).parents[1] / "rules"))
    pred = flat_from_record(record(pred_text, type="kepala_daerah"))
    gold = flat_from_gold(gold_row(gold_region, region=gold_region))
    assert recipient_similarity(norm, pred, gold) == 1.0
