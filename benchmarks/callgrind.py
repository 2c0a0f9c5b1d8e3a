"""Instruction counts of one part of scoring, repeatable on a loaded machine (valgrind callgrind).

Wall-clock throughput (``throughput.py``) moves with whatever else the machine runs; the number
of instructions executed does not. This runner scores the first ``--limit`` articles once to
warm every per-word cache (as any long run is warm), then runs the measured part inside
``sys.call_tracing``, the one C function callgrind is told to collect in, so that loading the
lexicons, the warm-up and (for a scorer) the literal scan all matchers share are not counted.
Without valgrind it runs the same work and prints its wall-clock time.

Parts: ``full`` (the profile without readability, from the text), ``attribution`` (the
attribution scorer given its Document and the results it depends on), ``document`` (the
Document with its words), ``hedging``, ``promotional``, ``assembly``.

Usage::

    python benchmarks/callgrind.py ../shared/data/polnear/train.jsonl --part full --valgrind
    python benchmarks/callgrind.py ../shared/data/polnear/train.jsonl --part attribution --valgrind

With ``--valgrind`` it re-runs itself under ``valgrind --tool=callgrind
--collect-atstart=no --toggle-collect=sys_call_tracing`` and prints the instructions counted, in
total and per article (``Ir``). The figure depends on the Python build, not on the load.
"""

from __future__ import annotations

import argparse
import gc
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from throughput import load_texts

from reliability.model import ScoreResult
from reliability.profile import Pipeline

PARTS = ("full", "attribution", "document", "hedging", "promotional", "assembly")


def work(texts: list[str], part: str) -> Callable[[], object]:
    """The measured work, its inputs prepared and every cache warmed.

    The returned call runs the measured part inside ``sys.call_tracing``; for a scorer, each
    Document's shared literal scan is done before, outside it (as in ``throughput.py``).
    """
    full = Pipeline()
    no_read = Pipeline(scorers=[s.id for s in full.scorers if s.id != "readability"])
    for t in texts:
        no_read.score(t)
    if part == "full":
        return lambda: sys.call_tracing(lambda: [no_read.score(t) for t in texts], ())
    if part == "document":
        return lambda: sys.call_tracing(lambda: [no_read.document(t).words for t in texts], ())
    docs = [no_read.document(t) for t in texts]
    upstreams: list[dict[str, ScoreResult]] = []
    for d in docs:
        results: dict[str, ScoreResult] = {}
        for s in no_read.scorers:
            results[s.id] = s.score(d, results)
        upstreams.append(results)
    if part == "assembly":
        pairs = list(zip(docs, upstreams, strict=True))
        return lambda: sys.call_tracing(lambda: [no_read.assemble(d, u) for d, u in pairs], ())
    scorer = next(s for s in no_read.scorers if s.id == part)
    scanner = no_read.lexicons.scanner

    def run() -> None:
        for d, u in zip(docs, upstreams, strict=True):
            scanner.scan(d.text)  # shared by every matcher of a run: not this scorer's cost
            sys.call_tracing(scorer.score, (d, u))

    return run


def under_valgrind(argv: list[str], n: int) -> int:
    """Re-run this script under callgrind and print its instruction count."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        cmd = [
            "valgrind",
            "--tool=callgrind",
            "--collect-atstart=no",
            "--toggle-collect=sys_call_tracing",
            f"--callgrind-out-file={out}",
            sys.executable,
            __file__,
            *argv,
        ]
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        match = re.search(r"Collected : (\d+)", proc.stderr)
        if proc.returncode or not match:
            sys.stderr.write(proc.stderr)
            return proc.returncode or 1
        ir = int(match.group(1))
    print(f"{ir:,} instructions, {ir / n:,.0f} an article ({n} articles)")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="a folder of .txt files or a JSONL file")
    parser.add_argument("--part", choices=PARTS, default="full")
    parser.add_argument("--limit", type=int, default=100, help="use the first N texts")
    parser.add_argument("--text-field", default="text")
    parser.add_argument("--valgrind", action="store_true", help="count instructions (callgrind)")
    args = parser.parse_args(argv)
    texts = load_texts(args.corpus, args.text_field, args.limit)
    if args.valgrind:
        rest = [a for a in (argv if argv is not None else sys.argv[1:]) if a != "--valgrind"]
        return under_valgrind(rest, len(texts))
    fn = work(texts, args.part)
    gc.collect()
    gc.freeze()  # the prepared inputs are not what a collection should walk
    t0 = time.perf_counter()
    fn()
    print(f"{(time.perf_counter() - t0) / len(texts) * 1e3:.3f} ms an article (wall clock)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
