"""Hedging: cues that mark a claim as uncertain, boosters that mark it as certain, by voice.

Each cue is tagged with whose voice it is in: the writer's, a quotation's or attributed content's.

Cues come from two lexicon families, ``hedging`` and ``boosters`` (``lexicons/hedging.toml``,
``lexicons/boosters.toml``), each scanned once per text by its compiled matcher. The hedge
labels follow the Szeged uncertainty scheme (``epistemic``, ``doxastic``, ``condition``,
``investigation``) plus the hedges news prose relies on (``evidential``, ``weasel``,
``approximator``); the weasel lexicons (``weasel_groups``, ``weasel_agentless``,
``weasel_quantities``, ``weasel_frequency``) extend the hedging family. Two context rules sit
on top of the lexicons:

* the modals of ``lexicons/conditional_modals.toml`` (would, will, should, won't) count only
  in a sentence that also holds a ``condition`` cue ("if", "unless"): "the bridge will
  reopen" is a plain prediction, "if funds arrive, the bridge will reopen" is conditional.
  That family is scanned only inside such sentences, which also keeps the very frequent
  "will" and "would" out of the scan of the whole text;
* a booster overlapping a hedge ("almost certainly") is dropped: the hedge wins.

Each cue's voice is ``quoted`` when it lies inside a quotation's content (from the Document),
``attributed`` when it lies inside the content of an attribution relation (from
``upstream["attribution"]``: the scorer requires it), and ``writer`` otherwise. Text inside
promotional ``block`` evidence is not article prose: cues there are not reported, its words
and sentences are not counted.

A ``weasel`` cue that overlaps the source of an attribution whose source is not on record
(``unspecified`` or ``anonymous``: "some experts say", "critics argue") is one span in two
roles: a hedge here and a source there. Its evidence names the source it stands for
(``source_start``, ``source_end``, ``source_kind``) and the count
``writer_weasels_as_sources`` says how many writer's-voice weasels are such sources, so that a
combined measure can count each of them once.

The value is the density of hedges in the writer's own voice; every other count — quoted and
attributed hedges, boosters by voice, the share of hedged sentences, the booster–hedge
balance — is an input.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from typing import Literal

import attrs

from reliability.document import Document, Segment
from reliability.lexicon import LexiconMatch, LexiconSet
from reliability.model import Evidence, LexiconRef, ScoreResult, Span
from reliability.ranges import block_ranges, covered, merge, overlaps, subtract

__all__ = ["FORMULA", "HEDGE_LABELS", "HedgingScorer", "Voice"]

Voice = Literal["writer", "quoted", "attributed"]

HEDGE_LABELS: tuple[str, ...] = (
    "epistemic",
    "doxastic",
    "condition",
    "investigation",
    "evidential",
    "weasel",
    "approximator",
)
"""The hedge types a cue's ``type`` may take (a conditional modal reports as ``condition``)."""

FORMULA = (
    "value = 100 * writer_hedge_weight / writer_words, where writer_hedge_weight sums the "
    "weights of hedge cues in the writer's own voice (not inside a quotation or attributed "
    "content; approximators and the vague-quantity and generality weasels weigh 0.5) and "
    "writer_words counts body words in the writer's voice (body = outside promotional "
    "blocks); hedged_sentence_share = writer_hedged_sentences / writer_sentences (body "
    "sentences with writer's-voice words); booster_hedge_balance = (writer_boosters - "
    "writer_hedges) / (writer_boosters + writer_hedges), omitted when both are 0; "
    "quoted_*/attributed_* count cues inside quotations / attributed content; writer_weasels "
    "counts writer's-voice weasel cues, writer_weasels_as_sources those of them that are also "
    "the unspecified or anonymous source of an attribution; writer_hedge_rate_beyond_sources = "
    "100 * (writer_hedge_weight - weight of writer_weasels_as_sources) / writer_words"
)

_VOICES: tuple[Voice, ...] = ("writer", "quoted", "attributed")


@attrs.frozen
class _Cue:
    """A lexicon match kept as a cue: what it is, where, and in whose voice."""

    match: LexiconMatch
    label: Literal["hedge", "booster"]
    type: str
    voice: Voice
    sentence: int | None
    source: tuple[int, int, str] | None = None


