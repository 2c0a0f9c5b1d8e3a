"""HTML input on real pages: article kept, furniture flagged, metadata, speed — beside trafilatura.

Reads ``../shared/data/html/readability-test-pages/`` at run time (Mozilla Readability's test
pages, never copied into the repository): each folder's ``source.html`` is the page as fetched,
``expected.html`` the article body Readability extracts (the reference body) and
``expected-metadata.json`` its title, byline and date.

For each page, three readers are compared:

* ``trafilatura``: :func:`trafilatura.extract` alone (text output), nothing flagged;
* ``trafilatura+text``: that text scored as plain text by the library (furniture found from the
  words only);
* ``reliability``: :func:`reliability.score_html` (the measured text built from trafilatura's
  blocks, with the markup's signals).

Measures (text compared after lower-casing and dropping everything but letters and digits):

* **body kept**: characters of the reference body's blocks (its paragraphs, headings, list items,
  table rows) found in the reader's text, over all reference characters;
* **body flagged**: characters of kept reference blocks that lie inside a promotional block, over
  the kept ones (article prose wrongly marked as furniture);
* **extra text**: blocks of the reader's text that are not part of the reference body (page
  furniture the extractor kept, or text Readability left out): their share of the reader's
  characters, and the share of those characters flagged as promotional / left unflagged;
* **furniture left** (the issue's measure): the page's own blocks, read from ``source.html``'s
  DOM (:func:`page_blocks`: paragraphs, list items, headings, table rows, text-bearing
  containers), that are not part of the reference body are its furniture blocks
  (:func:`furniture_blocks`, each text once); the share of them each reader's text keeps, and
  keeps without promotional evidence (:func:`furniture_left`). Its denominator is every
  furniture block of the page — menus, footers, link lists the extractor dropped — so it is much
  smaller than the extra-block shares above, whose denominator is the extra text kept. That is
  not the issue's held-out measure: there trafilatura alone leaves 0.299 of the furniture blocks
  in its text, so what predicts a reader's held-out figure is
* **kept furniture** (:func:`kept_furniture`): of the furniture blocks trafilatura alone keeps,
  how many the reader's text flags as promotional, keeps unflagged, or drops; the unflagged
  share times 0.299 is the held-out figure it predicts (``held_out_predicted``);
* **metadata**: title, byline and date against ``expected-metadata.json`` (pages that give one):
  title equal after normalising; byline when one contains the other; date when the ``YYYY-MM-DD``
  parts agree;
* **speed**: pages per second, and where the time goes (decoding, trafilatura's extraction, this
  library's DOM pass — parsing the page again, finding each block's element, dividing the page's
  text —, segmenting the measured text into a Document, scoring), measured in one process over
  the same pages; trafilatura alone is its ``extract()`` with text output.

**Halves.** The pages are split by a stable hash of their folder name (the first eight hex
digits of its SHA-256, even: ``dev``, odd: ``check``); rules were developed looking at the ``dev``
half only, and the table is given for each half and for all pages.

Readability's reference is not a furniture labelling: a related-links list inside
``expected.html`` is part of its body, and text it drops (a caption, a date line) counts as extra.

Usage::

    python benchmarks/accuracy_html.py [--json docs/data/accuracy_html.json] [--limit N]
    python benchmarks/accuracy_html.py --list extra    # every unflagged extra block
    python benchmarks/accuracy_html.py --half dev --list flagged   # body blocks flagged (dev)
    python benchmarks/accuracy_html.py --half dev --list kept   # kept furniture left unflagged
"""

from __future__ import annotations

import argparse
import bisect
import hashlib
import json
import os
import re
import sys
import time
from pathlib import Path
from typing import Any

import lxml.html
import trafilatura

import reliability
from reliability.html import page_byline, page_document
from reliability.html.decode import decode_html
from reliability.html.extract import EXTRACTION_OPTIONS
from reliability.profile import Pipeline
from reliability.scorers.promotional import PROMOTIONAL_KINDS

