"""Attribution rules as data: ids, priorities, parts, patterns over word classes, and examples.

The rules live in ``lexicons/rules/attribution.toml``. Each rule has an id (the ``rule`` of every
relation it builds), a priority (the order in which the engine tries it), the parts it fills
(``source``, ``cue``, ``content``, ``via``), a description, and example sentences that should and
should not give a relation; the examples run as tests. Two actions:

* ``relation`` rules build a relation. A relation rule with ``forms`` is run by the generic
  matcher here: each form is a pattern over the token view (the syntax below) that must match
  with its ``cue`` part at the cue's first word, and says which :data:`CHUNKS` fill the
  ``source`` and ``via`` (noun phrases; a part may name a ``lead`` regex the text after the cue
  must match first, a ``tail`` regex the text after the phrase must match — the content lies
  beyond it — and ``outlet = true`` to keep only a phrase naming a news outlet) and the
  ``content``. A form may name an ``unless`` pattern (the same syntax, its ``cue`` part at the
  cue's first word too): where it matches, the form does not apply. The forms of all rules are
  tried in one pass, by priority, then in order; a form whose ``required`` part is missing
  gives way to the next. A form that matches and finds its required parts decides: its
  relation, or none when one of its checks refuses it (no later form is tried then): the
  form's ``not_nested = true`` refuses a cue in the opening words of the content of an
  earlier relation of its sentence, its ``needs_content = true`` a relation without content;
  a part's ``agent = true`` refuses a phrase that does not look like an agent (:data:`AGENT`),
  and its ``reject`` patterns a phrase one of them matches. A reject pattern has the syntax
  below, but names the part (``source:``) on one run of tests instead of a ``cue:`` test: the
  run covers the phrase's words exactly, the tests before and after it the words right before
  and after the phrase (:class:`PhraseTest`). A source that opens the cue phrase is cut off
  the cue; a part with ``secondhand = true`` makes the relation secondhand when what it finds
  names a news outlet. A rule with ``fallback = true`` must come after every other rule with
  forms: the subject rule's forms take every cue verb with a subject before it, so a cue verb
  reaches a fallback rule only when no subject stands before it; a weak cue of a fallback
  rule needs content. A form with
  ``anchor = "paragraph"`` is anchored at paragraphs instead of cues: the ``pattern`` of each
  cue entry of its ``cue_label`` is matched at each paragraph's start, the last ``cue_text``
  inside the match is the cue, the words before it the ``speaker`` chunk (a part's ``reject``
  regex, matching them in full, drops the line, as does a name the cue entry lists in its
  exceptions; its ``nobody`` regex leaves the line without a source), and the rest of the
  paragraph is the content; the lines stand only when a document has ``at_least`` of them. A
  relation rule without forms is carried out by the code (no rule of the shipped file is).
* ``veto`` rules say when a cue word is no attribution. Each is a **pattern over the token view**
  of a sentence, run by the one generic matcher here, in the spirit of spaCy's ``Matcher`` and
  NLTK's ``RegexpParser``: a pattern is a sequence of token tests, each in brackets, with an
  optional quantifier (``?``, ``*``, ``+``, ``{m,n}``) and an optional part name (``cue:[…]``).
  A test is a ``|``-separated list of alternatives, each a ``&``-joined list of features, any
  of them negated with ``!``; ``[*]`` is any token. The features of a token are its word
  classes (the labels of ``word_classes.toml``, pronoun classes as ``pronoun_<class>``) and the
  shape features of :data:`SHAPES`. A veto matches when its ``cue`` part is the cue's first word.

The ``[[patterns]]`` of the file are the phrase regexes the engine's walks read (one for each
role of :data:`PATTERNS`), each with examples that run as tests; ``finals`` lists the words any
match ends with, which lets the engine skip a search cheaply.

The token view around a cue covers the words of its sentence that the patterns can reach: each
word becomes the string of its feature codes (one character per feature, computed once per
document) followed by a separator, and every pattern is compiled to one regular expression over
that string.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Collection, Sequence
from itertools import accumulate
from pathlib import Path
from typing import Any, NamedTuple

import attrs

from reliability._toml import tomllib
from reliability.errors import LexiconError
from reliability.lexicon import shipped_dir

__all__ = [
    "ACTIONS",
    "AGENT",
    "CHUNKS",
    "PARTS",
    "PATTERNS",
    "PREFIX",
    "SHAPES",
    "Example",
    "Form",
    "Part",
    "Pattern",
    "PhraseTest",
    "Rule",
    "RuleSet",
    "TokenView",
    "rules_path",
]

PARTS = ("source", "cue", "content", "via")
"""The named parts a rule may fill."""

ACTIONS = ("relation", "veto")
"""What a rule does: build a relation, or say that a cue word is none."""

SHAPES: dict[str, str] = {
    "cue": "a cue of the attribution_cues lexicon starts at the word",
    "verb_cue": "a cue that the verb rules handle (not agentless, preposition, phrase or noun)",
    "weak_cue": "a cue of weight below 1, which needs an agent",
    "space_after": "only white space separates the word from the next",
    "genitive": "the word ends in 's and is no contraction ('Trump's')",
    "negation": "the word is or ends in a negation ('not', 'didn't')",
    "adverb_or_aux": "an auxiliary or an adverb in -ly that can stand in a verb group",
    "participle": "the word ends in -ing",
    "past_form": "the word ends in -ed, -en or -wn (the form of a past participle)",
    "veiled": "the word lies inside an anonymity marker or reason of the anonymity lexicon",
}
"""Token features that are not word classes, with what they mean."""

CHUNKS: dict[str, str] = {
    "np_after": "source: the noun phrase starting right after the cue (or after the part's lead), "
    "walked rightwards over determiners, names, role nouns, connectors and complements; a "
    "lower-case noun may head it ('complete returns')",
    "np_after_named": "source: as np_after, but only a name, a role noun or a pronoun heads it "
    "('quoted a senior official', not 'quoted figures')",
    "np_inverted": "source: the noun phrase after a cue that follows a quotation, comma, colon "
    "or dash (inverted order), when what follows the phrase ends it: punctuation, a time phrase, "
    "a relative clause or an adverbial ('\"…,\" said Ana Ruiz, the union's leader')",
    "via_outlet": "source: the outlet a statement went through, after the cue ('told Reuters', "
    "'in an interview with CNN') or in a medium phrase earlier in the sentence",
    "shared_subject": "source: the subject of the verb before a conjoined verb or a participle "
    "('Clinton invoked Obama and suggested …', 'Trump blasted her, calling her …'): a source "
    "of the sentence's earlier relation, else the noun phrase opening the sentence",
    "np_before": "source: the subject of the cue verb found by the backward walk: the noun "
    "phrase ending right before the cue (over an appositive, a relative clause, a time phrase), "
    "or for a participle the subject of the clause it hangs from (another clause: '…, arguing "
    "that', 'Noting that …, Ruiz wrote', 'a statement saying')",
    "role_in_cue": "source: a source-role noun among the words of the cue phrase before its last "
    "('reports said', 'if reports are to be believed'); a source that opens the phrase is cut off "
    "the cue",
    "clause_around": "content: the clause before the cue, where there is one, when the source "
    "opens the cue phrase or the cue closes the sentence, else the clause after it; the whole "
    "sentence for a sentence adverb ('reportedly')",
    "clause_apart": "content: as clause, but read from the cue alone (the source stands in "
    "another clause)",
    "clause": "content: a quotation next to the cue, else the clause after the cue (from 'that' "
    "on), else the clause before the source when the cue closes the sentence; read from the cue "
    "alone (as clause_apart) when the source chunk found a subject in another clause",
    "clause_beside_source": "content: the clause before the cue when it has more than three "
    "characters, else the clause after the comma that follows the source",
    "speaker": "source (paragraph forms): the words the cue entry's pattern matched before the "
    "cue, trailing blanks left out ('Matthews' of 'Matthews: …')",
    "paragraph_rest": "content (paragraph forms): the rest of the paragraph after the cue "
    "entry's match; a line with none gives no relation",
}
"""The chunks a relation form's parts name, with what they cover (the engine's generic walkers)."""

PATTERNS: dict[str, tuple[str, str]] = {
    "time_phrase": (
        "search",
        "a time phrase ending a window: skipped between a source and its cue",
    ),
    "adverbial_phrase": ("search", "an adverbial phrase ending a window between source and cue"),
    "via_before": ("search", "a medium phrase before the via outlet, earlier than the cue"),
    "via_after_cue": ("match", "what stands between a cue and the via outlet after it"),
    "outlet_article": ("match", "the article an outlet's name opens with after a cue"),
    "conjoined_end": ("search", "a conjunction ending the text before a conjoined cue verb"),
    "participle_lead_end": ("search", "what ends the text before a participle of the main clause"),
    "relative_start": ("match", "a relative clause opening after an inverted speaker"),
    "adverbial_start": ("match", "an adverbial opening after an inverted speaker"),
    "that_soon": ("match", "words before a 'that' soon after the cue, where the content starts"),
    "leading_adverbial": ("match", "an opening adverbial skipped before a sentence's subject"),
}
"""The phrase patterns the engine's walks read: each id's use (``match`` at a position or
``search`` in a window; the examples are tested the same way) and what it finds. The regexes,
their words and their examples are data, the ``[[patterns]]`` of the rules file."""

AGENT = (
    "a phrase that looks like an agent: its last word (split at white space) is a pronoun, "
    "starts with a capital letter or a digit, is a source role, a quantity word, or a "
    "lower-case plural (ends in -s, not -ss) that is no non_head word ('critics', not 'news')"
)
"""What a part's ``agent = true`` asks of the phrase it finds (weak cues need an agent)."""

