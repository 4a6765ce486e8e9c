"""`warta crawl` end to end against the local fixture sites: seeds, traps, resume, cache, dedup."""
from __future__ import annotations

import argparse
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sitesrv import SiteServer, jsonl_lines

from pipeline.commands import crawl as crawl_cmd
from pipeline.fetch import http as fetch_http

ROOT = Path(__file__).resolve().parents[1]
FAST = ["--delay", "0.05", "--quiet"]


@pytest.fixture(scope="module")
def srv():
    with SiteServer(synthetic={"banyak": 12}) as server:
        yield server


def warta_crawl(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="warta")
    crawl_cmd.register(parser.add_subparsers())
    args = parser.parse_args(["crawl", *argv])
    return args.func(args)


def run(srv: SiteServer, out: Path, *seeds: str, extra: tuple[str, ...] = ()) -> tuple[list, list]:
    assert warta_crawl(*seeds, "--out", str(out), *FAST, *extra) == 0
    from pipeline.validate import validate_paths

    invalid = validate_paths([out]).invalid  # every article and error line fits its schema
    assert not invalid, "\n".join(map(str, invalid[:20]))
    return jsonl_lines(out / "articles.jsonl"), jsonl_lines(out / "errors.jsonl")


@pytest.mark.parametrize("site, path, expected_titles", [
    ("beritacikarang", "/", {"Pemkab Bekasi Raih Penghargaan Pelayanan Publik dari Kemenpan RB",
                             "Kabupaten Bekasi Raih Predikat Kabupaten Layak Anak Tingkat Madya",
                             "Pemkab Bekasi Terima Anugerah Keterbukaan Informasi Publik"}),
    ("beritacikarang", "/feed/", {"Pemkab Bekasi Raih Penghargaan Pelayanan Publik dari Kemenpan RB",
                                  "Kabupaten Bekasi Raih Predikat Kabupaten Layak Anak Tingkat Madya",
                                  "Pemkab Bekasi Terima Anugerah Keterbukaan Informasi Publik"}),
    ("beritacikarang", "/sitemap.xml", {"Pemkab Bekasi Raih Penghargaan Pelayanan Publik dari Kemenpan RB",
                                        "Kabupaten Bekasi Raih Predikat Kabupaten Layak Anak Tingkat Madya",
                                        "Pemkab Bekasi Terima Anugerah Keterbukaan Informasi Publik"}),
    ("kabarnusa", "/sitemap.xml", {"Kutai Kartanegara Kembali Raih Predikat Kabupaten Layak Anak",
                                   "Pemkab Bekasi Raih Opini WTP Kedelapan Kali Berturut-turut"}),
    ("kabarnusa", "/", {"Kutai Kartanegara Kembali Raih Predikat Kabupaten Layak Anak",
                        "Pemkab Bekasi Raih Opini WTP Kedelapan Kali Berturut-turut"}),
    ("bekasikab-go-id", "/", {"Pemkab Bekasi Raih Opini WTP untuk Kedelapan Kalinya"}),
    ("kabarnusa", "/read/2023/11/02/bupati-kutai-terima-penghargaan-kla?utm_source=wa",
     {"Kutai Kartanegara Kembali Raih Predikat Kabupaten Layak Anak"}),
])
def test_fetch_crawl_each_seed_kind_yields_its_articles(srv, tmp_path, site, path, expected_titles):
    articles, errors = run(srv, tmp_path, srv.url(site, path))
    assert {a["title"] for a in articles} == expected_titles
    assert errors == []
    assert len({a["id"] for a in articles}) == len(articles)
    for a in articles:
        assert a["source"]["kind"] == "http" and a["published"] and a["text"]
        assert "utm_" not in a["url"]


def test_fetch_crawl_reads_a_file_of_urls(srv, tmp_path):
    seeds = tmp_path / "seeds.txt"
    seeds.write_text("# two sites\n" + srv.url("bekasikab-go-id", "/feed.atom") + "\n\n"
                     + srv.url("lab", "/berita/penghargaan-kla.html") + "\n", encoding="utf-8")
    articles, errors = run(srv, tmp_path / "out", str(seeds))
    # The feed's second entry is on another local site (another loopback port): no seed named it.
    assert len(articles) == 2
    [refused] = errors
    assert refused["code"] == "W209" and refused["input"].startswith(srv.url("kabarnusa", "/read/"))
    assert "loopback" in refused["reason"]
    articles, errors = run(srv, tmp_path / "intranet", str(seeds), extra=("--allow-private",))
    assert len(articles) == 3 and errors == []


