"""What the renderers share: the index and findings of a profile, and highlight segments.

Formatting helpers only; nothing is measured here.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from typing import Any

from reliability.model import Evidence, Profile

__all__ = [
    "Segment",
    "evidence_kinds",
    "findings_of",
    "highlight_segments",
    "index_of",
    "short",
    "style_key",
]

Segment = tuple[int, int, tuple[int, ...]]
"""``(start, end, indexes of the evidence covering it)``."""


def index_of(profile: Profile) -> dict[str, Any] | None:
    """The JSON form of the profile's index, or ``None`` when it carries none."""
    return None if profile.index is None else profile.index.to_dict()


def findings_of(profile: Profile) -> list[dict[str, Any]]:
    """The JSON form of the profile's findings (empty when it carries none)."""
    return [f.to_dict() for f in profile.findings]


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

    That is ``scorer-label``, plus the source kind for an attribution source (the
    anonymous-sourcing scorer's marks of the same unnamed sources share its style), and
    ``scorer-block`` for a promotional block.
    """
    key = f"{e.scorer}-{e.label}"
    if e.scorer == "attribution" and e.label == "source":
        key += "-" + kinds.get((e.start, e.end), "unknown")
    elif e.scorer == "anonymous_sourcing" and e.label in ("anonymous", "unspecified"):
        # the same unnamed source the attribution scorer marks: one style, one legend entry
        key = f"attribution-source-{e.label}"
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
