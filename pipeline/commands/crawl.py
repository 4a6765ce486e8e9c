"""`warta crawl SEED...`: fetch news pages politely and write clean articles as JSON Lines."""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.commands import add_rules_option
from pipeline.errors import InputError
from pipeline.settings import DEFAULT_OUT, current, default_rules_dir
from pipeline.write import JsonlWriter

if TYPE_CHECKING:
    from pipeline.models import Article, ErrorRecord

ARTICLES = "articles.jsonl"
ERRORS = "errors.jsonl"


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `crawl` command."""
    p = subparsers.add_parser(
        "crawl", help="fetch news pages, feeds or sitemaps into articles.jsonl",
        description="Crawl SEEDs politely (robots.txt, one request per host per --delay) and "
                    "write clean articles to OUT/articles.jsonl, failures to OUT/errors.jsonl. "
                    "A SEED is an article URL, a home or section page (same-site links are "
                    "followed), an RSS/Atom feed, a sitemap or sitemap index, or a file of URLs. "
                    "Re-running with the same --out resumes and writes nothing twice.")
    p.add_argument("seeds", nargs="+", metavar="SEED")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT, metavar="DIR",
                   help="output folder (default: %(default)s)")
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
    p.add_argument("--wait", action="store_true",
                   help="when another warta process holds --out, wait for it instead of refusing")
    p.add_argument("--allow-private", action="store_true",
                   help="also follow redirects, links and entries to private, loopback and other "
                        "non-public addresses the seeds did not name (an intranet crawl)")
    p.add_argument("--quiet", action="store_true", help="no progress line on stderr")
    add_rules_option(p)
    p.set_defaults(func=run_crawl)


def run_crawl(args: argparse.Namespace) -> int:
    """Crawl the seeds into OUT; return 0, or 1 when every seed failed (reasons in errors.jsonl)."""
    from pipeline.crawler import CrawlOptions, CrawlReport, crawl  # imported here: `warta --help` stays fast
    from pipeline.fetch.http import FetchOptions
    from pipeline.models import ErrorRecord
    from pipeline.runstate import STATE, FolderLock

    out: Path = args.out
    rules = args.rules if args.rules is not None else default_rules_dir()
    articles_path = out / ARTICLES
    options = CrawlOptions(
        max_pages=args.max_pages, since=args.since, same_site=args.same_site,
        fetch=FetchOptions(user_agent=args.user_agent, delay=args.delay,
                           allow_private=args.allow_private),
        cache_path=args.cache or out / "http-cache.sqlite",
        state_path=args.state or out / "crawl-state.sqlite",
        sites_dir=rules / "sites", quiet=args.quiet)
    report = CrawlReport()
    # One process at a time writes a folder: a second crawl (or run) refuses, or waits with --wait.
    with FolderLock(out, wait=args.wait, command="warta crawl"):
        if (out / STATE).exists():
            raise InputError(f"{out} is the output folder of `warta run` ({STATE}); crawl into another "
                             f"--out and give its articles.jsonl to `warta run`", input=str(out))
        options.skip_ids = written_ids(articles_path)  # read under the lock: nothing appends meanwhile
        with JsonlWriter(articles_path, append=True) as art, \
                JsonlWriter(out / ERRORS, append=True) as err:
            for item in crawl(args.seeds, options, report):
                if isinstance(item, ErrorRecord):
                    err.write(item.to_dict())
                else:
                    art.write(item.to_dict())
    if report.every_seed_failed:
        print(f"warta crawl: every seed failed ({report.seeds}); reasons in {out / ERRORS}",
              file=sys.stderr)
        return 1
    return 0


def crawl_items(urls: list[str], args: argparse.Namespace) -> Iterator[Article | ErrorRecord]:
    """Crawl URLs for `warta run`: cached in OUT/http-cache.sqlite, crawl state kept in memory.

    `warta run` rewrites its outputs on every run, so it must see every article again; the
    HTTP cache still makes a re-run download nothing unchanged.
    """
    from pipeline.crawler import CrawlOptions, crawl
    from pipeline.fetch.http import FetchOptions

    out: Path = args.out
    rules = getattr(args, "rules", None) or default_rules_dir()
    # flags the caller's command has (`warta run` has neither); the rest is [fetch] in settings
    given = {k: getattr(args, k) for k in ("user_agent", "delay") if getattr(args, k, None) is not None}
    options = CrawlOptions(
        max_pages=getattr(args, "max_pages", None), since=getattr(args, "since", None),
        same_site=getattr(args, "same_site", False),
        fetch=FetchOptions(allow_private=getattr(args, "allow_private", False), **given),
        cache_path=getattr(args, "cache", None) or out / "http-cache.sqlite",
        state_path=None, sites_dir=rules / "sites", quiet=True)  # `warta run` shows its own progress
    return crawl(urls, options)


def written_ids(path: Path) -> set[str]:
    """Return the ids of the articles a previous run already wrote to the file."""
    ids: set[str] = set()
    if not path.exists():
        return ids
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            try:
                ids.add(json.loads(line)["id"])
            except (ValueError, KeyError, TypeError):
                continue  # a partial last line from a kill: the writer cuts it off on open
    return ids


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None
