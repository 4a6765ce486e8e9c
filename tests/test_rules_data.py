"""Checks on the shipped rules data (rules/gazetteers/*.tsv, rules/awards/*.toml), stdlib only.

These guard what a user editing the data could break: headers, ids, counts against the official
region list, ambiguous bare names, risky abbreviations, award scales and givers.
"""
from __future__ import annotations

import csv
import json
import tomllib
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GAZ = ROOT / "rules" / "gazetteers"
AWARDS = ROOT / "rules" / "awards"
SHARED = Path(__file__).parents[1].parent / "shared"
REQUIRED = ["id", "label", "canonical", "type", "aliases"]
FILE_LABEL = {
    "regions.tsv": "REGION", "regional_gov.tsv": "REGIONAL_GOV", "agencies.tsv": "AGENCY",
    "opd.tsv": "UNIT", "titles.tsv": "TITLE", "honorifics.tsv": "HONORIFIC",
}
# DOMAIN.md section 2: bare names that belong to both a kabupaten and a kota.
SHARED_BARE = [
    "Bekasi", "Bogor", "Bandung", "Cirebon", "Malang", "Semarang", "Tangerang", "Serang", "Kediri", "Blitar",
    "Madiun", "Magelang", "Pekalongan", "Tegal", "Mojokerto", "Pasuruan", "Probolinggo", "Sukabumi",
    "Tasikmalaya", "Solok", "Bima", "Kupang", "Gorontalo", "Jayapura", "Sorong", "Banjar",
]
# Short press abbreviations that collide with words or other acronyms: never matched bare.
RISKY = ["BU", "BS", "RL", "OI", "TTS", "OKI", "KKR", "MTB", "Benteng", "Mitra", "Balut", "Matra", "Mateng",
         "Loteng", "Mabar", "Tuba", "Balam", "Basel", "Babar", "Palas", "Madina", "Jakarta", "Jogja", "KIP", "KI", "Pejabat"]


