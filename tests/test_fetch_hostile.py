"""Hostile hosts against the local fixture sites: private addresses, bombs, trickles, dead hosts.

Nothing here sends traffic beyond 127.0.0.1: host names resolve through a resolver the tests
control, and an audit hook records every socket connect (and blocks any to a non-loopback
address), so "refused before connecting" is checked on the sockets themselves.
"""
from __future__ import annotations

import argparse
import json
import gzip
import ipaddress
import socket
import sqlite3
import struct
import sys
import threading
import time
import tracemalloc
import zlib

import pytest
from sitesrv import SiteServer

from pipeline.commands import crawl as crawl_cmd
from pipeline.crawler import CrawlOptions, crawl
from pipeline.fetch.errors import AddressRefused, BodyTooLarge, ConnectionFailed, FetchTimeout
from pipeline.fetch.http import FetchOptions, PoliteClient
from pipeline.models import Article, ErrorRecord

FAST = dict(delay=0.02, backoff=0.02, read_timeout=2.0, connect_timeout=2.0, retries=1)

# -- every socket connect, seen by an audit hook ----------------------------------------------
_CONNECTS: list[str] = []
_WATCHING = threading.Event()


def _audit(event: str, args: tuple) -> None:
    if event != "socket.connect" or not _WATCHING.is_set():
        return
    address = args[1]
    if not isinstance(address, tuple):
        return  # a unix socket
    _CONNECTS.append(str(address[0]))
    try:
        loopback = ipaddress.ip_address(str(address[0]).split("%")[0]).is_loopback
    except ValueError:
        loopback = False
    if not loopback:  # whatever the code under test does, no packet leaves this machine
        raise ConnectionRefusedError(f"test blocked a connect to {address[0]}")


sys.addaudithook(_audit)


@pytest.fixture
def connects():
    """The addresses sockets tried to connect to during the test."""
    _CONNECTS.clear()
    _WATCHING.set()
    yield _CONNECTS
    _WATCHING.clear()


class Names:
    """A resolver the tests control: name -> addresses (a list, or one list per call)."""

    def __init__(self, table: dict[str, list[str] | list[list[str]]]) -> None:
        self.table = table
        self.asked: list[str] = []

    def __call__(self, host: str, port: int) -> list[str]:
        self.asked.append(host)
        answer = self.table.get(host)
        if answer is None:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        if answer and isinstance(answer[0], list):  # a different answer each time: rebinding
            return answer[min(self.asked.count(host), len(answer)) - 1]  # type: ignore[return-value]
        return answer  # type: ignore[return-value]


def client(srv: SiteServer, names: Names | None = None, **overrides) -> PoliteClient:
    opts = FetchOptions(**{**FAST, **overrides}, resolver=names)
    return PoliteClient(opts, seeds=[srv.url("lab")])


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# -- no request to an address no seed named ---------------------------------------------------

@pytest.mark.parametrize("target, kind", [
    ("http://169.254.169.254/latest/meta-data/", "link-local (cloud metadata)"),
    ("http://10.0.0.1/admin", "private"),
    ("http://100.64.0.1/", "shared (carrier-grade NAT)"),
    ("http://224.0.0.1/", "multicast"),
    ("http://240.0.0.1/", "reserved"),
    ("http://[::ffff:169.254.169.254]/", "link-local (cloud metadata)"),
    ("http://metadata.test/computeMetadata/v1/", "link-local (cloud metadata)"),  # by name
    ("http://router.test:8080/", "private"),
])
def test_hostile_redirect_to_a_non_public_address_is_refused_before_connecting(srv, connects,
                                                                               target, kind):
    names = Names({"metadata.test": ["169.254.169.254"], "router.test": ["10.0.0.1"]})
    srv.behaviours[("lab", "/ke-dalam")] = {"kind": "redirect", "to": target}
    seed = srv.url("lab", "/ke-dalam")
    with pytest.raises(AddressRefused) as info:
        client(srv, names).fetch(seed)
    err = info.value
    assert err.code == "W209" and err.input == seed
    assert f"redirected to {target}" in err.reason and kind in err.reason
    assert "--allow-private" in err.reason
    assert connects and set(connects) == {"127.0.0.1"}  # the seed only: nothing went further
    if "metadata.test" in target:
        assert names.asked == ["metadata.test"]  # resolved through the hook, not real DNS


