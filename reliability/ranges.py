"""Half-open ranges of code points: merging, covering, subtracting.

Scorers and reports share these to set aside promotional blocks and to tell the writer's voice
from quoted or attributed content. Every function takes and returns ``(start, end)`` pairs.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence

from reliability.model import ScoreResult

__all__ = ["block_ranges", "covered", "merge", "overlaps", "subtract", "total_length"]

Range = tuple[int, int]
_END = 1 << 62


def merge(ranges: Iterable[Range]) -> list[Range]:
    """Sort ranges and merge those that overlap or touch; empty ranges are dropped."""
    out: list[Range] = []
    for s, e in sorted(ranges):
        if e <= s:
            continue
        if out and s <= out[-1][1]:
            if e > out[-1][1]:
                out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def covered(seg: Range, merged: Sequence[Range]) -> bool:
    """Whether ``seg`` lies wholly inside one of the merged, sorted ranges."""
    i = bisect_right(merged, (seg[0], _END)) - 1
    return i >= 0 and merged[i][0] <= seg[0] and seg[1] <= merged[i][1]


def overlaps(seg: Range, ranges: Sequence[Range]) -> bool:
    """Whether ``seg`` overlaps any of the ranges (sorted by start, non-overlapping)."""
    i = bisect_left(ranges, (seg[1], -1))
    return i > 0 and ranges[i - 1][1] > seg[0]


def subtract(ranges: Iterable[Range], merged: Sequence[Range]) -> list[Range]:
    """The parts of ``ranges`` outside the merged, sorted ranges ``merged``."""
    out: list[Range] = []
    for s, e in ranges:
        i = max(bisect_right(merged, (s, _END)) - 1, 0)
        pos = s
        while i < len(merged) and merged[i][0] < e:
            ms, me = merged[i]
            if me > pos:
                if ms > pos:
                    out.append((pos, ms))
                pos = max(pos, me)
            i += 1
        if pos < e:
            out.append((pos, e))
    return out


def total_length(ranges: Iterable[Range]) -> int:
    """How many code points the union of the ranges covers."""
    return sum(e - s for s, e in merge(ranges))


def block_ranges(
    upstream: Mapping[str, ScoreResult],
    *,
    labels: Iterable[str] | None = None,
    exclude: Iterable[str] = (),
) -> list[Range]:
    """Merged ranges of the promotional scorer's ``block`` evidence.

    Blocks are text that is not article prose (furniture and embedded posts); ``labels`` keeps
    only some kinds, ``exclude`` leaves some out. Empty when the promotional scorer did not run.
    """
    promo = upstream.get("promotional")
    if promo is None:
        return []
    keep = None if labels is None else set(labels)
    drop = set(exclude)
    return merge(
        (e.start, e.end)
        for e in promo.evidence
        if e.details.get("block") is True
        and (keep is None or e.label in keep)
        and e.label not in drop
    )
