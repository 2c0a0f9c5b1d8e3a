r"""A term index: the literal terms of lexicon entries compiled into one prefix-tree regex.

A plain alternation of hundreds of terms is tried branch by branch at every position of a text;
a prefix tree shares the work of common beginnings ("said", "says", "saying"), so one pass over
an article costs about as much as a handful of simple patterns. Each match is mapped back to its
:class:`~reliability.lexicon.Entry` by its normalised text, and the entry's exceptions are checked
around the match, as :class:`~reliability.lexicon.Matcher` does.

Two things keep the scan cheap without changing what it finds:

* The tree is anchored on the non-word character before a term (``\W(tree)``) rather than on a
  lookbehind: a pattern that opens with a character class lets the regex engine skip every
  position inside a word without entering the pattern at all.
* Case-folded terms are matched case-sensitively on a lower-cased copy of the range, where the
  engine can reject a branch on its first letter; offsets are kept because the copy is used only
  when it has the range's length (and holds no dotless i or long s, which the engine's
  case-insensitive mode would also equate with "i" and "s"). Otherwise the case-insensitive
  pattern runs on the original.

Both need every term to begin and end with a word character (as news vocabulary does); an index
with other terms uses the plain ``(?<!\w)(tree)(?!\w)`` pattern throughout.

An index given a shared :class:`~reliability._scan.Scanner` (the extractor passes its lexicon
set's) does not scan the text itself: it tries its trees and patterns only where the scanner's
one pass over the text found one of their leading literals.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cached_property
from typing import Any

from reliability._regex import is_word_char, leading_literals, prefix_union
from reliability._scan import LiteralHits, Scanner
from reliability.lexicon import Entry, ExceptionCheck, LexiconMatch, term_regex

__all__ = ["TermIndex", "normalise"]

_SPACES = re.compile(r"\s+")


def normalise(text: str, *, fold_case: bool = True) -> str:
    """Collapse white space to one space and curly apostrophes to straight ones (and lower-case)."""
    out = _SPACES.sub(" ", text).replace("’", "'")
    return out.lower() if fold_case else out


def _trie_regex(terms: Iterable[str]) -> str:
    """A regex matching exactly the given (normalised) terms, longest alternative first."""
    root: dict[str, Any] = {}
    for term in terms:
        node = root
        for ch in term:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        terminal = "" in node
        branches = []
        for ch in sorted(k for k in node if k):
            if ch == " ":
                head = r"\s+"
            elif ch == "'":
                head = "['’]"
            else:
                head = re.escape(ch)
            branches.append(head + emit(node[ch]))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if terminal:
            return body + "?" if len(branches) == 1 and len(body) == 1 else f"(?:{body})?"
        return body

    return emit(root)


class TermIndex:
    """Literal-term entries of one or more lexicons, matched in one pass as whole words.

    Entries with a ``pattern`` are matched by their own regexes after the prefix tree.

    Args:
        entries: The entries to index; a later entry with the same normalised term is ignored.
    """

    def __init__(self, entries: Iterable[Entry], scanner: Scanner | None = None) -> None:
        """Build the folded and case-sensitive prefix trees and the pattern list.

        Args:
            entries: The entries to index.
            scanner: A scanner shared with other matchers, which finds where a term may begin
                in one pass per text for all of them; by default the index has its own.
        """
        folded: dict[str, Entry] = {}
        exact: dict[str, Entry] = {}
        patterns: list[tuple[re.Pattern[str], Entry]] = []
        for e in entries:
            if e.pattern is not None:
                flags = 0 if e.case_sensitive else re.IGNORECASE
                patterns.append((re.compile(e.pattern, flags), e))
            elif e.case_sensitive:
                exact.setdefault(normalise(e.term or "", fold_case=False), e)
            else:
                folded.setdefault(normalise(e.term or ""), e)
        self._folded = folded
        self._exact = exact
        self._patterns = tuple(patterns)
        # Each tree is written out once; the patterns built on it are compiled when first
        # needed (most texts only ever need the ones the shared scan uses).
        self._folded_tree = _trie_regex(folded) if folded else None
        self._exact_tree = _trie_regex(exact) if exact else None
        self._folded_anchorable = _anchorable(folded, lower=True)
        self._exact_anchorable = _anchorable(exact, lower=False)
        # One regex yields its matches in text order, without overlaps: nothing to sort.
        self._one_regex = bool(folded) + bool(exact) + len(patterns) == 1
        # Where the anchored trees apply, each is tried only where the shared scan found one of
        # its terms' leading literals: ``_heads`` maps a literal to the groups it may begin.
        self._folded_at = _at_word_start(self._folded_tree, self._folded_anchorable)
        self._exact_at = _at_word_start(self._exact_tree, self._exact_anchorable)
        prefixes: dict[str, set[int]] = {}  # literal -> groups: 0 folded, 1 exact, 2+ patterns
        at_word: set[str] = set()
        anywhere: set[str] = set()
        for group, sources in enumerate(
            [[term_regex(t) for t in folded], [term_regex(t) for t in exact]]
            + [[p.pattern] for p, _ in patterns]
        ):
            for source in sources:
                heads = leading_literals(source)
                if heads is None:
                    continue
                for head in heads:
                    prefixes.setdefault(head, set()).add(group)
                (at_word if source.startswith(r"(?<!\w)") else anywhere).update(heads)
        self._prefixes = {k: frozenset(v) for k, v in prefixes.items()}
        self._heads: dict[str, frozenset[int]] = {}
        self._scanned_patterns = frozenset(
            2 + j for j, (p, _) in enumerate(patterns) if leading_literals(p.pattern) is not None
        )
        # The patterns the scan cannot place, each run over the whole range: (group, regex, entry).
        self._unscanned = tuple(
            (2 + j, p, e)
            for j, (p, e) in enumerate(patterns)
            if 2 + j not in self._scanned_patterns
        )
        self._scanner = scanner if scanner is not None else Scanner()
        self._scan_number = self._scanner.add(at_word, anywhere)
        self._exceptions: dict[str, ExceptionCheck] = {}
        for e in (*folded.values(), *exact.values(), *(p[1] for p in patterns)):
            check = ExceptionCheck.of(e)
            if check is not None:
                self._exceptions[e.qualified_id] = check

    @cached_property
    def _folded_re(self) -> re.Pattern[str] | None:
        return _plain(self._folded_tree, re.IGNORECASE)

    @cached_property
    def _exact_re(self) -> re.Pattern[str] | None:
        return _plain(self._exact_tree, 0)

    @cached_property
    def _folded_fast(self) -> re.Pattern[str] | None:
        return _anchored(self._folded_tree, self._folded_anchorable)

    @cached_property
    def _exact_fast(self) -> re.Pattern[str] | None:
        return _anchored(self._exact_tree, self._exact_anchorable)

    def finditer(self, text: str, start: int = 0, end: int | None = None) -> Iterator[LexiconMatch]:
        """Yield matches in ``text[start:end]`` (folded terms, then exact, then patterns)."""
        stop = len(text) if end is None else end
        groups = self._scanned_groups(text, start, stop)
        if groups is not None:
            for group in groups:
                yield from group
            return
        if self._folded_re is not None:
            folded = self._folded
            for s, e, found in self._scan_folded(text, start, stop):
                entry = folded.get(found)
                if entry is None:
                    entry = folded.get(normalise(found))
                if entry is not None and not self._excepted(entry, text, s, e):
                    yield LexiconMatch(entry, s, e)
        if self._exact_re is not None:
            for s, e, found in self._scan_exact(text, start, stop):
                entry = self._exact.get(normalise(found, fold_case=False))
                if entry is not None and not self._excepted(entry, text, s, e):
                    yield LexiconMatch(entry, s, e)
        for regex, entry in self._patterns:
            for m in regex.finditer(text, start, stop):
                if m.end() > m.start() and not self._excepted(entry, text, m.start(), m.end()):
                    yield LexiconMatch(entry, m.start(), m.end())

    def _scanned_groups(self, text: str, start: int, stop: int) -> list[list[LexiconMatch]] | None:
        """Each group's matches by :meth:`_scanned`, or ``None`` where the scan cannot serve."""
        hits = self._scanner.scan(text)
        if (
            hits.lowered is not None
            and (self._folded_at is not None or not self._folded)
            and (self._exact_at is not None or not self._exact)
        ):
            return self._scanned(text, hits, start, stop)
        return None

    def _groups_of(self, literal: str) -> frozenset[int]:
        """The groups (as in ``_prefixes``) of every literal that begins ``literal``."""
        known = self._heads.get(literal)
        if known is None:
            known = self._heads[literal] = frozenset(prefix_union(self._prefixes, literal))
        return known

    def _scanned(
        self, text: str, hits: LiteralHits, start: int, stop: int
    ) -> list[list[LexiconMatch]]:
        """Each group's matches, each tree and pattern tried only where the scan found its literal.

        Groups: 0 the folded tree, 1 the exact tree, 2+ the patterns. Each group keeps the
        non-overlapping, leftmost semantics of its own ``finditer``: a position inside the
        group's previous match is skipped. The folded tree, which most hits concern, is tried
        inline (the same steps as :meth:`_match_group`).
        """
        lowered = hits.lowered
        assert lowered is not None
        positions, literals, indices = hits.mine(self._scan_number, start, stop)
        unscanned = self._unscanned
        if not indices and not unscanned:
            return []
        out: list[list[LexiconMatch]] = [[] for _ in range(2 + len(self._patterns))]
        last_end = [-1] * len(out)
        heads = self._heads
        folded_at, folded = self._folded_at, self._folded
        exceptions = self._exceptions
        for k in indices:
            literal = literals[k]
            groups = heads.get(literal)
            if groups is None:  # never empty: the scan hands over only hits of our literals
                groups = self._groups_of(literal)
            pos = positions[k]
            # is_word_char, inline: this loop runs once per literal hit of the whole text
            at_word_start = pos == 0 or not (
                (before := lowered[pos - 1]).isalnum() or before == "_"
            )
            for g in groups:
                if pos < last_end[g]:
                    continue
                if g == 0:
                    if not at_word_start:
                        continue
                    assert folded_at is not None
                    m = folded_at.match(lowered, pos, stop)
                    if m is None:
                        continue
                    found = m.group()
                    entry = folded.get(found) or folded.get(normalise(found))
                else:
                    m, entry = self._match_group(g, text, lowered, pos, stop, at_word_start)
                    if m is None:
                        continue
                e = last_end[g] = m.end()
                if entry is not None:
                    check = exceptions.get(entry.qualified_id)
                    if check is None or not check.applies(text, pos, e):
                        out[g].append(LexiconMatch(entry, pos, e))
        for g, regex, entry in unscanned:
            for m in regex.finditer(text, start, stop):
                if m.end() > m.start() and not self._excepted(entry, text, m.start(), m.end()):
                    out[g].append(LexiconMatch(entry, m.start(), m.end()))
        return out

    def _match_group(
        self, group: int, text: str, lowered: str, pos: int, stop: int, at_word_start: bool
    ) -> tuple[re.Match[str] | None, Entry | None]:
        """Match one group (0 folded tree, 1 exact tree, 2+ a pattern) at ``pos``.

        Returns the match, if any, and its entry (``None`` for a tree match whose text is no
        indexed term).
        """
        if group >= 2:
            regex, entry = self._patterns[group - 2]
            m = regex.match(text, pos, stop)
            return (m, entry) if m is not None and m.end() > pos else (None, None)
        # The trees need a word start (a position may come from another index's literal).
        if not at_word_start:
            return None, None
        if group == 0:
            assert self._folded_at is not None
            m = self._folded_at.match(lowered, pos, stop)
            if m is None:
                return None, None
            found = m.group()
            return m, self._folded.get(found) or self._folded.get(normalise(found))
        assert self._exact_at is not None
        m = self._exact_at.match(text, pos, stop)
        if m is None:
            return None, None
        return m, self._exact.get(normalise(m.group(), fold_case=False))

    def _scan_folded(self, text: str, start: int, stop: int) -> Iterator[tuple[int, int, str]]:
        """Matches of the folded terms as (start, end, lower-cased text)."""
        assert self._folded_re is not None
        if self._folded_fast is not None:
            piece, base = _piece(text, start, stop)
            lowered = piece.lower()
            if len(lowered) == len(piece) and "ı" not in piece and "ſ" not in piece:
                for m in self._folded_fast.finditer(lowered):
                    yield m.start(1) + base, m.end() + base, m.group(1)
                return
        for m in self._folded_re.finditer(text, start, stop):
            yield m.start(), m.end(), m.group().lower()

    def _scan_exact(self, text: str, start: int, stop: int) -> Iterator[tuple[int, int, str]]:
        """Matches of the case-sensitive terms as (start, end, text)."""
        assert self._exact_re is not None
        if self._exact_fast is not None:
            piece, base = _piece(text, start, stop)
            for m in self._exact_fast.finditer(piece):
                yield m.start(1) + base, m.end() + base, m.group(1)
            return
        for m in self._exact_re.finditer(text, start, stop):
            yield m.start(), m.end(), m.group()

    def matches(self, text: str, start: int = 0, end: int | None = None) -> list[LexiconMatch]:
        """All matches sorted by position."""
        groups = self._scanned_groups(text, start, len(text) if end is None else end)
        if groups is not None:
            # Each group's matches are in text order without overlaps: one group needs no sort.
            full = [group for group in groups if group]
            if len(full) <= 1:
                return full[0] if full else []
            return sorted((m for group in full for m in group), key=_position)
        if self._one_regex:
            return list(self.finditer(text, start, end))
        return sorted(self.finditer(text, start, end), key=_position)

    def _excepted(self, entry: Entry, text: str, s: int, e: int) -> bool:
        check = self._exceptions.get(entry.qualified_id)
        return check is not None and check.applies(text, s, e)


