"""The hedging scorer: hedge and booster cues with their type and voice, and the writer's-voice density."""

from __future__ import annotations

import re

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

import reliability
from reliability.document import Document
from reliability.lexicon import LexiconSet
from reliability.model import Attribution, Evidence, ScoreResult, Span
from reliability.scorers.hedging import HEDGE_LABELS, HedgingScorer
from tests.strategies import articles, texts

LEXICONS = LexiconSet.default()
SCORER = HedgingScorer(LEXICONS)


def cues(text: str, upstream: dict[str, ScoreResult] | None = None) -> list[Evidence]:
    return SCORER.cues(Document.from_text(text), upstream)


def hedges(text: str) -> list[Evidence]:
    return [e for e in cues(text) if e.label == "hedge"]


def run(text: str, upstream: dict[str, ScoreResult] | None = None) -> ScoreResult:
    return SCORER.score(Document.from_text(text), upstream or {})


# ---- examples table --------------------------------------------------------------------------

SHOULD_FLAG = [
    # (sentence, label, cue text, type)
    ("The minister may resign next week.", "hedge", "may", "epistemic"),
    ("May the best team win, but they may not.", "hedge", "may", "epistemic"),
    ("Talks might resume on Monday.", "hedge", "might", "epistemic"),
    ("The bridge could collapse within a year.", "hedge", "could", "epistemic"),
    ("It is possible that the vote was rigged.", "hedge", "possible", "epistemic"),
    ("The strike will probably end soon.", "hedge", "probably", "epistemic"),
    ("Prices are likely to rise.", "hedge", "likely", "epistemic"),
    ("The plan seems to have failed.", "hedge", "seems", "epistemic"),
    ("The army appears to have withdrawn.", "hedge", "appears", "epistemic"),
    ("It remains unclear who fired first.", "hedge", "unclear", "epistemic"),
    ("There is no evidence that the ballots were altered.", "hedge", "no evidence", "epistemic"),
    ("The results suggest that turnout fell.", "hedge", "suggest", "epistemic"),
    (
        "The outcome, which was almost certainly rigged, stands.",
        "hedge",
        "almost certainly",
        "epistemic",
    ),
    ("Officials believe the fire was arson.", "hedge", "believe", "doxastic"),
    ("It is believed that the ship sank in 1820.", "hedge", "believed", "doxastic"),
    ("The deal is expected to close in March.", "hedge", "expected", "doxastic"),
    ("He is widely considered the favourite.", "hedge", "considered", "doxastic"),
    ("The alleged bribe was never found.", "hedge", "alleged", "doxastic"),
    ("The fighters were reportedly not armed.", "hedge", "reportedly", "evidential"),
    ("The mayor allegedly took the money.", "hedge", "allegedly", "evidential"),
    ("The rebels apparently left at dawn.", "hedge", "apparently", "evidential"),
    (
        "If reports are to be believed, the president has fled.",
        "hedge",
        "If reports are to be believed",
        "evidential",
    ),
    ("If the rain continues, the match will be cancelled.", "hedge", "If", "condition"),
    ("If the rain continues, the match will be cancelled.", "hedge", "will", "condition"),
    ("Unless funds arrive, the school would close.", "hedge", "would", "condition"),
    ("Aid will flow so long as the ceasefire holds.", "hedge", "so long as", "condition"),
    (
        "Investigators are examining whether the pilot was tired.",
        "hedge",
        "whether",
        "investigation",
    ),
    ("Reporters asked if the minister would resign.", "hedge", "if", "investigation"),
    ("It remains to be seen how voters react.", "hedge", "remains to be seen", "investigation"),
    ("Some say the election was stolen.", "hedge", "Some", "weasel"),
    ("Critics argue the law is too broad.", "hedge", "Critics", "weasel"),
    ("The statue is said to date from 1200.", "hedge", "is said to", "weasel"),
    (
        "As some military analysts pointed out, the raid failed.",
        "hedge",
        "some military analysts",
        "weasel",
    ),
    ("A majority of those polled backed the plan.", "hedge", "A majority of", "weasel"),
    ("A number of studies have shown that it works.", "hedge", "A number of studies", "weasel"),
    ("Many issues of the magazine have risen in price.", "hedge", "Many", "weasel"),
    ("The court imposed a number of special charges.", "hedge", "a number of", "weasel"),
    ("Legend has it that the bell rang by itself.", "hedge", "Legend has it", "weasel"),
    ("Legend claims that the bell rang by itself.", "hedge", "Legend claims", "weasel"),
    ("It is widely known that the bridge is unsafe.", "hedge", "It is widely known", "weasel"),
    ("Studies show that the drug works.", "hedge", "Studies show", "weasel"),
    ("Experts agree that the bridge is unsafe.", "hedge", "Experts", "weasel"),
    ("He is best known for his film scores.", "hedge", "best known", "weasel"),
    ("The games received generally favourable reviews.", "hedge", "generally", "weasel"),
    ("In most cases the fault lies with the driver.", "hedge", "In most cases", "weasel"),
    ("About 300 people attended the rally.", "hedge", "About", "approximator"),
    ("Some 5,000 troops crossed the border.", "hedge", "Some", "approximator"),
    ("The plan clearly failed.", "booster", "clearly", "certainty"),
    ("There is no doubt that the dam burst.", "booster", "There is no doubt", "certainty"),
    ("The minister undoubtedly knew.", "booster", "undoubtedly", "certainty"),
    ("The memo proves that he lied.", "booster", "proves", "proof"),
    ("Of course, the vote was delayed again.", "booster", "Of course", "emphatic"),
]

