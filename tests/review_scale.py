"""A 10,000-record batch for the review page at scale, made from the corpus's own records.

The bundled corpus gives 20 records in 10 articles; each copy gets new ids, a "salinan-NNNN"
tag in its titles (unique: a search finds exactly one copy), and a region and year of its own
so that filters and counts have something to sort across pages.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path


def scale_up(run: Path, dest: Path, regions: list[str], records: int = 10_000) -> Path:
    """Write awards.jsonl and articles.jsonl with `records` records copied from a run folder."""
    awards = [json.loads(x) for x in (run / "awards.jsonl").read_text(encoding="utf-8").splitlines()]
    articles = {}
    for line in (run / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        art = json.loads(line)
        articles[art["id"]] = art
    used = {r["article"]["id"] for r in awards}
    dest.mkdir(parents=True, exist_ok=True)
    n = 0
    with open(dest / "awards.jsonl", "w", encoding="utf-8") as out_awards, \
            open(dest / "articles.jsonl", "w", encoding="utf-8") as out_articles:
        copy = 0
        while n < records:
            tag = f"salinan-{copy:04d}"
            for aid in sorted(used):
                art = dict(articles[aid], id=f"{aid}-{tag}", url=f"{articles[aid]['url']}?{tag}",
                           title=f"{articles[aid].get('title') or aid} ({tag})")
                out_articles.write(json.dumps(art, ensure_ascii=False) + "\n")
            for rec in awards:
                if n >= records:
                    break
                rec = json.loads(json.dumps(rec))
                rec["record_id"] = hashlib.sha256(f"{rec['record_id']}/{copy}".encode()).hexdigest()[:16]
                aid = rec["article"]["id"]
                rec["article"].update(id=f"{aid}-{tag}", url=f"{articles[aid]['url']}?{tag}",
                                      title=f"{articles[aid].get('title') or aid} ({tag})")
                rec["recipient"]["region"] = regions[n % len(regions)]
                rec["award"]["year"] = 2015 + copy % 10
                if copy % 4 == 3:  # a quarter of the copies are doubtful: they sort first
                    rec["confidence"] = round(rec["confidence"] * 0.5, 2)
                out_awards.write(json.dumps(rec, ensure_ascii=False) + "\n")
                n += 1
            copy += 1
    return dest / "awards.jsonl"
