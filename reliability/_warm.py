"""Warm-up for the worker processes of ``reliability audit --jobs N``.

The fork server that starts the workers imports this module once. It builds the default
pipeline (the shipped lexicons, their compiled matchers and the attribution extractor) and
scores one short text, which compiles the shared literal scan and loads the hyphenation
dictionary. Each worker is then forked with all of that in memory and only assembles its own
pipeline from the cached parts: about 0.6 s of start-up per worker becomes a few milliseconds.

Nothing here is needed for correctness: a worker whose pipeline differs (other lexicons or
scorers) builds what it needs itself, and a failure here only leaves the workers cold.
"""

from __future__ import annotations

# Long enough (over 30 words) for readability to count syllables.
_SAMPLE = (
    "The minister said on Monday that the plan may work, according to a senior official who "
    "spoke on condition of anonymity. Critics clearly disagreed, reports said, and the council "
    "will vote on it next week. Subscribe to our newsletter."
)

try:
    from reliability.profile import Pipeline

    Pipeline().score(_SAMPLE)
except Exception:
    pass
