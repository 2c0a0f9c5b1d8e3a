"""Token-wise Krippendorff's alpha between coders of attribution spans (the tool as a coder)."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from reliability import score
from reliability.agreement import (
    NONE,
    ROLES,
    attribution_spans,
    token_alpha,
    token_labels,
    tokens,
)
from tests.strategies import any_text, articles

TEXT = "Ana Ruiz said the plan would fail. Officials declined to comment."
HUMAN = {"source": [(0, 8)], "cue": [(9, 13)], "content": [(14, 33)]}


class TestTokenLabels:
    def test_each_token_takes_the_role_covering_it(self) -> None:
        """Tokens inside a span take its role; the rest are none."""
        labels = token_labels(TEXT, HUMAN)
        words = [TEXT[s:e] for s, e in tokens(TEXT)]
        assert dict(zip(words[:8], labels[:8], strict=True)) == {
            "Ana": "source",
            "Ruiz": "source",
            "said": "cue",
            "the": "content",
            "plan": "content",
            "would": "content",
            "fail": "content",
            ".": NONE,
        }
        assert set(labels[8:]) == {NONE}

    def test_overlapping_roles_break_to_the_cue(self) -> None:
        """Where a coder's cue lies inside its content, the token is the cue's."""
        labels = token_labels(TEXT, {"content": [(0, 33)], "cue": [(9, 13)]})
        assert labels[:4] == ["content", "content", "cue", "content"]

    def test_tool_relations_become_spans(self) -> None:
        """The tool's attributions give one span per part."""
        spans = attribution_spans(score("Ana Ruiz said the plan would fail.").attributions)
        assert spans == {"cue": [(9, 13)], "source": [(0, 8)], "content": [(14, 33)]}


@given(text=any_text, cuts=st.lists(st.integers(0, 200), min_size=0, max_size=6))
def test_one_label_per_token(text: str, cuts: list[int]) -> None:
    """Every token gets exactly one known label, whatever the spans."""
    cuts = sorted(c % (len(text) + 1) for c in cuts)
    pairs = list(zip(cuts[::2], cuts[1::2], strict=False))
    spans = {role: pairs[i::3] for i, role in enumerate(ROLES)}
    labels = token_labels(text, spans)
    assert len(labels) == len(tokens(text))
    assert set(labels) <= {*ROLES, NONE}


class TestAlpha:
    def test_identical_coders_agree_fully(self) -> None:
        """Two coders with the same spans have alpha 1."""
        assert token_alpha([(TEXT, {"a": HUMAN, "b": dict(HUMAN)})]) == 1.0

    def test_disagreement_lowers_alpha(self) -> None:
        """A coder who misses the source and half the content agrees less than fully."""
        other = {"cue": [(9, 13)], "content": [(14, 22)]}
        alpha = token_alpha([(TEXT, {"a": HUMAN, "b": other})])
        assert 0.0 < alpha < 1.0

    def test_reference_value(self) -> None:
        """A small table whose alpha is known by hand (nominal, two coders)."""
        # 13 tokens; the coders differ on "Ana" (source / none) only. With n = 26 values,
        # observed disagreement 2/26 and the pooled label counts, alpha is 1 - Do/De.
        other = {"source": [(4, 8)], "cue": [(9, 13)], "content": [(14, 33)]}
        counts = {"source": 3, "cue": 2, "content": 8, NONE: 13}
        n = sum(counts.values())
        expected_d = (n * n - sum(c * c for c in counts.values())) / (n * (n - 1))
        observed_d = 2 / n
        alpha = token_alpha([(TEXT, {"a": HUMAN, "b": other})])
        assert alpha == pytest.approx(1 - observed_d / expected_d)

    def test_articles_with_one_coder_add_nothing(self) -> None:
        """An article coded once gives no pairable values; none at all is an error."""
        with pytest.raises(ValueError, match="two coders"):
            token_alpha([(TEXT, {"a": HUMAN})])

    @given(text=articles())
    def test_tool_agrees_with_itself(self, text: str) -> None:
        """The tool read twice agrees with itself (alpha 1), on any realistic article."""
        assume(tokens(text))
        spans = attribution_spans(score(text).attributions)
        assert token_alpha([(text, {"tool": spans, "again": spans})]) == 1.0
