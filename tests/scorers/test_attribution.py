"""The attribution scorer: cue, source and content spans, source kinds, via, and density."""

from __future__ import annotations

import copy
import re
import sys
from typing import Any

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import reliability
from reliability.document import Document
from reliability.lexicon import LexiconSet
from reliability.model import Attribution, Evidence, ScoreResult, Span
from reliability.scorers._attribution.extract import (
    _COMMA_CLOSE,
    _QUOTE_CHARS,
    WHITESPACE,
    Extractor,
    _ends_with_mark,
    _may_end_with_time,
    _strip_trail,
)
from reliability.scorers._attribution.terms import TermIndex
from reliability.scorers.attribution import AttributionScorer
from tests.strategies import any_text, articles, texts

LEXICONS = LexiconSet.default()
SCORER = AttributionScorer(LEXICONS)
LEXICONS_EXTRACTOR = SCORER._extractor  # its term indexes are tested directly


def attributions(text: str) -> tuple[Attribution, ...]:
    return SCORER.score(Document.from_text(text), {}).attributions


def by_cue(text: str, cue: str) -> Attribution:
    """The one attribution whose cue text contains ``cue`` (case-insensitive)."""
    found = [a for a in attributions(text) if cue.lower() in a.cue.text.lower()]
    assert len(found) == 1, (cue, [(a.cue.text, a.source) for a in attributions(text)])
    return found[0]


# ---- examples table ------------------------------------------------------------------------

# (text, cue, source or None, source_kind, via or None)
SHOULD_FLAG: list[tuple[str, str, str | None, str, str | None]] = [
    # direct quotations, speaker after (inverted and plain), long and multi-sentence quotes
    (
        '"We will not back down," said Ana Ruiz, the union\'s leader.',
        "said",
        "Ana Ruiz",
        "on_record",
        None,
    ),
    (
        "“That's it. It's over,” a US official said, referring to the departure.",
        "said",
        "a US official",
        "anonymous",
        None,
    ),
    (
        "“The talks failed because neither side would move on the border, on prisoners or on the "
        "timetable, and nobody in the room expected anything else by the end of the week,” the "
        "mayor said.",
        "said",
        "the mayor",
        "on_record",
        None,
    ),
    # speaker before the quotation
    (
        'Pakistan foreign ministry spokesman, Zahid Hafeez Chaudhri, tweeted, "We hope all sides '
        'will work together."',
        "tweeted",
        "Pakistan foreign ministry spokesman, Zahid Hafeez Chaudhri",
        "on_record",
        None,
    ),
    # indirect speech and its verb forms
    (
        "Taliban spokesman Zabihullah Mujahid said members of the group would wait.",
        "said",
        "Taliban spokesman Zabihullah Mujahid",
        "on_record",
        None,
    ),
    (
        "Vice President Amrullah Saleh has maintained that he will stay in the country.",
        "maintained",
        "Vice President Amrullah Saleh",
        "on_record",
        None,
    ),
    (
        "The governor insisted that the budget was balanced.",
        "insisted",
        "The governor",
        "on_record",
        None,
    ),
    (
        "Acting Ministers of Interior and Foreign Affairs assured residents the city was secure.",
        "assured",
        "Acting Ministers of Interior and Foreign Affairs",
        "on_record",
        None,
    ),
    # told <outlet>, <outlet> quoted X as saying, in an interview with <outlet>
    (
        "A senior interior ministry official told Reuters that the president had left.",
        "told",
        "A senior interior ministry official",
        "anonymous",
        "Reuters",
    ),
    (
        "“The president has left,” Reuters quoted the official as saying.",
        "quoted",
        "the official",
        "anonymous",
        "Reuters",
    ),
    (
        "In an interview with CNN, Maria Lopez said the plan was dead.",
        "said",
        "Maria Lopez",
        "on_record",
        "CNN",
    ),
    # according to
    (
        "The adviser also left the country, according to The Hill.",
        "according to",
        "The Hill",
        "on_record",
        None,
    ),
    (
        "According to sources, the aides have also left.",
        "according to",
        "sources",
        "unspecified",
        None,
    ),
    (
        "According to people familiar with the matter, the deal is close.",
        "according to",
        "people familiar with the matter",
        "anonymous",
        None,
    ),
    # roles and affiliations without names
    (
        "A representative of the Taliban, which entered the capital on Sunday, said the group was "
        "checking.",
        "said",
        "A representative of the Taliban",
        "anonymous",
        None,
    ),
    (
        "With a takeover imminent, a spokesperson for the Taliban said they wanted a peaceful "
        "surrender.",
        "said",
        "a spokesperson for the Taliban",
        "anonymous",
        None,
    ),
    (
        "Sources close to the Taliban said that a deal had been agreed.",
        "said",
        "Sources close to the Taliban",
        "anonymous",
        None,
    ),
    (
        "Afghan media reported that the aides had left.",
        "reported",
        "Afghan media",
        "unspecified",
        None,
    ),
    (
        "Reuters asked for comment, and the president's office said it could not comment.",
        "said",
        "the president's office",
        "on_record",
        None,
    ),
    # agentless and passive
    (
        "It is believed that the president left the country.",
        "it is believed",
        None,
        "unspecified",
        None,
    ),
    (
        "The fighters entering the city were reportedly not armed.",
        "reportedly",
        None,
        "unspecified",
        None,
    ),
    ("The border was closed, reports said.", "said", "reports", "unspecified", None),
    (
        "If reports are to be believed, an interim government will be formed.",
        "if reports are to be believed",
        "reports",
        "unspecified",
        None,
    ),
    # a headline quoting someone
    ("‘We will not back down,’ says union leader", "says", "union leader", "anonymous", None),
]

