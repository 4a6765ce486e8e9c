"""`warta extract`: Article JSONL in, AwardRecord JSONL out (stdin/stdout by default)."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.commands.options import add_common, add_out, to_stdout
from pipeline.outputs import STDIO
from pipeline.settings import current

if TYPE_CHECKING:
    from pipeline.models import Article, AwardRecord


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `extract` command."""
    p = sub.add_parser("extract", help="Article JSONL in, AwardRecord JSONL out",
                       description="Read Article JSONL (each line {id?, url?, site?, title?, published?, text} or "
                                   "with html instead of text; a named .json file is one Article) and write one "
                                   "AwardRecord per line. Bad inputs are reported on stderr with their line number.")
    p.add_argument("file", nargs="?", default=STDIO, metavar="FILE",
                   help="Article JSONL (or .json, .html, .txt) file, or - for stdin (default)")
    add_out(p, default=STDIO, what="AwardRecord JSONL to write")
    p.add_argument("--min-confidence", type=float, default=current().records.min_confidence, metavar="X",
                   help="write only records with confidence >= X (0..1; default %(default)s, [records] min_confidence; 0: all)")
    add_common(p)
    p.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    """Stream records out; exit 1 when any input failed."""
    from pipeline.inputs import read_file  # imported here: `warta --help` must not load spaCy
    from pipeline.models import ErrorRecord
    from pipeline.rules.sites import sites_dir
    from pipeline.runner import extract_results
    from pipeline.write import JsonlWriter, dumps_line

    failures = 0
    sites = sites_dir(args.rules)

    def report(err: ErrorRecord) -> None:
        nonlocal failures
        failures += 1
        print(f"warta extract: {err.input}: {err.reason}", file=sys.stderr)

    def articles() -> Iterator[Article]:
        # - is Article JSONL on stdin; a .jsonl file line by line; .json, .html, .txt as one article
        for item in read_file(Path(args.file), sites):
            if isinstance(item, ErrorRecord):
                report(item)
            else:
                yield item

    def records() -> Iterator[AwardRecord]:
        for _art, result in extract_results(articles(), args.rules):
            if isinstance(result, ErrorRecord):
                report(result)
            else:
                yield from result

    if to_stdout(args.out):
        for rec in _kept(records(), args.min_confidence):
            sys.stdout.write(dumps_line(rec.to_dict()))
        sys.stdout.flush()
    else:
        with JsonlWriter(Path(args.out)) as out:
            for rec in _kept(records(), args.min_confidence):
                out.write(rec.to_dict())
    return 1 if failures else 0


def _kept(records, min_confidence: float):
    """The records at or above --min-confidence."""
    return (r for r in records if r.confidence >= min_confidence)  # streamed, not collected
