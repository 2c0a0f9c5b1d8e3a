"""Small stand-in scorers that emit the cross-scorer conventions (labels, details, attributions)
by plain patterns, so that the index, findings and renderers can be tested on exact, known
evidence whatever the state of the real scorers."""

from __future__ import annotations

import re
from collections.abc import Mapping

import attrs

from reliability.document import Document
from reliability.lexicon import LexiconSet
from reliability.model import Attribution, Evidence, LexiconRef, ScoreResult, Span
from reliability.profile import Pipeline
from reliability.quantities import article_source_keys, source_texts, title_words
from reliability.ranges import block_ranges, covered
from reliability.scorers._attribution.extract import PRONOUNS

_BLOCK = re.compile(
    r"^(?:(Support|Donate)|(Also Read|Read more)|(Skip to content|Accept cookies)"
    r"|(Follow us)).*$",
    re.MULTILINE,
)
_BLOCK_LABELS = ("appeal", "link_out", "interface", "social")
_ATTR = re.compile(
    r"(?P<src>[Aa] senior official|[Ss]ources(?: close to the \w+)?|[Pp]eople familiar with the "
    r"matter|[Rr]eports|(?:[A-Z][a-z]+ ){0,2}[A-Z][a-z]+ [A-Z][a-z]+|(?<=, )[A-Z][a-z]+|[Hh]e|[Ss]he) "
    r"(?P<cue>said|told|says)\b"
)
_HEDGE = re.compile(
    r"\b(?:reportedly|may|could|if reports are to be believed|it is believed)\b", re.IGNORECASE
)
_BOOST = re.compile(r"\b(?:clearly|undoubtedly)\b", re.IGNORECASE)


_TITLES = title_words(LexiconSet.default())


def _kind(source: str) -> str:
    low = source.lower()
    if low.startswith(("sources", "reports")) and "close to" not in low:
        return "unspecified"
    if low.startswith(("a senior", "people", "sources close")):
        return "anonymous"
    return "on_record"


@attrs.frozen
class FakePromotional:
    """Lines that start with an appeal, a link-out, interface or social text are blocks."""

    id: str = "promotional"
    requires: tuple[str, ...] = ()
    after: tuple[str, ...] = ()

    def lexicon_refs(self) -> tuple[LexiconRef, ...]:
        """No lexicon."""
        return ()

    def score(self, document: Document, upstream: Mapping[str, ScoreResult]) -> ScoreResult:
        """Flag the block lines."""
        text = document.text
        if not text.strip():
            return ScoreResult.unavailable(self.id, "blocks / chars", "empty text")
        evidence = []
        for m in _BLOCK.finditer(text):
            label = _BLOCK_LABELS[m.lastindex - 1]
            evidence.append(
                Evidence(
                    self.id,
                    label,
                    Span.of(text, m.start(), m.end()),
                    "promotional.line",
                    details={"block": True, "position": "body"},
                )
            )
        inputs = {"blocks": len(evidence), "chars": len(text)}
        for e in evidence:
            inputs[f"{e.label}_chars"] = inputs.get(f"{e.label}_chars", 0) + e.end - e.start
        inputs["promotional_chars"] = sum(e.end - e.start for e in evidence)
        share = inputs["promotional_chars"] / len(text)
        return ScoreResult(self.id, share, "promotional_chars / chars", inputs, evidence=evidence)


@attrs.frozen
class FakeAttribution:
    """`<source> said|told|says`: the source, the cue, and the rest of the sentence as content."""

    id: str = "attribution"
    requires: tuple[str, ...] = ("promotional",)
    after: tuple[str, ...] = ()

    def lexicon_refs(self) -> tuple[LexiconRef, ...]:
        """No lexicon."""
        return ()

    def score(self, document: Document, upstream: Mapping[str, ScoreResult]) -> ScoreResult:
        """Find the attributions."""
        text = document.text
        if not text.strip():
            return ScoreResult.unavailable(self.id, "attributions", "empty text")
        evidence, atts = [], []
        blocks = block_ranges(upstream)
        for m in _ATTR.finditer(text):
            if covered(m.span("cue"), blocks):
                continue
            s_start, s_end = document.sentences[document.sentence_index(m.start())]
            source = Span.of(text, *m.span("src"))
            cue = Span.of(text, *m.span("cue"))
            if m.start() - s_start > 3:
                content = Span.of(text, s_start, m.start())
            else:
                content = Span.of(text, m.end(), s_end)
            kind = _kind(source.text)
            q = document.quotation_at(content.start)
            atts.append(
                Attribution(
                    cue=cue,
                    source=source,
                    content=content,
                    source_kind=kind,
                    quote=q is not None,
                    rule="attribution.said",
                )
            )
            evidence += [
                Evidence(self.id, "source", source, "attribution.said"),
                Evidence(self.id, "cue", cue, "attribution.said"),
                Evidence(self.id, "content", content, "attribution.said"),
            ]
        keys = article_source_keys(source_texts(atts), _TITLES, PRONOUNS)
        atts = [attrs.evolve(a, source_key=k) for a, k in zip(atts, keys, strict=True)]
        return ScoreResult(
            self.id,
            len(atts),
            "attributions",
            {"attributions": len(atts)},
            evidence=evidence,
            attributions=atts,
        )


@attrs.frozen
class FakeHedging:
    """A few hedges and boosters; quoted or attributed ones are not the writer's."""

    id: str = "hedging"
    requires: tuple[str, ...] = ("attribution", "promotional")
    after: tuple[str, ...] = ()

    def lexicon_refs(self) -> tuple[LexiconRef, ...]:
        """No lexicon."""
        return ()

    def score(self, document: Document, upstream: Mapping[str, ScoreResult]) -> ScoreResult:
        """Find the hedges and boosters with their voice."""
        text = document.text
        if not text.strip():
            return ScoreResult.unavailable(self.id, "hedges", "empty text")
        evidence = []
        for pattern, label in ((_HEDGE, "hedge"), (_BOOST, "booster")):
            for m in pattern.finditer(text):
                voice = "quoted" if document.in_quotation(m.start()) else "writer"
                evidence.append(
                    Evidence(
                        self.id,
                        label,
                        Span.of(text, *m.span()),
                        f"hedging.{label}",
                        details={"voice": voice, "type": "epistemic"},
                    )
                )
        writer = [e for e in evidence if e.label == "hedge" and e.details["voice"] == "writer"]
        words = max(1, document.word_count)
        return ScoreResult(
            self.id,
            100 * len(writer) / words,
            "100 * writer_hedges / writer_words",
            {
                "writer_hedges": len(writer),
                "writer_hedge_weight": len(writer),
                "writer_words": words,
            },
            evidence=evidence,
        )


def fake_pipeline(**kwargs: object) -> Pipeline:
    """A pipeline of readability and the three fakes."""
    return Pipeline(
        scorers=["readability", FakePromotional(), FakeAttribution(), FakeHedging()], **kwargs
    )
