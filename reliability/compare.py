"""Several articles side by side: indicators, sources, shared sources, differences.

Each indicator per article, the sources each cites and which sources they share, and the
differences that matter.

Built for two outlets' coverage of one story. Every number comes from the articles' profiles
(their scores, attributions, evidence and combined index); a value that could not be measured for
an article stays ``None`` and no difference is claimed for it.

Sources are matched across articles by their source keys (``Attribution.source_key``, see
:func:`reliability.quantities.article_source_keys`: a trailing personal name, else the case-folded
description without determiners and possessives), and a bare surname matches the one full name
ending in it ("Shaheen" ↔ "Suhail Shaheen").

A difference "matters" when the articles' extreme values differ by at least the indicator's
``min_difference`` and the larger is at least ``min_ratio`` times the smaller (see
:data:`INDICATORS`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import attrs

from reliability.model import Profile
from reliability.quantities import ProfileFacts, source_texts

__all__ = ["INDICATORS", "Comparison", "Difference", "IndicatorSpec", "compare"]

Unit = Literal["share", "count", "score", "rate"]


@attrs.frozen
class IndicatorSpec:
    """An indicator compared across articles.

    Attributes:
        id: Stable id (JSON key, CSV column).
        label: What it measures, in words (used in the difference sentences).
        unit: ``share`` (0–1), ``count``, ``rate`` (per 100 words) or ``score``.
        min_difference: Smallest absolute difference that counts as a difference.
        min_ratio: Smallest ratio of larger to smaller value that counts.
    """

    id: str
    label: str
    unit: Unit
    min_difference: float
    min_ratio: float = 1.5


INDICATORS: tuple[IndicatorSpec, ...] = (
    IndicatorSpec("index", "combined sourcing index", "score", 10, 1.2),
    IndicatorSpec("attributions", "attributions", "count", 3),
    IndicatorSpec("on_record_share", "share of attributions to named sources", "share", 0.15),
    IndicatorSpec("anonymous_share", "share of attributions to unnamed sources", "share", 0.1),
    IndicatorSpec("unspecified_attributions", "unspecified-source attributions", "count", 2),
    IndicatorSpec("distinct_sources", "distinct named sources", "count", 2),
    IndicatorSpec("attributed_share", "share of the text in attributed voice", "share", 0.1),
    IndicatorSpec("promotional_share", "promotional share", "share", 0.05),
    IndicatorSpec(
        "writer_hedge_rate", "hedges per 100 words of the writer's own prose", "rate", 0.3
    ),
    IndicatorSpec("words", "length in words", "count", 150),
)
"""The indicators compared, in report order (scorer values are added after them)."""


@attrs.frozen
class Difference:
    """A difference between articles that matters.

    Attributes:
        indicator: The indicator id.
        message: The difference in a sentence.
        more: Index of the article with the larger value.
        less: Index of the article with the smaller value.
    """

    indicator: str
    message: str
    more: int
    less: int

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return attrs.asdict(self)


@attrs.frozen
class Comparison:
    """Articles compared side by side.

    Attributes:
        labels: A label per article (file name or id).
        titles: Each article's title, if known.
        indicators: ``(spec, values)`` per indicator, one value per article (``None`` when not
            measured).
        reasons: ``(indicator id, article index) → why the value is None``.
        sources: Per article, ``(key, first mention, kind, mentions)`` per distinct source.
        shared: Source keys cited by two or more articles, with the articles citing each.
        differences: The differences that matter.
    """

    labels: tuple[str, ...]
    titles: tuple[str | None, ...]
    indicators: tuple[tuple[IndicatorSpec, tuple[float | None, ...]], ...]
    reasons: dict[tuple[str, int], str]
    sources: tuple[tuple[tuple[str, str, str, int], ...], ...]
    shared: tuple[tuple[str, tuple[int, ...]], ...]
    differences: tuple[Difference, ...]

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of the comparison."""
        return {
            "articles": [
                {"label": lab, "title": t} for lab, t in zip(self.labels, self.titles, strict=True)
            ],
            "indicators": [
                {
                    "id": spec.id,
                    "label": spec.label,
                    "unit": spec.unit,
                    "values": [_num(v) for v in values],
                    "reasons": [self.reasons.get((spec.id, i)) for i in range(len(values))],
                }
                for spec, values in self.indicators
            ],
            "sources": [
                [{"key": k, "text": t, "kind": kind, "mentions": m} for k, t, kind, m in per]
                for per in self.sources
            ],
            "shared_sources": [{"key": k, "articles": list(arts)} for k, arts in self.shared],
            "differences": [d.to_dict() for d in self.differences],
        }


