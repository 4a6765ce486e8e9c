"""Read web archives (WARC, as crawlers and Common Crawl's CC-NEWS store pages) into Articles.

One pass over the file, streamed with FastWARC: memory stays flat however large the archive.
HTML `200` responses go through the same extract stage as saved pages (site profiles,
clean-up, times to the minute) and become Articles with `source: {kind: "warc", file, offset}`.
Everything else is skipped and counted in a `WarcTally` (the run summary prints it): request,
metadata, warcinfo and revisit records, non-HTML responses, other statuses, hosts not listed in
`--hosts`, pages that are no article or not Indonesian, and the same article met again (under
tracking parameters, say). The pages of a multi-page article are joined when the archive holds
them. The file is opened here and handed to FastWARC as a stream, so nothing is ever fetched.
"""
from __future__ import annotations

import hashlib
import re
import zlib
from collections import Counter, OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import ExtractError, InputError, WartaError
from pipeline.language import check_indonesian
from pipeline.models import Article, ErrorRecord
from pipeline.settings import current

HTML_TYPES = ("text/html", "application/xhtml+xml")


class BrokenArchive(InputError):
    """A WARC file that cannot be read on (truncated, not gzip, not WARC)."""

    code = "W105"


def is_warc(path: Path) -> bool:
    """True for `.warc` and `.warc.gz` files."""
    return path.name.lower().endswith((".warc", ".warc.gz"))


@dataclass
class WarcTally:
    """What reading archives did: files, records, pages kept, and why the rest was skipped."""

    files: int = 0
    records: int = 0
    articles: int = 0
    joined: int = 0                      # further pages joined into their article
    skipped: Counter = field(default_factory=Counter)

    def line(self) -> str:
        """One line for the run summary."""
        why = ", ".join(f"{n} {reason}" for reason, n in self.skipped.most_common())
        joined = f" ({self.joined} further page{'s' * (self.joined != 1)} joined)" if self.joined else ""
        return (f"{self.files} archive file{'s' * (self.files != 1)}, {self.records} records: "
                f"{self.articles} articles{joined}; skipped {sum(self.skipped.values())}"
                + (f" ({why})" if why else ""))


@dataclass
class ArchiveOptions:
    """How to read archives: which hosts to keep (None = all) and where to count."""

    hosts: frozenset[str] | None = None
    tally: WarcTally = field(default_factory=WarcTally)


