"""`warta export`: flat CSV, Parquet and JSONL that load in DuckDB and pandas with proper types."""
from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.export import EVENT_COLUMNS, RECORD_COLUMNS

duckdb = pytest.importorskip("duckdb")
pd = pytest.importorskip("pandas")

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus" / "events" / "articles.jsonl"


def _warta(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, text=True, cwd=REPO,
                          timeout=600)


def test_export_records_csv_and_parquet_load_in_duckdb_with_types(run_dir, tmp_path):
    csv_path, pq_path = tmp_path / "awards.csv", tmp_path / "awards.parquet"
    assert _warta("export", str(run_dir), "--format", "csv", "-o", str(csv_path)).returncode == 0
    proc = _warta("export", str(run_dir), "--format", "parquet", "-o", str(pq_path))
    assert proc.returncode == 0 and "18 records" in proc.stderr
    con = duckdb.connect()
    types = dict(con.execute(f"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM '{pq_path}')").fetchall())
    assert list(types) == [c.name for c in RECORD_COLUMNS]
    assert types["date"] == "DATE" and types["published_date"] == "DATE" and types["award_year"] == "INTEGER"
    assert types["grade_rank"] == "INTEGER" and types["primary"] == "BOOLEAN" and types["confidence"] == "DOUBLE"
    per_province = con.execute(
        f"SELECT province, award_year, count(*) FROM '{pq_path}' GROUP BY ALL ORDER BY ALL").fetchall()
    assert ("Provinsi Jawa Tengah", 2022, 8) in per_province and ("Provinsi DI Yogyakarta", 2023, 4) in per_province
    from_csv = con.execute(f"SELECT record_id, date, \"primary\", grade_letter FROM read_csv_auto('{csv_path}') "
                           "ORDER BY record_id").fetchall()
    from_pq = con.execute(f"SELECT record_id, date, \"primary\", grade_letter FROM '{pq_path}' ORDER BY record_id"
                          ).fetchall()
    assert from_csv == from_pq and all(isinstance(d, dt.date) for _, d, _, _ in from_pq if d is not None)


def test_export_events_load_in_pandas(run_dir, tmp_path):
    pq_path, csv_path = tmp_path / "events.parquet", tmp_path / "events.csv"
    assert _warta("export", str(run_dir), "--events", "--format", "parquet", "-o", str(pq_path)).returncode == 0
    assert _warta("export", str(run_dir / "events.jsonl"), "--format", "csv", "-o", str(csv_path)).returncode == 0
    df = pd.read_parquet(pq_path)
    assert list(df.columns) == [c.name for c in EVENT_COLUMNS] and len(df) == 9
    assert str(df["n_sources"].dtype) == "int32" and str(df["primary"].dtype) == "bool"
    sleman = df[df["award_family"] == "sakip"].iloc[0]
    assert sleman["n_sources"] == 4 and sleman["date"] == dt.date(2023, 12, 7)
    assert sleman["sites"].split("|")[0] == "www.slemankab.go.id"
    csv = pd.read_csv(csv_path, parse_dates=["date"])
    assert sorted(csv["event_id"]) == sorted(df["event_id"])
    assert csv["n_sources"].sum() == 18  # every record is a source of exactly one event


def test_export_jsonl_to_stdout_is_flat(run_dir):
    proc = _warta("export", str(run_dir / "awards.jsonl"), "--format", "jsonl")
    rows = [json.loads(x) for x in proc.stdout.splitlines()]
    assert proc.returncode == 0 and len(rows) == 18
    assert all(not isinstance(v, (dict, list)) for row in rows for v in row.values())
    assert {r["recipient_entity_id"] for r in rows if r["recipient_region"] == "Kabupaten Bekasi"}.__len__() == 1


def test_export_without_pyarrow_says_how_to_get_it(run_dir, tmp_path):
    code = ("import sys; sys.modules['pyarrow'] = None; from pipeline.cli import main; "
            f"sys.exit(main(['export', {str(run_dir)!r}, '--format', 'parquet', '-o', {str(tmp_path / 'x.pq')!r}]))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=300)
    assert proc.returncode == 2 and "pip install 'warta[parquet]'" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "x.pq").exists()


def test_export_columns_are_documented():
    proc = _warta("export", "--columns")
    assert proc.returncode == 0
    for c in RECORD_COLUMNS + EVENT_COLUMNS:
        assert f"| `{c.name}` | {c.type} |" in proc.stdout
