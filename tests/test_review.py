"""warta review: the HTML report (escaping, order, counts, evidence links) and its CLI."""
from __future__ import annotations

import argparse
import base64
import hashlib
import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from pipeline.commands import review as review_command
from pipeline.review import load_batch, render_report
from pipeline.review.data import batch_counts
from pipeline.review.highlight import place_evidence, segments
from pipeline.review.page import asset, safe_json
from pipeline.review.render import page_data
from pipeline.rules.confidence import low_confidence_threshold

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "review_fixtures"
AWARDS = FIXTURES / "awards.jsonl"


@pytest.fixture(scope="module")
def page() -> BeautifulSoup:
    return BeautifulSoup(render_report(load_batch(AWARDS)), "html.parser")


@pytest.fixture(scope="module")
def data(page: BeautifulSoup) -> dict:
    """The JSON block the page script builds the articles from."""
    return json.loads(page.find("script", id="warta-data").string)


def seg_text(item: object) -> str:
    """The article text a segment carries ("" for a label)."""
    return item if isinstance(item, str) else item[0] if isinstance(item, list) else ""


def run_cli(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="warta")
    review_command.register(parser.add_subparsers())
    args = parser.parse_args(["review", *argv])
    return args.func(args)


def test_review_injected_markup_is_text_not_elements(page: BeautifulSoup, data: dict) -> None:
    scripts = page.find_all("script")
    assert [s.get("type") for s in scripts] == ["application/json", "application/json", None]
    assert page.find("img") is None
    assert not page.find_all(attrs={"onerror": True})
    texts = ["".join(map(seg_text, a["segs"] or [])) for a in data["articles"]]
    assert any("<script>alert(1)</script>" in t for t in texts)  # kept as text for the script
    assert any("<img src=x onerror=alert(1)>" in t for t in texts)


def test_review_csp_allows_only_the_page_script(page: BeautifulSoup) -> None:
    policy = page.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    digest = base64.b64encode(hashlib.sha256(asset("pipeline.review", "review.js").encode()).digest()).decode()
    assert "default-src 'none'" in policy
    assert f"script-src 'sha256-{digest}'" in policy
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert "unsafe-inline" not in directives["script-src"]  # inline styles only, never scripts


@pytest.mark.parametrize("value", [
    "</script><script>alert(1)</script>", "<!-- x", "a\u2028b", {"k": "</SCRIPT>&"},
])
def test_review_safe_json_cannot_leave_its_script_element(value: object) -> None:
    text = safe_json({"v": value})
    assert "<" not in text and ">" not in text and "\u2028" not in text
    assert json.loads(text) == {"v": value}


def test_review_lists_low_confidence_and_incomplete_records_first(data: dict) -> None:
    rows = data["rows"]
    assert rows[0]["rid"] == "b2b2b2b2b2b2b2b2"  # 0.45, no giver or date
    assert rows[0]["flag"] is True
    assert rows[0]["miss"] == "award.year, giver, date"
    low = low_confidence_threshold(REPO / "rules")  # the bundled fit's [review] low_confidence
    assert [r["flag"] for r in rows] == [r["conf"] < low or bool(r["miss"]) for r in rows]


@pytest.mark.parametrize("low,flagged", [(0.5, ["b2b2b2b2b2b2b2b2"]),
                                         (0.75, ["b2b2b2b2b2b2b2b2", "d4d4d4d4d4d4d4d4"])])
def test_review_low_confidence_threshold_comes_from_the_rules(tmp_path: Path, low: float, flagged: list) -> None:
    (tmp_path / "confidence.toml").write_text(f"intercept = 0.0\n[review]\nlow_confidence = {low}\n", encoding="utf-8")
    batch = load_batch(AWARDS, rules_dir=tmp_path)
    assert [i.record["record_id"] for i in batch.items if i.flagged] == flagged  # d4 is at 0.7
    assert page_data(batch)["rows"][0]["flag"] is True


def test_review_counts_records_by_family_region_grade_year() -> None:
    counts = batch_counts(load_batch(AWARDS))
    assert dict(counts["region"]) == {"Kota Madiun": 2, "Kota Bogor": 1, "Kabupaten Sleman": 1}
    assert dict(counts["year"]) == {"2022": 1, "2023": 2, "(none)": 1}
    assert dict(counts["grade"])["WTP"] == 1
    assert len(counts["family"]) == 4