_SEP = "\x00"
_FIELDS = {
    "id",
    "action",
    "priority",
    "parts",
    "description",
    "pattern",
    "forms",
    "fallback",
    "examples",
}
_FORM_FIELDS = {"pattern", "unless", "not_nested", "needs_content", "source", "via", "content"}
_PARAGRAPH_FORM_FIELDS = {"anchor", "cue_label", "cue_text", "at_least", "source", "content"}
_PARAGRAPH_CHUNKS = ("speaker", "paragraph_rest")
_PART_FIELDS = {
    "chunk",
    "lead",
    "tail",
    "required",
    "outlet",
    "secondhand",
    "agent",
    "reject",
    "nobody",
}
_EXAMPLE_FIELDS = {"text", "cue", "source", "content", "via", "match"}
_PATTERN_FIELDS = {"id", "description", "regex", "ignore_case", "finals", "examples"}
_TEST = re.compile(r"\[([^\]]*)\]([?*+]|\{\d+(?:,\d+)?\})?")
_PART = re.compile(r"([a-z]+):$")


def rules_path() -> Path:
    """The shipped rules file."""
    return shipped_dir() / "rules" / "attribution.toml"


@attrs.frozen
class Example:
    """An example sentence of a rule.

    Attributes:
        text: The sentence.
        cue: Text the relation's cue contains (case-insensitive).
        match: Whether the cue should give a relation (``True``) or none (``False``).
        source: The source's exact text, where the example fixes it.
        content: The content's exact text, where the example fixes it.
        via: The via's exact text, where the example fixes it.
    """

    text: str
    cue: str
    match: bool
    source: str | None = None
    content: str | None = None
    via: str | None = None


@attrs.frozen
class Pattern:
    """A phrase pattern of the rules file (see :data:`PATTERNS`).

    Attributes:
        id: Its role, a key of :data:`PATTERNS`.
        description: What it finds, in plain words.
        regex: The compiled regex.
        finals: The words any match ends with (lower-case), where the file lists them.
        examples: Texts and whether the pattern finds a match in them (as the engine uses it).
    """

    id: str
    description: str
    regex: re.Pattern[str]
    finals: tuple[str, ...] = ()
    examples: tuple[tuple[str, bool], ...] = ()

    def finds(self, text: str) -> bool:
        """Whether the pattern finds a match in ``text`` the way the engine uses it."""
        use = PATTERNS[self.id][0]
        return bool(self.regex.match(text) if use == "match" else self.regex.search(text))


