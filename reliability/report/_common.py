"""What the renderers share: the index and findings of a profile, and highlight segments.

Formatting helpers only; nothing is measured here.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from typing import Any

from reliability.model import Attribution, Evidence, Profile

__all__ = [
    "Segment",
    "evidence_kinds",
    "findings_of",
    "highlight_segments",
    "index_of",
    "kind_reasons",
    "kind_why",
    "short",
    "style_key",
]

Segment = tuple[int, int, tuple[int, ...]]
"""``(start, end, indexes of the evidence covering it)``."""


def index_of(profile: Profile) -> dict[str, Any] | None:
    """The profile's ``index`` member, or ``None`` when it carries none."""
    data = profile.extras.get("index")
    return data if isinstance(data, dict) else None


def kind_reasons(profile: Profile) -> dict[tuple[int, int], str]:
    """Why each source has its kind, by the cue span of its attribution.

    Read from the ``kind_reason`` detail of the attribution evidence (the reason of the
    source-kind decision-table row that decided): "role noun without a name". An attribution
    whose evidence carries no reason (a profile from an older version) is absent.
    """
    out: dict[tuple[int, int], str] = {}
    for result in profile.scores.values():
        for e in result.evidence:
            reason = e.details.get("kind_reason")
            if e.label == "cue" and isinstance(reason, str):
                out[(e.start, e.end)] = reason
    return out


def kind_why(a: Attribution, reasons: dict[tuple[int, int], str]) -> str:
    """The kind and the reason for it: ``anonymous: role noun without a name``."""
    kind = (a.source_kind or "unknown").replace("_", " ")
    reason = reasons.get((a.cue.start, a.cue.end))
    return f"{kind}: {reason}" if reason else kind


def findings_of(profile: Profile) -> list[dict[str, Any]]:
    """The profile's ``findings`` member (empty when it carries none)."""
    data = profile.extras.get("findings")
    return [f for f in data if isinstance(f, dict)] if isinstance(data, list) else []


def fmt_number(value: float | None) -> str:
    """A value for display: an em dash for None, integers without decimals, else 3 decimals."""
    if value is None:
        return "—"
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.3f}"


def short(text: str, limit: int = 90) -> str:
    """The text on one line, cut to ``limit`` characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def evidence_kinds(profile: Profile) -> dict[tuple[int, int], str]:
    """Source kind of every attribution source span, by ``(start, end)``."""
    kinds: dict[tuple[int, int], str] = {}
    for a in profile.attributions:
        if a.source is not None:
            kinds[(a.source.start, a.source.end)] = a.source_kind or "unknown"
    return kinds


def style_key(e: Evidence, kinds: dict[tuple[int, int], str]) -> str:
    """The highlight style of one piece of evidence.

    That is ``scorer-label``, plus the source kind for an attribution source, and
    ``scorer-block`` for a promotional block.
    """
    key = f"{e.scorer}-{e.label}"
    if e.scorer == "attribution" and e.label == "source":
        key += "-" + kinds.get((e.start, e.end), "unknown")
    if e.details.get("block") is True:
        key = f"{e.scorer}-block"
    return key


def highlight_segments(
    length: int, evidence: Sequence[Evidence], extra_bounds: Iterable[int] = ()
) -> list[Segment]:
    """Cut ``[0, length)`` at every evidence boundary.

    Each segment lists the evidence that covers it. Overlapping and nested spans are handled;
    segments covered by nothing have an empty tuple.
    """
    bounds = {0, length}
    for e in evidence:
        bounds.add(e.start)
        bounds.add(e.end)
    bounds.update(b for b in extra_bounds if 0 <= b <= length)
    cuts = sorted(bounds)
    events: dict[int, list[int]] = {}
    for i, e in enumerate(evidence):
        if e.end > e.start:
            events.setdefault(e.start, []).append(i)
    ends: dict[int, list[int]] = {}
    for i, e in enumerate(evidence):
        if e.end > e.start:
            ends.setdefault(e.end, []).append(i)
    active: set[int] = set()
    out: list[Segment] = []
    for a, b in itertools.pairwise(cuts):
        active.difference_update(ends.get(a, ()))
        active.update(events.get(a, ()))
        if b > a:
            out.append((a, b, tuple(sorted(active))))
    return out
