"""Scaling: cost must grow linearly with the length of the text, for news prose and for
adversarial inputs alike.

For each kind of text, the full profile is timed at growing sizes; the table shows microseconds
per thousand characters at each size and the growth exponent between the smallest and the largest
size (1.0 is linear; 2.0 would be quadratic).

Usage::

    python benchmarks/scaling.py                    # all kinds, default sizes
    python benchmarks/scaling.py --kinds prose spaces --max-chars 2000000
    python benchmarks/scaling.py --json scaling.json
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path

from reliability.profile import Pipeline
from reliability.testing import ADVERSARIAL, adversarial_text


def time_one(pipeline: Pipeline, text: str) -> float:
    """Seconds for one full profile (best of two)."""
    best = math.inf
    for _ in range(2):
        t0 = time.perf_counter()
        pipeline.score(text)
        best = min(best, time.perf_counter() - t0)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--kinds", nargs="*", choices=sorted(ADVERSARIAL), default=sorted(ADVERSARIAL)
    )
    parser.add_argument("--min-chars", type=int, default=10_000)
    parser.add_argument("--max-chars", type=int, default=5_000_000)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)

    sizes = []
    n = args.min_chars
    while n <= args.max_chars:
        sizes.append(n)
        n *= 10
    pipeline = Pipeline()
    rows = []
    header = " ".join(f"{s:>12,}" for s in sizes)
    print(
        f"µs per 1,000 characters for a full profile at each size (chars)\n{'kind':<20} {header}"
        f" {'exponent':>9}"
    )
    for kind in args.kinds:
        times = [time_one(pipeline, adversarial_text(kind, size)) for size in sizes]
        per_k = [1e6 * t / (s / 1000) for t, s in zip(times, sizes, strict=True)]
        exponent = math.log(times[-1] / times[0]) / math.log(sizes[-1] / sizes[0])
        rows.append({"kind": kind, "sizes": sizes, "seconds": times, "exponent": exponent})
        print(f"{kind:<20} " + " ".join(f"{x:>12.1f}" for x in per_k) + f" {exponent:>9.2f}")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
