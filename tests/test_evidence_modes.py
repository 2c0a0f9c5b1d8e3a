"""Evidence modes of a profile's JSON form: full, summary (shortened texts, bounded lists) and
none; every mode round-trips, and summary's shortened texts come back from offsets + article."""

from __future__ import annotations

import json

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import reliability
from reliability.errors import SchemaError
from reliability.model import (
    EVIDENCE_MODES,
    SUMMARY_BUDGET,
    SUMMARY_ELISION,
    SUMMARY_KEEP,
    SUMMARY_TEXT_LIMIT,
    Profile,
)
from reliability.schema import profile_schema
from tests.strategies import articles

LONG_QUOTE = (
    'The minister said: "'
    + " ".join(f"Clause {i} of the plan will be reviewed by the committee." for i in range(12))
    + '" Officials may have known, sources said.'
)


@pytest.fixture(scope="module")
def pipeline():
    return reliability.Pipeline()


def _spans(data):  # type: ignore[no-untyped-def]
    """Every span of a profile's JSON form: evidence items and relations' parts."""
    yield from data["evidence"]
    for a in data["attributions"]:
        yield from (a[k] for k in ("source", "cue", "content", "via") if a.get(k))


class TestSummary:
    def test_long_texts_are_shortened_with_exact_offsets(self, pipeline):
        """Summary mode writes a span text over the limit as its two ends around an elision,
        shorter than end - start, with the offsets of the whole span; shorter texts stay whole."""
        profile = pipeline.score(LONG_QUOTE)
        data = profile.to_dict(evidence="summary")
        shortened = 0
        for span in _spans(data):
            whole = LONG_QUOTE[span["start"] : span["end"]]
            if len(whole) > SUMMARY_TEXT_LIMIT:
                shortened += 1
                assert (
                    span["text"] == whole[:SUMMARY_KEEP] + SUMMARY_ELISION + whole[-SUMMARY_KEEP:]
                )
                assert len(span["text"]) < span["end"] - span["start"]
            else:
                assert span["text"] == whole
        assert shortened >= 2  # the quotation, as content and as its evidence
        assert "omitted" not in data
        jsonschema.validate(data, profile_schema())

    def test_shortened_texts_come_back_from_the_article(self, pipeline):
        """from_dict(data, text=article) restores every shortened text, giving the full form;
        another article is refused."""
        profile = pipeline.score(LONG_QUOTE)
        data = json.loads(json.dumps(profile.to_dict(evidence="summary")))
        again = Profile.from_dict(data, text=LONG_QUOTE)
        assert again.to_dict() == profile.to_dict()
        with pytest.raises(SchemaError, match="not this profile's article"):
            Profile.from_dict(data, text=LONG_QUOTE + " ")

    def test_degenerate_text_lists_up_to_the_budget_and_counts_the_rest(self, pipeline):
        """When the evidence of a degenerate text would pass the budget, the first items in
        text order are listed within it and the rest are counted in `omitted`, with a reason."""
        text = "said " * 20_000
        profile = pipeline.score(text)
        data = profile.to_dict(evidence="summary")
        per_char, floor, _ = SUMMARY_BUDGET["evidence"]
        assert len(json.dumps(data["evidence"], ensure_ascii=False)) <= per_char * len(text) + floor
        omitted = data["omitted"]
        assert omitted["evidence"] > 0 and "bytes of JSON for a text of" in omitted["reason"]
        assert len(data["evidence"]) + omitted["evidence"] == len(profile.evidence)
        assert len(data["attributions"]) + omitted["attributions"] == len(profile.attributions)
        full = profile.to_dict()["evidence"]
        restored = Profile.from_dict(data, text=text).to_dict()["evidence"]
        assert restored == full[: len(data["evidence"])]
        jsonschema.validate(data, profile_schema())

    def test_budget_has_a_ceiling(self):
        """However long the text, summary lists at most a fixed size of evidence and relations."""
        from reliability.model import _budget

        for name, (_, _, ceiling) in SUMMARY_BUDGET.items():
            assert _budget(name, 100_000_000) == ceiling
            assert _budget(name, 1_000) < ceiling


class TestNone:
    def test_none_lists_nothing_and_counts_everything(self, pipeline):
        """Mode none writes empty lists, counts what it left out, and keeps scores, index and
        findings."""
        profile = pipeline.score(LONG_QUOTE)
        data = profile.to_dict(evidence="none")
        assert data["evidence"] == [] and data["attributions"] == []
        assert data["omitted"]["evidence"] == len(profile.evidence) > 0
        assert data["omitted"]["attributions"] == len(profile.attributions) > 0
        assert data["scores"] == profile.to_dict()["scores"] and "index" in data
        jsonschema.validate(data, profile_schema())

    def test_unknown_mode_is_refused(self, pipeline):
        """An unknown evidence mode raises an error naming the known ones."""
        with pytest.raises(ValueError, match="full, summary, none"):
            pipeline.score("Short.").to_dict(evidence="some")  # type: ignore[arg-type]


@settings(max_examples=30, deadline=None)
@given(articles(), st.sampled_from(EVIDENCE_MODES))
def test_every_mode_round_trips(article, mode):
    """For any realistic article and mode, the JSON form reads back into a profile that writes
    the same JSON form in that mode."""
    profile = reliability.score(article)
    data = json.loads(profile.to_json(evidence=mode))
    assert Profile.from_dict(data).to_dict(evidence=mode) == data
