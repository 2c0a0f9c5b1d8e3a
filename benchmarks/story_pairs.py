"""The shared claims the story comparison finds in a week's coverage, for a person to judge.

No labelled corpus says which statements of different articles report the same claim, so this
runner prints every shared claim found in windows of articles published close together (sorted
by publication date), with the pair that ties it and its measures, for a reader to mark each as
the same claim or not. With PolNeAR train (2015-16 election coverage from seven publishers),
ten windows of 20 articles give the pairs behind the ``min_dice`` rationale in
``reliability/story_thresholds.toml``.

Usage::

    python benchmarks/story_pairs.py ../shared/data/polnear/train.jsonl
    python benchmarks/story_pairs.py CORPUS.jsonl --window 20 --windows 10 --date-field date
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from reliability.compare import compare
from reliability.profile import Pipeline


def load(path: Path, date_field: str) -> list[dict[str, Any]]:
    """Distinct articles (by ``doc_id``) of a JSONL corpus, sorted by date then id."""
    seen: set[str] = set()
    articles = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                if not isinstance(record["text"], str):
                    raise KeyError("text")
            except (json.JSONDecodeError, KeyError) as exc:
                sys.exit(f"{path}:{number}: not an article record ({exc})")
            key = str(record.get("doc_id", number))
            if key not in seen:
                seen.add(key)
                meta = record.get("meta") or {}
                record["_date"] = str(meta.get(date_field) or record.get(date_field) or "")
                record["_id"] = key
                articles.append(record)
    return sorted(articles, key=lambda r: (r["_date"], r["_id"]))


def main() -> None:
    """Print the shared claims of each window."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, help="a JSONL corpus with doc_id, text and a date")
    parser.add_argument("--window", type=int, default=20, help="articles per comparison (20)")
    parser.add_argument("--windows", type=int, default=10, help="comparisons, spread evenly (10)")
    parser.add_argument("--date-field", default="publication_date", help="date in meta or record")
    args = parser.parse_args()
    articles = load(args.path, args.date_field)
    step = max(1, len(articles) // args.windows)
    pipeline = Pipeline()
    total = 0
    for start in range(0, step * args.windows, step):
        window = articles[start : start + args.window]
        if len(window) < 2:
            break
        profiles = [pipeline.score(a["text"]) for a in window]
        comparison = compare(profiles, [a["_id"] for a in window])
        claims = comparison.story.shared_claims
        total += len(claims)
        print(f"== articles {start}-{start + len(window) - 1} ({window[0]['_date']} to "
              f"{window[-1]['_date']}): {len(claims)} shared claims")  # fmt: skip
        for claim in claims:
            best = claim.matches[0]
            a, b = claim.statements[best.a], claim.statements[best.b]
            print(f"  {best.rule} shared={len(best.shared)} overlap={best.overlap:.2f} "
                  f"dice={best.dice:.2f}: {', '.join(best.shared)}")  # fmt: skip
            for s in (a, b):
                content = " ".join(s.content.text.split()) if s.content else ""
                print(f"    [{comparison.labels[s.article]}] {content[:150]!r} — {s.describe()}")
    print(f"{total} shared claims in all")


if __name__ == "__main__":
    main()
