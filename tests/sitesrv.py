"""A local stand-in for the news web: one threaded HTTP server per fixture site on 127.0.0.1.

Each folder of corpus/sites/ becomes its own host (its own port), so per-host politeness,
robots.txt and same-site rules behave as on the real web. Text files may hold
`{{site:NAME}}`, replaced by that site's origin when served. Every static file gets an ETag
and Last-Modified and answers conditional requests with 304. Behaviours can be injected per
path (429 with Retry-After, 503 then 200, slow responses, redirect loops, wrong charset,
broken transfers, oversize bodies). Synthetic sites (a home page and N articles) serve the
crawl benchmark. Run `python tests/sitesrv.py` to browse the fixture sites by hand.
"""
from __future__ import annotations

import email.utils
import hashlib
import mimetypes
import random
import re
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

SITES_DIR = Path(__file__).resolve().parents[1] / "corpus" / "sites"
_PLACEHOLDER = re.compile(rb"\{\{site:([a-z0-9_-]+)\}\}")
_TEXT_TYPES = (".html", ".xml", ".txt", ".rss", ".atom", "")
# One fixed date keeps Last-Modified stable across runs (file mtimes change on checkout).
_LAST_MODIFIED = email.utils.formatdate(1543370100, usegmt=True)

# Behaviours the `lab` site always has: every trap the fetcher must survive.
DEFAULT_BEHAVIOURS: dict[tuple[str, str], dict[str, Any]] = {
    ("lab", "/ramai"): {"kind": "retry_after", "times": 1, "seconds": 1,
                          "file": "/berita/penghargaan-kla.html"},
    ("lab", "/gangguan"): {"kind": "flaky", "times": 2, "status": 503,
                            "file": "/berita/penghargaan-kla.html"},
    ("lab", "/lambat"): {"kind": "slow", "seconds": 3.0},
    ("lab", "/putar-a"): {"kind": "redirect", "to": "/putar-b"},
    ("lab", "/putar-b"): {"kind": "redirect", "to": "/putar-a"},
    ("lab", "/pindah"): {"kind": "redirect", "to": "/berita/penghargaan-kla.html"},
    ("lab", "/berita/salah-charset.html"): {"kind": "charset", "declared": "iso-8859-1"},
    ("lab", "/putus"): {"kind": "cut", "file": "/berita/penghargaan-kla.html"},
    ("lab", "/raksasa"): {"kind": "oversize", "size": 3_000_000},
    ("lab", "/raksasa-chunked"): {"kind": "oversize", "size": 3_000_000, "chunked": True},
    ("lab", "/ftp-saja"): {"kind": "redirect", "to": "ftp://127.0.0.1/berkas.txt"},
    ("lab", "/habis"): {"kind": "status", "status": 410},
}



def jsonl_lines(path: Path) -> list[dict]:
    """The JSON lines a crawl or run wrote to path; [] when it wrote no such file."""
    import json

    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []

@dataclass
class Hit:
    """One request the server answered."""

    site: str
    path: str
    status: int
    at: float
    headers: dict[str, str]
    body_bytes: int


@dataclass
class Site:
    """One served host: a folder of files or a synthetic site with `articles` pages."""

    name: str
    root: Path | None = None
    articles: int = 0
    server: ThreadingHTTPServer | None = None
    origin: str = ""


