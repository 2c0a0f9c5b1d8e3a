"""Readability: the standard English readability indices, as context for the other measures.

Counts are taken once from the Document (its sentences and words, so that "U.S." does not end a
sentence) and every index is a published formula over those counts, all of which are recorded as
inputs: each index can be recomputed by hand from the profile. Syllables come from pyphen's
hyphenation patterns — the fallback textstat itself uses — and difficult words from textstat's
Dale–Chall easy-word list. textstat's own English path would fetch the CMU Pronouncing
Dictionary through ``nltk.download`` at run time (it is not on PyPI under a licence compatible
with ours), so it is never called.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import attrs

from reliability.document import WORD_PATTERN, Document, Segment
from reliability.model import LexiconRef, ScoreResult
from reliability.ranges import block_ranges, covered, subtract

__all__ = ["ReadabilityScorer", "count_syllables"]

_NOT_ALNUM = re.compile(r"[\W_]+")
_JOINERS = ("'", "’", ".", "-", "_")  # the non-alphanumeric characters a word may hold

FORMULA = (
    "flesch_reading_ease = 206.835 - 1.015 * words / sentences - 84.6 * syllables / words; "
    "flesch_kincaid_grade = 0.39 * words / sentences + 11.8 * syllables / words - 15.59; "
    "gunning_fog = 0.4 * (words / sentences + 100 * polysyllables / words); "
    "smog_index = 1.043 * sqrt(30 * polysyllables / sentences) + 3.1291; "
    "coleman_liau_index = 5.8 * letters / words - 29.6 * sentences / words - 15.8; "
    "automated_readability_index = 4.71 * letters / words + 0.5 * words / sentences - 21.43; "
    "dale_chall = 0.1579 * 100 * difficult_words / words + 0.0496 * words / sentences "
    "(+ 3.6365 when difficult words exceed 5%)"
)


@lru_cache(maxsize=1)
def _pyphen() -> object:
    import pyphen  # textstat's own dependency; ships its dictionaries

    return pyphen.Pyphen(lang="en_US")


@lru_cache(maxsize=1)
def _easy_words() -> frozenset[str]:
    # Locate textstat's word list without importing textstat, which would import all of NLTK
    # (about 0.2 s and 20 MB) for one data file.
    from importlib.util import find_spec
    from pathlib import Path

    spec = find_spec("textstat")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("textstat is not installed (it is a dependency of this library)")
    path = Path(spec.origin).parent / "resources" / "en" / "easy_words.txt"
    return frozenset(w.strip().lower() for w in path.read_text("utf-8").split() if w.strip())


_Patterns = dict[str, tuple[int, tuple[int, ...]]]


@lru_cache(maxsize=1)
def _hyphenation() -> tuple[_Patterns, frozenset[str], int, int] | None:
    """Pyphen's en_US patterns, every prefix of them, and its left and right margins.

    ``None`` if the patterns carry non-standard hyphenation data, which only pyphen reads.
    """
    hyphenator: Any = _pyphen()
    patterns: _Patterns = hyphenator.hd.patterns
    if not all(type(v) is int for _, values in patterns.values() for v in values):
        return None  # pragma: no cover - not the case for en_US
    prefixes = frozenset(key[:n] for key in patterns for n in range(1, len(key) + 1))
    return patterns, prefixes, hyphenator.left, hyphenator.right


@lru_cache(maxsize=262_144)
def count_syllables(word: str) -> int:
    """Count a lower-case word's syllables by pyphen's hyphenation points (at least 1).

    This is pyphen's Liang algorithm over pyphen's own en_US patterns, with one change that
    keeps every result: the substrings tried at each position stop at the first one that
    begins no pattern, instead of running to the longest pattern's length (28 characters).
    """
    table = _hyphenation()
    if table is None:  # pragma: no cover - see _hyphenation
        return len(_pyphen().positions(word)) + 1  # type: ignore[attr-defined]
    patterns, prefixes, left, right = table
    pointed = f".{word.lower()}."
    n = len(pointed)
    levels = [0] * (n + 1)
    for i in range(n - 1):
        for j in range(i + 1, n + 1):
            piece = pointed[i:j]
            if piece not in prefixes:
                break
            found = patterns.get(piece)
            if found is not None:
                offset, values = found
                for k, value in enumerate(values, i + offset):
                    if k <= n and value > levels[k]:
                        levels[k] = value
    last = len(word) - right
    return 1 + sum(1 for i, level in enumerate(levels) if level % 2 and left <= i - 1 <= last)


# What each lower-case word contributes: (syllables, polysyllabic, difficult). Words repeat
# across a corpus, so the per-word work is done once; the table is emptied when it reaches
# _WORD_INFO_LIMIT words, which bounds its memory on a corpus of any size.
_WORD_INFO: dict[str, tuple[int, int, int]] = {}
_WORD_INFO_LIMIT = 200_000


def _word_info(word: str) -> tuple[int, int, int]:
    if len(_WORD_INFO) >= _WORD_INFO_LIMIT:
        _WORD_INFO.clear()
    k = count_syllables(word)
    info = (k, int(k >= 3), int(k >= 2 and word not in _easy_words()))
    _WORD_INFO[word] = info
    return info


def _segment_counts(
    text: str, words: tuple[Segment, ...], start: int, end: int
) -> tuple[Counter[str], int]:
    """Lower-cased word counts and the letter count of the body segment ``text[start:end]``.

    Letters are the segment's alphanumeric characters. Where the segment's edges fall between
    words and lower-casing keeps its length (and does not depend on context), its words come from
    one regex pass over a lower-cased copy, and its letters are their characters less the joiners
    (every alphanumeric character lies in some word). Otherwise they are read word by word from
    the Document's words. Both give the same result.
    """
    first = bisect_left(words, (start, -1))
    last = bisect_left(words, (end, -1))
    piece = text[start:end]
    lowered = piece.lower()
    clean = (first == 0 or words[first - 1][1] <= start) and (
        first == last or words[last - 1][1] <= end
    )
    # Capital sigma is the one letter whose lower case depends on what follows it.
    if clean and len(lowered) == len(piece) and "Σ" not in piece:
        found = WORD_PATTERN.findall(lowered)
        if len(found) == last - first:
            joined = "".join(found)
            return Counter(found), len(joined) - sum(map(joined.count, _JOINERS))
    counts = Counter(text[s:e].lower() for s, e in words[first:last] if e <= end)
    return counts, len(_NOT_ALNUM.sub("", piece))


@attrs.frozen
class ReadabilityScorer:
    """Readability indices of the article body (Flesch reading ease is the headline value).

    Attributes:
        min_words: Below this many words the indices are not meaningful: the value is ``None``.
    """

    min_words: int = 30
    id: str = attrs.field(default="readability", init=False)
    requires: tuple[str, ...] = attrs.field(default=("promotional",), init=False)
    after: tuple[str, ...] = attrs.field(default=(), init=False)

    def lexicon_refs(self) -> tuple[LexiconRef, ...]:
        """Readability reads no lexicon of ours."""
        return ()

    def score(self, document: Document, upstream: Mapping[str, ScoreResult]) -> ScoreResult:
        """Compute the indices over the body (promotional blocks and embedded posts set aside)."""
        blocks = block_ranges(upstream)
        segments = subtract([(0, len(document.text))], blocks)
        if blocks:
            n_sentences = sum(1 for s in document.sentences if covered(s, segments))
        else:  # the body is the whole text: every sentence lies in it
            n_sentences = len(document.sentences)
        text, words = document.text, document.words
        counts: Counter[str] = Counter()
        letters = 0
        for start, end in segments:
            seg_counts, seg_letters = _segment_counts(text, words, start, end)
            counts.update(seg_counts)
            letters += seg_letters
        n_words = sum(counts.values())
        if n_words < self.min_words or n_sentences == 0:
            return ScoreResult.unavailable(
                self.id,
                FORMULA,
                f"too short to measure: {n_words} words (at least {self.min_words} needed)",
                inputs={"words": n_words, "sentences": n_sentences},
            )
        syllables = polysyllables = difficult = 0
        known = _WORD_INFO
        for word, n in counts.items():
            k, poly, hard = known.get(word) or _word_info(word)
            syllables += k * n
            polysyllables += poly * n
            difficult += hard * n
        return ScoreResult(
            scorer=self.id,
            value=_flesch_reading_ease(n_words, n_sentences, syllables),
            formula=FORMULA,
            inputs=_indices(n_words, n_sentences, syllables, polysyllables, letters, difficult),
        )


def _flesch_reading_ease(words: int, sentences: int, syllables: int) -> float:
    return 206.835 - 1.015 * words / sentences - 84.6 * syllables / words


def _indices(
    words: int, sentences: int, syllables: int, polysyllables: int, letters: int, difficult: int
) -> dict[str, float]:
    """The counts and every index of :data:`FORMULA` computed from them."""
    wps = words / sentences
    spw = syllables / words
    pct_difficult = 100 * difficult / words
    return {
        "words": words,
        "sentences": sentences,
        "syllables": syllables,
        "polysyllables": polysyllables,
        "letters": letters,
        "difficult_words": difficult,
        "flesch_kincaid_grade": 0.39 * wps + 11.8 * spw - 15.59,
        "gunning_fog": 0.4 * (wps + 100 * polysyllables / words),
        "smog_index": 1.043 * math.sqrt(30 * polysyllables / sentences) + 3.1291,
        "coleman_liau_index": 0.058 * 100 * letters / words
        - 0.296 * 100 * sentences / words
        - 15.8,
        "automated_readability_index": 4.71 * letters / words + 0.5 * wps - 21.43,
        "dale_chall": 0.1579 * pct_difficult
        + 0.0496 * wps
        + (3.6365 if pct_difficult > 5 else 0.0),
    }
