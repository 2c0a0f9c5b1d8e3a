"""Lexicon files: validation with precise errors, matching, shipping and user lexicons."""

from __future__ import annotations

import functools
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from reliability._scan import Scanner
from reliability.errors import LexiconError
from reliability.lexicon import (
    Entry,
    ExceptionCheck,
    LexiconSet,
    Matcher,
    load_lexicon,
    load_lexicons,
    shipped_dir,
)
from tests.reference import reference_matches

HEADER = """\
id = "demo"
version = "1.0"
description = "A test lexicon."
language = "en"
license = "Apache-2.0"
[[sources]]
citation = "Written for the tests."
"""


def write(tmp_path: Path, body: str, header: str = HEADER, name: str = "demo.toml") -> Path:
    path = tmp_path / name
    path.write_text(header + textwrap.dedent(body), "utf-8")
    return path


class TestValidation:
    @pytest.mark.parametrize(
        ("body", "message"),
        [
            ('[[entries]]\nterm = ""\n', r"demo\.toml: entries\[0\] term: must not be empty"),
            (
                '[[entries]]\nterm = "a"\n[[entries]]\nweight = 2\n',
                r"entries\[1\] term: give exactly one of term and pattern",
            ),
            ('[[entries]]\nterm = "a"\nwieght = 2\n', r"entries\[0\] wieght: unknown field"),
            ('[[entries]]\nid = "x"\npattern = "("\n', r"entries\[0\] pattern: invalid regex"),
            ('[[entries]]\nid = "x"\npattern = "a*"\n', r"must not match the empty string"),
            (
                '[[entries]]\npattern = "ab"\n',
                r"entries\[0\] id: an entry with a pattern needs an id",
            ),
            (
                '[[entries]]\nterm = "a"\nweight = "high"\n',
                r"entries\[0\] weight: must be a finite",
            ),
            (
                '[[entries]]\nterm = "a"\n[[entries]]\nterm = "A"\n',
                r"entries\[1\] id: duplicate id",
            ),
            (
                '[[entries]]\nterm = "a"\nexceptions = "a b"\n',
                r"entries\[0\] exceptions: must be a list",
            ),
            ("", r"demo\.toml: entries: must be a non-empty array"),
        ],
    )
    def test_errors_name_file_entry_and_field(self, tmp_path, body, message):
        """Each invalid entry fails with the file, the entry index and the field."""
        with pytest.raises(LexiconError, match=message):
            load_lexicon(write(tmp_path, body))

    def test_header_errors(self, tmp_path):
        """A missing header field and invalid TOML are reported with the file name."""
        with pytest.raises(LexiconError, match=r"demo\.toml: license: must be a string"):
            load_lexicon(
                write(
                    tmp_path,
                    '[[entries]]\nterm = "a"\n',
                    header=HEADER.replace('license = "Apache-2.0"\n', ""),
                )
            )
        with pytest.raises(LexiconError, match=r"bad\.toml: not valid TOML"):
            load_lexicon(write(tmp_path, "x = = 1", header="", name="bad.toml"))
        with pytest.raises(LexiconError, match=r"nope\.toml: no such file"):
            load_lexicons([tmp_path / "nope.toml"])

    def test_every_shipped_lexicon_is_valid_and_cited(self):
        """Every shipped lexicon loads, cites at least one source and has a licence."""
        lexicons = load_lexicons([shipped_dir()])
        assert lexicons
        for lex in lexicons:
            assert lex.sources and lex.license and len(lex.sha256) == 64


