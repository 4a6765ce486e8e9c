"""The runner: several worker processes write exactly what one process writes, in the same order."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_runner_workers_give_byte_identical_output(tmp_path):
    outs = []
    for workers in ("1", "2"):
        out = tmp_path / f"w{workers}"
        proc = subprocess.run([sys.executable, "-m", "pipeline", "run", "--out", str(out), "--workers", workers,
                               "--quiet"], cwd=REPO, capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, proc.stderr
        outs.append(out)
    for name in ("awards.jsonl", "articles.jsonl"):
        first, second = ((o / name).read_bytes() for o in outs)
        assert first and first == second
