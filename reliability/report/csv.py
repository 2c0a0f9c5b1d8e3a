"""CSV report: one row per article, flat documented columns (see :data:`CSV_COLUMNS`).

Columns are the same whichever scorers ran: a value that was not measured is an empty cell (never
0), and the ``*_reason`` and ``error`` columns say why. Shares are fractions from 0 to 1. A batch
writes the header once; an input that could not be audited is a row with ``source`` and ``error``
filled and everything else empty. Input fields kept with ``--keep`` follow the standard columns,
under their own names, in the order given (a JSON value that is not a string is written as
JSON). Text cells are written by :mod:`csv` (RFC 4180 quoting) with
line breaks flattened; a cell that a spreadsheet would read as a formula (starting with ``=``,
``+``, ``-``, ``@``) is prefixed with an apostrophe.

A comparison in CSV is one row per article with the comparison's indicators
(:data:`COMPARE_COLUMNS`).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from typing import Any

from reliability.compare import Comparison
from reliability.index import COMPONENTS
from reliability.model import Profile
from reliability.quantities import ProfileFacts
from reliability.report._common import findings_of, index_of

__all__ = [
    "COMPARE_COLUMNS",
    "CSV_COLUMNS",
    "csv_header",
    "render_csv",
    "render_csv_comparison",
    "render_csv_failure",
]

SCORER_IDS: tuple[str, ...] = (
    "readability",
    "attribution",
    "anonymous_sourcing",
    "hedging",
    "promotional",
)
"""The built-in scorers whose values have a column."""

CSV_COLUMNS: tuple[tuple[str, str], ...] = (
    ("source", "where the article came from: a file path, <stdin>, or file.jsonl:LINE"),
    ("id", "the article's id (JSONL/CSV inputs), else empty"),
    ("title", "the article's title (JSONL/CSV inputs), else empty"),
    ("error", "why the input could not be audited; empty for a scored article"),
    ("sha256", "SHA-256 of the article text (UTF-8)"),
    ("chars", "characters (code points) in the text"),
    ("words", "words in the text"),
    ("sentences", "sentences in the text"),
    ("index", "combined sourcing index, 0-100; empty when it could not be computed"),
    ("index_reason", "why the index is empty"),
    *(
        (f"index_{cid}", f"index component '{label}', 0-1; empty when left out")
        for cid, label in COMPONENTS.items()
    ),
    *(
        (f"{sid}", f"value of the {sid} scorer; empty when not run or not measurable")
        for sid in SCORER_IDS
    ),
    *((f"{sid}_reason", f"why the {sid} value is empty") for sid in SCORER_IDS),
    ("attributions", "attribution relations counted (empty when attribution was not measured)"),
    ("on_record", "attributions to named or identifiable sources"),
    ("anonymous", "attributions to sources described only by role"),
    ("unspecified", "attributions to no identifiable source (sources, reports)"),
    (
        "unresolved",
        "attributions whose source the rules could not type; anonymous_sourcing = "
        "(anonymous + unspecified) / (attributions - unresolved)",
    ),
    ("distinct_on_record_sources", "distinct named sources"),
    ("attributed_share", "share of the body text in attributed content, 0-1"),
    (
        "promotional_share",
        "share of the article's paragraph characters in promotional blocks, 0-1 (the "
        "promotional value) = promotional_chars / paragraph_chars",
    ),
    ("promotional_chars", "characters in promotional blocks"),
    ("paragraph_chars", "characters of the article's paragraphs"),
    ("writer_hedges", "hedges in the writer's own voice"),
    (
        "writer_hedge_weight",
        "weighted hedges in the writer's own voice; hedging = 100 * writer_hedge_weight / "
        "writer_words",
    ),
    ("writer_words", "words in the writer's own voice (not quoted, attributed or promotional)"),
    ("findings", "number of findings"),
    ("concerns", "the findings of severity 'concern', joined by ' | '"),
    ("library_version", "version of source-reliability that made the profile"),
)
"""``(column, description)`` of every CSV column, in order."""

COMPARE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("article", "the article's label (file name or id)"),
    ("title", "the article's title, if known"),
    ("indicator columns", "one column per comparison indicator id (see reliability.compare)"),
    ("sources", "the article's distinct sources, joined by ' | '"),
    ("shared_sources", "those of its sources that another compared article also cites"),
)
"""``(column, description)`` of the comparison CSV."""

# The module docstring lists the columns, generated from the constant so the two cannot drift.
__doc__ = (
    (__doc__ or "")
    + "\nColumns:\n\n"
    + "\n".join(f"- ``{name}``: {description}" for name, description in CSV_COLUMNS)
    + "\n"
)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        r = round(value, 6)
        return str(int(r)) if r.is_integer() else repr(r)
    text = " ".join(str(value).split()) if isinstance(value, str) else str(value)
    if isinstance(value, str) and text.startswith(_FORMULA_START):
        text = "'" + text
    return text


def _row(values: Sequence[object]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow([_cell(v) for v in values])
    return buf.getvalue()


def csv_header(kept: Sequence[str] = ()) -> str:
    """The header row; ``kept`` names the input fields kept after the standard columns."""
    clash = set(kept).intersection(name for name, _ in CSV_COLUMNS)
    if clash:
        raise ValueError(f"kept fields named like CSV columns: {', '.join(sorted(clash))}")
    return _row([name for name, _ in CSV_COLUMNS] + list(kept))


def _kept_cells(kept: Mapping[str, Any] | None) -> list[object]:
    if not kept:
        return []
    return [
        v if v is None or isinstance(v, (str, int, float, bool)) else json.dumps(v)
        for v in kept.values()
    ]


def _values(profile: Profile, source: str | None) -> dict[str, object]:
    doc = profile.document
    facts = ProfileFacts.of(profile)
    out: dict[str, object] = {
        "source": source or doc.id or "",
        "id": doc.id,
        "title": doc.title,
        "error": None,
        "sha256": doc.sha256,
        "chars": doc.chars,
        "words": doc.words,
        "sentences": doc.sentences,
        "library_version": profile.library_version,
    }
    index = index_of(profile)
    if index is not None:
        out["index"] = index.get("value")
        out["index_reason"] = index.get("reason")
        for c in index.get("components", []):
            out[f"index_{c.get('id')}"] = c.get("value")
    else:
        out["index_reason"] = "the profile carries no index"
    for sid in SCORER_IDS:
        result = profile.scores.get(sid)
        out[sid] = None if result is None else result.value
        out[f"{sid}_reason"] = "not run" if result is None else result.reason
    att = profile.scores.get("attribution")
    if att is not None and att.value is not None:
        out.update(
            {
                "attributions": len(facts.attributions),
                "on_record": facts.by_kind["on_record"],
                "anonymous": facts.by_kind["anonymous"],
                "unspecified": facts.by_kind["unspecified"],
                "unresolved": facts.by_kind["unresolved"],
                "distinct_on_record_sources": len(facts.on_record_sources),
                "attributed_share": facts.attributed_share,
            }
        )
    promo = profile.scores.get("promotional")
    if promo is not None and promo.value is not None:
        out["promotional_share"] = facts.promotional_share
        out["promotional_chars"] = facts.promotional_chars
        out["paragraph_chars"] = facts.promotional_base
    hedging = profile.scores.get("hedging")
    if hedging is not None and hedging.value is not None:
        out["writer_hedges"] = len(facts.writer_hedges)
        out["writer_hedge_weight"] = hedging.inputs.get("writer_hedge_weight")
        out["writer_words"] = hedging.inputs.get("writer_words")
    findings = findings_of(profile)
    out["findings"] = len(findings)
    out["concerns"] = " | ".join(
        str(f.get("message")) for f in findings if f.get("severity") == "concern"
    )
    return out


def render_csv_row(
    profile: Profile,
    *,
    source: str | None = None,
    kept: Mapping[str, Any] | None = None,
    **_: object,
) -> str:
    """One article's row (no header); ``kept`` holds the kept input fields, in column order."""
    values = _values(profile, source)
    return _row([values.get(name) for name, _ in CSV_COLUMNS] + _kept_cells(kept))


