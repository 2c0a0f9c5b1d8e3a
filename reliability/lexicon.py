"""Lexicons: the words and phrases scorers look for, as validated TOML data with provenance.

A lexicon file has a header (``id``, ``version``, ``description``, ``language``, ``sources``
with citations, ``license``; optionally ``extends`` to add entries to another lexicon's family,
and ``labels`` describing its labels) and ``[[entries]]``, each with a literal ``term`` or —
only where a regex is needed — a ``pattern``, and optional ``id``, ``label``, ``weight``,
``note``, ``exceptions`` (literal phrases containing the term in which it does not count),
``exception_patterns`` and ``case_sensitive``.

Every entry of a family is indexed by the literals its matches begin with, so that a text is
scanned once per family (see :class:`Matcher`); the matcher is cached on the lexicon set.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cached_property
from pathlib import Path
from typing import Any, NamedTuple

import attrs

from reliability._regex import (
    can_match_empty,
    is_word_char,
    leading_literals,
    prefix_union,
    required_literal,
    split_alternation,
    trie_first_regex,
)
from reliability._scan import LiteralHits, Scanner
from reliability._toml import tomllib
from reliability.errors import LexiconError
from reliability.model import LexiconRef

__all__ = [
    "Entry",
    "ExceptionCheck",
    "Lexicon",
    "LexiconMatch",
    "LexiconSet",
    "Matcher",
    "Source",
    "load_lexicon",
    "load_lexicons",
    "load_shipped",
    "shipped_dir",
]

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_ENTRY_ID = re.compile(r"^[a-z0-9][a-z0-9_\-]*$")
_HEADER_FIELDS = {
    "id",
    "version",
    "description",
    "language",
    "sources",
    "license",
    "extends",
    "labels",
    "classes",
    "entries",
    "rows",
}
_ENTRY_FIELDS = {
    "id",
    "term",
    "pattern",
    "label",
    "weight",
    "note",
    "exceptions",
    "exception_patterns",
    "case_sensitive",
    "cites",
    "helps",
}
_CONTEXT = 100
"""How far around a match an exception is looked for, in code points."""


@attrs.frozen
class Source:
    """Where a lexicon's words come from.

    Attributes:
        citation: A full citation a reader can look up.
        url: Where it can be found, if online.
        license: The licence of the source list, if it has one.
        key: A short name by which entries cite this source (``cites``), if they do.
    """

    citation: str
    url: str | None = None
    license: str | None = None
    key: str | None = None


@attrs.frozen
class Entry:
    """One lexicon entry: a literal term or a regex pattern, with what it means.

    Attributes:
        id: Unique within its lexicon; defaults to a slug of ``term``.
        term: The literal phrase (matched case-insensitively, whole words, any run of white space
            for a space, either apostrophe for an apostrophe).
        pattern: A regex, used instead of ``term`` where a literal cannot say it.
        label: The kind of thing the entry marks (scorer-specific, e.g. ``doxastic``).
        weight: How much one match counts.
        note: Why the entry is there, or how it is used.
        exceptions: Literal phrases containing the term in which it does not count.
        exception_patterns: Regexes likewise.
        case_sensitive: Match the term's case exactly.
        lexicon: Id of the lexicon the entry belongs to.
        cites: Keys of the lexicon's sources the entry comes from.
        helps: The labelled corpora on which the entry was measured to help; an entry that
            names one corpus only is marked as tuned to it.
    """

    id: str
    term: str | None
    pattern: str | None
    label: str | None = None
    weight: float = 1.0
    note: str | None = None
    exceptions: tuple[str, ...] = ()
    exception_patterns: tuple[str, ...] = ()
    case_sensitive: bool = False
    lexicon: str = ""
    cites: tuple[str, ...] = ()
    helps: tuple[str, ...] = ()

    @cached_property
    def qualified_id(self) -> str:
        """``lexicon:entry``, the rule name recorded in evidence."""
        return f"{self.lexicon}:{self.id}"

    def regex(self) -> str:
        """Return the regex source this entry matches, with its word boundaries."""
        if self.pattern is not None:
            body = self.pattern
        else:
            assert self.term is not None
            body = term_regex(self.term)
        return f"(?-i:{body})" if self.case_sensitive else body


def term_regex(term: str) -> str:
    """Turn a literal term into a regex: whole words, flexible white space and apostrophes."""
    parts: list[str] = []
    for ch in term:
        if ch.isspace():
            if not parts or parts[-1] != r"\s+":
                parts.append(r"\s+")
        elif ch in "'’":
            parts.append("['’]")
        else:
            parts.append(re.escape(ch))
    body = "".join(parts)
    if is_word_char(term[0]):
        body = r"(?<!\w)" + body
    if is_word_char(term[-1]):
        body += r"(?!\w)"
    return body


@attrs.frozen(eq=False)
class Lexicon:
    """A validated lexicon file.

    Attributes:
        id: Lexicon id (``hedging``); renaming it is a breaking change.
        version: The lexicon's own version.
        description: What it lists.
        language: BCP 47 language tag of its entries.
        sources: Where its words come from.
        license: Licence of the file.
        entries: The entries, in file order.
        path: The file it was read from.
        sha256: Checksum of the file's bytes.
        extends: Id of the family it adds entries to, if not its own.
        labels: Descriptions of the labels its entries use.
        rows: Ordered decision rules (tables) read by the scorer of the family, validated by
            it (e.g. the ``source_kinds`` decision table); empty for a plain word list.
        classes: Labels whose words another lexicon's class gives, as ``"lexicon:label"``
            references (``relative = ["word_classes:pronoun_relative"]``): the words are listed
            once, where the class is kept, and resolved by the scorer that reads them.
    """

    id: str
    version: str
    description: str
    language: str
    sources: tuple[Source, ...]
    license: str
    entries: tuple[Entry, ...]
    path: str
    sha256: str
    extends: str | None = None
    labels: Mapping[str, str] = attrs.field(factory=dict)
    rows: tuple[Mapping[str, Any], ...] = ()
    classes: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)

    @property
    def family(self) -> str:
        """The family whose scorer uses these entries: ``extends`` or the lexicon's own id."""
        return self.extends or self.id

    @property
    def ref(self) -> LexiconRef:
        """The identity recorded in a profile."""
        return LexiconRef(self.id, self.version, self.sha256)

    def entry(self, entry_id: str) -> Entry:
        """Return an entry by id; raises ``KeyError`` listing nothing if absent."""
        for e in self.entries:
            if e.id == entry_id:
                return e
        raise KeyError(f"{self.id}: no entry {entry_id!r}")


