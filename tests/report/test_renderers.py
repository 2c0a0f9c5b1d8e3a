"""Renderers on the seed articles, the bundled examples and hostile text: every format shows the
index and findings, the HTML is self-contained and escapes everything, the text honours colour."""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest
from hypothesis import example, given

import reliability
from reliability.model import Evidence, Span
from reliability.report import FORMATS, render
from reliability.report._common import highlight_segments
from reliability.report.csv import CSV_COLUMNS
from reliability.report.html import LEGEND
from reliability.schema import profile_schema
from tests.report.fakes import fake_pipeline
from tests.strategies import texts

EXAMPLES = Path(__file__).resolve().parent.parent.parent / "examples"
PIPELINE = fake_pipeline()
HOSTILE = (
    'Breaking </script><script>document.body.dataset.pwned = "1"</script> news.\n\n'
    '<img src=x onerror="document.body.dataset.pwned=1"> Ana Ruiz said "it may be '
    "</textarea><b>bold</b>\" & more. [link](javascript:alert(1)) | =cmd|' /C calc'!A0"
)


class _ArticleText(HTMLParser):
    """Collects the text inside <div class="text"> and every tag name seen."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.parts: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if self.depth:
            self.depth += 1
        elif tag == "div" and dict(attrs).get("class") == "text":
            self.depth = 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.parts.append(data)


def _parse(page: str) -> _ArticleText:
    parser = _ArticleText()
    parser.feed(page)
    parser.close()
    return parser


def _articles() -> list[tuple[str, str]]:
    return [(p.name, p.read_text("utf-8")) for p in sorted(EXAMPLES.glob("*.txt"))]


class TestEveryFormat:
    @pytest.mark.parametrize("fmt", sorted(FORMATS))
    @pytest.mark.parametrize(("name", "text"), _articles())
    def test_examples_render_with_index_and_findings(self, fmt: str, name: str, text: str):
        """Each bundled example renders in each format, with the index shown."""
        for profile in (reliability.score(text), PIPELINE.score(text)):
            out = render(profile, fmt, text=text, source=name)
            assert name in out
            if fmt in ("text", "markdown", "html"):
                assert re.search(r"[Ss]ourcing index", out)
            if fmt in ("json", "jsonl"):
                data = json.loads(out)
                assert data == {"source": name, **profile.to_dict()}
                jsonschema.validate(data, profile_schema())

    @pytest.mark.parametrize("fmt", sorted(FORMATS))
    def test_seed_articles_render(self, fmt: str, seed_texts):
        """The seed articles render in every format with the registered scorers and the fakes;
        the findings' messages appear in the human-readable formats."""
        for name, text in seed_texts.items():
            for profile in (reliability.score(text), PIPELINE.score(text)):
                out = render(profile, fmt, text=text, source=name)
                if fmt in ("text", "html"):
                    for f in profile.to_dict()["findings"]:
                        shown = f["message"] if fmt == "text" else _html_escape(f["message"])
                        assert shown in out


def _html_escape(s: str) -> str:
    import html

    return html.escape(s, quote=True)


class TestAnyText:
    @given(texts)
    @example(HOSTILE)
    def test_every_format_renders_any_text(self, text: str):
        """Every format renders any text; JSON forms parse; CSV has the documented columns."""
        profile = PIPELINE.score(text)
        for fmt in FORMATS:
            out = render(profile, fmt, text=text, source="x.txt")
            assert out.endswith("\n")
            if fmt in ("json", "jsonl"):
                assert json.loads(out) == {"source": "x.txt", **profile.to_dict()}
            if fmt == "csv":
                rows = list(csv.reader(io.StringIO(out)))
                assert len(rows) == 2 and len(rows[1]) == len(CSV_COLUMNS)


