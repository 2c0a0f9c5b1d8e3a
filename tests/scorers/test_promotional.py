"""The promotional scorer: furniture blocks by kind and position, embedded posts, puffery."""

from __future__ import annotations

import inspect
import itertools
import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from reliability.document import Document
from reliability.errors import LexiconError
from reliability.html.signals import MarkupBlock, PageDocument
from reliability.lexicon import LexiconSet, load_lexicon, shipped_dir
from reliability.model import ScoreResult
from reliability.scorers import promotional
from reliability.scorers.promotional import (
    BLOCK_KINDS,
    PROMOTIONAL_KINDS,
    SHAPE_NAMES,
    PromotionalScorer,
    Shape,
    Shapes,
)
from tests.strategies import texts

LEXICONS = LexiconSet.default()
SCORER = PromotionalScorer(LEXICONS)
PROSE = "The council met on Monday to discuss the budget for roads and bridges."


def run(text: str, scorer: PromotionalScorer = SCORER) -> ScoreResult:
    return scorer.score(Document.from_text(text), {})


def blocks(result: ScoreResult):
    return [e for e in result.evidence if e.details.get("block")]


def promo_blocks(result: ScoreResult):
    return [e for e in result.evidence if e.label in PROMOTIONAL_KINDS]


# ---- examples table --------------------------------------------------------------------------

SHOULD_FLAG = [
    # (text, kind, text the block must cover)
    ("Support us today for as little as $1.", "appeal", "Support us today for as little as $1."),
    ("Please donate to keep our newsroom running.", "appeal", "Please donate"),
    ("Donate now", "appeal", "Donate now"),
    ("Become a member and get our reporting first.", "appeal", "Become a member"),
    ("Sign up for our newsletter.", "subscription", "Sign up for our newsletter."),
    ("Copyright © 2024 Example News. All rights reserved.", "interface", "Copyright © 2024"),
    ("© 2019 The River Gazette", "interface", "© 2019 The River Gazette"),
    ("For more, sign up for the Morning Brief newsletter.", "subscription", "sign up"),
    ("Subscribe to our politics podcast here.", "subscription", "Subscribe"),
    ("Enter your email address:", "subscription", "Enter your email address:"),
    ("Already a subscriber? Log in.", "subscription", "Already a subscriber?"),
    ("Also Read - Ten things to know about the vote", "link_out", "Also Read - Ten things"),
    (
        f"{PROSE[:-1]} so far.Also Read - Ten things to know",
        "link_out",
        "Also Read - Ten things to know",
    ),
    (
        f"{PROSE} (ALSO READ: Markets slide as oil jumps)",
        "link_out",
        "(ALSO READ: Markets slide as oil jumps)",
    ),
    ("Read more: Why the bridge closed", "link_out", "Read more: Why the bridge closed"),
    ("Related:", "link_out", "Related:"),
    ("Watch: The moment the roof collapsed", "link_out", "Watch:"),
    ("Click here to read the full report.", "link_out", "Click here"),
    ("Read the rest here.", "link_out", "Read the rest here."),
    ("Watch the full interview below:", "link_out", "Watch the full interview below:"),
    ("[Video: The senator's full speech]", "link_out", "[Video:"),
    ("Follow us on Twitter.", "social", "Follow us on Twitter."),
    ("Follow Jane Doe on Twitter @janedoe.", "social", "Follow Jane Doe on Twitter @janedoe."),
    ("Like us on Facebook", "social", "Like us on Facebook"),
    ("Share this article", "social", "Share this article"),
    ("Got a tip? Email us at tips@example.com.", "social", "Email us"),
    ('"Follow Pam Key on Twitter @pamkeyNEN."', "social", "Follow Pam Key"),
    ("Remind me next month", "interface", "Remind me next month"),
    ("Advertisement", "interface", "Advertisement"),
    ("We use cookies to improve your experience.", "interface", "We use cookies"),
    ("Skip to main content", "interface", "Skip to main content"),
    ("Jump to navigation Jump to search", "interface", "Jump to navigation"),
    ("Now watching", "interface", "Now watching"),
    ("Next video starts in 7 Play", "interface", "Next video starts in 7"),
    ("Next video starts in : 7Play", "interface", "Next video starts in : 7"),
    ("Please wait…", "interface", "Please wait"),
    ("Undo", "interface", "Undo"),
    (
        "This feature is temporarily unavailable. Please try again later.",
        "interface",
        "This feature is temporarily unavailable.",
    ),
    (
        "Now check your email account on your mobile phone to download your new app.",
        "subscription",
        "download your new app",
    ),
    (
        "To find out what personal data we collect, please visit our Privacy Policy",
        "interface",
        "Privacy Policy",
    ),
    (
        "We Are Sorry,This video is restricted from playing in your locationEcode: 17.",
        "interface",
        "Ecode",
    ),
    ("Sponsored content", "sponsored", "Sponsored content"),
    (
        "This post contains affiliate links, and we may earn a commission.",
        "sponsored",
        "we may earn a commission",
    ),
    ("Sponsored by Acme Bank", "sponsored", "Sponsored by Acme Bank"),
]

