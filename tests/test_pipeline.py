"""Scorer requirements: asking for one scorer runs what it needs, reports what was asked, and
gives the value it has in the full profile; equal arguments reuse one cached pipeline."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import example, given

import reliability
from reliability.cli import main
from reliability.profile import Pipeline, cached_pipeline
from tests.strategies import sourced_articles, texts

FULL = Pipeline()
SCORERS = FULL.requested
ALONE = {sid: Pipeline(scorers=[sid]) for sid in SCORERS}
EMBEDDED = (
    "The minister said the port would close. pic.twitter.com/a1B2c3 — Ana Ruiz (@anaruiz) "
    "September 1, 2016\n\nSupport our journalism today for as little as $1.\n\nIt may reopen, "
    "sources said."
)


def _same_alone_as_in_full(text: str) -> list[str]:
    """Scorer ids whose value or inputs differ when scored alone."""
    full = FULL.score(text)
    differ = []
    for sid, pipeline in ALONE.items():
        alone = pipeline.score(text)
        assert list(alone.scores) == [sid]
        a, b = alone.scores[sid], full.scores[sid]
        if (a.value, dict(a.inputs), a.evidence) != (b.value, dict(b.inputs), b.evidence):
            differ.append(sid)
    return differ


class TestRequirements:
    def test_built_in_requirements(self) -> None:
        """Each built-in scorer declares the scorers whose results it reads."""
        requires = {s.id: set(s.requires) for s in FULL.scorers}
        assert requires == {
            "promotional": set(),
            "readability": {"promotional"},
            "attribution": {"promotional"},
            "anonymous_sourcing": {"attribution"},
            "hedging": {"attribution", "promotional"},
        }

    def test_requirements_run_but_only_the_asked_are_reported(self) -> None:
        """Asking for hedging runs promotional and attribution first and reports hedging."""
        pipeline = Pipeline(scorers=["hedging"])
        assert [s.id for s in pipeline.scorers] == ["promotional", "attribution", "hedging"]
        assert pipeline.requested == ("hedging",)
        profile = pipeline.score(EMBEDDED)
        assert list(profile.scores) == ["hedging"]
        assert {e.scorer for e in profile.evidence} <= {"hedging"}
        assert profile.attributions == ()

    def test_cli_lists_the_real_requirements(self) -> None:
        """`reliability scorers` prints what each scorer requires."""
        out = io.StringIO()
        assert main(["scorers"], stdout=out) == 0
        lines = out.getvalue().splitlines()
        hedging = next(i for i, line in enumerate(lines) if line.startswith("hedging "))
        assert "requires: attribution, promotional" in lines[hedging + 1]
        readability = next(i for i, line in enumerate(lines) if line.startswith("readability "))
        assert "requires: promotional" in lines[readability + 1]


class TestAloneEqualsFull:
    @given(sourced_articles())
    @example(EMBEDDED)
    def test_realistic_articles(self, text: str) -> None:
        """Every scorer alone gives the value, inputs and evidence it has in the full profile."""
        assert _same_alone_as_in_full(text) == []

    @given(texts)
    def test_any_text(self, text: str) -> None:
        """The same holds for any text."""
        assert _same_alone_as_in_full(text) == []

    def test_polnear_articles(self, shared_dir: Path) -> None:
        """On every PolNeAR dev article, each scorer alone equals its value in the full
        profile."""
        seen: set[str] = set()
        differ: dict[str, int] = {}
        with (shared_dir / "data" / "polnear" / "dev.jsonl").open(encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                if record["doc_id"] in seen:
                    continue
                seen.add(record["doc_id"])
                for sid in _same_alone_as_in_full(record["text"]):
                    differ[sid] = differ.get(sid, 0) + 1
        assert len(seen) == 84
        assert differ == {}


class TestCachedPipeline:
    def test_equal_arguments_reuse_one_pipeline(self) -> None:
        """score() with equal scorers, lexicons and weights reuses the pipeline built first."""
        first = cached_pipeline(["hedging"], None, None)
        assert cached_pipeline(("hedging",), None, None) is first
        assert cached_pipeline(["attribution"], None, None) is not first
        assert cached_pipeline(None, None, None) is cached_pipeline()

    def test_edited_lexicon_file_is_read_again(self, tmp_path: Path) -> None:
        """A lexicon file changed between calls gives a new pipeline, with the new entries."""
        path = tmp_path / "hedges.toml"
        header = (
            'id = "my_hedges"\nextends = "hedging"\nversion = "1"\ndescription = "test"\n'
            'language = "en"\nlicense = "Apache-2.0"\n\n[[sources]]\n'
            'citation = "Written for this test."\n\n'
        )
        path.write_text(header + '[[entries]]\nterm = "zorbly"\nlabel = "epistemic"\n', "utf-8")
        text = "The bridge will zorbly reopen, and it will blarfly be safe."
        before = reliability.score(text, scorers=["hedging"], lexicons=[path])
        path.write_text(
            header + '[[entries]]\nterm = "blarfly"\nlabel = "epistemic"\n\n'
            '[[entries]]\nterm = "zorbly"\nlabel = "epistemic"\n',
            "utf-8",
        )
        after = reliability.score(text, scorers=["hedging"], lexicons=[path])
        assert [e.text for e in before.evidence] == ["zorbly"]
        assert [e.text for e in after.evidence] == ["zorbly", "blarfly"]

    def test_callers_registry_is_not_cached(self) -> None:
        """A Registry the caller owns (and may change) gets a pipeline of its own each call."""
        registry = reliability.default_registry()
        assert cached_pipeline(registry) is not cached_pipeline(registry)


@pytest.mark.parametrize("sid", SCORERS)
def test_each_scorer_alone_validates(sid: str) -> None:
    """A profile of one scorer is a valid, complete profile of that scorer alone."""
    import jsonschema

    from reliability.schema import profile_schema

    profile = reliability.score(EMBEDDED, scorers=[sid])
    jsonschema.validate(profile.to_dict(), profile_schema())
    assert list(profile.scores) == [sid]
