"""`warta diff OLD.jsonl NEW.jsonl`: what a rules edit changed in the extracted records."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from pipeline.diff import IGNORED, diff_records, format_diff


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `diff` command."""
    p = subparsers.add_parser(
        "diff", help="records added, removed and changed between two awards.jsonl files",
        description="Match records by record_id, then by (article url, recipient name, award "
                    "family), and list records added, removed and changed field by field. "
                    f"Ignores {', '.join(IGNORED)} unless --all-fields. Exit status 0.")
    p.add_argument("old", type=Path, metavar="OLD.jsonl", help="awards file, or an output folder (run or shards)")
    p.add_argument("new", type=Path, metavar="NEW.jsonl", help="awards file, or an output folder (run or shards)")
    p.add_argument("--json", action="store_true", help="print the diff as one JSON object")
    p.add_argument("--all-fields", action="store_true",
                   help="also compare evidence and extractor")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the diff; return 0."""
    from pipeline.outputs import Problem, read_output

    problems: list[Problem] = []
    # A file, a run folder (awards.jsonl) or a distributed run's shard folder (awards/part-*.jsonl).
    old = list(read_output(args.old, "awards", problems))
    new = list(read_output(args.new, "awards", problems))
    for problem in problems:
        print(f"warta: {problem}", file=sys.stderr)
    diff = diff_records(old, new, ignore=() if args.all_fields else IGNORED)
    if args.json:
        print(json.dumps(diff.to_dict(), ensure_ascii=False, indent=1))
    else:
        print(format_diff(diff))
    return 0