class TestMatching:
    def test_longest_term_first_and_flexible_spacing(self, tmp_path):
        """'according to' beats 'according'; spaces match any white space; apostrophes both ways."""
        lex = load_lexicon(
            write(
                tmp_path,
                """
            [[entries]]
            term = "according"
            [[entries]]
            term = "according to"
            [[entries]]
            term = "can't say"
        """,
            )
        )
        text = "According\u00a0 to them, we can’t say."
        found = [(m.entry.id, text[m.start : m.end]) for m in Matcher(lex.entries).finditer(text)]
        assert found == [("according_to", "According\u00a0 to"), ("can_t_say", "can’t say")]

    def test_whole_words_only(self, tmp_path):
        """A term never matches inside a longer word."""
        lex = load_lexicon(write(tmp_path, '[[entries]]\nterm = "may"\n'))
        assert list(Matcher(lex.entries).finditer("Mayor dismay")) == []

    def test_exceptions_and_case_sensitivity(self, tmp_path):
        """Exceptions suppress a match they overlap; case_sensitive entries keep their case."""
        lex = load_lexicon(
            write(
                tmp_path,
                """
            [[entries]]
            term = "may"
            case_sensitive = true
            [[entries]]
            term = "about"
            exception_patterns = ["about\\\\s+(?:the|it)"]
        """,
            )
        )
        m = Matcher(lex.entries)
        text = "In May it may fall about 5% or so, talk about the rest."
        found = [text[x.start : x.end] for x in m.finditer(text)]
        assert found == ["may", "about"]
        assert [x.start for x in m.finditer(text)][1] == text.index("about 5")

    @given(st.text(max_size=200))
    def test_match_text_is_the_term(self, text):
        """Matches are in range and their text matches the term case-insensitively."""
        lex = LexiconSet.default()["abbreviations"]
        for m in Matcher(lex.entries).finditer(text):
            assert 0 <= m.start < m.end <= len(text)
            assert text[m.start : m.end].lower() == m.entry.term.lower()


class TestLexiconSet:
    def test_user_lexicon_replaces_or_extends(self, tmp_path):
        """A user file with a shipped id replaces it; one with 'extends' adds to its family."""
        replaced = write(
            tmp_path,
            '[[entries]]\nterm = "zz."\nlabel = "title"\n',
            header=HEADER.replace('"demo"', '"abbreviations"'),
            name="a.toml",
        )
        extra = write(
            tmp_path,
            '[[entries]]\nterm = "qq."\n',
            header=HEADER.replace("version", 'extends = "abbreviations"\nversion'),
            name="b.toml",
        )
        lexicons = LexiconSet.default([replaced, extra])
        assert [e.term for e in lexicons["abbreviations"].entries] == ["zz."]
        assert [lex.id for lex in lexicons.family("abbreviations")] == ["abbreviations", "demo"]

    def test_unknown_id_lists_known(self):
        """Asking for an unknown lexicon names the known ones."""
        with pytest.raises(LexiconError, match=r"known: .*abbreviations"):
            LexiconSet.default()["nonexistent"]

    def test_entry_resolution(self):
        """A qualified rule id resolves to its entry."""
        assert LexiconSet.default().entry("abbreviations:mr").term == "mr."


WHEEL_MODE = os.environ.get("RELIABILITY_EXPECT_WHEEL") == "1"
REPO = Path(__file__).resolve().parent.parent


def test_shipped_lexicons_location():
    """Installed from a wheel, the lexicons are the package's _lexicons/ folder; in a source
    checkout (editable install) they are the repository's lexicons/ folder."""
    import reliability

    found = shipped_dir()
    if WHEEL_MODE:
        assert found == Path(reliability.__file__).resolve().parent / "_lexicons"
    else:
        assert found == REPO / "lexicons"
    assert sorted(found.glob("*.toml"))


