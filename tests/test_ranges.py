"""Range helpers: merge, cover, overlap, subtract, total length."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from reliability.ranges import covered, merge, overlaps, subtract, total_length

ranges = st.lists(
    st.tuples(st.integers(0, 60), st.integers(0, 20)).map(lambda t: (t[0], t[0] + t[1])),
    max_size=8,
)


def points(rs):
    return {p for s, e in rs for p in range(s, e)}


@given(ranges)
def test_merge_keeps_the_points_and_sorts(rs):
    """Merging keeps exactly the covered points, sorted and disjoint."""
    m = merge(rs)
    assert points(m) == points(rs)
    assert all(a[1] < b[0] for a, b in itertools.pairwise(m))
    assert total_length(rs) == len(points(rs))


@given(ranges, ranges)
def test_subtract_is_set_difference(rs, holes):
    """Subtracting removes exactly the points of the holes."""
    assert points(subtract(rs, merge(holes))) == points(rs) - points(holes)


@given(ranges, st.integers(0, 80), st.integers(1, 10))
def test_covered_and_overlaps(rs, start, length):
    """covered: every point inside one merged range; overlaps: any point shared."""
    m = merge(rs)
    seg = (start, start + length)
    inside = any(s <= seg[0] and seg[1] <= e for s, e in m)
    assert covered(seg, m) == inside
    assert overlaps(seg, m) == bool(points([seg]) & points(m))
