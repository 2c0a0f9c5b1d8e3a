"""The Document: verbatim text, paragraphs, sentences, words and quotation regions."""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from reliability import document
from reliability.document import BLANK_CHARS, Abbreviations, Document, _word_before, is_blank
from tests.strategies import articles, texts


def sents(text: str) -> list[str]:
    doc = Document.from_text(text)
    return [doc.slice(s) for s in doc.sentences]


def quotes(text: str) -> list[str]:
    doc = Document.from_text(text)
    return [text[q.start : q.end] for q in doc.quotations]


class TestSentences:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("He left. She stayed.", ["He left.", "She stayed."]),
            (
                "U.S. officials met Mr. Smith on Jan. 5 in Washington. Talks ended.",
                ["U.S. officials met Mr. Smith on Jan. 5 in Washington.", "Talks ended."],
            ),
            (
                "Gen. Mark Milley spoke. Sen. Jo Park did not.",
                ["Gen. Mark Milley spoke.", "Sen. Jo Park did not."],
            ),
            (
                "He moved to the U.S. The move was quick.",
                ["He moved to the U.S.", "The move was quick."],
            ),
            (
                "No reports have surfaced so far.Also Read - Crisis deepens",
                ["No reports have surfaced so far.", "Also Read - Crisis deepens"],
            ),
            (
                "Kabul: The president fled. Officials said so.",
                ["Kabul: The president fled.", "Officials said so."],
            ),
            (
                "WASHINGTON (Reuters) - The Senate voted. It passed.",
                ["WASHINGTON (Reuters) - The Senate voted.", "It passed."],
            ),
            (
                "\"That's it. It's over,\" a US official said.",
                ["\"That's it.", "It's over,\" a US official said."],
            ),
            (
                "Headline without a stop\nBody starts here. It ends.",
                ["Headline without a stop", "Body starts here.", "It ends."],
            ),
            (
                "Prices rose 3.5 percent. Really?! Yes… Then more.",
                ["Prices rose 3.5 percent.", "Really?!", "Yes…", "Then more."],
            ),
            ("J. K. Rowling wrote it. She agreed.", ["J. K. Rowling wrote it.", "She agreed."]),
            (
                "The talks, e.g. those in Doha, failed. Next.",
                ["The talks, e.g. those in Doha, failed.", "Next."],
            ),
        ],
    )
    def test_examples(self, text, expected):
        """Sentences split at terminal punctuation but not after abbreviations or initials."""
        assert sents(text) == expected

    def test_crlf_tabs_nbsp_zero_width_and_emoji(self):
        """Line breaks of every kind end paragraphs; odd spaces and emoji stay in place."""
        text = "\ufeffFirst line 🙂\r\n\u200bSecond\u00a0line.\tMore here.\u2029Third"
        doc = Document.from_text(text)
        assert [doc.slice(p) for p in doc.paragraphs] == [
            "First line 🙂",
            "Second\u00a0line.\tMore here.",
            "Third",
        ]
        assert sents(text)[1:3] == ["Second\u00a0line.", "More here."]

    def test_hard_wrapped_lines_join_a_paragraph(self):
        """A line ending mid-sentence followed by a lower-case line continues the paragraph."""
        doc = Document.from_text("The minister said the\nbridge would reopen.\nNew paragraph.")
        assert [doc.slice(p) for p in doc.paragraphs] == [
            "The minister said the\nbridge would reopen.",
            "New paragraph.",
        ]

    def test_custom_abbreviations(self):
        """A caller's abbreviations replace the shipped ones."""
        text = "See Fig. Two shows it."
        default = [Document.from_text(text).slice(s) for s in Document.from_text(text).sentences]
        assert default == ["See Fig. Two shows it."]
        doc = Document.from_text(text, abbreviations=Abbreviations())
        assert [doc.slice(s) for s in doc.sentences] == ["See Fig.", "Two shows it."]

    def test_very_long_line(self):
        """A single line of many sentences is split and covered."""
        text = "Word after word goes on. " * 5000
        doc = Document.from_text(text)
        assert len(doc.sentences) == 5000


