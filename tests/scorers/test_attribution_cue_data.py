"""Cue entries measured on PolNeAR train: each counts where the attribution scorer used to miss it."""

from __future__ import annotations

import pytest

from reliability.document import Document
from reliability.lexicon import LexiconSet
from reliability.scorers.attribution import AttributionScorer

SCORER = AttributionScorer(LexiconSet.default())

# (text, cue word, source): an agent that is not right before the cue (a clause, an of-phrase, an
# adverb or a comma between them), which a cue of weight 0.5 would not reach.
CUES_ON_THEIR_OWN: list[tuple[str, str, str]] = [
    ("Ruiz went after her rival, calling him a coward.", "calling", "Ruiz"),
    ("Democrats, at a rally on Monday, unveiled a plan to cut fees.", "unveiled", "Democrats"),
    ("Ruiz, in a speech in Ohio, railed against the tariff.", "railed", "Ruiz"),
    (
        "The governor of the state indicated that she would run again.",
        "indicated",
        "The governor of the state",
    ),
    ("Many young Democrats can envision a public option.", "envision", "Many young Democrats"),
    ("Many in the room expressed doubts about the deal.", "expressed", "Many in the room"),
    (
        "The mayor of the city revealed that the talks had failed.",
        "revealed",
        "The mayor of the city",
    ),
    (
        "As the paper's research unit reported today, the fund was empty.",
        "reported",
        "the paper's research unit",
    ),
    ("Republicans, on the other hand, offered their own plan.", "offered", "Republicans"),
    ("He spoke to farmers who refuse to sell their land.", "refuse", "who"),
    (
        "Investigators in the case concluded that no law was broken.",
        "concluded",
        "Investigators in the case",
    ),
    ("Critics of the rule argue that it goes too far.", "argue", "Critics of the rule"),
    (
        "Reporters at the briefing questioned whether the figures were right.",
        "questioned",
        "Reporters at the briefing",
    ),
    ("The crowd outside chanted slogans against the bill.", "chanted", "The crowd outside"),
    ("In the first ad, a narrator reminds viewers that the tax expires.", "reminds", "a narrator"),
]


def relations(text: str) -> list[tuple[str, str | None]]:
    """(cue text, source text) of each relation the scorer finds in ``text``."""
    found = SCORER.score(Document.from_text(text), {}).attributions
    return [(a.cue.text, a.source.text if a.source else None) for a in found]


class TestCueEntries:
    @pytest.mark.parametrize(
        ("text", "cue", "source"), CUES_ON_THEIR_OWN, ids=[row[1] for row in CUES_ON_THEIR_OWN]
    )
    def test_cue_counts_without_an_agent_right_before_it(
        self, text: str, cue: str, source: str
    ) -> None:
        """A cue promoted to weight 1 heads a relation whose source is the clause's subject."""
        assert [s for c, s in relations(text) if cue in c] == [source]


# (text, cue word, source): cues PolNeAR's annotators mark that the lexicon lacked.
NEW_CUES: list[tuple[str, str, str]] = [
    ("The two candidates sparred over trade on Tuesday.", "sparred", "two candidates"),
    ("She authored the amendment that capped the fees.", "authored", "She"),
    ("Most senators voted against the bill.", "voted", "Most senators"),
    ("He pressed the minister on the delays.", "pressed", "He"),
    ("The institute published a study on the fees.", "published", "The institute"),
    ("Party leaders are eager to move on.", "eager", "Party leaders"),
    ("The governor doubled down on his claim.", "doubled down", "The governor"),
    ("Her spokesman fired back that the ad was false.", "fired back", "Her spokesman"),
]

# (text, cue word): the weight-0.5 new cues without an agent before them make no relation.
NOT_CUES: list[tuple[str, str]] = [
    ("A published report listed the fees.", "published"),
    ("Eager fans lined the street.", "eager"),
    ("Officials were hard-pressed to explain the delay.", "pressed"),
]


class TestNewCueEntries:
    @pytest.mark.parametrize(("text", "cue", "source"), NEW_CUES, ids=[r[1] for r in NEW_CUES])
    def test_new_cue_heads_a_relation(self, text: str, cue: str, source: str) -> None:
        """A cue added from PolNeAR train heads a relation with the clause's subject as source."""
        assert [s for c, s in relations(text) if cue in c] == [source]

    @pytest.mark.parametrize(("text", "cue"), NOT_CUES, ids=[r[1] for r in NOT_CUES])
    def test_adjective_use_is_no_cue(self, text: str, cue: str) -> None:
        """A new weight-0.5 cue used as an adjective, with no agent before it, is no cue."""
        assert not [c for c, _s in relations(text) if cue in c.lower()]