@attrs.frozen
class HedgingScorer:
    """Hedge and booster cues with their voice; the value is writer's-voice hedges per 100 words.

    Attributes:
        lexicons: The lexicon set holding the ``hedging`` and ``boosters`` families.
        hedge_family: Lexicon family of hedge cues.
        booster_family: Lexicon family of booster cues.
        conditional_family: Lexicon family of modals counted only in a sentence holding a
            ``condition`` cue of the hedge family.
    """

    lexicons: LexiconSet = attrs.field(factory=LexiconSet.default)
    hedge_family: str = "hedging"
    booster_family: str = "boosters"
    conditional_family: str = "conditional_modals"
    id: str = attrs.field(default="hedging", init=False)
    requires: tuple[str, ...] = attrs.field(default=("attribution", "promotional"), init=False)
    after: tuple[str, ...] = attrs.field(default=(), init=False)

    def __attrs_post_init__(self) -> None:
        """Compile the matchers now, so a missing lexicon fails at construction."""
        for family in self._families:
            self.lexicons.matcher(family)

    @property
    def _families(self) -> tuple[str, str, str]:
        return (self.hedge_family, self.conditional_family, self.booster_family)

    def lexicon_refs(self) -> tuple[LexiconRef, ...]:
        """Return the identity of every lexicon of the hedge, conditional and booster families."""
        return tuple(lex.ref for family in self._families for lex in self.lexicons.family(family))

    # ---- the measurement ------------------------------------------------------------------

    def cues(
        self, document: Document, upstream: Mapping[str, ScoreResult] | None = None
    ) -> list[Evidence]:
        """Return the hedge and booster evidence of a document (all voices), sorted by position.

        Args:
            document: The article.
            upstream: Earlier results; ``promotional`` and ``attribution`` are used if present.

        Returns:
            Evidence labelled ``hedge`` or ``booster`` with ``details`` ``voice`` and ``type``.
        """
        up = upstream or {}
        found = self._cues(document, block_ranges(up), _contents(up), _vague_sources(up))
        return [self._evidence(document.text, c) for c in found]

    def score(self, document: Document, upstream: Mapping[str, ScoreResult]) -> ScoreResult:
        """Measure hedging in the writer's voice and count the rest by voice."""
        if not document.text.strip():
            return ScoreResult.unavailable(self.id, FORMULA, "empty text: no words to measure")
        blocks = block_ranges(upstream)
        contents = _contents(upstream)
        cues = self._cues(document, blocks, contents, _vague_sources(upstream))
        text = document.text
        evidence = [self._evidence(text, c) for c in cues]
        quoted = [(q.content_start, q.content_end) for q in document.quotations if q.depth == 0]
        body_sentences = [i for i, s in enumerate(document.sentences) if not covered(s, blocks)]
        # The writer's words: those starting in a body sentence outside blocks, quotations and
        # attributed content; the writer's sentences: those holding one.
        writer_words, writer_sentences = _words_outside(
            document, body_sentences, merge([*blocks, *quoted, *contents])
        )
        inputs = _counts(cues)
        hedged = {c.sentence for c in cues if c.label == "hedge" and c.voice == "writer"}
        weasels = [c for c in cues if c.type == "weasel" and c.voice == "writer"]
        inputs["writer_weasels"] = len(weasels)
        inputs["writer_weasels_as_sources"] = sum(1 for c in weasels if c.source is not None)
        inputs["writer_words"] = writer_words
        inputs["body_sentences"] = len(body_sentences)
        inputs["writer_sentences"] = len(writer_sentences)
        inputs["writer_hedged_sentences"] = len(hedged & writer_sentences)
        if writer_sentences:
            inputs["hedged_sentence_share"] = len(hedged & writer_sentences) / len(writer_sentences)
        h, b = inputs["writer_hedges"], inputs["writer_boosters"]
        if h + b:
            inputs["booster_hedge_balance"] = (b - h) / (b + h)
        if writer_words == 0:
            return ScoreResult.unavailable(
                self.id,
                FORMULA,
                "no words in the writer's own voice (all quoted, attributed or promotional)",
                inputs=inputs,
                evidence=evidence,
            )
        weight = sum(
            c.match.entry.weight for c in cues if c.label == "hedge" and c.voice == "writer"
        )
        inputs["writer_hedge_weight"] = weight
        # The share of the rate that is not already counted as an unnamed source (a weasel that
        # is an attribution's source): what the index's writer_hedging component reads.
        as_sources = sum(c.match.entry.weight for c in weasels if c.source is not None)
        inputs["writer_hedge_rate_beyond_sources"] = 100 * (weight - as_sources) / writer_words
        return ScoreResult(
            scorer=self.id,
            value=100 * weight / writer_words,
            formula=FORMULA,
            inputs=inputs,
            evidence=evidence,
        )

    # ---- steps ----------------------------------------------------------------------------

    def _cues(
        self,
        document: Document,
        blocks: Sequence[Segment],
        contents: Sequence[Segment],
        sources: Sequence[tuple[int, int, str]] = (),
    ) -> list[_Cue]:
        """Scan each family once, apply the context rules and tag each cue's voice.

        ``sources`` are the (start, end, kind) spans of sources not on record; a weasel cue
        overlapping one is linked to it.
        """
        text = document.text
        hedges = [
            m
            for m in self.lexicons.matcher(self.hedge_family).finditer(text)
            if not covered((m.start, m.end), blocks)
        ]
        sentences = [document.sentence_index(m.start) for m in hedges]
        out = []
        for m, s in zip(hedges, sentences, strict=True):
            kind = m.entry.label or "epistemic"
            source = _source_at(sources, m.start, m.end) if kind == "weasel" else None
            out.append(_Cue(m, "hedge", kind, _voice(document, m.start, contents), s, source))
        taken = [(m.start, m.end) for m in hedges]
        conditional = sorted(
            {
                s
                for m, s in zip(hedges, sentences, strict=True)
                if s is not None and m.entry.label == "condition"
            }
        )
        modals = self.lexicons.matcher(self.conditional_family)
        for s in conditional:
            start, end = document.sentences[s]
            for m in modals.finditer(text, start, end):
                span = (m.start, m.end)
                if not overlaps(span, taken) and not covered(span, blocks):
                    voice = _voice(document, m.start, contents)
                    out.append(_Cue(m, "hedge", "condition", voice, s))
        out.sort(key=lambda c: (c.match.start, c.match.end))
        taken = [(c.match.start, c.match.end) for c in out]
        for m in self.lexicons.matcher(self.booster_family).finditer(text):
            if covered((m.start, m.end), blocks) or overlaps((m.start, m.end), taken):
                continue
            out.append(
                _Cue(
                    m,
                    "booster",
                    m.entry.label or "certainty",
                    _voice(document, m.start, contents),
                    document.sentence_index(m.start),
                )
            )
        out.sort(key=lambda c: (c.match.start, c.match.end))
        return out

    def _evidence(self, text: str, cue: _Cue) -> Evidence:
        m = cue.match
        details: dict[str, str | int] = {"type": cue.type, "voice": cue.voice}
        if cue.source is not None:
            details["source_start"], details["source_end"], details["source_kind"] = cue.source
        return Evidence(
            scorer=self.id,
            label=cue.label,
            span=Span.of(text, m.start, m.end),
            rule=m.entry.qualified_id,
            weight=m.entry.weight,
            details=details,
        )