def _num(v: float | None) -> float | int | None:
    if v is None:
        return None
    r = round(float(v), 4)
    return int(r) if r.is_integer() else r


def format_value(value: float | None, unit: str) -> str:
    """Show an indicator value for a report ("34%", "12", "1.3", "—")."""
    if value is None:
        return "—"
    if unit == "share":
        return f"{value:.0%}"
    if unit == "rate":
        return f"{value:.2f}"
    if unit == "score":
        if float(value).is_integer():
            return str(int(value))
        return f"{value:.1f}" if abs(value) >= 10 else f"{value:.3g}"
    return str(int(value)) if float(value).is_integer() else f"{value:.3g}"


def _values(
    profile: Profile, facts: ProfileFacts
) -> tuple[dict[str, float | None], dict[str, str]]:
    values: dict[str, float | None] = {}
    reasons: dict[str, str] = {}
    index = profile.index
    if index is not None:
        values["index"] = index.value
        if index.value is None:
            reasons["index"] = index.reason or "not computed"
    else:
        values["index"] = None
        reasons["index"] = "the profile carries no index"
    att = profile.scores.get("attribution")
    if att is None or att.value is None:
        why = "the attribution scorer was not run" if att is None else f"attribution: {att.reason}"
        for key in (
            "attributions",
            "on_record_share",
            "anonymous_share",
            "unspecified_attributions",
            "distinct_sources",
            "attributed_share",
        ):
            values[key] = None
            reasons[key] = why
    else:
        values["attributions"] = len(facts.attributions)
        values["on_record_share"] = facts.kind_share("on_record")
        values["anonymous_share"] = facts.kind_share("anonymous", "unspecified")
        values["unspecified_attributions"] = facts.by_kind["unspecified"]
        values["distinct_sources"] = len(facts.on_record_sources)
        values["attributed_share"] = facts.attributed_share
        for key in ("on_record_share", "anonymous_share"):
            if values[key] is None:
                reasons[key] = (
                    "no attributions"
                    if not facts.attributions
                    else "no attribution has a source of known kind"
                )
    promo = profile.scores.get("promotional")
    if promo is None or promo.value is None:
        values["promotional_share"] = None
        reasons["promotional_share"] = (
            "the promotional scorer was not run"
            if promo is None
            else f"promotional: {promo.reason}"
        )
    else:
        values["promotional_share"] = facts.promotional_share
    hedging = profile.scores.get("hedging")
    if hedging is None or hedging.value is None:
        values["writer_hedge_rate"] = None
        reasons["writer_hedge_rate"] = (
            "the hedging scorer was not run" if hedging is None else f"hedging: {hedging.reason}"
        )
    else:
        # The hedging scorer's own value, so the comparison and the profile agree.
        values["writer_hedge_rate"] = hedging.value
    values["words"] = profile.document.words
    for sid, result in profile.scores.items():
        values[f"scorer:{sid}"] = result.value
        if result.value is None:
            reasons[f"scorer:{sid}"] = str(result.reason)
    return values, reasons


