"""Plain-language findings: each says something checkable and links to the spans behind it."""

from __future__ import annotations

import pytest
from hypothesis import example, given

import reliability
from reliability.findings import Finding, compute_findings, fraction_words
from reliability.index import ProfileFacts
from reliability.model import DocumentInfo, Profile, ScoreResult
from reliability.profile import Pipeline
from tests.report.fakes import FakeAttribution, FakePromotional, fake_pipeline
from tests.strategies import texts

PIPELINE = fake_pipeline()


def findings(text: str, pipeline: Pipeline = PIPELINE) -> dict[str, dict]:
    """The findings of a text by rule id (the last one of each id)."""
    return {f["id"]: f for f in pipeline.score(text).to_dict()["findings"]}


# Examples table: (text, rule that must appear, words the message must contain)
SHOULD_FIND = [
    (
        "Officials met.\n\nThe minister will resign next week, sources close to the government said "
        "on Friday.\n\nAna Ruiz said she had not been told.",
        "findings.lead_single_anonymous",
        ["main claim", "sources close to the government"],
    ),
    (
        "A senior official said the plan was dead. People familiar with the matter said so too. "
        "Ana Ruiz said nothing.",
        "findings.unnamed_sources",
        ["2 of 3 attributions", "by role"],
    ),
    (
        "Reports said the port would close. Sources said it was a matter of days. Ana Ruiz said "
        "it would not.",
        "findings.unnamed_sources",
        ["no identifiable source", "“Reports”"],
    ),
    (
        "Ana Ruiz said the port would close. Ana Ruiz said it would reopen later.",
        "findings.single_source",
        ["All 2 attributions", "single source", "Ana Ruiz"],
    ),
    (
        "The bridge may close. It could reopen. If reports are to be believed, it will not.",
        "findings.writer_hedges",
        ["writer's own voice 3 times", "If reports are to be believed"],
    ),
    ("The bridge is clearly safe.", "findings.writer_boosters", ["clearly"]),
    (
        "The bridge opened.\nSupport independent journalism and donate today!\nAlso Read: more news",
        "findings.promotional",
        ["of the text is promotional", "appeals for support"],
    ),
    (
        "A senior official said the plan was dead.",
        "findings.anonymity_reasons",
        ["No reason is given"],
    ),
    (
        "Ana Ruiz said the plan was dead. Piet Vos said it was alive.",
        "findings.named_sources",
        ["2 of 2 attributions", "2 distinct sources"],
    ),
    (
        "Ana Ruiz said yes. Sources said no.",
        "findings.named_sources",
        ["1 of 2 attributions is to named"],
    ),
    (
        " ".join(["The council approved the budget for the new school year."] * 12),
        "findings.no_attributions",
        ["No statement is attributed"],
    ),
]

SHOULD_NOT_FIND = [
    # a hedge inside a quotation is the source's, not the writer's
    ('Ana Ruiz said: "It may rain, and it could snow."', "findings.writer_hedges"),
    # a named source in the lead is not a single anonymous source
    (
        "Ana Ruiz said the minister will resign next week, speaking on Friday in the capital city.",
        "findings.lead_single_anonymous",
    ),
    # the lead has an anonymous and a named source
    (
        "The minister will resign next week, a senior official said, and Ana Ruiz said it too, on "
        "Friday.",
        "findings.lead_single_anonymous",
    ),
    # a short note with no attribution is not faulted
    ("The bridge opened today.", "findings.no_attributions"),
    # two different sources are not a single source
    ("Ana Ruiz said yes. Piet Vos said no.", "findings.single_source"),
    # no promotional blocks, no promotional finding
    ("The bridge opened. Ana Ruiz said it was safe.", "findings.promotional"),
    # "support" mid-line is not a block line
    ("Ministers support the plan, Ana Ruiz said.", "findings.promotional"),
]


class TestExamples:
    @pytest.mark.parametrize(("text", "rule", "words"), SHOULD_FIND)
    def test_should_find(self, text: str, rule: str, words: list[str]):
        """Each row's text gives a finding of the rule whose message has the expected words."""
        found = findings(text)
        assert rule in found, sorted(found)
        for w in words:
            assert w in found[rule]["message"]

    @pytest.mark.parametrize(("text", "rule"), SHOULD_NOT_FIND)
    def test_should_not_find(self, text: str, rule: str):
        """Each row's text gives no finding of the rule."""
        assert rule not in findings(text)

    def test_table_has_rows(self):
        """The examples table has should-find and should-not-find rows."""
        assert len(SHOULD_FIND) >= 8 and len(SHOULD_NOT_FIND) >= 5


