"""Regex analysis behind the fast lexicon matcher: leading literals and character tries."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from reliability._regex import (
    can_match_empty,
    leading_literals,
    normalize_space,
    prefix_union,
    required_literal,
    split_alternation,
    trie_first_regex,
    trie_regex,
)
from reliability.lexicon import LexiconSet
from tests.reference import reference_matches

LEXICONS = LexiconSet.default()


class TestLeadingLiterals:
    @pytest.mark.parametrize(
        ("regex", "expected"),
        [
            (r"(?<!\w)also\s+read(?!\w)", {"also read"}),
            (r"(?<!\w)sign(?:ing)?[-\s]?up", {"sign", "signing", "signup", "signingup"}),
            (r"(?:for\s+)?(?:as|just)\s+\$", {"for as $", "for just $", "as $", "just $"}),
            (r"pic\.twitter\.com/\w+", {"pic.twitter.com/"}),
            (r"(?-i:May)\s+\d", {"may "}),
            (r"[A-Z]\w+", None),
            (r"\w*x", None),
            (
                r"(?:aa|bb|cc|dd|ee|ff|gg|hh)(?:aa|bb|cc|dd|ee|ff|gg|hh)(?:aa|bb|cc|dd|ee|ff|gg|hh)",
                {x * 2 + y * 2 for x in "abcdefgh" for y in "abcdefgh"},
            ),
        ],
    )
    def test_examples(self, regex, expected):
        """Leading literals begin every match, stop at the first non-literal, or are None."""
        got = leading_literals(regex)
        assert (None if got is None else set(got)) == expected

    # A transcript entry ("Name: …") is tried only at paragraph starts by the attribution
    # extractor, never through the literal scan, so it needs no leading literal.
    @given(
        st.sampled_from([e for lex in LEXICONS for e in lex.entries if e.label != "transcript"]),
        st.text(max_size=30),
    )
    def test_every_match_begins_with_a_literal(self, entry, noise):
        """For every shipped entry, each match of its regex begins with one of its literals."""
        literals = leading_literals(entry.regex())
        assert literals is not None, f"{entry.qualified_id} is not indexed"
        sample = (entry.term or "") + " " + noise
        flags = 0 if entry.case_sensitive else re.IGNORECASE
        for m in re.finditer(entry.regex(), sample, flags):
            head = normalize_space(sample[m.start() : m.start() + 200])
            assert any(head.startswith(lit) for lit in literals)


class TestTrie:
    @given(
        st.lists(st.text(alphabet="ab.", min_size=1, max_size=5), min_size=1, max_size=8),
        st.text(alphabet="ab.", max_size=30),
    )
    def test_trie_finds_the_longest_word_at_a_position(self, words, text):
        """At each position the trie matches the longest word that begins there, if any."""
        rx = re.compile(trie_regex(words))
        for pos in range(len(text) + 1):
            m = rx.match(text, pos)
            here = [w for w in words if text.startswith(w, pos)]
            assert (m.group() if m else None) == (max(here, key=len) if here else None)

    @given(
        st.lists(st.text(alphabet="ab. ", min_size=1, max_size=5), min_size=1, max_size=8),
        st.text(alphabet="ab. \n", max_size=30),
    )
    def test_first_characters_at_every_offset_where_a_word_begins(self, words, text):
        """The first-character pattern matches one character at each offset where a word
        begins, and with its group gives the longest word there (as the trie does)."""
        rx = re.compile(trie_first_regex(words))
        trie = re.compile(trie_regex(words))
        found = [(m.start(), m.end(), m[0] + m[m.lastindex]) for m in rx.finditer(text)]
        expected = [(p, p + 1, m.group()) for p in range(len(text)) if (m := trie.match(text, p))]
        assert found == expected

    def test_first_characters_need_words(self):
        """No words, or an empty one, have no first character to look for."""
        with pytest.raises(ValueError, match="no words"):
            trie_first_regex([])
        with pytest.raises(ValueError, match="empty"):
            trie_first_regex(["a", ""])

    def test_space_matches_any_run(self):
        """A space in a word matches any run of white space."""
        rx = re.compile(trie_regex(["also read"]))
        assert rx.match("also \n\t read").group() == "also \n\t read"
        assert normalize_space("Also \n\t Read") == "also read"


FRAGMENTS = [
    "Support us",
    "supporting us",
    "Also Read -",
    "ALSO READ:",
    "Follow Jane on Twitter",
    "we may earn a commission",
    "pic.twitter.com/x1",
    "(@ANI) August 15, 2021",
    "<tweet id=1>",
    "</tweet>",
    "legendary",
    "outstanding debt",
    "said",
    "you",
    "US",
    "us",
    "Sign-up",
    "signup",
    "İstanbul",
    "ß",
    "Related:",
    "[Video:",
    "donated",
    "Donate now",
    "as little as $5",
    "according to",
    "reportedly",
    "May 5",
    "it may",
    "if reports are to be believed",
]


@given(
    st.sampled_from(sorted({lex.family for lex in LEXICONS})),
    st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=8), max_size=12).map(" ".join),
    st.booleans(),
)
@example("promotional", "Sign-up now. İİ Support us", True)
@example("hedging", "In May it may rain, if reports are to be believed.", False)
def test_matcher_equals_reference_with_exceptions(family, text, overlapping):
    """Every shipped family's matcher gives the reference's matches, exceptions included."""
    matcher = LEXICONS.matcher(family)
    got = [(m.start, m.end, m.entry.id) for m in matcher.finditer(text, overlapping=overlapping)]
    assert got == reference_matches(matcher.entries, text, overlapping=overlapping)


@given(
    st.sampled_from(sorted({lex.family for lex in LEXICONS})),
    st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=8), max_size=12).map(" ".join),
    st.integers(0, 200),
    st.integers(0, 200),
)
def test_matcher_within_bounds(family, text, a, b):
    """Matching inside text[start:end] equals the reference run with the same bounds."""
    start, end = sorted((min(a, len(text)), min(b, len(text))))
    matcher = LEXICONS.matcher(family)
    got = [(m.start, m.end, m.entry.id) for m in matcher.finditer(text, start, end)]
    assert got == reference_matches(matcher.entries, text, start=start, end=end)


def test_prefix_union_gathers_what_every_prefix_stands_for():
    """A found literal stands for itself and every shorter literal that begins it."""
    table = {"a": {1}, "acc": {2}, "according to": {3}, "b": {4}}
    assert prefix_union(table, "according to") == {1, 2, 3}
    assert prefix_union(table, "ac") == {1}
    assert prefix_union(table, "x") == set()


@pytest.mark.parametrize("overlapping", [False, True])
def test_pattern_without_literals_gives_every_overlapping_match(overlapping):
    """An entry found by its regex alone (no leading literal) reports a match inside another one
    in overlapping mode, as the reference does (found by hypothesis: 'ALSO READ: Support us')."""
    matcher = LEXICONS.matcher("attribution_cues")
    text = "ALSO READ: Support us"
    got = [(m.start, m.end, m.entry.id) for m in matcher.finditer(text, overlapping=overlapping)]
    assert got == reference_matches(matcher.entries, text, overlapping=overlapping)
    assert (len([g for g in got if g[2] == "speaker_colon"]) > 1) is overlapping


class TestAlternation:
    @pytest.mark.parametrize(
        ("regex", "expected"),
        [
            (r"a|b(?:c|d)", ("", ("a", "b(?:c|d)"), "")),
            (
                r"(?<!\w)(?:a|[|)]\|b|(?:c|d)e)(?!\w)",
                (r"(?<!\w)", ("a", r"[|)]\|b", "(?:c|d)e"), r"(?!\w)"),
            ),
            (r"x(?:ab)(?:c|[]|]d)y", ("x(?:ab)", ("c", "[]|]d"), "y")),
            (r"(?:ab)+", None),
            (r"(a|b)", None),  # a capturing group
            (r"[a|b]c", None),
        ],
    )
    def test_examples(self, regex, expected):
        """The first top-level alternation is split into its own text, escapes and classes
        skipped; a regex with a capturing group is not split."""
        got = split_alternation(regex)
        assert (None if got is None else (got.prefix, got.options, got.suffix)) == expected

    @given(
        st.lists(
            st.sampled_from(["a", "b", r"\|", "[|]", "(?:a|b)", "c?", r"\s+"]),
            min_size=2,
            max_size=4,
        ),
        st.lists(st.sampled_from(["a", r"\w", "(?:b|c)"]), max_size=3),
        st.text(alphabet="ab| c", max_size=12),
    )
    def test_matches_where_an_alternative_does(self, options, suffix, text):
        """A regex matches at an offset exactly where one of its alternatives (with its prefix
        and suffix) matches there, and the split gives back the regex's text."""
        regex = r"(?<!x)(?:" + "|".join(options) + ")" + "".join(suffix)
        split = split_alternation(regex)
        assert split is not None
        assert f"{split.prefix}(?:{'|'.join(split.options)}){split.suffix}" == regex
        whole = re.compile(regex)
        parts = [re.compile(a) for a in split.alternatives()]
        for pos in range(len(text) + 1):
            assert (whole.match(text, pos) is not None) == any(p.match(text, pos) for p in parts)


