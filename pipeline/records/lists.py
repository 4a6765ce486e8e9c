"""Enumerations of regions in one sentence: "Kota Semarang, Kota Salatiga, … dan Kabupaten Pemalang".

List articles name their recipients as coordinated region names, often bare ("Tabalong, Sragen,
dan Temanggung") with the kind given once ("kabupaten terinovatif"). Each name that resolves to
exactly one region becomes a REGION mention; an ambiguous bare name (Bekasi) without a kind
cue is left out rather than guessed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.lexicon import Lexicon
from pipeline.models import Mention
from pipeline.records.context import ArticleContext
from pipeline.rules import Rules, per_rules

# Inner dots only for initials ("A.M."), never a full stop. The runs are possessive: a word
# character given back could start neither a separator nor a next word, so backtracking into
# them only costs time (the region-list scan is the records stage's hottest loop).
_REST = r"[\w'’-]*+(?:\.[A-Z][\w'’-]*+)*+"
_NUM = r"(?:\(?\d{1,3}[).]\s*)?"  # numbered lists: "(1) Provinsi Jawa Tengah, (2) …"
_ABBR_AFTER = re.compile(r"\s+\([A-Z]{2,6}\)$")
# Characters re.I matches with an ASCII letter besides its two cases (the Kelvin sign K is a k).
_FOLDS = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}
_KINDS = ("kabupaten", "kota", "provinsi")  # each has a words.toml list "<kind>_words"


def _by_first_letter(words: list[str]) -> str:
    """The words' alternation grouped by first letter ("k(?:abupaten|ota)|p(?:…)"), longest first in each."""
    # A scan that tries them at every capital fails most at the first letter.
    groups: dict[str, list[str]] = {}
    for w in words:
        groups.setdefault(w[0], []).append(w[1:])
    return "|".join(re.escape(first) + "(?:" + "|".join(re.escape(r) for r in sorted(rest, key=len, reverse=True)) + ")"
                    for first, rest in groups.items()) or "(?!)"


@dataclass(frozen=True)
class _ListPatterns:
    """The region-list patterns, built from the kind words and list joiners of rules/words.toml."""

    list: re.Pattern[str]
    item: re.Pattern[str]
    separated_name: tuple[re.Pattern[str], ...]
    kind: re.Pattern[str]
    kind_of: dict[str, str]  # a kind word before a list → the kind of its items
    prefix_kind: dict[str, str]  # a kind word starting an item → its kind


@per_rules
def _patterns(rules: Rules) -> _ListPatterns:
    """The region-list patterns of these rules (built once per Rules object)."""
    w = rules.words
    prefix_kind = {word: kind for kind in _KINDS for word in w.get(f"{kind}_words", ())}
    firsts = sorted({word[0] for word in prefix_kind})
    joiners = w.get("list_joiners", ())
    # After a kind word the name may be written in lower case ("kota surakarta"); without one it
    # must be capitalised. Names end before a full stop: "… dan Kabupaten Semarang."
    kindword = f"(?i:{_by_first_letter(list(prefix_kind))})"
    # Every name starts with a capital or a kind word's first letter: the look-ahead lets the scan pass
    # every other position at once instead of trying each kind word.
    name_start = "(?=[A-Z" + "".join(re.escape(f) + _FOLDS.get(f, "") for f in firsts) + "])"
    # The next words and the abbreviation are possessive too: with a word or "(KBB)" given back, what
    # follows is a capital or "(", which no separator starts with, so a shorter name never matches more.
    name = (rf"{name_start}(?:{kindword}\s+[A-Za-z]{_REST}|[A-Z]{_REST})"
            rf"(?:\s+[A-Z]{_REST}){{0,3}}+(?:\s+\([A-Z]{{2,6}}\))?+")
    joined = "".join(rf"{re.escape(j)}\s+|" for j in joiners).rstrip("|")
    sep = (rf"\s*(?:,\s*(?:{joined})?|" + "".join(rf"\s+{re.escape(j)}\s+|" for j in joiners)
           + rf"\s*&\s*){_NUM}")
    # Every list has a separator (as sep) with a name right after it. These find one fast: each opens
    # with a literal, which the regex engine looks for without trying the pattern anywhere else (the
    # space before "dan" is checked by a look-behind after it). A sentence with none holds no list and
    # needs no scan for one, the stage's costliest.
    next_name = rf"{_NUM}{name_start}(?:{kindword}\s+[A-Za-z]|[A-Z])"
    separators = ([rf",\s*(?:{joined})?"] + [rf"{re.escape(j)}(?<=\s{re.escape(j)})\s+" for j in joiners]
                  + [r"&\s*"])
    # Lower case before a list: a kind word without a dot, or one naming several kinds (kind None).
    kind_words = [word for word in prefix_kind if "." not in word] + list(w.get("mixed_kind_words", ()))
    kind = re.compile("(?=[" + "".join(sorted({re.escape(k[0]) for k in kind_words})) + r"])\b("
                      + "|".join(re.escape(k) for k in sorted(kind_words, key=len, reverse=True)) + r")\b", re.I)
    built = _ListPatterns(re.compile(rf"{name}(?:{sep}{name})+"), re.compile(name),
                          tuple(re.compile(s + next_name) for s in separators), kind,
                          {k: v for k, v in prefix_kind.items() if "." not in k}, prefix_kind)
    return built


