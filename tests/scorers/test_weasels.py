"""Weasel cues: vague groups, agentless support, vague quantities and generality, by voice and as sources."""

from __future__ import annotations

import jsonschema
import pytest
from hypothesis import given

import reliability
from reliability.document import Document
from reliability.index import ProfileFacts
from reliability.lexicon import LexiconSet
from reliability.model import Attribution, Evidence, ScoreResult, Span
from reliability.report import render
from reliability.schema import profile_schema
from reliability.scorers.hedging import HedgingScorer
from tests.strategies import articles

LEXICONS = LexiconSet.default()
SCORER = HedgingScorer(LEXICONS)
WEASEL_LEXICONS = ("weasel_groups", "weasel_agentless", "weasel_quantities", "weasel_frequency")
SCORER_LEXICONS = tuple(r.id for r in SCORER.lexicon_refs())
CORPORA = {"conll2010", "factbank", "wikiweasel"}


def weasels(text: str, upstream: dict[str, ScoreResult] | None = None) -> list[Evidence]:
    found = SCORER.cues(Document.from_text(text), upstream)
    return [e for e in found if e.label == "hedge" and e.details["type"] == "weasel"]


def attribution(text: str, source: str, cue: str, kind: str | None) -> dict[str, ScoreResult]:
    s, c = text.index(source), text.index(cue)
    relation = Attribution(
        cue=Span.of(text, c, c + len(cue)),
        source=Span.of(text, s, s + len(source)),
        content=Span.of(text, c + len(cue) + 1, len(text) - 1),
        source_kind=kind,  # type: ignore[arg-type]
    )
    result = ScoreResult(
        scorer="attribution", value=None, reason="test", formula="-", attributions=[relation]
    )
    return {"attribution": result}


class TestLexicons:
    @pytest.mark.parametrize("lexicon_id", WEASEL_LEXICONS)
    def test_weasel_lexicons_extend_hedging(self, lexicon_id):
        """Every weasel lexicon adds to the hedging family and every entry is typed weasel."""
        lexicon = LEXICONS[lexicon_id]
        assert lexicon.family == "hedging"
        assert {e.label for e in lexicon.entries} == {"weasel"}

    @pytest.mark.parametrize("lexicon_id", SCORER_LEXICONS)
    def test_every_entry_cites_its_source(self, lexicon_id):
        """Every entry of the scorer's lexicons cites a source of its file; helps names known corpora."""
        lexicon = LEXICONS[lexicon_id]
        keys = {s.key for s in lexicon.sources}
        for entry in lexicon.entries:
            assert entry.cites and set(entry.cites) <= keys, entry.id
            assert set(entry.helps) <= CORPORA, entry.id

    def test_generality_weighs_half_a_hedge(self):
        """Vague quantities and generality adverbs weigh 0.5, vague groups and agentless support 1."""
        assert {e.weight for e in LEXICONS["weasel_quantities"].entries} == {0.5}
        assert {e.weight for e in LEXICONS["weasel_frequency"].entries} == {0.5}
        assert {e.weight for e in LEXICONS["weasel_groups"].entries} == {1.0}
        assert {e.weight for e in LEXICONS["weasel_agentless"].entries} == {1.0}


class TestVoice:
    def test_writer_quoted_attributed(self):
        """A weasel takes the voice of where it stands, as every hedge does."""
        text = "Many residents left. “Some studies show it is safe,” Ana Ruiz said."
        assert [(e.text, e.details["voice"]) for e in weasels(text)] == [
            ("Many", "writer"),
            ("Some studies", "quoted"),
        ]
        text = "Ana Ruiz said many residents left."
        up = attribution(text, "Ana Ruiz", "said", "on_record")
        assert [(e.text, e.details["voice"]) for e in weasels(text, up)] == [("many", "attributed")]