def _position(m: LexiconMatch) -> tuple[int, int]:
    return (m.start, -m.end)


def _plain(tree: str | None, flags: int) -> re.Pattern[str] | None:
    r"""The tree as whole words, ``(?<!\w)tree(?!\w)``; ``None`` for no terms."""
    if tree is None:
        return None
    return re.compile(r"(?<!\w)" + tree + r"(?!\w)", flags)


def _anchorable(terms: dict[str, Entry], *, lower: bool) -> bool:
    r"""Whether ``\W(tree)(?!\w)`` finds what the plain pattern finds.

    It does when every term begins and ends with a word character (and, for folded terms, is
    ASCII apart from apostrophes, so that lower-casing the text is exactly case folding).
    """
    if not terms:
        return False
    for term in terms:
        if not (is_word_char(term[0]) and is_word_char(term[-1])):
            return False
        if lower and not term.replace("'", "").isascii():
            return False
    return True


def _anchored(tree: str | None, anchorable: bool) -> re.Pattern[str] | None:
    r"""The tree after a non-word character, ``\W(tree)(?!\w)``, where that is equivalent."""
    if tree is None or not anchorable:
        return None
    return re.compile(r"\W(" + tree + r")(?!\w)")


def _at_word_start(tree: str | None, anchorable: bool) -> re.Pattern[str] | None:
    r"""The tree of the anchored pattern without its anchor: ``tree(?!\w)``.

    It is matched at a word start the scan found; ``None`` where the anchored form does not apply.
    """
    if tree is None or not anchorable:
        return None
    return re.compile(tree + r"(?!\w)")


def _piece(text: str, start: int, stop: int) -> tuple[str, int]:
    """``text[start:stop]`` with the character before it (a space at the text's start).

    Returns the piece and the offset in ``text`` of the piece's first character.
    """
    if start > 0:
        return text[start - 1 : stop], start - 1
    return " " + text[:stop], -1
