"""Scaling: cost must grow linearly with the length of the text, for news prose and for
adversarial inputs alike.

For each kind of text, the full profile is timed at growing sizes; the table shows microseconds
per thousand characters at each size and the growth exponent between the smallest and the largest
size (1.0 is linear; 2.0 would be quadratic).

With ``--output``, it measures instead what ``reliability audit`` writes for adversarial
inputs: each case (``kind:chars``) is written to a file and audited by the installed command in
a child process, once per evidence mode, and the table shows bytes of JSON Lines per input byte,
wall time, the child's CPU time (user + system: the figure to trust on a busy machine) and its
peak memory (maximum resident set size). Mode ``default`` passes no ``--evidence`` option.

Usage::

    python benchmarks/scaling.py                    # all kinds, default sizes
    python benchmarks/scaling.py --kinds prose spaces --max-chars 2000000
    python benchmarks/scaling.py --json scaling.json
    python benchmarks/scaling.py --output           # said:1e6, attributed hedges:5e5 and 5e6
    python benchmarks/scaling.py --output --cases "said:100000" --modes summary
    python benchmarks/scaling.py --output --modes default --pythonpath /tmp/old-checkout
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
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


OUTPUT_CASES = ("said:1000000", "attributed hedges:500000", "attributed hedges:5000000")
"""The adversarial inputs whose output is measured by default."""


def audit_once(
    path: Path, mode: str, timeout: float, pythonpath: str | None = None
) -> dict[str, object]:
    """Audit one file in a child process: bytes written, seconds, peak memory (MB), status."""
    out = path.with_suffix(f".{mode}.jsonl")
    argv = [sys.executable, "-m", "reliability", "audit", str(path), "-f", "jsonl", "-o", str(out)]
    if mode != "default":  # "default": no --evidence option (for versions without it)
        argv += ["--evidence", mode]
    t0 = time.perf_counter()
    env = dict(os.environ, PYTHONPATH=pythonpath) if pythonpath else None
    child = subprocess.Popen(  # from the input's directory: `-m` puts the working directory first
        argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=path.parent
    )
    deadline = t0 + timeout
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            child.kill()
            pid, status, usage = os.wait4(child.pid, 0)
            break
        time.sleep(0.05)
    seconds = time.perf_counter() - t0
    written = out.stat().st_size if out.exists() else 0
    out.unlink(missing_ok=True)
    return {
        "bytes": written,
        "seconds": seconds,
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "peak_mb": usage.ru_maxrss / 1024,  # kilobytes on Linux
        "status": os.waitstatus_to_exitcode(status),
        "timed_out": seconds > timeout,
    }


def measure_output(
    cases: list[str], modes: list[str], timeout: float, pythonpath: str | None = None
) -> list[dict[str, object]]:
    rows = []
    print(
        f"{'input':<28} {'mode':<8} {'bytes/byte':>10} {'seconds':>8} {'CPU s':>8} "
        f"{'peak MB':>8} status"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for case in cases:
            kind, _, chars = case.rpartition(":")
            text = adversarial_text(kind, int(float(chars)))
            path = Path(tmp) / "input.txt"
            path.write_text(text, "utf-8")
            size = path.stat().st_size
            for mode in modes:
                row = {"input": case, "input_bytes": size, "mode": mode}
                row |= audit_once(path, mode, timeout, pythonpath)
                row["bytes_per_input_byte"] = row["bytes"] / size  # type: ignore[operator]
                rows.append(row)
                status = "timed out" if row["timed_out"] else f"exit {row['status']}"
                print(
                    f"{case:<28} {mode:<8} {row['bytes_per_input_byte']:>10.1f} "
                    f"{row['seconds']:>8.1f} {row['cpu_seconds']:>8.1f} {row['peak_mb']:>8.0f} "
                    f"{status}",
                    flush=True,
                )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--kinds", nargs="*", choices=sorted(ADVERSARIAL), default=sorted(ADVERSARIAL)
    )
    parser.add_argument("--min-chars", type=int, default=10_000)
    parser.add_argument("--max-chars", type=int, default=5_000_000)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--output", action="store_true", help="measure what audit writes")
    parser.add_argument("--cases", nargs="*", default=list(OUTPUT_CASES), metavar="KIND:CHARS")
    parser.add_argument("--modes", nargs="*", default=["summary"], metavar="MODE")
    parser.add_argument("--timeout", type=float, default=300.0, metavar="SECONDS")
    parser.add_argument(
        "--pythonpath", metavar="DIR", help="audit with the package in DIR (another version)"
    )
    args = parser.parse_args(argv)
    if args.output:
        rows = measure_output(args.cases, args.modes, args.timeout, args.pythonpath)
        if args.json:
            args.json.write_text(json.dumps(rows, indent=2), "utf-8")
        return 0

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
