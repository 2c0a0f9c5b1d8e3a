"""The page_furniture decision table: its examples, its validation, and how blocks are found."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reliability.errors import LexiconError
from reliability.html import page_document
from reliability.html.extract import _tokens
from reliability.html.rules import FurnitureTable, Signals
from reliability.lexicon import LexiconSet, load_lexicon, shipped_dir
from tests.html.test_html import BODY, PAGE, RELATED

TABLE = FurnitureTable.of(LexiconSet.default())
EXAMPLES = [
    pytest.param(row.id, ex, id=f"{row.id}-{i}")
    for row in TABLE.rows
    for i, ex in enumerate(row.examples)
]


def _page(example: dict) -> str:
    page = PAGE.replace(BODY, f"<div class='body'>{BODY}</div>") if example.get("beside") else PAGE
    return page.replace(RELATED, example["html"])


class TestExamples:
    def test_every_row_has_an_example(self):
        """Each row of the table carries at least one example that runs as a test."""
        assert TABLE.rows and all(row.examples for row in TABLE.rows)

    @pytest.mark.parametrize(("row_id", "example"), EXAMPLES)
    def test_example(self, row_id, example):
        """The example's block gets the example's rule; the article's prose gets none."""
        document, _ = page_document(_page(example))
        rules = {document.text[m.start : m.end]: m.rule or "" for m in document.markup}
        assert example["block"] in rules, f"{row_id}: the extractor dropped the block"
        assert rules[example["block"]] == example["rule"]
        assert all(not r for t, r in rules.items() if "bridge would reopen" in t)


class TestTable:
    def test_first_row_that_holds_decides(self):
        """A block of a teaser card inside a promo token takes the token, the earlier row."""
        s = Signals("interface", True, "p", 40, 0.0, False, True, False)
        label, rule, row = TABLE.decide(s, "page_furniture:promo")
        assert (label, rule) == ("interface", "page_furniture:promo")
        assert row is not None and row.id == "furniture_token"

    def test_article_text_gets_no_row(self):
        """A plain paragraph inside the article is decided by no row."""
        s = Signals("none", True, "p", 300, 0.1, False, False, False)
        assert TABLE.decide(s, None) == (None, None, None)

    @pytest.mark.parametrize(
        ("row", "message"),
        [
            ('id = "x"\nwhen = { nope = true }\nlabel = "link_out"\nreason = "r"', "when.nope"),
            ('id = "x"\nwhen = { card = 3 }\nlabel = "link_out"\nreason = "r"', "when.card"),
            ('id = "x"\nwhen = { tag_min = 3 }\nlabel = "link_out"\nreason = "r"', "when.tag_min"),
            ('id = "x"\nwhen = { card = true }\nlabel = "wrong"\nreason = "r"', "label"),
            ('id = "x"\nwhen = { card = true }\nlabel = "link_out"', "reason"),
        ],
    )
    def test_a_bad_row_names_file_row_and_field(self, tmp_path: Path, row, message):
        """A malformed row fails with the file, the row and the field at fault."""
        shipped = (shipped_dir() / "page_furniture.toml").read_text("utf-8")
        head = shipped.split("[[rows]]")[0]
        path = tmp_path / "page_furniture.toml"
        path.write_text(f"{head}[[rows]]\n{row}\n", encoding="utf-8")
        lexicons = LexiconSet([load_lexicon(path)])
        with pytest.raises(LexiconError) as info:
            FurnitureTable.of(lexicons)
        assert str(path) in str(info.value) and f"rows[0].{message}" in str(info.value)


class TestAlignment:
    def test_a_block_split_by_inline_markup_is_found(self):
        """A paragraph whose words are split over inline elements and odd spacing is found."""
        para = (
            "<p>The <b>mayor</b>   said <a href='#top'>the bridge</a>\n would reopen on Monday, "
            "<em>city engineers</em> said in a statement on Friday afternoon.</p>"
        )
        document, _ = page_document(PAGE.replace(RELATED, para))
        block = next(
            m for m in document.markup if "city engineers" in document.text[m.start : m.end]
        )
        assert block.link_share == 0.0  # a link to an anchor on the page leads nowhere else
        assert block.in_article

    def test_page_categories_sum_and_count_flagged_blocks_as_furniture(self):
        """Kept blocks the table marks as furniture count as their category, not as article."""
        promo = '<div class="c-promo"><p>Get our morning briefing every day, free.</p></div>'
        _, info = page_document(PAGE.replace(RELATED, promo))
        chars = info.furniture_chars
        assert chars["interface"] >= len("Getourmorningbriefingeveryday,free.")
        assert chars["article"] > 0 and sum(chars.values()) == info.page_chars