def read_tsv(path: Path) -> list[dict[str, str]]:
    """Return the data rows of a gazetteer file as dicts (comments skipped, header first)."""
    lines = [l for l in path.read_text(encoding="utf-8").splitlines() if l.strip() and not l.startswith("#")]
    rows = list(csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    header = rows[0]
    return [dict(zip(header, r)) | {"_header": "\t".join(header), "_cells": str(len(r))} for r in rows[1:]]


def all_rows() -> list[tuple[str, dict[str, str]]]:
    return [(p.name, row) for p in sorted(GAZ.glob("*.tsv")) for row in read_tsv(p)]


def aliases(row: dict[str, str]) -> list[str]:
    return [a for a in row["aliases"].split("|") if a]


def families() -> list[tuple[str, dict]]:
    return [(p.stem, tomllib.loads(p.read_text(encoding="utf-8"))) for p in sorted(AWARDS.glob("*.toml"))]


@pytest.mark.parametrize("name", sorted(FILE_LABEL))
def test_rules_data_gazetteer_has_required_header_and_label(name: str) -> None:
    rows = read_tsv(GAZ / name)
    assert rows, f"{name} has no rows"
    header = rows[0]["_header"].split("\t")
    assert header[:5] == REQUIRED
    for row in rows:
        assert int(row["_cells"]) <= len(header), f"{name}: {row['id']} has more cells than the header"
        assert row["label"] == FILE_LABEL[name], f"{name}: {row['id']} has label {row['label']}"


def test_rules_data_ids_unique_across_files_and_well_formed() -> None:
    ids = Counter(row["id"] for _, row in all_rows())
    assert [i for i, n in ids.items() if n > 1] == []
    bad = [i for i in ids if not i or any(c not in "abcdefghijklmnopqrstuvwxyz0123456789_." for c in i)]
    assert bad == []


def test_rules_data_every_row_has_canonical_and_type() -> None:
    empty = [(f, r["id"]) for f, r in all_rows() if not r["canonical"].strip() or not r["type"].strip()]
    assert empty == []


def test_rules_data_region_counts_match_kemendagri() -> None:
    types = Counter(r["type"] for r in read_tsv(GAZ / "regions.tsv"))
    assert types["provinsi"] == 38
    assert types["kabupaten"] + types["kota"] == 514
    assert (types["kabupaten"], types["kota"]) == (416, 98)


@pytest.mark.parametrize("bare", SHARED_BARE)
def test_rules_data_shared_bare_name_is_flagged_on_kabupaten_and_kota(bare: str) -> None:
    rows = [r for r in read_tsv(GAZ / "regions.tsv") if r["bare"] == bare and r["type"] in ("kabupaten", "kota")]
    assert sorted(r["type"] for r in rows) == ["kabupaten", "kota"]
    assert all(r["shared"] == "yes" for r in rows)


@pytest.mark.parametrize("name", ["Jambi", "Bengkulu", "Gorontalo"])
def test_rules_data_province_sharing_a_city_name_is_flagged(name: str) -> None:
    prov = [r for r in read_tsv(GAZ / "regions.tsv") if r["canonical"] == f"Provinsi {name}"]
    assert prov and prov[0]["shared"] == "yes"
    assert name not in aliases(prov[0])


def test_rules_data_bare_kabupaten_kota_names_are_not_aliases() -> None:
    rows = read_tsv(GAZ / "regions.tsv")
    # The exception: a bare name no other region shares that begins with a province's name ("Aceh Selatan"),
    # where the province's name alone would be read without it.
    provinces = {a.lstrip("=").lower() for r in rows if r["type"] == "provinsi" for a in [r["bare"]] + aliases(r)}

    def after_province(bare: str) -> bool:
        words = bare.lower().split()
        return any(" ".join(words[:k]) in provinces for k in range(1, len(words)))

    leaks = [(r["id"], r["bare"]) for r in rows
             if r["type"] != "provinsi" and not r["code"].startswith("31.")
             and r["bare"].lower() in {a.lstrip("=").lower() for a in aliases(r)}
             and (r["shared"] == "yes" or not after_province(r["bare"]))]
    assert leaks == []


@pytest.mark.parametrize("abbr", RISKY)
def test_rules_data_risky_abbreviation_is_not_a_bare_alias(abbr: str) -> None:
    hits = [(f, r["id"]) for f, r in all_rows() if abbr.lower() in {a.lstrip("=").lower() for a in aliases(r)}]
    assert hits == []


def test_rules_data_no_alias_names_two_regions() -> None:
    seen: dict[str, str] = {}
    clashes = []
    for r in read_tsv(GAZ / "regions.tsv"):
        for a in [r["canonical"]] + aliases(r):
            key = a.lstrip("=").lower()
            if seen.setdefault(key, r["id"]) != r["id"]:
                clashes.append((a, seen[key], r["id"]))
    assert clashes == []


@pytest.mark.parametrize("text, region_id", [
    ("Kab. Bekasi", "kab_bekasi"),
    ("Kota Administrasi Jakarta Selatan", "kota_jakarta_selatan"),
    ("Jaksel", "kota_jakarta_selatan"),
    ("Jabar", "prov_jawa_barat"),
    ("Prov. Jawa Barat", "prov_jawa_barat"),
    ("Kabupaten Toba Samosir", "kab_toba"),
    ("Kukar", "kab_kutai_kartanegara"),
])
def test_rules_data_region_spelling_resolves_to_one_region(text: str, region_id: str) -> None:
    found = [r["id"] for r in read_tsv(GAZ / "regions.tsv")
             if text.lower() in {a.lstrip("=").lower() for a in [r["canonical"]] + aliases(r)}]
    assert found == [region_id]


def test_rules_data_regions_in_sync_with_domain_source() -> None:
    src = SHARED / "domain" / "regencies_cities.txt"
    if not src.exists():
        pytest.skip("../shared/domain not available")
    names = {l.strip() for l in src.read_text(encoding="utf-8").splitlines() if l.strip() and not l.startswith("#")}
    ours = {r["canonical"] for r in read_tsv(GAZ / "regions.tsv") if r["type"] != "provinsi"}
    assert ours == names


@pytest.mark.parametrize("name, column, target", [
    ("titles.tsv", "agency", "agencies.tsv"),
    ("agencies.tsv", "parent", "agencies.tsv"),
])
def test_rules_data_references_point_to_existing_agencies(name: str, column: str, target: str) -> None:
    known = {r["id"] for r in read_tsv(GAZ / target)}
    dangling = [(r["id"], r[column]) for r in read_tsv(GAZ / name) if r.get(column) and r[column] not in known]
    assert dangling == []


def test_rules_data_minister_titles_name_their_agency() -> None:
    missing = [r["id"] for r in read_tsv(GAZ / "titles.tsv") if r["type"] == "minister" and not r.get("agency")]
    assert missing == []


@pytest.mark.parametrize("stem, fam", families(), ids=[s for s, _ in families()])
def test_rules_data_award_family_is_well_formed(stem: str, fam: dict) -> None:
    assert fam["id"] == stem
    assert fam["name"].strip()
    assert len(fam.get("examples", [])) >= 2 and len(fam.get("counter_examples", [])) >= 1
    ranks = sorted({g["rank"] for g in fam.get("grades", [])})
    assert ranks == list(range(1, len(ranks) + 1)), f"ranks {ranks} have gaps"
    for g in fam.get("grades", []):
        assert g.get("letter") or g.get("label")
        if "score_min" in g:
            assert g["score_min"] <= g["score_max"]


@pytest.mark.parametrize("stem, fam", families(), ids=[s for s, _ in families()])
def test_rules_data_award_givers_exist_in_agencies(stem: str, fam: dict) -> None:
    known = {r["id"] for r in read_tsv(GAZ / "agencies.tsv")}
    assert fam["givers"], f"{stem} names no giver"
    assert [g for g in fam["givers"] if g not in known] == []


@pytest.mark.parametrize("stem, fam", [f for f in families() if f[1].get("score")], ids=lambda x: x if isinstance(x, str) else "")
def test_rules_data_award_score_bands_do_not_overlap(stem: str, fam: dict) -> None:
    bands = sorted((g["score_min"], g["score_max"]) for g in fam["grades"] if "score_min" in g)
    for (lo1, hi1), (lo2, _) in zip(bands, bands[1:]):
        assert hi1 < lo2, f"{stem}: band ending {hi1} overlaps band starting {lo2}"


def test_rules_data_award_grades_best_is_rank_one() -> None:
    best = {stem: [g.get("letter") or g["label"] for g in fam.get("grades", []) if g["rank"] == 1] for stem, fam in families()}
    assert "WBBM" in best["wbk_wbbm"] and "WTP" in best["bpk_opini"] and "AA" in best["sakip"]
    assert "Wistara" in best["swasti_saba"] and "Mentor" in best["ape"] and "Terjaga" in best["mcp_kpk"]


def test_rules_data_gold_award_families_all_exist() -> None:
    gold = SHARED / "dev-articles" / "gold"
    if not gold.is_dir():
        pytest.skip("../shared/dev-articles not available")
    used = {rec["award_family"] for p in gold.glob("*.json") for rec in json.loads(p.read_text(encoding="utf-8"))}
    assert sorted(used - {stem for stem, _ in families()}) == []
