"""`warta rules check` and `warta rules explain`: validate rule files, debug what a rule found."""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from pipeline.commands.options import add_common, add_json, add_out, print_summary, text_output, to_stdout
from pipeline.outputs import STDIO

if TYPE_CHECKING:
    from pipeline.rules.confidence import FitConfig


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `rules` command group."""
    p = sub.add_parser("rules", help="check rule files; explain which rule found what",
                       description="Work with the rules in rules/ (or --rules DIR).")
    rsub = p.add_subparsers(dest="rules_command", metavar="SUBCOMMAND")
    c = rsub.add_parser("check", help="validate every rule file and run its examples",
                        description="Validate patterns (spaCy's schema), gazetteers, award families and site "
                                    "profiles, run every example and counter-example, and report file:line: reason. "
                                    "Exit 1 on any problem.")
    add_json(c)
    add_common(c)
    c.set_defaults(func=_check)
    e = rsub.add_parser("explain", help="show tokens, spans (with the rule behind each) and records for a text",
                        description="Run the whole pipeline on TEXT (or --file F) and print its tokens, every span "
                                    "found with the rule (file:line id) that found it, and the records built.")
    e.add_argument("text", nargs="?", help="the text to explain")
    e.add_argument("--file", type=Path, metavar="F", help="read the text from a file instead (- for stdin)")
    e.add_argument("--published", help="publication date (ISO), to resolve dates like 'Selasa (27/11)'")
    e.add_argument("--title", help="headline, when it matters for the article's region and family")
    add_json(e, "the tokens, spans and records (instead of text)")
    add_out(e, default=STDIO, what="where to write the explanation")
    add_common(e)
    e.set_defaults(func=_explain)
    f = rsub.add_parser("fit-confidence", help="refit the confidence model on gold sets; write rules/confidence.toml",
                        description="Extract records from gold folders (articles/ + gold/), label each right (matched "
                                    "to a gold record with its grade and year agreeing) or wrong, fit the logistic "
                                    "confidence model and write its weights. Prints the in-sample and cross-validated "
                                    "reliability tables. Refit after every rules change.")
    f.add_argument("--gold", type=Path, action="append", required=True, metavar="PATH",
                   help="gold folder (repeatable), e.g. --gold corpus --gold ../shared/dev-articles")
    f.add_argument("--negatives", type=Path, action="append", default=[], metavar="FILE",
                   help="Article JSONL of ordinary news (repeatable): every record from it counts as wrong; "
                        "articles a labels.tsv beside it marks award or borderline are left out")
    add_out(f, default=None, what="confidence TOML to write", shown="confidence.toml in the rules folder")
    add_common(f)  # --quiet: no reliability tables
    f.set_defaults(func=_fit_confidence)
    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])


def _check(args: argparse.Namespace) -> int:
    from pipeline.rulecheck import check_rules  # imported here: loads spaCy

    rules, problems = check_rules(args.rules)
    if not args.json or args.quiet:  # with --json the problems are in the one object (unless --quiet drops it)
        for prob in problems:
            print(prob, file=sys.stdout)
    if problems:
        print_summary(args, f"warta rules check: {len(problems)} problem(s)",
                      {"ok": False, "problems": [str(p) for p in problems]})
        return 1
    assert rules is not None
    n_examples = sum(len(p.examples) + len(p.counter_examples) for p in rules.patterns) + \
        sum(len(f.examples) + len(f.counter_examples) for f in rules.awards.values())
    print_summary(args, f"rules OK: {len(rules.patterns)} patterns, {len(rules.gazetteer)} gazetteer entries, "
                        f"{len(rules.awards)} award families, {n_examples} examples checked ({rules.path})",
                  {"ok": True, "problems": [], "patterns": len(rules.patterns), "gazetteer": len(rules.gazetteer),
                   "award_families": len(rules.awards), "examples": n_examples, "rules": str(rules.path)},
                  stream=sys.stdout)
    return 0


def _explain(args: argparse.Namespace) -> int:
    from pipeline.rulecheck import explain  # imported here: loads spaCy
    from pipeline.rules import load_rules

    if args.file and str(args.file) == STDIO:
        text = sys.stdin.read()
    elif args.file:
        text = args.file.read_text(encoding="utf-8")
    elif args.text:
        text = args.text
    else:
        text = sys.stdin.read()
    rules = load_rules(args.rules)
    ex = explain(text, rules, published=args.published, title=args.title)
    with text_output(args.out) as out:
        if args.json:
            out.write(json.dumps({"tokens": ex.tokens,
                                  "spans": [{"label": m.label, "start": m.start, "end": m.end, "text": m.text,
                                             "rule": origin} for m, origin in ex.spans],
                                  "records": [r.to_dict() for r in ex.records]}, ensure_ascii=False, indent=1) + "\n")
            return 0
        out.write("tokens: " + " | ".join(ex.tokens) + "\n")
        out.write(f"\nspans ({len(ex.spans)}):\n")
        for m, origin in ex.spans:
            out.write(f"  {m.label:<14} {m.start:>5}-{m.end:<5} {m.text!r:<45} {origin}\n")
        out.write(f"\nrecords ({len(ex.records)}):\n")
        for r in ex.records:
            grade = (r.grade or {}).get("letter") or (r.grade or {}).get("label") or "-"
            out.write(f"  {r.recipient['name']} [{r.recipient['type']}, {r.recipient['region'] or '-'}] "
                      f"{r.award['family']} {r.award['year'] or ''} grade={grade} "
                      f"giver={(r.giver or {}).get('id', '-')} primary={r.primary} confidence={r.confidence}\n")
    return 0


def _fit_confidence(args: argparse.Namespace) -> int:
    from pipeline.evaluate.confidence_toml import render_toml
    from pipeline.evaluate.fit import collect, collect_negatives, fit
    from pipeline.rules import load_rules, rules_digest
    from pipeline.rules.confidence import load_confidence, load_fit_config
    from pipeline.settings import BUNDLED_RULES

    rules = load_rules(args.rules)
    target = Path(args.out) if args.out and not to_stdout(args.out) else rules.path / "confidence.toml"
    # The fitting configuration is data: [model] of the rules' confidence.toml (else the bundled one's).
    errors: list = []
    source = rules.path / "confidence.toml"
    config = load_fit_config(source if source.is_file() else BUNDLED_RULES / "confidence.toml", errors)
    if config is None:
        print("\n".join(str(e) for e in errors), file=sys.stderr)
        return 1
    samples = collect(args.gold, config.features, args.rules)
    for path in args.negatives:
        samples += collect_negatives(path, config.features, args.rules)
    try:
        result = fit(samples, config)
    except ValueError as exc:
        print(f"warta rules fit-confidence: {exc}", file=sys.stderr)
        return 1
    digest = rules_digest(rules.path, frozenset({"confidence.toml"}))
    text = render_toml(result, config, args.gold, digest, args.negatives)
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir) / "confidence.toml"
        tmp.write_text(text, encoding="utf-8")
        if load_confidence(tmp, errors) is None:  # never leave a file the loader would refuse
            print("\n".join(str(e) for e in errors), file=sys.stderr)
            return 1
    if to_stdout(args.out):
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        temp = target.with_name(target.name + ".tmp")
        temp.write_text(text, encoding="utf-8")
        temp.replace(target)  # whole or not at all
    if args.quiet:
        return 0
    # The TOML may be on stdout: the reliability report then goes to stderr.
    show = sys.stderr if to_stdout(args.out) else sys.stdout
    _print_fit(result, config, [str(p) for p in [*args.gold, *args.negatives]], show)
    print(f"\nwrote {'stdout' if to_stdout(args.out) else target}", file=show)
    return 0


def _print_fit(result: dict, config: FitConfig, sources: list[str], show: TextIO) -> None:
    """Print what to check after a refit: in-sample per gold set, the cross-validated table and its spread."""
    from pipeline.evaluate.calibration import HIGH as high, render_reliability

    print(f"fitted on {result['records']} records in {result['articles']} articles ({result['right']} right): "
          f"{len(config.features)} features, L2 penalty {result['penalty']}, step {config.step}", file=show)
    print("\nin-sample, per gold set (what `warta eval --gold SET` prints with these weights):", file=show)
    for src in sources:
        cal = result["by_source"].get(src)
        if cal is None:
            print(f"  {src:<40}    0 records", file=show)
            continue
        ece = "-" if cal["ece"] is None else f"{cal['ece']:.3f}"
        share = "-" if cal["share_right_at_high"] is None else f"{cal['share_right_at_high']:.3f}"
        print(f"  {src:<40} {cal['records']:>4} records  ECE {ece}  at >= {high}: {cal['records_at_high']} records, "
              f"share right {share}", file=show)
    print("\nin-sample, all:", file=show)
    print("\n".join(render_reliability(result["in_sample"])), file=show)
    cv = result["cross_validated"]
    print(f"\ncross-validated ({config.folds} folds by article; penalty, regression and step refitted "
          f"without the articles scored):", file=show)
    print("\n".join(render_reliability(cv)), file=show)
    s, h = cv["ece_splits"], cv.get("high_splits")
    print(f"ECE cross-validated over {s['splits']} fold splits: mean {s['mean']}, {s['min']}-{s['max']}"
          + (f"; share right at >= {high}: mean {h['mean']}, {h['min']}-{h['max']}" if h else ""), file=show)
    print(f"ECE a perfectly calibrated model would show on these records (sampling alone): {result['noise_floor']}", file=show)
    print(f"review page: low confidence below {result['low_confidence']} (cross-validated, records below it "
          f"were right less than {config.review_share_right:.0%} of the time)", file=show)
