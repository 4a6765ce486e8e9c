"""Shards of a distributed run: the plan, whole-or-absent shards, duplicates across shards."""
from __future__ import annotations

import json

from pipeline import shards
from pipeline.outputs import read_output


def _shard(out, name, articles, awards):
    for kind, rows in (("articles", articles), ("awards", awards), ("errors", [])):
        path = shards.shard_path(out, kind, name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(json.dumps(r) + "\n" for r in rows))


def test_shards_plan_gives_big_files_their_own_shard_and_groups_small_ones(tmp_path, monkeypatch):
    config = tmp_path.parent / f"{tmp_path.name}-settings.toml"  # beside the inputs, not among them
    config.write_text("[batch]\nfiles_per_shard = 2\n")
    monkeypatch.setenv("WARTA_CONFIG", str(config))  # what --config FILE sets
    for name in ("a.jsonl", "b.html", "c.txt", "d.warc.gz", "e.json"):
        (tmp_path / name).write_text("x")
    plan = shards.plan_shards([tmp_path])
    assert [s.name for s in plan] == ["part-00000", "part-00001", "part-00002", "part-00003"]
    assert [[p.rsplit("/", 1)[1] for p in s.inputs] for s in plan] == [
        ["a.jsonl"], ["b.html", "c.txt"], ["d.warc.gz"], ["e.json"]]
    assert shards.plan_shards([tmp_path]) == plan  # the same inputs, the same plan


def test_shards_duplicates_across_shards_keep_the_first_copy(tmp_path):
    a = {"id": "a1", "url": "https://x.id/a"}
    b = {"id": "b1", "url": "https://x.id/b"}
    _shard(tmp_path, "part-00000", [a], [{"record_id": "r1", "article": {"id": "a1"}}])
    _shard(tmp_path, "part-00001", [b, a], [{"record_id": "r2", "article": {"id": "b1"}},
                                            {"record_id": "r1", "article": {"id": "a1"}}])
    assert shards.drop_duplicates_across(tmp_path, ["part-00000", "part-00001"]) == 1
    assert [r["record_id"] for r in read_output(tmp_path)] == ["r1", "r2"]
    assert [r["id"] for r in read_output(tmp_path, "articles")] == ["a1", "b1"]
    assert shards.drop_duplicates_across(tmp_path, ["part-00000", "part-00001"]) == 0  # idempotent


def test_shards_a_shard_is_done_only_with_all_three_files_and_leftovers_go(tmp_path):
    _shard(tmp_path, "part-00000", [], [])
    shards.shard_path(tmp_path, "errors", "part-00001").write_text("")
    (tmp_path / "awards" / ".part-00001.jsonl.tmp-123").write_text('{"half": ')
    assert shards.shard_done(tmp_path, "part-00000") and not shards.shard_done(tmp_path, "part-00001")
    shards.remove_leftovers(tmp_path)
    assert not list(tmp_path.rglob(".part-*"))