@attrs.frozen
class Part:
    """How a relation form fills a part (source or via): a chunk, reached over an optional lead.

    Attributes:
        chunk: The chunk (a key of :data:`CHUNKS`).
        lead: A regex the text right after the cue must match before the chunk starts
            ("by" between white space); without one the chunk starts right after the cue.
        tail: A regex the text right after the chunk must match ("as saying"); the content
            is then looked for after the tail. Without a match the part is missing.
        required: Whether the form gives way to the next when the part is missing.
        outlet: Whether the chunk's phrase must contain a news outlet's name (the outlets
            lexicon); a phrase that names none leaves the part missing.
        secondhand: Whether the part makes the relation secondhand when what it finds names
            a news outlet ("according to Reuters", the via of "Reuters quoted X as saying").
        reject: A regex (paragraph forms): a speaker matching it in full makes no relation.
        nobody: A regex (paragraph forms): a speaker matching it in full names no one; the
            relation has no source ("Q", "A").
        agent: Whether a phrase found must look like an agent (cue forms; see
            :data:`AGENT`); one that does not makes no relation.
        rejects: Patterns over the token view around a phrase found (cue forms; see
            :class:`PhraseTest`); a phrase one of them matches makes no relation.
    """

    chunk: str
    lead: re.Pattern[str] | None = None
    tail: re.Pattern[str] | None = None
    required: bool = False
    outlet: bool = False
    secondhand: bool = False
    reject: re.Pattern[str] | None = None
    nobody: re.Pattern[str] | None = None
    agent: bool = False
    rejects: tuple[PhraseTest, ...] = ()


@attrs.frozen
class PhraseTest:
    """A pattern over the token view around a phrase a form's part found (its ``reject``).

    The pattern names the part (``source:``) on one or more consecutive tests: those cover the
    phrase's words exactly, from its first to its last; the tests before them cover the words
    right before the phrase, the tests after them the words right after it. Only the words of
    the sentence are in the view.

    Attributes:
        pattern: The pattern as written.
        inside: The regex of the named tests (matched over the phrase's words in full).
        before: The regex of the tests before them (a match must end at the phrase), if any.
        after: The regex of the tests after them (matched from the phrase's end), if any.
        reach: The most words the tests before and after the phrase take (:data:`PREFIX` for
            an unbounded quantifier).
        length: The fewest and the most words the named tests take (-1: no most).
        prev_codes: Codes the word right before the phrase must have ("": no such need).
        last_codes: Codes the phrase's last word must have ("": no such need).
    """

    pattern: str
    inside: re.Pattern[str] = attrs.field(eq=False, repr=False)
    before: re.Pattern[str] | None = attrs.field(eq=False, repr=False)
    after: re.Pattern[str] | None = attrs.field(eq=False, repr=False)
    reach: tuple[int, int] = attrs.field(eq=False, repr=False)
    length: tuple[int, int] = attrs.field(eq=False, repr=False)
    prev_codes: str = attrs.field(eq=False, repr=False)
    last_codes: str = attrs.field(eq=False, repr=False)

    def fits(self, words: int) -> bool:
        """Whether the named tests can take a phrase of ``words`` words."""
        low, high = self.length
        return low <= words and (high < 0 or words <= high)

    def may_match(self, words: int, prev: str | None, last: str) -> bool:
        """A cheap test made before the view is built: whether the pattern can match at all.

        ``words`` is the phrase's number of words, ``last`` the codes of its last word, ``prev``
        those of the word before it (``None``: the phrase opens the sentence).
        """
        if not self.fits(words):
            return False
        if self.prev_codes and (prev is None or any(c not in prev for c in self.prev_codes)):
            return False
        return not self.last_codes or all(c in last for c in self.last_codes)

    def matches(self, view: TokenView, first: int, last: int) -> bool:
        """Whether the pattern matches the phrase of words ``first`` to ``last`` of the view."""
        offsets, codes = view.offsets, view.codes
        i, j = first - view.first, last - view.first + 1
        start = offsets[i]
        end = offsets[j] if j < len(offsets) else len(codes)
        if self.inside.fullmatch(codes, start, end) is None:
            return False
        if self.before is not None and self.before.search(codes, 0, start) is None:
            return False
        return self.after is None or self.after.match(codes, end) is not None


@attrs.frozen
class Form:
    """One form of a relation rule: a pattern over the token view and the parts it fills.

    Attributes:
        pattern: The pattern; its ``cue`` part must be the cue's first word.
        source: How the source is found, if the form has one.
        content: The content chunk.
        via: How the via (the outlet a statement went through) is found, if the form has one.
        compiled: The pattern compiled over the token codes.
        before: The most tokens the pattern has before its ``cue`` part (-1: unbounded).
        after: The most tokens it has after it (-1: unbounded).
        cue_needs: Features the ``cue`` token must have for the pattern to match at all.
        prev_needs: Features the token right before the cue must have (none: no such need).
        unless: A pattern (the same syntax) that, matching with its ``cue`` part at the cue's
            first word, keeps the form from applying; ``None``: no such pattern.
        unless_compiled: The ``unless`` pattern compiled over the token codes.
        unless_reach: The most tokens the ``unless`` pattern has before and after its ``cue``
            part (-1: unbounded).
        anchor: ``cue`` (the pattern is matched at a cue) or ``paragraph`` (see the module
            docstring; such a form has no pattern).
        cue_label: The cue label whose entries' patterns a paragraph form matches.
        cue_text: The text that is the cue inside such a match (its last occurrence).
        at_least: The fewest relations of a paragraph form a document must have for any to
            stand (one "Name:" line alone is more often a dateline or a heading).
        not_nested: Whether a cue in the opening words (at most ``NESTED_WORDS``) of the
            content of an earlier relation of its sentence makes no relation ("said she
            calls …").
        needs_content: Whether a relation without content is none.
    """

    pattern: str
    source: Part | None
    content: str
    via: Part | None = attrs.field(default=None, kw_only=True)
    not_nested: bool = attrs.field(default=False, kw_only=True)
    needs_content: bool = attrs.field(default=False, kw_only=True)
    unless: str | None = attrs.field(default=None, kw_only=True)
    unless_compiled: re.Pattern[str] | None = attrs.field(
        default=None, eq=False, repr=False, kw_only=True
    )
    unless_reach: tuple[int, int] = attrs.field(default=(0, 0), eq=False, repr=False, kw_only=True)
    anchor: str = attrs.field(default="cue", kw_only=True)
    cue_label: str | None = attrs.field(default=None, kw_only=True)
    cue_text: str = attrs.field(default="", kw_only=True)
    at_least: int = attrs.field(default=1, kw_only=True)
    compiled: re.Pattern[str] = attrs.field(eq=False, repr=False, kw_only=True)
    before: int = attrs.field(eq=False, repr=False, kw_only=True)
    after: int = attrs.field(eq=False, repr=False, kw_only=True)
    cue_needs: frozenset[str] = attrs.field(eq=False, repr=False, kw_only=True)
    prev_needs: frozenset[str] = attrs.field(eq=False, repr=False, kw_only=True)


