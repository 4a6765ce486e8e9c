"""Small edges a user meets: /dev/null, a closed pipe, .txt paths, unknown kinds, UTF-16, pretty .json."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from test_batch_runs import _article, _lines, _warta, _write

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def edge_run(tmp_path_factory):
    d = tmp_path_factory.mktemp("edges")
    (d / "plain.txt").write_text("Sleman Raih Predikat A-\n\n" + _article(0)["text"], encoding="utf-8")
    (d / "wide.txt").write_bytes("Bantul Raih Predikat A-\n\n".encode("utf-16") + _article(1)["text"].encode("utf-16")[2:])
    (d / "wide.jsonl").write_bytes((json.dumps(_article(2), ensure_ascii=False) + "\n").encode("utf-16"))
    (d / "table.csv").write_text("region,grade\nSleman,A-\n", encoding="utf-8")
    out = d / "out"
    proc = _warta("run", str(d / "plain.txt"), str(d / "wide.txt"), str(d / "wide.jsonl"), str(d / "table.csv"),
                  "--out", str(out))
    return d, out, proc


def test_inputs_named_file_of_unknown_kind_is_an_error_not_an_article(edge_run):
    d, out, proc = edge_run
    [error] = _lines(out / "errors.jsonl")
    assert error["input"] == str(d / "table.csv") and "unknown kind of file (.csv)" in error["reason"]
    assert proc.returncode == 1


def test_inputs_utf16_files_with_a_bom_are_decoded(edge_run):
    d, out, _ = edge_run
    regions = {r["article"].get("location", r["article"]["id"]): r["recipient"]["name"] for r in _lines(out / "awards.jsonl")}
    assert regions[str(d / "wide.txt")] == "Pemerintah Kabupaten Bantul"
    assert regions[f"{d / 'wide.jsonl'}:1"] == "Pemerintah Kabupaten Kulon Progo"


def test_inputs_txt_keeps_its_path_in_diff_and_review(edge_run, tmp_path):
    d, out, _ = edge_run
    path = str(d / "plain.txt")
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    diff = _warta("diff", str(empty), str(out / "awards.jsonl"))
    assert f"Pemerintah Kabupaten Sleman · kemenpanrb_pelayanan_publik · {path}" in diff.stdout
    page = tmp_path / "review.html"
    review = _warta("review", str(out / "awards.jsonl"), "-o", str(page))
    assert review.returncode == 0, review.stderr
    # The page script shows an article's location as text (never a link) from the page data.
    assert f'"url":"{path}","link":false' in page.read_text(encoding="utf-8")


def test_cli_extract_reads_a_pretty_printed_json_article_as_one(tmp_path):
    article = tmp_path / "one.json"
    article.write_text(json.dumps(_article(3), indent=2), encoding="utf-8")
    proc = _warta("extract", str(article))
    assert proc.returncode == 0 and proc.stderr == ""
    [record] = [json.loads(x) for x in proc.stdout.splitlines()]
    assert record["recipient"]["name"] == "Pemerintah Kabupaten Gunungkidul"


def test_cli_extract_writes_to_dev_null(tmp_path):
    proc = _warta("extract", str(_write(tmp_path / "in.jsonl", [_article(4)])), "-o", "/dev/null")
    assert proc.returncode == 0 and proc.stderr == ""


def _closed_pipe(args: list[str]) -> tuple[int, str]:
    """Run warta into a pipe whose reader takes one line and leaves (like `| head -1`)."""
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", *args], cwd=REPO, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    assert proc.stdout.readline()
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    return proc.wait(timeout=600), stderr


def test_cli_closed_pipe_ends_quietly(tmp_path):
    inputs = _write(tmp_path / "in.jsonl", [_article(i) for i in range(400)])
    code, stderr = _closed_pipe(["extract", str(inputs)])
    assert code == 141 and stderr == ""
    record = json.loads(_warta("extract", str(_write(tmp_path / "one.jsonl", [_article(0)]))).stdout)
    many = tmp_path / "many.jsonl"
    many.write_text("".join(json.dumps({**record, "record_id": f"r{i:06d}"}) + "\n" for i in range(5000)),
                    encoding="utf-8")
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    code, stderr = _closed_pipe(["diff", str(empty), str(many)])
    assert code == 141 and stderr == ""
