"""Per-host politeness: a gate that spaces requests to one host, and robots.txt rules."""
from __future__ import annotations

import threading
import time
from collections.abc import Callable
from urllib.parse import urlsplit

from protego import Protego

from pipeline.errors import WartaError


def host_of(url: str) -> str:
    """Return the host[:port] a URL points at, lower-cased; politeness is keyed on it."""
    return urlsplit(url).netloc.lower()


class HostGate:
    """Hands out request slots so one host never sees two requests closer than its delay.

    Slots are reserved under a lock and slept outside it, so concurrent threads that target
    the same host queue up instead of racing, while other hosts proceed in parallel.
    """

    def __init__(self, default_delay: float) -> None:
        self.default_delay = default_delay
        self._lock = threading.Lock()
        self._next: dict[str, float] = {}
        self._delay: dict[str, float] = {}
        self.log: dict[str, list[float]] = {}  # request times per host, for audits and the bench

    def set_delay(self, host: str, seconds: float) -> None:
        """Raise a host's delay (e.g. to its robots.txt Crawl-delay); never lowers the default."""
        with self._lock:
            self._delay[host] = max(self.default_delay, seconds)

    def delay(self, host: str) -> float:
        """Return the minimum spacing between two requests to a host."""
        return self._delay.get(host, self.default_delay)

    def ready_at(self, host: str) -> float:
        """Return the monotonic time at which the host may next be asked."""
        return self._next.get(host, 0.0)

    def wait(self, host: str) -> None:
        """Block until this thread may send one request to the host, and book that slot."""
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next.get(host, 0.0))
            self._next[host] = slot + self.delay(host)
            self.log.setdefault(host, []).append(slot)
        if slot > now:
            time.sleep(slot - now)

    def done(self, host: str) -> None:
        """Note that a request to the host just finished: the next waits a full delay from now.

        Spacing from the booked slot alone is not enough: a thread can be held up (the GIL, a
        slow connect) between booking and sending, and the next request then lands early.
        """
        with self._lock:
            self._next[host] = max(self._next.get(host, 0.0), time.monotonic() + self.delay(host))


class RobotsRules:
    """robots.txt per host, fetched once; RFC 9309: 4xx allows all, 5xx or no answer forbids all.

    A host that cannot be reached at all (the fetch raises a WartaError: refused, timed out,
    not an allowed address) fails each of its URLs with that same error.
    """

    def __init__(self, user_agent: str, fetch_text: Callable[[str], tuple[int, str]]) -> None:
        self.user_agent = user_agent
        self._fetch_text = fetch_text
        self._lock = threading.Lock()
        self._host_locks: dict[str, threading.Lock] = {}
        self._rules: dict[str, Protego | None] = {}  # None: robots unreachable, forbid all
        self._allow_all: set[str] = set()
        self._failed: dict[str, WartaError] = {}  # hosts whose robots.txt fetch failed for good

    def _load(self, url: str) -> Protego | None:
        parts = urlsplit(url)
        host = parts.netloc.lower()
        with self._lock:
            lock = self._host_locks.setdefault(host, threading.Lock())
        with lock:
            if host in self._failed:
                # The host could not be reached for its robots.txt: each URL fails the same way.
                first = self._failed[host]
                raise type(first)(first.reason, input=url)
            if host in self._rules or host in self._allow_all:
                return self._rules.get(host)
            try:
                status, text = self._fetch_text(f"{parts.scheme}://{parts.netloc}/robots.txt")
            except WartaError as exc:
                self._failed[host] = exc
                raise type(exc)(exc.reason, input=url) from None
            if 200 <= status < 300:
                self._rules[host] = Protego.parse(text)
            elif 400 <= status < 500:
                self._allow_all.add(host)
            else:
                self._rules[host] = None
            return self._rules.get(host)

    def allowed(self, url: str) -> bool:
        """Return whether robots.txt lets our user agent fetch the URL."""
        rules = self._load(url)
        if host_of(url) in self._allow_all:
            return True
        return rules is not None and rules.can_fetch(url, self.user_agent)

    def unreachable(self, url: str) -> bool:
        """Return whether the host's robots.txt could not be read (so everything is forbidden)."""
        host = host_of(url)
        return host in self._rules and self._rules[host] is None

    def crawl_delay(self, url: str) -> float | None:
        """Return the host's Crawl-delay for our user agent, if robots.txt sets one."""
        rules = self._load(url)
        if rules is None:
            return None
        delay = rules.crawl_delay(self.user_agent)
        return float(delay) if delay is not None else None

    def sitemaps(self, url: str) -> list[str]:
        """Return the sitemaps robots.txt announces for the URL's host."""
        rules = self._load(url)
        return list(rules.sitemaps) if rules is not None else []
