"""Scoring with Dask on a real LocalCluster of worker processes: the same rows as in-process."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import dask.bag as db
import dask.dataframe as dd
import pandas as pd
import pytest
from distributed import Client, LocalCluster

import reliability
import reliability.profile as profile_module
from reliability._workers import config_of, pipeline_for
from reliability.dask import score_bag, score_dataframe
from reliability.frame import ErrorRecord, empty_frame, to_dataframe
from tests.polnear import polnear_articles

PIPELINE = reliability.Pipeline()


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    """Two worker processes, one thread each: how scoring is meant to run."""
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as c,
    ):
        yield c


@pytest.fixture(scope="module")
def corpus(shared_dir: Path) -> pd.DataFrame:
    """Thirty real articles (PolNeAR dev), a missing text and an empty one."""
    rows = [
        {"key": data["doc_id"], "text": data["text"], "n": n}
        for n, data in enumerate(itertools.islice(polnear_articles(shared_dir), 30))
    ]
    rows += [{"key": "missing", "text": None, "n": 30}, {"key": "empty", "text": "", "n": 31}]
    return pd.DataFrame(rows).set_index("n")


def _local(corpus: pd.DataFrame) -> pd.DataFrame:
    records = [
        ErrorRecord(k, "no text: the value is missing")
        if not isinstance(t, str)
        else PIPELINE.score(t, id=k)
        for k, t in zip(corpus["key"], corpus["text"], strict=True)
    ]
    out = to_dataframe(records, sources=list(corpus["key"]))
    out.index = corpus.index
    return out


class TestMeta:
    def test_meta_is_the_frame_columns(self) -> None:
        """The declared meta has to_dataframe's columns and dtypes, before anything runs."""
        ddf = dd.from_pandas(pd.DataFrame({"text": ["a", "b"]}), npartitions=1)
        lazy = score_dataframe(ddf)
        assert list(lazy.columns) == list(empty_frame().columns)
        pd.testing.assert_series_equal(lazy.dtypes, empty_frame().dtypes)
        bag = score_bag(db.from_sequence(["a"], npartitions=1))
        pd.testing.assert_series_equal(bag.dtypes, empty_frame().dtypes)

    def test_unknown_column_is_named(self) -> None:
        """A text or id column that is not there is an error naming it and the columns."""
        ddf = dd.from_pandas(pd.DataFrame({"body": ["a"]}), npartitions=1)
        with pytest.raises(KeyError, match=r"no column 'text'.*\['body'\]"):
            score_dataframe(ddf)
        with pytest.raises(KeyError, match="no column 'key'"):
            score_dataframe(ddf, text="body", id="key")


class TestOnACluster:
    def test_workers_are_other_processes(self, client: Client) -> None:
        """The cluster runs two worker processes, not threads of this one."""
        pids = set(client.run(os.getpid).values())
        assert len(pids) == 2
        assert os.getpid() not in pids

    def test_dataframe_rows_equal_local_ones(self, client: Client, corpus: pd.DataFrame) -> None:
        """Scored on the cluster, every row equals the in-process row, errors included."""
        ddf = dd.from_pandas(corpus, npartitions=4)
        result = score_dataframe(ddf, text="text", id="key").compute()
        pd.testing.assert_frame_equal(result, _local(corpus))
        assert result.loc[30, "error"] == "no text: the value is missing"
        assert result.loc[31, "words"] == 0

    def test_pipeline_built_once_per_worker(self, client: Client, corpus: pd.DataFrame) -> None:
        """Each worker builds its pipeline once however many partitions it scores."""
        ddf = dd.from_pandas(corpus, npartitions=8)
        score_dataframe(ddf, id="key").compute()
        score_dataframe(ddf, id="key").compute()
        built = client.run(lambda: len(profile_module._PIPELINES))
        assert set(built.values()) == {1}
        same = client.run(lambda: id(pipeline_for(config_of())))
        score_dataframe(ddf, id="key").compute()
        assert client.run(lambda: id(pipeline_for(config_of()))) == same

    def test_bag_rows_equal_local_ones(self, client: Client, corpus: pd.DataFrame) -> None:
        """A bag of records scores to the same rows, in order, each named by its id."""
        records = [{"id": k, "text": t} for k, t in zip(corpus["key"], corpus["text"], strict=True)]
        result = score_bag(db.from_sequence(records, npartitions=3)).compute()
        expected = _local(corpus)
        pd.testing.assert_frame_equal(
            result.reset_index(drop=True), expected.reset_index(drop=True)
        )

    def test_bare_texts_are_named_by_position(self, client: Client) -> None:
        """A bag of bare texts names each row by partition and position."""
        result = score_bag(db.from_sequence(["The mayor said so.", 3], npartitions=1)).compute()
        assert list(result["source"]) == ["partition 0, item 0", "partition 0, item 1"]
        assert result["error"].iloc[1] == "no text: the value is int, not a string"