class ExceptionCheck(NamedTuple):
    """An entry's exceptions, checked around one of its matches.

    The match does not count when a match of :attr:`regex` found by ``finditer`` over the
    match widened by :attr:`reach` characters on each side overlaps it. Where :attr:`firsts` is
    known, the regex is tried only where one of its leading literals occurs in the lower-cased
    window (the same matches, without trying every position).

    Attributes:
        regex: Every exception of the entry, literal or pattern, in one alternation.
        reach: How far on either side of the match to look.
        firsts: A pattern over lower-cased text that matches (the first character of) each
            occurrence of the lower-case literals one of which begins every match of ``regex``
            (from :func:`~reliability._regex.leading_literals`), or ``None`` if no such set is
            known: then the regex is tried everywhere in the window.
    """

    regex: re.Pattern[str]
    reach: int
    firsts: re.Pattern[str] | None

    @classmethod
    def of(cls, entry: Entry, reach: int | None = None) -> ExceptionCheck | None:
        """The check of an entry's exceptions (``None`` if it has none).

        Args:
            entry: The entry.
            reach: How far around a match to look; by default as far as the longest literal
                exception could reach, or ``_CONTEXT`` with exception patterns.
        """
        alts = [term_regex(x) for x in entry.exceptions] + list(entry.exception_patterns)
        if not alts:
            return None
        if reach is None:
            longest = max((len(x) for x in entry.exceptions), default=0)
            reach = (_CONTEXT if entry.exception_patterns else longest) + 1
        source = "|".join(f"(?:{a})" for a in alts)
        flags = 0 if entry.case_sensitive else re.IGNORECASE
        return cls(re.compile(source, flags), reach, _first_words(source))

    def applies(self, text: str, s: int, e: int) -> bool:
        """Whether an exception overlaps the match ``text[s:e]``."""
        lo, hi = max(0, s - self.reach), min(len(text), e + self.reach)
        if self.firsts is not None:
            window = text[lo:hi]
            lowered = window.lower()
            if len(lowered) == len(window) and "ı" not in window and "ſ" not in window:
                starts = [lo + m.start() for m in self.firsts.finditer(lowered)]
                return _overlaps_from(self.regex, text, starts, s, e, lo, hi)
        for m in self.regex.finditer(text, lo, hi):
            if m.start() >= e:
                return False  # the matches come in order: no later one overlaps either
            if m.end() > s:
                return True
        return False