# (text, cue word, source): a title from source_roles before a name stays in the source span.
TITLED_SOURCES: list[tuple[str, str, str]] = [
    (
        "Republican front-runner Ana Ruiz said the plan would fail.",
        "said",
        "Republican front-runner Ana Ruiz",
    ),
    (
        "Democratic frontrunner Ana Ruiz said the plan would fail.",
        "said",
        "Democratic frontrunner Ana Ruiz",
    ),
    (
        "Debate moderator Ana Ruiz asked whether the plan would fail.",
        "asked",
        "Debate moderator Ana Ruiz",
    ),
    ("Radio co-host Ana Ruiz said the plan would fail.", "said", "Radio co-host Ana Ruiz"),
]


class TestTitledSources:
    @pytest.mark.parametrize(
        ("text", "cue", "source"), TITLED_SOURCES, ids=[r[2] for r in TITLED_SOURCES]
    )
    def test_title_before_a_name_is_part_of_the_source(
        self, text: str, cue: str, source: str
    ) -> None:
        """A title noun before a name is walked over into the source span."""
        assert [s for c, s in relations(text) if cue in c] == [source]


# (text, cue word): a verdict phrase passes judgement and attributes no content ("says it all",
# "says everything", "says a lot"): the exception pattern of the say entries, for every object.
VERDICTS: list[tuple[str, str]] = [
    ("This photo says everything.", "says"),
    ("The chart says a lot.", "says"),
    ("The chart says a lot about the race.", "says"),
    ("This image says it all.", "says"),
    ("Her record says much about her.", "says"),
    ("The vote says something.", "says"),
    ("The empty hall said it all.", "said"),
    ("Those numbers say volumes about the campaign.", "say"),
]

# (text, cue word, source): the same words heading content stay attributions.
NOT_VERDICTS: list[tuple[str, str, str]] = [
    ("He says a lot of voters are angry.", "says", "He"),
    ("She says everything is fine.", "says", "She"),
    ("Ana Ruiz said much of the plan was wrong.", "said", "Ana Ruiz"),
]


class TestVerdictPhrases:
    @pytest.mark.parametrize(("text", "cue"), VERDICTS, ids=[r[0] for r in VERDICTS])
    def test_verdict_is_no_attribution(self, text: str, cue: str) -> None:
        """'This photo says everything': no relation."""
        assert not [c for c, _s in relations(text) if cue in c.lower()]

    @pytest.mark.parametrize(
        ("text", "cue", "source"), NOT_VERDICTS, ids=[r[0] for r in NOT_VERDICTS]
    )
    def test_content_after_the_object_keeps_the_cue(self, text: str, cue: str, source: str) -> None:
        """'He says a lot of voters are angry': the verdict exception does not reach content."""
        assert [s for c, s in relations(text) if cue in c] == [source]


# (text, cue word, source): the writer, the outlet or a quoted speaker as "I" or "we" is a source
# PolNeAR annotates (on record by its typing guideline); only a generic "you" is set aside.
FIRST_PERSON: list[tuple[str, str, str]] = [
    ("I think the plan will fail.", "think", "I"),
    ("We asked our readers what they thought of the debate.", "asked", "We"),
    ("Q: What did the mayor say?\n\nA: I said the road would close.", "said", "I"),
]


class TestFirstPerson:
    @pytest.mark.parametrize(
        ("text", "cue", "source"), FIRST_PERSON, ids=[r[0] for r in FIRST_PERSON]
    )
    def test_first_person_is_a_source(self, text: str, cue: str, source: str) -> None:
        """'I think …' outside a quotation heads a relation with 'I' as its on-record source."""
        found = SCORER.score(Document.from_text(text), {}).attributions
        hits = [a for a in found if cue in a.cue.text]
        assert [a.source.text if a.source else None for a in hits] == [source]
        assert hits[0].source_kind == "on_record"

    def test_generic_you_is_no_source(self) -> None:
        """'You think …': the reader's generic voice is no attribution of the article's."""
        assert not [c for c, _s in relations("You think the plan will fail.") if "think" in c]


# (text, cue word, source): inflected forms the lexicon lacked, measured on PolNeAR train.
INFLECTED_CUES: list[tuple[str, str, str]] = [
    ("The campaign offers a plan to cut fees.", "offers", "The campaign"),
    ("The agency estimates that the fund will run dry.", "estimates", "The agency"),
    ("The senator aims to cap the fees.", "aims", "The senator"),
    ("The mayor demands that the port reopen.", "demands", "The mayor"),
    ("She backs the plan to cut fees.", "backs", "She"),
]

# (text, cue word): the same forms used as nouns, with no agent before them.
INFLECTED_NOT_CUES: list[tuple[str, str]] = [
    ("The special offers drew crowds to the store.", "offers"),
    ("The estimates were revised in May.", "estimates"),
    ("Their aims were unclear.", "aims"),
]


