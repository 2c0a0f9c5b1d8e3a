"""The Document: an article's verbatim text with its segments as code-point offsets.

Paragraphs, sentences, words and quotation regions are all offsets into the original text.

A Document is built once per text and shared by every scorer; no scorer re-tokenises what it
holds. Segmentation is rule-based and linear in the length of the text: paragraphs at line
breaks (a hard-wrapped line continues its paragraph), sentences at terminal punctuation with an
abbreviation lexicon (``lexicons/abbreviations.toml``), words by one compiled pattern, and
quotation regions by pairing quotation marks across the news convention of a quotation that runs
over several paragraphs.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from functools import cached_property
from typing import TYPE_CHECKING, Literal

import attrs

if TYPE_CHECKING:
    from reliability.lexicon import Lexicon

__all__ = [
    "BLANK_CHARS",
    "Abbreviations",
    "Document",
    "Quotation",
    "Segment",
    "is_blank",
]

ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
"""Invisible characters treated like white space at segment edges."""


def is_blank(char: str) -> bool:
    """Return whether a character is white space or an invisible zero-width character."""
    return char.isspace() or char in ZERO_WIDTH


BLANK_CHARS = (
    "\t\n\v\f\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000" + ZERO_WIDTH
)
"""Every character for which :func:`is_blank` is true (``str.isspace`` plus zero-width ones)."""
_BLANK_CLASS = "[" + re.escape(BLANK_CHARS) + "]"
_NONBLANK = re.compile("[^" + re.escape(BLANK_CHARS) + "]")
# Each of these patterns opens with a character class, so that the regex engine skips straight
# to a candidate character instead of trying the pattern at every position (an alternation at
# the top level defeats that). Each equals its plain form, given beside it; tests hold them to it.
_LINE_BREAK = re.compile(r"[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029](?:(?<=\r)\n)?")
"""A line break: ``\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]``."""
_TRIM = re.compile(f"^{_BLANK_CLASS}*(.*?){_BLANK_CLASS}*$", re.DOTALL)

WORD_PATTERN = re.compile(r"\w+(?:['’.\-]\w+)*")
"""What counts as a word: letters or digits, joined by apostrophes, periods or hyphens."""

# The same words with possessive quantifiers: nothing follows the pattern, so giving nothing
# back finds exactly what WORD_PATTERN finds, with about 10 % fewer steps of the regex engine.
_WORD_SCAN = re.compile(r"\w++(?:['’.\-]\w++)*+")

_OPEN_QUOTE = "“„‟«‹"
_CLOSE_QUOTE = "”»›"
# Two apostrophes (or two backticks, opening) stand for a double quotation mark in some wire and
# newspaper archives ("''We will win,'' he said").
_DOUBLE_MARKS = re.compile("[\"“”„‟«»'`](?:(?<=')'|(?<=`)`|(?<![`']))")
"""A double quotation mark: ``''|``|[\"“”„‟«»]``."""
_CLOSERS = "\"'”’»)]}"
_TERMINAL_END = re.compile(r"[.!?…:;]" + "[" + re.escape(_CLOSERS) + "]*$")

# A sentence may end at terminal punctuation (with closing quotes or brackets after it) followed
# by white space, or, glued without a space, where a lower-case letter's sentence runs straight
# into a capitalised word ("surfaced so far.Also Read").
_BOUNDARY = re.compile(
    r"(?P<term>[.!?…]+)[" + re.escape(_CLOSERS) + r"]*(?P<space>" + _BLANK_CLASS + r"+)(?=\S)"
    r"|(?P<glued>[.!?])(?<=[a-z)\]][.!?])(?=[A-Z][a-z])"
)
_TERMINAL = re.compile("[.!?…]")  # where a _BOUNDARY match can begin
_WORD_BEFORE_CHARS = "_.'’-"  # besides letters and digits, what may precede the period
_NEXT_WORD = re.compile(r"[\"'“‘(\[]*(\w+)")

# Capitalised words that begin sentences far more often than they follow an abbreviation;
# after an abbreviation that may end a sentence ("U.S.", "Inc."), one of these starts a new one.
_STARTERS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "for",
        "from",
        "he",
        "her",
        "his",
        "however",
        "i",
        "if",
        "in",
        "it",
        "its",
        "meanwhile",
        "mr",
        "mrs",
        "ms",
        "no",
        "on",
        "one",
        "our",
        "she",
        "so",
        "some",
        "that",
        "the",
        "their",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "to",
        "we",
        "what",
        "when",
        "while",
        "who",
        "why",
        "yet",
        "you",
    ]
)