def test_fetch_crawl_joins_a_multipage_article_in_order(srv, tmp_path):
    url = srv.url("beritacikarang", "/2019/07/23/kabupaten-bekasi-raih-predikat-kla/")
    [article], _ = run(srv, tmp_path, url)
    text = article["text"]
    assert "tingkat Madya" in text and "tingkat Nindya" in text
    assert text.index("tingkat Madya") < text.index("tingkat Nindya")
    assert "Halaman" not in text


def test_fetch_crawl_wordpress_award_article_comes_out_clean(srv, tmp_path):
    url = srv.url("beritacikarang", "/2018/11/28/pemkab-bekasi-raih-penghargaan-pelayanan-publik/")
    [article], _ = run(srv, tmp_path, url)
    assert article["published"] == "2018-11-28T09:15:00+07:00"
    assert article["text"].startswith("Tiga perangkat daerah")
    for junk in ("Bacaan Lainnya", "Baca Juga", "Tinggalkan Balasan", "BERITACIKARANG.COM", "(BC)"):
        assert junk not in article["text"]
    assert article["text"].count("berfoto usai menerima piagam") <= 1


# Each trap: the path on the lab site, and the error code it must leave (None: an article).
TRAPS = [
    ("/ramai", None),  # 429 with Retry-After, then the page
    ("/gangguan", None),  # 503 twice, then the page
    ("/berita/salah-charset.html", None),  # Latin-1 declared, UTF-8 sent
    ("/berita/terpotong.html", None),  # the HTML stops mid-sentence: keep what is there
    ("/lambat", "W203"),  # slower than the read timeout
    ("/putar-a", "W206"),  # redirect loop
    ("/putus", "W204"),  # the transfer breaks off
    ("/raksasa", "W207"),  # over the size limit
    ("/unduh/laporan.pdf", "W208"),  # a PDF where a page was expected
    ("/gambar/piala.png", "W208"),  # an image where a page was expected
    ("/tertutup/rahasia.html", "W202"),  # robots.txt disallows it
    ("/habis", "W205"),  # 410 Gone
]


def test_fetch_crawl_traps_each_end_right_and_failures_are_logged(srv, tmp_path, monkeypatch):
    # `warta crawl` imports FetchOptions when it runs (start-up stays light): patch it at its home
    monkeypatch.setattr(fetch_http, "FetchOptions", _fast_fetch_options)
    seeds = tmp_path / "lab.txt"
    seeds.write_text("\n".join(srv.url("lab", p) for p, _ in TRAPS) + "\nftp://127.0.0.1/x\n",
                     encoding="utf-8")
    articles, errors = run(srv, tmp_path / "out", str(seeds))
    by_input = {e["input"]: e for e in errors}
    for path, code in TRAPS:
        url = srv.url("lab", path)
        if code is None:
            assert url not in by_input, by_input.get(url)
        else:
            assert by_input[url]["code"] == code and by_input[url]["stage"] == "fetch"
            assert by_input[url]["reason"]
    assert by_input["ftp://127.0.0.1/x"]["code"] == "W201"
    assert len(errors) == sum(1 for _, c in TRAPS if c) + 1
    texts = {a["title"]: a["text"] for a in articles}
    assert "“Kami bersyukur atas kerja keras warga,”" in texts[
        "Desa Sukamaju Juara Lomba Desa Tingkat Provinsi"]
    assert "akreditasi Paripurna" in texts["Puskesmas Teladan Kabupaten Contoh Raih Akreditasi Paripurna"]
    # /ramai and /gangguan serve the same story: written once.
    assert list(texts).count("Kota Contoh Raih Penghargaan Kota Layak Anak") == 1


_FETCH_OPTIONS = fetch_http.FetchOptions


def _fast_fetch_options(**kw):
    return _FETCH_OPTIONS(**kw, read_timeout=1.0, connect_timeout=1.0, backoff=0.05, retries=2)


def test_fetch_crawl_resumes_after_max_pages_and_writes_nothing_twice(srv, tmp_path):
    seed = srv.url("banyak", "/")
    full, _ = run(srv, tmp_path / "once", seed)
    assert len(full) == 12
    first, _ = run(srv, tmp_path / "twice", seed, extra=("--max-pages", "5"))
    assert 0 < len(first) < 12
    second, _ = run(srv, tmp_path / "twice", seed)
    assert sorted(a["id"] for a in second) == sorted(a["id"] for a in full)
    third, _ = run(srv, tmp_path / "twice", seed)
    assert len(third) == 12


