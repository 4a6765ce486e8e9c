"""The runner: several worker processes write exactly what one process writes, in the same order."""
from __future__ import annotations


def test_runner_workers_give_byte_identical_output(tmp_path, warta, valid_output):
    outs = []
    for workers in ("1", "2"):  # the worker processes are real: the pool forks them from this process
        out = tmp_path / f"w{workers}"
        code, _, stderr = warta("run", "--out", out, "--workers", workers, "--quiet")
        assert code == 0, stderr
        outs.append(out)
    valid_output(*outs)
    for name in ("awards.jsonl", "articles.jsonl"):
        first, second = ((o / name).read_bytes() for o in outs)
        assert first and first == second
