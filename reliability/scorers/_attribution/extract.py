"""Rule-based extraction of attribution relations: cue, source and content spans, without a parser.

The extractor works sentence by sentence over the Document's words (it never re-tokenises):

1. **Cues.** Cue words and phrases come from the ``attribution_cues`` lexicon (every inflected
   form is listed). A cue is widened to its verb group — auxiliaries and adverbs before it ("has
   also said"), a particle after it ("called for"). Cues of weight below 1 (forms that are also
   nouns or adjectives: "calls", "known", "support") count only with an agent right before them
   (speech verbs may also stand without a found source). A cue word is no attribution inside a
   quotation (the quoted speaker's words), after a determiner or possessive ("the said
   agreement", "his comments"), after a modal that makes it hypothetical ("would support"), or
   in the opening words of another cue's content ("said she wanted"). A paragraph of a
   transcript ("Q: …", "Matthews: …") is attributed to the name before the colon.
2. **Source.** Found by local syntax around the cue:
   * the noun phrase ending right before the cue ("a senior Afghan Interior Ministry official
     said"), walked leftwards over names, titles, role nouns, determiners and connectors ("a
     spokesperson for the Taliban"), over an appositive ("spokesman, Zahid Chaudhri, tweeted")
     or a relative clause ("A representative of the Taliban, which entered Kabul, said");
   * the noun phrase right after the cue when the order is inverted (``"…," said Ana Ruiz``)
     and after "according to";
   * the subject of "<outlet> quoted X as saying" (X is the source, the outlet is the ``via``);
   * the subject of an earlier verb for a conjoined verb or participle ("Trump blasted her,
     calling her …"), and the agent after "by" in a passive ("as reported by The Post").
3. **Content.** A quotation next to the cue (before it, or after it following a comma or
   colon); otherwise the clause after the cue (from "that" on) to the end of the sentence, or the
   text before the source when the cue closes the sentence ("…, a US official said.").
   A quotation-only paragraph after an attributed quotation extends its content.
4. **Resolution and kind.** The found relations are handed to the source-kind stage
   (:mod:`reliability.scorers._attribution.kinds`): pronouns, bare surnames and definite
   descriptions are linked to what they refer back to, and each source is typed ``on_record``,
   ``anonymous`` or ``unspecified`` by the ordered decision table of the ``source_kinds``
   lexicon, which records the row that decided (``kind_rule``). The outlet a statement went
   through (``via``) is attached here; a stated reason for anonymity by that stage.

Accuracy on PolNeAR is measured by ``benchmarks/accuracy_polnear.py``; the rules were developed
on its training split only.

Everything here is a pure function of the Document and the lexicons given to :class:`Extractor`.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import NamedTuple, TypeVar

import attrs

from reliability.document import Document, Segment
from reliability.lexicon import Entry, LexiconMatch, LexiconSet
from reliability.scorers._attribution.classes import PRONOUN_CLASSES, WordClasses
from reliability.scorers._attribution.kinds import KindTyper, Roles
from reliability.scorers._attribution.rules import (
    PREFIX,
    SHAPES,
    Form,
    Part,
    Rule,
    RuleSet,
    TokenView,
    matches_at,
    matches_token,
    rules_path,
)
from reliability.scorers._attribution.terms import TermIndex, normalise

__all__ = ["Extractor", "Found"]

_K = TypeVar("_K")
_V = TypeVar("_V")

# ---- punctuation and white space (generic machinery; the phrase patterns are data) ---------


NESTED_WORDS = 7
"""A cue this many words or fewer into another cue's content is nested in it."""
_COMMA_END = re.compile(r",[\"”’']?\s*$")
_COLON = re.compile(r"\s*:\s*")
_COMMA_COLON = re.compile(r"\s*[,:]?\s*")
_STOP_START = re.compile(r"\s*[.!?]")
_COMMA = re.compile(r"\s*,\s*")


def _may_end_with_time(window: str, finals: tuple[str, ...]) -> bool:
    """Whether ``time_phrase`` or ``adverbial_phrase`` could match at the end of ``window``.

    A test on the last word, far cheaper than the two searches, which try every position.
    """
    tail = window.rstrip(WHITESPACE)
    if tail.endswith(","):
        tail = tail[:-1].rstrip(WHITESPACE)
    tail = tail[-10:]
    # Case-insensitive matching also equates "ſ" with "s" and "ı" with "i": search then.
    return not tail.isascii() or tail.lower().endswith(finals)


_PARENTHESIS = re.compile(r"\s*\([^()]{1,40}\)")
_QUOTE_CHARS = '"“”„‟«»'
_OPENERS = "\"“„‟«‘'"
_CLOSERS = "\"”»’'"
_BEFORE_WINDOW = 120
"""How many characters before a cue the rules that look at what ends there read."""
_COMMA_CLOSE = re.compile(r"[,.!?…—–-]?\s*[\"”»’']\s*$")


def _ends_with_mark(before: str) -> bool:
    """Whether ``before`` ends with a closing or double quotation mark and white space.

    For the closing marks this is where ``_COMMA_CLOSE`` finds a match (the punctuation before
    its mark is optional), without trying the pattern at every offset.
    """
    last = before.rstrip()[-1:]
    return last != "" and (last in _CLOSERS or last in _QUOTE_CHARS)


WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
"""The characters ``\\s`` matches (those for which ``str.isspace`` is true); a test checks it."""
_TRAIL_CHARS = WHITESPACE + ",.;:!?…—–-"


def _strip_trail(text: str) -> str:
    r"""``text`` without its trailing white space and punctuation (``[\s,.;:!?…—–-]+$``)."""
    return text.rstrip(_TRAIL_CHARS)


_LEAD = re.compile(r"^[\s,;:—–-]+")


class _Group(NamedTuple):
    """A cue verb widened to its verb group (a named tuple: one is built per cue, cheaply).

    Attributes:
        start: Start of the group (auxiliaries and adverbs included).
        end: End of the group (a particle included).
        first: Index of the cue's first word.
        aux: The lower-cased words before the cue inside the group.
        verb: The cue's first word, lower-cased.
        strong: Whether the cue counts on its own (lexicon weight 1).
    """

    start: int
    end: int
    first: int
    aux: tuple[str, ...]
    verb: str
    strong: bool


_Plan = tuple[list[tuple[Rule, Form, bool]], tuple[int, int]]
"""The forms a cue may match (each marked when its pattern is already known to match) and how
far the others reach before and after the cue."""
_Chunk = tuple[Segment | None, bool, int | None]
"""A chunk a part found: the phrase, whether it stands in another clause, where its tail ends."""
_NO_CHUNK: _Chunk = (None, False, None)


class Found(NamedTuple):
    """One attribution relation found in a document (offsets into its text).

    A named tuple rather than an attrs class: dozens are built per article, and a tuple is
    several times cheaper to build.

    Attributes:
        cue: The cue span.
        source: The source span, if any.
        content: The content span, if any.
        quote: Whether the content is a direct quotation.
        via: An outlet the statement passed through.
        secondhand: Whether the source is another outlet's reporting.
        cue_entry: The lexicon entry of the cue word.
        rule: The rule id that built the relation.
        resolved: For a pronoun or bare surname, the span of the earlier mention.
        kind: ``on_record``, ``anonymous`` or ``unspecified``.
        anonymity_reason: The stated reason for anonymity, if any.
        kind_rule: The decision-table row that gave the kind (``source_kinds:<row id>``).
        kind_reason: That row's reason in plain words ("role noun without a name").
    """

    cue: Segment
    source: Segment | None
    content: Segment | None
    quote: bool
    via: Segment | None
    secondhand: bool
    cue_entry: Entry
    rule: str
    resolved: Segment | None = None
    kind: str | None = None
    anonymity_reason: Segment | None = None
    kind_rule: str | None = None
    kind_reason: str | None = None

    def typed(
        self, kind: str | None, resolved: Segment | None, anonymity_reason: Segment | None
    ) -> Found:
        """Return the relation with its source kind, resolved mention and anonymity reason."""
        return self._replace(kind=kind, resolved=resolved, anonymity_reason=anonymity_reason)


