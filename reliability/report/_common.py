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
    "clip",
    "evidence_kinds",
    "findings_of",
    "highlight_segments",
    "index_of",
    "kind_reasons",
    "kind_why",
    "short",
    "style_key",
    "weasel_notes",
]

Segment = tuple[int, int, tuple[int, ...]]
"""``(start, end, indexes of the evidence covering it)``."""


def index_of(profile: Profile) -> dict[str, Any] | None:
    """The JSON form of the profile's index, or ``None`` when it carries none."""
    return None if profile.index is None else profile.index.to_dict()


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


def clip(text: str, limit: int = 160) -> str:
    """The text on one line, cut at a word boundary to at most ``limit`` characters ("…")."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,;:") + "…"


def evidence_kinds(profile: Profile) -> dict[tuple[int, int], str]:
    """Source kind of every attribution source span, by ``(start, end)``."""
    kinds: dict[tuple[int, int], str] = {}
    for a in profile.attributions:
        if a.source is not None:
            kinds[(a.source.start, a.source.end)] = a.source_kind or "unknown"
    return kinds


def weasel_notes(profile: Profile) -> dict[tuple[int, int], str]:
    """A note per attribution source span that a weasel hedge stands on, by ``(start, end)``.

    The note reads ``weasel "Some experts" (writer voice)``: the hedging evidence linked to
    that source (``source_start``/``source_end`` in its details), so a report can show the
    weasel beside the source it stands for.
    """
    notes: dict[tuple[int, int], str] = {}
    for e in profile.evidence:
        start, end = e.details.get("source_start"), e.details.get("source_end")
        if e.scorer == "hedging" and isinstance(start, int) and isinstance(end, int):
            notes.setdefault(
                (start, end), f"weasel “{short(e.text, 40)}” ({e.details['voice']} voice)"
            )
    return notes


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


PAGE_SHARE_LABELS: dict[str, str] = {
    "article": "article",
    "navigation": "navigation",
    "related": "related links",
    "comments": "comments",
    "calls": "subscribe/share/donate calls",
    "ads": "ads",
    "interface": "interface",
    "links": "other links",
    "other": "other",
}
"""How each page-text category of :class:`~reliability.model.PageInfo` is named in reports."""


def page_lines(profile: Profile) -> list[str]:
    """Plain lines on the web page an article came from, and its byline (empty for plain text).

    The first line names the page (site, URL, date, language, encoding), the second the byline,
    the third how the page's text divides into article and furniture.
    """
    doc = profile.document
    lines: list[str] = []
    page = doc.page
    if page is not None:
        parts = [p for p in (page.site_name, page.url) if p]
        if page.date:
            parts.append(f"published {page.date}")
        if page.language:
            parts.append(f"language {page.language}")
        parts.append(f"{page.encoding} ({page.encoding_source}); {page.extractor}")
        lines.append("page: " + " · ".join(parts))
    if doc.byline is not None:
        b = doc.byline
        where = (
            "page metadata" if b.source == "metadata" else f"text @{b.span.start if b.span else 0}"
        )
        kind = "wire service" if b.kind == "wire" else "named author"
        lines.append(f"byline: {b.name} ({kind}, from the {where})")
    elif page is not None:
        lines.append("byline: none found")
    if page is not None and page.page_chars:
        shares = page.furniture_shares()
        listed = [
            f"{PAGE_SHARE_LABELS.get(k, k)} {round(100 * v)}%"
            for k, v in sorted(shares.items(), key=lambda kv: -kv[1])
            if v >= 0.005
        ]
        lines.append(f"page text ({page.page_chars} characters): " + ", ".join(listed))
    return lines
