"""A polite HTTP client: robots.txt, per-host spacing, retries with backoff, hard limits.

Every request that reaches the network (robots.txt, retries, each redirect hop) passes the
host gate first, so a host never sees more than one request per its delay. Every hop is also
vetted by the address policy (guard.py: no private address the seeds did not name), bodies
are read and inflated under the size limit (body.py), and each request has a total deadline.
"""
from __future__ import annotations

import email.utils
import re
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
import urllib3.exceptions

from pipeline.errors import FetchError
from pipeline.fetch.body import read_body
from pipeline.fetch.cache import make_session
from pipeline.fetch.errors import (BodyTooLarge, ConnectionFailed, FetchTimeout, HTTPStatusError,
                                   RobotsDisallowed, TooManyRedirects, UnsupportedScheme)
from pipeline.fetch.guard import AddressPolicy, Deadline, Resolver, guard_session, system_resolver
from pipeline.fetch.politeness import HostGate, RobotsRules, host_of
from pipeline.models import Page
from pipeline.settings import current

_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)
# Bodies that may be sitemaps or feeds get the sitemap protocol's own limit (50 MB uncompressed).
_XML_SUFFIXES = (".xml", ".xml.gz", ".gz", ".rss", ".atom")


def _setting(name: str) -> Any:
    """A FetchOptions default: the [fetch] setting in effect when the options are made."""
    return field(default_factory=lambda: getattr(current().fetch, name))


@dataclass
class FetchOptions:
    """Limits of the HTTP client: [fetch] in settings.toml unless given (CLI flags give some)."""

    user_agent: str = _setting("user_agent")
    delay: float = _setting("delay")  # between two requests to one host (robots Crawl-delay may raise it)
    connect_timeout: float = _setting("connect_timeout")
    read_timeout: float = _setting("read_timeout")
    max_bytes: int = _setting("max_bytes")  # a page's body, received and inflated
    max_sitemap_bytes: int = _setting("max_sitemap_bytes")  # an XML or gzip body (sitemaps, feeds)
    deadline: float = _setting("deadline")  # one whole response, however slowly it trickles in
    max_redirects: int = _setting("max_redirects")
    retries: int = _setting("retries")
    backoff: float = _setting("backoff")  # first retry waits this long, then doubles
    max_retry_after: float = _setting("max_retry_after")  # a longer Retry-After is a failure, not a wait
    retry_statuses: tuple[int, ...] = _setting("retry_statuses")
    obey_robots: bool = True
    allow_private: bool = False  # reach private/loopback addresses the seeds did not name
    resolver: Resolver | None = None  # host name -> addresses; None: the system resolver