SHOULD_NOT_FLAG = [
    "The campaign urged supporters to donate before the deadline.",
    "The senator said voters should follow the money.",
    "More than 5 million people follow Trump on Twitter.",
    '"Support us today," the charity\'s director told reporters.',
    "“Sign up and vote,” she told the crowd.",
    "''Follow us,'' Ms. Gil said, and the boys trailed behind.",
    "Advertisement revenue fell 5 percent last year.",
    "The court said the copyright had lapsed in 2015, long before the sale.",
    "The band's copyright claim (c) was dismissed on Tuesday.",
    "A bill sponsored by Sen. Jo Park would ban the practice.",
    "The call is being paid for by Our Principles PAC, a group devoted to defeating him.",
    "The company said users could subscribe for $5 a month.",
    "Related charges were filed on Monday.",
    "Watch parties were held across the state.",
    "Many readers share this view of the race.",
    "Just wait till they join us here in this realm.",
    "Officials in the US did not respond to requests for comment.",
    "The video is restricted to subscribers, the company said.",
    "Read the rest of the documents, the judge told the clerk.",
    "He asked donors to chip in $5 before midnight.",
    "Check out times at the hotel were extended, the manager said.",
    "The group plans to launch a newsletter next year, its founder said.",
    "If reports are to be believed, an interim government will be formed by Friday.",
    "Now watching the river rise, residents say they have nowhere to go.",
    "The police asked drivers to please wait until the road was cleared, the mayor said.",
    "Loading the trucks took the crews most of the night.",
    "The clinic is temporarily unavailable to new patients, a spokesman said.",
    "The bridge is temporarily unavailable to lorries until the bearings are replaced.",
    "The council cannot undo the damage, the mayor said.",
    "Officers told residents to download the app the police use for alerts, the mayor said.",
]


class TestExamples:
    @pytest.mark.parametrize(("text", "kind", "covered"), SHOULD_FLAG)
    def test_furniture_is_flagged_with_its_kind(self, text, kind, covered):
        """Each furniture line is one block of the right kind that covers its cue."""
        found = blocks(run(text))
        start = text.index(covered)
        end = start + len(covered)
        assert any(b.label == kind and b.start <= start and end <= b.end for b in found), found

    @pytest.mark.parametrize("text", SHOULD_NOT_FLAG)
    def test_reporting_about_furniture_is_not_flagged(self, text):
        """Reporting about appeals, quoted appeals and look-alike words are not blocks."""
        assert blocks(run(text)) == []

    @pytest.mark.parametrize("text", SHOULD_NOT_FLAG)
    def test_reporting_rows_stay_clean_inside_an_article(self, text):
        """A not-flag sentence stays unflagged between ordinary reporting paragraphs."""
        article = f"{PROSE}\n\n{text}\n\n{PROSE}"
        assert blocks(run(article)) == []

    def test_every_kind_has_rows(self):
        """The table exercises every promotional kind."""
        assert {k for _, k, _ in SHOULD_FLAG} == set(PROMOTIONAL_KINDS)


class TestPuffery:
    def test_writer_voice_puffery_is_an_inline_span(self):
        """A peacock word in the writer's own sentence is puffery, not a block."""
        r = run("The legendary coach retired on Friday after a groundbreaking season.")
        puff = [e for e in r.evidence if e.label == "puffery"]
        assert [e.text for e in puff] == ["legendary", "groundbreaking"]
        assert all(e.details == {"block": False, "voice": "writer"} for e in puff)
        assert r.value == 0

    @pytest.mark.parametrize(
        "text",
        [
            '"It was a legendary career," the coach said.',
            "“A groundbreaking plan,” she told reporters.",
            "Officials described the plan as groundbreaking.",
            "The company touted its award-winning design.",
            "Bondholders hold $2 billion in outstanding debt.",
            "There are 1,585 delegates outstanding.",
        ],
    )
    def test_quoted_or_attributed_puffery_is_not_flagged(self, text):
        """Peacock words in quotations, attributed sentences or fixed senses are not puffery."""
        assert [e for e in run(text).evidence if e.label == "puffery"] == []

    def test_puffery_inside_a_block_is_not_counted(self):
        """Peacock words inside furniture belong to the block, not to the writer."""
        r = run("Support our award-winning journalism today for as little as $1.")
        assert [e.label for e in r.evidence] == ["appeal"]


