"""`warta validate FILE|FOLDER|-`: check every output line against the JSON Schemas."""
from __future__ import annotations

import argparse

from pipeline.commands.options import add_common, add_json, print_summary
from pipeline.outputs import KINDS


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `validate` command."""
    p = subparsers.add_parser(
        "validate", help="check outputs against the JSON Schemas of records, articles, events, errors",
        description="Validate every line of awards.jsonl, articles.jsonl, events.jsonl and errors.jsonl "
                    "(a file, a run folder, a shard folder with awards/part-*.jsonl, or - for stdin) "
                    "against the schemas in pipeline/schema/. Prints `file:line: reason` per invalid "
                    "line; exit status 1 when any line is invalid, 2 when a path cannot be read.")
    p.add_argument("paths", nargs="+", metavar="FILE|FOLDER|-")
    p.add_argument("--kind", choices=sorted(KINDS), default=None,
                   help="the schema to use (default: from the file name, else from each line's keys)")
    add_json(p)
    add_common(p)  # --quiet: only the invalid lines; --rules: accepted like everywhere (schemas are not rules)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print each invalid line and a summary; return 1 when any line is invalid."""
    from pipeline.validate import validate_paths  # imported here: jsonschema is slow to import, --help is not

    report = validate_paths(args.paths, args.kind)
    if not args.json or args.quiet:  # with --json the invalid lines are in the one object (unless --quiet drops it)
        for bad in report.invalid:
            print(bad)
    state = "all valid" if report.ok else f"{len(report.invalid)} invalid"
    print_summary(args, f"warta validate: {_n(report.lines, 'line')} in {_n(len(report.files), 'file')}, {state}",
                  {"lines": report.lines, "files": len(report.files), "valid": report.ok,
                   "invalid": [str(bad) for bad in report.invalid]})
    return 0 if report.ok else 1


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' * (count != 1)}"
