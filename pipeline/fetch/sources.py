"""Seeds and what a fetched document leads to: URL files, RSS/Atom feeds, sitemaps, links.

Feeds and sitemaps are read as a stream (lxml iterparse, each entry dropped once read), so a
sitemap at the protocol's limits (50 MB, 50,000 URLs: [fetch] max_sitemap_bytes and [crawl]
max_sitemap_urls in settings.toml) never becomes one big tree in memory; entries past the
limit are ignored, as the protocol allows no more in one file.
"""
from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from lxml import etree

from pipeline.dates import with_default_zone
from pipeline.fetch.body import inflate_bytes
from pipeline.models import Page
from pipeline.settings import current

# Bodies that are no page whatever the Content-Type says: checked by their first bytes.
_MAGIC = {b"%PDF": "PDF document", b"\x89PNG": "PNG image", b"\xff\xd8\xff": "JPEG image",
          b"GIF8": "GIF image", b"PK\x03\x04": "ZIP archive", b"RIFF": "RIFF media"}
_PAGE_TYPES = ("text/html", "application/xhtml", "text/xml", "application/xml", "application/rss",
               "application/atom", "text/plain", "application/x-gzip", "application/gzip")
# Links to these are files, not pages: never queued from a page's links.
_FILE_EXT = re.compile(r"\.(jpe?g|png|gif|webp|svg|ico|bmp|pdf|docx?|xlsx?|pptx?|zip|rar|7z|gz|"
                       r"mp[34]|avi|mov|wmv|webm|css|js|json|woff2?|ttf|apk|exe)$", re.I)
# No DTDs, no entities, no network: a hostile feed cannot expand itself or reach out.
_XML_OPTIONS = dict(recover=True, resolve_entities=False, no_network=True, huge_tree=False,
                    load_dtd=False)


@dataclass(frozen=True)
class Entry:
    """A URL a feed or sitemap lists, with its publication date when it gives one."""

    url: str
    published: datetime | None = None


def read_url_file(path: Path) -> list[str]:
    """Return the URLs in a text file, one a line; blank lines and `#` comments skipped."""
    return url_lines(path.read_text(encoding="utf-8"))


def url_lines(text: str) -> list[str]:
    """Return the URLs in a text, one a line; blank lines and `#` comments skipped."""
    return [line for line in (raw.strip() for raw in text.splitlines()) if line and not line.startswith("#")]


def sniff_kind(page: Page) -> str:
    """Return what a fetched body is: html, rss, atom, sitemap, sitemapindex, or binary."""
    body = _gunzip(page.body)
    head = body[:16]
    if any(head.startswith(m) for m in _MAGIC):
        return "binary"
    ctype = _content_type(page)
    if ctype and not ctype.startswith(_PAGE_TYPES):
        return "binary"
    start = body[:2048].lstrip().lower()
    if start.startswith(b"<?xml") or (ctype and "xml" in ctype and not start.startswith(b"<!doc")):
        name = _root_name(body)
        if name:
            if name in ("rss", "rdf"):
                return "rss"
            if name in ("feed", "urlset", "sitemapindex"):
                return {"feed": "atom", "urlset": "sitemap"}.get(name, name)
    return "html"


def binary_description(page: Page) -> str:
    """Return a short human name for a body that is not a page (for error messages)."""
    for magic, name in _MAGIC.items():
        if page.body.startswith(magic):
            return name
    return _content_type(page) or "unknown content"


def parse_feed(body: bytes, base_url: str) -> list[Entry]:
    """Return the entries of an RSS 2.0, RSS 1.0 (RDF) or Atom feed, in feed order."""
    entries = []
    most = current().crawl.max_sitemap_urls
    for item in _elements(_gunzip(body), ("item", "entry")):
        link = None
        published = None
        for child in item:
            cname = _local(child)
            if cname == "link":
                href = child.get("href")
                rel = child.get("rel", "alternate")
                if href and rel == "alternate":
                    link = href
                elif not href and (child.text or "").strip():
                    link = child.text.strip()
            elif cname in ("pubdate", "published", "date", "issued") and published is None:
                published = parse_when(child.text)
            elif cname == "updated" and published is None:
                published = parse_when(child.text)
        if link is None:
            guid = next((c for c in item if _local(c) == "guid"
                         and c.get("isPermaLink", "true") == "true"), None)
            link = guid.text.strip() if guid is not None and guid.text else None
        if link:
            entries.append(Entry(urljoin(base_url, link), published))
            if len(entries) >= most:
                break
    return entries


