"""Crawl benchmark: pages/s over a many-host local site, and proof no host got more than its rate.

Starts N synthetic hosts on 127.0.0.1 (tests/sitesrv.py), crawls each home page and its
articles with `warta crawl`'s engine, then checks the arrival times the servers logged:
two requests to one host must never come closer than the politeness delay.
Usage: python bench/crawl_bench.py [--hosts 20] [--articles 10] [--delay 0.2] [--workers 8]
Then one sitemap of 30,000 entries is queued (fetch, parse, canonicalise, crawl state), against
parsing the same XML alone as the baseline.
Exit status 1 when a host was asked faster than allowed.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from sitesrv import SiteServer  # noqa: E402

from pipeline.crawler import CrawlOptions, crawl  # noqa: E402
from pipeline.fetch.sources import parse_sitemap  # noqa: E402
from pipeline.fetch.http import FetchOptions  # noqa: E402
from pipeline.models import ErrorRecord  # noqa: E402

JITTER = 0.02  # seconds: loopback scheduling noise between booking a slot and the server's clock


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print its table, return 1 when politeness was broken."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--hosts", type=int, default=20)
    ap.add_argument("--articles", type=int, default=10)
    ap.add_argument("--delay", type=float, default=0.2)
    ap.add_argument("--workers", type=int, default=8)
    args = ap.parse_args(argv)

    names = {f"host{i:02d}": args.articles for i in range(args.hosts)}
    with SiteServer(sites_dir=ROOT / "bench" / "no-fixtures", synthetic=names) as srv, \
            tempfile.TemporaryDirectory() as tmp:
        options = CrawlOptions(workers=args.workers, fetch=FetchOptions(delay=args.delay),
                               cache_path=Path(tmp) / "cache.sqlite",
                               state_path=Path(tmp) / "state.sqlite")
        started = time.monotonic()
        articles = errors = 0
        for item in crawl([srv.url(n) for n in names], options):
            if isinstance(item, ErrorRecord):
                errors += 1
            else:
                articles += 1
        seconds = time.monotonic() - started
        hits = list(srv.hits)

    per_host: dict[str, list[float]] = {}
    for h in hits:
        per_host.setdefault(h.site, []).append(h.at)
    gaps = [b - a for times in per_host.values() for a, b in zip(sorted(times), sorted(times)[1:])]
    min_gap = min(gaps) if gaps else float("inf")
    busiest = max(len(t) for t in per_host.values())
    ok = min_gap >= args.delay - JITTER
    serial = len(hits) * args.delay  # what one-host-at-a-time crawling would have taken at least

    queue_s, parse_s = _sitemap_queueing(30_000)
    rows = [
        ("hosts", f"{len(per_host)}"),
        ("requests (incl. robots.txt)", f"{len(hits)}"),
        ("articles written", f"{articles}"),
        ("errors", f"{errors}"),
        ("wall time", f"{seconds:.2f} s"),
        ("pages/s", f"{len(hits) / seconds:.1f}"),
        ("serial lower bound at this delay", f"{serial:.1f} s"),
        ("allowed per host", f"1 per {args.delay:g} s ({1 / args.delay:.1f}/s)"),
        ("closest two requests to one host", f"{min_gap:.3f} s"),
        ("most requests to one host", f"{busiest}"),
        ("politeness", "OK" if ok else "VIOLATED"),
        ("sitemap of 30,000 entries queued", f"{queue_s:.2f} s"),
        ("  baseline: parsing its XML alone", f"{parse_s:.2f} s (x{queue_s / parse_s:.1f})"),
    ]
    width = max(len(k) for k, _ in rows)
    print(f"{'crawl benchmark':<{width}}  value")
    print(f"{'-' * width}  {'-' * 24}")
    for key, value in rows:
        print(f"{key:<{width}}  {value}")
    return 0 if ok and errors == 0 and articles == args.hosts * args.articles else 1


def _sitemap_queueing(n: int) -> tuple[float, float]:
    """Seconds to queue a sitemap of n entries through the crawler, and to parse it alone."""
    with SiteServer(sites_dir=ROOT / "bench" / "no-fixtures", synthetic={"peta": 0}) as srv, \
            tempfile.TemporaryDirectory() as tmp:
        xml = ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
               + "".join(f"<url><loc>{srv.url('peta', f'/berita/{i}')}?utm_source=x</loc>"
                         f"<lastmod>2024-01-01</lastmod></url>" for i in range(n))
               + "</urlset>").encode()
        srv.behaviours[("peta", "/sitemap.xml")] = {
            "kind": "body", "body": xml, "headers": {"Content-Type": "application/xml"}}
        options = CrawlOptions(max_pages=1, fetch=FetchOptions(delay=0.0),
                               state_path=Path(tmp) / "state.sqlite")
        started = time.monotonic()
        list(crawl([srv.url("peta", "/sitemap.xml")], options))
        queue_s = time.monotonic() - started
    started = time.monotonic()
    parse_sitemap(xml, "http://localhost/")
    return queue_s, time.monotonic() - started


if __name__ == "__main__":
    sys.exit(main())
