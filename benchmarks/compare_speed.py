"""Speed of comparing one story across many articles: scoring, the comparison, rendering.

Times, best of ``--repeat`` runs, for ``--articles`` articles (default 20):

- ``score``: scoring every article (``Pipeline.score``), the reference the rest is set against;
- ``story``: the story comparison alone (:func:`reliability.story.compare_story`);
- ``compare``: :func:`reliability.compare.compare` (indicators, sources and the story);
- ``render text|json|html``: rendering the comparison;
- ``command``: ``reliability compare`` end to end, in-process (reading, scoring, comparing and
  writing the text report), the figure the "20 articles in under 2 s" target is about.

Ratios to ``score`` are what to compare across machines; seconds depend on the machine and on
what else runs on it.

Usage::

    python benchmarks/compare_speed.py ../shared/data/polnear/train.jsonl
    python benchmarks/compare_speed.py examples/ --articles 20 --repeat 5 --json out.json

A folder gives its ``.txt`` files (repeated to make up the number of articles); a JSONL file its
first articles with distinct ``doc_id`` (or lines, without one).
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from reliability.cli import main
from reliability.compare import compare
from reliability.profile import Pipeline
from reliability.report import render_comparison
from reliability.story import compare_story


def load_texts(path: Path, n: int, text_field: str) -> list[str]:
    """``n`` article texts from a folder of .txt files or a JSONL file."""
    texts: list[str] = []
    if path.is_dir():
        files = sorted(path.rglob("*.txt"))
        if not files:
            sys.exit(f"{path}: no .txt files")
        while len(texts) < n:
            texts += [f.read_text("utf-8") for f in files]
        return texts[:n]
    seen: set[str] = set()
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                text = record[text_field]
            except (json.JSONDecodeError, KeyError) as exc:
                sys.exit(f"{path}:{number}: no {text_field!r} field ({exc})")
            key = str(record.get("doc_id", number))
            if key not in seen:
                seen.add(key)
                texts.append(text)
            if len(texts) == n:
                break
    if len(texts) < n:
        sys.exit(f"{path}: only {len(texts)} articles, {n} asked for")
    return texts


def best_of(fn: Callable[[], object], repeat: int) -> float:
    """The fastest of ``repeat`` runs of ``fn``, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def measure(texts: list[str], repeat: int) -> dict[str, float]:
    """Seconds per stage, best of ``repeat``."""
    pipeline = Pipeline()
    profiles = [pipeline.score(t) for t in texts]  # warm: lexicons compiled, caches filled
    labels = [f"article_{i + 1:02d}.txt" for i in range(len(texts))]
    comparison = compare(profiles, labels)
    out: dict[str, float] = {}
    out["score"] = best_of(lambda: [pipeline.score(t) for t in texts], repeat)
    out["story"] = best_of(lambda: compare_story(profiles), repeat)
    out["compare"] = best_of(lambda: compare(profiles, labels), repeat)
    for fmt in ("text", "json", "html"):
        out[f"render {fmt}"] = best_of(lambda fmt=fmt: render_comparison(comparison, fmt), repeat)
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for label, text in zip(labels, texts, strict=True):
            p = Path(tmp) / label
            p.write_text(text, "utf-8")
            paths.append(str(p))

        def command() -> None:
            status = main(
                ["compare", *paths, "--color", "never"], stdout=io.StringIO(), stderr=io.StringIO()
            )
            if status != 0:
                raise SystemExit(f"reliability compare exited with {status}")

        out["command"] = best_of(command, repeat)
    return out


def main_cli() -> None:
    """Run the benchmark from the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, help="a folder of .txt files or a JSONL corpus")
    parser.add_argument("--articles", type=int, default=20, help="articles compared (20)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per stage, best kept (5)")
    parser.add_argument("--text-field", default="text", help="JSONL field of the text")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    texts = load_texts(args.path, args.articles, args.text_field)
    words = sum(len(t.split()) for t in texts)
    times = measure(texts, args.repeat)
    print(f"{len(texts)} articles, {words} words, best of {args.repeat}")
    print(f"{'stage':<14} {'seconds':>9} {'× score':>9}")
    for stage, seconds in times.items():
        print(f"{stage:<14} {seconds:>9.3f} {seconds / times['score']:>9.2f}")
    if args.json:
        args.json.write_text(
            json.dumps({"articles": len(texts), "words": words, "seconds": times}, indent=2) + "\n",
            "utf-8",
        )


if __name__ == "__main__":
    main_cli()
