"""warta diff: what changed between two awards.jsonl files."""
from __future__ import annotations

import argparse
import copy
import json
from pathlib import Path

import pytest

from pipeline.commands import diff as diff_command
from pipeline.diff import diff_records, format_diff

FIXTURES = Path(__file__).parent / "review_fixtures"
OLD = [json.loads(line) for line in (FIXTURES / "awards.jsonl").read_text().splitlines()]


def edited(index: int, **changes: object) -> dict:
    rec = copy.deepcopy(OLD[index])
    for path, value in changes.items():
        *parents, last = path.split("__")
        target = rec
        for part in parents:
            target = target[part]
        target[last] = value
    return rec


def run_cli(tmp_path: Path, old: list[dict], new: list[dict], *flags: str) -> int:
    paths = []
    for name, recs in (("old.jsonl", old), ("new.jsonl", new)):
        paths.append(tmp_path / name)
        paths[-1].write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs))
    parser = argparse.ArgumentParser(prog="warta")
    diff_command.register(parser.add_subparsers())
    args = parser.parse_args(["diff", *map(str, paths), *flags])
    return args.func(args)


def test_diff_identical_files_show_nothing_changed() -> None:
    result = diff_records(OLD, copy.deepcopy(OLD))
    assert (result.added, result.removed, result.changed, result.unchanged) == ([], [], [], 4)


@pytest.mark.parametrize("changes, expected", [
    ({"grade__letter": "B"}, [("grade.letter", "WTP", "B")]),
    ({"date": None}, [("date.text", "Kamis (25/5/2023)", None), ("date.value", "2023-05-25", None)]),
    ({"primary": False, "confidence": 0.5}, [("primary", True, False), ("confidence", 0.92, 0.5)]),
    ({"extractor": {"version": "0.2.0", "rules": "other"}}, []),  # every rules edit changes it
])
def test_diff_reports_changed_fields_old_to_new(changes: dict, expected: list) -> None:
    new = [edited(0, **changes)] + OLD[1:]
    result = diff_records(OLD, new)
    got = [(c.path, c.old, c.new) for change in result.changed for c in change.changes]
    assert sorted(got, key=str) == sorted(expected, key=str)


def test_diff_matches_by_article_recipient_award_when_record_id_changes() -> None:
    new = [edited(0, record_id="0000000000000000", grade__letter="WDP")] + OLD[1:]
    result = diff_records(OLD, new)
    assert not result.added and not result.removed
    change = result.changed[0]
    assert change.matched_by == "article+recipient+award"
    assert ("record_id", "a1a1a1a1a1a1a1a1", "0000000000000000") in [
        (c.path, c.old, c.new) for c in change.changes]


def test_diff_lists_added_and_removed_records() -> None:
    extra = edited(2, record_id="eeeeeeeeeeeeeeee", recipient__name="Dinas Sosial")
    result = diff_records(OLD[:3], [OLD[0], OLD[1], extra, OLD[3]])
    assert [r["record_id"] for r in result.added] == ["eeeeeeeeeeeeeeee", "d4d4d4d4d4d4d4d4"]
    assert [r["record_id"] for r in result.removed] == ["c3c3c3c3c3c3c3c3"]
    text = format_diff(result)
    assert "added 2, removed 1, changed 0, unchanged 2" in text
    assert "+ eeeeeeeeeeeeeeee  Dinas Sosial · kla" in text
    assert "- c3c3c3c3c3c3c3c3  Pemerintah Kabupaten Sleman · kla" in text


def test_diff_cli_prints_readable_summary_and_exits_0(tmp_path: Path, capsys) -> None:
    new = [edited(1, grade__letter="B", award__year=2023)] + OLD[:1] + OLD[2:3]
    assert run_cli(tmp_path, OLD, new) == 0
    out = capsys.readouterr().out
    assert out.startswith("old: 4 records, new: 3 records\nadded 0, removed 1, changed 1, unchanged 2")
    assert '    award.year: null → 2023\n    grade.letter: null → "B"' in out


def test_diff_cli_json_output(tmp_path: Path, capsys) -> None:
    assert run_cli(tmp_path, OLD, [edited(3, venue=None)] + OLD[:3], "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["summary"] == {"old": 4, "new": 4, "added": 0, "removed": 0, "changed": 1,
                               "unchanged": 3}
    assert data["changed"][0]["changes"] == [
        {"field": "venue.text", "old": "<img src=x onerror=alert(1)>", "new": None}]


def test_diff_all_fields_compares_evidence_too(tmp_path: Path, capsys) -> None:
    moved = edited(0)
    moved["evidence"][0]["start"] += 1
    assert run_cli(tmp_path, OLD, [moved] + OLD[1:], "--all-fields") == 0
    assert "changed 1" in capsys.readouterr().out


def test_diff_reads_a_run_folder_and_a_shard_folder(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    run_folder, shards = tmp_path / "run", tmp_path / "dask" / "awards"
    run_folder.mkdir()
    shards.mkdir(parents=True)
    (run_folder / "awards.jsonl").write_text("".join(json.dumps(r) + "\n" for r in OLD))
    new = [edited(0, grade__letter="B")] + OLD[1:]
    (shards / "part-00000.jsonl").write_text(json.dumps(new[0]) + "\n")
    (shards / "part-00001.jsonl").write_text("".join(json.dumps(r) + "\n" for r in new[1:]))
    parser = argparse.ArgumentParser(prog="warta")
    diff_command.register(parser.add_subparsers())
    args = parser.parse_args(["diff", str(run_folder), str(tmp_path / "dask"), "--json"])
    assert args.func(args) == 0
    out = json.loads(capsys.readouterr().out)
    assert len(out["changed"]) == 1 and not out["added"] and not out["removed"]
