"""Every registered scorer passes the conformance suite."""

from __future__ import annotations

import pytest

from reliability.lexicon import LexiconSet
from reliability.profile import default_registry
from reliability.testing import ConformanceError, check_scorer

LEXICONS = LexiconSet.default()
REGISTRY = default_registry(LEXICONS)


@pytest.mark.parametrize("scorer", list(REGISTRY), ids=REGISTRY.ids())
def test_builtin_scorer_conforms(scorer):
    """Each built-in scorer keeps the scorer contract on empty, ordinary and messy texts."""
    check_scorer(scorer, registry=REGISTRY, lexicons=LEXICONS)


def test_all_five_scorers_registered():
    """The default registry holds the five scorers of the profile contract."""
    assert set(REGISTRY.ids()) >= {
        "readability",
        "promotional",
        "attribution",
        "anonymous_sourcing",
        "hedging",
    }


class _BadSpans:
    """A scorer whose evidence text does not match its offsets."""

    id = "bad"
    requires: tuple[str, ...] = ()
    after: tuple[str, ...] = ()

    def lexicon_refs(self):
        return ()

    def score(self, document, upstream):
        from reliability.model import Evidence, ScoreResult, Span

        ev = []
        if len(document.text) >= 2:
            ev = [Evidence("bad", "x", Span(0, 1, "not it"), "bad.rule")]
        return ScoreResult(scorer="bad", value=None, reason="never", formula="none", evidence=ev)


def test_conformance_catches_inconsistent_spans():
    """The suite fails a scorer whose span text differs from the text at its offsets."""
    with pytest.raises(ConformanceError, match="span text"):
        check_scorer(_BadSpans(), registry=REGISTRY, lexicons=LEXICONS)
