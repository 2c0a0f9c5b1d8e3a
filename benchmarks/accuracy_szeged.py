"""Accuracy of the hedging scorer's cues against the Szeged Uncertainty Corpus.

Data (read at run time, never copied): ``../shared/data/szeged/factbank-dev.jsonl`` (news,
FactBank part) and ``wiki.jsonl`` (WikiWeasel 2.0), one sentence per line with gold cue spans
typed epistemic modal (probable / possible), doxastic, condition or investigation.

How it is measured:

* **One Document per sentence.** Each line is scored on its own (``Document.from_text(text)``),
  so predicted offsets are the gold offsets' own coordinate system; nothing is joined or
  re-based. Joining a document's sentences would only add cross-sentence quotation context,
  which voice needs but the Szeged scheme (voice-blind) does not.
* **Which predictions count.** Hedge evidence of the types the Szeged scheme annotates:
  ``epistemic``, ``doxastic``, ``condition``, ``investigation`` and ``evidential`` (Szeged
  marks "reportedly", "allegedly" as modal or doxastic). ``weasel`` and ``approximator`` cues
  are news hedges outside the scheme; the ``all labels`` row counts them too, to show their
  cost. Boosters never count.
* **Cue overlap.** A predicted cue is correct if it shares a character with a gold cue;
  a gold cue is found if a predicted cue shares a character with it.
* **Cue exact.** Start and end both equal.
* **Sentence.** A sentence is uncertain if it holds at least one cue (gold: ``uncertain``).
* **Per type.** Recall by gold type (overlap) and precision by predicted type (overlap).
* **Splits.** WikiWeasel is split by a hash of ``doc_id`` into ``wiki-train`` (where the lexicon
  was developed) and ``wiki-test``; ``factbank-dev`` is the news check. A plain list of 50 hedge
  words is measured beside ours as a baseline.

Usage::

    python benchmarks/accuracy_szeged.py
    python benchmarks/accuracy_szeged.py --data ../shared/data/szeged --json szeged.json
    python benchmarks/accuracy_szeged.py --errors factbank-dev --limit 40
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from reliability.document import Document
from reliability.lexicon import LexiconSet
from reliability.scorers.hedging import HedgingScorer

SZEGED_LABELS = frozenset({"epistemic", "doxastic", "condition", "investigation", "evidential"})
"""Hedge types the Szeged scheme annotates (evidentials are marked there as modal or doxastic)."""

GOLD_TYPES = {
    "speculation_modal_probable_": "epistemic",
    "speculation_modal_possible_": "epistemic",
    "speculation_hypo_doxastic _": "doxastic",
    "speculation_hypo_condition _": "condition",
    "speculation_hypo_investigation _": "investigation",
}

BASELINE_WORDS = (
    "may",
    "might",
    "could",
    "possible",
    "possibly",
    "perhaps",
    "maybe",
    "probably",
    "probable",
    "likely",
    "unlikely",
    "seem",
    "seems",
    "seemed",
    "appear",
    "appears",
    "apparently",
    "suggest",
    "suggests",
    "suggested",
    "believe",
    "believes",
    "believed",
    "think",
    "thinks",
    "thought",
    "expect",
    "expects",
    "expected",
    "assume",
    "assumed",
    "suppose",
    "supposed",
    "suspect",
    "suspected",
    "allegedly",
    "alleged",
    "reportedly",
    "if",
    "unless",
    "whether",
    "unclear",
    "uncertain",
    "doubt",
    "speculate",
    "speculated",
    "rumored",
    "presumably",
    "estimated",
    "indicate",
)
"""A plain list of 50 hedge words, the issue's scale reference (cue F1 0.69 on FactBank)."""

Span2 = tuple[int, int]
Predictor = Callable[[str], list[tuple[int, int, str]]]


def _split(doc_id: str) -> str:
    return "wiki-train" if hashlib.sha1(doc_id.encode()).digest()[0] % 2 == 0 else "wiki-test"


