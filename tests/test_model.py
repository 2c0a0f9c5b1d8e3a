"""Value classes and the profile's JSON contract."""

from __future__ import annotations

import copy
import json
import pickle

import attrs
import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

import reliability
from reliability.errors import SchemaError
from reliability.model import (
    Attribution,
    Evidence,
    Finding,
    FrozenDict,
    Profile,
    ScoreResult,
    SourcingIndex,
    Span,
)
from reliability.schema import profile_schema
from tests.strategies import texts


@st.composite
def profiles(draw):
    text = draw(st.text(min_size=1, max_size=60))

    def span():
        s = draw(st.integers(0, len(text)))
        e = draw(st.integers(s, len(text)))
        return Span.of(text, s, e)

    evidence = [
        Evidence(
            "demo",
            draw(st.sampled_from(["hedge", "cue"])),
            span(),
            "demo.rule",
            draw(st.floats(-5, 5, allow_nan=False)),
            {"voice": draw(st.sampled_from(["writer", "quoted"])), "block": draw(st.booleans())},
        )
        for _ in range(draw(st.integers(0, 4)))
    ]
    attributions = [
        Attribution(
            cue=span(),
            source=draw(st.none() | st.just(span())),
            source_kind=draw(st.sampled_from([None, "on_record", "anonymous", "unspecified"])),
            quote=draw(st.booleans()),
            rule="attribution.x",
        )
        for _ in range(draw(st.integers(0, 3)))
    ]
    value = draw(st.none() | st.floats(-1e6, 1e6, allow_nan=False) | st.integers(-5, 5))
    demo = ScoreResult(
        scorer="demo",
        value=value,
        reason=None if value is not None else "empty",
        formula="x / y",
        inputs={"x": draw(st.integers(0, 9)), "y": 1.5},
        evidence=evidence,
    )
    attribution = ScoreResult(
        scorer="attribution", value=0.5, formula="a / b", attributions=attributions
    )
    base = reliability.score(text, scorers=["readability"])
    return Profile(
        document=base.document,
        lexicons=base.lexicons,
        scores={"demo": demo, "attribution": attribution},
        library_version=base.library_version,
    )


class TestProfileJson:
    @given(profiles())
    def test_round_trip(self, profile):
        """to_dict → JSON → from_dict gives back the same profile."""
        data = json.loads(profile.to_json())
        assert Profile.from_dict(data).to_dict() == profile.to_dict() == data

    @given(profiles())
    def test_validates_against_schema(self, profile):
        """Every profile validates against the versioned JSON Schema."""
        jsonschema.validate(profile.to_dict(), profile_schema(1))

    @given(texts)
    def test_real_profiles_validate(self, text):
        """The profile of any text validates and round-trips."""
        profile = reliability.score(text)
        data = json.loads(profile.to_json())
        jsonschema.validate(data, profile_schema())
        assert Profile.from_dict(data).to_dict() == data

    def test_from_dict_rejects_bad_data(self):
        """A dictionary that is not a profile raises SchemaError saying where."""
        with pytest.raises(SchemaError, match="schema_version"):
            Profile.from_dict({"schema_version": 99})
        with pytest.raises(SchemaError, match="not a profile"):
            Profile.from_dict({"schema_version": 1})

    def test_unknown_schema_version(self):
        """Only known schema versions have a schema."""
        with pytest.raises(ValueError, match="no profile schema"):
            profile_schema(42)


class TestValues:
    def test_none_needs_a_reason(self):
        """A result without a value must say why."""
        with pytest.raises(ValueError, match="needs a reason"):
            ScoreResult(scorer="x", value=None, formula="f")

    def test_nan_is_refused(self):
        """NaN and infinity are not valid values or inputs."""
        with pytest.raises(ValueError, match="finite"):
            ScoreResult(scorer="x", value=float("nan"), formula="f")
        with pytest.raises(ValueError, match="finite"):
            ScoreResult(scorer="x", value=1.0, formula="f", inputs={"a": float("inf")})

    def test_span_of_checks_range(self):
        """Span.of refuses a range outside the text and copies the covered text."""
        assert Span.of("abc", 1, 3).text == "bc"
        with pytest.raises(ValueError, match="out of range"):
            Span.of("abc", 2, 5)


