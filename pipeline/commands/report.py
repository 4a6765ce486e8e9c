"""`warta report AWARDS… -o report.html`: charts and a province map over award records."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipeline.outputs import Problem, read_output
from pipeline.report.data import ReportData
from pipeline.report.provinces import region_provinces
from pipeline.report.render import render_report_page
from pipeline.rules import load_rules


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `report` command."""
    p = subparsers.add_parser(
        "report", help="HTML report: awards by province (a map), year, family and grade, recipients, givers",
        description="Write one self-contained HTML page (no network assets; opens from disk) with "
                    "charts of the award records and a map of Indonesia's 38 provinces coloured by "
                    "count. A record's province comes from its region through the rules' region gazetteer.")
    p.add_argument("inputs", nargs="+", type=Path, metavar="AWARDS",
                   help="award records: awards.jsonl, a run or shard folder, or - for stdin")
    p.add_argument("-o", "--output", type=Path, default=Path("report.html"),
                   help="HTML file to write, - for stdout (default: report.html)")
    p.add_argument("--rules", type=Path, default=None, metavar="DIR",
                   help="rules folder with the region gazetteer (default: ./rules, else the bundled rules)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Count the records, write the page; return the exit status."""
    lookup = region_provinces(load_rules(args.rules))
    data, problems = ReportData(), []
    for source in args.inputs:
        found: list[Problem] = []
        for record in read_output(source, "awards", found):
            data.add(record, lookup)
        problems += [str(p) for p in found]
    for problem in problems:
        print(f"warta: {problem}", file=sys.stderr)
    names = ["stdin" if str(s) == "-" else s.resolve().name or str(s) for s in args.inputs]
    page = render_report_page(data, sources=names, problems=problems)
    summary = (f"{data.records} records, {len(data.provinces)} of 38 provinces, "
               f"{data.no_province} without a known province")
    if str(args.output) == "-":
        sys.stdout.write(page)
        print(f"warta: {summary}", file=sys.stderr)
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(page, encoding="utf-8")
    print(f"wrote {args.output}: {summary}")
    return 0