class TestBlocks:
    def test_appeal_paragraph_is_one_block(self):
        """A paragraph mostly addressed to the reader around an appeal is one block."""
        para = (
            "We are independent and reader-funded. The media landscape keeps changing. "
            "When you support us, you support free reporting. "
            "Join the ranks of our members by supporting us today for as little as $1."
        )
        r = run(f"{PROSE}\n\n{para}")
        assert [(b.label, b.text) for b in blocks(r)] == [("appeal", para)]

    def test_reporting_paragraph_with_a_link_out_is_not_taken_whole(self):
        """Only the link-out sentence of a reporting paragraph is a block."""
        para = (
            "If reports are to be believed, an interim government will be formed. "
            "(ALSO READ: Markets slide as oil jumps)"
        )
        found = blocks(run(para))
        assert [b.text for b in found] == ["(ALSO READ: Markets slide as oil jumps)"]

    def test_link_list_takes_the_headlines_after_its_header(self):
        """Headline-like lines under 'Related:' are link-outs; the prose after them is not."""
        text = (
            "Related:\n\nCouncil Approves New Budget For Roads\n\n"
            "Mayor Names Three New Deputies\n\n" + PROSE
        )
        found = blocks(run(text))
        assert [b.text for b in found] == [
            "Related:",
            "Council Approves New Budget For Roads",
            "Mayor Names Three New Deputies",
        ]
        assert {b.label for b in found} == {"link_out"}
        assert found[1].rule == "promotional.link_list"

    def test_positions_header_body_trailer(self):
        """Blocks at the top are the header run, at the end the trailer run, else body."""
        text = (
            f"Skip to main content\n\n{PROSE}\n\nAlso Read - Ten things to know\n\n"
            f"{PROSE}\n\nFollow us on Twitter.\n\nRemind me next month"
        )
        found = blocks(run(text))
        assert [(b.label, b.details["position"]) for b in found] == [
            ("interface", "header"),
            ("link_out", "body"),
            ("social", "trailer"),
            ("interface", "trailer"),
        ]

    def test_embedded_post_is_a_block_but_not_promotion(self):
        """A tweet with its signature is an embedded_post block, outside the promotional share."""
        post = (
            "#UPDATE | The president has left the country, an official says: Reuters "
            "— ANI (@ANI) August 15, 2021"
        )
        r = run(f"{PROSE}\n\n{post}\n\n{PROSE}")
        assert [(b.label, b.text, b.details["position"]) for b in blocks(r)] == [
            ("embedded_post", post, "body")
        ]
        assert r.value == 0
        assert r.inputs["embedded_post_chars"] == len(post)

    def test_embedded_post_markup_runs_to_its_closing_tag(self):
        """Scraper markup around a post makes one block from the opening to the closing tag."""
        text = (
            f'{PROSE}\n\n<tweet id="1" author="@x">\n\nSign up for our newsletter'
            f"\n\n— X (@x) May 1, 2016</tweet>.\n\n{PROSE}"
        )
        found = blocks(run(text))
        assert len(found) == 1 and found[0].label == "embedded_post"
        assert found[0].text.startswith("<tweet") and found[0].text.endswith("</tweet>.")

    def test_pic_twitter_link_is_an_embedded_post(self):
        """A pic.twitter.com link marks its paragraph as an embedded post."""
        text = f"{PROSE}\n\nThoughts are with the victims pic.twitter.com/AbC123"
        assert [b.label for b in blocks(run(text))] == ["embedded_post"]

    def test_score_is_the_share_of_promotional_characters(self):
        """The value is promotional characters over paragraph characters, from the inputs."""
        r = run(f"{PROSE}\n\nFollow us on Twitter.")
        assert r.inputs["chars"] == len(PROSE) + len("Follow us on Twitter.")
        assert r.inputs["promotional_chars"] == len("Follow us on Twitter.")
        assert r.value == pytest.approx(r.inputs["promotional_chars"] / r.inputs["chars"])
        assert r.inputs["social_blocks"] == 1 and r.inputs["trailer_blocks"] == 1

    def test_blank_text_is_none_with_reason(self):
        """A blank text has no characters to share out: None with a reason."""
        r = run(" \n\t ")
        assert r.value is None and "empty" in r.reason

    def test_threshold_is_configuration(self):
        """Raising the threshold keeps only the strongest cues."""
        strict = PromotionalScorer(LEXICONS, threshold=2.0)
        assert blocks(run("Read more: Why the bridge closed", strict)) == []
        assert blocks(run("Read more: Why the bridge closed")) != []


# ---- seeds -----------------------------------------------------------------------------------


def _sentences_of(doc: Document, phrase: str) -> list[tuple[int, int]]:
    start = doc.text.find(phrase)
    assert start >= 0, phrase
    return [doc.sentences[i] for i in doc.sentences_in(start, start + len(phrase))]