class TestAsSource:
    @pytest.mark.parametrize("kind", ["unspecified", "anonymous"])
    def test_linked_to_the_source_it_stands_for(self, kind):
        """A weasel overlapping a source that is not on record names that source in its details."""
        text = "Some experts say the dam will hold."
        (e,) = weasels(text, attribution(text, "Some experts", "say", kind))
        assert e.text == "Some experts"
        assert (e.details["source_start"], e.details["source_end"]) == (0, len("Some experts"))
        assert e.details["source_kind"] == kind

    def test_linked_profile_matches_the_schema(self):
        """A profile holding a linked weasel validates against the profile JSON schema."""
        profile = reliability.score("Some experts say the dam will not hold, the paper reported.")
        data = profile.to_dict()
        assert any("source_kind" in e for e in data["evidence"] if e["scorer"] == "hedging")
        jsonschema.validate(data, profile_schema())

    def test_not_linked_to_a_named_source(self):
        """A weasel beside an on-record source, or with no attribution at all, has no link."""
        text = "Some experts, among them Ana Ruiz, say the dam will hold."
        up = attribution(text, "Ana Ruiz", "say", "on_record")
        assert all("source_kind" not in e.details for e in weasels(text, up))
        assert all("source_kind" not in e.details for e in weasels(text))

    def test_counted_once_in_the_index(self):
        """In a full profile a weasel source counts in the attribution shares, not also as a hedge."""
        text = (
            "Dam safety questioned\n\n"
            "Some experts say the dam will not hold. Ana Ruiz, the city engineer, said on "
            "Monday that the dam is sound and that inspections continue every month."
        )
        profile = reliability.score(text)
        sources = {(a.source.start, a.source.end) for a in profile.attributions if a.source}
        hedging = profile.scores["hedging"]
        linked = [e for e in hedging.evidence if "source_kind" in e.details]
        assert [e.text for e in linked] == ["Some experts"]
        assert (linked[0].details["source_start"], linked[0].details["source_end"]) in sources
        assert hedging.inputs["writer_weasels_as_sources"] == 1
        # the index reads the hedging scorer's rate without the weasel that is a source
        weight = hedging.inputs["writer_hedge_weight"]
        rate = 100 * (weight - linked[0].weight) / hedging.inputs["writer_words"]
        assert hedging.inputs["writer_hedge_rate_beyond_sources"] == pytest.approx(rate)
        assert ProfileFacts.of(profile).writer_hedge_rate_beyond_sources == pytest.approx(rate)
        (comp,) = [c for c in profile.index.components if c.id == "writer_hedging"]
        assert comp.inputs["writer_hedge_rate_beyond_sources"] == pytest.approx(rate, abs=1e-4)
        expected = 1 - rate / comp.inputs["limit"]
        assert comp.value == pytest.approx(max(0.0, expected), abs=1e-3)
        assert rate < hedging.value  # the weasel counts once: in the shares, not here too


@given(articles())
def test_links_point_at_sources_of_the_profile(text):
    """Every linked weasel overlaps the source it names; the index reads the scorer's counts."""
    profile = reliability.score(text)
    sources = {(a.source.start, a.source.end) for a in profile.attributions if a.source}
    for e in profile.scores["hedging"].evidence:
        if "source_kind" in e.details:
            span = (e.details["source_start"], e.details["source_end"])
            assert span in sources
            assert span[0] < e.end and e.start < span[1]
    inputs = profile.scores["hedging"].inputs
    if not inputs:  # empty text: nothing measured
        return
    assert 0 <= inputs["writer_weasels_as_sources"] <= inputs["writer_weasels"]
    assert inputs["writer_weasels"] <= inputs["writer_hedges"]
    assert profile.index is not None
    (comp,) = [c for c in profile.index.components if c.id == "writer_hedging"]
    if "writer_hedge_rate_beyond_sources" in inputs:
        rate = inputs["writer_hedge_rate_beyond_sources"]
        assert comp.inputs["writer_hedge_rate_beyond_sources"] == pytest.approx(rate, abs=1e-4)
        assert rate <= profile.scores["hedging"].value + 1e-9


class TestReports:
    TEXT = (
        "Dam safety questioned\n\n"
        "Some experts say the dam will not hold. Ana Ruiz, the city engineer, said on "
        "Monday that the dam is sound and that inspections continue every month."
    )

    @pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
    def test_weasel_beside_the_source_it_stands_for(self, fmt):
        """Each report shows the weasel, with its voice, in the row of the source it stands for."""
        out = render(reliability.score(self.TEXT), fmt)
        pieces = out.split("<tr>") if fmt == "html" else out.splitlines()
        rows = [row for row in pieces if "weasel “Some experts” (writer voice)" in row]
        assert rows, out
        assert "Ana Ruiz" not in rows[0]

    def test_markdown_evidence_shows_type_and_voice(self):
        """The Markdown evidence table labels a weasel hedge with its type and voice."""
        out = render(reliability.score(self.TEXT), "markdown")
        assert "| hedging | hedge (weasel, writer) |" in out
