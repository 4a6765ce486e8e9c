"""Entity ids across articles: one id per person (in a scope and role) and per unit (in a region).

An id is a hash of a canonical key, so it is computed record by record, with no index of what
came before: "Syafruddin" and "Drs. Syafrudin, M.Si." (Menteri PANRB) give one id, as do
"Disdukcapil Kab. Bekasi" and "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Bekasi".
The key of a person holds their scope (the giver's agency, or the recipient's region) and the
kind of their title, so two people with one name in two regions or roles get two ids.
Every spelling rule comes from the rules folder (gazetteers and rules/entities.toml).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pipeline.models import AwardRecord, stable_hash
from pipeline.rules import Rules, per_rules

_PAREN = re.compile(r"\([^()]*\)")
_NON_WORD = re.compile(r"[^\w]+")
_DOUBLE = re.compile(r"([a-z])\1+")
# Title kinds (titles.tsv `type`) folded into the role an entity key carries.
_ROLE = {"head": "head", "deputy": "deputy", "bureaucrat": "bureaucrat", "central": "central",
         "minister": "central", "president": "central"}


@dataclass(frozen=True)
class Entity:
    """One canonical entity: its id, kind (person or org), name key and the scope it lives in."""

    id: str
    kind: str
    key: str
    scope: str
    role: str = ""


def _str(value: Any) -> str:
    """A field as text: a hand-edited line may hold a number or null where a name belongs."""
    return value if isinstance(value, str) else ""


def _words(text: str) -> str:
    """Lower-cased words with the punctuation around them dropped ("Kab. Bekasi," → "kab. bekasi")."""
    return " ".join(w.strip(",;:") for w in text.lower().split() if w.strip(",;:"))


class EntityIndex:
    """The spelling knowledge entity keys need, built once per rules folder."""

    def __init__(self, rules: Rules) -> None:
        er = rules.entities
        self.digest = rules.digest
        self._name_words = er.name_words
        self._letters = er.name_letters
        self._collapse = er.collapse_double_letters
        self._acting = tuple(sorted(er.acting_words, key=len, reverse=True))
        units: dict[str, str] = {}
        self._unit_type: dict[str, str] = {}
        govs: list[str] = []
        self._regions: dict[str, Any] = {}
        self._region_alias: dict[str, str] = {}
        titles: list[tuple[str, str]] = []
        prefixes: list[str] = []
        suffixes: set[str] = set()
        for e in rules.gazetteer.values():
            spellings = [s for s, _ in e.spellings()]
            if e.label == "UNIT":
                for s in spellings:
                    units.setdefault(s.lower(), e.canonical)
                self._unit_type[e.canonical.lower()] = e.type
            elif e.label == "REGIONAL_GOV":
                govs.extend(spellings)
            elif e.label == "REGION":
                self._regions[e.canonical] = e
                for s in spellings:
                    self._region_alias.setdefault(s.lower(), e.canonical)
            elif e.label == "TITLE":
                titles.extend((s.lower(), e.type) for s in spellings)
            elif e.label == "HONORIFIC":
                (prefixes.extend if e.type == "prefix" else suffixes.update)(s.lower() for s in spellings)
        self._units = {_words(k): v for k, v in units.items()}
        self._govs = frozenset(_words(g) for g in govs)
        self._longest = max((k.count(" ") + 1 for k in [*self._units, *self._govs]), default=1)
        self._titles = sorted(titles, key=lambda t: len(t[0]), reverse=True)
        self._prefixes = sorted(set(prefixes), key=len, reverse=True)
        self._suffixes = frozenset(x.rstrip(".") for x in suffixes)
        self._one_per_region = set(rules.words.get("one_per_region", ()))
        self.person_key = lru_cache(maxsize=200_000)(self._person_key)
        self.unit_key = lru_cache(maxsize=200_000)(self._unit_key)
        self.role = lru_cache(maxsize=20_000)(self._role)
        self._spell = lru_cache(maxsize=200_000)(self._spell_word)
        self._recipient = lru_cache(maxsize=200_000)(self._recipient_entity)
        self._region_spellings = lru_cache(maxsize=2_000)(self._region_spellings)  # type: ignore[method-assign]

    # -- regions ---------------------------------------------------------------------------
    def region(self, name: str | None) -> str | None:
        """Return the canonical region for a spelling ("Kab. Bekasi" → "Kabupaten Bekasi"), else the input."""
        if not name:
            return None
        return self._region_alias.get(name.strip().lower(), name.strip())

    def province(self, region: str | None) -> str | None:
        """Return the province a canonical region lies in (a province is its own), or None."""
        e = self._regions.get(self.region(region) or "")
        return e.attrs.get("province") if e is not None else None

    def _region_spellings(self, region: str) -> tuple[frozenset[str], frozenset[str]]:
        """The lower-cased spellings of one region: full ("kab. bekasi") and bare ("bekasi")."""
        e = self._regions.get(region)
        if e is None:
            return frozenset({_words(region)}), frozenset()
        bare = [e.attrs.get("bare", "")] + e.attrs.get("bare_aliases", "").split("|")
        return frozenset(_words(s) for s, _ in e.spellings()), frozenset(_words(b) for b in bare if b)

    # -- people ----------------------------------------------------------------------------
    def _strip_honorifics(self, low: str) -> str:
        low = low.split(",", 1)[0].strip()  # degrees follow a comma: "Kustini, S.Sos."
        changed = True
        while changed and low:
            changed = False
            for p in self._prefixes:
                if low.startswith(p) and (len(low) == len(p) or not low[len(p)].isalnum()):
                    low = low[len(p):].lstrip(" .")
                    changed = True
                    break
        words = low.split()
        while words and words[-1].rstrip(".") in self._suffixes:
            words.pop()
        return " ".join(words)

    def _person_key(self, name: str) -> str:
        """Return the comparison key of a person's name: no honorifics, unified spellings."""
        low = " ".join(_PAREN.sub(" ", name).lower().split())
        low = self._strip_honorifics(low)
        out = []
        for word in low.split():
            word = self._name_words.get(word, self._name_words.get(word.rstrip("."), word))
            word = self._spell(_NON_WORD.sub("", word))
            if word:
                out.append(word)
        return " ".join(out)

    def _spell_word(self, word: str) -> str:
        """One word with the spelling rewrites of rules/entities.toml (Soedirman → sudirman)."""
        for a, b in self._letters:
            word = word.replace(a, b)
        return _DOUBLE.sub(r"\1", word) if self._collapse else word

    def _title_prefix(self, low: str) -> tuple[str, str]:
        """Split a leading title (after acting markers) off a lower-cased text: (kind, rest)."""
        for a in self._acting:
            if low.startswith(a + " "):
                low = low[len(a) + 1:]
                break
        for spelling, kind in self._titles:
            if low.startswith(spelling) and (len(low) == len(spelling) or not low[len(spelling)].isalnum()):
                return _ROLE.get(kind, ""), low[len(spelling):].strip()
        return "", low

    def _role(self, title: str | None) -> str:
        """Return the role kind of a title ("Plt Bupati Bekasi" → head, "Menteri PAN-RB" → central)."""
        if not title:
            return ""
        return self._title_prefix(" ".join(_PAREN.sub(" ", title).lower().split()))[0]

    def person(self, name: str | None, title: str | None, scope: str) -> Entity | None:
        """Return the entity of one person in a scope, or None when no name is left."""
        key = self.person_key(_str(name))
        if not key:
            return None
        role = self.role(_str(title))
        return Entity("per-" + stable_hash("person", key, scope, role, length=12), "person", key, scope, role)

    # -- units -----------------------------------------------------------------------------
    def _unit_key(self, name: str, region: str | None) -> str:
        """Return the comparison key of a unit's name in its region: abbreviations expanded, region off.

        Word n-grams are looked up in dicts (longest first), not matched with one regex of every
        spelling: a regex alternation of hundreds of names is tried at every position of the text.
        """
        toks = _words(_PAREN.sub(" ", name)).split()
        full, bare = self._region_spellings(region) if region else (frozenset(), frozenset())
        out: list[str] = []
        units: list[str] = []
        i, n = 0, len(toks)
        while i < n:
            for size in range(min(self._longest, n - i), 0, -1):
                span = " ".join(toks[i:i + size])
                if span in full or span in self._govs:
                    break  # the region (or "Pemkab") is the record's region field, not part of the unit's name
                unit = self._units.get(span)
                if unit is not None:
                    out.append(unit.lower())
                    units.append(unit.lower())
                    break
            else:
                size = 1
                out.append(toks[i])
            i += size
        # "Disdukcapil Bekasi": a unit a region has only one of, named by the region's bare name.
        if len(units) == 1 and len(out) >= 2 and out[0] == units[0] and \
                self._unit_type.get(units[0]) in self._one_per_region and " ".join(out[1:]) in bare:
            out = out[:1]
        # Units named after people keep their old spellings too: "RSUD dr. Soedirman" = "RSUD dr. Sudirman".
        return " ".join(self._spell(w) for w in _NON_WORD.sub(" ", " ".join(out)).split())

    def recipient(self, recipient: dict[str, Any]) -> Entity:
        """Return the entity of a record's recipient `{text, name, type, region}`."""
        rtype, region, name, text = (_str(recipient.get(k)) for k in ("type", "region", "name", "text"))
        return self._recipient(rtype or "other", region or None, name or text, text)

    def _recipient_entity(self, rtype: str, region_text: str | None, name: str, text: str) -> Entity:
        region = self.region(region_text)
        if rtype == "kepala_daerah":
            role, _ = self._title_prefix(" ".join((text or name).lower().split()))
            person_name = name
            name_role, name_rest = self._title_prefix(" ".join(name.lower().split()))
            if name_role:  # "Bupati Ngawi": the office, no holder named
                person_name = self._strip_region(name_rest, region)
            entity = self.person(person_name, None, f"region:{region}")
            role = role or name_role or "head"
            if entity is not None:
                return Entity("per-" + stable_hash("person", entity.key, entity.scope, role, length=12),
                              "person", entity.key, entity.scope, role)
            return Entity("org-" + stable_hash("office", region or "", role, length=12), "org",
                          f"{role} {region or ''}".strip(), f"region:{region}", role)
        if rtype == "pemda" and region:
            key = f"pemerintah {region.lower()}"
        else:
            key = self.unit_key(name, region)
        return Entity("org-" + stable_hash(rtype, region or "", key, length=12), "org", key, f"region:{region}")

    def _strip_region(self, text: str, region: str | None) -> str:
        """Drop the region's spellings (full or bare) from a lower-cased text ("bupati ngawi" → "bupati")."""
        if not region:
            return text
        full, bare = self._region_spellings(region)
        words = text.split()
        for size in range(len(words), 0, -1):
            for i in range(len(words) - size + 1):
                if " ".join(words[i:i + size]) in full | bare:
                    return " ".join(words[:i] + words[i + size:])
        return text

    # -- records ---------------------------------------------------------------------------
    def record_entities(self, rec: dict[str, Any]) -> dict[str, Entity | None]:
        """Return the entities of one record dict: recipient, giver_official, recipient_official."""
        recipient, giver, g, r = ((v if isinstance(v, dict) else {}) for v in (
            rec.get("recipient"), rec.get("giver"), rec.get("giver_official"), rec.get("recipient_official")))
        region = self.region(recipient.get("region"))
        out: dict[str, Entity | None] = {"recipient": self.recipient(recipient)}
        gscope = f"agency:{str(giver['id']).split('.')[0]}" if giver.get("id") else f"region:{region}"
        out["giver_official"] = self.person(g.get("name"), g.get("title"), gscope) if g else None
        out["recipient_official"] = self.person(r.get("name"), r.get("title"), f"region:{region}") if r else None
        return out


