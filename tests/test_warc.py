"""Web-archive input: `warta run FILE.warc.gz` reads HTML responses as articles, skips and counts the rest."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.inputs import read_articles
from pipeline.models import Article, ErrorRecord
from pipeline.warc import ArchiveOptions, host_listed, load_hosts
from warc_pages import AWARD_PARAS, PLAIN_PARAS, SECOND_PAGE_PARAS, Rec, mixed_archive, news_page, write_warc

pytest.importorskip("fastwarc")
pytest.importorskip("warcio")

BIN = Path(sys.executable).parent


def _read(*paths: Path, hosts: frozenset[str] | None = None) -> tuple[list, ArchiveOptions]:
    opts = ArchiveOptions(hosts=hosts)
    return list(read_articles(list(paths), archive=opts)), opts


def test_warc_html_responses_become_articles_with_their_archive_place(tmp_path):
    arc = mixed_archive(tmp_path / "crawl.warc.gz")
    items, opts = _read(arc)
    assert all(isinstance(a, Article) for a in items)
    by_site = {a.site: a for a in items}
    assert sorted(by_site) == ["kabarsleman.id", "warta-kota.co.id"]
    award = by_site["kabarsleman.id"]
    assert award.source["kind"] == "warc" and award.source["file"] == str(arc)
    assert isinstance(award.source["offset"], int) and award.source["offset"] > 0
    assert award.published == "2023-12-13T10:25:00+07:00"  # to the minute, from the page's JSON-LD
    # the record really starts at that offset: FastWARC reads one record from there
    from fastwarc.warc import ArchiveIterator

    with open(arc, "rb") as fh:
        fh.seek(award.source["offset"])
        first = next(iter(ArchiveIterator(fh, parse_http=True)))
        assert first.headers.get("WARC-Target-URI") == award.url


def test_warc_skips_other_records_and_counts_each_reason(tmp_path):
    _, opts = _read(mixed_archive(tmp_path / "crawl.warc.gz"))
    tally = opts.tally
    assert tally.files == 1 and tally.records == 11 and tally.articles == 2
    assert dict(tally.skipped) == {"warcinfo records": 1, "request records": 1, "metadata records": 1,
                                   "revisit records": 1, "non-200 statuses": 1, "non-HTML responses": 1,
                                   "duplicates": 1, "not Indonesian": 1}
    assert "skipped 8" in tally.line()


def test_warc_same_article_under_tracking_parameters_kept_once(tmp_path):
    items, _ = _read(mixed_archive(tmp_path / "crawl.warc.gz"))
    plain = [a for a in items if a.site == "warta-kota.co.id"]
    assert len(plain) == 1
    assert plain[0].url == "https://warta-kota.co.id/2023/12/14/jalan-tergenang-setelah-hujan-deras/"


def test_warc_multi_page_article_joined_from_pages_in_the_archive(tmp_path):
    items, opts = _read(mixed_archive(tmp_path / "crawl.warc.gz"))
    [award] = [a for a in items if a.site == "kabarsleman.id"]
    assert "Pemerintah Kabupaten Sleman meraih" in award.text          # page 1
    assert "Dinas Kependudukan dan Pencatatan Sipil" in award.text      # page 2, read later in the file
    assert award.text.index("Pemerintah Kabupaten") < award.text.index("Dinas Kependudukan")
    assert opts.tally.joined == 1


def test_warc_page_two_before_page_one_is_still_joined(tmp_path):
    base = "https://kabarsleman.id/2024/01/05/banjir-surut/"
    arc = write_warc(tmp_path / "reverse.warc", [
        Rec(base + "2/", news_page(base + "2/", "Banjir Surut", PLAIN_PARAS[2:], "2024-01-05T08:00:00+07:00")),
        Rec(base, news_page(base, "Banjir Surut", PLAIN_PARAS[:2], "2024-01-05T08:00:00+07:00",
                            page_links=[base + "2/"])),
    ], gzip=False)
    [art], _ = _read(arc)
    assert art.url == base and art.text.count("\n\n") == 2 and art.text.endswith(PLAIN_PARAS[2])


def test_warc_hosts_file_keeps_only_listed_hosts(tmp_path):
    hosts = tmp_path / "hosts.txt"
    hosts.write_text("# Indonesian regional news\nwww.kabarsleman.id\n\n")
    items, opts = _read(mixed_archive(tmp_path / "crawl.warc.gz"), hosts=load_hosts(hosts))
    assert [a.site for a in items] == ["kabarsleman.id"]
    assert opts.tally.skipped["hosts not listed"] == 3
    assert host_listed("m.kabarsleman.id", frozenset({"kabarsleman.id"}))
    assert not host_listed("kabarsleman.id.evil.com", frozenset({"kabarsleman.id"}))


def test_warc_broken_archive_is_one_error_and_the_batch_goes_on(tmp_path):
    good = mixed_archive(tmp_path / "a-good.warc.gz")
    data = good.read_bytes()
    broken = tmp_path / "b-broken.warc.gz"
    broken.write_bytes(data[: len(data) * 2 // 3])  # cut off mid-record, as a failed download leaves it
    text = tmp_path / "c-note.txt"
    text.write_text("\n\n".join(PLAIN_PARAS), encoding="utf-8")
    items, _ = _read(tmp_path)  # a folder: both archives and the text file, in name order
    errors = [i for i in items if isinstance(i, ErrorRecord)]
    assert len(errors) == 1 and errors[0].input == str(broken) and errors[0].code == "W105"
    assert "broken WARC archive" in errors[0].reason
    assert items[-1].source == {"kind": "file", "location": str(text)}  # the batch went on


def test_warc_run_gives_the_records_of_the_same_pages_saved_as_files(tmp_path):
    arc = mixed_archive(tmp_path / "crawl.warc.gz")
    pages = tmp_path / "pages"
    pages.mkdir()
    base = "https://kabarsleman.id/2023/12/13/sleman-raih-predikat-a-pelayanan-publik/"
    # the same article as one saved page (both pages' paragraphs), its URL in the page
    (pages / "sleman.html").write_bytes(news_page(base, "Sleman Raih Predikat A- Pelayanan Publik",
                                                  AWARD_PARAS + SECOND_PAGE_PARAS, "2023-12-13T10:25:00+07:00"))
    out_warc, out_files = tmp_path / "out-warc", tmp_path / "out-files"
    proc = subprocess.run([BIN / "warta", "run", str(arc), "--out", str(out_warc)], capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "1 archive file, 11 records: 2 articles (1 further page joined); skipped 8" in proc.stderr
    subprocess.run([BIN / "warta", "run", str(pages), "--out", str(out_files), "--quiet"], check=True, timeout=300)
    from_warc = (out_warc / "awards.jsonl").read_text().splitlines()
    from_files = (out_files / "awards.jsonl").read_text().splitlines()
    assert len(from_warc) == 2 and sorted(from_warc) == sorted(from_files)
    arts = [json.loads(x) for x in (out_warc / "articles.jsonl").read_text().splitlines()]
    assert {a["source"]["kind"] for a in arts} == {"warc"}


MEMORY_PROBE = """
import sys, resource
from pathlib import Path
from pipeline.inputs import read_articles
from pipeline.warc import ArchiveOptions

