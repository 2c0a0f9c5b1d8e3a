"""HTML input: extraction, metadata, encodings, furniture in the text and on the page, errors."""

from __future__ import annotations

import io
import json
from pathlib import Path

import jsonschema
import pytest

import reliability
from reliability.cli import main
from reliability.document import Document
from reliability.errors import InputError
from reliability.html import MarkupBlock, PageDocument, page_document
from reliability.html.decode import decode_html
from reliability.lexicon import LexiconSet
from reliability.model import Profile
from reliability.schema import profile_schema
from reliability.scorers.promotional import PROMOTIONAL_KINDS, PromotionalScorer

BODY = (
    "<p>The mayor said the bridge would reopen on Monday after six weeks of repairs, according "
    "to a statement released by the city council on Friday afternoon.</p>"
    "<p>Engineers told reporters that the cost of the work had doubled since the spring, and "
    "that a second span would need new bearings before the winter.</p>"
    "<p>Residents who live near the river said the closure had added an hour to their daily "
    "commute, and several shop owners said trade had fallen by a third.</p>"
)
RELATED = (
    '<div class="related-stories"><h3>Related</h3><ul>'
    '<li><a href="/a">Council Approves New Budget For Roads</a></li>'
    '<li><a href="/b">River Levels Rise After Storm</a></li>'
    '<li><a href="/c">Five Bridges To Watch This Winter</a></li></ul></div>'
)
PAGE = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bridge to reopen</title>'
    '<meta name="author" content="Jane Doe"></head><body>'
    '<nav class="site-nav"><ul><li><a href="/">Home</a></li><li><a href="/w">World</a></li>'
    '<li><a href="/p">Politics</a></li></ul></nav>'
    f"<article><h1>Bridge to reopen</h1>{BODY}{RELATED}</article>"
    '<footer class="site-footer"><p>© Example News. All rights reserved.</p></footer>'
    "</body></html>"
)
PAGES = "data/html/readability-test-pages"


def promo(profile: Profile):
    return [e for e in profile.scores["promotional"].evidence if e.label in PROMOTIONAL_KINDS]


