"""A transparent combined sourcing index, 0–100, and the profile facts it is built from.

The index is a weighted mean of a few components, each a number from 0 (poorly sourced) to 1
(well sourced), read off a :class:`~reliability.model.Profile`::

    index = scale × Σ weightᵢ × componentᵢ / Σ weightᵢ     (over the available components)

=====================  ==========================================================================
component              value
=====================  ==========================================================================
``on_record_share``    on-record attributions / attributions
``attributed_share``   min(1, attributed body characters / body characters / target)
``source_diversity``   min(1, distinct on-record sources / target)
``writer_hedging``     max(0, 1 − writer-voice hedges per 100 body words / limit)
``promotional``        max(0, 1 − promotional block characters / characters / limit)
=====================  ==========================================================================

Weights, targets and limits live in ``reliability/index_weights.toml`` (documented there); a user
file overrides any of them. A component whose scorer was not run, returned ``None``, or has
nothing to measure (no attributions to take a share of) is left out with its reason, and the
other weights are renormalised; when what is left carries less than ``min_weight_share`` of the
weight, the index itself is ``None`` with a reason. Nothing is invented: every number in the
index's JSON form can be recomputed by hand from the profile.

Body characters are the text's characters outside blocks (evidence with ``block: True``:
promotional blocks and embedded posts); body words are the document's words scaled by the same
proportion. Promotional characters are those in promotional blocks other than embedded posts,
which are quoted material rather than selling. An unresolved pronoun source ("he said") is not
counted as a distinct source. Attributions whose cue lies inside a block are set aside, like
every other density.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_right
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import attrs

from reliability.errors import ReliabilityError
from reliability.model import (
    Attribution,
    Evidence,
    IndexComponent,
    Profile,
    SourcingIndex,
    Span,
)
from reliability.ranges import merge, subtract, total_length

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

__all__ = [
    "COMPONENTS",
    "IndexComponent",
    "IndexWeights",
    "ProfileFacts",
    "SourcingIndex",
    "compute_index",
    "source_key",
]

NOT_PROMOTIONAL = frozenset({"embedded_post"})
"""Block labels set aside from the body but not counted as promotional (an embedded post is
quoted material, not selling)."""

COMPONENTS: dict[str, str] = {
    "on_record_share": "named sources",
    "attributed_share": "attributed text",
    "source_diversity": "distinct named sources",
    "writer_hedging": "writer's hedging",
    "promotional": "free of promotion",
}
"""Component id → short label, in report order."""

_FORMULAS: dict[str, str] = {
    "on_record_share": "on_record / attributions",
    "attributed_share": "min(1, attributed_chars / body_chars / target)",
    "source_diversity": "min(1, distinct_on_record_sources / target)",
    "writer_hedging": "max(0, 1 - 100 * writer_hedges / body_words / limit)",
    "promotional": "max(0, 1 - promotional_chars / chars / limit)",
}


class WeightsError(ReliabilityError):
    """An index weights file is unreadable or invalid.

    Attributes:
        path: The file.
        reason: What is wrong.
    """

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


# ---------------------------------------------------------------------------------------------
# Weights


@attrs.frozen
class IndexWeights:
    """The index configuration: scale, minimum weight share and per-component parameters.

    Attributes:
        scale: The index's maximum (100).
        min_weight_share: Below this share of the total weight available, the index is ``None``.
        components: Component id → parameters (``weight`` and, per component, ``target`` or
            ``limit``; ``description``).
        source: Where the configuration came from (``default`` or a file path).
    """

    scale: float
    min_weight_share: float
    components: Mapping[str, Mapping[str, Any]]
    source: str = "default"

    @classmethod
    def default(cls) -> IndexWeights:
        """The shipped configuration, ``reliability/index_weights.toml``."""
        return _default_weights()

    @classmethod
    def load(cls, path: str | Path | None) -> IndexWeights:
        """The shipped configuration with a user file's values laid over it (``None``: defaults)."""
        if path is None:
            return cls.default()
        try:
            data = tomllib.loads(Path(path).read_text("utf-8"))
        except FileNotFoundError:
            raise WeightsError(str(path), "no such file") from None
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise WeightsError(str(path), f"cannot read: {exc}") from None
        return cls.from_mapping(data, source=str(path), base=cls.default())

    @classmethod
    def from_mapping(
        cls, data: Mapping[str, Any], *, source: str = "<mapping>", base: IndexWeights | None = None
    ) -> IndexWeights:
        """Build a configuration from parsed TOML, over ``base`` (the defaults) if given."""
        scale = data.get("scale", base.scale if base else 100)
        share = data.get("min_weight_share", base.min_weight_share if base else 0.5)
        _check_number(source, "scale", scale, low=0, strict=True)
        _check_number(source, "min_weight_share", share, low=0, high=1)
        comps: dict[str, dict[str, Any]] = {
            k: dict(v) for k, v in (base.components.items() if base else ())
        }
        raw = data.get("components", {})
        if not isinstance(raw, Mapping):
            raise WeightsError(source, "components: must be a table")
        for cid, params in raw.items():
            if cid not in COMPONENTS:
                raise WeightsError(
                    source, f"components.{cid}: unknown component; known: {', '.join(COMPONENTS)}"
                )
            if not isinstance(params, Mapping):
                raise WeightsError(source, f"components.{cid}: must be a table")
            merged = comps.setdefault(cid, {})
            for key, value in params.items():
                if key == "description":
                    merged[key] = str(value)
                    continue
                if key not in ("weight", "target", "limit"):
                    raise WeightsError(source, f"components.{cid}.{key}: unknown parameter")
                _check_number(
                    source, f"components.{cid}.{key}", value, low=0, strict=key != "weight"
                )
                merged[key] = value
        for cid in COMPONENTS:
            params = comps.setdefault(cid, {})
            params.setdefault("weight", 0)
            _check_number(source, f"components.{cid}.weight", params["weight"], low=0)
        if not any(p["weight"] > 0 for p in comps.values()):
            raise WeightsError(source, "every component weight is 0")
        return cls(
            scale=scale,
            min_weight_share=share,
            components={k: comps[k] for k in COMPONENTS},
            source=source,
        )

    def param(self, component: str, name: str, default: float) -> float:
        """One numeric parameter of a component."""
        return float(self.components[component].get(name, default))