Segment = tuple[int, int]
"""A half-open ``(start, end)`` range of code points."""


@attrs.frozen
class Abbreviations:
    """Abbreviations that a period does not end a sentence after.

    Attributes:
        titles: Lower-cased forms (without the final period) that always precede a name or
            number ("mr", "gen", "no"): never a sentence end.
        others: Lower-cased forms that may end a sentence ("u.s", "inc", "jan"): a sentence ends
            after them only when a typical sentence starter follows.
    """

    titles: frozenset[str] = frozenset()
    others: frozenset[str] = frozenset()

    @classmethod
    def from_lexicons(cls, lexicons: Iterable[Lexicon]) -> Abbreviations:
        """Collect abbreviations from lexicon entries: label ``title`` or any other label."""
        titles: set[str] = set()
        others: set[str] = set()
        for lexicon in lexicons:
            for e in lexicon.entries:
                form = (e.term or "").lower().rstrip(".")
                if form:
                    (titles if e.label == "title" else others).add(form)
        return cls(frozenset(titles), frozenset(others))

    @classmethod
    def default(cls) -> Abbreviations:
        """Load the abbreviations lexicon shipped with the library (cached)."""
        global _DEFAULT_ABBREVIATIONS  # noqa: PLW0603 - a load-once cache of shipped data
        if _DEFAULT_ABBREVIATIONS is None:
            from reliability.lexicon import load_shipped

            _DEFAULT_ABBREVIATIONS = cls.from_lexicons([load_shipped("abbreviations")])
        return _DEFAULT_ABBREVIATIONS


_DEFAULT_ABBREVIATIONS: Abbreviations | None = None


@attrs.frozen
class Quotation:
    """A quotation region: from its opening mark to its closing mark, both included.

    Attributes:
        start: Offset of the opening mark.
        end: Offset just past the closing mark, or the end of the paragraph where an unclosed
            quotation stops.
        content_start: Offset just past the opening mark.
        content_end: Offset of the closing mark (``end`` when unclosed).
        marks: ``double`` or ``single``.
        closed: Whether a closing mark was found.
        paragraphs: How many paragraphs the quotation runs over (news convention: an opening
            mark on each paragraph, a closing mark only at the end).
        depth: 0 for an outer quotation, 1 for one nested inside another.
    """

    start: int
    end: int
    content_start: int
    content_end: int
    marks: Literal["double", "single"]
    closed: bool
    paragraphs: int = 1
    depth: int = 0

    def contains(self, offset: int) -> bool:
        """Return whether an offset lies inside the region, marks included."""
        return self.start <= offset < self.end


