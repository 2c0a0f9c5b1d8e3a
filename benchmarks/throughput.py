"""Throughput: articles/s and words/s for Document construction, each scorer and the full
profile, beside two references measured in the same run.

References:
- ``regex``: a bare ``re.findall(r"\\w+", text)`` pass, the floor of any text processing;
- ``textstat``: textstat's five standard readability metrics alone (Flesch reading ease,
  Flesch–Kincaid grade, Gunning fog, SMOG, Coleman–Liau), with textstat's cmudict download
  switched off so that it uses pyphen, as our readability scorer does.

Ratios (reference time / our time, so higher is better) are what to compare across machines.

Usage::

    python benchmarks/throughput.py ../shared/data/polnear/train.jsonl
    python benchmarks/throughput.py examples/ --repeat 50
    python benchmarks/throughput.py CORPUS.jsonl --text-field body --limit 200 --json out.json
"""

from __future__ import annotations

import argparse
import gc
import importlib
import json
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

import reliability
from reliability.profile import Pipeline

WORD = re.compile(r"\w+")


def load_texts(path: Path, text_field: str, limit: int | None) -> list[str]:
    """Texts from a folder of .txt files or a JSONL file (one object per line)."""
    if path.is_dir():
        texts = [p.read_text("utf-8") for p in sorted(path.rglob("*.txt"))]
    else:
        texts = []
        with path.open(encoding="utf-8") as handle:
            for n, line in enumerate(handle, 1):
                if line.strip():
                    try:
                        texts.append(json.loads(line)[text_field])
                    except (json.JSONDecodeError, KeyError) as exc:
                        sys.exit(f"{path}:{n}: no {text_field!r} field ({exc})")
    return texts[:limit] if limit else texts


def textstat_offline() -> object:
    """Import textstat with its cmudict download switched off (pyphen syllables)."""
    import textstat

    module = importlib.import_module("textstat.backend.counts._count_syllables")
    module.get_cmudict = lambda lang: None  # type: ignore[attr-defined]
    return textstat


def clear_textstat_caches(textstat: object) -> None:
    """Empty textstat's per-text caches, so that repeated runs measure work, not look-ups."""
    backend = textstat.backend  # type: ignore[attr-defined]
    for package in (backend.counts, backend.metrics, backend.selections):
        for name in dir(package):
            fn = getattr(package, name)
            if hasattr(fn, "cache_clear"):
                fn.cache_clear()


def best_of(fn: Callable[[], object], repeat: int) -> float:
    """The fastest of ``repeat`` runs, in seconds (the least disturbed by other load)."""
    times = []
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def best_of_timed(fn: Callable[[], float], repeat: int) -> float:
    """The smallest of ``repeat`` self-timed runs (``fn`` returns the seconds it measured)."""
    times = []
    for _ in range(repeat):
        gc.collect()
        times.append(fn())
    return min(times)


def sum_time(
    fn: Callable[[reliability.Document, dict[str, reliability.ScoreResult]], object],
    docs: list[reliability.Document],
    upstreams: list[dict[str, reliability.ScoreResult]],
) -> float:
    """Seconds spent in ``fn`` over every (Document, results) pair, timing each call alone."""
    total = 0.0
    for d, u in zip(docs, upstreams, strict=True):
        t0 = time.perf_counter()
        fn(d, u)
        total += time.perf_counter() - t0
    return total


def each(texts: list[str], fn: Callable[[str], object]) -> Callable[[], None]:
    """Run ``fn`` over every text, keeping nothing (as a streamed batch does)."""

    def run() -> None:
        for t in texts:
            fn(t)

    return run


