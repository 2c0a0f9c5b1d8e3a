"""Accuracy of the attribution scorer on PolNeAR (Newell, Margolin & Ruths, LREC 2018).

Reads ``../shared/data/polnear/{train,dev}.jsonl`` at run time (never copied into the repository),
runs :class:`reliability.scorers.attribution.AttributionScorer` over each article and prints
precision, recall and F1 for cue, source and content spans — by character overlap and by exact
match — overall and per publisher.

Matching, precisely:

* **Units.** Each gold attribution contributes one cue, one source (absent for
  ``Attribution-no-source``) and one content span; a span annotated in several pieces is taken as
  the range from its first piece's start to its last piece's end. Each predicted attribution
  contributes its cue, its source (if any) and its content (if any).
* **Overlap match.** Predicted spans are taken in text order; each is matched to the unmatched
  gold span of the same kind, in the same annotation file, with which it shares the most
  characters (at least one; ties go to the earlier gold span). Matching is one-to-one.
* **Exact match.** The same, but a predicted span matches only a gold span with exactly the same
  start and end offsets (leading and trailing white space on either side is ignored).
* **Discarded text.** Predicted spans lying wholly inside a span the annotators marked as
  ``discard`` (not article prose: "Read the rest here.", embedded posts) are not counted, since
  nothing there was annotated.
* **Several annotators.** Some articles were annotated by more than one annotator (the
  ``annotator`` field). Every annotation file is scored on its own against the same predictions
  and the counts are summed (micro-average over annotation files), so such an article counts
  once per annotator, as in the corpus's own file count. ``--first-annotator`` instead keeps only
  the alphabetically first annotator of each article.
* precision = matched / predicted, recall = matched / gold, F1 their harmonic mean; all micro
  averages over the split.

Agreement, the tool read as one more annotator (:mod:`reliability.agreement`): PolNeAR reports
a token-wise Krippendorff's alpha of 0.754 among its annotators (every token labelled source, cue,
content or none). The runner computes, with ``nltk.metrics.agreement``:

* ``annotators``: alpha among PolNeAR's annotators, over the articles of the split that more
  than one annotator coded (the corpus's own measure, on the part of it in the split);
* ``annotators_and_tool``: the same articles with the tool added as one more coder;
* ``tool_vs_annotator``: alpha between the tool and the annotator, over every annotation file
  (each article once per annotator), the measure a user can compare with the annotators' own.

Tokens inside ``discard`` spans count as ``none`` for the tool, as the annotators left them out.

Source-kind typing is measured by ``benchmarks/_source_kinds.py`` when it is present: its
``evaluate(rows, scorer)`` returns a JSON-ready table and ``print_table(table)`` prints it; the
runner adds the table to its output under ``source_kinds``.

``--errors`` adds the error classes (:func:`error_classes`): gold cues no prediction overlaps,
by cue text and by why (:func:`miss_reasons`: no cue entry matches there, a veto rule set the
cue word aside, or an entry matches but no relation rule built a relation); predicted cues no
gold cue overlaps, by rule id and cue text; and, for found cues, whether the gold source was
found and how its boundaries differ.

Usage::

    python benchmarks/accuracy_polnear.py --split dev [--json PATH] [--first-annotator] [--errors]

Develop on ``train``; report ``dev``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from reliability.agreement import token_alpha  # noqa: E402
from reliability.document import Document  # noqa: E402
from reliability.lexicon import LexiconSet  # noqa: E402
from reliability.scorers.attribution import AttributionScorer  # noqa: E402

KINDS = ("cue", "source", "content")
Span = tuple[int, int]


def shared_dir() -> Path:
    """The ../shared directory beside the repository (or $RELIABILITY_SHARED)."""
    import os

    env = os.environ.get("RELIABILITY_SHARED")
    return Path(env) if env else REPO.parent / "shared"


def load(split: str, *, first_annotator: bool = False) -> list[dict[str, Any]]:
    """The annotation files of a split (optionally one per article)."""
    path = shared_dir() / "data" / "polnear" / f"{split}.jsonl"
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    if first_annotator:
        best: dict[str, dict[str, Any]] = {}
        for r in rows:
            cur = best.get(r["doc_id"])
            if cur is None or r["annotator"] < cur["annotator"]:
                best[r["doc_id"]] = r
        rows = list(best.values())
    return rows


def _cover(pieces: Sequence[dict[str, Any]]) -> Span | None:
    if not pieces:
        return None
    return (min(p["start"] for p in pieces), max(p["end"] for p in pieces))


def gold_spans(row: dict[str, Any]) -> dict[str, list[Span]]:
    """Gold cue, source and content spans of one annotation file."""
    out: dict[str, list[Span]] = {k: [] for k in KINDS}
    for a in row["attributions"]:
        for kind in KINDS:
            span = _cover(a[kind])
            if span is not None:
                out[kind].append(span)
    return out


def _strip(text: str, span: Span) -> Span:
    s, e = span
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return (s, e)


def match(pred: Iterable[Span], gold: Sequence[Span], text: str, *, exact: bool) -> int:
    """Number of one-to-one matches between predicted and gold spans (see module docstring)."""
    used = [False] * len(gold)
    stripped = [_strip(text, g) for g in gold]
    n = 0
    for p in sorted(pred):
        ps = _strip(text, p)
        best, best_overlap = -1, 0
        for i, g in enumerate(gold):
            if used[i]:
                continue
            if exact:
                if stripped[i] == ps:
                    best = i
                    break
                continue
            overlap = min(p[1], g[1]) - max(p[0], g[0])
            if overlap > best_overlap:
                best, best_overlap = i, overlap
        if best >= 0:
            used[best] = True
            n += 1
    return n


Relation = tuple[Span, Span | None, Span | None, str]
"""One predicted relation: cue, source, content and the id of the rule that found it."""


def predicted_relations(scorer: AttributionScorer, text: str) -> list[Relation]:
    """The scorer's relations in one article."""
    result = scorer.score(Document.from_text(text), {})
    out: list[Relation] = []
    for a in result.attributions:
        cue = (a.cue.start, a.cue.end)
        source = (a.source.start, a.source.end) if a.source is not None else None
        content = (a.content.start, a.content.end) if a.content is not None else None
        out.append((cue, source, content, a.rule))
    return out