def load_hosts(path: Path) -> frozenset[str]:
    """Read a hosts file: one host per line (`#` comments); a host also covers its subdomains."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the hosts file: {exc}", input=str(path)) from None
    hosts = {ln.split("#", 1)[0].strip().lower().removeprefix("www.") for ln in lines}
    hosts.discard("")
    if not hosts:
        raise InputError(f"{path}: the hosts file names no host", input=str(path))
    return frozenset(hosts)


def host_listed(host: str | None, hosts: frozenset[str]) -> bool:
    """True when host or one of its parent domains is in hosts (`m.detik.com` under `detik.com`)."""
    parts = (host or "").lower().split(".")
    return any(".".join(parts[i:]) in hosts for i in range(len(parts) - 1))


@dataclass
class _Page:
    offset: int
    url: str                 # the record's target URI, as crawled
    extracted: object        # ExtractedPage


@dataclass
class _Waiting:
    first: _Page
    want: list[str]                                   # canonical URLs of pages 2, 3, …
    parts: dict[str, _Page] = field(default_factory=dict)

    def complete(self) -> bool:
        return all(u in self.parts for u in self.want)


def read_warc(path: Path, sites_dir: Path | None = None,
              options: ArchiveOptions | None = None) -> Iterator[Article | ErrorRecord]:
    """Yield the Articles of one WARC file; a broken archive yields one ErrorRecord and stops."""
    from fastwarc.warc import ArchiveIterator  # optional speed-critical reader, loaded on use

    opts = options or ArchiveOptions()
    tally = opts.tally
    tally.files += 1
    reader = _Reader(path, sites_dir, opts)
    offset, problem = None, None
    try:
        with open(path, "rb") as fh:
            # A file object, not a path: FastWARC then never opens anything itself (no network).
            for record in ArchiveIterator(fh, parse_http=True):
                offset = record.stream_pos
                tally.records += 1
                yield from reader.record(record)
        # FastWARC ends quietly at a cut-off record (a failed download): look at the last one.
        problem = _tail_problem(path, offset)
    except (OSError, ValueError) as exc:
        problem = f"broken WARC archive after offset {offset or 0}: {exc}"
    if problem:
        err = BrokenArchive(problem, input=str(path))
        yield ErrorRecord(str(path), err.stage, err.reason, err.code)
    yield from reader.flush()


def _tail_problem(path: Path, last: int | None) -> str | None:
    """Return why the archive ends badly (cut off, or trailing bytes no record holds), or None."""
    size = path.stat().st_size
    if last is None:
        return "no WARC record in the file" if size else None
    if size - last > 256 * 1024 * 1024:
        return None  # one huge record (or one gzip stream for all): not worth re-reading
    with open(path, "rb") as fh:
        fh.seek(last)
        tail = fh.read()
    if path.name.lower().endswith(".gz"):
        unzip = zlib.decompressobj(wbits=31)  # one gzip member per record, as the WARC spec says
        try:
            unzip.decompress(tail)
        except zlib.error as exc:
            return f"broken WARC archive: the record at offset {last} does not decompress ({exc})"
        if not unzip.eof:
            return f"broken WARC archive: cut off inside the record at offset {last}"
        if unzip.unused_data.strip(b"\0\r\n"):
            return f"broken WARC archive: unreadable data after the record at offset {last}"
        return None
    head_end = tail.find(b"\r\n\r\n")
    found = re.search(rb"(?im)^content-length:\s*(\d+)", tail[:head_end]) if head_end > 0 else None
    if found is None or len(tail) < head_end + 4 + int(found.group(1)):
        return f"broken WARC archive: cut off inside the record at offset {last}"
    return None


class _Reader:
    """One archive's reading state: duplicates seen and multi-page articles waiting for pages."""

    def __init__(self, path: Path, sites_dir: Path | None, opts: ArchiveOptions) -> None:
        from pipeline.extract import extract_page  # the extract stage (bs4, lxml), loaded on use
        from pipeline.rules.sites import load_sites

        self.path, self.sites_dir, self.opts = path, sites_dir, opts
        self.extract_page = extract_page
        self.tracking = load_sites(sites_dir).cleanup.tracking_params
        self.seen: set[bytes] = set()                        # 8-byte digests: flat memory
        self.waiting: OrderedDict[str, _Waiting] = OrderedDict()
        self.wanted_by: dict[str, str] = {}                   # further page URL -> first page key
        self.early: OrderedDict[str, _Page] = OrderedDict()   # further pages met before their first

    def skip(self, reason: str) -> None:
        self.opts.tally.skipped[reason] += 1

    def canonical(self, url: str) -> str:
        from pipeline.extract.urls import canonicalize_url

        return canonicalize_url(url, self.tracking)

    def record(self, record) -> Iterator[Article | ErrorRecord]:
        """Handle one WARC record: skip it (counted) or extract its page."""
        kind = str(record.record_type)
        if kind != "response":
            self.skip(f"{kind} records")
            return
        url = record.headers.get("WARC-Target-URI") or ""
        if not record.is_http or not url.startswith(("http://", "https://")):
            self.skip("non-HTTP responses")
            return
        status = record.http_headers.status_code if record.http_headers is not None else None
        if status != 200:
            self.skip("non-200 statuses")
            return
        if (record.http_content_type or "").lower() not in HTML_TYPES:
            self.skip("non-HTML responses")
            return
        if self.opts.hosts is not None and not host_listed(_host(url), self.opts.hosts):
            self.skip("hosts not listed")
            return
        most = current().warc.max_page_bytes  # a "page" larger than this is a download, not news
        body = record.reader.read(most + 1)
        if len(body) > most:
            self.skip("oversized pages")
            return
        try:
            page = self.extract_page(body, url, encoding=record.http_charset, sites_dir=self.sites_dir)
        except ExtractError:
            self.skip("pages with no article")
            return
        except WartaError as exc:
            yield ErrorRecord(f"{self.path}@{record.stream_pos}", exc.stage, exc.reason, exc.code)
            return
        if not page.is_article or not page.article.text.strip():
            self.skip("pages with no article")
            return
        yield from self.page(_Page(record.stream_pos, url, page))

    def page(self, page: _Page) -> Iterator[Article]:
        """Emit an article page now, or hold it until the rest of its pages are read."""
        from pipeline.extract.urls import _current_page

        here = self.canonical(page.url)
        key = self.wanted_by.pop(here, None)
        if key is not None:  # a further page of an article waiting for it
            waiting = self.waiting[key]
            waiting.parts[here] = page
            if waiting.complete():
                del self.waiting[key]
                yield from self.emit(waiting)
            return
        wanted = [self.canonical(u) for u in page.extracted.page_urls]
        if not wanted and _current_page(here) > 1:
            self.early[here] = page  # page 2 before page 1: keep it for its first page
            if len(self.early) > current().warc.max_waiting:
                yield from self.emit(_Waiting(self.early.popitem(last=False)[1], []))
            return
        waiting = _Waiting(page, [u for u in dict.fromkeys(wanted) if u != here])
        for u in waiting.want:
            if u in self.early:
                waiting.parts[u] = self.early.pop(u)
        if waiting.complete():
            yield from self.emit(waiting)
            return
        self.waiting[here] = waiting
        for u in waiting.want:
            if u not in waiting.parts:
                self.wanted_by[u] = here
        if len(self.waiting) > current().warc.max_waiting:  # never hold more than a window of the archive
            yield from self.emit(self.waiting.popitem(last=False)[1])

    def emit(self, waiting: _Waiting) -> Iterator[Article]:
        """Join an article's pages present (in page order), check it and yield it once."""
        from pipeline.extract import join_pages

        for u in waiting.want:
            self.wanted_by.pop(u, None)
        pages = [waiting.first.extracted] + [waiting.parts[u].extracted for u in waiting.want if u in waiting.parts]
        art = join_pages(pages) if len(pages) > 1 else waiting.first.extracted.article
        self.opts.tally.joined += len(pages) - 1
        digest = hashlib.blake2b((art.url or art.text).encode(), digest_size=8).digest()
        if digest in self.seen:
            self.skip("duplicates")
            return
        self.seen.add(digest)
        if check_indonesian(art.text):
            self.skip("not Indonesian")
            return
        art.source = {"kind": "warc", "file": str(self.path), "offset": waiting.first.offset,
                      "url": waiting.first.url}
        self.opts.tally.articles += 1
        yield art

    def flush(self) -> Iterator[Article]:
        """At the end of the archive: articles still waiting get the pages that were there."""
        while self.waiting:
            yield from self.emit(self.waiting.popitem(last=False)[1])
        while self.early:
            yield from self.emit(_Waiting(self.early.popitem(last=False)[1], []))


def _host(url: str) -> str | None:
    from urllib.parse import urlsplit

    return urlsplit(url).hostname


__all__ = ["ArchiveOptions", "BrokenArchive", "WarcTally", "host_listed", "is_warc", "load_hosts", "read_warc"]
