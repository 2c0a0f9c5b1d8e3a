"""The readability scorer: standard indices over the Document's counts, offline."""

from __future__ import annotations

import importlib
from collections import Counter

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import reliability
from reliability.document import Document
from reliability.scorers.readability import ReadabilityScorer, _segment_counts, count_syllables
from tests.strategies import texts

# Letters, digits, joiners, underscores, blanks and the letters whose lower case is special.
_SEGMENT_ALPHABET = st.sampled_from([*"abAB1_'’.-: \n,“”", "Σ", "ς", "İ", "ı", "ſ", "é", "Ⅻ"])

PLAIN = (
    "The council met on Monday to discuss the new budget for the city. "
    "Members argued about the cost of repairing roads and bridges across the region. "
    "The mayor said that the plan would be ready by the end of the month. "
    "Several residents attended the meeting and asked questions about local taxes."
)


def readability(text: str):
    return ReadabilityScorer().score(Document.from_text(text), {})


@pytest.fixture
def textstat_offline(monkeypatch):
    """textstat with its cmudict download path switched off, so it falls back to pyphen."""
    import textstat

    module = importlib.import_module("textstat.backend.counts._count_syllables")
    monkeypatch.setattr(module, "get_cmudict", lambda lang: None)
    for name in dir(textstat.backend.counts):
        fn = getattr(textstat.backend.counts, name)
        if hasattr(fn, "cache_clear"):
            fn.cache_clear()
    for name in dir(textstat.backend.metrics):
        fn = getattr(textstat.backend.metrics, name)
        if hasattr(fn, "cache_clear"):
            fn.cache_clear()
    return textstat


class TestAgainstTextstat:
    def test_counts_and_indices_agree_on_plain_prose(self, textstat_offline):
        """On prose where both segment alike, our indices equal textstat's (pyphen syllables)."""
        ts = textstat_offline
        result = readability(PLAIN)
        inputs = result.inputs
        assert inputs["sentences"] == ts.sentence_count(PLAIN) == 4
        assert inputs["words"] == ts.lexicon_count(PLAIN)
        assert inputs["syllables"] == ts.syllable_count(PLAIN)
        assert result.value == pytest.approx(ts.flesch_reading_ease(PLAIN))
        assert inputs["flesch_kincaid_grade"] == pytest.approx(ts.flesch_kincaid_grade(PLAIN))
        assert inputs["coleman_liau_index"] == pytest.approx(ts.coleman_liau_index(PLAIN), abs=0.01)
        # ARI counts letters and digits (Senter & Smith 1967); textstat also counts punctuation.
        assert inputs["automated_readability_index"] < ts.automated_readability_index(PLAIN)

    def test_abbreviations_do_not_inflate_sentences(self):
        """'U.S.' and 'Mr.' do not end sentences here, unlike a naive period count."""
        text = PLAIN + " Mr. Smith of the U.S. Embassy agreed with them."
        assert readability(text).inputs["sentences"] == 5


class TestValues:
    def test_value_recomputable_from_inputs(self):
        """Flesch reading ease is recomputed exactly from the recorded inputs."""
        r = readability(PLAIN)
        i = r.inputs
        fre = 206.835 - 1.015 * i["words"] / i["sentences"] - 84.6 * i["syllables"] / i["words"]
        assert r.value == pytest.approx(fre)

    def test_too_short_is_none_with_reason(self):
        """Fewer than min_words words give None with a reason, never 0."""
        r = readability("Too short.")
        assert r.value is None and "too short" in r.reason

    def test_min_words_configurable(self):
        """The threshold is constructor configuration."""
        assert ReadabilityScorer(min_words=1).score(Document.from_text("A short one."), {}).value

    def test_harder_text_scores_lower(self):
        """Longer words and sentences lower the reading ease."""
        hard = (
            "Notwithstanding considerable institutional opposition, the intergovernmental "
            "commission recommended comprehensive reorganisation of administrative "
            "responsibilities, particularly regarding infrastructural investment "
            "prioritisation mechanisms and their constitutional implications."
        ) * 2
        assert readability(hard).value < readability(PLAIN).value

    def test_syllables(self):
        """Syllable counts come from hyphenation points and are at least one."""
        assert count_syllables("a") == 1
        assert count_syllables("government") >= 3


@given(texts)
def test_value_is_finite_or_none_with_reason(text):
    """Every text gives a finite value or None with a reason."""
    r = reliability.score(text, scorers=["readability"]).scores["readability"]
    assert (r.value is None) == bool(r.reason)


def _word_by_word(text: str, start: int, end: int) -> tuple[Counter[str], int]:
    """The definition the fast path must meet: the Document's words in the segment, lowered
    one by one, and the segment's alphanumeric characters."""
    words = Document.from_text(text).words
    counts = Counter(text[s:e].lower() for s, e in words if start <= s and e <= end)
    return counts, sum(1 for ch in text[start:end] if ch.isalnum())


@example("ΟΔΟΣ:Α", 0, 6).via("final sigma before a cased letter")
@given(st.text(alphabet=_SEGMENT_ALPHABET, max_size=120), st.integers(0, 121), st.integers(0, 121))
def test_segment_counts_equal_the_word_by_word_definition(text, a, b):
    """Words and letters of any body segment equal the word-by-word count, whichever path runs
    (edges inside a word, Σ, İ and other lower-casings that change length included)."""
    words = Document.from_text(text).words
    a, b = a % (len(text) + 1), b % (len(text) + 1)
    start, end = min(a, b), max(a, b)
    assert _segment_counts(text, words, start, end) == _word_by_word(text, start, end)


def _pyphen_count(word: str) -> int:
    import pyphen

    return len(pyphen.Pyphen(lang="en_US").positions(word)) + 1


@given(
    st.text(alphabet=st.sampled_from([*"abcdefghijklmnopqrstuvwxyz'’-.", "é", "ß"]), max_size=30)
)
def test_syllables_equal_pyphen(word):
    """The syllable count is pyphen's (hyphenation points + 1) for any lower-case word."""
    assert count_syllables(word) == _pyphen_count(word)


def test_syllables_equal_pyphen_on_the_easy_word_list():
    """...and on every word of textstat's Dale-Chall list (about 3,000 common English words)."""
    from reliability.scorers.readability import _easy_words

    words = sorted(_easy_words())
    assert len(words) > 2000
    assert [count_syllables(w) for w in words] == [_pyphen_count(w) for w in words]
