"""Source-kind typing accuracy against hand-typed PolNeAR sources.

The gold is a JSON-lines file of typed source spans (``dev-source-kinds.jsonl`` beside the PolNeAR
splits in ``../shared/data/polnear/``; its guideline is ``dev-source-kinds.md``). Each row points
into one annotation record of a split by ``doc_id``, ``annotator`` and code-point offsets, and gives
the source's kind: ``on_record``, ``anonymous``, ``unspecified`` or ``skip``.

Measured, precisely:

* **Rows.** ``skip`` rows (no kind can be assigned) are left out. Rows whose ``note`` starts with
  ``cataphoric`` (a vague first mention the article names in full later) are counted in a
  separate table, ``with_cataphora``; the main table leaves them out, as the rule is about what the
  article says later, not about the phrase.
* **Found.** A gold source is *found* when a source of the attribution scorer overlaps it by at
  least one character; the found source sharing the most characters with it (ties: the earlier)
  gives the predicted kind. A found source whose kind is ``None`` (not typed) counts as found
  with the predicted kind ``none``.
* **Coverage** = found gold rows / gold rows. **Per-class recall** = rows of a gold kind typed
  that kind / found rows of that gold kind. **Balanced accuracy** = the mean of the three
  per-class recalls. **Accuracy** = correctly typed / found rows. The confusion table counts found
  rows by (gold kind, predicted kind).
* **Weighted** figures weight each row by the inverse of its stratum's inclusion rate (the
  guideline's reweighting: source spans of the split in the stratum / gold rows in it; on dev
  keyword 304/304, pronoun 364/39, other 1518/177), to estimate accuracy over every source of
  the split rather than over the keyword-heavy sample.

Used by ``benchmarks/accuracy_polnear.py`` through :func:`evaluate` and :func:`print_table`; the
gold file is ``--kinds PATH``, or by default the typed sample of the split measured (dev:
``../shared/data/polnear/dev-source-kinds.jsonl``; train:
``benchmarks/data/train-source-kinds-b.jsonl``, typed by hand for developing the table, see
``benchmarks/data/README.md``).
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reliability.document import Document
from reliability.scorers.attribution import AttributionScorer

KINDS = ("on_record", "anonymous", "unspecified")
PREDICTED = (*KINDS, "none")
Span = tuple[int, int]

_KEYWORD = re.compile(
    r"\b(official|source|aide|adviser|advisor|person|people|familiar|representative|spokes|"
    r"report|critic|observer|expert|some|many|several|insider|according|analyst|poll|survey|"
    r"stud|lawmaker|democrat|republican)"
)
_PRONOUN = re.compile(r"\b(it|they|he|she)\b")


def stratum(source_text: str) -> str:
    """The sampling stratum of a gold source text (the guideline's regexes)."""
    t = source_text.lower()
    if _KEYWORD.search(t):
        return "keyword"
    return "pronoun" if _PRONOUN.search(t) else "other"


HERE = Path(__file__).resolve().parent


def default_gold(records: Sequence[dict[str, Any]]) -> Path | None:
    """The typed sample whose rows point into these records, if one exists."""
    from accuracy_polnear import shared_dir

    keys = {(r["doc_id"], r["annotator"]) for r in records}
    for path in (
        shared_dir() / "data" / "polnear" / "dev-source-kinds.jsonl",
        HERE / "data" / "train-source-kinds-b.jsonl",
    ):
        if path.is_file() and any((g["doc_id"], g["annotator"]) in keys for g in load_gold(path)):
            return path
    return None


def evaluate(
    records: Sequence[dict[str, Any]], scorer: AttributionScorer, gold: str | Path | None = None
) -> dict[str, Any]:
    """The typing figures for these records (see :func:`evaluate_kinds`), against ``gold`` or
    the split's own typed sample; ``{"gold": None, "reason": …}`` when there is none."""
    path = Path(gold) if gold else default_gold(records)
    if path is None:
        return {"gold": None, "reason": "no typed sample of sources covers these records"}
    return evaluate_kinds(path, records, scorer)


def print_table(res: dict[str, Any]) -> None:
    """Print the figures (or why there are none)."""
    if res.get("gold") is None:
        print(f"Source-kind typing: not measured ({res.get('reason')})")
    else:
        print_kinds(res)


def load_gold(path: Path) -> list[dict[str, Any]]:
    """The typed rows of a gold file, in file order."""
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def _best(gold: Span, found: Sequence[tuple[Span, str | None]]) -> tuple[bool, str]:
    best_kind, best_overlap = "none", 0
    hit = False
    for (s, e), kind in found:
        overlap = min(e, gold[1]) - max(s, gold[0])
        if overlap > best_overlap:
            best_overlap, best_kind, hit = overlap, kind or "none", True
    return hit, best_kind


def _table(items: list[tuple[str, str | None, float]]) -> dict[str, Any]:
    """Figures over (gold kind, predicted kind or None when not found, weight) items."""
    confusion: dict[str, dict[str, int]] = {g: dict.fromkeys(PREDICTED, 0) for g in KINDS}
    gold_n: Counter[str] = Counter()
    found_w: defaultdict[str, float] = defaultdict(float)
    right_w: defaultdict[str, float] = defaultdict(float)
    total_w = 0.0
    for gold, pred, weight in items:
        gold_n[gold] += 1
        total_w += weight
        if pred is None:
            continue
        confusion[gold][pred] += 1
        found_w[gold] += weight
        if pred == gold:
            right_w[gold] += weight
    found = sum(sum(row.values()) for row in confusion.values())
    right = sum(confusion[g][g] for g in KINDS)
    recall = {
        g: (confusion[g][g] / sum(confusion[g].values()) if sum(confusion[g].values()) else None)
        for g in KINDS
    }
    known = [r for r in recall.values() if r is not None]
    w_recall = {g: right_w[g] / found_w[g] if found_w[g] else None for g in KINDS}
    w_known = [r for r in w_recall.values() if r is not None]
    return {
        "rows": len(items),
        "found": found,
        "coverage": found / len(items) if items else None,
        "accuracy": right / found if found else None,
        "balanced_accuracy": sum(known) / len(known) if known else None,
        "recall": recall,
        "gold": dict(gold_n),
        "confusion": confusion,
        "weighted_coverage": sum(found_w.values()) / total_w if total_w else None,
        "weighted_accuracy": (sum(right_w.values()) / sum(found_w.values()) if found_w else None),
        "weighted_balanced_accuracy": sum(w_known) / len(w_known) if w_known else None,
    }


def evaluate_kinds(
    gold_path: Path,
    records: Sequence[dict[str, Any]],
    scorer: AttributionScorer,
) -> dict[str, Any]:
    """Measure source-kind typing against a gold file.

    Args:
        gold_path: The typed-sources JSON-lines file.
        records: The split's annotation records (``doc_id``, ``annotator``, ``text``).
        scorer: The attribution scorer whose found sources and kinds are measured.

    Returns:
        ``{"gold": path, "local": table, "with_cataphora": table, "errors": [...],
        "without_record": n}``, each table as described in the module docstring; ``errors``
        lists the wrongly typed rows by id (no article text); ``without_record`` counts gold
        rows whose record is not among ``records`` (a ``--limit`` run), which are left out.
    """
    by_key = {(r["doc_id"], r["annotator"]): r for r in records}
    cache: dict[str, list[tuple[Span, str | None]]] = {}
    local: list[tuple[str, str | None, float]] = []
    every: list[tuple[str, str | None, float]] = []
    errors: list[dict[str, Any]] = []
    pop: Counter[str] = Counter()
    typed = [g for g in load_gold(gold_path) if g["kind"] in KINDS]
    rows = [g for g in typed if (g["doc_id"], g["annotator"]) in by_key]
    texts = [
        by_key[(g["doc_id"], g["annotator"])]["text"][g["source_start"] : g["source_end"]]
        for g in rows
    ]
    strata = [stratum(t) for t in texts]
    pop.update(strata)
    weights = _weights(pop, records)
    for g, st in zip(rows, strata, strict=True):
        text = by_key[(g["doc_id"], g["annotator"])]["text"]
        if g["doc_id"] not in cache:
            cache[g["doc_id"]] = typed_sources(scorer, text)
        hit, pred = _best((g["source_start"], g["source_end"]), cache[g["doc_id"]])
        item = (g["kind"], pred if hit else None, weights[st])
        every.append(item)
        if not g.get("note", "").startswith("cataphoric"):
            local.append(item)
        if hit and pred != g["kind"]:
            errors.append(
                {
                    "doc_id": g["doc_id"],
                    "annotator": g["annotator"],
                    "id": g["attribution_id"],
                    "gold": g["kind"],
                    "predicted": pred,
                }
            )
    return {
        "gold": _shown(gold_path),
        "local": _table(local),
        "with_cataphora": _table(every),
        "errors": errors,
        "without_record": len(typed) - len(rows),
    }


def _shown(path: Path) -> str:
    """A gold path as a user beside the repository would type it (no machine-specific prefix)."""
    full = path.resolve()
    if full.is_relative_to(HERE.parent):
        return full.relative_to(HERE.parent).as_posix()
    if "shared" in full.parts:
        return "../" + "/".join(full.parts[full.parts.index("shared") :])
    return str(path)


def typed_sources(scorer: AttributionScorer, text: str) -> list[tuple[Span, str | None]]:
    """The sources the scorer finds in a text, each with its kind."""
    result = scorer.score(Document.from_text(text), {})
    return [
        ((a.source.start, a.source.end), a.source_kind)
        for a in result.attributions
        if a.source is not None
    ]


def _weights(sample: Counter[str], records: Sequence[dict[str, Any]]) -> dict[str, float]:
    """Row weight per stratum: source spans of the records in it / gold rows in it."""
    population: Counter[str] = Counter()
    for r in records:
        for a in r["attributions"]:
            if a["source"]:
                population[stratum(" ".join(p["text"] for p in a["source"]))] += 1
    return {
        st: population[st] / sample[st] if sample[st] else 1.0
        for st in ("keyword", "pronoun", "other")
    }


def print_kinds(res: dict[str, Any]) -> None:
    """Print the figures and confusion tables."""
    print(f"Source-kind typing against {res['gold']}")
    for name, label in (
        ("local", "cataphoric rows left out"),
        ("with_cataphora", "cataphoric rows counted"),
    ):
        t = res[name]
        rec = "  ".join(
            f"{g} {t['confusion'][g][g]}/{sum(t['confusion'][g].values())}" for g in KINDS
        )
        print(
            f"  {label}: balanced accuracy {_f(t['balanced_accuracy'])} at coverage "
            f"{_f(t['coverage'])} ({t['found']}/{t['rows']}); accuracy {_f(t['accuracy'])}; "
            f"weighted: balanced {_f(t['weighted_balanced_accuracy'])}, "
            f"accuracy {_f(t['weighted_accuracy'])}, coverage {_f(t['weighted_coverage'])}"
        )
        print(f"    {rec}")
        print("    " + "gold / predicted".ljust(18) + "".join(f"{p:>12}" for p in PREDICTED))
        for g in KINDS:
            print(f"    {g:18}" + "".join(f"{t['confusion'][g][p]:12d}" for p in PREDICTED))


def _f(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.3f}"
