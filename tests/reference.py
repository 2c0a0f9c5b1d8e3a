"""A slow, obviously correct reference for lexicon matching, to test the fast matcher against."""

from __future__ import annotations

import re
from collections.abc import Sequence

from reliability.lexicon import Entry, Matcher, term_regex


def _excepted(entry: Entry, text: str, s: int, e: int) -> bool:
    alts = [term_regex(x) for x in entry.exceptions] + list(entry.exception_patterns)
    if not alts:
        return False
    flags = 0 if entry.case_sensitive else re.IGNORECASE
    rx = re.compile("|".join(f"(?:{a})" for a in alts), flags)
    lo, hi = max(0, s - 100), min(len(text), e + 100)
    return any(m.start() < e and m.end() > s for m in rx.finditer(text, lo, hi))


def reference_matches(
    entries: Sequence[Entry],
    text: str,
    *,
    overlapping: bool = False,
    start: int = 0,
    end: int | None = None,
) -> list[tuple[int, int, str]]:
    """Every entry's own regex tried at every position, then the documented selection:
    by start, then entry priority; non-overlapping unless asked; exceptions applied."""
    ordered = Matcher(entries).entries
    found = []
    for i, e in enumerate(ordered):
        rx = re.compile(e.regex(), 0 if e.case_sensitive else re.IGNORECASE)
        stop = len(text) if end is None else end
        pos = start
        while pos <= stop:
            m = rx.search(text, pos, stop)
            if m is None:
                break
            if m.end() > m.start():
                found.append((m.start(), i, m.end()))
            pos = m.start() + 1
    found.sort()
    out: list[tuple[int, int, str]] = []
    last_end = -1
    for s, i, e in found:
        if not overlapping and s < last_end:
            continue
        if _excepted(ordered[i], text, s, e):
            continue
        last_end = e
        out.append((s, e, ordered[i].id))
    return out
