"""Score the extract stage: body-text F1 (word 4-grams), leaked boilerplate, title, published to the minute.

Runs over the labelled fixtures in corpus/sites/quality/ and, when present, the real pages in
../shared/pages/ (labelled by first/last sentence instead of full text). Prints a table, or
JSON with --json. Usage: python bench/extract_quality.py [--json] [--pages DIR] [--quality DIR]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.errors import ExtractError  # noqa: E402
from pipeline.extract import extract_page  # noqa: E402
from pipeline.rules.sites import load_sites  # noqa: E402

QUALITY_DIR = ROOT / "corpus" / "sites" / "quality"
PAGES_DIR = ROOT.parent / "shared" / "pages"


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def ngram_f1(predicted: str, expected: str, n: int = 4) -> float:
    """Return F1 of word n-gram multisets (the article-extraction-benchmark's shingle score)."""
    def grams(text: str) -> Counter[tuple[str, ...]]:
        w = _words(text)
        return Counter(tuple(w[i:i + n]) for i in range(max(0, len(w) - n + 1))) if len(w) >= n else Counter([tuple(w)])
    p, e = grams(predicted), grams(expected)
    if not p or not e:
        return 1.0 if p == e else 0.0
    overlap = sum((p & e).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(p.values()), overlap / sum(e.values())
    return 2 * precision * recall / (precision + recall)


def same_minute(got: str | None, want: str | None) -> bool:
    """Return True when both times name the same minute with the same UTC offset."""
    if not got or not want:
        return got == want
    try:
        a, b = datetime.fromisoformat(got), datetime.fromisoformat(want)
    except ValueError:
        return False
    return a.replace(second=0, microsecond=0) == b.replace(second=0, microsecond=0) and a.utcoffset() == b.utcoffset()


def leaked_lines(text: str, boilerplate: list[str]) -> list[str]:
    """Return the labelled boilerplate strings, and vocabulary-matched lines, found in the text."""
    leaks = [b for b in boilerplate if b and b in text]
    cleanup = load_sites().cleanup
    for para in text.split("\n\n"):
        if any(rx.search(para) for rx in [*cleanup.drop_lines, *cleanup.stop_lines]):
            leaks.append(para[:60])
    return leaks


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def score_page(path: Path, label: dict) -> dict:
    """Extract one labelled page and return its scores."""
    row = {"file": path.name, "set": label.get("_set", ""), "f1": None, "leaked": [], "title_ok": False,
           "published_ok": False, "first_ok": None, "last_ok": None, "error": None}
    try:
        page = extract_page(path.read_bytes(), label.get("url"))
    except ExtractError as exc:
        row["error"] = exc.reason
        return row
    art = page.article
    text = art.text
    if "text" in label:
        row["f1"] = round(ngram_f1(text, label["text"]), 4)
    paras = [_norm(p) for p in text.split("\n\n")]
    if label.get("first_sentence"):
        row["first_ok"] = any(_norm(label["first_sentence"]) in p for p in paras[:2])
    if label.get("last_sentence"):
        row["last_ok"] = bool(paras) and paras[-1].endswith(_norm(label["last_sentence"]))
    row["leaked"] = leaked_lines(text, label.get("boilerplate", []))
    row["title_ok"] = _norm(art.title or "") == _norm(label.get("title") or "")
    row["published_ok"] = same_minute(art.published, label.get("published"))
    return row


def load_labels(folder: Path, name: str) -> list[tuple[Path, dict]]:
    """Return (page path, label) pairs from a folder's labels.jsonl (empty when absent)."""
    path = folder / "labels.jsonl"
    if not path.is_file():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            label = json.loads(line)
            label["_set"] = name
            out.append((folder / label["file"], label))
    return out


def run(quality: Path = QUALITY_DIR, pages: Path = PAGES_DIR) -> dict:
    """Score every labelled page; return {"rows": [...], "summary": {...}}."""
    rows = [score_page(p, lab) for p, lab in [*load_labels(quality, "quality"), *load_labels(pages, "real")]]
    f1s = [r["f1"] for r in rows if r["f1"] is not None]
    summary = {
        "pages": len(rows),
        "mean_f1": round(sum(f1s) / len(f1s), 4) if f1s else None,
        "min_f1": min(f1s) if f1s else None,
        "leaked_lines": sum(len(r["leaked"]) for r in rows),
        "published_ok": sum(r["published_ok"] for r in rows),
        "title_ok": sum(r["title_ok"] for r in rows),
        "sentences_ok": sum(1 for r in rows if r["first_ok"] is not False and r["last_ok"] is not False),
        "errors": sum(1 for r in rows if r["error"]),
    }
    return {"rows": rows, "summary": summary}


def _mark(value: bool | None) -> str:
    return "-" if value is None else ("ok" if value else "FAIL")


def main(argv: list[str] | None = None) -> int:
    """Print the quality table (or JSON); exit 0."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true", help="print JSON instead of a table")
    ap.add_argument("--quality", type=Path, default=QUALITY_DIR)
    ap.add_argument("--pages", type=Path, default=PAGES_DIR)
    args = ap.parse_args(argv)
    result = run(args.quality, args.pages)
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
