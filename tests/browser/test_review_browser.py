"""The review page in a real headless chromium: filters, evidence links, decisions, safety."""
from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

import pytest

from pipeline.review import ReviewServer, load_batch, render_report

pytestmark = pytest.mark.browser
FIXTURES = Path(__file__).parents[1] / "review_fixtures"
RECORDS = {r["record_id"]: r for r in map(json.loads, (FIXTURES / "awards.jsonl").read_text().splitlines())}
ALL = ["b2b2b2b2b2b2b2b2", "a1a1a1a1a1a1a1a1", "d4d4d4d4d4d4d4d4", "c3c3c3c3c3c3c3c3"]


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("review") / "review.html"
    path.write_text(render_report(load_batch(FIXTURES / "awards.jsonl")), encoding="utf-8")
    return path.as_uri()


def visible_rows(page) -> list[str]:
    return page.eval_on_selector_all("tr.rec:not([hidden])", "rs => rs.map(r => r.dataset.rid)")


@pytest.mark.parametrize("control, value, expected", [
    ("#f-family", "sakip", ["b2b2b2b2b2b2b2b2"]),
    ("#f-region", "Kota Madiun", ["b2b2b2b2b2b2b2b2", "a1a1a1a1a1a1a1a1"]),
    ("#f-grade", "Utama", ["c3c3c3c3c3c3c3c3"]),
    ("#f-year", "(none)", ["b2b2b2b2b2b2b2b2"]),
    ("#f-primary", "false", ["b2b2b2b2b2b2b2b2"]),
    ("#f-cmin", "0.8", ["a1a1a1a1a1a1a1a1", "c3c3c3c3c3c3c3c3"]),
    ("#f-cmax", "0.5", ["b2b2b2b2b2b2b2b2"]),
    ("#f-q", "kustini", ["c3c3c3c3c3c3c3c3"]),
    ("#f-q", "OPINI WTP", ["b2b2b2b2b2b2b2b2", "a1a1a1a1a1a1a1a1"]),  # matches the article title
    ("#f-q", "tidak ada di mana pun", []),
])
def test_review_browser_filters_and_search_change_visible_rows(page, report: str, control: str,
                                                               value: str, expected: list[str]) -> None:
    page.goto(report)
    assert visible_rows(page) == ALL
    if page.eval_on_selector(control, "e => e.tagName") == "SELECT":
        page.select_option(control, value)
    else:
        page.fill(control, value)
    assert visible_rows(page) == expected
    assert page.inner_text("#shown") == f"{len(expected)} of 4 records shown"
    assert page.locator("article.art:not([hidden])").count() == len(
        {RECORDS[r]["article"]["url"] for r in expected})
    page.click("#f-reset")
    assert visible_rows(page) == ALL


def test_review_browser_chart_bar_filters_by_its_value(page, report: str) -> None:
    page.goto(report)
    page.click('button.bar[data-facet="region"][data-value="Kota Bogor"]')
    assert visible_rows(page) == ["d4d4d4d4d4d4d4d4"]


def test_review_browser_evidence_link_scrolls_span_into_view(page, report: str) -> None:
    page.set_viewport_size({"width": 1000, "height": 500})
    page.goto(report)
    link = page.locator('tr[data-rid="c3c3c3c3c3c3c3c3"] a.ev', has_text="2023-07-22")
    span_id = link.get_attribute("href")[1:]
    label = page.locator(f"#{span_id}")
    assert not label.evaluate("e => e.getBoundingClientRect().top < innerHeight")
    link.click()
    in_view = """e => { const r = e.getBoundingClientRect();
                        return r.top >= 0 && r.bottom <= innerHeight; }"""
    assert label.evaluate(in_view)
    flashed = page.locator(f'[data-s~="{span_id}"].flash')
    assert flashed.count() >= 1 and flashed.first.inner_text() == "Sabtu (22/7/2023)"
    assert not page.errors


def decide_three(page) -> None:
    page.click('tr[data-rid="a1a1a1a1a1a1a1a1"] button[data-act="accept"]')
    page.click('tr[data-rid="d4d4d4d4d4d4d4d4"] button[data-act="reject"]')
    page.click('tr[data-rid="b2b2b2b2b2b2b2b2"] button[data-act="correct"]')
    page.fill('tr.edit input[name="grade.letter"]', "B")
    page.fill('tr.edit input[name="award.year"]', "2023")
    page.click("tr.edit button.save")