def test_hostile_another_port_of_a_loopback_seed_is_refused_and_never_asked(srv, connects):
    other = srv.url("kabarnusa", "/tentang")
    srv.behaviours[("lab", "/ke-tetangga")] = {"kind": "redirect", "to": other}
    before = srv.count("kabarnusa")
    with pytest.raises(AddressRefused, match="loopback"):
        client(srv).fetch(srv.url("lab", "/ke-tetangga"))
    assert srv.count("kabarnusa") == before  # not even its robots.txt was asked
    # --allow-private opens it (an intranet crawl): the redirect is followed
    page = client(srv, allow_private=True).fetch(srv.url("lab", "/ke-tetangga"))
    assert page.final_url == other and page.status == 200


def test_hostile_dns_rebinding_is_caught_where_the_socket_connects(srv, connects):
    """The name looks public when first checked, then resolves to 10.0.0.1 when connecting."""
    names = Names({"rebind.test": [["93.184.216.34"], ["10.0.0.1"]]})
    srv.behaviours[("lab", "/ke-rebind")] = {"kind": "redirect", "to": "http://rebind.test/x"}
    with pytest.raises(AddressRefused) as info:
        client(srv, names).fetch(srv.url("lab", "/ke-rebind"))
    assert "resolves to 10.0.0.1" in info.value.reason and "private" in info.value.reason
    assert names.asked.count("rebind.test") == 2  # the early check, then the connection's own
    assert "10.0.0.1" not in connects and "93.184.216.34" not in connects
    assert set(connects) == {"127.0.0.1"}