def test_fetch_crawl_killed_process_resumes_without_duplicates(srv, tmp_path):
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "pipeline", "crawl", srv.url("banyak", "/"), "--out", str(out),
           "--delay", "0.15", "--quiet"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    deadline = time.monotonic() + 20
    while len(jsonl_lines(out / "articles.jsonl")) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    partial = len(jsonl_lines(out / "articles.jsonl"))
    assert 3 <= partial < 12
    articles, _ = run(srv, out, srv.url("banyak", "/"))
    ids = [a["id"] for a in articles]
    assert len(ids) == len(set(ids)) == 12


def test_fetch_crawl_second_run_downloads_nothing_unchanged(srv, tmp_path):
    seed = srv.url("beritacikarang", "/")
    run(srv, tmp_path / "a", seed, extra=("--cache", str(tmp_path / "cache.sqlite")))
    mark = len(srv.hits)
    # A fresh state and output (so every page is asked for again), the same HTTP cache.
    articles, _ = run(srv, tmp_path / "b", seed, extra=("--cache", str(tmp_path / "cache.sqlite")))
    assert len(articles) == 3
    again = [h for h in srv.hits[mark:] if h.site == "beritacikarang"]
    assert again and all(h.status == 304 and h.body_bytes == 0 for h in again)


def test_fetch_crawl_same_state_does_not_refetch_written_articles(srv, tmp_path):
    seed = srv.url("beritacikarang", "/feed/")
    run(srv, tmp_path, seed)
    mark = len(srv.hits)
    articles, _ = run(srv, tmp_path, seed)
    assert len(articles) == 3
    again = [(h.path, h.status) for h in srv.hits[mark:] if h.site == "beritacikarang"]
    assert again == [("/robots.txt", 304), ("/feed/", 304)]


def test_fetch_crawl_marks_a_press_release_copied_by_another_site(srv, tmp_path):
    # On the web both hosts are public; here the copy sits on another loopback port.
    original_url = srv.url("bekasikab-go-id", "/berita/pemkab-bekasi-raih-opini-wtp-kedelapan")
    copy_url = srv.url("kabarnusa", "/read/2020/05/04/pemkab-bekasi-raih-opini-wtp")
    # A feed that links both: they are fetched at once, so whichever was written first is the original
    # and the other points at it.
    articles, _ = run(srv, tmp_path / "feed", srv.url("bekasikab-go-id", "/feed.atom"), extra=("--allow-private",))
    pair = [a for a in articles if a["url"] in (original_url, copy_url)]
    assert len(pair) == 2
    marks = sorted((a["near_duplicate_of"] or "", a["id"]) for a in pair)
    assert marks[0][0] == "" and marks[1][0] == marks[0][1]
    # Crawled one after the other into the same folder: the later copy points at the earlier original.
    run(srv, tmp_path / "in-order", original_url)
    articles, _ = run(srv, tmp_path / "in-order", copy_url, extra=("--allow-private",))
    by_url = {a["url"]: a for a in articles}
    assert by_url[original_url]["near_duplicate_of"] is None
    assert by_url[copy_url]["near_duplicate_of"] == by_url[original_url]["id"]


def test_fetch_crawl_same_site_keeps_feed_entries_on_the_seed_host(srv, tmp_path):
    articles, _ = run(srv, tmp_path, srv.url("bekasikab-go-id", "/feed.atom"), extra=("--same-site",))
    assert [a["title"] for a in articles] == ["Pemkab Bekasi Raih Opini WTP untuk Kedelapan Kalinya"]


def test_fetch_crawl_since_skips_older_articles(srv, tmp_path):
    articles, errors = run(srv, tmp_path, srv.url("beritacikarang", "/sitemap.xml"),
                           srv.url("kabarnusa", "/"), extra=("--since", "2019-12-01"))
    assert sorted(a["published"][:10] for a in articles) == ["2019-12-12", "2020-05-04", "2023-11-02"]
    assert errors == []


def test_fetch_crawl_progress_goes_to_stderr_unless_quiet(srv, tmp_path, capsys):
    seed = srv.url("bekasikab-go-id", "/")
    assert warta_crawl(seed, "--out", str(tmp_path / "a"), "--delay", "0.05") == 0
    err = capsys.readouterr().err
    assert "fetched" in err and "queued" in err and "failed" in err and "pages/s" in err
    assert warta_crawl(seed, "--out", str(tmp_path / "b"), "--delay", "0.05", "--quiet") == 0
    assert capsys.readouterr().err == ""
