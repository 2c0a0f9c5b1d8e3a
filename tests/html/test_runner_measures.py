"""The web-page runner's furniture measure: the page's blocks, its furniture, what a text keeps."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parent.parent.parent
WHEEL_MODE = os.environ.get("RELIABILITY_EXPECT_WHEEL") == "1"

pytestmark = pytest.mark.skipif(
    WHEEL_MODE, reason="needs the source checkout's benchmarks/; checked there"
)

PAGE = (
    "<html><head><title>Ferry</title><script>var menu = 'Home';</script></head><body>"
    "<nav><ul><li><a href='/'>Home</a></li><li><a href='/news'>News</a></li></ul></nav>"
    "<article><h1>Ferry to run again</h1>"
    "<p>The island ferry will run again on Monday after a month of repairs to its engines.</p>"
    "<p>Its owners said the fares would not rise before the summer, a spokeswoman said.</p>"
    "</article>"
    "<div class='related'>More stories<ul>"
    "<li><a href='/a'>Council approves the new budget for roads</a></li>"
    "<li><a href='/b'>River levels rise after the storm</a></li></ul></div>"
    "<footer><p>Sign up for our free morning newsletter today</p></footer>"
    "</body></html>"
)
REFERENCE = (
    "<div><p>The island ferry will run again on Monday after a month of repairs to its "
    "engines.</p><p>Its owners said the fares would not rise before the summer, a spokeswoman "
    "said.</p></div>"
)


@pytest.fixture(scope="module")
def runner() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "accuracy_html", REPO / "benchmarks" / "accuracy_html.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class TestFurnitureMeasure:
    def test_page_blocks_are_the_innermost_blocks_and_a_containers_own_text(
        self, runner: ModuleType
    ) -> None:
        """Each list item, paragraph and heading is a block; so is a container's own line."""
        blocks = runner.page_blocks(PAGE)
        assert "home" in blocks and "news" in blocks
        assert "morestories" in blocks  # the text the related <div> holds directly
        assert "riverlevelsriseafterthestorm" in blocks
        assert not any("varmenu" in b for b in blocks)  # scripts are not text

    def test_furniture_is_what_the_reference_body_lacks(self, runner: ModuleType) -> None:
        """Blocks inside the reference body are not furniture; the rest are, each once."""
        ref = runner.reference_blocks(REFERENCE)
        furniture = runner.furniture_blocks(runner.page_blocks(PAGE), ref)
        assert "ferrytorunagain" in furniture  # the headline Readability dropped counts too
        assert "signupforourfreemorningnewslettertoday" in furniture
        assert not any("islandferry" in f for f in furniture)
        assert len(furniture) == len(set(furniture))

    def test_kept_and_unflagged_counts(self, runner: ModuleType) -> None:
        """A kept block is unflagged unless at least half of it lies in promotional spans."""
        furniture = [
            "signupforourfreemorningnewslettertoday",
            "news",
            "riverlevelsriseafterthestorm",
        ]
        text = (
            "The island ferry will run again on Monday.\n\n"
            "Sign up for our free morning newsletter today\n\n"
            "News of the repairs spread quickly."
        )
        start = text.index("Sign up")
        promo = [(start, start + len("Sign up for our free morning newsletter today"), "x")]
        kept, unflagged, left = runner.furniture_left(text, promo, furniture)
        # "news" is short: kept only as a whole line, not as part of "News of the repairs".
        assert (kept, unflagged, left) == (1, 0, [])
        assert runner.furniture_left(text, [], furniture) == (
            1,
            1,
            ["signupforourfreemorningnewslettertoday"],
        )

    def test_kept_furniture_sorts_what_trafilatura_keeps(self, runner: ModuleType) -> None:
        """Of the furniture trafilatura alone keeps: flagged, unflagged, or dropped by a reader."""
        alone = {"signup": False, "related": False, "share": False, "menu": False}
        ours = {"signup": True, "related": False, "other": False}  # "share", "menu" dropped
        flagged, unflagged, dropped, left = runner.kept_furniture(alone, ours)
        assert (flagged, unflagged, dropped, left) == (1, 1, 2, ["related"])
        assert flagged + unflagged + dropped == len(alone)  # "other" is not trafilatura's

    def test_furniture_status_marks_each_kept_block(self, runner: ModuleType) -> None:
        """Every kept block is listed once, flagged or not; blocks not in the text are absent."""
        text = "Sign up for our free morning newsletter today\n\nThe island ferry runs again."
        end = len("Sign up for our free morning newsletter today")
        status = runner.furniture_status(
            text, [(0, end, "x")], ["signupforourfreemorningnewslettertoday", "news", "absent"]
        )
        assert status == {"signupforourfreemorningnewslettertoday": True}

    def test_a_short_line_is_body_only_as_a_whole_reference_block(self, runner: ModuleType) -> None:
        """Under the headline labelling a short menu line inside the body's words is not body."""
        ref = runner.reference_blocks(REFERENCE)
        page = PAGE.replace(">News<", ">Repairs<").encode("utf-8")  # a word of the body
        flat = "".join(ref)
        _, loose = runner.page_as_plain_text(page, "ferry", flat)
        text, strict = runner.page_as_plain_text(page, "ferry", flat, frozenset(ref))
        label = {text[s:e]: lab for s, e, lab in strict}
        assert label["Repairs"] == "other"  # inside the body's words, but no whole block
        assert label["River levels rise after the storm"] == "related"
        assert sum(lab == "body" for *_, lab in loose) > sum(lab == "body" for *_, lab in strict)
