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
from pipeline.rules import Rules

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


def _spelling_regex(spellings: list[str]) -> re.Pattern[str] | None:
    """One case-insensitive, word-bounded alternation, longest spelling first."""
    alts = sorted({s.strip() for s in spellings if s.strip()}, key=len, reverse=True)
    if not alts:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(a) for a in alts) + r")(?!\w)", re.I)


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
        self._units = units
        self._unit_re = _spelling_regex(list(units))
        self._gov_re = _spelling_regex(govs)
        self._titles = sorted(titles, key=lambda t: len(t[0]), reverse=True)
        self._prefixes = sorted(set(prefixes), key=len, reverse=True)
        self._suffixes = suffixes
        self._one_per_region = set(rules.words.get("one_per_region", ()))
        self.person_key = lru_cache(maxsize=200_000)(self._person_key)
        self.unit_key = lru_cache(maxsize=200_000)(self._unit_key)
        self.role = lru_cache(maxsize=20_000)(self._role)
        self._region_re = lru_cache(maxsize=2_000)(self._region_regex)

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

    def _region_regex(self, region: str) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
        e = self._regions.get(region)
        if e is None:
            return _spelling_regex([region]), None
        bare = [e.attrs.get("bare", "")] + [b for b in e.attrs.get("bare_aliases", "").split("|")]
        return _spelling_regex([s for s, _ in e.spellings()]), _spelling_regex([b for b in bare if b])

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
        while words and words[-1].rstrip(".") in {s.rstrip(".") for s in self._suffixes}:
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

    def _spell(self, word: str) -> str:
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
        key = self.person_key(name or "")
        if not key:
            return None
        role = self.role(title)
        return Entity("per-" + stable_hash("person", key, scope, role, length=12), "person", key, scope, role)

    # -- units -----------------------------------------------------------------------------
    def _unit_key(self, name: str, region: str | None) -> str:
        """Return the comparison key of a unit's name in its region: abbreviations expanded, region off."""
        text = " ".join(_PAREN.sub(" ", name).split())
        if region:
            full, bare = self._region_re(region)
            if full is not None:
                text = full.sub(" ", text)
            if bare is not None:
                rest = bare.sub(" ", text).strip()
                expanded = self._units.get(rest.lower(), "").lower()
                # "Disdukcapil Bekasi": a unit a region has only one of, named by the bare region.
                if expanded and self._unit_type.get(expanded) in self._one_per_region:
                    text = rest
        if self._gov_re is not None:
            text = self._gov_re.sub(" ", text)
        if self._unit_re is not None:
            text = self._unit_re.sub(lambda m: " " + self._units[m.group(0).lower()] + " ", text)
        # Units named after people keep their old spellings too: "RSUD dr. Soedirman" = "RSUD dr. Sudirman".
        return " ".join(self._spell(w) for w in _NON_WORD.sub(" ", text.lower()).split())

    def recipient(self, recipient: dict[str, Any]) -> Entity:
        """Return the entity of a record's recipient `{text, name, type, region}`."""
        rtype = recipient.get("type") or "other"
        region = self.region(recipient.get("region"))
        name = recipient.get("name") or recipient.get("text") or ""
        if rtype == "kepala_daerah":
            role, rest = self._title_prefix(" ".join((recipient.get("text") or name).lower().split()))
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
        if not region:
            return text
        for rx in self._region_re(region):
            if rx is not None:
                text = rx.sub(" ", text)
        return " ".join(text.split())

    # -- records ---------------------------------------------------------------------------
    def record_entities(self, rec: dict[str, Any]) -> dict[str, Entity | None]:
        """Return the entities of one record dict: recipient, giver_official, recipient_official."""
        recipient = rec.get("recipient") or {}
        region = self.region(recipient.get("region"))
        giver = rec.get("giver") or {}
        out: dict[str, Entity | None] = {"recipient": self.recipient(recipient)}
        g = rec.get("giver_official")
        gscope = f"agency:{giver['id'].split('.')[0]}" if giver.get("id") else f"region:{region}"
        out["giver_official"] = self.person(g.get("name"), g.get("title"), gscope) if g else None
        r = rec.get("recipient_official")
        out["recipient_official"] = self.person(r.get("name"), r.get("title"), f"region:{region}") if r else None
        return out


_INDEX: dict[int, EntityIndex] = {}


def entity_index(rules: Rules) -> EntityIndex:
    """Return the EntityIndex of a rules object, built once."""
    idx = _INDEX.get(id(rules))
    if idx is None or idx.digest != rules.digest:
        idx = _INDEX[id(rules)] = EntityIndex(rules)
    return idx


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


__all__ = ["Entity", "EntityIndex", "entity_index", "set_entity_ids", "add_entity_ids"]
