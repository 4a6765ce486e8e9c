"""The crawl loop: seeds in, clean Articles and ErrorRecords out, politely and resumably.

It wires two stages (fetch, then extract) like `runner` wires the later ones, so it sits
beside the runner rather than inside the fetch package.

Worker threads fetch (and extract) one URL each; the loop in the caller's thread hands out
work so that one host has at most one request in flight and never before its delay, while
other hosts proceed in parallel. Only this thread touches the crawl state, and an article
is recorded as written only after the consumer took it, so a kill at any moment loses nothing
and the next run (which skips what is recorded) writes nothing twice.
"""
from __future__ import annotations

import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from pipeline.errors import ExtractError, WartaError
from pipeline.extract import decode_html, extract_page, join_pages
from pipeline.extract.urls import canonicalize_url
from pipeline.fetch.cache import make_session
from pipeline.fetch.dedup import content_hash, sketch
from pipeline.fetch.errors import NotAPage, RobotsDisallowed, UnsupportedScheme
from pipeline.fetch.http import FetchOptions, PoliteClient
from pipeline.fetch.politeness import host_of
from pipeline.fetch.progress import Progress
from pipeline.fetch.sources import (Entry, before, binary_description, page_links, parse_feed,
                                    parse_sitemap, read_url_file, sniff_kind)
from pipeline.fetch.state import CrawlState
from pipeline.models import Article, ErrorRecord, Page
from pipeline.rules.sites import load_sites
from pipeline.settings import current


@dataclass
class CrawlOptions:
    """What to crawl and how; the CLI fills it from flags, the rest comes from [crawl] settings."""

    max_pages: int | None = None  # page fetches this run (seeds and links; robots.txt not counted)
    since: date | None = None
    same_site: bool = False  # follow feed/sitemap entries only onto the seeds' hosts
    # links are followed from index pages up to this many hops from a seed
    max_depth: int = field(default_factory=lambda: current().crawl.max_depth)
    workers: int = field(default_factory=lambda: current().crawl.workers)
    fetch: FetchOptions = field(default_factory=FetchOptions)
    cache_path: Path | None = None
    state_path: Path | None = None
    sites_dir: Path | None = None
    quiet: bool = True
    skip_ids: set[str] = field(default_factory=set)  # ids already in the output file


@dataclass
class CrawlReport:
    """What became of the seeds, for the caller's exit status (filled while crawling)."""

    seeds: int = 0
    seeds_failed: int = 0

    @property
    def every_seed_failed(self) -> bool:
        """Return whether there were seeds and none of them could be read."""
        return self.seeds > 0 and self.seeds_failed >= self.seeds


@dataclass
class _Task:
    url: str
    hint: str
    depth: int


@dataclass
class _Outcome:
    task: _Task
    kind: str = ""
    page: Page | None = None
    article: Article | None = None
    links: list[str] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    error: WartaError | None = None


def crawl(seeds: list[str], options: CrawlOptions | None = None,
          report: CrawlReport | None = None) -> Iterator[Article | ErrorRecord]:
    """Yield each new Article found from the seeds, and one ErrorRecord per failed input."""
    opts = options or CrawlOptions()
    state = CrawlState(opts.state_path)
    client = PoliteClient(opts.fetch, session=make_session(opts.cache_path))
    progress = Progress(quiet=opts.quiet)
    try:
        yield from _Crawler(opts, state, client, progress, report or CrawlReport()).run(seeds)
    finally:
        progress.finish()
        client.session.close()
        state.close()