class TestRequiredLiteral:
    @pytest.mark.parametrize(
        ("regex", "expected"),
        [
            (r"(?:\w+\s+)?Recommended(?:\s+by\s+\w+)?", "recommended"),
            (r"ab(?:cd)e+f", "abcd"),
            (r"(?:xy)+z", "xy"),
            (r"a?b", "b"),
            (r"(?=abc)x", "x"),  # a lookahead's text need not be in the match
            (r"(?:ab|cd)", None),
            (r"café", "caf"),
        ],
    )
    def test_examples(self, regex, expected):
        """The longest run of ASCII literals outside repeats that may be absent, branches and
        assertions."""
        assert required_literal(regex) == expected

    @given(
        st.sampled_from([r"(?:\w+\s+)?rec(?:\s+by)?", r"x(?:ab)+y?", r"(?:a|b)cd", r"[ab]?cd+e"]),
        st.text(alphabet="abcdexy rRECby", max_size=20),
    )
    def test_every_match_holds_it(self, regex, text):
        """Every match of the regex (case-insensitive) holds the literal in the lower-cased text."""
        literal = required_literal(regex)
        assert literal is not None
        for m in re.finditer(regex, text, re.IGNORECASE):
            assert literal in m.group().lower()

    def test_empty_matches(self):
        """A regex whose shortest match is empty is told apart."""
        assert can_match_empty(r"a*") and can_match_empty(r"(?=a)")
        assert not can_match_empty(r"(?<!\w)(?:a|bc)")