class LexiconMatch(NamedTuple):
    """One match of a lexicon entry in a text."""

    entry: Entry
    start: int
    end: int


class Matcher:
    """All entries of some lexicons, found in one pass over a text.

    Each entry's regex is compiled on its own. The literal strings that begin its matches (see
    :mod:`reliability._regex`) are registered with a :class:`~reliability._scan.Scanner`, which
    finds the literals of every matcher sharing it in one pass per text (a
    :class:`LexiconSet`'s matchers share one); only where a literal occurs is the entry's own
    regex tried. An entry whose matches do not begin with a known literal is scanned in full.
    Exceptions are checked only around a match.

    :meth:`finditer` gives non-overlapping matches, left to right; where several entries match
    at one position the first in priority order wins: patterns, then literal terms longest
    first, so "according to" wins over a shorter entry. ``overlapping=True`` gives every match of
    every entry instead.
    """

    def __init__(self, entries: Sequence[Entry], scanner: Scanner | None = None) -> None:
        """Compile the entries and register their leading literals with the scanner.

        Args:
            entries: The entries to match.
            scanner: A scanner shared with other matchers (one pass per text for all of them);
                by default the matcher has its own.
        """
        ordered = sorted(
            entries,
            key=lambda e: (e.pattern is None, -len(e.term or ""), e.lexicon, e.id),
        )
        self.entries: tuple[Entry, ...] = tuple(ordered)
        self._regexes = [
            re.compile(e.regex(), 0 if e.case_sensitive else re.IGNORECASE) for e in ordered
        ]
        self._exceptions: dict[int, ExceptionCheck] = {}
        by_prefix: dict[str, list[int]] = {}
        unindexed: list[int] = []
        for i, e in enumerate(ordered):
            check = ExceptionCheck.of(e, reach=_CONTEXT)
            if check is not None:
                self._exceptions[i] = check
            prefixes = leading_literals(e.regex())
            if prefixes is None:
                unindexed.append(i)
            else:
                for prefix in prefixes:
                    by_prefix.setdefault(prefix, []).append(i)
        self._unindexed = tuple(unindexed)
        self._scanner = scanner if scanner is not None else Scanner()
        # An entry without leading literals that is an alternation is looked for alternative by
        # alternative (see _Alternatives); the others are scanned in full.
        self._alternatives: dict[int, _Alternatives] = {}
        for i in unindexed:
            found = _Alternatives.of(self._regexes[i], self._scanner)
            if found is not None:
                self._alternatives[i] = found
        self._by_prefix = {p: tuple(ids) for p, ids in by_prefix.items()}
        # The scan finds the longest literal at a position; every shorter literal that begins it
        # stands there too, so a hit stands for the entries of all of them (memoised by literal).
        self._candidates: dict[str, tuple[int, ...]] = {}
        # Literals whose every entry must start at a word start are looked for only there: the
        # anchored scan is far cheaper than trying the trie inside every word.
        at_word = {
            p
            for p in by_prefix
            if all(_starts_at_word(ordered[i].regex()) for i in self._entries_of(p))
        }
        self._scan_number = self._scanner.add(at_word, set(by_prefix) - at_word)

    def _entries_of(self, literal: str) -> tuple[int, ...]:
        """Indices of the entries one of whose literals begins ``literal``, in priority order."""
        known = self._candidates.get(literal)
        if known is None:
            known = tuple(sorted(prefix_union(self._by_prefix, literal)))
            self._candidates[literal] = known
        return known

    def finditer(
        self, text: str, start: int = 0, end: int | None = None, *, overlapping: bool = False
    ) -> Iterator[LexiconMatch]:
        """Yield matches in ``text[start:end]`` by start offset (see the class docstring)."""
        stop = len(text) if end is None else end
        found: list[tuple[int, int, int]] = []  # (start, entry index, end)
        # Matches are always made on the original text; the scan only locates candidates.
        hits = self._scanner.scan(text)
        positions, literals, indices = hits.mine(self._scan_number, start, stop)
        candidates, regexes = self._candidates, self._regexes
        for k in indices:
            ids = candidates.get(literals[k])
            if ids is None:
                ids = self._entries_of(literals[k])
            pos = positions[k]
            for i in ids:
                m = regexes[i].match(text, pos, stop)
                if m is not None and m.end() > pos:
                    found.append((pos, i, m.end()))
        for i in self._unindexed:
            alternatives = self._alternatives.get(i)
            if alternatives is not None and hits.lowered is not None:
                found += (
                    (s, i, e)
                    for s, e in alternatives.finditer(text, hits, start, stop, overlapping)
                )
                continue
            for m in _every_match(regexes[i], text, start, stop, overlapping):
                found.append((m.start(), i, m.end()))
        # A position can be reported twice (a word-start literal and another one).
        last_end = -1
        for s, i, e in sorted(set(found)):
            if not overlapping and s < last_end:
                continue
            check = self._exceptions.get(i)
            if check is not None and check.applies(text, s, e):
                continue
            last_end = e
            yield LexiconMatch(self.entries[i], s, e)


