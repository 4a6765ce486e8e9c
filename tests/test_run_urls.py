"""`warta run URL` on a local copy of a news site gives the records `warta run` gives on its saved files."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from sitesrv import SiteServer

REPO = Path(__file__).resolve().parents[1]
SITE = REPO / "corpus" / "sites" / "beritacikarang"


def _records(out: Path) -> set[tuple]:
    rows = [json.loads(x) for x in (out / "awards.jsonl").read_text(encoding="utf-8").splitlines()]
    return {(r["recipient"]["name"], r["award"]["family"], (r["grade"] or {}).get("letter"),
             (r["date"] or {}).get("value"), r["primary"]) for r in rows}


def _run(*argv: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", "run", *argv], cwd=REPO, capture_output=True,
                          text=True, timeout=600)


def test_run_urls_crawled_site_gives_the_records_of_its_saved_files(tmp_path):
    with SiteServer() as srv:
        crawled = _run(srv.url("beritacikarang", "/"), "--out", str(tmp_path / "web"), "--quiet")
        again = _run(srv.url("beritacikarang", "/"), "--out", str(tmp_path / "web"), "--quiet")
    saved = _run(str(SITE), "--out", str(tmp_path / "files"), "--quiet")
    assert crawled.returncode in (0, 1) and saved.returncode in (0, 1), crawled.stderr + saved.stderr
    web, files = _records(tmp_path / "web"), _records(tmp_path / "files")
    assert web and web == files
    assert ("RSUD Kabupaten Bekasi", "kemenpanrb_pelayanan_publik", "A-", "2018-11-27", True) in web
    assert _records(tmp_path / "web") == web and again.returncode in (0, 1)  # a second run: same records