def load(data: Path) -> dict[str, list[dict[str, Any]]]:
    """Read the Szeged files into splits: ``factbank-dev``, ``wiki-train``, ``wiki-test``."""
    names = ("factbank-dev", "wiki-train", "wiki-test")
    splits: dict[str, list[dict[str, Any]]] = {name: [] for name in names}
    for name, key in (("factbank-dev.jsonl", None), ("wiki.jsonl", "wiki")):
        path = data / name
        if not path.is_file():
            sys.exit(f"{path}: not found (pass --data DIR holding the Szeged JSONL files)")
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    row = json.loads(line)
                    splits["factbank-dev" if key is None else _split(row["doc_id"])].append(row)
    return splits


def ours(scorer: HedgingScorer, labels: frozenset[str] | None) -> Predictor:
    """Predict with the hedging scorer: hedge evidence of the given types (all if ``None``)."""

    def predict(text: str) -> list[tuple[int, int, str]]:
        return [
            (e.start, e.end, str(e.details["type"]))
            for e in scorer.cues(Document.from_text(text))
            if e.label == "hedge" and (labels is None or e.details["type"] in labels)
        ]

    return predict


def baseline() -> Predictor:
    """Predict with the plain 50-word list (whole words, any case)."""
    regex = re.compile(r"\b(?:" + "|".join(BASELINE_WORDS) + r")\b", re.IGNORECASE)

    def predict(text: str) -> list[tuple[int, int, str]]:
        return [(m.start(), m.end(), "baseline") for m in regex.finditer(text)]

    return predict


def _prf(tp_p: int, n_pred: int, tp_g: int, n_gold: int) -> dict[str, float]:
    p = tp_p / n_pred if n_pred else 0.0
    r = tp_g / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f, 4),
        "predicted": n_pred,
        "gold": n_gold,
    }


def _overlap(a: Span2, b: Span2) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def evaluate(rows: Sequence[dict[str, Any]], predict: Predictor) -> dict[str, Any]:
    """Cue (overlap, exact), sentence and per-type figures of one predictor on one split."""
    n_pred = n_gold = tp_exact = tp_pred = tp_gold = 0
    sent = Counter[str]()
    gold_by_type, found_by_type = Counter[str](), Counter[str]()
    pred_by_type, right_by_type = Counter[str](), Counter[str]()
    for row in rows:
        preds = predict(row["text"])
        gold = [(c["start"], c["end"], GOLD_TYPES.get(c["type"], c["type"])) for c in row["cues"]]
        n_pred += len(preds)
        n_gold += len(gold)
        gold_spans = {(s, e) for s, e, _ in gold}
        tp_exact += sum(1 for s, e, _ in preds if (s, e) in gold_spans)
        for s, e, t in preds:
            hit = any(_overlap((s, e), (gs, ge)) for gs, ge, _ in gold)
            tp_pred += hit
            pred_by_type[t] += 1
            right_by_type[t] += hit
        for gs, ge, gt in gold:
            hit = any(_overlap((s, e), (gs, ge)) for s, e, _ in preds)
            tp_gold += hit
            gold_by_type[gt] += 1
            found_by_type[gt] += hit
        sent[f"{bool(row['uncertain'])}-{bool(preds)}"] += 1
    return {
        "sentences": len(rows),
        "cue_overlap": _prf(tp_pred, n_pred, tp_gold, n_gold),
        "cue_exact": _prf(tp_exact, n_pred, tp_exact, n_gold),
        "sentence": _prf(
            sent["True-True"],
            sent["True-True"] + sent["False-True"],
            sent["True-True"],
            sent["True-True"] + sent["True-False"],
        ),
        "recall_by_gold_type": {
            t: {
                "found": found_by_type[t],
                "gold": gold_by_type[t],
                "recall": round(found_by_type[t] / gold_by_type[t], 4),
            }
            for t in sorted(gold_by_type)
        },
        "precision_by_predicted_type": {
            t: {
                "right": right_by_type[t],
                "predicted": pred_by_type[t],
                "precision": round(right_by_type[t] / pred_by_type[t], 4),
            }
            for t in sorted(pred_by_type)
        },
    }


