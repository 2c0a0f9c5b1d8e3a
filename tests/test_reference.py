"""Findings calibrated against reference statistics of mainstream political reporting."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import reliability
import reliability.reference
from reliability.findings import MIN_FOR_CONCERN, REFERENCE_MEASURES, compute_findings
from reliability.reference import Reference, ReferenceError, load_reference

REPO = Path(__file__).resolve().parent.parent
# The file the package loads: in the checkout, or inside an installed wheel.
SHIPPED = Path(reliability.reference.__file__).resolve().parent / "polnear_mainstream.json"
WHEEL_MODE = os.environ.get("RELIABILITY_EXPECT_WHEEL") == "1"

FILLER = (
    "The council met on Tuesday to discuss the budget for the coming year, and the members "
    "went through the figures line by line before the vote. "
)


def _long_article(hedged_sentence: str, words: int = 300) -> str:
    body = FILLER * (words // len(FILLER.split()) + 1)
    return f"Ana Ruiz said the council would vote. {hedged_sentence} {body}"


def _finding(profile: reliability.Profile, rule: str) -> reliability.Finding | None:
    return next((f for f in profile.findings if f.id == rule), None)


class TestShippedReference:
    def test_loads_with_provenance_and_no_text(self) -> None:
        """The shipped reference says where its numbers come from and holds numbers only."""
        ref = load_reference()
        prov = ref.provenance
        assert prov["split"] == "train"
        assert dict(prov["publishers"]) == {
            "nyt": 120,
            "wash-post": 120,
            "politico": 120,
            "usa-today": 120,
        }
        assert prov["commit"] == "c3eee833c035bf7b8c84f55b58c0bf7346cfae76"
        assert prov["computed_by"] == "benchmarks/reference_stats.py"
        assert {lex["id"] for lex in prov["lexicons"]} >= {"hedging", "attribution_cues"}
        assert set(ref.quantiles) == set(REFERENCE_MEASURES)
        data = json.loads(SHIPPED.read_text("utf-8"))
        for body in data["measures"].values():
            assert all(isinstance(v, float | int) for v in body["quantiles"].values())

        def strings(value: object) -> list[str]:
            if isinstance(value, dict):
                return [s for v in value.values() for s in strings(v)]
            if isinstance(value, list):
                return [s for v in value for s in strings(v)]
            return [value] if isinstance(value, str) else []

        assert max(len(s) for s in strings(data)) < 400  # descriptions, never article text

    def test_quantiles_increase_and_phrase_reads(self) -> None:
        """Quantiles are non-decreasing; the concern quantile reads as '9 in 10 articles'."""
        ref = load_reference()
        for qs in ref.quantiles.values():
            values = [qs[q] for q in sorted(qs)]
            assert values == sorted(values)
        assert ref.concern_quantile == 0.9
        assert ref.phrase() == "9 in 10 articles of the reference political reporting"

    @pytest.mark.skipif(WHEEL_MODE, reason="needs the source checkout's benchmarks/; checked there")
    def test_is_fresh(self, shared_dir: Path) -> None:
        """Recomputed from PolNeAR train with this library and its lexicons, the statistics
        equal the shipped file (after a lexicon or scorer change, run
        ``benchmarks/reference_stats.py`` to refresh it)."""
        import importlib.util

        spec = importlib.util.spec_from_file_location(
            "reference_stats", REPO / "benchmarks" / "reference_stats.py"
        )
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        fresh = module.compute(shared_dir / "data" / "polnear" / "train.jsonl")
        shipped = json.loads(SHIPPED.read_text("utf-8"))
        assert fresh["measures"] == shipped["measures"]


class TestCalibratedConcerns:
    def test_one_reportedly_is_never_a_concern(self) -> None:
        """One writer's-voice hedge in a 300-word article is a note that gives the reference
        median, not a concern."""
        profile = reliability.score(_long_article("The mayor will reportedly resign."))
        found = _finding(profile, "findings.writer_hedges")
        assert found is not None and found.severity == "note"
        assert "median of the reference political reporting" in found.message

    def test_one_hedge_in_a_tiny_text_is_not_a_concern(self) -> None:
        """However high the rate, one hedge alone is not a concern."""
        profile = reliability.score("Ana Ruiz said so. It may rain.")
        found = _finding(profile, "findings.writer_hedges")
        assert MIN_FOR_CONCERN["writer_hedge_rate"] == 2
        assert found is None or found.severity == "note"

    def test_heavy_hedging_is_a_concern_that_says_why(self) -> None:
        """Hedging beyond the reference's 90th percentile is a concern that names it."""
        text = (
            "The mayor may resign. It is possible that the council could fall, and perhaps the "
            "budget might fail. Ana Ruiz said the vote would go ahead."
        )
        profile = reliability.score(text)
        found = _finding(profile, "findings.writer_hedges")
        assert found is not None and found.severity == "concern"
        assert "more than 9 in 10 articles of the reference political reporting" in found.message
        assert f"{load_reference().threshold('writer_hedge_rate'):.1f})" in found.message

    def test_unnamed_sources_beyond_the_reference(self) -> None:
        """A majority of unnamed sources beyond the reference's 90th percentile is a concern."""
        text = (
            "A senior official said the plan was dead. Sources said it was over. People "
            "familiar with the matter said so too. Ana Ruiz said nothing."
        )
        found = _finding(reliability.score(text), "findings.unnamed_sources")
        assert found is not None and found.severity == "concern"
        assert "9 in 10 articles" in found.message

    def test_a_different_reference_changes_the_severity(self) -> None:
        """Severity follows the reference given: with a strict one, one hedge pair is a
        concern; the message names that reference."""
        text = _long_article("The mayor may resign. The vote could fail.")
        profile = reliability.score(text)
        shipped = _finding(profile, "findings.writer_hedges")
        assert shipped is not None and shipped.severity == "note"
        data = json.loads(SHIPPED.read_text("utf-8"))
        data["label"] = "a strict desk"
        for measure in data["measures"].values():
            measure["quantiles"] = dict.fromkeys(measure["quantiles"], 0.0)
        strict = Reference.from_mapping(data, "strict.json")
        found = compute_findings(profile, reference=strict)
        hedges = next(f for f in found if f.id == "findings.writer_hedges")
        assert hedges.severity == "concern"
        assert "9 in 10 articles of a strict desk" in hedges.message


class TestReferenceErrors:
    def test_missing_file(self, tmp_path: Path) -> None:
        """A missing file is an error naming it."""
        with pytest.raises(ReferenceError, match=r"nope\.json: no such file"):
            Reference.load(tmp_path / "nope.json")

    def test_bad_shape(self, tmp_path: Path) -> None:
        """A file without measures, or with decreasing quantiles, is an error saying what."""
        path = tmp_path / "bad.json"
        path.write_text('{"id": "x"}', "utf-8")
        with pytest.raises(ReferenceError, match="not a reference statistics file"):
            Reference.load(path)
        data = json.loads(SHIPPED.read_text("utf-8"))
        data["measures"]["writer_hedge_rate"]["quantiles"]["0.99"] = -1
        path.write_text(json.dumps(data), "utf-8")
        with pytest.raises(ReferenceError, match="quantiles not increasing"):
            Reference.load(path)
        assert isinstance(ReferenceError("a", "b"), reliability.ReliabilityError)
