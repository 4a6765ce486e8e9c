"""`warta run URL` on a local copy of a news site gives the records `warta run` gives on its saved files."""
from __future__ import annotations

import json
from pathlib import Path

from sitesrv import SiteServer

REPO = Path(__file__).resolve().parents[1]
SITE = REPO / "corpus" / "sites" / "beritacikarang"


def _records(out: Path) -> set[tuple]:
    rows = [json.loads(x) for x in (out / "awards.jsonl").read_text(encoding="utf-8").splitlines()]
    return {(r["recipient"]["name"], r["award"]["family"], (r["grade"] or {}).get("letter"),
             (r["date"] or {}).get("value"), r["primary"]) for r in rows}


def test_run_urls_crawled_site_gives_the_records_of_its_saved_files(tmp_path, warta, valid_output):
    with SiteServer() as srv:
        crawled = warta("run", srv.url("beritacikarang", "/"), "--out", tmp_path / "web", "--quiet")
        again = warta("run", srv.url("beritacikarang", "/"), "--out", tmp_path / "web", "--quiet")
    saved = warta("run", SITE, "--out", tmp_path / "files", "--quiet")
    assert crawled[0] in (0, 1) and saved[0] in (0, 1), crawled[2] + saved[2]
    valid_output(tmp_path / "web", tmp_path / "files")
    web, files = _records(tmp_path / "web"), _records(tmp_path / "files")
    assert web and web == files
    assert ("RSUD Kabupaten Bekasi", "kemenpanrb_pelayanan_publik", "A-", "2018-11-27", True) in web
    assert _records(tmp_path / "web") == web and again[0] in (0, 1)  # a second run: same records
