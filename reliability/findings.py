"""Plain-language findings about an article's sourcing, each linked to the spans behind it.

A finding is a sentence a reader can check ("4 of 8 attributions are to unnamed sources"),
a severity (``concern``, ``note``, ``good`` or ``missing`` when a measure could not be taken),
the rule that produced it (``findings.<name>``) and the spans of text it rests on. Findings are
read off a :class:`~reliability.model.Profile` (and the :class:`~reliability.document.Document`,
when available, to find the article's lead); they never invent a number: when a scorer was not
run or returned ``None``, the finding says so instead.

Rules (in report order):

- ``findings.not_measured`` — a sourcing scorer was not run or could not give a value;
- ``findings.no_attributions`` — a text of some length attributes nothing to anyone;
- ``findings.lead_single_anonymous`` — the lead (the first substantial paragraph, where a news
  article states its main claim) is attributed only to one unnamed source;
- ``findings.single_source`` — every attribution goes to one source;
- ``findings.unnamed_sources`` — how many attributions are to unnamed sources;
- ``findings.unspecified_sources`` — attributions that identify no source at all;
- ``findings.anonymity_reasons`` — whether unnamed sources come with a reason for anonymity;
- ``findings.secondhand`` — statements relayed from another outlet;
- ``findings.named_sources`` — how many attributions are on the record, and to how many sources;
- ``findings.promotional`` — the share of the text that sells, solicits or navigates;
- ``findings.puffery`` — promotional language in the writer's own voice;
- ``findings.writer_hedges`` / ``findings.writer_boosters`` — hedges and boosters in the
  writer's own voice (not in quotations or attributed content).

When a finding is a concern: only when the article lies beyond the reference political
reporting (:mod:`reliability.reference`: PolNeAR train's New York Times, Washington Post,
Politico and USA Today articles), and the message says so.

- A measure (``writer_hedges``: the hedging value; ``unnamed_sources``: the share of typed
  attributions to unnamed sources; ``promotional``: the promotional value) is a concern beyond
  the reference's 90th percentile, with at least two cues behind it (hedges, unnamed
  attributions), and for promotion from 15 % of the paragraphs up; otherwise it is a note that
  gives the reference's median.
- A pattern (``no_attributions``, ``lead_single_anonymous``, ``single_source`` to an unnamed
  source) is a concern only when fewer than 1 in 10 reference articles show it; otherwise a note
  that says how many do.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable

from reliability.document import Document
from reliability.model import SEVERITIES, Attribution, Finding, Profile, Severity, Span
from reliability.quantities import UNNAMED, ProfileFacts
from reliability.reference import Reference, load_reference

__all__ = ["SEVERITIES", "Finding", "compute_findings", "fraction_words"]

SOURCING_SCORERS: dict[str, str] = {
    "attribution": "Attribution",
    "anonymous_sourcing": "Anonymous sourcing",
    "hedging": "Hedging",
    "promotional": "Promotional content",
}
"""Scorers whose absence a finding reports, with their names in prose."""

REFERENCE_MEASURES: dict[str, tuple[str, str]] = {
    "writer_hedge_rate": (
        "hedging",
        "weighted hedges per 100 words in the writer's own voice (the hedging value)",
    ),
    "unnamed_share": (
        "anonymous_sourcing",
        "share of typed attributions to anonymous or unspecified sources (the "
        "anonymous_sourcing value)",
    ),
    "promotional_share": (
        "promotional",
        "share of the paragraphs' characters in promotional blocks (the promotional value)",
    ),
}
"""Measures compared with the reference statistics: id → (scorer whose value it is, what it is)."""

REFERENCE_PATTERNS: dict[str, str] = {
    "findings.no_attributions": "a text of some length attributes nothing to anyone",
    "findings.lead_single_anonymous": "the lead rests on a single unnamed source",
    "findings.single_source": "every attribution goes to one source",
}
"""Findings that a pattern is present or not; the reference records the share of its articles
that show each. Such a finding is a concern only when fewer than ``1 - concern_quantile`` of
the reference articles (1 in 10) show it."""

MIN_FOR_CONCERN: dict[str, int] = {"writer_hedge_rate": 2, "unnamed_share": 2}
"""A measure is a concern only with at least this many cues behind it (hedges, unnamed
attributions): one "reportedly" is never a concern, however short the article."""

PROMOTIONAL_CONCERN_FLOOR = 0.15
"""Promotion is a concern only from this share of the paragraphs up: the reference reporting has
almost none (its 99th percentile is well under 1 %), so its percentile alone would make one
stray "Follow us" line a concern."""

MIN_WORDS_FOR_NO_ATTRIBUTION = 80
"""A text shorter than this many body words is not faulted for attributing nothing."""

_LEAD_MIN_WORDS = 12


_FRACTIONS = (
    (1 / 10, "a tenth"),
    (1 / 5, "a fifth"),
    (1 / 4, "a quarter"),
    (1 / 3, "a third"),
    (1 / 2, "half"),
    (2 / 3, "two thirds"),
    (3 / 4, "three quarters"),
)


def fraction_words(share: float) -> str:
    """Say a share in words ("about a third (34%)"), or as a percentage if no fraction is close."""
    pct = f"{share:.0%}" if share >= 0.01 else f"{share:.1%}"
    if share >= 0.97:
        return f"nearly all ({pct})"
    for value, words in _FRACTIONS:
        if abs(share - value) <= 0.1 * value + 0.005:
            return f"about {words} ({pct})"
    return pct


def _quote(texts: Iterable[str], limit: int = 3) -> str:
    seen: dict[str, None] = {}
    for t in texts:
        flat = " ".join(t.split())
        if len(flat) > 60:
            flat = flat[:59] + "…"
        seen.setdefault(flat, None)
    items = list(seen)
    shown = ", ".join(f"“{t}”" for t in items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def _source_span(a: Attribution) -> Span:
    """The span that names the source: the source, else the cue (for linking)."""
    return a.source if a.source is not None else a.cue


def _source_names(attributions: Iterable[Attribution]) -> list[str]:
    """How each source is named, for examples in a message.

    The resolved mention when there is one; sources without a key (unresolved pronouns such as
    "who", "he") are left out.
    """
    return [
        (a.resolved_source or a.source or a.cue).text
        for a in attributions
        if a.source_key is not None
    ]


def _are(n: int) -> str:
    return "is" if n == 1 else "are"


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def compute_findings(
    profile: Profile,
    document: Document | None = None,
    facts: ProfileFacts | None = None,
    reference: Reference | None = None,
) -> list[Finding]:
    """Read plain-language findings off a profile.

    Args:
        profile: The profile.
        document: The article's Document, to locate its lead; without it the lead rule is
            skipped.
        facts: Facts already read off this profile.
        reference: The reference statistics a measure is compared with (the shipped
            :func:`~reliability.reference.load_reference` by default).

    Returns:
        The findings, concerns first.
    """
    facts = facts or ProfileFacts.of(profile)
    reference = reference or load_reference()
    found: list[Finding] = []
    found += _not_measured(profile)
    if _measured(profile, "attribution"):
        found += _attribution_findings(profile, facts, document, reference)
    if _measured(profile, "promotional"):
        found += _promotional_findings(facts, reference)
    if _measured(profile, "hedging"):
        found += _hedging_findings(facts, profile.scores["hedging"].value, reference)
    order = {s: i for i, s in enumerate(SEVERITIES)}
    return sorted(found, key=lambda f: order[f.severity])


def _measured(profile: Profile, scorer: str) -> bool:
    return scorer in profile.scores and profile.scores[scorer].value is not None


def _not_measured(profile: Profile) -> list[Finding]:
    out = []
    for sid, name in SOURCING_SCORERS.items():
        if sid not in profile.scores:
            out.append(
                Finding(
                    "findings.not_measured",
                    "missing",
                    f"{name} was not measured: the {sid} scorer was not run.",
                )
            )
        elif profile.scores[sid].value is None:
            out.append(
                Finding(
                    "findings.not_measured",
                    "missing",
                    f"{name} could not be measured: {profile.scores[sid].reason}.",
                )
            )
    return out


def _attribution_findings(
    profile: Profile, facts: ProfileFacts, document: Document | None, reference: Reference
) -> list[Finding]:
    out: list[Finding] = []
    atts = facts.attributions
    n = len(atts)
    if n == 0:
        # (a profile made without body words counts every word)
        words = facts.words if facts.body_words is None else facts.body_words
        if words >= MIN_WORDS_FOR_NO_ATTRIBUTION:
            rare, seen = _pattern(reference, "findings.no_attributions")
            out.append(
                Finding(
                    "findings.no_attributions",
                    "concern" if rare else "note",
                    f"No statement is attributed to any source in {words} words of text{seen}.",
                )
            )
        return out
    if document is not None:
        out += _lead_finding(profile, facts, document, reference)
    if n >= 2 and len(facts.sources) == 1 and all(a.source_key is not None for a in atts):
        kind = atts[0].source_kind or "unknown"
        rare, seen = _pattern(reference, "findings.single_source")
        severity: Severity = "concern" if rare and kind != "on_record" else "note"
        out.append(
            Finding(
                "findings.single_source",
                severity,
                f"All {n} attributions go to a single source: "
                f"{_quote([_source_span(atts[0]).text])}{seen}.",
                [_source_span(a) for a in atts],
            )
        )
    anonymous = [a for a in atts if a.source_kind == "anonymous"]
    typed = facts.typed
    unresolved = facts.by_kind["unresolved"]
    of_typed = f"{typed} attributions" + (
        f" with a source of known kind ({unresolved} more unresolved)" if unresolved else ""
    )
    out += _unnamed_finding(facts, of_typed, reference)
    if anonymous:
        reasons = [a for a in anonymous if a.anonymity_reason is not None]
        spans = [a.anonymity_reason for a in reasons if a.anonymity_reason is not None]
        if reasons:
            msg = (
                f"{len(reasons)} of {_plural(len(anonymous), 'anonymous attribution')} "
                f"{'comes' if len(reasons) == 1 else 'come'} with a reason for anonymity: "
                f"{_quote(s.text for s in spans)}."
            )
            out.append(Finding("findings.anonymity_reasons", "note", msg, spans))
        else:
            out.append(
                Finding(
                    "findings.anonymity_reasons",
                    "note",
                    f"No reason is given for withholding the name of "
                    f"{'the' if len(anonymous) == 1 else 'any of the'} "
                    f"{_plural(len(anonymous), 'anonymous source')}.",
                    [_source_span(a) for a in anonymous],
                )
            )
    secondhand = [a for a in atts if a.secondhand or a.via is not None]
    if secondhand:
        outlets = [(a.via or _source_span(a)).text for a in secondhand]
        out.append(
            Finding(
                "findings.secondhand",
                "note",
                f"{_plural(len(secondhand), 'attribution')} "
                f"{'relays' if len(secondhand) == 1 else 'relay'} another outlet's "
                f"reporting: {_quote(outlets)}.",
                [a.via or _source_span(a) for a in secondhand],
            )
        )
    on_record = [a for a in atts if a.source_kind == "on_record"]
    if on_record:
        distinct = len(facts.on_record_sources)
        first: dict[str, str] = {}
        for a in on_record:
            if a.source_key is not None:
                first.setdefault(a.source_key, (a.resolved_source or _source_span(a)).text)
        severity = "good" if len(on_record) / typed >= 0.5 else "note"
        listed = f": {_quote(first.values(), 4)}" if first else ""
        out.append(
            Finding(
                "findings.named_sources",
                severity,
                f"{len(on_record)} of {of_typed} {_are(len(on_record))} to "
                "named or identifiable "
                f"sources ({_plural(distinct, 'distinct source')}{listed}).",
                [_source_span(a) for a in on_record],
            )
        )
    return out


def _unnamed_finding(facts: ProfileFacts, of_typed: str, reference: Reference) -> list[Finding]:
    """How many attributions are to unnamed sources, compared with the reference."""
    atts = facts.attributions
    unnamed = [a for a in atts if a.source_kind in UNNAMED]
    if not unnamed:
        return []
    anonymous = [a for a in atts if a.source_kind == "anonymous"]
    unspecified = [a for a in atts if a.source_kind == "unspecified"]
    share = len(unnamed) / facts.typed
    concern, compared = _against(reference, "unnamed_share", share, len(unnamed), "share")
    parts = []
    if anonymous:
        names = _source_names(anonymous)
        parts.append(
            f"{len(anonymous)} described only by role"
            + (f", such as {_quote(names, 2)}" if names else "")
        )
    if unspecified:
        names = _source_names(unspecified)
        parts.append(
            f"{len(unspecified)} to no identifiable source at all"
            + (f", such as {_quote(names, 2)}" if names else "")
        )
    return [
        Finding(
            "findings.unnamed_sources",
            "concern" if concern else "note",
            f"{len(unnamed)} of {of_typed} {_are(len(unnamed))} to unnamed sources "
            f"({'; '.join(parts)}){compared}.",
            [_source_span(a) for a in unnamed],
        )
    ]


def _lead_range(
    profile: Profile, facts: ProfileFacts, document: Document
) -> tuple[int, int] | None:
    """The first paragraph outside promotional blocks with a sentence of some length."""
    blocks = [(e.start, e.end) for e in facts.promotional_blocks]
    for p_start, p_end in document.paragraphs:
        if any(s <= p_start and p_end <= e for s, e in blocks):
            continue
        for i in document.sentences_in(p_start, p_end):
            s_start, s_end = document.sentences[i]
            starts = document.word_starts
            words = bisect_left(starts, s_end) - bisect_left(starts, s_start)
            if words >= _LEAD_MIN_WORDS:
                return p_start, p_end
    return None


def _lead_finding(
    profile: Profile, facts: ProfileFacts, document: Document, reference: Reference
) -> list[Finding]:
    lead = _lead_range(profile, facts, document)
    if lead is None:
        return []
    in_lead = [a for a in facts.attributions if lead[0] <= a.cue.start < lead[1]]
    if not in_lead or any(a.source_kind not in UNNAMED for a in in_lead):
        return []
    keys = {a.source_key or f"cue:{a.cue.text.casefold()}" for a in in_lead}
    if len(keys) != 1:
        return []
    a = in_lead[0]
    spans = [_source_span(x) for x in in_lead] + [x.cue for x in in_lead]
    rare, seen = _pattern(reference, "findings.lead_single_anonymous")
    return [
        Finding(
            "findings.lead_single_anonymous",
            "concern" if rare else "note",
            f"The article's main claim, in its lead, rests on a single unnamed source: "
            f"{_quote([_source_span(a).text])} ({a.source_kind}){seen}.",
            spans,
        )
    ]


def _percent(value: float) -> str:
    return f"{value:.0%}" if value >= 0.01 or value == 0 else f"{value:.1%}"


def _pattern(reference: Reference, rule: str) -> tuple[bool, str]:
    """Whether a pattern is rare in the reference (a concern), and the words that say how rare."""
    share = reference.patterns.get(rule)
    if share is None:
        return True, ""
    rare = reference.rare(rule)
    return (
        rare,
        f"; {'only ' if rare else ''}{_percent(share)} of the articles of {reference.label} do so",
    )


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _against(
    reference: Reference, measure: str, value: float, cues: int, unit: str
) -> tuple[bool, str]:
    """Whether a measure is a concern, and the words that place it in the reference.

    A concern lies beyond the reference's concern quantile and rests on at least
    :data:`MIN_FOR_CONCERN` cues; the words say so ("more than 9 in 10 articles of the
    reference political reporting (their 90th percentile: 2.2)"), or give the reference's
    median otherwise.
    """
    shown = _percent if unit == "share" else (lambda v: f"{v:.1f}")
    threshold = reference.threshold(measure)
    if value > threshold and cues >= MIN_FOR_CONCERN.get(measure, 0):
        percentile = _ordinal(round(100 * reference.concern_quantile))
        return True, (
            f", more than {reference.phrase()} (their {percentile} percentile: {shown(threshold)})"
        )
    return False, f"; median of {reference.label}: {shown(reference.threshold(measure, 0.5))}"


_PROMO_WORDS = {
    "appeal": "appeals for support",
    "subscription": "subscription offers",
    "link_out": "links to other articles",
    "social": "social-media prompts",
    "interface": "site interface text",
    "sponsored": "sponsored content",
    "embedded_post": "embedded posts",
}


def _promotional_findings(facts: ProfileFacts, reference: Reference) -> list[Finding]:
    out: list[Finding] = []
    share = facts.promotional_share
    if share and facts.promotional_chars:
        concern, compared = _against(reference, "promotional_share", share, 0, "share")
        concern = concern and share >= PROMOTIONAL_CONCERN_FLOOR
        parts = sorted(facts.promotional_by_label.items(), key=lambda kv: -kv[1])
        detail = ", ".join(
            f"{_PROMO_WORDS.get(label, label)} {chars / facts.promotional_base:.0%}"
            for label, chars in parts
        )
        out.append(
            Finding(
                "findings.promotional",
                "concern" if concern else "note",
                f"{fraction_words(share).capitalize()} of the text is promotional "
                f"rather than reporting: {detail}{compared}.",
                [e.span for e in facts.promotional_blocks],
            )
        )
    if facts.puffery:
        out.append(
            Finding(
                "findings.puffery",
                "note",
                f"The writer uses promotional language in their own voice "
                f"{_plural(len(facts.puffery), 'time')}: "
                f"{_quote(e.text for e in facts.puffery)}.",
                [e.span for e in facts.puffery],
            )
        )
    return out


def _hedging_findings(
    facts: ProfileFacts, rate: float | None, reference: Reference
) -> list[Finding]:
    """Writer's-voice hedges, at the hedging scorer's own rate, and boosters."""
    out: list[Finding] = []
    if facts.writer_hedges and rate is not None:
        n = len(facts.writer_hedges)
        concern, compared = _against(reference, "writer_hedge_rate", rate, n, "rate")
        out.append(
            Finding(
                "findings.writer_hedges",
                "concern" if concern else "note",
                f"Hedged in the writer's own voice "
                f"{_plural(n, 'time')} "
                f"({rate:.1f} per 100 words{compared}): "
                f"{_quote((e.text for e in facts.writer_hedges), 4)}.",
                [e.span for e in facts.writer_hedges],
            )
        )
    if facts.boosters:
        out.append(
            Finding(
                "findings.writer_boosters",
                "note",
                f"The writer asserts certainty in their own voice "
                f"{_plural(len(facts.boosters), 'time')}: "
                f"{_quote(e.text for e in facts.boosters)}.",
                [e.span for e in facts.boosters],
            )
        )
    return out
