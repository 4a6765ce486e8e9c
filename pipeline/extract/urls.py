"""URL helpers for extracted pages: canonical form, same-page links, further pages of an article."""
from __future__ import annotations

import fnmatch
import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from bs4 import BeautifulSoup

from pipeline.rules.sites import Pagination

DEFAULT_TRACKING = ["utm_*", "fbclid", "gclid", "dclid", "msclkid", "yclid", "mc_cid", "mc_eid", "_ga"]
_WAYBACK = re.compile(r"^https?://web\.archive\.org/web/\d+[a-z_]*/(?P<orig>https?://.+)$", re.I)
_PAGE_PARAMS = ("page", "halaman", "hal", "p")


def canonicalize_url(url: str, tracking: list[str] | None = None) -> str:
    """Return the URL with tracking params and fragment removed, host lowercased, archive wrapper unwrapped."""
    # Not courlan.normalize_url (tried on every corpus, dev and general-news URL): it sorts query
    # parameters (which changes the article id of URLs with two or more), keeps the fragment unless
    # strict, and strict drops every parameter off its allowlist (`?id=5` pages would merge); it
    # has its own tracking list, not the one users edit in rules/sites/_cleanup.toml; and it
    # neither unwraps web.archive.org copies nor keeps `//` in a path the site serves.
    url = url.strip()
    m = _WAYBACK.match(url)
    if m:
        url = m.group("orig")
    parts = urlsplit(url)
    globs = tracking if tracking is not None else DEFAULT_TRACKING
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not any(fnmatch.fnmatch(k.lower(), g) for g in globs)]
    host = (parts.hostname or "").lower()
    if parts.port and not ((parts.scheme == "http" and parts.port == 80) or (parts.scheme == "https" and parts.port == 443)):
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme.lower(), host, parts.path or "/", urlencode(query), ""))


def absolute_links(soup: BeautifulSoup, base: str | None) -> list[str]:
    """Return the page's http(s) links made absolute, fragments removed, in page order, once each."""
    seen: dict[str, None] = {}
    for a in soup.find_all("a", href=True):
        href = a["href"].strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:", "whatsapp:")):
            continue
        full = urljoin(base, href) if base else href
        if not full.startswith(("http://", "https://")):
            continue
        m = _WAYBACK.match(full)
        full = (m.group("orig") if m else full).split("#", 1)[0]
        seen.setdefault(full, None)
    return list(seen)


def _page_number(url: str, base: str) -> int | None:
    """Return N when url is page N (N >= 2) of the article at base, by ?page=N or WordPress /N/."""
    u, b = urlsplit(url), urlsplit(base)
    if u.hostname != b.hostname:
        return None
    bpath = b.path.rstrip("/")
    bpath = re.sub(r"/\d{1,3}$", "", bpath) if re.search(r"/\d{4}/\d{2}/\d{2}/[^/]+/\d{1,3}$", bpath) else bpath
    query = dict(parse_qsl(u.query))
    if u.path.rstrip("/") == bpath:
        for key in _PAGE_PARAMS:
            if key in query and query[key].isdigit() and int(query[key]) >= 2:
                return int(query[key])
    m = re.fullmatch(re.escape(bpath) + r"/(\d{1,3})/?", u.path)
    if m and int(m.group(1)) >= 2:
        return int(m.group(1))
    return None


def find_page_urls(soup: BeautifulSoup, base: str | None, pagination: Pagination) -> list[str]:
    """Return the article's further pages (2, 3, ...) linked from this page, in order, without the current one."""
    if not base:
        return []
    candidates: list[str] = []
    for sel in [*pagination.page_links, *pagination.next_selector]:
        candidates += [urljoin(base, a["href"]) for a in soup.select(sel) if a.get("href")]
    # The generic rule: any link to ?page=N or /N/ of this same article.
    candidates += absolute_links(soup, base)
    current = _page_number(base, base) or _current_page(base)
    numbered: dict[int, str] = {}
    for cand in candidates:
        cand = _unwrap(cand).split("#", 1)[0]
        n = _page_number(cand, base)
        if n and n > current and n not in numbered:
            numbered[n] = cand
    return [numbered[n] for n in sorted(numbered)]


def _unwrap(url: str) -> str:
    m = _WAYBACK.match(url)
    return m.group("orig") if m else url


def _current_page(url: str) -> int:
    """Return this URL's own page number (1 when it names none)."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    for key in _PAGE_PARAMS:
        if query.get(key, "").isdigit():
            return int(query[key])
    m = re.search(r"/\d{4}/\d{2}/\d{2}/[^/]+/(\d{1,3})/?$", parts.path)
    return int(m.group(1)) if m else 1


def single_page_url(url: str | None, pagination: Pagination) -> str | None:
    """Return the all-pages view of a multi-page article (`?page=all`, `?single=1`, `/all`) when the site has one."""
    if not url or not pagination.all_param:
        return None
    parts = urlsplit(url)
    if pagination.all_param.startswith("/"):
        return urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/") + pagination.all_param, "", ""))
    key, _, value = pagination.all_param.partition("=")
    query = [(k, v) for k, v in parse_qsl(parts.query) if k not in (key, *_PAGE_PARAMS)] + [(key, value)]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))


def is_single_page_view(url: str | None) -> bool:
    """Return True when the URL already asks for the whole article on one page."""
    if not url:
        return False
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    return query.get("page") == "all" or query.get("single") == "1" or parts.path.rstrip("/").endswith("/all")