class Extractor:
    """Finds attribution relations in a Document with the given lexicons.

    Args:
        lexicons: A lexicon set holding ``attribution_cues``, ``source_roles``, ``anonymity`` and
            ``outlets`` (and any lexicons extending them).
    """

    def __init__(self, lexicons: LexiconSet) -> None:
        """Index the four lexicon families once."""

        def entries(family: str) -> list[Entry]:
            return [e for lex in lexicons.family(family) for e in lex.entries]

        cue_entries = entries("attribution_cues")
        scanner = lexicons.scanner
        self.cues = TermIndex((e for e in cue_entries if e.label != "transcript"), scanner)
        self.outlets = TermIndex(entries("outlets"), scanner)
        self.anonymity = TermIndex(entries("anonymity"), scanner)
        self.classes = WordClasses.of(lexicons)
        labels = {"speech"} | {e.label for e in cue_entries if e.label is not None}
        labels |= {lab for lex in lexicons.family("attribution_cues") for lab in lex.labels}
        self._index_classes(sorted(labels))
        # The paragraph forms, each with the patterns of the cue entries of its label.
        self.paragraph_forms = [
            (
                rule,
                form,
                [
                    (e, re.compile(e.pattern))
                    for e in cue_entries
                    if e.label == form.cue_label and e.pattern is not None
                ],
            )
            for rule, form in self.rules.paragraph_forms
        ]
        # "sources close to …", "people familiar with …": the first word of each affiliation
        # phrase of the anonymity lexicon that opens with a connector's complement.
        self.affiliation_heads = frozenset(
            normalise(e.term).split()[0]
            for e in entries("anonymity")
            if e.label == "affiliation"
            and e.term is not None
            and normalise(e.term).split()[0] not in self.classes.connector
        )
        self.roles = Roles.of(entries("source_roles"))
        self.kinds = KindTyper(lexicons)

    def _index_classes(self, cue_labels: list[str]) -> None:
        """Compile the rules over the word classes and shapes; map each word to its class codes.

        Besides the word classes and shapes, each cue label is a feature (``cue_<label>``) of
        the word a cue of that label starts at.
        """
        classes = [f.name for f in attrs.fields(WordClasses) if f.name != "pronouns"]
        label_features = [f"cue_{lab}" for lab in cue_labels]
        features = [
            *classes,
            *(f"pronoun_{p}" for p in PRONOUN_CLASSES),
            *SHAPES,
            *label_features,
        ]
        self.rules = RuleSet.load(rules_path(), features)
        self.rx = {pid: p.regex for pid, p in self.rules.patterns.items()}
        self.time_finals = self.rules.finals("time_phrase", "adverbial_phrase")
        codes = self.rules.codes
        words: dict[str, str] = {}
        capitalised: dict[str, str] = {}
        for name in classes:
            target = capitalised if name == "capitalised_non_name" else words
            for w in getattr(self.classes, name):
                target[w] = target.get(w, "") + codes[name]
        for w, p in self.classes.pronouns.items():
            words[w] = words.get(w, "") + codes[f"pronoun_{p}"]
        self.word_codes = words
        self.capitalised_codes = capitalised
        self.shape_codes = {name: codes[name] for name in SHAPES}
        self.label_codes = {lab: codes[f"cue_{lab}"] for lab in cue_labels}
        self.cue_codes: dict[tuple[str, bool], str] = {}  # _Context._cue_codes, by label, weak
        self.word_features: dict[str, str] = {}  # features_of, remembered by word
        used = self.rules.features()
        self.space_code = codes["space_after"] if "space_after" in used else ""
        self.veiled_code = codes["veiled"] if "veiled" in used else ""
        self.veto_features = self.rules.features()
        self.vetoes = [_Veto.of(r, codes) for r in self.rules.vetoes]
        # The veto verdict on a window of word codes (see _Context.veto): a pure function of
        # the codes, which recur from cue to cue and article to article.
        self.veto_verdicts: dict[tuple[int, tuple[str, ...]], Rule | None] = {}
        # The veto rules and relation forms a cue's codes (and its previous word's) allow.
        self.veto_plans: dict[str, tuple[list[Rule], int, int] | None] = {}
        self.form_plans: dict[tuple[str, str], _Plan] = {}
        self.token_plans: dict[str, list[tuple[Rule, Form, bool, frozenset[str]]]] = {}
        self.forms = [
            (
                rule,
                form,
                frozenset(codes[f] for f in form.cue_needs),
                frozenset(codes[f] for f in form.prev_needs),
            )
            for rule, form in self.rules.forms
        ]

    def features_of(self, word: str) -> str:
        """The codes of a word's classes and of the shapes of the word alone (remembered)."""
        shapes, used, c = self.shape_codes, self.veto_features, self.classes
        lw = _low(word)
        codes = self.word_codes.get(lw, "") + self.capitalised_codes.get(word, "")
        if "genitive" in used and lw.endswith("'s") and lw not in c.contraction:
            codes += shapes["genitive"]
        if "negation" in used and lw.endswith(("not", "n't")):
            codes += shapes["negation"]
        if "adverb_or_aux" in used and c.is_adverb_or_aux(word):
            codes += shapes["adverb_or_aux"]
        if "participle" in used and lw.endswith("ing"):
            codes += shapes["participle"]
        if "past_form" in used and lw.endswith(("ed", "en", "wn")):
            codes += shapes["past_form"]
        return _remember(self.word_features, word, codes, _REMEMBERED_WORDS)

    # ---- entry point ----------------------------------------------------------------------

    def veto_plan(self, codes: str) -> tuple[list[Rule], int, int] | None:
        """The veto rules a cue word with these codes may match, and their reach.

        The rules, and the most words they reach before and after the cue (``None`` when no
        rule may match), worked out once for each code string.
        """
        plans = self.veto_plans
        if codes in plans:
            return plans[codes]
        has = set(codes)
        vetoes = [v for v in self.vetoes if v.needs <= has]
        plan = None
        if vetoes:
            before = max(v.reach[0] for v in vetoes)
            after = max(v.reach[1] for v in vetoes)
            plan = ([v.rule for v in vetoes], before, after)
        return _remember(plans, codes, plan, _VERDICTS)

    def form_plan(self, codes: str, prev: str) -> _Plan:
        """The relation forms a cue word with these codes may match, by priority.

        ``prev`` is the codes of the word before ("" at a sentence's start); the plan is
        worked out once for each pair, from the forms the cue's codes allow (see
        :meth:`_token_plan`). The plan also holds how far the forms still to be matched reach
        before and after the cue.
        """
        key = (codes, prev)
        plans = self.form_plans
        plan = plans.get(key)
        if plan is None:
            before = set(prev)
            steps = [
                (rule, form, alone)
                for rule, form, alone, prev_needs in self._token_plan(codes)
                if not prev_needs or prev_needs <= before
            ]
            reaches = [
                r
                for _r, f, alone in steps
                if not alone
                for r in ((f.before, f.after), f.unless_reach)
            ]
            reach = (
                max((PREFIX if b < 0 else b for b, _a in reaches), default=0),
                max((PREFIX if a < 0 else a for _b, a in reaches), default=0),
            )
            plan = _remember(plans, key, (steps, reach), _VERDICTS)
        return plan

    def _token_plan(self, codes: str) -> list[tuple[Rule, Form, bool, frozenset[str]]]:
        """The forms whose cue test a cue word with these codes may pass, once for each codes.

        A form that tests the cue's token alone is matched here: it is kept only if it matches,
        marked as matched (``True``). Each form comes with the codes the word before the cue
        must have.
        """
        plan = self.token_plans.get(codes)
        if plan is None:
            has = set(codes)
            plan = []
            for rule, form, needs, prev_needs in self.forms:
                if not needs <= has:
                    continue
                alone = form.before == 0 and form.after == 0 and form.unless_compiled is None
                if alone and not matches_token(form.compiled, codes):
                    continue
                plan.append((rule, form, alone, prev_needs))
            plan = _remember(self.token_plans, codes, plan, _VERDICTS)
        return plan

    def extract(self, document: Document) -> list[Found]:
        """Return the attribution relations of a document, in text order."""
        return self.explain(document)[0]

    def explain(self, document: Document) -> tuple[list[Found], list[tuple[str, Segment]]]:
        """The relations of a document, and the cue words the veto rules set aside.

        Returns:
            The relations in text order, and for each vetoed cue the veto rule's id and the
            cue's span.
        """
        text = document.text
        if not document.sentences:
            return [], []
        ctx = _Context(document, self)
        cue_matches = self.cues.matches(text)
        ctx.veiled = _veiled_spans(self.anonymity.matches(text))
        ctx.cue_positions = [(m.start, m.end) for m in cue_matches]
        ctx.cue_starts = [m.start for m in cue_matches]
        for m in cue_matches:
            ctx.cue_word.setdefault(m.start, m)
        found: list[Found] = []
        last_end = -1
        for m in cue_matches:
            if m.start < last_end:
                continue
            item = ctx.build(m)
            if item is not None:
                found.append(item)
                ctx.accepted.append(item)
                last_end = item.cue[1]
        found.extend(ctx.paragraph_relations())
        found = _dedupe(found)
        found = ctx.continue_quotes(found)
        found = [ctx.with_antecedent(f) for f in found]
        return self.kinds.type(document, found), ctx.vetoed


class _Veto(NamedTuple):
    """A veto rule with the codes its cue token needs and how far its pattern reaches."""

    rule: Rule
    needs: frozenset[str]
    reach: tuple[int, int]

    @classmethod
    def of(cls, rule: Rule, codes: dict[str, str]) -> _Veto:
        before = PREFIX if rule.before < 0 else rule.before
        after = PREFIX if rule.after < 0 else rule.after
        return cls(rule, frozenset(codes[f] for f in rule.cue_needs), (before, after))