def spans_of(relations: Sequence[Relation], discard: Sequence[Span]) -> dict[str, list[Span]]:
    """Predicted cue, source and content spans of one article (outside discarded text)."""
    out: dict[str, list[Span]] = {k: [] for k in KINDS}
    for rel in relations:
        for kind, span in zip(KINDS, rel[:3], strict=True):
            if span is None:
                continue
            if any(s <= span[0] and span[1] <= e for s, e in discard):
                continue
            out[kind].append(span)
    return out


def predicted_spans(
    scorer: AttributionScorer, text: str, discard: Sequence[Span]
) -> dict[str, list[Span]]:
    """Predicted cue, source and content spans of one article (outside discarded text)."""
    return spans_of(predicted_relations(scorer, text), discard)


class Counts:
    """Predicted, gold and matched counts per kind and mode."""

    def __init__(self) -> None:
        """Start at zero."""
        self.c: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])

    def add(self, kind: str, mode: str, pred: int, gold: int, matched: int) -> None:
        """Add one annotation file's counts."""
        row = self.c[(kind, mode)]
        row[0] += pred
        row[1] += gold
        row[2] += matched

    def prf(self, kind: str, mode: str) -> dict[str, float]:
        """Precision, recall, F1 and the raw counts."""
        pred, gold, matched = self.c[(kind, mode)]
        p = matched / pred if pred else 0.0
        r = matched / gold if gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(f, 4),
            "predicted": pred,
            "gold": gold,
            "matched": matched,
        }


