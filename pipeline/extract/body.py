"""Find the article body in a parsed page and cut it into paragraphs (no clean-up of wording here)."""
from __future__ import annotations

import re

from bs4 import BeautifulSoup, Comment, Declaration, Doctype, NavigableString, ProcessingInstruction, Tag

from pipeline.rules.sites import Cleanup, SiteProfile
from pipeline.settings import current

BLOCK_TAGS = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "section", "article", "ul", "ol",
    "table", "tr", "td", "th", "figure", "header", "footer", "aside", "pre", "dl", "dt", "dd", "center",
    "main", "nav", "address", "hr", "tbody", "thead",
}
_SKIP_STRINGS = (Comment, Declaration, Doctype, ProcessingInstruction)
_RELATED_BOXES = ["div", "section", "aside", "ul", "ol", "table", "p", "dl"]


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def link_density(el: Tag) -> float:
    """Return the share of an element's text that sits inside links (1.0 for a list of links)."""
    total = len(_norm(el.get_text(" ")))
    if not total:
        return 0.0
    linked = sum(len(_norm(a.get_text(" "))) for a in el.find_all("a"))
    return min(1.0, linked / total)


def find_body(soup: BeautifulSoup, profile: SiteProfile | None, cleanup: Cleanup) -> tuple[Tag | None, str]:
    """Return the body element and how it was found ("profile:<id>", "selector", or "" when none)."""
    if profile and profile.body:
        for sel in profile.body:
            found = soup.select(sel)
            if found:
                return _largest(found), f"profile:{profile.id}"
    candidates = []
    least = current().extract.min_body_chars // 2  # a candidate holds half a body at least
    for sel in cleanup.body_selectors:
        for el in soup.select(sel):
            if len(_norm(el.get_text(" "))) >= least and link_density(el) < 0.5:
                candidates.append(el)
        if candidates:
            return _largest(candidates), "selector"
    return None, ""


def _largest(elements: list[Tag]) -> Tag:
    # Several matches (a teaser box and the article) share a class: the article is the longest.
    return max(elements, key=lambda el: len(_norm(el.get_text(" "))))


def captions(body: Tag, cleanup: Cleanup) -> set[str]:
    """Return the normalised caption texts under an element (to drop paragraphs that repeat them)."""
    found: set[str] = set()
    for sel in cleanup.caption_selectors:
        for el in body.select(sel):
            text = _norm(el.get_text(" "))
            if text:
                found.add(text.casefold())
                cap = el.find(["figcaption", "p"], recursive=True) if el.name in ("figure", "div") else None
                if cap is not None and _norm(cap.get_text(" ")):
                    found.add(_norm(cap.get_text(" ")).casefold())
    return found


def prune(body: Tag, profile: SiteProfile | None, cleanup: Cleanup) -> None:
    """Remove scripts, ads, captions, share rows and related-post boxes from the body in place."""
    for sel in [*cleanup.drop_selectors, *cleanup.caption_selectors, *(profile.drop if profile else [])]:
        for el in body.select(sel):
            if el is not body:
                el.decompose()
    heads = tuple(h.casefold() for h in cleanup.related_headings)
    for el in body.find_all(_RELATED_BOXES):
        if getattr(el, "decomposed", False):  # inside a box already removed
            continue
        text = _norm(el.get_text(" ")).casefold()
        if text.startswith(heads) and (len(text) < 400 or link_density(el) > 0.4) and el.find("a") is not None:
            el.decompose()


def paragraphs(body: Tag) -> list[str]:
    """Cut the body into paragraphs: one per block element or <br>-separated line, whitespace normalised."""
    out: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        text = _norm("".join(buf))
        buf.clear()
        if text:
            out.append(text)

    def walk(node: Tag) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if not isinstance(child, _SKIP_STRINGS):
                    buf.append(str(child))
            elif isinstance(child, Tag):
                if child.name == "br":
                    flush()
                elif child.name in BLOCK_TAGS:
                    flush()
                    walk(child)
                    flush()
                else:
                    walk(child)

    walk(body)
    flush()
    return out
