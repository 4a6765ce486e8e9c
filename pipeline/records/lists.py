"""Enumerations of regions in one sentence: "Kota Semarang, Kota Salatiga, … dan Kabupaten Pemalang".

List articles name their recipients as coordinated region names, often bare ("Tabalong, Sragen,
dan Temanggung") with the kind given once ("kabupaten terinovatif"). Each name that resolves to
exactly one region becomes a REGION mention; an ambiguous bare name (Bekasi) without a kind
cue is left out rather than guessed.
"""
from __future__ import annotations

import re

from pipeline.lexicon import Lexicon
from pipeline.models import Mention
from pipeline.records.context import ArticleContext

# After a kind word the name may be written in lower case ("kota surakarta"); without one it
# must be capitalised. Names end before a full stop: "… dan Kabupaten Semarang."
# The words (kabupaten, kab., kota, provinsi, prov., pemkab, pemkot, pemprov, pemprop, pemko, in this order)
# are grouped by first letter: the scan tries them at every capital, and most fail at the first.
_KINDWORD = r"(?i:k(?:abupaten|ab\.|ota)|p(?:rovinsi|rov\.|em(?:kab|kot|prov|prop|ko)))"
# Inner dots only for initials ("A.M."), never a full stop. The runs are possessive: a word
# character given back could start neither a separator nor a next word, so backtracking into
# them only costs time (the region-list scan is the records stage's hottest loop).
_REST = r"[\w'’-]*+(?:\.[A-Z][\w'’-]*+)*+"
# Every name starts with a capital or a kind word's k or p (to re.I the Kelvin sign K is a k too):
# the look-ahead lets the scan pass every other position at once instead of trying each kind word.
_NAME_START = r"(?=[A-Zkp\u212a])"
# The next words and the abbreviation are possessive too: with a word or "(KBB)" given back, what
# follows is a capital or "(", which no separator starts with, so a shorter name never matches more.
_NAME = (rf"{_NAME_START}(?:{_KINDWORD}\s+[A-Za-z]{_REST}|[A-Z]{_REST})"
         rf"(?:\s+[A-Z]{_REST}){{0,3}}+(?:\s+\([A-Z]{{2,6}}\))?+")
_NUM = r"(?:\(?\d{1,3}[).]\s*)?"  # numbered lists: "(1) Provinsi Jawa Tengah, (2) …"
_SEP = rf"\s*(?:,\s*(?:dan\s+|serta\s+)?|\s+dan\s+|\s+serta\s+|\s*&\s*){_NUM}"
_LIST = re.compile(rf"{_NAME}(?:{_SEP}{_NAME})+")
_ITEM = re.compile(_NAME)
# Every list has a separator (as _SEP) with a name right after it. These find one fast: each opens
# with a literal, which the regex engine looks for without trying the pattern anywhere else (the
# space before "dan" is checked by a look-behind after it). A sentence with none holds no list and
# needs no scan for one, the stage's costliest.
_NEXT_NAME = rf"{_NUM}{_NAME_START}(?:{_KINDWORD}\s+[A-Za-z]|[A-Z])"
_SEPARATED_NAME = tuple(re.compile(sep + _NEXT_NAME) for sep in
                        (r",\s*(?:dan\s+|serta\s+)?", r"dan(?<=\sdan)\s+", r"serta(?<=\sserta)\s+", r"&\s*"))
# The look-ahead, as in _NAME_START, spares trying each kind word at every position.
_KIND = re.compile(r"(?=[kp])\b(kabupaten/kota|kabupaten|kota|provinsi|pemkab|pemkot|pemprov|pemprop)\b", re.I)
_ABBR_AFTER = re.compile(r"\s+\([A-Z]{2,6}\)$")
_KIND_OF = {"kabupaten": "kabupaten", "pemkab": "kabupaten", "kota": "kota", "pemkot": "kota",
            "provinsi": "provinsi", "pemprov": "provinsi", "pemprop": "provinsi"}
_PREFIX_KIND = {"kabupaten": "kabupaten", "kab.": "kabupaten", "pemkab": "kabupaten", "kota": "kota",
                "pemkot": "kota", "pemko": "kota", "provinsi": "provinsi", "prov.": "provinsi", "pemprov": "provinsi",
                "pemprop": "provinsi"}


