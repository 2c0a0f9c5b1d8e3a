"""Attribution: who says what in an article, and how much of the article is attributed.

The scorer finds attribution relations — a **cue** ("said", "according to", "told Reuters"),
the **source** it attributes to and the **content** attributed — with rules over the Document's
words and four lexicons (``attribution_cues``, ``source_roles``, ``anonymity``, ``outlets``); see
:mod:`reliability.scorers._attribution.extract` for the rules. Each relation becomes an
:class:`~reliability.model.Attribution` in the profile and evidence labelled ``cue``, ``source``,
``content``, ``via`` and ``anonymity_reason``.

Its value is the **attribution density**: the share of the article's body sentences that carry an
attribution cue or lie inside attributed content. Sentences inside blocks (evidence of the
``promotional`` scorer with ``block: True``: promotional blocks and embedded posts) are not body
sentences, and a relation whose cue lies in a block is not the article's: it is left out (see
:mod:`reliability.quantities`). The scorer therefore requires ``promotional``. Each relation
carries its ``source_key``, the same for every mention of one source.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping
from operator import itemgetter
from typing import NamedTuple

import attrs

from reliability.document import Document, Segment
from reliability.lexicon import LexiconSet
from reliability.model import (
    Attribution,
    Evidence,
    LexiconRef,
    ScoreResult,
    Span,
    evidence_details,
)
from reliability.quantities import (
    article_source_keys,
    distinct_sources,
    source_texts,
    title_words,
)
from reliability.ranges import block_ranges, covered
from reliability.scorers._attribution.extract import Extractor, Found

__all__ = ["FORMULA", "LEXICONS", "AttributionScorer"]

LEXICONS: tuple[str, ...] = (
    "attribution_cues",
    "source_roles",
    "anonymity",
    "outlets",
    "source_kinds",
    "word_classes",
)
"""The lexicon families the scorer reads."""

FORMULA = (
    "value = attributed_sentences / body_sentences, where body_sentences are the sentences "
    "outside blocks (promotional blocks and embedded posts) and attributed_sentences those of "
    "them that hold an attribution cue or overlap attributed content; attributions = relations "
    "whose cue lies outside every block; distinct_sources = distinct source keys (a pronoun or "
    "surname counted as the source it resolves to, a title alone as the one name that carried "
    "it, an unresolved pronoun not counted); direct_quote_share = attributions "
    "whose content is a direct quotation / attributions; attributed_words = words inside "
    "attributed content"
)


def _lexicon_set_default() -> LexiconSet:
    return LexiconSet.default()


@attrs.frozen(eq=False)
class AttributionScorer:
    """Finds attribution relations and measures the share of attributed body sentences.

    Attributes:
        lexicons: The lexicon set to read the four attribution lexicons from.
    """

    lexicons: LexiconSet = attrs.field(factory=_lexicon_set_default)
    id: str = attrs.field(default="attribution", init=False)
    requires: tuple[str, ...] = attrs.field(default=("promotional",), init=False)
    after: tuple[str, ...] = attrs.field(default=(), init=False)
    _extractor: Extractor = attrs.field(init=False)
    _titles: frozenset[str] = attrs.field(init=False)

    @_extractor.default
    def _build_extractor(self) -> Extractor:
        return Extractor(self.lexicons)

    @_titles.default
    def _build_titles(self) -> frozenset[str]:
        return title_words(self.lexicons)

    def lexicon_refs(self) -> tuple[LexiconRef, ...]:
        """The identity of every attribution lexicon (and lexicons extending them)."""
        refs = [lex.ref for family in LEXICONS for lex in self.lexicons.family(family)]
        return tuple(sorted(refs, key=lambda r: r.id))

    def find(self, document: Document) -> list[Found]:
        """Return the raw relations (offsets only) found in a document."""
        return self._extractor.extract(document)

    def score(self, document: Document, upstream: Mapping[str, ScoreResult]) -> ScoreResult:
        """Find the attributions of a document and compute the attribution density."""
        text = document.text
        blocks = block_ranges(upstream)
        # Text in a block is not the article's reporting: a "says" there is the headline of
        # another article, or the sourcing of an embedded post.
        found = self.find(document)
        if blocks:
            found = [f for f in found if not covered(f.cue, blocks)]
        if blocks:
            body = [i for i, s in enumerate(document.sentences) if not covered(s, blocks)]
        else:
            body = list(range(len(document.sentences)))
        attributed: set[int] = set()
        for f in found:
            for seg in (f.cue, f.content):
                if seg is not None:
                    attributed.update(document.sentences_in(seg[0], seg[1]))
        attributed_body = attributed.intersection(body)
        spans = [_Spans.of(text, f) for f in found]
        keys = article_source_keys(
            source_texts(spans), self._titles, self._extractor.classes.pronouns
        )
        attributions = tuple(
            _attribution(f, sp, key) for f, sp, key in zip(found, spans, keys, strict=True)
        )
        evidence = tuple(
            ev for f, sp in zip(found, spans, strict=True) for ev in _evidence(self.id, f, sp)
        )
        quotes = sum(1 for f in found if f.quote)
        words = _words_in(document, [f.content for f in found if f.content is not None])
        inputs: dict[str, float] = {
            "attributions": len(found),
            "distinct_sources": len(distinct_sources(attributions)),
            "direct_quotes": quotes,
            "direct_quote_share": quotes / len(found) if found else 0.0,
            "attributed_words": words,
            "body_sentences": len(body),
            "attributed_sentences": len(attributed_body),
        }
        if not body:
            why = "no body sentences to measure"
            if document.sentences:
                # every sentence lies in a block: say so, rather than look like an empty text
                why = (
                    "no body sentences to measure: the whole text is promotional blocks "
                    "or embedded posts"
                )
            return ScoreResult.unavailable(
                self.id,
                FORMULA,
                why,
                inputs=inputs,
                evidence=evidence,
                attributions=attributions,
            )
        return ScoreResult(
            scorer=self.id,
            value=len(attributed_body) / len(body),
            formula=FORMULA,
            inputs=inputs,
            evidence=evidence,
            attributions=attributions,
        )


def _span(text: str, seg: Segment | None) -> Span | None:
    return None if seg is None else Span.of(text, seg[0], seg[1])


class _Spans(NamedTuple):
    """The spans of one relation, built once for its Attribution and its evidence."""

    cue: Span
    source: Span | None
    content: Span | None
    via: Span | None
    anonymity_reason: Span | None
    resolved_source: Span | None

    @classmethod
    def of(cls, text: str, f: Found) -> _Spans:
        """The spans of a relation's segments in ``text``."""
        return cls(
            Span.of(text, f.cue[0], f.cue[1]),
            _span(text, f.source),
            _span(text, f.content),
            _span(text, f.via),
            _span(text, f.anonymity_reason),
            _span(text, f.resolved),
        )