def _check_number(
    source: str,
    where: str,
    value: object,
    *,
    low: float,
    high: float | None = None,
    strict: bool = False,
) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise WeightsError(source, f"{where}: must be a number, not {value!r}")
    if value < low or (strict and value == low) or (high is not None and value > high):
        bound = f"> {low}" if strict else f">= {low}"
        if high is not None:
            bound += f" and <= {high}"
        raise WeightsError(source, f"{where}: must be {bound}, not {value!r}")


@lru_cache(maxsize=1)
def _default_weights() -> IndexWeights:
    text = (resources.files("reliability") / "index_weights.toml").read_text("utf-8")
    return IndexWeights.from_mapping(tomllib.loads(text), source="default")


# ---------------------------------------------------------------------------------------------
# Facts read off a profile

_DETERMINERS = re.compile(r"^(?:the|a|an|one|two|three|several|some|other)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s\b")
_NON_WORD = re.compile(r"[^\w\s-]+")
_JOINED = re.compile(r"\b(?:of|and|for|the|de|du|von)\s+$", re.IGNORECASE)
_NAME_RUN = re.compile(r"((?:[A-Z][\w'’.-]*\s+){1,3}[A-Z][\w'’-]+)\s*$")


@lru_cache(maxsize=1)
def _title_words() -> frozenset[str]:
    """Single-word titles ("governor", "gen") from the shipped source_roles and abbreviations.

    Whichever of the two lexicons is present is used.
    """
    from reliability.errors import LexiconError
    from reliability.lexicon import load_shipped

    words: set[str] = set()
    for lexicon_id in ("source_roles", "abbreviations"):
        try:
            lexicon = load_shipped(lexicon_id)
        except (LexiconError, KeyError, OSError):
            continue
        for e in lexicon.entries:
            if e.label == "title" and e.term and " " not in e.term:
                words.add(e.term.lower().rstrip("."))
    return frozenset(words)


