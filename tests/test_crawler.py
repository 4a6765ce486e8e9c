"""Crawling as a library call: crawler.crawl_into(OUT, seeds, CrawlOptions) -> CrawlResult, on local sites."""
from __future__ import annotations

import json
import socket

import pytest
from sitesrv import jsonl_lines

from pipeline.crawler import CrawlOptions, crawl_into
from pipeline.errors import InputError
from pipeline.fetch.http import FetchOptions

FAST = CrawlOptions(fetch=FetchOptions(delay=0.05))


def test_crawler_crawl_into_writes_the_folder_and_a_second_call_adds_nothing(srv, tmp_path):
    seed = srv.url("beritacikarang", "/feed/")
    first = crawl_into(tmp_path, [seed], FAST)
    titles = {a["title"] for a in jsonl_lines(tmp_path / "articles.jsonl")}
    assert first.articles == len(titles) == 3 and first.failed == 0 and not first.every_seed_failed
    assert first.fetched >= 4 and first.seconds > 0  # the feed and its three articles
    assert (tmp_path / "http-cache.sqlite").is_file() and (tmp_path / "crawl-state.sqlite").is_file()
    again = crawl_into(tmp_path, [seed], FAST)
    assert again.articles == 0 and len(jsonl_lines(tmp_path / "articles.jsonl")) == 3
    assert json.loads(json.dumps(again.to_dict()))["articles"] == 0
    assert "articles 0" in again.line() and "pages/s" in again.line()


def test_crawler_crawl_into_reports_when_every_seed_failed(tmp_path):
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}/"
    result = crawl_into(tmp_path, [dead, "ftp://example.invalid/x"], FAST)
    assert result.every_seed_failed and result.seeds == 2
    assert sorted(e["code"] for e in jsonl_lines(tmp_path / "errors.jsonl")) == ["W201", "W204"]


def test_crawler_crawl_into_refuses_a_run_folder(tmp_path, srv):
    (tmp_path / "run-state.sqlite").write_bytes(b"")
    with pytest.raises(InputError, match="output folder of `warta run`"):
        crawl_into(tmp_path, [srv.url("beritacikarang", "/feed/")], FAST)
    assert not (tmp_path / "articles.jsonl").exists()
