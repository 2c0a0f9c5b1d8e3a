"""The scoring pipeline of a configuration, built once per process and reused.

The scikit-learn transformer and the Dask functions send only a configuration (scorer ids,
lexicon paths, a weights path) to worker processes, which are cheap to pickle; each process
builds the pipeline the first time it needs it (:func:`reliability.profile.cached_pipeline`).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from reliability.profile import Pipeline, cached_pipeline

__all__ = ["PipelineConfig", "config_of", "pipeline_for"]

PipelineConfig = tuple[tuple[str, ...] | None, tuple[str, ...] | None, str | None]
"""``(scorer ids, lexicon paths, index weights path)``, each ``None`` for the default."""


def _strings(value: str | Path | Iterable[str | Path] | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    if isinstance(value, (str, Path)):
        return (str(value),)
    return tuple(str(v) for v in value)


def config_of(
    scorers: str | Iterable[str] | None = None,
    lexicons: str | Path | Iterable[str | Path] | None = None,
    index_weights: str | Path | None = None,
) -> PipelineConfig:
    """The hashable configuration of a pipeline."""
    return (
        _strings(scorers),
        _strings(lexicons),
        None if index_weights is None else str(index_weights),
    )


def pipeline_for(config: PipelineConfig) -> Pipeline:
    """The pipeline of a configuration, built on first use in this process and then reused."""
    scorers, lexicons, index_weights = config
    return cached_pipeline(scorers, lexicons, index_weights)
