"""Name normalisation for scoring: recipients, regions, givers, officials and free text.

Vocabulary comes from the loaded rules when given (region, agency, unit, title and honorific
gazetteers); a small built-in core covers the administrative words every article uses, so
the scorer also works on a bare rules folder and in tests.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable

# Structural words of Indonesian administration, not user vocabulary: press short forms of
# the three region kinds and of their governments.
_SHORT_FORMS = {
    "pemkab": "pemerintah kabupaten", "pemkot": "pemerintah kota", "pemprov": "pemerintah provinsi",
    "pemda": "pemerintah daerah", "kab": "kabupaten", "prov": "provinsi", "propinsi": "provinsi",
    "walikota": "wali kota", "wakil walikota": "wakil wali kota", "pj": "penjabat", "plt": "pelaksana tugas",
}
# A head's title names the kind of region they lead ("Wali Kota Banda Aceh" -> Kota Banda Aceh).
_HEAD_KIND = {"bupati": "kabupaten", "wali kota": "kota", "gubernur": "provinsi"}
_KINDS = ("kabupaten", "kota", "provinsi")
_HONORIFICS = {"h", "hj", "dr", "drs", "dra", "ir", "prof", "kh", "hc", "drg", "apt", "ners", "st", "sh", "se",
               "mm", "msi", "mh", "mpd", "ssos", "spd", "skm", "mkes", "sp", "mt", "ak", "ba", "bsc", "msc", "phd"}
_FILLER = {"dan", "serta", "&", "ri", "republik", "indonesia", "pemerintah", "daerah", "the", "of"}
_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")


def squash(text: str | None) -> str:
    """Return text lower-cased with everything but letters and digits removed."""
    return re.sub(r"[^a-z0-9]", "", (text or "").lower())


def words(text: str | None) -> list[str]:
    """Return the lower-case word tokens of text (punctuation dropped)."""
    return _WORD.findall((text or "").lower().replace("’", "'"))


def _drop_parens(text: str) -> tuple[str, list[str]]:
    """Return text without parenthesised parts, and those parts (often abbreviations)."""
    inner = re.findall(r"\(([^)]*)\)", text)
    return re.sub(r"\([^)]*\)", " ", text), inner


def expand_short_forms(text: str) -> str:
    """Return lower-case text with press short forms expanded ("Pemkab" -> "pemerintah kabupaten")."""
    out = " ".join(words(text.replace(".", " ")))
    for short in sorted(_SHORT_FORMS, key=len, reverse=True):
        out = re.sub(rf"\b{re.escape(short)}\b", _SHORT_FORMS[short], out)
    return out


def dice(a: Iterable[str], b: Iterable[str]) -> float:
    """Return the Dice coefficient of two token collections (0 when either is empty)."""
    sa, sb = set(a), set(b)
    if not sa or not sb:
        return 0.0
    return 2 * len(sa & sb) / (len(sa) + len(sb))


def is_acronym(short: str, long_words: list[str]) -> bool:
    """True when short spells the initials of long_words (fillers skipped, head noun optional)."""
    initials = "".join(w[0] for w in long_words if w not in _FILLER)
    s = squash(short)
    return len(s) >= 3 and (s == initials or s == initials[1:])


@dataclass
class Normaliser:
    """Turns names into comparable keys; built from rules gazetteers or the built-in core."""

    region_ids: dict[str, str] = field(default_factory=dict)  # spelling -> region id
    agency_ids: dict[str, str] = field(default_factory=dict)  # spelling -> agency id
    unit_names: dict[str, str] = field(default_factory=dict)  # abbreviation -> canonical
    honorifics: set[str] = field(default_factory=lambda: set(_HONORIFICS))

    @classmethod
    def from_rules(cls, rules: Any | None) -> "Normaliser":
        """Return a Normaliser that also knows the gazetteer spellings of these rules."""
        norm = cls()
        if rules is None:
            return norm
        for entry in rules.gazetteer.values():
            spellings = [text for text, _exact in entry.spellings()]
            if entry.label == "REGION":
                for s in spellings:
                    norm.region_ids.setdefault(" ".join(words(s)), entry.id)
                    # Spacing and hyphens vary ("Tojo Unauna", "Tojo Una-Una"): index the squashed form too.
                    norm.region_ids.setdefault(squash(s), entry.id)
            elif entry.label == "AGENCY":
                for s in spellings:
                    norm.agency_ids.setdefault(" ".join(words(s)), entry.id)
            elif entry.label == "UNIT":
                for s in spellings:
                    if s != entry.canonical:
                        norm.unit_names.setdefault(" ".join(words(s)), entry.canonical)
            elif entry.label == "HONORIFIC":
                norm.honorifics.update(squash(s) for s in spellings if squash(s))
        return norm

    def region_key(self, region: str | None) -> str | None:
        """Return a stable key for a region name ("Kab. Gunung Kidul" = "Kabupaten Gunungkidul")."""
        if not region:
            return None
        plain = " ".join(words(region))
        if plain in self.region_ids:
            return self.region_ids[plain]
        expanded = expand_short_forms(region).replace("pemerintah ", "")
        for key in (expanded, squash(expanded)):
            if key in self.region_ids:
                return self.region_ids[key]
        parts = expanded.split(" ", 1)
        if parts[0] in _KINDS and len(parts) == 2:
            return f"{parts[0]}:{squash(parts[1])}"
        return f"?:{squash(expanded)}"

    def identity_key(self, name: str | None) -> str | None:
        """Return the region a government or head name stands for ("Pemkab Bekasi" -> kabupaten:bekasi)."""
        if not name:
            return None
        text, _inner = _drop_parens(name.split(",")[0])
        expanded = expand_short_forms(text)
        expanded = re.sub(r"\b(pemerintah|wakil|pelaksana tugas|penjabat)\b", " ", expanded)
        expanded = re.sub(r"\b\d{4}\b", " ", expanded)
        for head, kind in _HEAD_KIND.items():
            expanded = re.sub(rf"^\s*{head}\b", kind, expanded.strip())
        parts = expanded.split()
        if not parts or parts[0] not in _KINDS:
            return None
        # A head's name often follows the region ("Bupati Way Kanan Raden Adipati"): the longest
        # known region prefix wins; the whole text is the fallback key.
        for n in range(len(parts), 1, -1):
            prefix = " ".join(parts[:n])
            for key in (prefix, squash(prefix)):
                if key in self.region_ids:
                    return self.region_ids[key]
        return self.region_key(" ".join(parts))

    def unit_tokens(self, name: str, region: str | None) -> list[list[str]]:
        """Return token lists for a unit name minus its region words: the name and each bracketed form."""
        text, inner = _drop_parens(name)
        strip = set(words(region)) | set(_KINDS) | {"pemerintah"}
        forms = []
        for variant in [text, *inner]:
            expanded = expand_short_forms(variant)
            for abbr in sorted(self.unit_names, key=len, reverse=True):
                if re.search(rf"\b{re.escape(abbr)}\b", expanded):
                    expanded = re.sub(rf"\b{re.escape(abbr)}\b", " ".join(words(self.unit_names[abbr])), expanded)
            toks = [t for t in expanded.split() if t not in strip and t not in _FILLER]
            forms.append(toks)
        return [list(dict.fromkeys(f)) for f in forms if f] or [[]]

    def unit_similarity(self, a: str, b: str, region: str | None) -> float:
        """Return 0..1 how surely two unit names ("Dinas Dukcapil Kab X", "Disdukcapil") are one unit."""
        best = 0.0
        for ta in self.unit_tokens(a, region):
            for tb in self.unit_tokens(b, region):
                if not ta and not tb:
                    best = max(best, 1.0)
                    continue
                best = max(best, dice(ta, tb))
                if (len(ta) == 1 and is_acronym(ta[0], tb)) or (len(tb) == 1 and is_acronym(tb[0], ta)):
                    best = max(best, 0.9)
        return best

    def agency_id(self, text: str | None) -> str | None:
        """Return the id of the longest agency spelling found in text, or None."""
        if not text or not self.agency_ids:
            return None
        bare, _inner = _drop_parens(text)
        hits = []
        for variant in (text, bare):
            plain = f" {' '.join(words(variant))} "
            # "Menteri Kesehatan" gives on behalf of "Kementerian Kesehatan".
            for form in (plain, plain.replace(" menteri ", " kementerian ")):
                hits += [(len(s), i) for s, i in self.agency_ids.items() if s and f" {s} " in form]
        return max(hits)[1] if hits else None

    def person_tokens(self, name: str | None) -> set[str]:
        """Return a person's name tokens without honorifics or degrees ("Hj. Ani, S.H." -> {ani})."""
        if not name:
            return set()
        head = name.split(",")[0]
        toks = []
        for raw in head.split():
            if "." in raw.strip(".") and len(raw) <= 6:  # "S.Sos", "A.Md": a degree, not a name
                continue
            key = squash(raw)
            if key and key not in self.honorifics:
                toks.append(key)
        return set(toks)