def _every_match(
    rx: re.Pattern[str], text: str, start: int, stop: int, overlapping: bool
) -> Iterator[re.Match[str]]:
    """The non-empty matches of ``rx`` in ``text[start:stop]``.

    Left to right and not overlapping, as ``finditer`` gives them; with ``overlapping`` one
    match at every offset where one begins, so a match inside another ("LSO READ:" inside
    "ALSO READ:") is reported too, as it is for entries found through their literals.
    """
    if not overlapping:
        yield from (m for m in rx.finditer(text, start, stop) if m.end() > m.start())
        return
    pos = start
    while pos <= stop:
        m = rx.search(text, pos, stop)
        if m is None:
            return
        if m.end() > m.start():
            yield m
        pos = m.start() + 1


class _Alternatives:
    r"""Where an entry without leading literals, written as an alternation, can match.

    Such an entry (``(?<!\w)(?:most\s+read|(?:\w+\s+)?recommended|…)(?!\w)``) would be
    tried at every offset. Instead, the leading literals of those of its alternatives that
    have some are registered with the shared scanner, and the others (the residue) are looked
    for by one regex of their own, run only where the text holds a literal that each of them
    requires (or always, if one requires none). Together those are every offset where the
    entry can match; its own regex is tried there, in order, skipping offsets inside its
    previous match, which gives what its ``finditer`` gives.
    """

    def __init__(
        self,
        regex: re.Pattern[str],
        number: int,
        residue: re.Pattern[str] | None,
        required: tuple[str, ...] | None,
    ) -> None:
        self.regex = regex
        self.number = number  # the scanner's number for the alternatives' literals
        self.residue = residue  # matches (empty) where an alternative without literals can
        self.required = required  # one of these is in a text the residue can match in

    @classmethod
    def of(cls, regex: re.Pattern[str], scanner: Scanner) -> _Alternatives | None:
        """The alternatives of an entry's compiled regex, registered with ``scanner``.

        ``None`` (scan the entry in full) when the regex is no alternation, can match the
        empty string, or none of its alternatives has leading literals.
        """
        split = split_alternation(regex.pattern)
        if split is None or can_match_empty(regex.pattern):
            return None
        at_word: set[str] = set()
        anywhere: set[str] = set()
        residue: list[str] = []
        required: set[str] = set()
        always = False
        for option, alternative in zip(split.options, split.alternatives(), strict=True):
            heads = leading_literals(alternative)
            if heads is None:
                residue.append(option)
                literal = required_literal(alternative)
                always = always or literal is None
                required.add(literal or "")
            else:
                (at_word if _starts_at_word(alternative) else anywhere).update(heads)
        if not at_word and not anywhere:
            return None
        rest = None
        if residue:
            source = f"(?={split.prefix}(?:{'|'.join(residue)}){split.suffix})"
            try:
                rest = re.compile(source, regex.flags)
            except re.error:  # pragma: no cover - e.g. inline flags not at the start
                return None
        number = scanner.add(at_word, anywhere)
        return cls(regex, number, rest, None if always else tuple(sorted(required)))

    def finditer(
        self, text: str, hits: LiteralHits, start: int, stop: int, overlapping: bool = False
    ) -> Iterator[tuple[int, int]]:
        """``(start, end)`` of each match of ``regex.finditer(text, start, stop)``.

        ``hits`` is the scan of ``text``, made on a lower-cased copy that keeps every offset.
        With ``overlapping``, the match at every offset where one begins (as
        :func:`_every_match` gives them), including those inside a previous match.
        """
        lowered = hits.lowered
        assert lowered is not None
        positions, _, indices = hits.mine(self.number, start, stop)
        starts = positions[indices.start : indices.stop]
        if self.residue is not None and (
            self.required is None or any(lowered.find(r, start, stop) >= 0 for r in self.required)
        ):
            starts = sorted(starts + [m.start() for m in self.residue.finditer(text, start, stop)])
        pos = start
        for p in starts:
            if p < pos:
                continue
            m = self.regex.match(text, p, stop)
            if m is not None:  # never empty (see of)
                yield p, m.end()
                if not overlapping:
                    pos = m.end()


