"""The prefix search of spaCy's tokenizer, anchored once instead of per alternative; its infix search,
skipped where no infix can be, and keeping spaCy's hyphenated special cases whole itself.

spaCy compiles its prefixes into one regex of the form `^p1|^p2|…|^p170`. Python's `re`
cannot see that such a pattern only matches at the start, so `search` tries all 170
alternatives at every position of every chunk the tokenizer has not cached: that search was
about 40% of tokenising an Indonesian article. `^(?:p1|p2|…)` tries them at position 0 only and
finds the same match there. A piece may hold an alternation of its own whose later branches are
not anchored (spaCy's HTML-tag prefix `<(b|…)\\s?/>|<a([^>]+)>`): those pieces are searched
in their original form too, so the result is the stock search's, match for match.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

try:  # the parsed form of a regex: which characters an infix can start with
    from re import _constants as _c, _parser  # Python >= 3.11
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _parser  # type: ignore[no-redef]


class PrefixSearch:
    """A drop-in for `Tokenizer.prefix_search`: same matches as spaCy's compiled prefix regex."""

    def __init__(self, prefixes: Iterable[str]) -> None:
        pieces = [p for p in prefixes if p.strip()]
        # What spaCy compiles (util.compile_prefix_regex); kept as `.pattern` so that
        # Tokenizer.to_bytes/to_disk, which read `prefix_search.__self__.pattern`, save it.
        self.pattern = "|".join("^" + p for p in pieces)
        self._at_start = re.compile("^(?:" + "|".join(pieces) + ")")
        # A "|" anywhere in a piece may leave a later branch unanchored, matching past position 0.
        loose = [p for p in pieces if "|" in p]
        self._elsewhere = re.compile("|".join("^" + p for p in loose)) if loose else None

    def search(self, string: str) -> re.Match | None:
        """Return the match spaCy's prefix regex `search` would return."""
        found = self._at_start.match(string)
        if found is not None or self._elsewhere is None:
            return found
        # Nothing at position 0: only an unanchored branch can match, and only further on.
        return self._elsewhere.search(string)