class TestDeclaredMetadata:
    def test_json_ld_author_and_headline_are_read(self):
        """A page naming its author only in JSON-LD gets that author."""
        ld = (
            '<script type="application/ld+json">{"@context": "https://schema.org", '
            '"@type": "NewsArticle", "headline": "Bridge to reopen", '
            '"author": [{"@type": "Person", "name": "Ana Ruiz"}]}</script>'
        )
        page = PAGE.replace('<meta name="author" content="Jane Doe">', ld)
        _, info = page_document(page)
        assert info.author == "Ana Ruiz"
        assert info.title == "Bridge to reopen"

    def test_broken_json_ld_is_ignored(self):
        """Structured data that is not JSON changes nothing and raises nothing."""
        page = PAGE.replace("</head>", '<script type="application/ld+json">{oops</script></head>')
        _, info = page_document(page)
        assert (info.title, info.author) == ("Bridge to reopen", "Jane Doe")

    def test_a_declared_value_wins_only_where_none_agrees(self):
        """The extractor's value stays when a declaration holds it; else the first declared."""
        from reliability.html.extract import _declared

        assert _declared("Bridge to reopen", ["Bridge to reopen - Example News"]) == (
            "Bridge to reopen"
        )
        assert _declared("Allergies Health Center", ["Babies Who Eat Peanuts"]) == (
            "Babies Who Eat Peanuts"
        )
        assert _declared(None, ["Ana Ruiz"]) == "Ana Ruiz"
        assert _declared("Jane Doe", []) == "Jane Doe"

    def test_author_markup_names_the_author_but_not_in_comments(self):
        """A byline's markup names the author; a commenter's author markup does not."""
        comments = (
            '<div class="comments"><p><span itemprop="author">J J</span> wrote: great piece '
            "about the bridge and the river and the repairs.</p></div>"
        )
        bare = PAGE.replace('<meta name="author" content="Jane Doe">', "")
        _, info = page_document(bare.replace("</article>", f"</article>{comments}"))
        assert info.author != "J J"
        byline = '<p class="story-byline">Ana Ruiz</p>'
        _, info = page_document(bare.replace("<h1>", f"{byline}<h1>"))
        assert info.author == "Ana Ruiz"


_LEXICON = load_lexicon(shipped_dir() / "page_furniture.toml")
_MATCHER = LexiconSet.default().matcher("page_furniture")
_EXAMPLE_ATTR = re.compile(r"""Example: <\w+ (?:class|id)="([^"]+)">""")
_PUBLISHED = {"readability", "trafilatura"}
_HAND_PICKED = "Not in either published list"


def _first_entry(raw: str) -> str | None:
    for m in _MATCHER.finditer(_tokens(raw)):
        return m.entry.id
    return None


class TestPublishedTokens:
    @pytest.mark.parametrize("entry", _LEXICON.entries, ids=lambda e: e.id)
    def test_entry_cites_a_published_list_or_says_it_does_not(self, entry):
        """Each token names the published list it comes from, or says it is hand-picked."""
        assert set(entry.cites) & _PUBLISHED or (entry.note or "").startswith(_HAND_PICKED)

    @pytest.mark.parametrize("entry", _LEXICON.entries, ids=lambda e: e.id)
    def test_entry_example_is_matched_by_the_entry(self, entry):
        """The class or id in the entry's note is read as that entry's token."""
        found = _EXAMPLE_ATTR.search(entry.note or "")
        assert found, f"{entry.id}: no example in the note"
        assert _first_entry(found.group(1)) == entry.id

    @pytest.mark.parametrize(
        "word",
        # Readability's okMaybeItsACandidate and positive words: article containers carry them.
        [
            "and",
            "article",
            "body",
            "column",
            "content",
            "main",
            "shadow",
            "entry",
            "hentry",
            "h-entry",
            "page",
            "post",
            "text",
            "blog",
            "story",
            "article-body",
            "main-content",
            "story-content",
            "entry-content",
            "post_content",
            "articleBody",
        ],
    )
    def test_article_container_words_are_never_tokens(self, word):
        """No furniture token matches a word that marks article containers."""
        assert _first_entry(word) is None
