"""The extract stage: HTML page -> clean Article (site profiles, generic fallback, Indonesian clean-up).

`extract_page` reads one page; `join_pages` joins the parts of a multi-page article. Site
profiles and the clean-up vocabulary come from rules/sites/ through pipeline.rules.sites.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup

from pipeline.errors import ExtractError
from pipeline.extract.body import captions, find_body, paragraphs, prune
from pipeline.extract.cleanup import clean_paragraphs
from pipeline.extract.encoding import decode_html
from pipeline.extract.metadata import (json_ld_article, meta_content, page_author, page_section, page_title,
                                       parse_visible_date,
                                       published_time)
from pipeline.extract.urls import (absolute_links, canonicalize_url as _canonicalize, find_page_urls,
                                   is_single_page_view, single_page_url)
from pipeline.models import Article
from pipeline.rules.sites import Pagination, SiteProfile, SiteRules, load_sites
from pipeline.settings import current

__all__ = ["ExtractedPage", "extract_page", "join_pages", "decode_html", "canonicalize_url"]


@dataclass
class ExtractedPage:
    """What one HTML page holds: the article (if any), its further pages, canonical URL and links."""

    article: Article
    page_urls: list[str]
    canonical_url: str | None
    links: list[str]
    is_article: bool
    single_page_url: str | None = None   # the site's all-pages view (?page=all) of a multi-page article
    profile: str | None = None           # id of the site profile used, or None (generic)
    method: str = ""                     # how the body was found: profile:<id>, selector, json-ld, trafilatura


def canonicalize_url(url: str) -> str:
    """Return the URL without tracking params (utm_*, fbclid, ...) or fragment, host lowercased."""
    return _canonicalize(url, load_sites().cleanup.tracking_params)


def _profile_for(rules: SiteRules, soup: BeautifulSoup, host: str | None) -> SiteProfile | None:
    prof = rules.for_host(host)
    if prof is not None:
        return prof
    # No host match: a profile may still claim the page by its markup (a WordPress theme, a .go.id CMS).
    for prof in rules.profiles:
        if prof.detect and any(soup.select_one(sel) is not None for sel in prof.detect):
            return prof
    return None


def _canonical(soup: BeautifulSoup, url: str | None, tracking: list[str]) -> str | None:
    link = soup.find("link", rel=lambda v: v and "canonical" in (v if isinstance(v, list) else [v]))
    href = link.get("href") if link is not None else None
    href = href or meta_content(soup, "og:url")
    if not href or "{{" in href:
        return _canonicalize(url, tracking) if url and url.startswith("http") else None
    full = urljoin(url, href) if url and url.startswith("http") else href
    return _canonicalize(full, tracking) if full.startswith("http") else None


def _fallback_text(html: str, soup: BeautifulSoup, ld: dict | None) -> tuple[list[str], str]:
    """Body paragraphs from JSON-LD articleBody, else trafilatura; ([], "") when neither has one."""
    body = ld.get("articleBody") if ld else None
    if isinstance(body, str) and len(body.strip()) >= current().extract.min_body_chars // 2:
        return [p for p in re.split(r"\s*\n\s*", body.strip()) if p], "json-ld"
    import trafilatura  # slow to import; only pages with no profile and no known body need it

    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True,
                               deduplicate=False)
    if not text:
        return [], ""
    paras = [p.strip() for p in text.splitlines() if p.strip()]
    # A section page comes out of trafilatura as a list of teaser links: not an article.
    anchors = {re.sub(r"\s+", " ", a.get_text(" ")).strip() for a in soup.find_all("a")}
    if paras and sum(p in anchors for p in paras) / len(paras) > 0.5:
        return [], ""
    return paras, "trafilatura"


def _without_headline(paras: list[str], title: str | None) -> list[str]:
    """Drop the headline, byline date or author line that generic extractors keep above the body."""
    head = (title or "").strip().casefold()
    out = list(paras)
    while out and (out[0].casefold() == head or (len(out[0]) < 80 and parse_visible_date(out[0]))):
        out.pop(0)
    return out


def extract_page(html: bytes | str, url: str | None = None, *, encoding: str | None = None,
                 sites_dir: Path | None = None) -> ExtractedPage:
    """Extract one page; raise ExtractError when it is empty/unparseable, or has neither article nor links."""
    text = decode_html(html, encoding) if isinstance(html, bytes) else html
    if not text or not text.strip():
        raise ExtractError("empty document", input=url or "")
    rules = load_sites(sites_dir)
    try:
        soup = BeautifulSoup(text, "lxml")
    except Exception as exc:  # noqa: BLE001 - lxml refuses some byte soups outright
        raise ExtractError(f"HTML could not be parsed: {exc}", input=url or "") from None
    if soup.find() is None or soup.find("html") is None and soup.find("body") is None:
        raise ExtractError("not an HTML document", input=url or "")
    http_url = url if url and url.startswith(("http://", "https://")) else None
    tracking = rules.cleanup.tracking_params
    canonical = _canonical(soup, http_url, tracking)
    host = urlsplit(canonical or http_url or "").hostname
    profile = _profile_for(rules, soup, host)
    ld = json_ld_article(soup)
    links = absolute_links(soup, http_url)
    pagination = profile.pagination if profile else Pagination()
    page_urls = [] if is_single_page_view(http_url) else find_page_urls(soup, http_url, pagination)
    meta = dict(title=page_title(soup, ld, profile), published=published_time(soup, ld, profile, canonical or http_url),
                author=page_author(soup, ld, profile), section=page_section(soup, ld, profile))

    # Captions anywhere on the page: themes put the featured image's caption outside the body,
    # and editors paste it again as the first paragraph.
    caps = captions(soup, rules.cleanup)
    body, method = find_body(soup, profile, rules.cleanup)
    paras: list[str] = []
    if body is not None:
        prune(body, profile, rules.cleanup)
        paras = paragraphs(body)
    # A profile's body is trusted even when short; a guessed container must hold a real body.
    min_body = current().extract.min_body_chars
    if not paras or (not method.startswith("profile") and sum(len(p) for p in paras) < min_body // 2):
        paras, method = _fallback_text(text, soup, ld)
    clean, place = clean_paragraphs(_without_headline(paras, meta["title"]), rules.cleanup, caps)
    body_text = "\n\n".join(clean)
    is_article = bool(clean) and (len(body_text) >= min_body or method.startswith("profile")
                                  or ld is not None or meta_content(soup, "og:type") == "article")
    if not is_article and not links:
        raise ExtractError("no article body found and no links to follow", input=url or "")
    if not is_article:
        body_text, place = "", None
    if url and url.startswith(("http://", "https://")):
        source = {"kind": "http", "location": url}
    else:
        source = {"kind": "file", "location": url} if url else {}
    site = host[4:] if host and host.startswith("www.") else host
    article = Article(text=body_text, url=canonical, site=site, dateline_place=place, source=source, **meta)
    return ExtractedPage(article=article, page_urls=page_urls, canonical_url=canonical, links=links,
                         is_article=is_article, single_page_url=single_page_url(canonical or http_url, pagination)
                         if page_urls else None, profile=profile.id if profile else None, method=method)


def join_pages(parts: list[ExtractedPage]) -> Article:
    """Return one Article from the pages of a multi-page article, in the order given (metadata from page 1)."""
    if not parts:
        raise ExtractError("no pages to join")
    first = parts[0].article
    seen: set[str] = set()
    paras: list[str] = []
    for part in parts:
        for para in part.article.text.split("\n\n"):
            key = para.strip().casefold()
            if key and key not in seen:  # captions and teasers repeat on every page
                seen.add(key)
                paras.append(para.strip())
    return Article(text="\n\n".join(paras), url=first.url, site=first.site, title=first.title,
                   published=first.published, author=first.author, section=first.section,
                   dateline_place=first.dateline_place, source=dict(first.source))
