"""Markdown report, for issues, wikis and newsroom notes (GitHub-flavoured tables).

Article text is escaped so that it renders as text: Markdown punctuation is backslash-escaped
and ``<``, ``>`` and ``&`` become HTML entities, so an article cannot inject markup or links.
"""

from __future__ import annotations

import re

from reliability.compare import Comparison, format_value
from reliability.model import Profile
from reliability.report._common import (
    findings_of,
    fmt_number,
    index_of,
    kind_reasons,
    kind_why,
    short,
)

__all__ = ["md_escape", "render_markdown", "render_markdown_comparison"]

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_SEVERITY_ICON = {"concern": "⚠️", "missing": "❔", "note": "ℹ️", "good": "✅"}


def md_escape(text: str, limit: int | None = None) -> str:
    """Escape text for Markdown (one line; cut to ``limit`` characters when given)."""
    flat = short(text, limit) if limit else " ".join(text.split())
    flat = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", flat)


def _code(text: str) -> str:
    """Text as an inline code span (backslashes are literal there; backticks are replaced)."""
    return "`" + " ".join(text.replace("`", "'").split()) + "`"


def render_markdown(profile: Profile, *, source: str | None = None, **_: object) -> str:
    """Render a profile as Markdown: index with components, findings, scores, sources, evidence.

    Args:
        profile: The profile.
        source: The input's name for the heading.
    """
    doc = profile.document
    name = source or doc.id or "article"
    lines = [
        f"## {md_escape(doc.title or name)}",
        "",
        f"{_code(name)} · {doc.words} words · {doc.sentences} sentences · sha256 "
        f"`{doc.sha256[:16]}…` · source-reliability {profile.library_version}",
        "",
    ]
    lines += _index_lines(profile)
    lines += _finding_lines(profile)
    lines += _score_lines(profile)
    lines += _source_lines(profile)
    evidence = profile.evidence
    if evidence:
        lines += [
            "<details><summary>Evidence (" + str(len(evidence)) + " spans)</summary>",
            "",
            "| scorer | label | span | text | rule |",
            "|---|---|--:|---|---|",
        ]
        lines += [
            f"| {e.scorer} | {e.label} | {e.start}–{e.end} | {md_escape(e.text, 80)} | `{e.rule}` |"
            for e in evidence
        ]
        lines += ["", "</details>", ""]
    lines.append("Lexicons: " + ", ".join(f"{x.id} {x.version}" for x in profile.lexicons))
    return "\n".join(lines) + "\n"


def _index_lines(profile: Profile) -> list[str]:
    lines: list[str] = []
    index = index_of(profile)
    if index is None:
        lines += ["**Sourcing index:** not in this profile", ""]
    else:
        value = index.get("value")
        if value is None:
            lines.append(f"**Sourcing index: —** ({md_escape(str(index.get('reason')))})")
        else:
            lines.append(f"**Sourcing index: {value:.0f} / {fmt_number(index.get('scale'))}**")
        lines += ["", f"`{index.get('formula')}`", ""]
        if index.get("weights") not in (None, "default"):
            lines += [f"Weights: {_code(str(index.get('weights')))}", ""]
        lines += ["| component | value | weight | points | inputs |", "|---|--:|--:|--:|---|"]
        for c in index.get("components", []):
            value = "—" if c.get("value") is None else f"{c['value']:.2f}"
            pts = "—" if c.get("contribution") is None else f"{c['contribution']:.1f}"
            why = f" — {md_escape(c['reason'])}" if c.get("reason") else ""
            inputs = ", ".join(f"{k}={fmt_number(v)}" for k, v in c.get("inputs", {}).items())
            lines.append(
                f"| {md_escape(str(c.get('label')))}{why} | {value} | "
                f"{fmt_number(c.get('weight'))} | {pts} | `{inputs}` |"
            )
        lines.append("")
    return lines


def _finding_lines(profile: Profile) -> list[str]:
    lines: list[str] = []
    findings = findings_of(profile)
    if findings:
        lines += ["### Findings", ""]
        for f in findings:
            sev = str(f.get("severity"))
            spans = f.get("spans", [])
            where = (
                (
                    " (at "
                    + ", ".join(f"{s['start']}–{s['end']}" for s in spans[:5])
                    + (" …" if len(spans) > 5 else "")
                    + ")"
                )
                if spans
                else ""
            )
            lines.append(
                f"- {_SEVERITY_ICON.get(sev, '')} **{sev}** "
                f"{md_escape(str(f.get('message')))}{where}"
            )
        lines.append("")
    return lines


def _score_lines(profile: Profile) -> list[str]:
    lines = ["### Scores", "", "| scorer | value | formula | inputs |", "|---|--:|---|---|"]
    for sid, r in profile.scores.items():
        value = fmt_number(r.value) if r.value is not None else f"— ({md_escape(str(r.reason))})"
        inputs = ", ".join(f"{k}={fmt_number(v)}" for k, v in r.inputs.items())
        lines.append(f"| {sid} | {value} | {md_escape(r.formula, 160)} | `{inputs}` |")
    lines.append("")
    return lines


def _source_lines(profile: Profile) -> list[str]:
    lines: list[str] = []
    attributions = profile.attributions
    if attributions:
        lines += [
            f"### Sources ({len(attributions)} attributions)",
            "",
            "| source | kind | via | cue | quotation / content |",
            "|---|---|---|---|---|",
        ]
        reasons = kind_reasons(profile)
        for a in attributions:
            cells = [
                md_escape(x.text, 60) if x is not None else "—"
                for x in (a.source, None, a.via, a.cue, a.content)
            ]
            cells[1] = md_escape(kind_why(a, reasons))
            if a.content is not None:
                cells[4] = md_escape(a.content.text, 120)
            if a.quote:
                cells[4] += " *(direct quote)*"
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    return lines


def render_markdown_comparison(comparison: Comparison, **_: object) -> str:
    """Render a comparison of articles as Markdown."""
    labels = comparison.labels
    lines = [f"## Comparison of {len(labels)} articles", ""]
    lines += [
        f"{i + 1}. {md_escape(label)}" + (f" — {md_escape(t)}" if t else "")
        for i, (label, t) in enumerate(zip(labels, comparison.titles, strict=True))
    ]
    lines += ["", "### Differences that matter", ""]
    lines += [f"- {md_escape(d.message)}" for d in comparison.differences] or ["- none"]
    lines += [
        "",
        "### Indicators",
        "",
        "| indicator | " + " | ".join(f"[{i + 1}]" for i in range(len(labels))) + " |",
        "|---|" + "--:|" * len(labels),
    ]
    for spec, values in comparison.indicators:
        lines.append(
            f"| {md_escape(spec.label)} | "
            + " | ".join(format_value(v, spec.unit) for v in values)
            + " |"
        )
    lines += ["", "### Sources", ""]
    shared = {k for k, _ in comparison.shared}
    for i, per in enumerate(comparison.sources):
        lines.append(f"**[{i + 1}] {md_escape(labels[i])}**: {len(per)} distinct sources")
        lines += [
            f"- {md_escape(m)} ({kind.replace('_', ' ')})"
            + (f" ×{n}" if n > 1 else "")
            + (" — **shared**" if k in shared else "")
            for k, m, kind, n in per
        ]
        lines.append("")
    lines += ["### Shared sources", ""]
    lines += [
        f"- {md_escape(k)}: " + ", ".join(f"[{i + 1}]" for i in arts)
        for k, arts in comparison.shared
    ] or ["- none"]
    return "\n".join(lines) + "\n"
