"""The combined sourcing index: components, weights, contributions, overrides and missing parts."""

from __future__ import annotations

import math
from pathlib import Path

import jsonschema
import pytest
from hypothesis import example, given

import reliability
from reliability.index import COMPONENTS, IndexWeights, ProfileFacts, WeightsError, compute_index
from reliability.profile import Pipeline
from reliability.schema import profile_schema
from tests.report.fakes import FakeAttribution, FakeHedging, FakePromotional, fake_pipeline
from tests.strategies import texts

ARTICLE = (
    "Port minister may resign, officials say\n\n"
    "The ports minister is reportedly preparing to resign, sources close to the government "
    "said on Friday.\n\n"
    "Ana Ruiz said the cabinet would meet on Monday to discuss the contracts and the tender.\n\n"
    "Piet Vos told reporters the inquiry had found nothing so far and would continue.\n\n"
    "Support our journalism today and donate as little as $1.\n"
)

PIPELINE = fake_pipeline()


def _by_id(index: dict) -> dict[str, dict]:
    return {c["id"]: c for c in index["components"]}


class TestDefaults:
    def test_shipped_weights_cover_every_component(self):
        """The shipped TOML gives a positive weight and a description to every component."""
        weights = IndexWeights.default()
        assert list(weights.components) == list(COMPONENTS)
        assert all(p["weight"] > 0 and p["description"] for p in weights.components.values())
        assert weights.scale == 100 and weights.source == "default"

    def test_value_is_the_sum_of_contributions_and_matches_the_formula(self):
        """The index equals the sum of its contributions, and each contribution is
        scale × weight × value / available weight, all printed in the formula."""
        index = PIPELINE.score(ARTICLE).to_dict()["index"]
        comps = index["components"]
        available = sum(c["weight"] for c in comps if c["value"] is not None)
        for c in comps:
            assert c["contribution"] == pytest.approx(
                100 * c["weight"] * c["value"] / available, abs=1e-3
            )
        assert index["value"] == pytest.approx(sum(c["contribution"] for c in comps), abs=1e-3)
        assert f"= {index['value']:.1f}" in index["formula"]
        assert "Σ weight_i × component_i" in index["formula"]

    def test_components_recomputed_by_hand_from_inputs(self):
        """Each component's value follows from its recorded inputs by its printed formula."""
        comps = _by_id(PIPELINE.score(ARTICLE).to_dict()["index"])
        c = comps["on_record_share"]["inputs"]
        assert comps["on_record_share"]["value"] == pytest.approx(
            c["on_record"] / c["typed_attributions"], abs=1e-4
        )
        c = comps["attributed_share"]["inputs"]
        assert comps["attributed_share"]["value"] == pytest.approx(
            min(1, c["attributed_chars"] / c["body_chars"] / c["target"]), abs=1e-4
        )
        c = comps["source_diversity"]["inputs"]
        assert comps["source_diversity"]["value"] == pytest.approx(
            min(1, c["distinct_on_record_sources"] / c["target"]), abs=1e-4
        )
        c = comps["writer_hedging"]["inputs"]
        assert comps["writer_hedging"]["value"] == pytest.approx(
            max(0, 1 - c["writer_hedge_rate"] / c["limit"]), abs=1e-3
        )
        c = comps["promotional"]["inputs"]
        assert comps["promotional"]["value"] == pytest.approx(
            max(0, 1 - c["promotional_chars"] / c["chars"] / c["limit"]), abs=1e-4
        )

    def test_known_counts_on_a_small_article(self):
        """Two named sources and one anonymous one give on_record_share 2/3; the appeal line is
        promotional; one writer-voice hedge (plus "may" in the headline) is counted, at the
        hedging scorer's rate."""
        profile = PIPELINE.score(ARTICLE)
        comps = _by_id(profile.to_dict()["index"])
        assert comps["on_record_share"]["inputs"] == {"on_record": 2, "typed_attributions": 3}
        assert comps["source_diversity"]["inputs"]["distinct_on_record_sources"] == 2
        assert profile.scores["hedging"].inputs["writer_hedges"] == 2
        rate = comps["writer_hedging"]["inputs"]["writer_hedge_rate"]
        assert rate == pytest.approx(profile.value("hedging"), abs=1e-4)
        line = "Support our journalism today and donate as little as $1."
        assert comps["promotional"]["inputs"]["promotional_chars"] == len(line)

    def test_profile_json_with_index_validates(self):
        """The profile JSON with its index and findings validates against the schema."""
        jsonschema.validate(PIPELINE.score(ARTICLE).to_dict(), profile_schema())