class TestSeeds:
    def test_every_gold_block_is_found_with_its_kind(self, seed_gold, seed_texts):
        """Each gold promotional block and embedded post lies inside a block of its kind."""
        for article in seed_gold["articles"]:
            text = seed_texts[article["file"]]
            found = blocks(run(text))
            gold = [(g["text"], g["kind"]) for g in article.get("promotional", [])]
            gold += [(t, "embedded_post") for t in article.get("embedded_posts", [])]
            for phrase, kind in gold:
                start = text.index(phrase)
                end = start + len(phrase)
                assert any(b.label == kind and b.start <= start and end <= b.end for b in found), (
                    article["file"],
                    phrase,
                )

    def test_no_reporting_sentence_is_flagged(self, seed_gold, seed_texts):
        """No sentence holding a gold attribution source or unattributed claim is in a block."""
        for article in seed_gold["articles"]:
            text = seed_texts[article["file"]]
            doc = Document.from_text(text)
            found = [(b.start, b.end) for b in blocks(SCORER.score(doc, {}))]
            phrases = [a["source"] for a in article["attributions"]]
            phrases += article.get("unattributed_claims", [])
            for phrase in phrases:
                for s, e in _sentences_of(doc, phrase):
                    assert not any(bs < e and s < be for bs, be in found), text[s:e]

    def test_trailer_appeals_sit_in_the_trailer(self, seed_gold, seed_texts):
        """The appeal run at the end of an article is recorded as its trailer."""
        for article in seed_gold["articles"]:
            found = promo_blocks(run(seed_texts[article["file"]]))
            last = seed_texts[article["file"]].rstrip()
            for b in found:
                if last.endswith(b.text):
                    assert b.details["position"] == "trailer"

    def test_comparison_of_promotional_share(self, seed_gold, seed_texts):
        """The seed the gold says has more promotional text has the larger share."""
        for comparison in seed_gold["comparisons"]:
            if comparison["measure"] != "promotional share":
                continue
            more = comparison["more"]
            other = next(a["file"] for a in seed_gold["articles"] if a["file"] != more)
            assert run(seed_texts[more]).value > run(seed_texts[other]).value


# ---- properties ------------------------------------------------------------------------------

APPEAL = "Support us today for as little as $1."

NEUTRAL_TEXT = (
    "council mayor budget bridge river court judge voters election minister capital "
    "officials police roads taxes village harbour wheat prices weather storm hospital school "
    "teachers farmers union factory railway station province border troops talks treaty "
    "monday tuesday morning evening april june three seven hundred million percent "
    "met discussed approved rejected voted opened closed crossed raised lowered delayed "
    "new old local regional national annual quiet long short wet dry northern southern "
    "the a an of in on at for with from by and but after before during near across"
)
NEUTRAL_WORDS = NEUTRAL_TEXT.split()


@st.composite
def neutral_prose(draw: st.DrawFn) -> str:
    """Reporting-like paragraphs built only from words in no lexicon entry."""
    paras = []
    for _ in range(draw(st.integers(1, 5))):
        sents = []
        for _ in range(draw(st.integers(1, 4))):
            words = draw(st.lists(st.sampled_from(NEUTRAL_WORDS), min_size=1, max_size=14))
            s = " ".join(words)
            sents.append(s[0].upper() + s[1:] + draw(st.sampled_from([".", "!", "?", ":", ""])))
        paras.append(" ".join(sents))
    return draw(st.sampled_from(["\n\n", "\n", "\r\n"])).join(paras)


def test_neutral_vocabulary_has_no_lexicon_match():
    """The neutral vocabulary used by the property below matches no promotional entry."""
    matcher = LEXICONS.matcher("promotional")
    text = " ".join(NEUTRAL_WORDS)
    assert [(m.entry.qualified_id, m.start) for m in matcher.finditer(text, overlapping=True)] == []


class TestProperties:
    @given(texts)
    @example("Related:\n\nA Headline Here Now\n\nFollow us on Twitter.\n\nRelated:")
    @example("<tweet id=1>\n\n<tweet id=2>\n\n</tweet>")
    @example("“Follow us.\n\n“Follow us on Twitter.")
    def test_blocks_never_overlap_and_spans_are_exact(self, text):
        """Blocks are disjoint, sorted, in range and equal to the text they claim."""
        r = run(text)
        found = blocks(r)
        for a, b in itertools.pairwise(found):
            assert a.end <= b.start
        for e in r.evidence:
            assert 0 <= e.start < e.end <= len(text)
            assert text[e.start : e.end] == e.text
            assert e.label in (*BLOCK_KINDS, "puffery")

    @given(texts)
    def test_flagged_characters_never_exceed_the_text(self, text):
        """Promotional and embedded characters together are at most the article's characters."""
        r = run(text)
        if r.value is None:
            return
        flagged = r.inputs["promotional_chars"] + r.inputs["embedded_post_chars"]
        assert flagged <= r.inputs["chars"] <= len(text)
        assert 0 <= r.value <= 1

    @given(texts)
    def test_deterministic(self, text):
        """Two runs over the same text give the same result."""
        assert run(text) == run(text)

    @given(texts)
    @example("")
    @example("Related:")
    @example("\u201cAn open quotation")
    def test_appending_an_appeal_raises_the_share(self, text):
        """Appending a known appeal paragraph raises the promotional share (unless it is 1)."""
        before = run(text).value
        after = run(text + "\n\n" + APPEAL + "\n").value
        assert after is not None and after > 0
        if before is not None and before < 1:
            assert after > before

    @given(neutral_prose())
    def test_reporting_prose_without_lexicon_terms_is_never_flagged(self, text):
        """Prose made of words in no lexicon entry yields no evidence at all."""
        assert run(text).evidence == ()


