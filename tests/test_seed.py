"""End to end on the seed page: `warta run` writes the worked example of DESIGN.md, every field."""
from __future__ import annotations

from pathlib import Path

import json
import subprocess
import sys

import jsonschema
import pytest

REPO = Path(__file__).resolve().parents[1]

SEED_HTML = REPO / "corpus" / "html" / "beritacikarang-2018-11-28-pemkab-bekasi-pelayanan-publik.html"
EVENT = "Penyampaian Hasil Evaluasi dan Apresiasi Pelayanan Publik Tahun 2018"
VENUE = "Rafflesia Grand Ballroom, Balai Kartini, Jakarta Selatan"
BEKASI = "Kabupaten Bekasi"


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory, warta, valid_output):
    out = tmp_path_factory.mktemp("seed")
    code, _, stderr = warta("run", SEED_HTML, "--out", out)
    assert code == 0, stderr
    valid_output(out)
    records = [json.loads(x) for x in (out / "awards.jsonl").read_text(encoding="utf-8").splitlines()]
    articles = [json.loads(x) for x in (out / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    return records, articles, stderr, out


def _by_name(records):
    return {r["recipient"]["name"]: r for r in records}


def test_seed_writes_exactly_the_four_worked_example_records(seed_run):
    records, _, _, _ = seed_run
    assert sorted(_by_name(records)) == sorted([
        "RSUD Kabupaten Bekasi",
        "Dinas Kependudukan dan Pencatatan Sipil",
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        "RSUD A.M. Parikesit Kabupaten Kutai Kartanegara",
    ])


@pytest.mark.parametrize("name,letter,label,rank", [
    ("RSUD Kabupaten Bekasi", "A-", "Sangat Baik", 2),
    ("Dinas Kependudukan dan Pencatatan Sipil", "B", "Baik", 3),
    ("Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "B", "Baik", 3),
])
def test_seed_primary_records_every_field(seed_run, name, letter, label, rank):
    records, articles, _, _ = seed_run
    r = _by_name(records)[name]
    assert r["recipient"]["type"] == "opd" and r["recipient"]["region"] == BEKASI
    assert r["recipient_parent"] == "Pemerintah Kabupaten Bekasi"
    assert (r["grade"]["letter"], r["grade"]["label"], r["grade"]["rank"]) == (letter, label, rank)
    assert r["award"]["family"] == "kemenpanrb_pelayanan_publik" and r["award"]["year"] == 2018
    assert r["giver"]["id"] == "kemenpanrb" and r["giver"]["name"] == "Kementerian PANRB"
    assert {k: r["giver_official"][k] for k in ("name", "title")} == {"name": "Syafrudin", "title": "Menteri PAN-RB"}
    assert {k: r["recipient_official"][k] for k in ("name", "title")} == {"name": "Eka Supria Atmaja", "title": "Plt Bupati Bekasi"}
    assert r["event"] == {"text": EVENT}
    assert r["venue"] == {"text": VENUE}
    assert r["date"]["value"] == "2018-11-27" and "27/11" in r["date"]["text"]
    assert r["primary"] is True
    assert r["article"]["published"].startswith("2018-11-28")
    assert 0.5 <= r["confidence"] <= 1


def test_seed_passing_mention_is_not_primary(seed_run):
    records, _, _, _ = seed_run
    r = _by_name(records)["RSUD A.M. Parikesit Kabupaten Kutai Kartanegara"]
    assert r["primary"] is False
    assert r["recipient"]["region"] == "Kabupaten Kutai Kartanegara" and r["recipient_parent"] is None
    assert r["grade"]["letter"] == "A" and r["grade"]["label"] == "Pelayanan Prima"
    assert r["award"]["year"] == 2017 and r["giver"]["id"] == "kemenpanrb"
    assert r["date"] is None and r["venue"] is None and r["event"] is None


def test_seed_evidence_slices_the_article_text_exactly(seed_run):
    records, articles, _, _ = seed_run
    text = articles[0]["text"]
    for r in records:
        assert {e["field"] for e in r["evidence"]} >= {"recipient", "grade", "giver"}
        for e in r["evidence"]:
            assert text[e["start"]:e["end"]] == e["text"]


def test_seed_every_record_matches_the_json_schema(seed_run):
    records, _, _, _ = seed_run
    schema = json.loads((REPO / "pipeline" / "schema" / "award_record.schema.json").read_text())
    for r in records:
        jsonschema.validate(r, schema)


def test_seed_rerun_is_byte_identical(seed_run, tmp_path):
    _, _, _, first = seed_run
    # A fresh process on purpose: nothing of the first run's process (hash seed, caches) may matter.
    subprocess.run([sys.executable, "-m", "pipeline", "run", str(SEED_HTML), "--out", str(tmp_path), "--quiet"],
                   cwd=REPO, check=True, timeout=300)
    assert (tmp_path / "awards.jsonl").read_bytes() == (first / "awards.jsonl").read_bytes()


def test_seed_summary_says_what_happened(seed_run):
    _, _, stderr, _ = seed_run
    assert "read 1 article," in stderr and "wrote 4 records" in stderr and "0 failed" in stderr