class _Crawler:
    def __init__(self, opts: CrawlOptions, state: CrawlState, client: PoliteClient,
                 progress: Progress, report: CrawlReport) -> None:
        self.opts = opts
        self.state = state
        self.client = client
        self.progress = progress
        self.report = report
        self.queues: dict[str, deque[_Task]] = {}
        self.seed_hosts: set[str] = set()
        self.seed_urls: set[str] = set()
        # Read once per crawl: every queued URL is canonicalised with them (30,000 sitemap
        # entries must not each reload the site profiles).
        self.tracking = load_sites(opts.sites_dir).cleanup.tracking_params

    def run(self, seeds: list[str]) -> Iterator[Article | ErrorRecord]:
        yield from self._plant(seeds)
        for url, hint, depth in self.state.pending():
            self._push(_Task(url, hint, depth))
        budget = self.opts.max_pages if self.opts.max_pages is not None else float("inf")
        busy: dict[Future[_Outcome], str] = {}
        with ThreadPoolExecutor(max_workers=self.opts.workers,
                                thread_name_prefix="warta-fetch") as pool:
            while True:
                while len(busy) < self.opts.workers and self.progress.fetched < budget:
                    task = self._next_ready(set(busy.values()))
                    if task is None:
                        break
                    busy[pool.submit(self._work, task)] = host_of(task.url)
                    self.progress.fetched += 1
                self.progress.queued = sum(len(q) for q in self.queues.values())
                self.progress.update()
                if not busy:
                    if not self.progress.queued or self.progress.fetched >= budget:
                        break
                    time.sleep(min(0.5, max(0.005, self._until_ready())))
                    continue
                done, _ = wait(list(busy), timeout=max(0.005, self._until_ready()),
                               return_when=FIRST_COMPLETED)
                for fut in done:
                    busy.pop(fut)
                    yield from self._handle(fut.result())

    def _plant(self, seeds: list[str]) -> Iterator[ErrorRecord]:
        """Queue the seeds (a file of URLs expands to its lines); refuse what is no URL."""
        urls: list[str] = []
        for seed in seeds:
            path = Path(seed)
            if "://" not in seed and path.is_file():
                try:
                    urls.extend(read_url_file(path))
                except (OSError, UnicodeDecodeError) as exc:
                    self.report.seeds += 1
                    self.report.seeds_failed += 1
                    yield ErrorRecord(seed, "fetch", f"cannot read URL file: {exc}", "W200")
            else:
                urls.append(seed)
        for url in urls:
            self.report.seeds += 1
            scheme = urlsplit(url).scheme.lower()
            if scheme not in ("http", "https"):
                err = UnsupportedScheme(f"seed is neither an http(s) URL nor a file: {url}")
                self.progress.failed += 1
                self.report.seeds_failed += 1
                yield ErrorRecord(url, err.stage, err.reason, err.code)
                continue
            self.seed_hosts.add(host_of(url))
            self.seed_urls.add(url)
            self.client.allow(url)  # the user named this origin: reachable even if private
            self.state.requeue(url, hint="seed", depth=0)

    def _push(self, task: _Task) -> None:
        self.queues.setdefault(host_of(task.url), deque()).append(task)

    def _next_ready(self, busy_hosts: set[str]) -> _Task | None:
        """Pop a task for a host that is idle and past its delay, earliest-ready host first."""
        now = time.monotonic()
        best = None
        for host, queue in self.queues.items():
            if queue and host not in busy_hosts:
                ready = self.client.gate.ready_at(host)
                if ready <= now and (best is None or ready < best[0]):
                    best = (ready, host)
        return self.queues[best[1]].popleft() if best else None

    def _until_ready(self) -> float:
        now = time.monotonic()
        times = [self.client.gate.ready_at(h) - now for h, q in self.queues.items() if q]
        return min(times) if times else 0.5

    def _enqueue(self, url: str, *, hint: str, depth: int) -> None:
        url = canonicalize_url(url, self.tracking)  # one entry per page, whatever tracking tags
        if self.state.add(url, hint=hint, depth=depth):
            self._push(_Task(url, hint, depth))

    # -- in a worker thread: network and parsing, no state ------------------------------------

    def _work(self, task: _Task) -> _Outcome:
        out = _Outcome(task)
        try:
            page = self.client.fetch(task.url)
            out.page = page
            out.kind = sniff_kind(page)
            if out.kind == "binary":
                raise NotAPage(f"{binary_description(page)} where a page was expected",
                               input=task.url)
            if out.kind in ("rss", "atom"):
                out.entries = parse_feed(page.body, page.final_url)
            elif out.kind in ("sitemap", "sitemapindex"):
                out.entries, out.sitemaps = parse_sitemap(page.body, page.final_url)
            else:
                self._extract(page, out)
        except WartaError as exc:
            if not exc.input:
                exc.input = task.url
            out.error = exc
        return out

    def _extract(self, page: Page, out: _Outcome) -> None:
        html = decode_html(page.body, page.encoding)
        first = extract_page(html, page.final_url, sites_dir=self.opts.sites_dir)
        out.links = page_links(first.links, page.final_url)
        if not first.is_article:
            return
        parts = [first]
        here = {canonicalize_url(page.final_url, self.tracking),
                canonicalize_url(page.url, self.tracking)}
        for extra in first.page_urls:
            if canonicalize_url(extra, self.tracking) in here:
                continue
            here.add(canonicalize_url(extra, self.tracking))
            more = self.client.fetch(extra)
            parts.append(extract_page(decode_html(more.body, more.encoding), more.final_url,
                                      sites_dir=self.opts.sites_dir))
        article = join_pages(parts) if len(parts) > 1 else first.article
        if not article.text.strip():
            raise ExtractError("the page holds no article text", input=page.url)
        if not article.source:
            article.source = {"kind": "http", "location": page.final_url}
        out.article = article

    # -- in the crawl thread: state and output --------------------------------------------------

    def _handle(self, out: _Outcome) -> Iterator[Article | ErrorRecord]:
        task = out.task
        if out.error is not None:
            err = out.error
            if task.hint == "link" and isinstance(err, RobotsDisallowed):
                # A page's link into a disallowed area is no failure: we just don't go there.
                self.state.mark(task.url, "skipped", reason=f"{err.code} {err.reason}")
                return
            self.state.mark(task.url, "failed", reason=f"{err.code} {err.reason}")
            self.progress.failed += 1
            if task.url in self.seed_urls:
                self.report.seeds_failed += 1
            yield ErrorRecord(err.input or task.url, err.stage, err.reason, err.code)
            return
        if out.kind in ("rss", "atom", "sitemap", "sitemapindex"):
            with self.state.batch():
                self.state.mark(task.url, "done", reason=out.kind)
                for child in out.sitemaps:
                    self._enqueue(child, hint="sitemap", depth=task.depth)
                for entry in out.entries:
                    if before(entry.published, self.opts.since):
                        continue
                    if self.opts.same_site and host_of(entry.url) not in self.seed_hosts:
                        continue
                    self._enqueue(entry.url, hint="entry", depth=task.depth + 1)
            return
        if out.article is None:
            self.state.mark(task.url, "done", reason="not an article")
            if task.depth < self.opts.max_depth:
                for link in out.links:
                    self._enqueue(link, hint="link", depth=task.depth + 1)
            return
        yield from self._emit(task, out.article)

    def _emit(self, task: _Task, article: Article) -> Iterator[Article]:
        canonical = article.url
        if before(article.published, self.opts.since):
            self.state.mark(task.url, "skipped", reason=f"published {article.published}",
                            canonical_url=canonical)
            return
        first = self.state.written(article.id, canonical)
        if first is not None or article.id in self.opts.skip_ids:
            self.state.mark(task.url, "duplicate", reason=f"article {first or article.id} "
                            "already written", canonical_url=canonical, article_id=article.id)
            return
        chash, sk = content_hash(article.text), sketch(article.text)
        # Sites are told apart by host and port: Article.site drops the port.
        site = host_of(canonical or task.url)
        copy = self.state.duplicate_of(site, chash, sk)
        if copy is not None and copy[1]:
            # The same text twice on one site (a second URL for one story): keep the first.
            self.state.mark(task.url, "duplicate", reason=f"same text as article {copy[0]}",
                            canonical_url=canonical, content_hash=chash, article_id=article.id)
            return
        near = copy[0] if copy else None
        article.near_duplicate_of = near
        out = article
        yield out
        # Reached only once the consumer has taken (and written) the article.
        self.state.record_article(article.id, url=task.url, canonical_url=canonical,
                                  site=site, chash=chash, sk=sk, near_duplicate_of=near)
        self.progress.articles += 1
