"""Indonesian news dates: resolve a found DATE span to an ISO day, parse date lines, list years.

In-text dates ("Selasa (27/11) kemarin") are resolved in plain Python, in microseconds: the
matcher (rules/patterns/dates.jsonl) finds the candidates, this module only normalises them. A
whole-text date search is never done here, because it turns scores ("3,08") and regulation
numbers ("176 Tahun 2018") into dates. Publication lines, one per article, are read by
dateparser (parse_datetime), which knows every month spelling, zone and word order they use.
The zone rule lives here too: a time with no zone written is in WIB (with_default_zone).

The calendar words below are language data, not matcher rules; the DATE patterns must spell
weekdays and months exactly as these tables do (tests/test_dates.py keeps them in sync).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from typing import Any, Iterable

from pipeline.settings import current

# Python's date.weekday(): Monday is 0.
WEEKDAYS: dict[str, int] = {
    "senin": 0, "selasa": 1, "rabu": 2, "kamis": 3,
    "jumat": 4, "jum'at": 4, "jum’at": 4,
    "sabtu": 5, "minggu": 6, "ahad": 6,
}
WEEKDAY_NAMES: tuple[str, ...] = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")

MONTHS: dict[str, int] = {
    "januari": 1, "jan": 1,
    "februari": 2, "pebruari": 2, "feb": 2,
    "maret": 3, "mar": 3,
    "april": 4, "apr": 4,
    "mei": 5,
    "juni": 6, "jun": 6,
    "juli": 7, "jul": 7,
    "agustus": 8, "agu": 8, "agt": 8, "ags": 8, "agst": 8,
    "september": 9, "sept": 9, "sep": 9,
    "oktober": 10, "okt": 10,
    "november": 11, "nopember": 11, "nov": 11, "nop": 11,
    "desember": 12, "des": 12,
}
# English month names and abbreviations some portals print their publication lines in.
ENGLISH_MONTHS: dict[str, int] = {name: n for n, names in enumerate((
    ("january",), ("february",), ("march",), ("april",), ("may",), ("june",), ("july",),
    ("august", "aug"), ("september",), ("october", "oct"), ("november",), ("december", "dec")), 1)
    for name in names}
ROMAN_MONTHS: dict[str, int] = {
    "I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6,
    "VII": 7, "VIII": 8, "IX": 9, "X": 10, "XI": 11, "XII": 12,
}

# Day words counted from the publication day; multi-word phrases are tried first.
DAY_OFFSETS: dict[str, int] = {
    "kemarin lusa": -2, "kemarin": -1,
    "hari ini": 0, "tadi pagi": 0, "tadi siang": 0, "tadi sore": 0, "tadi petang": 0, "tadi malam": 0,
    "besok lusa": 2, "besok": 1, "lusa": 2,
}
# After a weekday: the one before publication, or the next one after it.
PAST_WORDS = frozenset({"lalu", "kemarin"})
FUTURE_WORDS = frozenset({"mendatang", "depan", "nanti"})
# "tahun kemarin", "pekan lalu", lowercase "minggu lalu" (last week): a period, not a day.
PERIOD_WORDS = frozenset({"tahun", "bulan", "pekan", "minggu"})

# A time with no zone is in WIB, where most Indonesian news sites publish (with_default_zone).
WIB = timezone(timedelta(hours=7))
ZONES: dict[str, timezone] = {"WIB": WIB, "WITA": timezone(timedelta(hours=8)), "WIT": timezone(timedelta(hours=9))}
MAX_LABEL_WORDS = 3  # words skipped before a publication date: "Diperbarui", "Tayang:", ", Jurnalis-Rabu,"
YEAR_MIN, YEAR_MAX = 1990, 2100

YEAR_SOURCES = ("explicit", "published", "article_years", "none")


@dataclass
class ResolvedDate:
    """A DATE span as written and the ISO day it stands for (value None when unsure)."""

    text: str
    value: str | None
    weekday_mismatch: bool
    weekday: str | None  # canonical name of the weekday written in the text ("Jumat"), if any
    year_source: str  # one of YEAR_SOURCES; "none" whenever value is None


_APOSTROPHES = str.maketrans({"’": "'", "`": "'", "´": "'", "‘": "'"})
_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
_ROMAN_ALT = "|".join(sorted(ROMAN_MONTHS, key=len, reverse=True))
_NUMERIC = re.compile(
    rf"(?<![\d.,])(\d{{1,2}})\s*[/-]\s*(\d{{1,2}}|{_ROMAN_ALT})(?![\dIVX])"
    r"(?:\s*[/-]\s*(\d{4}|\d{2})(?!\d))?", re.IGNORECASE)
_WRITTEN = re.compile(
    rf"(?<![\d.,])(\d{{1,2}})\s+({_MONTH_ALT})\b\.?(?:\s*,?\s*(\d{{4}})(?!\d))?", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_ISO = re.compile(
    r"(?<!\d)(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?!\d)"
    r"(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
_LOCAL_ZONE = re.compile(r"(?<![A-Za-z])(?:WITA|WIB|WIT)(?![A-Za-z])", re.IGNORECASE)
# Month names a publication line may open with: the Indonesian table above plus English ones.
_MONTH_STARTS = frozenset(m[:3] for m in (*MONTHS, *ENGLISH_MONTHS))
_CLOCK_RANGE = re.compile(r"(\d{1,2}[:.]\d{2})\s*[-–—]\s*\d{1,2}[:.]\d{2}")
_MIDNIGHT = re.compile(r"(?<!\d)0?0[:.]00(?!\d)")
# Four digits not inside a longer number. The first digit comes before the look-behind (which then
# looks at the character before it): a pattern that opens with a digit lets the regex engine skip
# the text between numbers instead of trying the look-behind at every character of an article.
_YEAR = re.compile(r"(\d(?<![\d.,]\d)\d{3})(?![\d]|[.,]\d)")
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")  # what parse_datetime reads as that day and no time


def _normalise(text: str) -> str:
    return " ".join(text.translate(_APOSTROPHES).split())


def _make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_number(token: str) -> int | None:
    if token.isdigit():
        return int(token)
    return ROMAN_MONTHS.get(token.upper()) or MONTHS.get(token.lower().rstrip("."))


def _full_year(token: str | None) -> int | None:
    if not token:
        return None
    year = int(token)
    return 2000 + year if len(token) == 2 else year


def _day_month_year(clean: str) -> tuple[int, int, int | None] | None:
    """Return (day, month, year or None) written in the span, numeric or with a month name."""
    iso = _ISO.search(clean)
    if iso:
        return int(iso.group(3)), int(iso.group(2)), int(iso.group(1))
    # The earliest form wins, so the time in "13 Oktober 2021 - 18:58" is never read as a date.
    found = [m for m in (_NUMERIC.search(clean), _WRITTEN.search(clean)) if m]
    if not found:
        return None
    m = min(found, key=lambda x: x.start())
    month = _month_number(m.group(2))
    if month is None:
        return None
    return int(m.group(1)), month, _full_year(m.group(3))


def _weekday(written: list[str], has_numbers: bool) -> int | None:
    """Return the weekday index among the span's words as written; lowercase 'minggu' alone means 'week'."""
    for word in written:
        idx = WEEKDAYS.get(word.lower())
        if idx is None:
            continue
        if word == "minggu" and not has_numbers:
            return None
        return idx
    return None