def evaluate(
    rows: list[dict[str, Any]], scorer: AttributionScorer, *, errors: bool = False
) -> dict[str, Any]:
    """Score every annotation file; return overall and per-publisher tables and throughput
    (and, with ``errors``, the error classes of :func:`error_classes`)."""
    overall = Counts()
    by_pub: dict[str, Counts] = defaultdict(Counts)
    cache: dict[str, dict[str, list[Span]]] = {}
    relations: dict[str, list[Relation]] = {}
    elapsed = 0.0
    for row in rows:
        text = row["text"]
        discard = [(d["start"], d["end"]) for d in row.get("discard", [])]
        key = row["doc_id"]
        if key not in cache:
            t0 = time.perf_counter()
            relations[key] = predicted_relations(scorer, text)
            elapsed += time.perf_counter() - t0
            cache[key] = spans_of(relations[key], discard)
        pred = cache[key]
        gold = gold_spans(row)
        pub = row["meta"].get("publisher", "unknown")
        for kind in KINDS:
            for mode in ("overlap", "exact"):
                m = match(pred[kind], gold[kind], text, exact=mode == "exact")
                overall.add(kind, mode, len(pred[kind]), len(gold[kind]), m)
                by_pub[pub].add(kind, mode, len(pred[kind]), len(gold[kind]), m)
    out: dict[str, Any] = {
        "files": len(rows),
        "articles": len(cache),
        "articles_per_second": round(len(cache) / elapsed, 1) if elapsed else None,
        "alpha": agreement(rows, cache),
        "overall": {f"{k}_{m}": overall.prf(k, m) for k in KINDS for m in ("overlap", "exact")},
        "per_publisher": {
            pub: {f"{k}_{m}": c.prf(k, m) for k in KINDS for m in ("overlap", "exact")}
            for pub, c in sorted(by_pub.items())
        },
    }
    if errors:
        out["errors"] = error_classes(rows, relations, explained=explain(rows, scorer))
    return out


Explained = tuple[list[Span], list[tuple[str, Span]]]
"""For one article: the spans the cue lexicon matches, and each vetoed cue's rule id and span."""


def explain(rows: list[dict[str, Any]], scorer: AttributionScorer) -> dict[str, Explained]:
    """The cue-lexicon matches and the veto verdicts of each article (for :func:`miss_reasons`)."""
    from reliability.scorers._attribution.extract import Extractor

    extractor = Extractor(scorer.lexicons)
    out: dict[str, Explained] = {}
    for row in rows:
        if row["doc_id"] in out:
            continue
        text = row["text"]
        _found, vetoed = extractor.explain(Document.from_text(text))
        matches = [(m.start, m.end) for m in extractor.cues.matches(text)]
        out[row["doc_id"]] = (matches, vetoed)
    return out


def miss_reasons(cue: Span, explained: Explained | None) -> str:
    """Why no relation has a gold cue: the first veto rule that set a cue word there aside,
    else whether a cue entry matches there at all (``in lexicon, no relation``) or not
    (``not in lexicon``); ``unknown`` without the article's :func:`explain` record."""
    if explained is None:
        return "unknown"
    matches, vetoed = explained
    for rule, span in vetoed:
        if _overlap(span, cue) > 0:
            return f"vetoed: {rule}"
    if any(_overlap(span, cue) > 0 for span in matches):
        return "in lexicon, no relation"
    return "not in lexicon"


def _overlap(a: Span, b: Span) -> int:
    return min(a[1], b[1]) - max(a[0], b[0])


def _boundary(text: str, pred: Span, gold: Span) -> str:
    """How a found source's boundaries differ from the gold source's (white space ignored)."""
    (ps, pe), (gs, ge) = _strip(text, pred), _strip(text, gold)
    start = "starts earlier" if ps < gs else "starts later" if ps > gs else ""
    if pe < ge:
        gap = text[pe:ge]
        end = (
            "ends before trailing punctuation"
            if not any(ch.isalnum() for ch in gap)
            else "ends before a comma phrase (appositive, relative clause)"
            if gap.lstrip().startswith(",")
            else "ends earlier"
        )
    else:
        end = "ends later" if pe > ge else ""
    return ", ".join(x for x in (start, end) if x) or "exact"


