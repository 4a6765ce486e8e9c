"""`warta export AWARDS|EVENTS --format csv|parquet|jsonl [-o FILE|-]`: flat rows for pandas, DuckDB, R."""
from __future__ import annotations

import argparse
import itertools
import sys

from pipeline.commands.options import add_common, add_json, add_out, print_summary, text_output, to_stdout
from pipeline.errors import ExportError
from pipeline.export import (EVENT_COLUMNS, FORMATS, RECORD_COLUMNS, columns_table, is_event, rows, write_csv,
                             write_jsonl, write_parquet)
from pipeline.outputs import STDIO, Problem, read_output


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `export` command."""
    p = sub.add_parser(
        "export", help="flat CSV, Parquet or JSONL of records or events, one row each",
        description="Write one flat row per award record (awards.jsonl, a run or shard folder) or per award event "
                    "(events.jsonl, or a run folder with --events): documented columns (--columns lists them), "
                    "Parquet with proper types (dates as dates). Parquet needs the extra warta[parquet].")
    p.add_argument("input", nargs="?", metavar="AWARDS|EVENTS", help="a records or events JSONL, a run folder, or -")
    p.add_argument("--format", choices=FORMATS, default="csv", help="output format (default: csv)")
    add_out(p, default=STDIO, what="file to write")
    p.add_argument("--events", action="store_true", help="export the events.jsonl of a run folder")
    p.add_argument("--columns", action="store_true", help="print the columns (name, type, meaning) and exit")
    add_json(p)
    add_common(p)
    p.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    """Write the export; exit 1 when an input line could not be read (each is reported)."""
    from pipeline.entities import entity_index  # imported here: `warta --help` stays fast
    from pipeline.rules import load_rules

    if args.columns:
        print("records (one row per award record):\n" + columns_table(RECORD_COLUMNS))
        print("events (one row per award event):\n" + columns_table(EVENT_COLUMNS), end="")
        return 0
    if not args.input:
        raise ExportError("give an AWARDS or EVENTS input (a JSONL file, a run folder, or -)")
    if args.format == "parquet" and to_stdout(args.out) and sys.stdout.isatty():
        raise ExportError("Parquet is binary: write it to a file with -o FILE, or pipe it")
    problems: list[Problem] = []
    objs = read_output(args.input, "events" if args.events else "awards", problems)
    first = list(itertools.islice(objs, 1))
    columns = EVENT_COLUMNS if args.events or (first and is_event(first[0])) else RECORD_COLUMNS
    data = rows(itertools.chain(first, objs), columns, entity_index(load_rules(args.rules)))
    if args.format == "parquet":
        target = sys.stdout.buffer if to_stdout(args.out) else args.out
        n = write_parquet(data, columns, target)
    else:
        with text_output(args.out) as out:
            n = write_csv(data, columns, out) if args.format == "csv" else write_jsonl(data, out)
    for p in problems:
        print(f"warta export: {p}", file=sys.stderr)
    kind = "events" if columns is EVENT_COLUMNS else "records"
    where = "stdout" if to_stdout(args.out) else args.out
    print_summary(args, f"warta export: {n} {kind} → {where} ({args.format}, {len(columns)} columns)",
                  {kind: n, "out": args.out, "format": args.format, "columns": len(columns)},
                  stdout_taken=to_stdout(args.out))
    return 1 if problems else 0
