"""Batch memory and speed of ``reliability audit``: peak memory must not grow with the corpus.

Builds JSONL corpora of 1×, 4× and 8× the PolNeAR train split (919 articles each pass) in a
temporary directory, audits each with ``--jobs 1`` and ``--jobs 2`` (output to a file), and
prints articles per second, the speed-up over the first ``--jobs`` setting, whether the output
is byte-identical to that setting's, and the peak total resident memory of the command and its
worker processes (sampled from /proc every 50 ms; Linux only; pages the workers share with the
fork server are counted in each). With streaming input and output, peak memory stays flat as the
corpus grows.

    python benchmarks/batch_memory.py [--shared ../shared] [--passes 1 4 8] [--repeat 3]
        [--json PATH]
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _corpus(src: Path, passes: int, target: Path) -> int:
    count = 0
    with target.open("w", encoding="utf-8") as out:
        for _ in range(passes):
            with src.open(encoding="utf-8") as handle:
                for line in handle:
                    out.write(line)
                    count += 1
    return count


def _tree_rss_kib(root: int) -> int:
    """Total resident memory (KiB) of a process and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            status = Path("/proc", entry, "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        pid, ppid = int(entry), int(fields.get("PPid", "0").strip())
        children.setdefault(ppid, []).append(pid)
        rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0])
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, ()))
    return total


def _run(exe: list[str], corpus: Path, jobs: int, output: Path) -> tuple[float, int]:
    """Wall seconds and the peak total RSS (KiB) of the audit's process tree, sampled."""
    cmd = [
        *exe,
        "audit",
        str(corpus),
        "--id-field",
        "doc_id",
        "-f",
        "jsonl",
        "--jobs",
        str(jobs),
        "-o",
        str(output),
    ]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_rss_kib(proc.pid))
        time.sleep(0.05)
    wall = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"audit failed with status {proc.returncode}")
    return wall, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--shared", default=str(Path(__file__).resolve().parents[1].parent / "shared")
    )
    parser.add_argument("--passes", type=int, nargs="+", default=[1, 4, 8])
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument(
        "--repeat", type=int, default=1, help="runs per setting; the fastest is kept (default 1)"
    )
    parser.add_argument("--json", metavar="PATH", help="also write the numbers as JSON")
    args = parser.parse_args()
    src = Path(args.shared) / "data" / "polnear" / "train.jsonl"
    exe = [str(Path(sys.executable).parent / "reliability")]
    if not Path(exe[0]).is_file():
        exe = [sys.executable, "-m", "reliability"]
    rows = []
    print(
        f"{'articles':>9} {'MB in':>7} {'jobs':>4} {'seconds':>8} {'articles/s':>10} "
        f"{'× jobs 1':>8} {'peak RSS MB':>11}  (process tree; output same as jobs 1?)"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for passes in args.passes:
            corpus = Path(tmp) / f"corpus{passes}.jsonl"
            n = _corpus(src, passes, corpus)
            size = corpus.stat().st_size / 1e6
            first: tuple[float, Path] | None = None  # the first setting's time and output
            for jobs in args.jobs:
                output = Path(tmp) / f"out{jobs}.jsonl"
                runs = [_run(exe, corpus, jobs, output) for _ in range(args.repeat)]
                wall, peak = min(w for w, _ in runs), max(p for _, p in runs)
                if first is None:
                    first = (wall, output)
                same = filecmp.cmp(output, first[1], shallow=False)  # compared in blocks
                rows.append(
                    {
                        "articles": n,
                        "input_mb": round(size, 1),
                        "jobs": jobs,
                        "seconds": round(wall, 2),
                        "articles_per_s": round(n / wall, 1),
                        "speedup": round(first[0] / wall, 2),
                        "peak_rss_mb": round(peak / 1024, 1),
                        "same_output": same,
                    }
                )
                r = rows[-1]
                print(
                    f"{n:>9} {size:>7.1f} {jobs:>4} {wall:>8.2f} {r['articles_per_s']:>10} "
                    f"{r['speedup']:>8.2f} {r['peak_rss_mb']:>11}  {same}"
                )
            for jobs in args.jobs[1:]:
                (Path(tmp) / f"out{jobs}.jsonl").unlink()
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"cores: {os.cpu_count()}; load average at the end: {load}")
    if args.json:
        meta = {
            "measured": time.strftime("%Y-%m-%d"),
            "cores": os.cpu_count(),
            "python": sys.version.split()[0],
            "repeat": args.repeat,
        }
        Path(args.json).write_text(json.dumps({**meta, "runs": rows}, indent=2) + "\n", "utf-8")


if __name__ == "__main__":
    main()