@attrs.frozen(eq=False)
class Document:
    """An article: its verbatim text and the segments every scorer shares.

    Build one with :meth:`Document.from_text`. All segments are code-point offsets into
    :attr:`text`; none is computed on a normalised copy.

    Attributes:
        text: The article text exactly as given.
        title: The headline, if the caller gave one.
        id: The caller's identifier, if any.
        paragraphs: Paragraph ranges, trimmed of blank characters, in order.
        sentences: Sentence ranges, trimmed, in order, non-overlapping, covering every
            non-blank character.
        quotations: Quotation regions, sorted by start; a nested region follows its parent.
    """

    text: str
    title: str | None
    id: str | None
    paragraphs: tuple[Segment, ...]
    sentences: tuple[Segment, ...]
    quotations: tuple[Quotation, ...]

    @classmethod
    def from_text(
        cls,
        text: str,
        *,
        title: str | None = None,
        id: str | None = None,
        abbreviations: Abbreviations | None = None,
    ) -> Document:
        """Segment a text into a Document.

        Args:
            text: The article text; kept verbatim.
            title: The headline, if known separately from the text.
            id: An identifier carried into the profile.
            abbreviations: Abbreviations for sentence splitting; the shipped lexicon by default.

        Returns:
            The Document.
        """
        if not isinstance(text, str):
            raise TypeError(f"text must be str, not {type(text).__name__}")
        abbr = abbreviations if abbreviations is not None else Abbreviations.default()
        paragraphs = tuple(_paragraphs(text))
        sentences = tuple(s for p in paragraphs for s in _sentences(text, p, abbr))
        quotations = _quotations(text, paragraphs)
        return cls(text, title, id, paragraphs, sentences, quotations)

    # ---- derived values, computed on first use ---------------------------------------------

    @cached_property
    def sha256(self) -> str:
        """SHA-256 of the text encoded as UTF-8 (surrogates escaped)."""
        return hashlib.sha256(self.text.encode("utf-8", "surrogatepass")).hexdigest()

    @cached_property
    def words(self) -> tuple[Segment, ...]:
        """Word ranges, by :data:`WORD_PATTERN`."""
        return tuple(map(re.Match.span, _WORD_SCAN.finditer(self.text)))

    @cached_property
    def word_starts(self) -> tuple[int, ...]:
        """The start offset of each of :attr:`words`, for bisection (numbers compare faster)."""
        return tuple(s for s, _ in self.words)

    @cached_property
    def word_count(self) -> int:
        """Number of words in the text."""
        return len(self.words)

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s for s, _ in self.sentences]

    @cached_property
    def _paragraph_starts(self) -> list[int]:
        return [s for s, _ in self.paragraphs]

    @cached_property
    def _quotation_starts(self) -> list[int]:
        return [q.start for q in self.quotations]

    # ---- lookups -------------------------------------------------------------------------

    def slice(self, segment: Segment) -> str:
        """Return the text of a segment."""
        return self.text[segment[0] : segment[1]]

    def sentence_index(self, offset: int) -> int | None:
        """Return the index of the sentence containing ``offset``, or ``None`` if none does."""
        i = bisect_right(self._sentence_starts, offset) - 1
        if i >= 0 and offset < self.sentences[i][1]:
            return i
        return None

    def paragraph_index(self, offset: int) -> int | None:
        """Return the index of the paragraph containing ``offset``, or ``None`` if none does."""
        i = bisect_right(self._paragraph_starts, offset) - 1
        if i >= 0 and offset < self.paragraphs[i][1]:
            return i
        return None

    def quotation_at(self, offset: int) -> Quotation | None:
        """Return the innermost quotation region containing ``offset``, if any."""
        i = bisect_right(self._quotation_starts, offset) - 1
        found: Quotation | None = None
        # A nested region starts after its parent, so scan back over the few candidates.
        while i >= 0:
            q = self.quotations[i]
            if q.contains(offset):
                if found is None or q.depth > found.depth:
                    found = q
                if q.depth == 0:
                    break
            elif q.depth == 0 and q.end <= offset:
                break
            i -= 1
        return found

    def in_quotation(self, offset: int) -> bool:
        """Return whether ``offset`` lies inside any quotation region."""
        return self.quotation_at(offset) is not None

    def sentences_in(self, start: int, end: int) -> Iterator[int]:
        """Yield the indices of sentences overlapping ``[start, end)``."""
        i = max(bisect_right(self._sentence_starts, start) - 1, 0)
        while i < len(self.sentences) and self.sentences[i][0] < end:
            if self.sentences[i][1] > start:
                yield i
            i += 1


# ---- segmentation ------------------------------------------------------------------------


def _trim(text: str, start: int, end: int) -> Segment | None:
    """Shrink ``[start, end)`` past blank characters at both edges; ``None`` if all blank."""
    m = _NONBLANK.search(text, start, end)
    if m is None:
        return None
    first = m.start()
    last = end
    while last > first and is_blank(text[last - 1]):
        last -= 1
    return (first, last)


def _lines(text: str) -> Iterator[Segment]:
    pos = 0
    for m in _LINE_BREAK.finditer(text):
        yield (pos, m.start())
        pos = m.end()
    yield (pos, len(text))


def _paragraphs(text: str) -> Iterator[Segment]:
    """Paragraphs are non-blank lines, joining hard-wrapped ones.

    A line that ends mid-sentence and is followed by one that starts in lower case is a hard wrap
    and continues the paragraph.
    """
    current: Segment | None = None
    for start, end in _lines(text):
        seg = _trim(text, start, end)
        if seg is None:
            if current is not None:
                yield current
                current = None
            continue
        if current is not None:
            prev_text = text[max(current[1] - 4, current[0]) : current[1]]
            if text[seg[0]].islower() and not _TERMINAL_END.search(prev_text):
                current = (current[0], seg[1])
                continue
            yield current
        current = seg
    if current is not None:
        yield current