class PoliteClient:
    """Fetches URLs into Pages, politely; raises a FetchError subclass when a URL fails for good."""

    def __init__(self, options: FetchOptions | None = None, *,
                 session: requests.Session | None = None, gate: HostGate | None = None,
                 seeds: list[str] | tuple[str, ...] = ()) -> None:
        self.options = options or FetchOptions()
        self.policy = AddressPolicy(allow_private=self.options.allow_private,
                                    resolver=self.options.resolver or system_resolver)
        for seed in seeds:
            self.policy.allow(seed)
        self.session = session if session is not None else make_session(None)
        guard_session(self.session, self.policy)
        self.session.headers["User-Agent"] = self.options.user_agent
        # Only what body.py can inflate as a stream under the limit.
        self.session.headers["Accept-Encoding"] = "gzip, deflate"
        self.session.hooks["response"].append(self._cap_body)
        self.gate = gate or HostGate(self.options.delay)
        self.robots = RobotsRules(self.options.user_agent, self._fetch_robots)
        self.network_requests = 0

    def allow(self, url: str) -> None:
        """Let the URL's origin be reached even on a private address (a seed the user gave)."""
        self.policy.allow(url)

    def fetch(self, url: str) -> Page:
        """Return the Page at the URL after redirects; raise a FetchError subclass on failure."""
        seen = {url}
        current = url
        for _hop in range(self.options.max_redirects + 1):
            self._check_allowed(current, original=url)
            resp = self._get(current)
            if resp.is_redirect or (300 <= resp.status_code < 400 and "Location" in resp.headers):
                target = urljoin(current, resp.headers.get("Location", ""))
                resp.close()
                if target in seen:
                    raise TooManyRedirects(f"redirect loop back to {target}", input=url)
                seen.add(target)
                current = target
                continue
            if resp.status_code >= 400:
                raise HTTPStatusError(f"HTTP {resp.status_code} {resp.reason or ''}".strip(),
                                      input=url)
            return self._page(url, current, resp)
        raise TooManyRedirects(f"more than {self.options.max_redirects} redirects", input=url)

    def _check_allowed(self, url: str, *, original: str) -> None:
        scheme = urlsplit(url).scheme.lower()
        if scheme not in ("http", "https"):
            raise UnsupportedScheme(f"only http and https are fetched, not {scheme or 'no scheme'}:",
                                    input=original)
        try:
            # Before robots.txt or anything else goes to the host (connecting checks it again).
            self.policy.vet_url(url)
        except FetchError as exc:
            exc.input = original
            if url != original:
                exc.reason = f"redirected to {url}: {exc.reason}"
            raise
        if not self.options.obey_robots:
            return
        try:
            allowed = self.robots.allowed(url)
        except FetchError as exc:  # the host itself could not be reached for its robots.txt
            exc.input = original
            raise
        if not allowed:
            why = ("robots.txt could not be read, so the host is not crawled"
                   if self.robots.unreachable(url) else "robots.txt disallows it")
            raise RobotsDisallowed(f"{why} for {self.options.user_agent.split('/')[0]}: {url}",
                                   input=original)
        delay = self.robots.crawl_delay(url)
        if delay is not None and delay > self.gate.delay(host_of(url)):
            self.gate.set_delay(host_of(url), delay)

    def _get(self, url: str) -> requests.Response:
        """GET one URL without following redirects, retrying transient failures with backoff."""
        opts = self.options
        host = host_of(url)
        for attempt in range(opts.retries + 1):
            last = attempt == opts.retries
            self.gate.wait(host)
            self.network_requests += 1
            deadline = Deadline(opts.deadline)
            try:
                try:
                    with deadline:
                        resp = self.session.get(url, allow_redirects=False,
                                                timeout=(opts.connect_timeout, opts.read_timeout))
                finally:
                    self.gate.done(host)
            except FetchError as exc:  # size, address, encoding, deadline: final, no retry
                exc.input = url
                raise
            except (requests.RequestException, urllib3.exceptions.HTTPError) as exc:
                if deadline.expired:
                    raise self._late(url) from exc
                if isinstance(exc, requests.Timeout):
                    if last:
                        raise FetchTimeout(f"no answer within {opts.connect_timeout:g}s connect / "
                                           f"{opts.read_timeout:g}s read after {attempt + 1} tries",
                                           input=url) from exc
                    time.sleep(self._backoff(attempt))
                    continue
                if isinstance(exc, (requests.ConnectionError, requests.exceptions.ChunkedEncodingError,
                                    urllib3.exceptions.HTTPError)):
                    if last:
                        raise ConnectionFailed(f"{_connection_reason(exc)} after {attempt + 1} tries",
                                               input=url) from exc
                    time.sleep(self._backoff(attempt))
                    continue
                raise ConnectionFailed(f"request failed: {type(exc).__name__}", input=url) from exc
            if deadline.expired:
                resp.close()
                raise self._late(url)
            if resp.status_code in opts.retry_statuses and not last:
                wait = self._backoff(attempt)
                after = retry_after_seconds(resp.headers.get("Retry-After"))
                if after is not None:
                    if after > opts.max_retry_after:
                        raise HTTPStatusError(f"HTTP {resp.status_code} with Retry-After {after:g}s,"
                                              f" over the {opts.max_retry_after:g}s limit", input=url)
                    wait = max(wait, after)
                resp.close()
                time.sleep(wait)
                continue
            return resp
        raise AssertionError("unreachable")  # the loop returns or raises on its last attempt

    def _backoff(self, attempt: int) -> float:
        return self.options.backoff * (2 ** attempt)

    def _late(self, url: str) -> FetchTimeout:
        return FetchTimeout(f"no complete answer within the {self.options.deadline:g}s deadline "
                            "for one response (the server kept it trickling)", input=url)

    def _body_limit(self, resp: requests.Response) -> int:
        ctype = resp.headers.get("Content-Type", "").lower()
        path = urlsplit(resp.url or "").path.lower()
        if "xml" in ctype or "gzip" in ctype or path.endswith(_XML_SUFFIXES):
            return max(self.options.max_bytes, self.options.max_sitemap_bytes)
        return self.options.max_bytes

    def _cap_body(self, resp: requests.Response, *args: Any, **kwargs: Any) -> requests.Response:
        """Read the body under the size limit before anything (the cache included) keeps it.

        Content-Encoding is undone here, and a gzip payload inflated, as a stream: the body
        kept is the inflated one, and the headers say so.
        """
        limit = self._body_limit(resp)
        if getattr(resp, "_content_consumed", False) or getattr(resp, "from_cache", False):
            body = resp.content or b""  # a cached copy, or this hook's second call (requests-cache)
            if len(body) > limit:
                raise BodyTooLarge(f"body of {len(body):,} bytes is over the {limit:,} byte limit",
                                   input=resp.url)
            return resp
        declared = resp.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > limit:
            resp.close()
            raise BodyTooLarge(f"body of {int(declared):,} bytes is over the {limit:,} byte limit",
                               input=resp.url)
        try:
            body = read_body(resp.raw.stream(65536, decode_content=False),
                             content_encoding=resp.headers.get("Content-Encoding", ""), limit=limit)
        except FetchError as exc:
            resp.close()
            exc.input = resp.url
            raise
        except urllib3.exceptions.ReadTimeoutError as exc:
            resp.close()
            raise requests.exceptions.ReadTimeout(exc) from exc
        except (urllib3.exceptions.HTTPError, OSError) as exc:
            resp.close()
            raise requests.exceptions.ChunkedEncodingError(exc) from exc
        if Deadline.expired_here():
            resp.close()  # a body cut short by the deadline must not reach the cache
            raise self._late(resp.url)
        for name in ("Content-Encoding", "Content-Length"):
            resp.headers.pop(name, None)
        resp._content = body  # requests' own slot for a fully read body
        resp._content_consumed = True
        return resp

    def _fetch_robots(self, url: str) -> tuple[int, str]:
        """Return (status, text) of a robots.txt; 0 when it could not be read whole.

        A host that cannot be reached at all raises (W203 timeout, W204 connection, W209
        refused): the page's error then says so, rather than "robots.txt could not be read".
        """
        current = url
        for _hop in range(self.options.max_redirects + 1):
            try:
                resp = self._get(current)
            except BodyTooLarge:
                return 0, ""
            if 300 <= resp.status_code < 400 and "Location" in resp.headers:
                current = urljoin(current, resp.headers["Location"])
                try:
                    self.policy.vet_url(current)
                except FetchError:
                    return 0, ""  # robots.txt redirected somewhere not allowed: unreadable
                continue
            return resp.status_code, resp.text if resp.status_code < 300 else ""
        return 0, ""

    def _page(self, url: str, final_url: str, resp: requests.Response) -> Page:
        headers = {k: v for k, v in resp.headers.items()}
        body = resp.content or b""
        return Page(url=url, final_url=final_url, status=resp.status_code, body=body,
                    headers=headers, encoding=declared_charset(headers),
                    fetched_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
                    from_cache=bool(getattr(resp, "from_cache", False)))


