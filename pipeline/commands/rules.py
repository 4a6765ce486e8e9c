"""`warta rules check` and `warta rules explain`: validate rule files, debug what a rule found."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.commands import add_rules_option

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
    add_rules_option(c)
    c.set_defaults(func=_check)
    e = rsub.add_parser("explain", help="show tokens, spans (with the rule behind each) and records for a text",
                        description="Run the whole pipeline on TEXT (or --file F) and print its tokens, every span "
                                    "found with the rule (file:line id) that found it, and the records built.")
    e.add_argument("text", nargs="?", help="the text to explain")
    e.add_argument("--file", type=Path, help="read the text from a file instead")
    e.add_argument("--published", help="publication date (ISO), to resolve dates like 'Selasa (27/11)'")
    e.add_argument("--title", help="headline, when it matters for the article's region and family")
    e.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    add_rules_option(e)
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
    f.add_argument("-o", "--output", type=Path, default=None, metavar="FILE",
                   help="where to write (default: confidence.toml in the rules folder)")
    add_rules_option(f)
    f.set_defaults(func=_fit_confidence)
    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])


def _check(args: argparse.Namespace) -> int:
    from pipeline.rulecheck import check_rules  # imported here: loads spaCy

    rules, problems = check_rules(args.rules)
    for prob in problems:
        print(prob, file=sys.stdout)
    if problems:
        print(f"warta rules check: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    assert rules is not None
    n_examples = sum(len(p.examples) + len(p.counter_examples) for p in rules.patterns) + \
        sum(len(f.examples) + len(f.counter_examples) for f in rules.awards.values())
    print(f"rules OK: {len(rules.patterns)} patterns, {len(rules.gazetteer)} gazetteer entries, "
          f"{len(rules.awards)} award families, {n_examples} examples checked ({rules.path})")
    return 0


def _explain(args: argparse.Namespace) -> int:
    from pipeline.rulecheck import explain  # imported here: loads spaCy
    from pipeline.rules import load_rules

    if args.file:
        text = args.file.read_text(encoding="utf-8")
    elif args.text:
        text = args.text
    else:
        text = sys.stdin.read()
    rules = load_rules(args.rules)
    ex = explain(text, rules, published=args.published, title=args.title)
    if args.json:
        print(json.dumps({"tokens": ex.tokens,
                          "spans": [{"label": m.label, "start": m.start, "end": m.end, "text": m.text,
                                     "rule": origin} for m, origin in ex.spans],
                          "records": [r.to_dict() for r in ex.records]}, ensure_ascii=False, indent=1))
        return 0
    print("tokens: " + " | ".join(ex.tokens))
    print(f"\nspans ({len(ex.spans)}):")
    for m, origin in ex.spans:
        print(f"  {m.label:<14} {m.start:>5}-{m.end:<5} {m.text!r:<45} {origin}")
    print(f"\nrecords ({len(ex.records)}):")
    for r in ex.records:
        grade = (r.grade or {}).get("letter") or (r.grade or {}).get("label") or "-"
        print(f"  {r.recipient['name']} [{r.recipient['type']}, {r.recipient['region'] or '-'}] "
              f"{r.award['family']} {r.award['year'] or ''} grade={grade} giver={(r.giver or {}).get('id', '-')} "
              f"primary={r.primary} confidence={r.confidence}")
    return 0


def _fit_confidence(args: argparse.Namespace) -> int:
    from pipeline.evaluate.confidence_toml import render_toml
    from pipeline.evaluate.fit import collect, collect_negatives, fit
    from pipeline.rules import load_rules, rules_digest
    from pipeline.rules.confidence import load_confidence, load_fit_config
    from pipeline.settings import BUNDLED_RULES

    rules = load_rules(args.rules)
    target = args.output or rules.path / "confidence.toml"
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
    tmp = target.with_name(target.name + ".tmp")
    digest = rules_digest(rules.path, frozenset({"confidence.toml"}))
    tmp.write_text(render_toml(result, config, args.gold, digest, args.negatives), encoding="utf-8")
    if load_confidence(tmp, errors) is None:  # never leave a file the loader would refuse
        tmp.unlink()
        print("\n".join(str(e) for e in errors), file=sys.stderr)
        return 1
    tmp.replace(target)
    _print_fit(result, config, [str(p) for p in [*args.gold, *args.negatives]])
    print(f"\nwrote {target}")
    return 0


def _print_fit(result: dict, config: FitConfig, sources: list[str]) -> None:
    """Print what to check after a refit: in-sample per gold set, the cross-validated table and its spread."""
    from pipeline.evaluate.calibration import HIGH as high, render_reliability

    print(f"fitted on {result['records']} records in {result['articles']} articles ({result['right']} right): "
          f"{len(config.features)} features, L2 penalty {result['penalty']}, step {config.step}")
    print("\nin-sample, per gold set (what `warta eval --gold SET` prints with these weights):")
    for src in sources:
        cal = result["by_source"].get(src)
        if cal is None:
            print(f"  {src:<40}    0 records")
            continue
        ece = "-" if cal["ece"] is None else f"{cal['ece']:.3f}"
        share = "-" if cal["share_right_at_high"] is None else f"{cal['share_right_at_high']:.3f}"
        print(f"  {src:<40} {cal['records']:>4} records  ECE {ece}  at >= {high}: {cal['records_at_high']} records, "
              f"share right {share}")
    print("\nin-sample, all:")
    print("\n".join(render_reliability(result["in_sample"])))
    cv = result["cross_validated"]
    print(f"\ncross-validated ({config.folds} folds by article; penalty, regression and step refitted "
          f"without the articles scored):")
    print("\n".join(render_reliability(cv)))
    s, h = cv["ece_splits"], cv.get("high_splits")
    print(f"ECE cross-validated over {s['splits']} fold splits: mean {s['mean']}, {s['min']}-{s['max']}"
          + (f"; share right at >= {high}: mean {h['mean']}, {h['min']}-{h['max']}" if h else ""))
    print(f"ECE a perfectly calibrated model would show on these records (sampling alone): {result['noise_floor']}")
    print(f"review page: low confidence below {result['low_confidence']} (cross-validated, records below it "
          f"were right less than {config.review_share_right:.0%} of the time)")