def _attribution(f: Found, spans: _Spans, source_key: str | None) -> Attribution:
    return Attribution(
        cue=spans.cue,
        source=spans.source,
        content=spans.content,
        source_kind=f.kind,  # type: ignore[arg-type]
        via=spans.via,
        quote=f.quote,
        secondhand=f.secondhand,
        anonymity_reason=spans.anonymity_reason,
        resolved_source=spans.resolved_source,
        rule=f.rule,
        kind_rule=f.kind_rule,
        source_key=source_key,
    )


def _evidence(scorer: str, f: Found, spans: _Spans) -> list[Evidence]:
    # Keys in order: nothing to sort. Converted once, shared by the relation's evidence.
    details = evidence_details(
        {
            "cue_type": f.cue_entry.label,
            "kind_reason": f.kind_reason,
            "kind_rule": f.kind_rule,
            "quote": f.quote,
            "secondhand": f.secondhand,
            "source_kind": f.kind,
        }
    )
    out = [
        Evidence(
            scorer,
            "cue",
            spans.cue,
            f.cue_entry.qualified_id,
            f.cue_entry.weight,
            details,
        )
    ]
    for label, span in (
        ("source", spans.source),
        ("content", spans.content),
        ("via", spans.via),
        ("anonymity_reason", spans.anonymity_reason),
    ):
        if span is not None:
            out.append(Evidence(scorer, label, span, f.rule, 1.0, details))
    return out


_start = itemgetter(0)


def _words_in(document: Document, segments: list[Segment]) -> int:
    """Words of the document inside the union of segments."""
    if not segments:
        return 0
    merged: list[list[int]] = []
    for s, e in sorted(segments):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    words = document.words
    total = 0
    for s, e in merged:
        total += bisect_left(words, e, key=_start) - bisect_left(words, s, key=_start)
    return total
