"""Regex analysis for fast lexicon matching: leading literals and character tries.

A lexicon family may hold hundreds of entries. One alternation of all of them is slow in
Python's regex engine (every alternative is tried at every position, and word-boundary
lookbehinds defeat its literal-prefix scan). Instead, each entry's regex is read once, when the
matcher is built, for the literal strings one of which begins every match; one character trie
of those literals finds candidate positions in a single fast pass, and each candidate entry's own
regex then confirms the match there.

The standard library's regex parser (``re._parser`` from Python 3.11, ``sre_parse`` before) is
used read-only to find the literals; an entry it cannot read is simply scanned in full.
"""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from itertools import pairwise
from typing import Any, NamedTuple, TypeVar

__all__ = [
    "Alternation",
    "can_match_empty",
    "is_word_char",
    "leading_literals",
    "normalize_space",
    "prefix_union",
    "required_literal",
    "split_alternation",
    "trie_first_regex",
    "trie_regex",
]

_SPACE_RUN = re.compile(r"\s+")
T = TypeVar("T")
_NEW_RE = sys.version_info >= (3, 11)
_sre_parser: Any = importlib.import_module("re._parser" if _NEW_RE else "sre_parse")
_sre_constants: Any = importlib.import_module("re._constants" if _NEW_RE else "sre_constants")


def leading_literals(regex: str, *, limit: int = 64) -> frozenset[str] | None:
    """Return lower-case literal strings one of which begins every match of ``regex``.

    The regex is parsed (not run): leading zero-width assertions are skipped, literals are
    collected, alternatives and optional groups branch, and collection stops at the first
    element that is not a literal. ``None`` means no such set was found (a match may begin with
    a character class, or the set would exceed ``limit``): the entry must be scanned in full.
    """
    try:
        parsed = _sre_parser.parse(regex, re.IGNORECASE)
    except (re.error, RecursionError, ValueError, TypeError):  # pragma: no cover - pre-validated
        return None
    heads = _extend(list(parsed), 0, frozenset({""}), limit)
    if heads is None or "" in heads[0]:
        return None
    return heads[0]


def _extend(  # noqa: PLR0912 - one branch per kind of regex node
    items: Sequence[tuple[Any, Any]], i: int, heads: frozenset[str], limit: int
) -> tuple[frozenset[str], bool] | None:
    """Extend every head over ``items[i:]``; return the heads and whether all items were used."""
    c = _sre_constants
    while i < len(items):
        op, av = items[i]
        before = heads
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            i += 1
            continue
        if op is c.LITERAL:
            heads = frozenset(h + chr(av).lower() for h in heads)
        elif op is c.IN and av and all(o is c.LITERAL for o, _ in av) and len(av) <= 4:
            heads = frozenset(h + chr(a).lower() for h in heads for _, a in av)
        elif op is c.SUBPATTERN:
            inner = _extend(list(av[-1]), 0, heads, limit)
            if inner is None:
                return None
            heads = inner[0]
            if not inner[1]:
                return heads, False
        elif op is c.BRANCH:
            results = [_extend(list(b), 0, heads, limit) for b in av[1]]
            if any(r is None for r in results):
                return None
            heads = frozenset().union(*(r[0] for r in results if r is not None))
            if not all(r[1] for r in results if r is not None):
                return heads, False
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] == 0 and av[1] == 1:
            present = _extend(list(av[2]), 0, heads, limit)
            if present is None:
                return None
            if present[1]:
                heads = heads | present[0]
            else:
                absent = _extend(items, i + 1, heads, limit)
                if absent is None:
                    return None
                return present[0] | absent[0], False
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] >= 1 and _is_space_run(av, c):
            # A run of white space stands as one space; the trie scan matches any run there.
            heads = frozenset(h + " " for h in heads)
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] >= 1:
            once = _extend(list(av[2]), 0, heads, limit)
            return None if once is None else (once[0], False)
        else:
            return heads, False
        if len(heads) > limit:
            # Too many alternatives: the shorter literals found so far still begin every match.
            return before, False
        i += 1
    return heads, True


