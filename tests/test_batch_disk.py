"""A full disk: a clear message naming the file, a non-zero exit, and no half-written line anywhere."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from test_batch_runs import _article, _lines, _warta, _write

REPO = Path(__file__).resolve().parents[1]


def _whole_lines_only(folder: Path) -> None:
    for path in folder.glob("*.jsonl"):
        data = path.read_bytes()
        assert not data or data.endswith(b"\n"), f"{path} ends mid-line"
        for line in data.splitlines():
            json.loads(line)


@pytest.fixture
def small_disk(tmp_path):
    """A real 192 KiB tmpfs file system, mounted for the test (root only)."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=192k", "tmpfs", str(disk)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here (needs root and CAP_SYS_ADMIN): {mounted.stderr.strip()}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def test_write_full_disk_stops_with_the_file_named_and_whole_lines_then_resumes(tmp_path, small_disk):
    inputs = _write(tmp_path / "in.jsonl", [_article(i) for i in range(400)])
    out = small_disk / "out"
    full = _warta("run", str(inputs), "--out", str(out))
    assert full.returncode == 2, full.stderr
    assert "no space left on the device" in full.stderr and str(out) in full.stderr
    assert "Traceback" not in full.stderr
    _whole_lines_only(out)
    # room again: the same command finishes the rest, nothing doubled or lost
    subprocess.run(["mount", "-o", "remount,size=8m", str(small_disk)], check=True)
    again = _warta("run", str(inputs), "--out", str(out))
    assert again.returncode == 0, again.stderr
    ids = [r["article"]["id"] for r in _lines(out / "awards.jsonl")]
    assert len(ids) == len(set(ids)) == 400


def test_write_extract_output_on_a_full_disk_rolls_back_the_cut_line(tmp_path, small_disk):
    # A real small file system, not RLIMIT_FSIZE: the language model (py3langid) unpacks itself
    # into a temporary file when it loads, which a per-process file-size limit would refuse first.
    inputs = _write(tmp_path / "in.jsonl", [_article(i) for i in range(60)])
    (small_disk / "filler").write_bytes(b"x" * (172 * 1024))  # leave about 20 KB of room
    target = small_disk / "records.jsonl"
    proc = subprocess.run([sys.executable, "-m", "pipeline", "extract", str(inputs), "-o", str(target)],
                          cwd=REPO, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 2, proc.stderr
    assert f"cannot write {target}" in proc.stderr and "Traceback" not in proc.stderr
    data = target.read_bytes()
    assert data.endswith(b"\n") and 0 < len(data) <= 20 * 1024
    assert all(json.loads(line)["record_id"] for line in data.splitlines())
