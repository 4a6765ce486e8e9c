"""`warta diff OLD.jsonl NEW.jsonl`: what a rules edit changed in the extracted records."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from pipeline.commands.options import add_common, add_json, add_out, text_output
from pipeline.diff import IGNORED, diff_records, format_diff
from pipeline.outputs import STDIO


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `diff` command."""
    p = subparsers.add_parser(
        "diff", help="records added, removed and changed between two awards.jsonl files",
        description="Match records by record_id, then by (article url, recipient name, award "
                    "family), and list records added, removed and changed field by field. "
                    f"Ignores {', '.join(IGNORED)} unless --all-fields. Exit status 0.")
    p.add_argument("old", type=Path, metavar="OLD.jsonl",
                   help="awards file, an output folder (run or shards), or - for stdin")
    p.add_argument("new", type=Path, metavar="NEW.jsonl",
                   help="awards file, an output folder (run or shards), or - for stdin")
    add_json(p, "the diff")
    add_out(p, default=STDIO, what="where to write the diff")
    p.add_argument("--all-fields", action="store_true",
                   help="also compare evidence and extractor")
    add_common(p)  # --rules: accepted like everywhere; a diff compares records, not rules
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the diff; return 0."""
    from pipeline.errors import InputError
    from pipeline.outputs import Problem, read_output

    if str(args.old) == str(args.new) == STDIO:
        raise InputError("only one of OLD and NEW can be - (stdin)", input=STDIO)
    problems: list[Problem] = []
    # A file, a run folder (awards.jsonl) or a distributed run's shard folder (awards/part-*.jsonl).
    old = list(read_output(args.old, "awards", problems))
    new = list(read_output(args.new, "awards", problems))
    for problem in problems:
        print(f"warta: {problem}", file=sys.stderr)
    diff = diff_records(old, new, ignore=() if args.all_fields else IGNORED)
    with text_output(args.out) as out:
        print(json.dumps(diff.to_dict(), ensure_ascii=False, indent=1) if args.json else format_diff(diff), file=out)
    return 0