# (text, cue word that must not be an attribution cue)
SHOULD_NOT_FLAG: list[tuple[str, str]] = [
    ("The said agreement was signed in 2019.", "said"),
    ("That said, the plan has serious flaws.", "said"),
    ("Needless to say, the plan failed.", "say"),
    ('"Just leave it there and walk away."', "leave"),  # a quotation with no speaker at all
    ("The group called Color of Change opted out of the convention.", "called"),
    ("Reuters asked for comment on Sunday.", "asked"),
    ("All told, the storm cost the city millions.", "told"),
    ("His comments on the plan drew criticism.", "comments"),
    ("The United States said nothing.", "states"),
    ("She continued to lead the polls in the state.", "continued"),
    ("Trump appeared at the rally on Tuesday.", "appeared"),
    ("The company added 255,000 jobs in July.", "added"),
    # words of the quoted speaker are not attributions of the article
    ('"I think we will win, and I know they want us to fail," Ana Ruiz said.', "think"),
    ('"I think we will win, and I know they want us to fail," Ana Ruiz said.', "want"),
    # a hypothetical, not an attribution
    ("Republicans would support the bill if it passed the House.", "support"),
    # the words that say why a source is unnamed are no attribution of their own
    (
        "The official, who was not authorised to discuss the matter, said the minister had left.",
        "discuss",
    ),
    ("Two officials, who requested anonymity to discuss private talks, said it failed.", "discuss"),
    (
        "Two officials, who requested anonymity to discuss private talks, said it failed.",
        "requested",
    ),
    ("A local official, who asked not to be named, said the road was closed.", "asked"),
    # an idiom, not speech
    ("This image says it all.", "says"),
    # a participle modifying a quantity, not an attribution by "million"
    ("Some 4.8 million seeking refuge have crossed the border.", "seeking"),
]


class TestExamples:
    @pytest.mark.parametrize(
        ("text", "cue", "source", "kind", "via"),
        SHOULD_FLAG,
        ids=[row[1] + ":" + row[0][:30] for row in SHOULD_FLAG],
    )
    def test_should_flag(
        self, text: str, cue: str, source: str | None, kind: str, via: str | None
    ) -> None:
        """Each hard case yields its attribution with the right source, kind and via."""
        a = by_cue(text, cue)
        assert (a.source.text if a.source else None) == source
        assert a.source_kind == kind
        assert (a.via.text if a.via else None) == via

    @pytest.mark.parametrize(
        ("text", "cue"),
        SHOULD_NOT_FLAG,
        ids=[row[1] + ":" + row[0][:30] for row in SHOULD_NOT_FLAG],
    )
    def test_should_not_flag(self, text: str, cue: str) -> None:
        """A cue word used as an adjective, a noun, a quoted speaker's word or a hypothetical
        makes no attribution."""
        pattern = re.compile(rf"\b{re.escape(cue)}\b", re.IGNORECASE)
        assert not [a for a in attributions(text) if pattern.search(a.cue.text)]

    def test_tables_have_rows(self) -> None:
        """The examples table has both kinds of rows, many of them."""
        assert len(SHOULD_FLAG) >= 20 and len(SHOULD_NOT_FLAG) >= 10