class TestInflectedCues:
    @pytest.mark.parametrize(
        ("text", "cue", "source"), INFLECTED_CUES, ids=[r[1] for r in INFLECTED_CUES]
    )
    def test_inflected_cue_heads_a_relation(self, text: str, cue: str, source: str) -> None:
        """A present-tense form of a listed verb heads a relation with its subject as source."""
        assert [s for c, s in relations(text) if cue in c] == [source]

    @pytest.mark.parametrize(
        ("text", "cue"), INFLECTED_NOT_CUES, ids=[r[1] for r in INFLECTED_NOT_CUES]
    )
    def test_noun_use_is_no_cue(self, text: str, cue: str) -> None:
        """The form used as a noun (weight 0.5, no agent before it) makes no relation."""
        assert not [c for c, _s in relations(text) if cue in c.lower()]


# (text, cue word, source, kind): texts, recordings and people at an event as sources of weak cues
# (source_roles entries measured on PolNeAR train); the kind follows the typing guideline.
ROLE_AGENTS: list[tuple[str, str, str, str]] = [
    ("The video shows the senator leaving early.", "shows", "The video", "on_record"),
    ("New footage shows that fans booed the mayor.", "shows", "New footage", "unspecified"),
    ("Since May, polling shows the race is tied.", "shows", "polling", "unspecified"),
    (
        "By big margins, those surveyed say the economy is weak.",
        "say",
        "those surveyed",
        "unspecified",
    ),
    (
        "At one point, a woman asked whether the plan would pass.",
        "asked",
        "a woman",
        "anonymous",
    ),
]


class TestRoleAgents:
    @pytest.mark.parametrize(
        ("text", "cue", "source", "kind"), ROLE_AGENTS, ids=[r[2] for r in ROLE_AGENTS]
    )
    def test_role_noun_is_an_agent(self, text: str, cue: str, source: str, kind: str) -> None:
        """A weak cue after a document or event-goer noun heads a relation, typed by the table."""
        found = SCORER.score(Document.from_text(text), {}).attributions
        hits = [a for a in found if cue in a.cue.text]
        assert [(a.source.text if a.source else None, a.source_kind) for a in hits] == [
            (source, kind)
        ]


# (text, cue word): the adjective "telling" is no speech.
TELLING_ADJECTIVES: list[tuple[str, str]] = [
    ("Perhaps most telling, the senator left early.", "telling"),
    ("The vote was a telling sign of the mood.", "telling"),
]


class TestTellingAdjective:
    @pytest.mark.parametrize(
        ("text", "cue"), TELLING_ADJECTIVES, ids=[r[0] for r in TELLING_ADJECTIVES]
    )
    def test_adjective_is_no_cue(self, text: str, cue: str) -> None:
        """'most telling', 'a telling sign': no relation."""
        assert not [c for c, _s in relations(text) if cue in c.lower()]

    def test_speech_stays(self) -> None:
        """'telling reporters that …' keeps its cue."""
        text = "The mayor left the hall, telling reporters that the vote was rigged."
        assert [s for c, s in relations(text) if "telling" in c] == ["The mayor"]


class TestReadEntry:
    @pytest.mark.parametrize(
        ("text", "source"),
        [
            ("\u201cWe will appeal,\u201d the email read.", "the email"),
            ("The statement read: \u201cNo comment.\u201d", "The statement"),
        ],
    )
    def test_a_text_that_read(self, text: str, source: str) -> None:
        """'the statement read': a text's words, attributed to it."""
        assert [s for c, s in relations(text) if c == "read"] == [source]

    @pytest.mark.parametrize(
        "text", ["She read the book on the train.", "He had read about the plan."]
    )
    def test_reading_is_no_attribution(self, text: str) -> None:
        """Reading something is no attribution."""
        assert not [c for c, _s in relations(text) if "read" in c]


# (text, cue word, source): adjectives and verbs of stance PolNeAR marks as cues.
STANCE_CUES: list[tuple[str, str, str]] = [
    ("Few lawmakers are willing to back the bill.", "willing", "Few lawmakers"),
    ("Aides are confident that she will win.", "confident", "Aides"),
    ("Aides doubt that the bill will pass.", "doubt", "Aides"),
    ("The senator champions a tax on carbon.", "champions", "The senator"),
]


class TestStanceCues:
    @pytest.mark.parametrize(
        ("text", "cue", "source"), STANCE_CUES, ids=[r[1] for r in STANCE_CUES]
    )
    def test_stance_cue_heads_a_relation(self, text: str, cue: str, source: str) -> None:
        """A stance word after its holder heads a relation with the holder as source."""
        assert [s for c, s in relations(text) if cue in c] == [source]