@attrs.frozen
class Rule:
    """One attribution rule (see the module docstring).

    Attributes:
        id: The rule id, as relations and explanations record it.
        action: ``relation`` or ``veto``.
        priority: Lower runs first.
        parts: The parts the rule fills.
        description: What the rule does, in plain words.
        pattern: The pattern over the token view (veto rules).
        forms: The forms the matcher runs (relation rules run by the matcher).
        fallback: Whether the rule is a fallback, tried only when no subject stands before a
            cue verb (it must come after every other rule with forms); a weak cue then needs
            content.
        examples: Sentences that should and should not give a relation.
        compiled: The pattern compiled over the token codes.
        before: The most tokens the pattern has before its ``cue`` part (-1: unbounded).
        after: The most tokens it has after it (-1: unbounded).
        cue_needs: Features the ``cue`` token must have for the pattern to match at all.
    """

    id: str
    action: str
    priority: int
    parts: tuple[str, ...]
    description: str
    pattern: str | None = None
    forms: tuple[Form, ...] = ()
    fallback: bool = False
    examples: tuple[Example, ...] = ()
    compiled: re.Pattern[str] | None = attrs.field(default=None, eq=False, repr=False)
    before: int = attrs.field(default=-1, eq=False, repr=False)
    after: int = attrs.field(default=-1, eq=False, repr=False)
    cue_needs: frozenset[str] = attrs.field(default=frozenset(), eq=False, repr=False)

    def features(self) -> set[str]:
        """The features the patterns test."""
        patterns = [f.pattern for f in self.forms]
        patterns += [f.unless for f in self.forms if f.unless is not None]
        patterns += [
            t.pattern
            for f in self.forms
            for p in (f.source, f.via)
            if p is not None
            for t in p.rejects
        ]
        if self.pattern is not None:
            patterns.append(self.pattern)
        out: set[str] = set()
        for pattern in patterns:
            for m in _TEST.finditer(pattern):
                for alt in m.group(1).split("|"):
                    out.update(f.strip().lstrip("!") for f in alt.split("&") if f.strip() != "*")
        return out

    def chunks(self) -> set[str]:
        """The chunks the forms' parts name."""
        out = {f.content for f in self.forms}
        out |= {f.via.chunk for f in self.forms if f.via is not None}
        return out | {f.source.chunk for f in self.forms if f.source is not None}


class TokenView(NamedTuple):
    """The feature codes of a run of words, as one string a compiled pattern runs over.

    A named tuple: one is built for each cue that a veto rule could set aside.

    Attributes:
        first: Index (in the Document's words) of the run's first word.
        codes: Each word's feature codes followed by a separator.
        offsets: Where each word's codes start in ``codes``.
    """

    first: int
    codes: str
    offsets: tuple[int, ...]

    @classmethod
    def of(cls, first: int, words: Sequence[str]) -> TokenView:
        """A view from each word's code string (``words[i]`` is word ``first + i``)."""
        offsets = tuple(accumulate((len(w) + 1 for w in words[:-1]), initial=0)) if words else ()
        return cls(first, _SEP.join(words) + _SEP if words else "", offsets)

    def token_at(self, offset: int) -> int:
        """The index (in the Document's words) of the token whose codes hold ``offset``."""
        return self.first + bisect_right(self.offsets, offset) - 1


