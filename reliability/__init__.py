"""source-reliability: how well is a news article sourced.

Scorers measure attribution, anonymous sourcing, hedging, promotional content and readability,
with the exact spans of text behind every number, and combine into a transparent per-article
:class:`Profile`.

Example:
    >>> import reliability
    >>> profile = reliability.score("The minister said the bridge would reopen on Monday.")
    >>> profile.document.sentences
    1
"""

import typing as _typing

from reliability._version import __version__
from reliability.document import Document, Quotation
from reliability.errors import InputError, LexiconError, ReliabilityError, UnknownScorerError
from reliability.html import score_html
from reliability.lexicon import Lexicon, LexiconSet, load_lexicon
from reliability.model import (
    Attribution,
    Byline,
    DocumentInfo,
    Evidence,
    Finding,
    IndexComponent,
    LexiconRef,
    PageInfo,
    Profile,
    ScoreResult,
    SourcingIndex,
    Span,
)
from reliability.profile import Pipeline, default_registry, score
from reliability.scorers.base import Registry, Scorer

if _typing.TYPE_CHECKING:
    from reliability.frame import read_profiles, to_dataframe

__all__ = [
    "Attribution",
    "Byline",
    "Document",
    "DocumentInfo",
    "Evidence",
    "Finding",
    "IndexComponent",
    "InputError",
    "Lexicon",
    "LexiconError",
    "LexiconRef",
    "LexiconSet",
    "PageInfo",
    "Pipeline",
    "Profile",
    "Quotation",
    "Registry",
    "ReliabilityError",
    "ScoreResult",
    "Scorer",
    "SourcingIndex",
    "Span",
    "UnknownScorerError",
    "__version__",
    "default_registry",
    "load_lexicon",
    "read_profiles",
    "score",
    "score_html",
    "to_dataframe",
]

_LAZY = {"read_profiles": "reliability.frame", "to_dataframe": "reliability.frame"}


def __getattr__(name: str) -> _typing.Any:
    """Import the DataFrame helpers on first use, so that ``import reliability`` stays light."""
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'reliability' has no attribute {name!r}")