def _published_day(published: str | None) -> date | None:
    if not published:
        return None
    if day := _ISO_DAY.fullmatch(published):  # the usual form, a day alone: nothing else to parse
        return _make_date(int(day[1]), int(day[2]), int(day[3]))
    iso = parse_datetime(published)
    return date.fromisoformat(iso[:10]) if iso else None


def _result(text: str, value: date | None, weekday: int | None, source: str) -> ResolvedDate:
    return ResolvedDate(
        text=text,
        value=value.isoformat() if value else None,
        weekday_mismatch=bool(value and weekday is not None and value.weekday() != weekday),
        weekday=WEEKDAY_NAMES[weekday] if weekday is not None else None,
        year_source=source if value else "none",
    )


def resolve_date(text: str, published: str | None, year_hints: Iterable[int] = ()) -> ResolvedDate:
    """Return the ISO day a DATE span stands for; value None when the year or day is unsure.

    An explicit year wins; else the publication year or the year before (the latest date not
    after publication; "mendatang"/"depan" look forward instead, and a day up to
    [dates] future_window_days (settings) ahead is taken when only its weekday agrees); else the first of
    year_hints, then of the years after them, whose calendar agrees with the written weekday,
    or the only hint. A weekday that disagrees with the numbers keeps the numbers and sets
    weekday_mismatch. Relative words need `published`. Never raises. year_hints is read at most
    once, and only when the year rests on it: it may be a lazy iterable.
    """
    written = text.strip()  # ResolvedDate.text stays as written; only matching sees `clean`
    clean = _normalise(text)
    as_written = _WORD.findall(clean)
    words = [w.lower() for w in as_written]
    dmy = _day_month_year(clean)
    weekday = _weekday(as_written, dmy is not None)
    pub = _published_day(published)
    if dmy is None:
        return _resolve_relative(written, words, weekday, pub)
    day, month, year = dmy
    if year is not None:
        return _result(written, _make_date(year, month, day), weekday, "explicit")
    if pub is not None:
        return _result(written, _from_published(pub, month, day, weekday, words), weekday, "published")
    return _from_hints(written, day, month, weekday, year_hints)


