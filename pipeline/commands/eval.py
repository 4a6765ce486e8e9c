"""`warta eval`: extract records from a gold folder's articles and score them against its gold."""
from __future__ import annotations

import argparse
from pathlib import Path

from pipeline.commands.options import add_common, add_json, add_out, text_output
from pipeline.outputs import STDIO
from pipeline.settings import current


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `eval` command."""
    p = sub.add_parser("eval", help="score extraction against gold records",
                       description="Run extraction on the articles of a gold folder (articles/NNN.json + "
                                   "gold/NNN.json) and print record precision/recall/F1 (primary and all), "
                                   "accuracy per field, per award family, false records on negative "
                                   "articles and the worst articles.")
    p.add_argument("--gold", type=Path, required=True, metavar="PATH",
                   help="folder with articles/ and gold/ (e.g. corpus/ or ../shared/dev-articles)")
    p.add_argument("--articles", type=Path, default=None, metavar="PATH",
                   help="folder of the articles/NNN.json files (default: PATH/articles)")
    add_json(p, "the report (instead of the table)")
    add_out(p, default=STDIO, what="where to write the report")
    p.add_argument("--worst", type=int, default=current().eval.worst, metavar="N",
                   help="list the N worst articles (default %(default)s, [eval] worst)")
    p.add_argument("--reviewed", type=Path, default=None, metavar="FILE",
                   help="reviewed JSONL from `warta review` (or - for stdin): accepted/corrected records are the gold")
    add_common(p)
    p.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    """Print the report; exit 0 (floors are checked by tests, not here)."""
    from pipeline.evaluate import evaluate_folder, render_json, render_table  # not needed for --help

    report = evaluate_folder(args.gold, articles_path=args.articles, rules_dir=args.rules,
                             reviewed=args.reviewed, worst=max(args.worst, 0))
    with text_output(args.out) as out:
        out.write(render_json(report) + "\n" if args.json else render_table(report, title=str(args.gold)))
    return 0
