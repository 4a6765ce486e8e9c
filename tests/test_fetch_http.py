"""The polite HTTP client against the local fixture sites: limits, retries, robots, politeness."""
from __future__ import annotations

import threading
import time

import pytest
from sitesrv import SiteServer

from pipeline.extract import decode_html
from pipeline.fetch.cache import make_session
from pipeline.fetch.errors import (BodyTooLarge, ConnectionFailed, FetchTimeout, HTTPStatusError,
                                   RobotsDisallowed, TooManyRedirects, UnsupportedScheme)
from pipeline.fetch.http import FetchOptions, PoliteClient, declared_charset, retry_after_seconds
from pipeline.fetch.sources import sniff_kind

FAST = dict(delay=0.05, backoff=0.05, read_timeout=1.0, connect_timeout=1.0, retries=2)
SEEDS: list[str] = []  # the fixture sites' origins: the "seeds" these clients may reach


@pytest.fixture(scope="module")
def srv():
    with SiteServer() as server:
        SEEDS[:] = [site.origin + "/" for site in server.sites.values()]
        yield server


def client(**overrides) -> PoliteClient:
    return PoliteClient(FetchOptions(**{**FAST, **overrides}), seeds=SEEDS)


@pytest.mark.parametrize("path, error", [
    ("/lambat", FetchTimeout),
    ("/putar-a", TooManyRedirects),
    ("/putus", ConnectionFailed),
    ("/raksasa", BodyTooLarge),
    ("/raksasa-chunked", BodyTooLarge),
    ("/ftp-saja", UnsupportedScheme),
    ("/habis", HTTPStatusError),
    ("/tidak-ada", HTTPStatusError),
    ("/tertutup/rahasia.html", RobotsDisallowed),
])
def test_http_failures_raise_their_narrow_error(srv, path, error):
    with pytest.raises(error) as info:
        client(retries=1).fetch(srv.url("lab", path))
    assert info.value.input == srv.url("lab", path)
    assert info.value.code.startswith("W2") and info.value.reason


@pytest.mark.parametrize("path, final", [
    ("/ramai", "/ramai"),  # 429 once, then the page
    ("/gangguan", "/gangguan"),  # 503 twice, then the page
    ("/pindah", "/berita/penghargaan-kla.html"),  # one redirect
])
def test_http_transient_failures_and_redirects_end_in_the_page(srv, path, final):
    page = client(retries=3).fetch(srv.url("lab", path))
    assert page.status == 200
    assert b"Kota Layak Anak" in page.body
    assert page.final_url == srv.url("lab", final)


def test_http_429_waits_as_long_as_retry_after_says(srv):
    srv.behaviours[("lab", "/ramai-lagi")] = {"kind": "retry_after", "times": 1, "seconds": 1,
                                              "file": "/berita/penghargaan-kla.html"}
    started = time.monotonic()
    page = client().fetch(srv.url("lab", "/ramai-lagi"))
    assert page.status == 200
    assert time.monotonic() - started >= 1.0  # backoff alone would have waited 0.05 s


def test_http_retry_after_over_the_limit_fails_instead_of_waiting(srv):
    srv.behaviours[("lab", "/tunggu-lama")] = {"kind": "retry_after", "times": 5, "seconds": 3600}
    started = time.monotonic()
    with pytest.raises(HTTPStatusError, match="Retry-After"):
        client().fetch(srv.url("lab", "/tunggu-lama"))
    assert time.monotonic() - started < 2


def test_http_oversize_body_is_not_read_to_the_end(srv):
    before = srv.count("lab", path="/raksasa-chunked")
    with pytest.raises(BodyTooLarge):
        client(max_bytes=100_000).fetch(srv.url("lab", "/raksasa-chunked"))
    time.sleep(0.2)
    sent = [h.body_bytes for h in srv.hits if h.path == "/raksasa-chunked"][before:]
    assert sent and max(sent) < 3_000_000  # the server saw us hang up early


def test_http_robots_rules_are_per_user_agent(srv):
    url = srv.url("beritacikarang", "/2018/11/28/pemkab-bekasi-raih-penghargaan-pelayanan-publik/")
    assert client().fetch(url).status == 200
    with pytest.raises(RobotsDisallowed):
        client(user_agent="Pengeruk/2.0").fetch(url)
    with pytest.raises(RobotsDisallowed):
        client().fetch(srv.url("beritacikarang", "/wp-admin/"))