def _starts_at_word(regex: str) -> bool:
    """Whether a regex source begins by asserting a word start (as term regexes do)."""
    return regex.startswith((r"(?<!\w)", r"(?-i:(?<!\w)", r"\b", r"(?-i:\b"))


def _first_words(source: str) -> re.Pattern[str] | None:
    """Where a match of a regex can begin in lower-cased text: at one of its leading literals.

    The pattern matches the first character of each occurrence of a literal (see
    :func:`~reliability._regex.trie_first_regex`; a space in a literal stands for any run of
    white space), so ``finditer`` gives every offset where one of them begins. Each literal is
    cut before its first character that is not ASCII (apart from a curly apostrophe), where a
    lower-cased text might not show every match's start (what is left of it still begins every
    match it began). ``None`` when the regex has no known leading literals, or one of them
    begins with such a character or with white space.
    """
    heads = leading_literals(source)
    if heads is None:
        return None
    cut = {_ascii_prefix(h) for h in heads}
    if any(not h or h.startswith(" ") for h in cut):
        return None
    return re.compile(trie_first_regex(cut))


def _ascii_prefix(literal: str) -> str:
    """``literal`` up to its first character that is neither ASCII nor a curly apostrophe."""
    for i, ch in enumerate(literal):
        if not (ch.isascii() or ch == "’"):
            return literal[:i]
    return literal


def _overlaps_from(
    exc: re.Pattern[str], text: str, starts: Iterable[int], s: int, e: int, lo: int, hi: int
) -> bool:
    """Whether a match of ``exc.finditer(text, lo, hi)`` overlaps ``[s, e)``.

    ``starts`` (ascending) holds every offset where a match can begin; the regex is tried only
    there, in order, skipping offsets inside the previous match as ``finditer`` does, and no
    further than ``e`` (a match beginning there or later cannot overlap).
    """
    pos = lo
    for p in starts:
        if p >= e:
            return False
        if p < pos:
            continue
        m = exc.match(text, p, hi)
        if m is None:
            continue
        if m.start() < e and m.end() > s:
            return True
        pos = m.end()  # leading literals are never empty, nor is a match
    return False


# ---- loading and validation ----------------------------------------------------------------


