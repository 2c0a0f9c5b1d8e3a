"""Promotional content: page furniture that sells, solicits or navigates, and puffery.

Scraped article text carries appeals ("support us today for as little as $1"), sign-up and
paywall prompts, link-outs ("Also Read - …"), social calls ("Follow us on Twitter"), interface
text ("Remind me next month", cookie notices), sponsorship disclosures and embedded social posts.
This scorer marks them as **blocks** — whole sentences, paragraphs, or the glued tail of a
sentence the Document already split off — and marks peacock words in the writer's own voice as
inline **puffery** spans.

How a sentence becomes a furniture block (every cue is a ``promotional`` lexicon entry):

* each cue found in the writer's voice (outside quotation regions) scores its entry's ``weight``,
  plus ``lead_bonus`` when it leads its sentence (after opening punctuation or a short lead-in such
  as "For more,"), plus ``standalone_bonus`` when it is the whole sentence, plus ``address_bonus``
  when the sentence addresses the reader ("you", "our", "please" … outside quotations);
* a cue that does not lead a sentence with a reporting verb outside quotations ("the campaign
  urged supporters to donate") scores nothing: that is reporting about an appeal;
* a sentence whose best cue reaches ``threshold`` is a block of that cue's kind.

Blocks then grow to their natural unit: a paragraph in which at least half of the sentences face
the reader (flagged, or addressing the reader without reporting) becomes one block; a link-list
header ("Related:", "Most Read", "More from BBC News" on a line of its own) takes the headline
lines that follow it (short lines in title case, or in any case without a closing period, comma,
colon or semicolon); a run of ``min_headline_run`` title-case headline lines with no heading (a
related list whose heading was lost, or one closing the article; bylines and picture credits
between them neither count nor break it) is a list of links too; a link list ends where the
article's own numbered list resumes (the item after the last numbered line before it); in a
web page's text, blocks the markup marks as furniture (see :mod:`reliability.html.signals`) are
blocks of their kind; an embedded post takes its
paragraph, or the paragraphs from its opening to its closing markup. A text without paragraph
breaks (a whole article on one line) is not swallowed by its blocks: a paragraph longer than
``max_block_sentences`` sentences never becomes one furniture block, and in a paragraph longer than
``max_post_chars`` an embedded post is the sentence or two around its signature or link. Each
block records whether it sits in the ``header`` run (blocks from the top of the text), the
``trailer`` run (blocks to the end) or the ``body``.

Score: the share of the article's characters (those of its paragraphs) that lie in promotional
blocks. Embedded posts are blocks (``block: True``: other scorers set them aside) but not
promotion, so they are left out of the numerator.

Speed: the lexicon has some two hundred entries, and one regex alternation over all of them costs
tens of milliseconds per article in Python's ``re``. The scorer therefore finds candidates with one
pass of a trie of the entries' leading literals (derived from each entry's regex once, when the
scorer is built), and runs an entry's own regex only where its leading literal occurs. The results
are exactly the entry's matches; entries without a leading literal are scanned in full.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Mapping
from itertools import pairwise

import attrs

from reliability.document import Document, Segment
from reliability.errors import LexiconError
from reliability.html.signals import PageDocument
from reliability.lexicon import LexiconMatch, LexiconSet
from reliability.model import Evidence, LexiconRef, ScoreResult, Span

__all__ = [
    "BLOCK_KINDS",
    "PROMOTIONAL_KINDS",
    "SHAPE_NAMES",
    "PromotionalScorer",
    "Shape",
    "Shapes",
]

PROMOTIONAL_KINDS: tuple[str, ...] = (
    "appeal",
    "subscription",
    "link_out",
    "social",
    "interface",
    "sponsored",
)
"""Block kinds that count as promotion in the score."""

EMBEDDED_POST = "embedded_post"
PUFFERY = "puffery"
BLOCK_KINDS: tuple[str, ...] = (*PROMOTIONAL_KINDS, EMBEDDED_POST)
"""Every kind flagged as a whole block (``details["block"] is True``)."""

_MARKUP_FAMILY = "page_furniture"
"""The lexicon whose tokens mark a web page's furniture (its entries are markup rules)."""
_REPORTING = "reporting"
_ADDRESS = "address"

FORMULA = (
    "promotional = promotional_chars / chars, where promotional_chars counts the characters of "
    "appeal, subscription, link_out, social, interface and sponsored blocks (embedded posts are "
    "blocks set aside from the other measures but are not promotion) and chars counts the "
    "characters of the article's paragraphs"
)

_POST_MARKUP = "post_markup"
_SHAPES: dict[str, tuple[str, tuple[str, ...]]] = {
    # shape: (how it is applied, the fields it requires)
    "lead_in": ("fullmatch", ("pattern",)),
    "only_punctuation": ("fullmatch", ("pattern",)),
    "clause_break": ("search", ("pattern",)),
    "quote_marks": ("search", ("pattern",)),
    "post_markup_close": ("search", ("pattern", "reach")),
    "post_lead": ("fullmatch", ("pattern",)),
    "post_tail": ("match", ("pattern",)),
    "word_start": ("search", ("pattern",)),
    "headline_word": ("search", ("pattern",)),
    "headline_open": ("match", ("pattern",)),
    "headline_sentence_break": ("search", ("pattern",)),
    "list_number": ("fullmatch", ("pattern",)),
    "credit_line": ("fullmatch", ("pattern",)),
    "item_number": ("match", ("pattern",)),
    "listed_headline": ("line", ("min_words", "max_words", "closing", "trailing")),
    "title_case": (
        "line",
        (
            "max_chars",
            "min_words",
            "max_words",
            "long_word_chars",
            "min_long_words",
            "capital_share",
        ),
    ),
    "heading_item": ("line", ("max_words", "max_chars")),
    "closing_run": ("run", ("min_lines", "prose_min_words", "prose_closing")),
    "contents_run": ("run", ("min_repeated_share", "section_min_words")),
}
"""The shapes the scorer reads from its lexicon's ``rows``: how each is applied, its fields."""
SHAPE_NAMES: tuple[str, ...] = tuple(_SHAPES)
"""The shapes a promotional lexicon family defines in its ``rows``."""
_TEXT_FIELDS = frozenset({"pattern", "closing", "trailing", "prose_closing"})
"""Fields of a shape row that hold text; every other required field holds a number."""
_ROW_FIELDS = {"id", "shape", "use", "note", "cites", "matches", "non_matches", "ignore_case"}


