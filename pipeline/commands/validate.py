"""`warta validate FILE|FOLDER|-`: check every output line against the JSON Schemas."""
from __future__ import annotations

import argparse
import sys

from pipeline.validate import SCHEMAS, validate_paths


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `validate` command."""
    p = subparsers.add_parser(
        "validate", help="check outputs against the JSON Schemas of records, articles, events, errors",
        description="Validate every line of awards.jsonl, articles.jsonl, events.jsonl and errors.jsonl "
                    "(a file, a run folder, a shard folder with awards/part-*.jsonl, or - for stdin) "
                    "against the schemas in pipeline/schema/. Prints `file:line: reason` per invalid "
                    "line; exit status 1 when any line is invalid, 2 when a path cannot be read.")
    p.add_argument("paths", nargs="+", metavar="FILE|FOLDER|-")
    p.add_argument("--kind", choices=sorted(SCHEMAS), default=None,
                   help="the schema to use (default: from the file name, else from each line's keys)")
    p.add_argument("--quiet", action="store_true", help="print only the invalid lines")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print each invalid line and a summary; return 1 when any line is invalid."""
    report = validate_paths(args.paths, args.kind)
    for bad in report.invalid:
        print(bad)
    if not args.quiet:
        state = "all valid" if report.ok else f"{len(report.invalid)} invalid"
        print(f"warta validate: {_n(report.lines, 'line')} in {_n(len(report.files), 'file')}, {state}",
              file=sys.stderr)
    return 0 if report.ok else 1


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' * (count != 1)}"
