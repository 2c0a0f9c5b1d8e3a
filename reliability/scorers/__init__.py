"""The built-in scorers, one module each, and the Scorer protocol."""

from __future__ import annotations

from reliability.lexicon import LexiconSet
from reliability.scorers.anonymous import AnonymousSourcingScorer
from reliability.scorers.attribution import AttributionScorer
from reliability.scorers.base import Registry, Scorer
from reliability.scorers.hedging import HedgingScorer
from reliability.scorers.promotional import PromotionalScorer
from reliability.scorers.readability import ReadabilityScorer

__all__ = ["ReadabilityScorer", "Registry", "Scorer", "builtin_scorers"]


def builtin_scorers(lexicons: LexiconSet) -> list[Scorer]:
    """Instantiate every built-in scorer over a lexicon set, in their natural order."""
    return [
        PromotionalScorer(lexicons),
        ReadabilityScorer(),
        AttributionScorer(lexicons),
        AnonymousSourcingScorer(),
        HedgingScorer(lexicons),
    ]
