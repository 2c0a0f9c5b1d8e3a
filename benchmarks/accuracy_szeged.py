"""Accuracy of the hedging scorer's cues: Szeged Uncertainty Corpus, CoNLL-2010 and PolNeAR.

Data (read at run time, never copied): ``../shared/data/szeged/factbank-dev.jsonl`` (news,
FactBank part) and ``wiki.jsonl`` (WikiWeasel 2.0), one sentence per line with gold cue spans
typed epistemic modal (probable / possible), doxastic, condition or investigation;
``../shared/data/conll2010/dev.jsonl`` (CoNLL-2010 Wikipedia sentences, balanced, labelled
certain or uncertain, where weasels count as uncertain); ``../shared/data/polnear/train.jsonl``
(news articles with gold attributions, for what the weasel families cost in news).

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
* **CoNLL-2010.** Sentence level only (the sample has no cue spans): a sentence is uncertain
  when the scorer finds a hedge of any type in it, weasels included (``all labels``).
* **Weasel families.** The weasel lexicons (``weasel_groups``, ``weasel_agentless``,
  ``weasel_quantities``, ``weasel_frequency``) are added one at a time to the lexicons without
  them; each step reports what it adds (CoNLL-2010 sentences found) and costs: cues outside the
  Szeged scheme on FactBank dev and WikiWeasel (the scheme has no weasel type, so each is a
  false cue there: all-labels cue precision) and weasel cues in PolNeAR sentences holding a
  gold attribution, by where they fall (inside the gold source: a vague source found; inside
  the gold content: the attributed voice; elsewhere: a flag on the writer's own framing of an
  attributed claim).

Usage::

    python benchmarks/accuracy_szeged.py
    python benchmarks/accuracy_szeged.py --data ../shared/data/szeged --json szeged.json
    python benchmarks/accuracy_szeged.py --errors factbank-dev --limit 40
    python benchmarks/accuracy_szeged.py --conll-errors --limit 40
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from reliability.document import Document
from reliability.lexicon import Lexicon, LexiconSet
from reliability.profile import Pipeline
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

WEASEL_FAMILIES = ("weasel_groups", "weasel_agentless", "weasel_quantities", "weasel_frequency")
"""The weasel lexicons, in the order the family table adds them."""

Span2 = tuple[int, int]
Predictor = Callable[[str], list[tuple[int, int, str]]]
MakeDocument = Callable[[str], Document]


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


def load_conll(path: Path) -> list[dict[str, Any]]:
    """Read the CoNLL-2010 sentences (``text``, ``uncertain``)."""
    if not path.is_file():
        sys.exit(f"{path}: not found (pass --conll FILE, the CoNLL-2010 dev.jsonl)")
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def load_polnear(path: Path) -> list[dict[str, Any]]:
    """Read PolNeAR articles, one annotation per article (the first), with gold attributions."""
    if not path.is_file():
        sys.exit(f"{path}: not found (pass --polnear FILE, PolNeAR's train.jsonl)")
    seen: dict[str, dict[str, Any]] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                row = json.loads(line)
                seen.setdefault(row["doc_id"], row)
    return list(seen.values())


def ours(
    scorer: HedgingScorer,
    labels: frozenset[str] | None,
    make_document: MakeDocument = Document.from_text,
) -> Predictor:
    """Predict with the hedging scorer: hedge evidence of the given types (all if ``None``)."""

    def predict(text: str) -> list[tuple[int, int, str]]:
        return [
            (e.start, e.end, str(e.details["type"]))
            for e in scorer.cues(make_document(text))
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


def sentence_figures(rows: Sequence[dict[str, Any]], predict: Predictor) -> dict[str, Any]:
    """Sentence precision, recall and F1 where gold is a sentence label (CoNLL-2010)."""
    tp = fp = fn = 0
    for row in rows:
        flagged = bool(predict(row["text"]))
        tp += flagged and row["uncertain"]
        fp += flagged and not row["uncertain"]
        fn += not flagged and row["uncertain"]
    return {"sentences": len(rows), "sentence": _prf(tp, tp + fp, tp, tp + fn)}


def polnear_flags(
    articles: Sequence[dict[str, Any]], scorer: HedgingScorer, make_document: MakeDocument
) -> dict[str, int]:
    """Weasel cues in PolNeAR sentences holding a gold attribution, by where they fall."""
    out = Counter[str]()
    for art in articles:
        doc = make_document(art["text"])
        held: set[int | None] = set()
        sources: list[Span2] = []
        contents: list[Span2] = []
        for a in art["attributions"]:
            for piece in a["cue"]:
                held.add(doc.sentence_index(piece["start"]))
            sources += [(x["start"], x["end"]) for x in a["source"]]
            contents += [(x["start"], x["end"]) for x in a["content"]]
        held.discard(None)
        out["attributed_sentences"] += len(held)
        for e in scorer.cues(doc):
            if e.label != "hedge" or e.details["type"] != "weasel":
                continue
            if doc.sentence_index(e.start) not in held:
                continue
            span = (e.start, e.end)
            if any(_overlap(span, g) for g in sources):
                out["in_gold_source"] += 1
            elif any(_overlap(span, g) for g in contents):
                out["in_gold_content"] += 1
            else:
                out["elsewhere"] += 1
    out["weasel_cues"] = out["in_gold_source"] + out["in_gold_content"] + out["elsewhere"]
    return dict(out)


def weasel_links(articles: Sequence[dict[str, Any]], lexicons: LexiconSet) -> dict[str, int]:
    """Writer's-voice weasels linked to a source in full profiles, against PolNeAR's gold sources.

    ``in_gold_source`` counts weasel cues overlapping a gold source span, ``linked`` those of
    them the profile links to a source; ``linked_elsewhere`` counts links where no gold source
    overlaps the weasel.
    """
    pipeline = Pipeline(lexicons=lexicons)
    out = Counter[str]()
    for art in articles:
        gold = [(x["start"], x["end"]) for a in art["attributions"] for x in a["source"]]
        for e in pipeline.score(art["text"]).scores["hedging"].evidence:
            if e.label != "hedge" or e.details["type"] != "weasel":
                continue
            in_gold = any(_overlap((e.start, e.end), g) for g in gold)
            linked = "source_kind" in e.details
            out["in_gold_source"] += in_gold
            out["linked"] += in_gold and linked
            out["linked_elsewhere"] += linked and not in_gold
    return dict(out)


def without(lexicons: LexiconSet, dropped: Iterable[str]) -> LexiconSet:
    """The lexicon set less the lexicons of the given ids."""
    drop = set(dropped)
    kept: list[Lexicon] = [lex for lex in lexicons if lex.id not in drop]
    return LexiconSet(kept)


def families(
    lexicons: LexiconSet,
    splits: dict[str, list[dict[str, Any]]],
    conll: Sequence[dict[str, Any]],
    articles: Sequence[dict[str, Any]],
    make_document: MakeDocument,
) -> list[dict[str, Any]]:
    """Add the weasel families one at a time; what each step finds and what it costs."""
    present = [f for f in WEASEL_FAMILIES if f in lexicons]
    steps: list[dict[str, Any]] = []
    for n in range(len(present) + 1):
        scorer = HedgingScorer(without(lexicons, present[n:]))
        every = ours(scorer, None, make_document)
        szeged = ours(scorer, SZEGED_LABELS, make_document)
        step: dict[str, Any] = {
            "added": present[n - 1] if n else None,
            "conll2010-dev": sentence_figures(conll, every)["sentence"],
            "polnear-train": polnear_flags(articles, scorer, make_document),
        }
        for split in ("factbank-dev", "wiki-train"):
            step[split] = {
                "szeged_cue": evaluate(splits[split], szeged)["cue_overlap"],
                "all_labels_cue": evaluate(splits[split], every)["cue_overlap"],
            }
        steps.append(step)
    return steps


def family_table(steps: Sequence[dict[str, Any]]) -> str:
    """What each weasel family adds (CoNLL-2010 sentences) and costs (FactBank, PolNeAR)."""
    head = (
        f"{'lexicons':<26} {'CoNLL P':>7} {'R':>6} {'F1':>6}  {'FB szeged F1':>12} "
        f"{'FB all P':>8} {'FB cues':>7}  {'wiki all P':>10}  "
        f"{'PolNeAR weasels: source':>23} {'content':>7} {'elsewhere':>9}"
    )
    lines = ["weasel families, added one at a time", head, "-" * len(head)]
    for step in steps:
        c, fb, wk, pn = (
            step["conll2010-dev"],
            step["factbank-dev"],
            step["wiki-train"],
            step["polnear-train"],
        )
        name = "+ " + step["added"] if step["added"] else "without weasel lexicons"
        lines.append(
            f"{name:<26} {c['precision']:>7.3f} {c['recall']:>6.3f} {c['f1']:>6.3f}  "
            f"{fb['szeged_cue']['f1']:>12.3f} {fb['all_labels_cue']['precision']:>8.3f} "
            f"{fb['all_labels_cue']['predicted']:>7}  {wk['all_labels_cue']['precision']:>10.3f}  "
            f"{pn['in_gold_source']:>23} {pn['in_gold_content']:>7} {pn['elsewhere']:>9}"
        )
    lines.append(
        f"(PolNeAR: weasel cues in the {steps[-1]['polnear-train']['attributed_sentences']:,} "
        "train sentences holding a gold attribution)"
    )
    return "\n".join(lines)


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


def conll_errors(rows: Iterable[dict[str, Any]], scorer: HedgingScorer, limit: int) -> None:
    """Print the rules that flag certain CoNLL-2010 sentences, most frequent first (by family)."""
    fp, tp = Counter[str](), Counter[str]()
    missed = 0
    for row in rows:
        cues = [e for e in scorer.cues(Document.from_text(row["text"])) if e.label == "hedge"]
        for rule in {e.rule for e in cues}:
            (tp if row["uncertain"] else fp)[rule] += 1
        missed += bool(row["uncertain"] and not cues)
    print("rules flagging certain sentences (false / true):")
    print(", ".join(f"{k} {v}/{tp[k]}" for k, v in fp.most_common(limit)))
    print(f"uncertain sentences with no cue: {missed}")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print the tables (optionally write them as JSON)."""
    here = Path(__file__).resolve().parent.parent
    shared = here.parent / "shared" / "data"
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=shared / "szeged")
    parser.add_argument("--conll", type=Path, default=shared / "conll2010" / "dev.jsonl")
    parser.add_argument("--polnear", type=Path, default=shared / "polnear" / "train.jsonl")
    parser.add_argument("--lexicons", nargs="*", default=(), help="extra lexicon files or folders")
    parser.add_argument("--json", type=Path, help="write the figures to this JSON file")
    parser.add_argument(
        "--errors",
        choices=["factbank-dev", "wiki-train", "wiki-test"],
        help="print the most frequent false positives and negatives of a split",
    )
    parser.add_argument(
        "--conll-errors", action="store_true", help="print the rules flagging certain sentences"
    )
    parser.add_argument("--limit", type=int, default=30, help="how many errors to print")
    args = parser.parse_args(argv)
    splits = load(args.data)
    conll = load_conll(args.conll)
    articles = load_polnear(args.polnear)
    lexicons = LexiconSet.default(args.lexicons)
    scorer = HedgingScorer(lexicons)
    make_document = functools.lru_cache(maxsize=None)(Document.from_text)
    systems: dict[str, Predictor] = {
        "hedging (Szeged types)": ours(scorer, SZEGED_LABELS, make_document),
        "hedging (all labels)": ours(scorer, None, make_document),
        "baseline: 50 words": baseline(),
    }
    results: dict[str, Any] = {
        split: {name: evaluate(rows, p) for name, p in systems.items()}
        for split, rows in splits.items()
    }
    results["conll2010-dev"] = {
        name: sentence_figures(conll, systems[name])
        for name in ("hedging (all labels)", "baseline: 50 words")
    }
    results["weasel_families"] = families(lexicons, splits, conll, articles, make_document)
    results["weasel_links"] = weasel_links(articles, lexicons)
    print(table({k: v for k, v in results.items() if k in splits}))
    print()
    for name, r in results["conll2010-dev"].items():
        c = r["sentence"]
        print(
            f"conll2010-dev {name:<22} sentence P {c['precision']:.3f} R {c['recall']:.3f} "
            f"F1 {c['f1']:.3f} ({r['sentences']:,} sentences)"
        )
    print()
    print(type_table({k: v for k, v in results.items() if k in splits}, "hedging (Szeged types)"))
    print()
    print(family_table(results["weasel_families"]))
    links = results["weasel_links"]
    print(
        f"weasels inside a gold PolNeAR source: {links['in_gold_source']}, linked to the source "
        f"they stand for in full profiles: {links['linked']}; links where no gold source "
        f"overlaps: {links['linked_elsewhere']}"
    )
    if args.errors:
        print()
        errors(splits[args.errors], systems["hedging (Szeged types)"], args.limit)
    if args.conll_errors:
        print()
        conll_errors(conll, scorer, args.limit)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
