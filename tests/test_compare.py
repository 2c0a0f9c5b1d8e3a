"""Comparing articles side by side: indicators, shared sources, the differences that matter."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import reliability
from reliability.cli import ExitCode, main
from reliability.compare import INDICATORS, compare, format_value
from reliability.index import source_key
from reliability.report import COMPARE_FORMATS, render_comparison
from tests.report.fakes import fake_pipeline
from tests.strategies import texts

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
PIPELINE = fake_pipeline()

A = (
    "Floods close pass\n\nHeavy rain closed the pass, Mirela Stan said on Saturday. "
    "Governor Pieter Vos said it would stay closed. A senior official said repairs could take "
    "weeks."
)
B = (
    "Pass closed by floods\n\nSupport our reporting and donate today!\n\nThe pass is closed, "
    "Vos said. Sources said it may stay closed for a month. Reports said drivers were "
    "stranded. Sources said the army was called."
)


class TestSourceKey:
    @pytest.mark.parametrize(
        ("a", "b"),
        [
            ("Taliban spokesman Zabihullah Mujahid", "Zabihullah Mujahid"),
            ("the president's office", "The President’s office"),
            ("a senior official", "senior official"),
            ("Regional governor Pieter Vos", "Pieter Vos"),
            ("  the   police ", "police"),
        ],
    )
    def test_same_source(self, a: str, b: str):
        """Mentions of one source normalise to the same key."""
        assert source_key(a) == source_key(b)

    @pytest.mark.parametrize(
        ("a", "b"),
        [
            ("Ana Ruiz", "Ana Ortiz"),
            ("a senior official", "a junior official"),
            ("the president's office", "the president"),
        ],
    )
    def test_different_sources(self, a: str, b: str):
        """Different sources keep different keys."""
        assert source_key(a) != source_key(b)

    @given(st.text(max_size=80))
    def test_key_is_normalised(self, text: str):
        """A key is case-folded, single-spaced and stable under re-normalisation of spacing."""
        key = source_key(text)
        assert key == key.casefold() and key == " ".join(key.split())
        assert source_key("  " + text + "  ") == key


class TestCompare:
    def test_indicators_one_value_per_article(self):
        """Every indicator has one value per article; scorer values follow the fixed ones."""
        c = compare([PIPELINE.score(A), PIPELINE.score(B)], ["a", "b"])
        ids = [spec.id for spec, _ in c.indicators]
        assert ids[: len(INDICATORS)] == [s.id for s in INDICATORS]
        assert "scorer:readability" in ids
        assert all(len(values) == 2 for _, values in c.indicators)

    def test_known_values_and_differences(self):
        """B leans on unspecified sources and carries an appeal; A has more named sources."""
        c = compare([PIPELINE.score(A), PIPELINE.score(B)], ["a", "b"])
        values = {spec.id: vals for spec, vals in c.indicators}
        assert values["unspecified_attributions"] == (0, 3)
        assert values["promotional_share"][0] == 0 and values["promotional_share"][1] > 0.1
        diffs = {d.indicator: d for d in c.differences}
        assert diffs["unspecified_attributions"].more == 1
        assert diffs["promotional_share"].more == 1
        assert "b has the higher promotional share" in diffs["promotional_share"].message

    def test_shared_sources_match_surname_to_full_name(self):
        """'Vos' in one article and 'Governor Pieter Vos' in the other are one shared source."""
        c = compare([PIPELINE.score(A), PIPELINE.score(B)], ["a", "b"])
        assert ("pieter vos", (0, 1)) in c.shared
        assert all(len(arts) >= 2 for _, arts in c.shared)

    def test_missing_scorer_gives_none_with_reason_and_no_difference(self):
        """When a scorer did not run, its indicators are None with a reason and no difference is
        claimed for them."""
        plain = reliability.score(A, scorers=["readability"])
        c = compare([plain, PIPELINE.score(B)], ["a", "b"])
        values = {spec.id: vals for spec, vals in c.indicators}
        assert values["attributions"][0] is None
        assert "not run" in c.reasons[("attributions", 0)]
        assert "attributions" not in {d.indicator for d in c.differences}

    def test_needs_two_articles(self):
        """One article is not a comparison."""
        with pytest.raises(ValueError, match="at least two"):
            compare([PIPELINE.score(A)])

    @given(texts, texts)
    def test_any_pair_compares(self, a: str, b: str):
        """Any two texts compare; each difference names an article with the higher value."""
        c = compare([PIPELINE.score(a), PIPELINE.score(b)], ["a", "b"])
        values = {spec.id: vals for spec, vals in c.indicators}
        for d in c.differences:
            hi, lo = values[d.indicator][d.more], values[d.indicator][d.less]
            assert hi is not None and lo is not None and hi > lo
        json.dumps(c.to_dict(), allow_nan=False)

    @pytest.mark.parametrize("fmt", sorted(COMPARE_FORMATS))
    def test_every_format_renders(self, fmt: str):
        """The comparison renders in every format and names both articles."""
        c = compare([PIPELINE.score(A), PIPELINE.score(B)], ["first.txt", "second.txt"])
        out = render_comparison(c, fmt)
        assert "first.txt" in out and "second.txt" in out
        if fmt in ("json", "jsonl"):
            assert json.loads(out)["shared_sources"][0]["key"] == "pieter vos"

    def test_format_value(self):
        """Values are shown as percentages, counts or scores; None as a dash."""
        assert format_value(0.25, "share") == "25%"
        assert format_value(3.0, "count") == "3"
        assert format_value(None, "share") == "—"


MEASURES = {
    "promotional share": "promotional_share",
    "unspecified-source attributions": "unspecified_attributions",
    "anonymous share of attributions": "anonymous_share",
}


class TestSeeds:
    def test_gold_comparisons(self, seed_texts, seed_gold):
        """Each gold comparison of the two seed articles holds for its indicator, or the
        indicator is None with a reason (its scorer is not available) — never invented."""
        files = list(seed_texts)
        c = compare([reliability.score(seed_texts[f]) for f in files], files)
        values = {spec.id: vals for spec, vals in c.indicators}
        for claim in seed_gold["comparisons"]:
            indicator = MEASURES[claim["measure"]]
            more = files.index(claim["more"])
            other = 1 - more
            got = values[indicator]
            if None in got:
                assert c.reasons[(indicator, got.index(None))], claim
                continue
            assert got[more] > got[other], (claim["claim"], got)

    def test_examples_two_outlets(self):
        """The bundled two-outlet example compares in every format."""
        a = (EXAMPLES / "fictional_two_outlets_a.txt").read_text("utf-8")
        b = (EXAMPLES / "fictional_two_outlets_b.txt").read_text("utf-8")
        c = compare([reliability.score(a), reliability.score(b)], ["a", "b"])
        for fmt in COMPARE_FORMATS:
            assert render_comparison(c, fmt)


class TestLabelsOnTheCommandLine:
    PAIR = (EXAMPLES / "fictional_two_outlets_a.txt", EXAMPLES / "fictional_two_outlets_b.txt")

    def _run(self, *argv: str) -> tuple[int, str, str]:
        import io

        out, err = io.StringIO(), io.StringIO()
        code = main(list(argv), stdout=out, stderr=err)
        return code, out.getvalue(), err.getvalue()

    def test_difference_lines_name_files_not_paths(self):
        """Every difference line names the articles by file name, whole, never a path."""
        code, out, _ = self._run("compare", *map(str, self.PAIR), "--color", "never")
        assert code == ExitCode.OK
        lines = [line for line in out.splitlines() if "has the higher" in line]
        assert lines
        for line in lines:
            assert str(EXAMPLES) not in line
            assert "fictional_two_outlets_a.txt" in line and "fictional_two_outlets_b.txt" in line

    def test_label_option(self):
        """--label, once per article, names the articles in every format."""
        code, out, _ = self._run(
            "compare", *map(str, self.PAIR), "--label", "Courier", "--label", "Daily", "-f", "json"
        )
        assert code == ExitCode.OK
        assert [a["label"] for a in json.loads(out)["articles"]] == ["Courier", "Daily"]

    def test_label_count_must_match(self):
        """One --label for two articles is a usage error that says what to give."""
        code, _, err = self._run("compare", *map(str, self.PAIR), "--label", "Courier")
        assert code == ExitCode.USAGE
        assert "1 --label for 2 articles" in err