def _difference(
    spec: IndicatorSpec, values: Sequence[float | None], labels: Sequence[str]
) -> Difference | None:
    present = [(v, i) for i, v in enumerate(values) if v is not None]
    if len(present) < 2:
        return None
    (hi, more), (lo, less) = max(present), min(present)
    if more == less or hi - lo < spec.min_difference:
        return None
    if lo > 0 and hi / lo < spec.min_ratio:
        return None
    others = ", ".join(
        f"{labels[i]}: {format_value(v, spec.unit)}" for v, i in present if i != more
    )
    message = (
        f"{labels[more]} has the higher {spec.label} ({format_value(hi, spec.unit)}; {others})"
    )
    return Difference(spec.id, message, more, less)


def _canonical(keys: set[str]) -> dict[str, str]:
    """Map a bare surname to the one full name ending in it."""
    full: dict[str, list[str]] = {}
    for k in keys:
        if " " in k:
            full.setdefault(k.rsplit(" ", 1)[-1], []).append(k)
    return {k: (full[k][0] if " " not in k and len(full.get(k, [])) == 1 else k) for k in keys}


def compare(profiles: Sequence[Profile], labels: Sequence[str] | None = None) -> Comparison:
    """Compare articles' profiles side by side.

    Args:
        profiles: Two or more profiles.
        labels: A label per article; by default its id, title or ``article N``.

    Returns:
        The comparison.
    """
    if len(profiles) < 2:
        raise ValueError("a comparison needs at least two articles")
    if labels is None:
        labels = [
            p.document.id or p.document.title or f"article {i + 1}" for i, p in enumerate(profiles)
        ]
    labels = tuple(labels)
    facts = [ProfileFacts.of(p) for p in profiles]
    per_values: list[dict[str, float | None]] = []
    reasons: dict[tuple[str, int], str] = {}
    for i, (p, f) in enumerate(zip(profiles, facts, strict=True)):
        values, why = _values(p, f)
        per_values.append(values)
        reasons.update({(k, i): v for k, v in why.items()})
    specs = list(INDICATORS)
    scorer_ids = list(dict.fromkeys(sid for p in profiles for sid in p.scores))
    specs += [
        IndicatorSpec(f"scorer:{sid}", f"{sid} value", "score", float("inf")) for sid in scorer_ids
    ]
    for sid in scorer_ids:
        for i, p in enumerate(profiles):
            if sid not in p.scores:
                reasons[(f"scorer:{sid}", i)] = f"the {sid} scorer was not run"
    indicators = tuple((spec, tuple(v.get(spec.id) for v in per_values)) for spec in specs)
    differences = tuple(
        d for spec, vals in indicators if (d := _difference(spec, vals, labels)) is not None
    )
    # Sources
    all_keys: set[str] = set()
    raw_sources: list[list[tuple[str, str, str]]] = []
    for f in facts:
        items: list[tuple[str, str, str]] = []
        for a, text in zip(f.attributions, source_texts(f.attributions), strict=True):
            key = a.source_key
            if key is not None and text is not None:
                items.append((key, text, a.source_kind or "unknown"))
                all_keys.add(key)
        raw_sources.append(items)
    canon = _canonical(all_keys)
    sources = []
    cited_by: dict[str, list[int]] = {}
    for i, items in enumerate(raw_sources):
        seen: dict[str, list[Any]] = {}
        for key, text, kind in items:
            c = canon[key]
            if c in seen:
                seen[c][3] += 1
            else:
                seen[c] = [c, " ".join(text.split()), kind, 1]
        for c in seen:
            cited_by.setdefault(c, []).append(i)
        sources.append(tuple((k, t, kind, n) for k, t, kind, n in seen.values()))
    shared = tuple((k, tuple(arts)) for k, arts in cited_by.items() if len(arts) >= 2)
    return Comparison(
        labels=labels,
        titles=tuple(p.document.title for p in profiles),
        indicators=indicators,
        reasons=reasons,
        sources=tuple(sources),
        shared=shared,
        differences=differences,
    )