def test_http_robots_wildcard_disallow(srv):
    with pytest.raises(RobotsDisallowed):
        client().fetch(srv.url("kabarnusa", "/read/2023/11/02/bupati-kutai-terima-penghargaan-kla?amp=1"))


def test_http_one_host_is_spaced_by_the_delay_even_from_many_threads(srv):
    c = client(delay=0.2)
    url = srv.url("bekasikab-go-id", "/berita/")
    c.fetch(url)  # robots.txt and the first page
    mark = time.monotonic()
    threads = [threading.Thread(target=c.fetch, args=(url,)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    times = sorted(h.at for h in list(srv.hits) if h.site == "bekasikab-go-id" and h.at > mark)
    assert len(times) == 4
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert min(gaps) >= 0.18


def test_http_crawl_delay_from_robots_raises_the_spacing(srv):
    c = client(delay=0.05)
    for _ in range(3):
        c.fetch(srv.url("kabarnusa", "/tentang"))
    times = sorted(h.at for h in srv.hits if h.site == "kabarnusa" and h.path == "/tentang")[-3:]
    assert min(b - a for a, b in zip(times, times[1:])) >= 0.45  # Crawl-delay: 0.5


def test_http_unchanged_page_is_revalidated_not_downloaded(srv, tmp_path):
    url = srv.url("lab", "/berita/penghargaan-kla.html")
    first = PoliteClient(FetchOptions(**FAST), session=make_session(tmp_path / "c.sqlite"),
                         seeds=SEEDS)
    assert not first.fetch(url).from_cache
    before = len([h for h in srv.hits if h.path == "/berita/penghargaan-kla.html"])
    again = PoliteClient(FetchOptions(**FAST), session=make_session(tmp_path / "c.sqlite"),
                         seeds=SEEDS)
    page = again.fetch(url)
    assert page.from_cache and b"Kota Layak Anak" in page.body
    # The server logs a hit after it has answered: give its thread a moment on a busy machine.
    deadline = time.monotonic() + 5
    while len([h for h in srv.hits if h.path == "/berita/penghargaan-kla.html"]) <= before \
            and time.monotonic() < deadline:
        time.sleep(0.02)
    last = [h for h in srv.hits if h.path == "/berita/penghargaan-kla.html"][-1]
    assert last.status == 304 and last.body_bytes == 0


def test_http_wrong_latin1_header_on_utf8_body_is_read_as_utf8(srv):
    page = client().fetch(srv.url("lab", "/berita/salah-charset.html"))
    assert "iso-8859-1" in page.headers["Content-Type"]
    assert page.encoding == "iso-8859-1"  # as declared: the body is weighed where it is decoded
    assert "“Kami bersyukur" in decode_html(page.body, page.encoding)


@pytest.mark.parametrize("ctype, expected", [
    ("text/html; charset=ISO-8859-1", "iso-8859-1"),
    ("text/html; charset=windows-1252", "windows-1252"),
    ("text/html", None),
    ("text/html; charset=\"gbk\"", "gbk"),
])
def test_http_declared_charset_is_reported_as_declared(ctype, expected):
    # Whether the body bears it out is decided once, by extract.decode_html (test_extract.py).
    assert declared_charset({"Content-Type": ctype}) == expected


@pytest.mark.parametrize("value, low, high", [
    ("3", 3, 3), (None, None, None), ("soon", None, None),
    ("Wed, 21 Oct 2015 07:28:00 GMT", 0, 0),
])
def test_http_retry_after_parsing(value, low, high):
    got = retry_after_seconds(value)
    assert (got is None) if low is None else (low <= got <= high)


@pytest.mark.parametrize("path, kind", [
    ("/unduh/laporan.pdf", "binary"),
    ("/gambar/piala.png", "binary"),
    ("/berita/penghargaan-kla.html", "html"),
])
def test_http_sniffs_what_a_url_served(srv, path, kind):
    assert sniff_kind(client().fetch(srv.url("lab", path))) == kind