@lru_cache(maxsize=65_536)
def source_key(source: str) -> str:
    """Normalise a source string so that mentions of one source compare equal.

    A trailing personal name wins, without the titles before it ("Taliban spokesman Zabihullah
    Mujahid" and "Vice President Amrullah Saleh" → ``zabihullah mujahid``, ``amrullah saleh``;
    titles come from the ``source_roles`` and ``abbreviations`` lexicons); otherwise the
    description is case-folded with leading determiners, possessive ``'s`` and punctuation
    dropped ("the President's office" → ``president office``).
    """
    flat = " ".join(source.split()).strip(" ,;:")
    name = _NAME_RUN.search(flat)
    if name and _JOINED.search(flat, 0, name.start()):
        name = None  # "Ministers of Interior and Foreign Affairs": a body's name, not a person
    if name:
        words = name.group(1).split()
        titles = _title_words()
        last_title = max(
            (
                i
                for i, w in enumerate(words[:-1])
                if w.lower().rstrip(".").replace("’", "'") in titles
            ),
            default=-1,
        )
        if last_title >= 0 and (len(words) - last_title - 1 >= 2 or name.start() > 0):
            flat = " ".join(words[last_title + 1 :])
        elif name.start() > 0:
            flat = name.group(1)
    flat = _POSSESSIVE.sub("", flat)
    flat = _NON_WORD.sub(" ", flat)
    while True:
        shorter = _DETERMINERS.sub("", flat.strip())
        if shorter == flat.strip():
            break
        flat = shorter
    return " ".join(flat.casefold().split())


def attribution_source_text(a: Attribution) -> str | None:
    """The text that names an attribution's source, preferring the resolved mention."""
    span = a.resolved_source or a.source
    return None if span is None else span.text


PRONOUNS = frozenset(
    {
        "i",
        "you",
        "he",
        "she",
        "it",
        "we",
        "they",
        "him",
        "her",
        "them",
        "one",
        "who",
        "which",
        "that",
        "whom",
    }
)
"""Personal and relative pronouns: an unresolved pronoun source ("he said", "…, who said") is not
counted as a distinct source."""


def attribution_source_key(a: Attribution) -> str | None:
    """The normalised key of an attribution's source.

    ``None`` when it has no source or only an unresolved pronoun ("he said", with no earlier
    mention resolved).
    """
    text = attribution_source_text(a)
    if text is None:
        return None
    key = source_key(text)
    return None if not key or key in PRONOUNS else key