class TestRelations:
    def test_quote_content_and_flag(self) -> None:
        """A quotation before the speaker is the content, marked as a direct quotation."""
        text = '"We will not back down. Not now," said Ana Ruiz.'
        a = by_cue(text, "said")
        assert a.content is not None and a.content.text == "We will not back down. Not now,"[:-1]
        assert a.quote

    def test_indirect_content_includes_that(self) -> None:
        """Indirect speech content runs from 'that' to the end of the sentence."""
        a = by_cue("The minister said on Monday that the bridge would reopen.", "said")
        assert a.content is not None and a.content.text == "that the bridge would reopen"
        assert not a.quote

    def test_content_before_a_closing_cue(self) -> None:
        """When the cue closes the sentence, the content is the clause before the source."""
        a = by_cue(
            "Ghani has left the capital for Tajikistan, a senior official said on Sunday.", "said"
        )
        assert a.content is not None
        assert a.content.text == "Ghani has left the capital for Tajikistan"

    def test_partial_quote_counts_as_quote(self) -> None:
        """Content holding a quoted phrase is a (partial) direct quotation."""
        a = by_cue('The office said it "cannot say anything" about his movements.', "said")
        assert a.quote

    def test_quote_continues_into_next_paragraph(self) -> None:
        """A paragraph that is only a further quotation extends the previous speaker's content."""
        text = (
            "“Our forces have not entered the city,” he told Al Jazeera.\n\n"
            "“We are talking and awaiting a peaceful transfer.”\n\nThe talks go on."
        )
        a = by_cue(text, "told")
        assert a.content is not None and a.content.text.endswith("awaiting a peaceful transfer.")

    def test_pronoun_resolved_to_previous_source(self) -> None:
        """'he' resolves to the nearest earlier named source and takes its kind."""
        text = (
            "Taliban spokesman Suhail Shaheen said the fighters were waiting. "
            "“We will not enter the city,” he told Al Jazeera."
        )
        a = by_cue(text, "told")
        assert a.source is not None and a.source.text == "he"
        assert a.resolved_source is not None
        assert a.resolved_source.text == "Taliban spokesman Suhail Shaheen"
        assert a.source_kind == "on_record" and a.via is not None and a.via.text == "Al Jazeera"

    def test_surname_linked_to_full_name(self) -> None:
        """A bare surname links to the earlier full name."""
        text = (
            "Acting defence minister Bismillah Mohammadi said the president had left. "
            "Mohammadi said that a delegation would travel to Doha."
        )
        second = [a for a in attributions(text) if a.source and a.source.text == "Mohammadi"]
        assert len(second) == 1
        assert second[0].resolved_source is not None
        assert second[0].resolved_source.text.endswith("Bismillah Mohammadi")

    def test_pronouns_pass_over_sources_they_cannot_mean(self) -> None:
        """'He' passes over a later lower-case group to the name; 'They' takes the group."""
        text = (
            "Ana Ruiz said the vote was close, and analysts said turnout was low. "
            "He said the count would end on Monday. They said the margin was narrow. "
            "Ruiz told reporters that she was confident."
        )
        resolved = {
            (a.cue.text, a.source.text): (a.source_kind, a.resolved_source)
            for a in attributions(text)
            if a.source is not None
        }
        he_kind, he = resolved[("said", "He")]
        they_kind, they = resolved[("said", "They")]
        ruiz_kind, ruiz = resolved[("told reporters", "Ruiz")]
        assert he is not None and he.text == "Ana Ruiz" and he_kind == "on_record"
        assert they is not None and they.text == "analysts" and they_kind == "unspecified"
        assert ruiz is not None and ruiz.text == "Ana Ruiz" and ruiz_kind == "on_record"

    def test_relative_pronoun_is_one_source(self) -> None:
        """'X, who requested anonymity …, said' is one relation, its source resolved to X."""
        text = "Two officials, who requested anonymity to discuss private talks, said it failed."
        (a,) = attributions(text)
        assert a.source is not None and a.source.text == "Two officials"
        text = "The report was written by Ana Ruiz, who said the figures were wrong."
        a = by_cue(text, "said")
        assert a.source is not None and a.source.text == "who"
        assert a.resolved_source is not None and a.resolved_source.text == "Ana Ruiz"
        assert SCORER.score(Document.from_text(text), {}).inputs["distinct_sources"] == 1

    def test_number_joins_its_quantity(self) -> None:
        """A number before a quantity noun belongs to the source ("45 percent said")."""
        a = by_cue("About 45 percent said they would vote for her.", "said")
        assert a.source is not None and a.source.text == "About 45 percent"

    def test_complementiser_is_not_part_of_the_source(self) -> None:
        """In "said that Obama mentioned it", the source of "mentioned" is "Obama"."""
        a = by_cue("He said that Obama mentioned it on Friday.", "mentioned")
        assert a.source is not None and a.source.text == "Obama"

    def test_transcript_lines_follow_the_lexicon_entry(self) -> None:
        """Speaker lines come from the ``speaker_colon`` entry: its pattern and its exceptions."""
        text = "Q: Did you know?\n\nA: Yes.\n\nMatthews: So you say.\n\nPhoto: A man at the door."
        found = attributions(text)
        assert [(a.source.text if a.source else None) for a in found] == [None, None, "Matthews"]
        entry = LEXICONS["attribution_cues"].entry("speaker_colon")
        edited = attrs.evolve(entry, exceptions=(*entry.exceptions, "Matthews"))
        lexicon = LEXICONS["attribution_cues"]
        entries = tuple(edited if e is entry else e for e in lexicon.entries)
        others = [lex for lex in LEXICONS if lex.id != "attribution_cues"]
        scorer = AttributionScorer(LexiconSet([*others, attrs.evolve(lexicon, entries=entries)]))
        found = scorer.score(Document.from_text(text), {}).attributions
        assert [a.source for a in found] == [None, None]

    def test_definite_repeat_of_anonymous_role(self) -> None:
        """'the official' after 'a senior official' stays anonymous and points back to it."""
        text = (
            "A senior official told Reuters the president had left. "
            "“He has gone,” Reuters quoted the official as saying."
        )
        a = by_cue(text, "quoted")
        assert a.source_kind == "anonymous" and a.secondhand
        assert a.resolved_source is not None and a.resolved_source.text == "A senior official"

    def test_anonymity_reason(self) -> None:
        """A stated reason for anonymity is recorded on the anonymous attribution."""
        text = (
            "An official, who spoke on condition of anonymity because he was not authorized "
            "to discuss the talks publicly, said they had stalled."
        )
        a = by_cue(text, "said")
        assert a.source_kind == "anonymous"
        assert a.anonymity_reason is not None
        assert a.anonymity_reason.text == (
            "because he was not authorized to discuss the talks publicly"
        )

    def test_secondhand_outlet(self) -> None:
        """Reporting relayed from another outlet is secondhand."""
        a = by_cue("The aides left the country, according to The Hill.", "according to")
        assert a.secondhand and a.source_kind == "on_record"

    def test_nested_quotation_is_one_attribution(self) -> None:
        """A quotation inside a quotation does not add a second attribution."""
        text = "\"He told me 'we are done here,' and left,\" Smith said."
        found = attributions(text)
        assert [a.cue.text for a in found] == ["said"]

    def test_evidence_labels_and_rules(self) -> None:
        """Evidence carries cue, source, content and via labels; cue rules are lexicon ids."""
        text = "A senior official told Reuters that the talks had stalled."
        result = SCORER.score(Document.from_text(text), {})
        labels = {e.label for e in result.evidence}
        assert {"cue", "source", "content", "via"} <= labels
        cue = next(e for e in result.evidence if e.label == "cue")
        assert cue.rule == "attribution_cues:told"
        LEXICONS.entry(cue.rule)


