r"""One pass per text over the leading literals of every matcher that shares a scanner.

Each lexicon matcher needs to know where in a text one of its entries could begin: a position
where one of the entries' leading literals (see :mod:`reliability._regex`) occurs. Scanning the
text once per matcher costs about as much as a plain word-splitting pass each time, and a run
uses half a dozen matchers. A :class:`Scanner` holds the literals of all of them in one
character trie and scans each text once; every matcher then reads the positions, and the literal
found at each, for the range it is asked about.

Two things keep the pass cheap without changing what it finds (the reasons are the same as in
:mod:`reliability._regex`):

* Literals that may only begin a word are anchored on the non-word character before them,
  ``\W(trie)``, rather than on a lookbehind, so the regex engine skips every position inside a
  word without entering the trie.
* The trie is matched case-sensitively on a lower-cased copy of the text, rejecting a branch on
  its first letter, when that copy keeps every offset and holds no dotless i or long s (which
  the engine's case-insensitive mode, used by the entries' own regexes, equates with "i" and
  "s"). Otherwise the case-insensitive trie runs on the text itself.

The trie gives the longest literal at a position; every shorter literal that begins it stands
there too, and a matcher maps the found literal to its own entries accordingly.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from functools import cached_property
from itertools import accumulate
from operator import add
from typing import NamedTuple

from reliability._regex import (
    is_word_char,
    normalize_space,
    prefix_union,
    trie_first_regex,
    trie_regex,
)

__all__ = ["LiteralHits", "Scanner"]

# The characters case-insensitive matching equates with an ASCII letter that lower-casing does not
# map to it (the standard library's ``re._casefix``): dotless i and long s.
_ASCII_FOLDS = str.maketrans({"ı": "i", "ſ": "s"})


class LiteralHits(NamedTuple):
    """The literals found in one text.

    Attributes:
        positions: Offsets where a literal begins, ascending; a position appears twice when a
            word-start literal and another literal both begin there.
        literals: The literal found at each position, lower-cased, white space folded to one
            space.
        lowered: The lower-cased text when it keeps every offset (and holds no dotless i or long
            s), for matchers that compare lower-cased text; otherwise ``None``.
        by_matcher: For each registered matcher, the positions and literals of the hits one of
            its own literals begins (see :meth:`mine`).
    """

    positions: list[int]
    literals: list[str]
    lowered: str | None
    by_matcher: list[tuple[list[int], list[str]]]

    def mine(self, matcher: int, start: int, end: int) -> tuple[list[int], list[str], range]:
        """The hits of one matcher's literals, and the indices of those in ``[start, end)``.

        Args:
            matcher: The number :meth:`Scanner.add` gave the matcher.
            start: Start of the range.
            end: End of the range.

        Returns:
            Positions and literals (as :attr:`positions` and :attr:`literals`, but only where a
            literal of this matcher begins the one found), and the range of indices into them.
        """
        positions, literals = self.by_matcher[matcher]
        return (
            positions,
            literals,
            range(bisect_left(positions, start), bisect_left(positions, end)),
        )


class _Compiled:
    """The scan's patterns.

    Those for the lower-cased copy are compiled at once; those for texts scanned
    case-insensitively (rare: lower-casing changes their length) on first need.
    """

    def __init__(self, at_word: set[str], anywhere: set[str]) -> None:
        self._word_trie = "(?=(" + trie_regex(at_word) + "))" if at_word else None
        self._any_trie = "(?=(" + trie_regex(anywhere) + "))" if anywhere else None
        # \W(?=(trie)) over " " + lower-cased text: the trie is tried only after a non-word
        # character, which the regex engine skips to.
        self.at_word = re.compile(r"\W" + self._word_trie) if self._word_trie else None
        # The literals found anywhere (few, such as "pic.twitter.com/" and "<tweet"), over the
        # lower-cased text, as an alternation of their first characters (the engine skips to
        # one of those) each followed by a lookahead that captures the rest of the literal.
        self.anywhere = re.compile(trie_first_regex(anywhere)) if anywhere else None
        # literal -> the matchers it concerns (filled in by the scanner)
        self.interested: dict[str, tuple[int, ...]] = {}
        # the same, for the literals that are found as they are registered (no white space to
        # fold): most hits are looked up here at once
        self.direct: dict[str, tuple[int, ...]] = {}

    @cached_property
    def ignorecase(self) -> tuple[re.Pattern[str], ...]:
        """The same, case-insensitive, on the text itself (a lookbehind for the word start)."""
        out = []
        if self._word_trie:
            out.append(re.compile(r"(?<!\w)" + self._word_trie, re.IGNORECASE))
        if self._any_trie:
            out.append(re.compile(self._any_trie, re.IGNORECASE))
        return tuple(out)


class Scanner:
    """The leading literals of several matchers, found in one pass per text.

    A matcher registers its literals with :meth:`add` when it is built; :meth:`scan` returns the
    hits of a text, computing them once for the most recent text (each scorer of a run asks about
    the same Document text in turn).
    """

    def __init__(self) -> None:
        """Start with no literals."""
        self._at_word: set[str] = set()
        self._anywhere: set[str] = set()
        self._owners: dict[str, set[int]] = {}  # literal -> the matchers that registered it
        self._matchers = 0
        self._compiled: _Compiled | None = None
        self._last: tuple[str, LiteralHits] | None = None

    def add(self, at_word: Iterable[str], anywhere: Iterable[str] = ()) -> int:
        """Register a matcher's literals, those that only begin a word and those that may not.

        A literal registered both ways (by one matcher or two) is scanned for everywhere.
        Literals are lower-case, with one space standing for any run of white space.

        Returns:
            The matcher's number, to read its own hits with :meth:`LiteralHits.mine`.
        """
        number = self._matchers
        self._matchers += 1
        at_word, anywhere = set(at_word), set(anywhere)
        for literal in at_word | anywhere:
            self._owners.setdefault(literal, set()).add(number)
        self._anywhere.update(anywhere)
        for literal in at_word:  # only a word character can follow the \W anchor
            (self._at_word if is_word_char(literal[0]) else self._anywhere).add(literal)
        self._compiled = None
        self._last = None
        return number

    def scan(self, text: str) -> LiteralHits:
        """Return the literals found in ``text`` (cached for the most recent text)."""
        last = self._last
        if last is not None and last[0] is text:
            return last[1]
        compiled = self._compiled or self._compile()
        lower = text.lower()
        lowered = None if len(lower) != len(text) or "ı" in text or "ſ" in text else lower
        if lowered is not None:
            found = _found_at_word(compiled.at_word, lowered)
            if compiled.anywhere is not None:
                found += [
                    (m.start(), m[0] + m[m.lastindex or 0])
                    for m in compiled.anywhere.finditer(lowered)
                ]
                found.sort()
        else:
            # Each pattern matches zero or one character before a lookahead that captures the
            # literal, so ``finditer`` goes on from the literal's start: literals that begin
            # inside a longer one are found too.
            found = [
                (m.start(), m[1].lower().translate(_ASCII_FOLDS))
                for pattern in compiled.ignorecase
                for m in pattern.finditer(text)
            ]
            if compiled.anywhere is not None:
                found.sort()
        positions = [p for p, _ in found]
        literals = []
        by_matcher: list[tuple[list[int], list[str]]] = [([], []) for _ in range(self._matchers)]
        direct, interested = compiled.direct, compiled.interested
        for pos, text_literal in found:
            literal = text_literal
            owners = direct.get(literal)
            if owners is None:
                literal = _normalise(text_literal)
                owners = interested.get(literal)
                if owners is None:
                    owners = interested[literal] = self._owners_of(literal)
            literals.append(literal)
            for number in owners:
                mine = by_matcher[number]
                mine[0].append(pos)
                mine[1].append(literal)
        hits = LiteralHits(positions, literals, lowered, by_matcher)
        self._last = (text, hits)
        return hits

    def _compile(self) -> _Compiled:
        compiled = _Compiled(self._at_word - self._anywhere, self._anywhere)
        compiled.interested = {p: self._owners_of(p) for p in self._at_word | self._anywhere}
        compiled.direct = {p: o for p, o in compiled.interested.items() if _normalise(p) == p}
        self._compiled = compiled
        return compiled

    def _owners_of(self, literal: str) -> tuple[int, ...]:
        """The matchers one of whose literals begins ``literal`` (it stands for them all)."""
        return tuple(sorted(prefix_union(self._owners, literal)))


def _found_at_word(pattern: re.Pattern[str] | None, lowered: str) -> list[tuple[int, str]]:
    """The word-start literals in a lower-cased text: ``(offset, literal)``, by offset.

    This is ``[(m.start(1) - 1, m[1]) for m in pattern.finditer(" " + lowered)]``, read off
    ``pattern.split`` instead: the pieces between matches (each match is the one non-word
    character before a literal) give the offsets, without a match object per hit.
    """
    if pattern is None:
        return []
    pieces = pattern.split(" " + lowered)
    literals = pieces[1::2]
    # The k-th hit follows k + 1 pieces of text and k matched characters; the leading " " is
    # not in the lower-cased text, so the offset there is one less.
    offsets = map(add, accumulate(map(len, pieces[0:-1:2])), range(len(literals)))
    return list(zip(offsets, literals, strict=True))


def _normalise(found: str) -> str:
    """Fold each white-space run of a lower-cased literal to one space (most have none)."""
    if found.isprintable() and "  " not in found:
        return found  # no white space but single ASCII spaces
    return normalize_space(found)
