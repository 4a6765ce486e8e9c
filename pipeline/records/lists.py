"""Enumerations of regions in one sentence: "Kota Semarang, Kota Salatiga, … dan Kabupaten Pemalang".

List articles name their recipients as coordinated region names, often bare ("Tabalong, Sragen,
dan Temanggung") with the kind given once ("kabupaten terinovatif"). Each name that resolves to
exactly one region becomes a REGION mention; an ambiguous bare name (Bekasi) without a kind
cue is left out rather than guessed.
"""
from __future__ import annotations

import re

from pipeline.models import Mention
from pipeline.records.context import ArticleContext

# After a kind word the name may be written in lower case ("kota surakarta"); without one it
# must be capitalised. Names end before a full stop: "… dan Kabupaten Semarang."
_KINDWORD = r"(?i:kabupaten|kab\.|kota|provinsi|prov\.|pemkab|pemkot|pemprov|pemko)"
# Inner dots only for initials ("A.M."), never a full stop. The runs are possessive: a word
# character given back could start neither a separator nor a next word, so backtracking into
# them only costs time (the region-list scan is the records stage's hottest loop).
_REST = r"[\w'’-]*+(?:\.[A-Z][\w'’-]*+)*+"
# Every name starts with a capital or a kind word's k or p (to re.I the Kelvin sign K is a k too):
# the look-ahead lets the scan pass every other position at once instead of trying each kind word.
_NAME_START = r"(?=[A-Zkp\u212a])"
_NAME = (rf"{_NAME_START}(?:{_KINDWORD}\s+[A-Za-z]{_REST}|[A-Z]{_REST})"
         rf"(?:\s+[A-Z]{_REST}){{0,3}}(?:\s+\([A-Z]{{2,6}}\))?")
_NUM = r"(?:\(?\d{1,3}[).]\s*)?"  # numbered lists: "(1) Provinsi Jawa Tengah, (2) …"
_SEP = rf"\s*(?:,\s*(?:dan\s+|serta\s+)?|\s+dan\s+|\s+serta\s+|\s*&\s*){_NUM}"
_LIST = re.compile(rf"{_NAME}(?:{_SEP}{_NAME})+")
_ITEM = re.compile(_NAME)
_SEPARATORS = (",", "&", "dan", "serta")  # every _SEP holds one
# The look-ahead, as in _NAME_START, spares trying each kind word at every position.
_KIND = re.compile(r"(?=[kp])\b(kabupaten/kota|kabupaten|kota|provinsi|pemkab|pemkot|pemprov)\b", re.I)
_PLACE_BEFORE = re.compile(r"\b(di|ke|dari)\s*$")
_ABBR_AFTER = re.compile(r"\s+\([A-Z]{2,6}\)$")
_KIND_OF = {"kabupaten": "kabupaten", "pemkab": "kabupaten", "kota": "kota", "pemkot": "kota",
            "provinsi": "provinsi", "pemprov": "provinsi"}
_PREFIX_KIND = {"kabupaten": "kabupaten", "kab.": "kabupaten", "pemkab": "kabupaten", "kota": "kota",
                "pemkot": "kota", "pemko": "kota", "provinsi": "provinsi", "prov.": "provinsi", "pemprov": "provinsi"}


def region_lists(ctx: ArticleContext, sent: int) -> list[Mention]:
    """REGION mentions for the items of every list of two or more regions in a sentence."""
    if not ctx.sents:
        return []
    s0, s1 = ctx.sents[sent]
    text = ctx.article.text[s0:s1]
    if not any(sep in text for sep in _SEPARATORS):
        return []  # no separator, no list: the scan below is the stage's costliest
    out: list[Mention] = []
    venues = [v for v in ctx.in_sent(sent, "VENUE") if s0 <= v.start < s1]
    for lm in _LIST.finditer(text):
        if _PLACE_BEFORE.search(text[:lm.start()]) or any(v.start <= s0 + lm.start() < v.end for v in venues):
            continue  # "di Makassar, Sulawesi Selatan" is a place, not a list of recipients
        kind = _kind_before(text, lm.start())
        items = []
        for im in _ITEM.finditer(lm.group(0)):
            start = s0 + lm.start() + im.start()
            name = _ABBR_AFTER.sub("", im.group(0).strip())  # "Kabupaten Bandung Barat (KBB)"
            entry = _resolve(ctx, name, kind)
            if entry is not None:
                items.append(Mention("REGION", start, start + len(name), name, rule="list", kb_id=entry.id))
        if len(items) >= 2:
            out += items
    return out


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