SHOULD_NOT_FLAG = [
    # (sentence, text that must not be flagged as a cue of this label)
    ("The vote was held on May 5.", "hedge", "May"),
    ("The party was founded in May 2019.", "hedge", "May"),
    ("Theresa May said the vote would go ahead.", "hedge", "May"),
    ("The talks ran from April to May and stalled.", "hedge", "May"),
    ("The country's military might grew after the war.", "hedge", "might"),
    ("He pushed the door with all his might.", "hedge", "might"),
    ("He could not open the door.", "hedge", "could"),
    ("From the hill she could see the coast.", "hedge", "could"),
    ("He ran as fast as he could.", "hedge", "could"),
    ("The match will be played on Sunday.", "hedge", "will"),
    ("Parliament lacked the political will to act.", "hedge", "will"),
    ("If the rain stops, he signed his will.", "hedge", "will"),
    ("The company would later become a giant.", "hedge", "would"),
    ("He acted as if nothing had happened.", "hedge", "if"),
    ("Few, if any, voters noticed.", "hedge", "if"),
    ("They talked about the weather.", "hedge", "about"),
    ("Reply as soon as possible.", "hedge", "possible"),
    ("It is possible to travel there by train.", "hedge", "possible"),
    ("The grant made the project possible.", "hedge", "possible"),
    ("Police had probable cause to search the car.", "hedge", "probable"),
    ("She belongs to a different school of thought.", "hedge", "thought"),
    ("The suspect was arrested on Monday.", "hedge", "suspect"),
    ("The unknown soldier is buried here.", "hedge", "unknown"),
    ("He appeared on stage at nine.", "hedge", "appeared"),
    ("There is no doubt that the dam burst.", "hedge", "doubt"),
    ("It is the most important match in the club's history.", "hedge", "most"),
    ("At most ten people came.", "hedge", "most"),
    ("How many voters turned out is not known.", "hedge", "many"),
    ("He was certain that the door was locked.", "hedge", "certain"),
    ("She is certain to win the seat.", "hedge", "certain"),
    ("The ferry often runs late.", "hedge", "often"),
    ("The study shows that the drug works.", "hedge", "study shows"),
    ("The researchers published their findings in May.", "hedge", "researchers"),
    ("Many residents have left the town.", "hedge", "residents"),
    ("Greenberg’s research suggests that turnout fell.", "hedge", "research"),
    ("An average of recent Post-ABC polls shows her ahead.", "hedge", "polls"),
    ("She spoke clearly to the court.", "booster", "clearly"),
    ("The exit was clearly marked.", "booster", "clearly"),
    ("The outcome, which was almost certainly rigged, stands.", "booster", "certainly"),
    ("It is not clearly established.", "booster", "clearly"),
]


