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
from collections.abc import Mapping
from functools import lru_cache

import attrs

from reliability.document import Document
from reliability.model import LexiconRef, ScoreResult

__all__ = ["ReadabilityScorer", "count_syllables"]

FORMULA = (
    "flesch_reading_ease = 206.835 - 1.015 * words / sentences - 84.6 * syllables / words; "
    "flesch_kincaid_grade = 0.39 * words / sentences + 11.8 * syllables / words - 15.59; "
    "gunning_fog = 0.4 * (words / sentences + 100 * polysyllables / words); "
    "smog_index = 1.043 * sqrt(30 * polysyllables / sentences) + 3.1291; "
    "coleman_liau_index = 0.058 * 100 * letters / words - 0.296 * 100 * sentences / words - 15.8; "
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
    from importlib import resources

    path = resources.files("textstat") / "resources" / "en" / "easy_words.txt"
    return frozenset(w.strip().lower() for w in path.read_text("utf-8").split() if w.strip())


@lru_cache(maxsize=262_144)
def count_syllables(word: str) -> int:
    """Count a lower-case word's syllables by pyphen's hyphenation points (at least 1)."""
    return len(_pyphen().positions(word)) + 1  # type: ignore[attr-defined]


@attrs.frozen
class ReadabilityScorer:
    """Readability indices of the article body (Flesch reading ease is the headline value).

    Attributes:
        min_words: Below this many words the indices are not meaningful: the value is ``None``.
    """

    min_words: int = 30
    id: str = attrs.field(default="readability", init=False)
    requires: tuple[str, ...] = attrs.field(default=(), init=False)
    after: tuple[str, ...] = attrs.field(default=("promotional",), init=False)

    def lexicon_refs(self) -> tuple[LexiconRef, ...]:
        """Readability reads no lexicon of ours."""
        return ()

    def score(self, document: Document, upstream: Mapping[str, ScoreResult]) -> ScoreResult:
        """Compute the indices over the body sentences (promotional blocks set aside)."""
        excluded = _excluded_ranges(upstream)
        text = document.text
        sentences = [s for s in document.sentences if not _inside(s, excluded)]
        words: list[str] = []
        for start, end in document.words:
            if not _inside((start, end), excluded):
                words.append(text[start:end])
        n_words, n_sentences = len(words), len(sentences)
        if n_words < self.min_words:
            return ScoreResult.unavailable(
                self.id,
                FORMULA,
                f"too short to measure: {n_words} words (at least {self.min_words} needed)",
                inputs={"words": n_words, "sentences": n_sentences},
            )
        easy = _easy_words()
        syllables = polysyllables = letters = difficult = 0
        for word in words:
            lower = word.lower()
            n = count_syllables(lower)
            syllables += n
            if n >= 3:
                polysyllables += 1
            letters += sum(1 for c in word if c.isalnum())
            if n >= 2 and lower not in easy:
                difficult += 1
        wps = n_words / n_sentences
        spw = syllables / n_words
        pct_difficult = 100 * difficult / n_words
        fre = 206.835 - 1.015 * wps - 84.6 * spw
        inputs: dict[str, float] = {
            "words": n_words,
            "sentences": n_sentences,
            "syllables": syllables,
            "polysyllables": polysyllables,
            "letters": letters,
            "difficult_words": difficult,
            "flesch_kincaid_grade": 0.39 * wps + 11.8 * spw - 15.59,
            "gunning_fog": 0.4 * (wps + 100 * polysyllables / n_words),
            "smog_index": 1.043 * math.sqrt(30 * polysyllables / n_sentences) + 3.1291,
            "coleman_liau_index": 0.058 * 100 * letters / n_words
            - 0.296 * 100 * n_sentences / n_words
            - 15.8,
            "automated_readability_index": 4.71 * letters / n_words + 0.5 * wps - 21.43,
            "dale_chall": 0.1579 * pct_difficult
            + 0.0496 * wps
            + (3.6365 if pct_difficult > 5 else 0.0),
        }
        return ScoreResult(scorer=self.id, value=fre, formula=FORMULA, inputs=inputs)


def _excluded_ranges(upstream: Mapping[str, ScoreResult]) -> list[tuple[int, int]]:
    """Ranges of promotional blocks and embedded posts, which are not the article's prose."""
    promo = upstream.get("promotional")
    if promo is None:
        return []
    return sorted((e.start, e.end) for e in promo.evidence if e.details.get("block", False))


def _inside(seg: tuple[int, int], ranges: list[tuple[int, int]]) -> bool:
    """Whether a segment lies wholly inside one of the sorted ranges."""
    return any(s <= seg[0] and seg[1] <= e for s, e in ranges)
