"""Page metadata: title, author, section and publication time (JSON-LD, meta, <time>, visible line, URL)."""
from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from typing import Any

from bs4 import BeautifulSoup, Tag

from pipeline.dates import ENGLISH_MONTHS, MONTHS, WIB, parse_datetime, with_default_zone
from pipeline.rules.sites import SiteProfile

_ARTICLE_TYPES = {"newsarticle", "article", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
                  "opinionnewsarticle", "webpage-article", "liveblogposting"}
_META_PUBLISHED = ["article:published_time", "og:article:published_time", "datePublished", "pubdate",
                   "publishdate", "publish-date", "dtk:publishdate", "content_PublishedDate",
                   "sailthru.date", "DC.date.issued", "date", "parsely-pub-date"]
_MONTHS = {**MONTHS, **ENGLISH_MONTHS}  # the visible date line's month, in either language
_MONTH_RX = "|".join(sorted(_MONTHS, key=len, reverse=True))
_VISIBLE = [
    re.compile(rf"(?P<d>\d{{1,2}})\s+(?P<mon>{_MONTH_RX})\.?\s+(?P<y>\d{{4}})\s*[,|–—-]?\s*(?:pukul\s*)?"
               rf"(?P<H>\d{{1,2}})[:.](?P<M>\d{{2}})(?::\d{{2}})?\s*(?P<tz>WIB|WITA|WIT)?", re.I),
    re.compile(r"(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})\s*[,|–—-]?\s*(?:pukul\s*)?"
               r"(?P<H>\d{1,2})[:.](?P<M>\d{2})(?::\d{2})?\s*(?P<tz>WIB|WITA|WIT)?", re.I),
]
_URL_DATE = re.compile(r"/(?P<y>(?:19|20)\d{2})/(?P<m>0?[1-9]|1[0-2])/(?P<d>0?[1-9]|[12]\d|3[01])(?:/|$)")


def _text(el: Tag | None) -> str | None:
    if el is None:
        return None
    value = re.sub(r"\s+", " ", el.get_text(" ")).strip()
    return value or None


def json_ld_article(soup: BeautifulSoup) -> dict[str, Any] | None:
    """Return the first JSON-LD object typed as a news/article (inside @graph too), or None."""
    for script in soup.find_all("script", type=re.compile(r"ld\+json", re.I)):
        raw = (script.string or script.get_text() or "").strip()
        try:
            data = json.loads(raw, strict=False)
        except ValueError:
            # Real sites ship JSON-LD with stray control characters or trailing commas; try once more.
            try:
                data = json.loads(re.sub(r",\s*([}\]])", r"\1", re.sub(r"[\x00-\x1f]", " ", raw)))
            except ValueError:
                continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            obj = stack.pop(0)
            if not isinstance(obj, dict):
                continue
            types = obj.get("@type", [])
            types = [types] if isinstance(types, str) else types
            if any(str(t).lower() in _ARTICLE_TYPES for t in types):
                return obj
            graph = obj.get("@graph")
            if isinstance(graph, list):
                stack.extend(graph)
    return None


def meta_content(soup: BeautifulSoup, *names: str) -> str | None:
    """Return the first non-empty <meta property|name|itemprop=...> content among names."""
    for name in names:
        for attr in ("property", "name", "itemprop"):
            el = soup.find("meta", attrs={attr: name})
            if el is not None and el.get("content", "").strip():
                return el["content"].strip()
    return None


def select_first(root: BeautifulSoup | Tag, selectors: list[str]) -> Tag | None:
    """Return the first element matched by the first selector that matches anything."""
    for sel in selectors:
        el = root.select_one(sel)
        if el is not None:
            return el
    return None


def _iso(dt: datetime, with_time: bool = True) -> str:
    if not with_time:
        return dt.date().isoformat()
    dt = with_default_zone(dt)
    if dt.utcoffset() == timedelta(0):
        # Indonesian sites often publish UTC in JSON-LD; readers expect local (WIB) time.
        dt = dt.astimezone(WIB)
    return dt.isoformat(timespec="seconds")


def parse_machine_date(value: str | None) -> str | None:
    """Parse an ISO-like machine date ("2023-11-02T14:34:19+00:00", "2023/11/02 20:59:53") to ISO with offset."""
    if not value:
        return None
    value = value.strip().replace("/", "-")
    value = re.sub(r"\s+", "T", value, count=1) if re.match(r"\d{4}-\d{2}-\d{2}\s+\d", value) else value
    value = re.sub(r"([+-]\d{2})(\d{2})$", r"\1:\2", value)
    try:
        dt = datetime.fromisoformat(value)
    except ValueError:
        return None
    has_time = "T" in value
    return _iso(dt, with_time=has_time)