@attrs.frozen
class RuleSet:
    """The attribution rules, with the veto patterns compiled over a feature alphabet.

    Attributes:
        rules: Every rule, by priority.
        codes: The one-character code of each feature.
        patterns: The phrase patterns, by id (every key of :data:`PATTERNS`).
    """

    rules: tuple[Rule, ...]
    codes: dict[str, str]
    patterns: dict[str, Pattern] = attrs.field(factory=dict)

    def regex(self, pattern_id: str) -> re.Pattern[str]:
        """The compiled regex of a phrase pattern."""
        return self.patterns[pattern_id].regex

    def finals(self, *pattern_ids: str) -> tuple[str, ...]:
        """The words any match of the given patterns ends with (for ``str.endswith``)."""
        return tuple(sorted({f for p in pattern_ids for f in self.patterns[p].finals}))

    @classmethod
    def load(cls, path: str | Path, features: Sequence[str]) -> RuleSet:
        """Read and validate a rules file; ``features`` are the token features there are.

        Raises:
            LexiconError: The file is unreadable or a rule is invalid (the message names the
                rule and field).
        """
        name = str(path)
        try:
            raw = tomllib.loads(Path(path).read_text("utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise LexiconError(name, f"cannot read the rules: {exc}") from None
        codes = {f: chr(0xE000 + i) for i, f in enumerate(features)}
        rules = [_rule(r, i, name, codes) for i, r in enumerate(raw.get("rules", []))]
        if not rules:
            raise LexiconError(name, "no [[rules]]", field="rules")
        seen: set[str] = set()
        for i, r in enumerate(rules):
            if r.id in seen:
                raise LexiconError(name, f"duplicate rule id {r.id!r}", field=f"rules[{i}] id")
            seen.add(r.id)
        _check_fallback_order(rules, name)
        patterns = _patterns(raw.get("patterns", []), name)
        return cls(tuple(sorted(rules, key=lambda r: (r.priority, r.id))), codes, patterns)

    def get(self, rule_id: str) -> Rule:
        """The rule of an id; the error lists the known ids."""
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(f"no rule {rule_id!r}; known: {', '.join(r.id for r in self.rules)}")

    @property
    def vetoes(self) -> tuple[Rule, ...]:
        """The veto rules, by priority."""
        return tuple(r for r in self.rules if r.action == "veto")

    @property
    def forms(self) -> tuple[tuple[Rule, Form], ...]:
        """The cue-anchored forms of the relation rules, by priority, then in order."""
        return tuple(
            (r, f)
            for r in self.rules
            if r.action == "relation"
            for f in r.forms
            if f.anchor == "cue"
        )

    @property
    def paragraph_forms(self) -> tuple[tuple[Rule, Form], ...]:
        """The paragraph-anchored forms of the relation rules, by priority, then in order."""
        return tuple((r, f) for r in self.rules for f in r.forms if f.anchor == "paragraph")

    def features(self) -> frozenset[str]:
        """The token features that some pattern tests (the view computes only these)."""
        return frozenset(f for r in self.rules for f in r.features())

    def veto(self, view: TokenView, token: int, rules: Sequence[Rule] | None = None) -> Rule | None:
        """The first veto rule whose ``cue`` part is word ``token`` of the view, if any.

        A pattern is tried from each token before the cue that its prefix can reach (at most
        :data:`PREFIX` for an unbounded one), nearest first.
        """
        for rule in self.vetoes if rules is None else rules:
            assert rule.compiled is not None
            if matches_at(rule.compiled, rule.before, rule.after, view, token):
                return rule
        return None


def matches_at(
    compiled: re.Pattern[str], before: int, after: int, view: TokenView, token: int
) -> bool:
    """Whether a compiled pattern matches the view with its ``cue`` part at word ``token``.

    The match starts at a token before the cue that the pattern's prefix can reach (``before``,
    or at most :data:`PREFIX` for an unbounded one, -1). A pattern that ends with its cue part
    (``after`` 0) is searched for once, over the view cut after the cue's token; any other is
    tried from each start, nearest first.
    """
    i = token - view.first
    target = view.offsets[i]
    reach = PREFIX if before < 0 else before
    lo = max(0, i - reach)
    if after == 0:
        end = view.offsets[i + 1] if i + 1 < len(view.offsets) else len(view.codes)
        m = compiled.search(view.codes, view.offsets[lo], end)
        while m is not None:
            if m.start("cue") == target:
                return True
            m = compiled.search(view.codes, m.start() + 1, end)
        return False
    for s in range(i, lo - 1, -1):
        m = compiled.match(view.codes, view.offsets[s])
        if m is not None and m.start("cue") == target:
            return True
    return False


def matches_token(compiled: re.Pattern[str], codes: str) -> bool:
    """Whether a compiled pattern of the cue's token alone matches a token's feature codes.

    For a pattern with no token before or after its ``cue`` part (``before`` and ``after`` 0),
    which then needs no view of the words around the cue.
    """
    return compiled.search(codes + _SEP) is not None


PREFIX = 8
"""How many tokens before a cue a pattern with a variable prefix may start."""


def _check_fallback_order(rules: list[Rule], path: str) -> None:
    """A fallback rule comes after every other relation rule with forms (a higher priority).

    The forms are tried in one run, by priority: the fallback rules are reached only when no
    rule before them took the cue, which for a cue verb means that no subject stands before it
    (the subject rule's forms take every cue verb with one).
    """
    last = max(
        (r.priority for r in rules if r.action == "relation" and r.forms and not r.fallback),
        default=None,
    )
    for i, r in enumerate(rules):
        if r.fallback and last is not None and r.priority <= last:
            raise LexiconError(
                path,
                f"a fallback rule must come after every other relation rule with forms "
                f"(priority above {last})",
                field=f"rules[{i}] priority",
            )


def _table(raw: object, known: set[str], path: str, where: str) -> dict[str, object]:
    """``raw`` as a table of known fields; the error names the file, the place and the field."""
    if not isinstance(raw, dict):
        raise LexiconError(path, "must be a table", field=where)
    unknown = sorted(set(raw) - known)
    if unknown:
        raise LexiconError(
            path,
            f"unknown field (known: {', '.join(sorted(known))})",
            field=f"{where} {unknown[0]}",
        )
    return raw


def _patterns(raw: object, path: str) -> dict[str, Pattern]:
    """Read the ``[[patterns]]``: one for each key of :data:`PATTERNS`, each with examples."""
    if not isinstance(raw, list):
        raise LexiconError(path, "must be a list of tables", field="patterns")
    out: dict[str, Pattern] = {}
    for i, item in enumerate(raw):
        where = f"patterns[{i}]"
        t: dict[str, Any] = _table(item, _PATTERN_FIELDS, path, where)
        pid = t.get("id")
        if pid not in PATTERNS or pid in out:
            raise LexiconError(
                path, f"must be a new one of {', '.join(PATTERNS)}", field=f"{where} id"
            )
        description = t.get("description")
        if not isinstance(description, str) or not description.strip():
            raise LexiconError(path, "must be a non-empty string", field=f"{where} description")
        ignore_case = t.get("ignore_case", False)
        if not isinstance(ignore_case, bool):
            raise LexiconError(path, "must be true or false", field=f"{where} ignore_case")
        try:
            regex = re.compile(str(t.get("regex")), re.IGNORECASE if ignore_case else 0)
        except re.error as exc:
            raise LexiconError(path, f"bad regex: {exc}", field=f"{where} regex") from None
        finals = t.get("finals", [])
        if not isinstance(finals, list) or not all(isinstance(f, str) for f in finals):
            raise LexiconError(path, "must be a list of words", field=f"{where} finals")
        examples = t.get("examples", [])
        if (
            not isinstance(examples, list)
            or not all(
                isinstance(e, dict)
                and set(e) == {"text", "match"}
                and isinstance(e["text"], str)
                and isinstance(e["match"], bool)
                for e in examples
            )
            or not any(e["match"] for e in examples)
        ):
            raise LexiconError(
                path,
                "must list { text, match } tables, one at least that matches",
                field=f"{where} examples",
            )
        out[pid] = Pattern(
            pid,
            description.strip(),
            regex,
            tuple(f.lower() for f in finals),
            tuple((e["text"], e["match"]) for e in examples),
        )
    missing = [p for p in PATTERNS if p not in out]
    if missing and out:
        raise LexiconError(path, f"no pattern for {', '.join(missing)}", field="patterns")
    return out


def _rule(raw_rule: object, index: int, path: str, codes: dict[str, str]) -> Rule:
    raw: dict[str, Any] = _table(raw_rule, _FIELDS, path, f"rules[{index}]")
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not re.fullmatch(r"attribution\.[a-z_.]+", rule_id):
        raise LexiconError(path, "must be 'attribution.<name>'", field=f"rules[{index}] id")
    action = raw.get("action", "relation")
    if action not in ACTIONS:
        raise LexiconError(
            path, f"must be one of {', '.join(ACTIONS)}", field=f"rules[{index}] action"
        )
    priority = raw.get("priority")
    if not isinstance(priority, int) or isinstance(priority, bool):
        raise LexiconError(path, "must be an integer", field=f"rules[{index}] priority")
    parts = raw.get("parts", [])
    if not isinstance(parts, list) or not parts or any(p not in PARTS for p in parts):
        raise LexiconError(
            path, f"must list parts among {', '.join(PARTS)}", field=f"rules[{index}] parts"
        )
    description = raw.get("description")
    if not isinstance(description, str) or not description.strip():
        raise LexiconError(path, "must be a non-empty string", field=f"rules[{index}] description")
    pattern = raw.get("pattern")
    compiled, before, after = None, -1, -1
    if action == "veto":
        compiled, before, after = _pattern(pattern, "a veto rule", path, f"rules[{index}]", codes)
    elif pattern is not None:
        raise LexiconError(
            path,
            "only veto rules have a pattern (relation rules have forms)",
            field=f"rules[{index}] pattern",
        )
    raw_forms = raw.get("forms", [])
    if not isinstance(raw_forms, list) or (raw_forms and action != "relation"):
        raise LexiconError(
            path, "only relation rules have forms, a list", field=f"rules[{index}] forms"
        )
    forms = tuple(
        _form(f, f"rules[{index}] forms[{i}]", path, codes, parts) for i, f in enumerate(raw_forms)
    )
    fallback = raw.get("fallback", False)
    if not isinstance(fallback, bool) or (fallback and not forms):
        raise LexiconError(
            path, "must be true or false, true only with forms", field=f"rules[{index}] fallback"
        )
    examples = tuple(_example(e, index, path) for e in raw.get("examples", []))
    if not any(e.match for e in examples) and action == "relation":
        raise LexiconError(
            path, "a relation rule needs an example that matches", field=f"rules[{index}] examples"
        )
    if not any(not e.match for e in examples) and action == "veto":
        raise LexiconError(
            path, "a veto rule needs an example it rejects", field=f"rules[{index}] examples"
        )
    return Rule(
        rule_id,
        action,
        priority,
        tuple(parts),
        description.strip(),
        pattern,
        forms,
        fallback,
        examples,
        compiled,
        before,
        after,
        _cue_needs(pattern) if pattern is not None else frozenset(),
    )


def _pattern(
    pattern: object,
    what: str,
    path: str,
    where: str,
    codes: dict[str, str],
    field: str = "pattern",
) -> tuple[re.Pattern[str], int, int]:
    """Compile a pattern field of a rule or form; the error names where it stands and the field."""
    if not isinstance(pattern, str):
        raise LexiconError(path, f"{what} needs a pattern", field=f"{where} {field}")
    try:
        return _compile(pattern, codes)
    except ValueError as exc:
        raise LexiconError(path, str(exc), field=f"{where} {field}") from None


def _form(raw_form: object, where: str, path: str, codes: dict[str, str], parts: list[str]) -> Form:
    """Read and compile one form of a relation rule."""
    if isinstance(raw_form, dict) and "anchor" in raw_form:
        return _paragraph_form(raw_form, where, path, codes, parts)
    raw = _table(raw_form, _FORM_FIELDS, path, where)
    pattern = raw.get("pattern")
    compiled, before, after = _pattern(pattern, "a form", path, where, codes)
    assert isinstance(pattern, str)
    unless = raw.get("unless")
    unless_compiled, unless_reach = None, (0, 0)
    if unless is not None:
        unless_compiled, u_before, u_after = _pattern(
            unless, "an unless field", path, where, codes, field="unless"
        )
        unless_reach = (u_before, u_after)
    content = raw.get("content")
    if (
        content in _PARAGRAPH_CHUNKS
        or content not in CHUNKS
        or not CHUNKS[content].startswith("content:")
    ):
        known = ", ".join(c for c, d in CHUNKS.items() if d.startswith("content:"))
        raise LexiconError(path, f"must be a content chunk ({known})", field=f"{where} content")
    source = _part(raw.get("source"), f"{where} source", path, codes=codes, name="source")
    via = _part(raw.get("via"), f"{where} via", path, codes=codes, name="via")
    for name, given in (("source", source), ("via", via), ("content", content)):
        if given is not None and name not in parts:
            raise LexiconError(path, f"fills {name}, which parts leaves out", field=where)
    flags = _flags(raw, ("not_nested", "needs_content"), where, path)
    return Form(
        pattern,
        source,
        content,
        via=via,
        not_nested=flags["not_nested"],
        needs_content=flags["needs_content"],
        compiled=compiled,
        before=before,
        after=after,
        cue_needs=_cue_needs(pattern),
        prev_needs=_prev_needs(pattern),
        unless=unless if isinstance(unless, str) else None,
        unless_compiled=unless_compiled,
        unless_reach=unless_reach,
    )


def _paragraph_form(
    raw_form: dict[str, Any], where: str, path: str, codes: dict[str, str], parts: list[str]
) -> Form:
    """Read one paragraph-anchored form (see the module docstring)."""
    raw = _table(raw_form, _PARAGRAPH_FORM_FIELDS, path, where)
    if raw.get("anchor") != "paragraph":
        raise LexiconError(
            path, "must be 'paragraph' (or left out: 'cue')", field=f"{where} anchor"
        )
    label = raw.get("cue_label")
    if not isinstance(label, str) or f"cue_{label}" not in codes:
        raise LexiconError(path, "must be a label of the cue lexicon", field=f"{where} cue_label")
    cue_text = raw.get("cue_text")
    if not isinstance(cue_text, str) or not cue_text:
        raise LexiconError(path, "must be a non-empty string", field=f"{where} cue_text")
    at_least = raw.get("at_least", 1)
    if not isinstance(at_least, int) or isinstance(at_least, bool) or at_least < 1:
        raise LexiconError(path, "must be a whole number of at least 1", field=f"{where} at_least")
    if raw.get("content") != "paragraph_rest":
        raise LexiconError(
            path, "a paragraph form's content is 'paragraph_rest'", field=f"{where} content"
        )
    source = _part(raw.get("source"), f"{where} source", path, paragraph=True)
    if source is not None and "source" not in parts:
        raise LexiconError(path, "fills source, which parts leaves out", field=where)
    return Form(
        "",
        source,
        "paragraph_rest",
        compiled=re.compile("(?!)"),
        before=0,
        after=0,
        cue_needs=frozenset(),
        prev_needs=frozenset(),
        anchor="paragraph",
        cue_label=label,
        cue_text=cue_text,
        at_least=at_least,
    )


def _part(
    raw: object,
    where: str,
    path: str,
    paragraph: bool = False,
    codes: dict[str, str] | None = None,
    name: str = "source",
) -> Part | None:
    """Read a source or via part of a form: a chunk, optional regexes, flags.

    ``paragraph``: the part of a paragraph form, whose only chunk is ``speaker`` and which alone
    may have ``reject`` and ``nobody`` regexes. The ``reject`` of a cue form's part is a list
    of patterns over the token view around the phrase (compiled over ``codes``; they name the
    part, ``name``).
    """
    if raw is None:
        return None
    if not isinstance(raw, dict) or set(raw) - _PART_FIELDS:
        raise LexiconError(
            path, f"must be a table of {', '.join(sorted(_PART_FIELDS))}", field=where
        )
    chunk = raw.get("chunk")
    if paragraph and chunk != "speaker":
        raise LexiconError(path, "a paragraph form's source is 'speaker'", field=f"{where} chunk")
    if not paragraph and (
        chunk in _PARAGRAPH_CHUNKS or chunk not in CHUNKS or not CHUNKS[chunk].startswith("source:")
    ):
        known = ", ".join(
            c for c, d in CHUNKS.items() if d.startswith("source:") and c not in _PARAGRAPH_CHUNKS
        )
        raise LexiconError(path, f"must name a source chunk ({known})", field=f"{where} chunk")
    allowed = (
        ("reject", "nobody")
        if paragraph
        else ("lead", "tail", "required", "outlet", "secondhand", "agent", "reject")
    )
    given = sorted(set(raw) - {"chunk"} - set(allowed))
    if given:
        raise LexiconError(
            path,
            f"not for this kind of form (allowed: {', '.join(allowed)})",
            field=f"{where} {given[0]}",
        )
    assert isinstance(chunk, str)
    regexes: dict[str, re.Pattern[str] | None] = {}
    for field in ("lead", "tail", "reject", "nobody"):
        value = raw.get(field)
        if field == "reject" and not paragraph:
            continue
        try:
            regexes[field] = None if value is None else re.compile(str(value))
        except re.error as exc:
            raise LexiconError(path, f"bad regex: {exc}", field=f"{where} {field}") from None
    flags = _flags(raw, ("required", "outlet", "secondhand", "agent"), where, path)
    rejects: tuple[PhraseTest, ...] = ()
    if not paragraph and "reject" in raw:
        listed = raw["reject"]
        if (
            not isinstance(listed, list)
            or not listed
            or not all(isinstance(t, str) for t in listed)
        ):
            raise LexiconError(path, "must be a list of patterns", field=f"{where} reject")
        assert codes is not None
        out = []
        for i, pattern in enumerate(listed):
            try:
                out.append(_phrase_test(pattern, name, codes))
            except ValueError as exc:
                raise LexiconError(path, str(exc), field=f"{where} reject[{i}]") from None
        rejects = tuple(out)
    return Part(
        chunk,
        regexes["lead"],
        regexes["tail"],
        flags["required"],
        flags["outlet"],
        flags["secondhand"],
        regexes.get("reject"),
        regexes["nobody"],
        flags["agent"],
        rejects,
    )


def _flags(
    raw: dict[str, object], names: tuple[str, ...], where: str, path: str
) -> dict[str, bool]:
    """The true/false fields ``names`` of a table (false when absent); others are errors."""
    flags: dict[str, bool] = {}
    for name in names:
        value = raw.get(name, False)
        if not isinstance(value, bool):
            raise LexiconError(path, "must be true or false", field=f"{where} {name}")
        flags[name] = value
    return flags


_Test = tuple[str | None, str, str]
"""A token test of a pattern: the part it names (``None``: none), the test, its quantifier."""


def _tests(pattern: str, names: Collection[str], hint: str) -> list[_Test]:
    """The token tests of a pattern, each with the part name written before it, if any.

    A name not in ``names``, or anything else between the tests, is an error (``hint`` says
    which part names the pattern may use).
    """
    tests: list[_Test] = []
    pos = 0
    for m in _TEST.finditer(pattern):
        lead = pattern[pos : m.start()].strip()
        pos = m.end()
        part = None
        if lead:
            pm = _PART.fullmatch(lead)
            if pm is None or pm.group(1) not in names:
                raise ValueError(f"unexpected {lead!r} before a token test ({hint})")
            part = pm.group(1)
        tests.append((part, m.group(1), m.group(2) or ""))
    if pattern[pos:].strip():
        raise ValueError(f"unexpected {pattern[pos:].strip()!r} at the end")
    return tests


def _phrase_test(pattern: str, name: str, codes: dict[str, str]) -> PhraseTest:
    """Compile a pattern over the words around a phrase (see :class:`PhraseTest`)."""
    tests = _tests(pattern, (name,), f"the part is '{name}:'")
    named = [i for i, (part, _t, _q) in enumerate(tests) if part is not None]
    if not named or named != list(range(named[0], named[-1] + 1)):
        raise ValueError(f"a reject pattern names the phrase: one run of '{name}:' tests")
    lo, hi = named[0], named[-1] + 1

    def body(run: list[_Test]) -> str:
        return "".join(f"(?:{_token(test, codes)}){quant}" for _p, test, quant in run)

    def reach(run: list[_Test]) -> int:
        widths = [_width(quant) for _p, _t, quant in run]
        return PREFIX if any(w < 0 for w in widths) else sum(widths)

    inside = tests[lo:hi]
    # Compiled first: an unknown feature is an error there, before the needs are read.
    inside_regex = re.compile(body(inside))
    before = re.compile(f"(?<![^{_SEP}])(?:{body(tests[:lo])})\\Z") if lo > 0 else None
    after = re.compile(body(tests[hi:])) if hi < len(tests) else None
    widths = [_width(quant) for _p, _t, quant in inside]
    most = -1 if any(w < 0 for w in widths) else sum(widths)
    fewest = sum(_least(quant) for _p, _t, quant in inside)
    prev_codes = last_codes = ""
    if lo > 0 and _least(tests[lo - 1][2]) > 0:
        prev_codes = "".join(codes[f] for f in sorted(_needs(tests[lo - 1][1])))
    if _least(inside[-1][2]) > 0:
        last_codes = "".join(codes[f] for f in sorted(_needs(inside[-1][1])))
    return PhraseTest(
        pattern,
        inside_regex,
        before,
        after,
        (reach(tests[:lo]), reach(tests[hi:])),
        (fewest, most),
        prev_codes,
        last_codes,
    )


def _least(quant: str) -> int:
    """The fewest tokens a quantified test takes."""
    if quant in ("?", "*"):
        return 0
    if quant in ("", "+"):
        return 1
    return int(quant[1:-1].partition(",")[0])


def _example(raw: object, index: int, path: str) -> Example:
    if (
        not isinstance(raw, dict)
        or not isinstance(raw.get("text"), str)
        or not isinstance(raw.get("cue"), str)
    ):
        raise LexiconError(
            path, "each example needs a text and a cue", field=f"rules[{index}] examples"
        )
    unknown = sorted(set(raw) - _EXAMPLE_FIELDS)
    if unknown:
        raise LexiconError(
            path, f"example field {unknown[0]!r} is unknown", field=f"rules[{index}] examples"
        )
    return Example(
        raw["text"],
        raw["cue"],
        bool(raw.get("match", True)),
        raw.get("source"),
        raw.get("content"),
        raw.get("via"),
    )


def _compile(pattern: str, codes: dict[str, str]) -> tuple[re.Pattern[str], int, int]:
    """Compile a pattern to a regex over token codes.

    Returns:
        The regex, and the most tokens that stand before and after the ``cue`` part (-1 where
        a quantifier leaves the number unbounded).
    """
    out: list[str] = []
    before = after = 0
    fixed = fixed_after = True
    seen_cue = False
    for name, test, quant in _tests(pattern, PARTS, "a part name is 'cue:'"):
        token = _token(test, codes)
        width = _width(quant)
        piece = f"(?:{token}){quant}"
        if name is not None:
            piece = f"(?P<{name}>{piece})"
        if name == "cue":
            seen_cue = True
        elif not seen_cue:
            fixed = fixed and width >= 0
            before += max(width, 0)
        else:
            fixed_after = fixed_after and width >= 0
            after += max(width, 0)
        out.append(piece)
    if not seen_cue:
        raise ValueError("a pattern needs a 'cue:' part")
    body = "".join(out)
    if fixed_after and after == 0:
        # The cue part ends the pattern: one search for a match that starts at a token and ends
        # with the cue's token (see matches_at) replaces a match tried from each start.
        return re.compile(f"(?<![^{_SEP}])(?:{body})\\Z"), before if fixed else -1, 0
    return re.compile(body), before if fixed else -1, after if fixed_after else -1


def _needs(test: str) -> set[str]:
    """The features every alternative of a token test requires."""
    needs = [
        {f.strip() for f in alt.split("&") if f.strip() and not f.strip().startswith("!")}
        for alt in test.split("|")
    ]
    return set.intersection(*needs) - {"*"}


def _prev_needs(pattern: str) -> frozenset[str]:
    """The features the token right before the ``cue`` part must have for any match.

    The tests before the cue are read backwards: the one next to it, and, while a test may
    take no token (``?``, ``*``, ``{0,n}``), the one before it too; what all of them require is
    required. Nothing when the cue may open the match.
    """
    tests = list(_TEST.finditer(pattern))
    cue = next(i for i, m in enumerate(tests) if pattern[: m.start()].rstrip().endswith("cue:"))
    required: set[str] | None = None
    for m in reversed(tests[:cue]):
        needs = _needs(m.group(1))
        required = needs if required is None else required & needs
        quant = m.group(2) or ""
        if not (quant in ("?", "*") or quant.startswith("{0")):
            return frozenset(required)
    return frozenset()


def _cue_needs(pattern: str) -> frozenset[str]:
    """The features every alternative of the pattern's ``cue`` test requires."""
    m = re.search(r"cue:\[([^\]]*)\]", pattern)
    if m is None:
        return frozenset()
    needs = [
        {f.strip() for f in alt.split("&") if f.strip() and not f.strip().startswith("!")}
        for alt in m.group(1).split("|")
    ]
    return frozenset(set.intersection(*needs) - {"*"})


def _width(quant: str) -> int:
    """The most tokens a quantified test can take: 1, its bound, or -1 when unbounded."""
    if quant in {"", "?"}:
        return 1
    if quant in ("*", "+"):
        return -1
    low, _, high = quant[1:-1].partition(",")
    return int(high or low)


def _token(test: str, codes: dict[str, str]) -> str:
    """The regex of one token test: lookaheads over the token's codes, then the token."""
    body = f"[^{_SEP}]*"
    if test.strip() == "*":
        return f"{body}{_SEP}"
    alts = []
    for alt in test.split("|"):
        looks = []
        for raw in alt.split("&"):
            neg = raw.strip().startswith("!")
            feature = raw.strip().lstrip("!").strip()
            if feature not in codes:
                raise ValueError(f"unknown feature {feature!r} (known: {', '.join(codes)})")
            looks.append(f"(?{'!' if neg else '='}{body}{re.escape(codes[feature])})")
        if not looks:
            raise ValueError(f"empty token test [{test}]")
        alts.append("".join(looks))
    return f"(?:{'|'.join(alts)}){body}{_SEP}"
