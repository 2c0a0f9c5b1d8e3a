"""Score a corpus with Dask: partitions of texts in, a Dask DataFrame of profile rows out.

:func:`score_dataframe` scores a text column of a Dask DataFrame; :func:`score_bag` scores a
Dask Bag of texts (or of records with a ``text``). Both return a Dask DataFrame whose ``meta``
is declared up front: the columns and dtypes of :func:`reliability.to_dataframe`, so the result
is lazy until you compute it, and every partition is checked against that declaration. A text
that cannot be scored is an error row (``source`` and ``error`` filled), never a lost row or a
failed task.

Only the configuration travels to the workers (scorer ids, lexicon paths, a weights path); each
worker process builds its pipeline once, on first use, and reuses it for every partition.
Lexicon and weights paths must exist on every worker.

Scoring is pure-Python CPU work, which holds the GIL: run it on worker *processes*, one thread
each (``LocalCluster(n_workers=N, threads_per_worker=1)``, or ``dask worker --nthreads 1``), not
on the threaded scheduler, which would score one text at a time.

Dask is an optional dependency: ``pip install "source-reliability[dask]"``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import dask.dataframe as dd
from dask.delayed import delayed

from reliability._workers import PipelineConfig, config_of, pipeline_for
from reliability.errors import ReliabilityError
from reliability.frame import ErrorRecord, empty_frame, to_dataframe
from reliability.model import Profile

__all__ = ["score_bag", "score_dataframe"]


def _score_one(
    config: PipelineConfig, text: Any, id: Any, title: Any, source: str
) -> Profile | ErrorRecord:
    """One text's profile, or an error record saying why there is none."""
    if not _present(text):
        return ErrorRecord(source, "no text: the value is missing")
    if not isinstance(text, str):
        return ErrorRecord(source, f"no text: the value is {type(text).__name__}, not a string")
    try:
        return pipeline_for(config).score(
            text,
            id=None if id is None else str(id),
            title=title if isinstance(title, str) else None,
        )
    except ReliabilityError as exc:
        return ErrorRecord(source, str(exc))
    except Exception as exc:  # one bad article must not fail the partition
        return ErrorRecord(
            source,
            f"internal error while scoring: {type(exc).__name__}: {exc} (please report this)",
        )


def _present(value: Any) -> bool:
    import pandas as pd

    return value is not None and not (pd.api.types.is_scalar(value) and pd.isna(value))


def _score_frame(part: Any, text: str, id: str | None, config: PipelineConfig) -> Any:
    """Score one pandas partition; the result keeps the partition's index."""
    texts = part[text].tolist()
    ids = part[id].tolist() if id is not None else [None] * len(texts)
    labels = [str(label) for label in part.index]
    records = []
    sources = []
    for value, key, label in zip(texts, ids, labels, strict=True):
        source = str(key) if _present(key) else label
        records.append(_score_one(config, value, key if _present(key) else None, None, source))
        sources.append(source)
    out = to_dataframe(records, sources=sources)
    out.index = part.index
    return out


def score_dataframe(
    ddf: dd.DataFrame,
    text: str = "text",
    id: str | None = None,
    *,
    scorers: str | Iterable[str] | None = None,
    lexicons: str | Path | Iterable[str | Path] | None = None,
    index_weights: str | Path | None = None,
) -> dd.DataFrame:
    """Score the text column of a Dask DataFrame.

    Args:
        ddf: The corpus, one article per row.
        text: The column holding the article text.
        id: The column holding the article id (also its ``source``); ``None`` to use the index
            label as the source and leave ``id`` empty.
        scorers: Scorer ids to run; ``None`` for all built-in scorers.
        lexicons: Lexicon files or directories laid over the shipped ones.
        index_weights: An index weights file.

    Returns:
        A lazy Dask DataFrame with the columns of :func:`reliability.to_dataframe` and the
        index (and divisions) of ``ddf``. Join it back to ``ddf`` for the other columns.
    """
    for column in (text, id):
        if column is not None and column not in ddf.columns:
            raise KeyError(f"no column {column!r}; the columns are {list(ddf.columns)}")
    meta = empty_frame()
    meta.index = ddf._meta.index
    config = config_of(scorers, lexicons, index_weights)
    frame: Any = ddf  # map_partitions is untyped in dask
    result: dd.DataFrame = frame.map_partitions(
        _score_frame, text, id, config, meta=meta, align_dataframes=False
    )
    return result


def _score_records(items: Iterable[Any], partition: int, config: PipelineConfig) -> Any:
    """Score one bag partition: texts, or records with ``text`` (and ``id``, ``title``)."""
    records = []
    sources = []
    for position, item in enumerate(items):
        where = f"partition {partition}, item {position}"
        if isinstance(item, Mapping):
            key = item.get("id")
            source = str(item.get("source") or (key if _present(key) else where))
            record = _score_one(
                config, item.get("text"), key if _present(key) else None, item.get("title"), source
            )
        else:
            source = where
            record = _score_one(config, item, None, None, source)
        records.append(record)
        sources.append(source)
    return to_dataframe(records, sources=sources)


def score_bag(
    bag: Any,
    *,
    scorers: str | Iterable[str] | None = None,
    lexicons: str | Path | Iterable[str | Path] | None = None,
    index_weights: str | Path | None = None,
) -> dd.DataFrame:
    """Score a Dask Bag of texts, or of records with ``text`` and optionally ``id``, ``title``.

    Args:
        bag: A ``dask.bag.Bag``. A record's ``source`` (or else its ``id``) names its row; a
            bare text is named by its partition and position.
        scorers: Scorer ids to run; ``None`` for all built-in scorers.
        lexicons: Lexicon files or directories laid over the shipped ones.
        index_weights: An index weights file.

    Returns:
        A lazy Dask DataFrame with the columns of :func:`reliability.to_dataframe`, one row per
        item, in bag order (each partition's rows numbered from 0).
    """
    config = config_of(scorers, lexicons, index_weights)
    parts = [
        delayed(_score_records)(part, number, config)
        for number, part in enumerate(bag.to_delayed())
    ]
    result: dd.DataFrame = dd.from_delayed(parts, meta=empty_frame(), verify_meta=True)
    return result
