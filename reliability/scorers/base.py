"""The Scorer protocol and the registry of scorers a caller owns."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Protocol, runtime_checkable

from reliability.document import Document
from reliability.errors import ReliabilityError, UnknownScorerError
from reliability.model import LexiconRef, ScoreResult

__all__ = ["Registry", "Scorer"]


@runtime_checkable
class Scorer(Protocol):
    """What every scorer is: an id, its dependencies, its lexicons and a pure ``score``.

    Attributes:
        id: The scorer id, also the key of its result in a profile.
        requires: Ids of scorers whose results ``score`` needs; they run first.
        after: Ids of scorers whose results ``score`` uses when they are in the run.
    """

    @property
    def id(self) -> str:
        """The scorer id."""
        ...

    @property
    def requires(self) -> tuple[str, ...]:
        """Ids of scorers that must run first."""
        ...

    @property
    def after(self) -> tuple[str, ...]:
        """Ids of scorers to run first when they are in the run."""
        ...

    def lexicon_refs(self) -> tuple[LexiconRef, ...]:
        """Return the identity of every lexicon this scorer reads."""
        ...

    def score(self, document: Document, upstream: Mapping[str, ScoreResult]) -> ScoreResult:
        """Measure one document; ``upstream`` holds the results of earlier scorers by id."""
        ...


class Registry:
    """An ordered set of scorers, owned by the caller (there is no global registry)."""

    def __init__(self, scorers: Iterable[Scorer] = ()) -> None:
        """Register the given scorers, in order."""
        self._scorers: dict[str, Scorer] = {}
        for scorer in scorers:
            self.register(scorer)

    def register(self, scorer: Scorer) -> None:
        """Add a scorer; its id must be new."""
        if not isinstance(scorer, Scorer):
            raise ReliabilityError(f"{scorer!r} does not implement the Scorer protocol")
        if scorer.id in self._scorers:
            raise ReliabilityError(f"a scorer with id {scorer.id!r} is already registered")
        self._scorers[scorer.id] = scorer

    def __getitem__(self, scorer_id: str) -> Scorer:
        """Return a scorer by id; an unknown id raises an error listing the known ones."""
        try:
            return self._scorers[scorer_id]
        except KeyError:
            raise UnknownScorerError(scorer_id, list(self._scorers)) from None

    def __contains__(self, scorer_id: object) -> bool:
        """Whether a scorer of this id is registered."""
        return scorer_id in self._scorers

    def __iter__(self) -> Iterator[Scorer]:
        """Iterate over the scorers in registration order."""
        return iter(self._scorers.values())

    def __len__(self) -> int:
        """Number of scorers."""
        return len(self._scorers)

    def ids(self) -> list[str]:
        """The registered ids, in registration order."""
        return list(self._scorers)

    def plan(self, ids: Iterable[str] | None = None) -> list[Scorer]:
        """Order the named scorers (all by default) and their requirements to run.

        A scorer runs after every scorer it ``requires`` (added to the run if missing) and every
        scorer in its ``after`` list that is in the run; ties keep registration order.
        """
        wanted = list(self._scorers) if ids is None else list(dict.fromkeys(ids))
        chosen: set[str] = set()
        stack = list(wanted)
        while stack:
            sid = stack.pop()
            if sid in chosen:
                continue
            chosen.add(sid)
            stack.extend(self[sid].requires)
        order: list[Scorer] = []
        done: set[str] = set()
        visiting: set[str] = set()

        def visit(sid: str) -> None:
            if sid in done:
                return
            if sid in visiting:
                raise ReliabilityError(f"scorer dependencies form a cycle through {sid!r}")
            visiting.add(sid)
            scorer = self[sid]
            for dep in (*scorer.requires, *scorer.after):
                if dep in chosen:
                    visit(dep)
            visiting.discard(sid)
            done.add(sid)
            order.append(scorer)

        for sid in self._scorers:
            if sid in chosen:
                visit(sid)
        for sid in chosen - set(self._scorers):
            self[sid]  # raises UnknownScorerError
        return order