class TestScore:
    def test_density_counts_body_sentences(self) -> None:
        """The value is the share of body sentences holding a cue or attributed content."""
        text = "The minister said the bridge would reopen. The weather was mild. Traffic was light."
        result = SCORER.score(Document.from_text(text), {})
        assert result.inputs["body_sentences"] == 3
        assert result.inputs["attributed_sentences"] == 1
        assert result.value == pytest.approx(1 / 3)

    def test_promotional_blocks_are_not_body(self) -> None:
        """Sentences inside promotional block evidence are left out of the body."""
        text = "The minister said the bridge would reopen. Support us today for as little as $1."
        doc = Document.from_text(text)
        start = text.index("Support")
        block = Evidence(
            "promotional",
            "appeal",
            Span.of(text, start, len(text)),
            "promotional.test",
            details={"block": True, "position": "trailer"},
        )
        promo = ScoreResult(scorer="promotional", value=0.5, formula="test", evidence=[block])
        result = SCORER.score(doc, {"promotional": promo})
        assert result.inputs["body_sentences"] == 1
        assert result.value == 1.0

    def test_blocks_hold_no_attributions(self) -> None:
        """A headline inside a link-out block is no attribution, and neither is a "says" inside
        an embedded post: that is the post's sourcing, not the article's."""
        text = (
            "The minister said the bridge would reopen.\n\n"
            "Also Read - Bridge Will Stay Shut, Say Engineers\n\n"
            "Bridge to reopen, ministry official says: Reuters"
        )
        doc = Document.from_text(text)
        link = text.index("Also Read")
        post = text.index("Bridge to reopen")
        blocks = [
            Evidence(
                "promotional",
                "link_out",
                Span.of(text, link, text.index("\n\nBridge to")),
                "promotional.test",
                details={"block": True, "position": "body"},
            ),
            Evidence(
                "promotional",
                "embedded_post",
                Span.of(text, post, len(text)),
                "promotional.test",
                details={"block": True, "position": "trailer"},
            ),
        ]
        promo = ScoreResult(scorer="promotional", value=0.1, formula="test", evidence=blocks)
        found = SCORER.score(doc, {"promotional": promo}).attributions
        assert [a.cue.text for a in found] == ["said"]

    def test_inputs_recorded(self) -> None:
        """Counts of attributions, sources, quotes and attributed words are inputs."""
        text = (
            '"We will not back down," said Ana Ruiz. Officials said the talks would go on. '
            "Ruiz said more."
        )
        inputs = SCORER.score(Document.from_text(text), {}).inputs
        assert inputs["attributions"] == 3
        assert inputs["distinct_sources"] == 2  # "Ruiz" resolves to "Ana Ruiz"
        assert inputs["direct_quotes"] == 1
        assert inputs["direct_quote_share"] == pytest.approx(1 / 3)
        assert inputs["attributed_words"] > 0

    def test_empty_text_is_none_with_reason(self) -> None:
        """A blank text has no body sentences: None with a reason, never 0."""
        result = SCORER.score(Document.from_text("  \n"), {})
        assert result.value is None and result.reason

    def test_a_text_that_is_all_promotion_says_so(self):
        """When every sentence lies in a promotional block, the reason names the blocks."""
        text = (
            "Subscribe to our newsletter for the latest news.\n\n"
            "Follow us on Twitter and Facebook.\n\n"
            "Please donate to support our journalism."
        )
        result = reliability.score(text).scores["attribution"]
        assert result.value is None
        assert result.reason is not None and "whole text is promotional" in result.reason
        assert "promotional" not in (SCORER.score(Document.from_text("  \n"), {}).reason or "")


