"""Where a request may go: public addresses, and the seeds' own origins; checked at connect time.

A page, a redirect, a feed or a sitemap can name any URL, and a name can resolve to anything:
the cloud metadata service (169.254.169.254), a router on 10.0.0.1, a database on another port
of this machine. The crawler asks only the addresses the user asked for: public ones, and each
seed's own origin (scheme, host, port) whatever it resolves to (the tests' local servers, an
intranet seed). `allow_private` lifts the rule for an intranet crawl.

The check runs inside the connection that requests/urllib3 open: the name is resolved once
there, every address it gives is checked, and the socket connects to the checked address
itself, so a name that answers differently the second time (DNS rebinding) gains nothing.
The same session also carries a per-request deadline (see `Deadline`).
"""
from __future__ import annotations

import ipaddress
import socket
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError
from urllib3.util import connection as u3connection

from pipeline.fetch.errors import AddressRefused, ConnectionFailed

# host, port -> the IP addresses the name resolves to (tests pass their own: no real DNS)
Resolver = Callable[[str, int], list[str]]
_DEFAULT_PORTS = {"http": 80, "https": 443}
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def system_resolver(host: str, port: int) -> list[str]:
    """Resolve a host name with the system resolver; raise socket.gaierror when it does not."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def address_kind(ip: str) -> str | None:
    """Return what kind of non-public address an IP is (loopback, private…), or None if public."""
    addr = ipaddress.ip_address(ip.split("%", 1)[0])
    if isinstance(addr, ipaddress.IPv6Address):
        # An IPv4 address wrapped in IPv6 (mapped, 6to4, NAT64) is judged as that IPv4 address.
        if addr.ipv4_mapped is not None:
            addr = addr.ipv4_mapped
        elif addr.sixtofour is not None:
            addr = addr.sixtofour
        elif addr in _NAT64:
            addr = ipaddress.IPv4Address(int(addr) & 0xFFFFFFFF)
    if addr.is_loopback:
        return "loopback"
    if addr.is_link_local:
        return "link-local (cloud metadata)"
    if addr.is_multicast:
        return "multicast"
    if addr.is_unspecified:
        return "unspecified"
    if isinstance(addr, ipaddress.IPv4Address) and addr in ipaddress.ip_network("100.64.0.0/10"):
        return "shared (carrier-grade NAT)"
    if addr.is_reserved:
        return "reserved"
    if addr.is_private:
        return "private"
    if not addr.is_global:
        return "reserved"
    return None


def _norm_host(host: str) -> str:
    return host.strip("[]").rstrip(".").lower()


def origin_of(url: str) -> tuple[str, str, int]:
    """Return (scheme, host, port) of a URL, the port filled in from the scheme."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    return scheme, _norm_host(parts.hostname or ""), parts.port or _DEFAULT_PORTS.get(scheme, 0)


@dataclass
class AddressPolicy:
    """Which (scheme, host, port) may be reached at a non-public address; resolves and vets."""

    allow_private: bool = False
    resolver: Resolver = system_resolver
    origins: set[tuple[str, str, int]] = field(default_factory=set)

    def allow(self, url: str) -> None:
        """Let the URL's own origin be reached whatever it resolves to (a seed the user gave)."""
        self.origins.add(origin_of(url))

    def resolve(self, host: str, port: int) -> list[str]:
        """Return the addresses of a host (an IP literal is its own); gaierror when unknown."""
        host = _norm_host(host)
        try:
            return [str(ipaddress.ip_address(host))]
        except ValueError:
            pass
        ips = self.resolver(host, port)
        if not ips:
            raise socket.gaierror(socket.EAI_NONAME, "name does not resolve")
        return ips

    def vet(self, scheme: str, host: str, port: int, *, url: str = "") -> list[str]:
        """Resolve the host and return its addresses; raise AddressRefused if one is not allowed."""
        ips = self.resolve(host, port)
        if self.allow_private or (scheme, _norm_host(host), port) in self.origins:
            return ips
        for ip in ips:
            kind = address_kind(ip)
            if kind is not None:
                shown = _norm_host(host)
                via = "" if shown == ip else f" resolves to {ip}, which"
                raise AddressRefused(
                    f"{shown}:{port}{via} is a {kind} address the seeds did not name; "
                    f"refused before connecting (--allow-private allows it)", input=url)
        return ips

    def vet_url(self, url: str) -> None:
        """Check a URL before anything is sent; W209 when refused, W204 for an unknown host."""
        scheme, host, port = origin_of(url)
        try:
            self.vet(scheme, host, port, url=url)
        except socket.gaierror as exc:
            raise ConnectionFailed(f"unknown host {host}: the name does not resolve ({exc})",
                                   input=url) from None


