"""The crawl loop: seeds in, clean Articles and ErrorRecords out, politely and resumably.

It wires two stages (fetch, then extract) like `runner` wires the later ones, so it sits
beside the runner rather than inside the fetch package. `crawl` streams the results;
`crawl_into` is the library call behind `warta crawl` (an output folder, locked, appended to);
`crawl_urls` is the one behind `warta run URL…`.

Worker threads fetch (and extract) one URL each; the loop in the caller's thread hands out
work so that one host has at most one request in flight and never before its delay, while
other hosts proceed in parallel. Only this thread touches the crawl state, and an article
is recorded as written only after the consumer took it, so a kill at any moment loses nothing
and the next run (which skips what is recorded) writes nothing twice.
"""
from __future__ import annotations

import sys
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from pipeline.errors import ExtractError, InputError, WartaError
from pipeline.extract import decode_html, extract_page, join_pages
from pipeline.extract.urls import canonicalize_url
from pipeline.fetch.cache import make_session
from pipeline.fetch.dedup import content_hash, sketch
from pipeline.fetch.errors import NotAPage, RobotsDisallowed, UnsupportedScheme
from pipeline.fetch.http import FetchOptions, PoliteClient
from pipeline.fetch.politeness import host_of
from pipeline.fetch.sources import (Entry, before, binary_description, page_links, parse_feed,
                                    parse_sitemap, read_url_file, sniff_kind, url_lines)
from pipeline.fetch.state import CrawlState
from pipeline.models import Article, ErrorRecord, Page
from pipeline.outputs import ARTICLES, CRAWL_STATE, ERRORS, HTTP_CACHE, STATE, STDIO, iter_jsonl
from pipeline.progress import Progress
from pipeline.rules.sites import load_sites, sites_dir
from pipeline.runstate import FolderLock
from pipeline.settings import current
from pipeline.write import JsonlWriter


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
    cache_path: Path | None = None  # crawl_into: OUT/http-cache.sqlite when None
    state_path: Path | None = None  # crawl_into: OUT/crawl-state.sqlite when None; crawl: in memory
    sites_dir: Path | None = None  # site profiles (default: those of the default rules folder)
    progress: bool = False  # a progress display on stderr (pipeline.progress)
    skip_ids: set[str] = field(default_factory=set)  # ids already in the output file


@dataclass
class CrawlResult:
    """What a crawl did: seeds, pages fetched, queued and failed, articles written (filled while crawling)."""

    seeds: int = 0
    seeds_failed: int = 0
    fetched: int = 0
    queued: int = 0
    failed: int = 0
    articles: int = 0
    seconds: float = 0.0

    @property
    def every_seed_failed(self) -> bool:
        """Return whether there were seeds and none of them could be read."""
        return self.seeds > 0 and self.seeds_failed >= self.seeds

    def line(self) -> str:
        """Return the one-line summary: counts and pages per second."""
        rate = self.fetched / max(self.seconds, 1e-6)
        return (f"fetched {self.fetched} | queued {self.queued} | failed {self.failed} | "
                f"articles {self.articles} | {rate:.1f} pages/s")

    def to_dict(self) -> dict[str, int | float]:
        """Return the counts as a JSON-ready dict (`warta crawl --json`)."""
        return {"seeds": self.seeds, "seeds_failed": self.seeds_failed, "fetched": self.fetched,
                "queued": self.queued, "failed": self.failed, "articles": self.articles,
                "seconds": round(self.seconds, 3)}


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
          result: CrawlResult | None = None) -> Iterator[Article | ErrorRecord]:
    """Yield each new Article found from the seeds, and one ErrorRecord per failed input."""
    opts = options or CrawlOptions()
    result = result if result is not None else CrawlResult()
    state = CrawlState(opts.state_path)
    client = PoliteClient(opts.fetch, session=make_session(opts.cache_path))
    progress = Progress(None, enabled=opts.progress, unit="page", desc="warta crawl")
    started = time.monotonic()
    try:
        yield from _Crawler(opts, state, client, progress, result).run(seeds)
    finally:
        result.seconds = time.monotonic() - started
        progress.close()
        client.session.close()
        state.close()


