"""Renderers: they format a Profile (and the article text, for highlights) and do nothing else.

Every format renders one article (:func:`render`), a comparison (:func:`render_comparison`) and
a batch, piece by piece (:class:`BatchFormat`): a head, one chunk per article or error record
(rendered independently, so worker processes can render them), separators, and a tail. The
profile holds spans with their text but not the whole article, so renderers that show the
article highlighted (text, html) take it as ``text=``.
"""

from __future__ import annotations

import functools
import json as _json
from collections.abc import Callable, Sequence

import attrs

from reliability.compare import Comparison
from reliability.model import EvidenceMode, LexiconRef, Profile
from reliability.report.csv import (
    csv_header,
    render_csv,
    render_csv_comparison,
    render_csv_failure,
    render_csv_row,
)
from reliability.report.html import (
    html_head,
    html_tail,
    render_html,
    render_html_article,
    render_html_comparison,
    render_html_failure,
)
from reliability.report.json import (
    read_jsonl,
    render_json,
    render_json_failure,
    render_jsonl,
    render_jsonl_failure,
)
from reliability.report.markdown import md_escape, render_markdown, render_markdown_comparison
from reliability.report.parquet import render_parquet_failure, render_parquet_row
from reliability.report.text import render_text, render_text_comparison

__all__ = [
    "BATCH_FORMATS",
    "COMPARE_FORMATS",
    "FORMATS",
    "BatchFormat",
    "Renderer",
    "batch_format",
    "read_jsonl",
    "render",
    "render_comparison",
]

Renderer = Callable[..., str]

FORMATS: dict[str, Renderer] = {
    "text": render_text,
    "markdown": render_markdown,
    "html": render_html,
    "json": render_json,
    "jsonl": render_jsonl,
    "csv": render_csv,
}
"""Output format name → renderer of one article."""


def _json_comparison(comparison: Comparison, **_: object) -> str:
    return _json.dumps(comparison.to_dict(), ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def _jsonl_comparison(comparison: Comparison, **_: object) -> str:
    return _json.dumps(comparison.to_dict(), ensure_ascii=False, allow_nan=False) + "\n"


COMPARE_FORMATS: dict[str, Renderer] = {
    "text": render_text_comparison,
    "markdown": render_markdown_comparison,
    "html": render_html_comparison,
    "json": _json_comparison,
    "jsonl": _jsonl_comparison,
    "csv": render_csv_comparison,
}
"""Output format name → renderer of a comparison."""


def render(profile: Profile, fmt: str, **options: object) -> str:
    """Render a profile in a named format (see :data:`FORMATS`).

    Options: ``text`` (the article, for highlights), ``source`` (its name), ``color``.
    """
    try:
        renderer = FORMATS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; known: {', '.join(FORMATS)}") from None
    return renderer(profile, **options)


def render_comparison(comparison: Comparison, fmt: str, **options: object) -> str:
    """Render a comparison in a named format (see :data:`COMPARE_FORMATS`)."""
    try:
        renderer = COMPARE_FORMATS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; known: {', '.join(COMPARE_FORMATS)}") from None
    return renderer(comparison, **options)


def _failure_text(source: str, reason: str, **_: object) -> str:
    return f"{source}\n  ERROR: {reason}\n"


def _failure_markdown(source: str, reason: str, **_: object) -> str:
    return f"## {md_escape(source)}\n\n**Error:** {md_escape(reason)}\n"


def _failure_html(source: str, reason: str, **_: object) -> str:
    return render_html_failure(source, reason)


@attrs.frozen
class BatchFormat:
    """How a format writes many articles into one stream.

    Attributes:
        name: The format name.
        item: Renders one profile (keyword options ``text``, ``source``, ``color``, ``kept``).
        failure: Renders an error record from ``(source, reason)`` and the keyword options
            ``id`` and ``kept``.
        head: Written once before the first item.
        tail: Written once after the last item.
        separator: Written between items.
        array: For ``json``, items are wrapped in a JSON array.
    """

    name: str
    item: Renderer
    failure: Renderer
    head: str = ""
    tail: str = ""
    separator: str = ""
    array: bool = False

    def join(self, chunk: str, position: int) -> str:
        """The chunk as written at ``position`` (0-based), with the separator before it."""
        if self.array:
            return ("" if position == 0 else ",\n") + chunk.rstrip("\n")
        return (self.separator if position else "") + chunk


def batch_format(
    fmt: str,
    *,
    array: bool = False,
    evidence: EvidenceMode = "full",
    kept: Sequence[str] = (),
    shared_lexicons: Sequence[LexiconRef] | None = None,
) -> BatchFormat:
    """The batch writer of a format.

    Args:
        fmt: The format name (see :data:`FORMATS`).
        array: Make ``json`` write an array of records.
        evidence: The evidence mode of ``json`` and ``jsonl`` records
            (see :meth:`Profile.to_dict`).
        kept: The input fields kept in each record (``csv`` names its columns after them).
        shared_lexicons: For ``jsonl``, the lexicons every profile is made with, left out of
            the records (the writer puts them in the first profile record, with
            :func:`~reliability.report.json.with_lexicons`).
    """
    if fmt == "text":
        return BatchFormat("text", render_text, _failure_text, separator="\n")
    if fmt == "markdown":
        return BatchFormat("markdown", render_markdown, _failure_markdown, separator="\n---\n\n")
    if fmt == "html":
        return BatchFormat(
            "html", render_html_article, _failure_html, head=html_head(), tail=html_tail()
        )
    if fmt == "json":
        item = functools.partial(render_json, evidence=evidence)
        if array:
            return BatchFormat(
                "json", item, render_json_failure, head="[\n", tail="\n]\n", array=True
            )
        return BatchFormat("json", item, render_json_failure)
    if fmt == "jsonl":
        shared = None if shared_lexicons is None else tuple(shared_lexicons)
        item = functools.partial(render_jsonl, evidence=evidence, shared_lexicons=shared)
        return BatchFormat("jsonl", item, render_jsonl_failure)
    if fmt == "csv":
        return BatchFormat("csv", render_csv_row, render_csv_failure, head=csv_header(kept))
    if fmt == "parquet":  # rows as JSON lines, which reliability.report.parquet writes
        return BatchFormat("parquet", render_parquet_row, render_parquet_failure)
    raise ValueError(f"unknown format {fmt!r}; known: {', '.join(BATCH_FORMATS)}")


BATCH_FORMATS = (*FORMATS, "parquet")
"""Formats a batch can be written in: every single-article format, and Parquet (to a file)."""
