"""Pair predicted records with gold records in one article, and compare their fields.

A pair needs the same award family and a recipient similarity of at least MATCH_THRESHOLD.
Assignment is greedy by similarity plus a small bonus for the share of agreeing fields (so two
records of one recipient in different years pair up right); for the handful of
records an article holds this gives the optimal assignment in practice and stays explainable.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from pipeline.evaluate.gold import Flat
from pipeline.evaluate.normalise import Normaliser, dice, is_acronym, squash, words

MATCH_THRESHOLD = 0.5
TEXT_THRESHOLD = 0.5  # Dice token overlap for event and venue
REGION_LEVEL = {"pemda", "kepala_daerah"}
FIELDS = ["grade", "giver", "giver_official", "recipient_official", "date", "year", "venue", "event",
          "region", "recipient_type", "primary"]
_LETTER = re.compile(r"^(?:[A-F][A-F]?[+-]?|WTP|WDP|TW|TMP)$")
_STOP = {"di", "dan", "ke", "yang", "atas", "pada", "dalam", "untuk", "the"}


@dataclass
class Pair:
    """A predicted record matched to a gold record, with the similarity that joined them."""

    gold: Flat
    pred: Flat
    score: float


def recipient_similarity(norm: Normaliser, pred: Flat, gold: Flat) -> float:
    """Return 0..1 how surely pred and gold name the same recipient."""
    gr, pr = norm.region_key(gold.region), norm.region_key(pred.region)
    if gold.recipient_type in REGION_LEVEL and pred.recipient_type in REGION_LEVEL:
        if gr and pr:
            return 1.0 if gr == pr else 0.0
        gkey = norm.identity_key(gold.recipient) or gr
        keys = {norm.identity_key(n) for n in pred.names()} | {pr}
        return 1.0 if gkey and gkey in keys else 0.0
    if gr and pr and gr != pr:
        return 0.0
    region = gold.region or pred.region
    return max((norm.unit_similarity(n, gold.recipient, region) for n in pred.names()), default=0.0)


def _letters(text: str | None) -> set[str]:
    return {t.upper() for t in re.findall(r"[A-Za-z]+[+-]?", text or "") if _LETTER.match(t.upper())}


def grade_agrees(pred: Flat, gold: Flat) -> bool:
    """Letters decide when both sides have one; else letter, label, text or acronym must meet the gold text."""
    pred_letters = _letters(pred.grade_letter) | (set() if pred.grade_letter else _letters(pred.grade))
    gold_letters = _letters(gold.grade)
    if pred_letters and gold_letters:
        return bool(pred_letters & gold_letters)
    gold_words = words(gold.grade)
    if pred.grade_letter and squash(pred.grade_letter) in {squash(w) for w in gold_words}:
        return True  # "WBK" in "Menuju WBK"
    g = " ".join(gold_words)
    for text in (pred.grade_label, pred.grade):
        pw = words(text)
        t = " ".join(pw)
        if t and g and (t in g or g in t):
            return True
        # "Menuju WBK" against "Menuju Wilayah Bebas Korupsi"
        if any(is_acronym(w, pw) for w in gold_words) or any(is_acronym(w, gold_words) for w in pw):
            return True
    return False


def giver_agrees(norm: Normaliser, pred: Flat, gold: Flat) -> bool:
    """Same resolved agency id, else similar names (Dice of tokens, or one squashed inside the other)."""
    gid = norm.agency_id(gold.giver)
    if gid and pred.giver_id:
        # "bpk.perwakilan" and "bpk" are one institution: compare the id before the first dot.
        return gid.split(".")[0] == pred.giver_id.split(".")[0]
    for text in (pred.giver, pred.giver_name):
        if not text:
            continue
        if dice(words(text), words(gold.giver)) >= TEXT_THRESHOLD:
            return True
        a, b = squash(text), squash(gold.giver)
        if len(a) >= 3 and len(b) >= 3 and (a in b or b in a):
            return True
    return False


def official_agrees(norm: Normaliser, pred: dict | None, gold: dict | None) -> bool:
    """Names agree when one's tokens (honorifics and degrees removed) contain the other's."""
    a, b = norm.person_tokens((pred or {}).get("name")), norm.person_tokens((gold or {}).get("name"))
    return bool(a and b and (a <= b or b <= a))


def text_agrees(pred: str | None, gold: str | None) -> bool:
    """Token overlap (Dice, stop words dropped) at least TEXT_THRESHOLD."""
    a = [w for w in words(pred) if w not in _STOP]
    b = [w for w in words(gold) if w not in _STOP]
    return dice(a, b) >= TEXT_THRESHOLD


def _present(value: object) -> bool:
    return value not in (None, "", {}, [])


def compare_fields(norm: Normaliser, pred: Flat, gold: Flat) -> dict[str, bool | None]:
    """Return per field True (agree), False (differ) or None (neither side has a value)."""
    checks: dict[str, tuple[object, object, Callable[[], bool]]] = {
        "grade": (pred.grade or pred.grade_letter or pred.grade_label, gold.grade,
                  lambda: grade_agrees(pred, gold)),
        "giver": (pred.giver or pred.giver_id, gold.giver, lambda: giver_agrees(norm, pred, gold)),
        "giver_official": (pred.giver_official, gold.giver_official,
                           lambda: official_agrees(norm, pred.giver_official, gold.giver_official)),
        "recipient_official": (pred.recipient_official, gold.recipient_official,
                               lambda: official_agrees(norm, pred.recipient_official, gold.recipient_official)),
        "date": (pred.date, gold.date, lambda: pred.date == gold.date),
        "year": (pred.year, gold.year, lambda: pred.year == gold.year),
        "venue": (pred.venue, gold.venue, lambda: text_agrees(pred.venue, gold.venue)),
        "event": (pred.event, gold.event, lambda: text_agrees(pred.event, gold.event)),
        "region": (pred.region, gold.region,
                   lambda: norm.region_key(pred.region) == norm.region_key(gold.region)),
        "recipient_type": (pred.recipient_type, gold.recipient_type,
                           lambda: pred.recipient_type == gold.recipient_type),
        "primary": (True, True, lambda: pred.primary == gold.primary),
    }
    out: dict[str, bool | None] = {}
    for name, (p, g, agree) in checks.items():
        if not _present(p) and not _present(g):
            out[name] = None
        elif not _present(p) or not _present(g):
            out[name] = False
        else:
            out[name] = agree()
    return out


def match_article(norm: Normaliser, gold: list[Flat], pred: list[Flat]) -> tuple[list[Pair], list[Flat], list[Flat]]:
    """Return (pairs, missed gold, extra predicted) for one article."""
    candidates = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if p.family != g.family:
                continue
            sim = recipient_similarity(norm, p, g)
            if sim < MATCH_THRESHOLD:
                continue
            agreed = [ok for ok in compare_fields(norm, p, g).values() if ok is not None]
            bonus = 0.05 * sum(agreed) / len(agreed) if agreed else 0.0
            candidates.append((sim + bonus, gi, pi))
    # Ties keep document order, so the first gold record pairs with the first prediction.
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for score, gi, pi in candidates:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append(Pair(gold=gold[gi], pred=pred[pi], score=round(score, 3)))
    missed = [g for i, g in enumerate(gold) if i not in used_g]
    extra = [p for i, p in enumerate(pred) if i not in used_p]
    return pairs, missed, extra
