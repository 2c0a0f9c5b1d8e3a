"""Accuracy of the promotional scorer on PolNeAR (Newell, Margolin & Ruths, LREC 2018).

Reads ``../shared/data/polnear/{train,dev}.jsonl`` at run time (never copied into the repository)
and runs :class:`reliability.scorers.promotional.PromotionalScorer` over every article. PolNeAR has
no promotional labels as such, but its annotators marked text that is not article prose as
``discard`` — link-outs, sign-up prompts, "Follow X on Twitter", embedded tweets, and also photo
credits, corrections, author bios, time stamps. The runner measures:

* **Recall on calls to action.** Each discard span is put in one class by this runner's own
  keyword rules (``CLASS_RULES`` below, written independently of the scorer's lexicon, first rule
  wins; ``--list classes`` prints every span with its class for audit):

  - ``embedded_post``: tweet markup or signature (``<tweet``, ``pic.twitter.com``,
    ``(@handle) Month D, YYYY``);
  - ``link_out``: reading/watching/listening elsewhere ("Read the rest here", "Related:",
    "Also on HuffPost:", "Watch …", "Listen to …", "… below:", "check out", "[Video: …"), and
    the items (2 to 15 words each) listed right after a link-list header ending with a colon;
  - ``social``: follow / like / share / contact calls ("Follow Pam Key on Twitter", "Like the
    page", "Email us at", "Send tips");
  - ``subscription``: subscribe, sign up, newsletter, e-mail delivery, "download our app";
  - ``appeal``: donate, "support us", membership;
  - ``interface``: player errors, cookie or privacy notices, "Advertisement";
  - ``other``: everything else (credits, corrections, bios, bylines, digests, time stamps),
    and any non-post span longer than 300 characters (a digest item or a bio that mentions a
    call) — not promotional, not counted.

  A span is **found** when at least half of its non-blank characters lie in promotional blocks
  of any kind, and found **with the right kind** when the block covering most of it has the
  span's class. The headline target ("link-outs or appeals", ≥ 0.90) is recall over the calls to
  action: ``link_out``, ``appeal``, ``subscription`` and ``social`` together; per-class rows
  follow. Embedded posts are measured the same way against ``embedded_post`` blocks.
* **False flags on article prose.** Document sentences lying wholly inside a PolNeAR
  attribution content span and overlapping no discard span are reporting; the rate is the share
  of them that any promotional block overlaps (target < 1 %). The same rate over *all* sentences
  that overlap no discard span is an upper bound (PolNeAR's discard marking is not exhaustive,
  so some of those flags are real furniture; ``--list flags`` prints them).
* **Puffery voice.** The share of puffery spans that fall inside attribution content (puffery
  should be the writer's voice only).

Every annotation file is scored on its own (some articles have several annotators) and counts are
summed over the split.

Usage::

    python benchmarks/accuracy_promotional.py --split train --split dev [--json PATH]
    python benchmarks/accuracy_promotional.py --split train --list missed

Develop on ``train``; report ``dev``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from reliability.document import Document  # noqa: E402
from reliability.model import Evidence  # noqa: E402
from reliability.scorers.promotional import PROMOTIONAL_KINDS, PromotionalScorer  # noqa: E402

CALLS_TO_ACTION = ("link_out", "appeal", "subscription", "social")

CLASS_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(rx, re.IGNORECASE))
    for name, rx in (
        (
            "embedded_post",
            r"<tweet|</tweet>|<tweet/>|pic\.twitter\.com"
            r"|\(@\w+\)\s*[A-Z][a-z]+\.?\s+\d{1,2},\s+\d{4}",
        ),
        (
            "link_out",
            r"^\W*(?:also\s+read|read\s+(?:more|the\s+rest|the\s+full)|related\b"
            r"|also\s+on\b|more\s*:|see\s+also|watch\b|listen\b|click\b|continue\s+reading|\[video:)"
            r"|\b(?:below|above)\W*$|\bcheck\s+out\b|\bfind\s+out\s+(?:more|via|at)\b",
        ),
        (
            "social",
            r"^\W*(?:follow|share)\b|\blike\s+us\b|\blike\s+the\s+page\b|\bfollow\s+@"
            r"|\b(?:e-?mail|contact)\s+(?:us|me)\b|\bsend\s+tips\b|\bon\s+twitter,?\s+follow\b",
        ),
        (
            "subscription",
            r"\bsubscri(?:be|ption)\b|\bsign(?:ing)?\s*-?up\b|\bnewsletter\b"
            r"|\benter(?:ing)?\s+your\s+e-?mail\b|\bvia\s+e-?mail\b|\byour\s+inbox\b"
            r"|\bdownload\s+our\s+app\b",
        ),
        ("appeal", r"\bdonat(?:e|ion)\b|\bsupport\s+(?:us|our)\b|\bbecome\s+a\s+member\b"),
        (
            "interface",
            r"video\s+is\s+restricted|\becode\b|\badvertisement\b|\bcookies?\b"
            r"|\bprivacy\s+policy\b",
        ),
    )
)

MAX_CALL_CHARS = 300
"""A discard span longer than this is not a call to action even if it mentions one."""
MAX_ITEM_WORDS = 15
"""A listed item under a link-list header has 2 to this many words ("1." is a counter)."""

Span = tuple[int, int]


def shared_dir() -> Path:
    """The ../shared directory beside the repository (or $RELIABILITY_SHARED)."""
    env = os.environ.get("RELIABILITY_SHARED")
    return Path(env) if env else REPO.parent / "shared"


def load(split: str) -> list[dict[str, Any]]:
    """The annotation files of a split."""
    path = shared_dir() / "data" / "polnear" / f"{split}.jsonl"
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def classify(discards: list[dict[str, Any]], text: str) -> list[str]:
    """The class of each discard span (in text order), by CLASS_RULES and list headers."""
    out: list[str] = []
    prev: dict[str, Any] | None = None
    for d in discards:
        body = d["text"].strip().strip('"“”')
        kind = next((name for name, rx in CLASS_RULES if rx.search(body)), "other")
        if kind not in ("other", "embedded_post") and len(body) > MAX_CALL_CHARS:
            kind = "other"  # a long passage (a digest item, a bio) that mentions a call
        if (
            kind == "other"
            and prev is not None
            and out[-1] == "link_out"
            and prev["text"].rstrip().rstrip('"“”').endswith(":")
            and 2 <= len(body.split()) <= MAX_ITEM_WORDS
            and not text[prev["end"] : d["start"]].strip()
        ):
            kind = "link_out"  # a headline listed under "Related:"
            out.append(kind)
            prev = {**d, "text": prev["text"]}  # the chain continues from the header
            continue
        out.append(kind)
        prev = d
    return out


def _nonblank(text: str, start: int, end: int) -> int:
    return sum(1 for c in text[start:end] if not c.isspace())


def _covered(text: str, start: int, end: int, blocks: list[Evidence]) -> tuple[int, str | None]:
    """Non-blank characters of [start, end) inside blocks, and the kind covering most of them."""
    by_kind: Counter[str] = Counter()
    for b in blocks:
        lo, hi = max(start, b.start), min(end, b.end)
        if lo < hi:
            by_kind[b.label] += _nonblank(text, lo, hi)
    total = sum(by_kind.values())
    return total, (by_kind.most_common(1)[0][0] if by_kind else None)


def _inside_any(span: Span, ranges: list[Span]) -> bool:
    return any(s <= span[0] and span[1] <= e for s, e in ranges)


def _overlaps_any(span: Span, ranges: list[Span]) -> bool:
    return any(s < span[1] and span[0] < e for s, e in ranges)


def evaluate(  # noqa: PLR0915 - one pass over the corpus, counting as it goes
    rows: list[dict[str, Any]],
    scorer: PromotionalScorer,
    listing: set[str],
) -> dict[str, Any]:
    """Run the scorer over the annotation files and count what the module docstring defines."""
    found: Counter[str] = Counter()
    right_kind: Counter[str] = Counter()
    total: Counter[str] = Counter()
    prose = prose_flagged = clean = clean_flagged = 0
    puffery = puffery_attributed = 0
    cache: dict[str, list[Evidence]] = {}
    seconds = 0.0
    for row in rows:
        text = row["text"]
        if text not in cache:
            t0 = time.perf_counter()
            doc = Document.from_text(text)
            result = scorer.score(doc, {})
            seconds += time.perf_counter() - t0
            cache[text] = list(result.evidence)
        else:
            doc = Document.from_text(text)
        evidence = cache[text]
        promo = [e for e in evidence if e.label in PROMOTIONAL_KINDS]
        posts = [e for e in evidence if e.label == "embedded_post"]
        discards = sorted(row["discard"], key=lambda d: d["start"])
        classes = classify(discards, text)
        for d, kind in zip(discards, classes, strict=True):
            if kind == "other":
                continue
            total[kind] += 1
            pool = posts if kind == "embedded_post" else promo
            covered, best = _covered(text, d["start"], d["end"], pool)
            hit = covered * 2 >= max(1, _nonblank(text, d["start"], d["end"]))
            found[kind] += hit
            right_kind[kind] += hit and best == kind
            if "classes" in listing:
                print(f"[{kind}{'' if hit else ' MISSED'}] {row['doc_id']}: {d['text'][:120]!r}")
            elif "missed" in listing and not hit:
                print(f"MISSED [{kind}] {row['doc_id']}: {d['text'][:160]!r}")
        discard_ranges = [(d["start"], d["end"]) for d in discards]
        content = [(p["start"], p["end"]) for a in row["attributions"] for p in a["content"]]
        blocks = [(e.start, e.end) for e in promo]
        for s in doc.sentences:
            if _overlaps_any(s, discard_ranges):
                continue
            flagged = _overlaps_any(s, blocks)
            clean += 1
            clean_flagged += flagged
            if _inside_any(s, content):
                prose += 1
                prose_flagged += flagged
                if flagged and "flags" in listing:
                    print(f"FALSE FLAG (attributed) {row['doc_id']}: {text[s[0] : s[1]][:160]!r}")
            elif flagged and "flags" in listing:
                print(f"FLAG (unlabelled) {row['doc_id']}: {text[s[0] : s[1]][:160]!r}")
        for e in evidence:
            if e.label == "puffery":
                puffery += 1
                inside = _inside_any((e.start, e.end), content)
                puffery_attributed += inside
                if "puffery" in listing:
                    where = "ATTRIBUTED" if inside else "writer"
                    ctx = text[max(0, e.start - 60) : e.end + 40].replace("\n", " ")
                    print(f"PUFFERY [{where}] {row['doc_id']}: {ctx!r}")
    per_class = {
        k: {
            "spans": total[k],
            "found": found[k],
            "right_kind": right_kind[k],
            "recall": _ratio(found[k], total[k]),
            "recall_right_kind": _ratio(right_kind[k], total[k]),
        }
        for k in (*CALLS_TO_ACTION, "interface", "embedded_post")
    }
    cta_total = sum(total[k] for k in CALLS_TO_ACTION)
    cta_found = sum(found[k] for k in CALLS_TO_ACTION)
    cta_right = sum(right_kind[k] for k in CALLS_TO_ACTION)
    n_texts = len(cache)
    return {
        "annotation_files": len(rows),
        "articles": n_texts,
        "discard_spans": sum(len(r["discard"]) for r in rows),
        "discard_other": sum(
            1
            for r in rows
            for k in classify(sorted(r["discard"], key=lambda d: d["start"]), r["text"])
            if k == "other"
        ),
        "calls_to_action": {
            "spans": cta_total,
            "found": cta_found,
            "right_kind": cta_right,
            "recall": _ratio(cta_found, cta_total),
            "recall_right_kind": _ratio(cta_right, cta_total),
        },
        "per_class": per_class,
        "attributed_sentences": prose,
        "attributed_sentences_flagged": prose_flagged,
        "false_flag_rate": _ratio(prose_flagged, prose),
        "undiscarded_sentences": clean,
        "undiscarded_sentences_flagged": clean_flagged,
        "flag_rate_upper_bound": _ratio(clean_flagged, clean),
        "puffery_spans": puffery,
        "puffery_in_attributed_content": puffery_attributed,
        "puffery_attributed_rate": _ratio(puffery_attributed, puffery),
        "articles_per_second": n_texts / seconds if seconds else None,
    }


def _ratio(a: int, b: int) -> float | None:
    return a / b if b else None


def _fmt(x: float | None) -> str:
    return "—" if x is None else f"{x:.3f}"


def report(split: str, res: dict[str, Any]) -> str:
    """The tables of one split, as text."""
    lines = [
        f"== PolNeAR {split}: {res['annotation_files']} annotation files, {res['articles']} "
        f"distinct texts, {res['discard_spans']} discard spans ({res['discard_other']} 'other')",
        "",
        f"{'discard class':<22}{'spans':>7}{'found':>7}{'recall':>8}{'right kind':>12}",
    ]
    cta = res["calls_to_action"]
    rows = [("calls to action", cta), *res["per_class"].items()]
    for name, r in rows:
        lines.append(
            f"{name:<22}{r['spans']:>7}{r['found']:>7}{_fmt(r['recall']):>8}"
            f"{_fmt(r['recall_right_kind']):>12}"
        )
    lines += [
        "",
        f"false flags on attributed sentences: {res['attributed_sentences_flagged']} / "
        f"{res['attributed_sentences']} = {_fmt(res['false_flag_rate'])}",
        f"flags on all undiscarded sentences (upper bound): {res['undiscarded_sentences_flagged']}"
        f" / {res['undiscarded_sentences']} = {_fmt(res['flag_rate_upper_bound'])}",
        f"puffery spans: {res['puffery_spans']}, inside attributed content: "
        f"{res['puffery_in_attributed_content']} ({_fmt(res['puffery_attributed_rate'])})",
        f"throughput (Document + scorer): {res['articles_per_second']:.0f} articles/s",
        "",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print its tables; optionally write them as JSON."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--split",
        action="append",
        choices=("dev", "train"),
        help="split(s) to run (default: train and dev)",
    )
    ap.add_argument("--json", metavar="PATH", help="also write the numbers as JSON")
    ap.add_argument(
        "--list",
        action="append",
        default=[],
        choices=("classes", "missed", "flags", "puffery"),
        help="print discard spans with their class, missed spans, flagged "
        "sentences or puffery spans (repeatable)",
    )
    args = ap.parse_args(argv)
    splits = args.split or ["train", "dev"]
    scorer = PromotionalScorer()
    results: dict[str, Any] = {}
    for split in splits:
        results[split] = evaluate(load(split), scorer, set(args.list))
        print(report(split, results[split]))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