class TestScoreHtml:
    def test_profile_carries_text_metadata_and_hash(self):
        """The profile holds the measured text, the page's SHA-256 and its metadata."""
        p = reliability.score_html(PAGE, url="https://example.org/bridge")
        assert p.document.text is not None and "bridge would reopen" in p.document.text
        assert "<p>" not in p.document.text
        page = p.document.page
        assert page is not None
        assert (page.title, page.url, page.language) == (
            "Bridge to reopen",
            "https://example.org/bridge",
            "en",
        )
        assert len(page.sha256) == 64
        assert p.document.byline is not None and p.document.byline.name == "Jane Doe"

    def test_a_body_of_bare_text_is_the_article(self) -> None:
        """A page whose <body> is one line of text, in no block element, is that paragraph."""
        page = "<html><head></head><body>\n  The ferry will run again on Monday.\n</body></html>"
        p = reliability.score_html(page)
        assert p.document.text == "The ferry will run again on Monday."

    def test_a_block_whose_start_the_extractor_changed_is_found_by_its_end(self) -> None:
        """A block the page lacks at its start (a counter the extractor put before it) is found.

        It is placed by its last characters, so it keeps its element (and its signals).
        """
        import lxml.html

        from reliability.html.extract import _Dom

        summary = "A long summary of the story, which says what happened, where and to whom."
        tree = lxml.html.document_fromstring(
            f"<html><body><p>Other text first.</p><p id='s'>{summary}</p></body></html>"
        )
        dom = _Dom(tree, reliability.LexiconSet.default())
        key = "2/50" + summary.replace(" ", "")
        where = dom._find(key, 0)
        assert where is not None
        start, end, unique = where
        assert dom._element(dom._nodes(start, end)).get("id") == "s"
        assert not unique
        assert dom._find("2/50Nothinglikethisisinthepageatall,notevenitsend.", 0) is None

    def test_every_offset_points_into_the_carried_text(self):
        """Every evidence span equals the slice of document.text it names."""
        p = reliability.score_html(PAGE)
        text = p.document.text
        assert text is not None
        for e in p.evidence:
            assert text[e.span.start : e.span.end] == e.span.text

    def test_furniture_the_extractor_kept_is_promotional_evidence(self):
        """A block the extractor kept inside a furniture-marked element is evidence of its kind."""
        promo_box = '<div class="c-promo"><p>Get our morning briefing every day, free.</p></div>'
        p = reliability.score_html(PAGE.replace(RELATED, promo_box))
        found = [(e.label, e.rule, e.span.text) for e in promo(p)]
        assert found == [
            ("interface", "page_furniture:promo", "Get our morning briefing every day, free.")
        ]

    def test_the_markup_decision_is_promotional_evidence(self):
        """A block the reader's decision table marks as furniture is evidence naming the rule."""
        text = "The council met on Monday.\n\nRiver Levels Rise\n\nFive Bridges To Watch"
        base = Document.from_text(text)
        rule = "page_furniture:link_list"
        items = [
            MarkupBlock(28, 45, "item", 1.0, True, "link_out", rule, in_article=False),
            MarkupBlock(47, 68, "item", 1.0, True, "link_out", rule, in_article=False),
        ]
        doc = PageDocument(
            base.text, None, None, base.paragraphs, base.sentences, base.quotations,
            markup=(MarkupBlock(0, 26, "p"), *items),
        )  # fmt: skip
        result = PromotionalScorer(LexiconSet.default()).score(doc, {})
        assert [(e.label, e.rule, e.span.text) for e in result.evidence] == [
            ("link_out", rule, "River Levels Rise"),
            ("link_out", rule, "Five Bridges To Watch"),
        ]

    def test_a_list_of_links_outside_the_article_is_a_link_out_block(self):
        """Items of a list of links beside the article are link-out blocks; the prose is not."""
        aside = (
            "<ul><li><a href='/a'>Council Approves New Budget For Roads</a> (2 hours ago)</li>"
            "<li><a href='/b'>River Levels Rise After Storm</a> (3 hours ago)</li>"
            "<li><a href='/c'>Five Bridges To Watch This Winter</a> (5 hours ago)</li></ul>"
        )
        page = PAGE.replace(BODY, f"<div class='body'>{BODY}</div>").replace(RELATED, aside)
        document, _ = page_document(page)
        marked = {document.text[m.start : m.end]: m.rule for m in document.markup}
        assert marked["River Levels Rise After Storm (3 hours ago)"] == "page_furniture:link_list"
        assert not any(r for t, r in marked.items() if "bridge would reopen" in t)

    def test_teaser_cards_are_link_out_blocks(self):
        """Repeated short cards each led by a headline link are teasers, their summaries too."""
        cards = "".join(
            f"<li class='story'><h3><a href='/s{i}'>Story number {i} about the river</a></h3>"
            f"<p>A short summary of story {i}, which says what happened on the river.</p></li>"
            for i in range(4)
        )
        page = PAGE.replace(BODY, f"<div class='body'>{BODY}</div>")
        page = page.replace(RELATED, f"<ul class='stream'>{cards}</ul>")
        document, _ = page_document(page)
        rules = {document.text[m.start : m.end]: m.rule for m in document.markup}
        summaries = [t for t in rules if "A short summary" in t]
        assert summaries and all(rules[t] == "page_furniture:teaser_card" for t in summaries)
        assert not any(r for t, r in rules.items() if "bridge would reopen" in t)

    def test_page_furniture_is_summarised(self):
        """The page's text is divided into categories that sum to it; navigation is counted."""
        page = reliability.score_html(PAGE).document.page
        assert page is not None
        shares = page.furniture_shares()
        assert sum(page.furniture_chars.values()) == page.page_chars
        assert shares["article"] > 0.5
        assert page.furniture_chars["navigation"] >= len("HomeWorldPolitics")

    def test_json_round_trip_and_schema(self):
        """An HTML profile's JSON fits the schema and rebuilds to an equal profile."""
        p = reliability.score_html(PAGE)
        data = json.loads(p.to_json())
        jsonschema.validate(data, profile_schema())
        assert Profile.from_json(p.to_json()).document == p.document

    def test_wire_credit_is_the_byline(self):
        """A dateline credit "(Reuters)" is recorded as a wire byline with its span."""
        page = PAGE.replace("<p>The mayor", "<p>LONDON (Reuters) - The mayor")
        b = reliability.score_html(page).document.byline
        assert b is not None and (b.name, b.kind, b.source) == ("Reuters", "wire", "text")
        assert b.span is not None and b.span.text == "(Reuters)"