def _slug(term: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", term.lower()).strip("_") or "entry"


def _require_str(raw: Mapping[str, Any], key: str, path: str, entry: int | None = None) -> str:
    value = raw.get(key)
    if not isinstance(value, str):
        raise LexiconError(path, "must be a string", entry=entry, field=key)
    if not value.strip():
        raise LexiconError(path, "must not be empty", entry=entry, field=key)
    return value


def _optional_str(
    raw: Mapping[str, Any], key: str, path: str, entry: int | None = None
) -> str | None:
    if key not in raw:
        return None
    return _require_str(raw, key, path, entry)


def _compile_check(pattern: str, path: str, entry: int, key: str) -> None:
    if "(?P<" in pattern:
        raise LexiconError(path, "named groups are reserved; use (?:...)", entry=entry, field=key)
    try:
        compiled = re.compile(pattern)
    except re.error as exc:
        raise LexiconError(path, f"invalid regex: {exc}", entry=entry, field=key) from None
    if compiled.match(""):
        raise LexiconError(path, "pattern must not match the empty string", entry=entry, field=key)


def _str_list(raw: Mapping[str, Any], key: str, path: str, entry: int) -> tuple[str, ...]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(x, str) and x.strip() for x in value):
        raise LexiconError(path, "must be a list of non-empty strings", entry=entry, field=key)
    return tuple(value)


def _entry(raw: Any, index: int, path: str, lexicon_id: str) -> Entry:
    if not isinstance(raw, dict):
        raise LexiconError(path, "must be a table", entry=index)
    unknown = sorted(set(raw) - _ENTRY_FIELDS)
    if unknown:
        raise LexiconError(
            path,
            f"unknown field (known: {', '.join(sorted(_ENTRY_FIELDS))})",
            entry=index,
            field=unknown[0],
        )
    term = _optional_str(raw, "term", path, index)
    pattern = _optional_str(raw, "pattern", path, index)
    if (term is None) == (pattern is None):
        raise LexiconError(path, "give exactly one of term and pattern", entry=index, field="term")
    if pattern is not None:
        _compile_check(pattern, path, index, "pattern")
        if "id" not in raw:
            raise LexiconError(path, "an entry with a pattern needs an id", entry=index, field="id")
    entry_id = _optional_str(raw, "id", path, index) or _slug(term or "")
    if not _ENTRY_ID.match(entry_id):
        raise LexiconError(
            path, "must be lower-case letters, digits, '_' or '-'", entry=index, field="id"
        )
    weight = raw.get("weight", 1.0)
    if isinstance(weight, bool) or not isinstance(weight, int | float) or not math.isfinite(weight):
        raise LexiconError(path, "must be a finite number", entry=index, field="weight")
    exception_patterns = _str_list(raw, "exception_patterns", path, index)
    for p in exception_patterns:
        _compile_check(p, path, index, "exception_patterns")
    case_sensitive = raw.get("case_sensitive", False)
    if not isinstance(case_sensitive, bool):
        raise LexiconError(path, "must be true or false", entry=index, field="case_sensitive")
    return Entry(
        id=entry_id,
        term=term,
        pattern=pattern,
        label=_optional_str(raw, "label", path, index),
        weight=float(weight),
        note=_optional_str(raw, "note", path, index),
        exceptions=_str_list(raw, "exceptions", path, index),
        exception_patterns=exception_patterns,
        case_sensitive=case_sensitive,
        lexicon=lexicon_id,
        cites=_str_list(raw, "cites", path, index),
        helps=_str_list(raw, "helps", path, index),
    )


def _sources(raw: Any, path: str) -> tuple[Source, ...]:
    if not isinstance(raw, list) or not raw:
        raise LexiconError(
            path, "must be a non-empty list of tables with a citation", field="sources"
        )
    out = []
    for i, item in enumerate(raw):
        if not isinstance(item, dict) or not isinstance(item.get("citation"), str):
            raise LexiconError(path, f"sources[{i}] needs a citation string", field="sources")
        extra = sorted(set(item) - {"citation", "url", "license", "key"})
        if extra:
            raise LexiconError(
                path, f"sources[{i}] has unknown field {extra[0]!r}", field="sources"
            )
        key = item.get("key")
        if key is not None and not (isinstance(key, str) and _ID.match(key)):
            raise LexiconError(
                path,
                f"sources[{i}] key must be lower-case letters, digits and '_'",
                field="sources",
            )
        out.append(Source(item["citation"], item.get("url"), item.get("license"), key))
    return tuple(out)