@attrs.frozen
class Shape:
    """One row of the promotional lexicon's ``rows``: a line or text shape the scorer reads.

    Attributes:
        id: The row's id (recorded nowhere in code: the scorer finds a row by its ``shape``).
        shape: Which shape the row defines (one of the scorer's known shapes).
        use: How it is applied: ``fullmatch``, ``match`` or ``search`` for a pattern, ``line``
            for a shape of a whole line, ``run`` for a shape of a run of lines.
        regex: The compiled pattern, for a pattern shape.
        params: The row's numbers and strings (thresholds), by field name.
        matches: Examples the shape must accept (run as tests).
        non_matches: Examples it must reject.
        lexicon: The id of the lexicon holding the row.
    """

    id: str
    shape: str
    use: str
    regex: re.Pattern[str] | None
    params: Mapping[str, str | int | float]
    matches: tuple[str, ...] = ()
    non_matches: tuple[str, ...] = ()
    lexicon: str = ""

    def number(self, name: str) -> float:
        """A numeric field of the row."""
        value = self.params[name]
        assert not isinstance(value, str)
        return value

    def chars(self, name: str) -> str:
        """A string field of the row."""
        return str(self.params[name])

    def pattern(self) -> re.Pattern[str]:
        """The row's compiled pattern (a pattern shape)."""
        assert self.regex is not None
        return self.regex