class TestLinkedSpans:
    def test_spans_point_at_the_text_they_claim(self):
        """Every finding's spans are in range and equal to the text at their offsets."""
        text = SHOULD_FIND[0][0] + "\n\nSupport us today!\n\nIt may rain."
        for f in PIPELINE.score(text).to_dict()["findings"]:
            for s in f["spans"]:
                assert text[s["start"] : s["end"]] == s["text"]

    def test_unnamed_finding_links_each_unnamed_source(self):
        """The unnamed-sources finding links exactly the unnamed sources' spans."""
        text = "A senior official said no. Ana Ruiz said yes. Sources said maybe."
        f = findings(text)["findings.unnamed_sources"]
        assert [s["text"] for s in f["spans"]] == ["A senior official", "Sources"]

    def test_promotional_share_in_words(self):
        """A third of the text in a donation appeal is said as 'about a third'."""
        body = "The bridge opened on Monday after a long repair of its deck."
        appeal = "Support us: donate to keep independent reporting alive."
        text = f"{body} {body}\n{appeal}"
        f = findings(text)["findings.promotional"]
        assert f["message"].startswith("About a third")
        assert f["spans"][0]["text"] == appeal


class TestMissingScorers:
    def test_absent_scorers_are_reported_not_invented(self):
        """Without attribution, hedging and promotional scorers the findings say so, and no
        attribution, hedging or promotional finding appears."""
        found = reliability.score(
            "Officials said the bridge may close.", scorers=["readability"]
        ).to_dict()["findings"]
        messages = [f["message"] for f in found if f["id"] == "findings.not_measured"]
        assert any("Attribution was not measured" in m for m in messages)
        assert any("Hedging was not measured" in m for m in messages)
        assert all(f["id"] == "findings.not_measured" for f in found)

    def test_none_value_gives_reason(self):
        """A scorer that returned None is reported with its reason."""
        found = findings("", Pipeline(scorers=[FakeAttribution(), FakePromotional()]))
        assert "could not be measured: empty text" in found["findings.not_measured"]["message"]

    def test_findings_from_a_bare_profile(self):
        """compute_findings works on a profile with no scores at all."""
        info = DocumentInfo(None, None, "0" * 64, 0, 0, 0)
        profile = Profile(
            info,
            (),
            {"attribution": ScoreResult.unavailable("attribution", "f", "empty text")},
            "0",
        )
        out = compute_findings(profile)
        assert {f.severity for f in out} == {"missing"}


class TestProperties:
    @given(texts)
    @example('"Sources said," sources said.')
    @example("")
    def test_findings_are_well_formed(self, text: str):
        """For any text, findings have a known severity, a message, and spans equal to the
        text they claim; concerns come first."""
        found = PIPELINE.score(text).to_dict()["findings"]
        order = ["concern", "missing", "note", "good"]
        assert [order.index(f["severity"]) for f in found] == sorted(
            order.index(f["severity"]) for f in found
        )
        for f in found:
            assert f["id"].startswith("findings.") and f["message"].strip()
            for s in f["spans"]:
                assert 0 <= s["start"] <= s["end"] <= len(text)
                assert text[s["start"] : s["end"]] == s["text"]

    @given(texts)
    def test_round_trip(self, text: str):
        """Findings rebuild from their JSON form unchanged."""
        for f in PIPELINE.score(text).to_dict()["findings"]:
            assert Finding.from_dict(f).to_dict() == f


@pytest.mark.parametrize(
    ("share", "words"),
    [
        (0.33, "about a third (33%)"),
        (0.5, "about half (50%)"),
        (0.26, "about a quarter (26%)"),
        (0.42, "42%"),
        (0.99, "nearly all (99%)"),
        (0.004, "0.4%"),
        (0.1, "about a tenth (10%)"),
    ],
)
def test_fraction_words(share: float, words: str):
    """Shares are said as a simple fraction when one is close, else as a percentage."""
    assert fraction_words(share) == words


class TestSeeds:
    def test_seed_findings_name_unnamed_sources(self, seed_texts, seed_gold):
        """On the seed articles every finding's spans match the text; where the gold has
        unnamed sources and attribution was measured, an unnamed-sources finding counts the
        body's attributions (those outside promotional blocks)."""
        gold = {a["file"]: a for a in seed_gold["articles"]}
        for name, text in seed_texts.items():
            profile = reliability.score(text)
            n = len(ProfileFacts.of(profile).attributions)
            found = {f["id"]: f for f in profile.to_dict()["findings"]}
            for f in profile.to_dict()["findings"]:
                for s in f["spans"]:
                    assert text[s["start"] : s["end"]] == s["text"], name
            unnamed = [
                a for a in gold[name]["attributions"] if a["kind"] in ("anonymous", "unspecified")
            ]
            if unnamed and "attribution" in profile.scores:
                assert f"of {n} attributions" in found["findings.unnamed_sources"]["message"]
