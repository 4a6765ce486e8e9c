"""Refuse rule regexes that do not compile or can backtrack catastrophically.

A token regex runs on every distinct word of every article, a site regex on every line of a
page; one regex such as `(a+)+$` or `(a|a)*$` turns a run of a few seconds into hours on one
unlucky word. Such regexes are refused when rules load (so `warta rules check` and every run
name the file and line) rather than given a timeout at match time: a timeout would make the
records depend on the machine's speed, and a rule author learns nothing from a stall.

The check reads Python's own parse of the regex, so it judges what `re` will really execute
(`(\\w|\\d)+` is one character class to `re`, hence safe). Two shapes are refused:
- nested quantifiers: under a repeat, an inner repeat whose characters can also begin what
  follows it (the next round of the outer repeat included): `(a+)+`, `(\\w+\\s?)*`, `(x+x+)+y`;
- overlapping alternatives under a repeat: two branches that can begin with the same
  character, or both match nothing: `(a|a)+`, `(a|aa)*`.
Character sets are compared on a sample alphabet (ASCII plus a few non-ASCII letters, digits
and spaces): enough to tell classes like `\\w`, `\\d`, `\\s`, `[a-z]` and literals apart.
"""
from __future__ import annotations

import re
from re import _constants as C  # noqa: N812 (the parser's opcodes)
from re import _parser

# Repeats allowing more rounds than this count as unbounded (`{1,10}` cannot explode).
_BIG = 10
_ALPHABET = frozenset([*range(0, 128), *map(ord, "éÉñ\u00a0\u2019\u2009٣中")])
_CATEGORIES = {
    C.CATEGORY_DIGIT: str.isdigit, C.CATEGORY_NOT_DIGIT: lambda s: not s.isdigit(),
    C.CATEGORY_SPACE: str.isspace, C.CATEGORY_NOT_SPACE: lambda s: not s.isspace(),
    C.CATEGORY_WORD: lambda s: s.isalnum() or s == "_",
    C.CATEGORY_NOT_WORD: lambda s: not (s.isalnum() or s == "_"),
    C.CATEGORY_LINEBREAK: lambda s: s == "\n", C.CATEGORY_NOT_LINEBREAK: lambda s: s != "\n",
}
_REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT)
_EMPTY: frozenset[int] = frozenset()


def regex_problem(pattern: str) -> str | None:
    """Return why a rule regex is refused (it does not compile, or can backtrack badly), or None."""
    try:
        re.compile(pattern)
    except re.error as exc:
        return f"invalid regex `{pattern}`: {exc}"
    except RecursionError:
        return f"regex `{pattern}` is nested too deeply to compile"
    parsed = _parser.parse(pattern)
    checker = _Checker(bool(parsed.state.flags & re.IGNORECASE))
    try:
        checker.scan(list(parsed), _EMPTY, in_loop=False)
    except _Refused as why:
        return (f"regex `{pattern}` can backtrack catastrophically: {why}; rewrite it so each "
                f"character has one way to match (a character class, or a required separator)")
    return None


class _Refused(Exception):
    pass


