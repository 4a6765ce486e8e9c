"""`warta validate`: every output line checked against the JSON Schemas, by kind."""
from __future__ import annotations

import io
import json
import sys

import pytest

from pipeline.cli import main
from pipeline.validate import SCHEMAS, kind_of_file, schema, validate_paths

ARTICLE = {"id": "a1", "url": "https://contoh.go.id/berita/1", "site": "contoh.go.id", "title": "Judul",
           "published": "2018-11-28T09:15:00+07:00", "text": "Isi berita."}
EVENT = {"event_id": "e1", "recipient": {"name": "Pemerintah Kabupaten Bekasi", "type": "pemda",
                                         "region": "Kabupaten Bekasi"},
         "award": {"family": "kemenpanrb_pelayanan_publik", "year": 2018}, "grade": None, "giver": None,
         "date": None, "sources": [{"record_id": "0123456789abcdef", "url": None, "site": None, "published": None}]}
ERROR = {"input": "notes.txt", "stage": "read", "reason": "no such file or folder", "code": "W100", "line": None}


def _write(path, objs):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objs), encoding="utf-8")
    return path


@pytest.mark.parametrize("kind", sorted(SCHEMAS))
def test_validate_every_schema_is_a_valid_draft_2020_12_schema(kind):
    from jsonschema import Draft202012Validator

    Draft202012Validator.check_schema(schema(kind))


def test_validate_a_whole_run_folder_is_valid(tmp_path, valid_output):
    assert main(["run", "--out", str(tmp_path), "--quiet"]) == 0
    report = valid_output(tmp_path)
    assert {p.split("/")[-1] for p in report.files} == {"awards.jsonl", "articles.jsonl", "errors.jsonl",
                                                            "events.jsonl"}


def test_validate_names_file_line_and_field_of_each_bad_line(tmp_path, capsys):
    bad_article = {**ARTICLE, "published": "Diperbarui 13 Jun 2025, 08:14 WIB"}
    f = _write(tmp_path / "articles.jsonl", [ARTICLE, bad_article, ARTICLE])
    with f.open("a", encoding="utf-8") as fh:
        fh.write('{"id": \n')
    assert main(["validate", str(f)]) == 1
    out = capsys.readouterr()
    lines = out.out.splitlines()
    assert lines[0].startswith(f"{f}:2: article: $.published: 'Diperbarui 13 Jun 2025, 08:14 WIB' is not an ISO 8601")
    assert lines[1].startswith(f"{f}:4: not JSON")
    assert len(lines) == 2
    assert "4 lines in 1 file, 2 invalid" in out.err


def test_validate_picks_the_schema_by_file_name_and_shard_folder(tmp_path):
    _write(tmp_path / "articles.jsonl", [ARTICLE])
    _write(tmp_path / "events" / "part-00000.jsonl", [EVENT])
    _write(tmp_path / "errors.jsonl", [ERROR])
    _write(tmp_path / "awards" / "part-00001.jsonl", [{**EVENT, "event_id": "wrong kind"}])
    report = validate_paths([tmp_path])
    assert kind_of_file(tmp_path / "awards" / "part-00001.jsonl") == "awards"
    assert report.lines == 4
    assert [(bad.path.split("/")[-1], bad.line) for bad in report.invalid] == [("part-00001.jsonl", 1)]
    assert "award_record: $: 'article' is a required property (and 13 more)" == report.invalid[0].reason


def test_validate_reads_stdin_and_tells_kinds_apart_by_keys(monkeypatch, warta):
    lines = [ARTICLE, EVENT, ERROR, {**ERROR, "code": "E1"}]
    data = "".join(json.dumps(o) + "\n" for o in lines).encode("utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    code, out, _ = warta("validate", "-")
    assert code == 1
    assert out == "-:4: error_record: $.code: 'E1' is not an error code W000-W999\n"


def test_validate_refuses_a_folder_without_outputs(tmp_path, capsys):
    assert main(["validate", str(tmp_path)]) == 2
    assert "no warta outputs in this folder" in capsys.readouterr().err