class TestHtml:
    def test_article_text_is_exact_after_unescaping(self):
        """The article in the page, tags stripped and entities decoded, is the input verbatim."""
        text = (EXAMPLES / "fictional_anonymous_heavy.txt").read_text("utf-8")
        page = render(PIPELINE.score(text), "html", text=text)
        assert "".join(_parse(page).parts) == text

    @given(texts)
    @example(HOSTILE)
    @example("a\r\nb\u2028c <x> &amp; \"'")
    def test_any_text_round_trips_through_the_page(self, text: str):
        """For any text, the highlighted article decodes back to the input exactly, and no tag
        other than our own appears inside it."""
        page = render(PIPELINE.score(text), "html", text=text)
        parser = _parse(page)
        assert "".join(parser.parts) == text
        inside = {t for t, _ in parser.tags}
        assert inside <= {
            "html",
            "head",
            "meta",
            "title",
            "style",
            "body",
            "header",
            "h1",
            "p",
            "main",
            "section",
            "h2",
            "div",
            "h3",
            "svg",
            "line",
            "text",
            "rect",
            "details",
            "summary",
            "table",
            "tr",
            "th",
            "td",
            "code",
            "ul",
            "li",
            "span",
            "a",
            "aside",
            "script",
            "strong",
            "small",
        }

    def test_hostile_text_is_escaped(self):
        """Script tags and event handlers in an article appear as text, never as markup; the
        embedded evidence JSON cannot close its script element."""
        page = render(PIPELINE.score(HOSTILE), "html", text=HOSTILE)
        parser = _parse(page)
        assert not any(t == "img" for t, _ in parser.tags)
        assert not any("onerror" in attrs for _, attrs in parser.tags)
        scripts = re.findall(r"<script[^>]*>(.*?)</script>", page, re.DOTALL)
        assert len(scripts) == 2  # the evidence data and our own script
        assert "pwned" not in scripts[1]
        assert "&lt;script&gt;document.body.dataset.pwned" in page
        json.loads(scripts[0])

    def test_self_contained(self):
        """The page loads nothing from elsewhere: no http(s) URLs in src/href, a CSP that allows
        only the inline script by its hash."""
        text = (EXAMPLES / "fictional_well_sourced.txt").read_text("utf-8")
        page = render(reliability.score(text), "html", text=text)
        assert not re.search(r"(src|href)=\"(https?:)?//", page)
        assert "@import" not in page and "url(" not in page
        assert "script-src 'sha256-" in page and "default-src 'none'" in page

    def test_highlights_legend_sources_and_chart(self):
        """The page has highlight spans for the evidence, a legend entry for each style used, the
        sources table, the findings list and the SVG chart of the index components."""
        text = (EXAMPLES / "fictional_anonymous_heavy.txt").read_text("utf-8")
        profile = PIPELINE.score(text)
        page = render(profile, "html", text=text)
        parser = _parse(page)
        spans = [a for t, a in parser.tags if t == "span" and "h " in (a.get("class") or "")]
        assert len(spans) >= len({(e.start, e.end) for e in profile.evidence}) // 2
        assert any("hedging-hedge" in (a.get("class") or "") for a in spans)
        assert any("attribution-source-anonymous" in (a.get("class") or "") for a in spans)
        assert '<table class="sources">' in page and '<ul class="findings">' in page
        assert '<svg class="chart"' in page and page.count('class="bar"') >= 1
        for key, label, _ in LEGEND:
            if any(key in (a.get("class") or "") for a in spans):
                assert f'class="sw {key}"' in page, label

    def test_without_text_lists_evidence(self):
        """Without the article text the page says so and still lists the evidence."""
        text = "Ana Ruiz said it may rain."
        page = render(PIPELINE.score(text), "html")
        assert "was not given to the renderer" in page and "All evidence" in page


class TestText:
    def test_no_color_brackets_point_evidence(self):
        """Without colour, hedges and sources are bracketed with their labels; no ANSI codes."""
        text = "Ana Ruiz said it may rain."
        out = render(PIPELINE.score(text), "text", text=text, color=False)
        assert "⟦Ana Ruiz⟧source" in out and "⟦may⟧hedge" in out
        assert "\x1b[" not in out

    def test_color_highlights(self):
        """With colour, the hedge is wrapped in its ANSI style."""
        text = "Ana Ruiz said it may rain."
        out = render(PIPELINE.score(text), "text", text=text, color=True)
        assert "\x1b[30;43mmay\x1b[0m" in out

    def test_index_and_findings_sections(self):
        """The text report shows the index, its formula and components, and the findings."""
        text = "A senior official said the plan may fail. Ana Ruiz said it would not."
        out = render(PIPELINE.score(text), "text", text=text)
        assert "Sourcing index:" in out and "formula: index = 100" in out
        assert "named sources" in out and "[note]" in out


class TestMarkdownAndCsv:
    def test_markdown_escapes_article_text(self):
        """Markup in evidence cannot break out of the Markdown: no raw tags, pipes escaped."""
        out = render(PIPELINE.score(HOSTILE), "markdown", source="x")
        assert "<script>" not in out and "<img" not in out and "<b>" not in out
        for line in out.splitlines():
            if line.startswith("| ") and "calc" in line:
                assert "\\|" in line

    def test_csv_columns_and_formula_guard(self):
        """CSV has the documented header and one row; a cell that looks like a formula is
        guarded with an apostrophe."""
        profile = PIPELINE.score(HOSTILE, title="=HYPERLINK(1)")
        rows = list(csv.reader(io.StringIO(render(profile, "csv", source="a.txt"))))
        assert rows[0] == [name for name, _ in CSV_COLUMNS]
        assert len(rows) == 2
        record = dict(zip(rows[0], rows[1], strict=True))
        assert record["title"] == "'=HYPERLINK(1)"
        assert record["source"] == "a.txt" and record["error"] == ""
        assert float(record["index"]) == pytest.approx(profile.index.value, abs=1e-3)

    def test_csv_empty_cells_for_unmeasured(self):
        """A scorer that did not run is an empty cell with 'not run' as its reason, never 0."""
        profile = reliability.score("Ana Ruiz said it may rain.", scorers=["readability"])
        rows = list(csv.DictReader(io.StringIO(render(profile, "csv"))))
        assert rows[0]["hedging"] == "" and rows[0]["hedging_reason"] == "not run"
        assert rows[0]["attributions"] == ""


class TestSegments:
    @given(texts)
    def test_segments_partition_and_cover(self, text: str):
        """Highlight segments partition the text and list exactly the evidence covering them."""
        evidence = PIPELINE.score(text).evidence
        segments = highlight_segments(len(text), evidence)
        assert [s[0] for s in segments[1:]] == [s[1] for s in segments[:-1]]
        if text:
            assert segments[0][0] == 0 and segments[-1][1] == len(text)
        for start, end, covering in segments:
            expected = tuple(
                i
                for i, e in enumerate(evidence)
                if e.start <= start and end <= e.end and e.end > e.start
            )
            assert covering == expected

    def test_overlapping_spans(self):
        """Crossing spans cut the text into three segments with the right cover."""
        text = "abcdef"
        ev = [
            Evidence("x", "a", Span.of(text, 0, 4), "x.a"),
            Evidence("x", "b", Span.of(text, 2, 6), "x.b"),
        ]
        assert highlight_segments(6, ev) == [(0, 2, (0,)), (2, 4, (0, 1)), (4, 6, (1,))]