def _shape_row(
    raw: Mapping[str, object], index: int, path: str, lexicon: str, keys: frozenset[str]
) -> Shape:
    where = f"rows[{index}]"

    def fail(field: str, reason: str) -> LexiconError:
        return LexiconError(path, reason, field=f"{where}.{field}")

    row_id, shape = raw.get("id"), raw.get("shape")
    if not isinstance(row_id, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", row_id):
        raise fail("id", "must be lower-case letters, digits and '_'")
    if shape not in _SHAPES:
        raise fail("shape", f"unknown shape (known: {', '.join(sorted(_SHAPES))})")
    use, required = _SHAPES[shape]
    if raw.get("use") != use:
        raise fail("use", f"the shape {shape!r} is applied as {use!r}")
    allowed = _ROW_FIELDS | set(required)
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise fail(unknown[0], f"unknown field (known: {', '.join(sorted(allowed))})")
    missing = [f for f in required if f not in raw]
    if missing:
        raise fail(missing[0], "is required for this shape")
    params: dict[str, str | int | float] = {}
    for name in required:
        value = raw[name]
        if name in _TEXT_FIELDS:
            if not isinstance(value, str):
                raise fail(name, "must be a string")
        elif isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise fail(name, "must be a number, 0 or more")
        params[name] = value
    cites = raw.get("cites", [])
    if not isinstance(cites, list) or not all(isinstance(c, str) and c in keys for c in cites):
        raise fail("cites", f"must list keys of the lexicon's sources ({', '.join(sorted(keys))})")
    regex = None
    if "pattern" in params:
        flags = re.IGNORECASE if raw.get("ignore_case") is True else 0
        try:
            regex = re.compile(str(params.pop("pattern")), flags)
        except re.error as exc:
            raise fail("pattern", f"not a valid regex: {exc}") from None
    examples: dict[str, tuple[str, ...]] = {}
    for name in ("matches", "non_matches"):
        value = raw.get(name, [])
        if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
            raise fail(name, "must be a list of strings")
        examples[name] = tuple(value)
    return Shape(
        row_id,
        str(shape),
        use,
        regex,
        params,
        examples["matches"],
        examples["non_matches"],
        lexicon,
    )


@attrs.frozen
class Shapes:
    """The shapes of a promotional lexicon family, one row per known shape.

    Rows come from every lexicon of the family; a lexicon that extends the family may redefine
    a shape (its row replaces the earlier one). Every known shape must be defined.
    """

    rows: Mapping[str, Shape]

    @classmethod
    def of(cls, lexicons: LexiconSet, family: str) -> Shapes:
        """Read and validate the family's shape rows.

        Raises:
            LexiconError: naming the file and row at fault, or the shape no file defines.
        """
        rows: dict[str, Shape] = {}
        last = ""
        # The family's own lexicon first, then those extending it, whose rows replace its own.
        for lex in sorted(lexicons.family(family), key=lambda x: x.extends is not None):
            last = lex.path
            here: set[str] = set()
            for i, raw in enumerate(lex.rows):
                keys = frozenset(s.key for s in lex.sources if s.key is not None)
                row = _shape_row(raw, i, lex.path, lex.id, keys)
                if row.shape in here:
                    raise LexiconError(
                        lex.path, f"shape {row.shape!r} defined twice", field=f"rows[{i}].shape"
                    )
                here.add(row.shape)
                rows[row.shape] = row
        missing = sorted(set(_SHAPES) - set(rows))
        if missing:
            raise LexiconError(last or family, f"no row defines the shape {missing[0]!r}")
        return cls(rows)

    def __getitem__(self, shape: str) -> Shape:
        """The row defining a shape."""
        return self.rows[shape]

    def regex(self, shape: str) -> re.Pattern[str]:
        """The compiled pattern of a pattern shape."""
        return self.rows[shape].pattern()

    def accepts(self, shape: str, text: str) -> bool:
        """Whether a shape accepts a whole example text, applied as the scorer applies it."""
        row = self.rows[shape]
        if row.use == "fullmatch":
            return row.pattern().fullmatch(text) is not None
        if row.use == "match":
            m = row.pattern().match(text)
            return m is not None and m.end() == len(text)
        if row.use == "search":
            return row.pattern().search(text) is not None
        if row.use == "line":
            return self.line(shape, text, 0, len(text))
        raise ValueError(f"the shape {shape!r} applies to runs of lines, not to one text")

    def words(self, text: str, start: int, end: int) -> list[str]:
        """The headline words of ``text[start:end]``."""
        return self.regex("headline_word").findall(text, start, end)

    def line(self, shape: str, text: str, start: int, end: int, max_chars: int = 160) -> bool:
        """Whether ``text[start:end]`` has a line shape (``max_chars``: a headline's limit)."""
        if shape == "listed_headline":
            return self._listed_headline(text, start, end, max_chars)
        if shape == "title_case":
            return self._title_case(text, start, end)
        if shape == "heading_item":
            return self._heading_item(text, start, end)
        raise ValueError(f"{shape!r} is not a line shape")

    def _title_case(self, text: str, start: int, end: int) -> bool:
        """A short line most of whose longer words are capitalised: a listed headline."""
        row = self.rows["title_case"]
        if end - start > row.number("max_chars"):
            return False
        words = self.words(text, start, end)
        if not row.number("min_words") <= len(words) <= row.number("max_words"):
            return False
        long_words = [w for w in words if len(w) >= row.number("long_word_chars")]
        if len(long_words) < row.number("min_long_words"):
            return False
        capitals = sum(1 for w in long_words if w[0].isupper())
        return capitals >= row.number("capital_share") * len(long_words)

    def _listed_headline(self, text: str, start: int, end: int, max_chars: int) -> bool:
        """A line shaped like a listed headline, in any case (see the ``listed_headline`` row)."""
        row = self.rows["listed_headline"]
        if end - start > max_chars:
            return False
        line = text[start:end]
        last = line.rstrip(row.chars("trailing"))[-1:]
        if last and last in row.chars("closing"):
            return False
        if (
            not row.number("min_words")
            <= len(self.words(line, 0, len(line)))
            <= row.number("max_words")
        ):
            return False
        opening = self.regex("headline_open").match(line)
        first = line[opening.end() : opening.end() + 1] if opening else ""
        return (first.isupper() or first.isdigit()) and self.regex(
            "headline_sentence_break"
        ).search(line) is None

    def _heading_item(self, text: str, start: int, end: int) -> bool:
        """A short capitalised line of at most ``max_words`` words: an item under a heading."""
        row = self.rows["heading_item"]
        if end - start > row.number("max_chars"):
            return False
        words = self.words(text, start, end)
        if not 1 <= len(words) <= row.number("max_words"):
            return False
        opening = self.regex("headline_open").match(text, start, end)
        at = opening.end() if opening else start
        return at < end and text[at].isupper()

    def list_number(self, text: str, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` is only a list number."""
        return self.regex("list_number").fullmatch(text, start, end) is not None

    def credit_line(self, text: str, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` is a byline or a picture credit, not a headline."""
        return self.regex("credit_line").fullmatch(text, start, end) is not None

    def item_number(self, text: str, start: int, end: int) -> int | None:
        """The number a line opens with as an item of a numbered list ('5. Beware …'), if any."""
        m = self.regex("item_number").match(text, start, end)
        return int(m.group(1)) if m else None


# ---- the scorer ------------------------------------------------------------------------------


@attrs.frozen
class _Cue:
    """A furniture cue in a sentence and what it scored."""

    match: LexiconMatch
    score: float
    lead: bool
    standalone: bool

    @property
    def kind(self) -> str:
        return self.match.entry.label or ""


@attrs.frozen
class _Block:
    """A block before its position is known."""

    start: int
    end: int
    kind: str
    rule: str
    unit: str
    cue: str | None = None
    header: bool = False


@attrs.frozen
class _Scan:
    """The lexicon matches of one text, sorted into what the scorer uses."""

    cues: list[LexiconMatch]
    embedded: list[LexiconMatch]
    puffery: list[LexiconMatch]
    reporting: list[LexiconMatch]
    address: list[LexiconMatch]


@attrs.frozen
class PromotionalScorer:
    """Promotional furniture and embedded posts as blocks; puffery in the writer's voice.

    Furniture kinds: appeals, sign-ups, link-outs, social calls, interface text, sponsorship.

    Attributes:
        lexicons: The lexicon set; the ``promotional`` family is read from it.
        threshold: Score at which a sentence's best cue flags it as furniture.
        lead_bonus: Added when the cue leads its sentence.
        standalone_bonus: Added when the cue is the whole sentence.
        address_bonus: Added when the sentence addresses the reader outside quotations.
        reader_share: Share of a paragraph's sentences that must face the reader for a
            paragraph holding a flagged sentence to become one block.
        max_list_items: How many headline-like paragraphs a link-list header may take.
        max_headline_chars: How long a listed headline may be.
        min_headline_run: How many title-case headline lines in a row, with no heading above
            them, make a list of links.
        max_teaser_chars: How long a teaser between two listed headlines may be and still
            continue the list.
        max_post_chars: An embedded post's paragraph up to this long is the post; in a longer
            paragraph (a text with no line breaks) the post is the sentence or two around its
            signature, never more than this far before it.
        max_block_sentences: A paragraph of more sentences never becomes one furniture block
            as a whole; its flagged sentences are blocks of their own.
        family: The lexicon family to read.
    """

    lexicons: LexiconSet = attrs.field(factory=LexiconSet.default, eq=False, repr=False)
    threshold: float = 1.0
    lead_bonus: float = 0.5
    standalone_bonus: float = 0.5
    address_bonus: float = 0.5
    reader_share: float = 0.5
    max_list_items: int = 20
    max_headline_chars: int = 160
    min_headline_run: int = 3
    max_teaser_chars: int = 300
    max_post_chars: int = 600
    max_block_sentences: int = 8
    family: str = "promotional"
    _shapes: Shapes = attrs.field(
        init=False,
        eq=False,
        repr=False,
        default=attrs.Factory(lambda self: Shapes.of(self.lexicons, self.family), takes_self=True),
    )
    id: str = attrs.field(default="promotional", init=False)
    requires: tuple[str, ...] = attrs.field(default=(), init=False)
    after: tuple[str, ...] = attrs.field(default=(), init=False)

    def __attrs_post_init__(self) -> None:
        """Compile the family's matcher once (it is cached on the lexicon set)."""
        self.lexicons.matcher(self.family)

    def lexicon_refs(self) -> tuple[LexiconRef, ...]:
        """The promotional lexicon and any lexicon extending it, and the page-furniture tokens."""
        families = [self.family, *([_MARKUP_FAMILY] if _MARKUP_FAMILY in self.lexicons else [])]
        return tuple(lex.ref for f in families for lex in self.lexicons.family(f))

    # ---- scoring ---------------------------------------------------------------------------

    def score(self, document: Document, upstream: Mapping[str, ScoreResult]) -> ScoreResult:
        """Find promotional blocks, embedded posts and puffery; score the promotional share."""
        chars = sum(e - s for s, e in document.paragraphs)
        if chars == 0:
            return ScoreResult.unavailable(
                self.id,
                FORMULA,
                "the text is empty or blank: no characters to share out",
                inputs={"chars": 0},
            )
        scan = self._scan(document.text)
        view = _View(document, scan, self._shapes)
        embedded = self._embedded_blocks(view, scan.embedded)
        furniture = self._furniture_blocks(view, scan.cues)
        furniture = [b for b in furniture if not _overlaps_any(b, embedded)]
        furniture = self._link_lists(view, furniture, embedded)
        furniture += self._markup_blocks(document, furniture + embedded)
        blocks = sorted(embedded + furniture, key=lambda b: (b.start, b.end))
        positions = _positions(document, blocks)
        evidence = [
            self._block_evidence(document.text, b, p)
            for b, p in zip(blocks, positions, strict=True)
        ]
        puffery = self._puffery(view, scan.puffery, blocks)
        evidence += puffery
        inputs = _inputs(document, blocks, positions, chars, len(puffery))
        return ScoreResult(
            scorer=self.id,
            value=inputs["promotional_chars"] / chars,
            formula=FORMULA,
            inputs=inputs,
            evidence=evidence,
        )

    def _scan(self, text: str) -> _Scan:
        cues: list[LexiconMatch] = []
        embedded: list[LexiconMatch] = []
        puffery: list[LexiconMatch] = []
        reporting: list[LexiconMatch] = []
        address: list[LexiconMatch] = []
        buckets = {
            EMBEDDED_POST: embedded,
            PUFFERY: puffery,
            _REPORTING: reporting,
            _ADDRESS: address,
        }
        for m in self.lexicons.matcher(self.family).finditer(text, overlapping=True):
            label = m.entry.label or ""
            if label == _POST_MARKUP:
                embedded.append(m)
            elif label in buckets:
                buckets[label].append(m)
            elif label in PROMOTIONAL_KINDS:
                cues.append(m)
        return _Scan(cues, embedded, puffery, reporting, address)

    # ---- furniture -------------------------------------------------------------------------

    def _furniture_blocks(self, view: _View, cues: list[LexiconMatch]) -> list[_Block]:
        doc = view.document
        by_sentence: dict[int, list[LexiconMatch]] = {}
        for m in cues:
            si = doc.sentence_index(m.start)
            if si is not None:
                by_sentence.setdefault(si, []).append(m)
        flagged: dict[int, _Cue] = {}
        for si, matches in by_sentence.items():
            best = self._best_cue(view, si, matches)
            if best is not None and best.score >= self.threshold:
                flagged[si] = best
        if not flagged:
            return []
        by_paragraph: dict[int, list[int]] = {}
        for si in sorted(flagged):
            pi = doc.paragraph_index(doc.sentences[si][0])
            if pi is not None:
                by_paragraph.setdefault(pi, []).append(si)
        blocks: list[_Block] = []
        for pi, sentence_ids in sorted(by_paragraph.items()):
            blocks += self._paragraph_blocks(view, pi, sentence_ids, flagged)
        return blocks

    def _best_cue(self, view: _View, si: int, matches: list[LexiconMatch]) -> _Cue | None:
        text = view.document.text
        s_start, s_end = view.document.sentences[si]
        best: _Cue | None = None
        for m in matches:
            if view.quoted(m.start):
                continue
            lead_in = self._shapes.regex("lead_in").fullmatch(text, s_start, m.start)
            lead = lead_in is not None
            standalone = (
                lead
                and self._shapes.regex("only_punctuation").fullmatch(text, m.end, s_end) is not None
            )
            reported = view.reports(si, exclude=(m.start, m.end))
            # Reporting about furniture: the cue does not lead, or it leads a paraphrase or a
            # quotation the Document could not pair ("Read the rest, the judge told the clerk.",
            # "''Follow us,'' Ms. Gil said").
            if reported and (
                not lead
                or self._shapes.regex("quote_marks").search(text, s_start, m.start)
                or (m.entry.weight < 1 and view.reports_after_comma(si, m.end))
            ):
                continue
            score = m.entry.weight
            score += self.lead_bonus if lead else 0.0
            score += self.standalone_bonus if standalone else 0.0
            if view.addresses(si, exclude=(m.start, m.end)):
                score += self.address_bonus
            cue = _Cue(m, score, lead, standalone)
            if best is None or (cue.score, cue.lead) > (best.score, best.lead):
                best = cue
        return best

    def _paragraph_blocks(
        self, view: _View, pi: int, sentence_ids: list[int], flagged: dict[int, _Cue]
    ) -> list[_Block]:
        doc = view.document
        p_start, p_end = doc.paragraphs[pi]
        in_paragraph = list(doc.sentences_in(p_start, p_end))
        facing = sum(
            1
            for si in in_paragraph
            if si in flagged or (view.addresses(si) and not view.reports(si))
        )
        reporting = any(view.reports(si) for si in in_paragraph if si not in flagged)
        header_text = doc.text[p_start:p_end].rstrip()
        kinds = {flagged[si].kind for si in sentence_ids}
        if (
            1 < len(in_paragraph) <= self.max_block_sentences
            and not reporting
            and kinds - {"link_out"}
            and facing > self.reader_share * len(in_paragraph)
        ):
            kind_chars: dict[str, int] = {}
            for si in sentence_ids:
                s, e = doc.sentences[si]
                kind_chars[flagged[si].kind] = kind_chars.get(flagged[si].kind, 0) + e - s
            kind = max(kind_chars, key=lambda k: (kind_chars[k], -PROMOTIONAL_KINDS.index(k)))
            cue = max(
                (flagged[si] for si in sentence_ids if flagged[si].kind == kind),
                key=lambda c: c.score,
            )
            return [
                _Block(
                    p_start,
                    p_end,
                    kind,
                    cue.match.entry.qualified_id,
                    "paragraph",
                    _cue_text(doc.text, cue),
                    header_text.endswith(":"),
                )
            ]
        blocks: list[_Block] = []
        for si in sentence_ids:
            s, e = doc.sentences[si]
            cue = flagged[si]
            prev = blocks[-1] if blocks else None
            if prev is not None and prev.kind == cue.kind and _only_blank(doc.text, prev.end, s):
                blocks[-1] = attrs.evolve(prev, end=e)
                continue
            whole = s == p_start and e == p_end
            header = whole and (cue.standalone or doc.text[s:e].rstrip().endswith(":"))
            blocks.append(
                _Block(
                    s,
                    e,
                    cue.kind,
                    cue.match.entry.qualified_id,
                    "paragraph" if whole else "sentence",
                    _cue_text(doc.text, cue),
                    header,
                )
            )
        return blocks

    def _link_lists(
        self, view: _View, blocks: list[_Block], embedded: list[_Block]
    ) -> list[_Block]:
        """Extend each link-list header over the headline-like paragraphs that follow it."""
        doc = view.document
        taken = sorted(blocks + embedded, key=lambda b: b.start)
        starts = [b.start for b in taken]
        out = list(blocks)
        for b in blocks:
            if b.kind != "link_out" or not b.header:
                continue
            pi = doc.paragraph_index(b.start)
            if pi is None:
                continue
            end = min(pi + 1 + self.max_list_items, len(doc.paragraphs))
            resumes = self._numbered_before(doc, pi)
            for pj in range(pi + 1, end):
                s, e = doc.paragraphs[pj]
                k = bisect_left(starts, s)
                if (k < len(taken) and taken[k].start < e) or (k > 0 and taken[k - 1].end > s):
                    break
                if resumes is not None and self._shapes.item_number(doc.text, s, e) == resumes:
                    break  # the article's own numbered list resumes after an inline box
                if self._shapes.list_number(doc.text, s, e):
                    continue  # a bare list number: neither an item nor the list's end
                if not self._heading_item(doc, pj):
                    # A headline's teaser: a short paragraph between two listed headlines.
                    teaser = (
                        pj > pi + 1
                        and e - s <= self.max_teaser_chars
                        and pj + 1 < end
                        and self._heading_item(doc, pj + 1, numbers=True)
                    )
                    if not teaser:
                        break
                out.append(_Block(s, e, "link_out", f"{self.id}.link_list", "list_item"))
        out += self._headline_runs(view, out + embedded)
        return sorted(out, key=lambda x: x.start)

    def _numbered_before(self, doc: Document, pi: int) -> int | None:
        """The number after that of the last numbered line before paragraph ``pi``, if any."""
        for pk in range(pi - 1, -1, -1):
            n = self._shapes.item_number(doc.text, *doc.paragraphs[pk])
            if n is not None:
                return n + 1
        return None

    def _list_item(self, doc: Document, pi: int) -> bool:
        """A listed headline: title case (whatever closes it), or any case with no closing mark."""
        s, e = doc.paragraphs[pi]
        shapes = self._shapes
        return shapes.line("title_case", doc.text, s, e) or shapes.line(
            "listed_headline", doc.text, s, e, self.max_headline_chars
        )

    def _heading_item(self, doc: Document, pi: int, *, numbers: bool = False) -> bool:
        """An item of a list under a heading: a listed headline or one capitalised word.

        With ``numbers``, a bare list number (which the next item follows) counts too.
        """
        s, e = doc.paragraphs[pi]
        return (
            self._list_item(doc, pi)
            or self._shapes.line("heading_item", doc.text, s, e)
            or (numbers and self._shapes.list_number(doc.text, s, e))
        )

    def _headline_runs(self, view: _View, taken: list[_Block]) -> list[_Block]:
        """Runs of title-case headline lines with no heading: lists of links.

        At least ``min_headline_run`` consecutive paragraphs, none already in a block, each a
        listed headline in title case (a related-stories list whose heading the text lost, or
        one closing the article). A text that is nothing but such lines is left alone, and in a
        web page's text a line the markup calls a heading is never an item.
        """
        doc = view.document
        starts = sorted((b.start, b.end) for b in taken)
        # In a web page's text the markup says which lines are headings: never list items.
        headings = (
            {m.start for m in doc.markup if m.tag == "head"}
            if isinstance(doc, PageDocument)
            else set()
        )
        # Each run: its lines, and how many of them are headlines (credit lines do not count).
        runs: list[tuple[list[Segment], int]] = [([], 0)]
        for s, e in doc.paragraphs:
            k = bisect_left(starts, (s, s))
            inside = (k < len(starts) and starts[k][0] < e) or (k > 0 and starts[k - 1][1] > s)
            if not inside and s not in headings and self._shapes.credit_line(doc.text, s, e):
                if runs[-1][1]:
                    runs[-1][0].append((s, e))  # kept only if a headline follows it
                continue
            if (
                not inside
                and s not in headings
                and self._shapes.line("listed_headline", doc.text, s, e, self.max_headline_chars)
                and self._shapes.line("title_case", doc.text, s, e)
            ):
                runs[-1][0].append((s, e))
                runs[-1] = (runs[-1][0], runs[-1][1] + 1)
            elif runs[-1][0]:
                runs.append(([], 0))
        found = [
            _headed_run(doc.text, lines, self._shapes)
            for lines, count in runs
            if count >= self.min_headline_run
        ]
        found = [r for r in found if not self._contents(doc, r)]
        in_runs = sorted([*starts, *((s, e) for r in found for s, e in r)])
        closing = self._closing_run(doc, in_runs, headings)
        if sum(len(r) for r in found) + len(closing) == len(doc.paragraphs):
            return []
        rule = f"{self.id}.headline_run"
        out = [_Block(s, e, "link_out", rule, "list_item") for r in found for s, e in r]
        rule = f"{self.id}.closing_run"
        return out + [_Block(s, e, "link_out", rule, "list_item") for s, e in closing]

    def _contents(self, doc: Document, lines: list[Segment]) -> bool:
        """Whether a run of headline lines is a table of contents, not a list of links.

        The ``contents_run`` shape: at least ``min_repeated_share`` of the run's lines come
        back later in the text as the heading of a section: the start of a paragraph of their
        own followed by one of at least ``section_min_words`` words (the section headings a
        table of contents lists; a list of links repeated later is followed by more links).
        Lines are compared by their headline words in lower case.
        """
        row = self._shapes["contents_run"]
        share, words = row.number("min_repeated_share"), row.number("section_min_words")
        text, paras = doc.text, doc.paragraphs

        def key(s: int, e: int) -> str:
            return " ".join(w.lower() for w in self._shapes.words(text, s, e))

        end = lines[-1][1]
        headings = [
            key(s, e)
            for (s, e), (ns, ne) in pairwise(paras)
            if s >= end and len(text[ns:ne].split()) >= words
        ]
        keys = [key(s, e) for s, e in lines]
        again = sum(1 for k in keys if k and any(h == k or h.startswith(k + " ") for h in headings))
        return again >= share * len(keys)

    def _closing_run(
        self, doc: Document, taken: list[Segment], headings: set[int]
    ) -> list[Segment]:
        """The last run of headline lines, in any case, when it closes the text.

        The ``closing_run`` shape: at least ``min_lines`` listed headlines in a row (bare list
        numbers between them neither count nor break the run), none already in a block nor a
        line the markup calls a heading, with no prose paragraph after them (a paragraph
        inside another block counts too: a teaser's summary after the run is prose). Only the
        last such run can close the text.
        """
        row = self._shapes["closing_run"]
        text = doc.text
        prose_words = row.number("prose_min_words")
        marks = row.chars("prose_closing")
        trailing = self._shapes["listed_headline"].chars("trailing")
        runs: list[list[Segment]] = [[]]
        for s, e in doc.paragraphs:
            k = bisect_left(taken, (s, s))
            inside = (k < len(taken) and taken[k][0] < e) or (k > 0 and taken[k - 1][1] > s)
            line = text[s:e].rstrip(trailing)
            prose = len(line.split()) >= prose_words and line[-1:] != "" and line[-1:] in marks
            if inside or s in headings:
                # Prose after a run, even inside another block (a teaser's summary), means the
                # run does not close the text.
                if prose:
                    runs = [[]]
                elif runs[-1]:
                    runs.append([])
                continue
            if self._shapes.list_number(text, s, e):
                continue
            if self._shapes.line("listed_headline", text, s, e, self.max_headline_chars):
                runs[-1].append((s, e))
                continue
            if runs[-1]:
                runs.append([])
            if prose:
                runs = [[]]  # prose: no run before it closes the text
        long_runs = [r for r in runs if len(r) >= row.number("min_lines")]
        return long_runs[-1] if long_runs else []

    # ---- markup signals (web pages) -------------------------------------------------------

    def _markup_blocks(self, document: Document, taken: list[_Block]) -> list[_Block]:
        """Blocks of a web page's text that the page's markup marks as furniture.

        The HTML reader decides each block with the ``page_furniture`` decision table (a class
        or id token around it, a list of links or a teaser card outside the article, a linked
        block under a "Related" heading …) and records the label and the rule on the block; a
        block of a promotional label is a block of that kind, its rule the table's. Blocks
        already found from the text keep their own rule.
        """
        if not isinstance(document, PageDocument) or not document.markup:
            return []
        out: list[_Block] = []
        for mb in document.markup:
            if mb.furniture not in PROMOTIONAL_KINDS or mb.rule is None:
                continue
            if _overlaps_any(_Block(mb.start, mb.end, "", "", ""), taken):
                continue
            out.append(_Block(mb.start, mb.end, mb.furniture, mb.rule, "markup", mb.token))
        return out

    # ---- embedded posts --------------------------------------------------------------------

    def _embedded_blocks(self, view: _View, matches: list[LexiconMatch]) -> list[_Block]:
        doc = view.document
        ranges: list[_Block] = []
        for m in matches:
            first = doc.paragraph_index(m.start)
            if first is None:
                continue
            p_start, p_end = doc.paragraphs[first]
            if m.entry.label == _POST_MARKUP:
                last = first
                closing = self._shapes["post_markup_close"]
                reach = m.end + int(closing.number("reach"))
                close = closing.pattern().search(doc.text, m.end, reach)
                if close is not None:
                    found = doc.paragraph_index(close.start())
                    last = found if found is not None else first
                start, end, unit = p_start, doc.paragraphs[last][1], "paragraph"
                if end - start > self.max_post_chars and (close is not None or last == first):
                    # In a text without paragraph breaks the markup's paragraph is the article:
                    # the post is what the tags enclose (or the sentences around an unclosed one).
                    if close is not None:
                        start, end = _sentence_start(doc, m.start), close.end()
                    else:
                        start, end = self._post_extent(doc, m.start, m.end)
                    unit = "sentence"
            elif p_end - p_start <= self.max_post_chars:
                start, end, unit = p_start, p_end, "paragraph"
            else:
                start, end = self._post_extent(doc, m.start, m.end)
                unit = "sentence"
            if ranges and start < ranges[-1].end:
                prev = ranges[-1]
                ranges[-1] = attrs.evolve(prev, end=max(prev.end, end))
                continue
            ranges.append(
                _Block(
                    start, end, EMBEDDED_POST, m.entry.qualified_id, unit, doc.text[m.start : m.end]
                )
            )
        return ranges

    def _post_extent(self, doc: Document, start: int, end: int) -> Segment:
        """The post around a signature or link in a long paragraph: its sentence, not the paragraph.

        The post runs from the start of the sentence holding the match (or of the sentence before,
        when the match opens its sentence after at most a short lead such as "— Name ") to the
        match's end, and never more than ``max_post_chars`` before the match.
        """
        text = doc.text
        si = doc.sentence_index(start)
        s_start = doc.sentences[si][0] if si is not None else start
        if (
            si is not None
            and si > 0
            and self._shapes.regex("post_lead").fullmatch(text, s_start, start)
        ):
            prev_start = doc.sentences[si - 1][0]
            if doc.paragraph_index(prev_start) == doc.paragraph_index(start):
                s_start = prev_start
        floor = start - self.max_post_chars
        if s_start < floor:
            s_start = _word_start_after(text, floor, start, self._shapes.regex("word_start"))
        if end < len(text) and si is not None:
            tail = self._shapes.regex("post_tail").match(text, end, doc.sentences[si][1])
            if tail is not None:
                end = tail.end()
        return s_start, end

    # ---- puffery ---------------------------------------------------------------------------

    def _puffery(
        self, view: _View, matches: list[LexiconMatch], blocks: list[_Block]
    ) -> list[Evidence]:
        doc = view.document
        out: list[Evidence] = []
        last_end = -1
        for m in matches:
            if m.start < last_end or view.quoted(m.start, strict=True):
                continue
            si = doc.sentence_index(m.start)
            if si is None or view.reports(si) or _inside_any(m.start, m.end, blocks):
                continue
            out.append(
                Evidence(
                    scorer=self.id,
                    label=PUFFERY,
                    span=Span.of(doc.text, m.start, m.end),
                    rule=m.entry.qualified_id,
                    weight=m.entry.weight,
                    details={"block": False, "voice": "writer"},
                )
            )
            last_end = m.end
        return out

    def _block_evidence(self, text: str, block: _Block, position: str) -> Evidence:
        details: dict[str, str | int | float | bool | None] = {
            "block": True,
            "position": position,
            "unit": block.unit,
        }
        if block.cue is not None:
            details["cue"] = block.cue
        span = Span.of(text, block.start, block.end)
        return Evidence(
            scorer=self.id, label=block.kind, span=span, rule=block.rule, details=details
        )


# ---- per-document view: quotations, reporting verbs, address ----------------------------------


class _View:
    """Lookups over one document's scan: voice of an offset, reporting and address by sentence."""

    def __init__(self, document: Document, scan: _Scan, shapes: Shapes) -> None:
        self.document = document
        self._quote_marks = shapes.regex("quote_marks")
        self._clause_break = shapes.regex("clause_break")
        self._reporting: dict[int, list[LexiconMatch]] = {}
        self._address: dict[int, list[LexiconMatch]] = {}
        for m in scan.reporting:
            si = document.sentence_index(m.start)
            if si is not None and not self.quoted(m.start, strict=True):
                self._reporting.setdefault(si, []).append(m)
        text = document.text
        for m in scan.address:
            si = document.sentence_index(m.start)
            if si is None or self.quoted(m.start):
                continue
            # A capitalised "Our" or "You" inside a sentence is part of a name ("Our Principles
            # PAC"), not an address to the reader.
            s_start = document.sentences[si][0]
            if text[m.start].isupper() and not shapes.regex("only_punctuation").fullmatch(
                text, s_start, m.start
            ):
                continue
            self._address.setdefault(si, []).append(m)

    def quoted(self, offset: int, *, strict: bool = False) -> bool:
        """Whether an offset is in quoted voice.

        A quotation that spans a whole paragraph with no reporting verb in it (the lone last
        paragraph of a quoted transcript, a line pasted in quotation marks) is scraping residue,
        not someone's words, unless ``strict``.
        """
        q = self.document.quotation_at(offset)
        if q is None:
            return False
        if strict:
            return True
        pi = self.document.paragraph_index(offset)
        if pi is None:
            return True
        p_start, p_end = self.document.paragraphs[pi]
        # The quotation opens this paragraph (its first, or a continuation mark of a quotation
        # running over paragraphs) and closes at its end.
        opens_here = q.start == p_start or (
            q.start < p_start and self._quote_marks.match(self.document.text, p_start) is not None
        )
        if not (opens_here and q.end >= p_end - 1):
            return True
        return any(self._reporting.get(si) for si in self.document.sentences_in(p_start, p_end))

    def reports(self, si: int, *, exclude: Segment | None = None) -> bool:
        """Whether sentence ``si`` has a reporting verb outside quotations and ``exclude``."""
        found = self._reporting.get(si, ())
        if exclude is None:
            return bool(found)
        return any(m.end <= exclude[0] or m.start >= exclude[1] for m in found)

    def reports_after_comma(self, si: int, after: int) -> bool:
        """Whether a reporting verb of sentence ``si`` follows a comma or dash after ``after``."""
        found = self._reporting.get(si, ())
        text = self.document.text
        return any(
            self._clause_break.search(text, after, m.start) for m in found if m.start > after
        )

    def addresses(self, si: int, *, exclude: Segment | None = None) -> bool:
        """Whether sentence ``si`` addresses the reader outside quotations (and ``exclude``)."""
        found = self._address.get(si, ())
        if exclude is None:
            return bool(found)
        return any(m.end <= exclude[0] or m.start >= exclude[1] for m in found)


# ---- helpers ---------------------------------------------------------------------------------


def _cue_text(text: str, cue: _Cue) -> str:
    return text[cue.match.start : cue.match.end]


def _headed_run(text: str, lines: list[Segment], shapes: Shapes) -> list[Segment]:
    """A headline run without the credit lines that trail its last headline."""
    while lines and shapes.credit_line(text, *lines[-1]):
        lines = lines[:-1]
    return lines


def _only_blank(text: str, start: int, end: int) -> bool:
    return not text[start:end].strip()


def _sentence_start(doc: Document, offset: int) -> int:
    """The start of the sentence holding ``offset`` (``offset`` itself outside any sentence)."""
    si = doc.sentence_index(offset)
    return doc.sentences[si][0] if si is not None else offset


def _word_start_after(text: str, start: int, limit: int, word_start: re.Pattern[str]) -> int:
    """The first word start at or after ``start`` (``start`` itself when none before ``limit``)."""
    if start == 0 or text[start - 1].isspace():
        return start
    m = word_start.search(text, start, limit)
    return m.end() if m is not None else start


def _overlaps_any(block: _Block, others: list[_Block]) -> bool:
    return any(o.start < block.end and block.start < o.end for o in others)


def _inside_any(start: int, end: int, blocks: list[_Block]) -> bool:
    return any(b.start <= start and end <= b.end for b in blocks)


def _positions(document: Document, blocks: list[_Block]) -> list[str]:
    """``header``, ``trailer`` or ``body`` for each block, from the runs of covered paragraphs."""
    n = len(document.paragraphs)
    covered = [False] * n
    for b in blocks:
        first = document.paragraph_index(b.start)
        last = document.paragraph_index(max(b.start, b.end - 1))
        if first is None or last is None:
            continue
        for pi in range(first, last + 1):
            s, e = document.paragraphs[pi]
            if b.start <= s and e <= b.end:
                covered[pi] = True
    head = 0
    while head < n and covered[head]:
        head += 1
    tail = n
    while tail > head and covered[tail - 1]:
        tail -= 1
    out = []
    for b in blocks:
        at = document.paragraph_index(b.start)
        if at is not None and at < head:
            out.append("header")
        elif at is not None and at >= tail:
            out.append("trailer")
        else:
            out.append("body")
    return out


def _paragraph_chars(document: Document, start: int, end: int) -> int:
    """Characters of ``[start, end)`` that lie inside paragraphs."""
    total = 0
    for s, e in document.paragraphs:
        if e <= start:
            continue
        if s >= end:
            break
        total += min(e, end) - max(s, start)
    return total


def _inputs(
    document: Document, blocks: list[_Block], positions: list[str], chars: int, puffery: int
) -> dict[str, float]:
    inputs: dict[str, float] = {"chars": chars, "promotional_chars": 0, "blocks": 0}
    for kind in BLOCK_KINDS:
        inputs[f"{kind}_blocks"] = 0
        inputs[f"{kind}_chars"] = 0
    for where in ("header", "body", "trailer"):
        inputs[f"{where}_blocks"] = 0
    for b, where in zip(blocks, positions, strict=False):
        n = _paragraph_chars(document, b.start, b.end)
        inputs[f"{b.kind}_blocks"] += 1
        inputs[f"{b.kind}_chars"] += n
        inputs[f"{where}_blocks"] += 1
        if b.kind in PROMOTIONAL_KINDS:
            inputs["blocks"] += 1
            inputs["promotional_chars"] += n
    inputs["puffery"] = puffery
    return inputs