def load_lexicon(path: str | Path) -> Lexicon:
    """Read and validate one lexicon file.

    Args:
        path: A ``.toml`` lexicon file.

    Returns:
        The lexicon.

    Raises:
        LexiconError: naming the file, entry and field at fault.
    """
    p = Path(path)
    name = str(p)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise LexiconError(name, f"cannot read: {exc.strerror or exc}") from None
    try:
        raw = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise LexiconError(name, f"not UTF-8 at byte {exc.start}") from None
    except tomllib.TOMLDecodeError as exc:
        raise LexiconError(name, f"not valid TOML: {exc}") from None
    unknown = sorted(set(raw) - _HEADER_FIELDS)
    if unknown:
        raise LexiconError(name, "unknown header field", field=unknown[0])
    lexicon_id = _require_str(raw, "id", name)
    if not _ID.match(lexicon_id):
        raise LexiconError(name, "must be lower-case letters, digits and '_'", field="id")
    extends = _optional_str(raw, "extends", name)
    labels = raw.get("labels", {})
    if not isinstance(labels, dict) or not all(isinstance(v, str) for v in labels.values()):
        raise LexiconError(name, "must be a table of label descriptions", field="labels")
    entries_raw = raw.get("entries")
    if not isinstance(entries_raw, list) or not entries_raw:
        raise LexiconError(name, "must be a non-empty array of tables", field="entries")
    entries = [_entry(e, i, name, lexicon_id) for i, e in enumerate(entries_raw)]
    sources = _sources(raw.get("sources"), name)
    keys = {s.key for s in sources if s.key is not None}
    rows = raw.get("rows", [])
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise LexiconError(name, "must be an array of tables", field="rows")
    classes = _classes(raw.get("classes", {}), labels, name)
    seen: dict[str, int] = {}
    for i, e in enumerate(entries):
        unknown_cite = sorted(set(e.cites) - keys)
        if unknown_cite:
            raise LexiconError(
                name,
                f"cites unknown source {unknown_cite[0]!r} (keys: {', '.join(sorted(keys))})",
                entry=i,
                field="cites",
            )
        if e.id in seen:
            raise LexiconError(
                name, f"duplicate id {e.id!r} (also entries[{seen[e.id]}])", entry=i, field="id"
            )
        seen[e.id] = i
        if labels and e.label is not None and e.label not in labels:
            raise LexiconError(
                name, f"label {e.label!r} is not declared in [labels]", entry=i, field="label"
            )
    return Lexicon(
        id=lexicon_id,
        version=_require_str(raw, "version", name),
        description=_require_str(raw, "description", name),
        language=_require_str(raw, "language", name),
        sources=sources,
        license=_require_str(raw, "license", name),
        entries=tuple(entries),
        path=name,
        sha256=hashlib.sha256(data).hexdigest(),
        extends=extends,
        labels=dict(labels),
        rows=tuple(rows),
        classes=classes,
    )


def _classes(raw: Any, labels: Mapping[str, str], name: str) -> dict[str, tuple[str, ...]]:
    """The ``classes`` table: each label to its ``"lexicon:label"`` references."""
    if not isinstance(raw, dict):
        raise LexiconError(name, "must be a table of label = [references]", field="classes")
    out: dict[str, tuple[str, ...]] = {}
    for label, refs in raw.items():
        where = f"classes.{label}"
        if labels and label not in labels:
            raise LexiconError(name, f"label {label!r} is not declared in [labels]", field=where)
        if not isinstance(refs, list) or not refs or not all(isinstance(r, str) for r in refs):
            raise LexiconError(name, "must be a non-empty list of strings", field=where)
        for ref in refs:
            lexicon_id, _, class_label = ref.partition(":")
            if not _ID.match(lexicon_id) or not class_label:
                raise LexiconError(
                    name, f"bad reference {ref!r} (expected 'lexicon:label')", field=where
                )
        out[label] = tuple(refs)
    return out


def _expand(paths: Iterable[str | Path]) -> Iterator[Path]:
    for item in paths:
        p = Path(item)
        if p.is_dir():
            yield from sorted(p.glob("*.toml"))
        elif p.exists():
            yield p
        else:
            raise LexiconError(str(p), "no such file or directory")


