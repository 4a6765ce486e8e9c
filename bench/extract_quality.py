"""Score the extract stage: body-text F1 (word 4-grams), leaked boilerplate, title, published to the minute.

Runs over the labelled fixtures in corpus/sites/quality/ and, when present, the real pages in
../shared/pages/ (labelled by first/last sentence instead of full text). Prints a table, or
JSON with --json. The metric itself is pipeline/evaluate/extraction.py.
Usage: python bench/extract_quality.py [--json] [--pages DIR] [--quality DIR]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.evaluate.extraction import QUALITY_DIR, score_pages  # noqa: E402

PAGES_DIR = ROOT.parent / "shared" / "pages"


def _mark(value: bool | None) -> str:
    return "-" if value is None else ("ok" if value else "FAIL")


def main(argv: list[str] | None = None) -> int:
    """Print the quality table (or JSON); exit 0."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true", help="print JSON instead of a table")
    ap.add_argument("--quality", type=Path, default=QUALITY_DIR)
    ap.add_argument("--pages", type=Path, default=PAGES_DIR)
    args = ap.parse_args(argv)
    result = score_pages(args.quality, args.pages)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return 0
    print(f"{'page':<52} {'set':<7} {'F1':>6} {'leak':>4} {'title':>5} {'time':>5} {'first':>5} {'last':>5}")
    for r in result["rows"]:
        f1 = f"{r['f1']:.3f}" if r["f1"] is not None else "-"
        print(f"{r['file'][:52]:<52} {r['set']:<7} {f1:>6} {len(r['leaked']):>4} {_mark(r['title_ok']):>5} "
              f"{_mark(r['published_ok']):>5} {_mark(r['first_ok']):>5} {_mark(r['last_ok']):>5}"
              + (f"  ERROR {r['error']}" if r["error"] else ""))
        for leak in r["leaked"]:
            print(f"    leaked: {leak!r}")
    s = result["summary"]
    print(f"\n{s['pages']} pages  mean F1 {s['mean_f1']}  min F1 {s['min_f1']}  leaked lines {s['leaked_lines']}  "
          f"published to the minute {s['published_ok']}/{s['pages']}  titles {s['title_ok']}/{s['pages']}  "
          f"first+last sentence {s['sentences_ok']}/{s['pages']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
