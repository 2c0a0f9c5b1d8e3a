"""Running scorers over a Document and assembling the Profile."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Union

import attrs

from reliability._version import __version__
from reliability.document import Abbreviations, Document
from reliability.errors import TextTooLongError
from reliability.findings import compute_findings
from reliability.index import IndexWeights, ProfileFacts, compute_index
from reliability.lexicon import LexiconSet
from reliability.model import DocumentInfo, LexiconRef, Profile, ScoreResult
from reliability.scorers.base import Registry, Scorer

__all__ = ["DEFAULT_MAX_CHARS", "Pipeline", "default_registry", "score"]

DEFAULT_MAX_CHARS = 10_000_000
"""The longest text a pipeline scores by default, in characters (code points)."""

ScorerSpec = Union[Registry, Iterable[Union[str, Scorer]], None]  # noqa: UP007 - 3.10 aliases
LexiconSpec = Union[LexiconSet, Iterable[Union[str, Path]], None]  # noqa: UP007


def default_registry(lexicons: LexiconSet | None = None) -> Registry:
    """A new registry holding the built-in scorers, reading the given (or shipped) lexicons."""
    from reliability.scorers import builtin_scorers

    lex = lexicons if lexicons is not None else LexiconSet.default()
    return Registry(builtin_scorers(lex))


class Pipeline:
    """Scorers and lexicons resolved once, to score many texts.

    Args:
        scorers: ``None`` for every built-in scorer; scorer ids (their requirements are added);
            :class:`Scorer` instances; or a :class:`Registry` to run whole.
        lexicons: ``None`` for the shipped lexicons; a :class:`LexiconSet`; or lexicon files and
            directories added to the shipped ones (a file replaces a shipped lexicon of its id).
        index_weights: The combined index's configuration: ``None`` for the shipped
            ``index_weights.toml``, a file laid over it, or an :class:`IndexWeights`.
        max_chars: The longest text to score, in characters; a longer one raises
            :class:`~reliability.errors.TextTooLongError` (``None``: no limit).
    """

    def __init__(
        self,
        scorers: ScorerSpec = None,
        lexicons: LexiconSpec = None,
        index_weights: IndexWeights | str | Path | None = None,
        max_chars: int | None = DEFAULT_MAX_CHARS,
    ) -> None:
        """Resolve lexicons, the run order of scorers and the index weights."""
        self.max_chars = max_chars
        self.index_weights = (
            index_weights
            if isinstance(index_weights, IndexWeights)
            else IndexWeights.load(index_weights)
        )
        if isinstance(lexicons, LexiconSet):
            self.lexicons = lexicons
        else:
            self.lexicons = LexiconSet.default(lexicons or ())
        if isinstance(scorers, Registry):
            registry, ids = scorers, None
        else:
            registry = default_registry(self.lexicons)
            ids = None
            if scorers is not None:
                ids = []
                for item in scorers:
                    if isinstance(item, str):
                        ids.append(item)
                    else:
                        if item.id in registry:
                            registry = Registry(item if s.id == item.id else s for s in registry)
                        else:
                            registry.register(item)
                        ids.append(item.id)
        self.registry = registry
        self.scorers: tuple[Scorer, ...] = tuple(registry.plan(ids))
        self.abbreviations = _abbreviations(self.lexicons)
        refs: dict[str, LexiconRef] = {}
        if "abbreviations" in self.lexicons:
            ref = self.lexicons["abbreviations"].ref
            refs[ref.id] = ref
        for scorer in self.scorers:
            for ref in scorer.lexicon_refs():
                refs[ref.id] = ref
        self.lexicon_refs: tuple[LexiconRef, ...] = tuple(refs[k] for k in sorted(refs))

    def document(self, text: str, *, title: str | None = None, id: str | None = None) -> Document:
        """Build the Document the scorers will share (refusing a text over ``max_chars``)."""
        if self.max_chars is not None and len(text) > self.max_chars:
            raise TextTooLongError(id or "<text>", len(text), self.max_chars)
        return Document.from_text(text, title=title, id=id, abbreviations=self.abbreviations)

    def score(self, text: str, *, title: str | None = None, id: str | None = None) -> Profile:
        """Score one text and return its profile."""
        return self.score_document(self.document(text, title=title, id=id))

    def score_document(self, document: Document) -> Profile:
        """Run every scorer, in dependency order, over a Document."""
        results: dict[str, ScoreResult] = {}
        for scorer in self.scorers:
            results[scorer.id] = scorer.score(document, results)
        return self.assemble(document, results)

    def assemble(self, document: Document, results: Mapping[str, ScoreResult]) -> Profile:
        """Assemble the profile of a Document from its scorers' results.

        The combined index and the findings are computed here, into ``profile.index`` and
        ``profile.findings``.

        Args:
            document: The Document the results were computed on.
            results: Each scorer's result by scorer id, as :meth:`score_document` collects them.
        """
        info = DocumentInfo(
            id=document.id,
            title=document.title,
            sha256=document.sha256,
            chars=len(document.text),
            words=document.word_count,
            sentences=len(document.sentences),
        )
        profile = Profile(
            document=info,
            lexicons=self.lexicon_refs,
            scores=dict(results),
            library_version=__version__,
        )
        facts = ProfileFacts.of(profile)
        return attrs.evolve(
            profile,
            index=compute_index(profile, self.index_weights, facts),
            findings=compute_findings(profile, document, facts),
        )


def _abbreviations(lexicons: LexiconSet) -> Abbreviations:
    if "abbreviations" not in lexicons:
        return Abbreviations()
    return Abbreviations.from_lexicons(lexicons.family("abbreviations"))


_DEFAULT_PIPELINE: Pipeline | None = None


def score(
    text: str,
    *,
    title: str | None = None,
    id: str | None = None,
    scorers: ScorerSpec = None,
    lexicons: LexiconSpec = None,
    index_weights: IndexWeights | str | Path | None = None,
) -> Profile:
    """Score one article and return its profile.

    Args:
        text: The article text, kept verbatim; offsets in the profile index into it.
        title: The headline, if known separately.
        id: An identifier carried into the profile.
        scorers: Which scorers to run (see :class:`Pipeline`); all built-in ones by default.
        lexicons: Which lexicons to use (see :class:`Pipeline`); the shipped ones by default.
        index_weights: The combined index's weights file or :class:`IndexWeights`; the
            shipped ``index_weights.toml`` by default.

    Returns:
        The profile, with the combined index in ``profile.index`` and the findings in
        ``profile.findings``.
    """
    global _DEFAULT_PIPELINE  # noqa: PLW0603 - the default pipeline is built once, lazily
    if scorers is None and lexicons is None and index_weights is None:
        if _DEFAULT_PIPELINE is None:
            _DEFAULT_PIPELINE = Pipeline()
        pipeline = _DEFAULT_PIPELINE
    else:
        pipeline = Pipeline(scorers, lexicons, index_weights)
    return pipeline.score(text, title=title, id=id)


def scores_by_id(profile: Profile) -> Mapping[str, float | None]:
    """Return ``{scorer id: value}`` for a profile."""
    return {k: r.value for k, r in profile.scores.items()}
