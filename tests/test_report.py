"""warta report: provinces data, counting by province through the gazetteer, the page and its CLI."""
from __future__ import annotations

import base64
import hashlib
import json
from collections import Counter
from pathlib import Path

from bs4 import BeautifulSoup

from pipeline.cli import main as warta
from pipeline.report.charts import BLUES, EMPTY, shade, tile_map
from pipeline.report.data import summarize
from pipeline.report.provinces import grid, provinces, region_provinces
from pipeline.review.page import asset

FIXTURES = Path(__file__).parent / "review_fixtures"
AWARDS = FIXTURES / "awards.jsonl"


def test_report_provinces_match_the_region_gazetteer(rules) -> None:
    gazetteer = {e.attrs["code"]: e.canonical for e in rules.entries("REGION") if e.type == "provinsi"}
    assert {p.code: p.name for p in provinces()} == gazetteer
    assert len(provinces()) == 38


def test_report_capitals_lie_in_indonesia_and_in_order() -> None:
    for p in provinces():
        assert -11.5 < p.lat < 6.5 and 94.5 < p.lon < 141.5, p
    by = {p.short: p for p in provinces()}
    assert by["Aceh"].lon < by["Jabar"].lon < by["Jatim"].lon < by["Sulsel"].lon < by["Papua"].lon
    assert by["NTT"].lat < by["Jatim"].lat < by["Kalbar"].lat < by["Sumut"].lat


def test_report_grid_gives_each_province_its_own_tile_near_its_capital() -> None:
    tiles = grid()
    assert len(tiles) == 38 and len(set(tiles.values())) == 38
    by = {p.short: tiles[p.name] for p in provinces()}
    assert by["Aceh"][0] < by["DKI"][0] < by["Bali"][0] < by["Papua"][0]     # west → east
    assert by["Sumut"][1] < by["Lampung"][1] < by["Jabar"][1] < by["NTT"][1]  # north → south


def test_report_counts_awards_by_province_through_the_region_gazetteer(rules) -> None:
    records = [json.loads(x) for x in AWARDS.read_text().splitlines()]
    records.append({"recipient": {"region": "Atlantis"}, "award": {"family": "kip", "year": 2024}})
    records.append({"recipient": {"region": "Provinsi Jawa Barat"}, "award": {"family": "kip", "year": 2024}})
    data = summarize(records, region_provinces(rules))
    assert data.records == 6 and data.no_province == 1
    assert data.provinces == Counter({"Jawa Timur": 2, "Jawa Barat": 2, "DI Yogyakarta": 1})
    assert data.province_years["Jawa Timur"] == Counter({"2022": 1, "(none)": 1})
    assert data.years["2023"] == 2 and data.family_grades["bpk_opini"] == Counter({"WTP": 1})


def test_report_legend_bins_are_the_shades_used() -> None:
    for top in (1, 3, 7, 10, 451):
        legend = tile_map(Counter({"Aceh": top}))["legend"]
        assert legend[0] == {"fill": EMPTY, "label": "0"}
        for item in legend[1:]:
            lo, _, hi = item["label"].partition("–")
            assert shade(int(lo), top) == shade(int(hi or lo), top) == item["fill"]
        assert shade(top, top) == BLUES[-1]


def page_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_report_cli_writes_one_self_contained_page(tmp_path: Path, capsys) -> None:
    out = tmp_path / "report.html"
    assert warta(["report", str(AWARDS), "-o", str(out)]) == 0
    assert f"wrote {out}: 4 records, 3 of 38 provinces, 0 without a known province" in capsys.readouterr().out
    soup = page_of(out)
    assert len(soup.select("#map [data-province]")) == 38
    assert len(soup.find_all("svg")) == 6
    # Nothing to fetch: no src, no link, no stylesheet, no url() anywhere.
    assert not soup.find_all(attrs={"src": True}) and not soup.find_all("link")
    assert "url(" not in out.read_text(encoding="utf-8")
    policy = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    digest = base64.b64encode(hashlib.sha256(asset("pipeline.report", "report.js").encode()).digest()).decode()
    assert "default-src 'none'" in policy and f"script-src 'sha256-{digest}'" in policy
    assert "connect-src 'none'" in policy


def test_report_cli_reads_several_inputs_folders_and_names_bad_lines(tmp_path: Path, capsys) -> None:
    run = tmp_path / "run"
    run.mkdir()
    (run / "awards.jsonl").write_text(AWARDS.read_text() + "{broken\n")
    out = tmp_path / "r.html"
    assert warta(["report", str(run), str(AWARDS), "-o", str(out)]) == 0
    captured = capsys.readouterr()
    assert "8 records, 3 of 38 provinces" in captured.out
    assert "awards.jsonl:5: skipped, not JSON" in captured.err
    tiles = {t["data-province"]: int(t["data-count"]) for t in page_of(out).select("[data-province]")}
    assert tiles["Jawa Timur"] == 4 and tiles["DI Yogyakarta"] == 2 and tiles["Aceh"] == 0


def test_report_cli_missing_input_is_one_message(tmp_path: Path, capsys) -> None:
    assert warta(["report", str(tmp_path / "nope.jsonl"), "-o", str(tmp_path / "r.html")]) == 2
    assert "nope.jsonl" in capsys.readouterr().err
    assert not (tmp_path / "r.html").exists()


def test_report_record_text_is_escaped_never_markup(tmp_path: Path) -> None:
    evil = "<script>alert(1)</script><img src=x onerror=alert(1)>"
    record = {"recipient": {"name": evil, "region": "Kota Madiun"}, "award": {"family": evil, "year": 2024},
              "giver": {"name": evil}, "grade": {"letter": evil}}
    src = tmp_path / "awards.jsonl"
    src.write_text(json.dumps(record) + "\n")
    out = tmp_path / "r.html"
    assert warta(["report", str(src), "-o", str(out)]) == 0
    soup = page_of(out)
    assert len(soup.find_all("script")) == 2 and not soup.find_all("img")
    assert not soup.find_all(attrs={"onerror": True})
    assert evil[:20] in soup.get_text()


def test_report_cli_reads_stdin_and_writes_stdout(monkeypatch, capsys) -> None:
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(AWARDS.read_bytes())))
    assert warta(["report", "-", "-o", "-"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("<!doctype html>") and captured.out.count('data-province="') == 38
    assert "4 records, 3 of 38 provinces" in captured.err and "from stdin" in captured.out