# ---- texts without paragraph breaks ----------------------------------------------------------

INLINE_POSTS = [
    "Here is what he wrote today pic.twitter.com/AbC123 — Ana Ruiz (@anaruiz) September 1, 2016",
    "We will rebuild. pic.twitter.com/AbC123 — Ana Ruiz (@anaruiz) September 1, 2016",
    "We will rebuild, stronger than ever. — Ana Ruiz (@anaruiz) Sept. 1, 2016.",
    "Thoughts are with the victims pic.twitter.com/AbC123",
]
REPORT = (
    "The mayor said the bridge would reopen on Monday after repairs. "
    "Officials told reporters the cost had doubled since spring. "
)


@st.composite
def one_paragraph_articles(draw: st.DrawFn) -> tuple[str, str]:
    """A one-line article of at least 100 words with one embedded post inline: (text, post)."""
    from tests.strategies import CLAIMS, CUES, NAMES, ROLES

    parts: list[str] = []
    while sum(len(p.split()) for p in parts) < 100:
        who, cue, claim = (draw(st.sampled_from(x)) for x in (NAMES + ROLES, CUES, CLAIMS))
        parts.append(draw(st.sampled_from([f"{who} {cue} {claim}.", f"“{claim},” {who} {cue}."])))
    post = draw(st.sampled_from(INLINE_POSTS))
    parts.insert(draw(st.integers(1, len(parts))), post)
    return " ".join(parts), post


class TestWithoutParagraphBreaks:
    @pytest.mark.parametrize("post", INLINE_POSTS)
    def test_an_inline_post_is_the_post_not_the_paragraph(self, post):
        """In a one-paragraph article an embedded post's block is the post and nothing more."""
        text = REPORT * 6 + post + " " + REPORT * 6
        found = blocks(run(text))
        assert [(b.label, b.text) for b in found] == [("embedded_post", post)]
        assert found[0].details["unit"] == "sentence"

    @pytest.mark.parametrize("closed", [True, False])
    def test_scraper_markup_in_one_paragraph_is_the_post(self, closed):
        """Inline <tweet> markup in a one-paragraph article blocks the post, not the article."""
        post = "<tweet>We will rebuild. — Ana Ruiz (@anaruiz) September 1, 2016</tweet>"
        if not closed:
            post = post.removesuffix("</tweet>")
        text = REPORT * 6 + post + " " + REPORT * 6
        found = blocks(run(text))
        assert [b.label for b in found] == ["embedded_post"]
        assert found[0].details["unit"] == "sentence"
        assert post.split(" — ")[0] in found[0].text
        assert len(found[0].text) < len(post) + 200  # the post, not the paragraph
        assert REPORT.strip() not in found[0].text

    def test_a_short_paragraph_holding_a_post_is_still_the_post(self):
        """A paragraph no longer than a post is taken whole, as before."""
        post = "Stay safe everyone pic.twitter.com/AbC123 — Ana Ruiz (@anaruiz) May 1, 2016"
        found = blocks(run(f"{REPORT}\n\nA line before. {post}\n\n{REPORT}"))
        assert [b.text for b in found] == [f"A line before. {post}"]

    def test_a_long_paragraph_of_address_is_not_one_block(self):
        """Beyond max_block_sentences, one appeal flags its sentence, not the whole paragraph."""
        you = "You should know that the council voted on Monday. "
        text = you * 10 + "Please donate to keep our newsroom running."
        found = promo_blocks(run(text))
        assert [b.text for b in found] == ["Please donate to keep our newsroom running."]

    @given(one_paragraph_articles())
    def test_an_article_always_keeps_a_body(self, case):
        """In a one-line article of 100 words, only the post's own sentences are a block."""
        text, post = case
        at = text.index(post)
        doc = Document.from_text(text)
        found = blocks(SCORER.score(doc, {}))
        for s, e in doc.sentences:
            if e <= at or s >= at + len(post):
                assert not any(b.start < e and s < b.end for b in found), text[s:e]


# ---- related content in plain text -----------------------------------------------------------

HEADLINES = [
    "Council approves new budget for roads",
    "River levels rise after the storm",
    "Five bridges to watch this winter",
    "Is the ferry service coming back?",
]
TITLE_CASE = [
    "Council Approves New Budget For Roads",
    "River Levels Rise After Storm",
    "Five Bridges To Watch This Winter",
]