def _connection_reason(exc: BaseException) -> str:
    """Name a connection failure the way a user reads it: refused, unknown host, broken off."""
    todo, seen = [exc], set()
    while todo:
        cur = todo.pop()
        if id(cur) in seen:
            continue
        seen.add(id(cur))
        if isinstance(cur, urllib3.exceptions.NameResolutionError):
            return "unknown host: the name does not resolve"
        if isinstance(cur, ConnectionRefusedError) or "Connection refused" in str(cur):
            return "connection refused"
        if isinstance(cur, (urllib3.exceptions.ProtocolError, requests.exceptions.ChunkedEncodingError)):
            return "the transfer broke off"
        # requests and urllib3 wrap the cause in args, .reason, __cause__ or __context__
        todo += [e for e in (*cur.args, getattr(cur, "reason", None), cur.__cause__, cur.__context__)
                 if isinstance(e, BaseException)]
    return f"connection failed: {type(exc).__name__}"


def declared_charset(headers: dict[str, str]) -> str | None:
    """Return the charset the Content-Type header declares, as declared (None when it names none).

    Whether to believe it (valid UTF-8 beats a Latin-1 default) is decided once, where the
    body is decoded: pipeline.extract.encoding.decode_html.
    """
    ctype = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
    m = _CHARSET.search(ctype)
    return m.group(1).lower() if m else None


def retry_after_seconds(value: str | None) -> float | None:
    """Return the wait a Retry-After header asks for (seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())