class TestErrors:
    @pytest.mark.parametrize(
        "page",
        ["", "   ", "plain words, no markup", "<html><body></body></html>", b"\x00\x01binary"],
    )
    def test_empty_or_broken_markup_is_an_input_error_naming_the_page(self, page):
        """An empty, markup-free, text-free or binary page raises InputError naming it."""
        with pytest.raises(InputError) as info:
            reliability.score_html(page, source="bad.html")
        assert info.value.source == "bad.html"

    def test_cli_gives_an_error_record_not_a_traceback(self, tmp_path):
        """A broken page in a batch is an error record naming the file; the others are scored."""
        (tmp_path / "good.html").write_text(PAGE, encoding="utf-8")
        (tmp_path / "empty.html").write_text("", encoding="utf-8")
        out, err = io.StringIO(), io.StringIO()
        status = main(["audit", str(tmp_path), "--format", "jsonl"], stdout=out, stderr=err)
        assert status == 1
        records = [json.loads(line) for line in out.getvalue().splitlines()]
        assert len(records) == 2
        errors = [r for r in records if "error" in r]
        assert len(errors) == 1 and errors[0]["source"].endswith("empty.html")
        assert "Traceback" not in err.getvalue()


class TestEncoding:
    def test_bom_wins(self):
        """A UTF-16 byte-order mark decides the encoding."""
        d = decode_html("\ufeff<p>Zoë</p>".encode("utf-16-le"), "x")
        assert (d.encoding_source, d.html) == ("bom", "<p>Zoë</p>")

    def test_meta_charset(self):
        """A meta charset declaration decodes a Latin-1 page."""
        raw = '<meta charset="iso-8859-1"><p>café</p>'.encode("latin-1")
        d = decode_html(raw, "x")
        assert d.encoding_source == "meta" and "café" in d.html

    def test_undeclared_utf8_and_detection(self):
        """Undeclared UTF-8 is read as UTF-8; other undeclared bytes are detected, not refused."""
        assert decode_html("<p>naïve</p>".encode(), "x").encoding_source == "utf-8"
        raw = ("<p>" + "Le café était très animé ce matin-là. " * 20 + "</p>").encode("cp1252")
        d = decode_html(raw, "x")
        assert d.encoding_source == "detected" and "café" in d.html


class TestInputs:
    def test_stdin_with_input_format_html(self):
        """Standard input is read as a page with --input-format html."""
        out = io.StringIO()
        stdin = io.BytesIO(PAGE.encode())
        from reliability.inputs import InputOptions, iter_inputs

        items = list(iter_inputs(["-"], stdin=stdin, options=InputOptions(input_format="html")))
        assert len(items) == 1 and items[0].html == PAGE.encode()
        assert out.getvalue() == ""

    def test_jsonl_records_with_html_field(self, tmp_path):
        """--html-field reads each record's page; its url field is the page's URL."""
        corpus = tmp_path / "pages.jsonl"
        rows = [{"id": "a", "html": PAGE, "url": "https://example.org/a"}, {"id": "b"}]
        corpus.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
        out = io.StringIO()
        status = main(
            ["audit", str(corpus), "--html-field", "html", "--format", "jsonl"],
            stdout=out,
            stderr=io.StringIO(),
        )
        records = [json.loads(line) for line in out.getvalue().splitlines()]
        assert status == 1
        assert records[0]["document"]["page"]["url"] == "https://example.org/a"
        assert records[1]["source"].endswith("pages.jsonl:2") and "error" in records[1]

    def test_csv_report_has_page_columns(self, tmp_path):
        """The CSV row of a page carries its byline, URL and furniture shares."""
        (tmp_path / "p.html").write_text(PAGE, encoding="utf-8")
        out = io.StringIO()
        assert main(["audit", str(tmp_path / "p.html"), "--format", "csv"], stdout=out) == 0
        import csv

        row = next(csv.DictReader(io.StringIO(out.getvalue())))
        assert row["byline"] == "Jane Doe" and row["byline_kind"] == "named"
        assert float(row["page_article_share"]) > 0.5

    @pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
    def test_every_report_shows_the_page(self, tmp_path, fmt):
        """Text, Markdown and HTML reports name the byline and the page's furniture shares."""
        (tmp_path / "p.html").write_text(PAGE, encoding="utf-8")
        out = io.StringIO()
        assert main(["audit", str(tmp_path / "p.html"), "--format", fmt], stdout=out) == 0
        assert "Jane Doe" in out.getvalue() and "navigation" in out.getvalue()


