"""Markdown tables of the measured accuracy, read from the runners' JSON in ``docs/data/``.

The executed blocks of the explanation pages call these functions; nothing here measures
anything or holds a number. Each JSON file is written by a runner in ``benchmarks/`` with
``--json`` (``.ci/run`` reruns them before every build; a local build without ``../shared``
uses the committed copies), and every table is printed with the command that produced it.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

DATA = Path("docs/data")

COMMANDS: dict[str, str] = {
    "accuracy_polnear.json":
        "python benchmarks/accuracy_polnear.py --split dev --json docs/data/accuracy_polnear.json",
    "accuracy_polnear_train.json":
        "python benchmarks/accuracy_polnear.py --split train "
        "--json docs/data/accuracy_polnear_train.json",
    "accuracy_szeged.json":
        "python benchmarks/accuracy_szeged.py --json docs/data/accuracy_szeged.json",
    "accuracy_promotional.json":
        "python benchmarks/accuracy_promotional.py --split train --split dev "
        "--json docs/data/accuracy_promotional.json",
    "throughput.json":
        "python benchmarks/throughput.py ../shared/data/polnear/train.jsonl --repeat 1 "
        "--json docs/data/throughput.json",
    "batch_memory.json":
        "python benchmarks/batch_memory.py --passes 1 4 16 109 --repeat 1 "
        "--json docs/data/batch_memory.json",
}
"""File name in ``docs/data`` → the command that writes it (the same as in ``.ci/run``)."""

NOT_RERUN = frozenset({"batch_memory.json"})
"""Files CI does not rewrite (the run takes tens of minutes); they carry their date."""


def load(name: str) -> Any:
    """The parsed JSON of ``docs/data/NAME``."""
    return json.loads((DATA / name).read_text("utf-8"))


def provenance(*names: str) -> str:
    """An admonition naming the data files and the exact commands that wrote them."""
    lines = ['!!! info "Where these numbers come from"',
             "    Rendered when this page was built from "
             + ", ".join(f"`docs/data/{n}`" for n in names)
             + ", written by (from the repository root, with `../shared` beside it):",
             "",
             "    ```sh"]
    lines += [f"    {COMMANDS[n]}" for n in names]
    lines += ["    ```", ""]
    if NOT_RERUN.isdisjoint(names):
        lines.append("    CI reruns these commands before it builds the site; a local build "
                     "without `../shared` shows the committed copies.")
    else:
        dates = ", ".join(str(load(n).get("measured", "undated")) for n in names)
        lines.append(f"    Measured on {dates} on a 2-core machine and committed; CI does not "
                     "rerun this command, which takes tens of minutes.")
    return "\n".join(lines) + "\n"


def table(header: Sequence[str], rows: Iterable[Sequence[object]],
          align: Sequence[str] | None = None) -> str:
    """A Markdown table; ``align`` holds ``l`` or ``r`` per column (default: first left)."""
    align = align or ["l", *["r"] * (len(header) - 1)]
    rule = ["---:" if a == "r" else "---" for a in align]
    out = ["| " + " | ".join(header) + " |", "| " + " | ".join(rule) + " |"]
    out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(out) + "\n"


def _cell(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value).replace("|", "\\|")


def _rate(right: int, total: int) -> str:
    return f"{right} / {total} = {right / total:.3f}" if total else "— (none)"


# ---- attribution (PolNeAR) -------------------------------------------------------------------

POLNEAR_KINDS = ("cue", "source", "content")


def polnear_overall(kinds: Sequence[str] = POLNEAR_KINDS) -> str:
    """Precision, recall and F1 on PolNeAR dev and train, by span kind and match mode."""
    rows = []
    for name in ("accuracy_polnear.json", "accuracy_polnear_train.json"):
        res = load(name)
        for kind in kinds:
            for mode in ("overlap", "exact"):
                r = res["overall"][f"{kind}_{mode}"]
                rows.append((f"**{res['split']}**", kind, mode, r["precision"], r["recall"],
                             r["f1"], r["predicted"], r["gold"], r["matched"]))
    header = ("split", "span", "match", "precision", "recall", "F1", "predicted", "gold",
              "matched")
    return table(header, rows, ["l", "l", "l", *["r"] * 6])


def polnear_sizes() -> str:
    """One sentence on the size of each split."""
    parts = []
    for name in ("accuracy_polnear.json", "accuracy_polnear_train.json"):
        res = load(name)
        parts.append(f"{res['split']}: {res['files']} annotation files over {res['articles']} "
                     f"articles")
    return "; ".join(parts) + "."


def polnear_publishers(name: str = "accuracy_polnear.json") -> str:
    """F1 per publisher (overlap / exact) on one split."""
    res = load(name)
    rows = []
    for pub, t in res["per_publisher"].items():
        rows.append((pub, *(f"{t[f'{k}_overlap']['f1']:.3f} / {t[f'{k}_exact']['f1']:.3f}"
                            for k in POLNEAR_KINDS)))
    return table(("publisher", *(f"{k} F1 (overlap / exact)" for k in POLNEAR_KINDS)), rows)


# ---- hedging (Szeged) ------------------------------------------------------------------------

SZEGED_SPLITS = ("factbank-dev", "wiki-test", "wiki-train")


def szeged_overall() -> str:
    """Cue and sentence precision, recall and F1 per split and system, and the split sizes."""
    data = load("accuracy_szeged.json")
    rows = []
    for split in SZEGED_SPLITS:
        for system, r in data[split].items():
            c, x, s = r["cue_overlap"], r["cue_exact"], r["sentence"]
            rows.append((f"**{split}**", system, c["precision"], c["recall"], c["f1"], x["f1"],
                         s["precision"], s["recall"], s["f1"]))
    header = ("split", "system", "cue P", "cue R", "cue F1", "exact F1", "sentence P",
              "sentence R", "sentence F1")
    sizes = ", ".join(
        f"{split} {next(iter(data[split].values()))['sentences']:,} sentences"
        for split in SZEGED_SPLITS
    )
    return table(header, rows, ["l", "l", *["r"] * 7]) + f"\nSizes: {sizes}.\n"


def szeged_types(system: str = "hedging (Szeged types)") -> str:
    """Recall by gold cue type and precision by predicted type, per split."""
    data = load("accuracy_szeged.json")
    types = sorted({t for split in SZEGED_SPLITS for part in ("recall_by_gold_type",
                                                              "precision_by_predicted_type")
                    for t in data[split][system][part]})
    rows = []
    for t in types:
        row: list[object] = [t]
        for split in SZEGED_SPLITS:
            r = data[split][system]["recall_by_gold_type"].get(t)
            p = data[split][system]["precision_by_predicted_type"].get(t)
            row.append(f"{r['recall']:.3f} ({r['found']}/{r['gold']})" if r else "—")
            row.append(f"{p['precision']:.3f} ({p['right']}/{p['predicted']})" if p else "—")
        rows.append(row)
    header = ["type"] + [f"{split} {what}" for split in SZEGED_SPLITS
                         for what in ("recall", "precision")]
    return table(header, rows)


def conll_sentences() -> str:
    """CoNLL-2010 Wikipedia sentence precision, recall and F1: ours and the 50-word baseline."""
    data = load("accuracy_szeged.json")["conll2010-dev"]
    rows = [(system, r["sentence"]["precision"], r["sentence"]["recall"], r["sentence"]["f1"],
             r["sentences"]) for system, r in data.items()]
    return table(("system", "sentence P", "sentence R", "sentence F1", "sentences"), rows)


def weasel_families() -> str:
    """What each weasel lexicon adds (CoNLL-2010) and costs (FactBank, WikiWeasel, PolNeAR)."""
    steps = load("accuracy_szeged.json")["weasel_families"]
    rows = []
    for step in steps:
        c, fb, wk, pn = (step["conll2010-dev"], step["factbank-dev"], step["wiki-train"],
                         step["polnear-train"])
        rows.append((f"+ `{step['added']}`" if step["added"] else "without weasel lexicons",
                     c["precision"], c["recall"], c["f1"], fb["szeged_cue"]["f1"],
                     fb["all_labels_cue"]["precision"], wk["all_labels_cue"]["precision"],
                     pn["in_gold_source"], pn["in_gold_content"], pn["elsewhere"]))
    header = ("lexicons", "CoNLL P", "CoNLL R", "CoNLL F1", "FactBank Szeged-type cue F1",
              "FactBank all-labels cue P", "wiki-train all-labels cue P",
              "PolNeAR: in gold source", "in gold content", "elsewhere")
    n = steps[-1]["polnear-train"]["attributed_sentences"]
    links = load("accuracy_szeged.json")["weasel_links"]
    return (table(header, rows) + f"\nPolNeAR columns: weasel cues in the {n:,} training "
            "sentences that hold a gold attribution, by where they fall. In full profiles of "
            f"the same articles, {links['linked']} of the {links['in_gold_source']} weasels "
            "inside a gold source are linked to the source the attribution rules found for them "
            f"(the others: no source found there, or one typed on record); "
            f"{links['linked_elsewhere']} links fall where PolNeAR marks no source.\n")


# ---- promotional (PolNeAR discard spans) -----------------------------------------------------


def promotional_recall() -> str:
    """Recall on the calls to action and per discard class, train and dev."""
    data = load("accuracy_promotional.json")
    splits = [s for s in ("dev", "train") if s in data]
    classes: list[tuple[str, str]] = [("calls to action (link_out + appeal + subscription + "
                                       "social)", "calls_to_action")]
    classes += [(k, k) for k in data[splits[0]]["per_class"]]
    rows = []
    for label, key in classes:
        row: list[object] = [label]
        for split in splits:
            r = (data[split]["calls_to_action"] if key == "calls_to_action"
                 else data[split]["per_class"][key])
            row += [r["spans"], r["recall"], r["recall_right_kind"]]
        rows.append(row)
    header = ["discard class"] + [f"{s} {w}" for s in splits
                                  for w in ("spans", "recall", "right kind")]
    return table(header, rows)


def promotional_flags() -> str:
    """False flags on reporting, the upper-bound flag rate, and puffery voice."""
    data = load("accuracy_promotional.json")
    splits = [s for s in ("dev", "train") if s in data]
    rows = [
        ["attributed sentences flagged (false flags)",
         *(_rate(data[s]["attributed_sentences_flagged"], data[s]["attributed_sentences"])
           for s in splits)],
        ["all undiscarded sentences flagged (upper bound)",
         *(_rate(data[s]["undiscarded_sentences_flagged"], data[s]["undiscarded_sentences"])
           for s in splits)],
        ["puffery spans inside attributed content",
         *(_rate(data[s]["puffery_in_attributed_content"], data[s]["puffery_spans"])
           for s in splits)],
    ]
    return table(["measure", *splits], rows, ["l", *["r"] * len(splits)])


# ---- throughput ------------------------------------------------------------------------------


def throughput(rows_like: str = "") -> str:
    """The throughput table (rows whose measurement contains ``rows_like``)."""
    data = load("throughput.json")
    n = data["articles"]
    rows = [(r["measurement"], f"{1000 * r['seconds'] / n:.2f}", f"{r['articles_per_s']:,.0f}",
             f"{r['words_per_s']:,.0f}", f"{r['ratio_to_regex']:.3f}",
             f"{r['ratio_to_textstat']:.2f}")
            for r in data["rows"] if rows_like in r["measurement"] or "reference" in
            r["measurement"]]
    header = ("measurement", "ms/article", "articles/s", "words/s", "× regex pass",
              "× textstat")
    return (f"{n} articles, {data['words']:,} words.\n\n"
            + table(header, rows))


THROUGHPUT_TARGETS = (
    ("full profile without readability", "ratio_to_regex", "× the regex pass", 0.10),
    ("full profile with readability", "ratio_to_textstat", "× textstat alone", 1.0),
)
"""The throughput targets: (row, ratio, what it is relative to, the least acceptable value)."""


def throughput_targets() -> str:
    """The two throughput targets, the ratios measured, and whether each is met."""
    by_name = {r["measurement"]: r for r in load("throughput.json")["rows"]}
    rows = []
    for name, key, against, target in THROUGHPUT_TARGETS:
        got = by_name[name][key]
        rows.append((name, f"≥ {target:.2f} {against}", f"{got:.3f}",
                     "met" if got >= target else f"not met ({got / target:.0%} of it)"))
    return table(("measurement", "target", "measured", ""), rows, ["l", "l", "r", "l"])


def batch_memory() -> str:
    """Streamed batches with one and two jobs: speed, speed-up, peak memory, same output."""
    data = load("batch_memory.json")
    rows = [(f"{r['articles']:,}", r["jobs"], f"{r['seconds']:.1f}", f"{r['articles_per_s']:.0f}",
             f"{r['speedup']:.2f}", f"{r['peak_rss_mb']:.0f}",
             "yes" if r["same_output"] else "NO")
            for r in data["runs"]]
    header = ("articles", "jobs", "seconds", "articles/s", "× jobs 1", "peak RSS (MB)",
              "same output")
    return table(header, rows, ["r"] * 6 + ["l"])


def main(argv: Sequence[str]) -> int:
    """Print every table (a quick check that the JSON files parse)."""
    for fn in (polnear_overall, polnear_publishers, szeged_overall, szeged_types,
               promotional_recall, promotional_flags, throughput, throughput_targets,
               batch_memory):
        print(fn())
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))


# ---- lexicons --------------------------------------------------------------------------------


def lexicon_summary(families: Sequence[str]) -> str:
    """Each shipped lexicon of the families: header, sources with links, entries per label."""
    from collections import Counter

    from reliability.lexicon import LexiconSet

    lexicons = LexiconSet.default()
    out = []
    for family in families:
        for lex in lexicons.family(family):
            counts = Counter(e.label or "(no label)" for e in lex.entries)
            out.append(f"**`{lex.id}`** {lex.version} — {lex.description} "
                       f"{len(lex.entries)} entries, licence `{lex.license}`.\n")
            if lex.labels or len(counts) > 1:
                out.append(table(("label", "meaning", "entries"),
                                 ((f"`{label}`", (lex.labels or {}).get(label, ""), n)
                                  for label, n in sorted(counts.items())),
                                 ["l", "l", "r"]))
            tuned = Counter(e.helps[0] for e in lex.entries if len(e.helps) == 1)
            if tuned:
                out.append("Entries measured to help one corpus only: "
                           + ", ".join(f"{n} {corpus}" for corpus, n in sorted(tuned.items()))
                           + ".\n")
            out.append("Sources:\n")
            for source in lex.sources:
                link = f" <{source.url}>" if source.url else ""
                lic = f" ({source.license})" if getattr(source, "license", None) else ""
                key = f"`{source.key}`: " if getattr(source, "key", None) else ""
                out.append(f"- {key}{source.citation}{link}{lic}")
            out.append("")
    return "\n".join(out) + "\n"


def formula(text: str, width: int = 78) -> str:
    """A scorer's ``FORMULA`` constant, one clause per paragraph, wrapped for reading."""
    import textwrap

    parts = [p.strip() for p in text.split("; ") if p.strip()]
    return "\n".join(textwrap.fill(p, width, subsequent_indent="    ") for p in parts)