def error_classes(
    rows: list[dict[str, Any]],
    relations: dict[str, list[Relation]],
    top: int = 25,
    *,
    explained: dict[str, Explained] | None = None,
) -> dict[str, Any]:
    """Where predictions and gold differ, sorted into classes with counts (overlap matching).

    * ``missed_cues``: gold cues that no predicted cue overlaps, by their text (lower case,
      pieces joined), the most frequent ``top``; with ``explained`` (:func:`explain`) also
      ``missed_why`` (the count per :func:`miss_reasons` reason) and ``missed_by_why`` (the most
      frequent ``top`` cue texts of each reason);
    * ``spurious_by_rule`` and ``spurious_cues``: predicted cues that overlap no gold cue, by
      the rule that found them and by their text;
    * ``sources``: for gold attributions with a source whose cue a predicted cue overlaps:
      no predicted source, a predicted source elsewhere, or how its boundaries differ.
    """
    missed: Counter[str] = Counter()
    why: Counter[str] = Counter()
    by_why: dict[str, Counter[str]] = defaultdict(Counter)
    spurious_rule: Counter[str] = Counter()
    spurious: Counter[str] = Counter()
    sources: Counter[str] = Counter()
    for row in rows:
        text = row["text"]
        discard = [(d["start"], d["end"]) for d in row.get("discard", [])]
        preds = [
            p
            for p in relations[row["doc_id"]]
            if not any(s <= p[0][0] and p[0][1] <= e for s, e in discard)
        ]
        gold_cues = []
        for a in row["attributions"]:
            cue = _cover(a["cue"])
            if cue is None:
                continue
            gold_cues.append(cue)
            hits = [p for p in preds if _overlap(p[0], cue) > 0]
            if not hits:
                cue_text = " ".join(piece["text"] for piece in a["cue"]).lower()
                missed[cue_text] += 1
                if explained is not None:
                    reason = miss_reasons(cue, explained.get(row["doc_id"]))
                    why[reason] += 1
                    by_why[reason][cue_text] += 1
                continue
            source = _cover(a["source"])
            if source is None:
                continue
            found = [p[1] for p in hits if p[1] is not None]
            near = [f for f in found if _overlap(f, source) > 0]
            if not found:
                sources["no source found"] += 1
            elif not near:
                sources["source found elsewhere"] += 1
            else:
                best = max(near, key=lambda f: _overlap(f, source))
                sources[_boundary(text, best, source)] += 1
        for cue, _source, _content, rule in preds:
            if not any(_overlap(cue, g) > 0 for g in gold_cues):
                spurious_rule[rule] += 1
                spurious[text[cue[0] : cue[1]].lower()] += 1
    out: dict[str, Any] = {
        "missed_cues_total": sum(missed.values()),
        "missed_cues": missed.most_common(top),
        "spurious_total": sum(spurious.values()),
        "spurious_by_rule": spurious_rule.most_common(),
        "spurious_cues": spurious.most_common(top),
        "sources": sources.most_common(),
    }
    if explained is not None:
        out["missed_why"] = why.most_common()
        out["missed_by_why"] = {r: c.most_common(top) for r, c in sorted(by_why.items())}
    return out


def print_errors(errors: dict[str, Any]) -> None:
    """Print the error classes of :func:`error_classes`."""
    print(f"\nGold cues no predicted cue overlaps: {errors['missed_cues_total']}; most frequent:")
    print("  " + ", ".join(f"{c!r} {n}" for c, n in errors["missed_cues"]))
    if "missed_why" in errors:
        print("  why: " + ", ".join(f"{r} {n}" for r, n in errors["missed_why"]))
        for reason, cues in errors["missed_by_why"].items():
            print(f"    {reason}: " + ", ".join(f"{c!r} {n}" for c, n in cues))
    print(f"Predicted cues overlapping no gold cue: {errors['spurious_total']}; by rule:")
    print("  " + ", ".join(f"{r} {n}" for r, n in errors["spurious_by_rule"]))
    print("  most frequent: " + ", ".join(f"{c!r} {n}" for c, n in errors["spurious_cues"]))
    print("Gold sources of found cues:")
    print("  " + ", ".join(f"{k} {n}" for k, n in errors["sources"]))


def agreement(
    rows: list[dict[str, Any]], predicted: dict[str, dict[str, list[Span]]]
) -> dict[str, Any]:
    """Token-wise Krippendorff's alpha among the annotators, with the tool, and tool vs each."""
    by_doc: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_doc[row["doc_id"]].append(row)
    shared = [rs for rs in by_doc.values() if len({r["annotator"] for r in rs}) > 1]
    out: dict[str, Any] = {"shared_articles": len(shared)}

    def coders(rs: list[dict[str, Any]], *, tool: bool) -> tuple[str, dict[str, Any]]:
        spans: dict[str, Any] = {r["annotator"]: gold_spans(r) for r in rs}
        if tool:
            spans["tool"] = predicted[rs[0]["doc_id"]]
        return rs[0]["text"], spans

    if shared:
        out["annotators"] = round(token_alpha(coders(rs, tool=False) for rs in shared), 4)
        out["annotators_and_tool"] = round(token_alpha(coders(rs, tool=True) for rs in shared), 4)
    pairs = (
        (r["text"], {"annotator": gold_spans(r), "tool": predicted[r["doc_id"]]}) for r in rows
    )
    out["tool_vs_annotator"] = round(token_alpha(pairs), 4)
    return out


