"""Is `confidence` calibrated? Label predicted records right or wrong; reliability table and ECE.

A predicted record is RIGHT when the matcher (match.py) pairs it with a gold record — same award
family, same recipient — and its key facts agree with that gold record: the grade and the award
year (compare_fields is not False for either: both agree, or neither side has one). A record
paired with no gold record (an extra, or any record of a negative article) is WRONG, and so is
a paired one whose grade or year differs.
"""
from __future__ import annotations

from typing import Any, Iterable

from pipeline.evaluate.gold import Flat
from pipeline.evaluate.match import Pair, compare_fields
from pipeline.evaluate.normalise import Normaliser

RIGHT_FIELDS = ("grade", "year")
BINS = 10
HIGH = 0.9  # "confident": the share right at or above this is a target of its own


def pair_is_right(norm: Normaliser, pair: Pair) -> bool:
    """Whether a matched record's key fields (RIGHT_FIELDS) agree with its gold record."""
    checks = compare_fields(norm, pair.pred, pair.gold)
    return all(checks[name] is not False for name in RIGHT_FIELDS)


def labelled(norm: Normaliser, pairs: Iterable[Pair], extra: Iterable[Flat]) -> list[tuple[Flat, bool]]:
    """Return (predicted record, right?) for one article's pairs and extras."""
    return [(p.pred, pair_is_right(norm, p)) for p in pairs] + [(x, False) for x in extra]


def reliability(items: Iterable[tuple[float, bool]], bins: int = BINS) -> dict[str, Any]:
    """Return the reliability table (one row per non-empty band of width 1/bins), the ECE and the high band.

    ECE = Σ over bins (records in bin / all records) × |share right − mean confidence|.
    """
    items = [(min(max(float(c), 0.0), 1.0), bool(ok)) for c, ok in items]
    rows = []
    ece = 0.0
    for b in range(bins):
        low, high = b / bins, (b + 1) / bins
        inside = [(c, ok) for c, ok in items if _bin(c, bins) == b]
        if not inside:
            continue
        right = sum(ok for _c, ok in inside)
        mean = sum(c for c, _ok in inside) / len(inside)
        share = right / len(inside)
        ece += len(inside) / len(items) * abs(share - mean)
        rows.append({"low": round(low, 2), "high": round(high, 2), "records": len(inside), "right": right,
                     "share_right": round(share, 4), "mean_confidence": round(mean, 4)})
    confident = [ok for c, ok in items if c >= HIGH]
    return {"bands": rows, "records": len(items), "right": sum(ok for _c, ok in items),
            "ece": round(ece, 4) if items else None,
            "records_at_high": len(confident),
            "share_right_at_high": round(sum(confident) / len(confident), 4) if confident else None}


def _bin(conf: float, bins: int) -> int:
    return min(int(conf * bins), bins - 1)  # 1.0 falls in the top bin


def render_reliability(cal: dict[str, Any]) -> list[str]:
    """Return the reliability table and the ECE as text lines."""
    out = [f"{'confidence':<12}{'records':>8}{'right':>7}{'share right':>13}{'mean conf':>11}"]
    for row in cal["bands"]:
        out.append(f"{row['low']:.1f}-{row['high']:.1f}{'':<5}{row['records']:>8}{row['right']:>7}"
                   f"{row['share_right']:>13.3f}{row['mean_confidence']:>11.3f}")
    ece = "-" if cal["ece"] is None else f"{cal['ece']:.3f}"
    high = "-" if cal["share_right_at_high"] is None else f"{cal['share_right_at_high']:.3f}"
    out.append(f"ECE (10 bins) {ece}; at confidence >= {HIGH}: {cal['records_at_high']} records, share right {high}")
    return out