def measure_all(texts: list[str], repeat: int) -> list[tuple[str, float]]:
    """Every row of the table: ``(measurement, best seconds over all texts)``."""
    ts = textstat_offline()
    full = Pipeline()
    no_read = Pipeline(scorers=[s.id for s in full.scorers if s.id != "readability"])
    for t in texts:  # warm the per-word caches (syllables), as in any long run
        full.score(t)

    def textstat_pass() -> None:
        clear_textstat_caches(ts)
        for t in texts:
            ts.flesch_reading_ease(t)  # type: ignore[attr-defined]
            ts.flesch_kincaid_grade(t)  # type: ignore[attr-defined]
            ts.gunning_fog(t)  # type: ignore[attr-defined]
            ts.smog_index(t)  # type: ignore[attr-defined]
            ts.coleman_liau_index(t)  # type: ignore[attr-defined]

    textstat_pass()  # warm textstat's per-word caches too (pyphen's), as ours are above
    rows = [
        ("reference: regex \\w+ pass", best_of(each(texts, WORD.findall), repeat)),
        ("reference: textstat 5 metrics", best_of(textstat_pass, repeat)),
        ("full profile without readability", best_of(each(texts, no_read.score), repeat)),
        ("full profile with readability", best_of(each(texts, full.score), repeat)),
    ]
    return rows + measure_parts(full, texts, repeat)


def measure_parts(full: Pipeline, texts: list[str], repeat: int) -> list[tuple[str, float]]:
    """The parts of a profile, each given what comes before it.

    The Document (with its words), the literal scan every lexicon matcher shares, each scorer
    given the results it depends on, and the assembly of the profile (index and findings).
    """
    scanner = full.lexicons.scanner
    rows = [
        (
            "part: Document (segments and words)",
            best_of(each(texts, lambda t: full.document(t).words), repeat),
        ),
        ("part: literal scan (shared by matchers)", best_of(each(texts, scanner.scan), repeat)),
    ]
    docs = [full.document(t) for t in texts]
    upstreams: list[dict[str, reliability.ScoreResult]] = []
    for d in docs:
        results: dict[str, reliability.ScoreResult] = {}
        for s in full.scorers:
            results[s.id] = s.score(d, results)
        upstreams.append(results)
    gc.freeze()  # the stored Documents and results are not what a collection should walk

    def scored(scorer: reliability.Scorer) -> Callable[[], float]:
        def run() -> float:
            total = 0.0
            for d, u in zip(docs, upstreams, strict=True):
                scanner.scan(d.text)  # shared, and already paid for in the row above
                t0 = time.perf_counter()
                scorer.score(d, u)
                total += time.perf_counter() - t0
            return total

        return run

    for scorer in full.scorers:
        rows.append((f"part: scorer {scorer.id}", best_of_timed(scored(scorer), repeat)))
    assembly = best_of_timed(lambda: sum_time(full.assemble, docs, upstreams), repeat)
    rows.append(("part: profile assembly (index, findings)", assembly))
    gc.unfreeze()
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="a folder of .txt files or a JSONL file")
    parser.add_argument("--text-field", default="text")
    parser.add_argument("--limit", type=int, default=None, help="use the first N texts")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (best kept)")
    parser.add_argument("--json", type=Path, help="also write the table as JSON here")
    args = parser.parse_args(argv)

    texts = load_texts(args.corpus, args.text_field, args.limit)
    if not texts:
        sys.exit(f"{args.corpus}: no texts")
    n_words = sum(len(WORD.findall(t)) for t in texts)

    rows = measure_all(texts, args.repeat)

    regex_t = rows[0][1]
    textstat_t = rows[1][1]
    table = []
    print(
        f"{len(texts)} articles, {n_words} words, best of {args.repeat} runs; "
        f"source-reliability {reliability.__version__}, Python {sys.version.split()[0]}"
    )
    print(
        f"{'measurement':<36} {'articles/s':>11} {'words/s':>12} {'× regex':>9} {'× textstat':>11}"
    )
    for name, secs in rows:
        aps, wps = len(texts) / secs, n_words / secs
        vs_regex, vs_textstat = regex_t / secs, textstat_t / secs
        table.append(
            {
                "measurement": name,
                "seconds": secs,
                "articles_per_s": aps,
                "words_per_s": wps,
                "ratio_to_regex": vs_regex,
                "ratio_to_textstat": vs_textstat,
            }
        )
        print(f"{name:<36} {aps:>11,.0f} {wps:>12,.0f} {vs_regex:>9.3f} {vs_textstat:>11.2f}")
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "corpus": str(args.corpus),
                    "articles": len(texts),
                    "words": n_words,
                    "rows": table,
                },
                indent=2,
            ),
            "utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