class TestExamples:
    @pytest.mark.parametrize(("text", "label", "cue", "kind"), SHOULD_FLAG)
    def test_should_flag(self, text, label, cue, kind):
        """Each row's cue is found with its label and type."""
        found = [(e.text, e.details["type"]) for e in cues(text) if e.label == label]
        assert (cue, kind) in found, found

    @pytest.mark.parametrize(("text", "label", "word"), SHOULD_NOT_FLAG)
    def test_should_not_flag(self, text, label, word):
        """Each row's word is not flagged with that label (the disambiguation cases)."""
        pattern = re.compile(rf"\b{re.escape(word)}\b", re.IGNORECASE)
        flagged = [e.text for e in cues(text) if e.label == label and pattern.search(e.text)]
        assert flagged == []

    def test_table_has_both_kinds_of_rows(self):
        """The table holds flagged and not-flagged rows for hedges and boosters, and every hedge type."""
        assert {r[1] for r in SHOULD_FLAG} == {"hedge", "booster"}
        assert {r[1] for r in SHOULD_NOT_FLAG} == {"hedge", "booster"}
        assert {r[3] for r in SHOULD_FLAG if r[1] == "hedge"} == set(HEDGE_LABELS)


class TestVoice:
    def test_quoted_hedge(self):
        """A hedge inside a quotation is in the quoted voice."""
        found = cues("“We may leave tomorrow,” the commander said.")
        assert [(e.text, e.details["voice"]) for e in found] == [("may", "quoted")]

    def test_attributed_hedge(self):
        """A hedge inside attributed content is in the attributed voice; outside it the writer's."""
        text = "Officials said the bridge may reopen. Traffic may rise."
        start = text.index("the bridge")
        content = Span.of(text, start, text.index("."))
        cue = Span.of(text, text.index("said"), text.index("said") + 4)
        attribution = ScoreResult(
            scorer="attribution",
            value=None,
            reason="test",
            formula="-",
            attributions=[Attribution(cue=cue, content=content)],
        )
        found = cues(text, {"attribution": attribution})
        assert [e.details["voice"] for e in found] == ["attributed", "writer"]

    def test_attribution_cue_stays_writer(self):
        """A cue that is itself the attribution cue inside its content ('reportedly') is the writer's."""
        text = "The fighters were reportedly not armed."
        cue = Span.of(text, text.index("reportedly"), text.index("reportedly") + 10)
        content = Span.of(text, 0, len(text) - 1)
        attribution = ScoreResult(
            scorer="attribution",
            value=None,
            reason="test",
            formula="-",
            attributions=[Attribution(cue=cue, content=content)],
        )
        assert [e.details["voice"] for e in cues(text, {"attribution": attribution})] == ["writer"]

    def test_promotional_block_ignored(self):
        """Cues inside promotional block evidence are not reported and its words are not counted."""
        text = "The plan may fail.\nYou may cancel at any time."
        block = text.index("You")
        promo = ScoreResult(
            scorer="promotional",
            value=0.0,
            formula="-",
            evidence=[
                Evidence(
                    "promotional",
                    "subscription",
                    Span.of(text, block, len(text)),
                    "promotional.x",
                    details={"block": True, "position": "trailer"},
                )
            ],
        )
        result = run(text, {"promotional": promo})
        assert [e.text for e in result.evidence] == ["may"]
        assert result.inputs["writer_words"] == 4


