"""One input never stops a batch: huge texts, deeply nested JSON, spaCy and encoding failures."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

GOOD = ("Pemerintah Kabupaten Sleman meraih predikat Sangat Baik (A-) dalam evaluasi pelayanan publik dari "
        "Kementerian PANRB. Penghargaan itu diterima Bupati Sleman di Jakarta, Selasa (12/11/2019), dan "
        "menjadi yang kedua bagi daerah tersebut setelah tahun lalu meraih predikat yang sama.")


def _filler(chars: int) -> str:
    """Ordinary Indonesian sentences (no award in them), in paragraphs, about chars long."""
    sentences, n, size = [], 0, 0
    while size < chars:
        n += 1
        s = f"Warga desa nomor {n} bekerja di sawah setiap pagi dan pulang ke rumah pada sore hari."
        sentences.append(s)
        size += len(s) + 1
    return "\n\n".join(" ".join(sentences[i:i + 5]) for i in range(0, len(sentences), 5))


@pytest.fixture(scope="module")
def hostile_batch(tmp_path_factory):
    d = tmp_path_factory.mktemp("hostile")
    lines = [
        json.dumps({"id": "good-1", "text": GOOD, "published": "2019-11-13"}),
        # 3 MB: three times spaCy's max_length; the award is in its last paragraph
        json.dumps({"id": "long", "text": _filler(3_000_000) + "\n\n" + GOOD, "published": "2019-11-13"}),
        "[" * 100_000 + "]" * 100_000,  # RecursionError in the JSON reader
        # a headline over spaCy's max_length: spaCy raises inside nlp.pipe for the whole batch
        json.dumps({"id": "title", "title": "Sleman " * 200_000, "text": GOOD, "published": "2019-11-13"}),
        '{"id": "surrogate", "text": "' + GOOD + ' \\ud800"}',  # a lone surrogate: not encodable as UTF-8
        json.dumps({"id": "too-long", "text": _filler(10_100_000), "published": "2019-11-13"}),
        json.dumps({"id": "good-2", "text": GOOD.replace("Sleman", "Bantul"), "published": "2019-11-13"}),
    ]
    (d / "in.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = d / "out"
    proc = subprocess.run([sys.executable, "-m", "pipeline", "run", str(d / "in.jsonl"), "--out", str(out)],
                          cwd=REPO, capture_output=True, text=True, timeout=600)
    read = {name: [json.loads(x) for x in (out / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()]
            for name in ("awards", "articles", "errors")}
    return proc, read


def test_runner_one_bad_input_of_each_kind_is_one_error_line(hostile_batch):
    proc, read = hostile_batch
    assert "Traceback" not in proc.stderr and proc.returncode == 1
    by_line = {e["input"].rsplit(":", 1)[-1]: e for e in read["errors"]}
    assert set(by_line) == {"3", "4", "5", "6"}
    assert by_line["3"]["stage"] == "read" and "nested too deeply" in by_line["3"]["reason"]
    assert by_line["4"]["stage"] == "nlp" and "E088" in by_line["4"]["reason"]
    assert by_line["5"]["stage"] == "nlp" and "surrogate" in by_line["5"]["reason"]
    assert by_line["6"]["stage"] == "nlp" and "over the limit of 10,000,000" in by_line["6"]["reason"]


def test_runner_good_records_of_a_failing_batch_are_all_written(hostile_batch):
    _, read = hostile_batch
    # good-2 shares a spaCy batch with the article whose headline broke it: retried alone, kept
    assert [a["article"]["id"] for a in read["awards"]] == ["good-1", "long", "good-2"]
    assert [a["id"] for a in read["articles"]] == ["good-1", "long", "good-2"]


def test_runner_long_article_is_read_whole_with_offsets_into_the_full_text(hostile_batch):
    _, read = hostile_batch
    text = next(a["text"] for a in read["articles"] if a["id"] == "long")
    record = next(a for a in read["awards"] if a["article"]["id"] == "long")
    assert len(text) > 3_000_000
    assert min(e["start"] for e in record["evidence"]) > 3_000_000  # found past spaCy's 1,000,000 limit
    assert all(text[e["start"]:e["end"]] == e["text"] for e in record["evidence"])
    assert record["recipient"]["name"] == "Pemerintah Kabupaten Sleman"


def test_pieces_split_at_boundaries_and_join_back():
    from pipeline.pieces import split_text

    text = _filler(50_000) + " " + "x" * 30_000 + " tail."
    pieces = split_text(text, 10_000)
    assert "".join(p for _, p in pieces) == text
    assert all(len(p) <= 10_000 for _, p in pieces)
    assert all(text[off:off + len(p)] == p for off, p in pieces)
    assert sum(p.endswith("\n\n") for _, p in pieces) >= len(pieces) // 2  # mostly at paragraph ends
