"""`warta crawl SEED...`: fetch news pages politely and write clean articles as JSON Lines."""
from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from pipeline.commands.options import add_common, add_json, add_out, add_wait, print_summary
from pipeline.outputs import ERRORS
from pipeline.settings import DEFAULT_OUT, current


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `crawl` command."""
    p = subparsers.add_parser(
        "crawl", help="fetch news pages, feeds or sitemaps into articles.jsonl",
        description="Crawl SEEDs politely (robots.txt, one request per host per --delay) and "
                    "write clean articles to OUT/articles.jsonl, failures to OUT/errors.jsonl. "
                    "A SEED is an article URL, a home or section page (same-site links are "
                    "followed), an RSS/Atom feed, a sitemap or sitemap index, or a file of URLs. "
                    "Re-running with the same --out resumes and writes nothing twice.")
    p.add_argument("seeds", nargs="+", metavar="SEED",
                   help="a URL (page, feed or sitemap), a file of URLs, or - for URLs on stdin")
    add_out(p, default=DEFAULT_OUT, what="output folder", folder=True)
    p.add_argument("--max-pages", type=int, default=None, metavar="N",
                   help="fetch at most N pages this run (the rest stays queued for the next)")
    p.add_argument("--since", type=_iso_date, default=None, metavar="DATE",
                   help="skip articles published before DATE (YYYY-MM-DD)")
    p.add_argument("--same-site", action="store_true",
                   help="follow feed and sitemap entries only onto the seeds' own hosts")
    fetch = current().fetch  # the flags' defaults are the settings in effect
    p.add_argument("--user-agent", default=fetch.user_agent, metavar="UA",
                   help="User-Agent sent and matched against robots.txt")
    p.add_argument("--delay", type=float, default=fetch.delay, metavar="S",
                   help="seconds between two requests to one host (default: %(default)s; "
                        "a larger robots.txt Crawl-delay wins)")
    p.add_argument("--cache", type=Path, default=None, metavar="PATH",
                   help="HTTP cache SQLite file (default: OUT/http-cache.sqlite)")
    p.add_argument("--state", type=Path, default=None, metavar="PATH",
                   help="crawl state SQLite file (default: OUT/crawl-state.sqlite)")
    add_wait(p)
    p.add_argument("--allow-private", action="store_true",
                   help="also follow redirects, links and entries to private, loopback and other "
                        "non-public addresses the seeds did not name (an intranet crawl)")
    add_json(p)
    add_common(p)
    p.set_defaults(func=run_crawl)


def run_crawl(args: argparse.Namespace) -> int:
    """Crawl the seeds into OUT; return 0, or 1 when every seed failed (reasons in errors.jsonl)."""
    from pipeline.crawler import CrawlOptions, crawl_into  # imported here: `warta --help` stays fast
    from pipeline.fetch.http import FetchOptions
    from pipeline.rules.sites import sites_dir

    options = CrawlOptions(
        max_pages=args.max_pages, since=args.since, same_site=args.same_site,
        fetch=FetchOptions(user_agent=args.user_agent, delay=args.delay, allow_private=args.allow_private),
        cache_path=args.cache, state_path=args.state, sites_dir=sites_dir(args.rules), progress=not args.quiet)
    result = crawl_into(args.out, args.seeds, options, wait=args.wait)
    print_summary(args, f"warta crawl: {result.line()} (done)", {**result.to_dict(), "out": str(args.out)})
    if result.every_seed_failed:
        print(f"warta crawl: every seed failed ({result.seeds}); reasons in {args.out / ERRORS}", file=sys.stderr)
        return 1
    return 0


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None