def _veiled_spans(matches: list[LexiconMatch]) -> tuple[list[int], list[int]]:
    """The anonymity markers and reasons of a text, merged: their starts and their ends.

    Affiliation phrases ("close to", "familiar with") describe a source and are left out.
    """
    starts: list[int] = []
    ends: list[int] = []
    for m in sorted(matches, key=_position):
        if m.entry.label == "affiliation":
            continue
        if ends and m.start <= ends[-1]:
            ends[-1] = max(ends[-1], m.end)
        else:
            starts.append(m.start)
            ends.append(m.end)
    return starts, ends


def _position(m: LexiconMatch) -> tuple[int, int]:
    return (m.start, m.end)


def _dedupe(found: list[Found]) -> list[Found]:
    """Drop a relation whose cue overlaps an earlier one's cue or source."""
    out: list[Found] = []
    taken: list[Segment] = []
    for f in sorted(found, key=lambda f: f.cue):
        # Relations come in text order, so only the last few can overlap this one.
        if any(f.cue[0] < e and s < f.cue[1] for s, e in taken[-6:]):
            continue
        out.append(f)
        taken.append(f.cue)
        if f.source is not None:
            taken.append(f.source)
    return out


class _Context:
    """Per-document working state: word spans, sentence bounds and helpers over them."""

    def __init__(self, document: Document, ex: Extractor) -> None:
        self.doc = document
        self.text = document.text
        self.ex = ex
        self.c = ex.classes
        self.rx = ex.rx
        self.words = document.words
        self.starts = document.word_starts
        self._outlet_cache: dict[int, list[Segment]] = {}
        self._outlet_last: tuple[int, int, list[Segment]] = (0, 0, [])  # sentence start, end
        self.quote_starts = [q.start for q in document.quotations]
        self.accepted: list[Found] = []
        self.cue_positions: list[Segment] = []  # every cue match, by start
        self.cue_starts: list[int] = []
        self.veiled: tuple[list[int], list[int]] = ([], [])  # anonymity phrases: starts, ends
        self.cue_word: dict[int, LexiconMatch] = {}  # the first cue match at each offset
        self.word_codes: dict[int, str] = {}  # each word's feature codes, by word index
        self.sentence_words: dict[int, tuple[int, int]] = {}  # first and stop word, by sentence
        self.vetoed: list[tuple[str, Segment]] = []
        self._closing: dict[Segment, list[int]] = {}  # sentence -> cues closing it

    # -- word helpers --

    def word_at(self, offset: int) -> int:
        """Index of the first word starting at or after ``offset``."""
        return bisect_left(self.starts, offset)

    def word_before(self, offset: int) -> int:
        """Index of the last word ending at or before ``offset`` (-1 if none)."""
        return bisect_right(self.starts, offset - 1) - 1

    def w(self, i: int) -> str:
        s, e = self.words[i]
        return self.text[s:e]

    def gap(self, i: int) -> str:
        """Text between word ``i`` and word ``i + 1``."""
        return self.text[self.words[i][1] : self.words[i + 1][0]]

    # -- building one relation --

    def build(self, m: LexiconMatch) -> Found | None:
        """Build the relation a cue match heads, or ``None`` if the match is no attribution."""
        sent_i = self.doc.sentence_index(m.start)
        if sent_i is None:
            return None
        q = self.doc.quotation_at(m.start)
        if q is not None and (q.closed or q.paragraphs > 1):
            # Words inside a quotation are the quoted speaker's; the quotation as a whole is
            # already attributed (PolNeAR, like most news annotation, leaves them out).
            return None
        k = self.word_at(m.start)
        if k >= len(self.words) or self.words[k][0] != m.start:
            return None  # the rules read the words around a cue: it must start at one
        veto = self.veto(sent_i, m, k)
        if veto is not None:
            self.vetoed.append((veto.id, (m.start, m.end)))
            return None
        sent = self.doc.sentences[sent_i]
        if sent[1] - sent[0] > _LONG_SENTENCE:
            # A "sentence" longer than any in prose (a page without sentence ends): the rules
            # look no further than _REACH characters either side of the cue, so that each cue
            # costs the same, and its content weighs no more, however long the run of text.
            sent = (max(sent[0], m.start - _REACH), min(sent[1], m.end + _REACH))
        label = m.entry.label or "speech"
        group = None
        if label not in _NON_VERB_LABELS:
            group = self._verb_group(m, sent)
            if group is None or self._not_a_verb(m, sent, group):
                return None
        return self._relate(sent_i, sent, m, group, k)

    def veto(self, sent_i: int, m: LexiconMatch, k: int) -> Rule | None:
        """The veto rule that sets the cue match aside, if any (see ``rules.RuleSet.veto``).

        ``k`` is the word the cue starts at. The token view covers the words of the cue's
        sentence that the rules its word's codes allow can reach.
        """
        cache, ex = self.word_codes, self.ex
        word = cache[k] if k in cache else self._code(k)
        plan = ex.veto_plans[word] if word in ex.veto_plans else ex.veto_plan(word)
        if plan is None:
            return None
        rules, before, after = plan
        bounds = self._sentence_words(sent_i)
        lo, hi = max(bounds[0], k - before), min(bounds[1], k + after + 1)
        codes = self._coded(lo, hi)
        # The rules, their reach and so the verdict follow from the window's codes and the
        # cue's place in it alone: the verdict is looked up when those codes were seen before.
        key = (k - lo, tuple(codes))
        verdicts = self.ex.veto_verdicts
        if key in verdicts:
            return verdicts[key]
        verdict = self.ex.rules.veto(TokenView.of(lo, codes), k, rules)
        return _remember(verdicts, key, verdict, _VERDICTS)

    def _view_at(self, sent_i: int, k: int, before: int, after: int) -> tuple[TokenView, list[str]]:
        """The token view of the words of sentence ``sent_i`` within reach of word ``k``."""
        bounds = self._sentence_words(sent_i)
        lo, hi = max(bounds[0], k - before), min(bounds[1], k + after + 1)
        codes = self._coded(lo, hi)
        return TokenView.of(lo, codes), codes

    def _sentence_words(self, sent_i: int) -> tuple[int, int]:
        """The index of the first word of sentence ``sent_i`` and of the first one after it."""
        bounds = self.sentence_words.get(sent_i)
        if bounds is None:
            s, e = self.doc.sentences[sent_i]
            bounds = self.sentence_words[sent_i] = (self.word_at(s), self.word_at(e))
        return bounds

    def _coded(self, lo: int, hi: int) -> list[str]:
        """The codes of words ``lo`` to ``hi``, each computed once per document."""
        cache, code = self.word_codes, self._code
        return [cache[i] if i in cache else code(i) for i in range(lo, hi)]

    def _code(self, k: int, cue: LexiconMatch | None = None) -> str:
        """Word ``k``'s feature codes: its classes, its shapes, those of the cue starting there.

        With ``cue``, the word carries that cue match's codes (one of several starting at the
        word) and the codes are not remembered.
        """
        text, words, ex = self.text, self.words, self.ex
        ws, we = words[k]
        word = text[ws:we]
        codes = ex.word_features.get(word)
        if codes is None:
            codes = ex.features_of(word)
        space = ex.space_code
        if space and k + 1 < len(words) and text[we : words[k + 1][0]].isspace():
            codes += space
        veiled = ex.veiled_code
        if veiled and self.veiled[0] and self._veiled(ws):
            codes += veiled
        match = self.cue_word.get(ws) if cue is None else cue
        if match is not None:
            codes += self._cue_codes(match)
        if cue is None:
            self.word_codes[k] = codes
        return codes

    def _relate(
        self, sent_i: int, sent: Segment, m: LexiconMatch, g: _Group | None, k: int
    ) -> Found | None:
        """The relation of the first relation form (by priority) whose pattern matches the cue.

        The cue part is the cue's verb group for a verb, the cue match otherwise; the source
        is the form's chunk after its lead; a form that does not apply (its ``unless``) or whose
        required part is missing gives way to the next. A form that applies decides: its
        relation, or none when one of its checks refuses it (``not_nested``, a part's
        ``agent`` or ``reject``, ``needs_content``, a weak cue of a fallback rule without
        content). ``None`` when no form makes a relation. ``k`` is the word the cue starts at.
        """
        cache = self.word_codes
        if self.cue_word.get(m.start) is not m:
            cue_codes = self._code(k, m)  # one of several cues at the word
        else:
            cue_codes = cache[k] if k in cache else self._code(k)
        bounds = self._sentence_words(sent_i)
        prev = ""
        if k > bounds[0]:
            prev = cache[k - 1] if k - 1 in cache else self._code(k - 1)
        plans = self.ex.form_plans
        key = (cue_codes, prev)
        forms, reach = plans[key] if key in plans else self.ex.form_plan(cue_codes, prev)
        if not forms:
            return None
        view: TokenView | None = None  # built only for a form that reads beyond the cue's token
        parts: dict[tuple[object, ...], _Chunk] = {}  # each chunk looked for once
        cue = (m.start, m.end) if g is None else (g.start, g.end)
        for rule, form, matched in forms:
            if not matched:
                if view is None:
                    view = self._form_view(sent_i, k, cue_codes, reach)
                if not matches_at(form.compiled, form.before, form.after, view, k) or (
                    # the form's "does not apply when" pattern
                    form.unless_compiled is not None
                    and matches_at(form.unless_compiled, *form.unless_reach, view, k)
                ):
                    continue
            # The form applies: from here on it decides, unless a required part is missing.
            if form.not_nested and self._nested(cue[0], sent):
                return None  # "said she calls …": inside another attribution's content
            chunks: list[_Chunk] = []
            for part in (form.source, form.via):
                chunk = self._chunk_part(part, cue, sent, g, parts)
                if chunk[0] is None:
                    if part is not None and part.required:
                        break  # a required part is missing: the next form
                elif (
                    part is not None
                    and (part.agent or part.rejects)
                    and self._refused(part, chunk[0], bounds)
                ):
                    return None
                chunks.append(chunk)
            else:
                (source, detached, tail_end), (via, _apart, _end) = chunks
                content, quote = self._chunk_content(
                    form.content, cue, None if detached else source, sent, tail_end, via
                )
                if content is None and (
                    form.needs_content or (rule.fallback and m.entry.weight < 1.0)
                ):
                    return None  # a weak cue of a fallback form stands only with its content
                return self._found(form, m, cue, source, content, quote, via, rule.id)
        return None

    def _found(
        self,
        form: Form,
        m: LexiconMatch,
        cue: Segment,
        source: Segment | None,
        content: Segment | None,
        quote: bool,
        via: Segment | None,
        rule: str,
    ) -> Found:
        """The relation a form made: the cue without a source that opens it, and secondhand."""
        if source is not None and source[0] == cue[0] and source[1] < cue[1]:
            # A source that opens the cue phrase ("reports said") is no part of the cue.
            cue = (self.words[self.word_at(source[1])][0], cue[1])
        secondhand = (
            source is not None
            and form.source is not None
            and form.source.secondhand
            and self.is_outlet(source)
        ) or (
            via is not None and form.via is not None and form.via.secondhand and self.is_outlet(via)
        )
        return Found(cue, source, content, quote, via, secondhand, m.entry, rule)

    def _form_view(self, sent_i: int, k: int, cue_codes: str, reach: tuple[int, int]) -> TokenView:
        """The token view ``reach`` words either side of word ``k``, the cue's codes at ``k``."""
        view, codes = self._view_at(sent_i, k, *reach)
        if codes[k - view.first] != cue_codes:
            codes[k - view.first] = cue_codes
            view = TokenView.of(view.first, codes)
        return view

    def _chunk_part(
        self,
        part: Part | None,
        cue: Segment,
        sent: Segment,
        g: _Group | None,
        seen: dict[tuple[object, ...], _Chunk],
    ) -> _Chunk:
        """A form's source or via: its chunk, after the part's lead, before its tail.

        Returns the phrase (``None`` when the part is missing), where its tail ends, and
        whether the phrase stands in another clause than the cue (the content is then read
        from the cue alone). A chunk already looked for at this cue (in ``seen``) is not looked
        for again.
        """
        if part is None:
            return _NO_CHUNK
        chunk = part.chunk
        key = (chunk, part.lead)
        found = seen.get(key)
        if found is None:
            if chunk == "np_before":
                found = _NO_CHUNK if g is None else (*self._subject(sent, g), None)
            elif chunk == "role_in_cue":
                found = (self._role_in_cue(cue), False, None)
            elif chunk == "shared_subject":
                found = (self.shared_subject(cue[0], sent), False, None)
            elif chunk == "np_inverted":
                found = (self.inverted_source(cue[0], cue[1], sent), False, None)
            elif chunk == "via_outlet":
                found = (self.find_via(cue[1], sent), False, None)
            else:
                lead = None if part.lead is None else part.lead.match(self.text, cue[1], sent[1])
                if part.lead is not None and lead is None:
                    found = _NO_CHUNK
                else:
                    pos = cue[1] if lead is None else lead.end()
                    found = (self.right_np(pos, sent, lenient=chunk == "np_after"), False, None)
            seen[key] = found
        np = found[0]
        if np is None or (part.outlet and not self.is_outlet(np)):
            return _NO_CHUNK
        if part.tail is None:
            return found
        tail = part.tail.match(self.text, np[1], sent[1])
        return _NO_CHUNK if tail is None else (np, found[1], tail.end())

    def _refused(self, part: Part, phrase: Segment, bounds: tuple[int, int]) -> bool:
        """Whether a phrase a part found makes no relation: no agent, or a ``reject`` match.

        ``bounds`` are the first word of the sentence and the first one after it.
        """
        if part.agent and not self._agent_ok(phrase):
            return True
        if not part.rejects:
            return False
        starts = self.starts  # the words the phrase starts in and ends in
        first, last = bisect_right(starts, phrase[0]) - 1, bisect_right(starts, phrase[1] - 1) - 1
        lo, hi = bounds
        if first < lo or last < first:
            return False
        cache, code = self.word_codes, self._code
        words = last - first + 1
        last_codes = prev = None  # read once a test of the right length needs them
        for test in part.rejects:
            if not test.fits(words):
                continue
            if test.last_codes and last_codes is None:
                last_codes = cache[last] if last in cache else code(last)
            if test.prev_codes and prev is None and first > lo:
                prev = cache[first - 1] if first - 1 in cache else code(first - 1)
            if not test.may_match(words, prev, last_codes or ""):
                continue
            start = max(lo, first - test.reach[0])
            view = TokenView.of(start, self._coded(start, min(hi, last + test.reach[1] + 1)))
            if test.matches(view, first, last):
                return True
        return False

    def _chunk_content(
        self,
        chunk: str,
        cue: Segment,
        source: Segment | None,
        sent: Segment,
        after: int | None = None,
        via: Segment | None = None,
    ) -> tuple[Segment | None, bool]:
        """A form's content chunk (see ``rules.CHUNKS``) and whether it is a quotation.

        ``after`` is where the source's tail ends (the content lies beyond it).
        """
        if chunk in ("clause", "clause_apart"):
            end = cue[1] if after is None else after
            near = source if chunk == "clause" else None
            return self.content_for(cue[0], end, near, sent, after_from=after, via=via)
        if chunk == "clause_around":
            return self._clause_around(cue, source, sent), False
        # clause_beside_source: the clause before the cue, or the one after the source's comma
        text = self.text
        before = _strip_trail(text[sent[0] : cue[0]])
        content = None
        if len(before.strip()) > 3:
            content = self._trim_content(sent[0], sent[0] + len(before))
        elif source is not None:
            after_np = _COMMA.match(text, source[1], sent[1])
            if after_np is not None:
                end = sent[0] + len(_strip_trail(text[sent[0] : sent[1]]))
                start = after_np.end()
                content = self._trim_content(start, self._clause_end(start, end, sent))
        q = self.doc.quotation_at(content[0]) if content else None
        return content, q is not None

    def _cue_codes(self, cue: LexiconMatch | None) -> str:
        """The codes a cue match gives the word it starts at (none for ``None``)."""
        if cue is None:
            return ""
        label = cue.entry.label or "speech"
        weak = cue.entry.weight < 1.0
        memo = self.ex.cue_codes
        codes = memo.get((label, weak))
        if codes is None:
            shapes = self.ex.shape_codes
            codes = shapes["cue"] + self.ex.label_codes[label]
            if label not in _NON_VERB_LABELS:
                codes += shapes["verb_cue"]
            if weak:
                codes += shapes["weak_cue"]
            memo[(label, weak)] = codes  # a handful of labels: no bound needed
        return codes

    def _veiled(self, offset: int) -> bool:
        """Whether ``offset`` lies inside a marker or reason of the ``anonymity`` lexicon."""
        starts, ends = self.veiled
        i = bisect_right(starts, offset) - 1
        return i >= 0 and offset < ends[i]

    def _verb_group(self, m: LexiconMatch, sent: Segment) -> _Group | None:
        """Widen a cue verb over auxiliaries and adverbs before it and a particle after it."""
        first = self.word_at(m.start)
        last = self.word_before(m.end)
        if first >= len(self.words) or last < first:
            return None
        i = first
        while (
            i - 1 >= 0
            and self.words[i - 1][0] >= sent[0]
            and self.gap(i - 1).isspace()
            and self.c.is_adverb_or_aux(self.w(i - 1))
        ):
            i -= 1
        cue_e = m.end
        if (
            _low(self.text[m.start : m.end]) in self.c.particle_verb
            and last + 1 < len(self.words)
            and self.words[last + 1][1] <= sent[1]
            and self.gap(last).isspace()
            and _low(self.w(last + 1)) in self.c.particle
        ):
            cue_e = self.words[last + 1][1]  # "called for", "pointed out"
        aux = tuple(_low(self.w(x)) for x in range(i, first)) if i < first else ()
        verb = self.text[m.start : m.end].split()[0].lower()
        return _Group(self.words[i][0], cue_e, first, aux, verb, m.entry.weight >= 1.0)

    def _not_a_verb(self, m: LexiconMatch, sent: Segment, g: _Group) -> bool:
        """Whether the cue word is used as a noun, adjective, name or hypothetical here."""
        text = self.text
        if (
            not g.strong
            and text[m.start].isupper()
            and text[sent[0] : m.start].strip(_OPENERS + " ")
            and not _title_case(text, sent)
        ):
            return True  # a capitalised weak cue mid-sentence: a name ("Hope Hicks")
        return (m.entry.label or "speech") != "speech" and self._nested(g.start, sent)

    def _subject(self, sent: Segment, g: _Group) -> tuple[Segment | None, bool]:
        """The source before the cue: a participle's main subject or the noun phrase before.

        Returns the source and whether it stands in another clause than the cue.
        """
        text = self.text
        participle = g.verb.endswith("ing")
        source = None
        if participle and _COMMA_END.search(text, max(sent[0], g.start - 8), g.start):
            source = self.shared_subject(g.start, sent)  # "…, arguing that": the main subject
        elif participle and not text[sent[0] : g.start].strip(_OPENERS + " "):
            source = self._main_subject_after(g.end, sent)  # "Noting that …, Schlafly wrote"
        if source is not None:
            return source, True
        source = self.left_source(g.start, sent, strong=g.strong)
        if source is not None and participle and self._medium(source):
            # "she released a statement saying …": the statement's author is the source.
            return self.sentence_subject(sent, source[0]), True
        return source, False

    def _main_subject_after(self, pos: int, sent: Segment) -> Segment | None:
        """The subject of the main clause after a sentence-opening participle phrase."""
        comma = self.text.find(",", pos, sent[1])
        if comma < 0:
            return None
        np = self.right_np(comma + 1, sent, lenient=True)
        first = self.w(self.word_at(np[0])) if np is not None else ""
        if np is None or (
            first in self.c.capitalised_non_name and _low(first) not in self.c.subject_opener
        ):
            return None
        return np

    def _medium(self, source: Segment) -> bool:
        """Whether a source phrase names a medium (a statement, a letter) rather than an agent."""
        words = self.text[source[0] : source[1]].split()
        return bool(words) and words[-1].lower() in self.c.medium

    def _nested(self, cue_s: int, sent: Segment) -> bool:
        """Whether a cue sits inside the content that an earlier cue of its sentence introduces."""
        for f in reversed(self.accepted):
            if f.cue[1] <= sent[0]:
                return False
            if f.content is not None and f.cue[1] <= f.content[0] <= cue_s < f.content[1]:
                # Only the opening words of the content: "said he wanted …", not a later clause
                # ("responded … as polls show …").
                return self.word_at(cue_s) - self.word_at(f.content[0]) <= NESTED_WORDS
        return False

    # -- sources --

    def with_antecedent(self, f: Found) -> Found:
        """A relative-pronoun source ("Two officials, who …, said") resolved to its antecedent.

        The antecedent is the noun phrase ending at the comma before the pronoun; the relation
        is one, with the pronoun as its source and the noun phrase as what it resolves to.
        """
        if f.source is None or f.resolved is not None:
            return f
        if self.c.pronouns.get(_low(self.text[f.source[0] : f.source[1]])) != "relative":
            return f
        k = self.word_before(f.source[0])
        if k < 0 or self.text[self.words[k][1] : f.source[0]].strip() not in (",", ""):
            return f
        sent_i = self.doc.sentence_index(f.source[0])
        sent = self.doc.sentences[sent_i] if sent_i is not None else (0, len(self.text))
        np = self.np_left(k, sent)
        return f if np is None else f._replace(resolved=np)

    def _agent_ok(self, source: Segment) -> bool:
        """Whether a source found for a weak cue is a plausible agent."""
        words = self.text[source[0] : source[1]].split()
        if not words:
            return False
        head = words[-1]
        hl = head.lower().rstrip("%")
        if hl in self.c.pronouns or head[:1].isupper() or self.ex.roles.get(head) is not None:
            return True
        if head[:1].isdigit() or hl in self.c.quantity:
            return True
        plural = hl.endswith("s") and not hl.endswith("ss")
        return head[:1].islower() and plural and hl not in self.c.non_head

    def _before(self, cue_s: int, sent: Segment) -> str:
        """The sentence's text before a cue, at most :data:`_BEFORE_WINDOW` characters of it.

        Rules that look at what ends just before a cue read only this window, so that a
        sentence of thousands of cues is not re-read for each of them.
        """
        return self.text[max(sent[0], cue_s - _BEFORE_WINDOW) : cue_s]

    def shared_subject(self, cue_s: int, sent: Segment) -> Segment | None:
        """'Clinton invoked Obama and suggested …': the subject of the first verb."""
        # Only the last 80 characters before the cue are searched (the patterns end there).
        lo = max(sent[0], cue_s - 80)
        m = self.rx["conjoined_end"].search(self.text, lo, cue_s)
        verb = self.text[cue_s : cue_s + 14].split()[0].rstrip(",:;.").lower()
        if m is None and verb.endswith("ing"):
            # "Trump blasted her, calling her …": a participle shares the main clause's subject.
            m = self.rx["participle_lead_end"].search(self.text, lo, cue_s)
        if m is None:
            return None
        for f in reversed(self.accepted):
            if f.cue[0] < sent[0]:
                break
            if f.source is not None and f.source[0] >= sent[0]:
                return f.source
        return self.sentence_subject(sent, m.start())

    def sentence_subject(self, sent: Segment, limit: int) -> Segment | None:
        """The noun phrase opening the sentence (after an opening adverbial and comma), if any."""
        text = self.text
        start = sent[0]
        while start < limit and (text[start] in _QUOTE_CHARS or text[start].isspace()):
            start += 1
        lead = self.rx["leading_adverbial"].match(text, start, limit)
        if lead is not None:
            start = lead.end()
        np = self.right_np(start, (sent[0], limit), lenient=True)
        if np is None:
            return None
        nxt = text[np[1] : limit].lstrip()
        if not nxt or nxt[0] in ".;:!?":
            return None
        first = self.w(self.word_at(np[0]))
        if first in self.c.capitalised_non_name and _low(first) not in self.c.subject_opener:
            return None
        return np

    def left_source(self, cue_s: int, sent: Segment, strong: bool = False) -> Segment | None:
        """The noun phrase ending right before the cue, if it looks like an agent."""
        text = self.text
        end = cue_s
        tm = None
        if _may_end_with_time(text[max(sent[0], end - 60) : end], self.ex.time_finals):
            tm = self.rx["time_phrase"].search(text, max(sent[0], end - 48), end) or self.rx[
                "adverbial_phrase"
            ].search(text, max(sent[0], end - 60), end)
        if tm is not None and tm.start() > sent[0]:
            # "Trump on Monday said", "Beck …, last week said", "Trump, in turn, cites"; a
            # phrase closing an inserted clause ("…, which entered Kabul on Sunday, said") stays.
            lead = tm.group()
            if lead.lstrip().startswith(","):
                end = tm.start() + lead.index(",") + 1
            elif not lead.rstrip().endswith(","):
                end = tm.start()
        j = self.word_before(end)
        if j < 0 or self.words[j][0] < sent[0]:
            return None
        between = text[self.words[j][1] : end]
        mark = between.strip()
        if mark in (",", ".,"):
            found = self._appositive_or_relative(j, sent)
            if found is None and strong:
                found = self._long_appositive(j, sent)
            return found
        if mark in (")", ".)"):
            # "Sen. Pat Toomey (R-Pa.) said": the parenthesis belongs to the source.
            open_at = text.rfind("(", sent[0], self.words[j][1])
            if open_at <= sent[0] or self.words[j][1] - open_at > 40:
                return None
            k = self.word_before(open_at)
            if k < 0 or self.words[k][0] < sent[0] or text[self.words[k][1] : open_at].strip():
                return None
            np = self.np_left(k, sent, require_head=True)
            return None if np is None else (np[0], end - len(between) + between.index(")") + 1)
        if mark == "%":
            return (self.np_left(j, sent, require_head=False) or self.words[j])[0], self.words[j][
                1
            ] + between.index("%") + 1
        if mark:
            return None
        return self.np_left(j, sent, require_head=False)

    def np_left(self, j: int, sent: Segment, *, require_head: bool = True) -> Segment | None:
        """Walk a noun phrase leftwards from its head word ``j``.

        With ``require_head`` the head must be a name, a role noun or a number; without it any
        content word may head the phrase ("researchers say").
        """
        text, words, c = self.text, self.words, self.c
        head_s, head_e = words[j]
        head = text[head_s:head_e]
        hl = _low(head)
        if hl in c.pronouns:
            return words[j]
        head_ok = c.is_name(head) or self.ex.roles.get(head) is not None or head[:1].isdigit()
        if require_head and not head_ok:
            return None
        if not head_ok and (
            hl in c.non_head
            or hl in c.auxiliary
            or hl in c.determiner
            or hl in c.time_noun
            or not head[:1].isalpha()
        ):
            return None
        if head in c.capitalised_non_name and hl not in c.quantity:
            return None
        start = head_s
        first = j  # the index of the word at ``start``
        determiner, sent_start = c.determiner, sent[0]
        k, n = j - 1, 1
        while k >= 0 and words[k][0] >= sent_start and n < 12 and self._joined(k):
            ks, ke = words[k]
            if _low(text[ks:ke]) in determiner:
                start, first = ks, k
                if not self._complement_ends_at(k, sent, n):
                    break
            elif self._np_word(k, sent):
                start, first = ks, k
            else:
                break
            k -= 1
            n += 1
        if (
            first < j
            and self.w(first) in c.complementiser
            and self._after_complementiser(first + 1)
        ):
            start = words[first + 1][0]  # "said that Obama mentioned": "that" opens a clause
        return (start, head_e)

    def _after_complementiser(self, k: int) -> bool:
        """Whether word ``k`` cannot follow a demonstrative "that": a name or a plural noun."""
        word = self.w(k)
        if self.c.is_name(word):
            return True
        lw = _low(word)
        return word[:1].islower() and lw.endswith("s") and not lw.endswith("ss")

    def _joined(self, k: int) -> bool:
        """Whether words ``k`` and ``k + 1`` belong to one phrase.

        A space, hyphen or possessive joins them, and so does the period of an abbreviation or
        an initial ("Sen. Jo Park", "John F. Kennedy").
        """
        words = self.words
        gap = self.text[words[k][1] : words[k + 1][0]]
        if gap.isspace() or gap == "":
            return True
        mark = gap.strip()
        if mark in ("-", "'s", "’s"):
            return True
        if mark != ".":
            return False
        word = self.w(k)
        if "." in word:
            return True
        return gap.endswith(" ") and (
            _low(word) in self.c.title_abbreviation or (len(word) == 1 and word.isupper())
        )

    def _complement_ends_at(self, k: int, sent: Segment, n: int) -> bool:
        """Whether the determiner at ``k`` opens the complement of a role noun before it.

        As in "a representative of the Taliban" or "sources close to the Taliban".
        """
        if k - 2 < 0 or self.words[k - 2][0] < sent[0] or n >= 10:
            return False
        if (
            _low(self.w(k - 1)) not in self.c.connector
            or not self.gap(k - 1).isspace()
            or not self.gap(k - 2).isspace()
        ):
            return False
        prev = self.w(k - 2)
        return self.ex.roles.get(prev) is not None or prev.lower() in self.ex.affiliation_heads

    def _np_word(self, k: int, sent: Segment) -> bool:
        """Whether word ``k`` can stand inside a noun phrase that ends to its right."""
        word = self.w(k)
        lw = _low(word)
        roles = self.ex.roles
        if self.c.is_name(word) or roles.get(word) is not None or lw in self.ex.affiliation_heads:
            return True
        has_prev = k - 1 >= 0 and self.words[k - 1][0] >= sent[0]
        if lw in self.c.connector or lw in self.c.head_conjunction:
            if not has_prev:
                return False
            prev = self.w(k - 1)
            if lw in self.c.connector and prev.lower() in self.ex.affiliation_heads:
                return True
            return self.c.is_name(prev) or roles.get(prev) is not None
        if word[:1].isdigit():
            # "4.8 million", "10 percent": a number before a quantity noun.
            return k + 1 < len(self.words) and _low(self.w(k + 1)) in self.c.quantity
        if not word[:1].islower():
            return False
        return (
            self._adjective_slot(k, sent) or lw in self.c.modifier or self._proper_modifier(k, sent)
        )

    def _proper_modifier(self, k: int, sent: Segment) -> bool:
        """Whether word ``k`` is a lower-case modifier after a name ("Pakistan foreign …")."""
        if k - 1 < 0 or self.words[k - 1][0] < sent[0] or not self.gap(k - 1).isspace():
            return False
        prev = self.w(k - 1)
        if not (prev[:1].isupper() and prev not in self.c.capitalised_non_name):
            return False
        nxt = self.w(k + 1)
        return self.ex.roles.get(nxt) is not None or nxt.lower() in self.c.modifier

    def _adjective_slot(self, k: int, sent: Segment) -> bool:
        """Whether a lower-case word at ``k`` sits between a determiner and a noun phrase head."""
        for d in range(1, 4):
            i = k - d
            if i < 0 or self.words[i][0] < sent[0]:
                return False
            if not self.gap(i).isspace():
                return False
            lw = self.w(i).lower()
            if lw in self.c.determiner:
                return True
            if lw in self.c.auxiliary or lw in self.c.connector or lw in self.c.adjective_stop:
                return False
        return False

    def _appositive_or_relative(self, j: int, sent: Segment) -> Segment | None:
        """Handle "X, <appositive>, said" and "X, which …, said"."""
        text = self.text
        seg_end = self.words[j][1]
        # The segment back to the previous comma (or the sentence start).
        lo = text.rfind(",", sent[0], self.words[j][0])
        seg_start_w = self.word_at(lo + 1 if lo >= 0 else sent[0])
        if seg_start_w > j:
            return None
        first_word = self.w(seg_start_w).lower()
        if first_word in self.c.relative_opener:
            if lo < 0:
                return None
            k = self.word_before(lo)
            if k < 0 or self.words[k][0] < sent[0]:
                return None
            return self.np_left(k, sent)
        if first_word in self.c.insertion and lo >= 0:
            # "Fields, along with reporter Ben Terris, say": the insertion joins the source.
            k = self.word_before(lo)
            if k < 0 or self.words[k][0] < sent[0] or text[self.words[k][1] : lo].strip():
                return None
            head = self.np_left(k, sent)
            return None if head is None else (head[0], seg_end)
        app = self.np_left(j, sent)
        if app is None or app[0] != self.words[seg_start_w][0]:
            return None
        if lo >= 0:
            k = self.word_before(lo)
            if k >= 0 and self.words[k][0] >= sent[0] and text[self.words[k][1] : lo].strip() == "":
                before = self.np_left(k, sent)
                if before is not None and (
                    before[0] == sent[0] or self._clause_start(before[0], sent)
                ):
                    return (before[0], seg_end)
        if app[0] == sent[0] or self._clause_start(app[0], sent):
            return app
        return None

    def _long_appositive(self, j: int, sent: Segment) -> Segment | None:
        """'X, a consultant who tried …, said': the noun phrase opening the sentence."""
        np = self.sentence_subject(sent, self.words[j][1])
        if np is None:
            return None
        after = self.text[np[1] : self.words[j][1]]
        paren = _PARENTHESIS.match(after)
        if paren is not None:
            np = (np[0], np[1] + paren.end())  # "Rep. Bobby Scott (D-Va.), ranking member …"
            after = after[paren.end() :]
        return np if after.startswith(",") else None

    def _clause_start(self, offset: int, sent: Segment) -> bool:
        """Whether ``offset`` begins a clause: sentence start, after a quote, comma or 'and'."""
        before = self.text[sent[0] : offset].rstrip()
        if not before:
            return True
        words = before.rsplit(None, 1)
        return before[-1] in ",;:" + _QUOTE_CHARS + "—–(" or (
            len(words) == 2 and words[1].lower() in self.c.clause_opener
        )

    def right_np(
        self, pos: int, sent: Segment, lenient: bool = False, depth: int = 0
    ) -> Segment | None:
        """The noun phrase starting right after ``pos`` (inverted order, 'according to', 'by').

        With ``lenient`` a lower-case noun may head the phrase ("complete returns").
        """
        text = self.text
        i = self.word_at(pos)
        if (
            i >= len(self.words)
            or self.words[i][1] > sent[1]
            or text[pos : self.words[i][0]].strip()
        ):
            return None
        if _low(self.w(i)) in self.c.pronouns:
            return self.words[i]
        roles = self.ex.roles
        end: int | None = None
        lower_head = False
        k, n = i, 0
        while k < len(self.words) and self.words[k][1] <= sent[1] and n < 14:
            if k > i and not self._joined(k - 1):
                break
            word = self.w(k)
            lw = _low(word)
            if lw in self.c.determiner and end is None:
                pass
            elif (
                self.c.is_name(word)
                or (k == i and word[:1].isupper() and lw in self.c.opening_article)
                or roles.get(word) is not None
            ):
                end = self.words[k][1]
            elif (
                lw in self.c.connector
                or lw in self.c.head_conjunction
                or lw in self.ex.affiliation_heads
            ):
                if end is None:
                    break
                if lw in self.ex.affiliation_heads or (
                    lw in self.c.connector and roles.get(self.w(k - 1))
                ):
                    jump = self._complement_after(k, sent, depth)
                    if jump is None:
                        break
                    end, k = jump
                    n += 3
                    continue
                # "Trump and Clinton", "Sanders of Vermont": read on; a name may follow.
            elif (
                end is None
                and (word[:1].islower() or word[:1].isdigit())
                and lw not in self.c.auxiliary
                and lw not in self.c.non_head
            ):
                if lenient and self._lenient_head(k, sent):
                    end = self.words[k][1]  # an adjective unless it ends the phrase
                    lower_head = True
            elif (
                lenient
                and lower_head
                and end == self.words[k - 1][1]
                and word[:1].islower()
                and lw not in self.c.non_head
                and lw not in self.c.auxiliary
                and lw not in self.c.determiner
            ):
                end = self.words[k][1]  # a lower-case noun compound ("complete returns")
            else:
                break
            k += 1
            n += 1
        return None if end is None else (self.words[i][0], end)

    def _lenient_head(self, k: int, sent: Segment) -> bool:
        """Whether a lower-case word before any head ends the phrase (and so heads it)."""
        nxt = k + 1
        if nxt >= len(self.words) or self.words[nxt][1] > sent[1]:
            return True
        return not self.gap(k).isspace() or _low(self.w(nxt)) in self.c.non_head

    def _complement_after(self, k: int, sent: Segment, depth: int) -> tuple[int, int] | None:
        """Extend a phrase over a complement at word ``k``; return its end and the next word.

        As in "people familiar with the matter" or "a spokesperson for the Taliban".
        """
        lw = _low(self.w(k))
        j = k + 1 if lw in self.c.connector else k + 2
        if lw in self.ex.affiliation_heads and (
            j - 1 >= len(self.words) or _low(self.w(j - 1)) not in self.c.connector
        ):
            return None
        if j >= len(self.words) or self.words[j][1] > sent[1] or depth >= 2:
            return None
        sub = self.right_np(self.words[j - 1][1], sent, lenient=True, depth=depth + 1)
        if sub is None or not self.text[self.words[j - 1][1] : sub[0]].isspace():
            return None
        return sub[1], self.word_at(sub[1])

    def inverted_source(self, cue_s: int, cue_e: int, sent: Segment) -> Segment | None:
        """The ``np_inverted`` chunk: ``"…," said Ana Ruiz``, the noun phrase after the cue.

        Only after a quotation, comma, colon or dash, and only when what follows the phrase
        ends it (punctuation, a time phrase, a relative clause or an adverbial).
        """
        before = self._before(cue_s, sent)
        b = before.rstrip()
        if b and b[-1] not in ",”\"'’:—–" and not _COMMA_CLOSE.search(before):
            return None
        np = self.right_np(cue_e, sent, lenient=True)
        if np is None:
            return None
        if self.w(self.word_at(np[0])).lower() in self.c.not_inverted_subject:
            return None
        after = _strip_trail(self.text[np[1] : sent[1]])
        lead = after.lstrip()
        if lead.startswith("."):
            lead = lead[1:].lstrip()  # the period of an abbreviation: "Jr. (D-Pa.)", "Inc., …"
        if (
            lead
            and not lead.startswith((",", "(", "—", "–"))
            and not self.rx["time_phrase"].match(after + " ")
            and not self.rx["relative_start"].match(lead)
            and not self.rx["adverbial_start"].match(lead)
        ):
            return None  # "…, explained the reason for …": an object, not an inverted subject
        return np

    def outlets_near(self, offset: int) -> list[Segment]:
        """Outlet names in the sentence holding ``offset`` (matched once per sentence)."""
        last = self._outlet_last  # most calls ask about the sentence of the call before
        if last[0] <= offset < last[1]:
            return last[2]
        sent_i = self.doc.sentence_index(offset)
        if sent_i is None:
            return []
        s, e = self.doc.sentences[sent_i]
        found = self._outlet_cache.get(sent_i)
        if found is None:
            found = self._outlet_cache[sent_i] = [
                (m.start, m.end) for m in self.ex.outlets.matches(self.text, s, e)
            ]
        self._outlet_last = (s, e, found)
        return found

    def is_outlet(self, span: Segment) -> bool:
        """Whether a span contains (or is) a news outlet's name."""
        s, e = span
        near = self.outlets_near(s)
        return bool(near) and any(os_ < e and s < oe for os_, oe in near)

    def outlet_at(self, pos: int, limit: int) -> Segment | None:
        """An outlet name starting right after ``pos`` (allowing 'the')."""
        m = self.rx["outlet_article"].match(self.text, pos, limit)
        at = m.end() if m else pos
        for os_, oe in self.outlets_near(min(at, limit - 1) if limit > at else pos):
            if os_ in (at, pos) and oe <= limit:
                return (os_, oe)
        return None

    def find_via(self, cue_e: int, sent: Segment) -> Segment | None:
        """An outlet the statement went through: 'told Reuters', 'in an interview with CNN'."""
        text = self.text
        if not self.outlets_near(sent[0]):
            return None  # every form below ends in an outlet of the cue's sentence
        if _low(self.w(self.word_before(cue_e))) in self.c.telling_verb:
            v = self.outlet_at(cue_e, sent[1])
            if v is not None:
                return v
        m = self.rx["via_after_cue"].match(text, cue_e, sent[1])
        if m is not None:
            v = self.outlet_at(m.end(), sent[1])
            if v is not None:
                return v
        # "In an interview with CNN, X said" (before the cue, same sentence)
        mb = self.rx["via_before"].search(text, sent[0], cue_e)
        if mb is not None:
            v = self.outlet_at(mb.end(), sent[1])
            if v is not None and v[1] <= cue_e:
                return v
        # "…, official says: Reuters"
        m2 = _COLON.match(text, cue_e, sent[1])
        if m2 is not None:
            v = self.outlet_at(m2.end(), sent[1])
            if v is not None and text[v[1] : sent[1]].strip()[:1] in ("", "—", "–", "-", "("):
                return v
        return None

    # -- content --

    def content_for(
        self,
        cue_s: int,
        cue_e: int,
        source: Segment | None,
        sent: Segment,
        after_from: int | None = None,
        via: Segment | None = None,
    ) -> tuple[Segment | None, bool]:
        """The attributed content and whether it is a direct quotation."""
        text = self.text
        doc = self.doc
        lo = min(cue_s, source[0]) if source is not None else cue_s
        hi = max(cue_e, source[1]) if source is not None else cue_e
        if after_from is not None:
            hi = max(hi, after_from)
        if via is not None:
            lo, hi = min(lo, via[0]), max(hi, via[1])
            if text[cue_e : via[0]].strip() == ":":
                head = _strip_trail(text[sent[0] : lo])
                seg = self._trim_content(sent[0], sent[0] + len(head))
                return (seg, False) if seg is not None else (None, False)
        rest = text[hi : sent[1]]
        tail = _strip_trail(rest)
        if tail.strip() and _may_end_with_time(tail, self.ex.time_finals):
            tm = self.rx["time_phrase"].match(" " + tail + " ")
            if tm is not None and tm.end() >= len(tail):
                hi = sent[1]  # "…, an official said on Sunday.": the content comes before
                rest = tail = ""
        # A quotation closing right before the source / cue (possibly ending the sentence before).
        before = text[sent[0] : lo]
        back = text[max(0, lo - 4) : lo].rstrip()
        if (
            back
            and back[-1] in _CLOSERS
            and (_ends_with_mark(before) or (lo - sent[0] < 2 and not tail.strip()))
        ):
            q = doc.quotation_at(lo - 4 + len(back) - 1 if lo >= 4 else len(back) - 1)
            if q is not None and q.depth == 0 and q.closed:
                seg = self._trim_content(q.content_start, q.content_end)
                if seg is not None:
                    return (seg, True)
        # A quotation opening right after the cue (", " or ": " between).
        after = _COMMA_COLON.match(text, hi)
        if after is not None:
            pos = after.end()
            if pos < len(text) and text[pos] in _OPENERS:
                q = doc.quotation_at(pos)
                if q is not None and q.start == pos:
                    return (self._trim_content(q.content_start, q.content_end), True)
        # The clause after the cue.
        lead = _LEAD.match(tail)
        off = lead.end() if lead else 0
        that = self.rx["that_soon"].match(tail, off)
        if that is not None:
            off = that.end()  # "said on Monday that …": the content starts at "that"
        if len(tail) - off > 3 and not _STOP_START.match(rest):
            start = hi + off
            end = self._clause_end(hi + off, hi + len(tail), sent)
            seg = self._trim_content(start, end)
            if seg is not None:
                return (seg, self._has_quote(seg))
        # The clause before the source / cue (the cue closes the sentence).
        head = _strip_trail(before)
        if len(head.strip()) > 3:
            seg = self._trim_content(sent[0], sent[0] + len(head))
            if seg is not None:
                return (seg, self._has_quote(seg))
        return (None, False)

    def _has_quote(self, seg: Segment) -> bool:
        """Whether a content span holds a direct quotation (whole or partial)."""
        quotations = self.doc.quotations
        # Quotations are sorted by start and outer ones do not overlap: start one before.
        i = max(bisect_right(self.quote_starts, seg[0]) - 1, 0)
        while i > 0 and quotations[i].depth > 0:
            i -= 1  # step back from a nested quotation to the one holding it
        while i < len(quotations) and quotations[i].start < seg[1]:
            q = quotations[i]
            if q.content_start < seg[1] and seg[0] < q.content_end and q.closed:
                return True
            i += 1
        return False

    def _clause_end(self, start: int, end: int, sent: Segment) -> int:
        """End content before a later sentence-final attribution (", the Times reported.").

        The content ends at the last comma before the first cue after ``start`` that closes the
        sentence (only punctuation, or a time phrase, after it) and has a comma between
        ``start`` and itself. The closing cues of a sentence are listed once per sentence, so
        a sentence of thousands of cues costs linear, not quadratic, time.
        """
        first_comma = self.text.find(",", start + 1, end)
        if first_comma == -1:
            return end
        starts = self.cue_starts
        i0 = max(bisect_right(starts, start), bisect_right(starts, first_comma))
        for i in range(i0, bisect_left(starts, min(sent[0], end))):
            if self._closes(i, sent):  # cues before the sentence: rare, checked one by one
                return self.text.rfind(",", start, starts[i])
        closing = self._closing_cues(sent)
        k = bisect_left(closing, i0)
        # Failing a closing cue inside the sentence, the first cue past its end closes it.
        i = closing[k] if k < len(closing) else max(i0, bisect_left(starts, sent[1]))
        if i < len(starts) and starts[i] < end:
            return self.text.rfind(",", start, starts[i])
        return end

    def _closes(self, i: int, sent: Segment) -> bool:
        """Whether only punctuation or a time phrase follows cue ``i`` to the sentence's end."""
        ce = self.cue_positions[i][1]
        tail = self.text[ce : sent[1]]
        return not _strip_trail(tail).strip() or bool(
            self.rx["time_phrase"].match(tail.rstrip(" .!?\"”'’"))
        )

    def _closing_cues(self, sent: Segment) -> list[int]:
        """Indices of the cues inside ``sent`` that close it (see :meth:`_closes`), once."""
        cached = self._closing.get(sent)
        if cached is None:
            text, positions = self.text, self.cue_positions
            floor = sent[0] + len(_strip_trail(text[sent[0] : sent[1]]))
            stripped_end = sent[0] + len(text[sent[0] : sent[1]].rstrip(" .!?\"”'’"))
            first = bisect_left(self.cue_starts, sent[0])
            after = bisect_left(self.cue_starts, sent[1])
            cached = [
                i
                for i in range(first, after)
                if positions[i][1] >= floor
                or self.rx["time_phrase"].match(
                    text, positions[i][1], max(positions[i][1], stripped_end)
                )
            ]
            self._closing[sent] = cached
        return cached

    def _trim_content(self, start: int, end: int) -> Segment | None:
        text = self.text
        while start < end and (text[start].isspace() or text[start] in ",:;—–"):
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:—–"):
            end -= 1
        if end - start < 2:
            return None
        return (start, end)

    # -- special cues --

    def continue_quotes(self, found: list[Found]) -> list[Found]:
        """Extend quotations' attributions over following all-quotation paragraphs.

        A paragraph that is nothing but a further quotation, with no cue of its own, continues
        the speaker of the paragraph before (news convention).
        """
        if not found:
            return found
        doc = self.doc
        by_para: dict[int, int] = {}
        for idx, f in enumerate(found):
            p = doc.paragraph_index(f.cue[0])
            if p is not None:
                by_para[p] = idx
        out = list(found)
        for p, idx in sorted(by_para.items()):
            f = out[idx]
            if not f.quote or f.content is None:
                continue
            q_end = f.content[1]
            nxt = p + 1
            while nxt < len(doc.paragraphs) and nxt not in by_para:
                ps, pe = doc.paragraphs[nxt]
                q = doc.quotation_at(ps)
                if q is None or q.start != ps or not q.closed or q.end < pe - 1 or q.depth:
                    break
                q_end = q.content_end
                nxt += 1
            if q_end != f.content[1]:
                out[idx] = f._replace(content=(f.content[0], q_end))
        return out

    def paragraph_relations(self) -> list[Found]:
        """The relations of the paragraph forms (a transcript's "Q: …", "Matthews: …" lines).

        Each form's cue patterns are tried at each paragraph's start; a form's lines stand only
        when the document has at least ``at_least`` of them.
        """
        out: list[Found] = []
        for rule, form, cues in self.ex.paragraph_forms:
            lines: list[Found] = []
            for p_start, p_end in self.doc.paragraphs:
                for entry, pattern in cues:
                    line = self._paragraph_line(rule, form, entry, pattern, (p_start, p_end))
                    if line is not None:
                        lines.append(line)
                        break
            if len(lines) >= form.at_least:
                out.extend(lines)
        return out

    def _paragraph_line(
        self, rule: Rule, form: Form, entry: Entry, pattern: re.Pattern[str], para: Segment
    ) -> Found | None:
        """The relation of one paragraph form at a paragraph, if its cue pattern opens it."""
        text = self.text
        m = pattern.match(text, para[0], para[1])
        if m is None:
            return None
        cue = text.rfind(form.cue_text, m.start(), m.end())
        if cue < 0:
            return None
        speaker = text[m.start() : cue].rstrip(" \t")
        part = form.source
        if speaker in entry.exceptions or (
            part is not None and part.reject is not None and part.reject.fullmatch(speaker)
        ):
            return None
        content = self._trim_content(m.end(), para[1])
        if content is None:
            return None
        source: Segment | None = (m.start(), m.start() + len(speaker))
        if part is None or (part.nobody is not None and part.nobody.fullmatch(speaker)):
            source = None
        quote = self.doc.in_quotation(content[0])
        cue_span = (cue, cue + len(form.cue_text))
        return Found(cue_span, source, content, quote, None, False, entry, rule.id)

    def _role_in_cue(self, cue: Segment) -> Segment | None:
        """The ``role_in_cue`` chunk: a source-role noun in the cue phrase, before its last word.

        As in "reports said" or "if reports are to be believed".
        """
        first, last = self.word_at(cue[0]), self.word_before(cue[1])
        for k in range(first, last):  # the last word is the cue's own
            if self.ex.roles.get(self.w(k)) is not None:
                return self.words[k]
        return None

    def _clause_around(self, cue: Segment, source: Segment | None, sent: Segment) -> Segment | None:
        """The ``clause_around`` chunk: the clause before or after an agentless cue.

        The clause before the cue when there is one and the source opens the cue phrase or the
        cue closes the sentence, else the clause after it; a sentence adverb's content is its
        whole sentence.
        """
        text = self.text
        before = _strip_trail(text[sent[0] : cue[0]])
        after = _strip_trail(text[cue[1] : sent[1]])
        source_first = source is not None and source[0] == cue[0]
        if len(before.strip()) > 3 and (source_first or len(after.strip()) <= 3):
            return self._trim_content(sent[0], sent[0] + len(before))
        if _low(self.w(self.word_before(cue[1]))) in self.c.sentence_adverb:
            whole = _strip_trail(text[sent[0] : sent[1]])
            return self._trim_content(sent[0], sent[0] + len(whole))
        return self._trim_content(cue[1], cue[1] + len(after))