class TestRelatedContent:
    @pytest.mark.parametrize(
        "heading",
        ["Most Read", "More from BBC News", "Recommended", "You may also like", "News latest"],
    )
    def test_headlines_under_a_heading_are_link_outs(self, heading):
        """Short lines without closing punctuation under a related heading are link-outs."""
        text = "\n\n".join([PROSE, PROSE, heading, *HEADLINES])
        found = blocks(run(text))
        assert [b.text for b in found] == [heading, *HEADLINES]
        assert {b.label for b in found} == {"link_out"}
        assert {b.rule for b in found[1:]} == {"promotional.link_list"}

    def test_the_list_stops_at_prose(self):
        """A paragraph with closing punctuation not followed by a headline ends the list."""
        text = "\n\n".join([PROSE, "Most Read", HEADLINES[0], PROSE, PROSE, HEADLINES[1]])
        assert [b.text for b in blocks(run(text))] == ["Most Read", HEADLINES[0]]

    def test_a_long_paragraph_is_never_a_teaser(self):
        """A paragraph longer than max_teaser_chars ends the list even before a headline."""
        long_prose = " ".join([PROSE] * 5)
        text = "\n\n".join([PROSE, "Most Read", HEADLINES[0], long_prose, HEADLINES[1]])
        assert [b.text for b in blocks(run(text))] == ["Most Read", HEADLINES[0]]

    def test_a_closing_run_of_title_case_headlines_is_a_list(self):
        """Three title-case headline lines in a row, with no heading, are link-outs."""
        found = blocks(run("\n\n".join([PROSE, PROSE, *TITLE_CASE])))
        assert [b.text for b in found] == TITLE_CASE
        assert {b.rule for b in found} == {"promotional.headline_run"}

    def test_a_table_of_contents_is_not_a_list(self):
        """Headline lines that come back later as section headings are a table of contents."""
        contents = [f"{i}. {t}" for i, t in enumerate(TITLE_CASE, 1)]
        sections = [part for t in TITLE_CASE for part in (f"{t} [edit]", PROSE)]
        assert blocks(run("\n\n".join([PROSE, *contents, *sections]))) == []
        # The same lines repeated later as a list of links (no prose under them) still are one.
        found = blocks(run("\n\n".join([PROSE, PROSE, *TITLE_CASE, PROSE, *TITLE_CASE])))
        assert [b.text for b in found] == TITLE_CASE * 2

    def test_subheadings_and_short_runs_are_not_lists(self):
        """A subheading between paragraphs, or two headline lines, are not link-outs."""
        text = "\n\n".join([PROSE, TITLE_CASE[0], PROSE, *TITLE_CASE[1:]])
        assert blocks(run(text)) == []

    def test_sentence_case_lines_without_a_heading_are_not_lists(self):
        """Without a heading, lines must be in title case to count as a list of headlines."""
        assert blocks(run("\n\n".join([PROSE, *HEADLINES]))) == []

    @given(st.lists(st.sampled_from(TITLE_CASE + HEADLINES), max_size=2), st.integers(1, 6))
    def test_prose_with_scattered_headlines_keeps_its_body(self, lines, n):
        """Headline lines scattered one at a time between prose paragraphs are never blocks."""
        paras: list[str] = []
        for i in range(n):
            paras.append(PROSE)
            if i < len(lines):
                paras.append(lines[i])
        paras.append(PROSE)
        assert blocks(run("\n\n".join(paras))) == []

    def test_a_teaser_between_two_headlines_continues_the_list(self):
        """A short teaser paragraph between two listed headlines is part of the list."""
        teaser = "The council said the plan would cost more than expected."
        text = "\n\n".join([PROSE, "Most Read", HEADLINES[0], teaser, HEADLINES[1], PROSE])
        assert [b.text for b in blocks(run(text))] == [
            "Most Read",
            HEADLINES[0],
            teaser,
            HEADLINES[1],
        ]

    def test_one_word_items_and_list_numbers_under_a_heading(self):
        """Under a heading, one capitalised word is an item and a bare list number is skipped."""
        text = "\n\n".join(
            [PROSE, PROSE, "Related blogs", "Hackerspace", "Vitals", "1.", HEADLINES[0], PROSE]
        )
        found = blocks(run(text))
        assert [b.text for b in found] == ["Related blogs", "Hackerspace", "Vitals", HEADLINES[0]]

    def test_one_word_lines_without_a_heading_are_not_lists(self):
        """One-word lines are items only under a heading: alone they are subheadings."""
        text = "\n\n".join([PROSE, "Hackerspace", "Vitals", "Workshop", "Skillet", PROSE])
        assert blocks(run(text)) == []

    def test_a_closing_run_in_sentence_case_is_a_list(self):
        """Five or more headline lines in any case, with no prose after them, are link-outs."""
        lines = [*HEADLINES, "Ferry fares to rise in the spring", "Two roads close for repairs"]
        text = "\n\n".join([PROSE, PROSE, *lines, "Weather and traffic"])
        found = blocks(run(text))
        assert [b.text for b in found] == [*lines, "Weather and traffic"]
        assert {b.rule for b in found} == {"promotional.closing_run"}

    def test_prose_inside_a_later_block_means_the_run_does_not_close_the_text(self):
        """Prose after five headline lines stops them closing the text, though it sits in a
        block of its own (a teaser's summary under a "Most Read" heading)."""
        lines = [*HEADLINES, "Ferry fares to rise in the spring", "Two roads close for repairs"]
        teaser = (
            "Engineers say the old bridge over the river will need new bearings before the "
            "winter, and the council has not yet found the money."
        )
        closing = "\n\n".join([PROSE, PROSE, *lines, "Weather and traffic"])
        assert {b.rule for b in blocks(run(closing))} == {"promotional.closing_run"}
        text = "\n\n".join([PROSE, PROSE, *lines, "Most Read", HEADLINES[0], teaser, TITLE_CASE[1]])
        found = blocks(run(text))
        assert "promotional.closing_run" not in {b.rule for b in found}
        assert [b.text for b in found] == ["Most Read", HEADLINES[0], teaser, TITLE_CASE[1]]

    def test_lines_the_markup_calls_headings_never_close_a_run(self):
        """In a web page's text, headings (then formulas, say) are not a closing list of links."""
        lines = [*HEADLINES, "Ferry fares to rise in the spring", "Two roads close for repairs"]
        base = Document.from_text("\n\n".join([PROSE, PROSE, *lines]))
        marks = [MarkupBlock(s, e, "head") for s, e in base.paragraphs[2:]]
        page = PageDocument(
            base.text, None, None, base.paragraphs, base.sentences, base.quotations,
            markup=tuple(MarkupBlock(s, e, "p") for s, e in base.paragraphs[:2]) + tuple(marks),
        )  # fmt: skip
        assert len(blocks(SCORER.score(base, {}))) == len(lines)
        assert blocks(SCORER.score(page, {})) == []

    def test_credit_lines_neither_make_nor_break_a_headline_run(self):
        """Bylines and picture credits are title case but not headlines: they never make a run,
        and inside a run of headlines they neither count nor end it."""
        credits = ["By Ana Ruiz", "CreditJo Park for The Daily Post", "Kim Lee/Getty Images"]
        text = "\n\n".join([PROSE, credits[0], credits[1], TITLE_CASE[0], credits[2], PROSE])
        assert blocks(run(text)) == []
        lines = [TITLE_CASE[0], credits[0], TITLE_CASE[1], TITLE_CASE[2], credits[2]]
        found = blocks(run("\n\n".join([PROSE, PROSE, *lines, PROSE])))
        assert [b.text for b in found] == lines[:4]
        assert {b.rule for b in found} == {"promotional.headline_run"}

    def test_a_numbered_list_resuming_after_a_link_box_ends_the_box(self):
        """Under a header inside a list of tips, the next tip ('3. …') is the article again."""
        tips = ["1. Check the lock", PROSE, "2. Keep the window shut", PROSE]
        after = ["3. Beware the hairdryer", "It holds the most germs in the room."]
        text = "\n\n".join([PROSE, *tips, "Read more", HEADLINES[0], HEADLINES[1], *after])
        assert [b.text for b in blocks(run(text))] == ["Read more", HEADLINES[0], HEADLINES[1]]
        unnumbered = "\n\n".join([PROSE, "Read more", HEADLINES[0], "3. Beware the hairdryer"])
        assert len(blocks(run(unnumbered))) == 3  # without tips before, a numbered item is an item

    def test_a_sentence_case_run_followed_by_prose_is_not_a_list(self):
        """A run of headline lines in sentence case that prose follows is body (a list, notes)."""
        lines = [*HEADLINES, "Ferry fares to rise in the spring", "Two roads close for repairs"]
        text = "\n\n".join([PROSE, *lines, PROSE])
        assert blocks(run(text)) == []


