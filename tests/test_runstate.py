"""The run state: a rewrite that replaces old lines, cut off by a crash on either side of its rename."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import pipeline.runstate as runstate
from pipeline.runstate import RunState


class Died(BaseException):
    """The process ended here (nothing after this point ran)."""


def _folder(tmp_path: Path) -> tuple[Path, RunState]:
    """A folder whose state says: a1's first record and article line were replaced by later lines."""
    out = tmp_path / "out"
    out.mkdir()
    state = RunState(out)  # a new folder; then a run writes these lines
    old_award = json.dumps({"record_id": "r1", "article": {"id": "a1"}, "grade": "A"}) + "\n"
    other = json.dumps({"record_id": "r2", "article": {"id": "a2"}, "grade": "B"}) + "\n"
    new_award = json.dumps({"record_id": "r3", "article": {"id": "a1"}, "grade": "B"}) + "\n"
    (out / "awards.jsonl").write_text(old_award + other + new_award, encoding="utf-8")
    arts = [json.dumps({"text": "x", "id": i}) + "\n" for i in ("a1", "a2", "a1")]
    (out / "articles.jsonl").write_text("".join(arts), encoding="utf-8")
    (out / "errors.jsonl").write_text("", encoding="utf-8")
    before_awards = len(old_award + other)
    before_arts = len(arts[0] + arts[1])
    state.commit({"awards.jsonl": (out / "awards.jsonl").stat().st_size,
                  "articles.jsonl": (out / "articles.jsonl").stat().st_size, "errors.jsonl": 0},
                 [("a1", "f2"), ("a2", "f1")],
                 [("a1", "awards.jsonl", before_awards), ("a1", "articles.jsonl", before_arts)], [])
    return out, state


def _check_replaced(out: Path) -> None:
    awards = [json.loads(x)["record_id"] for x in (out / "awards.jsonl").read_text().splitlines()]
    arts = [json.loads(x)["id"] for x in (out / "articles.jsonl").read_text().splitlines()]
    assert awards == ["r2", "r3"] and arts == ["a2", "a1"]
    assert not list(out.glob(".*.tmp"))


@pytest.mark.parametrize("dies", ["before the rename", "after the rename"])
def test_runstate_rewrite_cut_off_by_a_crash_is_finished_on_the_next_start(tmp_path, monkeypatch, dies):
    out, state = _folder(tmp_path)

    def die(*args):
        raise Died

    if dies == "before the rename":
        monkeypatch.setattr(runstate.os, "replace", die)
    else:
        monkeypatch.setattr(runstate, "_fsync_dir", die)
    with pytest.raises(Died):
        state.compact()
    state.db.close()
    monkeypatch.undo()
    again = RunState(out)  # the next run starts: it finishes or redoes the rewrite
    _check_replaced(out)
    assert again.sizes["awards.jsonl"] == (out / "awards.jsonl").stat().st_size
    assert not again.db.execute("SELECT * FROM stale").fetchall()
    assert not again.db.execute("SELECT * FROM pending").fetchall()
    again.close()
    RunState(out).close()  # and a later start changes nothing
    _check_replaced(out)


def test_runstate_uncommitted_tail_is_cut_on_start(tmp_path):
    out, state = _folder(tmp_path)
    state.compact()
    state.close()
    committed = (out / "awards.jsonl").read_bytes()
    with open(out / "awards.jsonl", "ab") as fh:
        fh.write(b'{"record_id": "r9", "article": {"id": "a9"}}\n{"record_id": "r1')  # a killed run's lines
    RunState(out).close()
    assert (out / "awards.jsonl").read_bytes() == committed