class TestQuotations:
    def test_curly_and_straight(self):
        """Curly and straight double quotes pair into regions."""
        assert quotes('He said “yes” and "no".') == ["“yes”", '"no"']

    def test_two_apostrophes_as_double_quotes(self):
        """Archive-style ''…'' quotations pair like double quotes; apostrophes do not."""
        text = "''We finally may be seeing it,'' the economist said. It's ''odd.''"
        assert quotes(text) == ["''We finally may be seeing it,''", "''odd.''"]
        doc = Document.from_text(text)
        assert text[doc.quotations[0].content_start : doc.quotations[0].content_end] == (
            "We finally may be seeing it,"
        )

    def test_unbalanced_is_tolerated(self):
        """An unclosed quotation ends with its paragraph; a stray closing mark is ignored."""
        text = "He said “never again.\nNext para” here."
        doc = Document.from_text(text)
        assert quotes(text) == ["“never again."]
        assert not doc.quotations[0].closed

    def test_quotation_across_paragraphs(self):
        """An opening mark on each paragraph and one closing mark make one region."""
        text = "“First part of the quote.\n\n“Second part,” she said."
        doc = Document.from_text(text)
        assert len(doc.quotations) == 1
        q = doc.quotations[0]
        assert (q.paragraphs, q.closed) == (2, True)
        assert text[q.start : q.end] == text[: text.index("”") + 1]

    def test_single_quotes_unambiguous_only(self):
        """Single-quote quotations pair; apostrophes and elisions do not."""
        assert quotes("The ‘peaceful surrender’ was Ghani’s idea, in the '90s.") == [
            "‘peaceful surrender’"
        ]
        assert quotes("It's the ministers' plan and rock 'n' roll.") == []

    def test_nested_single_inside_double(self):
        """A single-quoted phrase inside a double quotation is nested one level deep."""
        text = "“They called it ‘a surrender’ today,” he said."
        doc = Document.from_text(text)
        assert [(q.marks, q.depth) for q in doc.quotations] == [("double", 0), ("single", 1)]
        inner = text.index("a surrender")
        assert doc.quotation_at(inner).marks == "single"
        assert doc.quotation_at(text.index("today")).marks == "double"
        assert doc.quotation_at(text.index("he said")) is None


class TestLookups:
    def test_sentence_and_paragraph_index(self):
        """Offsets map to the sentence and paragraph that contain them, and gaps to None."""
        text = "One. Two.\n\nThree."
        doc = Document.from_text(text)
        assert doc.sentence_index(text.index("Two")) == 1
        assert doc.sentence_index(4) is None  # the space between sentences
        assert doc.paragraph_index(text.index("Three")) == 1
        assert list(doc.sentences_in(0, len(text))) == [0, 1, 2]

    def test_rejects_non_text(self):
        """Bytes are refused with a TypeError naming the type."""
        with pytest.raises(TypeError, match="bytes"):
            Document.from_text(b"abc")  # type: ignore[arg-type]

    def test_blank_chars_match_isspace(self):
        """BLANK_CHARS is exactly str.isspace() plus the zero-width characters."""
        expected = {chr(c) for c in range(0x110000) if chr(c).isspace()} | set(
            "\u200b\u200c\u200d\u2060\ufeff"
        )
        assert set(BLANK_CHARS) == expected
        assert all(is_blank(c) for c in BLANK_CHARS)


def _check_invariants(text: str) -> Document:
    doc = Document.from_text(text)
    assert doc.text is text
    n = len(text)
    for segs in (doc.paragraphs, doc.sentences, doc.words):
        for s, e in segs:
            assert 0 <= s < e <= n
        assert list(segs) == sorted(segs)
        for (_, e1), (s2, _) in itertools.pairwise(segs):
            assert e1 <= s2  # ordered and non-overlapping
    for s, e in (*doc.paragraphs, *doc.sentences):
        assert not is_blank(text[s]) and not is_blank(text[e - 1])  # trimmed
    covered = bytearray(n)
    for s, e in doc.sentences:
        covered[s:e] = b"\x01" * (e - s)
        assert doc.paragraph_index(s) == doc.paragraph_index(e - 1) is not None
    assert all(covered[i] or is_blank(text[i]) for i in range(n))
    for q in doc.quotations:
        assert 0 <= q.start < q.content_start <= q.content_end <= q.end <= n
    outer = [q for q in doc.quotations if q.depth == 0]
    for a, b in itertools.pairwise(outer):
        assert a.end <= b.start
    for q in doc.quotations:
        if q.depth == 1:
            parents = [p for p in outer if p.content_start <= q.start and q.end <= p.content_end]
            assert len(parents) == 1
    return doc