def render_csv(
    profile: Profile,
    *,
    source: str | None = None,
    kept: Mapping[str, Any] | None = None,
    **_: object,
) -> str:
    """One article as CSV: the header and its row."""
    return csv_header(tuple(kept or ())) + render_csv_row(profile, source=source, kept=kept)


def render_csv_failure(
    source: str, reason: str, *, id: str | None = None, kept: Mapping[str, Any] | None = None
) -> str:
    """An error record's row (no header)."""
    values = {"source": source, "error": reason, "id": id}
    return _row([values.get(name) for name, _ in CSV_COLUMNS] + _kept_cells(kept))


def render_csv_comparison(comparison: Comparison, **_: object) -> str:
    """A comparison as CSV: one row per article, one column per indicator."""
    shared = {k for k, _ in comparison.shared}
    header = [
        "article",
        "title",
        *(spec.id for spec, _ in comparison.indicators),
        "sources",
        "shared_sources",
    ]
    rows = [_row(header)]
    for i, label in enumerate(comparison.labels):
        values: list[object] = [label, comparison.titles[i]]
        values += [vals[i] for _, vals in comparison.indicators]
        per = comparison.sources[i]
        values.append(" | ".join(m for _, m, _, _ in per))
        values.append(" | ".join(m for k, m, _, _ in per if k in shared))
        rows.append(_row(values))
    return "".join(rows)
