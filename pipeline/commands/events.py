"""`warta events AWARDS… -o events.jsonl`: one AwardEvent per award event, with all its sources."""
from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pipeline.commands.options import add_common, add_json, add_out, print_summary, to_stdout
from pipeline.outputs import STDIO, Problem, read_output
from pipeline.write import dumps_line


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `events` command."""
    p = sub.add_parser(
        "events", help="link the records of one award event across articles into AwardEvents",
        description="Read award records (awards.jsonl files, run or shard folders, or - for stdin) and write one "
                    "AwardEvent per award event: the same press release on several sites, rewritten, retitled, "
                    "shortened or followed up becomes one event with all its sources; different recipients, "
                    "families or years stay apart. Event ids do not depend on input order.")
    p.add_argument("inputs", nargs="+", metavar="AWARDS", help="awards.jsonl, a run or shard folder, or -")
    add_out(p, default=STDIO, what="events JSONL to write")
    add_json(p)
    add_common(p)
    p.set_defaults(func=main)


def _records(inputs: list[str], problems: list[Problem], count: list[int]) -> Iterator[dict[str, Any]]:
    for name in inputs:
        for rec in read_output(name, "awards", problems):
            count[0] += 1
            yield rec


def main(args: argparse.Namespace) -> int:
    """Link and write the events; exit 1 when an input line could not be read (each is reported)."""
    from pipeline.events import build_events, write_events  # imported here: `warta --help` stays fast

    start = time.perf_counter()
    problems: list[Problem] = []
    count = [0]
    events = build_events(_records(args.inputs, problems, count), args.rules)
    if to_stdout(args.out):
        for ev in events:
            sys.stdout.write(dumps_line(ev))
        sys.stdout.flush()
    else:
        write_events(events, Path(args.out))
    for p in problems:
        print(f"warta events: {p}", file=sys.stderr)
    linked = sum(1 for ev in events if len(ev["sources"]) > 1)
    seconds = time.perf_counter() - start
    where = "" if to_stdout(args.out) else f" → {args.out}"
    print_summary(args, f"warta events: {count[0]} records → {len(events)} events ({linked} with more than one "
                        f"source) in {seconds:.1f} s{where}",
                  {"records": count[0], "events": len(events), "linked": linked, "seconds": round(seconds, 3),
                   "out": args.out}, stdout_taken=to_stdout(args.out))
    return 1 if problems else 0
