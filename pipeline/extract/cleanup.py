"""Indonesian clean-up of body paragraphs, driven by rules/sites/_cleanup.toml."""
from __future__ import annotations

import re

from pipeline.rules.sites import Cleanup


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _place(raw: str | None) -> str | None:
    """Return a dateline place in title case ("CIKARANG PUSAT" -> "Cikarang Pusat")."""
    if not raw:
        return None
    raw = _norm(raw).strip(" ,.-")
    return raw.title() if raw.isupper() else raw or None


def split_dateline(first: str, cleanup: Cleanup) -> tuple[str, str | None, bool]:
    """Return (paragraph without its dateline, place or None, whether a dateline was found)."""
    for rx in cleanup.datelines:
        m = rx.match(first)
        if m:
            place = _place(m.groupdict().get("place"))
            return first[m.end():].strip(), place, True
    return first, None, False


def strip_credits(text: str, cleanup: Cleanup) -> str:
    """Remove editors' codes such as "(BC)", "(rfs/jbr)", "(H-4)" closing a paragraph."""
    changed = True
    while changed:
        changed = False
        for rx in cleanup.trailing_credits:
            new = rx.sub("", text).rstrip()
            if new != text:
                text, changed = new, True
    return text


def clean_paragraphs(paras: list[str], cleanup: Cleanup, captions: set[str] | None = None,
                     find_dateline: bool = True) -> tuple[list[str], str | None]:
    """Return the paragraphs with boilerplate, captions, credits and the dateline removed, and the place."""
    captions = captions or set()
    kept: list[str] = []
    for para in paras:
        for rx in cleanup.strip_inline:
            para = rx.sub(" ", para)
        para = _norm(para)
        if not re.search(r"\w", para):  # stray markup or punctuation left by a truncated page
            continue
        if any(rx.search(para) for rx in cleanup.stop_lines):
            break
        if any(rx.search(para) for rx in cleanup.drop_lines):
            continue
        if para.casefold() in captions:
            continue
        kept.append(para)
    place = None
    if find_dateline and kept:
        rest, place, found = split_dateline(kept[0], cleanup)
        if found:
            kept = ([rest] if rest else []) + kept[1:]
    out: list[str] = []
    seen: set[str] = set()
    for para in kept:
        para = strip_credits(para, cleanup)
        key = para.casefold()
        if para and key not in seen and not any(rx.search(para) for rx in cleanup.drop_lines):
            seen.add(key)
            out.append(para)
    return out, place
