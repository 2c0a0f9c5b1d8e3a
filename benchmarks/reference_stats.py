"""Reference statistics for the findings: quantiles of each measure over mainstream reporting.

A finding calls something a concern only when the article lies beyond a stated percentile of
the reference articles (see ``reliability/findings.py``). This script computes those quantiles
from the PolNeAR train split, restricted to its four mainstream outlets, and writes them with
their provenance to ``reliability/reference/polnear_mainstream.json``. No article text is kept:
only numbers.

The reference is the articles of The New York Times, The Washington Post, Politico and USA Today
in PolNeAR train (120 each, 2015–16 US election coverage). They are the corpus's newspapers
and political news outlet of record, edited under published standards (each has a public policy
on anonymous sources); the corpus's other three publishers (HuffPost, Breitbart, Western Journal)
are opinion-heavy or hyperpartisan, which is what a reader wants an article compared *against*,
not *with*. Train only: dev is kept to check how often each concern fires.

Usage::

    python benchmarks/reference_stats.py ../shared/data/polnear/train.jsonl
    python benchmarks/reference_stats.py ../shared/data/polnear/train.jsonl --check
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

import reliability
from reliability.findings import REFERENCE_MEASURES, REFERENCE_PATTERNS
from reliability.profile import Pipeline

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "reliability" / "reference" / "polnear_mainstream.json"
PUBLISHERS = ("nyt", "wash-post", "politico", "usa-today")
QUANTILES = (0.5, 0.75, 0.9, 0.95, 0.99)
CONCERN_QUANTILE = 0.9


def quantile(values: list[float], q: float) -> float:
    """The ``q`` quantile of sorted values, linear between order statistics (numpy's default)."""
    if not values:
        raise ValueError("no values")
    pos = q * (len(values) - 1)
    lo, hi = math.floor(pos), math.ceil(pos)
    return values[lo] + (values[hi] - values[lo]) * (pos - lo)


def articles(path: Path) -> list[tuple[str, str]]:
    """``(publisher, text)`` of each distinct article of the reference publishers."""
    seen: set[str] = set()
    out = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            publisher = record["meta"]["publisher"]
            if record["doc_id"] in seen or publisher not in PUBLISHERS:
                continue
            seen.add(record["doc_id"])
            out.append((publisher, record["text"]))
    return out


def compute(path: Path) -> dict[str, object]:
    """The reference statistics of the articles of ``path``, with their provenance."""
    pipeline = Pipeline()
    items = articles(path)
    values: dict[str, list[float]] = {m: [] for m in REFERENCE_MEASURES}
    unmeasured = dict.fromkeys(REFERENCE_MEASURES, 0)
    patterns = dict.fromkeys(REFERENCE_PATTERNS, 0)
    for _, text in items:
        profile = pipeline.score(text)
        for rule in {f.id for f in profile.findings} & set(patterns):
            patterns[rule] += 1
        for measure, (scorer, _) in REFERENCE_MEASURES.items():
            value = profile.scores[scorer].value
            if value is None:
                unmeasured[measure] += 1
            else:
                values[measure].append(value)
    measures = {}
    for measure, (scorer, description) in REFERENCE_MEASURES.items():
        got = sorted(values[measure])
        measures[measure] = {
            "scorer": scorer,
            "description": description,
            "articles": len(got),
            "unmeasured": unmeasured[measure],
            "quantiles": {f"{q:g}": round(quantile(got, q), 4) for q in QUANTILES},
        }
    counts = {p: sum(1 for pub, _ in items if pub == p) for p in PUBLISHERS}
    return {
        "id": "polnear_mainstream",
        "description": (
            "Quantiles of the measures the findings compare against, over the mainstream "
            "outlets' articles of PolNeAR train: The New York Times, The Washington Post, "
            "Politico and USA Today (2015-16 US election coverage). No article text is kept."
        ),
        "label": "the reference political reporting",
        "outlets": "The New York Times, The Washington Post, Politico and USA Today",
        "concern_quantile": CONCERN_QUANTILE,
        "provenance": {
            "corpus": (
                "PolNeAR v1.0.0, Political News Attribution Relations corpus (Newell, Margolin "
                "& Ruths, LREC 2018)"
            ),
            "url": "https://github.com/networkdynamics/PolNeAR",
            "commit": "c3eee833c035bf7b8c84f55b58c0bf7346cfae76",
            "split": "train",
            "publishers": counts,
            "articles": len(items),
            "why_these_publishers": (
                "the corpus's newspapers and political outlet of record, edited under published "
                "standards (each has a public policy on anonymous sources); HuffPost, Breitbart "
                "and Western Journal are opinion-heavy or hyperpartisan, what an article is "
                "compared against rather than with"
            ),
            "computed_by": "benchmarks/reference_stats.py",
            "library_version": reliability.__version__,
            "lexicons": [ref.to_dict() for ref in pipeline.lexicon_refs],
            "quantile_method": "linear interpolation between order statistics",
        },
        "measures": measures,
        "patterns": {
            rule: {
                "description": REFERENCE_PATTERNS[rule],
                "articles": n,
                "share": round(n / len(items), 4),
            }
            for rule, n in patterns.items()
        },
    }


def main() -> None:
    """Compute the statistics; write them, or with --check compare them with the shipped file."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("train", type=Path, help="PolNeAR train.jsonl")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument(
        "--check", action="store_true", help="compare with the shipped file instead of writing"
    )
    args = parser.parse_args()
    result = compute(args.train)
    text = json.dumps(result, indent=2, ensure_ascii=False) + "\n"
    if args.check:
        shipped = json.loads(args.out.read_text("utf-8"))
        if (shipped["measures"], shipped["patterns"]) != (result["measures"], result["patterns"]):
            sys.exit(f"{args.out}: stale; run benchmarks/reference_stats.py to refresh it")
        print(f"{args.out}: up to date")
        return
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, "utf-8")
    print(json.dumps(result["measures"], indent=2))


if __name__ == "__main__":
    main()