# ---- helpers ---------------------------------------------------------------------------------


def _counts(cues: Iterable[_Cue]) -> dict[str, float]:
    """Count cues by label and voice: ``writer_hedges``, ``quoted_boosters`` and so on."""
    counts: dict[str, float] = {f"{v}_{k}": 0 for v in _VOICES for k in ("hedges", "boosters")}
    for c in cues:
        counts[f"{c.voice}_{c.label}s"] += 1
    return counts


def _voice(document: Document, offset: int, contents: Sequence[Segment]) -> Voice:
    """Return the voice at ``offset``: ``quoted``, ``attributed`` or ``writer``."""
    q = document.quotation_at(offset)
    if q is not None and q.content_start <= offset < q.content_end:
        return "quoted"
    if covered((offset, offset + 1), contents):
        return "attributed"
    return "writer"


def _contents(upstream: Mapping[str, ScoreResult]) -> list[Segment]:
    """Merged ranges of attributed content when attribution ran, less every attribution cue.

    A cue such as "reportedly" may lie inside the content it attributes ("The fighters were
    reportedly not armed"); the cue is the writer's act of attributing, so it stays in the
    writer's voice.
    """
    attribution = upstream.get("attribution")
    if attribution is None:
        return []
    contents = merge(
        [
            (a.content.start, a.content.end)
            for a in attribution.attributions
            if a.content is not None and a.content.end > a.content.start
        ]
    )
    cues = merge([(a.cue.start, a.cue.end) for a in attribution.attributions])
    return subtract(contents, cues)


def _vague_sources(upstream: Mapping[str, ScoreResult]) -> list[tuple[int, int, str]]:
    """The (start, end, kind) spans of attribution sources ``unspecified`` or ``anonymous``."""
    attribution = upstream.get("attribution")
    if attribution is None:
        return []
    return sorted(
        {
            (a.source.start, a.source.end, str(a.source_kind))
            for a in attribution.attributions
            if a.source is not None and a.source_kind in ("unspecified", "anonymous")
        }
    )


def _source_at(
    sources: Sequence[tuple[int, int, str]], start: int, end: int
) -> tuple[int, int, str] | None:
    """The first source span overlapping ``[start, end)``, if any (sources sorted by start)."""
    for s, e, kind in sources[: bisect_left(sources, (end, -1, ""))]:
        if s < end and start < e:
            return (s, e, kind)
    return None


def _count_words(starts: Sequence[int], start: int, end: int) -> int:
    """How many of the Document's words start inside ``[start, end)`` (given the word starts)."""
    return bisect_left(starts, end) - bisect_left(starts, start)


def _words_outside(
    document: Document, sentences: Iterable[int], excluded: Sequence[Segment]
) -> tuple[int, set[int]]:
    """The words starting in some sentences but outside some ranges, and the sentences holding one.

    ``sentences`` are ascending indices; ``excluded`` are merged, sorted ranges. One sweep over
    both together: the parts of each sentence outside the ranges, and the words starting in
    each part, counted by bisection.
    """
    words, spans = document.word_starts, document.sentences
    total = 0
    holding: set[int] = set()
    j, n_excluded = 0, len(excluded)
    for i in sentences:
        start, end = spans[i]
        while j < n_excluded and excluded[j][1] <= start:
            j += 1
        n, pos, k = 0, start, j
        while k < n_excluded and excluded[k][0] < end:
            x_start, x_end = excluded[k]
            if x_start > pos:
                n += _count_words(words, pos, x_start)
            pos = max(pos, x_end)
            k += 1
        if pos < end:
            n += _count_words(words, pos, end)
        if n:
            total += n
            holding.add(i)
    return total, holding