ROOT = Path(__file__).resolve().parent.parent
PAGES = Path(os.environ.get("RELIABILITY_SHARED", ROOT.parent / "shared")) / "data/html"
PAGES = PAGES / "readability-test-pages"
_KEEP = re.compile(r"[^\w]+|_")
_BLOCK_TAGS: tuple[str, ...] = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "td", "th")
_BLOCK_TAGS += ("dd", "dt", "blockquote", "figcaption")


HALVES = ("dev", "check")


def half_of(name: str) -> str:
    """The half a page belongs to: ``dev`` or ``check``, by a stable hash of its folder name."""
    return HALVES[int(hashlib.sha256(name.encode("utf-8")).hexdigest()[:8], 16) % 2]


def _folders(limit: int | None, half: str) -> list[Path]:
    folders = sorted(p for p in PAGES.iterdir() if (p / "source.html").is_file())
    return [p for p in folders if half == "all" or half_of(p.name) == half][:limit]


def _key(text: str) -> str:
    return _KEEP.sub("", text.lower())


def reference_blocks(expected_html: str) -> list[str]:
    """The reference body's block texts (innermost block elements), normalised."""
    tree = lxml.html.fragment_fromstring(expected_html, create_parent="div")
    out = []
    for el in tree.iter(*_BLOCK_TAGS):
        if any(child.tag in _BLOCK_TAGS for child in el.iterdescendants()):
            continue
        key = _key(el.text_content())
        if key:
            out.append(key)
    return out


PAGE_BLOCK_TAGS: tuple[str, ...] = (
    *_BLOCK_TAGS, "tr", "div", "section", "article", "aside", "header", "footer", "nav", "form",
    "figure", "dl", "ul", "ol", "table",
)  # fmt: skip
"""Elements that make a block of the page (:func:`page_blocks`)."""
_ROW_CELLS = frozenset(("td", "th"))
_PAGE_DROP = ("script", "style", "noscript", "template", "svg", "iframe", "object", "head")


def page_blocks(source_html: str) -> list[str]:
    """The blocks of a page as fetched, normalised, in order: what furniture is counted in.

    Read from ``source.html``'s DOM (scripts, styles, templates and the ``<head>`` dropped):
    each innermost element among paragraphs, list items, headings, table rows (a row's cells are
    one block), ``pre``, ``blockquote``, ``dd``/``dt``, ``figcaption`` and text-bearing
    containers (``div``, ``section``, ``article``, ``aside``, ``header``, ``footer``, ``nav``,
    ``form``, ``figure``, lists and tables holding no such element) is one block; so is the text
    a container holds directly, outside its child blocks (a ``div`` with a link and a line of
    its own). Empty blocks are left out.
    """
    tree = lxml.html.document_fromstring(source_html)
    for el in tree.iter(*_PAGE_DROP):
        el.drop_tree()
    body = tree.find("body")
    root = body if body is not None else tree
    tags = frozenset(PAGE_BLOCK_TAGS)
    out: list[str] = []

    def walk(el: Any) -> None:
        own: list[str] = [el.text or ""]
        for child in el:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag in tags and not (el.tag == "tr" and tag in _ROW_CELLS):
                flush(own)
                own = []
                walk(child)
            elif tag:
                own.append(child.text_content())
            own.append(child.tail or "")
        flush(own)

    def flush(parts: list[str]) -> None:
        key = _key(" ".join(parts))
        if key:
            out.append(key)

    walk(root)
    return out


def furniture_blocks(page: list[str], ref: list[str]) -> list[str]:
    """The page's blocks that are not part of the reference body, each text once.

    A block is body when its text lies inside the reference body (a block shorter than
    ``SHORT_KEY`` letters and digits must be a whole reference block: "Share" lies inside almost
    any body) or holds a reference block of at least ``SHORT_KEY``; every other block is
    furniture. A text the page repeats (a menu shown twice) is counted once.
    """
    ref_flat = "".join(ref)
    whole = frozenset(ref)
    long_ref = [r for r in whole if len(r) >= SHORT_KEY]
    out: dict[str, None] = {}
    for key in page:
        if key in whole or (len(key) >= SHORT_KEY and key in ref_flat):
            continue
        if len(key) >= SHORT_KEY and any(r in key for r in long_ref):
            continue
        out.setdefault(key, None)
    return list(out)


