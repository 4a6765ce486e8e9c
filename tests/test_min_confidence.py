"""`--min-confidence X`: `warta run` and `warta extract` keep only the records at or above X."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
ARTICLES = [
    {"id": "sleman", "published": "2019-11-13", "title": "Sleman Raih Predikat A- Pelayanan Publik",
     "text": "Pemerintah Kabupaten Sleman meraih predikat Sangat Baik (A-) dalam evaluasi pelayanan publik dari "
             "Kementerian PANRB. Penghargaan diserahkan Menteri PANRB di Jakarta, Selasa (12/11/2019)."},
    {"id": "list", "published": "2021-06-01", "title": "Empat Daerah Raih Opini WTP",
     "text": "Opini Wajar Tanpa Pengecualian (WTP) dari BPK diraih Kabupaten Sragen, Kota Surakarta, "
             "kabupaten Klaten dan Kabupaten Semarang."},
]


def _warta(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300)


@pytest.fixture(scope="module")
def articles_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("in") / "articles.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def all_records(articles_file) -> list[dict]:
    proc = _warta("extract", str(articles_file), cwd=REPO)
    assert proc.returncode == 0, proc.stderr
    return [json.loads(line) for line in proc.stdout.splitlines()]


def test_min_confidence_extract_keeps_only_records_at_or_above(articles_file, all_records):
    # At the highest confidence found: exactly the records at it are kept; just above it, none.
    cut = max(r["confidence"] for r in all_records)
    proc = _warta("extract", str(articles_file), "--min-confidence", str(cut), cwd=REPO)
    kept = [json.loads(line) for line in proc.stdout.splitlines()]
    assert kept and all(r["confidence"] >= cut for r in kept)
    assert len(kept) == sum(r["confidence"] >= cut for r in all_records)
    above = _warta("extract", str(articles_file), "--min-confidence", str(round(cut + 0.0005, 4)), cwd=REPO)
    assert above.returncode == 0 and above.stdout == ""


def test_min_confidence_run_writes_fewer_records_and_says_so(tmp_path, articles_file, all_records):
    cut = max(r["confidence"] for r in all_records)
    proc = _warta("run", str(articles_file), "--out", str(tmp_path / "out"), "--min-confidence", str(cut), cwd=REPO)
    assert proc.returncode == 0, proc.stderr
    written = [json.loads(x) for x in (tmp_path / "out" / "awards.jsonl").read_text(encoding="utf-8").splitlines()]
    expected = sum(r["confidence"] >= cut for r in all_records)
    assert len(written) == expected and all(r["confidence"] >= cut for r in written)
    assert f"wrote {expected} record" in proc.stderr
    # The articles are still written: filtering records loses no input.
    assert len((tmp_path / "out" / "articles.jsonl").read_text(encoding="utf-8").splitlines()) == len(ARTICLES)


def test_min_confidence_above_one_writes_nothing(articles_file):
    proc = _warta("extract", str(articles_file), "--min-confidence", "1.01", cwd=REPO)
    assert proc.returncode == 0 and proc.stdout == ""