def can_match_empty(regex: str) -> bool:
    """Whether some match of ``regex`` may be empty (its shortest match has no characters)."""
    try:
        return bool(_sre_parser.parse(regex).getwidth()[0] == 0)
    except (re.error, RecursionError, ValueError, TypeError):  # pragma: no cover - pre-validated
        return True


def _is_space_run(av: Any, c: Any) -> bool:
    """Whether a repeat node is one or more white-space characters."""
    body = list(av[2])
    return (
        len(body) == 1
        and body[0][0] is c.IN
        and list(body[0][1]) == [(c.CATEGORY, c.CATEGORY_SPACE)]
    )


def is_word_char(ch: str) -> bool:
    r"""Whether ``ch`` is what ``\w`` matches (a letter, digit or underscore)."""
    return ch.isalnum() or ch == "_"


def prefix_union(table: Mapping[str, Iterable[T]], literal: str) -> set[T]:
    """Everything ``table`` holds for ``literal`` and for every prefix of it.

    A trie scan reports the longest literal at a position; each shorter literal that begins it
    stands there too, so what the hit stands for is the union over its prefixes.
    """
    found: set[T] = set()
    for k in range(1, len(literal) + 1):
        found.update(table.get(literal[:k], ()))
    return found


def normalize_space(text: str) -> str:
    """Lower-case a candidate literal and fold each white-space run to one space."""
    return _SPACE_RUN.sub(" ", text.lower())


def _trie(words: Iterable[str]) -> dict[str, Any]:
    """The character trie of ``words``.

    A node maps each next character to its node; the key ``""`` marks the end of a word.
    """
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return root


def _emit(node: dict[str, Any]) -> str:
    """The regex of a trie node: the longest word of the node's subtree, or nothing."""
    alts = [
        (r"\s+" if ch == " " else re.escape(ch)) + _emit(sub)
        for ch, sub in sorted(node.items())
        if ch
    ]
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    if "" in node:
        return f"(?:{body})?"
    return body


def trie_regex(words: Iterable[str]) -> str:
    """A regex matching the longest of ``words`` at a position, as a character trie.

    A space in a word matches any run of white space.
    """
    return _emit(_trie(words))


def trie_first_regex(words: Iterable[str]) -> str:
    """A regex matching the first character of each occurrence of one of ``words``.

    ``finditer`` gives every offset where one of the words begins, overlapping occurrences
    included: each match is that one character, and the rest of the longest word there is
    captured by the one group of the match's alternative, so the word is
    ``m[0] + m[m.lastindex]``. The regex is an alternation of literal first characters, each
    followed by a lookahead for the rest of its words, so that the regex engine skips straight
    to a possible first character instead of trying every position. A space in a word matches
    any run of white space (a word beginning with one: from any white-space character of the
    run).
    """
    alts = []
    for ch, sub in sorted(_trie(words).items()):
        if not ch:
            raise ValueError("a word must not be empty")
        rest = _emit(sub)
        if ch == " ":
            alts.append(rf"\s(?=(\s*{rest}))")
        else:
            alts.append(f"{re.escape(ch)}(?=({rest}))")
    if not alts:
        raise ValueError("no words")
    return "|".join(alts)


class Alternation(NamedTuple):
    """A regex written as ``prefix(?:A1|A2|…)suffix`` (or ``A1|A2|…``, with no prefix or suffix).

    The regex matches at a position exactly where one of :meth:`alternatives` does, so the
    positions where each alternative can match, together, are where the regex can.

    Attributes:
        prefix: What precedes the alternation's group (empty for a top-level alternation).
        options: The alternatives' sources.
        suffix: What follows the group.
    """

    prefix: str
    options: tuple[str, ...]
    suffix: str

    def alternatives(self) -> tuple[str, ...]:
        """Each alternative as a regex of its own, with the prefix and the suffix."""
        return tuple(f"{self.prefix}(?:{a}){self.suffix}" for a in self.options)