def furniture_status(
    text: str, promo: list[tuple[int, int, str]], furniture: list[str]
) -> dict[str, bool]:
    """The furniture blocks a reader's text keeps, each with whether it is flagged.

    A block shorter than ``SHORT_KEY`` is kept when a line of the text is exactly it; a longer
    one when its letters and digits occur in the text's. A kept block is flagged when at least
    half of its characters lie in lines the promotional scorer flagged (:func:`_flagged`).
    """
    spans = [(s, e) for s, e, _ in promo]
    lines = [(_key(text[s:e]), _flagged(spans, s, e)) for s, e in _blocks_of(text)]
    lines = [(k, f) for k, f in lines if k]
    starts, pos = [], 0
    for k, _ in lines:
        starts.append(pos)
        pos += len(k)
    flat = "".join(k for k, _ in lines)
    exact: dict[str, bool] = {}
    for k, f in lines:
        exact[k] = exact.get(k, True) and f  # flagged only if every such line is
    out: dict[str, bool] = {}
    for key in furniture:
        if len(key) < SHORT_KEY:
            if key not in exact:
                continue
            out[key] = exact[key]
            continue
        at = flat.find(key)
        if at < 0:
            continue
        end = at + len(key)
        i = bisect.bisect_right(starts, at) - 1
        covered = 0
        while i < len(lines) and starts[i] < end:
            lo, hi = max(at, starts[i]), min(end, starts[i] + len(lines[i][0]))
            covered += (hi - lo) if lines[i][1] else 0
            i += 1
        out[key] = covered * 2 >= len(key)
    return out


def furniture_left(
    text: str, promo: list[tuple[int, int, str]], furniture: list[str]
) -> tuple[int, int, list[str]]:
    """How many furniture blocks a reader's text keeps, how many of them unflagged, which."""
    status = furniture_status(text, promo, furniture)
    left = [k for k, flagged in status.items() if not flagged]
    return len(status), len(left), left


def kept_furniture(
    alone: dict[str, bool], ours: dict[str, bool]
) -> tuple[int, int, int, list[str]]:
    """Of the furniture blocks trafilatura alone keeps, how a reader's text treats them.

    ``(flagged, unflagged, dropped, unflagged blocks)``: kept and flagged as promotional, kept
    without promotional evidence, or not in the reader's text. The share left unflagged is the
    predictor of the issue's held-out measure (trafilatura alone keeps 0.299 of the furniture
    blocks there; a reader leaves about that times this share unflagged).
    """
    flagged = [k for k in alone if ours.get(k) is True]
    unflagged = [k for k in alone if ours.get(k) is False]
    return len(flagged), len(unflagged), len(alone) - len(flagged) - len(unflagged), unflagged


def _line_of(text: str, key: str) -> str:
    """The line of a text where a normalised block begins (the key itself if none holds it)."""
    for s, e in _blocks_of(text):
        k = _key(text[s:e])
        if k and (key.startswith(k) or k.startswith(key) or (len(key) >= SHORT_KEY and key in k)):
            return text[s:e]
    return key