_NON_VERB_LABELS = frozenset(("agentless", "preposition", "phrase", "noun", "transcript"))
"""Cue labels with rules of their own; every other label is a verb's (``verb_cue``)."""

_REMEMBERED_WORDS = 100_000
"""How many distinct words' codes an extractor remembers before it starts afresh."""

_VERDICTS = 100_000
"""How many veto verdicts (one per distinct window of word codes) an extractor remembers before
it starts afresh; also the bound on its veto and form plans (one per distinct code string)."""


def _remember(memo: dict[_K, _V], key: _K, value: _V, bound: int) -> _V:
    """Store ``value`` under ``key`` in a memo of at most ``bound`` entries, and return it.

    A full memo starts afresh: a bound on memory over a long batch, at the cost of working a
    few values out again.
    """
    if len(memo) >= bound:
        memo.clear()
    memo[key] = value
    return value


_LONG_SENTENCE = 4_000
"""A sentence longer than this (characters) is no prose sentence: the rules look within _REACH."""

_REACH = 600
"""How far (characters) the rules look either side of a cue in an overlong sentence: about four
long prose sentences, so a relation's content in a run of text without sentence ends stays the
size of a prose one (and the profile of such a text stays small)."""


def _title_case(text: str, sent: Segment) -> bool:
    """Whether a sentence is a title-case headline (most of its longer words capitalised)."""
    words = [w for w in text[sent[0] : sent[1]].split() if len(w) > 3 and w[:1].isalpha()]
    return len(words) >= 3 and sum(w[:1].isupper() for w in words) >= 0.8 * len(words)


def _low(word: str) -> str:
    """A word lower-cased with a straight apostrophe."""
    return word.lower().replace("’", "'")