@dataclass
class SiteServer:
    """All fixture sites, each on its own port; start() and stop(), or use as a context."""

    sites_dir: Path = SITES_DIR
    synthetic: dict[str, int] = field(default_factory=dict)
    behaviours: dict[tuple[str, str], dict[str, Any]] = field(
        default_factory=lambda: {k: dict(v) for k, v in DEFAULT_BEHAVIOURS.items()})
    hits: list[Hit] = field(default_factory=list)
    sites: dict[str, Site] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: dict[tuple[str, str], int] = {}
        if self.sites_dir.is_dir():
            for d in sorted(p for p in self.sites_dir.iterdir() if p.is_dir()):
                self.sites[d.name] = Site(d.name, root=d)
        for name, n in self.synthetic.items():
            self.sites[name] = Site(name, articles=n)

    def start(self) -> "SiteServer":
        """Bind every site to a free port and serve each in a daemon thread."""
        for site in self.sites.values():
            handler = type("Handler", (_Handler,), {"site": site, "srv": self})
            site.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
            site.server.daemon_threads = True
            site.origin = f"http://127.0.0.1:{site.server.server_address[1]}"
            threading.Thread(target=site.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        """Shut every server down."""
        for site in self.sites.values():
            if site.server:
                site.server.shutdown()
                site.server.server_close()

    def __enter__(self) -> "SiteServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def url(self, site: str, path: str = "/") -> str:
        """Return the absolute URL of a path on a site."""
        return self.sites[site].origin + path

    def count(self, site: str | None = None, *, status: int | None = None,
              path: str | None = None) -> int:
        """Count requests answered, optionally for one site, status or path."""
        with self._lock:
            return sum(1 for h in self.hits if (site is None or h.site == site)
                       and (status is None or h.status == status)
                       and (path is None or h.path == path))

    def _record(self, hit: Hit) -> None:
        with self._lock:
            self.hits.append(hit)

    def _bump(self, site: str, path: str) -> int:
        with self._lock:
            n = self._counts.get((site, path), 0) + 1
            self._counts[(site, path)] = n
            return n

    def render(self, data: bytes) -> bytes:
        """Replace `{{site:NAME}}` placeholders by the origins of the running sites."""
        def sub(m: re.Match[bytes]) -> bytes:
            site = self.sites.get(m.group(1).decode())
            return site.origin.encode() if site else m.group(0)
        return _PLACEHOLDER.sub(sub, data)


class _Handler(BaseHTTPRequestHandler):
    site: Site
    srv: SiteServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        pass

    def handle(self) -> None:
        try:
            super().handle()
        except (ConnectionResetError, BrokenPipeError):
            pass  # a client that hung up between requests (a deadline, a size limit): expected

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self.arrived = time.monotonic()  # politeness is about when requests arrive
        path = self.path.split("?", 1)[0]
        beh = self.srv.behaviours.get((self.site.name, path))
        n = self.srv._bump(self.site.name, path)
        try:
            if beh:
                self._behave(beh, path, n)
            elif self.site.root is None:
                self._synthetic(path)
            else:
                self._static(path)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _send(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None,
              *, length: int | None = None) -> None:
        self.send_response(status)
        hdrs = dict(headers or {})
        for k, v in hdrs.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.end_headers()
        # Recorded before the body goes out, so a client never sees an answer not yet counted.
        self.srv._record(Hit(self.site.name, self.path, status, self.arrived,
                             dict(self.headers), len(body)))
        if body:
            self.wfile.write(body)

    def _static(self, path: str, *, ctype: str | None = None) -> None:
        file = self._resolve(path)
        if file is None:
            self._send(404, b"<html><body>Halaman tidak ditemukan</body></html>",
                       {"Content-Type": "text/html; charset=utf-8"})
            return
        data = file.read_bytes()
        if file.suffix in _TEXT_TYPES:
            data = self.srv.render(data)
        etag = '"' + hashlib.sha1(data).hexdigest()[:16] + '"'
        headers = {"Content-Type": ctype or _content_type(file), "ETag": etag,
                   "Last-Modified": _LAST_MODIFIED, "Cache-Control": "no-cache"}
        if self.headers.get("If-None-Match") == etag or (
                not self.headers.get("If-None-Match")
                and self.headers.get("If-Modified-Since") == _LAST_MODIFIED):
            self._send(304, b"", {k: v for k, v in headers.items() if k != "Content-Type"})
            return
        self._send(200, data, headers)

    def _resolve(self, path: str) -> Path | None:
        assert self.site.root is not None
        rel = path.lstrip("/")
        candidates = [self.site.root / rel, self.site.root / rel / "index.html",
                      self.site.root / rel / "index.xml", self.site.root / (rel.rstrip("/") + ".html")]
        for c in candidates:
            try:
                c.resolve().relative_to(self.site.root.resolve())
            except ValueError:
                return None
            if c.is_file():
                return c
        return None

    def _behave(self, beh: dict[str, Any], path: str, n: int) -> None:
        kind = beh["kind"]
        html = {"Content-Type": "text/html; charset=utf-8"}
        if kind == "retry_after" and n <= beh.get("times", 1):
            self._send(429, b"Terlalu banyak permintaan", {"Retry-After": str(beh["seconds"])})
        elif kind == "flaky" and n <= beh.get("times", 1):
            self._send(beh.get("status", 503), b"Layanan sedang gangguan", html)
        elif kind == "status":
            self._send(beh["status"], b"<html><body>Hilang</body></html>", html)
        elif kind == "slow":
            time.sleep(beh["seconds"])
            self._static(beh.get("file", "/berita/penghargaan-kla.html"))
        elif kind == "redirect":
            self._send(302, b"", {"Location": beh["to"]})
        elif kind == "charset":
            self._static(path, ctype=f"text/html; charset={beh['declared']}")
        elif kind == "cut":
            file = self._resolve(beh["file"])
            assert file is not None
            data = self.srv.render(file.read_bytes())
            # Promise the whole body, send a third, then hang up: a broken transfer.
            self._send(200, data[: len(data) // 3], html, length=len(data))
            self.close_connection = True
        elif kind == "oversize":
            self._oversize(beh["size"], beh.get("chunked", False))
        elif kind == "body":  # fixed bytes with the given headers (a bomb, a feed, a sitemap)
            self._send(beh.get("status", 200), beh["body"], beh.get("headers", {}))
        elif kind == "drip":
            self._drip(beh["bytes"], beh["every"], head=beh.get("head", False))
        else:
            self._static(beh.get("file", path))

    def _oversize(self, size: int, chunked: bool) -> None:
        para = b"<p>Paragraf pengisi halaman yang sangat panjang sekali.</p>\n"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(size))
        self.end_headers()
        sent = 0
        try:
            while sent < size:
                chunk = para[: size - sent]
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk) if chunked else chunk)
                sent += len(chunk)
            if chunked:
                self.wfile.write(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up once it had read past its limit: expected
        self.close_connection = True
        self.srv._record(Hit(self.site.name, self.path, 200, self.arrived,
                             dict(self.headers), sent))

    def _drip(self, size: int, every: float, *, head: bool) -> None:
        """Send one byte every `every` seconds: the status line itself (head) or the body."""
        body = b"<html><body>" + b"x" * max(0, size - 26) + b"</body></html>"
        start = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                 b"Content-Length: %d\r\n\r\n" % len(body))
        self.srv._record(Hit(self.site.name, self.path, 200, self.arrived, dict(self.headers), 0))
        slow, fast = (start + body, b"") if head else (body, start)
        try:
            self.wfile.write(fast)
            self.wfile.flush()
            for i in range(len(slow)):
                self.wfile.write(slow[i:i + 1])
                self.wfile.flush()
                time.sleep(every)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up: what the deadline is for
        self.close_connection = True

    def _synthetic(self, path: str) -> None:
        name, n = self.site.name, self.site.articles
        html = {"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-cache"}
        if path == "/robots.txt":
            self._send(200, b"User-agent: *\nAllow: /\n", {"Content-Type": "text/plain"})
        elif path == "/":
            links = "".join(f'<li><a href="/berita/{i}">Berita {i} dari {name}</a></li>'
                            for i in range(1, n + 1))
            body = (f"<html><head><title>Beranda {name}</title></head><body><nav><a href='/'>"
                    f"Beranda</a></nav><h2>Berita Terkini</h2><ul>{links}</ul></body></html>")
            self._send(200, body.encode(), html)
        elif m := re.fullmatch(r"/berita/(\d+)", path):
            i = int(m.group(1))
            paras = _synthetic_paragraphs(f"{name}/{i}")
            body = (f"<html><head><title>Berita {i} {name}</title>"
                    f'<meta property="og:type" content="article">'
                    f'<meta property="article:published_time" content="2019-05-0{1 + i % 9}'
                    f'T10:00:00+07:00"></head><body><article><h1>Berita {i} dari {name}</h1>'
                    f'<div class="entry-content">{paras}</div></article></body></html>')
            self._send(200, body.encode(), html)
        else:
            self._send(404, b"tidak ada", html)


_WORDS = ("pemerintah kabupaten kota dinas badan penghargaan predikat nilai evaluasi pelayanan "
          "publik kementerian provinsi bupati wali gubernur menerima meraih acara gedung tahun "
          "inovasi daerah laporan keuangan opini desa warga sekolah puskesmas anak layak").split()


def _synthetic_paragraphs(seed: str) -> str:
    """Five paragraphs of distinct word salad per article, so no two read as copies."""
    rng = random.Random(seed)
    return "".join("<p>" + " ".join(rng.choice(_WORDS) for _ in range(40)).capitalize() + ".</p>"
                   for _ in range(5))


def _content_type(file: Path) -> str:
    if file.name == "robots.txt":
        return "text/plain; charset=utf-8"
    if file.suffix == ".rss":
        return "application/rss+xml; charset=utf-8"
    if file.suffix == ".atom":
        return "application/atom+xml; charset=utf-8"
    guessed = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    return guessed + ("; charset=utf-8" if guessed.startswith("text/") or guessed.endswith("xml")
                      else "")


if __name__ == "__main__":
    with SiteServer() as srv:
        for s in srv.sites.values():
            print(f"{s.name:20} {s.origin}/")
        sys.stdout.flush()
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
