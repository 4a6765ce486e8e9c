"""`warta run --engine dask`: shards on a LocalCluster equal a one-process run; a killed run resumes."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.outputs import read_output
from warc_pages import AWARD_PARAS, PLAIN_PARAS, SECOND_PAGE_PARAS, mixed_archive

pytest.importorskip("distributed")
pytest.importorskip("fastwarc")

REPO = Path(__file__).resolve().parents[1]
WARTA = str(Path(sys.executable).parent / "warta")
REGIONS = ["Sleman", "Bantul", "Kulon Progo", "Gunungkidul", "Klaten", "Boyolali", "Magelang", "Purworejo"]


def _inputs(root: Path) -> Path:
    """Eight Article JSONL files (corpus articles and made-up news), a web archive and a folder of pages."""
    inputs = root / "inputs"
    inputs.mkdir()
    corpus = [json.loads(f.read_text(encoding="utf-8")) for f in sorted((REPO / "corpus" / "articles").glob("*.json"))]
    for n, region in enumerate(REGIONS):
        lines = [corpus[i] for i in range(n, len(corpus), len(REGIONS))]
        for k in range(12):  # distinct texts: made-up award and weather news of each region
            paras = [p.replace("Sleman", region) for p in (AWARD_PARAS if k % 3 == 0 else PLAIN_PARAS)]
            paras.append(f"Laporan ke-{k} ini disusun di {region} pada pekan ke-{k % 5 + 1}.")
            lines.append({"url": f"https://kabar{n}.id/berita/{k}/", "published": "2023-12-13",
                          "title": f"Berita {region} {k}", "text": "\n\n".join(paras)})
        (inputs / f"news-{n}.jsonl").write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines),
                                                encoding="utf-8")
    # the same articles again in a later file: a one-process run keeps the first copy only
    (inputs / "news-9-again.jsonl").write_text("".join((inputs / "news-0.jsonl").read_text(encoding="utf-8")
                                                       .splitlines(keepends=True)[:5]), encoding="utf-8")
    mixed_archive(inputs / "crawl.warc.gz")
    pages = inputs / "pages"
    pages.mkdir()
    for n, region in enumerate(REGIONS[:3]):
        body = "".join(f"<p>{p.replace('Sleman', region)}</p>" for p in AWARD_PARAS + SECOND_PAGE_PARAS)
        (pages / f"{n}.html").write_text(f"<html><head><title>Berita {region}</title></head><body><article>"
                                         f"<h1>Berita {region}</h1>{body}</article></body></html>", encoding="utf-8")
    return inputs


@pytest.fixture(scope="module")
def job(tmp_path_factory):
    root = tmp_path_factory.mktemp("dask")
    inputs = _inputs(root)
    one = root / "one-process"
    subprocess.run([WARTA, "run", str(inputs), "--out", str(one), "--quiet"], check=True, timeout=600)
    return inputs, sorted((one / "awards.jsonl").read_text(encoding="utf-8").splitlines()), root


def _shard_lines(out: Path, kind: str = "awards") -> list[str]:
    return [line for part in sorted((out / kind).glob("part-*.jsonl"))
            for line in part.read_text(encoding="utf-8").splitlines()]


def test_dask_engine_killed_run_resumes_with_exactly_the_missing_shards(job):
    inputs, expected, root = job
    out = root / "dask"
    cmd = [WARTA, "run", str(inputs), "--engine", "dask", "--workers", "1", "--out", str(out)]
    # The real process, in its own process group so the kill takes its cluster's workers too.
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 300
    while not list((out / "awards").glob("part-*.jsonl")) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    manifest = json.loads((out / "manifest.json").read_text())
    total = len(manifest["shards"])
    assert total == 11  # 9 JSONL files, 1 archive, 1 folder shard of pages
    done_before = {p.name: p.stat().st_mtime_ns for p in (out / "awards").glob("part-*.jsonl")}
    assert 1 <= len(done_before) < total, "the kill came too late to leave shards undone"
    for line in _shard_lines(out):
        json.loads(line)  # every line written before the kill is whole

    again = subprocess.run([*cmd[:-4], "--workers", "2", "--out", str(out)], capture_output=True, text=True,
                           timeout=600)
    assert again.returncode == 0, again.stderr
    assert f"ran {total - len(done_before)} of {total} shards" in again.stderr
    assert f"{len(done_before)} already done" in again.stderr
    assert "dropped 5 articles an earlier shard has" in again.stderr  # as one process keeps the first copy
    # shards finished before the kill were left as they were
    assert {n: (out / "awards" / n).stat().st_mtime_ns for n in done_before} == done_before
    got = _shard_lines(out)
    assert len(got) == len(set(got)) == len(expected)  # no doubled line
    assert sorted(got) == expected                     # the records of a one-process run
    assert sorted(json.dumps(r, ensure_ascii=False, separators=(", ", ": ")) for r in read_output(out)) == expected
    manifest = json.loads((out / "manifest.json").read_text())
    assert all(s["done"] for s in manifest["shards"].values()) and manifest["rules"]
    # each worker built its pipeline once and reused it for every later shard
    assert {s.get("worker_builds", 1) for s in manifest["shards"].values()} == {1}
    assert not list(out.rglob(".part-*"))  # no temporary file left behind


def test_dask_engine_refuses_a_folder_holding_a_one_process_run(job, tmp_path):
    inputs, _, root = job
    proc = subprocess.run([WARTA, "run", str(inputs), "--engine", "dask", "--out", str(root / "one-process")],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "one-process run's awards.jsonl" in proc.stderr
    assert "Traceback" not in proc.stderr
