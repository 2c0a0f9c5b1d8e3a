"""Plain-text report for a terminal: scores with their formulas and inputs, sources, evidence."""

from __future__ import annotations

import os
from collections.abc import Sequence

from reliability.model import Attribution, Evidence, Profile, Span

__all__ = ["render_text", "use_color"]

_BOLD, _DIM, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"
_KIND_COLORS = {"on_record": "\x1b[32m", "anonymous": "\x1b[33m", "unspecified": "\x1b[31m"}


def use_color(stream_is_tty: bool) -> bool:
    """Colour only on a terminal, and never when ``NO_COLOR`` is set (https://no-color.org)."""
    return stream_is_tty and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def _short(text: str, limit: int = 90) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _fmt(value: float | None) -> str:
    if value is None:
        return "—"
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.3f}"


def _span(span: Span | None) -> str:
    return "—" if span is None else f"“{_short(span.text, 60)}”"


def _attribution_line(a: Attribution, color: bool) -> str:
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
        extras.append(f"reason: {_short(a.anonymity_reason.text, 50)}")
    tail = f"  ({'; '.join(extras)})" if extras else ""
    return (f"  {tag} {_span(a.source)} — {a.cue.text} @{a.cue.start}"
            f"{tail}\n      {_span(a.content)}")


def _evidence_line(e: Evidence) -> str:
    details = " ".join(f"{k}={v}" for k, v in e.details.items())
    return (f"  {e.scorer:<18} {e.label:<14} {e.start:>6}-{e.end:<6} {_span(e.span)}  "
            f"[{e.rule}]{'  ' + details if details else ''}")


def render_text(profile: Profile, *, source: str | None = None, color: bool = False,
                **_: object) -> str:
    """Render a profile for reading in a terminal.

    Args:
        profile: The profile.
        source: The input's name (file path) to show in the heading.
        color: Use ANSI colours (see :func:`use_color`).
    """
    b, r = (_BOLD, _RESET) if color else ("", "")
    doc = profile.document
    name = source or doc.id or doc.title or "article"
    lines: list[str] = [
        f"{b}{name}{r}",
        f"  {doc.words} words, {doc.sentences} sentences, {doc.chars} characters; "
        f"sha256 {doc.sha256[:12]}…; source-reliability {profile.library_version}",
        "",
        f"{b}Scores{r}",
    ]
    for sid, result in profile.scores.items():
        value = _fmt(result.value)
        lines.append(f"  {sid:<20} {value:>10}" + (f"  ({result.reason})" if result.reason else ""))
        lines.append(f"      formula: {result.formula}")
        if result.inputs:
            inputs = ", ".join(f"{k}={_fmt(v)}" for k, v in result.inputs.items())
            lines.append(f"      inputs:  {inputs}")
    attributions: Sequence[Attribution] = profile.attributions
    if attributions:
        lines += ["", f"{b}Sources ({len(attributions)} attributions){r}"]
        lines += [_attribution_line(a, color) for a in attributions]
    evidence = profile.evidence
    if evidence:
        lines += ["", f"{b}Evidence ({len(evidence)} spans){r}"]
        lines += [_evidence_line(e) for e in evidence]
    lines.append("")
    lines.append(f"{b}Lexicons{r}: " + ", ".join(f"{x.id} {x.version}" for x in profile.lexicons))
    return "\n".join(lines) + "\n"
