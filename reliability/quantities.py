"""The shared quantities of a profile, each computed in one place and read everywhere.

A count or share that appears in a scorer's inputs, the combined index, a finding, the CSV row,
a comparison and the HTML report is computed here (or, for a scorer's own value, by that scorer)
and every other place reads it:

=================================  =============================================================
quantity                           computed by
=================================  =============================================================
attributions counted               the ``attribution`` scorer: relations whose cue lies outside
                                   every block (promotional blocks *and* embedded posts)
counts by source kind              :func:`kind_counts` (``on_record``, ``anonymous``,
                                   ``unspecified``, ``unresolved``)
source key of a relation           :func:`article_source_keys`, run by the ``attribution``
                                   scorer over the user's lexicons; stored on each relation
distinct sources                   :func:`distinct_sources` over the stored keys
promotional share                  the ``promotional`` scorer's value (its ``promotional_chars``
                                   / ``chars``: characters of the article's paragraphs)
body characters                    :func:`body_chars`: characters outside every block
body words                         :func:`body_words`: Document words wholly outside blocks
                                   (``document.body_words``)
writer's-voice words and hedges    the ``hedging`` scorer (``writer_words``, its value)
=================================  =============================================================

**Relations inside embedded posts do not count.** An embedded post is another person's post
quoted whole; a "said" inside it is that post's sourcing, not the article's. Like every density,
attribution counts only the article's body, so the ``attribution`` scorer sets aside every
relation whose cue lies inside a block, embedded posts included, and no consumer filters again.

**Shares of attributions are taken over typed attributions**: those whose source kind is known
(``on_record + anonymous + unspecified``). A relation whose source the rules could not find
(``unresolved``) is counted, and reported, but is in neither the numerator nor the denominator of
a share, so the on-record share and the anonymous-or-unspecified share always add up to 1.

:class:`ProfileFacts` gathers these quantities off a :class:`~reliability.model.Profile` for the
index, the findings, the CSV row, comparisons and the HTML report.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol

import attrs

from reliability.model import Attribution, Evidence, Profile, ScoreResult, Span
from reliability.ranges import Range, block_ranges, merge, subtract, total_length

if TYPE_CHECKING:
    from reliability.document import Document
    from reliability.lexicon import LexiconSet

__all__ = [
    "KINDS",
    "ProfileFacts",
    "article_source_keys",
    "body_chars",
    "body_words",
    "distinct_sources",
    "kind_counts",
    "source_key",
    "source_texts",
    "title_words",
    "typed_count",
]

KINDS: tuple[str, ...] = ("on_record", "anonymous", "unspecified", "unresolved")
"""The keys of :func:`kind_counts`: the three source kinds, and ``unresolved`` for a relation
whose source the rules could not find or type."""

UNNAMED: tuple[str, ...] = ("anonymous", "unspecified")
"""Source kinds that do not name the source."""

NOT_PROMOTIONAL = frozenset({"embedded_post"})
"""Block labels set aside from the body but not counted as promotional (an embedded post is
quoted material, not selling)."""


# ---------------------------------------------------------------------------------------------
# Counts by kind


def kind_counts(attributions: Iterable[Attribution]) -> dict[str, int]:
    """Attributions per source kind, with ``unresolved`` for those of no known kind."""
    counts = dict.fromkeys(KINDS, 0)
    for a in attributions:
        counts[a.source_kind or "unresolved"] += 1
    return counts


def typed_count(counts: Mapping[str, int]) -> int:
    """Attributions of a known source kind: the denominator of every share of attributions."""
    return counts["on_record"] + counts["anonymous"] + counts["unspecified"]


# ---------------------------------------------------------------------------------------------
# Source keys

_DETERMINERS = re.compile(r"^(?:the|a|an|one|two|three|several|some|other)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s\b")
_NON_WORD = re.compile(r"[^\w\s-]+")
_JOINED = re.compile(r"\b(?:of|and|for|the|de|du|von)\s+$", re.IGNORECASE)
_NAME_RUN = re.compile(r"((?:[A-Z][\w'’.-]*\s+){1,3}[A-Z][\w'’-]+)\s*$")


def title_words(lexicons: LexiconSet) -> frozenset[str]:
    """Single-word titles ("governor", "gen") of a lexicon set, lower-cased, final dot dropped.

    They are the entries labelled ``title`` of the ``source_roles`` and ``abbreviations``
    families, so a user's own lexicons reach the source keys.
    """
    words: set[str] = set()
    for family in ("source_roles", "abbreviations"):
        for lexicon in lexicons.family(family):
            for e in lexicon.entries:
                if e.label == "title" and e.term and " " not in e.term:
                    words.add(e.term.lower().rstrip("."))
    return frozenset(words)


@lru_cache(maxsize=65_536)
def _key_and_title(source: str, titles: frozenset[str]) -> tuple[str, str | None]:
    """The key of one source text, and the title word just before its name (if any)."""
    flat = " ".join(source.split()).strip(" ,;:")
    name = _NAME_RUN.search(flat)
    title = None
    if name and _JOINED.search(flat, 0, name.start()):
        name = None  # "Ministers of Interior and Foreign Affairs": a body's name, not a person
    if name:
        words = name.group(1).split()
        last_title = max(
            (
                i
                for i, w in enumerate(words[:-1])
                if w.lower().rstrip(".").replace("’", "'") in titles
            ),
            default=-1,
        )
        if last_title >= 0 and (len(words) - last_title - 1 >= 2 or name.start() > 0):
            title = words[last_title].lower().rstrip(".")
            flat = " ".join(words[last_title + 1 :])
        elif name.start() > 0:
            before = flat[: name.start()].split()
            if before and before[-1].lower().rstrip(".") in titles:
                title = before[-1].lower().rstrip(".")
            flat = name.group(1)
    flat = _POSSESSIVE.sub("", flat)
    flat = _NON_WORD.sub(" ", flat)
    while True:
        shorter = _DETERMINERS.sub("", flat.strip())
        if shorter == flat.strip():
            break
        flat = shorter
    return " ".join(flat.casefold().split()), title


def source_key(source: str, titles: frozenset[str] = frozenset()) -> str:
    """Normalise one source text so that mentions of one source compare equal.

    A trailing personal name wins, without the titles before it ("Taliban spokesman Zabihullah
    Mujahid" and "Vice President Amrullah Saleh" → ``zabihullah mujahid``, ``amrullah saleh``);
    otherwise the description is case-folded with leading determiners, possessive ``'s`` and
    punctuation dropped ("the President's office" → ``president office``).

    Args:
        source: The source text.
        titles: Single-word titles (see :func:`title_words`).
    """
    return _key_and_title(source, titles)[0]


def article_source_keys(
    texts: Sequence[str | None], titles: frozenset[str], pronouns: Iterable[str]
) -> list[str | None]:
    """The source key of each relation of one article, mentions of one source made equal.

    Each relation's text is its resolved mention, else its source. Within the article:

    * a text that is only a pronoun ("he", "who") left unresolved has no key (``None``);
    * a bare surname ("Ruiz") takes the key of the full name ending in it ("ana ruiz");
    * a title alone ("the mayor") takes the key of the one name that carried that title
      ("Mayor Ana Ruiz"), when exactly one did.

    Args:
        texts: Per relation, the text naming its source (``None`` when it has none).
        titles: Single-word titles (see :func:`title_words`).
        pronouns: Lower-case pronouns whose unresolved mention names no one.
    """
    drop = frozenset(pronouns)
    raw: list[tuple[str, str | None] | None] = []
    for text in texts:
        if text is None or " ".join(text.lower().split()) in drop:
            raw.append(None)
            continue
        key, title = _key_and_title(text, titles)
        raw.append(None if not key or key in drop else (key, title))
    full_by_last: dict[str, set[str]] = {}
    named_by_title: dict[str, set[str]] = {}
    for item in raw:
        if item is None:
            continue
        key, title = item
        if " " in key:
            full_by_last.setdefault(key.rsplit(" ", 1)[-1], set()).add(key)
        if title is not None:
            named_by_title.setdefault(title, set()).add(key)
    out: list[str | None] = []
    for item in raw:
        if item is None:
            out.append(None)
            continue
        key = item[0]
        if " " not in key:
            full = full_by_last.get(key, set())
            named = named_by_title.get(key, set())
            if len(full) == 1:
                key = next(iter(full))
            elif not full and len(named) == 1:
                key = next(iter(named))
        out.append(key)
    return out


class _NamesSource(Protocol):
    """What names a relation's source: an :class:`Attribution`, or the spans it is built of."""

    @property
    def source(self) -> Span | None: ...

    @property
    def resolved_source(self) -> Span | None: ...


def source_texts(attributions: Iterable[_NamesSource]) -> list[str | None]:
    """Per relation, the text that names its source: the resolved mention, else the source."""
    return [
        None if (span := a.resolved_source or a.source) is None else span.text for a in attributions
    ]


def distinct_sources(
    attributions: Iterable[Attribution], kinds: Iterable[str] | None = None
) -> tuple[str, ...]:
    """Distinct source keys (``Attribution.source_key``) in order of first mention.

    Args:
        attributions: The relations.
        kinds: Only relations of these source kinds (all by default).
    """
    keep = None if kinds is None else frozenset(kinds)
    seen: dict[str, None] = {}
    for a in attributions:
        if a.source_key is not None and (keep is None or a.source_kind in keep):
            seen.setdefault(a.source_key, None)
    return tuple(seen)


# ---------------------------------------------------------------------------------------------
# The body


def body_chars(length: int, blocks: Sequence[Range]) -> int:
    """Characters of a text of ``length`` outside the merged block ranges."""
    return length - total_length(blocks)


def body_words(document: Document, blocks: Sequence[Range]) -> int:
    """The Document's words lying wholly outside the merged block ranges."""
    from bisect import bisect_left

    words, starts = document.words, document.word_starts
    total = 0
    for start, end in subtract([(0, len(document.text))], blocks):
        first = bisect_left(starts, start)
        last = bisect_left(starts, end)
        # Words do not overlap: of those starting inside, only the last can run past the end.
        if last > first and words[last - 1][1] > end:
            last -= 1
        total += last - first
    return total


# ---------------------------------------------------------------------------------------------
# Facts read off a profile


def _value(result: ScoreResult | None) -> float | None:
    return None if result is None else result.value


@attrs.frozen
class ProfileFacts:
    """The shared quantities of one profile, for the index, findings, CSV, compare and HTML.

    Every attribute is read from where it is computed (see the module's table); nothing here
    recounts what a scorer already counted.

    Attributes:
        ran: Scorer ids in the profile.
        chars: Characters of the text.
        words: Words of the text.
        body_words: Words outside blocks (``document.body_words``; ``None`` for a profile made
            without it).
        block_chars: Characters inside any block (``block: True`` evidence: promotional blocks
            and embedded posts), which are not the article's body: ``chars -
            document.body_chars`` (for a profile made without it, the blocks it carries).
        attributions: The attribution relations counted (the body's: see the module).
        by_kind: Attributions per source kind (:data:`KINDS`).
        on_record_sources: Distinct on-record source keys, in order of first mention.
        sources: Distinct source keys of every kind, in order of first mention.
        promotional_chars: The promotional scorer's ``promotional_chars``.
        promotional_base: The promotional scorer's ``chars`` (characters of the paragraphs): the
            denominator of the promotional share.
        promotional_share: The promotional scorer's value.
        promotional_by_label: Promotional characters per block kind (the scorer's
            ``<kind>_chars``), kinds with none left out.
        promotional_blocks: The promotional block evidence (embedded posts excluded).
        puffery: Inline puffery evidence in the writer's voice.
        attributed_chars: Body characters inside attributed content.
        writer_hedges: Hedge evidence in the writer's voice.
        writer_hedge_rate: The hedging scorer's value (weighted writer's-voice hedges per 100
            writer's-voice words).
        writer_hedge_rate_beyond_sources: The hedging scorer's
            ``writer_hedge_rate_beyond_sources``: the rate without the weasels that are also an
            attribution's source, which count in the sourcing shares instead.
        boosters: Booster evidence in the writer's voice.
    """

    ran: tuple[str, ...]
    chars: int
    words: int
    body_words: int | None
    block_chars: int
    attributions: tuple[Attribution, ...]
    by_kind: Mapping[str, int]
    on_record_sources: tuple[str, ...]
    sources: tuple[str, ...]
    promotional_chars: float
    promotional_base: float
    promotional_share: float | None
    promotional_by_label: Mapping[str, float]
    promotional_blocks: tuple[Evidence, ...]
    puffery: tuple[Evidence, ...]
    attributed_chars: int
    writer_hedges: tuple[Evidence, ...]
    writer_hedge_rate: float | None
    writer_hedge_rate_beyond_sources: float | None
    boosters: tuple[Evidence, ...]

    @property
    def body_chars(self) -> int:
        """Characters outside blocks (promotional blocks and embedded posts)."""
        return self.chars - self.block_chars

    @property
    def typed(self) -> int:
        """Attributions of a known source kind (the denominator of shares of attributions)."""
        return typed_count(self.by_kind)

    @property
    def unnamed(self) -> int:
        """Attributions to anonymous or unspecified sources."""
        return self.by_kind["anonymous"] + self.by_kind["unspecified"]

    @property
    def attributed_share(self) -> float | None:
        """Share of the body characters in attributed content (``None`` without body text)."""
        return None if self.body_chars <= 0 else self.attributed_chars / self.body_chars

    def kind_share(self, *kinds: str) -> float | None:
        """Share of typed attributions of the given source kinds (``None`` without any)."""
        n = self.typed
        return None if n == 0 else sum(self.by_kind[k] for k in kinds) / n

    @classmethod
    def of(cls, profile: Profile) -> ProfileFacts:
        """Read the facts off a profile."""
        evidence = profile.evidence
        blocks = block_ranges(profile.scores)
        promo_blocks = tuple(
            e
            for e in evidence
            if e.scorer == "promotional"
            and e.details.get("block") is True
            and e.label not in NOT_PROMOTIONAL
        )
        promo = profile.scores.get("promotional")
        promo_inputs: Mapping[str, float] = promo.inputs if promo is not None else {}
        by_label = {
            label: promo_inputs[f"{label}_chars"]
            for label in sorted({e.label for e in promo_blocks})
            if promo_inputs.get(f"{label}_chars")
        }
        attributions = profile.attributions
        content = [(a.content.start, a.content.end) for a in attributions if a.content is not None]
        hedging = profile.scores.get("hedging")
        return cls(
            ran=tuple(profile.scores),
            chars=profile.document.chars,
            words=profile.document.words,
            body_words=profile.document.body_words,
            block_chars=(
                total_length(blocks)
                if profile.document.body_chars is None
                else profile.document.chars - profile.document.body_chars
            ),
            attributions=attributions,
            by_kind=kind_counts(attributions),
            on_record_sources=distinct_sources(attributions, ("on_record",)),
            sources=distinct_sources(attributions),
            promotional_chars=promo_inputs.get("promotional_chars", 0),
            promotional_base=promo_inputs.get("chars", 0),
            promotional_share=_value(promo),
            promotional_by_label=by_label,
            promotional_blocks=promo_blocks,
            puffery=tuple(
                e
                for e in evidence
                if e.scorer == "promotional" and not e.details.get("block") and e.label == "puffery"
            ),
            # attributed content inside any block is not body text
            attributed_chars=total_length(subtract(merge(content), blocks)),
            writer_hedges=_writer(evidence, "hedge"),
            writer_hedge_rate=_value(hedging),
            writer_hedge_rate_beyond_sources=(
                None
                if hedging is None or hedging.value is None
                else hedging.inputs.get("writer_hedge_rate_beyond_sources", hedging.value)
            ),
            boosters=_writer(evidence, "booster"),
        )


def _writer(evidence: Iterable[Evidence], label: str) -> tuple[Evidence, ...]:
    return tuple(
        e
        for e in evidence
        if e.scorer == "hedging" and e.label == label and e.details.get("voice") == "writer"
    )


def legacy_source_keys(attributions: Sequence[Attribution]) -> list[str | None]:
    """Source keys for relations read from a profile written without them.

    They are derived as the ``attribution`` scorer derives them, with the shipped lexicons'
    titles (the lexicons the profile was made with are not in it).
    """
    return article_source_keys(source_texts(attributions), _shipped_titles(), _shipped_pronouns())


@lru_cache(maxsize=1)
@lru_cache(maxsize=1)
def _shipped_pronouns() -> frozenset[str]:
    """The pronouns of the shipped ``word_classes`` lexicon (its ``pronoun_*`` entries)."""
    from reliability.lexicon import LexiconSet
    from reliability.scorers._attribution.classes import WordClasses

    return frozenset(WordClasses.of(LexiconSet.default()).pronouns)


def _shipped_titles() -> frozenset[str]:
    from reliability.lexicon import LexiconSet

    return title_words(LexiconSet.default())