class InfixFinditer:
    """A drop-in for `Tokenizer.infix_finditer`: spaCy's compiled infix regex, not run on plain words.

    The tokenizer looks for infixes in every chunk it has not cached, most of them plain words
    ("Pemerintah", "2019"); each look tries every infix alternative at every position. Every
    Indonesian infix consumes at least one character, and the first character each can consume
    is punctuation or a symbol (read from the parsed patterns when this is built): so in a chunk
    of letters and digits alone none can match, and no search is needed. Any pattern whose first
    character cannot be worked out (a category, a negated class, an optional start) turns the
    shortcut off, and every chunk is searched as spaCy does.

    `whole`: hyphenated words kept as one token ("anak-anak", "Kota-Kota"). spaCy's Indonesian
    keeps ~15,600 of them whole as special cases, and adding those one by one was most of the
    ~2 s it takes to build the tokenizer. Not cutting at their hyphens gives the same tokens
    (tests/test_nlp.py compares both on every special case in context) for a set look-up.
    """

    def __init__(self, infixes: Iterable[str], whole: Iterable[str] = ()) -> None:
        # What spaCy compiles (util.compile_infix_regex); `.pattern` is what Tokenizer.to_bytes saves.
        pieces = [p for p in infixes if p.strip()]
        self.pattern = "|".join(pieces)
        self._regex = re.compile(self.pattern)
        firsts = [_first_chars(_parser.parse(p)) for p in pieces]
        self.skips_words = all(f is not None and not any(ch.isalnum() for ch in f) for f in firsts)
        self.whole = frozenset(whole)
        # A word of n hyphens is 2n + 1 tokens once split: no longer run can be one of them.
        self._longest = 2 * max((w.count("-") for w in self.whole), default=0) + 1

    def finditer(self, string: str) -> Iterator[re.Match]:
        """Return the matches spaCy's infix regex `finditer` would return, less hyphens inside `whole` words."""
        if self.skips_words and string.isalnum():
            return iter(())
        if not self.whole or "-" not in string:
            return self._regex.finditer(string)
        return iter(self._keeping_whole(string, list(self._regex.finditer(string))))

    def _keeping_whole(self, string: str, found: list[re.Match]) -> list[re.Match]:
        """Drop the hyphen matches inside a `whole` word, choosing words as spaCy's special-case matcher does.

        spaCy cuts the chunk at every infix, then its special-case matcher puts back together each
        run of tokens that spells a special case: longest runs first, then leftmost, a run losing
        to one it overlaps. Not cutting inside the same runs gives the same tokens.
        """
        pieces: list[tuple[int, int, re.Match | None]] = []  # the tokens spaCy cuts: (start, end, infix)
        start = 0
        for m in found:
            if m.start() == 0:
                continue  # spaCy ignores an infix at the start of the chunk
            if m.start() != start:
                pieces.append((start, m.start(), None))
            if m.end() != m.start():
                pieces.append((m.start(), m.end(), m))
            start = m.end()
        if start < len(string):
            pieces.append((start, len(string), None))
        runs = []  # word, "-", word, … spelling a whole word: (first piece, last piece + 1)
        for i, (first, _, infix) in enumerate(pieces):
            if infix is not None:
                continue
            for j in range(i + 2, min(len(pieces), i + self._longest), 2):
                hyphen, word = pieces[j - 1], pieces[j]
                if hyphen[2] is None or string[hyphen[0]:hyphen[1]] != "-" or word[2] is not None:
                    break
                if string[first:word[1]] in self.whole:
                    runs.append((i, j + 1))
        if not runs:
            return found
        taken: set[int] = set()
        inside: set[int] = set()  # the hyphens of the runs kept whole
        for a, b in sorted(runs, key=lambda run: (run[0] - run[1], run[0])):
            if a not in taken and b - 1 not in taken:
                inside.update(id(pieces[k][2]) for k in range(a, b) if pieces[k][2] is not None)
            taken.update(range(a, b))  # a run that lost still blocks others, as in spaCy
        return [m for m in found if id(m) not in inside]


_ZERO_WIDTH = {_c.ASSERT, _c.ASSERT_NOT, _c.AT}
_MAX_CLASS = 200_000  # a range wider than this is treated as "anything"


def _first_chars(pattern) -> set[str] | None:
    """Every character a match of the parsed pattern can start with, or None when unsure (or it may be empty)."""
    if pattern.state.flags & (_c.SRE_FLAG_IGNORECASE | _c.SRE_FLAG_VERBOSE):
        return None
    return _first_of(list(pattern))


def _first_of(items: list) -> set[str] | None:
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue  # lookarounds and anchors consume nothing: the next item starts the match
        if op is _c.LITERAL:
            return {chr(av)}
        if op is _c.IN:
            chars: set[str] = set()
            for kind, value in av:
                if kind is _c.LITERAL:
                    chars.add(chr(value))
                elif kind is _c.RANGE and value[1] - value[0] < _MAX_CLASS:
                    chars.update(map(chr, range(value[0], value[1] + 1)))
                else:  # NEGATE, CATEGORY: could be anything
                    return None
            return chars
        if op is _c.SUBPATTERN:
            _group, add_flags, _del_flags, sub = av
            return None if add_flags & _c.SRE_FLAG_IGNORECASE else _first_of(list(sub))
        if op is _c.BRANCH:
            found: set[str] = set()
            for sub in av[1]:
                part = _first_of(list(sub))
                if part is None:
                    return None
                found |= part
            return found
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)) and av[0] >= 1:
            return _first_of(list(av[2]))
        return None  # ANY, optional repeats, back-references …: unsure
    return None  # nothing consumed: it could match the empty string anywhere