def crawl_into(out: Path, seeds: list[str], options: CrawlOptions | None = None, *,
               wait: bool = False) -> CrawlResult:
    """Crawl the seeds into an output folder; return what was done.

    New articles are appended to OUT/articles.jsonl, failures to OUT/errors.jsonl; the HTTP
    cache and the crawl state default to files in OUT, so a second call resumes and writes
    nothing twice. Raises FolderBusy when another process holds OUT (or waits, with `wait`),
    InputError when OUT is a `warta run` folder.
    """
    opts = replace(options or CrawlOptions())
    opts.cache_path = opts.cache_path or out / HTTP_CACHE
    opts.state_path = opts.state_path or out / CRAWL_STATE
    result = CrawlResult()
    # One process at a time writes a folder: a second crawl (or run) refuses, or waits.
    with FolderLock(out, wait=wait, command="warta crawl"):
        if (out / STATE).exists():
            raise InputError(f"{out} is the output folder of `warta run` ({STATE}); crawl into another "
                             f"--out and give its {ARTICLES} to `warta run`", input=str(out))
        # Opened first: an append repairs a partial last line a killed crawl left, before it is read.
        with JsonlWriter(out / ARTICLES, append=True) as art, JsonlWriter(out / ERRORS, append=True) as err:
            opts.skip_ids = opts.skip_ids | {str(a["id"]) for a in iter_jsonl(out / ARTICLES, []) if a.get("id")}
            for item in crawl(seeds, opts, result):
                (err if isinstance(item, ErrorRecord) else art).write(item.to_dict())
    return result


def crawl_urls(urls: list[str], out: Path, rules_dir: Path | None = None) -> Iterator[Article | ErrorRecord]:
    """Crawl URLs for `warta run`: cached in OUT/http-cache.sqlite, crawl state kept in memory.

    `warta run` rewrites its outputs on every run, so it must see every article again; the
    HTTP cache still makes a re-run download nothing unchanged. Progress is `warta run`'s own.
    """
    return crawl(urls, CrawlOptions(cache_path=out / HTTP_CACHE, sites_dir=sites_dir(rules_dir)))


class _Crawler:
    def __init__(self, opts: CrawlOptions, state: CrawlState, client: PoliteClient,
                 progress: Progress, result: CrawlResult) -> None:
        self.opts = opts
        self.state = state
        self.client = client
        self.progress = progress
        self.result = result
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
                while len(busy) < self.opts.workers and self.result.fetched < budget:
                    task = self._next_ready(set(busy.values()))
                    if task is None:
                        break
                    busy[pool.submit(self._work, task)] = host_of(task.url)
                    self.result.fetched += 1
                self.result.queued = sum(len(q) for q in self.queues.values())
                self._show()
                if not busy:
                    if not self.result.queued or self.result.fetched >= budget:
                        break
                    time.sleep(min(0.5, max(0.005, self._until_ready())))
                    continue
                done, _ = wait(list(busy), timeout=max(0.005, self._until_ready()),
                               return_when=FIRST_COMPLETED)
                for fut in done:
                    busy.pop(fut)
                    yield from self._handle(fut.result())

    def _show(self) -> None:
        r = self.result
        self.progress.update_to(r.fetched, postfix=f"queued {r.queued}, failed {r.failed}, articles {r.articles}")

    def _plant(self, seeds: list[str]) -> Iterator[ErrorRecord]:
        """Queue the seeds (a file of URLs expands to its lines); refuse what is no URL."""
        urls: list[str] = []
        for seed in seeds:
            path = Path(seed)
            if seed == STDIO:  # a file of URLs on stdin
                urls.extend(url_lines(sys.stdin.read()))
            elif "://" not in seed and path.is_file():
                try:
                    urls.extend(read_url_file(path))
                except (OSError, UnicodeDecodeError) as exc:
                    self.result.seeds += 1
                    self.result.seeds_failed += 1
                    yield ErrorRecord(seed, "fetch", f"cannot read URL file: {exc}", "W200")
            else:
                urls.append(seed)
        for url in urls:
            self.result.seeds += 1
            scheme = urlsplit(url).scheme.lower()
            if scheme not in ("http", "https"):
                err = UnsupportedScheme(f"seed is neither an http(s) URL nor a file: {url}")
                self.result.failed += 1
                self.result.seeds_failed += 1
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
            self.result.failed += 1
            if task.url in self.seed_urls:
                self.result.seeds_failed += 1
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
        self.result.articles += 1