def _from_published(pub: date, month: int, day: int, weekday: int | None, words: list[str]) -> date | None:
    """Pick the publication year or its neighbour so the date sits on the right side of pub."""
    later = [d for y in (pub.year, pub.year + 1) if (d := _make_date(y, month, day)) and d >= pub]
    if FUTURE_WORDS.intersection(words):
        return min(later, default=None)
    earlier = [d for y in (pub.year, pub.year - 1) if (d := _make_date(y, month, day)) and d <= pub]
    best = max(earlier, default=None)
    if weekday is not None and (best is None or best.weekday() != weekday):
        # An announcement ("akan menerima ... Jumat (10/11)") names a day shortly after
        # publication; take it only when its weekday confirms it, else keep best and flag it.
        window = current().dates.future_window_days  # how far after publication an announced day may lie
        soon = [d for d in later if (d - pub).days <= window and d.weekday() == weekday]
        if soon:
            return soon[0]
    return best


def _from_hints(written: str, day: int, month: int, weekday: int | None,
                year_hints: Iterable[int]) -> ResolvedDate:
    """Without a publication date, only the article's own years can give the year."""
    hints = list(dict.fromkeys(year_hints))
    candidates = [d for y in hints if (d := _make_date(y, month, day))]
    if weekday is not None:
        # Ceremonies often follow the year they honour ("SAKIP Award 2020 ... Kamis (22/4)" is
        # 2021), so each hint's next year is tried after all the hints themselves.
        following = [d for y in hints if (d := _make_date(y + 1, month, day))]
        agreeing = [d for d in candidates + following if d.weekday() == weekday]
        if agreeing:
            return _result(written, agreeing[0], weekday, "article_years")
    if len(hints) == 1 and candidates:
        return _result(written, candidates[0], weekday, "article_years")
    return _result(written, None, weekday, "none")


def _resolve_relative(written: str, words: list[str], weekday: int | None, pub: date | None) -> ResolvedDate:
    """Resolve 'kemarin', 'hari ini', 'Selasa lalu' against the publication day."""
    if pub is None or not words:
        return _result(written, None, weekday, "none")
    if weekday is not None:
        return _result(written, _nearby_weekday(pub, weekday, words), weekday, "published")
    if words[0] in PERIOD_WORDS:
        return _result(written, None, None, "none")
    phrase = " " + " ".join(words) + " "
    for key, offset in DAY_OFFSETS.items():  # longer phrases are listed first
        if f" {key} " in phrase:
            return _result(written, pub + timedelta(days=offset), None, "published")
    return _result(written, None, None, "none")


def _nearby_weekday(pub: date, weekday: int, words: list[str]) -> date:
    """The weekday after pub for future words, strictly before for 'lalu', else on or before."""
    if FUTURE_WORDS.intersection(words):
        return pub + timedelta(days=(weekday - pub.weekday() - 1) % 7 + 1)
    strictly = 1 if PAST_WORDS.intersection(words) else 0
    return pub - timedelta(days=(pub.weekday() - weekday - strictly) % 7 + strictly)


@lru_cache(maxsize=4096)
def parse_datetime(text: str, date_order: str = "DMY") -> str | None:
    """Return a publication line or meta value as ISO datetime to the minute, or "YYYY-MM-DD", or None.

    ISO 8601 is read here; every other form ("Diperbarui 13 Jun 2025, 08:14 WIB", "Rabu,
    28/11/2018 09:15", "10.15 Wita | Rabu, 28 November 2018", RFC 2822) by dateparser with its
    Indonesian and English data, absolute dates only, day, month and year all required. A label
    of up to MAX_LABEL_WORDS words before the date ("Tayang:", "Kompas.com -") is skipped.
    `date_order` ("DMY", or "MDY" for a site that writes the month first) settles "9/5/2025".
    WIB/WITA/WIT and written offsets are kept, never converted; no zone at all means WIB.
    """
    clean = _normalise(text)
    if not _DIGIT.search(clean):
        return None
    m = _ISO.fullmatch(clean)
    if m:
        y, mo, d, hh, mm, _ss, zone = m.groups()
        day = _make_date(int(y), int(mo), int(d))
        if day is None or hh is None:
            return day.isoformat() if day else None
        stamp = datetime(day.year, day.month, day.day, int(hh), int(mm))
        return _minute(stamp.replace(tzinfo=_zone(zone)) if zone else stamp)
    # Indonesia's zones are read here: dateparser knows them, but its search of every zone name it
    # knows costs more than the rest of the parse.
    zone = _LOCAL_ZONE.search(clean)
    if zone:
        clean = f"{clean[:zone.start()]} {clean[zone.end():]}".strip()
    words = _CLOCK_RANGE.sub(r"\1", clean).split()  # "10:15-11:00 WIB": the start is the time
    # dateparser refuses a line with a word it does not know, and each call costs milliseconds:
    # skip the label before the first word a date can start with, then ask once.
    start = next((i for i, w in enumerate(words[:MAX_LABEL_WORDS + 1]) if _date_word(w)), 0)
    candidate = " ".join(words[start:])
    found = _plain_date(candidate, date_order) or _dateparser(date_order).get_date_data(candidate).date_obj
    if found is None:
        return None
    if found.time() == time(0, 0) and not _MIDNIGHT.search(candidate):
        return found.date().isoformat()  # a day alone: no midnight is invented
    if zone and found.tzinfo is None:
        found = found.replace(tzinfo=ZONES[zone.group(0).upper()])
    return _minute(found)


