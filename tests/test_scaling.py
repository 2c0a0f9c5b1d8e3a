"""Adversarial texts are scored in time linear in their length: guarded by size, not time.

Each text is large enough (hundreds of thousands of characters) that a quadratic path would
not finish within CI's limit, while the linear pipeline scores it in about a second. The
assertions check that the results are sane; the size is the guard.
"""

from __future__ import annotations

import pytest

import reliability
from reliability.testing import ADVERSARIAL, adversarial_text

SIZE = 300_000


@pytest.fixture(scope="module")
def pipeline():
    return reliability.Pipeline()


@pytest.mark.parametrize("kind", sorted(ADVERSARIAL))
def test_adversarial_text_scores_with_consistent_spans(pipeline, kind):
    """A large adversarial text gets a full profile whose evidence points into the text."""
    text = adversarial_text(kind, SIZE)
    profile = pipeline.score(text)
    assert profile.document.chars == len(text)
    for e in profile.evidence:
        assert text[e.start : e.end] == e.text
    for result in profile.scores.values():
        assert (result.value is None) == bool(result.reason)


def test_many_quotation_marks_pair_linearly(pipeline):
    """100,000 straight quotation marks around words, on one line, pair into 50,000 regions;
    100,000 marks in a row pair only their first two (the rest are stray closing marks)."""
    doc = pipeline.document('"a" ' * 50_000)
    assert len(doc.quotations) == 50_000
    assert len(pipeline.document('"' * 100_000).quotations) == 1


def test_very_long_line_and_many_spaces(pipeline):
    """A 5 MB single line and a million spaces are segmented without error."""
    line = adversarial_text("one long line", 5_000_000)
    assert len(pipeline.document(line).sentences) == 1
    spaces = pipeline.document(" " * 1_000_000)
    assert spaces.sentences == () and spaces.paragraphs == ()


@pytest.mark.parametrize("kind", sorted(ADVERSARIAL))
def test_evidence_grows_no_faster_than_the_text(pipeline, kind):
    """The evidence a text yields (spans and the characters they cover) grows in proportion to
    the text: ten times the text, at most about ten times the evidence. Repeated cue words in one
    endless sentence once gave every cue a content running to the sentence's end."""

    def evidence_chars(chars: int) -> int:
        profile = pipeline.score(adversarial_text(kind, chars))
        return sum(e.end - e.start for e in profile.evidence)

    small, large = evidence_chars(20_000), evidence_chars(200_000)
    assert large <= 12 * max(small, 1_000)
