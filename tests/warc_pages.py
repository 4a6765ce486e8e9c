"""News pages written for the web-archive tests, and a WARC writer (warcio) to store them.

The texts are made up for these tests: Indonesian regional-news style, some with an award.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

AWARD_PARAS = [
    "Pemerintah Kabupaten Sleman meraih predikat Sangat Baik (A-) dalam evaluasi pelayanan publik dari "
    "Kementerian PANRB tahun 2023.",
    "Penghargaan itu diserahkan Menteri PANRB kepada Bupati Sleman di Jakarta, Selasa (12/12). Bupati "
    "mengatakan hasil ini adalah kerja bersama seluruh perangkat daerah yang melayani warga setiap hari.",
]
SECOND_PAGE_PARAS = [
    "Selain itu, Dinas Kependudukan dan Pencatatan Sipil Kabupaten Sleman mendapat predikat Baik (B) dari "
    "Kementerian PANRB dalam evaluasi yang sama.",
    "Kepala dinas berjanji akan terus memperbaiki layanan dan menambah loket agar antrean warga tidak "
    "panjang pada pagi hari.",
]
PLAIN_PARAS = [
    "Hujan deras yang turun sejak sore membuat sejumlah ruas jalan di pusat kota tergenang air setinggi "
    "lutut orang dewasa.",
    "Petugas dari dinas pekerjaan umum sudah dikerahkan untuk membersihkan saluran yang tersumbat sampah, "
    "kata seorang pejabat kepada wartawan pada malam itu.",
    "Warga diminta untuk tidak membuang sampah ke sungai dan selalu waspada bila hujan kembali turun dengan "
    "deras di wilayah mereka.",
]
ENGLISH_PARAS = [
    "The city council voted on Tuesday to extend the opening hours of the public library through the "
    "summer, after a petition signed by more than two thousand residents.",
    "Officials said the change would cost little because volunteers have offered to staff the evening "
    "shifts, and that they would review the results in the autumn.",
]


def news_page(url: str, title: str, paras: list[str], published: str, *, page_links: list[str] = (),
              canonical: str | None = None) -> bytes:
    """Return one news page (JSON-LD time, an article body, WordPress-style page links)."""
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": title, "datePublished": published}
    body = "\n".join(f"<p>{p}</p>" for p in paras)
    links = "".join(f'<a href="{u}">{n}</a> ' for n, u in enumerate(page_links, 2))
    return f"""<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8"><title>{title}</title>
<link rel="canonical" href="{canonical or url}">
<meta property="og:type" content="article">
<script type="application/ld+json">{json.dumps(ld)}</script></head>
<body><nav><a href="/">Beranda</a> <a href="/daerah/">Daerah</a></nav>
<article><h1 class="entry-title">{title}</h1>
<div class="entry-content">{body}
<div class="page-links">Halaman: {links}</div></div></article>
<footer>Hak cipta redaksi</footer></body></html>""".encode()


@dataclass
class Rec:
    """One WARC record to write: a response (status, content type, body) or another record type."""

    url: str
    body: bytes = b""
    status: str = "200 OK"
    ctype: str = "text/html; charset=utf-8"
    kind: str = "response"


def write_warc(path: Path, records: list[Rec], *, gzip: bool = True) -> Path:
    """Write records (after a warcinfo record) to a WARC file with warcio's writer."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=gzip)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "warta tests"}))
        for rec in records:
            if rec.kind == "response":
                http = StatusAndHeaders(rec.status, [("Content-Type", rec.ctype)], protocol="HTTP/1.1")
                writer.write_record(writer.create_warc_record(rec.url, "response", payload=BytesIO(rec.body),
                                                              http_headers=http))
            elif rec.kind == "request":
                http = StatusAndHeaders(f"GET {rec.url} HTTP/1.1", [("Host", "example")], is_http_request=True)
                writer.write_record(writer.create_warc_record(rec.url, "request", payload=BytesIO(b""),
                                                              http_headers=http))
            else:  # metadata, revisit, resource: a body of their own
                writer.write_record(writer.create_warc_record(rec.url, rec.kind, payload=BytesIO(rec.body),
                                                              warc_content_type="text/plain"))
    return path


def mixed_archive(path: Path) -> Path:
    """A small crawl of two hosts: award news over two pages, plain news, the rest to be skipped."""
    base = "https://kabarsleman.id/2023/12/13/sleman-raih-predikat-a-pelayanan-publik/"
    page2 = base + "2/"
    plain = "https://warta-kota.co.id/2023/12/14/jalan-tergenang-setelah-hujan-deras/"
    return write_warc(path, [
        Rec(base, kind="request"),
        Rec(base, news_page(base, "Sleman Raih Predikat A- Pelayanan Publik", AWARD_PARAS,
                            "2023-12-13T10:25:00+07:00", page_links=[page2])),
        Rec(plain + "?utm_source=feed", news_page(plain, "Jalan Tergenang Setelah Hujan Deras", PLAIN_PARAS,
                                                  "2023-12-14T19:05:00+07:00")),
        Rec(page2, news_page(page2, "Sleman Raih Predikat A- Pelayanan Publik", SECOND_PAGE_PARAS,
                             "2023-12-13T10:25:00+07:00")),
        Rec(plain + "?utm_medium=social&fbclid=abc", news_page(plain, "Jalan Tergenang Setelah Hujan Deras",
                                                               PLAIN_PARAS, "2023-12-14T19:05:00+07:00")),
        Rec("https://citynews.example.com/library-hours", news_page(
            "https://citynews.example.com/library-hours", "Library Extends Hours", ENGLISH_PARAS,
            "2023-12-14T08:00:00+00:00")),
        Rec("https://kabarsleman.id/hilang/", b"<html><body>Tidak ditemukan</body></html>", status="404 Not Found"),
        Rec("https://kabarsleman.id/logo.png", b"\x89PNG\r\n", ctype="image/png"),
        Rec(base, b"crawl notes", kind="metadata"),
        Rec(plain, b"", kind="revisit"),
    ])
