"""A polite HTTP client: robots.txt, per-host spacing, retries with backoff, hard limits.

Every request that reaches the network (robots.txt, retries, each redirect hop) passes the
host gate first, so a host never sees more than one request per its delay.
"""
from __future__ import annotations

import email.utils
import re
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests

from pipeline.fetch.cache import make_session
from pipeline.fetch.errors import (BodyTooLarge, ConnectionFailed, FetchTimeout, HTTPStatusError,
                                   RobotsDisallowed, TooManyRedirects, UnsupportedScheme)
from pipeline.fetch.politeness import HostGate, RobotsRules, host_of
from pipeline.models import Page
from pipeline.settings import USER_AGENT

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)
# Single-byte charsets that servers often declare by default while the page is really UTF-8.
_LATIN_DEFAULTS = {"iso-8859-1", "latin-1", "latin1", "windows-1252", "cp1252", "us-ascii", "ascii"}


@dataclass
class FetchOptions:
    """Tunable limits of the HTTP client (a user overrides them by CLI flags)."""

    user_agent: str = USER_AGENT
    delay: float = 1.0  # seconds between two requests to one host (robots Crawl-delay may raise it)
    connect_timeout: float = 5.0
    read_timeout: float = 20.0
    max_bytes: int = 2_000_000
    max_redirects: int = 5
    retries: int = 3
    backoff: float = 1.0  # first retry waits this long, then doubles
    max_retry_after: float = 120.0  # a longer Retry-After is a failure, not a wait
    obey_robots: bool = True


class PoliteClient:
    """Fetches URLs into Pages, politely; raises a FetchError subclass when a URL fails for good."""

    def __init__(self, options: FetchOptions | None = None, *,
                 session: requests.Session | None = None, gate: HostGate | None = None) -> None:
        self.options = options or FetchOptions()
        self.session = session if session is not None else make_session(None)
        self.session.headers["User-Agent"] = self.options.user_agent
        self.session.hooks["response"].append(self._cap_body)
        self.gate = gate or HostGate(self.options.delay)
        self.robots = RobotsRules(self.options.user_agent, self._fetch_robots)
        self.network_requests = 0

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
        if not self.options.obey_robots:
            return
        if not self.robots.allowed(url):
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
            try:
                try:
                    resp = self.session.get(url, timeout=(opts.connect_timeout, opts.read_timeout),
                                            allow_redirects=False)
                finally:
                    self.gate.done(host)
            except BodyTooLarge as exc:
                exc.input = url
                raise
            except requests.Timeout as exc:
                if last:
                    raise FetchTimeout(f"no answer within {opts.connect_timeout:g}s connect / "
                                       f"{opts.read_timeout:g}s read after {attempt + 1} tries",
                                       input=url) from exc
                time.sleep(self._backoff(attempt))
                continue
            except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError) as exc:
                if last:
                    raise ConnectionFailed(f"connection failed after {attempt + 1} tries: "
                                           f"{type(exc).__name__}", input=url) from exc
                time.sleep(self._backoff(attempt))
                continue
            if resp.status_code in RETRY_STATUSES and not last:
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

    def _cap_body(self, resp: requests.Response, *args: Any, **kwargs: Any) -> requests.Response:
        """Read the body under the size limit before anything (the cache included) keeps it."""
        limit = self.options.max_bytes
        declared = resp.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > limit:
            resp.close()
            raise BodyTooLarge(f"body of {int(declared):,} bytes is over the {limit:,} byte limit",
                               input=resp.url)
        buf = bytearray()
        for chunk in resp.iter_content(65536):
            buf += chunk
            if len(buf) > limit:
                resp.close()
                raise BodyTooLarge(f"body passed the {limit:,} byte limit while reading",
                                   input=resp.url)
        resp._content = bytes(buf)  # requests' own slot for a fully read body
        resp._content_consumed = True
        return resp

    def _fetch_robots(self, url: str) -> tuple[int, str]:
        """Return (status, text) of a robots.txt; 0 when the host could not be reached."""
        current = url
        for _hop in range(self.options.max_redirects + 1):
            try:
                resp = self._get(current)
            except (FetchTimeout, ConnectionFailed, BodyTooLarge):
                return 0, ""
            if 300 <= resp.status_code < 400 and "Location" in resp.headers:
                current = urljoin(current, resp.headers["Location"])
                continue
            return resp.status_code, resp.text if resp.status_code < 300 else ""
        return 0, ""

    def _page(self, url: str, final_url: str, resp: requests.Response) -> Page:
        headers = {k: v for k, v in resp.headers.items()}
        body = resp.content or b""
        return Page(url=url, final_url=final_url, status=resp.status_code, body=body,
                    headers=headers, encoding=declared_charset(headers, body),
                    fetched_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
                    from_cache=bool(getattr(resp, "from_cache", False)))


def declared_charset(headers: dict[str, str], body: bytes) -> str | None:
    """Return the charset the Content-Type header declares, unless the body proves it wrong.

    A body that is valid UTF-8 with multi-byte sequences is UTF-8 whatever a Latin-1 default
    in the header says; decoding it as Latin-1 would turn every curly quote into mojibake.
    """
    ctype = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
    m = _CHARSET.search(ctype)
    if not m:
        return None
    charset = m.group(1).lower()
    if charset in _LATIN_DEFAULTS and not body.isascii():
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            return charset
        return "utf-8"
    return charset


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
