"""Reading a batch's JSON Lines output into pandas: time and peak memory.

Audits the PolNeAR train split (919 annotation files) to a temporary JSONL file (or takes
``--profiles FILE``), then reads it in fresh processes, each ``--repeat`` times (best time kept,
peak resident memory of the process as ``ru_maxrss`` after pandas is imported and after the
read):

- ``reliability.read_profiles(path)``: the documented frame (index, components, findings,
  inputs, id, error records) built one line at a time;
- the plain pandas recipe, ``pd.read_json(path, lines=True)`` then ``json_normalize`` of the
  scores, which holds the whole file's parsed objects at once and gives none of those columns.

Both run in the same invocation one after the other, so the ratio between them is the figure to
read on a busy machine.

    python benchmarks/read_profiles.py [--shared ../shared] [--profiles FILE] [--repeat 3]
        [--json PATH]
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

READERS = {
    "read_profiles": "frame = reliability.read_profiles(path)",
    "pandas recipe": (
        "raw = pd.read_json(path, lines=True)\nframe = pd.json_normalize(raw['scores'].tolist())"
    ),
}

CHILD = """
import json, resource, sys, time
import pandas as pd
import reliability, reliability.frame
path = sys.argv[1]
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
{code}
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"seconds": seconds, "peak_mb": peak / 1024, "base_mb": before / 1024,
                  "rows": len(frame), "columns": frame.shape[1]}}))
"""


def _measure(code: str, path: Path, repeat: int) -> dict[str, float]:
    runs = []
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, "-c", CHILD.format(code=code), str(path)],
            check=True,
            capture_output=True,
            text=True,
        )
        runs.append(json.loads(out.stdout))
    best = min(runs, key=lambda r: r["seconds"])
    return {
        "seconds": round(best["seconds"], 2),
        "peak_mb": round(max(r["peak_mb"] for r in runs), 1),
        "peak_mb_before_reading": round(min(r["base_mb"] for r in runs), 1),
        "rows": best["rows"],
        "columns": best["columns"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--profiles", type=Path, help="a JSONL file of profiles to read")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.profiles
        if path is None:
            path = Path(tmp) / "profiles.jsonl"
            corpus = args.shared / "data" / "polnear" / "train.jsonl"
            command = "audit {} --id-field doc_id -f jsonl -o {} --progress never"
            argv = command.format(corpus, path).split()
            subprocess.run([sys.executable, "-m", "reliability", *argv], check=True)
        size_mb = path.stat().st_size / 1e6
        load = os.getloadavg()[0]
        results = {name: _measure(code, path, args.repeat) for name, code in READERS.items()}
    for name, r in results.items():
        print(
            f"{name:<14} {r['rows']} rows × {r['columns']} columns from {size_mb:.1f} MB: "
            f"{r['seconds']:.2f} s, peak {r['peak_mb']:.0f} MB "
            f"({r['peak_mb_before_reading']:.0f} MB before reading)"
        )
    print(f"load average (1 min) at the start: {load:.2f}")
    if args.json:
        data = {
            "measured": datetime.date.today().isoformat(),
            "python": platform.python_version(),
            "cores": os.cpu_count(),
            "file_mb": round(size_mb, 1),
            "repeat": args.repeat,
            "load_average_1min": round(load, 2),
            "readers": results,
        }
        args.json.write_text(json.dumps(data, indent=2) + "\n", "utf-8")


if __name__ == "__main__":
    main()
