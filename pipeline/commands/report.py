"""`warta report AWARDS… -o report.html`: charts and a province map over award records."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipeline.commands.options import add_common, add_json, add_out, print_summary, text_output, to_stdout
from pipeline.outputs import REPORT_PAGE, Problem, read_output


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `report` command."""
    p = subparsers.add_parser(
        "report", help="HTML report: awards by province (a map), year, family and grade, recipients, givers",
        description="Write one self-contained HTML page (no network assets; opens from disk) with "
                    "charts of the award records and a map of Indonesia's 38 provinces coloured by "
                    "count. A record's province comes from its region through the rules' region gazetteer.")
    p.add_argument("inputs", nargs="+", type=Path, metavar="AWARDS",
                   help="award records: awards.jsonl, a run or shard folder, or - for stdin")
    add_out(p, default=REPORT_PAGE, what="HTML file to write")
    add_json(p)
    add_common(p)  # --rules: its region gazetteer gives each record's province
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Count the records, write the page; return the exit status."""
    from pipeline.report.data import ReportData  # imported here: `warta --help` stays fast
    from pipeline.report.provinces import region_provinces
    from pipeline.report.render import render_report_page
    from pipeline.rules import load_rules

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
    facts = {"records": data.records, "provinces": len(data.provinces), "no_province": data.no_province,
             "out": str(args.out)}
    with text_output(args.out) as fh:
        fh.write(page)
    if to_stdout(args.out):
        print_summary(args, f"warta: {summary}", facts, stdout_taken=True)
    else:
        print_summary(args, f"wrote {args.out}: {summary}", facts, stream=sys.stdout)
    return 0