# ---- properties ----------------------------------------------------------------------------


def _spans(a: Attribution) -> list[Span]:
    return [
        s
        for s in (a.cue, a.source, a.content, a.via, a.anonymity_reason, a.resolved_source)
        if s is not None
    ]


@given(texts)
@example('"Unbalanced quote said the man. “And ‘another said Ana Ruiz')
@example("\u201d said \u201c")
@example("Q: x\n\nA: y")
def test_spans_consistent(text: str) -> None:
    """Every span is in range and equals the text it claims; source and cue never overlap."""
    result = SCORER.score(Document.from_text(text), {})
    for a in result.attributions:
        for span in _spans(a):
            assert 0 <= span.start <= span.end <= len(text)
            assert text[span.start : span.end] == span.text
        if a.source is not None:
            assert a.source.end <= a.cue.start or a.cue.end <= a.source.start
    for e in result.evidence:
        assert text[e.start : e.end] == e.text


@given(texts)
def test_deterministic(text: str) -> None:
    """Two runs over the same text give the same result."""
    doc = Document.from_text(text)
    assert SCORER.score(doc, {}) == SCORER.score(Document.from_text(text), {})


@given(
    articles(),
    st.sampled_from(
        ["The weather was mild.", "Traffic was light on Monday.", "Prices rose by 3 percent."]
    ),
)
@example("“We will not back down,” said Ana Ruiz.", "The weather was mild.")
def test_unrelated_sentence_appended(text: str, extra: str) -> None:
    """Appending an unrelated paragraph leaves every existing attribution unchanged."""
    before = attributions(text)
    after = attributions(text + "\n\n" + extra)
    assert after[: len(before)] == before


