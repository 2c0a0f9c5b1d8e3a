"""Markdown report, for issues, wikis and newsroom notes (GitHub-flavoured tables).

Article text is escaped so that it renders as text: Markdown punctuation is backslash-escaped
and ``<``, ``>`` and ``&`` become HTML entities, so an article cannot inject markup or links.
"""

from __future__ import annotations

import re

from reliability.compare import Comparison, format_value
from reliability.model import Evidence, Profile
from reliability.report._common import (
    clip,
    findings_of,
    fmt_number,
    index_of,
    kind_reasons,
    kind_why,
    page_lines,
    short,
    weasel_notes,
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
    page = page_lines(profile)
    if page:
        lines += [*(f"- {md_escape(line)}" for line in page), ""]
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
            f"| {e.scorer} | {_label(e)} | {e.start}–{e.end} | {md_escape(e.text, 80)} "
            f"| `{e.rule}` |"
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


def _label(e: Evidence) -> str:
    """The evidence label, with a hedge's or booster's type and voice ("hedge (weasel, writer)")."""
    kind, voice = e.details.get("type"), e.details.get("voice")
    if e.scorer == "hedging" and kind is not None and voice is not None:
        return f"{e.label} ({kind}, {voice})"
    return e.label


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
        weasels = weasel_notes(profile)
        reasons = kind_reasons(profile)
        for a in attributions:
            cells = [
                md_escape(x.text, 60) if x is not None else "—"
                for x in (a.source, None, a.via, a.cue, a.content)
            ]
            cells[1] = md_escape(kind_why(a, reasons))
            if a.source is not None and (a.source.start, a.source.end) in weasels:
                cells[1] += " · " + md_escape(weasels[(a.source.start, a.source.end)], 80)
            if a.content is not None:
                cells[4] = md_escape(a.content.text, 120)
            if a.quote:
                cells[4] += " *(direct quote)*"
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    return lines


def _story_lines(comparison: Comparison) -> list[str]:
    """Shared claims side by side (one column per article), shared sources, single claims."""
    labels = comparison.labels
    story = comparison.story
    lines = ["### Shared claims", ""]
    for n, claim in enumerate(story.shared_claims, 1):
        differs = " — **sourced differently**" if claim.sourcing_differs else ""
        lines += [f"**Claim {n}**{differs}", ""]
        lines.append(
            "| " + " | ".join(f"[{i + 1}] {md_escape(labels[i])}" for i in claim.articles) + " |"
        )
        lines.append("|" + "---|" * len(claim.articles))
        cells = []
        for i in claim.articles:
            parts = [
                f"“{md_escape(clip(s.content.text if s.content else '', 200))}” — "
                f"credited to {md_escape(s.describe())}"
                for s in claim.in_article(i)
            ]
            cells.append("<br>".join(parts))
        lines += [
            "| " + " | ".join(cells) + " |",
            "",
            f"Why: {md_escape(claim.matches[0].reason)}",
            "",
        ]
    if not story.shared_claims:
        lines += ["- none", ""]
    lines += ["### Shared sources", ""]
    for src in story.shared_sources:
        lines.append(
            f"- **{md_escape(src.label)}**: "
            + "; ".join(f"[{i + 1}] {md_escape(src.describe(i))}" for i in src.articles)
        )
        lines += [f"  - why: {md_escape(m.reason)} (`{m.rule}`)" for m in src.matches[:1]]
    if not story.shared_sources:
        lines.append("- none")
    lines += ["", "### Claims only one article makes", ""]
    for i, label in enumerate(labels):
        single = story.single_in(i)
        lines.append(f"**[{i + 1}] {md_escape(label)}**: {len(single)} claims")
        lines += [
            f"- “{md_escape(clip(s.content.text if s.content else '', 120))}” — "
            f"{md_escape(s.describe())}"
            for s in single
        ]
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
    lines.append("")
    lines += _story_lines(comparison)
    lines += ["### Differences that matter", ""]
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
    for i, per in enumerate(comparison.sources):
        shared = comparison.shared_keys[i]
        lines.append(f"**[{i + 1}] {md_escape(labels[i])}**: {len(per)} distinct sources")
        lines += [
            f"- {md_escape(m)} ({kind.replace('_', ' ')})"
            + (f" ×{n}" if n > 1 else "")
            + (" — **shared**" if k in shared else "")
            for k, m, kind, n in per
        ]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