def split_alternation(regex: str) -> Alternation | None:
    """Split a regex at its top-level alternation, or that of its first top-level ``(?:…)``.

    ``None`` when there is none, or the regex holds a capturing group (a backreference could
    refer across alternatives). The source is read, not rewritten: the prefix, the options
    joined by ``|`` inside ``(?:…)`` and the suffix are the regex's own text.
    """
    try:
        if _sre_parser.parse(regex).state.groups > 1:
            return None
    except (re.error, RecursionError, ValueError, TypeError):  # pragma: no cover - pre-validated
        return None
    bars, groups = _top_level(regex)
    if bars:
        cuts = [-1, *bars, len(regex)]
        return Alternation("", tuple(regex[a + 1 : b] for a, b in pairwise(cuts)), "")
    for start, end in groups:
        if not regex.startswith("(?:", start):
            continue
        body = regex[start + 3 : end]
        inner, _ = _top_level(body)
        if inner:
            cuts = [-1, *inner, len(body)]
            options = tuple(body[a + 1 : b] for a, b in pairwise(cuts))
            return Alternation(regex[:start], options, regex[end + 1 :])
    return None


def _top_level(regex: str) -> tuple[list[int], list[tuple[int, int]]]:
    """Offsets of the top-level ``|`` of a regex source, and its top-level groups.

    A group is given by the offsets of its opening and closing parentheses; escapes and
    character classes are skipped.
    """
    bars: list[int] = []
    groups: list[tuple[int, int]] = []
    depth, i, opened = 0, 0, 0
    while i < len(regex):
        ch = regex[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            i = _class_end(regex, i)
        elif ch == "(":
            if depth == 0:
                opened = i
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                groups.append((opened, i))
        elif ch == "|" and depth == 0:
            bars.append(i)
        i += 1
    return bars, groups


def _class_end(regex: str, i: int) -> int:
    """The offset of the ``]`` closing the character class that opens at ``regex[i]``."""
    j = i + 1
    if j < len(regex) and regex[j] == "^":
        j += 1
    if j < len(regex) and regex[j] == "]":  # a leading "]" is a literal member
        j += 1
    while j < len(regex) and regex[j] != "]":
        j += 2 if regex[j] == "\\" else 1
    return j


def required_literal(regex: str) -> str | None:
    """The longest lower-case ASCII literal that every match of ``regex`` contains, if any.

    The regex is parsed (not run): a run of literal characters outside any repeat, branch or
    assertion (inside plain groups too) must appear, in the case-insensitive sense, in every
    match. Only ASCII characters are kept, so that a lower-cased text that keeps every offset
    and holds no dotless i or long s shows the literal wherever a match does.
    """
    try:
        parsed = _sre_parser.parse(regex, re.IGNORECASE)
    except (re.error, RecursionError, ValueError, TypeError):  # pragma: no cover - pre-validated
        return None
    runs: list[str] = []
    _literal_runs(list(parsed), runs, [""])
    best = max(runs, key=len, default="")
    return best or None


def _literal_runs(items: Sequence[tuple[Any, Any]], runs: list[str], current: list[str]) -> None:
    """Collect the runs of literal characters every match of ``items`` holds (see above)."""
    c = _sre_constants
    for op, av in items:
        if op is c.LITERAL and chr(av).isascii():
            current[0] += chr(av).lower()
            continue
        if op is c.SUBPATTERN:
            _literal_runs(list(av[-1]), runs, current)
            continue
        if current[0]:
            runs.append(current[0])
        current[0] = ""
        if op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] >= 1:
            _literal_runs(list(av[2]), runs, [""])  # once at least: its runs are there too
    if current[0]:
        runs.append(current[0])
        current[0] = ""