def test_review_browser_export_downloads_decisions_jsonl(page, report: str, tmp_path: Path) -> None:
    page.goto(report)
    page.evaluate("localStorage.clear()")
    page.reload()
    decide_three(page)
    assert page.get_attribute('tr[data-rid="b2b2b2b2b2b2b2b2"]', "data-decision") == "correct"
    page.select_option("#f-decision", "none")
    assert visible_rows(page) == ["c3c3c3c3c3c3c3c3"]
    with page.expect_download() as info:
        page.click("#export")
    assert info.value.suggested_filename == "decisions.jsonl"
    target = tmp_path / "decisions.jsonl"
    info.value.save_as(target)
    lines = {x["record_id"]: x for x in map(json.loads, target.read_text().splitlines())}
    assert {rid: x["review"]["decision"] for rid, x in lines.items()} == {
        "a1a1a1a1a1a1a1a1": "accept", "d4d4d4d4d4d4d4d4": "reject", "b2b2b2b2b2b2b2b2": "correct"}
    assert lines["b2b2b2b2b2b2b2b2"]["review"]["fields"] == {"grade.letter": "B", "award.year": 2023}
    assert {k: v for k, v in lines["d4d4d4d4d4d4d4d4"].items() if k != "review"} == RECORDS["d4d4d4d4d4d4d4d4"]
    assert lines["a1a1a1a1a1a1a1a1"]["review"]["at"].endswith("Z")


def test_review_browser_serve_saves_decisions_as_you_go(page, tmp_path: Path) -> None:
    decisions = tmp_path / "decisions.jsonl"
    server = ReviewServer(load_batch(FIXTURES / "awards.jsonl"), decisions, port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        page.goto(server.url)
        decide_three(page)
        deadline = time.monotonic() + 5
        while len(decisions.read_text().splitlines()) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        lines = [json.loads(x) for x in decisions.read_text().splitlines()]
        assert [x["review"]["decision"] for x in lines] == ["accept", "reject", "correct"]
        assert lines[2]["review"]["fields"] == {"grade.letter": "B", "award.year": 2023}
        page.wait_for_selector('tr[data-rid="b2b2b2b2b2b2b2b2"] .status:has-text("saved")')
        page.reload()  # a new page load shows what was saved
        assert page.get_attribute('tr[data-rid="d4d4d4d4d4d4d4d4"]', "data-decision") == "reject"
        assert not page.errors
    finally:
        server.shutdown()
        server.server_close()


def test_review_browser_injected_article_runs_nothing(page, report: str) -> None:
    page.goto(report)
    page.click('tr[data-rid="d4d4d4d4d4d4d4d4"] a.ev >> nth=0')
    page.wait_for_timeout(200)
    assert page.dialogs == []
    assert page.evaluate("typeof window.pwned") == "undefined"
    assert page.evaluate("document.images.length") == 0
    assert page.evaluate("document.scripts.length") == 3
    text = page.inner_text("#a-1 .text")
    assert "<script>alert(1)</script>" in text and "<img src=x onerror=alert(1)>" in text
    assert "<script>alert(1)</script>" in page.inner_text("#a-1 h2")


def test_review_browser_screenshot_is_small(page, report: str, tmp_path: Path) -> None:
    """Writes the README screenshot to $WARTA_SCREENSHOT (e.g. docs/review.png) when set."""
    page.set_viewport_size({"width": 1280, "height": 860})
    page.goto(report)
    page.evaluate("localStorage.clear()")  # only this test's decision shows
    page.reload()
    page.click('tr[data-rid="a1a1a1a1a1a1a1a1"] button[data-act="accept"]')
    target = Path(os.environ.get("WARTA_SCREENSHOT") or tmp_path / "review.png")
    target.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target))
    assert 10_000 < target.stat().st_size < 300_000


def test_review_browser_non_web_article_url_is_text_not_a_link(page, tmp_path: Path) -> None:
    text = "Kota Solo meraih predikat A."
    urls = ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "https://ok.example/a"]
    (tmp_path / "articles.jsonl").write_text("".join(
        json.dumps({"id": f"x{i}", "url": u, "title": f"Solo {i}", "text": text}) + "\n" for i, u in enumerate(urls)))
    (tmp_path / "awards.jsonl").write_text("".join(json.dumps({
        "record_id": f"{i:016x}", "article": {"id": f"x{i}", "url": u}, "confidence": 0.9,
        "evidence": [{"field": "recipient", "start": 0, "end": 9, "text": "Kota Solo"}]}) + "\n"
        for i, u in enumerate(urls)))
    out = tmp_path / "review.html"
    out.write_text(render_report(load_batch(tmp_path / "awards.jsonl")), encoding="utf-8")
    page.goto(out.as_uri())
    hrefs = page.eval_on_selector_all("article.art .meta a", "as => as.map(a => a.getAttribute('href'))")
    assert hrefs == ["https://ok.example/a"]
    shown = page.eval_on_selector_all("article.art .meta .url", "s => s.map(e => e.textContent)")
    assert sorted(shown) == sorted(urls[:2])
    page.click("article.art .meta .url >> nth=0")
    assert page.dialogs == [] and not page.errors