# ---- shapes: the scorer's patterns and thresholds are rows of its lexicon --------------------


SHAPES = Shapes.of(LEXICONS, "promotional")
SHAPE_ROWS = list(SHAPES.rows.values())


class TestShapes:
    @pytest.mark.parametrize("row", [r for r in SHAPE_ROWS if r.use != "run"], ids=lambda r: r.id)
    def test_every_example_runs(self, row: Shape):
        """Every row's examples are accepted or rejected as the scorer applies the shape.

        A shape of a run of lines (``closing_run``) is tested through the scorer above.
        """
        for case in row.matches:
            assert SHAPES.accepts(row.shape, case), (row.id, case)
        for case in row.non_matches:
            assert not SHAPES.accepts(row.shape, case), (row.id, case)

    def test_every_known_shape_has_a_row_with_examples(self):
        """The lexicon defines every shape the scorer reads, and each row has examples."""
        assert set(SHAPES.rows) == set(SHAPE_NAMES)
        for row in SHAPE_ROWS:
            if row.use != "run":
                assert row.matches, row.id

    def test_every_row_is_read_by_the_scorer(self):
        """Each shape is named in the scorer's code beyond its schema (no row goes unread)."""
        source = inspect.getsource(promotional)
        for row in SHAPE_ROWS:
            assert source.count(f'"{row.shape}"') >= 2, row.shape

    def test_an_unknown_or_missing_shape_is_a_lexicon_error(self, tmp_path):
        """A row naming an unknown shape, or a family missing one, fails naming the file."""
        raw = (shipped_dir() / "promotional.toml").read_text("utf-8")
        bad = tmp_path / "promotional.toml"
        bad.write_text(raw.replace('shape = "word_start"', 'shape = "word_begin"'), "utf-8")
        with pytest.raises(LexiconError, match=r"rows\[\d+\]\.shape"):
            PromotionalScorer(LexiconSet([load_lexicon(bad)]))
        gone = tmp_path / "gone.toml"
        row = re.compile(r'\[\[rows\]\]\nid = "word_start".*?(?=\n\[\[rows\]\])', re.DOTALL)
        gone.write_text(row.sub("", raw), "utf-8")
        with pytest.raises(LexiconError, match="no row defines the shape 'word_start'"):
            PromotionalScorer(LexiconSet([load_lexicon(gone)]))

    @pytest.mark.parametrize(
        ("old", "new", "field"),
        [
            ("min_lines = 5", 'min_lines = "five"', r"rows\[\d+\]\.min_lines"),
            ('closing = ".,;:"', "closing = 4", r"rows\[\d+\]\.closing"),
            ('cites = ["chicago_headline_style"]', 'cites = ["nobody"]', r"rows\[\d+\]\.cites"),
            ('shape = "word_start"\n', 'shape = "word_start"\nsize = 3\n', r"rows\[\d+\]\.size"),
            ("pattern = '''\\s+(?=\\S)'''", "pattern = '''\\s+(?=\\S'''", r"rows\[\d+\]\.pattern"),
        ],
    )
    def test_a_bad_field_is_a_lexicon_error_naming_the_row(self, tmp_path, old, new, field):
        """A wrong-typed threshold, an unknown cite or field, or a broken regex names its row."""
        raw = (shipped_dir() / "promotional.toml").read_text("utf-8")
        assert old in raw
        bad = tmp_path / "promotional.toml"
        bad.write_text(raw.replace(old, new, 1), "utf-8")
        with pytest.raises(LexiconError, match=field):
            PromotionalScorer(LexiconSet([load_lexicon(bad)]))

    def test_an_extending_lexicon_may_redefine_a_shape(self, tmp_path):
        """A row in a lexicon that extends the family replaces the shipped row of its shape."""
        extra = tmp_path / "house.toml"
        extra.write_text(
            'id = "house"\nversion = "1"\ndescription = "d"\nlanguage = "en"\n'
            'license = "Apache-2.0"\nextends = "promotional"\n'
            '[[sources]]\ncitation = "Our own style guide."\n'
            '[[entries]]\nterm = "house ad"\nlabel = "interface"\n'
            '[[rows]]\nid = "short_closing_run"\nshape = "closing_run"\nuse = "run"\n'
            'min_lines = 3\nprose_min_words = 10\nprose_closing = ".!?"\n',
            "utf-8",
        )
        house = PromotionalScorer(LexiconSet.default([extra]))
        assert Shapes.of(house.lexicons, "promotional")["closing_run"].number("min_lines") == 3
        text = "\n\n".join([PROSE, PROSE, *HEADLINES[:3]])
        assert blocks(run(text)) == []
        assert [b.text for b in blocks(run(text, house))] == HEADLINES[:3]


