"""The bundled corpus (corpus/articles, corpus/gold, corpus/html) is complete, consistent and honest."""
from __future__ import annotations

import datetime as dt
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import lxml.html
import pytest

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"
SHARED = Path(__file__).parents[1].parent / "shared"
SEED_TXT = SHARED / "seed" / "beritacikarang-pemkab-bekasi-2018.txt"
SEED_HTML = CORPUS / "html" / "beritacikarang-2018-11-28-pemkab-bekasi-pelayanan-publik.html"
SEED_URL = ("https://beritacikarang.com/2018/11/28/"
            "pemkab-bekasi-terima-penghargaan-pelayanan-publik-terbaik-dari-kemenpan-rb/")
SEED_PUBLISHED = "2018-11-28T09:15:00+07:00"

ARTICLE_KEYS = {"id", "source", "site", "title", "published", "truncated", "text"}
GOLD_KEYS = ["recipient", "recipient_type", "recipient_parent", "region", "award", "award_family", "grade",
             "giver", "giver_official", "recipient_official", "event", "venue", "date", "year", "primary"]
RECIPIENT_TYPES = {"opd", "pemda", "kepala_daerah", "other"}
# Heads of a coordination ("Bupati Ngawi dan Pacitan") that the gold may expand per recipient.
COORDINATION_HEADS = ("Wali Kota", "Walikota", "Bupati", "Gubernur", "Kabupaten", "Kota", "Provinsi")
FAMILIES = {p.stem for p in (REPO / "rules" / "awards").glob("*.toml")}

ARTICLE_FILES = sorted((CORPUS / "articles").glob("*.json"))
GOLD_FILES = sorted((CORPUS / "gold").glob("*.json"))