def parse_sitemap(body: bytes, base_url: str) -> tuple[list[Entry], list[str]]:
    """Return (page entries, child sitemap URLs) of a sitemap, sitemap index or news sitemap.

    At most [crawl] max_sitemap_urls of them, read as a stream.
    """
    entries: list[Entry] = []
    children: list[str] = []
    most = current().crawl.max_sitemap_urls
    for node in _elements(_gunzip(body), ("url", "sitemap")):
        loc = None
        when = None
        for child in node.iter():
            cname = _local(child)
            if cname == "loc" and child.text and loc is None:
                loc = _absolute(child.text.strip(), base_url)
            elif cname == "publication_date":  # news sitemap: better than lastmod
                when = parse_when(child.text) or when
            elif cname == "lastmod" and when is None:
                when = parse_when(child.text)
        if loc is None:
            continue
        if _local(node) == "sitemap":
            children.append(loc)
        else:
            entries.append(Entry(loc, when))
        if len(entries) + len(children) >= most:
            break
    return entries, children


def page_links(links: list[str], base_url: str) -> list[str]:
    """Return the links of a page worth queueing: same host, http(s), not a file download."""
    host = urlsplit(base_url).netloc.lower()
    out: list[str] = []
    seen: set[str] = set()
    for link in links:
        url = urljoin(base_url, link).split("#", 1)[0]
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or parts.netloc.lower() != host:
            continue
        if _FILE_EXT.search(parts.path) or url in seen:
            continue
        seen.add(url)
        out.append(url)
    return out


def parse_when(text: str | None) -> datetime | None:
    """Return an aware datetime from an ISO 8601, W3C or RFC 822 date string, or None."""
    if not text:
        return None
    text = text.strip()
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            value = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    return with_default_zone(value)  # no zone written: WIB, the one rule (pipeline.dates)


def before(published: datetime | str | None, since: date | None) -> bool:
    """Return whether a publication date is known and earlier than `since`."""
    if since is None or published is None:
        return False
    if isinstance(published, str):
        parsed = parse_when(published) if "T" in published else None
        try:
            day = parsed.date() if parsed else date.fromisoformat(published[:10])
        except ValueError:
            return False
    else:
        day = published.date()
    return day < since


def _content_type(page: Page) -> str:
    ctype = next((v for k, v in page.headers.items() if k.lower() == "content-type"), "")
    return ctype.split(";", 1)[0].strip().lower()


def _gunzip(body: bytes) -> bytes:
    # The HTTP client inflates bodies already; this covers a gzip inside the gzip, bounded.
    return inflate_bytes(body, limit=current().fetch.max_sitemap_bytes)


def _root_name(body: bytes) -> str | None:
    """Return the local name of the document's root element, reading no further than it."""
    try:
        for _event, elem in etree.iterparse(io.BytesIO(body), events=("start",), **_XML_OPTIONS):
            return _local(elem)
    except etree.XMLSyntaxError:
        return None
    return None


def _elements(body: bytes, names: tuple[str, ...]) -> Iterator[etree._Element]:
    """Yield each complete element with one of the local names, freeing it once the caller is done."""
    try:
        for _event, elem in etree.iterparse(io.BytesIO(body), events=("end",), **_XML_OPTIONS):
            if _local(elem) not in names:
                continue
            yield elem
            # Drop what was read: the tree never holds more than the current entry.
            elem.clear()
            parent = elem.getparent()
            if parent is not None:
                while elem.getprevious() is not None:
                    del parent[0]
    except etree.XMLSyntaxError:
        return  # a broken document: keep the entries read before the break


def _absolute(url: str, base_url: str) -> str:
    return url if url.startswith(("http://", "https://")) else urljoin(base_url, url)


def _local(node: etree._Element) -> str:
    tag = node.tag
    if not isinstance(tag, str):  # comments and processing instructions
        return ""
    return tag.rpartition("}")[2].lower()  # "{namespace}name" -> "name"