def rss_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024

opts = ArchiveOptions()
samples = []
for n, item in enumerate(read_articles([Path(sys.argv[1])], archive=opts), 1):
    if n % 250 == 0:
        samples.append(rss_mb())
print(opts.tally.articles, " ".join(f"{s:.1f}" for s in samples))
"""


def test_warc_memory_stays_flat_while_reading_a_large_archive(tmp_path):
    # 3,000 records: 1,500 distinct news pages and 1,500 image responses, read in a fresh process.
    recs = []
    for n in range(1500):
        url = f"https://kabarsleman.id/2023/12/{n % 28 + 1:02d}/berita-nomor-{n}/"
        paras = [f"{p} Laporan nomor {n} dari kecamatan {n % 17}." for p in PLAIN_PARAS]
        recs.append(Rec(url, news_page(url, f"Berita Nomor {n}", paras, "2023-12-01T07:30:00+07:00")))
        recs.append(Rec(url + "foto.jpg", b"\xff\xd8\xff" + bytes(4000), ctype="image/jpeg"))
    arc = write_warc(tmp_path / "big.warc.gz", recs)
    proc = subprocess.run([sys.executable, "-c", MEMORY_PROBE, str(arc)], capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode == 0, proc.stderr
    count, samples = proc.stdout.split(" ", 1)
    rss = [float(x) for x in samples.split()]
    assert int(count) == 1500
    # after warm-up (parsers and site rules loaded), reading on costs no memory per page
    assert rss[-1] - rss[1] < 15, rss


@pytest.mark.parametrize("damage", ["cut", "garbage"])
def test_warc_uncompressed_archive_cut_or_not_warc_is_an_error(tmp_path, damage):
    arc = mixed_archive(tmp_path / "crawl.warc.gz")
    import gzip

    raw = gzip.decompress(arc.read_bytes())
    bad = tmp_path / "bad.warc"
    bad.write_bytes(raw[: len(raw) * 2 // 3] if damage == "cut" else b"not a web archive\n" * 20)
    items, _ = _read(bad)
    errors = [i for i in items if isinstance(i, ErrorRecord)]
    assert len(errors) == 1 and errors[0].stage == "read" and "WARC" in errors[0].reason