class TestScore:
    def test_value_recomputable(self):
        """The value is 100 * writer_hedge_weight / writer_words."""
        r = run("The talks may resume. About 300 people came. Officials expect a deal.")
        i = r.inputs
        assert i["writer_hedges"] == 3
        assert i["writer_hedge_weight"] == 2.5  # the approximator weighs 0.5
        assert r.value == pytest.approx(100 * i["writer_hedge_weight"] / i["writer_words"])

    def test_quoted_hedges_do_not_raise_the_value(self):
        """A quoted hedge counts as quoted, not in the writer's density."""
        plain = run("The commander said the troops would stay. They left at dawn.")
        quoted = run("“We may stay,” the commander said. They left at dawn.")
        assert plain.value == 0.0
        assert quoted.value == 0.0 and quoted.inputs["quoted_hedges"] == 1

    def test_share_and_balance(self):
        """The hedged-sentence share and booster–hedge balance follow their definitions."""
        r = run(
            "The plan may fail. The plan clearly failed. The plan clearly failed again. It rained."
        )
        assert r.inputs["hedged_sentence_share"] == pytest.approx(1 / 4)
        assert r.inputs["booster_hedge_balance"] == pytest.approx((2 - 1) / (2 + 1))

    def test_balance_omitted_without_cues(self):
        """With neither hedges nor boosters the balance is not made up."""
        r = run("The council met on Monday.")
        assert r.value == 0.0 and "booster_hedge_balance" not in r.inputs

    def test_empty_is_none_with_reason(self):
        """Empty or blank text gives None with a reason."""
        for text in ("", "  \n\t"):
            r = run(text)
            assert r.value is None and r.reason

    def test_all_quoted_is_none_with_reason(self):
        """A text wholly in quotation has no writer's voice to measure: None with a reason."""
        r = run("“We may leave.”")
        assert r.value is None and "writer" in r.reason and r.inputs["quoted_hedges"] == 1

    def test_conditional_modal_needs_condition(self):
        """'will' counts only in a sentence with a condition cue, not in the next sentence."""
        types = [
            (e.text, e.details["type"]) for e in hedges("If it rains, we will wait. We will go.")
        ]
        assert types == [("If", "condition"), ("will", "condition")]

    def test_missing_lexicon_fails_at_construction(self):
        """A lexicon set without the hedging family fails when the scorer is built."""
        with pytest.raises(reliability.errors.ReliabilityError):
            HedgingScorer(LexiconSet([LEXICONS["boosters"]]))

    def test_lexicon_refs(self):
        """The scorer names its three lexicons."""
        assert {r.id for r in SCORER.lexicon_refs()} == {
            "hedging",
            "conditional_modals",
            "boosters",
            "weasel_groups",
            "weasel_agentless",
            "weasel_quantities",
            "weasel_frequency",
        }

    def test_lexicon_labels_are_known(self):
        """Every hedging entry's label is a hedge type; every conditional modal is a condition."""
        assert {e.label for e in LEXICONS["hedging"].entries} <= set(HEDGE_LABELS)
        assert {e.label for e in LEXICONS["conditional_modals"].entries} == {"condition"}


# ---- seeds -----------------------------------------------------------------------------------


def test_seed_hedges_found(seed_gold, seed_texts):
    """Every hedge of the seed gold is found, exactly, in the writer's voice, in a full profile."""
    for article in seed_gold["articles"]:
        text = seed_texts[article["file"]]
        evidence = reliability.score(text).scores["hedging"].evidence
        for gold in article.get("hedges", []):
            found = [e for e in evidence if e.label == "hedge" and e.text == gold["text"]]
            assert found, (article["file"], gold["text"])
            assert all(e.details["voice"] == "writer" for e in found)


# ---- properties ------------------------------------------------------------------------------

NEUTRAL = [
    "the",
    "council",
    "met",
    "on",
    "monday",
    "to",
    "discuss",
    "budget",
    "for",
    "roads",
    "and",
    "bridges",
    "city",
    "mayor",
    "residents",
    "asked",
    "questions",
    "local",
    "taxes",
    "a",
    "new",
    "hospital",
    "opened",
    "in",
    "town",
    "last",
    "year",
    "with",
    "300",
    "beds",
    "its",
    "director",
    "is",
    "Ana",
    "Ruiz",
    "who",
    "came",
    "from",
    "Lima",
    "officials",
    "said",
]
"""Words that are no lexicon term and cannot combine into one."""

CASE_TERMS = sorted(
    e.term
    for lexicon in LEXICONS.family("hedging")
    for e in lexicon.entries
    if e.term and e.label != "approximator" and not e.case_sensitive
)


def _recase(term: str, mode: int) -> str:
    if mode == 0:
        return term.upper()
    if mode == 1:
        return term.title()
    return "".join(c.upper() if i % 2 else c for i, c in enumerate(term))


