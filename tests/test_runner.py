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


def test_runner_workers_check_lines_like_one_process(tmp_path, warta, valid_output):
    """Date lines and the language check run in the workers: same articles, records and error lines."""
    import json
    from pathlib import Path

    corpus = sorted((Path(__file__).parents[1] / "corpus" / "articles").glob("*.json"))
    lines = []
    for i, path in enumerate(corpus):
        art = json.loads(path.read_text(encoding="utf-8"))
        art["published"] = ("Diperbarui 13 Jun 2025, 08:14 WIB", "Tidak Ditemukan", "31 Februari 2025 10:00 WIB",
                            "Rabu, 28/11/2018 09:15")[i % 4]  # raw lines, read (or found unreadable) by a worker
        lines.append(json.dumps(art))
        if i % 4 == 1:  # between the good ones: refused inputs whose error lines must keep their place
            lines.append(json.dumps({"id": f"en-{i}", "published": "13 June 2025", "text": (
                "The city council met on Tuesday to discuss the new budget for roads, schools and the "
                "public library, and the mayor said the plan would be published next week after a vote. ") * 3}))
            lines.append("{not json")
            lines.append(json.dumps({"id": f"empty-{i}", "text": "  "}))
    src = tmp_path / "mixed.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    outs = []
    for workers in ("1", "2"):
        out = tmp_path / f"w{workers}"
        code, _, stderr = warta("run", src, "--out", out, "--workers", workers, "--quiet")
        assert code == 1, stderr  # the refused lines fail the run, the rest is written
        outs.append(out)
    valid_output(*outs)
    for name in ("awards.jsonl", "articles.jsonl", "errors.jsonl"):
        first, second = ((o / name).read_bytes() for o in outs)
        assert first and first == second, name
    errors = [json.loads(x) for x in (outs[0] / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sum("does not look Indonesian" in e["reason"] for e in errors) == sum(1 for i in range(len(corpus)) if i % 4 == 1)
    assert all(e["stage"] == "read" and e["line"] for e in errors)
    arts = {a["id"]: a["published"] for a in map(json.loads, (outs[0] / "articles.jsonl").read_text("utf-8").splitlines())}
    assert len(arts) == len(corpus)
    assert "2025-06-13T08:14:00+07:00" in arts.values() and None in arts.values()
