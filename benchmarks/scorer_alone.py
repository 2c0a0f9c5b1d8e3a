"""Scorer alone against the full profile: how many articles change value, and the call cost.

For every built-in scorer, each article is scored by ``reliability.score(text,
scorers=[scorer])`` and by the full profile; an article counts as a mismatch when the scorer's
value, or any of its inputs, differs. Then ``reliability.score(text, scorers=[...])`` is timed
on repeated calls with equal arguments (a cached pipeline is reused) beside the default call.

Usage::

    python benchmarks/scorer_alone.py ../shared/data/polnear/dev.jsonl
    python benchmarks/scorer_alone.py ../shared/data/polnear/train.jsonl --limit 200 --json out.json
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

import reliability


def load(path: Path, limit: int | None) -> list[str]:
    """Distinct article texts of a PolNeAR-style JSONL file (``doc_id`` and ``text``)."""
    seen: set[str] = set()
    texts: list[str] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record["doc_id"] not in seen:
                seen.add(record["doc_id"])
                texts.append(record["text"])
    return texts[:limit] if limit else texts


def mismatches(texts: list[str]) -> dict[str, int]:
    """Articles whose scorer-alone value or inputs differ from the full profile's, per scorer."""
    full = [reliability.score(t) for t in texts]
    out: dict[str, int] = {}
    for sid in full[0].scores:
        n = 0
        for text, profile in zip(texts, full, strict=True):
            alone = reliability.score(text, scorers=[sid]).scores[sid]
            whole = profile.scores[sid]
            if (alone.value, dict(alone.inputs)) != (whole.value, dict(whole.inputs)):
                n += 1
        out[sid] = n
    return out


def call_ms(
    texts: list[str], scorers: list[str] | None, repeat: int, *, fresh: bool = False
) -> float:
    """Median milliseconds of one ``reliability.score`` call with the given scorers.

    With ``fresh``, each call builds its own ``Pipeline`` (what every call cost before
    ``score`` cached its pipeline), as the reference the cached call is compared with.
    """
    times = []
    for _ in range(repeat):
        for text in texts:
            start = time.perf_counter()
            if fresh:
                reliability.Pipeline(scorers).score(text)
            else:
                reliability.score(text, scorers=scorers)
            times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def main() -> None:
    """Run the comparison and the timing; print (and optionally save) the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--timing-texts", type=int, default=5)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    texts = load(args.corpus, args.limit)
    counts = mismatches(texts)
    timing = texts[: args.timing_texts]
    default_ms = call_ms(timing, None, 3)
    hedging_ms = call_ms(timing, ["hedging"], 3)
    fresh_ms = call_ms(timing, ["hedging"], 1, fresh=True)
    result = {
        "corpus": str(args.corpus),
        "articles": len(texts),
        "mismatches": counts,
        "median_ms_default_call": round(default_ms, 2),
        "median_ms_scorers_hedging_call": round(hedging_ms, 2),
        "median_ms_new_pipeline_each_call": round(fresh_ms, 2),
    }
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", "utf-8")


if __name__ == "__main__":
    main()
