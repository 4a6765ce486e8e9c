"""Look-ups derived from the loaded rules: regions by bare name, titles, units, agencies, grades.

A shared leaf: the nlp and records stages both read it; it only reshapes what the rules
loader returned, so rule files stay the single source.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.rules import GazEntry, Rules, per_rules


@dataclass
class Lexicon:
    """Indexes over one Rules object."""

    regions_by_bare: dict[str, list[GazEntry]] = field(default_factory=dict)
    region_names: dict[str, GazEntry] = field(default_factory=dict)
    max_bare_tokens: int = 1
    bare_heads: set[str] = field(default_factory=set)  # the first word of every bare name (lowercase)
    spelled: dict[str, list[GazEntry]] = field(default_factory=dict)  # any spelling (lowercase) → entries

    def region_for(self, bare: str, kind: str | None) -> tuple[GazEntry | None, bool]:
        """Return (region, ambiguous) for a bare name and a cue kind (kabupaten/kota/provinsi/None).

        A bare name shared by a kabupaten and a kota is never guessed: without a cue it
        comes back with ambiguous=True and no region.
        """
        cands = self.regions_by_bare.get(bare.lower(), [])
        if kind:
            typed = [c for c in cands if c.type == kind]
            if typed:
                return typed[0], False
        # A provincial cue ("Gubernur Jambi") with a name that is also a kota: the province wins.
        if not cands:
            return None, False
        if len(cands) == 1:
            return cands[0], False
        return None, True

    def knows_bare(self, bare: str) -> bool:
        """Whether some region goes by this bare name (region_for finds it or calls it ambiguous)."""
        return bare.lower() in self.regions_by_bare

    def region_by_name(self, name: str) -> GazEntry | None:
        """Return the region whose canonical name or alias equals name."""
        return self.region_names.get(" ".join(name.lower().split()))


@per_rules
def lexicon(rules: Rules) -> Lexicon:
    """Return the Lexicon for these rules (built once per Rules object)."""
    lex = Lexicon()
    for e in rules.gazetteer.values():
        for text, _exact in e.spellings():
            lex.spelled.setdefault(" ".join(text.lower().split()), []).append(e)
    for e in rules.entries("REGION"):
        bare = e.attrs.get("bare") or e.canonical.split(" ", 1)[-1]
        extra = [b.strip() for b in e.attrs.get("bare_aliases", "").split("|") if b.strip()]
        for name in dict.fromkeys([bare, *extra]):
            lex.regions_by_bare.setdefault(name.lower(), []).append(e)
            lex.max_bare_tokens = max(lex.max_bare_tokens, len(name.split()))
        for text, _exact in e.spellings():
            lex.region_names.setdefault(" ".join(text.lower().split()), e)
    lex.bare_heads = {bare.split(" ", 1)[0] for bare in lex.regions_by_bare}
    return lex