class TestMissingParts:
    def test_absent_scorer_leaves_its_component_out_with_a_reason(self):
        """Without the hedging scorer, writer_hedging is None with a reason and the other
        weights are renormalised; no number is invented."""
        pipeline = Pipeline(scorers=[FakePromotional(), FakeAttribution()])
        index = pipeline.score(ARTICLE).to_dict()["index"]
        comps = _by_id(index)
        assert comps["writer_hedging"]["value"] is None
        assert comps["writer_hedging"]["contribution"] is None
        assert "hedging scorer was not run" in comps["writer_hedging"]["reason"]
        present = [c for c in comps.values() if c["value"] is not None]
        assert sum(c["weight"] for c in present) == 85
        assert index["value"] == pytest.approx(
            sum(100 * c["weight"] * c["value"] / 85 for c in present), abs=1e-3
        )

    def test_too_little_weight_gives_none_with_reason(self):
        """With only readability run, the index is None and says which components are missing."""
        profile = reliability.score(ARTICLE, scorers=["readability"])
        index = profile.to_dict()["index"]
        assert index["value"] is None
        assert "too little to measure" in index["reason"] and "on_record_share" in index["reason"]

    def test_no_attributions_is_not_a_share_of_zero(self):
        """A text with no attributions has no on-record share (None), not 0."""
        index = PIPELINE.score("The bridge reopened on Monday after repairs to its deck.")
        comps = _by_id(index.to_dict()["index"])
        assert comps["on_record_share"]["value"] is None
        assert "no attributions" in comps["on_record_share"]["reason"]
        assert comps["attributed_share"]["value"] == 0

    def test_empty_text(self):
        """Empty text gives an index of None with a reason."""
        index = PIPELINE.score("").to_dict()["index"]
        assert index["value"] is None and index["reason"]


class TestOverrides:
    def test_partial_file_overrides_only_what_it_names(self, tmp_path: Path):
        """A user file setting one weight keeps the other defaults and is named in the index."""
        path = tmp_path / "w.toml"
        path.write_text("[components.promotional]\nweight = 0\n", "utf-8")
        weights = IndexWeights.load(path)
        assert weights.components["promotional"]["weight"] == 0
        assert weights.components["on_record_share"]["weight"] == 30
        index = fake_pipeline(index_weights=path).score(ARTICLE).to_dict()["index"]
        comps = _by_id(index)
        assert comps["promotional"]["contribution"] is None
        assert "weight 0" in comps["promotional"]["reason"]
        assert index["weights"] == str(path)

    def test_score_takes_weights_argument(self, tmp_path: Path):
        """reliability.score(index_weights=...) changes the index, the default stays as shipped."""
        path = tmp_path / "w.toml"
        path.write_text("[components.attributed_share]\ntarget = 0.01\n", "utf-8")
        changed = reliability.score(ARTICLE, index_weights=path).to_dict()["index"]
        default = reliability.score(ARTICLE).to_dict()["index"]
        assert _by_id(changed)["attributed_share"]["inputs"]["target"] == 0.01
        assert _by_id(default)["attributed_share"]["inputs"]["target"] == 0.4

    @pytest.mark.parametrize(
        ("content", "message"),
        [
            ("[components.nope]\nweight = 1\n", "components.nope: unknown component"),
            ("[components.promotional]\nweight = -1\n", "must be >= 0"),
            ("[components.promotional]\nweight = 'x'\n", "must be a number"),
            ("[components.promotional]\nlimit = 0\n", "must be > 0"),
            ("[components.promotional]\ncolour = 1\n", "unknown parameter"),
            ("min_weight_share = 2\n", "min_weight_share: must be"),
            ("scale = 0\n", "scale: must be > 0"),
            (
                "[components.on_record_share]\nweight = 0\n[components.attributed_share]\nweight = 0\n"
                "[components.source_diversity]\nweight = 0\n[components.writer_hedging]\nweight = 0\n"
                "[components.promotional]\nweight = 0\n",
                "every component weight is 0",
            ),
            ("this is = = not toml", "cannot read"),
        ],
    )
    def test_invalid_files_name_file_and_problem(self, tmp_path: Path, content: str, message: str):
        """A bad weights file raises WeightsError naming the file and what is wrong."""
        path = tmp_path / "bad.toml"
        path.write_text(content, "utf-8")
        with pytest.raises(WeightsError) as info:
            IndexWeights.load(path)
        assert str(path) in str(info.value) and message in str(info.value)

    def test_missing_file(self, tmp_path: Path):
        """A weights path that does not exist is an error naming it."""
        with pytest.raises(WeightsError, match="no such file"):
            IndexWeights.load(tmp_path / "none.toml")


