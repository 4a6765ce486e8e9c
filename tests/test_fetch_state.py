"""Crawl state, near-duplicate sketches and feed/sitemap parsing, on real SQLite files and fixtures."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pipeline.fetch.dedup import content_hash, similarity, sketch
from pipeline.fetch.sources import before, page_links, parse_feed, parse_sitemap
from pipeline.fetch.state import CrawlState

SITES = Path(__file__).resolve().parents[1] / "corpus" / "sites"
RELEASE = ("Pemerintah Kabupaten Contoh kembali meraih opini Wajar Tanpa Pengecualian dari Badan "
           "Pemeriksa Keuangan atas laporan keuangan tahun anggaran 2021. Laporan hasil pemeriksaan "
           "diserahkan kepada bupati dan ketua DPRD dalam rapat paripurna di gedung dewan. Opini itu "
           "merupakan yang kelima kali diraih secara berturut-turut sejak tahun anggaran 2017.")


@pytest.mark.parametrize("other, near", [
    (RELEASE, True),
    ("Contoh (KABARNUSA) - " + RELEASE + " (kn)", True),
    (RELEASE.replace("kelima", "keenam").replace("2017", "2016"), True),
    ("Warga Desa Sukamaju bergotong royong membersihkan saluran air menjelang musim hujan tahun "
     "ini, dibantu petugas kecamatan dan relawan dari tiga desa tetangga di sekitarnya.", False),
])
def test_fetch_state_sketch_finds_copies_of_a_press_release(other, near):
    assert (similarity(sketch(RELEASE), sketch(other)) >= 0.5) is near


def test_fetch_state_near_copy_on_another_site_points_at_the_first(tmp_path):
    state = CrawlState(tmp_path / "state.sqlite")
    state.record_article("a1", url="http://a/1", canonical_url="http://a/1", site="a",
                         chash=content_hash(RELEASE), sk=sketch(RELEASE), near_duplicate_of=None)
    copy = "Contoh (KABARNUSA) - " + RELEASE
    assert state.duplicate_of("b", content_hash(copy), sketch(copy)) == ("a1", False)
    assert state.duplicate_of("a", content_hash(RELEASE), sketch(RELEASE)) == ("a1", True)
    state.record_article("b1", url="http://b/1", canonical_url="http://b/1", site="b",
                         chash=content_hash(copy), sk=sketch(copy), near_duplicate_of="a1")
    # A third copy points at the first article, not at the second.
    assert state.duplicate_of("c", content_hash(copy), sketch(copy)) == ("a1", False)


def test_fetch_state_survives_reopening_and_knows_what_was_written(tmp_path):
    path = tmp_path / "state.sqlite"
    state = CrawlState(path)
    assert state.add("http://a/1", hint="seed") and not state.add("http://a/1", hint="link")
    state.add("http://a/2", hint="link", depth=1)
    state.record_article("x", url="http://a/1", canonical_url="http://a/kanonik", site="a",
                         chash="h", sk=[1, 2], near_duplicate_of=None)
    state.close()
    again = CrawlState(path)
    assert again.pending() == [("http://a/2", "link", 1)]
    assert again.written("other-id", "http://a/kanonik") == "x"
    assert again.status("http://a/kanonik") == "done"
    again.requeue("http://a/1", hint="seed")
    assert [u for u, _, _ in again.pending()] == ["http://a/1", "http://a/2"]


def _fixture(site: str, name: str) -> bytes:
    return (SITES / site / name).read_bytes().replace(b"{{site:" + site.encode() + b"}}",
                                                      b"http://x.test")


@pytest.mark.parametrize("site, name, count, first_day", [
    ("beritacikarang", "feed/index.xml", 3, "2019-12-12"),
    ("bekasikab-go-id", "feed.atom", 2, "2020-05-04"),
])
def test_fetch_state_feeds_list_their_entries_with_dates(site, name, count, first_day):
    entries = parse_feed(_fixture(site, name), "http://x.test/")
    assert len(entries) == count
    assert entries[0].url.startswith("http") and entries[0].published.date().isoformat() == first_day


def test_fetch_state_sitemap_index_and_news_sitemap():
    entries, children = parse_sitemap(_fixture("kabarnusa", "sitemap.xml"), "http://x.test/")
    assert entries == [] and children == ["http://x.test/sitemap-news.xml",
                                          "http://x.test/sitemap-pages.xml"]
    entries, children = parse_sitemap(_fixture("kabarnusa", "sitemap-news.xml"), "http://x.test/")
    assert children == [] and len(entries) == 2
    assert entries[0].published.isoformat() == "2023-11-02T07:45:00+07:00"


@pytest.mark.parametrize("published, since, older", [
    ("2018-11-28T09:15:00+07:00", date(2019, 1, 1), True),
    ("2019-01-01", date(2019, 1, 1), False),
    (None, date(2019, 1, 1), False),
    ("2018-11-28", None, False),
])
def test_fetch_state_since_filter(published, since, older):
    assert before(published, since) is older


def test_fetch_state_page_links_stay_on_site_and_skip_files():
    links = ["/berita/a", "http://lain.test/b", "/foto.JPG", "mailto:x@y", "/berita/a#komentar",
             "/unduh/perda.pdf", "/kategori/"]
    assert page_links(links, "http://x.test/") == ["http://x.test/berita/a", "http://x.test/kategori/"]
