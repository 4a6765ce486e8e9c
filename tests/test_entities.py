"""Entity ids across articles: spelling variants of one person or unit get one id, others do not."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from pipeline.entities import entity_index
from pipeline.errors import RuleErrors
from pipeline.rules import load_rules
from pipeline.settings import SCHEMA_PATH

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus" / "events" / "articles.jsonl"


def test_entities_rule_examples_hold(rules):
    """Every example pair in rules/entities.toml gives one key (same_*) or two (different_*)."""
    ix = entity_index(rules)
    ex = rules.entities.examples
    assert ex["same_names"] and ex["same_units"]
    for a, b in ex["same_names"]:
        assert ix.person_key(a) == ix.person_key(b), (a, b)
    for a, b in ex["different_names"]:
        assert ix.person_key(a) != ix.person_key(b), (a, b)
    for a, b, region in ex["same_units"]:
        assert ix.unit_key(a, region) == ix.unit_key(b, region), (a, b)
    for a, b, region in ex["different_units"]:
        assert ix.unit_key(a, region) != ix.unit_key(b, region), (a, b)


def test_entities_same_person_same_scope_one_id_else_two(rules):
    ix = entity_index(rules)
    minister = ix.person("Syafrudin", "Menteri PAN-RB", "agency:kemenpanrb")
    assert ix.person("Drs. Syafruddin, M.Si.", "Menteri PANRB", "agency:kemenpanrb").id == minister.id
    assert ix.person("Syafrudin", "Bupati Bekasi", "region:Kabupaten Bekasi").id != minister.id  # other role, place
    bupati = ix.person("Eka Supria Atmaja", "Plt Bupati Bekasi", "region:Kabupaten Bekasi")
    assert ix.person("H. Eka Supria Atmaja, S.H.", "Bupati Bekasi", "region:Kabupaten Bekasi").id == bupati.id
    assert ix.person("Eka Supria Atmaja", "Kepala Dinas", "region:Kabupaten Bekasi").id != bupati.id
    assert ix.person("Eka Supria Atmaja", "Bupati Bogor", "region:Kabupaten Bogor").id != bupati.id


def test_entities_unit_spellings_one_id_and_regions_apart(rules):
    ix = entity_index(rules)
    full = ix.recipient({"text": "x", "name": "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Bekasi",
                         "type": "opd", "region": "Kabupaten Bekasi"})
    short = ix.recipient({"text": "x", "name": "Disdukcapil Kab. Bekasi", "type": "opd", "region": "Kab. Bekasi"})
    city = ix.recipient({"text": "x", "name": "Disdukcapil Kota Bekasi", "type": "opd", "region": "Kota Bekasi"})
    assert full.id == short.id and full.id.startswith("org-")
    assert city.id != full.id
    pemkab = ix.recipient({"text": "Pemkab Bekasi", "name": "Pemerintah Kabupaten Bekasi", "type": "pemda",
                           "region": "Kabupaten Bekasi"})
    assert pemkab.id not in (full.id, city.id)


def test_entities_written_into_records_and_valid_against_schema(tmp_path):
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "pipeline", "run", str(CORPUS), "--out", str(out), "--quiet"],
                          capture_output=True, text=True, cwd=REPO, timeout=600)
    assert proc.returncode == 0, proc.stderr
    recs = [json.loads(x) for x in (out / "awards.jsonl").read_text(encoding="utf-8").splitlines()]
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    for r in recs:
        jsonschema.validate(r, schema)
        assert r["recipient"]["entity_id"]
    officials = {(o["name"], o["entity_id"]) for r in recs for o in (r["giver_official"], r["recipient_official"])
                 if o}
    by_name = {name: eid for name, eid in officials}
    # Spelling variants across sites: one id each pair.
    assert by_name["Syafruddin Hasan"] == by_name["Syafrudin Hasan"]
    assert by_name["Rachmat Hidayat"] == by_name["Rahmat Hidayat"]
    assert by_name["Sri Wahjuningsih"] == by_name["Sri Wahyuningsih"]
    # Two heads of region whose names are spelling variants, in two regions: two people.
    assert by_name["Ahmad Fauzi"] != by_name["Achmad Fauzi"]
    units = {r["recipient"]["name"]: r["recipient"]["entity_id"] for r in recs}
    as_written = {r["recipient"]["text"]: r["recipient"]["entity_id"] for r in recs}
    assert as_written["Disdukcapil Kab. Bekasi"] == units["Dinas Kependudukan dan Pencatatan Sipil Kabupaten Bekasi"]
    assert units["RSUD dr. Soedirman Kabupaten Kebumen"] == units["RSUD dr. Sudirman Kabupaten Kebumen"]


def test_entities_broken_rule_file_is_refused_with_its_line(tmp_path):
    rules_dir = tmp_path / "rules"
    shutil.copytree(REPO / "rules", rules_dir)
    path = rules_dir / "entities.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('name_letters = [', 'name_lettres = [', 1),
                    encoding="utf-8")
    with pytest.raises(RuleErrors) as err:
        load_rules(rules_dir)
    assert "entities.toml" in str(err.value) and "unknown key 'name_lettres'" in str(err.value)


def test_entities_rules_check_reports_a_failing_example(tmp_path):
    from pipeline.rulecheck import check_rules

    rules_dir = tmp_path / "rules"
    shutil.copytree(REPO / "rules", rules_dir)
    path = rules_dir / "entities.toml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        'same_names = [\n', 'same_names = [\n  ["Syafrudin", "Syarifudin"],\n', 1), encoding="utf-8")
    _, problems = check_rules(rules_dir)
    [problem] = [p for p in problems if "entities.toml" in p.path]
    assert problem.line is not None and "'Syafrudin' and 'Syarifudin'" in problem.reason
    assert path.read_text(encoding="utf-8").splitlines()[problem.line - 1].strip() == '["Syafrudin", "Syarifudin"],'