def check_entity_examples(rules: Rules) -> list[tuple[tuple[str, ...], str]]:
    """Return (pair, message) for every example pair of rules/entities.toml the rules do not satisfy."""
    ix = entity_index(rules)
    out = []
    for kind, pairs in rules.entities.examples.items():
        same = kind.startswith("same")
        for pair in pairs:
            a, b = (ix.person_key(pair[0]), ix.person_key(pair[1])) if kind.endswith("names") else \
                (ix.unit_key(pair[0], pair[2]), ix.unit_key(pair[1], pair[2]))
            if (a == b) != same:
                out.append((pair, f"{kind}: {pair[0]!r} and {pair[1]!r} give keys {a!r} and {b!r}, "
                                  f"{'not one' if same else 'one'}"))
    return out


@per_rules
def entity_index(rules: Rules) -> EntityIndex:
    """Return the EntityIndex of a rules object, built once."""
    return EntityIndex(rules)


def set_entity_ids(rec: dict[str, Any], index: EntityIndex) -> dict[str, Any]:
    """Write `entity_id` into a record dict's recipient and officials (in place); return the dict."""
    for field, entity in index.record_entities(rec).items():
        if entity is not None and isinstance(rec.get(field), dict):
            rec[field]["entity_id"] = entity.id
    return rec


def add_entity_ids(records: list[AwardRecord], rules: Rules) -> list[AwardRecord]:
    """Give each record's recipient and officials their entity ids; return the records."""
    index = entity_index(rules)
    for r in records:
        set_entity_ids(r.__dict__, index)
    return records


__all__ = ["Entity", "EntityIndex", "entity_index", "set_entity_ids", "add_entity_ids", "check_entity_examples"]
