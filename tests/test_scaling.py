"""Adversarial texts are scored in time linear in their length, and written in bounded output:
guarded by size, not time.

Each text is large enough (hundreds of thousands of characters) that a quadratic path would
not finish within CI's limit, while the linear pipeline scores it in seconds. The assertions
check that the results are sane and that their JSON stays within a fixed number of bytes per
input byte; the size is the guard.
"""

from __future__ import annotations

import json

import pytest

import reliability
from reliability.model import SUMMARY_TEXT_LIMIT, Profile
from reliability.report import batch_format
from reliability.testing import ADVERSARIAL, adversarial_text

SIZE = 300_000
BYTES_PER_INPUT_BYTE = 100
"""The most JSON a batch record may take per byte of its input, in the default evidence mode."""


@pytest.fixture(scope="module")
def pipeline():
    return reliability.Pipeline()


@pytest.fixture(scope="module", params=sorted(ADVERSARIAL))
def adversarial(request, pipeline) -> tuple[str, str, Profile]:
    """One kind, its text and its profile, shared by the tests of that kind (which pytest runs
    together, so only one large profile is held at a time)."""
    text = adversarial_text(request.param, SIZE)
    return request.param, text, pipeline.score(text)


def test_adversarial_text_scores_with_consistent_spans(adversarial):
    """A large adversarial text gets a full profile whose evidence points into the text."""
    _, text, profile = adversarial
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


def test_evidence_grows_no_faster_than_the_text(pipeline, adversarial):
    """The evidence a text yields (spans and the characters they cover) grows in proportion to
    the text: ten times the text, at most about ten times the evidence. Repeated cue words in one
    endless sentence once gave every cue a content running to the sentence's end."""
    kind, _, profile = adversarial
    smaller = pipeline.score(adversarial_text(kind, SIZE // 10))
    small = sum(e.end - e.start for e in smaller.evidence)
    large = sum(e.end - e.start for e in profile.evidence)
    assert large <= 12 * max(small, 1_000)


@pytest.mark.parametrize("fmt", ["jsonl", "json"])
def test_batch_records_stay_within_the_byte_bound(adversarial, fmt):
    """A batch record of any adversarial text, in the default (summary) evidence mode, takes
    at most 100 bytes of JSON per input byte; what the budget leaves out is counted, and the
    record still reads back into a profile that writes the same record."""
    _, text, profile = adversarial
    writer = batch_format(fmt, evidence="summary")
    record = writer.item(profile, source="adversarial.txt")
    assert len(record.encode("utf-8")) <= BYTES_PER_INPUT_BYTE * len(text.encode("utf-8"))
    data = json.loads(record)
    listed = len(data["evidence"]), len(data["attributions"])
    omitted = data.get("omitted", {"evidence": 0, "attributions": 0})
    assert listed[0] + omitted["evidence"] == len(profile.evidence)
    assert listed[1] + omitted["attributions"] == len(profile.attributions)
    again = Profile.from_dict(data)
    assert writer.item(again, source="adversarial.txt") == record
    for e in data["evidence"]:
        whole = text[e["start"] : e["end"]]
        assert e["text"] == whole or (
            len(whole) > SUMMARY_TEXT_LIMIT and len(e["text"]) < len(whole)
        )