@given(texts)
@example("If reports are to be believed, “it may” rain.\u200b")
def test_spans_consistent(text):
    """Every cue's span is in range, equals its text, and carries a known label, type and voice."""
    result = SCORER.score(Document.from_text(text), {})
    keys = [(e.start, e.end) for e in result.evidence]
    assert keys == sorted(keys)
    for e in result.evidence:
        assert 0 <= e.start < e.end <= len(text) and text[e.start : e.end] == e.text
        assert e.label in ("hedge", "booster")
        assert e.details["voice"] in ("writer", "quoted", "attributed")
        assert e.details["type"] in (*HEDGE_LABELS, "certainty", "emphatic", "proof")


@given(articles())
def test_deterministic(text):
    """Two runs over the same text give the same result."""
    doc = Document.from_text(text)
    assert SCORER.score(doc, {}) == SCORER.score(Document.from_text(text), {})


@given(articles(), st.data())
@example("Prices may, or may not rise about 5 percent.", 2)
@example("“Prices may rise by about 3.5 percent,” Ana Ruiz said.", 5)  # breaks 'about 3.5'
def test_inserting_a_hedge_never_lowers_the_count(text, data):
    """Inserting 'perhaps' before any word never lowers the hedge count, and is itself found."""
    doc = Document.from_text(text)
    assume(doc.words)
    if isinstance(data, int):
        start = doc.words[data][0]
    else:
        start = data.draw(st.sampled_from(doc.words))[0]
    changed = text[:start] + "perhaps " + text[start:]
    after = hedges(changed)
    assert len(after) >= len(hedges(text))
    assert any(e.start == start and e.text == "perhaps" for e in after)


@given(
    st.lists(st.sampled_from(NEUTRAL), min_size=1, max_size=40),
    st.lists(st.sampled_from([" ", ". ", ", ", "\n", " “", "” "]), min_size=40, max_size=40),
)
def test_text_without_lexicon_terms_has_no_hedges(words, gaps):
    """Text made only of words outside the lexicons yields no cue at all."""
    text = "".join(w + g for w, g in zip(words, gaps, strict=False))
    assert cues(text) == []


@given(st.sampled_from(CASE_TERMS), st.integers(0, 2))
@example("reportedly", 0)
@example("may", 1)
def test_case_changes_keep_a_cue(term, mode):
    """Upper-, title- or mixed-casing a lexicon term keeps it found."""
    cased = _recase(term, mode)
    text = f"Officials said {cased} the plan."
    found = [e.text for e in hedges(text)]
    assert any(
        re.sub(r"\s+", " ", f.lower()).find(term.lower()) >= 0 or term.lower().find(f.lower()) >= 0
        for f in found
    ), (text, found)


def _plain_words_outside(document, sentences, excluded):
    """The writer's words by their definition: each sentence less the excluded ranges, in
    pieces, and the words starting in each piece."""
    from reliability.ranges import subtract

    total, holding = 0, set()
    for i in sentences:
        for start, end in subtract([document.sentences[i]], excluded):
            n = sum(1 for w in document.words if start <= w[0] < end)
            if n:
                total += n
                holding.add(document.sentence_index(start))
    return total, holding


@given(
    texts | articles(),
    st.lists(st.tuples(st.integers(0, 400), st.integers(0, 80)), max_size=8),
    st.data(),
)
@example("One two. Three four five.", [(4, 13)], None)  # a range across a sentence break
def test_writer_words_sweep_equals_the_pieces(text, raw, data):
    """One sweep over sentences and excluded ranges counts the words and sentences that
    subtracting the ranges from each sentence and counting each piece's words gives."""
    from reliability.ranges import merge
    from reliability.scorers.hedging import _words_outside

    document = Document.from_text(text)
    n = len(document.sentences)
    chosen = range(n) if data is None else sorted(data.draw(st.sets(st.integers(0, max(n - 1, 0)))))
    sentences = [i for i in chosen if i < n]
    excluded = merge((a, a + w) for a, w in raw)
    assert _words_outside(document, sentences, excluded) == _plain_words_outside(
        document, sentences, excluded
    )
