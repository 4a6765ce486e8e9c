"""Shared fixtures: the real rules, one spaCy pipeline per test session, paths to shared data."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"

# The tests load rules from hundreds of temporary folders: their cache entries go to a folder of the
# tests' own (kept between runs, pruned like any), not to the user's ~/.cache/warta. Set before any
# test runs, so the warta processes tests start inherit it.
os.environ["WARTA_CACHE_DIR"] = str(Path(tempfile.gettempdir()) / f"warta-tests-cache-{os.getuid()}")


@pytest.fixture(scope="session")
def rules():
    from pipeline.rules import load_rules

    return load_rules(REPO / "rules")


@pytest.fixture(scope="session")
def extractor(rules):
    from pipeline.runner import Extractor

    return Extractor(rules)


@pytest.fixture(scope="session")
def analyzer(extractor):
    return extractor.analyzer


@pytest.fixture
def records_of(extractor):
    """Extract the records of one text (with optional title and publication date)."""
    from pipeline.models import Article

    def run(text: str, title: str | None = None, published: str | None = None, url: str | None = None):
        art = Article(text=text, title=title, published=published, url=url)
        [(_, recs)] = extractor.process([art])
        assert isinstance(recs, list), recs
        return recs

    return run


@pytest.fixture(scope="session")
def valid_output():
    """Assert that every line of warta outputs (files or folders) fits the JSON Schemas; return the report."""
    from pipeline.validate import validate_paths

    def check(*paths):
        report = validate_paths(list(paths))
        assert report.lines > 0, f"nothing to validate in {paths}"
        assert report.ok, "\n".join(str(bad) for bad in report.invalid[:20])
        return report

    return check


@pytest.fixture(scope="session")
def warta():
    """Run `warta ARGV…` in this process (main(argv), sharing the session's spaCy pipeline).

    Returns (exit status, stdout, stderr). For tests where a separate process is not the point;
    those that test a fresh process (a re-run, stdin/stdout, a kill) still start one.
    """
    from inprocess import run_warta

    return run_warta


@pytest.fixture(scope="session")
def run_dir(tmp_path_factory):
    """One real `warta run` over corpus/events (writes events.jsonl too), read by the events and export tests."""
    import subprocess
    import sys

    out = tmp_path_factory.mktemp("events-run")
    proc = subprocess.run([sys.executable, "-m", "pipeline", "run", str(REPO / "corpus" / "events" / "articles.jsonl"),
                           "--out", str(out), "--quiet"], capture_output=True, text=True, cwd=REPO, timeout=600)
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.fixture(scope="module")
def srv():
    """The fixture sites of corpus/sites/ served on 127.0.0.1, one host each (tests/sitesrv.py)."""
    from sitesrv import SiteServer

    with SiteServer() as server:
        yield server