def errors(rows: Iterable[dict[str, Any]], predict: Predictor, limit: int) -> None:
    """Print false positives and false negatives (overlap) by cue text, most frequent first."""
    fp, fn = Counter[str](), Counter[str]()
    for row in rows:
        text = row["text"]
        preds = predict(text)
        gold = [(c["start"], c["end"]) for c in row["cues"]]
        for s, e, t in preds:
            if not any(_overlap((s, e), g) for g in gold):
                fp[f"{text[s:e].lower()} [{t}]"] += 1
        for gs, ge in gold:
            if not any(_overlap((s, e), (gs, ge)) for s, e, _ in preds):
                fn[text[gs:ge].lower()] += 1
    print("false positives:", ", ".join(f"{k} {v}" for k, v in fp.most_common(limit)))
    print("false negatives:", ", ".join(f"{k} {v}" for k, v in fn.most_common(limit)))


def table(results: dict[str, dict[str, dict[str, Any]]]) -> str:
    """A plain-text table of the headline figures."""
    head = (
        f"{'split':<13} {'system':<22} {'cue P':>6} {'cue R':>6} {'cue F1':>6}  "
        f"{'exact P':>7} {'exact R':>7} {'exact F1':>8}  "
        f"{'sent P':>6} {'sent R':>6} {'sent F1':>7}"
    )
    lines = [head, "-" * len(head)]
    for split, systems in results.items():
        for system, r in systems.items():
            o, x, s = r["cue_overlap"], r["cue_exact"], r["sentence"]
            lines.append(
                f"{split:<13} {system:<22} "
                f"{o['precision']:>6.3f} {o['recall']:>6.3f} {o['f1']:>6.3f}  "
                f"{x['precision']:>7.3f} {x['recall']:>7.3f} {x['f1']:>8.3f}  "
                f"{s['precision']:>6.3f} {s['recall']:>6.3f} {s['f1']:>7.3f}"
            )
    return "\n".join(lines)


def type_table(results: dict[str, dict[str, dict[str, Any]]], system: str) -> str:
    """Recall by gold type and precision by predicted type, per split."""
    lines = [f"per cue type ({system}; overlap)"]
    for split, systems in results.items():
        r = systems[system]
        rec = ", ".join(
            f"{t} {v['found']}/{v['gold']} = {v['recall']:.3f}"
            for t, v in r["recall_by_gold_type"].items()
        )
        pre = ", ".join(
            f"{t} {v['right']}/{v['predicted']} = {v['precision']:.3f}"
            for t, v in r["precision_by_predicted_type"].items()
        )
        lines.append(f"  {split}: recall by gold type: {rec}")
        lines.append(f"  {split}: precision by predicted type: {pre}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print the tables (optionally write them as JSON)."""
    here = Path(__file__).resolve().parent.parent
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=here.parent / "shared" / "data" / "szeged")
    parser.add_argument("--lexicons", nargs="*", default=(), help="extra lexicon files or folders")
    parser.add_argument("--json", type=Path, help="write the figures to this JSON file")
    parser.add_argument(
        "--errors",
        choices=["factbank-dev", "wiki-train", "wiki-test"],
        help="print the most frequent false positives and negatives of a split",
    )
    parser.add_argument("--limit", type=int, default=30, help="how many errors to print")
    args = parser.parse_args(argv)
    splits = load(args.data)
    scorer = HedgingScorer(LexiconSet.default(args.lexicons))
    systems: dict[str, Predictor] = {
        "hedging (Szeged types)": ours(scorer, SZEGED_LABELS),
        "hedging (all labels)": ours(scorer, None),
        "baseline: 50 words": baseline(),
    }
    results = {
        split: {name: evaluate(rows, p) for name, p in systems.items()}
        for split, rows in splits.items()
    }
    print(table(results))
    print()
    print(type_table(results, "hedging (Szeged types)"))
    if args.errors:
        print()
        errors(splits[args.errors], systems["hedging (Szeged types)"], args.limit)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
