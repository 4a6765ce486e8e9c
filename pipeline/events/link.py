"""Link records of one award event across articles: block, match recipients, split on grades.

Records are blocked by (award family, year, region, recipient type): records in different
blocks are never compared, so the cost grows with the block sizes, not with all pairs.
Within a block, records of one recipient entity (pipeline/entities.py) are one candidate;
candidates whose names differ only by a near spelling (rapidfuzz) join when a light check on
their text agrees (same handover date, or similar title and evidence) and no article holds
both (one article never reports one event twice: a mass announcement's recipients stay apart)
and they do not name two grades. One recipient entity's records of one family and year are one
event even when an article misread its grade: the event keeps the grade most sources give.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from pipeline.settings import current

# Thresholds: [events] in settings.toml (name_min: ratio of the words two recipient keys do not
# share; text_min: token_set_ratio of titles and evidence; prefilter_from/prefilter_min: from how
# many entities in a block, and below which whole-key ratio, keys are prefiltered in C).


@dataclass(slots=True)
class Item:
    """What linking needs of one record."""

    record_id: str
    article: str
    family: str
    year: int | None
    region: str | None
    rtype: str
    entity: str
    key: str
    grade: str | None
    date: str | None
    context: str
    order: tuple[str, str]  # (published or "~", record_id): first seen first, independent of input order


def name_score(a: str, b: str) -> float:
    """Return 0..100 how near two recipient keys are, judged on the words they do not share."""
    if a == b:
        return 100.0
    wa, wb = a.split(), b.split()
    common = set(wa) & set(wb)
    da = " ".join(w for w in wa if w not in common)
    db = " ".join(w for w in wb if w not in common)
    if not da or not db:  # "puskesmas" vs "puskesmas tasikmadu": one says more, not a variant
        return 0.0
    return fuzz.ratio(da, db)


class _Candidates:
    """Union-find over the entity groups of one block, with what each merged group holds."""

    def __init__(self, groups: list[list[Item]]) -> None:
        self.parent = list(range(len(groups)))
        self.articles = [{i.article for i in g} for g in groups]
        self.grades = [{i.grade for i in g if i.grade} for g in groups]
        self.dates = [{i.date for i in g if i.date} for g in groups]

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def compatible(self, a: int, b: int) -> bool:
        """No shared article, no two grades."""
        if self.articles[a] & self.articles[b]:
            return False
        return len(self.grades[a] | self.grades[b]) <= 1

    def union(self, a: int, b: int) -> None:
        lo, hi = sorted((a, b))
        self.parent[hi] = lo
        self.articles[lo] |= self.articles[hi]
        self.grades[lo] |= self.grades[hi]
        self.dates[lo] |= self.dates[hi]


def _text_agrees(ga: list[Item], gb: list[Item]) -> bool:
    """The light check: a shared handover date, or titles and evidence alike (first few of each)."""
    if {i.date for i in ga if i.date} & {i.date for i in gb if i.date}:
        return True
    least = current().events.text_min
    return any(fuzz.token_set_ratio(x.context, y.context) >= least for x in ga[:3] for y in gb[:3])


def _link_block(items: list[Item], stats: dict[str, int]) -> list[list[Item]]:
    """Cluster one block's items (sorted first seen first) into events."""
    by_entity: dict[str, list[Item]] = {}
    for it in items:
        by_entity.setdefault(it.entity, []).append(it)
    groups = list(by_entity.values())  # in order of each entity's first record
    if len(groups) > 1:
        cand = _Candidates(groups)
        keys = [g[0].key for g in groups]
        near = _near_pairs(keys)
        stats["name_comparisons"] += len(near)
        least = current().events.name_min
        pairs = [(-s, i, j) for i, j, s in near if s >= least]
        for _, i, j in sorted(pairs):  # best matches first; ties in first-seen order
            ri, rj = cand.find(i), cand.find(j)
            if ri != rj and cand.compatible(ri, rj) and _text_agrees(groups[i], groups[j]):
                cand.union(ri, rj)
                stats["fuzzy_links"] += 1
        merged: dict[int, list[Item]] = defaultdict(list)
        for gi, g in enumerate(groups):
            merged[cand.find(gi)].extend(g)
        groups = [sorted(merged[k], key=lambda it: it.order) for k in sorted(merged)]
    return groups


def _near_pairs(keys: list[str]) -> list[tuple[int, int, float]]:
    """(i, j, name score) of key pairs worth a look; a C-speed prefilter on whole keys in big blocks."""
    n = len(keys)
    opts = current().events
    if n <= opts.prefilter_from:
        return [(i, j, name_score(keys[i], keys[j])) for i in range(n) for j in range(i + 1, n)]
    out = []
    for i, key in enumerate(keys):
        for _, _, j in process.extract(key, keys, scorer=fuzz.ratio, score_cutoff=opts.prefilter_min, limit=None):
            if j > i:
                out.append((i, j, name_score(key, keys[j])))
    return out


def link(items: list[Item], stats: dict[str, int] | None = None) -> list[list[Item]]:
    """Return the events among items: lists of items, each list first seen first; order-independent.

    `stats`, when given, receives the counts that show the cost: blocks, name comparisons, fuzzy links.
    """
    stats = stats if stats is not None else {}
    for k in ("blocks", "name_comparisons", "fuzzy_links"):
        stats.setdefault(k, 0)
    blocks: dict[tuple, list[Item]] = defaultdict(list)
    for it in sorted(items, key=lambda it: it.order):
        blocks[(it.family, it.year, it.region, it.rtype)].append(it)
    stats["blocks"] += len(blocks)
    events: list[list[Item]] = []
    for block in blocks.values():
        events.extend(_link_block(block, stats))
    events.sort(key=lambda ev: ev[0].order)
    return events


__all__ = ["Item", "link", "name_score"]
