"""Plain-text report for a terminal, with highlighted evidence.

The combined index with its components, the findings, scores with their formulas and inputs,
sources, evidence, and the article with its evidence highlighted.

Colour (ANSI) is used only when asked for; the CLI asks for it on a terminal unless ``NO_COLOR``
is set (:func:`use_color`). Without colour, highlighted words are bracketed: ``⟦reportedly⟧hedge``
(attributed content and promotional blocks, which would bracket whole paragraphs, are listed in
the evidence section instead).
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from reliability.compare import Comparison, format_value
from reliability.model import Attribution, Evidence, Profile, Span
from reliability.report._common import (
    clip,
    evidence_kinds,
    findings_of,
    fmt_number,
    highlight_segments,
    index_of,
    kind_reasons,
    kind_why,
    page_lines,
    short,
    style_key,
    weasel_notes,
)

__all__ = ["render_text", "render_text_comparison", "use_color"]

_BOLD, _DIM, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"
_KIND_COLORS = {"on_record": "\x1b[32m", "anonymous": "\x1b[33m", "unspecified": "\x1b[31m"}
_SEVERITY_COLORS = {
    "concern": "\x1b[31m",
    "missing": "\x1b[35m",
    "note": "\x1b[36m",
    "good": "\x1b[32m",
}

# Highlight styles by style key prefix, most specific first; the first match wins.
_HIGHLIGHT = (
    ("attribution-source-on_record", "\x1b[1;32m"),
    ("attribution-source-anonymous", "\x1b[1;33m"),
    ("attribution-source-unspecified", "\x1b[1;31m"),
    ("attribution-source", "\x1b[1m"),
    ("anonymous_sourcing-anonymous", "\x1b[1;33m"),
    ("anonymous_sourcing-unspecified", "\x1b[1;31m"),
    ("attribution-cue", "\x1b[4m"),
    ("hedging-hedge", "\x1b[30;43m"),
    ("hedging-booster", "\x1b[30;45m"),
    ("promotional-puffery", "\x1b[30;41m"),
    ("promotional-block", "\x1b[2m"),
    ("attribution-content", "\x1b[36m"),
)
_PRIORITY = [k for k, _ in _HIGHLIGHT]
# Without colour, only these are bracketed (content and blocks would swallow paragraphs).
_BRACKETED = (
    "attribution-source",
    "attribution-cue",
    "hedging-",
    "promotional-puffery",
    "anonymous_sourcing-",
    "attribution-via",
    "attribution-anonymity_reason",
)


def use_color(stream_is_tty: bool) -> bool:
    """Colour only on a terminal, and never when ``NO_COLOR`` is set (https://no-color.org)."""
    return stream_is_tty and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def _span(span: Span | None) -> str:
    return "—" if span is None else f"“{short(span.text, 60)}”"


def _attribution_line(
    a: Attribution,
    color: bool,
    reasons: dict[tuple[int, int], str],
    weasels: dict[tuple[int, int], str],
) -> str:
    kind = a.source_kind or "unknown"
    tag = f"[{kind}]"
    if color and kind in _KIND_COLORS:
        tag = f"{_KIND_COLORS[kind]}{tag}{_RESET}"
    extras = []
    if a.via is not None:
        extras.append(f"via {a.via.text}")
    if a.quote:
        extras.append("direct quote")
    if a.secondhand:
        extras.append("secondhand")
    if a.resolved_source is not None:
        extras.append(f"= {a.resolved_source.text}")
    if a.anonymity_reason is not None:
        extras.append(f"reason: {short(a.anonymity_reason.text, 50)}")
    if a.source is not None and (a.source.start, a.source.end) in weasels:
        extras.append(weasels[(a.source.start, a.source.end)])
    tail = f"  ({'; '.join(extras)})" if extras else ""
    return (
        f"  {tag} {_span(a.source)} — {a.cue.text} @{a.cue.start}{tail}\n"
        f"      {kind_why(a, reasons)}\n      {_span(a.content)}"
    )


def _evidence_line(e: Evidence) -> str:
    details = " ".join(f"{k}={v}" for k, v in e.details.items())
    return (
        f"  {e.scorer:<18} {e.label:<14} {e.start:>6}-{e.end:<6} {_span(e.span)}  "
        f"[{e.rule}]{'  ' + details if details else ''}"
    )


def render_text(
    profile: Profile,
    *,
    source: str | None = None,
    color: bool = False,
    text: str | None = None,
    **_: object,
) -> str:
    """Render a profile for reading in a terminal.

    Args:
        profile: The profile.
        source: The input's name (file path) to show in the heading.
        color: Use ANSI colours (see :func:`use_color`).
        text: The article text; when given, the article is shown with its evidence highlighted.
    """
    b, r = (_BOLD, _RESET) if color else ("", "")
    doc = profile.document
    name = source or doc.id or doc.title or "article"
    lines: list[str] = [
        f"{b}{name}{r}",
        f"  {doc.words} words, {doc.sentences} sentences, {doc.chars} characters; "
        f"sha256 {doc.sha256[:12]}…; source-reliability {profile.library_version}",
    ]
    if doc.title and doc.title != name:
        lines.insert(1, f"  {doc.title}")
    lines += [f"  {line}" for line in page_lines(profile)]
    lines += _index_lines(profile, color)
    lines += _finding_lines(profile, color)
    lines += ["", f"{b}Scores{r}"]
    for sid, result in profile.scores.items():
        value = fmt_number(result.value)
        lines.append(f"  {sid:<20} {value:>10}" + (f"  ({result.reason})" if result.reason else ""))
        lines.append(f"      formula: {result.formula}")
        if result.inputs:
            inputs = ", ".join(f"{k}={fmt_number(v)}" for k, v in result.inputs.items())
            lines.append(f"      inputs:  {inputs}")
    attributions: Sequence[Attribution] = profile.attributions
    if attributions:
        lines += ["", f"{b}Sources ({len(attributions)} attributions){r}"]
        weasels = weasel_notes(profile)
        reasons = kind_reasons(profile)
        lines += [_attribution_line(a, color, reasons, weasels) for a in attributions]
    evidence = profile.evidence
    if evidence:
        lines += ["", f"{b}Evidence ({len(evidence)} spans){r}"]
        lines += [_evidence_line(e) for e in evidence]
    if text is not None and len(text) == doc.chars:
        lines += ["", f"{b}Article{r} (highlighted evidence)", _highlighted(profile, text, color)]
    lines.append("")
    lines.append(f"{b}Lexicons{r}: " + ", ".join(f"{x.id} {x.version}" for x in profile.lexicons))
    return "\n".join(lines) + "\n"


def _index_lines(profile: Profile, color: bool) -> list[str]:
    b, r = (_BOLD, _RESET) if color else ("", "")
    index = index_of(profile)
    if index is None:
        return ["", f"{b}Sourcing index{r}: not in this profile"]
    value = index.get("value")
    scale = fmt_number(index.get("scale"))
    head = (
        f"{b}Sourcing index: {value:.0f} / {scale}{r}"
        if value is not None
        else f"{b}Sourcing index: —{r}  ({index.get('reason')})"
    )
    lines = ["", head, f"  formula: {index.get('formula')}"]
    if index.get("weights") not in (None, "default"):
        lines.append(f"  weights: {index.get('weights')}")
    lines.append(f"  {'component':<24} {'value':>6} {'weight':>7} {'points':>7}")
    for c in index.get("components", []):
        val = "—" if c.get("value") is None else f"{c['value']:.2f}"
        pts = "—" if c.get("contribution") is None else f"{c['contribution']:.1f}"
        why = f"  ({c['reason']})" if c.get("reason") else ""
        weight = fmt_number(c.get("weight"))
        lines.append(f"  {c.get('label', c.get('id')):<24} {val:>6} {weight:>7} {pts:>7}{why}")
    return lines


def _finding_lines(profile: Profile, color: bool) -> list[str]:
    b, r = (_BOLD, _RESET) if color else ("", "")
    findings = findings_of(profile)
    if not findings:
        return []
    lines = ["", f"{b}Findings{r}"]
    for f in findings:
        sev = str(f.get("severity", "note"))
        tag = f"[{sev}]"
        if color and sev in _SEVERITY_COLORS:
            tag = f"{_SEVERITY_COLORS[sev]}{tag}{_RESET}"
        where = ", ".join(f"@{s['start']}" for s in f.get("spans", [])[:6])
        more = len(f.get("spans", [])) - 6
        where += f" +{more}" if more > 0 else ""
        lines.append(
            f"  {tag} {f.get('message')}"
            + (f"  {_DIM if color else ''}{where}{r}" if where else "")
        )
    return lines


def _style(keys: set[str]) -> str | None:
    for prefix in _PRIORITY:
        if any(k.startswith(prefix) for k in keys):
            return prefix
    return None


def _highlighted(profile: Profile, text: str, color: bool) -> str:
    evidence = profile.evidence
    kinds = evidence_kinds(profile)
    keys = [style_key(e, kinds) for e in evidence]
    codes = dict(_HIGHLIGHT)
    out: list[str] = []
    if color:
        for start, end, covering in highlight_segments(len(text), evidence):
            style = _style({keys[i] for i in covering})
            chunk = text[start:end]
            out.append(f"{codes[style]}{chunk}{_RESET}" if style else chunk)
        return _indent("".join(out))
    # Without colour: bracket runs of point evidence, tagged with their labels.
    marks = [
        i
        for i, k in enumerate(keys)
        if k.startswith(_BRACKETED) and evidence[i].end > evidence[i].start
    ]
    pos = 0
    for i in _outermost(marks, evidence):
        e = evidence[i]
        labels = sorted(
            {
                evidence[j].label
                for j in marks
                if e.start <= evidence[j].start and evidence[j].end <= e.end
            }
        )
        out.append(text[pos : e.start])
        out.append(f"⟦{text[e.start : e.end]}⟧{'+'.join(labels)}")
        pos = e.end
    out.append(text[pos:])
    return _indent("".join(out))


def _outermost(marks: list[int], evidence: Sequence[Evidence]) -> list[int]:
    """Non-overlapping evidence to bracket: the earliest, longest first; overlaps dropped."""
    chosen: list[int] = []
    last_end = -1
    for i in sorted(marks, key=lambda j: (evidence[j].start, -evidence[j].end)):
        if evidence[i].start >= last_end:
            chosen.append(i)
            last_end = evidence[i].end
    return chosen


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.splitlines())


