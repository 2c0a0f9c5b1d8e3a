"""A transparent combined sourcing index, 0–100, and the profile facts it is built from.

The index is a weighted mean of a few components, each a number from 0 (poorly sourced) to 1
(well sourced), read off a :class:`~reliability.model.Profile`::

    index = scale × Σ weightᵢ × componentᵢ / Σ weightᵢ     (over the available components)

=====================  ==========================================================================
component              value
=====================  ==========================================================================
``on_record_share``    on-record attributions / typed attributions (those of a known source kind)
``attributed_share``   min(1, attributed body characters / body characters / target)
``source_diversity``   min(1, distinct on-record sources / target)
``writer_hedging``     max(0, 1 − the hedging scorer's value / limit) (weighted hedges per 100
                       words in the writer's own voice, less
                       the weasels that are also an attribution's source, counted in the shares)
``promotional``        max(0, 1 − the promotional scorer's value / limit) (promotional block
                       characters / characters of the article's paragraphs)
=====================  ==========================================================================

Weights, targets and limits live in ``reliability/index_weights.toml`` (documented there); a user
file overrides any of them. A component whose scorer was not run, returned ``None``, or has
nothing to measure (no attributions to take a share of) is left out with its reason, and the
other weights are renormalised; when what is left carries less than ``min_weight_share`` of the
weight, the index itself is ``None`` with a reason. Nothing is invented: every number in the
index's JSON form can be recomputed by hand from the profile.

Every quantity is read, not recounted, from where :mod:`reliability.quantities` says it is
computed: the attributions counted (those outside every block, embedded posts included), their
counts by kind, the distinct source keys, the scorers' own values. Body characters are the
text's characters outside blocks (evidence with ``block: True``: promotional blocks and embedded
posts).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import attrs

from reliability._toml import tomllib
from reliability.errors import DataFileError
from reliability.model import IndexComponent, Profile, SourcingIndex, Span
from reliability.quantities import ProfileFacts, source_key

__all__ = [
    "COMPONENTS",
    "IndexComponent",
    "IndexWeights",
    "ProfileFacts",
    "SourcingIndex",
    "compute_index",
    "source_key",
]

COMPONENTS: dict[str, str] = {
    "on_record_share": "named sources",
    "attributed_share": "attributed text",
    "source_diversity": "distinct named sources",
    "writer_hedging": "writer's hedging",
    "promotional": "free of promotion",
}
"""Component id → short label, in report order."""

_FORMULAS: dict[str, str] = {
    "on_record_share": "on_record / typed_attributions",
    "attributed_share": "min(1, attributed_chars / body_chars / target)",
    "source_diversity": "min(1, distinct_on_record_sources / target)",
    "writer_hedging": "max(0, 1 - writer_hedge_rate_beyond_sources / limit)",
    "promotional": "max(0, 1 - promotional_chars / chars / limit)",
}


class WeightsError(DataFileError):
    """An index weights file is unreadable or invalid (``path`` and ``reason`` say how)."""


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
        data = WeightsError.read(path, tomllib.loads, (tomllib.TOMLDecodeError,))
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
    why = _missing(profile, "attribution")
    typed = facts.typed
    if why is None and typed == 0:
        why = (
            "no attributions to take a share of"
            if not facts.attributions
            else "no attribution has a source of known kind"
        )
    on_record = facts.by_kind["on_record"]
    out.append(
        (
            "on_record_share",
            None if why else on_record / typed,
            {"on_record": on_record, "typed_attributions": typed},
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
    limit = weights.param("writer_hedging", "limit", 4.0)
    rate = facts.writer_hedge_rate_beyond_sources
    out.append(
        (
            "writer_hedging",
            None if why or rate is None else max(0.0, 1 - rate / limit),
            {"writer_hedge_rate_beyond_sources": 0 if rate is None else rate, "limit": limit},
            why,
        )
    )

    why = _missing(profile, "promotional")
    limit = weights.param("promotional", "limit", 0.5)
    share = facts.promotional_share
    out.append(
        (
            "promotional",
            None if why or share is None else max(0.0, 1 - share / limit),
            {
                "promotional_chars": facts.promotional_chars,
                "chars": facts.promotional_base,
                "limit": limit,
            },
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
