"""The report page in headless chromium: 38 province tiles, their numbers on hover and click,
and not one network request (the page opens from disk)."""
from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import pytest

from pipeline.cli import main as warta

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def report(corpus_run: Path) -> dict:
    """`warta report` over the corpus's real records."""
    out = corpus_run / "report.html"
    assert warta(["report", str(corpus_run), "-o", str(out)]) == 0
    records = [json.loads(x) for x in (corpus_run / "awards.jsonl").read_text(encoding="utf-8").splitlines()]
    return {"uri": out.as_uri(), "records": records}


@pytest.fixture()
def offline(page):
    """Every request the page makes, and any non-file request refused before it leaves."""
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
               else route.abort())
    return requests


def test_report_browser_map_has_38_provinces_with_their_counts(page, report: dict, offline, rules) -> None:
    page.goto(report["uri"])
    tiles = page.eval_on_selector_all(
        "#map [data-province]", "ts => ts.map(t => [t.dataset.province, +t.dataset.count])")
    assert len(tiles) == 38 and len({name for name, _ in tiles}) == 38
    assert sum(n for _, n in tiles) == len(report["records"])  # every corpus region has a province
    # The province column of the region gazetteer says where each record's region lies.
    province = {e.canonical: e.attrs["province"].removeprefix("Provinsi ") for e in rules.entries("REGION")}
    expected = Counter(province[r["recipient"]["region"]] for r in report["records"])
    assert {name: n for name, n in tiles if n} == dict(expected)
    assert not page.errors


def test_report_browser_hover_and_click_show_a_provinces_numbers(page, report: dict, offline) -> None:
    page.goto(report["uri"])
    assert "No province chosen" in page.inner_text("#province-info")
    jatim = page.get_attribute('[data-province="Jawa Timur"]', "data-count")
    page.hover('[data-province="Jawa Timur"]')
    info = page.inner_text("#province-info")
    assert "Jawa Timur" in info and f"{jatim} awards" in info and "capital: Surabaya" in info
    assert "by year" in info and "2024" in info
    page.click('[data-province="Jawa Barat"]')
    page.mouse.move(5, 5)  # leaving the map keeps the clicked province
    info = page.inner_text("#province-info")
    jabar = page.get_attribute('[data-province="Jawa Barat"]', "data-count")
    assert "Jawa Barat" in info and f"{jabar} awards" in info
    assert page.locator('[data-province="Jawa Barat"].chosen').count() == 1
    page.click('[data-province="Papua Pegunungan"]')
    assert "0 awards" in page.inner_text("#province-info")
    page.focus('[data-province="Bali"]')
    page.keyboard.press("Enter")
    assert "Bali" in page.inner_text("#province-info")
    assert page.locator(".prov.chosen").evaluate_all("ts => ts.map(t => t.dataset.province)") == ["Bali"]
    assert not page.errors


def test_report_browser_makes_no_network_request(page, report: dict, offline) -> None:
    page.goto(report["uri"])
    page.hover('[data-province="Jawa Tengah"]')
    page.wait_for_timeout(200)
    assert offline == [report["uri"]]
    assert page.evaluate("document.querySelectorAll('svg').length") >= 6  # map + five charts
    assert page.evaluate("document.scripts.length") == 2


def test_report_browser_screenshot(page, report: dict, tmp_path: Path) -> None:
    """Writes the README screenshot to $WARTA_REPORT_SCREENSHOT (docs/report.png) when set."""
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(report["uri"])
    page.hover('[data-province="Jawa Timur"]')
    target = Path(os.environ.get("WARTA_REPORT_SCREENSHOT") or tmp_path / "report.png")
    target.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target))
    assert 10_000 < target.stat().st_size < 400_000