def _load(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _css(node, tag: str, *classes: str, **attrs: str) -> list:
    """Return descendants with this tag, every class and attribute (a tiny CSS subset, no cssselect)."""
    conds = [f"contains(concat(' ', normalize-space(@class), ' '), ' {c} ')" for c in classes]
    conds += [f"@{k}='{v}'" for k, v in attrs.items()]
    return node.xpath(f".//{tag}" + "".join(f"[{c}]" for c in conds))


def _gold_cases():
    for gold_file in GOLD_FILES:
        article = _load(CORPUS / "articles" / gold_file.name)
        for i, rec in enumerate(_load(gold_file)):
            yield pytest.param(article, rec, id=f"{gold_file.stem}-{i}")


GOLD_CASES = list(_gold_cases())


def _iso_date(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def _published_date(value: str) -> dt.date:
    return dt.datetime.fromisoformat(value).date() if "T" in value else dt.date.fromisoformat(value)


def test_corpus_every_article_has_its_gold_and_ids_run_from_001():
    names = [p.name for p in ARTICLE_FILES]
    assert names == [p.name for p in GOLD_FILES]
    assert names == [f"{i:03d}.json" for i in range(1, len(names) + 1)]
    assert len(names) >= 12


@pytest.mark.parametrize("path", ARTICLE_FILES, ids=lambda p: p.stem)
def test_corpus_article_has_required_keys_and_text(path):
    art = _load(path)
    assert ARTICLE_KEYS <= set(art), ARTICLE_KEYS - set(art)
    assert art["id"] == path.stem
    assert isinstance(art["text"], str) and art["text"].strip()
    assert art["title"].strip() and art["site"] and art["source"].startswith(("http://", "https://"))
    assert art["site"] in art["source"]
    # paragraphs are separated by one blank line, as in dev-articles
    assert "\n\n\n" not in art["text"] and all(p.strip() for p in art["text"].split("\n\n"))
    if art["published"] is not None:
        _published_date(art["published"])


@pytest.mark.parametrize("article,rec", GOLD_CASES)
def test_corpus_gold_record_has_dev_article_keys_and_valid_values(article, rec):
    assert list(rec) == GOLD_KEYS
    assert rec["recipient_type"] in RECIPIENT_TYPES
    assert rec["award_family"] in FAMILIES, f"unknown family {rec['award_family']} (rules/awards/*.toml)"
    assert re.fullmatch(r"(Kabupaten|Kota|Provinsi) [A-Z].+", rec["region"])
    assert isinstance(rec["primary"], bool)
    assert rec["year"] is None or (isinstance(rec["year"], int) and 2000 <= rec["year"] <= 2030)
    for key in ("giver_official", "recipient_official"):
        assert rec[key] is None or (set(rec[key]) == {"name", "title"} and rec[key]["name"] and rec[key]["title"])


@pytest.mark.parametrize("article,rec", GOLD_CASES)
def test_corpus_gold_recipient_and_grade_occur_in_article_text(article, rec):
    text = article["text"]
    recipient = rec["recipient"]
    if recipient not in text:
        # expanded from a coordination: its head and the rest are each written in the text
        head = next((h for h in COORDINATION_HEADS if recipient.startswith(h + " ")), None)
        assert head, f"{recipient!r} is not in the text of {article['id']}"
        rest = recipient[len(head) + 1:]
        assert re.search(rf"{head} [^.]*\b{re.escape(rest)}\b", text), f"{recipient!r} not found as a coordination"
    if rec["grade"] is not None:
        assert rec["grade"] in text
    for key in ("giver_official", "recipient_official"):
        if rec[key]:
            assert rec[key]["name"] in text


@pytest.mark.parametrize("article,rec", GOLD_CASES)
def test_corpus_gold_dates_are_iso_and_not_after_publication(article, rec):
    if rec["date"] is None:
        return
    day = _iso_date(rec["date"])
    assert rec["date"] == day.isoformat()
    if article["published"]:
        assert day <= _published_date(article["published"])
    assert rec["year"] is not None and rec["year"] <= day.year


def test_corpus_has_negative_articles_with_empty_gold():
    negatives = [p.stem for p in GOLD_FILES if _load(p) == []]
    assert len(negatives) >= 3


def test_corpus_article_without_publication_date_states_its_year():
    undated = [_load(p) for p in ARTICLE_FILES if _load(p)["published"] is None]
    assert undated
    for art in undated:
        gold = _load(CORPUS / "gold" / f"{art['id']}.json")
        for rec in gold:
            if rec["date"]:
                day = _iso_date(rec["date"])
                # the weekday written beside the (d/m) date must agree with the gold year
                weekday = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"][day.weekday()]
                assert f"{weekday} ({day.day}/{day.month})" in art["text"]


def test_corpus_seed_gold_is_the_worked_example():
    gold = _load(CORPUS / "gold" / "001.json")
    by_name = {r["recipient"]: r for r in gold}
    assert sorted(by_name) == sorted([
        "RSUD Kabupaten Bekasi", "Dinas Kependudukan dan Pencatatan Sipil",
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu (DPMPTSP)",
        "RSUD A.M. Parikesit Kabupaten Kutai Kartanegara"])
    kutai = by_name.pop("RSUD A.M. Parikesit Kabupaten Kutai Kartanegara")
    assert (kutai["primary"], kutai["year"], kutai["date"], kutai["recipient_parent"]) == (False, 2017, None, None)
    for r in by_name.values():
        assert r["primary"] and r["date"] == "2018-11-27" and r["year"] == 2018
        assert {k: r["giver_official"][k] for k in ("name", "title")} == {"name": "Syafrudin", "title": "Menteri PAN-RB"}
        assert r["venue"] == "Rafflesia Grand Ballroom, Balai Kartini, Jakarta Selatan"


def test_corpus_seed_article_text_is_clean():
    art = _load(CORPUS / "articles" / "001.json")
    assert art["published"] == SEED_PUBLISHED and art["site"] == "beritacikarang.com"
    text = art["text"]
    assert text.startswith("Pemerintah Kabupaten (Pemkab) Bekasi menerima")
    for junk in ("BERITACIKARANG.COM", "Bacaan Lainnya", "Pos terkait", "foto bersama", "(BC)"):
        assert junk not in text


class _Balance(HTMLParser):
    """Check that every non-void element is closed explicitly and in order."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> at {self.getpos()} closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()


@pytest.fixture(scope="module")
def seed_page():
    raw = SEED_HTML.read_text(encoding="utf-8")
    parser = lxml.html.HTMLParser()
    doc = lxml.html.document_fromstring(raw, parser=parser)
    return raw, doc, parser


def test_corpus_seed_html_is_well_formed(seed_page):
    raw, doc, parser = seed_page
    assert len(parser.error_log) == 0, [e.message for e in parser.error_log]
    balance = _Balance()
    balance.feed(raw)
    balance.close()
    assert not balance.problems and not balance.stack, (balance.problems, balance.stack)


def test_corpus_seed_html_carries_the_metadata_an_extractor_reads(seed_page):
    _, doc, _ = seed_page
    assert doc.xpath("string(//link[@rel='canonical']/@href)") == SEED_URL
    assert doc.xpath("string(//meta[@property='og:url']/@content)") == SEED_URL
    assert doc.xpath("string(//meta[@property='article:published_time']/@content)") == SEED_PUBLISHED
    (time,) = _css(doc, "article//time", "entry-date", "published")
    assert time.get("datetime") == SEED_PUBLISHED
    (ld,) = [json.loads(s.text) for s in _css(doc, "script", type="application/ld+json")]
    assert ld["@type"] == "NewsArticle" and ld["datePublished"] == SEED_PUBLISHED and ld["author"]["name"]
    (h1,) = _css(doc, "article//h1", "entry-title")
    assert h1.text_content() == _load(CORPUS / "articles" / "001.json")["title"]


def test_corpus_seed_html_has_the_boilerplate_an_extractor_must_drop(seed_page):
    _, doc, _ = seed_page
    caption = _css(doc, "figcaption", "wp-caption-text")[0].text_content()
    content = _css(doc, "article//div", "entry-content")[0]
    paragraphs = [p.text_content() for p in content.xpath(".//p")]
    assert paragraphs[0] == caption  # the seed shows its caption twice
    assert paragraphs[1].startswith("BERITACIKARANG.COM, CIKARANG PUSAT –")
    assert "Bacaan Lainnya" in content.text_content()
    assert "Pos terkait" not in content.text_content()
    assert "Pos terkait" in doc.xpath("//article")[0].text_content()
    assert "Tinggalkan Balasan" in doc.xpath("//*[@id='respond']")[0].text_content()
    assert doc.xpath("//nav[@id='site-navigation']") and doc.xpath("//aside[@id='secondary']") and doc.xpath("//footer")


def test_corpus_seed_html_holds_every_body_paragraph_in_order(seed_page):
    _, doc, _ = seed_page
    content = _norm(_css(doc, "article//div", "entry-content")[0].text_content())
    pos = 0
    for para in _load(CORPUS / "articles" / "001.json")["text"].split("\n\n"):
        found = content.find(_norm(para), pos)
        assert found >= 0, para[:60]
        pos = found


@pytest.mark.skipif(not SEED_TXT.exists(), reason="../shared/seed is not present")
def test_corpus_seed_html_contains_each_seed_paragraph(seed_page):
    _, doc, _ = seed_page
    page = _norm(doc.text_content())
    blocks = [b for b in re.split(r"\n\s*\n", SEED_TXT.read_text(encoding="utf-8")) if b.strip()]
    for block in blocks:
        for line in block.splitlines():
            assert _norm(line) in page, line[:60]
