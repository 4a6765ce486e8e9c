"""`warta review FILE.jsonl`: write the HTML review report, or serve it and save decisions."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `review` command."""
    p = subparsers.add_parser(
        "review", help="HTML report of extracted records, with review decisions",
        description="Write one self-contained HTML page (opens from disk) showing each article "
                    "with its evidence highlighted and its records; low-confidence and incomplete "
                    "records first. With --serve, serve it on 127.0.0.1 and save each decision.")
    p.add_argument("file", type=Path, metavar="FILE.jsonl", help="award records (awards.jsonl)")
    p.add_argument("-o", "--output", type=Path, default=None,
                   help="HTML file to write (default: review.html beside FILE)")
    p.add_argument("--articles", type=Path, default=None, metavar="PATH",
                   help="articles JSONL (default: articles.jsonl beside FILE)")
    p.add_argument("--serve", action="store_true",
                   help="serve the page on 127.0.0.1 and append decisions to --decisions")
    p.add_argument("--port", type=int, default=8765, help="port for --serve (default 8765; 0 = any)")
    p.add_argument("--decisions", type=Path, default=None, metavar="FILE",
                   help="decisions JSONL: --serve appends to it (default: decisions.jsonl beside "
                        "FILE); without --serve, its decisions are shown in the page")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Write or serve the review page; return the exit status."""
    from pipeline.review import load_batch, load_decisions, render_report, serve  # not needed for --help

    batch = load_batch(args.file, args.articles)
    for warning in batch.warnings:
        print(f"warta: {warning}", file=sys.stderr)
    if args.serve:
        decisions = args.decisions or args.file.with_name("decisions.jsonl")
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
    out = args.output or args.file.with_name("review.html")
    decisions_file = args.decisions
    earlier = load_decisions(decisions_file) if decisions_file else None
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_report(batch, decisions=earlier), encoding="utf-8")
    flagged = sum(1 for item in batch.items if item.flagged)
    print(f"wrote {out}: {len(batch.items)} records in {len(batch.groups)} articles, "
          f"{flagged} low-confidence or incomplete")
    return 0
