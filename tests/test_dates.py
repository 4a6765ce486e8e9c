"""Dates: DATE patterns in rules/patterns/dates.jsonl and their resolution in pipeline.dates."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.util import filter_spans

from pipeline.dates import MONTHS, ROMAN_MONTHS, WEEKDAYS, parse_datetime, resolve_date, year_mentions
from pipeline.errors import RuleError
from pipeline.rules.patterns import load_patterns

PATTERNS = Path(__file__).parents[1] / "rules" / "patterns" / "dates.jsonl"
SHARED = Path(__file__).parents[1].parent / "shared"


def _rules() -> list[dict]:
    return [json.loads(line) for line in PATTERNS.read_text(encoding="utf-8").splitlines() if line.strip()]


RULES = _rules()
EXAMPLES = [(r["id"], ex) for r in RULES for ex in r.get("examples", [])]
COUNTER_EXAMPLES = [(r["id"], ex) for r in RULES for ex in r.get("counter_examples", [])]


@pytest.fixture(scope="module")
def nlp():
    from pipeline.nlp.components import blank_indonesian

    nlp = blank_indonesian()  # the tokenizer warta runs, with "(14/8)" kept apart
    ruler = nlp.add_pipe("span_ruler", config={"spans_key": "warta", "validate": True})
    ruler.add_patterns([{k: r[k] for k in ("label", "pattern", "id")} for r in RULES])
    return nlp


def _date_spans(nlp, text: str) -> list:
    doc = nlp(text)  # a SpanGroup dies with its Doc: keep the Doc alive while reading it
    return [s for s in doc.spans["warta"] if s.label_ == "DATE"]


def _longest_dates(nlp, text: str) -> list[str]:
    return [s.text for s in filter_spans(_date_spans(nlp, text))]


# --- the patterns file -------------------------------------------------------------------

def test_dates_patterns_file_accepted_by_rules_loader():
    errors: list[RuleError] = []
    loaded = [p for p in load_patterns(PATTERNS.parent, errors) if Path(p.file).name == "dates.jsonl"]
    assert [e for e in errors if Path(e.path).name == "dates.jsonl"] == []
    assert len(loaded) == len(RULES) and all(p.label == "DATE" for p in loaded)


@pytest.mark.parametrize("rule_id,example", EXAMPLES)
def test_dates_rule_example_is_one_whole_span(nlp, rule_id, example):
    spans = _date_spans(nlp, example)
    assert any(s.start_char == 0 and s.end_char == len(example) and s.id_ == rule_id for s in spans), \
        [(s.text, s.id_) for s in spans]


@pytest.mark.parametrize("rule_id,counter_example", COUNTER_EXAMPLES)
def test_dates_rule_counter_example_finds_no_date(nlp, rule_id, counter_example):
    assert _date_spans(nlp, counter_example) == []


@pytest.mark.parametrize("sentence,expected", [
    ("Penghargaan diserahkan Selasa (27/11) di Jakarta.", "Selasa (27/11)"),
    ("Penghargaan diserahkan Selasa (27/11) kemarin di Jakarta.", "Selasa (27/11) kemarin"),
    ("Bupati menerimanya Selasa (27/11/2018), di Balai Kota.", "Selasa (27/11/2018)"),
    ("Acara digelar Jumat, (28/11/2025) di aula kantor bupati.", "Jumat, (28/11/2025)"),
    ("Piala diterima Senin malam (22-7-2022) oleh wali kota.", "Senin malam (22-7-2022)"),
    ("Surat bernomor 045/123 tertanggal (27/XI/2018) dikirim.", "(27/XI/2018)"),
    ("Trofi diserahkan pada Selasa, 23 Juli 2019 di Istana.", "Selasa, 23 Juli 2019"),
    ("Evaluasi diumumkan 27 November 2018 oleh kementerian.", "27 November 2018"),
    ("Rabu, 13 Oktober 2021 - 18:58 WIB", "Rabu, 13 Oktober 2021 - 18:58 WIB"),
    ("Penghargaan itu diterima kemarin di Jakarta.", "kemarin"),
    ("Bupati menerima piagam Selasa lalu di Jakarta.", "Selasa lalu"),
    ("Bupati menerima piagam Selasa kemarin di Jakarta.", "Selasa kemarin"),
    ("Penyerahan berlangsung Jum'at (23/11) di Semarang.", "Jum'at (23/11)"),
    ("Penyerahan berlangsung Rabu (14/8) di Semarang.", "Rabu (14/8)"),
    ("Nilai tahun kemarin lebih rendah.", "tahun kemarin"),
])
def test_dates_candidate_found_in_sentence(nlp, sentence, expected):
    assert _longest_dates(nlp, sentence) == [expected]


@pytest.mark.parametrize("sentence", [
    "Indeks rata-rata pelayanan publik mencapai 3,08 dari skala 5.",
    "Hal itu diatur dalam Peraturan Presiden Nomor 176 Tahun 2018.",
    "Evaluasi tahun 2018 melibatkan 16 unit layanan.",
    "Sesuai Undang-Undang Nomor 12 Tahun 2015 tentang pemerintahan daerah.",
    "Sebanyak 1.250 warga hadir, naik 12/2015 persen.",
    "Anggaran sebesar Rp 2.018.000 disiapkan pada pukul 10.00 WIB.",
])
def test_dates_numbers_are_never_dates(nlp, sentence):
    assert _date_spans(nlp, sentence) == []
    assert parse_datetime(sentence) is None


def _in_lists(rule_ids_slot: str) -> list[set[str]]:
    """Every IN list (lowercased) of every pattern that contains the marker spelling."""
    lists = []
    for rule in RULES:
        for tok in rule["pattern"]:
            for spec in tok.values():
                if isinstance(spec, dict) and rule_ids_slot in spec.get("IN", []):
                    lists.append({s.lower() for s in spec["IN"]})
    return lists


def test_dates_weekday_spellings_agree_with_patterns():
    lists = _in_lists("selasa")
    assert lists
    for spellings in lists:
        assert spellings == set(WEEKDAYS), spellings ^ set(WEEKDAYS)


def test_dates_month_spellings_agree_with_patterns():
    lists = _in_lists("november")
    assert lists
    for spellings in lists:
        assert set(MONTHS) <= spellings, set(MONTHS) - spellings
        assert {s.rstrip(".") for s in spellings} <= set(MONTHS)


@pytest.mark.parametrize("roman", sorted(ROMAN_MONTHS))
def test_dates_every_roman_month_is_found(nlp, roman):
    assert _longest_dates(nlp, f"tertanggal (1/{roman}/2018) lalu") == [f"(1/{roman}/2018) lalu"]
    assert resolve_date(f"(1/{roman}/2018)", None).value == f"2018-{ROMAN_MONTHS[roman]:02d}-01"


# --- resolve_date ------------------------------------------------------------------------

@pytest.mark.parametrize("text,published,value,mismatch", [
    ("Selasa (27/11) kemarin", "2018-11-28", "2018-11-27", False),
    ("Selasa (27/11)", "2018-11-28T09:15:00+07:00", "2018-11-27", False),
    ("Selasa (29/12)", "2016-01-02", "2015-12-29", False),  # year wraps back
    ("Rabu (27/11)", "2018-11-28", "2018-11-27", True),  # wrong weekday: numbers kept, flagged
    ("Jum'at (23/11)", "2018-11-28", "2018-11-23", False),
    ("Jumat (10/11)", "2017-11-05", "2017-11-10", False),  # announced, weekday confirms
    ("Kamis (10/11)", "2017-11-05", "2016-11-10", False),  # past year's day agrees
    ("Rabu (14/8)", "2019-08-20", "2019-08-14", False),
    ("(3/12) mendatang", "2018-11-28", "2018-12-03", False),
    ("(5/1) mendatang", "2018-12-28", "2019-01-05", False),
    ("Selasa (27/11/2018)", "2020-01-01", "2018-11-27", False),  # explicit year wins
    ("Selasa (19/11/2010)", "2019-11-20", "2010-11-19", True),  # typo kept, flagged
    ("Selasa (16/1/24)", None, "2024-01-16", False),
    ("(27/XI/2018)", None, "2018-11-27", False),
    ("pada Selasa, 23 Juli 2019", None, "2019-07-23", False),
    ("Rabu, 13 Oktober 2021 - 18:58 WIB", None, "2021-10-13", False),
    ("Senin malam (22-7-2022)", None, "2022-07-22", True),
    ("27 November 2018", None, "2018-11-27", False),
    ("12 Agt. 2020", None, "2020-08-12", False),
    ("4 Mei", "2020-05-06", "2020-05-04", False),
])
def test_dates_resolve_numbers(text, published, value, mismatch):
    got = resolve_date(text, published)
    assert (got.value, got.weekday_mismatch, got.text) == (value, mismatch, text)


@pytest.mark.parametrize("text,published,source", [
    ("Selasa (27/11/2018)", "2018-11-28", "explicit"),
    ("Selasa (27/11)", "2018-11-28", "published"),
    ("kemarin", "2018-11-28", "published"),
    ("Selasa (27/11)", None, "none"),
    ("(31/2)", "2018-11-28", "none"),
])
def test_dates_resolve_says_where_the_year_came_from(text, published, source):
    assert resolve_date(text, published).year_source == source


def test_dates_resolve_reports_written_weekday_canonically():
    got = resolve_date("  Jum’at (23/11)", "2018-11-28")
    assert (got.weekday, got.value, got.weekday_mismatch) == ("Jumat", "2018-11-23", False)
    assert got.text == "Jum’at (23/11)"  # kept as written


@pytest.mark.parametrize("text,hints,value,mismatch", [
    ("Selasa (27/11)", [2018, 2017], "2018-11-27", False),
    ("Selasa (27/11)", [2017, 2018], "2018-11-27", False),  # only 2018 has a Tuesday 27/11
    ("Kamis (22/4)", [2020], "2021-04-22", False),  # ceremony the year after "Award 2020"
    ("Selasa (7/6)", [2015], "2016-06-07", False),  # audit year 2015, handed over in 2016
    ("Kamis (27/11)", [2018], "2018-11-27", True),  # one hint, nothing agrees: kept and flagged
    ("(27/11)", [2018], "2018-11-27", False),  # no weekday, one hint
    ("(27/11)", [2018, 2017], None, False),  # no weekday, several hints: unsure
    ("Rabu (27/11)", [2015, 2016], None, False),  # nothing agrees, several hints
    ("Selasa (27/11)", [], None, False),
])
def test_dates_resolve_without_publication_uses_article_years(text, hints, value, mismatch):
    got = resolve_date(text, None, hints)
    assert (got.value, got.weekday_mismatch) == (value, mismatch)
    assert got.year_source == ("article_years" if value else "none")


@pytest.mark.parametrize("text,published,value", [
    ("kemarin", "2018-11-28", "2018-11-27"),
    ("kemarin lusa", "2018-11-28", "2018-11-26"),
    ("kemarin sore", "2018-11-28T20:00:00+07:00", "2018-11-27"),
    ("hari ini", "2018-11-28", "2018-11-28"),
    ("tadi pagi", "2018-11-28", "2018-11-28"),
    ("besok", "2018-11-28", "2018-11-29"),
    ("Selasa lalu", "2018-11-28", "2018-11-27"),
    ("Selasa kemarin", "2018-11-27", "2018-11-20"),  # before publication, never the same day
    ("Selasa mendatang", "2018-11-27", "2018-12-04"),
    ("Minggu lalu", "2018-11-28", "2018-11-25"),  # capitalised: Sunday
    ("minggu lalu", "2018-11-28", None),  # lowercase: last week, not a day
    ("tahun kemarin", "2018-11-28", None),
    ("pekan depan", "2018-11-28", None),
    ("kemarin", None, None),
])
def test_dates_relative_words_count_from_publication(text, published, value):
    got = resolve_date(text, published)
    assert got.value == value and not got.weekday_mismatch


@pytest.mark.parametrize("text", ["(31/2)", "Selasa (30/2/2019)", "32 Januari 2019", "(29/2/2019)"])
def test_dates_invalid_day_has_no_value(text):
    got = resolve_date(text, "2019-03-01")
    assert got.value is None and got.year_source == "none"


def test_dates_leap_day_takes_the_leap_year():
    assert resolve_date("Sabtu (29/2)", "2021-03-01").value == "2020-02-29"


# --- parse_datetime ----------------------------------------------------------------------

@pytest.mark.parametrize("text,expected", [
    ("Rabu, 28 November 2018 - 10:15 WIB", "2018-11-28T10:15:00+07:00"),
    ("Senin, 4 Mei 2020 04:25 WIB", "2020-05-04T04:25:00+07:00"),
    ("Kamis, 22 April 2021 pukul 10.00 WITA", "2021-04-22T10:00:00+08:00"),
    ("Jumat, 5 Juli 2019 | 19.30 WIT", "2019-07-05T19:30:00+09:00"),
    ("Diperbarui: Rabu, 28 Nov. 2018, 10:15", "2018-11-28T10:15:00+07:00"),
    ("28/11/2018 10:15", "2018-11-28T10:15:00+07:00"),
    ("10.15 Wita | Rabu, 28 November 2018", "2018-11-28T10:15:00+08:00"),
    ("28 November 2018 10:15-11:00 WIB", "2018-11-28T10:15:00+07:00"),
    ("28 Nov 2018 10:15 GMT+8", "2018-11-28T10:15:00+08:00"),
    ("28-11-2018", "2018-11-28"),
    ("2018-11-28 09:15:00", "2018-11-28T09:15:00+07:00"),
    ("2018-11-28T09:15:42+07:00", "2018-11-28T09:15:00+07:00"),
    ("2018-11-28T02:15:00.000Z", "2018-11-28T02:15:00+00:00"),
    ("2018-11-28T10:15:00+0800", "2018-11-28T10:15:00+08:00"),
    ("Wed, 28 Nov 2018 10:15:00 +0700", "2018-11-28T10:15:00+07:00"),
    ("2018-11-28", "2018-11-28"),
    ("28 Nopember 2018", "2018-11-28"),
    ("", None),
    ("Selasa (27/11)", None),  # no year: not a publication date
    ("2018-02-30 10:00", None),
    # Publication lines as scrapers copy them (made-up values in the real sources' forms).
    ("Diperbarui 13 Jun 2025, 08:14 WIB", "2025-06-13T08:14:00+07:00"),
    ("Tayang: Senin, 9 Juni 2025 18:01 WITA", "2025-06-09T18:01:00+08:00"),
    (",\u00a0Jurnalis-Jum'at, 13 Juni 2025 |19:04 WIB", "2025-06-13T19:04:00+07:00"),
    ("Kompas.com - 10/06/2025, 21:23 WIB", "2025-06-10T21:23:00+07:00"),
    ("Selasa, 3 Juni 2025-  13:35 WIB", "2025-06-03T13:35:00+07:00"),
    ("7 Maret 2018 | 08.55 WIB", "2018-03-07T08:55:00+07:00"),
    ("Rabu   18 Jun 2025  22:02 WIB", "2025-06-18T22:02:00+07:00"),
    ("10/21/2025 20:43", "2025-10-21T20:43:00+07:00"),  # 21 is no month: read the only way it can be
    ("November 28, 2018 10:15", "2018-11-28T10:15:00+07:00"),
    ("10 Jun 2025", "2025-06-10"),
    ("Rabu, 28/11/2018 00:00", "2018-11-28T00:00:00+07:00"),  # a written midnight is a time
    ("Tidak Ditemukan", None),
    ("Scroll ke bawah untuk membaca berita", None),
])
def test_dates_parse_datetime(text, expected):
    assert parse_datetime(text) == expected


@pytest.mark.parametrize("order, expected", [("DMY", "2025-05-09T21:15:00+07:00"),
                                             ("MDY", "2025-09-05T21:15:00+07:00")])
def test_dates_parse_datetime_follows_the_sites_date_order(order, expected):
    assert parse_datetime("9/5/2025 21:15", order) == expected


# --- year_mentions -----------------------------------------------------------------------

@pytest.mark.parametrize("text,years", [
    ("Penghargaan Pelayanan Publik Tahun 2018 untuk kinerja 2017, diserahkan 27/11/2018.", [2018, 2017]),
    ("Indeks 3,08 dan anggaran Rp 2.018.000, tercatat sejak 1850.", []),
    ("SAKIP 2020, SAKIP 2019, dan SAKIP 2020 lagi, serta 2100 dan 2101.", [2020, 2019, 2100]),
    ("https://contoh.go.id/2019/12/bupati-terima-penghargaan/", [2019]),
])
def test_dates_year_mentions_most_frequent_first(text, years):
    assert year_mentions(text) == years


# --- against the shared development articles ---------------------------------------------

@pytest.mark.skipif(not (SHARED / "dev-articles" / "gold").is_dir(), reason="shared dev-articles absent")
def test_dates_dev_articles_gold_dates_are_resolved(nlp):
    """Pinned floor: gold handover dates found among the resolved DATE spans of each article."""
    found = total = 0
    for path in sorted((SHARED / "dev-articles" / "articles").glob("*.json")):
        article = json.loads(path.read_text(encoding="utf-8"))
        gold = json.loads((SHARED / "dev-articles" / "gold" / path.name).read_text(encoding="utf-8"))
        wanted = {g["date"] for g in gold if g.get("date")}
        if not wanted:
            continue
        text = " ".join(article["text"].split())
        hints = year_mentions(article.get("source") or "") + year_mentions(text)
        values = {resolve_date(s, article.get("published"), hints).value for s in _longest_dates(nlp, text)}
        total += len(wanted)
        found += len(wanted & values)
    assert total >= 20 and found / total >= 0.9, (found, total)


def test_dates_resolve_is_cheap():
    """Resolution is plain Python: thousands of spans per batch must not need dateparser."""
    import time

    start = time.perf_counter()
    for _ in range(2000):
        resolve_date("Selasa (27/11) kemarin", "2018-11-28T09:15:00+07:00", [2018])
    assert time.perf_counter() - start < 1.0


@pytest.mark.parametrize("text,published,hints", [
    ("", None, ()),
    ("((//))", "bukan tanggal", (0, 9999)),
    ("Selasa (27/11)", "2018-13-45", (10000,)),
    ("99/99/9999", "28 Foo 2018", ()),
    ("Jumat", "Wed, 99 Foo 2018", ()),
])
def test_dates_odd_input_gives_no_value_instead_of_an_error(text, published, hints):
    got = resolve_date(text, published, hints)
    assert got.value is None and got.year_source == "none"
    assert parse_datetime(published or "") is None


def test_dates_a_time_without_zone_is_wib_in_every_reader():
    # One rule (pipeline.dates.with_default_zone) for publication lines, page metadata and feed dates.
    from pipeline.extract.metadata import parse_machine_date
    from pipeline.fetch.sources import parse_when

    assert parse_datetime("2018-11-28 09:15") == "2018-11-28T09:15:00+07:00"
    assert parse_datetime("Rabu, 28 November 2018 09:15") == "2018-11-28T09:15:00+07:00"
    assert parse_machine_date("2018-11-28T09:15:00") == "2018-11-28T09:15:00+07:00"
    assert parse_when("2018-11-28T09:15:00").isoformat() == "2018-11-28T09:15:00+07:00"
    assert parse_when("2018-11-28T09:15:00Z").isoformat() == "2018-11-28T09:15:00+00:00"  # a written zone stays


def _plain_shapes() -> list[str]:
    from pipeline.dates import PLAIN_MONTHS

    lines = []
    for name in PLAIN_MONTHS:
        for form in (name, name.title(), name.upper()):
            for day, tail in ((1, ""), (9, " 07:30"), (29, ", 20.04"), (30, " | 23:59"), (31, " |00:00"),
                              (31, " - 8:05"), (15, " 24:00"), (15, ", 9:60")):
                lines.append(f"{day} {form} 2024{tail}")
    for a in (1, 5, 12, 13, 31):
        for b in (2, 12, 13, 30):
            for tail in ("", " 7:30", ", 21:35", " 00:00"):
                lines += [f"{a}/{b}/2024{tail}", f"{a:02d}/{b:02d}/2023{tail}"]
    return lines


def test_dates_common_publication_shapes_read_as_dateparser_reads_them(monkeypatch):
    """The plain-Python reading of the usual shapes gives dateparser's answer, in both date orders."""
    import pipeline.dates as dates

    lines = _plain_shapes() + ["Rabu, 18 Jun 2025 07:30 WIB", "Diperbarui 13 Jun 2025, 08:14 WIB",
                               "10 Juni 2025 |04:01 WIB", "Kompas.com- 18/06/2025, 21:35 WIB", "10/21/2025 20:43",
                               "9 Ags 2025", "31 Jun 2025 10:00"]
    fast = {(line, order): dates.parse_datetime.__wrapped__(line, order) for line in lines for order in ("DMY", "MDY")}
    monkeypatch.setattr(dates, "_plain_date", lambda candidate, order: None)  # dateparser reads every line
    slow = {key: dates.parse_datetime.__wrapped__(*key) for key in fast}
    assert fast == slow
    assert fast[("Diperbarui 13 Jun 2025, 08:14 WIB", "DMY")] == "2025-06-13T08:14:00+07:00"
    assert fast[("5/12/2024 7:30", "MDY")] == "2024-05-12T07:30:00+07:00"