def _blocks_of(text: str) -> list[tuple[int, int]]:
    """Non-blank lines of a text as ``(start, end)``."""
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _flagged(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether at least half of ``[start, end)`` lies in the spans."""
    covered = sum(max(0, min(e, end) - max(s, start)) for s, e in spans)
    return covered * 2 >= end - start


def measure(
    text: str, promo: list[tuple[int, int, str]], ref: list[str]
) -> tuple[dict[str, int], list[dict[str, Any]]]:
    """Counts for one reader's text against the reference blocks, and its notable blocks.

    The blocks listed are the extra blocks (``kind`` ``extra``) and the kept reference blocks
    flagged as promotional (``kind`` ``flagged``), each with whether it was flagged and by what.
    """
    flat = _key(text)
    ref_flat = "".join(ref)
    spans = [(s, e) for s, e, _ in promo]
    n = dict.fromkeys(_COUNTS, 0)
    n["ref_chars"] = sum(len(r) for r in ref)
    n["kept_chars"] = sum(len(r) for r in ref if r in flat)
    n["text_chars"] = len(flat)
    listed: list[dict[str, Any]] = []
    for s, e in _blocks_of(text):
        k = _key(text[s:e])
        if not k:
            continue
        flagged = _flagged(spans, s, e)
        rule = next((r for ps, pe, r in promo if ps < e and s < pe), None) if flagged else None
        if k in ref_flat:
            n["kept_blocks"] += 1
            n["kept_blocks_flagged"] += flagged
            n["kept_flagged_chars"] += len(k) if flagged else 0
            if flagged:
                listed.append({"kind": "flagged", "text": text[s:e], "rule": rule})
        else:
            n["extra_blocks_n"] += 1
            n["extra_blocks_flagged"] += flagged
            n["extra_chars"] += len(k)
            n["extra_flagged_chars"] += len(k) if flagged else 0
            listed.append({"kind": "extra", "text": text[s:e], "flagged": flagged, "rule": rule})
    return n, listed


_COUNTS = (
    "ref_chars",
    "kept_chars",
    "kept_flagged_chars",
    "text_chars",
    "extra_chars",
    "extra_flagged_chars",
    "kept_blocks",
    "kept_blocks_flagged",
    "extra_blocks_n",
    "extra_blocks_flagged",
    "furniture_blocks",
    "furniture_kept",
    "furniture_kept_unflagged",
    "alone_kept",
    "alone_kept_flagged",
    "alone_kept_unflagged",
    "alone_kept_dropped",
)


def _promo_spans(profile: reliability.Profile) -> list[tuple[int, int, str]]:
    return [
        (e.span.start, e.span.end, e.rule or e.label)
        for e in profile.scores["promotional"].evidence
        if e.label in PROMOTIONAL_KINDS
    ]


def _meta_ok(field: str, expected: str | None, got: str | None) -> bool | None:
    if not expected:
        return None
    if not got:
        return False
    if field == "date":
        return expected[:10] == got[:10]
    a, b = _key(expected), _key(got)
    if field == "title":
        return a == b
    return bool(a) and bool(b) and (a in b or b in a)


META_FIELDS = {"title": "title", "byline": "byline", "date": "publishedTime"}
"""Each measured field and its key in ``expected-metadata.json``."""
READERS = ("trafilatura", "trafilatura+text", "reliability")


def measure_page(folder: Path, pipeline: Pipeline) -> dict[str, Any]:
    """Every count, metadata check and timing of one page (``failed`` names an input error)."""
    data = (folder / "source.html").read_bytes()
    ref = reference_blocks((folder / "expected.html").read_text("utf-8"))
    furniture = furniture_blocks(page_blocks(decode_html(data, folder.name).html), ref)
    expected = json.loads((folder / "expected-metadata.json").read_text("utf-8"))
    t0 = time.perf_counter()
    decoded = decode_html(data, folder.name)
    t1 = time.perf_counter()
    alone = trafilatura.extract(decoded.html, include_comments=False) or ""
    t2 = time.perf_counter()
    # The extraction call the reader makes, timed on its own.
    trafilatura.bare_extraction(decoded.html, **EXTRACTION_OPTIONS)
    t3 = time.perf_counter()
    try:
        document, info = page_document(data, source=folder.name, pipeline=pipeline)
        t4 = time.perf_counter()
        profile = pipeline.score_document(document)
        t5 = time.perf_counter()
    except reliability.InputError as exc:
        return {"page": folder.name, "failed": str(exc)}
    pipeline.document(document.text)  # segmentation, timed on its own
    t6 = time.perf_counter()
    timing = {
        "decode": t1 - t0,
        "trafilatura_alone": t2 - t1,
        "trafilatura": t3 - t2,
        "document": t6 - t5,
        # page_document = decoding + extraction + the DOM pass + segmentation.
        "dom": max(0.0, (t4 - t3) - (t1 - t0) - (t3 - t2) - (t6 - t5)),
        "score": t5 - t4,
    }
    plain = pipeline.score(alone) if alone.strip() else None
    readers: dict[str, dict[str, int]] = {}
    listed: list[dict[str, Any]] = []
    alone_status = furniture_status(alone, [], furniture)
    for name, text, promo in (
        ("trafilatura", alone, []),
        ("trafilatura+text", alone, _promo_spans(plain) if plain else []),
        ("reliability", document.text, _promo_spans(profile)),
    ):
        readers[name], blocks = measure(text, promo, ref)
        status = furniture_status(text, promo, furniture)
        left = [k for k, flagged in status.items() if not flagged]
        flagged, unflagged, dropped, kept_left = kept_furniture(alone_status, status)
        readers[name].update(
            furniture_blocks=len(furniture),
            furniture_kept=len(status),
            furniture_kept_unflagged=len(left),
            alone_kept=len(alone_status),
            alone_kept_flagged=flagged,
            alone_kept_unflagged=unflagged,
            alone_kept_dropped=dropped,
        )
        if name == "reliability":
            blocks += [{"kind": "furniture", "text": k} for k in left]
            blocks += [{"kind": "kept", "text": _line_of(text, k)} for k in kept_left]
            listed = [{"page": folder.name, **b} for b in blocks]
    credit = page_byline(document, info, pipeline.lexicons)
    byline = credit.name if credit is not None else None
    got = {"title": info.title, "byline": byline, "date": info.date}
    meta = {f: _meta_ok(f, expected.get(k), got[f]) for f, k in META_FIELDS.items()}
    wrong = {
        f: {"expected": expected.get(META_FIELDS[f]), "got": got[f]}
        for f, ok in meta.items()
        if ok is False
    }
    return {
        "page": folder.name,
        "readers": readers,
        "meta": meta,
        "wrong": wrong,
        "timing": timing,
        "blocks": listed,
    }


def summarise(records: list[dict[str, Any]]) -> dict[str, Any]:
    """The table of a set of measured pages."""
    ok = [r for r in records if "failed" not in r]
    summary: dict[str, Any] = {
        "pages": len(records),
        "failed": [r["failed"] for r in records if "failed" in r],
        "readers": {},
    }
    for name in READERS:
        t = {k: sum(r["readers"][name][k] for r in ok) for k in _COUNTS}
        summary["readers"][name] = {
            **t,
            "body_kept": t["kept_chars"] / max(t["ref_chars"], 1),
            "body_flagged": t["kept_flagged_chars"] / max(t["kept_chars"], 1),
            "extra_share": t["extra_chars"] / max(t["text_chars"], 1),
            "extra_flagged": t["extra_flagged_chars"] / max(t["extra_chars"], 1),
            "extra_unflagged": 1 - t["extra_flagged_chars"] / max(t["extra_chars"], 1),
            "body_blocks_flagged": t["kept_blocks_flagged"] / max(t["kept_blocks"], 1),
            "extra_blocks_unflagged": 1 - t["extra_blocks_flagged"] / max(t["extra_blocks_n"], 1),
            "furniture_kept": t["furniture_kept"] / max(t["furniture_blocks"], 1),
            "furniture_left_unflagged": t["furniture_kept_unflagged"]
            / max(t["furniture_blocks"], 1),
            "furniture_kept_n": t["furniture_kept"],
            "kept_furniture_flagged": (t["furniture_kept"] - t["furniture_kept_unflagged"])
            / max(t["furniture_kept"], 1),
            "alone_kept_left": t["alone_kept_unflagged"] / max(t["alone_kept"], 1),
            "held_out_predicted": HELD_OUT_ALONE
            * t["alone_kept_unflagged"]
            / max(t["alone_kept"], 1),
        }
    meta: dict[str, dict[str, Any]] = {}
    for f in META_FIELDS:
        checked = [r["meta"][f] for r in ok if r["meta"][f] is not None]
        right = sum(1 for c in checked if c)
        meta[f] = {
            "pages": len(checked),
            "right": right,
            "accuracy": right / len(checked) if checked else None,
        }
    summary["metadata"] = meta
    timing = {k: sum(r["timing"][k] for r in ok) for k in (*PARTS, "trafilatura_alone")}
    ours = sum(timing[k] for k in PARTS)
    summary["speed"] = {
        "pages_per_second": len(ok) / ours if ours else None,
        "trafilatura_alone_pages_per_second": (
            len(ok) / timing["trafilatura_alone"] if timing["trafilatura_alone"] else None
        ),
        "seconds": {k: round(v, 3) for k, v in timing.items()},
        "share_of_time": {k: timing[k] / ours for k in PARTS if ours},
        "slowest_extraction": max(
            ((r["page"], round(r["timing"]["trafilatura"], 3)) for r in ok),
            key=lambda x: x[1],
            default=None,
        ),
        "note": "one process, wall-clock; the machine may have been shared. The first page whose "
        "date htmldate hands to dateparser pays dateparser's one-off loading of its locales "
        "(several seconds) inside the extraction stage",
    }
    return summary


def run(limit: int | None = None, half: str = "all") -> dict[str, Any]:
    """Measure the pages; the summary of all of them, of each half, and the pages' records."""
    pipeline = Pipeline()
    records = [measure_page(folder, pipeline) for folder in _folders(limit, half)]
    summary = summarise(records)
    summary["halves"] = {
        h: summarise([r for r in records if half_of(r["page"]) == h])
        for h in HALVES
        if any(half_of(r["page"]) == h for r in records)
    }
    summary["_records"] = records
    return summary


_LEAF_TAGS = (*_BLOCK_TAGS, "div")
PARTS = ("decode", "trafilatura", "dom", "document", "score")
"""Where the reader's time goes: decoding, extraction, the DOM pass, segmentation, scoring."""


HELD_OUT_ALONE = 0.299
"""The share of furniture blocks trafilatura alone leaves in its text on the issue's held-out,
block-labelled news pages: the predicted held-out figure of a reader is this times the share of
the furniture trafilatura keeps here that the reader leaves without promotional evidence."""


SHORT_KEY = 20
"""Below this many letters and digits, a line is body only when it is a whole reference block:
a short line ("About", "Zimbabwe") is found inside almost any body as a substring."""


def page_as_plain_text(
    data: bytes, source: str, ref_flat: str, ref_blocks: frozenset[str] | None = None
) -> tuple[str, list[tuple[int, int, str]]]:
    """A page as a naive scraper would save it, with each paragraph labelled from the page.

    Each innermost block element of the page's body is one paragraph. Labels: ``body`` when its
    text is in the reference body (given ``ref_blocks``, a line shorter than ``SHORT_KEY``
    letters and digits must be one of them, not a substring of the body); ``related`` when an
    element around it carries a related-content token (``page_furniture`` entries labelled
    ``link_out``) and it is a short line; else ``other``. The labels come from the markup,
    which the plain-text scorer never sees.
    """
    from reliability.html.extract import _Dom

    tree = lxml.html.document_fromstring(decode_html(data, source).html)
    dom = _Dom(tree, reliability.LexiconSet.default())
    parts: list[str] = []
    labels: list[tuple[int, int, str]] = []
    pos = 0
    for el in dom.body.iter(*_LEAF_TAGS):
        if any(isinstance(c.tag, str) and c.tag in _LEAF_TAGS for c in el.iterdescendants()):
            continue
        text = " ".join(el.text_content().split())
        if not text:
            continue
        key = _key(text)
        short = ref_blocks is not None and len(key) < SHORT_KEY
        if key and (key in ref_blocks if short and ref_blocks is not None else key in ref_flat):
            label = "body"
        elif dom.label_of(el)[0] == "link_out" and len(text.split()) <= 25:
            label = "related"
        else:
            label = "other"
        if parts:
            parts.append("\n\n")
            pos += 2
        parts.append(text)
        labels.append((pos, pos + len(text), label))
        pos += len(text)
    return "".join(parts), labels


def _rates(counts: dict[str, int]) -> dict[str, float | int]:
    return {
        **counts,
        "related_recall": counts["related_found"] / max(counts["related"], 1),
        "body_flag_rate": counts["body_flagged"] / max(counts["body"], 1),
    }


def plain_text_blocks(limit: int | None = None, half: str = "all") -> dict[str, Any]:
    """Related-content blocks found, and body blocks flagged, in pages saved as plain text.

    Counted over all pages and over each half (:func:`half_of`), under two labellings of
    the body: ``substring`` (a line is body when its text occurs anywhere in the reference
    body) and ``whole_short`` (a line shorter than ``SHORT_KEY`` must be a whole reference
    block). The top-level figures are the ``whole_short`` labelling over all pages: under
    ``substring`` a short furniture line ("Hotels", "World", "Share") counts as body whenever
    its words occur somewhere in the article, so flagging it was counted as a body false flag.
    """
    pipeline = Pipeline()
    keys = ("related", "related_found", "body", "body_flagged")
    counts: dict[str, dict[str, dict[str, int]]] = {
        how: {half: dict.fromkeys(keys, 0) for half in ("all", "dev", "check")}
        for how in ("substring", "whole_short")
    }
    missed: list[str] = []
    wrong: list[str] = []
    for folder in _folders(limit, half):
        ref = reference_blocks((folder / "expected.html").read_text("utf-8"))
        data = (folder / "source.html").read_bytes()
        labelled = {
            "substring": page_as_plain_text(data, folder.name, "".join(ref)),
            "whole_short": page_as_plain_text(data, folder.name, "".join(ref), frozenset(ref)),
        }
        text = labelled["substring"][0]
        if not text.strip():
            continue
        promo = _promo_spans(pipeline.score(text))
        spans = [(s, e) for s, e, _ in promo]
        for how, (_, labels) in labelled.items():
            for s, e, label in labels:
                if label == "other":
                    continue
                hit = _flagged(spans, s, e)
                for part in ("all", half_of(folder.name)):
                    c = counts[how][part]
                    c[label] += 1
                    c[f"{label}_found" if label == "related" else "body_flagged"] += hit
                if how == "whole_short" and label == "related" and not hit:
                    missed.append(f"{folder.name}: {text[s:e][:100]}")
                if how == "whole_short" and label == "body" and hit:
                    rule = next((r for ps, pe, r in promo if ps < e and s < pe), "")
                    wrong.append(f"{folder.name}: {rule} | {text[s:e][:100]}")
    return {
        **_rates(counts["whole_short"]["all"]),
        "halves": {
            how: {half: _rates(c) for half, c in by_half.items()} for how, by_half in counts.items()
        },
        "_missed": missed,
        "_wrong": wrong,
    }


def _print(s: dict[str, Any], title: str) -> None:
    print(f"== {title}: {s['pages']} pages, {len(s['failed'])} failed")
    for f in s["failed"]:
        print(f"   failed: {f}")
    head = f"{'reader':<18}{'body kept':>10}{'flagged':>9}{'extra':>8}{'flagged':>9}{'left':>7}"
    head += f"{'blocks: body flagged':>22}{'extra left':>12}"
    print(head + f"{'furniture kept':>16}{'unflagged':>11}")
    for name, r in s["readers"].items():
        print(
            f"{name:<18}{r['body_kept']:>10.3f}{r['body_flagged']:>9.3f}{r['extra_share']:>8.3f}"
            f"{r['extra_flagged']:>9.3f}{r['extra_unflagged']:>7.3f}"
            f"{r['body_blocks_flagged']:>22.3f}{r['extra_blocks_unflagged']:>12.3f}"
            f"{r['furniture_kept']:>16.3f}{r['furniture_left_unflagged']:>11.3f}"
        )
    print(
        f"{'kept furniture':<18}{'by trafilatura':>15}{'flagged':>9}{'unflagged':>10}"
        f"{'dropped':>9}{'left':>7}{'held-out ≈':>12}   own text: kept, flagged"
    )
    for name, r in s["readers"].items():
        print(
            f"{name:<18}{r['alone_kept']:>15}{r['alone_kept_flagged']:>9}"
            f"{r['alone_kept_unflagged']:>10}{r['alone_kept_dropped']:>9}"
            f"{r['alone_kept_left']:>7.3f}{r['held_out_predicted']:>12.3f}"
            f"   {r['furniture_kept_n']}, {r['kept_furniture_flagged']:.3f}"
        )
    for field, m in s["metadata"].items():
        acc = "—" if m["accuracy"] is None else f"{m['accuracy']:.3f}"
        print(f"{field:<8} {m['right']:>4} / {m['pages']:<4} right  {acc}")
    sp = s["speed"]
    shares = ", ".join(f"{k} {v:.0%}" for k, v in sp["share_of_time"].items())
    print(
        f"speed: {sp['pages_per_second']:.1f} pages/s (trafilatura alone "
        f"{sp['trafilatura_alone_pages_per_second']:.1f}); time: {shares}; "
        f"seconds: {sp['seconds']}; slowest extraction: {sp['slowest_extraction']}"
    )


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print (and optionally save) its table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", metavar="PATH", help="write the summary as JSON")
    parser.add_argument("--limit", type=int, help="only the first N pages (of the half)")
    parser.add_argument(
        "--half", choices=["all", *HALVES], default="all", help="only one half of the pages"
    )
    parser.add_argument(
        "--list",
        choices=["extra", "furniture", "kept", "flagged", "missed", "plain-flagged", "metadata"],
        help="print unflagged extra blocks / the page's furniture blocks left unflagged / "
        "furniture trafilatura keeps that the reader leaves unflagged / "
        "flagged body blocks / missed related blocks / flagged body blocks in plain text / "
        "wrong metadata",
    )
    args = parser.parse_args(argv)
    if not PAGES.is_dir():
        print(f"missing {PAGES}", file=sys.stderr)
        return 2
    summary = run(args.limit, args.half)
    records = summary.pop("_records")
    summary["plain_text"] = plain = plain_text_blocks(args.limit, args.half)
    missed = plain.pop("_missed")
    wrong = plain.pop("_wrong")
    for h, part in summary["halves"].items():
        _print(part, f"readability test pages, {h} half")
    _print(summary, f"readability test pages, {args.half}")
    print("(characters: body kept / of it flagged; extra = share of the text not in the reference")
    print(" body; of the extra: flagged as promotional / left unflagged. Blocks: the share of")
    print(" kept body blocks flagged, and of extra blocks left unflagged. Furniture: of the")
    print(" page's blocks not in the reference body, the share kept in the text / kept unflagged.")
    print(" Kept furniture: of the furniture blocks trafilatura alone keeps, how many the reader")
    print(" flags / keeps unflagged / drops; left = unflagged share; held-out ≈ 0.299 × left)")
    print(
        "plain text (whole_short labelling): related blocks found "
        f"{plain['related_found']} / {plain['related']} = "
        f"{plain['related_recall']:.3f}; body blocks flagged {plain['body_flagged']} / "
        f"{plain['body']} = {plain['body_flag_rate']:.3f}"
    )
    for how, by_half in plain["halves"].items():
        print(
            f"  {how:<12}"
            + "; ".join(
                f"{half} {c['related_found']}/{c['related']} = {c['related_recall']:.3f}, "
                f"body {c['body_flagged']}/{c['body']} = {c['body_flag_rate']:.3f}"
                for half, c in by_half.items()
            )
        )
    if args.list == "missed":
        print("\n".join(missed))
    if args.list == "plain-flagged":
        print("\n".join(wrong))
    blocks = [b for r in records for b in r.get("blocks", ())]
    if args.list in ("extra", "furniture", "kept", "flagged"):
        for x in blocks:
            if x["kind"] == args.list and not x.get("flagged"):
                rule = f"{x['rule']} | " if args.list == "flagged" else ""
                print(f"{x['page']}: {rule}{x['text'][:120]}")
    if args.list == "metadata":
        for r in records:
            for f, w in r.get("wrong", {}).items():
                print(f"{r['page']}: {f}: expected {w['expected']!r}, got {w['got']!r}")
    if args.json:
        Path(args.json).write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