@given(any_text)
def test_value_in_range_or_none(text: str) -> None:
    """The density is in [0, 1], or None with a reason."""
    result = SCORER.score(Document.from_text(text), {})
    assert (result.value is None) == bool(result.reason)
    if result.value is not None:
        assert 0.0 <= result.value <= 1.0


# ---- fast paths: each gives what the plain pattern it replaces gives ---------------------

# Words of the attribution lexicons in odd cases, with the characters that case-insensitive
# matching treats specially (dotless i, long s, dotted capital I, Kelvin sign).
_TRICKY = st.lists(
    st.sampled_from(
        [
            *[" ", "  ", "\n", ",", ".", "-", "'", "’", "“", "ı", "ſ", "İ", "\u212a", "x", "é"],
            *["said", "SAID", "Said", "saıd", "ſaid", "told", "according to", "ACCORDING\nTO"],
            *["the said", "That said", "CNN", "cnn", "The Washington Post", "Fox News"],
            *["Reuters", "anonymity", "not authorized to", "on condition of", "maintained"],
            *["supported by", "support for", "percent support", "so-called", "So  called"],
            *["phone calls", "all told", "having said that", "let’s say", "not immediately"],
            *["responded to", "continued to", "appeared on", "founded", "added bonus", "KNOWN as"],
        ]
    ),
    max_size=40,
).map("".join)


def _plain(index: TermIndex) -> TermIndex:
    """A copy of ``index`` with the fast paths switched off (the plain patterns only)."""
    plain = copy.copy(index)
    plain._folded_fast = None
    plain._exact_fast = None
    plain._folded_at = None  # no trying the trees only where the shared scan found a literal
    plain._exact_at = None
    plain._exceptions = {k: v._replace(firsts=None) for k, v in index._exceptions.items()}
    return plain


_INDEXES = [
    LEXICONS_EXTRACTOR.cues,
    LEXICONS_EXTRACTOR.outlets,
    LEXICONS_EXTRACTOR.anonymity,
]


@given(_TRICKY, st.integers(0, 45), st.integers(0, 45))
@example("saıd ſaid İsaid said", 0, 45)
@example("Reportſ said it; reports said", 0, 30)  # the plain pattern consumes "Reportſ said"
@example("CNN, xCNN CNNx cnn", 5, 9)
@example("the said", 1, 8)
@example("Phone  CALLS", 0, 12)
@example("ſo-called", 0, 9)  # case-insensitive matching equates the long s with "s"
def test_term_index_fast_paths_equal_plain_patterns(text: str, lo: int, hi: int) -> None:
    """The shared literal scan, the anchored, lower-cased scan and the exception prefilter find
    what the plain patterns find."""
    start, end = min(lo, len(text)), min(max(lo, hi), len(text))
    for index in _INDEXES:
        fast = list(index.finditer(text, start, end))
        assert fast == list(_plain(index).finditer(text, start, end))


def test_whitespace_is_what_regex_s_matches() -> None:
    """``WHITESPACE`` holds exactly the characters ``\\s`` matches."""
    regex = re.compile(r"\s")
    listed = set(WHITESPACE)
    for code in range(sys.maxunicode + 1):
        ch = chr(code)
        assert (ch in listed) == bool(regex.match(ch)), hex(code)


@given(_TRICKY)
@example("said ,. \u2003\n")
def test_strip_trail_equals_its_pattern(text: str) -> None:
    """``_strip_trail`` removes what ``[\\s,.;:!?…—–-]+$`` matches."""
    assert _strip_trail(text) == re.sub(r"[\s,.;:!?…—–-]+$", "", text)


@given(
    st.text(alphabet=st.sampled_from([*"a ,.!?…—–-\"”»’'“„‟«\n", "\u2003", "\x85"]), max_size=12)
)
@example("“x ”\n")
@example("'")
def test_ends_with_mark_equals_its_patterns(text: str) -> None:
    """``_ends_with_mark`` holds where ``_COMMA_CLOSE`` finds a match or the text, stripped, ends
    with a double quotation mark (the two tests it replaces)."""
    expected = bool(_COMMA_CLOSE.search(text)) or text.rstrip().endswith(tuple(_QUOTE_CHARS))
    assert _ends_with_mark(text) == expected


