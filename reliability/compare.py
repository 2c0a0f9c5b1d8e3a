"""Several articles side by side: indicators, sources, the story they share, differences.

Each indicator per article, the sources each cites, the claims and sources the articles share
(:mod:`reliability.story`) and the differences that matter.

Built for two outlets' coverage of one story. Every number comes from the articles' profiles
(their scores, attributions, evidence and combined index); a value that could not be measured for
an article stays ``None`` and no difference is claimed for it.

Each article's distinct sources are keyed by their source keys (``Attribution.source_key``, see
:func:`reliability.quantities.article_source_keys`: a trailing personal name, else the case-folded
description without determiners and possessives), and a bare surname matches the one full name
ending in it ("Shaheen" ↔ "Suhail Shaheen"). Which sources the
articles share is the story comparison's finding (:func:`reliability.story.compare_story`: the
same name, a surname, or the same head noun with compatible role and affiliation words), so "a
senior Afghan Interior Ministry official" and "a senior interior ministry official" are one.

A difference "matters" when the articles' extreme values differ by at least the indicator's
``min_difference`` and the larger is at least ``min_ratio`` times the smaller (see
:data:`INDICATORS`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath
from typing import Any, Literal

import attrs

from reliability.lexicon import LexiconSet
from reliability.model import Profile
from reliability.quantities import ProfileFacts, source_key, source_texts, title_words
from reliability.story import Story, StoryRules, compare_story

__all__ = [
    "INDICATORS",
    "Comparison",
    "Difference",
    "IndicatorSpec",
    "compare",
    "short_labels",
]

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
        shared: Per shared source of the story, its key and the articles citing it.
        differences: The differences that matter.
        story: The claims and sources the articles share, and the claims only one makes.
        shared_keys: Per article, the keys of its ``sources`` that are shared sources.
    """

    labels: tuple[str, ...]
    titles: tuple[str | None, ...]
    indicators: tuple[tuple[IndicatorSpec, tuple[float | None, ...]], ...]
    reasons: dict[tuple[str, int], str]
    sources: tuple[tuple[tuple[str, str, str, int], ...], ...]
    shared: tuple[tuple[str, tuple[int, ...]], ...]
    differences: tuple[Difference, ...]
    story: Story
    shared_keys: tuple[frozenset[str], ...]

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
            "story": self.story.to_dict(),
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


def short_labels(names: Sequence[str]) -> tuple[str, ...]:
    """Short, unique labels for articles named by file paths or ids, never cut.

    Each label is the path's last part (the file name); where two articles would get the same
    label, as many parent folders are added as tell them apart, and what is still equal gets
    ``#2``, ``#3`` … in order.
    """
    parts = [PurePath(n).parts or (n,) for n in names]
    depth = [1] * len(names)
    while True:
        labels = ["/".join(p[-d:]) for p, d in zip(parts, depth, strict=True)]
        clash = {lab for lab in labels if labels.count(lab) > 1}
        grow = [i for i, lab in enumerate(labels) if lab in clash and depth[i] < len(parts[i])]
        if not grow:
            break
        for i in grow:
            depth[i] += 1
    return _unique(labels)


def _unique(labels: Sequence[str]) -> tuple[str, ...]:
    seen: dict[str, int] = {}
    out = []
    for lab in labels:
        seen[lab] = seen.get(lab, 0) + 1
        out.append(lab if seen[lab] == 1 else f"{lab} #{seen[lab]}")
    taken = set(out)
    if len(taken) < len(out):  # a label already ending in "#2": number the repeats again
        return tuple(f"{lab} [{i + 1}]" for i, lab in enumerate(out))
    return tuple(out)


def _article_sources(
    facts: Sequence[ProfileFacts],
) -> tuple[tuple[tuple[tuple[str, str, str, int], ...], ...], dict[str, str]]:
    """Each article's distinct sources, and the key of each source to its canonical key."""
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
    for items in raw_sources:
        seen: dict[str, list[Any]] = {}
        for key, text, kind in items:
            c = canon[key]
            if c in seen:
                seen[c][3] += 1
            else:
                seen[c] = [c, " ".join(text.split()), kind, 1]
        sources.append(tuple((k, t, kind, n) for k, t, kind, n in seen.values()))
    return tuple(sources), canon


def compare(
    profiles: Sequence[Profile],
    labels: Sequence[str] | None = None,
    *,
    lexicons: LexiconSet | None = None,
    story_rules: StoryRules | None = None,
) -> Comparison:
    """Compare articles' profiles side by side.

    Args:
        profiles: Two or more profiles.
        labels: A label per article; by default its id, title or ``article N``. Repeated
            labels are numbered (``#2``) so that every article's label is its own.
        lexicons: The lexicons of the story comparison's word classes (by default the
            shipped ones; pass the pipeline's so that a user's ``story`` or ``source_roles``
            lexicon counts).
        story_rules: The story comparison's thresholds (by default the shipped ones).

    Returns:
        The comparison.
    """
    if len(profiles) < 2:
        raise ValueError("a comparison needs at least two articles")
    if labels is None:
        labels = [
            p.document.id or p.document.title or f"article {i + 1}" for i, p in enumerate(profiles)
        ]
    if len(labels) != len(profiles):
        raise ValueError(f"{len(labels)} labels for {len(profiles)} articles")
    labels = _unique(
        [" ".join(str(lab).split()) or f"article {i + 1}" for i, lab in enumerate(labels)]
    )
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
    sources, canon = _article_sources(facts)
    story = compare_story(profiles, lexicons=lexicons, rules=story_rules)
    titles = title_words(lexicons if lexicons is not None else LexiconSet.default())
    shared_keys: list[set[str]] = [set() for _ in profiles]
    shared = []
    for src in story.shared_sources:
        for s in src.mentions:
            key = source_key(s.source_text or "", titles)
            if key in canon:
                shared_keys[s.article].add(canon[key])
        shared.append((source_key(src.label, titles), src.articles))
    return Comparison(
        labels=labels,
        titles=tuple(p.document.title for p in profiles),
        indicators=indicators,
        reasons=reasons,
        sources=tuple(sources),
        shared=tuple(shared),
        differences=differences,
        story=story,
        shared_keys=tuple(frozenset(k) for k in shared_keys),
    )