def source_kinds(rows: list[dict[str, Any]], scorer: AttributionScorer) -> Any:
    """The source-kind typing table of ``benchmarks/_source_kinds.py``, if that module exists."""
    if not (Path(__file__).parent / "_source_kinds.py").is_file():
        return None
    sys.path.insert(0, str(Path(__file__).parent))
    import _source_kinds

    return _source_kinds


def print_table(split: str, res: dict[str, Any]) -> None:
    """Print the results as plain-text tables."""
    print(
        f"PolNeAR {split}: {res['files']} annotation files over {res['articles']} articles; "
        f"{res['articles_per_second']} articles/s (attribution scorer alone)"
    )
    print(f"{'':10}{'mode':9}{'P':>7}{'R':>7}{'F1':>7}{'pred':>7}{'gold':>7}{'match':>7}")
    for k in KINDS:
        for m in ("overlap", "exact"):
            r = res["overall"][f"{k}_{m}"]
            print(
                f"{k:10}{m:9}{r['precision']:7.3f}{r['recall']:7.3f}{r['f1']:7.3f}"
                f"{r['predicted']:7d}{r['gold']:7d}{r['matched']:7d}"
            )
    print()
    print("F1 per publisher (overlap / exact)")
    print(f"{'publisher':14}" + "".join(f"{k:>16}" for k in KINDS))
    for pub, table in res["per_publisher"].items():
        cells = "".join(
            f"{table[f'{k}_overlap']['f1']:8.3f}{table[f'{k}_exact']['f1']:8.3f}" for k in KINDS
        )
        print(f"{pub:14}{cells}")
    print()
    print("P / R / F1 per publisher")
    head = f"{'overlap P':>10}{'R':>7}{'F1':>7}{'exact P':>10}{'R':>7}{'F1':>7}"
    print(f"{'publisher':14}{'':9}{head}")
    for pub, table in res["per_publisher"].items():
        for k in KINDS:
            o, x = table[f"{k}_overlap"], table[f"{k}_exact"]
            print(
                f"{pub:14}{k:9}{o['precision']:10.3f}{o['recall']:7.3f}{o['f1']:7.3f}"
                f"{x['precision']:10.3f}{x['recall']:7.3f}{x['f1']:7.3f}"
            )
    alpha = res["alpha"]
    print()
    print("Token-wise Krippendorff's alpha (source / cue / content / none; PolNeAR reports 0.754)")
    if "annotators" in alpha:
        print(
            f"  among PolNeAR's annotators ({alpha['shared_articles']} articles coded twice or "
            f"more): {alpha['annotators']:.3f}; with the tool as one more: "
            f"{alpha['annotators_and_tool']:.3f}"
        )
    print(f"  tool vs annotator, every annotation file: {alpha['tool_vs_annotator']:.3f}")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; returns 0."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", choices=("dev", "train"), default="dev")
    ap.add_argument("--json", metavar="PATH", help="also write the numbers as JSON")
    ap.add_argument(
        "--first-annotator",
        action="store_true",
        help="keep one annotation file per article (the first annotator)",
    )
    ap.add_argument(
        "--errors",
        action="store_true",
        help="also print the error classes: missed and spurious cues, source boundaries",
    )
    ap.add_argument("--limit", type=int, default=0, help="only the first N annotation files")
    ap.add_argument(
        "--kinds",
        metavar="PATH",
        help="typed sources to measure source kinds against (default: the split's sample)",
    )
    args = ap.parse_args(argv)
    rows = load(args.split, first_annotator=args.first_annotator)
    if args.limit:
        rows = rows[: args.limit]
    scorer = AttributionScorer(LexiconSet.default())
    res = evaluate(rows, scorer, errors=args.errors)
    res["split"] = args.split
    res["first_annotator"] = args.first_annotator
    print_table(args.split, res)
    if args.errors:
        print_errors(res["errors"])
    kinds = source_kinds(rows, scorer)
    if kinds is None:
        print("\nsource-kind typing: not measured (benchmarks/_source_kinds.py is absent)")
    else:
        res["source_kinds"] = kinds.evaluate(rows, scorer, args.kinds)
        print()
        kinds.print_table(res["source_kinds"])
    if args.json:
        Path(args.json).write_text(json.dumps(res, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