class TestWarc:
    def test_html_responses_are_read_and_named_by_uri(self, tmp_path):
        """Each HTML response of a WARC file is one profile named by its target URI."""
        from warcio.statusandheaders import StatusAndHeaders
        from warcio.warcwriter import WARCWriter

        path = tmp_path / "crawl.warc.gz"
        with path.open("wb") as fh:
            writer = WARCWriter(fh, gzip=True)
            for uri, ctype, body in [
                ("https://example.org/bridge", "text/html; charset=utf-8", PAGE.encode()),
                ("https://example.org/logo.png", "image/png", b"\x89PNG...."),
            ]:
                headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
                record = writer.create_warc_record(
                    uri,
                    "response",
                    payload=io.BytesIO(body),
                    http_headers=headers,
                    length=len(body),  # known length: warcio buffers nothing
                )
                writer.write_record(record)
        out = io.StringIO()
        status = main(["audit", str(path), "--format", "jsonl"], stdout=out, stderr=io.StringIO())
        records = [json.loads(line) for line in out.getvalue().splitlines()]
        assert status == 0 and len(records) == 1
        assert records[0]["document"]["page"]["url"] == "https://example.org/bridge"

    def test_a_file_that_is_not_warc_is_an_error_record(self, tmp_path):
        """A .warc file that is not an archive gives one error record naming it."""
        path = tmp_path / "broken.warc"
        path.write_bytes(b"not a warc at all\n")
        out = io.StringIO()
        status = main(["audit", str(path), "--format", "jsonl"], stdout=out, stderr=io.StringIO())
        records = [json.loads(line) for line in out.getvalue().splitlines()]
        assert status == 1 and records[0]["source"] == str(path)


class TestRealPages:
    @pytest.mark.parametrize("name", ["bbc-1", "cnn", "guardian-1", "nytimes-1", "wapo-1"])
    def test_real_news_page(self, shared_dir: Path, name):
        """A saved news page yields its title, keeps its article's opening and flags no lead."""
        folder = shared_dir / PAGES / name
        expected = json.loads((folder / "expected-metadata.json").read_text("utf-8"))
        document, info = page_document((folder / "source.html").read_bytes(), source=name)
        assert info.title is not None
        assert expected["title"].split()[0].lower() in info.title.lower()
        p = reliability.score_html((folder / "source.html").read_bytes(), source=name)
        assert p.document.text == document.text
        first_body = max(document.paragraphs[:6], key=lambda s: s[1] - s[0])
        assert not any(e.start <= first_body[0] < e.end for e in promo(p))


class TestMarkupHeadings:
    def test_headings_are_never_items_of_a_headline_run(self):
        """Title-case lines the markup calls headings do not make a list of links."""
        lines = ["The Lorenz Equations", "The Cauchy Schwarz Inequality", "A Cross Product Formula"]
        text = "The council met on Monday to discuss the budget.\n\n" + "\n\n".join(lines)
        base = Document.from_text(text)
        marks = [MarkupBlock(s, e, "head") for s, e in base.paragraphs[1:]]
        doc = PageDocument(
            base.text, None, None, base.paragraphs, base.sentences, base.quotations,
            markup=(MarkupBlock(*base.paragraphs[0], "p"), *marks),
        )  # fmt: skip
        assert PromotionalScorer(LexiconSet.default()).score(doc, {}).evidence == ()
        assert PromotionalScorer(LexiconSet.default()).score(base, {}).evidence != ()
