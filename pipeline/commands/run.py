"""`warta run`: ingest files, folders or URLs and write awards/articles/errors JSONL."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipeline.commands import add_rules_option
from pipeline.inputs import read_articles
from pipeline.runner import run
from pipeline.settings import BUNDLED_CORPUS, DEFAULT_OUT


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `run` command."""
    p = sub.add_parser("run", help="extract award records from files, folders or URLs (default: the bundled corpus)",
                       description="Read articles (.html, .txt, Article .jsonl, or http(s) URLs to crawl) and write "
                                   "awards.jsonl, articles.jsonl and errors.jsonl. With no INPUT, the bundled corpus.")
    p.add_argument("inputs", nargs="*", metavar="INPUT", help="file, folder or URL (default: the bundled corpus)")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT, metavar="DIR", help="output folder (default: output/)")
    p.add_argument("--workers", type=int, default=1, metavar="N", help="processes to extract with (default: 1)")
    p.add_argument("--quiet", action="store_true", help="no progress or summary on stderr")
    p.add_argument("--min-confidence", type=float, default=0.0, metavar="X",
                   help="write only records with confidence >= X (0..1; default 0: all)")
    add_rules_option(p)
    p.set_defaults(func=main)


def _default_inputs() -> list[Path]:
    return [BUNDLED_CORPUS / "html", BUNDLED_CORPUS / "articles"]


def main(args: argparse.Namespace) -> int:
    """Run the job; exit 1 when any input failed (the count is in the summary)."""
    urls = [a for a in args.inputs if a.startswith(("http://", "https://"))]
    paths = [Path(a) for a in args.inputs if a not in urls] or ([] if urls else _default_inputs())
    items = iter(read_articles(paths, sites_dir=args.rules / "sites" if args.rules else None))
    if urls:
        from pipeline.commands.crawl import crawl_items  # the fetch stage, only when asked for

        items = _chain(items, crawl_items(urls, args))
    summary = run(items, args.out, rules_dir=args.rules, workers=args.workers,
                  progress=not args.quiet and sys.stderr.isatty(), min_confidence=args.min_confidence)
    if not args.quiet:
        print(f"warta run: {summary.line()}", file=sys.stderr)
        if summary.failures:
            print(f"warta run: {summary.failures} input(s) failed; reasons in {args.out / 'errors.jsonl'}",
                  file=sys.stderr)
    return 1 if summary.failures else 0


def _chain(*iters):
    for it in iters:
        yield from it
