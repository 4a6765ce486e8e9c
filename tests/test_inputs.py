"""Bad input: each becomes one errors.jsonl entry with input and reason; the batch goes on."""
from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

GOOD = ("Pemerintah Kabupaten Sleman meraih predikat Sangat Baik (A-) dalam evaluasi pelayanan publik dari "
        "Kementerian PANRB. Penghargaan itu diterima Bupati Sleman di Jakarta, Selasa (12/11/2019), dan "
        "menjadi yang kedua bagi daerah tersebut setelah tahun lalu meraih predikat yang sama.")


def _run(warta, valid_output, tmp_path, *inputs):
    out = tmp_path / "out"
    code, _, stderr = warta("run", *inputs, "--out", out)
    errors = [json.loads(x) for x in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    awards = [json.loads(x) for x in (out / "awards.jsonl").read_text(encoding="utf-8").splitlines()]
    valid_output(out)
    return SimpleNamespace(returncode=code, stderr=stderr), errors, awards


@pytest.fixture(scope="module")
def bad_batch(tmp_path_factory, warta, valid_output):
    d = tmp_path_factory.mktemp("inputs")
    (d / "articles.jsonl").write_text(
        json.dumps({"id": "good-1", "text": GOOD, "published": "2019-11-13"}) + "\n"
        + '{"id": "broken", "text": "unterminated\n'
        + json.dumps({"id": "empty", "text": "   "}) + "\n"
        + json.dumps({"id": "english", "text": "The regency government received a public service award from "
                      "the ministry in Jakarta on Tuesday, and the regent thanked all the staff for their work "
                      "over the past year."}) + "\n",
        encoding="utf-8")
    (d / "nav.html").write_text("<html><body><nav><a href='/a'>Beranda</a></nav></body></html>", encoding="utf-8")
    (d / "blob.txt").write_bytes(b"\x00\x01\x02binary\x00" * 50)
    (d / "good.txt").write_text("Sleman Raih Predikat A-\n\n" + GOOD, encoding="utf-8")
    return _run(warta, valid_output, tmp_path_factory.mktemp("run"), d)


def test_inputs_each_bad_input_is_one_error_line_with_reason(bad_batch):
    _, errors, _ = bad_batch
    by_input = {e["input"].rsplit("/", 1)[-1]: e for e in errors}
    assert set(by_input) == {"articles.jsonl:2", "articles.jsonl:3", "articles.jsonl:4", "nav.html", "blob.txt"}
    assert "line 2" in by_input["articles.jsonl:2"]["reason"] and by_input["articles.jsonl:2"]["line"] == 2
    assert "empty" in by_input["articles.jsonl:3"]["reason"]
    assert "Indonesian" in by_input["articles.jsonl:4"]["reason"]
    assert "no article" in by_input["nav.html"]["reason"]
    assert "binary" in by_input["blob.txt"]["reason"]
    assert all(e["stage"] and e["code"].startswith("W") for e in errors)


def test_inputs_good_records_are_all_written_despite_failures(bad_batch):
    _, _, awards = bad_batch
    assert len(awards) == 2  # the same news from the JSONL line and from good.txt (different ids)
    assert all(a["recipient"]["name"] == "Pemerintah Kabupaten Sleman" for a in awards)


def test_inputs_summary_and_exit_status_count_failures(bad_batch):
    proc, _, _ = bad_batch
    assert proc.returncode == 1
    assert "5 failed" in proc.stderr and "errors.jsonl" in proc.stderr


def test_inputs_missing_file_is_reported_not_raised(tmp_path, warta, valid_output):
    proc, errors, _ = _run(warta, valid_output, tmp_path, tmp_path / "nope.html")
    assert proc.returncode == 1 and errors[0]["reason"] == "no such file or folder"


def test_inputs_raw_publication_lines_become_iso(tmp_path, warta, valid_output):
    lines = [{"id": "raw", "published": "Tayang: Rabu, 13 November 2019 10:15 WITA", "text": GOOD},
             {"id": "iso", "published": "2019-11-13", "text": GOOD},
             {"id": "none", "published": "Tidak Ditemukan", "text": GOOD}]
    (tmp_path / "in.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    code, _, _ = warta("run", tmp_path / "in.jsonl", "--out", tmp_path / "out", "--quiet")
    assert code == 0
    valid_output(tmp_path / "out")
    arts = {a["id"]: a for a in map(json.loads, (tmp_path / "out" / "articles.jsonl").read_text().splitlines())}
    assert arts["raw"]["published"] == "2019-11-13T10:15:00+08:00"
    assert arts["iso"]["published"] == "2019-11-13"  # ISO as given stays exactly as given
    assert arts["none"]["published"] is None
    awards = [json.loads(x) for x in (tmp_path / "out" / "awards.jsonl").read_text().splitlines()]
    assert {a["article"]["id"]: a["date"]["value"] for a in awards} == {"raw": "2019-11-12", "iso": "2019-11-12",
                                                                         "none": "2019-11-12"}