class TestProperties:
    @given(texts)
    @example("“")
    @example('"a" "')
    @example("a.\u2029\u200b")
    @example("“A.\n“B.\n“C”")
    @example("x\r\n\r\ny")
    @example('‘a“"a’')  # a single-quoted pair around a whole double quotation
    def test_segments_in_range_trimmed_ordered_and_covering(self, text):
        """Every segment is in range and trimmed; sentences cover every non-blank character."""
        _check_invariants(text)

    @given(articles())
    def test_news_like_articles(self, text):
        """News-like articles keep every invariant and every quotation is well nested."""
        _check_invariants(text)

    @given(texts)
    def test_deterministic(self, text):
        """Building a Document twice gives the same segments."""
        a, b = Document.from_text(text), Document.from_text(text)
        assert (a.paragraphs, a.sentences, a.quotations, a.words) == (
            b.paragraphs,
            b.sentences,
            b.quotations,
            b.words,
        )

    @given(st.lists(st.sampled_from(['"', "“", "”", "‘", "’", "'", "a", " ", "\n"]), max_size=300))
    @example(["‘", "a", "“", '"', "a", "’"])  # a single-quoted pair around a whole double one
    def test_unbalanced_quotes_never_crash(self, chars):
        """Any sequence of quotation marks gives well-nested regions."""
        _check_invariants("".join(chars))


@given(
    st.text(alphabet=st.sampled_from([*"aZ9_.'’- ,\"", "é", "Ⅻ", "\u0301", "·"]), max_size=60),
    st.integers(0, 60),
    st.integers(0, 60),
)
def test_word_before_a_period_is_what_its_regex_finds(text, a, b):
    """The backward scan for the word before a period equals ``[\\w.'’-]+$`` searched in the
    window (``\\w`` is ``str.isalnum`` plus the underscore)."""
    a, b = a % (len(text) + 1), b % (len(text) + 1)
    lo, end = min(a, b), max(a, b)
    m = re.search(r"[\w.'’\-]+$", text[lo:end])
    assert _word_before(text, lo, end) == (end if m is None else lo + m.start())


_MARKS_AND_BREAKS = st.text(
    alphabet=st.sampled_from(
        [*"aZz.!?…'`\"“”„‟«» ,)]\r\n\v\f", "\x1c", "\x85", "\u2028", "\u2029", "\u00a0"]
    ),
    max_size=80,
)


@pytest.mark.parametrize(
    ("fast", "plain"),
    [
        ("_LINE_BREAK", r"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]"),
        ("_DOUBLE_MARKS", "''|``|[\"“”„‟«»]"),
    ],
)
@given(text=_MARKS_AND_BREAKS)
def test_class_first_patterns_match_their_plain_forms(fast, plain, text):
    """Each segmentation pattern rewritten to open with a character class finds exactly what its
    plain alternation finds."""
    spans = [m.span() for m in getattr(document, fast).finditer(text)]
    assert spans == [m.span() for m in re.finditer(plain, text)]


@given(_MARKS_AND_BREAKS, st.integers(0, 80), st.integers(0, 80))
def test_boundaries_equal_the_boundary_pattern_everywhere(text, a, b):
    """Trying the sentence-boundary pattern only at terminal marks finds what ``finditer`` finds,
    in any range."""
    a, b = a % (len(text) + 1), b % (len(text) + 1)
    start, end = min(a, b), max(a, b)
    got = [m.span() for m in document._boundaries(text, start, end)]
    assert got == [m.span() for m in document._BOUNDARY.finditer(text, start, end)]


@given(
    st.one_of(
        st.text(alphabet=st.sampled_from([*"aZ9_.'’- -\n", "é", "\u0301", "·"]), max_size=60),
        texts,
    )
)
@example("U.S.-led co-op's '90s a.b.c. x--y x.-y ’tis")
def test_possessive_word_scan_finds_the_word_pattern(text):
    """The Document's word scan (possessive quantifiers) finds exactly the spans of
    ``WORD_PATTERN``."""
    assert [m.span() for m in document._WORD_SCAN.finditer(text)] == [
        m.span() for m in document.WORD_PATTERN.finditer(text)
    ]
    assert Document.from_text(text).words == tuple(
        m.span() for m in document.WORD_PATTERN.finditer(text)
    )
