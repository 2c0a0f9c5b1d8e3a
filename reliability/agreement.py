r"""Agreement between annotators of attribution spans, the tool read as one more annotator.

PolNeAR (Newell, Margolin & Ruths, LREC 2018) reports its annotators' agreement as a **token-wise
Krippendorff's alpha** of 0.754: every token of an article gets one label — ``source``, ``cue``,
``content`` or ``none`` — from each annotator (PolNeAR's annotations are univocal: a token belongs
to at most one part of one attribution), each token is an item, and alpha is computed over all
items with the nominal distance. This module computes the same quantity for any set of coders, so
that the tool's relations can be scored as another annotator's labels beside the human ones::

    from reliability import score
    from reliability.agreement import attribution_spans, token_alpha

    text = "Ana Ruiz said the plan would fail."
    profile = score(text)
    tool = attribution_spans(profile.attributions)
    human = {"source": [(0, 8)], "cue": [(9, 13)], "content": [(14, 33)]}
    token_alpha([(text, {"tool": tool, "annotator": human})])

Tokens are runs of word characters and single other non-space characters (``\w+|[^\w\s]``),
not the Document's words, so that the measure does not depend on the tool's own segmentation.
Where one coder's spans of different parts overlap (the tool's can; PolNeAR's cannot), a token
takes the first of ``cue``, ``source``, ``content`` that covers it. The computation is
``nltk.metrics.agreement.AnnotationTask.alpha`` (Krippendorff 1980), with nltk imported only
when alpha is asked for.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

__all__ = [
    "NONE",
    "ROLES",
    "attribution_spans",
    "token_alpha",
    "token_labels",
    "tokens",
]

ROLES: tuple[str, ...] = ("cue", "source", "content")
"""The parts of an attribution a token can belong to, in the order that breaks overlaps."""

NONE = "none"
"""The label of a token outside every attribution."""

_TOKEN = re.compile(r"\w+|[^\w\s]")

Spans = Mapping[str, Iterable[tuple[int, int]]]
"""A coder's spans by role: ``{"cue": [(start, end), …], "source": […], "content": […]}``."""


class _SpanLike(Protocol):
    @property
    def start(self) -> int: ...  # pragma: no cover - a protocol

    @property
    def end(self) -> int: ...  # pragma: no cover - a protocol


class _RelationLike(Protocol):
    @property
    def cue(self) -> _SpanLike: ...  # pragma: no cover - a protocol

    @property
    def source(self) -> _SpanLike | None: ...  # pragma: no cover - a protocol

    @property
    def content(self) -> _SpanLike | None: ...  # pragma: no cover - a protocol


def tokens(text: str) -> list[tuple[int, int]]:
    """The tokens of ``text`` as ``(start, end)`` code-point offsets."""
    return [m.span() for m in _TOKEN.finditer(text)]


def token_labels(
    text: str, spans: Spans, toks: Sequence[tuple[int, int]] | None = None
) -> list[str]:
    """One label per token: the role of the span that covers it, or :data:`NONE`.

    A token is covered when it overlaps a span by at least one character.

    Args:
        text: The article.
        spans: The coder's spans by role (roles other than :data:`ROLES` are ignored).
        toks: The tokens, if already computed (:func:`tokens` of ``text`` otherwise).

    Returns:
        The labels, in token order.
    """
    toks = tokens(text) if toks is None else toks
    labels = [NONE] * len(toks)
    starts = [s for s, _e in toks]
    for role in reversed(ROLES):  # earlier roles overwrite later ones
        for s, e in spans.get(role, ()):
            i = max(bisect_left(starts, s) - 1, 0)
            while i < len(toks) and toks[i][0] < e:
                if toks[i][1] > s:
                    labels[i] = role
                i += 1
    return labels


def attribution_spans(relations: Iterable[_RelationLike]) -> dict[str, list[tuple[int, int]]]:
    """The cue, source and content spans of the tool's relations (``Attribution`` objects)."""
    out: dict[str, list[tuple[int, int]]] = {role: [] for role in ROLES}
    for a in relations:
        for role, span in (("cue", a.cue), ("source", a.source), ("content", a.content)):
            if span is not None:
                out[role].append((span.start, span.end))
    return out


def token_alpha(articles: Iterable[tuple[str, Mapping[str, Spans]]]) -> float:
    """Token-wise Krippendorff's alpha (nominal) over articles coded by several coders.

    Args:
        articles: For each article, its text and each coder's spans by role. A coder may be
            missing from some articles; an article coded by fewer than two coders adds no
            pairable values (as in Krippendorff's definition).

    Returns:
        Alpha: 1 for perfect agreement, 0 for agreement at chance level.

    Raises:
        ValueError: When no token was labelled by two coders.
    """
    from nltk.metrics.agreement import AnnotationTask

    data: list[tuple[str, str, str]] = []
    for n, (text, coders) in enumerate(articles):
        if len(coders) < 2:
            continue
        toks = tokens(text)
        for coder, spans in coders.items():
            labels = token_labels(text, spans, toks)
            data.extend((coder, f"{n}:{i}", label) for i, label in enumerate(labels))
    if not data:
        raise ValueError("no article was coded by two coders")
    return float(AnnotationTask(data=data).alpha())