def _is_abbreviation_stop(
    text: str, para_start: int, dot: int, nxt: int, abbr: Abbreviations
) -> bool:
    """Whether the period at ``dot`` ends an abbreviation rather than the sentence."""
    begin = _word_before(text, max(para_start, dot - 40), dot)
    if begin == dot:
        return False
    word = text[begin:dot].lstrip("'’-").lower()
    if not word:
        return False
    if word in abbr.titles:
        return True
    initial = len(word) == 1 and word.isalpha() and text[begin].isupper()
    dotted = "." in word and all(len(part) <= 2 for part in word.split("."))
    if initial or word in abbr.others or dotted:
        nw = _NEXT_WORD.match(text, nxt)
        starter = nw is not None and nw.group(1).lower() in _STARTERS
        if initial:
            return True
        return not starter
    return False


def _boundaries(text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """``_BOUNDARY.finditer(text, start, end)``, trying the pattern only at terminal marks.

    The pattern opens with an alternation, which the regex engine would try at every position.
    """
    pos = start
    while (t := _TERMINAL.search(text, pos, end)) is not None:
        m = _BOUNDARY.match(text, t.start(), end)
        if m is None:
            pos = t.start() + 1
        else:
            yield m
            pos = m.end()


def _word_before(text: str, lo: int, end: int) -> int:
    r"""Where the word before a period begins: what ``[\w.'’-]+$`` finds in ``text[lo:end]``.

    That is the run of word characters, periods, apostrophes and hyphens ending at ``end`` and
    starting at ``lo`` or later; ``end`` if there is none.
    """
    begin = end
    while begin > lo and (text[begin - 1].isalnum() or text[begin - 1] in _WORD_BEFORE_CHARS):
        begin -= 1
    return begin


def _sentences(text: str, para: Segment, abbr: Abbreviations) -> Iterator[Segment]:
    p_start, p_end = para
    start = p_start
    for m in _boundaries(text, p_start, p_end):
        if m.group("glued") is not None:
            cut, nxt = m.end("glued"), m.end("glued")
        else:
            cut, nxt = m.start("space"), m.end("space")
            first = text[nxt]
            if first.islower() or first in ",;:)]}":
                continue
            term = m.group("term")
            if term == "." and _is_abbreviation_stop(text, p_start, m.start("term"), nxt, abbr):
                continue
        seg = _trim(text, start, cut)
        if seg is not None:
            yield seg
        start = nxt
    seg = _trim(text, start, p_end)
    if seg is not None:
        yield seg


def _opens_straight(text: str, i: int, j: int, para: Segment) -> bool:
    """Whether a straight double mark ``text[i:j]`` looks like an opening mark."""
    before = text[i - 1] if i > para[0] else " "
    after = text[j] if j < para[1] else " "
    if is_blank(after):
        return False
    return is_blank(before) or before in "([{—–-/:;,…" + _OPEN_QUOTE + "‘'"


def _double_marks(text: str, para: Segment) -> list[tuple[int, int, str]]:
    """Each double quotation mark in a paragraph: ``(start, end, role)``.

    The role is ``open``, ``close``, or for a straight mark whose context says which,
    ``open-straight`` / ``close-straight`` (a straight mark may close whatever is open).
    """
    out: list[tuple[int, int, str]] = []
    for m in _DOUBLE_MARKS.finditer(text, para[0], para[1]):
        ch, i, j = m.group(), m.start(), m.end()
        if ch in _OPEN_QUOTE or ch == "``":
            role = "open"
        elif ch in _CLOSE_QUOTE:
            role = "close"
        else:
            role = "open-straight" if _opens_straight(text, i, j, para) else "close-straight"
        out.append((i, j, role))
    return out


def _quotations(text: str, paragraphs: tuple[Segment, ...]) -> tuple[Quotation, ...]:
    doubles: list[Quotation] = []
    # An open quotation carried over a paragraph break: (start, content_start, paragraphs).
    carried: tuple[int, int, int] | None = None
    for pi, para in enumerate(paragraphs):
        marks = _double_marks(text, para)
        open_at: tuple[int, int, int] | None = None
        if carried is not None:
            if marks and marks[0][0] == para[0] and marks[0][2].startswith("open"):
                open_at = (carried[0], carried[1], carried[2] + 1)
                marks = marks[1:]
            else:
                prev_end = paragraphs[pi - 1][1]
                doubles.append(
                    _quotation(carried[0], carried[1], prev_end, prev_end, carried[2], False)
                )
            carried = None
        for i, j, role in marks:
            if open_at is None:
                if role.startswith("open"):
                    open_at = (i, j, 1)
                # A closing mark with nothing open is stray: tolerated, ignored.
            elif role != "open":
                doubles.append(_quotation(open_at[0], open_at[1], i, j, open_at[2], True))
                open_at = None
            # A second opening mark inside an open quotation is tolerated and ignored.
        if open_at is not None:
            carried = open_at
    if carried is not None:
        end = paragraphs[-1][1]
        doubles.append(_quotation(carried[0], carried[1], end, end, carried[2], False))
    singles = _single_quotations(text, paragraphs, doubles)
    return tuple(sorted(doubles + singles, key=lambda q: (q.start, q.depth)))


def _quotation(
    start: int, content_start: int, content_end: int, end: int, paragraphs: int, closed: bool
) -> Quotation:
    return Quotation(start, end, content_start, content_end, "double", closed, paragraphs, 0)


# Each pattern starts with the mark itself so that the engine scans for it quickly; the
# lookbehind then checks the character before the mark (or the start of the text).
_SINGLE_OPEN = re.compile(r"['‘](?<![^\s\"“(\[—–]['‘])(?=\w)")
_SINGLE_CLOSE = re.compile(r"['’](?<=[\w.,!?]['’])(?=[\s\"”.,;:!?)\]—–]|$)")
_ELISIONS = re.compile(r"['‘](?:\d0s|em\b|n['’]|tis\b|twas\b|cause\b)", re.IGNORECASE)


def _single_quotations(
    text: str, paragraphs: tuple[Segment, ...], doubles: list[Quotation]
) -> list[Quotation]:
    """Pair unambiguous single-quote quotations inside one paragraph.

    An opening mark must stand at a word's start and a closing one at a word's end; elisions
    ("'90s", "rock 'n' roll") are skipped; a pair that would cross a double quotation's edge, or
    enclose a whole double quotation, is dropped, so regions stay well nested.
    """
    out: list[Quotation] = []
    double_starts = [q.start for q in doubles]
    for p_start, p_end in paragraphs:
        opens = [
            m.start()
            for m in _SINGLE_OPEN.finditer(text, p_start, p_end)
            if not _ELISIONS.match(text, m.start())
        ]
        if not opens:
            continue
        closes = [m.start() for m in _SINGLE_CLOSE.finditer(text, p_start, p_end)]
        ci = 0
        last_end = -1
        for k, o in enumerate(opens):
            if o < last_end:
                continue
            while ci < len(closes) and closes[ci] <= o:
                ci += 1
            if ci == len(closes):
                break
            c = closes[ci]
            # Another opening mark before this close means the first was an apostrophe.
            if k + 1 < len(opens) and opens[k + 1] < c:
                continue
            parent = _enclosing(doubles, double_starts, o)
            if parent is not _enclosing(doubles, double_starts, c):
                continue
            if parent is not None and not (parent.content_start <= o and c < parent.content_end):
                continue
            # Outside any double quotation, a pair around a whole double quotation would put
            # that quotation inside a single-quoted one at depth 0: regions must not overlap.
            if parent is None and bisect_left(double_starts, o) < bisect_left(double_starts, c):
                continue
            depth = 0 if parent is None else 1
            out.append(Quotation(o, c + 1, o + 1, c, "single", True, 1, depth))
            last_end = c + 1
            ci += 1
    return out


def _enclosing(regions: list[Quotation], starts: list[int], offset: int) -> Quotation | None:
    """The double quotation containing ``offset`` (regions are sorted and disjoint)."""
    i = bisect_right(starts, offset) - 1
    if i >= 0 and regions[i].start <= offset < regions[i].end:
        return regions[i]
    return None