@attrs.frozen
class ProfileFacts:
    """Counts read off a profile that the index, findings, comparisons and CSV share.

    Attributes:
        ran: Scorer ids in the profile.
        chars: Characters of the text.
        words: Words of the text.
        attributions: The attribution relations of the body (those whose cue lies inside a
            promotional block or embedded post are set aside, as every density is).
        by_kind: Attributions per source kind (``on_record``, ``anonymous``, ``unspecified``,
            ``unknown``).
        on_record_sources: Distinct normalised on-record source keys, in order of first mention.
        sources: Distinct normalised source keys of every kind, in order of first mention.
        block_chars: Characters inside any block (``block: True`` evidence: promotional blocks
            and embedded posts), which are not the article's body.
        promotional_chars: Characters inside promotional blocks (embedded posts excluded).
        promotional_by_label: Promotional block characters per evidence label.
        promotional_blocks: The promotional block evidence (embedded posts excluded).
        puffery: Inline puffery evidence in the writer's voice.
        attributed_chars: Body characters inside attributed content.
        writer_hedges: Hedge evidence in the writer's voice.
        boosters: Booster evidence in the writer's voice.
    """

    ran: tuple[str, ...]
    chars: int
    words: int
    block_chars: int
    attributions: tuple[Attribution, ...]
    by_kind: Mapping[str, int]
    on_record_sources: tuple[str, ...]
    sources: tuple[str, ...]
    promotional_chars: int
    promotional_by_label: Mapping[str, int]
    promotional_blocks: tuple[Evidence, ...]
    puffery: tuple[Evidence, ...]
    attributed_chars: int
    writer_hedges: tuple[Evidence, ...]
    boosters: tuple[Evidence, ...]

    @property
    def body_chars(self) -> int:
        """Characters outside blocks (promotional blocks and embedded posts)."""
        return self.chars - self.block_chars

    @property
    def body_words(self) -> float:
        """Words outside blocks, estimated by the share of characters."""
        if self.chars == 0:
            return 0.0
        return self.words * self.body_chars / self.chars

    @property
    def promotional_share(self) -> float | None:
        """Share of the text's characters in promotional blocks (``None`` for empty text)."""
        return None if self.chars == 0 else self.promotional_chars / self.chars

    @property
    def attributed_share(self) -> float | None:
        """Share of the body characters in attributed content (``None`` without body text)."""
        return None if self.body_chars <= 0 else self.attributed_chars / self.body_chars

    def kind_share(self, kind: str) -> float | None:
        """Share of attributions of one source kind (``None`` without attributions)."""
        n = len(self.attributions)
        return None if n == 0 else self.by_kind.get(kind, 0) / n

    @classmethod
    def of(cls, profile: Profile) -> ProfileFacts:
        """Read the facts off a profile."""
        evidence = profile.evidence
        all_blocks = [e for e in evidence if e.details.get("block") is True]
        merged = merge((e.start, e.end) for e in all_blocks)
        blocks = tuple(
            e for e in all_blocks if e.scorer == "promotional" and e.label not in NOT_PROMOTIONAL
        )
        by_label: dict[str, int] = {}
        for label in sorted({e.label for e in blocks}):
            by_label[label] = total_length((e.start, e.end) for e in blocks if e.label == label)
        attributions = _outside(profile.attributions, merged)
        by_kind = {"on_record": 0, "anonymous": 0, "unspecified": 0, "unknown": 0}
        on_record: dict[str, None] = {}
        every: dict[str, None] = {}
        content: list[tuple[int, int]] = []
        for a in attributions:
            by_kind[a.source_kind or "unknown"] += 1
            key = attribution_source_key(a)
            if key is not None:
                every.setdefault(key, None)
                if a.source_kind == "on_record":
                    on_record.setdefault(key, None)
            if a.content is not None:
                content.append((a.content.start, a.content.end))
        attributed = total_length(subtract(merge(content), merged))
        # (attributed content inside any block is not body text)
        return cls(
            ran=tuple(profile.scores),
            chars=profile.document.chars,
            words=profile.document.words,
            attributions=attributions,
            by_kind=by_kind,
            on_record_sources=_merge_surnames(tuple(on_record)),
            sources=_merge_surnames(tuple(every)),
            block_chars=total_length(merged),
            promotional_chars=total_length(merge((e.start, e.end) for e in blocks)),
            promotional_by_label=by_label,
            promotional_blocks=blocks,
            puffery=tuple(
                e
                for e in evidence
                if e.scorer == "promotional" and not e.details.get("block") and e.label == "puffery"
            ),
            attributed_chars=attributed,
            writer_hedges=tuple(
                e
                for e in evidence
                if e.scorer == "hedging"
                and e.label == "hedge"
                and e.details.get("voice") == "writer"
            ),
            boosters=tuple(
                e
                for e in evidence
                if e.scorer == "hedging"
                and e.label == "booster"
                and e.details.get("voice") == "writer"
            ),
        )


def _outside(
    attributions: tuple[Attribution, ...], blocks: list[tuple[int, int]]
) -> tuple[Attribution, ...]:
    """The attributions whose cue is not inside a block (merged, sorted ranges)."""
    if not blocks:
        return attributions
    starts = [s for s, _ in blocks]
    out = []
    for a in attributions:
        i = bisect_right(starts, a.cue.start) - 1
        if i < 0 or a.cue.start >= blocks[i][1]:
            out.append(a)
    return tuple(out)


def _merge_surnames(keys: tuple[str, ...]) -> tuple[str, ...]:
    """Drop a one-word key that is the last word of a longer key.

    A later bare surname ("mohammadi") refers to the person named in full ("bismillah
    mohammadi").
    """
    full_last = {k.rsplit(" ", 1)[-1] for k in keys if " " in k}
    return tuple(k for k in keys if " " in k or k not in full_last)


# ---------------------------------------------------------------------------------------------
# The index


def _missing(profile: Profile, scorer: str) -> str | None:
    if scorer not in profile.scores:
        return f"the {scorer} scorer was not run"
    result = profile.scores[scorer]
    if result.value is None:
        return f"{scorer}: {result.reason}"
    return None


_Raw = tuple[str, "float | None", dict[str, float], "str | None"]