class TestProperties:
    @given(texts)
    @example("Sources said. Sources said. Sources said.")
    @example("Support us\n\nSupport us")
    def test_index_in_range_and_consistent(self, text: str):
        """For any text the index is None with a reason, or in [0, 100] and equal to the sum of
        its contributions; components are in [0, 1] or None with a reason."""
        profile = PIPELINE.score(text)
        index = profile.to_dict()["index"]
        for c in index["components"]:
            if c["value"] is None:
                assert c["reason"]
            else:
                assert 0 <= c["value"] <= 1
        if index["value"] is None:
            assert index["reason"]
        else:
            assert 0 <= index["value"] <= 100
            total = sum(c["contribution"] or 0 for c in index["components"])
            assert math.isclose(index["value"], total, abs_tol=1e-2)

    @given(texts)
    def test_deterministic_and_facts_in_range(self, text: str):
        """The index is the same on a second run; facts count within the text's bounds."""
        a, b = PIPELINE.score(text), PIPELINE.score(text)
        assert (a.index, a.findings) == (b.index, b.findings)
        facts = ProfileFacts.of(a)
        assert 0 <= facts.promotional_chars <= facts.chars
        assert 0 <= facts.attributed_chars <= max(facts.body_chars, 0)

    def test_compute_index_directly_matches_profile(self):
        """compute_index over a profile gives the index stored in it."""
        profile = PIPELINE.score(ARTICLE)
        assert compute_index(profile) == profile.index


class TestWeightsWithRealScorers:
    def test_registered_scorers_give_components_or_reasons(self):
        """With whatever built-in scorers exist, every component has a value or a reason."""
        profile = reliability.score(ARTICLE)
        for c in profile.to_dict()["index"]["components"]:
            assert c["value"] is not None or c["reason"]


def test_weights_is_an_error_with_reason_hierarchy():
    """WeightsError is a ReliabilityError carrying path and reason."""
    err = WeightsError("x.toml", "bad")
    assert isinstance(err, reliability.ReliabilityError)
    assert (err.path, err.reason) == ("x.toml", "bad")


def test_facts_count_hedges_only_in_writer_voice():
    """A hedge inside a quotation is not counted as the writer's."""
    facts = ProfileFacts.of(PIPELINE.score('He said: "It may rain." It may snow.'))
    assert [e.text for e in facts.writer_hedges] == ["may"]
    assert facts.writer_hedges[0].start == 'He said: "It may rain." It '.__len__()


def test_attributed_chars_exclude_promotional_blocks():
    """Attributed content inside a promotional block is not counted as attributed body text."""
    text = "Support us, Ana Ruiz said today.\n\nThe bridge opened."
    facts = ProfileFacts.of(PIPELINE.score(text))
    assert facts.promotional_chars == len("Support us, Ana Ruiz said today.")
    assert facts.attributed_chars == 0


def test_with_hedging_scorer_instance():
    """A pipeline given scorer instances still records the index."""
    profile = Pipeline(scorers=[FakeHedging()]).score(ARTICLE)
    assert profile.index is not None


def test_embedded_posts_are_body_exclusions_not_promotion():
    """An embedded post is set aside from the body but is not promotion: the facts take the
    promotional scorer's own counts, by kind, and the blocks' characters off the document."""
    from reliability.model import DocumentInfo, Evidence, Profile, ScoreResult, Span

    text = "Body text here. @someone: a quoted post. Donate now!"
    post = Evidence(
        "promotional",
        "embedded_post",
        Span.of(text, 16, 40),
        "promotional.x",
        details={"block": True, "position": "body"},
    )
    appeal = Evidence(
        "promotional",
        "appeal",
        Span.of(text, 41, len(text)),
        "promotional.y",
        details={"block": True, "position": "trailer"},
    )
    inputs = {"chars": 50, "promotional_chars": 11, "appeal_chars": 11, "embedded_post_chars": 24}
    promo = ScoreResult("promotional", 11 / 50, "f", inputs, evidence=[post, appeal])
    info = DocumentInfo(None, None, "0" * 64, len(text), 9, 1)
    facts = ProfileFacts.of(Profile(info, (), {"promotional": promo}, "0"))
    assert facts.block_chars == 24 + len("Donate now!")
    assert facts.promotional_chars == len("Donate now!")
    assert facts.promotional_share == 11 / 50
    assert facts.promotional_by_label == {"appeal": len("Donate now!")}


def test_attributions_inside_blocks_are_set_aside():
    """An attribution whose cue lies inside a promotional block is not counted."""
    text = "Ana Ruiz said yes.\nSupport us, Piet Vos said, and donate."
    facts = ProfileFacts.of(PIPELINE.score(text))
    assert [a.source.text for a in facts.attributions if a.source] == ["Ana Ruiz"]
    assert facts.on_record_sources == ("ana ruiz",)


_PIPELINE = Pipeline()


@given(texts)
def test_assemble_gives_the_profile_score_document_gives(text):
    """Scorers run one by one and assembled with Pipeline.assemble give the same profile, index
    and findings included, as Pipeline.score_document."""
    pipeline = _PIPELINE
    document = pipeline.document(text)
    results: dict[str, reliability.ScoreResult] = {}
    for scorer in pipeline.scorers:
        results[scorer.id] = scorer.score(document, results)
    assembled = pipeline.assemble(document, results)
    assert assembled.to_dict() == pipeline.score_document(document).to_dict()
    assert assembled.index is not None
    assert not assembled.extras