class _Checker:
    def __init__(self, ignore_case: bool) -> None:
        self.ignore_case = ignore_case

    # -- what a piece can consume --------------------------------------------------------------

    def _chars(self, op: object, av: object) -> frozenset[int]:
        if op == C.LITERAL:
            out = {av}
        elif op == C.NOT_LITERAL:
            out = set(_ALPHABET - {av})
        elif op == C.ANY:
            out = set(_ALPHABET)
        elif op == C.IN:
            out = {c for c in _ALPHABET if self._in_set(av, c)}  # type: ignore[arg-type]
        else:
            return _EMPTY
        if self.ignore_case:
            out |= {ord(chr(c).swapcase()) for c in out if len(chr(c).swapcase()) == 1}
        return frozenset(out)  # type: ignore[arg-type]

    @staticmethod
    def _in_set(items: list[tuple[object, object]], code: int) -> bool:
        negate = False
        hit = False
        for op, av in items:
            if op == C.NEGATE:
                negate = True
            elif op == C.LITERAL and av == code:
                hit = True
            elif op == C.RANGE and av[0] <= code <= av[1]:  # type: ignore[index]
                hit = True
            elif op == C.CATEGORY and _CATEGORIES.get(av, lambda s: False)(chr(code)):  # type: ignore[arg-type]
                hit = True
        return hit != negate

    def nullable(self, seq: list) -> bool:
        """Whether a sequence can match the empty string."""
        return all(self._nullable_item(op, av) for op, av in seq)

    def _nullable_item(self, op: object, av: object) -> bool:
        if op in (C.LITERAL, C.NOT_LITERAL, C.ANY, C.IN):
            return False
        if op == C.SUBPATTERN:
            return self.nullable(list(av[3]))  # type: ignore[index]
        if op == C.ATOMIC_GROUP:
            return self.nullable(list(av))  # type: ignore[arg-type]
        if op == C.BRANCH:
            return any(self.nullable(list(alt)) for alt in av[1])  # type: ignore[index]
        if op in (*_REPEATS, C.POSSESSIVE_REPEAT):
            return av[0] == 0 or self.nullable(list(av[2]))  # type: ignore[index]
        return True  # anchors, lookarounds, back-references (conservatively empty)

    def first(self, seq: list, follow: frozenset[int]) -> frozenset[int]:
        """Characters that can begin a match of seq, when `follow` can come after it."""
        out: set[int] = set()
        for op, av in seq:
            out |= self._first_item(op, av)
            if not self._nullable_item(op, av):
                return frozenset(out)
        return frozenset(out | follow)

    def _first_item(self, op: object, av: object) -> frozenset[int]:
        if op in (C.LITERAL, C.NOT_LITERAL, C.ANY, C.IN):
            return self._chars(op, av)
        if op == C.SUBPATTERN:
            return self.first(list(av[3]), _EMPTY)  # type: ignore[index]
        if op == C.ATOMIC_GROUP:
            return self.first(list(av), _EMPTY)  # type: ignore[arg-type]
        if op == C.BRANCH:
            return frozenset().union(*(self.first(list(a), _EMPTY) for a in av[1]))  # type: ignore[index]
        if op in (*_REPEATS, C.POSSESSIVE_REPEAT):
            return self.first(list(av[2]), _EMPTY)  # type: ignore[index]
        if op == C.GROUPREF:
            return _ALPHABET
        return _EMPTY

    # -- the search for ambiguity ----------------------------------------------------------------

    def scan(self, seq: list, follow: frozenset[int], *, in_loop: bool) -> None:
        """Walk a sequence knowing what can follow it; raise _Refused on a dangerous shape."""
        follows = [follow] * len(seq)
        after = follow
        for i in range(len(seq) - 1, -1, -1):
            follows[i] = after
            after = self.first([seq[i]], after)
        for (op, av), fol in zip(seq, follows):
            if op == C.SUBPATTERN:
                self.scan(list(av[3]), fol, in_loop=in_loop)
            elif op == C.BRANCH:
                alts = [list(a) for a in av[1]]
                if in_loop:
                    self._check_branches(alts, fol)
                for alt in alts:
                    self.scan(alt, fol, in_loop=in_loop)
            elif op in _REPEATS:
                lo, hi, body = av
                body = list(body)
                big = hi == C.MAXREPEAT or hi > _BIG
                if big and in_loop and self.first(body, _EMPTY) & fol:
                    raise _Refused("a repeat inside a repeated part can take the same characters "
                                   "as what follows it, so the text splits in many ways (nested "
                                   "quantifiers such as (a+)+)")
                if big:
                    # The next round of this repeat may follow its body.
                    self.scan(body, self.first(body, _EMPTY) | fol, in_loop=True)
                else:
                    self.scan(body, fol, in_loop=in_loop)
            # Atomic groups and possessive repeats never backtrack into themselves: safe.

    def _check_branches(self, alts: list[list], follow: frozenset[int]) -> None:
        starts = [self.first(alt, follow) for alt in alts]
        empties = [self.nullable(alt) for alt in alts]
        for i in range(len(alts)):
            for j in range(i + 1, len(alts)):
                if (empties[i] and empties[j]) or starts[i] & starts[j]:
                    raise _Refused("two alternatives under a repeat can match the same text "
                                   "(overlapping alternation such as (a|aa)+ or (x|x)*)")