def parse_visible_date(text: str | None, date_order: str = "DMY") -> str | None:
    """Parse a visible date line ("Senin, 4 Mei 2020 04:25 WIB", "02/11/2023, 21:34 WIB") to ISO, or None.

    The patterns above find a date with a time in the line; dateparser (pipeline.dates) reads it.
    """
    if not text:
        return None
    for rx in _VISIBLE:
        m = rx.search(text)
        if not m:
            continue
        found = parse_datetime(m.group(0), date_order)
        if found and "T" in found:
            return found
    return None


def url_date(url: str | None) -> str | None:
    """Return the /YYYY/MM/DD/ date in a URL as an ISO date (no time), or None."""
    m = _URL_DATE.search(url or "")
    if not m:
        return None
    try:
        return datetime(int(m.group("y")), int(m.group("m")), int(m.group("d"))).date().isoformat()
    except ValueError:
        return None


def published_time(soup: BeautifulSoup, ld: dict[str, Any] | None, profile: SiteProfile | None,
                   url: str | None) -> str | None:
    """Return the publication time: JSON-LD, meta, profile date, <time>, visible line, then URL date."""
    if ld and isinstance(ld.get("datePublished"), str):
        found = parse_machine_date(ld["datePublished"])
        if found:
            return found
    found = parse_machine_date(meta_content(soup, *_META_PUBLISHED))
    if found:
        return found
    if profile and profile.date:
        el = select_first(soup, profile.date)
        if el is not None:
            raw = el.get(profile.date_attr) if profile.date_attr else None
            order = profile.date_order
            found = parse_machine_date(raw) or parse_visible_date(raw, order) or parse_visible_date(_text(el), order)
            if found:
                return found
    order = profile.date_order if profile else "DMY"
    for el in soup.find_all("time"):
        found = parse_machine_date(el.get("datetime")) or parse_visible_date(_text(el), order)
        if found:
            return found
    body = soup.body or soup
    for node in body.find_all(string=re.compile(r"\d{1,2}[:.]\d{2}")):
        if node.parent is not None and node.parent.name in ("script", "style"):
            continue
        found = parse_visible_date(re.sub(r"\s+", " ", str(node.parent.get_text(" ") if node.parent else node)), order)
        if found:
            return found
    return url_date(url)


_TITLE_TAIL = re.compile(r"\s+[|–—-]\s+[^|–—-]{2,60}$")


def page_title(soup: BeautifulSoup, ld: dict[str, Any] | None, profile: SiteProfile | None) -> str | None:
    """Return the headline: profile selector, JSON-LD headline, og:title, <h1>, then <title> minus the site name."""
    if profile and profile.title:
        found = _text(select_first(soup, profile.title))
        if found:
            return found
    if ld and isinstance(ld.get("headline"), str) and ld["headline"].strip():
        return re.sub(r"\s+", " ", ld["headline"]).strip()
    found = meta_content(soup, "og:title", "twitter:title")
    if found:
        return _TITLE_TAIL.sub("", found)
    h1 = _text(soup.find("h1"))
    if h1:
        return h1
    title = _text(soup.find("title"))
    return _TITLE_TAIL.sub("", title) if title else None


def _ld_name(value: Any) -> str | None:
    if isinstance(value, list):
        names = [n for n in (_ld_name(v) for v in value) if n]
        return ", ".join(names) or None
    if isinstance(value, dict):
        return _ld_name(value.get("name"))
    return value.strip() or None if isinstance(value, str) else None


def page_author(soup: BeautifulSoup, ld: dict[str, Any] | None, profile: SiteProfile | None) -> str | None:
    """Return the author: profile selector, JSON-LD author, then <meta name=author>."""
    if profile and profile.author:
        found = _text(select_first(soup, profile.author))
        if found:
            return found
    return (_ld_name(ld.get("author")) if ld else None) or meta_content(soup, "author", "article:author")


def page_section(soup: BeautifulSoup, ld: dict[str, Any] | None, profile: SiteProfile | None) -> str | None:
    """Return the section: profile selector, article:section meta, then JSON-LD articleSection."""
    if profile and profile.section:
        found = _text(select_first(soup, profile.section))
        if found:
            return found
    found = meta_content(soup, "article:section")
    if found:
        return found
    sec = ld.get("articleSection") if ld else None
    return _ld_name(sec) if sec else None