@pytest.mark.skipif(WHEEL_MODE, reason="needs the source checkout; its wheel is what is under test")
def test_shipped_lexicons_are_in_the_wheel(tmp_path):
    """A built wheel carries every lexicon file under reliability/_lexicons/."""
    repo = REPO
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(repo),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if build.returncode != 0 and "No module named 'hatchling'" in build.stderr + build.stdout:
        build = subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "wheel",
                "--no-deps",
                "-q",
                "-w",
                str(tmp_path),
                str(repo),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
    assert build.returncode == 0, build.stderr
    import zipfile

    wheel = next(tmp_path.glob("*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for toml in (repo / "lexicons").glob("*.toml"):
        assert f"reliability/_lexicons/{toml.name}" in names
    assert "reliability/py.typed" in names
    assert "reliability/schema/profile-v1.schema.json" in names


SHIPPED = LexiconSet.default()
FAMILY_WORDS = sorted(
    {
        w
        for lex in SHIPPED
        for e in lex.entries
        if e.term and not e.exceptions and not e.exception_patterns
        for w in (e.term, *e.term.split())
    }
)


@functools.cache
def _family_matcher(family):
    entries = [
        e
        for lex in SHIPPED.family(family)
        for e in lex.entries
        if not e.exceptions and not e.exception_patterns
    ]
    return entries, Matcher(entries)


class TestMatcherAgainstReference:
    @given(
        st.sampled_from(sorted({lex.family for lex in SHIPPED})),
        st.lists(
            st.sampled_from(FAMILY_WORDS)
            | st.sampled_from([" ", "  ", "\n", ", ", "x", "The", "ſ", "İ", "ı"]),
            max_size=40,
        ),
        st.booleans(),
    )
    def test_same_matches_as_each_entry_alone(self, family, pieces, overlapping):
        """The indexed matcher finds exactly what each entry's own regex finds, selected the
        documented way (entries without exceptions, on texts built from lexicon words)."""
        entries, matcher = _family_matcher(family)
        text = " ".join(pieces)
        got = [
            (m.start, m.end, m.entry.id) for m in matcher.finditer(text, overlapping=overlapping)
        ]
        assert got == reference_matches(entries, text, overlapping=overlapping)

    def test_literal_inside_a_longer_one(self, tmp_path):
        """A shorter entry is found inside a longer literal that does not match there."""
        lex = load_lexicon(
            write(
                tmp_path,
                '[[entries]]\nterm = "The Post"\ncase_sensitive = true\n'
                '[[entries]]\nterm = "Post"\ncase_sensitive = true\n',
            )
        )
        text = "read the Post today"
        assert [text[m.start : m.end] for m in Matcher(lex.entries).finditer(text)] == ["Post"]


# Every shipped family's matcher on one shared scanner, as a LexiconSet builds them.
_SHARED_SCANNER = Scanner()
_SHARED = {
    family: Matcher(_family_matcher(family)[0], _SHARED_SCANNER)
    for family in sorted({lex.family for lex in SHIPPED})
}


class TestSharedScanner:
    @given(
        st.lists(
            st.sampled_from(FAMILY_WORDS)
            | st.sampled_from([" ", "  ", "\n", ", ", "x", "The", "İ", "ſ", "ı", "’", "'"]),
            max_size=40,
        ),
        st.integers(0, 400),
        st.integers(0, 400),
        st.booleans(),
    )
    def test_shared_scan_finds_what_each_matcher_alone_finds(self, pieces, a, b, overlapping):
        """Matchers reading one scan per text find, in any range, what each finds with a scan of
        its own literals (and, by the test above, what each entry's regex finds)."""
        text = "".join(pieces)
        a, b = a % (len(text) + 1), b % (len(text) + 1)
        start, end = min(a, b), max(a, b)
        for family, shared in _SHARED.items():
            alone = _family_matcher(family)[1]
            assert list(shared.finditer(text, start, end, overlapping=overlapping)) == list(
                alone.finditer(text, start, end, overlapping=overlapping)
            ), family

    def test_scan_is_computed_once_per_text(self):
        """Asking again about the same text object reuses its scan; a new text gets a new one."""
        scanner = Scanner()
        scanner.add({"said"}, {"["})
        text = "He said [it] said."
        first = scanner.scan(text)
        assert scanner.scan(text) is first
        assert first.positions == [3, 8, 13] and first.literals == ["said", "[", "said"]
        assert scanner.scan(text + " ") is not first

    def test_adding_literals_clears_the_cached_scan(self):
        """A matcher built after a scan still has its literals found in that text."""
        scanner = Scanner()
        scanner.add({"said"})
        text = "They said it was reported."
        assert scanner.scan(text).literals == ["said"]
        scanner.add({"reported"})
        assert scanner.scan(text).literals == ["said", "reported"]

    @pytest.mark.parametrize(
        "text",
        ["He ſaid so, ſources ſay.", "İstanbul officials said", "They ſaıd it", "ACCORDING TO"],
    )
    def test_case_insensitive_letters_the_lowered_scan_would_miss(self, text):
        """Long s and dotless i, which case-insensitive matching equates with "s" and "i", are
        found as each entry's regex finds them (the scan then runs case-insensitively)."""
        for family, shared in _SHARED.items():
            entries = _family_matcher(family)[0]
            got = [(m.start, m.end, m.entry.id) for m in shared.finditer(text)]
            assert got == reference_matches(entries, text, overlapping=False), family


# Each family's entries, and the words of its exceptions and of the terms they guard.
_EXCEPTED = {
    family: [e for lex in SHIPPED.family(family) for e in lex.entries]
    for family in ("hedging", "boosters", "promotional", "conditional_modals")
}
_EXTRA_WORDS = ["May 5", "5th of May", "Will Smith", "Bill Will", "1", "of", "its", "not"]


def _exception_words(family: str) -> list[str]:
    return sorted(
        {
            w
            for e in _EXCEPTED[family]
            if e.exceptions or e.exception_patterns
            for x in (*e.exceptions, e.term or "")
            for w in (x, *x.split())
            if w
        }
        | set(_EXTRA_WORDS)
    )


@pytest.mark.parametrize("family", sorted(_EXCEPTED))
@given(data=st.data())
def test_exceptions_as_the_reference_applies_them(family, data):
    """A family's matcher, exceptions included, finds what each entry's regex finds less the
    matches an exception overlaps (the prefilter on exceptions' first words changes nothing)."""
    words = st.sampled_from(_exception_words(family)) | st.sampled_from([" ", ", ", "\n"])
    text = " ".join(data.draw(st.lists(words, max_size=20)))
    got = [(m.start, m.end, m.entry.id) for m in SHIPPED.matcher(family).finditer(text)]
    assert got == reference_matches(_EXCEPTED[family], text)


def _exception_pieces(entry):
    """The words and phrases of an entry's literal exceptions and of its term, in two cases."""
    found = {w for x in (*entry.exceptions, entry.term or "") for w in (x, *x.split()) if w}
    for p in entry.exception_patterns:
        found.update(w for w in re.findall(r"[a-z’']+", p) if len(w) > 1)
    return found | {w.upper() for w in found} | {w.capitalize() for w in found}


# Every entry with exceptions in the shipped lexicons, and text dense in the words its exceptions
# begin with, in odd cases and spacings.
_CHECKED = [
    (e, check)
    for lex in SHIPPED
    for e in lex.entries
    if (check := ExceptionCheck.of(e)) is not None
]


_NOISE = [" ", "  ", "\n", ", ", "’", "'", "x", "ı", "ſ", "İ", "\u212a"]


@given(st.sampled_from(range(len(_CHECKED))), st.data())
def test_exception_prefilter_finds_what_the_plain_regex_finds(which, data):
    """An exception check tried only where its leading literals occur in the lower-cased
    window says what running its regex over the whole window says."""
    entry, check = _CHECKED[which]
    words = st.sampled_from(sorted(_exception_pieces(entry))) | st.sampled_from(_NOISE)
    pieces = data.draw(st.lists(words, min_size=1, max_size=30))
    k = data.draw(st.integers(0, len(pieces) - 1))  # the match: one of the pieces
    text = "".join(pieces)
    s = len("".join(pieces[:k]))
    e = s + len(pieces[k])
    plain = check._replace(firsts=None)
    assert check.applies(text, s, e) == plain.applies(text, s, e), entry.qualified_id


def _plain_scan(scanner: Scanner, text: str) -> list[tuple[int, str]]:
    """The hits of a scan by its definition: at each offset of the lower-cased text the longest
    literal there, word-start literals only after a non-word character (or at the start)."""
    from reliability._regex import normalize_space, trie_regex

    lowered = text.lower()
    at_word = scanner._at_word - scanner._anywhere
    found = []
    if at_word:
        rx = re.compile(r"(?<!\w)(?=(" + trie_regex(at_word) + "))")
        found += [(m.start(), m[1]) for m in rx.finditer(lowered)]
    if scanner._anywhere:
        rx = re.compile("(?=(" + trie_regex(scanner._anywhere) + "))")
        found += [(m.start(), m[1]) for m in rx.finditer(lowered)]
    return sorted((p, normalize_space(x)) for p, x in found)


_SCANNED = LexiconSet.default()
for _family in sorted({lex.family for lex in _SCANNED}):
    _SCANNED.matcher(_family)
_SCAN_PIECES = sorted(_SCANNED.scanner._at_word | _SCANNED.scanner._anywhere)


@given(
    st.lists(
        st.sampled_from(_SCAN_PIECES)
        | st.sampled_from(_SCAN_PIECES).map(str.upper)
        | st.sampled_from([" ", "  ", "\n", "\t ", ", ", "x", "-", "’", "(", "<", "[", "p"]),
        max_size=30,
    ).map("".join)
)
def test_scan_finds_the_longest_literal_at_each_offset(text):
    """The shared scan of every shipped lexicon's literals (the word-start ones read off one
    split of the text, the others by their first characters) gives, in order, the longest
    literal at each offset where one begins, as its plain definition does."""
    scanner = _SCANNED.scanner
    hits = scanner.scan(text)
    assume(hits.lowered is not None)  # the case-insensitive scan is held to it above
    assert list(zip(hits.positions, hits.literals, strict=True)) == _plain_scan(scanner, text)
    for number, (positions, literals) in enumerate(hits.by_matcher):
        expected = [
            (p, x)
            for p, x in zip(hits.positions, hits.literals, strict=True)
            if number in scanner._owners_of(x)
        ]
        assert list(zip(positions, literals, strict=True)) == expected


class TestAlternativesOfAnEntryWithoutLiterals:
    # An entry whose regex has no leading literals but is an alternation: most alternatives
    # begin with a literal; one ("(?:\w+\s+)?recommended") does not.
    PATTERN = (
        r"(?<!\w)(?:most\s+(?:read|viewed)(?:\s+stories)?|top\s+picks"
        r"|(?:\w+\s+)?recommended(?:\s+by\s+\w+)?|[\[(]?related(?:\s+stories)?)(?!\w)"
    )
    WORDS = ("most", "MOST", "read", "viewed", "stories", "top", "picks", "recommended")
    WORDS += ("Recommended", "by", "Post", "related", "[Related", "(related", "x", "İ", "ı")

    @staticmethod
    @functools.cache
    def matchers() -> tuple[Matcher, Matcher]:
        entries = [
            Entry(
                id="heading", term=None, pattern=TestAlternativesOfAnEntryWithoutLiterals.PATTERN
            ),
            Entry(id="read", term="read", pattern=None),
        ]
        fast = Matcher(entries)
        plain = Matcher(entries)
        plain._alternatives = {}  # the entry scanned in full
        return fast, plain

    def test_the_entry_is_looked_for_by_its_alternatives(self):
        """The alternatives with literals go to the scan, the rest to a regex of their own that
        runs only where the literal it requires occurs."""
        fast, _ = self.matchers()
        (alternatives,) = fast._alternatives.values()
        assert alternatives.required == ("recommended",)
        text = "Post Recommended by Outbrain. Most read stories"
        got = [(text[m.start : m.end], m.entry.id) for m in fast.finditer(text, overlapping=True)]
        assert got == [
            ("Post Recommended by Outbrain", "heading"),
            ("Recommended by Outbrain", "heading"),  # overlapping: the match inside the first
            ("Most read stories", "heading"),
            ("read", "read"),
        ]

    @given(
        st.lists(st.sampled_from(WORDS) | st.sampled_from([" ", "  ", "\n", ", ", ". "])),
        st.integers(0, 200),
        st.integers(0, 200),
        st.booleans(),
    )
    def test_same_matches_as_the_entry_scanned_in_full(self, pieces, a, b, overlapping):
        """Looking for an alternation alternative by alternative finds, in any range, what its
        regex finds scanned in full."""
        fast, plain = self.matchers()
        text = " ".join(pieces)
        start, end = sorted((min(a, len(text)), min(b, len(text))))
        assert list(fast.finditer(text, start, end, overlapping=overlapping)) == list(
            plain.finditer(text, start, end, overlapping=overlapping)
        )


@given(
    st.lists(
        st.sampled_from(
            sorted(
                {
                    w
                    for lex in SHIPPED
                    for e in lex.entries
                    if e.pattern
                    for w in re.findall(r"[A-Za-z]{2,}", e.pattern)
                }
            )
        )
        | st.sampled_from([" ", "  ", "\n", ", ", ": ", "[", "(", "x"]),
        max_size=30,
    ).map(" ".join),
    st.booleans(),
)
def test_shipped_entries_without_literals_match_as_scanned_in_full(text, overlapping):
    """Every shipped family's matcher, where an entry is looked for alternative by alternative,
    finds what it finds with every such entry scanned in full."""
    import copy

    for family in sorted({lex.family for lex in SHIPPED}):
        fast = SHIPPED.matcher(family)
        plain = copy.copy(fast)
        plain._alternatives = {}
        assert list(fast.finditer(text, overlapping=overlapping)) == list(
            plain.finditer(text, overlapping=overlapping)
        ), family
