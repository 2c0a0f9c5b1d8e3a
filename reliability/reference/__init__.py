"""Reference statistics the findings compare an article with.

The shipped reference, ``polnear_mainstream.json``, holds quantiles of a few measures over the
articles of four mainstream outlets in the PolNeAR train split (The New York Times, The
Washington Post, Politico, USA Today), computed by ``benchmarks/reference_stats.py``, with their
provenance (corpus, commit, split, publishers, library version, lexicon checksums). It holds
numbers only, never article text.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import attrs

from reliability.errors import DataFileError
from reliability.model import FrozenDict, freeze

__all__ = ["Reference", "ReferenceError", "load_reference"]


class ReferenceError(DataFileError):
    """A reference statistics file is unreadable or invalid (``path`` and ``reason`` say how)."""


def _quantile_words(q: float) -> str:
    """Say a quantile as "9 in 10" (0.9), "19 in 20" (0.95) or "99 in 100" (0.99)."""
    for base in (10, 20, 100):
        if abs(q * base - round(q * base)) < 1e-9:
            return f"{round(q * base)} in {base}"
    return f"{q:.0%}"


@attrs.frozen
class Reference:
    """Quantiles of measures over a reference corpus, with where they came from.

    Attributes:
        id: The reference id.
        label: How messages name the reference ("the reference political reporting").
        outlets: The outlets it was computed from, in words.
        concern_quantile: The quantile beyond which a measure is a concern.
        quantiles: Measure id → {quantile → value}.
        articles: Measure id → the number of reference articles with a value.
        patterns: Finding id → the share of reference articles that show it.
        provenance: Corpus, commit, split, publishers, library version, lexicon checksums.
        source: Where the file was read from.
    """

    id: str
    label: str
    outlets: str
    concern_quantile: float
    quantiles: Mapping[str, Mapping[float, float]]
    articles: Mapping[str, int]
    patterns: Mapping[str, float]
    provenance: Mapping[str, Any]
    source: str

    def threshold(self, measure: str, q: float | None = None) -> float:
        """The value of ``measure`` at quantile ``q`` (the concern quantile by default)."""
        q = self.concern_quantile if q is None else q
        try:
            return self.quantiles[measure][q]
        except KeyError:
            raise ReferenceError(self.source, f"no quantile {q:g} of {measure!r}") from None

    def beyond(self, measure: str, value: float) -> bool:
        """Whether ``value`` lies beyond the concern quantile of ``measure``."""
        return value > self.threshold(measure)

    def rare(self, rule: str) -> bool:
        """Whether fewer than ``1 - concern_quantile`` of the reference articles show a pattern."""
        try:
            share = self.patterns[rule]
        except KeyError:
            raise ReferenceError(self.source, f"no pattern {rule!r}") from None
        return share < 1 - self.concern_quantile

    def phrase(self, q: float | None = None) -> str:
        """Say "9 in 10 articles of the reference political reporting" (the concern quantile)."""
        q = self.concern_quantile if q is None else q
        return f"{_quantile_words(q)} articles of {self.label}"

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], source: str) -> Reference:
        """Build a reference from its parsed JSON, checking its shape."""
        try:
            concern = float(data["concern_quantile"])
            quantiles: dict[str, FrozenDict[float, float]] = {}
            articles: dict[str, int] = {}
            for measure, body in data["measures"].items():
                qs = {float(q): float(v) for q, v in body["quantiles"].items()}
                values = [qs[q] for q in sorted(qs)]
                if values != sorted(values):
                    raise ReferenceError(source, f"measures.{measure}: quantiles not increasing")
                if concern not in qs:
                    raise ReferenceError(
                        source, f"measures.{measure}: no quantile {concern:g} (concern_quantile)"
                    )
                quantiles[measure] = FrozenDict(qs)
                articles[measure] = int(body["articles"])
            return cls(
                id=str(data["id"]),
                label=str(data["label"]),
                outlets=str(data["outlets"]),
                concern_quantile=concern,
                quantiles=FrozenDict(quantiles),
                articles=FrozenDict(articles),
                patterns=FrozenDict(
                    {str(k): float(v["share"]) for k, v in data.get("patterns", {}).items()}
                ),
                provenance=freeze(data["provenance"]),
                source=source,
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ReferenceError(source, f"not a reference statistics file: {exc!r}") from None

    @classmethod
    def load(cls, path: str | Path) -> Reference:
        """Read a reference statistics file (JSON, as ``benchmarks/reference_stats.py`` writes)."""
        data = ReferenceError.read(path, json.loads, (json.JSONDecodeError,))
        return cls.from_mapping(data, str(path))


@lru_cache(maxsize=1)
def load_reference() -> Reference:
    """The shipped reference: PolNeAR train's mainstream outlets."""
    text = (resources.files(__name__) / "polnear_mainstream.json").read_text("utf-8")
    return Reference.from_mapping(json.loads(text), "reliability/reference/polnear_mainstream.json")
