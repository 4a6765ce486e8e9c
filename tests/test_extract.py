"""Extract stage: clean Articles from HTML (profiles, generic fallback, Indonesian clean-up, dates, paging)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.errors import ExtractError
from pipeline.extract import canonicalize_url, decode_html, extract_page, join_pages

ROOT = Path(__file__).resolve().parents[1]
QUALITY = ROOT / "corpus" / "sites" / "quality"
QUALITY_LABELS = [json.loads(line) for line in (QUALITY / "labels.jsonl").read_text(encoding="utf-8").splitlines()]


def wp_page(body: str, head: str = "", title: str = "Judul Berita") -> str:
    """A minimal WordPress-theme article page around the given entry-content HTML."""
    return (f"<html><head><meta charset='utf-8'>{head}</head><body class='single single-post'>"
            f"<article class='post type-post'><h1 class='entry-title'>{title}</h1>"
            f"<div class='entry-content'>{body}</div></article></body></html>")


LEAD = "Pemerintah Kabupaten Purwakarta meraih penghargaan Anugerah Parahita Ekapraya dari Kementerian PPPA."
SECOND = "Penghargaan diterima Bupati Purwakarta di Jakarta, Kamis (14/3/2019), bersama sejumlah kepala daerah lain."


@pytest.mark.parametrize("label", QUALITY_LABELS, ids=lambda lab: lab["file"])
def test_extract_quality_fixture_comes_out_clean(label: dict) -> None:
    page = extract_page((QUALITY / label["file"]).read_bytes(), label["url"])
    art = page.article
    assert art.text == label["text"]
    assert not [b for b in label["boilerplate"] if b in art.text]
    assert art.title == label["title"]
    assert art.published[:16] == label["published"][:16] and art.published[-6:] == label["published"][-6:]
    assert art.dateline_place == label["dateline_place"]
    assert page.page_urls == label["page_urls"]


@pytest.mark.parametrize("opening, place", [
    ("BERITACIKARANG.COM, CIKARANG PUSAT – ", "Cikarang Pusat"),
    ("Jakarta (ANTARA) - ", "Jakarta"),
    ("TRIBUNNEWS.COM - ", None),
    ("SERAYUNEWS- ", None),
    ("PURWAKARTA, KOMPAS.com - ", "Purwakarta"),
    ("jpnn.com, BANDUNG - ", "Bandung"),
    ("<strong>Bandung</strong> - ", "Bandung"),
])
def test_extract_dateline_moves_into_metadata(opening: str, place: str | None) -> None:
    art = extract_page(wp_page(f"<p>{opening}{LEAD}</p><p>{SECOND}</p>")).article
    assert art.text.startswith(LEAD)
    assert art.dateline_place == place


@pytest.mark.parametrize("credit", ["(BC)", "(rfs/jbr)", "(ant)", "(H-4)", "(E-2)", "(boy/jpnn)"])
def test_extract_trailing_credit_code_removed(credit: str) -> None:
    art = extract_page(wp_page(f"<p>{LEAD}</p><p>{SECOND} {credit}</p>")).article
    assert art.text.endswith(SECOND)


def test_extract_abbreviation_closing_a_paragraph_is_kept() -> None:
    text = "Penghargaan juga diterima Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu (DPMPTSP)"
    art = extract_page(wp_page(f"<p>{LEAD}</p><p>{text}</p>")).article
    assert art.text.endswith("(DPMPTSP)")


@pytest.mark.parametrize("boiler", [
    "<p><strong>Baca Juga:</strong> <a href='/x/'>Purwakarta Juara Lomba Desa</a></p>",
    "<p>Baca juga : Purwakarta Juara Lomba Desa</p>",
    "<p>Simak juga: Video Bupati Purwakarta</p>",
    "<p>ADVERTISEMENT</p><p>SCROLL TO CONTINUE WITH CONTENT</p>",
    "<div class='box'><p>Bacaan Lainnya</p><ul><li><a href='/y/'>Purwakarta Juara Lomba Desa</a></li></ul></div>",
    "<p>Pewarta: Asep Sunandar</p><p>Editor: Rina Marlina</p>",
])
def test_extract_boilerplate_line_dropped(boiler: str) -> None:
    art = extract_page(wp_page(f"<p>{LEAD}</p>{boiler}<p>{SECOND}</p>")).article
    assert art.text == f"{LEAD}\n\n{SECOND}"


def test_extract_comment_form_ends_the_body() -> None:
    html = wp_page(f"<p>{LEAD}</p><p>{SECOND}</p><h3>Tinggalkan Balasan</h3><p>Nama lengkap Anda wajib diisi.</p>")
    assert extract_page(html).article.text == f"{LEAD}\n\n{SECOND}"


def test_extract_caption_repeated_as_paragraph_dropped() -> None:
    cap = "Bupati Purwakarta menerima piagam dari Menteri PPPA."
    html = wp_page(f"<figure><img src='a.jpg'><figcaption>{cap}</figcaption></figure><p>{cap}</p><p>{LEAD}</p><p>{SECOND}</p>")
    assert extract_page(html).article.text == f"{LEAD}\n\n{SECOND}"


def test_extract_whitespace_normalised_and_paragraphs_blank_line_separated() -> None:
    html = wp_page(f"<p>  Pemerintah   Kabupaten\n Purwakarta  meraih <a href='/t/'>penghargaan</a>.</p>\n<p>{SECOND}</p>")
    assert extract_page(html).article.text == f"Pemerintah Kabupaten Purwakarta meraih penghargaan.\n\n{SECOND}"


@pytest.mark.parametrize("head, url, published", [
    ('<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2019-03-14T10:15:00+07:00"}</script>',
     "https://contoh.id/2019/03/15/berita/", "2019-03-14T10:15:00+07:00"),
    ('<meta property="article:published_time" content="2019-03-14T03:15:00+00:00">',
     "https://contoh.id/2019/03/14/berita/", "2019-03-14T10:15:00+07:00"),
    ("", "https://contoh.id/2019/03/14/berita/", "2019-03-14"),
])
def test_extract_published_best_source_wins_over_url_date(head: str, url: str, published: str) -> None:
    art = extract_page(wp_page(f"<p>{LEAD}</p><p>{SECOND}</p>", head=head), url).article
    assert art.published == published


@pytest.mark.parametrize("line, published", [
    ("Kamis, 14 Maret 2019 - 10:15 WIB", "2019-03-14T10:15:00+07:00"),
    ("Kamis, 14 Maret 2019 10:15 WITA", "2019-03-14T10:15:00+08:00"),
    ("14/03/2019, 10:15 WIT", "2019-03-14T10:15:00+09:00"),
])
def test_extract_visible_date_line_read_to_the_minute(line: str, published: str) -> None:
    html = (f"<html><body><div class='konten-berita'><h1 class='judul'>Judul</h1><div class='tanggal'>{line}</div>"
            f"<div class='isi'><p>{LEAD}</p><p>{SECOND}</p></div></div></body></html>")
    assert extract_page(html, "https://purwakartakab.go.id/berita/x").article.published == published


@pytest.mark.parametrize("links, url, expected", [
    ("<div class='page-links'><a href='/2019/03/14/berita/2/'>2</a><a href='/2019/03/14/berita/3/'>3</a></div>",
     "https://contoh.id/2019/03/14/berita/", ["https://contoh.id/2019/03/14/berita/2/", "https://contoh.id/2019/03/14/berita/3/"]),
    ("<a href='/read/berita?page=3'>3</a><a href='/read/berita?page=2'>2</a>",
     "https://contoh.id/read/berita", ["https://contoh.id/read/berita?page=2", "https://contoh.id/read/berita?page=3"]),
    ("<a href='/read/berita?page=2'>2</a>", "https://contoh.id/read/berita?page=all", []),
    ("<a href='/read/lain?page=2'>2</a>", "https://contoh.id/read/berita", []),
])
def test_extract_further_pages_found_in_order(links: str, url: str, expected: list[str]) -> None:
    page = extract_page(wp_page(f"<p>{LEAD}</p><p>{SECOND}</p>{links}"), url)
    assert page.page_urls == expected


def test_extract_profile_offers_single_page_view() -> None:
    html = wp_page(f"<p>{LEAD}</p><p>{SECOND}</p><a href='?page=2'>2</a>")
    page = extract_page(html, "https://regional.kompas.com/read/2019/03/14/101500/berita")
    assert page.single_page_url == "https://regional.kompas.com/read/2019/03/14/101500/berita?page=all"


def test_extract_join_pages_in_order_without_repeats() -> None:
    parts = [extract_page((QUALITY / f"wp-multipage-{i}.html").read_bytes(), lab["url"])
             for i, lab in ((1, QUALITY_LABELS[1]), (2, QUALITY_LABELS[2]))]
    article = join_pages(parts)
    assert article.text == QUALITY_LABELS[1]["text"] + "\n\n" + QUALITY_LABELS[2]["text"]
    assert article.url == "https://karawangpos.com/2022/07/23/karawang-raih-kla-nindya/"
    assert article.dateline_place == "Karawang"


@pytest.mark.parametrize("url, expected", [
    ("https://WWW.Contoh.ID/berita/a?utm_source=fb&utm_medium=x&id=5#komentar", "https://www.contoh.id/berita/a?id=5"),
    ("https://contoh.id/a?fbclid=IwAR0&gclid=1", "https://contoh.id/a"),
    ("https://web.archive.org/web/20220721150811/https://www.jpnn.com/news/a", "https://www.jpnn.com/news/a"),
    ("http://contoh.id:80/a/", "http://contoh.id/a/"),
])
def test_extract_canonicalize_url_strips_tracking(url: str, expected: str) -> None:
    assert canonicalize_url(url) == expected


def test_extract_canonical_url_from_rel_canonical_without_tracking() -> None:
    head = "<link rel='canonical' href='/2019/03/14/berita/?utm_campaign=wa'>"
    page = extract_page(wp_page(f"<p>{LEAD}</p><p>{SECOND}</p>", head=head), "https://contoh.id/2019/03/14/berita/?fbclid=z")
    assert page.canonical_url == page.article.url == "https://contoh.id/2019/03/14/berita/"
    assert page.article.site == "contoh.id"
    assert page.article.source == {"kind": "http", "location": "https://contoh.id/2019/03/14/berita/?fbclid=z"}


TEXT_1252 = "Pemkab Purwakarta raih penghargaan — “Anugerah Parahita” untuk kafe BUMDes"


@pytest.mark.parametrize("body, header", [
    (TEXT_1252.encode("cp1252"), "utf-8"),            # declared utf-8, really windows-1252
    (TEXT_1252.encode("utf-8"), "windows-1252"),      # declared windows-1252, really utf-8
    (TEXT_1252.encode("utf-8"), "iso-8859-1"),        # a server's Latin-1 default, really utf-8
    (TEXT_1252.encode("cp1252"), "iso-8859-1"),       # declared Latin-1, really windows-1252
    (TEXT_1252.encode("cp1252"), None),               # nothing declared
    (TEXT_1252.encode("utf-8"), None),
])
def test_extract_decode_html_survives_wrong_charset(body: bytes, header: str | None) -> None:
    html = b"<html><head><meta charset='utf-8'></head><body><p>" + body + b"</p></body></html>"
    assert TEXT_1252 in decode_html(html, header)


def test_extract_page_with_wrong_declared_charset_has_right_text() -> None:
    html = wp_page(f"<p>{LEAD} {TEXT_1252}.</p><p>{SECOND}</p>").encode("cp1252")
    assert TEXT_1252 in extract_page(html, encoding="utf-8").article.text


def test_extract_truncated_html_keeps_what_is_there() -> None:
    full = wp_page(f"<p>{LEAD}</p><p>{SECOND}</p><p>Bupati berharap prestasi ini dipertahankan.</p>")
    html = full[:full.index("dipertahankan") + 4]  # cut mid-word, no closing tags
    text = extract_page(html).article.text
    assert text.startswith(LEAD) and "Bupati berharap prestasi ini" in text


def test_extract_section_page_is_not_an_article() -> None:
    html = ("<html><head><meta property='og:type' content='website'></head><body><h1>Kategori: Pemerintahan</h1>"
            "<article><h2><a href='/2019/03/14/a/'>Purwakarta Raih Penghargaan</a></h2></article>"
            "<article><h2><a href='/2019/03/15/b/'>Bupati Resmikan Jembatan</a></h2></article></body></html>")
    page = extract_page(html, "https://contoh.id/category/pemerintahan/")
    assert not page.is_article and page.article.text == ""
    assert page.links == ["https://contoh.id/2019/03/14/a/", "https://contoh.id/2019/03/15/b/"]


@pytest.mark.parametrize("html, reason", [
    ("", "empty document"),
    ("   \n ", "empty document"),
    ("<html><body><div>Halaman tidak ditemukan</div></body></html>", "no article body"),
])
def test_extract_no_article_raises_with_reason(html: str, reason: str) -> None:
    with pytest.raises(ExtractError) as err:
        extract_page(html, "https://contoh.id/x")
    assert reason in err.value.reason
