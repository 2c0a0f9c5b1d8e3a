"""Anonymous sourcing: how much of an article's attribution rests on sources it does not name.

The scorer reads the attributions found by the ``attribution`` scorer (it requires it) and
measures the share whose source is ``anonymous`` (an unnamed person or group described by role or
affiliation: "a senior official", "sources close to the Taliban") or ``unspecified`` (no
identification at all: "sources", "reports", "it is believed"). Its evidence marks each such
source (or, with no source, the cue) and each stated reason for anonymity.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from reliability.document import Document
from reliability.model import Attribution, Evidence, LexiconRef, ScoreResult, Span
from reliability.quantities import UNNAMED, distinct_sources, kind_counts, typed_count

__all__ = ["FORMULA", "AnonymousSourcingScorer"]

FORMULA = (
    "value = (anonymous + unspecified) / (on_record + anonymous + unspecified), over the "
    "attribution scorer's relations; on_record, anonymous and unspecified count attributions by "
    "source kind; unresolved counts attributions whose source the rules could not find (a cue "
    "whose subject lies elsewhere), left out of the share; "
    "distinct_anonymous_sources counts distinct source keys of anonymous attributions (a "
    "definite repeat such as 'the official' counted as the source it refers back to); "
    "secondhand_share = attributions "
    "relayed from another outlet / attributions; anonymous_with_reason counts anonymous or "
    "unspecified attributions for which the article states why the source is not named"
)


@attrs.frozen
class AnonymousSourcingScorer:
    """Share of attributions whose source is anonymous or unspecified.

    The scorer has no configuration of its own: what counts as anonymous is decided when the
    attribution scorer types each source.
    """

    id: str = attrs.field(default="anonymous_sourcing", init=False)
    requires: tuple[str, ...] = attrs.field(default=("attribution",), init=False)
    after: tuple[str, ...] = attrs.field(default=(), init=False)

    def lexicon_refs(self) -> tuple[LexiconRef, ...]:
        """No lexicon of its own (the attribution scorer's lexicons type the sources)."""
        return ()

    def score(self, document: Document, upstream: Mapping[str, ScoreResult]) -> ScoreResult:
        """Count attributions by source kind and compute the anonymous-or-unspecified share."""
        attribution = upstream.get("attribution")
        if attribution is None:
            return ScoreResult.unavailable(
                self.id, FORMULA, "the attribution scorer did not run (it is required)"
            )
        items = attribution.attributions
        counts = kind_counts(items)
        typed = typed_count(counts)
        unnamed = [a for a in items if a.source_kind in UNNAMED]
        anonymous_sources = distinct_sources(items, ("anonymous",))
        secondhand = sum(1 for a in items if a.secondhand)
        with_reason = sum(1 for a in unnamed if a.anonymity_reason is not None)
        inputs: dict[str, float] = {
            "attributions": len(items),
            "on_record": counts["on_record"],
            "anonymous": counts["anonymous"],
            "unspecified": counts["unspecified"],
            "unresolved": counts["unresolved"],
            "distinct_anonymous_sources": len(anonymous_sources),
            "secondhand": secondhand,
            "secondhand_share": secondhand / len(items) if items else 0.0,
            "anonymous_with_reason": with_reason,
        }
        evidence = tuple(ev for a in unnamed for ev in _evidence(self.id, document.text, a))
        if not typed:
            reason = (
                "no attributions found: there is no sourcing to measure"
                if not items
                else "no attribution has a source of known kind"
            )
            return ScoreResult.unavailable(
                self.id, FORMULA, reason, inputs=inputs, evidence=evidence
            )
        value = (counts["anonymous"] + counts["unspecified"]) / typed
        return ScoreResult(
            scorer=self.id, value=value, formula=FORMULA, inputs=inputs, evidence=evidence
        )


def _evidence(scorer: str, text: str, a: Attribution) -> list[Evidence]:
    kind = a.source_kind or "unspecified"  # only anonymous and unspecified ones get here
    details: dict[str, str | int | float | bool | None] = {
        "cue": a.cue.text,
        "secondhand": a.secondhand,
        "source_kind": kind,
    }
    span = a.source if a.source is not None else a.cue
    out = [
        Evidence(
            scorer,
            kind,
            Span.of(text, span.start, span.end),
            f"{scorer}.{kind}_source",
            1.0,
            details,
        )
    ]
    if a.anonymity_reason is not None:
        r = a.anonymity_reason
        out.append(
            Evidence(
                scorer,
                "anonymity_reason",
                Span.of(text, r.start, r.end),
                f"{scorer}.stated_reason",
                1.0,
                details,
            )
        )
    return out
