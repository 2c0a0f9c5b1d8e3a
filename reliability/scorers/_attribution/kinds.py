"""Source kinds: how far a reader can identify each source, decided by an ordered table.

The stage reads the relations the extraction rules found (:class:`Found`, untyped), the Document
and the lexicons, and returns the relations typed: each gets a kind (``on_record``,
``anonymous``, ``unspecified``, or ``None`` when its source was not found), the id of the
decision-table row that gave it (``kind_rule``), the earlier mention it refers back to
(``resolved``) and a stated reason for anonymity.

How a source phrase is read (no parser; the phrase's own words and the lexicons):

* Its words are split into parts joined by a coordinator or an insertion word ("Trump *and* his
  aides", "Critics, *like* Senator Grassley"); the first part is the main phrase.
* In the main phrase the **head** is the last word before a connector ("the finance ministers
  *of* the G20", "sources *close to* the Taliban"); the words after it are the complement. A
  quantity or collective head followed by "of" ("many *of* his supporters", "a group *of*
  researchers") is read through to the phrase after "of" (a ``partitive``, a connector that
  leads to the members).
* The head's **class** is its entry in the ``source_kinds`` lexicon, else its label in
  ``source_roles``; a capitalised word with no class is a **name** (unless it opens a sentence
  and the article also uses it in lower case).
* The **determiner** is read from the first word; the head's number from its ending.
* A pronoun, a bare surname or a definite description ("the official", "the newspaper") is
  linked to the earlier mention it refers back to (:class:`_History`); the link's kind is the
  ``antecedent`` feature, and a relation the extraction rules gave a ``resolved`` span already
  (a relative pronoun: "Two officials, who …, said") takes that span as its antecedent.

The ``source_kinds`` lexicon holds the table (its ``rows``: each an id, conditions over these
features, the kind, a plain-language reason and examples) and the word classes. The first row
whose conditions hold decides; its id is recorded. Nothing here tests a lexicon entry id.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any, NamedTuple

import attrs

from reliability.document import Document, Segment
from reliability.errors import LexiconError
from reliability.lexicon import Entry, LexiconSet
from reliability.scorers._attribution.terms import TermIndex, normalise

if TYPE_CHECKING:  # extract.py builds the relations and imports this module
    from reliability.scorers._attribution.extract import Found

__all__ = ["KIND_RULE_PREFIX", "KindRow", "KindTyper", "Parts", "Roles"]

KIND_RULE_PREFIX = "source_kinds:"
"""Prefix of a recorded ``kind_rule``: the lexicon id, then the row id."""

_CONTEXT_FEATURES = frozenset(("outlet", "marker", "later_named", "name_before"))
"""Features read from the article around the source, computed only when a row asks."""
_KINDS = frozenset(("on_record", "anonymous", "unspecified", "antecedent", "none"))
_DETERMINERS = ("definite", "possessive", "indefinite", "quantified", "bare")
_FEATURES: dict[str, tuple[type, frozenset[str] | None]] = {
    "has_source": (bool, None),
    "found_by": (str, None),
    "head_class": (str, None),
    "single": (bool, None),
    "antecedent": (str, frozenset(("on_record", "anonymous", "unspecified", "none"))),
    "outlet": (bool, None),
    "mixed": (bool, None),
    "named_head": (bool, None),
    "named_modifier": (bool, None),
    "named_complement": (bool, None),
    "determiner": (str, frozenset(_DETERMINERS)),
    "number": (str, frozenset(("singular", "plural"))),
    "qualified": (bool, None),
    "affiliation": (bool, None),
    "marker": (bool, None),
    "later_named": (bool, None),
    "name_before": (bool, None),
}
"""The features a row may test, their type and (for closed sets) their values."""

_STRIP = ",.;:!?\"“”‘’'()[]—–-"
_PLURAL_NOT = ("ss", "us", "is", "'s")
_MEMO_SIZE = 100_000
"""The most words whose class a typer remembers (the lexicons fix each word's class)."""
_HEADLINE_LENGTH = 200
"""The longest first paragraph (characters) read as a headline."""
_CATAPHORA_REACH = 400
"""How far after a vague first mention (characters) the rules look for its full name."""


@attrs.frozen
class Roles:
    """Lower-cased role nouns by label, from the ``source_roles`` lexicon."""

    label: dict[str, str]

    def get(self, word: str) -> str | None:
        """The label of a word (a possessive ``'s`` ignored), or ``None``."""
        w = word.lower().replace("’", "'")
        found = self.label.get(w)
        if found is None and w.endswith("'s"):
            found = self.label.get(w[:-2])
        return found

    @classmethod
    def of(cls, entries: Iterable[Entry]) -> Roles:
        """Index the labelled literal entries (the first entry of a term wins)."""
        roles: dict[str, str] = {}
        for e in entries:
            if e.term is not None and e.label is not None:
                roles.setdefault(normalise(e.term), e.label)
        return cls(roles)


@attrs.frozen(slots=False)
class KindRow:
    """One row of the decision table.

    Attributes:
        id: The row id (recorded as ``source_kinds:<id>``).
        when: Feature conditions, all of which must hold (a list: any of its values).
        kind: The kind the row gives (``antecedent``: the kind of what the phrase refers to;
            ``none``: not typed).
        reason: Why, in plain words ("role noun without a name").
        examples: ``{text, source, kind}`` tables that must give this row.
    """

    id: str
    when: Mapping[str, Any]
    kind: str
    reason: str
    examples: tuple[Mapping[str, str], ...]

    @cached_property
    def tests(self) -> tuple[tuple[str, tuple[Any, ...]], ...]:
        """The conditions as (feature, allowed values), compiled once.

        The features read from the article around the source come last, so that a cheaper
        condition that fails first spares computing them.
        """
        tests = [
            (name, tuple(want) if isinstance(want, list) else (want,))
            for name, want in self.when.items()
        ]
        return tuple(sorted(tests, key=lambda t: t[0] in _CONTEXT_FEATURES))

    @cached_property
    def rule(self) -> str:
        """The id recorded with an attribution."""
        return KIND_RULE_PREFIX + self.id


def _row(raw: Mapping[str, Any], index: int, path: str) -> KindRow:
    where = f"rows[{index}]"

    def fail(field: str, reason: str) -> LexiconError:
        return LexiconError(path, reason, field=f"{where}.{field}")

    row_id = raw.get("id")
    if not isinstance(row_id, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", row_id):
        raise fail("id", "must be lower-case letters, digits and '_'")
    unknown = sorted(set(raw) - {"id", "when", "kind", "reason", "examples"})
    if unknown:
        raise fail(unknown[0], "unknown field (known: examples, id, kind, reason, when)")
    when = raw.get("when", {})
    if not isinstance(when, dict):
        raise fail("when", "must be a table of feature conditions")
    for name, want in when.items():
        if name not in _FEATURES:
            raise fail(f"when.{name}", f"unknown feature (known: {', '.join(sorted(_FEATURES))})")
        typ, values = _FEATURES[name]
        for v in want if isinstance(want, list) else [want]:
            if not isinstance(v, typ) or (values is not None and v not in values):
                allowed = ", ".join(sorted(values)) if values else typ.__name__
                raise fail(f"when.{name}", f"bad value {v!r} (expected {allowed})")
    kind = raw.get("kind")
    if kind not in _KINDS:
        raise fail("kind", f"must be one of {', '.join(sorted(_KINDS))}")
    reason = raw.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        raise fail("reason", "must be a non-empty string")
    examples = raw.get("examples", [])
    if not isinstance(examples, list) or not all(
        isinstance(x, dict) and {"text", "source", "kind"} <= set(x) for x in examples
    ):
        raise fail("examples", "must be a list of tables with text, source and kind")
    return KindRow(row_id, dict(when), str(kind), reason, tuple(examples))


class Parts(NamedTuple):
    """The parts of a source phrase that the table reads (see the module docstring)."""

    head: str
    head_class: str
    single: bool
    determiner: str
    number: str
    named_head: bool
    named_modifier: bool
    named_complement: bool
    qualified: bool
    affiliation: bool
    mixed: bool
    head_end: int = 0  # offset just after the head word (not a feature rows may test)


def _class_words(lexicons: LexiconSet) -> Roles:
    """The words of the ``source_kinds`` classes: its entries, then the classes it refers to.

    A label of the ``classes`` table takes the words of another lexicon's class
    (``relative = ["word_classes:pronoun_relative"]``); a word the lexicon lists itself keeps
    its own label.

    Raises:
        LexiconError: A reference names no lexicon, or a class with no words (naming the file
            and the label).
    """
    family = lexicons.family("source_kinds")
    words: dict[str, str] = {}
    for lex in family:
        for e in lex.entries:
            if e.term is not None and e.label is not None:
                words.setdefault(normalise(e.term), e.label)
    for lex in family:
        for label, refs in lex.classes.items():
            for ref in refs:
                lexicon_id, _, class_label = ref.partition(":")
                source = lexicons.family(lexicon_id)
                if not source:
                    known = ", ".join(sorted({x.id for x in lexicons}))
                    raise LexiconError(
                        lex.path,
                        f"{ref!r}: no lexicon {lexicon_id!r} (known: {known})",
                        field=f"classes.{label}",
                    )
                terms = [
                    e.term
                    for x in source
                    for e in x.entries
                    if e.label == class_label and e.term is not None
                ]
                if not terms:
                    raise LexiconError(
                        lex.path,
                        f"{ref!r}: {lexicon_id} has no words labelled {class_label!r}",
                        field=f"classes.{label}",
                    )
                for term in terms:
                    words.setdefault(normalise(term), label)
    return Roles(words)


_PART_FEATURES = Parts._fields[1:11]
"""The parts a row may test (``Parts[1:11]``: all but the head word and its end)."""
_NO_PARTS: Parts = Parts._make((None,) * 11 + (0,))
"""The parts of a relation whose source was not found: every feature ``None``."""


class _Word(NamedTuple):
    text: str  # as written
    low: str  # lower-cased, straight apostrophe
    start: int  # offset in the document
    cls: str | None  # its word class, looked up once


class KindTyper:
    """Types the sources of found relations with the ``source_kinds`` decision table.

    Args:
        lexicons: A lexicon set holding ``source_kinds``, ``source_roles``, ``anonymity`` and
            ``outlets`` (and any lexicons extending them).

    Raises:
        LexiconError: A row of the table is malformed (naming the file, row and field).
    """

    def __init__(self, lexicons: LexiconSet) -> None:
        """Read the table and the word classes once."""

        def entries(family: str) -> list[Entry]:
            return [e for lex in lexicons.family(family) for e in lex.entries]

        rows: list[KindRow] = []
        seen: set[str] = set()
        for lex in lexicons.family("source_kinds"):
            for i, raw in enumerate(lex.rows):
                row = _row(raw, i, lex.path)
                if row.id in seen:
                    raise LexiconError(lex.path, "duplicate row id", field=f"rows[{i}].id")
                seen.add(row.id)
                rows.append(row)
        if not rows:
            raise LexiconError("source_kinds", "the source_kinds lexicon has no rows")
        self.rows: tuple[KindRow, ...] = tuple(rows)
        self.classes = _class_words(lexicons)
        self.name_then_head = _name_then_head(
            normalise(e.term)
            for lex in lexicons.family("source_kinds")
            for e in lex.entries
            if e.label == "article" and e.term is not None
        )
        self.roles = Roles.of(entries("source_roles"))
        scanner = lexicons.scanner
        self.outlets = TermIndex(entries("outlets"), scanner)
        self.anonymity = TermIndex(entries("anonymity"), scanner)
        self._class_memo: dict[str, str | None] = {}  # a pure function of the lexicons
        self._word_memo: dict[tuple[str, bool], tuple[str, str, str | None]] = {}
        self.one_word_parts: dict[tuple[str, bool], Parts] = {}  # head_end 0; likewise:
        self.phrase_parts: dict[Any, tuple[Parts, int, bool]] = {}
        self._compiled: dict[Any, Any] = {}  # rows left for each combination of own features

    # ---- word classes ---------------------------------------------------------------------

    def word_class(self, word: str) -> str | None:
        """A word's class: its ``source_kinds`` entry, else its ``source_roles`` label.

        A plural without an entry of its own takes its singular's ("companies" → "company").
        """
        if word in self._class_memo:
            return self._class_memo[word]
        found = self.classes.get(word) or self.roles.get(word)
        if found is None and len(word) > 3 and word[-1:] in "sS" and word[-2:] not in _PLURAL_NOT:
            low = word.lower()
            singular = low[:-3] + "y" if low.endswith("ies") else low[:-1]
            found = self.classes.get(singular) or self.roles.get(singular)
        if len(self._class_memo) < _MEMO_SIZE:
            self._class_memo[word] = found
        return found

    def read_word(self, word: str, dot_after: bool) -> tuple[str, str, str | None]:
        """A word as the table reads it: its text, lower-cased form and class.

        A word followed by a full stop keeps it when the lexicons list it so ("Sen.", "U.S.").
        """
        key = (word, dot_after)
        found = self._word_memo.get(key)
        if found is None:
            low = word.lower().replace("’", "'")
            c = self.word_class(low)
            if dot_after:
                dotted = self.word_class(low + ".")
                if dotted is not None:
                    word, low, c = word + ".", low + ".", dotted
            found = (word, low, c)
            if len(self._word_memo) < _MEMO_SIZE:
                self._word_memo[key] = found
        return found

    # ---- entry point ----------------------------------------------------------------------

    def type(self, document: Document, found: list[Found]) -> list[Found]:
        """Return the relations with kind, kind rule, resolved mention and anonymity reason."""
        doc = _Doc(self, document)
        history = _History()
        return [self._type_one(doc, history, f) for f in found]

    def _type_one(self, doc: _Doc, history: _History, f: Found) -> Found:
        resolved = f.resolved
        source = f.source
        if source is None:
            row = self._decide(_NO_PARTS, False, f.rule, "none", None, None, 0)
            antecedent = "none"
            parts = None
        else:
            parts = doc.parts(source)
            if resolved is not None:
                antecedent = self._kind_of_span(doc, resolved)
            else:
                link = doc.appositive_of(source, parts) or history.antecedent(doc, source, parts)
                if link is not None:
                    resolved, antecedent = link
                else:
                    antecedent = "none"
            row = self._decide(parts, True, f.rule, antecedent, doc, source, f.cue[0])
        kind: str | None = row.kind
        if kind == "antecedent":
            kind = antecedent
        elif kind == "none":
            kind = None
        if parts is not None and kind is not None:
            history.add(source, kind, parts)  # type: ignore[arg-type]
        reason = doc.reason(f.cue[0]) if kind in _UNNAMED else None
        return _typed(f, (resolved, kind, reason, row.rule, row.reason))

    def _decide(
        self,
        parts: Parts,
        has_source: bool,
        found_by: str,
        antecedent: str,
        doc: _Doc | None,
        span: Segment | None,
        cue: int,
        *,
        later_named: bool | None = None,
    ) -> KindRow:
        """The first row whose conditions hold for a source (the last row should hold always).

        The rows whose conditions on the phrase's own features hold are found once for each
        combination of those features (a handful per corpus); only the conditions on the
        article around the source (``outlet``, ``marker``, ``later_named``) are tested per
        source, and each such feature is computed at most once.
        """
        key = (has_source, found_by, antecedent, parts[1:11], later_named)
        candidates = self._compiled.get(key)
        if candidates is None:
            candidates = self._compiled[key] = self._candidates(key)
        context: dict[str, Any] | None = None
        for row, tests in candidates:
            if not tests:
                return row
            if context is None:
                context = {}
            for name, allowed in tests:
                value = context.get(name, _UNSET)
                if value is _UNSET:
                    value = context[name] = _context_feature(name, doc, span, cue, parts)
                if value not in allowed:
                    break
            else:
                return row
        raise LexiconError("source_kinds", "no row of the decision table holds (add a last row)")

    def _candidates(
        self, key: tuple[bool, str, str, tuple[Any, ...], bool | None]
    ) -> tuple[tuple[KindRow, tuple[tuple[str, tuple[Any, ...]], ...]], ...]:
        """The rows the phrase's own features allow, each with its remaining context tests.

        The list ends at the first row with no context test: it holds, so no later row is read.
        """
        has_source, found_by, antecedent, part_values, later_named = key
        own: dict[str, Any] = {"has_source": has_source, "found_by": found_by}
        own["antecedent"] = antecedent
        own.update(zip(_PART_FEATURES, part_values, strict=True))
        if later_named is not None:
            own["later_named"] = later_named
        out: list[tuple[KindRow, tuple[tuple[str, tuple[Any, ...]], ...]]] = []
        for row in self.rows:
            context: list[tuple[str, tuple[Any, ...]]] = []
            for name, allowed in row.tests:
                if name in own:
                    if own[name] not in allowed:
                        break
                else:
                    context.append((name, allowed))
            else:
                out.append((row, tuple(context)))
                if not context:
                    break
        return tuple(out)

    def _kind_of_span(self, doc: _Doc, span: Segment) -> str:
        """The kind a phrase has on its own (an antecedent set by the extraction rules)."""
        parts = doc.parts(span)
        row = self._decide(parts, True, "", "none", doc, span, span[0], later_named=False)
        kind = row.kind
        return kind if kind in ("on_record", "anonymous", "unspecified") else "on_record"


_TYPED_FIELDS = ("resolved", "kind", "anonymity_reason", "kind_rule", "kind_reason")
"""The fields of a relation this stage sets."""


def _typed(f: Found, values: tuple[Any, ...]) -> Found:
    """The relation with :data:`_TYPED_FIELDS` set to ``values``.

    When they are the relation's last fields (as they are), the tuple is built directly,
    several times cheaper than ``_replace``.
    """
    cls = type(f)
    if cls._fields[-5:] == _TYPED_FIELDS:
        return cls._make((*f[:-5], *values))
    return f._replace(**dict(zip(_TYPED_FIELDS, values, strict=True)))


_UNSET: Any = object()
_UNNAMED = frozenset(("anonymous", "unspecified"))


def _context_feature(
    name: str, doc: _Doc | None, span: Segment | None, cue: int, parts: Parts
) -> Any:
    """A feature read from the article around a source (``None`` for a source not found)."""
    if doc is None or span is None:
        return None
    if name == "outlet":
        return doc.is_outlet((span[0], parts.head_end))
    if name == "marker":
        return doc.has_marker(cue)
    if name == "name_before":
        return doc.first_name_end() <= span[0]
    return doc.later_named(span, parts)


class _Doc:
    """Per-document look-ups the stage needs: words, sentences, outlets, anonymity terms."""

    def __init__(self, typer: KindTyper, document: Document) -> None:
        self.typer = typer
        self.doc = document
        self.text = document.text
        self._in_lower_case: dict[str, bool] = {}
        self._lowered: str | None = None
        self._outlets: tuple[list[int], list[Segment]] | None = None
        self._terms: tuple[list[int], list[tuple[int, int, str | None]]] | None = None
        self._first_name_end: int | None = None

    # -- words --

    def _span_words(self, span: Segment) -> tuple[int, int]:
        """The indices of the Document's words starting inside ``span``."""
        starts = self.doc.word_starts
        return bisect_left(starts, span[0]), bisect_left(starts, span[1])

    def words(self, span: Segment) -> list[_Word]:
        """The Document's words inside ``span`` (it is not tokenised again).

        A ``,`` word stands where a comma or semicolon separates two words; an abbreviation
        keeps its full stop ("Sen.", "U.S.") when the lexicons list it so.
        """
        i, j = self._span_words(span)
        return self._words(span, i, j)

    def _words(self, span: Segment, i: int, j: int) -> list[_Word]:
        text = self.text
        words = self.doc.words
        out: list[_Word] = []
        read = self.typer.read_word
        for k in range(i, j):
            s, e = words[k]
            if e > span[1]:
                break
            word, low, c = read(text[s:e], text[e : e + 1] == ".")
            out.append(_Word(word, low, s, c))
            gap = text[e : words[k + 1][0]] if k + 1 < j else ""
            if "," in gap or ";" in gap:
                out.append(_Word(",", ",", e, "coordinator"))
        return out

    def in_lower_case(self, low: str) -> bool:
        """Whether the article also writes this word in lower case (a common word)."""
        known = self._in_lower_case.get(low)
        if known is None:
            text = self.text
            known = False
            i = text.find(low)
            while i >= 0:
                end = i + len(low)
                if (i == 0 or not _word_char(text[i - 1])) and (
                    end == len(text) or not _word_char(text[end])
                ):
                    known = True
                    break
                i = text.find(low, i + 1)
            self._in_lower_case[low] = known
        return known

    def opens_sentence(self, offset: int) -> bool:
        sent_i = self.doc.sentence_index(offset)
        if sent_i is None:
            return True
        return not self.text[self.doc.sentences[sent_i][0] : offset].strip(_STRIP + " \n\t")

    def is_name(self, w: _Word) -> bool:
        """A capitalised word with no class that is not a common word opening a sentence."""
        if w.cls is not None:
            return False
        initial = w.text[:1]
        if initial.isupper():
            bare = w.low[:-2] if w.low.endswith("'s") else w.low
            return not (self.opens_sentence(w.start) and self.in_lower_case(bare))
        if initial.isdigit():
            return any(c.isalpha() for c in w.text)  # "G20", not "2016"
        return False

    # -- parts --

    def parts(self, span: Segment) -> Parts:
        """The parts of the source phrase at ``span`` (see the module docstring)."""
        i, j = self._span_words(span)
        if j == i + 1:
            s, e = self.doc.words[i]
            if e <= span[1]:  # one word: its parts are fixed by the word and whether it is a name
                return self._one_word(
                    s, self.typer.read_word(self.text[s:e], self.text[e : e + 1] == ".")
                )
        words = self._words(span, i, j)
        if not words:
            return _one_part("", "other", named=False, head_end=span[1])
        if len(words) == 1:  # a pronoun, a surname, "officials": no parts to find
            w = words[0]
            return self._one_word(w.start, (w.text, w.low, w.cls))
        # The parts are fixed by the words and which of them are names (the only thing read
        # from the article, besides the affiliation phrases checked below).
        is_name = self.is_name
        names = tuple([is_name(w) for w in words])
        key = (tuple([w.text for w in words]), tuple([w.cls for w in words]), names)
        memo = self.typer.phrase_parts
        found = memo.get(key)
        if found is None:
            found = _phrase_parts(words, dict(zip((w.start for w in words), names, strict=True)))
            if len(memo) < _MEMO_SIZE:
                memo[key] = found
        template, head_i, check_terms = found
        head = words[head_i]
        if check_terms and any(
            label == "affiliation" and head.start <= s and e <= span[1]
            for s, e, label in self.terms_at(head.start)
        ):
            template = template._replace(affiliation=True)
        return _ending_at(template, head.start + len(head.text))

    def _one_word(self, start: int, word: tuple[str, str, str | None]) -> Parts:
        """The parts of a one-word source (its text, lower-cased form and class)."""
        text, low, c = word
        named = c is None and self.is_name(_Word(text, low, start, c))
        memo = self.typer.one_word_parts
        key = (text, named)
        found = memo.get(key)
        if found is None:
            found = _one_part(low, c or ("name" if named else "other"), named=named, head_end=0)
            if len(memo) < _MEMO_SIZE:
                memo[key] = found
        return _ending_at(found, start + len(text))

    # -- context --

    def _sentence_bounds(self, offset: int) -> Segment | None:
        sent_i = self.doc.sentence_index(offset)
        return None if sent_i is None else self.doc.sentences[sent_i]

    def _outlet_spans(self) -> tuple[list[int], list[Segment]]:
        """Outlet names of the whole text (one scan, made on first use), with their starts."""
        if self._outlets is None:
            spans = [(m.start, m.end) for m in self.typer.outlets.matches(self.text)]
            self._outlets = ([st for st, _ in spans], spans)
        return self._outlets

    def outlets_in(self, bounds: Segment) -> list[Segment]:
        """Outlet names starting inside ``bounds``."""
        starts, spans = self._outlet_spans()
        return spans[bisect_left(starts, bounds[0]) : bisect_left(starts, bounds[1])]

    def is_outlet(self, span: Segment) -> bool:
        """Whether a span contains (or is) a news outlet's name (or part of one)."""
        starts, spans = self._outlet_spans()
        i = bisect_left(starts, span[1])
        return any(span[0] < e for _s, e in spans[max(0, i - 3) : i])

    def last_outlet_before(self, offset: int) -> Segment | None:
        """The latest outlet name in the text before ``offset`` (the referent of 'the paper')."""
        starts, spans = self._outlet_spans()
        for o in reversed(spans[: bisect_left(starts, offset)]):
            if o[1] <= offset:
                return o
        return None

    def terms_at(self, offset: int) -> list[tuple[int, int, str | None]]:
        """Anonymity-lexicon matches (start, end, label) in the sentence at ``offset``.

        The whole text is matched once, on first use; a sentence's matches are a slice of it.
        """
        if self._terms is None:
            found = [
                (m.start, m.end, m.entry.label) for m in self.typer.anonymity.matches(self.text)
            ]
            self._terms = ([t[0] for t in found], found)
        bounds = self._sentence_bounds(offset)
        if bounds is None:
            return []
        starts, terms = self._terms
        return terms[bisect_left(starts, bounds[0]) : bisect_left(starts, bounds[1])]

    def has_marker(self, offset: int) -> bool:
        """Whether the sentence at ``offset`` says a source is deliberately unnamed."""
        return any(lb == "marker" for _s, _e, lb in self.terms_at(offset))

    def reason(self, offset: int) -> Segment | None:
        """The stated reason for anonymity in the sentence at ``offset``, to its clause end."""
        bounds = self._sentence_bounds(offset)
        if bounds is None:
            return None
        e = bounds[1]
        for rs, _re, label in self.terms_at(offset):
            if label == "reason":
                end = rs
                while end < e and self.text[end] not in ",.;—–)":
                    end += 1
                return (rs, end)
        return None

    def appositive_of(self, span: Segment, parts: Parts) -> tuple[Segment, str] | None:
        """The name a role phrase stands in apposition to, taken as what it refers to.

        "Jared Bernstein, *a former adviser*": the phrase after the comma describes the name.
        """
        if parts.named_head or parts.single or parts.determiner not in ("indefinite", "definite"):
            return None
        m = _APPOSITION.search(self.text, max(0, span[0] - 80), span[0])
        if m is None:
            return None
        names = self.words((m.start(1), m.end(1)))
        if len(names) < 2 or not all(self.is_name(w) for w in names):
            return None
        return (m.start(1), m.end(1)), "on_record"

    def first_name_end(self) -> int:
        """Where the article's first full name (two or more name words) ends.

        Past the end of the text if it names no one; a pronoun after it may refer to a named
        person (the ``name_before`` feature).
        """
        if self._first_name_end is None:
            self._first_name_end = len(self.text) + 1
            for m in _FULL_NAME.finditer(self.text):
                run = 0
                for w in self.words(m.span()):
                    run = run + 1 if self.is_name(w) else 0
                    if run == 2:
                        self._first_name_end = w.start + len(w.text)
                        break
                if run == 2:
                    break
        return self._first_name_end

    def named_before(self, offset: int, head: str) -> Segment | None:
        """A full name the article gave earlier with this head noun, if any.

        "columnist Ai Jun" or "Ai Jun, the columnist" before a definite "the columnist": the
        name it refers back to (the latest such name within reach).
        """
        start = max(0, offset - _ANAPHORA_REACH)
        for h in reversed(self._head_places(head, start, offset)):
            name = self._name_beside(h, len(head), document=False)
            if name is not None and name[1] <= offset:
                return name
        return None

    def later_named(self, span: Segment, parts: Parts) -> bool:
        """Whether a vague singular first mention is named in full after it (cataphora).

        The head noun again next to a full name of two or more capitalised words: "A
        spokeswoman said … spokeswoman Jennifer Palmieri …", "… Jennifer Palmieri, the
        campaign's spokeswoman"; for a poll, report or study, a name before the head noun ("a
        new poll … The Huffington Post-Morning Consult poll"). The name is looked for within
        the next few hundred characters, or anywhere in the article for a mention in its
        headline ("Judge rejects …", "Poll: …").
        """
        if (
            parts.named_head
            or parts.named_modifier
            or parts.number == "plural"
            or parts.determiner not in ("indefinite", "bare")
            or parts.head_class not in ("insider", "role", "title", "document")
        ):
            return False
        reach = len(self.text) if self.in_headline(span) else _CATAPHORA_REACH
        document = parts.head_class == "document"
        return any(
            self._name_beside(h, len(parts.head), document=document) is not None
            for h in self._head_places(parts.head, span[1], span[1] + reach)
        )

    def _head_places(self, head: str, start: int, end: int) -> list[int]:
        """Where ``head`` occurs as a whole word (any case) in ``text[start:end]``."""
        lowered = self.lowered()
        out: list[int] = []
        i = lowered.find(head, start, end)
        while i >= 0:
            after = i + len(head)
            if (i == 0 or not lowered[i - 1].isalnum()) and (
                after >= len(lowered) or not lowered[after].isalnum()
            ):
                out.append(i)
            i = lowered.find(head, i + 1, end)
        return out

    def _name_beside(self, at: int, length: int, *, document: bool) -> Segment | None:
        """A full name next to the head noun at ``at``, if any.

        After it ("spokeswoman Jennifer Palmieri") or before it with a comma ("Jennifer
        Palmieri, the spokeswoman"); for a document, right before it ("the Marist College poll").
        """
        text = self.text
        if document:
            m = _NAME_BEFORE_HEAD.search(text, max(0, at - _NAME_WINDOW), at)
            return None if m is None else (m.start(1), m.end(1))
        m = _NAME_AFTER.match(text, at + length)
        if m is not None:
            return (m.start(1), m.end(1))
        m = self.typer.name_then_head.search(text, max(0, at - _NAME_WINDOW), at)
        return None if m is None else (m.start(1), m.end(1))

    def lowered(self) -> str:
        """The text lower-cased, when that keeps every offset (else the text itself)."""
        if self._lowered is None:
            low = self.text.lower()
            self._lowered = low if len(low) == len(self.text) else self.text
        return self._lowered

    def in_headline(self, span: Segment) -> bool:
        """Whether a span lies in the headline: a first paragraph of one short sentence."""
        paragraphs = self.doc.paragraphs
        if not paragraphs:
            return False
        p_start, p_end = paragraphs[0]
        if not (p_start <= span[0] < p_end) or p_end - p_start > _HEADLINE_LENGTH:
            return False
        return sum(1 for _ in self.doc.sentences_in(p_start, p_end)) <= 1


_NAME = r"[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+)+"
"""Two or more capitalised words: a full name."""
_APPOSITION = re.compile(rf"({_NAME}),\s*$")
_NAME_WINDOW = 80
"""How far before a head noun (characters) a name beside it may start."""
_NAME_AFTER = re.compile(rf"(?:,\s*|\s+)({_NAME})")
_FULL_NAME = re.compile(_NAME)


def _name_then_head(articles: Iterable[str]) -> re.Pattern[str]:
    """A full name, a comma, then up to four words before a head noun (one more if an article).

    "Jennifer Palmieri, the campaign's spokeswoman": the article words are the lexicon's.
    """
    alternatives = "|".join(sorted(re.escape(a) for a in articles))
    article = rf"(?:(?:{alternatives})\s+)?" if alternatives else ""
    return re.compile(rf"({_NAME}),\s+{article}(?:[\w'’-]+\s+){{0,4}}$")


_NAME_BEFORE_HEAD = re.compile(rf"({_NAME})\s+$")
_ANAPHORA_REACH = 2_000
"""How far back (characters) a definite description looks for the name it stands for."""


def _word_char(c: str) -> bool:
    return c.isalnum() or c in "'’"


_COMPLEMENT_OPENERS = frozenset(("connector", "partitive", "relative"))
"""The classes of a word that ends the head and opens its complement."""
_DETERMINER_CLASSES = frozenset(
    ("definite", "possessive", "indefinite", "quantified", "quantifier", "collective")
)
_PERSON_BAR = frozenset(("organisation", "document", "vague_media", "outlet_noun", "unspecified"))


def _coordinated_modifiers(groups: list[list[_Word]]) -> bool:
    """Whether two parts are modifiers of the second part's head rather than two sources.

    The first part has no determiner and is either adjectives with a class (party, place:
    "Democratic and independent analysts") or names ("White House and Pentagon
    spokesmen") while the second part is names before a class noun.
    """
    if len(groups) != 2:
        return False
    first, second = groups
    head = second[-1]
    if head.cls in (None, "party") or len(second) < 2:
        return False
    adjectives = all(w.cls in ("party", "place_adjective") for w in first)
    if adjectives:
        return True
    capitalised = all(w.text[:1].isupper() and w.cls not in _DETERMINER_CLASSES for w in first)
    return capitalised and all(w.text[:1].isupper() for w in second[:-1])


def _head(words: list[_Word]) -> tuple[int, list[_Word]]:
    """Index of the head word (last before a connector) and the complement after it.

    A lower-case "-ing" participle also starts a complement ("Republicans *seeking* the
    presidency").
    """
    for i, w in enumerate(words):
        if i > 0 and (
            w.cls in _COMPLEMENT_OPENERS
            or (w.text.islower() and w.low.endswith("ing") and len(w.low) > 5 and w.cls is None)
        ):
            return i - 1, words[i:]
    return len(words) - 1, []


def _phrase_parts(words: list[_Word], names: dict[int, bool]) -> tuple[Parts, int, bool]:
    """The parts of a phrase of several words, given which of them are names (by offset).

    Returns the parts (``head_end`` 0), the index of the head word, and whether the phrase's
    affiliation is still to be read from the anonymity lexicon's matches (it has a complement
    and no affiliation adjective).
    """

    def named(w: _Word) -> bool:
        return names[w.start]

    # Split into coordinated / listed parts; the first is the main phrase.
    # A coordinator after a connector joins the complement's parts ("ministers of Interior
    # and Foreign Affairs"), not sources.
    groups: list[list[_Word]] = [[]]
    in_complement = False
    for w in words:
        c = w.cls
        if c in ("coordinator", "insertion") and not (in_complement and c == "coordinator"):
            if groups[-1]:
                groups.append([])
            in_complement = False
            continue
        if c in _COMPLEMENT_OPENERS and groups[-1]:
            in_complement = True
        groups[-1].append(w)
    groups = [g for g in groups if g]
    if _coordinated_modifiers(groups):
        # "Democratic and independent analysts", "White House and Pentagon spokesmen": the
        # coordinator joins the modifiers of one head.
        groups = [[w for g in groups for w in g]]
    main = groups[0] if groups else words
    head_i, complement = _head(main)
    head = main[head_i]
    hclass = head.cls
    # A quantity, number or collective with "of": read through to the phrase after it.
    if (
        hclass in ("quantifier", "collective", "quantified", "indefinite")
        and complement
        and complement[0].cls == "partitive"
        and len(complement) > 1
    ):
        inner = complement[1:]
        inner_i, inner_comp = _head(inner)
        if inner[inner_i].cls is not None or named(inner[inner_i]):
            main = main[: head_i + 1] + inner
            head_i, complement = head_i + 1 + inner_i, inner_comp
            head = main[head_i]
            hclass = head.cls
    named_head = hclass is None and named(head)
    if hclass is None:
        hclass = "name" if named_head else "other"
    pre = main[:head_i]
    first = main[0].cls if len(main) > 1 else None
    if first in ("definite", "possessive", "indefinite", "quantified"):
        determiner = first
    elif first in ("quantifier", "collective") or main[0].low.isdigit():
        determiner = "quantified"
    elif any(w.low.endswith("'s") for w in pre):
        determiner = "possessive"
    else:
        determiner = "bare"
    low = head.low
    modifiers = [w for w in pre if w.cls not in _DETERMINER_CLASSES]
    named_modifier = any(named(w) for w in pre)
    named_complement = any(named(w) for w in complement)
    affiliation = any(w.cls == "affiliation_adjective" for w in pre)
    mixed = len(groups) > 1 and any(
        named(g[_head(g)[0]]) and g[_head(g)[0]].cls is None for g in groups
    )
    parts = Parts(
        head=low,
        head_class=hclass,
        single=len(words) == 1,
        determiner=determiner,
        number=_number(low),
        named_head=named_head,
        named_modifier=named_modifier,
        named_complement=named_complement,
        qualified=bool(modifiers) or bool(complement),
        affiliation=affiliation,
        mixed=mixed,
    )
    head_at = next(k for k, w in enumerate(words) if w is head)
    return parts, head_at, not affiliation and bool(complement)


class _History:
    """The sources typed so far, kept as the latest one for each look-up a later mention makes.

    Each look-up gives the most recent earlier source that qualifies, in constant time.

    Attributes:
        person: The latest source a "he" or "she" can refer to (singular; a name, a title or a
            role, not a body or a text), with its kind.
        group: The latest source a "they" can refer to (plural, or a body), with its kind.
        thing: The latest body, text or outlet an "it" can refer to, with its kind.
        by_word: The latest source of several words, by its last word ("Smith" → "John
            Smith"), and the latest source by its head ("the official" → "a senior official").
    """

    def __init__(self) -> None:
        """Start with no sources."""
        self.person: tuple[Segment, str] | None = None
        self.group: tuple[Segment, str] | None = None
        self.thing: tuple[Segment, str] | None = None
        self.surname: dict[str, tuple[Segment, str]] = {}
        self.head: dict[str, tuple[Segment, str]] = {}

    def add(self, span: Segment, kind: str, parts: Parts) -> None:
        """Record a typed source."""
        if parts.head_class.startswith("pronoun") or parts.head_class == "relative":
            return
        entry = (span, kind)
        body = parts.head_class in _PERSON_BAR or parts.head_class == "collective"
        if parts.number == "plural" or body:
            self.group = entry
        elif not parts.single or parts.named_head or parts.head_class in ("title", "insider"):
            self.person = entry
        if body or parts.head_class == "name":
            self.thing = entry
        if not parts.single and parts.named_head:
            self.surname[parts.head] = entry
        self.head[_singular(parts.head)] = entry

    def antecedent(self, doc: _Doc, span: Segment, parts: Parts) -> tuple[Segment, str] | None:
        """The earlier mention a pronoun, surname or definite description refers to."""
        hc = parts.head_class
        if parts.single:
            if hc == "pronoun_person":
                return self.person
            if hc == "pronoun_group":
                return self.group
            if hc == "pronoun_thing":
                return self.thing
            if parts.named_head:
                return self.surname.get(parts.head)
            return None
        if parts.determiner != "definite" or parts.named_head or parts.named_modifier:
            return None
        if hc == "document":
            return None  # "the report": identified by the article whatever its first mention
        if hc == "outlet_noun" and parts.number == "singular":
            outlet = doc.last_outlet_before(span[0])
            return (outlet, "on_record") if outlet is not None else None
        found = self.head.get(_singular(parts.head))
        if found is None and parts.number == "singular":
            named = doc.named_before(span[0], parts.head)
            if named is not None:
                return (named, "on_record")
        return found


def _ending_at(parts: Parts, head_end: int) -> Parts:
    """The parts with the head's end at ``head_end`` (``_replace``, without its cost)."""
    return Parts._make((*parts[:11], head_end))


def _one_part(head: str, head_class: str, *, named: bool, head_end: int) -> Parts:
    """The parts of a phrase that is its head alone."""
    return Parts(
        head=head,
        head_class=head_class,
        single=True,
        determiner="bare",
        number=_number(head),
        named_head=named,
        named_modifier=False,
        named_complement=False,
        qualified=False,
        affiliation=False,
        mixed=False,
        head_end=head_end,
    )


def _number(low: str) -> str:
    """``plural`` for a word that looks plural ("officials"), else ``singular``."""
    plural = low.endswith("s") and not low.endswith(_PLURAL_NOT) and len(low) > 3
    return "plural" if plural else "singular"


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith(_PLURAL_NOT) else word