class TestNoEntryIds:
    ARTICLE = (
        f'{PROSE}\n\n<tweet id="1" author="@x">\n\nSign up for our newsletter'
        f"\n\n— X (@x) May 1, 2016</tweet>.\n\n{PROSE}\n\nMost Read\n\n" + "\n\n".join(HEADLINES)
    )

    def test_renaming_every_entry_and_row_id_changes_nothing_but_the_names(self, tmp_path):
        """The scorer reads labels and shapes, never ids: renamed ids give the same blocks."""
        raw = (shipped_dir() / "promotional.toml").read_text("utf-8")
        head, body = raw.split("[[entries]]", 1)
        renamed = (
            head + "[[entries]]" + re.sub(r'(?m)^id = "([a-z0-9_\-]+)"$', r'id = "x_\1"', body)
        )
        assert renamed.count('id = "x_') > 20 and 'id = "x_post_markup_open"' in renamed
        path = tmp_path / "promotional.toml"
        path.write_text(renamed, "utf-8")
        other = PromotionalScorer(LexiconSet([load_lexicon(path)]))

        def shape(result: ScoreResult):
            return [(e.label, e.span, e.rule.replace(":x_", ":")) for e in result.evidence]

        for text in (self.ARTICLE, *(t for t, _, _ in SHOULD_FLAG)):
            assert shape(run(text, other)) == shape(run(text)), text