def load_lexicons(paths: Iterable[str | Path]) -> list[Lexicon]:
    """Read lexicon files and directories (every ``*.toml`` in a directory, sorted by name)."""
    return [load_lexicon(p) for p in _expand(paths)]


def shipped_dir() -> Path:
    """Return the directory of the lexicons shipped with the library.

    In a wheel they are installed as ``reliability/_lexicons``; in an editable checkout they are
    the repository's ``lexicons/`` folder.
    """
    here = Path(__file__).resolve().parent
    for candidate in (here / "_lexicons", here.parent / "lexicons"):
        if candidate.is_dir():
            return candidate
    raise LexiconError(
        str(here / "_lexicons"), "the shipped lexicons are missing (broken install?)"
    )


_SHIPPED_CACHE: dict[str, Lexicon] = {}


def load_shipped(lexicon_id: str) -> Lexicon:
    """Load one shipped lexicon by id (cached for the process)."""
    if lexicon_id not in _SHIPPED_CACHE:
        _SHIPPED_CACHE[lexicon_id] = load_lexicon(shipped_dir() / f"{lexicon_id}.toml")
    return _SHIPPED_CACHE[lexicon_id]


_SHIPPED_SET: list[LexiconSet] = []


class LexiconSet:
    """The lexicons a run uses: the shipped ones, then the user's.

    A user lexicon replaces a shipped lexicon of the same id, or adds entries to a family
    through ``extends``.

    Matchers are compiled once per family and cached on the set; they share one
    :attr:`scanner`, so a text is scanned for the literals of all of them at once.
    """

    def __init__(self, lexicons: Iterable[Lexicon]) -> None:
        """Index the lexicons by id; a later lexicon replaces an earlier one of the same id."""
        by_id: dict[str, Lexicon] = {}
        for lex in lexicons:
            by_id[lex.id] = lex
        self._by_id = by_id
        self._matchers: dict[str, Matcher] = {}
        # Every matcher of the set shares one scan per text.
        self.scanner = Scanner()

    @classmethod
    def default(cls, extra: Iterable[str | Path] = ()) -> LexiconSet:
        """All shipped lexicons plus the user's files or directories in ``extra``.

        Without extras the set is built once per process and shared, so its compiled matchers
        are too.
        """
        extra = list(extra)
        if not extra and _SHIPPED_SET:
            return _SHIPPED_SET[0]
        shipped = [load_shipped(p.stem) for p in sorted(shipped_dir().glob("*.toml"))]
        made = cls([*shipped, *load_lexicons(extra)])
        if not extra:
            _SHIPPED_SET.append(made)
        return made

    def __iter__(self) -> Iterator[Lexicon]:
        """Iterate over the lexicons, sorted by id."""
        return iter(sorted(self._by_id.values(), key=lambda lex: lex.id))

    def __len__(self) -> int:
        """Number of lexicons."""
        return len(self._by_id)

    def __contains__(self, lexicon_id: object) -> bool:
        """Whether a lexicon of this id is in the set."""
        return lexicon_id in self._by_id

    def __getitem__(self, lexicon_id: str) -> Lexicon:
        """Return a lexicon by id; the error lists the known ids."""
        try:
            return self._by_id[lexicon_id]
        except KeyError:
            known = ", ".join(sorted(self._by_id))
            raise LexiconError(lexicon_id, f"no lexicon with this id; known: {known}") from None

    def family(self, family: str) -> tuple[Lexicon, ...]:
        """The lexicon of id ``family`` and every lexicon that extends it."""
        return tuple(lex for lex in self if lex.family == family)

    def matcher(self, family: str) -> Matcher:
        """The compiled matcher over every entry of a family (cached)."""
        if family not in self._matchers:
            members = self.family(family)
            if not members:
                self[family]  # raises the error that lists the known ids
            entries = [e for lex in members for e in lex.entries]
            self._matchers[family] = Matcher(entries, self.scanner)
        return self._matchers[family]

    def entry(self, qualified_id: str) -> Entry:
        """Resolve ``lexicon:entry`` to its entry; raises ``KeyError`` if it does not resolve."""
        lexicon_id, _, entry_id = qualified_id.partition(":")
        return self[lexicon_id].entry(entry_id)
