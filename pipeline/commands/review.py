"""`warta review FILE.jsonl`: write the HTML review report, or serve it and save decisions."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.commands.options import add_common, add_json, add_out, print_summary, text_output, to_stdout
from pipeline.outputs import DECISIONS, REVIEW_PAGE, STDIO
from pipeline.settings import current

if TYPE_CHECKING:
    from pipeline.review.data import ReviewSlice


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `review` command."""
    p = subparsers.add_parser(
        "review", help="HTML report of extracted records, with review decisions",
        description="Write one self-contained HTML page (opens from disk) showing each article "
                    "with its evidence highlighted and its records; low-confidence and incomplete "
                    "records first. With --serve, serve it on 127.0.0.1 and save each decision.")
    p.add_argument("file", type=Path, metavar="FILE.jsonl",
                   help="award records: awards.jsonl, a run or shard folder, or - for stdin")
    add_out(p, default=None, what="HTML file to write", shown=f"{REVIEW_PAGE} beside FILE")
    p.add_argument("--articles", type=Path, default=None, metavar="PATH",
                   help="articles JSONL (default: articles.jsonl beside FILE)")
    p.add_argument("--serve", action="store_true",
                   help="serve the page on 127.0.0.1 and append decisions to --decisions")
    p.add_argument("--port", type=int, default=current().review.port,
                   help="port for --serve (default %(default)s, [review] port; 0 = any)")
    p.add_argument("--decisions", type=Path, default=None, metavar="FILE",
                   help="decisions JSONL: --serve appends to it (default: decisions.jsonl beside "
                        "FILE); without --serve, its decisions are shown in the page")
    g = p.add_argument_group("one slice of the records (options repeat: any of the values)")
    g.add_argument("--min-confidence", type=float, default=None, metavar="X",
                   help="only records with confidence >= X")
    g.add_argument("--family", action="append", default=[], metavar="NAME",
                   help="only this award family (e.g. bpk_opini)")
    g.add_argument("--region", action="append", default=[], metavar="NAME",
                   help='only this recipient region ("Kota Madiun") or province ("Jawa Timur")')
    g.add_argument("--year", action="append", default=[], type=int, metavar="YYYY",
                   help="only this award year")
    add_json(p)
    add_common(p)  # --rules: its region gazetteer maps regions to provinces, its confidence.toml says which confidence is low
    p.set_defaults(func=run)


def review_slice(args: argparse.Namespace) -> ReviewSlice | None:
    """Return the slice the options ask for, or None for every record."""
    from pipeline.review.data import ReviewSlice

    if args.min_confidence is None and not (args.family or args.region or args.year):
        return None
    provinces: dict[str, str] = {}
    if args.region:
        from pipeline.report.provinces import region_provinces
        from pipeline.rules import load_rules

        provinces = region_provinces(load_rules(args.rules))
    return ReviewSlice(min_confidence=args.min_confidence, families=tuple(args.family),
                       regions=tuple(args.region), years=tuple(args.year), provinces=provinces)


def run(args: argparse.Namespace) -> int:
    """Write or serve the review page; return the exit status."""
    from pipeline.review import load_batch, load_decisions, render_report, serve  # not needed for --help

    batch = load_batch(args.file, args.articles, review_slice(args), args.rules)
    for warning in batch.warnings:
        print(f"warta: {warning}", file=sys.stderr)
    if args.serve:
        decisions = args.decisions or default_output(args.file).with_name(DECISIONS)
        server = serve(batch, decisions, args.port)
        print(f"reviewing {len(batch.items)} records at {server.url} "
              f"(decisions → {decisions}); Ctrl-C to stop", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            print(f"\nstopped; decisions are in {decisions}")
        finally:
            server.server_close()
        return 0
    out = Path(args.out) if args.out else default_output(args.file)
    decisions_file = args.decisions
    earlier = load_decisions(decisions_file) if decisions_file else None
    page = render_report(batch, decisions=earlier)
    flagged = sum(1 for item in batch.items if item.flagged)
    summary = (f"{len(batch.items)} records in {len(batch.groups)} articles, "
               f"{flagged} low-confidence or incomplete")
    data = {"records": len(batch.items), "articles": len(batch.groups), "flagged": flagged, "out": str(out)}
    with text_output(out) as fh:
        fh.write(page)
    if to_stdout(out):
        print_summary(args, f"warta: {summary}", data, stdout_taken=True)
    else:
        print_summary(args, f"wrote {out}: {summary}", data, stream=sys.stdout)
    return 0


def default_output(records: Path) -> Path:
    """review.html beside the records file, inside a run folder, or here for stdin."""
    if str(records) == STDIO:
        return Path(REVIEW_PAGE)
    return records / REVIEW_PAGE if records.is_dir() else records.with_name(REVIEW_PAGE)