class Deadline:
    """A total time limit for one request: when it passes, the connection's socket is shut.

    A read timeout bounds each wait for a byte; a server that sends one byte a second never
    trips it. The deadline bounds the whole exchange: it is armed around the request and the
    body read, and shutting the socket ends whatever read is blocked on it.
    """

    _current = threading.local()

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expired = False
        self._lock = threading.Lock()
        self._done = False
        self._conns: list[HTTPConnection] = []
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> "Deadline":
        Deadline._current.value = self
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            self._done = True
        self._timer.cancel()
        Deadline._current.value = None

    @classmethod
    def expired_here(cls) -> bool:
        """Return whether the deadline of the request running in this thread has passed."""
        current = getattr(cls._current, "value", None)
        return bool(current is not None and current.expired)

    @classmethod
    def watch(cls, conn: HTTPConnection) -> None:
        """Put a connection that starts a request in this thread under the current deadline."""
        current = getattr(cls._current, "value", None)
        if current is None:
            return
        with current._lock:
            current._conns.append(conn)
            if current.expired:
                _shut(conn)

    def _expire(self) -> None:
        with self._lock:
            if self._done:
                return
            self.expired = True
            for conn in self._conns:
                _shut(conn)


def _shut(conn: HTTPConnection) -> None:
    sock = getattr(conn, "sock", None)
    if sock is None:
        return
    try:
        # The plain socket's shutdown, also for TLS: it wakes a read blocked in another thread.
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except OSError:
        pass


class _Guarded:
    """Mixin for urllib3 connections: vet the resolved addresses, connect to a vetted one."""

    policy: AddressPolicy
    scheme_name: str
    host: str
    port: int
    timeout: object
    source_address: object
    socket_options: object

    def _new_conn(self) -> socket.socket:
        try:
            ips = self.policy.vet(self.scheme_name, self.host, self.port)
        except socket.gaierror as exc:
            raise NameResolutionError(self.host, self, exc) from exc  # type: ignore[arg-type]
        last: OSError | None = None
        for ip in ips:
            try:
                sock = u3connection.create_connection(
                    (ip, self.port), self.timeout,  # type: ignore[arg-type]
                    source_address=self.source_address,  # type: ignore[arg-type]
                    socket_options=self.socket_options)  # type: ignore[arg-type]
            except TimeoutError as exc:
                raise ConnectTimeoutError(
                    self, f"Connection to {self.host} timed out. (connect timeout={self.timeout})"
                ) from exc
            except OSError as exc:
                last = exc
                continue
            sys.audit("http.client.connect", self, self.host, self.port)
            return sock
        raise NewConnectionError(self, f"Failed to establish a new connection: {last}")  # type: ignore[arg-type]

    def request(self, *args: object, **kwargs: object) -> None:
        Deadline.watch(self)  # type: ignore[arg-type]
        super().request(*args, **kwargs)  # type: ignore[misc]


class GuardedAdapter(HTTPAdapter):
    """A requests adapter whose connections obey an AddressPolicy and the current Deadline."""

    def __init__(self, policy: AddressPolicy, **kwargs: object) -> None:
        self.policy = policy
        http_conn = type("GuardedHTTPConnection", (_Guarded, HTTPConnection),
                         {"policy": policy, "scheme_name": "http"})
        https_conn = type("GuardedHTTPSConnection", (_Guarded, HTTPSConnection),
                          {"policy": policy, "scheme_name": "https"})
        self._pools = {
            "http": type("GuardedHTTPPool", (HTTPConnectionPool,), {"ConnectionCls": http_conn}),
            "https": type("GuardedHTTPSPool", (HTTPSConnectionPool,), {"ConnectionCls": https_conn}),
        }
        super().__init__(**kwargs)  # type: ignore[arg-type]

    def init_poolmanager(self, *args: object, **kwargs: object) -> None:
        """Build the pool manager with the guarded connection classes."""
        super().init_poolmanager(*args, **kwargs)  # type: ignore[arg-type]
        self.poolmanager.pool_classes_by_scheme = dict(self._pools)


def guard_session(session: object, policy: AddressPolicy) -> None:
    """Mount the guarded adapter for http and https and stop env proxies from bypassing it."""
    adapter = GuardedAdapter(policy)
    session.mount("http://", adapter)  # type: ignore[attr-defined]
    session.mount("https://", adapter)  # type: ignore[attr-defined]
    # Through a proxy the proxy resolves names and connects: no address check could hold.
    session.trust_env = False  # type: ignore[attr-defined]
    session.proxies = {}  # type: ignore[attr-defined]