def region_lists(ctx: ArticleContext, sent: int) -> list[Mention]:
    """REGION mentions for the items of every list of two or more regions in a sentence."""
    if not ctx.sents:
        return []
    s0, s1 = ctx.sents[sent]
    text = ctx.article.text[s0:s1]
    pats = _patterns(ctx.rules)
    if not any(p.search(text) for p in pats.separated_name):
        return []
    out: list[Mention] = []
    for lm in pats.list.finditer(text):
        at = s0 + lm.start()
        names = [(at + im.start(), _item_name(im)) for im in pats.item.finditer(lm.group(0))]
        names[0] = _without_opening_words(ctx.lex, pats, *names[0])  # "Khusus Klungkung dan Karangasem"
        if sum(_may_resolve(ctx.lex, name, pats) for _, name in names) < 2:
            continue  # most lists name people or offices: what precedes them need not be read
        if ctx.cues.place_before.search(text[max(0, lm.start() - 12):lm.start()]) or any(s0 <= v.start <= at < v.end
                                                          for v in ctx.in_sent(sent, "VENUE")):
            continue  # "di Makassar, Sulawesi Selatan" is a place, not a list of recipients
        kind = _kind_before(text, lm.start(), pats)
        items = [Mention("REGION", start, start + len(name), name, rule="list", kb_id=entry.id)
                 for start, name in names if (entry := _resolve(ctx, name, kind, pats)) is not None]
        if len(items) >= 2:
            out += items
    return out


def title_regions(ctx: ArticleContext) -> set[str]:
    """Region ids a headline names as a list ("…, Jabar dan Kudus Jadi Daerah …"): bare names the
    headline's spans leave out (Kudus) still count when they stand in a list of regions.

    A headline capitalises every word, so an item is the last words before a separator or the
    first words after one (up to three), whichever resolves to one region.
    """
    pats = _patterns(ctx.rules)
    chunks = ctx.cues.title_separator.split(ctx.article.title or "")
    if len(chunks) < 2:
        return set()
    found: set[str] = set()
    for i, chunk in enumerate(chunks):
        words = chunk.split()
        windows = ([words[:n] for n in (3, 2, 1)] if i > 0 else []) + \
                  ([words[-n:] for n in (3, 2, 1)] if i < len(chunks) - 1 else [])
        for w in windows:
            if len(w) and (entry := _resolve(ctx, " ".join(w), None, pats)) is not None:
                found.add(entry.id)
                break
    return found if len(found) >= 2 else set()


def _without_opening_words(lex: Lexicon, pats: _ListPatterns, start: int, name: str) -> tuple[int, str]:
    """A list's first item without the capitalised words that open its sentence before the region's name
    ("Khusus Klungkung" → "Klungkung"), when the whole item names no region."""
    words = name.split(" ")
    if len(words) < 2 or _may_resolve(lex, name, pats):
        return start, name
    for k in range(1, len(words)):
        rest = " ".join(words[k:])
        if _may_resolve(lex, rest, pats):
            return start + len(name) - len(rest), rest
    return start, name


def _item_name(item: re.Match[str]) -> str:
    """A list item's name without the abbreviation after it ("Kabupaten Bandung Barat (KBB)")."""
    name = item.group(0).strip()
    return _ABBR_AFTER.sub("", name) if name.endswith(")") else name  # only an abbreviation ends so


def _kind_before(text: str, pos: int, pats: _ListPatterns) -> str | None:
    """The region kind named last before a list ("kategori kabupaten terinovatif … Tabalong, …")."""
    kinds = [m.group(1).lower() for m in pats.kind.finditer(text[:pos]) if m.group(1)[0].islower()]
    return pats.kind_of.get(kinds[-1]) if kinds else None


def _resolve(ctx: ArticleContext, name: str, kind: str | None, pats: _ListPatterns):
    """The one region a list item names, or None."""
    entry = ctx.lex.region_by_name(name)
    if entry is not None:
        return entry
    first, _, rest = name.partition(" ")
    own_kind = pats.prefix_kind.get(first.lower())
    if own_kind and rest:
        region, _ambiguous = ctx.lex.region_for(rest, own_kind)
        return region
    region, _ambiguous = ctx.lex.region_for(name, kind)
    return region


def _may_resolve(lex: Lexicon, name: str, pats: _ListPatterns) -> bool:
    """Whether a list item may name a region: False only when _resolve finds none, whatever the list's kind."""
    first, _, rest = name.partition(" ")
    bare = rest if rest and pats.prefix_kind.get(first.lower()) else name
    return lex.knows_bare(bare) or lex.region_by_name(name) is not None