def region_lists(ctx: ArticleContext, sent: int) -> list[Mention]:
    """REGION mentions for the items of every list of two or more regions in a sentence."""
    if not ctx.sents:
        return []
    s0, s1 = ctx.sents[sent]
    text = ctx.article.text[s0:s1]
    if not any(p.search(text) for p in _SEPARATED_NAME):
        return []
    out: list[Mention] = []
    for lm in _LIST.finditer(text):
        at = s0 + lm.start()
        names = [(at + im.start(), _item_name(im)) for im in _ITEM.finditer(lm.group(0))]
        names[0] = _without_opening_words(ctx.lex, *names[0])  # "Khusus Klungkung dan Karangasem"
        if sum(_may_resolve(ctx.lex, name) for _, name in names) < 2:
            continue  # most lists name people or offices: what precedes them need not be read
        if ctx.cues.place_before.search(text[max(0, lm.start() - 12):lm.start()]) or any(s0 <= v.start <= at < v.end
                                                          for v in ctx.in_sent(sent, "VENUE")):
            continue  # "di Makassar, Sulawesi Selatan" is a place, not a list of recipients
        kind = _kind_before(text, lm.start())
        items = [Mention("REGION", start, start + len(name), name, rule="list", kb_id=entry.id)
                 for start, name in names if (entry := _resolve(ctx, name, kind)) is not None]
        if len(items) >= 2:
            out += items
    return out


_TITLE_SEP = re.compile(r"\s*(?:,|&|\s(?:dan|serta)\s)\s*", re.I)


def title_regions(ctx: ArticleContext) -> set[str]:
    """Region ids a headline names as a list ("…, Jabar dan Kudus Jadi Daerah …"): bare names the
    headline's spans leave out (Kudus) still count when they stand in a list of regions.

    A headline capitalises every word, so an item is the last words before a separator or the
    first words after one (up to three), whichever resolves to one region.
    """
    chunks = _TITLE_SEP.split(ctx.article.title or "")
    if len(chunks) < 2:
        return set()
    found: set[str] = set()
    for i, chunk in enumerate(chunks):
        words = chunk.split()
        windows = ([words[:n] for n in (3, 2, 1)] if i > 0 else []) + \
                  ([words[-n:] for n in (3, 2, 1)] if i < len(chunks) - 1 else [])
        for w in windows:
            if len(w) and (entry := _resolve(ctx, " ".join(w), None)) is not None:
                found.add(entry.id)
                break
    return found if len(found) >= 2 else set()


def _without_opening_words(lex: Lexicon, start: int, name: str) -> tuple[int, str]:
    """A list's first item without the capitalised words that open its sentence before the region's name
    ("Khusus Klungkung" → "Klungkung"), when the whole item names no region."""
    words = name.split(" ")
    if len(words) < 2 or _may_resolve(lex, name):
        return start, name
    for k in range(1, len(words)):
        rest = " ".join(words[k:])
        if _may_resolve(lex, rest):
            return start + len(name) - len(rest), rest
    return start, name


def _item_name(item: re.Match[str]) -> str:
    """A list item's name without the abbreviation after it ("Kabupaten Bandung Barat (KBB)")."""
    name = item.group(0).strip()
    return _ABBR_AFTER.sub("", name) if name.endswith(")") else name  # only an abbreviation ends so


def _kind_before(text: str, pos: int) -> str | None:
    """The region kind named last before a list ("kategori kabupaten terinovatif … Tabalong, …")."""
    kinds = [m.group(1).lower() for m in _KIND.finditer(text[:pos]) if m.group(1)[0].islower()]
    return _KIND_OF.get(kinds[-1]) if kinds else None


def _resolve(ctx: ArticleContext, name: str, kind: str | None):
    """The one region a list item names, or None."""
    entry = ctx.lex.region_by_name(name)
    if entry is not None:
        return entry
    first, _, rest = name.partition(" ")
    own_kind = _PREFIX_KIND.get(first.lower())
    if own_kind and rest:
        region, _ambiguous = ctx.lex.region_for(rest, own_kind)
        return region
    region, _ambiguous = ctx.lex.region_for(name, kind)
    return region


def _may_resolve(lex: Lexicon, name: str) -> bool:
    """Whether a list item may name a region: False only when _resolve finds none, whatever the list's kind."""
    first, _, rest = name.partition(" ")
    bare = rest if rest and _PREFIX_KIND.get(first.lower()) else name
    return lex.knows_bare(bare) or lex.region_by_name(name) is not None