@given(
    st.lists(
        st.dictionaries(
            st.sampled_from(["a", "b", "cue", "voice", "type", "z"]),
            st.none() | st.booleans() | st.integers(),
            max_size=4,
        ),
        max_size=6,
    )
)
def test_evidence_details_are_always_sorted_by_key(many):
    """Details come out sorted by key whatever order they are given in, also when a key order
    has been seen before (the sorted orders are remembered)."""
    span = Span(0, 1, "x")
    for details in many + many:
        got = Evidence("s", "l", span, "r", 1.0, details).details
        assert list(got.items()) == sorted(details.items())


ARTICLE = (
    "Mayor Ana Ruiz said the bridge would reopen on Monday. A senior official, who asked not to "
    "be named, said the repairs may cost more. Reportedly, the contractor is behind schedule."
)


class TestImmutable:
    def test_index_and_findings_are_typed_members(self):
        """A profile's index and findings are typed values whose JSON forms are its members."""
        profile = reliability.score(ARTICLE)
        assert isinstance(profile.index, SourcingIndex)
        assert all(isinstance(f, Finding) for f in profile.findings)
        data = profile.to_dict()
        assert data["index"] == profile.index.to_dict()
        assert data["findings"] == [f.to_dict() for f in profile.findings]
        assert profile.index.component("on_record_share").id == "on_record_share"
        with pytest.raises(KeyError, match="known: on_record_share"):
            profile.index.component("nothing")

    def test_nothing_in_a_profile_can_be_changed(self):
        """Assigning to, or mutating a mapping of, a profile, its index, findings or results
        raises instead of silently changing a number."""
        profile = reliability.score(ARTICLE)
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            profile.index.value = 999  # type: ignore[misc]
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            profile.findings[0].message = "x"  # type: ignore[misc]
        with pytest.raises(TypeError, match="immutable"):
            profile.index.components[0].inputs["on_record"] = 99  # type: ignore[index]
        with pytest.raises(TypeError, match="immutable"):
            profile.scores["hedging"].inputs["writer_hedges"] = 0  # type: ignore[index]
        with pytest.raises(TypeError, match="immutable"):
            profile.scores.pop("hedging")  # type: ignore[attr-defined]
        with pytest.raises(TypeError, match="immutable"):
            profile.evidence[0].details.update(voice="quoted")  # type: ignore[attr-defined]
        assert isinstance(profile.findings, tuple)

    def test_extras_are_frozen_deeply_and_round_trip(self):
        """Unknown top-level members survive a round trip and cannot be changed in between."""
        data = reliability.score(ARTICLE).to_dict()
        data["later_member"] = {"values": [1, 2, {"x": 3}]}
        profile = Profile.from_dict(data)
        with pytest.raises(TypeError, match="immutable"):
            profile.extras["index"] = {"value": 999}  # type: ignore[index]
        with pytest.raises(TypeError, match="immutable"):
            profile.extras["later_member"]["values"][2]["x"] = 4
        assert profile.to_dict() == data

    @given(texts)
    def test_json_round_trip_gives_an_equal_profile(self, text):
        """A profile read back from its JSON equals it, index and findings included."""
        profile = reliability.score(text)
        back = Profile.from_json(profile.to_json())
        assert (back.index, back.findings) == (profile.index, profile.findings)
        assert back.to_dict() == profile.to_dict()

    def test_pickles_and_copies(self):
        """Frozen mappings pickle and copy (batches send profiles between processes)."""
        profile = reliability.score(ARTICLE)
        assert pickle.loads(pickle.dumps(profile)) == profile
        assert copy.deepcopy(profile) == profile
        frozen = FrozenDict({"a": 1})
        assert frozen == {"a": 1} and json.dumps(frozen) == '{"a": 1}'
