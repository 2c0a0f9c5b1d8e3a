"""How many articles of each publisher get each concern: the findings' calibration check.

Scores every distinct article of a PolNeAR-style JSONL file (``doc_id``, ``text``,
``meta.publisher``) and counts, per publisher, the articles that get each finding of severity
``concern``. Run it on a split the reference statistics were *not* computed from (the reference
uses PolNeAR train; check on dev).

Usage::

    python benchmarks/concerns_by_publisher.py ../shared/data/polnear/dev.jsonl
    python benchmarks/concerns_by_publisher.py ../shared/data/polnear/dev.jsonl --json out.json
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path

import reliability


def count(path: Path) -> dict[str, object]:
    """Articles per publisher and, per publisher, articles with each concern."""
    seen: set[str] = set()
    articles: Counter[str] = Counter()
    concerns: dict[str, Counter[str]] = defaultdict(Counter)
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record["doc_id"] in seen:
                continue
            seen.add(record["doc_id"])
            publisher = record["meta"]["publisher"]
            articles[publisher] += 1
            found = reliability.score(record["text"]).to_dict().get("findings", [])
            for rule in {f["id"] for f in found if f["severity"] == "concern"}:
                concerns[publisher][rule] += 1
    rules = sorted({r for c in concerns.values() for r in c})
    return {
        "corpus": str(path),
        "articles": dict(sorted(articles.items())),
        "concerns": {p: {r: concerns[p][r] for r in rules} for p in sorted(articles)},
        "total": {r: sum(concerns[p][r] for p in articles) for r in rules},
    }


def table(result: dict[str, object]) -> str:
    """A Markdown table: publisher, articles, then articles per concern rule."""
    articles: dict[str, int] = result["articles"]  # type: ignore[assignment]
    concerns: dict[str, dict[str, int]] = result["concerns"]  # type: ignore[assignment]
    rules = list(result["total"])  # type: ignore[call-overload]
    short = [r.removeprefix("findings.") for r in rules]
    lines = ["| publisher | articles | " + " | ".join(short) + " |"]
    lines.append("| --- | ---: |" + " ---: |" * len(rules))
    for p, n in articles.items():
        lines.append(f"| {p} | {n} | " + " | ".join(str(concerns[p][r]) for r in rules) + " |")
    total = sum(articles.values())
    lines.append(
        f"| all | {total} | "
        + " | ".join(str(result["total"][r]) for r in rules)  # type: ignore[index]
        + " |"
    )
    return "\n".join(lines)


def main() -> None:
    """Count and print (and optionally save) the concerns per publisher."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    result = count(args.corpus)
    print(table(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", "utf-8")


if __name__ == "__main__":
    main()
