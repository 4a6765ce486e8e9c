"""Confidence of finished records: features of each record, scored by the fitted model in rules/confidence.toml.

Every feature is read off the finished AwardRecord, its article and the rules (never the
builder's internals), so the builder can change shape without touching the model. The
weights are fitted by `warta rules fit-confidence` (pipeline/evaluate/fit.py).
"""
from __future__ import annotations

import math
import re
from bisect import bisect_right
from dataclasses import replace
from functools import lru_cache

from pipeline.models import Article, AwardRecord
from pipeline.records.context import sentence_bounds
from pipeline.rules import Rules

_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_KIND = re.compile(r"^(?:kabupaten|kota|provinsi)\s+", re.I)


def score_confidence(records: list[AwardRecord], article: Article, rules: Rules) -> list[AwardRecord]:
    """Return the records with `confidence` from the rules' model (unchanged when rules have none)."""
    model = rules.confidence
    if not records or model is None:
        return records
    return [replace(r, confidence=round(model.score(f), 3))
            for r, f in zip(records, record_features(records, article, rules))]


def record_features(records: list[AwardRecord], article: Article, rules: Rules) -> list[dict[str, float]]:
    """Return the features (rules.confidence.FEATURES) of each record of one article, in order."""
    text = article.text
    starts = [s for s, _e in sentence_bounds(text, rules)] or [0]
    title = (article.title or "").lower()
    title_years = set(_YEAR.findall(title))
    families = [r.award.get("family") for r in records]
    grades = [_grade_key(r) for r in records]
    mentions: dict[str, int] = {}
    # Whole list articles go wrong together (a year or a ranked grade misread for every item):
    # what share of the article's records found a grade says how well the article was read.
    share_grade = sum(bool(r.grade) for r in records) / max(len(records), 1)
    # A list whose items all got one award year: that year was read once for all of them.
    one_year_list = float(len(records) > 1 and len({r.award.get("year") for r in records}) == 1)
    out = []
    for r in records:
        ev = {e.field: e for e in reversed(r.evidence)}  # the first evidence of each field
        rec = ev.get("recipient")
        sent = _sent(starts, rec.start) if rec else -1

        def same_sentence(name: str) -> float:
            e = ev.get(name)
            return float(bool(e and rec and _sent(starts, e.start) == sent))

        fam_id = r.award.get("family") or ""
        fam = rules.awards.get(fam_id)
        if fam_id not in mentions:
            mentions[fam_id] = len(_family_words(fam).findall(text)) if fam else 0
        grade, giver = r.grade or {}, r.giver or {}
        rtype = r.recipient.get("type")
        region = r.recipient.get("region") or ""
        award_ev = ev.get("award")
        published = _YEAR.search(article.published or "")
        year = r.award.get("year")
        f = {
            "has_grade": float(bool(r.grade)),
            "grade_on_scale": float(grade.get("rank") is not None),
            "grade_same_sentence": same_sentence("grade"),
            # The family has a scale of grades, yet none was read: the grade was missed, or the record is not news of that award.
            "no_grade_on_scale": float(bool(fam and fam.grades and not r.grade)),
            "award_named": float(award_ev is not None),
            "award_same_sentence": same_sentence("award"),
            "family_mentions": math.log1p(mentions[fam_id]),
            "title_names_family": float(bool(fam and title and _family_words(fam).search(title))),
            "has_giver": float(bool(r.giver)),
            "giver_of_family": float(bool(fam and giver.get("id")
                                          and str(giver["id"]).split(".")[0] in {g.split(".")[0] for g in fam.givers})),
            "giver_same_sentence": same_sentence("giver"),
            "has_date": float(bool(r.date)),
            "has_year": float(year is not None),
            "has_year_evidence": float("year" in ev),
            "year_gap": min(abs(int(published.group()) - year), 3) / 3 if published and year else 0.0,
            "year_after_published": float(bool(published and year and year > int(published.group()))),
            "year_in_text": float(bool(year and str(year) in text)),
            # The headline names the award's year, and this record has another: a year read from an aside
            # ("targets for 2030", a "read also" link) or from the wrong item of a list.
            "year_not_in_title": float(bool(title_years and year and str(year) not in title_years)),
            "grade_letter": float(bool(grade.get("letter"))),
            # One grade for every item of a long list is often one grade read for all of them.
            "grade_shared": (grades.count(_grade_key(r)) - 1) / (len(records) - 1) if r.grade and len(records) > 1 else 0.0,
            # "Adipura" or "KLA" as the grade of the Adipura or KLA family: the award's name read as a grade.
            "grade_names_family": float(bool(fam and grade.get("text") and _family_words(fam).search(grade["text"]))),
            "primary": float(bool(r.primary)),
            "type_opd": float(rtype == "opd"),
            "type_pemda": float(rtype == "pemda"),
            "type_kepala_daerah": float(rtype == "kepala_daerah"),
            "type_fits_family": float(bool(fam and (not fam.recipient_types or rtype in fam.recipient_types))),
            "has_region": float(bool(region)),
            "has_recipient_official": float(bool(r.recipient_official)),
            "has_giver_official": float(bool(r.giver_official)),
            "has_event": float(bool(r.event)),
            "has_venue": float(bool(r.venue)),
            "article_records": math.log(len(records)),
            "family_share": families.count(fam_id) / len(records),
            "region_in_title": float(bool(region and title and _KIND.sub("", region).lower() in title)),
            "recipient_position": rec.start / max(len(text), 1) if rec else 1.0,
            "award_distance": math.log1p(abs(award_ev.start - rec.start) / 100) if award_ev and rec else 0.0,
            "share_grade": share_grade,
            # How many fields were found in the text (of ten): a thinly read record is more often wrong.
            "field_count": len(ev) / 10,
            "one_year_list": one_year_list,
        }
        out.append(f)
    return out


def _grade_key(r: AwardRecord) -> tuple:
    g = r.grade or {}
    return (r.award.get("family"), g.get("letter"), g.get("label"))


def _sent(starts: list[int], pos: int) -> int:
    return bisect_right(starts, pos) - 1


def _family_words(fam) -> re.Pattern[str]:
    return _family_regex(tuple(dict.fromkeys([fam.name, *fam.aliases])))


@lru_cache(maxsize=512)
def _family_regex(names: tuple[str, ...]) -> re.Pattern[str]:
    """One case-insensitive whole-word regex of a family's name and aliases."""
    alts = sorted((re.escape(n.strip()) for n in names if n.strip()), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(alts) + r")(?!\w)", re.I)