def test_review_every_field_link_leads_to_its_highlighted_span(data: dict) -> None:
    links = [(row, cell) for row in data["rows"] for cell in row["cells"] if len(cell) > 1]
    assert len(links) >= 20
    for row, (_value, span_id, _field) in links:
        segs = data["articles"][row["a"]]["segs"]
        assert [s for s in segs if isinstance(s, dict) and s["id"] == span_id], span_id
        assert [s for s in segs if isinstance(s, list) and span_id in s[2].split()], span_id
    sleman = next(r for r in data["rows"] if r["rid"] == "c3c3c3c3c3c3c3c3")
    span_id = next(c[1] for c in sleman["cells"] if c[0] == "2023-07-22")
    segs = data["articles"][sleman["a"]]["segs"]
    assert "".join(s[0] for s in segs if isinstance(s, list) and span_id in s[2].split()) == "Sabtu (22/7/2023)"


@pytest.mark.parametrize("evidence, expected_text, problems", [
    ({"field": "grade", "start": 10, "end": 18, "text": "predikat"}, "predikat", 0),   # offsets ok
    ({"field": "grade", "start": 3, "end": 11, "text": "predikat"}, "predikat", 0),    # shifted
    ({"field": "grade", "start": 0, "end": 5, "text": "tidak ada"}, None, 1),          # absent
])
def test_review_highlight_places_evidence_even_when_offsets_shifted(
        evidence: dict, expected_text: str | None, problems: int) -> None:
    text = "Kota Solo predikat A dari Kementerian PANRB."
    spans, found_problems = place_evidence(text, [{"evidence": [evidence]}], "e0")
    assert len(found_problems) == problems
    segs = segments(text, list(spans.values()))
    marked = [s[0] for s in segs if isinstance(s, list)]
    assert marked == ([expected_text] if expected_text else [])
    assert "".join(map(seg_text, segs)) == text  # every character shown once


def test_review_nested_spans_show_both_labels() -> None:
    text = "Dinas Kesehatan Kota Madiun meraih predikat."
    records = [{"evidence": [{"field": "recipient", "start": 0, "end": 27, "text": text[:27]},
                             {"field": "recipient.region", "start": 16, "end": 27, "text": "Kota Madiun"}]}]
    spans, _ = place_evidence(text, records, "e0")
    segs = segments(text, list(spans.values()))
    assert [s["f"] for s in segs if isinstance(s, dict)] == ["recipient", "recipient.region"]
    inner = [s for s in segs if isinstance(s, list)][-1]
    assert inner[0] == "Kota Madiun" and len(inner[2].split()) == 2 and inner[3] == 2


def test_review_cli_writes_report_beside_records(tmp_path: Path, capsys) -> None:
    awards = tmp_path / "awards.jsonl"
    awards.write_text(AWARDS.read_text(encoding="utf-8") + "{not json\n", encoding="utf-8")
    assert run_cli(str(awards)) == 0
    out, err = capsys.readouterr()
    assert "wrote" in out and "4 records in 1 articles" not in out
    assert "awards.jsonl:5: skipped, not JSON" in err
    assert "articles.jsonl: not found" in err
    html = (tmp_path / "review.html").read_text(encoding="utf-8")
    shown = json.loads(BeautifulSoup(html, "html.parser").find("script", id="warta-data").string)
    assert len(shown["rows"]) == 4
    assert all(a["segs"] is None for a in shown["articles"])  # no text: the page says so


def test_review_cli_reads_articles_option(tmp_path: Path, capsys) -> None:
    out_html = tmp_path / "r.html"
    assert run_cli(str(AWARDS), "-o", str(out_html), "--articles",
                   str(FIXTURES / "articles.jsonl")) == 0
    flagged = sum(item.flagged for item in load_batch(AWARDS).items)
    assert f"4 records in 3 articles, {flagged} low-confidence or incomplete" in capsys.readouterr().out
    assert '"segs":null' not in out_html.read_text(encoding="utf-8")


