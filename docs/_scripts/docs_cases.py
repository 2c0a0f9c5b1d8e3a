"""Hard cases for the explanation pages: what a careful reader expects beside what the code finds.

Each page passes short sentences written for the docs (never corpus text) with the reader's
expectation; the functions score them when the site is built and print a Markdown table whose
last column says whether the two agree. A failure stays visible as ✗ until the code changes, and
a fixed case turns into ✓ by itself, so the prose around the tables never has to be retyped.
"""

from __future__ import annotations

from collections.abc import Sequence

import reliability
from reliability.model import Profile

Expected = tuple[str, ...]

_PIPELINE = reliability.Pipeline()


def _score(text: str) -> Profile:
    return _PIPELINE.score(text)


def _esc(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _row(text: str, expected: str, found: str, ok: bool) -> str:
    mark = "✓" if ok else "✗"
    return f"| {_esc(text)} | {_esc(expected)} | {_esc(found)} | {mark} |"


_HEADER = "| text | a careful reader marks | the scorer finds | agree |\n| --- | --- | --- | :---: |"


def attribution_cases(cases: Sequence[tuple[str, Sequence[tuple[str, str]]]]) -> str:
    """Attribution relations: expected ``(source, kind)`` pairs (empty: no attribution)."""
    rows = [_HEADER]
    for text, expected in cases:
        profile = _score(text)
        found = [((a.source.text if a.source else "—"), a.source_kind or "unresolved", a.cue.text)
                 for a in profile.attributions]
        want = "; ".join(f"“{s}” ({k})" for s, k in expected) or "no attribution"
        got = "; ".join(f"“{s}” ({k}, cue “{c}”)" for s, k, c in found) or "no attribution"
        ok = sorted(expected) == sorted((s, k) for s, k, _ in found)
        rows.append(_row(text, want, got, ok))
    return "\n".join(rows) + "\n"


def anonymity_cases(cases: Sequence[tuple[str, str]]) -> str:
    """Source kinds: the expected kind of the (single) attribution's source in each text."""
    rows = [_HEADER]
    for text, kind in cases:
        profile = _score(text)
        found = [f"“{a.source.text if a.source else a.cue.text}” ({a.source_kind or 'unresolved'})"
                 for a in profile.attributions]
        kinds = [a.source_kind or "unresolved" for a in profile.attributions]
        rows.append(_row(text, kind, "; ".join(found) or "no attribution",
                         kinds == [kind]))
    return "\n".join(rows) + "\n"


def hedging_cases(cases: Sequence[tuple[str, Sequence[tuple[str, str, str]]]]) -> str:
    """Hedges and boosters: expected ``(label, cue text, voice)`` triples (empty: none)."""
    rows = [_HEADER]
    for text, expected in cases:
        profile = _score(text)
        found = [(e.label, e.text, str(e.details.get("voice"))) for e in profile.evidence
                 if e.scorer == "hedging"]
        want = "; ".join(f"{lab} “{t}” ({v})" for lab, t, v in expected) or "nothing"
        got = "; ".join(f"{lab} “{t}” ({v})" for lab, t, v in found) or "nothing"
        rows.append(_row(text, want, got, sorted(expected) == sorted(found)))
    return "\n".join(rows) + "\n"


def promotional_cases(cases: Sequence[tuple[str, Sequence[tuple[str, str]]]]) -> str:
    """Promotional evidence: expected ``(label, text)`` pairs (empty: nothing)."""
    rows = [_HEADER]
    for text, expected in cases:
        profile = _score(text)
        found = [(e.label, e.text) for e in profile.evidence if e.scorer == "promotional"]
        want = "; ".join(f"{lab} “{t}”" for lab, t in expected) or "nothing"
        got = "; ".join(f"{lab} “{t}”" for lab, t in found) or "nothing"
        rows.append(_row(text, want, got, sorted(expected) == sorted(found)))
    return "\n".join(rows) + "\n"


def reason_cases(cases: Sequence[tuple[str, str | None]]) -> str:
    """Stated reasons for anonymity: the expected reason text (``None``: no reason stated)."""
    rows = [_HEADER]
    for text, reason in cases:
        profile = _score(text)
        found = sorted({a.anonymity_reason.text for a in profile.attributions
                        if a.anonymity_reason is not None})
        want = f"reason “{reason}”" if reason else "no reason stated"
        got = "; ".join(f"reason “{r}”" for r in found) or "no reason found"
        ok = (found == [reason]) if reason else not found
        rows.append(_row(text, want, got, ok))
    return "\n".join(rows) + "\n"
