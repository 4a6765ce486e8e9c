"""Event linking at scale: a synthetic set of award records, linked by `warta events`' algorithm.

The set is generated from the rules' own gazetteers and award families: award events (a region's
government or one of its units, a family, a year, a grade, a date), each told by 1–5 articles on
different sites with the spellings the press uses ("Disdukcapil Kab. X" for "Dinas Kependudukan
dan Pencatatan Sipil Kabupaten X"), a typo now and then, and mass announcements (one article
body naming up to five recipients, copied by several sites). The truth is known, so the run
prints pairwise precision and recall of the linking next to its time and its cost in name
comparisons. Usage: python bench/events_bench.py [--records N] [--seed S]
"""
from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.entities import entity_index  # noqa: E402
from pipeline.events.build import build_events, to_item  # noqa: E402
from pipeline.events.link import link  # noqa: E402
from pipeline.rules import load_rules  # noqa: E402

SITES = [f"berita{n}.id" for n in range(60)]
PUSKESMAS = ["Sukamaju", "Tasikmadu", "Karangrejo", "Sidomulyo", "Mekarsari", "Sumberejo", "Tanjungsari",
             "Margodadi", "Kedungwuni", "Ngemplak", "Sukaraja", "Wonosari", "Purwodadi", "Banjarsari"]


def _typo(word: str, rnd: random.Random) -> str:
    i = rnd.randrange(1, len(word) - 1)
    return word[:i] + word[i + 1:]  # one letter dropped, as a hurried editor does


def synthetic(n_records: int, seed: int = 1) -> tuple[list[dict], list[int]]:
    """Return (records, the true event number of each record)."""
    rules = load_rules(REPO / "rules")
    rnd = random.Random(seed)
    regions = [e for e in rules.entries("REGION") if e.type in ("kabupaten", "kota")]
    units = [e for e in rules.entries("UNIT") if e.type in ("dinas", "badan", "rsud", "puskesmas")]
    families = [f for f in rules.awards.values() if f.grades]
    records: list[dict] = []
    truth: list[int] = []
    event_no = 0
    events: dict[tuple, int] = {}
    while len(records) < n_records:
        fam = rnd.choice(families)
        year = rnd.randint(2015, 2024)
        date = f"{year + 1}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
        # one announcement: 1 recipient (a story) or up to 5 (a mass announcement sharing one body)
        recipients = []
        for region in rnd.sample(regions, rnd.choice([1, 1, 1, 2, 3, 5])):
            grade = rnd.choice(fam.grades)
            if rnd.random() < 0.5:
                unit, named = None, None
            else:
                unit = rnd.choice(units)
                named = rnd.choice(PUSKESMAS) if unit.type == "puskesmas" else None
            # One recipient, family and year is one event, however many announcements tell it.
            key = (region.id, unit.id if unit else None, named, fam.id, year)
            if key not in events:
                events[key] = len(events)
            recipients.append((region, unit, named, grade, events[key]))
        copies = rnd.choice([1, 1, 2, 3, 4, 5])
        sites = rnd.sample(SITES, copies)
        first_event = event_no
        event_no += 1
        for c, site in enumerate(sites):
            published = f"{date}T{8 + c:02d}:{rnd.randint(0, 59):02d}:00+07:00"
            art_id = f"{site}-{first_event}"
            title = rnd.choice(["Raih Penghargaan", "Terima Predikat", "Sabet Penghargaan", "Kembali Raih"])
            for region, unit, named, grade, true_event in recipients:
                bare = region.attrs.get("bare", region.canonical)
                reg_text = rnd.choice([region.canonical, f"Kab. {bare}" if region.type == "kabupaten" else
                                       region.canonical])
                if unit is None:
                    name, rtype = f"Pemerintah {region.canonical}", "pemda"
                else:
                    spelled = rnd.choice([unit.canonical, *(unit.aliases[:2] or [unit.canonical])])
                    if named:
                        named_here = _typo(named, rnd) if rnd.random() < 0.05 else named
                        spelled = f"{spelled} {named_here}"
                    name, rtype = f"{spelled} {reg_text}", "opd"
                records.append({
                    "record_id": f"{len(records):016x}",
                    "article": {"id": art_id, "url": f"https://{site}/{first_event}", "site": site,
                                "title": f"{bare} {title} {fam.name}", "published": published},
                    "recipient": {"text": name, "name": name, "type": rtype, "region": region.canonical},
                    "award": {"text": fam.name, "name": fam.name, "family": fam.id, "year": year},
                    "grade": {"text": grade.label, "letter": grade.letter, "label": grade.label, "rank": grade.rank},
                    "giver": None, "giver_official": None, "recipient_official": None,
                    "event": None, "venue": None,
                    "date": {"text": date, "value": date if rnd.random() < 0.8 else None},
                    "primary": True, "confidence": 0.9,
                })
                truth.append(true_event)
    return records[:n_records], truth[:n_records]


def pair_scores(pred: list[int], truth: list[int]) -> tuple[float, float]:
    """Pairwise precision and recall of a clustering against the truth."""
    def pairs(c: Counter) -> int:
        return sum(n * (n - 1) // 2 for n in c.values())
    both = pairs(Counter(zip(pred, truth)))
    p, t = pairs(Counter(pred)), pairs(Counter(truth))
    return (both / p if p else 1.0), (both / t if t else 1.0)


def main() -> None:
    """Generate, link, and print time, cost and quality."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, default=200_000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    t0 = time.perf_counter()
    records, truth = synthetic(args.records, args.seed)
    t1, c1 = time.perf_counter(), time.process_time()
    index = entity_index(load_rules(REPO / "rules"))
    items = [to_item(r, index) for r in records]
    t2, c2 = time.perf_counter(), time.process_time()
    stats: dict[str, int] = {}
    groups = link(items, stats)
    t3, c3 = time.perf_counter(), time.process_time()
    index = type(index)(load_rules(REPO / "rules"))  # cold caches: the whole command's work
    events = build_events(records, index)
    t4, c4 = time.perf_counter(), time.process_time()
    cluster = {}
    for n, g in enumerate(groups):
        for it in g:
            cluster[it.record_id] = n
    pred = [cluster[r["record_id"]] for r in records]
    precision, recall = pair_scores(pred, truth)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"records               {len(records):,} ({len(set(truth)):,} true events; generated in {t1 - t0:.1f} s)")
    print("                      wall s   CPU s   records/s (CPU)")
    for label, wall, cpu in (("entities + keys", t2 - t1, c2 - c1), ("link (block + match)", t3 - t2, c3 - c2),
                             ("build_events (all)", t4 - t3, c4 - c3)):
        print(f"{label:22}{wall:6.1f}  {cpu:6.1f}   {len(records) / cpu:,.0f}")
    print(f"events                {len(events):,}")
    print(f"blocks                {stats['blocks']:,}; name comparisons {stats['name_comparisons']:,} "
          f"({stats['name_comparisons'] / len(records):.2f} per record; all pairs would be "
          f"{len(records) * (len(records) - 1) // 2:,}); fuzzy links {stats['fuzzy_links']:,}")
    print(f"pairwise precision    {precision:.4f}   recall {recall:.4f}")
    print(f"peak memory (RSS)     {rss:,.0f} MB")


if __name__ == "__main__":
    main()