_TIME_TAILS = st.sampled_from(
    [
        "on Monday",
        "last WEEK",
        "this morning ,",
        "yesterday evening",
        "at the time,",
        "in turn",
        "for her part",
        "in recent months",
        "on Twitter",
        "in an op-ed",
        "in a statement ",
        "at one point,\n",
        "in a tweet, ",
        "on ſunday",
        "at the tıme",
    ]
)


_RULES = Extractor(LEXICONS).rules


@given(_TRICKY, _TIME_TAILS, _TRICKY)
@example("Trump", "on Monday", "")
@example("x", "at the tıme", ",")
def test_time_prefilter_never_hides_a_match(before: str, tail: str, after: str) -> None:
    """Wherever ``time_phrase`` or ``adverbial_phrase`` matches at a window's end (or
    ``time_phrase`` matches it whole), the cheap test on the patterns' finals says so."""
    time, adverbial = _RULES.regex("time_phrase"), _RULES.regex("adverbial_phrase")
    finals = _RULES.finals("time_phrase", "adverbial_phrase")
    for window in (before + " " + tail, before + " " + tail + after, tail + after):
        found = time.search(window) or adverbial.search(window)
        if found or time.match(" " + window + " "):
            assert _may_end_with_time(window, finals), window


# ---- seeds (the hand annotation in ../shared/gold, read at run time) ------------------------


def _occurrences(text: str, phrase: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(rf"(?<!\w){re.escape(phrase)}(?!\w)", text)]


def _find_gold(text: str, found: tuple[Attribution, ...], gold: dict[str, Any]) -> Attribution:
    """The predicted attribution matching a gold one: its source overlaps an occurrence of the
    gold source and its cue text contains the gold cue (or the reverse)."""
    places = _occurrences(text, gold["source"])
    assert places, f"gold source {gold['source']!r} not in the text"
    cue = gold["cue"].lower()
    candidates = [
        a
        for a in found
        if a.source is not None
        and any(a.source.start < e and s < a.source.end for s, e in places)
        and (cue in a.cue.text.lower() or a.cue.text.lower() in cue)
    ]
    assert candidates, f"gold attribution not found: {gold}"
    exact = [a for a in candidates if a.source is not None and a.source.text == gold["source"]]
    return (exact or candidates)[0]


class TestSeeds:
    def test_every_gold_attribution_found(
        self, seed_gold: dict[str, Any], seed_texts: dict[str, str]
    ) -> None:
        """Each hand-annotated attribution is found with its source kind, via, quote and
        secondhand flags as annotated."""
        for article in seed_gold["articles"]:
            text = seed_texts[article["file"]]
            found = attributions(text)
            for gold in article["attributions"]:
                a = _find_gold(text, found, gold)
                assert a.source_kind == gold["kind"], (gold, a.source_kind)
                if "via" in gold:
                    assert a.via is not None and a.via.text == gold["via"], gold
                if gold.get("quote"):
                    assert a.quote, gold
                if gold.get("secondhand"):
                    assert a.secondhand, gold

    def test_gold_sources_found_whole(
        self, seed_gold: dict[str, Any], seed_texts: dict[str, str]
    ) -> None:
        """The source spans cover the gold source phrases exactly."""
        for article in seed_gold["articles"]:
            text = seed_texts[article["file"]]
            found = attributions(text)
            for gold in article["attributions"]:
                a = _find_gold(text, found, gold)
                assert a.source is not None and a.source.text == gold["source"], gold

    def test_unattributed_claims_stay_unattributed(
        self, seed_gold: dict[str, Any], seed_texts: dict[str, str]
    ) -> None:
        """The sentences the annotator marked as unattributed carry no cue and no content."""
        for article in seed_gold["articles"]:
            text = seed_texts[article["file"]]
            found = attributions(text)
            for claim in article.get("unattributed_claims", []):
                start = text.index(claim)
                end = start + len(claim)
                for a in found:
                    for span in (a.cue, a.content):
                        if span is not None:
                            assert not (span.start < end and start < span.end), (claim, a)