def render_text_comparison(comparison: Comparison, *, color: bool = False, **_: object) -> str:
    """Render a comparison of articles for a terminal.

    The claims and sources the articles share, the differences that matter, indicators side by
    side, each article's sources and the claims only one article makes.
    """
    b, r = (_BOLD, _RESET) if color else ("", "")
    labels = comparison.labels
    story = comparison.story
    width = max(10, *(len(f"[{i + 1}]") for i in range(len(labels))))
    lines = [f"{b}Comparison of {len(labels)} articles{r}"]
    for i, (label, title) in enumerate(zip(labels, comparison.titles, strict=True)):
        lines.append(f"  [{i + 1}] {label}" + (f" — {title}" if title else ""))
    lines += ["", f"{b}Shared claims{r}"]
    for n, claim in enumerate(story.shared_claims, 1):
        mark = " — sourced differently" if claim.sourcing_differs else ""
        lines.append(f"  {n}. in {', '.join(f'[{i + 1}]' for i in claim.articles)}{mark}")
        for i in claim.articles:
            for k, s in enumerate(claim.in_article(i)):
                lead = f"[{i + 1}]" if k == 0 else ""
                content = s.content.text if s.content is not None else ""
                lines.append(f"     {lead:<5}“{clip(content, 110)}”")
                lines.append(f"     {'':<5}  credited to {s.describe()}")
        best = claim.matches[0]
        lines.append(f"     why: {best.reason}")
    if not story.shared_claims:
        lines.append("  (none)")
    lines += ["", f"{b}Shared sources{r}"]
    for src in story.shared_sources:
        lines.append(f"  - {src.label}")
        lines += [f"      [{i + 1}] {src.describe(i)}" for i in src.articles]
        lines += [f"      why: {m.reason} ({m.rule})" for m in src.matches[:1]]
    if not story.shared_sources:
        lines.append("  (none)")
    lines += ["", f"{b}Differences that matter{r}"]
    lines += [f"  - {d.message}" for d in comparison.differences] or ["  (none)"]
    label_width = max(len(spec.label) for spec, _ in comparison.indicators)
    head = f"  {'indicator':<{label_width}}" + "".join(
        f" {f'[{i + 1}]':>{width}}" for i in range(len(labels))
    )
    lines += ["", f"{b}Indicators{r}", head]
    for spec, values in comparison.indicators:
        cells = "".join(f" {format_value(v, spec.unit):>{width}}" for v in values)
        lines.append(f"  {spec.label:<{label_width}}{cells}")
    lines += ["", f"{b}Sources{r}"]
    for i, per in enumerate(comparison.sources):
        lines.append(f"  [{i + 1}] {labels[i]}: {len(per)} distinct sources")
        shared = comparison.shared_keys[i]
        for key, mention, kind, n in per:
            mark = " (shared)" if key in shared else ""
            lines.append(f"      {kind:<12} {mention}{f' ×{n}' if n > 1 else ''}{mark}")
    lines += ["", f"{b}Claims only one article makes{r}"]
    for i in range(len(labels)):
        single = story.single_in(i)
        unsourced = sum(1 for s in single if s.kind not in ("on_record", "anonymous"))
        lines.append(
            f"  [{i + 1}] {len(single)} claims, {unsourced} without a named or described source"
        )
        for s in single:
            content = s.content.text if s.content is not None else ""
            lines.append(f"      “{clip(content, 90)}” — {s.describe()}")
    return "\n".join(lines) + "\n"
