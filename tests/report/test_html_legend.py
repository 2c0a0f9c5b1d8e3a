"""The HTML report's legend: one entry per meaning."""

from __future__ import annotations

import re
from pathlib import Path

import reliability
from reliability.report.html import LEGEND, render_html

EXAMPLES = Path(__file__).resolve().parent.parent.parent / "examples"


def test_every_legend_label_is_listed_once() -> None:
    """No two legend entries share a label, and an unnamed source marked by both the
    attribution and the anonymous-sourcing scorer is shown in one style with one entry."""
    labels = [label for _, label, _ in LEGEND]
    assert len(labels) == len(set(labels))
    assert not any(key.startswith("anonymous_sourcing-") for key, _, _ in LEGEND)
    text = (EXAMPLES / "fictional_anonymous_heavy.txt").read_text("utf-8")
    page = render_html(reliability.score(text), text=text)
    legend = re.search(r'<div class="legend">(.*?)</div>', page, re.S)
    assert legend is not None
    shown = re.findall(r'class="sw ([^"]+)"></span>([^<]+)<', legend.group(1))
    names = [name.strip() for _, name in shown]
    assert names and len(names) == len(set(names))
    assert "anonymous_sourcing-" not in page.split('<div class="legend">', 1)[1].split("</div>")[0]
    assert "attribution-source-anonymous" in page
