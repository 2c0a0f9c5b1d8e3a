"""The anonymous-sourcing scorer: the share of attributions to unnamed or unidentified sources."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given

import reliability
from reliability.document import Document
from reliability.lexicon import LexiconSet
from reliability.model import ScoreResult
from reliability.scorers.anonymous import AnonymousSourcingScorer
from reliability.scorers.attribution import AttributionScorer
from tests.strategies import texts

LEXICONS = LexiconSet.default()
ATTRIBUTION = AttributionScorer(LEXICONS)
SCORER = AnonymousSourcingScorer()


def run(text: str) -> ScoreResult:
    doc = Document.from_text(text)
    upstream = {"attribution": ATTRIBUTION.score(doc, {})}
    return SCORER.score(doc, upstream)


# (text, expected anonymous-or-unspecified share)
SHOULD_FLAG: list[tuple[str, float]] = [
    ("A senior official said the talks had stalled.", 1.0),
    ("Sources said the border was closed.", 1.0),
    ("People familiar with the matter said the deal was close.", 1.0),
    ("The fighters were reportedly not armed.", 1.0),
    ("It is believed that the president left the country.", 1.0),
    ("According to sources close to the Taliban, the deal is done.", 1.0),
    ("A US official said it was over. Ana Ruiz said it was not.", 0.5),
    ("Tax experts said the plan would fail.", 1.0),
    ("Many Americans believe the economy is weak.", 1.0),
    ("Republicans said the vote was a ploy.", 1.0),
    # "He" has no referent and no name before it: untyped, so the one typed source counts
    ("Sources say the deal is done. He said the talks would go on.", 1.0),
    ("Mark Dale spoke. Sources say the deal is done. He said the talks would go on.", 0.5),
]
SHOULD_NOT_FLAG: list[tuple[str, float]] = [
    ("Ana Ruiz, the union's leader, said the strike would go on.", 0.0),
    ("The acting defence minister said a delegation would travel to Doha.", 0.0),
    ("The aides left the country, according to The Hill.", 0.0),
    ("The president's office said it could not comment.", 0.0),
    ("Taliban spokesman Zabihullah Mujahid said the fighters would wait.", 0.0),
    ("Rachel Adams wrote in The Boston Globe that taxes rose. The newspaper said so.", 0.0),
    ("Critics, like Senator Chuck Grassley, said the plan would fail.", 0.0),
    ("A Quinnipiac University poll found the race was tied.", 0.0),
]


class TestExamples:
    @pytest.mark.parametrize(
        ("text", "share"),
        SHOULD_FLAG + SHOULD_NOT_FLAG,
        ids=[r[0][:40] for r in SHOULD_FLAG + SHOULD_NOT_FLAG],
    )
    def test_share(self, text: str, share: float) -> None:
        """Unnamed and unidentified sources count; named people, offices and outlets do not."""
        assert run(text).value == pytest.approx(share)

    def test_tables_have_rows(self) -> None:
        """Both example lists have rows."""
        assert len(SHOULD_FLAG) >= 5 and len(SHOULD_NOT_FLAG) >= 5


class TestInputs:
    def test_counts_by_kind(self) -> None:
        """Each kind is counted, and the counts add up to the attributions."""
        text = (
            "A US official said it was over. Sources said the border was closed. "
            "Ana Ruiz said it was not."
        )
        inputs = run(text).inputs
        assert (inputs["on_record"], inputs["anonymous"], inputs["unspecified"]) == (1, 1, 1)
        assert inputs["attributions"] == 3

    def test_distinct_anonymous_sources_follow_definite_repeats(self) -> None:
        """'the official' repeating 'a senior official' is one anonymous source, not two."""
        text = (
            "A senior official told Reuters the president had left. "
            "“He has gone,” Reuters quoted the official as saying. "
            "A diplomat said the embassy was closed."
        )
        inputs = run(text).inputs
        assert inputs["anonymous"] == 3
        assert inputs["distinct_anonymous_sources"] == 2

    def test_stated_reasons_counted(self) -> None:
        """Anonymous attributions with a stated reason are counted and shown as evidence."""
        text = (
            "An official, who spoke on condition of anonymity because he was not authorized "
            "to discuss the talks publicly, said they had stalled. A diplomat said so too."
        )
        result = run(text)
        assert result.inputs["anonymous_with_reason"] == 1
        assert any(e.label == "anonymity_reason" for e in result.evidence)

    def test_secondhand_share(self) -> None:
        """Attributions relayed from another outlet make up the secondhand share."""
        text = "The aides left, according to The Hill. Ana Ruiz said it was not so."
        assert run(text).inputs["secondhand_share"] == pytest.approx(0.5)

    def test_evidence_marks_unnamed_sources(self) -> None:
        """Evidence covers each anonymous or unspecified source (or the cue when there is none)."""
        result = run("Sources said the border was closed. The fighters were reportedly not armed.")
        texts_ = sorted(e.text for e in result.evidence)
        assert texts_ == ["Sources", "reportedly"]
        assert {e.label for e in result.evidence} == {"unspecified"}


class TestUnavailable:
    def test_no_attributions_is_none_with_reason(self) -> None:
        """Without attributions the share is None with a reason, never 0."""
        result = run("The weather was mild. Traffic was light.")
        assert result.value is None and "no attributions" in (result.reason or "")

    def test_unresolved_sources_left_out(self) -> None:
        """A cue whose source the rules cannot find is counted apart, not as unspecified."""
        result = run("The board chose to say nothing. Ana Ruiz said no.")
        inputs = result.inputs
        assert (inputs["attributions"], inputs["unresolved"], inputs["on_record"]) == (2, 1, 1)
        assert result.value == 0.0

    def test_requires_attribution(self) -> None:
        """Run without the attribution result it says so instead of guessing."""
        result = SCORER.score(Document.from_text("A source said so."), {})
        assert result.value is None and result.reason

    def test_declares_requirement(self) -> None:
        """The scorer requires the attribution scorer, so a pipeline runs it first."""
        assert SCORER.requires == ("attribution",)
        profile = reliability.score("Sources said so.", scorers=["anonymous_sourcing"])
        assert profile.value("anonymous_sourcing") == 1.0


@given(texts)
def test_value_is_share_or_none(text: str) -> None:
    """The value is the unnamed share in [0, 1] recomputable from the inputs, or None."""
    result = run(text)
    i = result.inputs
    typed = i["on_record"] + i["anonymous"] + i["unspecified"]
    assert typed + i["unresolved"] == i["attributions"]
    if result.value is None:
        assert result.reason and typed == 0
    else:
        assert result.value == pytest.approx((i["anonymous"] + i["unspecified"]) / typed)


class TestSeedComparisons:
    def _inputs(self, seed_texts: dict[str, str], name: str) -> dict[str, float]:
        return dict(run(seed_texts[name]).inputs)

    def test_comparisons_hold(self, seed_gold: dict[str, Any], seed_texts: dict[str, str]) -> None:
        """The gold comparisons about unspecified and anonymous sourcing hold."""
        files = [a["file"] for a in seed_gold["articles"]]
        checked = 0
        for comp in seed_gold["comparisons"]:
            measure = comp["measure"]
            more = comp["more"]
            (less,) = [f for f in files if f != more]
            hi, lo = self._inputs(seed_texts, more), self._inputs(seed_texts, less)
            if measure == "unspecified-source attributions":
                assert hi["unspecified"] > lo["unspecified"], comp
            elif measure == "anonymous share of attributions":
                assert hi["anonymous"] / hi["attributions"] > lo["anonymous"] / lo["attributions"]
            else:
                continue  # the promotional comparison belongs to that scorer's tests
            checked += 1
        assert checked == 2
