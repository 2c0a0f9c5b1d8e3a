"""Scoring on a Dask LocalCluster of 1 and 2 worker processes: speed-up, memory, same rows.

Reads the PolNeAR train articles (840, one row per article), scores them once in this process
(the reference rows and time), then on a ``LocalCluster`` of 1 and of 2 worker processes with
one thread each, ``--partitions`` partitions. For each cluster it prints the seconds and
articles per second of the scoring (each worker's pipeline is built first, by a warm-up that is
timed apart), the speed-up over one worker, each worker's peak resident memory (``ru_maxrss``
read on the worker), and whether the rows equal the in-process rows exactly.

Wall-clock figures depend on what else the machine runs: the load average before and after is
recorded beside them. On a machine shared with other work, read the speed-up as a lower bound.

    python benchmarks/dask_scaling.py [--shared ../shared] [--corpus FILE] [--partitions 16]
        [--repeat 1] [--json PATH]
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import resource
import time
from pathlib import Path
from typing import Any

import dask.dataframe as dd
import pandas as pd
from distributed import Client, LocalCluster

import reliability
from reliability._workers import config_of, pipeline_for
from reliability.dask import score_dataframe


def _articles(path: Path) -> pd.DataFrame:
    rows: dict[str, dict[str, str]] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            data = json.loads(line)
            rows.setdefault(data["doc_id"], {"id": data["doc_id"], "text": data["text"]})
    return pd.DataFrame(list(rows.values()))


def _warm() -> float:
    start = time.perf_counter()
    pipeline_for(config_of())
    return time.perf_counter() - start


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _local(corpus: pd.DataFrame) -> tuple[pd.DataFrame, float]:
    pipeline = reliability.Pipeline()
    start = time.perf_counter()
    profiles = [pipeline.score(t, id=i) for t, i in zip(corpus["text"], corpus["id"], strict=True)]
    seconds = time.perf_counter() - start
    frame = reliability.to_dataframe(profiles, sources=list(corpus["id"]))
    return frame, seconds


def _on_cluster(
    corpus: pd.DataFrame, workers: int, partitions: int, repeat: int
) -> tuple[pd.DataFrame, dict[str, Any]]:
    with (
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        warm = client.run(_warm)
        ddf = dd.from_pandas(corpus, npartitions=partitions)
        best = float("inf")
        result = None
        for _ in range(repeat):
            start = time.perf_counter()
            result = score_dataframe(ddf, text="text", id="id").compute()
            best = min(best, time.perf_counter() - start)
        peak = client.run(_peak_rss_mb)
    assert result is not None
    return result, {
        "workers": workers,
        "seconds": round(best, 2),
        "articles_per_s": round(len(corpus) / best, 1),
        "warm_up_s": round(max(warm.values()), 2),
        "worker_peak_rss_mb": sorted(round(v, 1) for v in peak.values()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--partitions", type=int, default=16)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument(
        "--corpus", type=Path, help="JSONL with doc_id and text (default: PolNeAR train)"
    )
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    corpus = _articles(args.corpus or args.shared / "data" / "polnear" / "train.jsonl")
    load_before = os.getloadavg()

    reference, local_s = _local(corpus)
    print(f"in this process: {len(corpus)} articles in {local_s:.2f} s")
    runs = []
    for workers in (1, 2):
        result, run = _on_cluster(corpus, workers, args.partitions, args.repeat)
        result = result.reset_index(drop=True)
        try:
            pd.testing.assert_frame_equal(result, reference)
            run["identical_to_in_process"] = True
        except AssertionError:
            run["identical_to_in_process"] = False
        runs.append(run)
    for run in runs:
        run["speedup_over_1_worker"] = round(runs[0]["seconds"] / run["seconds"], 2)
        print(
            f"{run['workers']} worker(s): {run['seconds']:.2f} s, {run['articles_per_s']} "
            f"articles/s, speed-up {run['speedup_over_1_worker']}, peak RSS per worker "
            f"{run['worker_peak_rss_mb']} MB, identical {run['identical_to_in_process']}"
        )
    load_after = os.getloadavg()
    print(f"load average before {load_before[0]:.2f}, after {load_after[0]:.2f}")

    if args.json:
        result_json = {
            "measured": datetime.date.today().isoformat(),
            "python": platform.python_version(),
            "cores": os.cpu_count(),
            "articles": len(corpus),
            "partitions": args.partitions,
            "repeat": args.repeat,
            "in_process_s": round(local_s, 2),
            "load_average_1min": [round(load_before[0], 2), round(load_after[0], 2)],
            "runs": runs,
        }
        args.json.write_text(json.dumps(result_json, indent=2) + "\n", "utf-8")


if __name__ == "__main__":
    main()
