"""Running scorers over a Document and assembling the Profile."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
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
from reliability.quantities import body_chars, body_words
from reliability.ranges import block_ranges
from reliability.scorers.base import Registry, Scorer

__all__ = ["DEFAULT_MAX_CHARS", "Pipeline", "cached_pipeline", "default_registry", "score"]

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
        scorers: ``None`` for every built-in scorer; scorer ids; :class:`Scorer` instances; or a
            :class:`Registry` to run whole. The scorers each one ``requires`` run too, before
            it, but the profile reports only those asked for (:attr:`requested`): a scorer's
            value never depends on which others were asked for.
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
        self.requested: tuple[str, ...] = tuple(
            s.id for s in self.scorers if ids is None or s.id in ids
        )
        """Ids of the scorers the profile reports, in run order (the others run as
        requirements only)."""
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

        The profile reports the :attr:`requested` scorers' results; the others (requirements
        only) are used for the document's body (``body_chars``, ``body_words``) and nothing
        else. The combined index and the findings are computed here, from what the profile
        reports, into ``profile.index`` and ``profile.findings``.

        Args:
            document: The Document the results were computed on.
            results: Each scorer's result by scorer id, as :meth:`score_document` collects them.
        """
        blocks = block_ranges(results)
        info = DocumentInfo(
            id=document.id,
            title=document.title,
            sha256=document.sha256,
            chars=len(document.text),
            words=document.word_count,
            sentences=len(document.sentences),
            body_chars=body_chars(len(document.text), blocks),
            body_words=body_words(document, blocks),
        )
        profile = Profile(
            document=info,
            lexicons=self.lexicon_refs,
            scores={sid: results[sid] for sid in self.requested if sid in results},
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


_PIPELINES: dict[Hashable, Pipeline] = {}
_MAX_PIPELINES = 16


def _file_key(item: object) -> Hashable:
    """A path with its size and modification time (a changed file is read again), else itself."""
    if isinstance(item, (str, Path)):
        path = Path(item)
        try:
            stat = path.stat()
        except OSError:
            return ("path", str(path))
        return ("path", str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    return item


def _cache_key(
    scorers: ScorerSpec, lexicons: LexiconSpec, index_weights: IndexWeights | str | Path | None
) -> Hashable | None:
    """The key under which a pipeline for these arguments is kept; ``None``: not cacheable.

    A :class:`Registry` or :class:`LexiconSet` of the caller's may change after the call, so
    it is not cached; neither is an unhashable argument.
    """
    if isinstance(scorers, Registry) or isinstance(lexicons, LexiconSet):
        return None
    try:
        key = (
            None if scorers is None else tuple(scorers),
            None if lexicons is None else tuple(_file_key(x) for x in lexicons),
            _file_key(index_weights),
        )
        hash(key)
    except TypeError:
        return None
    return key


def cached_pipeline(
    scorers: ScorerSpec = None,
    lexicons: LexiconSpec = None,
    index_weights: IndexWeights | str | Path | None = None,
) -> Pipeline:
    """The pipeline for these arguments, built once and reused for equal arguments.

    Scorer ids, hashable scorer instances, lexicon paths (with their size and modification time,
    so an edited file is read again) and the weights are the key; a :class:`Registry` or
    :class:`LexiconSet` of the caller's is never cached. At most 16 pipelines are kept.
    """
    key = _cache_key(scorers, lexicons, index_weights)
    if key is None:
        return Pipeline(scorers, lexicons, index_weights)
    pipeline = _PIPELINES.get(key)
    if pipeline is None:
        if len(_PIPELINES) >= _MAX_PIPELINES:
            _PIPELINES.pop(next(iter(_PIPELINES)))
        pipeline = _PIPELINES[key] = Pipeline(scorers, lexicons, index_weights)
    return pipeline


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

    The pipeline for the given ``scorers``, ``lexicons`` and ``index_weights`` is built on the
    first call and reused by later calls with equal arguments (see :func:`cached_pipeline`).

    Args:
        text: The article text, kept verbatim; offsets in the profile index into it.
        title: The headline, if known separately.
        id: An identifier carried into the profile.
        scorers: Which scorers to report (see :class:`Pipeline`); all built-in ones by default.
        lexicons: Which lexicons to use (see :class:`Pipeline`); the shipped ones by default.
        index_weights: The combined index's weights file or :class:`IndexWeights`; the
            shipped ``index_weights.toml`` by default.

    Returns:
        The profile, with the combined index in ``profile.index`` and the findings in
        ``profile.findings``.
    """
    pipeline = cached_pipeline(scorers, lexicons, index_weights)
    return pipeline.score(text, title=title, id=id)


def scores_by_id(profile: Profile) -> Mapping[str, float | None]:
    """Return ``{scorer id: value}`` for a profile."""
    return {k: r.value for k, r in profile.scores.items()}