# The shapes most publication lines take once label and zone are gone ("18 Jun 2025 07:30",
# "13 Jun 2025, 08:14", "10 Juni 2025 |04:01", "18/06/2025, 21:35", "10 Jun 2025"), read in
# plain Python: dateparser spends ~1-2 ms on each. Anything else, or a day that does not exist
# in the site's date order, still goes to dateparser; tests compare the two on every shape.
_PLAIN_WRITTEN = re.compile(r"(\d{1,2}) ([A-Za-z]+) (\d{4})(?:,? ?[|-]? ?(\d{1,2})[:.](\d{2}))?")
_PLAIN_NUMERIC = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?:,? (\d{1,2})[:.](\d{2}))?")
# Month names dateparser reads in the same lines ("Ags"/"Agst" it does not: those stay its to refuse).
PLAIN_MONTHS: dict[str, int] = {**{k: v for k, v in MONTHS.items() if k not in ("ags", "agst")}, **ENGLISH_MONTHS}


def _plain_date(candidate: str, date_order: str) -> datetime | None:
    """The datetime dateparser would read in a common publication-line shape, or None to ask it."""
    m = _PLAIN_WRITTEN.fullmatch(candidate)
    if m:
        day, month, year = int(m[1]), PLAIN_MONTHS.get(m[2].lower()), int(m[3])
        if month is None:
            return None
    else:
        m = _PLAIN_NUMERIC.fullmatch(candidate)
        if not m or date_order not in ("DMY", "MDY"):
            return None
        first, second, year = int(m[1]), int(m[2]), int(m[3])
        day, month = (first, second) if date_order == "DMY" else (second, first)
    hour, minute = (int(m[4]), int(m[5])) if m[4] else (0, 0)
    if hour > 23 or minute > 59:
        return None
    try:
        return datetime(year, month, day, hour, minute)
    except ValueError:  # no such day in this order ("10/21/2025" read day first): dateparser decides
        return None


def _date_word(word: str) -> bool:
    """Whether a publication line's date can start at word: a number or a month name."""
    bare = word.strip(",.:;|-").lower()  # a weekday is no start: the date after it says it all
    return bare[:1].isdigit() or bare[:3] in _MONTH_STARTS


@lru_cache(maxsize=None)
def _dateparser(date_order: str) -> Any:
    """One dateparser parser per date order; imported late, as it costs ~0.3 s to load."""
    from dateparser.date import DateDataParser

    settings = {"PARSERS": ["absolute-time"], "REQUIRE_PARTS": ["day", "month", "year"], "DATE_ORDER": date_order}
    # Indonesian first, then English; the locale that read the last line is tried first (same
    # results as letting dateparser rank both for every line, in about two thirds of the time).
    return DateDataParser(languages=["id", "en"], settings=settings, use_given_order=True, try_previous_locales=True)


def with_default_zone(stamp: datetime) -> datetime:
    """Return stamp with its zone, or in WIB when it has none: THE rule for times without a zone."""
    return stamp if stamp.tzinfo is not None else stamp.replace(tzinfo=WIB)


def _zone(written: str) -> timezone:
    if written.upper() == "Z":
        return timezone.utc
    sign = -1 if written[0] == "-" else 1
    digits = written[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:] or 0)))


def _minute(stamp: datetime) -> str:
    """ISO to the minute with the offset ("2018-11-28T09:15:00+07:00"); seconds are dropped."""
    stamp = with_default_zone(stamp)
    offset = stamp.strftime("%z")
    return f"{stamp:%Y-%m-%dT%H:%M}:00{offset[:3]}:{offset[3:]}"


def year_mentions(text: str) -> list[int]:
    """Return the plausible years (1990-2100) written in text, most frequent first, ties by first use."""
    years = [int(y) for y in _YEAR.findall(text) if YEAR_MIN <= int(y) <= YEAR_MAX]
    counts = Counter(years)  # insertion order is first use, and sorted() is stable
    return sorted(counts, key=lambda y: -counts[y])