def test_review_real_dev_articles_highlight_when_present() -> None:
    """Evidence built from a real article's own text shows highlighted (skips without ../shared)."""
    shared = Path(__file__).parents[1].parent / "shared" / "dev-articles" / "articles"
    if not shared.is_dir():
        pytest.skip("../shared/dev-articles not present")
    art = json.loads(next(iter(sorted(shared.glob("*.json")))).read_text(encoding="utf-8"))
    words = re.findall(r"\w{6,}", art["text"])[:3]
    records = [{"evidence": [{"field": "award", "start": art["text"].index(w),
                              "end": art["text"].index(w) + len(w), "text": w} for w in words]}]
    spans, problems = place_evidence(art["text"], records, "e0")
    assert not problems and len(spans) == len(set(words))
    assert "".join(map(seg_text, segments(art["text"], list(spans.values())))) == art["text"]


def test_review_same_url_twice_joins_each_record_to_the_text_it_came_from(tmp_path: Path) -> None:
    url = "https://warta-uji.example/dua-versi"
    texts = ["Foto: istimewa. Kota Solo meraih predikat A.", "Kota Solo meraih predikat A."]
    (tmp_path / "articles.jsonl").write_text("".join(
        json.dumps({"id": f"v{i}", "url": url, "title": "Solo", "text": t}) + "\n"
        for i, t in enumerate(texts)))
    recs = []
    for i, text in enumerate(texts):
        start = text.index("Kota Solo")
        recs.append({"record_id": f"{i:016x}", "article": {"url": url}, "confidence": 0.9,
                     "evidence": [{"field": "recipient", "start": start, "end": start + 9,
                                   "text": "Kota Solo"}]})
    (tmp_path / "awards.jsonl").write_text("".join(json.dumps(r) + "\n" for r in recs))
    batch = load_batch(tmp_path / "awards.jsonl")
    assert sorted((g.article["id"], [i.record["record_id"] for i in g.items]) for g in batch.groups) == [
        ("v0", ["0000000000000000"]), ("v1", ["0000000000000001"])]


def shown_rids(html_path: Path) -> list[str]:
    soup = BeautifulSoup(html_path.read_text(encoding="utf-8"), "html.parser")
    return [r["rid"] for r in json.loads(soup.find("script", id="warta-data").string)["rows"]]


@pytest.mark.parametrize("options, expected", [
    (["--min-confidence", "0.8"], ["c3c3c3c3c3c3c3c3", "a1a1a1a1a1a1a1a1"]),
    (["--family", "sakip"], ["b2b2b2b2b2b2b2b2"]),
    (["--family", "sakip", "--family", "bpk_opini"], ["b2b2b2b2b2b2b2b2", "a1a1a1a1a1a1a1a1"]),
    (["--region", "kota bogor"], ["d4d4d4d4d4d4d4d4"]),
    (["--region", "Jawa Timur"], ["b2b2b2b2b2b2b2b2", "a1a1a1a1a1a1a1a1"]),   # a province
    (["--region", "Provinsi DI Yogyakarta"], ["c3c3c3c3c3c3c3c3"]),
    (["--year", "2023"], ["d4d4d4d4d4d4d4d4", "c3c3c3c3c3c3c3c3"]),
    (["--year", "2023", "--min-confidence", "0.75"], ["c3c3c3c3c3c3c3c3"]),
])
def test_review_cli_reviews_one_slice(tmp_path: Path, capsys, options: list[str], expected: list[str]) -> None:
    out = tmp_path / "r.html"
    assert run_cli(str(AWARDS), "-o", str(out), *options) == 0
    assert f"wrote {out}: {len(expected)} records" in capsys.readouterr().out
    assert shown_rids(out) == expected


def test_review_cli_reads_a_run_folder_and_writes_into_it(tmp_path: Path, capsys) -> None:
    for name in ("awards.jsonl", "articles.jsonl"):
        (tmp_path / name).write_bytes((FIXTURES / name).read_bytes())
    assert run_cli(str(tmp_path)) == 0
    assert "4 records in 3 articles" in capsys.readouterr().out
    assert len(shown_rids(tmp_path / "review.html")) == 4
    assert '"segs":null' not in (tmp_path / "review.html").read_text(encoding="utf-8")
