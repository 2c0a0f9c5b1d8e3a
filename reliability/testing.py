"""The conformance suite every scorer must pass: :func:`check_scorer`.

It runs a scorer (with the scorers it depends on) over a set of texts and checks the contract:
spans consistent, sorted and in range; deterministic; empty text gives ``None`` with a reason;
every rule resolves to a lexicon entry or a declared rule id; the profile round-trips through
JSON.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from reliability.errors import ReliabilityError
from reliability.lexicon import LexiconSet
from reliability.model import Profile, Span
from reliability.profile import Pipeline
from reliability.scorers.base import Registry, Scorer

__all__ = [
    "ADVERSARIAL",
    "CONFORMANCE_TEXTS",
    "ConformanceError",
    "adversarial_text",
    "check_scorer",
]

CONFORMANCE_TEXTS: tuple[str, ...] = (
    "",
    "   \n\t ",
    "Short.",
    "The minister said on Monday that the bridge would reopen, according to a spokesperson.",
    '"We will not back down," said Ana Ruiz, the union\'s leader. "Not now."\n\n'
    "Officials may have known, sources said. Reportedly, the plan was clearly approved.",
    "Support our journalism today!\nAlso Read - Ten things to know\nFollow us on Twitter.",
    'Unbalanced “quote here. And ‘single and "straight quotes.\r\nCRLF line\u00a0with nbsp '
    "and zero\u200bwidth and emoji 🙂 and tabs\there.",
    "WASHINGTON (Reuters) - U.S. Sen. Jo Park, D-Ore., told Reuters on Jan. 5 that she "
    "would vote no.Also Read - More news",
)
"""Texts every scorer is run over: empty, blank, tiny, ordinary and messy."""


_NEWS_PARAGRAPH = (
    "The minister said on Monday that the bridge would reopen, according to a spokesperson. "
    '"We will not back down," said Ana Ruiz, the union\'s leader. Officials may have known, '
    "sources said. Reportedly, the plan was clearly approved. Also Read - Ten things to know\n\n"
)

ADVERSARIAL: dict[str, str] = {
    "prose": _NEWS_PARAGRAPH,
    "quotation marks": '"',
    "curly quotes": "“a ‘b’ c” ",
    "spaces": " ",
    "one long line": "word, ",
    "nested parentheses": "(",
    "cue words": "said according to told reportedly may ",
    "said": "said ",
    "attributed hedges": "the official said that sources said it may be so ",
    "periods": "U.S. ",
    "newlines": "\n",
}
"""Repeating units of texts that stress a linear-time pipeline and bounded output (see
:func:`adversarial_text`): every "said" of ``said`` is a cue whose source and content are other
cues; ``attributed hedges`` nests attributions to anonymous sources around a hedge, without end."""


def adversarial_text(kind: str, chars: int) -> str:
    """A text of about ``chars`` characters of one adversarial kind.

    ``nested parentheses`` opens ``chars // 2`` parentheses and closes them; every other kind
    repeats its unit of :data:`ADVERSARIAL`.
    """
    if kind == "nested parentheses":
        return "(" * (chars // 2) + "x" + ")" * (chars // 2)
    unit = ADVERSARIAL[kind]
    return (unit * (chars // len(unit) + 1))[:chars]


class ConformanceError(ReliabilityError, AssertionError):
    """A scorer broke the scorer contract; the message says which rule and where."""


def _fail(scorer_id: str, rule: str, detail: str) -> None:
    raise ConformanceError(f"{scorer_id}: {rule}: {detail}")


def _check_span(scorer_id: str, where: str, span: Span | None, text: str) -> None:
    if span is None:
        return
    if not 0 <= span.start <= span.end <= len(text):
        _fail(
            scorer_id, "span in range", f"{where} [{span.start}, {span.end}) for {len(text)} chars"
        )
    if text[span.start : span.end] != span.text:
        _fail(
            scorer_id,
            "span text",
            f"{where} claims {span.text!r}, text has {text[span.start : span.end]!r}",
        )


def _check_profile(
    scorer: Scorer, profile: Profile, text: str, lexicons: LexiconSet, rule_ids: Iterable[str]
) -> None:
    sid = scorer.id
    result = profile.scores[sid]
    if result.value is None and not result.reason:
        _fail(sid, "None has a reason", "value is None without a reason")
    if not result.formula:
        _fail(sid, "formula", "empty formula")
    keys = [(e.start, e.end) for e in result.evidence]
    if keys != sorted(keys):
        _fail(sid, "evidence sorted", "evidence is not sorted by position")
    known_rules = set(rule_ids)
    for i, e in enumerate(result.evidence):
        _check_span(sid, f"evidence[{i}]", e.span, text)
        if e.scorer != sid:
            _fail(sid, "evidence scorer", f"evidence[{i}] names scorer {e.scorer!r}")
        if ":" in e.rule:
            try:
                lexicons.entry(e.rule)
            except (KeyError, ReliabilityError):
                _fail(sid, "rule resolves", f"evidence[{i}] rule {e.rule!r} is no lexicon entry")
        elif e.rule not in known_rules and not e.rule.startswith(f"{sid}."):
            _fail(
                sid,
                "rule resolves",
                f"evidence[{i}] rule {e.rule!r} is neither a lexicon "
                f"entry nor a rule id of the form '{sid}.<name>'",
            )
    for i, a in enumerate(result.attributions):
        for name in ("cue", "source", "content", "via", "anonymity_reason", "resolved_source"):
            _check_span(sid, f"attributions[{i}].{name}", getattr(a, name), text)
    if not text.strip() and result.value is not None:
        _fail(sid, "empty text", f"a blank text gave value {result.value!r}, not None")
    data = profile.to_dict()
    if json.loads(json.dumps(data, allow_nan=False)) != data:
        _fail(sid, "JSON round-trip", "to_dict() does not survive json.dumps/json.loads")
    if Profile.from_dict(json.loads(profile.to_json())).to_dict() != data:
        _fail(sid, "JSON round-trip", "Profile.from_dict(profile.to_dict()) differs")


def check_scorer(
    scorer: Scorer,
    *,
    registry: Registry | None = None,
    lexicons: LexiconSet | None = None,
    texts: Sequence[str] = CONFORMANCE_TEXTS,
    rule_ids: Iterable[str] = (),
) -> None:
    """Check that a scorer keeps the scorer contract on every text.

    Args:
        scorer: The scorer under test.
        registry: Where its required scorers come from; the built-in registry by default.
        lexicons: The lexicons evidence rules must resolve in; the shipped ones by default.
        texts: Texts to run over; :data:`CONFORMANCE_TEXTS` by default.
        rule_ids: Rule ids (not lexicon entries) the scorer may cite besides ``<id>.<name>``.

    Raises:
        ConformanceError: on the first broken rule, naming it.
    """
    lex = lexicons if lexicons is not None else LexiconSet.default()
    if registry is None:
        from reliability.profile import default_registry

        registry = default_registry(lex)
    pieces = [s for s in registry if s.id != scorer.id] + [scorer]
    run = Pipeline(Registry(pieces), lex)
    ids = {s.id for s in run.registry.plan([scorer.id])}
    run.scorers = tuple(s for s in run.scorers if s.id in ids)
    for ref in scorer.lexicon_refs():
        if ref.id not in lex:
            _fail(scorer.id, "lexicon refs", f"uses lexicon {ref.id!r} not in the lexicon set")
    rule_list = list(rule_ids)
    for text in texts:
        first = run.score(text)
        second = run.score(text)
        if first.to_dict() != second.to_dict():
            _fail(scorer.id, "deterministic", f"two runs over {text[:40]!r} differ")
        _check_profile(scorer, first, text, lex, rule_list)
