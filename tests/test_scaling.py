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
