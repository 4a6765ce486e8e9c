"""The one reader of warta's outputs: a file, a run folder, a shard folder."""
from __future__ import annotations

import pytest

from pipeline.errors import InputError
from pipeline.outputs import Problem, output_files, read_output


def test_outputs_read_a_run_folder_and_its_shards_in_order(tmp_path):
    (tmp_path / "awards.jsonl").write_text('{"record_id": "a"}\n', encoding="utf-8")
    (tmp_path / "awards").mkdir()
    (tmp_path / "awards" / "part-00001.jsonl").write_text('{"record_id": "c"}\n', encoding="utf-8")
    (tmp_path / "awards" / "part-00000.jsonl").write_text('{"record_id": "b"}\n', encoding="utf-8")
    assert [r["record_id"] for r in read_output(tmp_path)] == ["a", "b", "c"]


def test_outputs_skip_broken_lines_and_say_where(tmp_path):
    f = tmp_path / "awards.jsonl"
    f.write_text('{"record_id": "a"}\n{"record_id": \n[1, 2]\n' + "[" * 100_000 + "\n", encoding="utf-8")
    problems: list[Problem] = []
    assert [r["record_id"] for r in read_output(f, problems=problems)] == ["a"]
    assert [p.line for p in problems] == [2, 3, 4]
    assert str(problems[0]).startswith(f"{f}:2: skipped, not JSON")


def test_outputs_refuse_a_folder_without_that_output(tmp_path):
    with pytest.raises(InputError, match="no events.jsonl"):
        output_files(tmp_path, "events")
