"""Batches that add up: later runs add, skip and replace; a killed run resumes; one process per folder."""
from __future__ import annotations

import fcntl
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

REGIONS = ["Sleman", "Bantul", "Kulon Progo", "Gunungkidul", "Klaten", "Boyolali", "Sragen", "Wonogiri"]


def _article(i: int, grade: str = "Sangat Baik (A-)") -> dict:
    region = REGIONS[i % len(REGIONS)]
    text = (f"Pemerintah Kabupaten {region} meraih predikat {grade} dalam evaluasi pelayanan publik dari "
            f"Kementerian PANRB. Penghargaan itu diterima Bupati {region} di Jakarta, Selasa (12/11/2019). "
            f"Kepala bagian organisasi menyebut capaian itu hasil kerja bersama ke-{i} seluruh pegawai.")
    return {"id": f"art-{i:05d}", "text": text, "published": "2019-11-13"}


def _write(path: Path, articles: list[dict]) -> Path:
    path.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    return path


def _warta(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=REPO, capture_output=True, text=True,
                          timeout=900, **kw)


def _lines(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]


def test_runner_later_run_adds_new_skips_done_and_replaces_changed(tmp_path):
    out = tmp_path / "out"
    first = _warta("run", str(_write(tmp_path / "a.jsonl", [_article(i) for i in range(3)])), "--out", str(out))
    assert first.returncode == 0, first.stderr
    changed = _article(1, grade="Baik (B)")
    second = _warta("run", str(_write(tmp_path / "b.jsonl", [_article(0), changed, _article(2), _article(3)])),
                    "--out", str(out))
    assert second.returncode == 0, second.stderr
    assert "already done: 2" in second.stderr
    assert "1 changed article re-extracted, 1 old record replaced" in second.stderr
    awards = _lines(out / "awards.jsonl")
    by_article = {}
    for rec in awards:
        by_article.setdefault(rec["article"]["id"], []).append(rec)
    assert sorted(by_article) == ["art-00000", "art-00001", "art-00002", "art-00003"]
    assert all(len(recs) == 1 for recs in by_article.values())  # nothing doubled
    assert by_article["art-00001"][0]["grade"]["letter"] == "B"  # the new text's record, the old one gone
    assert [a["id"] for a in _lines(out / "articles.jsonl")] == ["art-00000", "art-00002", "art-00001", "art-00003"]

    fresh = _warta("run", str(tmp_path / "b.jsonl"), "--out", str(out), "--fresh")
    assert fresh.returncode == 0 and "already done" not in fresh.stderr
    assert [r["article"]["id"] for r in _lines(out / "awards.jsonl")] == [
        "art-00000", "art-00001", "art-00002", "art-00003"]


def test_runner_killed_run_resumes_without_redoing_or_doubling(tmp_path):
    inputs = _write(tmp_path / "in.jsonl", [_article(i) for i in range(3000)])
    reference = tmp_path / "reference"
    assert _warta("run", str(inputs), "--out", str(reference), "--quiet").returncode == 0
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "run", str(inputs), "--out", str(out), "--quiet"],
                            cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    awards = out / "awards.jsonl"
    deadline = time.monotonic() + 600
    while not (awards.exists() and awards.stat().st_size) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(2.7)  # past the first commit of the run state (every 2 s), mid-write of later lines
    assert proc.poll() is None, "the run ended before it could be killed: give it more articles"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    again = _warta("run", str(inputs), "--out", str(out))
    assert again.returncode == 0, again.stderr
    assert "already done: " in again.stderr  # it did not start over
    for name in ("awards.jsonl", "articles.jsonl"):
        assert (out / name).read_bytes() == (reference / name).read_bytes()  # the rest, once, in order


def test_runner_second_run_on_a_busy_folder_refuses_or_waits(tmp_path):
    inputs = _write(tmp_path / "in.jsonl", [_article(i) for i in range(1500)])
    out = tmp_path / "out"
    first = subprocess.Popen([sys.executable, "-m", "pipeline", "run", str(inputs), "--out", str(out), "--quiet"],
                             cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    lock = out / "warta.lock"
    deadline = time.monotonic() + 300
    while not (lock.exists() and lock.stat().st_size) and time.monotonic() < deadline:
        time.sleep(0.05)
    refused = _warta("run", str(inputs), "--out", str(out))
    assert first.poll() is None, "the first run ended too soon for this test"
    assert refused.returncode == 2
    assert str(lock) in refused.stderr and f"pid {first.pid}" in refused.stderr and "--wait" in refused.stderr
    assert "Traceback" not in refused.stderr
    waited = _warta("run", str(inputs), "--out", str(out), "--wait")
    assert first.wait() == 0, first.stderr.read()
    assert waited.returncode == 0 and "already done: 1500" in waited.stderr
    ids = [r["article"]["id"] for r in _lines(out / "awards.jsonl")]
    assert len(ids) == len(set(ids)) == 1500  # one record per article: nothing doubled, nothing lost


def test_crawl_refuses_a_folder_another_process_holds(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    fd = os.open(out / "warta.lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # this test process holds the folder
    os.write(fd, b"a test (pid 1)\n")
    try:
        proc = _warta("crawl", "http://127.0.0.1:9/", "--out", str(out))
    finally:
        os.close(fd)
    assert proc.returncode == 2
    assert "warta.lock is held by a test (pid 1)" in proc.stderr and "Traceback" not in proc.stderr
    assert not (out / "articles.jsonl").exists()


def test_runner_later_run_redoes_articles_when_a_setting_their_records_depend_on_changed(tmp_path):
    src, out = _write(tmp_path / "a.jsonl", [_article(i) for i in range(3)]), tmp_path / "out"
    assert _warta("run", str(src), "--out", str(out)).returncode == 0
    # a setting records do not depend on (the review server's port): nothing to redo
    (tmp_path / "port.toml").write_text("[review]\nport = 9999\n", encoding="utf-8")
    same = _warta("run", str(src), "--out", str(out), "--config", str(tmp_path / "port.toml"))
    assert same.returncode == 0 and "already done: 3" in same.stderr, same.stderr
    # one they do (how far after publication a handover day may lie): every article is redone, once
    (tmp_path / "dates.toml").write_text("[dates]\nfuture_window_days = 5\n", encoding="utf-8")
    redo = _warta("run", str(src), "--out", str(out), "--config", str(tmp_path / "dates.toml"))
    assert redo.returncode == 0 and "already done" not in redo.stderr, redo.stderr
    assert "3 changed articles re-extracted, 3 old records replaced" in redo.stderr
    assert len(_lines(out / "awards.jsonl")) == 3  # replaced, not doubled
    again = _warta("run", str(src), "--out", str(out), "--config", str(tmp_path / "dates.toml"))
    assert "already done: 3" in again.stderr, again.stderr
