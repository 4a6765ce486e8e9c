"""`warta run`: ingest files, folders or URLs and add awards/articles/errors JSONL to an output folder."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipeline.commands.options import add_common, add_json, add_out, add_wait, print_summary, summary_data
from pipeline.errors import WriteFailed
from pipeline.outputs import ERRORS
from pipeline.settings import BUNDLED_CORPUS, DEFAULT_OUT, current


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `run` command."""
    p = sub.add_parser("run", help="extract award records from files, folders or URLs (default: the bundled corpus)",
                       description="Read articles (.html, .txt, Article .json/.jsonl, or http(s) URLs to crawl) and "
                                   "add to awards.jsonl, articles.jsonl and errors.jsonl in --out: articles done "
                                   "before with the same text and rules are skipped, changed ones replaced. "
                                   "With no INPUT, the bundled corpus.")
    p.add_argument("inputs", nargs="*", metavar="INPUT",
                   help="file, folder, URL, or - for Article JSONL on stdin (default: the bundled corpus)")
    add_out(p, default=DEFAULT_OUT, what="output folder", folder=True)
    p.add_argument("--workers", type=int, default=current().batch.workers, metavar="N",
                   help="processes to extract with (default: %(default)s, [batch] workers)")
    p.add_argument("--fresh", action="store_true",
                   help="start over: delete the folder's outputs and run state first")
    add_wait(p)
    p.add_argument("--hosts", type=Path, default=None, metavar="FILE",
                   help="web archives: keep only pages of these hosts (one a line; subdomains included)")
    p.add_argument("--engine", choices=["local", "dask"], default="local",
                   help="local (default: this process, or --workers processes) or dask: one task per input "
                        "file or folder shard, written as OUT/awards/part-NNNNN.jsonl … plus manifest.json")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="with --engine dask: an existing Dask scheduler (default: a LocalCluster of --workers)")
    p.add_argument("--min-confidence", type=float, default=current().records.min_confidence, metavar="X",
                   help="write only records with confidence >= X (0..1; default %(default)s, [records] min_confidence; 0: all)")
    add_json(p)
    add_common(p)
    p.set_defaults(func=main)


def _default_inputs() -> list[Path]:
    return [BUNDLED_CORPUS / "html", BUNDLED_CORPUS / "articles"]


def main(args: argparse.Namespace) -> int:
    """Run the job; exit 1 when any input failed (the count is in the summary)."""
    from pipeline.inputs import count_inputs, read_articles  # imported here: `warta --help` must not load spaCy
    from pipeline.rules.sites import sites_dir
    from pipeline.runner import run

    urls = [a for a in args.inputs if a.startswith(("http://", "https://"))]
    paths = [Path(a) for a in args.inputs if a not in urls] or ([] if urls else _default_inputs())
    archive = archive_options(args)
    if args.engine == "dask":
        return _run_dask(args, urls, paths, archive.hosts)
    items = iter(read_articles(paths, sites_dir=sites_dir(args.rules), archive=archive,
                               defer=True))  # date lines and language are read by the extracting processes
    if urls:
        from pipeline.crawler import crawl_urls  # the fetch stage, only when asked for

        items = _chain(items, crawl_urls(urls, args.out, args.rules))
    total = None if urls or args.quiet else count_inputs(paths)
    try:
        summary = run(items, args.out, rules_dir=args.rules, workers=args.workers, progress=not args.quiet,
                      total=total, fresh=args.fresh, wait=args.wait,
                      min_confidence=args.min_confidence)
    except WriteFailed as exc:
        print(f"warta: {exc}\nwarta run: make room and run the same command again: it goes on where the "
              f"last whole batch ended", file=sys.stderr)
        return 2
    from pipeline.events import refresh_events  # the run folder's records linked across articles

    refresh_events(args.out, args.rules)
    lines = [summary.line()] + ([archive.tally.line()] if archive.tally.files else [])
    data = summary_data(summary) | ({"archive": summary_data(archive.tally)} if archive.tally.files else {})
    print_summary(args, "\n".join(f"warta run: {line}" for line in lines), data)
    if summary.failures:
        print(f"warta run: {summary.failures} input(s) failed; reasons in {args.out / ERRORS}", file=sys.stderr)
    return 1 if summary.failures else 0


def _run_dask(args: argparse.Namespace, urls: list[str], paths: list[Path], hosts) -> int:
    """`--engine dask`: shards on a cluster (pipeline/dask_engine.py)."""
    from pipeline.dask_engine import run_dask
    from pipeline.errors import EngineError

    if urls:
        raise EngineError("--engine dask reads files and folders; crawl URLs first with `warta crawl`")
    summary = run_dask(paths, args.out, rules_dir=args.rules, workers=args.workers, scheduler=args.scheduler,
                       hosts=hosts)
    lines = [summary.line()] + (["web-archive records skipped: " + ", ".join(
        f"{n} {why}" for why, n in summary.skipped.most_common())] if summary.skipped else [])
    print_summary(args, "\n".join(f"warta run: {line}" for line in lines), summary_data(summary))
    for failed in summary.failed_shards:
        print(f"warta run: shard {failed} (run again to retry it)", file=sys.stderr)
    if summary.failures:
        print(f"warta run: {summary.failures} input(s) failed; reasons in {args.out / 'errors'}/part-*.jsonl",
              file=sys.stderr)
    return 1 if summary.failures or summary.failed_shards else 0


def archive_options(args: argparse.Namespace):
    """How `run` reads web archives: the --hosts filter and the tally the summary prints."""
    from pipeline.warc import ArchiveOptions, load_hosts

    return ArchiveOptions(hosts=load_hosts(args.hosts) if args.hosts else None)


def _chain(*iters):
    for it in iters:
        yield from it