def _components(profile: Profile, facts: ProfileFacts, weights: IndexWeights) -> list[_Raw]:
    out: list[_Raw] = []
    n = len(facts.attributions)
    why = _missing(profile, "attribution")
    if why is None and n == 0:
        why = "no attributions to take a share of"
    on_record = facts.by_kind["on_record"]
    out.append(
        (
            "on_record_share",
            None if why else on_record / n,
            {"on_record": on_record, "attributions": n},
            why,
        )
    )

    why = _missing(profile, "attribution")
    target = weights.param("attributed_share", "target", 0.4)
    inputs = {
        "attributed_chars": facts.attributed_chars,
        "body_chars": facts.body_chars,
        "target": target,
    }
    if why is None and facts.body_chars <= 0:
        why = "no body text"
    value = None if why else min(1.0, facts.attributed_chars / facts.body_chars / target)
    out.append(("attributed_share", value, inputs, why))

    why = _missing(profile, "attribution")
    target = weights.param("source_diversity", "target", 4)
    distinct = len(facts.on_record_sources)
    out.append(
        (
            "source_diversity",
            None if why else min(1.0, distinct / target),
            {"distinct_on_record_sources": distinct, "target": target},
            why,
        )
    )

    why = _missing(profile, "hedging")
    limit = weights.param("writer_hedging", "limit", 2.0)
    hedges = len(facts.writer_hedges)
    body_words = facts.body_words
    if why is None and body_words <= 0:
        why = "no body words"
    value = None if why else max(0.0, 1 - 100 * hedges / body_words / limit)
    out.append(
        (
            "writer_hedging",
            value,
            {"writer_hedges": hedges, "body_words": round(body_words, 1), "limit": limit},
            why,
        )
    )

    why = _missing(profile, "promotional")
    limit = weights.param("promotional", "limit", 0.5)
    if why is None and facts.chars == 0:
        why = "empty text"
    value = None if why else max(0.0, 1 - facts.promotional_chars / facts.chars / limit)
    out.append(
        (
            "promotional",
            value,
            {"promotional_chars": facts.promotional_chars, "chars": facts.chars, "limit": limit},
            why,
        )
    )
    return out


def compute_index(
    profile: Profile, weights: IndexWeights | None = None, facts: ProfileFacts | None = None
) -> SourcingIndex:
    """Compute the combined sourcing index of a profile.

    Args:
        profile: The profile (its scores, evidence and attributions).
        weights: The configuration; the shipped one by default.
        facts: Facts already read off this profile, to save reading them again.

    Returns:
        The index with every component, its weight and its contribution.
    """
    weights = weights or IndexWeights.default()
    facts = facts or ProfileFacts.of(profile)
    raw = _components(profile, facts, weights)
    total = sum(float(weights.components[cid]["weight"]) for cid in COMPONENTS)
    available = sum(
        float(weights.components[cid]["weight"]) for cid, value, _, _ in raw if value is not None
    )
    scale = float(weights.scale)
    components: list[IndexComponent] = []
    terms: list[str] = []
    index_value = 0.0
    for cid, value, inputs, missing in raw:
        weight = float(weights.components[cid]["weight"])
        why = "switched off (weight 0)" if weight == 0 and missing is None else missing
        contribution = None
        if value is not None and weight > 0:
            contribution = scale * weight * value / available
            index_value += contribution
            terms.append(f"{weight:g}×{value:.3f}")
        components.append(
            IndexComponent(
                id=cid,
                label=COMPONENTS[cid],
                value=value,
                weight=weight,
                contribution=contribution,
                formula=_FORMULAS[cid],
                inputs=inputs,
                reason=why if value is None or weight == 0 else None,
            )
        )
    general = f"index = {scale:g} × Σ weight_i × component_i / Σ weight_i (available components)"
    if available == 0 or available < weights.min_weight_share * total:
        left_out = [c.id for c in components if c.value is None]
        reason = (
            f"too little to measure: the available components carry {available:g} of "
            f"{total:g} weight (at least {weights.min_weight_share:.0%} needed); left out: "
            f"{', '.join(left_out) or 'none'}"
        )
        return SourcingIndex(None, scale, general, tuple(components), weights.source, reason)
    calc = f"{scale:g} × ({' + '.join(terms)}) / {available:g} = {index_value:.1f}"
    return SourcingIndex(
        round(index_value, 4), scale, f"{general}; {calc}", tuple(components), weights.source
    )


def span_dict(span: Span) -> dict[str, Any]:
    """The JSON form of a span (shared by findings and comparisons)."""
    return span.to_dict()
