"""Extraction quality: how well the extract stage turns labelled pages into Articles.

Body-text F1 over word 4-grams (the article-extraction benchmark's shingle score), boilerplate
that leaked into the text, the title, the publication time to the minute, and the first and last
sentence. Labelled pages are a folder with `labels.jsonl` (one `{file, url, title, published,
text | first_sentence + last_sentence, boilerplate}` per page): the bundled fixtures in
corpus/sites/quality/, and any folder of real pages. CI holds these scores to floors
(tests/test_extract_quality.py); `python bench/extract_quality.py` prints them.
"""
from __future__ import annotations

import re
from collections import Counter
from datetime import datetime
from pathlib import Path

from pipeline.errors import ExtractError, InputError
from pipeline.extract import extract_page
from pipeline.outputs import iter_jsonl
from pipeline.rules.sites import load_sites
from pipeline.settings import BUNDLED_CORPUS

QUALITY_DIR = BUNDLED_CORPUS / "sites" / "quality"


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
    """Return (page path, label) pairs from a folder's labels.jsonl (empty when absent).

    Raises InputError on a broken line: a label set that silently shrank would raise the scores.
    """
    path = folder / "labels.jsonl"
    if not path.is_file():
        return []
    out, problems = [], []
    for label in iter_jsonl(path, problems):
        label["_set"] = name
        out.append((folder / label["file"], label))
    if problems:
        raise InputError("; ".join(map(str, problems)), input=str(path))
    return out


def score_pages(quality: Path = QUALITY_DIR, pages: Path | None = None) -> dict:
    """Score every labelled page of the two folders; return {"rows": [...], "summary": {...}}."""
    rows = [score_page(p, lab) for p, lab in [*load_labels(quality, "quality"), *(load_labels(pages, "real") if pages else [])]]
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
