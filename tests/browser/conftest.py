"""Headless Debian chromium driven by Playwright; every test here skips when either is missing."""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Iterator

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: needs headless chromium (scripts/install-browser.sh)")


@pytest.fixture(scope="session")
def browser_context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """One chromium with a fresh profile for the session; downloads allowed."""
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium not found: run scripts/install-browser.sh")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright not installed: run scripts/install-browser.sh")
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=CHROMIUM,
            headless=True, args=FLAGS, accept_downloads=True,
            viewport={"width": 1280, "height": 800})
        yield context
        context.close()


@pytest.fixture()
def page(browser_context: object) -> Iterator[object]:
    """A fresh tab that records dialogs and script errors (both fail a test that checks them)."""
    tab = browser_context.new_page()  # type: ignore[attr-defined]
    tab.dialogs = []
    tab.errors = []
    tab.on("dialog", lambda d: (tab.dialogs.append(d.message), d.dismiss()))
    tab.on("pageerror", lambda e: tab.errors.append(str(e)))
    yield tab
    tab.close()


@pytest.fixture(scope="session")
def corpus_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled corpus extracted for real by `warta run`: a run folder of real records."""
    from pipeline.cli import main as warta

    out = tmp_path_factory.mktemp("corpus-run")
    assert warta(["run", "--out", str(out), "--quiet"]) == 0
    return out