_FEED = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Umpan</title>
<item><title>Asli</title><link>{lab}/berita/penghargaan-kla.html</link></item>
<item><title>Metadata</title><link>http://169.254.169.254/latest/meta-data/</link></item>
<item><title>Router</title><link>http://router.test/berita</link></item>
<item><title>Tetangga</title><link>{other}/tentang</link></item>
</channel></rss>"""


def test_hostile_feed_entries_to_private_addresses_each_leave_an_error_line(srv, tmp_path, connects):
    feed = _FEED.format(lab=srv.sites["lab"].origin, other=srv.sites["kabarnusa"].origin).encode()
    srv.behaviours[("lab", "/umpan.rss")] = {"kind": "body", "body": feed, "headers": {
        "Content-Type": "application/rss+xml; charset=utf-8"}}
    names = Names({"router.test": ["192.168.1.1"]})
    opts = CrawlOptions(fetch=FetchOptions(**FAST, resolver=names), state_path=tmp_path / "s.sqlite")
    out = list(crawl([srv.url("lab", "/umpan.rss")], opts))
    articles = [o for o in out if isinstance(o, Article)]
    errors = {e.input: e for e in out if isinstance(e, ErrorRecord)}
    assert [a.title for a in articles] == ["Kota Contoh Raih Penghargaan Kota Layak Anak"]
    refused = {"http://169.254.169.254/latest/meta-data/", "http://router.test/berita",
               srv.url("kabarnusa", "/tentang")}
    assert set(errors) == refused
    assert all(e.code == "W209" and e.stage == "fetch" for e in errors.values())
    assert "192.168.1.1" in errors["http://router.test/berita"].reason
    assert set(connects) == {"127.0.0.1"}


# -- compressed bodies: inflated as a stream under the size limit ----------------------------

@pytest.fixture(scope="module")
def bomb() -> bytes:
    """~1 MB of gzip that inflates to 1 GiB of zeros (one valid stream, built in about a second)."""
    zero = bytes(1 << 20)
    co = zlib.compressobj(9, zlib.DEFLATED, 31)
    head = co.compress(zero) + co.flush(zlib.Z_FULL_FLUSH)
    block = co.compress(zero) + co.flush(zlib.Z_FULL_FLUSH)  # after a full flush: the same bytes
    crc = 0
    for _ in range(1024):
        crc = zlib.crc32(zero, crc)
    body = head + block * 1023 + b"\x03\x00" + struct.pack("<II", crc, 0)  # 2**30 mod 2**32 = 0
    assert len(body) < 1_100_000
    return body


@pytest.mark.parametrize("path, headers", [
    ("/bom.html", {"Content-Type": "text/html; charset=utf-8"}),  # gzip with no Content-Encoding
    ("/bom-ce.html", {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"}),
    ("/peta-bom.xml.gz", {"Content-Type": "application/x-gzip"}),  # a sitemap's own limit
])
def test_hostile_gzip_bomb_stops_at_the_size_limit_in_little_memory(srv, bomb, path, headers):
    srv.behaviours[("lab", path)] = {"kind": "body", "body": bomb, "headers": headers}
    c = client(srv, max_bytes=2_000_000, max_sitemap_bytes=5_000_000)
    tracemalloc.start()
    try:
        with pytest.raises(BodyTooLarge) as info:
            c.fetch(srv.url("lab", path))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert info.value.code == "W207" and "inflates past the" in info.value.reason
    limit = "5,000,000" if path.endswith(".gz") else "2,000,000"
    assert limit in info.value.reason
    assert peak < 40_000_000  # a few times the limit, never the 1 GiB it inflates to


def test_hostile_gzip_sitemap_and_gzip_encoded_page_are_read(srv):
    urls = [srv.url("lab", f"/berita/{i}") for i in range(3)]
    xml = ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
           + "".join(f"<url><loc>{u}</loc></url>" for u in urls) + "</urlset>").encode()
    srv.behaviours[("lab", "/peta.xml.gz")] = {"kind": "body", "body": gzip.compress(xml),
                                               "headers": {"Content-Type": "application/x-gzip"}}
    page = client(srv).fetch(srv.url("lab", "/peta.xml.gz"))
    assert page.body == xml
    html = "<html><body><p>Kabupaten Contoh meraih penghargaan.</p></body></html>".encode()
    srv.behaviours[("lab", "/ringkas.html")] = {"kind": "body", "body": gzip.compress(html),
                                                "headers": {"Content-Type": "text/html",
                                                            "Content-Encoding": "gzip"}}
    page = client(srv).fetch(srv.url("lab", "/ringkas.html"))
    assert page.body == html and "Content-Encoding" not in page.headers


# -- a total deadline per response -------------------------------------------------------------

@pytest.mark.parametrize("head", [False, True], ids=["body", "status-line"])
def test_hostile_server_sending_a_byte_a_second_is_given_up_at_the_deadline(srv, head):
    path = f"/tetes-{'kepala' if head else 'isi'}"
    srv.behaviours[("lab", path)] = {"kind": "drip", "bytes": 400, "every": 0.1, "head": head}
    c = client(srv, deadline=1.5, read_timeout=5.0)  # each byte well inside the read timeout
    started = time.monotonic()
    with pytest.raises(FetchTimeout) as info:
        c.fetch(srv.url("lab", path))
    took = time.monotonic() - started
    assert info.value.code == "W203" and "1.5s deadline" in info.value.reason
    assert took < 6  # the drip alone would take 40 s; no retry after a deadline


# -- hosts that cannot be reached ---------------------------------------------------------------

def test_hostile_refused_connection_is_w204_and_a_crawl_of_dead_seeds_exits_1(srv, tmp_path, capsys):
    dead = [f"http://127.0.0.1:{closed_port()}/", f"http://127.0.0.1:{closed_port()}/feed/"]
    parser = argparse.ArgumentParser(prog="warta")
    crawl_cmd.register(parser.add_subparsers())
    args = parser.parse_args(["crawl", *dead, "--out", str(tmp_path), "--delay", "0.02", "--quiet"])
    assert args.func(args) == 1
    assert "every seed failed (2)" in capsys.readouterr().err
    errors = [json.loads(line) for line in
              (tmp_path / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(e["input"] for e in errors) == sorted(dead)
    assert {e["code"] for e in errors} == {"W204"}
    assert all("connection refused" in e["reason"] for e in errors)
    # one live seed among them: the crawl did something, exit 0
    args = parser.parse_args(["crawl", dead[0], srv.url("lab", "/berita/penghargaan-kla.html"),
                              "--out", str(tmp_path / "b"), "--delay", "0.02", "--quiet"])
    assert args.func(args) == 0


def test_hostile_unknown_host_is_w204_before_any_connection(srv, connects):
    srv.behaviours[("lab", "/ke-antah")] = {"kind": "redirect", "to": "http://antah-berantah.test/"}
    names = Names({})
    with pytest.raises(ConnectionFailed) as info:
        client(srv, names).fetch(srv.url("lab", "/ke-antah"))
    assert info.value.code == "W204" and "unknown host antah-berantah.test" in info.value.reason
    assert names.asked == ["antah-berantah.test"] and set(connects) == {"127.0.0.1"}


# -- sitemaps up to the protocol's limits ---------------------------------------------------------

def test_hostile_sitemap_at_the_protocol_limit_is_queued_whole_and_capped(srv, tmp_path):
    n = 50_001  # one more than a sitemap may list
    base = srv.url("lab", "/arsip/")  # on the seed's own origin
    xml = ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
           + "".join(f"<url><loc>{base}{i}?utm_source=peta</loc><lastmod>2024-01-0{1 + i % 9}"
                     f"</lastmod></url>" for i in range(n)) + "</urlset>").encode()
    srv.behaviours[("lab", "/peta-besar.xml.gz")] = {
        "kind": "body", "body": gzip.compress(xml), "headers": {"Content-Type": "application/x-gzip"}}
    state = tmp_path / "s.sqlite"
    opts = CrawlOptions(max_pages=1, fetch=FetchOptions(**FAST), state_path=state)
    started = time.monotonic()
    assert list(crawl([srv.url("lab", "/peta-besar.xml.gz")], opts)) == []
    took = time.monotonic() - started
    with sqlite3.connect(state) as db:
        queued = [r[0] for r in db.execute("SELECT url FROM urls WHERE status='queued'")]
    assert len(queued) == 50_000 and len(set(queued)) == 50_000
    assert all("utm_" not in u for u in queued)  # canonicalised with the site rules, read once
    print(f"\n{len(xml):,} byte sitemap, 50,000 entries queued in {took:.1f} s")


@pytest.mark.parametrize("ip, kind", [
    ("127.0.0.1", "loopback"), ("::1", "loopback"), ("10.1.2.3", "private"),
    ("172.16.0.1", "private"), ("192.168.1.1", "private"), ("fc00::1", "private"),
    ("169.254.169.254", "link-local (cloud metadata)"), ("100.64.0.1", "shared (carrier-grade NAT)"),
    ("224.0.0.251", "multicast"), ("0.0.0.0", "unspecified"), ("240.0.0.1", "reserved"),
    ("::ffff:10.0.0.1", "private"), ("2002:a00:1::1", "private"),  # IPv4 inside IPv6
    ("64:ff9b::a9fe:a9fe", "link-local (cloud metadata)"),  # NAT64 of 169.254.169.254
    ("93.184.216.34", None), ("2606:4700::1111", None),
])
def test_hostile_address_kinds(ip, kind):
    from pipeline.fetch.guard import address_kind
    assert address_kind(ip) == kind
