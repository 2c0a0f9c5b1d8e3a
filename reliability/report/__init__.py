"""Renderers: they format a Profile (and the article text, for highlights) and do nothing else."""

from __future__ import annotations

from collections.abc import Callable

from reliability.model import Profile
from reliability.report.json import render_json, render_jsonl
from reliability.report.text import render_text

__all__ = ["FORMATS", "Renderer", "render"]

Renderer = Callable[..., str]

FORMATS: dict[str, Renderer] = {
    "text": render_text,
    "json": render_json,
    "jsonl": render_jsonl,
}
"""Output format name → renderer."""


def render(profile: Profile, fmt: str, **options: object) -> str:
    """Render a profile in a named format (``text``, ``json``, ``jsonl``)."""
    try:
        renderer = FORMATS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; known: {', '.join(FORMATS)}") from None
    return renderer(profile, **options)
