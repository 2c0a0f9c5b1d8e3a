"""Frozen value classes that travel from scorers to reports, with their JSON forms.

Span, Evidence, Attribution, ScoreResult, the combined index (SourcingIndex, IndexComponent),
Finding and Profile. Every one is immutable, down to its mappings (:class:`FrozenDict`): a
profile cannot be changed after it is made, so every number in it stays the number its
computation gave.

Offsets are code-point offsets into the input text as decoded, end exclusive, and every
``text`` field equals ``input[start:end]``.
"""

from __future__ import annotations

import functools
import json
import math
import operator
from collections.abc import Iterable, Mapping
from typing import Any, Literal, NoReturn, TypeVar

import attrs

from reliability.errors import SchemaError

__all__ = [
    "EVIDENCE_MODES",
    "SCHEMA_VERSION",
    "Attribution",
    "Byline",
    "DocumentInfo",
    "Evidence",
    "EvidenceMode",
    "Finding",
    "FrozenDict",
    "IndexComponent",
    "LexiconRef",
    "PageInfo",
    "Profile",
    "ScoreResult",
    "SourceKind",
    "SourcingIndex",
    "Span",
]

SCHEMA_VERSION = 1
"""Version of the profile JSON contract; bumped on any incompatible change."""

SourceKind = Literal["on_record", "anonymous", "unspecified"]
SOURCE_KINDS: tuple[str, ...] = ("on_record", "anonymous", "unspecified")

JsonValue = Any

_K = TypeVar("_K")
_V = TypeVar("_V")


class FrozenDict(dict[_K, _V]):
    """A ``dict`` that refuses every change after it is built.

    It reads, compares, pickles and serialises to JSON as a ``dict``; ``d[k] = v``, ``del``,
    ``update``, ``pop``, ``clear`` and the rest raise :class:`TypeError`.
    """

    __slots__ = ()

    def _refuse(self, *args: object, **kwargs: object) -> NoReturn:
        raise TypeError(f"{type(self).__name__} is immutable")

    __setitem__ = _refuse
    __delitem__ = _refuse
    __ior__ = _refuse
    clear = _refuse
    pop = _refuse
    popitem = _refuse
    setdefault = _refuse
    update = _refuse

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle as the class applied to a plain dict of the items."""
        return (type(self), (dict(self),))

    def __copy__(self) -> FrozenDict[_K, _V]:
        """An immutable value is its own copy."""
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> FrozenDict[_K, _V]:
        """An immutable value is its own copy (its values are immutable too)."""
        return self


def freeze(value: JsonValue) -> JsonValue:
    """JSON data made immutable: objects become :class:`FrozenDict`, arrays tuples."""
    if isinstance(value, Mapping):
        return FrozenDict({str(k): freeze(v) for k, v in value.items()})
    if isinstance(value, (list, tuple)):
        return tuple(freeze(v) for v in value)
    return value


def thaw(value: JsonValue) -> JsonValue:
    """Plain JSON data (``dict`` and ``list``) from :func:`freeze`'s output."""
    if isinstance(value, Mapping):
        return {k: thaw(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return [thaw(v) for v in value]
    return value


@attrs.frozen(order=True)
class Span:
    """A half-open range of code points in the original text, with the text it covers.

    Attributes:
        start: First code point.
        end: One past the last code point.
        text: ``input[start:end]``.
    """

    start: int
    end: int
    text: str = attrs.field(order=False)

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        """Build the span ``text[start:end]``, checking the range."""
        if not 0 <= start <= end <= len(text):
            raise ValueError(f"span [{start}, {end}) out of range for text of length {len(text)}")
        return cls(start, end, text[start:end])

    def to_dict(self) -> dict[str, JsonValue]:
        """Return the JSON form ``{"start", "end", "text"}``."""
        return {"start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_dict(cls, data: Mapping[str, JsonValue]) -> Span:
        """Rebuild a span from its JSON form."""
        return cls(int(data["start"]), int(data["end"]), str(data["text"]))


def _span_or_none(data: Mapping[str, JsonValue] | None) -> Span | None:
    return None if data is None else Span.from_dict(data)


# Key orders already known to be sorted: evidence details come in a handful of shapes, so most
# need only a copy, not a sort.
_SORTED_KEYS: set[tuple[str, ...]] = set()


# Equal details are one shared (immutable) mapping: a text with many relations of one shape
# holds one copy of their details, not one per evidence span. Bounded; emptied when full.
_SHARED_DETAILS: dict[
    tuple[tuple[str, str | int | float | bool | None], ...],
    FrozenDict[str, str | int | float | bool | None],
] = {}
_MAX_SHARED_DETAILS = 4096


def evidence_details(
    details: Mapping[str, str | int | float | bool | None],
) -> FrozenDict[str, str | int | float | bool | None]:
    """The details of :class:`Evidence` as it stores them: sorted by key, shared when equal.

    A scorer giving several evidence spans the same details converts them once with this and
    passes the result, which :class:`Evidence` then keeps as it is.
    """
    if type(details) is FrozenDict:
        return details
    keys = tuple(details)
    if keys in _SORTED_KEYS:
        items = tuple(details.items())
    else:
        if list(keys) == sorted(keys) and len(_SORTED_KEYS) < 1024:
            _SORTED_KEYS.add(keys)
        items = tuple(sorted(details.items()))
    try:
        shared = _SHARED_DETAILS.get(items)
    except TypeError:  # a value that is no scalar (not the contract, but keep it whole)
        return FrozenDict(items)
    if shared is None:
        if len(_SHARED_DETAILS) >= _MAX_SHARED_DETAILS:
            _SHARED_DETAILS.clear()
        shared = _SHARED_DETAILS[items] = FrozenDict(items)
    return shared


def _json_number(value: float) -> float | int:
    """Keep integers integral and refuse NaN and infinities, which JSON cannot carry."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if not math.isfinite(value):
        raise ValueError(f"not a finite number: {value!r}")
    return value


@attrs.frozen
class Evidence:
    """One piece of text behind a number: what matched, where, and under which rule.

    Attributes:
        scorer: Id of the scorer that found it.
        label: What kind of thing it is (for example ``hedge``, ``appeal``, ``cue``).
        span: Where it is in the text.
        rule: The lexicon entry id (``hedging:reportedly``) or rule id
            (``attribution.according_to``) that matched.
        weight: The weight the entry or rule gives it.
        details: Extra facts a renderer may show (``voice``, ``position`` …); JSON scalars only.
    """

    scorer: str
    label: str
    span: Span
    rule: str
    weight: float = 1.0
    details: Mapping[str, str | int | float | bool | None] = attrs.field(
        factory=dict, converter=evidence_details
    )

    @property
    def start(self) -> int:
        """First code point of the evidence span."""
        return self.span.start

    @property
    def end(self) -> int:
        """One past the last code point of the evidence span."""
        return self.span.end

    @property
    def text(self) -> str:
        """The evidence text, equal to ``input[start:end]``."""
        return self.span.text

    def to_dict(self) -> dict[str, JsonValue]:
        """Return the flat JSON form of the contract, with ``details`` merged in last."""
        out: dict[str, JsonValue] = {
            "scorer": self.scorer,
            "label": self.label,
            "start": self.span.start,
            "end": self.span.end,
            "text": self.span.text,
            "rule": self.rule,
            "weight": _json_number(self.weight),
        }
        for key, value in self.details.items():
            out.setdefault(key, value)
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, JsonValue]) -> Evidence:
        """Rebuild evidence from its JSON form."""
        core = {"scorer", "label", "start", "end", "text", "rule", "weight"}
        return cls(
            scorer=str(data["scorer"]),
            label=str(data["label"]),
            span=Span(int(data["start"]), int(data["end"]), str(data["text"])),
            rule=str(data["rule"]),
            weight=data["weight"],
            details={k: v for k, v in data.items() if k not in core},
        )


@attrs.frozen
class Attribution:
    """Who says what: a source, the cue that attributes, and the content attributed.

    Attributes:
        cue: The words that mark the attribution ("said", "according to").
        source: Who the content is attributed to, or ``None`` when the text names no one.
        content: What is attributed, or ``None`` when it cannot be delimited.
        source_kind: ``on_record``, ``anonymous`` or ``unspecified``; ``None`` when unknown.
        via: The outlet the statement passed through ("told Reuters"), if any.
        quote: Whether the content is (or contains) a direct quotation.
        secondhand: Whether the source is another outlet whose reporting is relayed.
        anonymity_reason: The article's stated reason for not naming the source, if any.
        resolved_source: For a pronoun or bare-surname source, the earlier mention it refers to.
        rule: The rule id that produced the relation.
        source_key: The normalised key of the source, equal for every mention of one source in
            the article (``None`` for no source or an unresolved pronoun); see
            :func:`reliability.quantities.article_source_keys`.
        kind_rule: The row of the source-kind decision table that gave ``source_kind``
            (``source_kinds:<row id>``; the row's reason is in the evidence details as
            ``kind_reason``); ``None`` in profiles written before the table existed.
    """

    cue: Span
    source: Span | None = None
    content: Span | None = None
    source_kind: SourceKind | None = None
    via: Span | None = None
    quote: bool = False
    secondhand: bool = False
    anonymity_reason: Span | None = None
    resolved_source: Span | None = None
    rule: str = ""
    source_key: str | None = None
    kind_rule: str | None = None

    def to_dict(self) -> dict[str, JsonValue]:
        """Return the JSON form of the contract."""

        def opt(span: Span | None) -> dict[str, JsonValue] | None:
            return None if span is None else span.to_dict()

        return {
            "source": opt(self.source),
            "cue": self.cue.to_dict(),
            "content": opt(self.content),
            "source_kind": self.source_kind,
            "via": opt(self.via),
            "quote": self.quote,
            "secondhand": self.secondhand,
            "anonymity_reason": opt(self.anonymity_reason),
            "resolved_source": opt(self.resolved_source),
            "rule": self.rule,
            "source_key": self.source_key,
            "kind_rule": self.kind_rule,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, JsonValue]) -> Attribution:
        """Rebuild an attribution from its JSON form."""
        kind = data.get("source_kind")
        if kind is not None and kind not in SOURCE_KINDS:
            raise SchemaError("attributions[].source_kind", f"unknown kind {kind!r}")
        return cls(
            cue=Span.from_dict(data["cue"]),
            source=_span_or_none(data.get("source")),
            content=_span_or_none(data.get("content")),
            source_kind=kind,
            via=_span_or_none(data.get("via")),
            quote=bool(data.get("quote", False)),
            secondhand=bool(data.get("secondhand", False)),
            anonymity_reason=_span_or_none(data.get("anonymity_reason")),
            resolved_source=_span_or_none(data.get("resolved_source")),
            rule=str(data.get("rule", "")),
            source_key=data.get("source_key"),
            kind_rule=_str_or_none(data.get("kind_rule")),
        )


def _attributions_from(items: Iterable[Mapping[str, JsonValue]]) -> list[Attribution]:
    """Attributions from their JSON form; keys are derived for a profile written without them."""
    items = list(items)
    attributions = [Attribution.from_dict(a) for a in items]
    if attributions and any("source_key" not in a for a in items):
        from reliability.quantities import legacy_source_keys

        keys = legacy_source_keys(attributions)
        attributions = [
            attrs.evolve(a, source_key=k) for a, k in zip(attributions, keys, strict=True)
        ]
    return attributions


def _str_or_none(value: JsonValue) -> str | None:
    return None if value is None else str(value)


def _sorted_evidence(evidence: Iterable[Evidence]) -> tuple[Evidence, ...]:
    return tuple(sorted(evidence, key=_evidence_key))


def _sorted_attributions(attributions: Iterable[Attribution]) -> tuple[Attribution, ...]:
    return tuple(sorted(attributions, key=_cue_key))


def _inputs_converter(inputs: Mapping[str, float]) -> FrozenDict[str, float]:
    return FrozenDict({str(k): _json_number(v) for k, v in inputs.items()})


@attrs.frozen
class ScoreResult:
    """One scorer's measurement: a value, the formula that made it, its inputs and evidence.

    A value that cannot be computed is ``None`` with a ``reason`` — never 0 and never NaN.

    Attributes:
        scorer: The scorer id.
        value: The measured value, or ``None``.
        reason: Why ``value`` is ``None``; ``None`` when there is a value.
        formula: How ``value`` follows from ``inputs``, readable by a person.
        inputs: Named numbers the formula uses and other counts worth showing.
        evidence: The spans behind the inputs, sorted by position.
        attributions: Attribution relations (attribution scorer only).
    """

    scorer: str
    value: float | None
    formula: str
    inputs: Mapping[str, float] = attrs.field(factory=dict, converter=_inputs_converter)
    reason: str | None = None
    evidence: tuple[Evidence, ...] = attrs.field(default=(), converter=_sorted_evidence)
    attributions: tuple[Attribution, ...] = attrs.field(default=(), converter=_sorted_attributions)

    def __attrs_post_init__(self) -> None:
        """Check the None-with-a-reason rule and that the value is a finite number."""
        if self.value is None and not self.reason:
            raise ValueError(f"{self.scorer}: a None value needs a reason")
        if self.value is not None:
            _json_number(self.value)

    @classmethod
    def unavailable(cls, scorer: str, formula: str, reason: str, **kwargs: Any) -> ScoreResult:
        """Build a result whose value cannot be computed, saying why."""
        return cls(scorer=scorer, value=None, formula=formula, reason=reason, **kwargs)

    def to_dict(self) -> dict[str, JsonValue]:
        """Return the ``scores[<id>]`` JSON form (evidence and attributions travel separately)."""
        return {
            "value": None if self.value is None else _json_number(self.value),
            "reason": self.reason,
            "formula": self.formula,
            "inputs": dict(self.inputs),
        }


# Evidence in text order, then by scorer, label and rule; relations and spans by position. An
# attrgetter builds each key without a Python call per item.
_evidence_key = operator.attrgetter("span.start", "span.end", "scorer", "label", "rule")
_cue_key = operator.attrgetter("cue.start", "cue.end")
_span_key = operator.attrgetter("start", "end")


@attrs.frozen
class Byline:
    """Who the article is credited to: a named author or a wire service.

    Attributes:
        name: The credited name as given ("Jane Doe", "Reuters").
        kind: ``named`` (a person) or ``wire`` (a news agency).
        source: ``metadata`` (the page's author metadata) or ``text`` (a credit in the text).
        span: Where the credit is in the measured text, when it was found there.
        rule: The lexicon entry that recognised a wire credit, if any.
    """

    name: str
    kind: Literal["named", "wire"]
    source: Literal["metadata", "text"]
    span: Span | None = None
    rule: str | None = None

    def to_dict(self) -> dict[str, JsonValue]:
        """Return the JSON form."""
        out: dict[str, JsonValue] = {"name": self.name, "kind": self.kind, "source": self.source}
        out["span"] = None if self.span is None else self.span.to_dict()
        out["rule"] = self.rule
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, JsonValue]) -> Byline:
        """Rebuild from the JSON form."""
        span = data.get("span")
        return cls(
            name=data["name"],
            kind=data["kind"],
            source=data["source"],
            span=None if span is None else Span.from_dict(span),
            rule=data.get("rule"),
        )


@attrs.frozen
class PageInfo:
    """What a web page said of itself, how it was read, and how its text divides.

    Attributes:
        sha256: SHA-256 of the page as given (its bytes).
        url: The page's address (given, or from its metadata).
        title: The page's title metadata.
        author: The page's author metadata, as given.
        date: The publication date (ISO 8601) the page gives.
        site_name: The site's name.
        language: The page's language tag.
        encoding: The codec its bytes were decoded with.
        encoding_source: What decided it: ``bom``, ``declared``, ``meta``, ``utf-8``,
            ``detected`` or ``text`` (given as a string).
        extractor: The extractor and its version (``trafilatura 2.3.1``).
        furniture_chars: Non-white-space characters of the page's text by category (``article``,
            ``navigation``, ``related``, ``comments``, ``calls``, ``ads``, ``interface``,
            ``links``, ``other``); they sum to the page's text characters.
    """

    sha256: str
    url: str | None
    title: str | None
    author: str | None
    date: str | None
    site_name: str | None
    language: str | None
    encoding: str
    encoding_source: str
    extractor: str
    furniture_chars: Mapping[str, int] = attrs.field(factory=dict)

    @property
    def page_chars(self) -> int:
        """Characters of the page's text (the sum over categories)."""
        return sum(self.furniture_chars.values())

    def furniture_shares(self) -> dict[str, float]:
        """Each category's share of the page's text (0 when the page has no text)."""
        total = self.page_chars
        return {k: (v / total if total else 0.0) for k, v in self.furniture_chars.items()}

    def to_dict(self) -> dict[str, JsonValue]:
        """Return the JSON form (characters and shares by category)."""
        out = attrs.asdict(self)
        out["furniture_chars"] = dict(self.furniture_chars)
        out["furniture_shares"] = self.furniture_shares()
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, JsonValue]) -> PageInfo:
        """Rebuild from the JSON form."""
        fields = {f.name for f in attrs.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in fields})


@attrs.frozen
class DocumentInfo:
    """What the profile records of the article itself.

    Attributes:
        id: The identifier given with the text.
        title: The headline given with the text.
        sha256: SHA-256 of the text (UTF-8).
        chars: Characters (code points) of the text.
        words: Words of the text.
        sentences: Sentences of the text.
        body_chars: Characters of the article's body: those outside every block (promotional
            blocks and embedded posts); ``None`` in a profile made without it.
        body_words: Words of the article's body: words wholly outside every block; ``None`` in
            a profile made without it.
        text: The measured text, for an HTML input (every offset of the profile indexes into
            it); absent from the JSON for a text input.
        page: What the web page said of itself and how its text divides (HTML inputs).
        byline: Who the article is credited to, when known.
    """

    id: str | None
    title: str | None
    sha256: str
    chars: int
    words: int
    sentences: int
    body_chars: int | None = None
    body_words: int | None = None
    text: str | None = None
    page: PageInfo | None = None
    byline: Byline | None = None

    def to_dict(self) -> dict[str, JsonValue]:
        """Return the JSON form (``text``, ``page`` and ``byline`` only when present)."""
        out: dict[str, JsonValue] = {
            "id": self.id,
            "title": self.title,
            "sha256": self.sha256,
            "chars": self.chars,
            "words": self.words,
            "sentences": self.sentences,
            "body_chars": self.body_chars,
            "body_words": self.body_words,
        }
        if self.text is not None:
            out["text"] = self.text
        if self.page is not None:
            out["page"] = self.page.to_dict()
        if self.byline is not None:
            out["byline"] = self.byline.to_dict()
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, JsonValue]) -> DocumentInfo:
        """Rebuild from the JSON form."""
        page, byline = data.get("page"), data.get("byline")
        return cls(
            **{k: v for k, v in data.items() if k not in ("page", "byline")},
            page=None if page is None else PageInfo.from_dict(page),
            byline=None if byline is None else Byline.from_dict(byline),
        )


@attrs.frozen
class LexiconRef:
    """The identity of a lexicon used for a profile: id, version and content checksum."""

    id: str
    version: str
    sha256: str

    def to_dict(self) -> dict[str, JsonValue]:
        """Return the JSON form."""
        return attrs.asdict(self)


# ---------------------------------------------------------------------------------------------
# The combined index and the findings: typed members of the profile


def _round(value: float | None) -> float | int | None:
    """A number as the index's JSON form carries it: 4 decimals, integers integral."""
    if value is None:
        return None
    r = round(float(value), 4)
    return int(r) if r.is_integer() else r


def _rounded_numbers(inputs: Mapping[str, float]) -> FrozenDict[str, float]:
    return FrozenDict({str(k): _rounded_number(v) for k, v in inputs.items()})


def _rounded(value: float | None) -> float | None:
    return _round(value)


def _rounded_number(value: float) -> float:
    return float(value) if (r := _round(value)) is None else r


def _lexicons_converter(refs: Iterable[LexiconRef]) -> tuple[LexiconRef, ...]:
    return tuple(refs)


@attrs.frozen
class IndexComponent:
    """One component of the combined sourcing index.

    Numbers are kept to 4 decimals, as the JSON form carries them, so a profile read back from
    JSON equals the one written.

    Attributes:
        id: The component id (``on_record_share``, ``attributed_share`` …).
        label: A short label for reports.
        value: The component, 0–1, or ``None`` when it cannot be computed.
        weight: Its configured weight.
        contribution: Points it adds to the index (``None`` when left out).
        formula: How ``value`` follows from ``inputs``.
        inputs: The numbers used.
        reason: Why ``value`` is ``None`` (or why a weight-0 component is off).
    """

    id: str
    label: str
    value: float | None = attrs.field(converter=_rounded)
    weight: float = attrs.field(converter=_rounded_number)
    contribution: float | None = attrs.field(converter=_rounded)
    formula: str
    inputs: Mapping[str, float] = attrs.field(converter=_rounded_numbers)
    reason: str | None = None

    def to_dict(self) -> dict[str, JsonValue]:
        """The JSON form (one item of the index's ``components``)."""
        return {
            "id": self.id,
            "label": self.label,
            "value": self.value,
            "weight": self.weight,
            "contribution": self.contribution,
            "formula": self.formula,
            "inputs": dict(self.inputs),
            "reason": self.reason,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, JsonValue]) -> IndexComponent:
        """Rebuild a component from its JSON form."""
        return cls(
            id=str(data["id"]),
            label=str(data["label"]),
            value=data["value"],
            weight=data["weight"],
            contribution=data["contribution"],
            formula=str(data["formula"]),
            inputs=data["inputs"],
            reason=data.get("reason"),
        )


def _components_converter(components: Iterable[IndexComponent]) -> tuple[IndexComponent, ...]:
    return tuple(components)


@attrs.frozen
class SourcingIndex:
    """The combined sourcing index with its components (``profile.index``).

    Attributes:
        value: The index, ``0..scale``, or ``None`` with a ``reason``.
        scale: Its maximum.
        formula: The general formula, then the calculation with this article's numbers.
        components: Every component, in report order (left-out ones with their reasons).
        weights_source: ``default`` or the path of the user's weights file.
        reason: Why ``value`` is ``None``.
    """

    value: float | None = attrs.field(converter=_rounded)
    scale: float = attrs.field(converter=_rounded_number)
    formula: str
    components: tuple[IndexComponent, ...] = attrs.field(converter=_components_converter)
    weights_source: str
    reason: str | None = None

    def component(self, component_id: str) -> IndexComponent:
        """One component by id (a :class:`KeyError` names the known ones)."""
        for c in self.components:
            if c.id == component_id:
                return c
        raise KeyError(f"{component_id!r}; known: {', '.join(c.id for c in self.components)}")

    def to_dict(self) -> dict[str, JsonValue]:
        """The JSON form (the profile's ``index`` member)."""
        return {
            "value": self.value,
            "scale": self.scale,
            "formula": self.formula,
            "reason": self.reason,
            "weights": self.weights_source,
            "components": [c.to_dict() for c in self.components],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, JsonValue]) -> SourcingIndex:
        """Rebuild the index from its JSON form."""
        return cls(
            value=data["value"],
            scale=data["scale"],
            formula=str(data["formula"]),
            components=tuple(IndexComponent.from_dict(c) for c in data["components"]),
            weights_source=str(data["weights"]),
            reason=data.get("reason"),
        )


Severity = Literal["concern", "note", "good", "missing"]
SEVERITIES: tuple[str, ...] = ("concern", "missing", "note", "good")
"""Finding severities, in report order."""

MAX_FINDING_SPANS = 40
"""At most this many spans are linked from one finding."""


def _finding_spans(spans: Iterable[Span]) -> tuple[Span, ...]:
    """Distinct spans in text order, at most :data:`MAX_FINDING_SPANS`."""
    return tuple(sorted(set(spans), key=_span_key)[:MAX_FINDING_SPANS])


@attrs.frozen
class Finding:
    """One plain-language finding (an item of ``profile.findings``).

    Attributes:
        id: The rule that produced it (``findings.<name>``).
        severity: ``concern``, ``note``, ``good`` or ``missing``.
        message: The finding, in a sentence.
        spans: The text it rests on, by position.
    """

    id: str
    severity: Severity
    message: str
    spans: tuple[Span, ...] = attrs.field(default=(), converter=_finding_spans)

    def __attrs_post_init__(self) -> None:
        """Check the severity."""
        if self.severity not in SEVERITIES:
            raise ValueError(f"{self.id}: unknown severity {self.severity!r}")

    def to_dict(self) -> dict[str, JsonValue]:
        """The JSON form (one item of the profile's ``findings`` member)."""
        return {
            "id": self.id,
            "severity": self.severity,
            "message": self.message,
            "spans": [s.to_dict() for s in self.spans],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, JsonValue]) -> Finding:
        """Rebuild a finding from its JSON form."""
        return cls(
            id=str(data["id"]),
            severity=data["severity"],
            message=str(data["message"]),
            spans=tuple(Span.from_dict(s) for s in data.get("spans", ())),
        )


def _findings_converter(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(findings)


def _scores_converter(scores: Mapping[str, ScoreResult]) -> FrozenDict[str, ScoreResult]:
    return scores if type(scores) is FrozenDict else FrozenDict(scores)


@attrs.frozen
class Profile:
    """The per-article profile: every score, with the evidence and attributions behind it.

    Attributes:
        document: Identity and size of the article.
        lexicons: Every lexicon used, with its version and checksum.
        scores: One result per scorer id, in run order.
        library_version: Version of this library that made the profile.
        schema_version: Version of the JSON contract.
        index: The combined sourcing index (``None`` for a profile made without one).
        findings: Plain-language findings, concerns first.
        extras: Further top-level JSON members a later version may add, kept verbatim (and
            immutable) on a round trip.
    """

    document: DocumentInfo
    lexicons: tuple[LexiconRef, ...] = attrs.field(converter=_lexicons_converter)
    scores: Mapping[str, ScoreResult] = attrs.field(converter=_scores_converter)
    library_version: str
    schema_version: int = SCHEMA_VERSION
    index: SourcingIndex | None = None
    findings: tuple[Finding, ...] = attrs.field(default=(), converter=_findings_converter)
    extras: Mapping[str, JsonValue] = attrs.field(factory=dict, converter=freeze)

    @functools.cached_property
    def evidence(self) -> tuple[Evidence, ...]:
        """All evidence of all scorers, sorted by position (computed once)."""
        return tuple(
            sorted((e for r in self.scores.values() for e in r.evidence), key=_evidence_key)
        )

    @functools.cached_property
    def attributions(self) -> tuple[Attribution, ...]:
        """All attribution relations, sorted by cue position (computed once)."""
        return tuple(
            sorted(
                (a for r in self.scores.values() for a in r.attributions),
                key=_cue_key,
            )
        )

    def value(self, scorer: str) -> float | None:
        """Return one scorer's value (``None`` if it could not be computed)."""
        return self.scores[scorer].value

    def to_dict(self, *, evidence: EvidenceMode = "full") -> dict[str, JsonValue]:
        """Return the profile's JSON contract as plain Python data.

        Args:
            evidence: ``full`` writes every evidence item and relation with its whole text;
                ``summary`` shortens span texts over :data:`SUMMARY_TEXT_LIMIT` code points
                (offsets stay exact) and lists evidence and relations up to a size budget
                proportional to the text, counting the rest in ``omitted``; ``none`` lists
                neither and counts them in ``omitted``.
        """
        listed = _listed(self, evidence)
        out: dict[str, JsonValue] = {
            "schema_version": self.schema_version,
            "library_version": self.library_version,
            "document": self.document.to_dict(),
            "lexicons": [ref.to_dict() for ref in self.lexicons],
            "scores": {key: result.to_dict() for key, result in self.scores.items()},
            "evidence": listed.evidence,
            "attributions": listed.attributions,
        }
        if self.index is not None:
            out["index"] = self.index.to_dict()
        if self.index is not None or self.findings:
            out["findings"] = [f.to_dict() for f in self.findings]
        if listed.omitted is not None:
            out["omitted"] = listed.omitted
        for key, value in self.extras.items():
            out.setdefault(key, thaw(value))
        return out

    def to_json(self, *, indent: int | None = None, evidence: EvidenceMode = "full") -> str:
        """Return the JSON text of :meth:`to_dict` (characters kept, keys in contract order)."""
        return json.dumps(
            self.to_dict(evidence=evidence), ensure_ascii=False, indent=indent, allow_nan=False
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, JsonValue], *, text: str | None = None) -> Profile:
        """Rebuild a profile from its JSON form; raises :class:`SchemaError` if it does not fit.

        Args:
            data: The profile's JSON form, in any evidence mode.
            text: The article, to restore span texts shortened by the ``summary`` mode from
                their offsets (its SHA-256 must be the profile's).
        """
        if text is not None:
            data = _restore_texts(data, text)
        try:
            version = int(data["schema_version"])
            if version != SCHEMA_VERSION:
                raise SchemaError("/schema_version", f"unsupported version {version}")
            evidence_by_scorer: dict[str, list[Evidence]] = {}
            for item in data["evidence"]:
                ev = Evidence.from_dict(item)
                evidence_by_scorer.setdefault(ev.scorer, []).append(ev)
            attributions = _attributions_from(data["attributions"])
            scores: dict[str, ScoreResult] = {}
            for key, raw in data["scores"].items():
                scores[key] = ScoreResult(
                    scorer=key,
                    value=raw["value"],
                    reason=raw["reason"],
                    formula=raw["formula"],
                    inputs=raw["inputs"],
                    evidence=evidence_by_scorer.pop(key, ()),
                    attributions=attributions if key == "attribution" else (),
                )
            if evidence_by_scorer:
                raise SchemaError(
                    "/evidence", f"evidence of unknown scorers {sorted(evidence_by_scorer)}"
                )
            if attributions and "attribution" not in scores:
                raise SchemaError("/attributions", "attributions without an attribution score")
            known = {
                "schema_version",
                "library_version",
                "document",
                "lexicons",
                "scores",
                "evidence",
                "attributions",
                "index",
                "findings",
            }
            index = data.get("index")
            return cls(
                document=DocumentInfo.from_dict(data["document"]),
                lexicons=tuple(LexiconRef(**ref) for ref in data["lexicons"]),
                scores=scores,
                library_version=str(data["library_version"]),
                schema_version=version,
                index=None if index is None else SourcingIndex.from_dict(index),
                findings=tuple(Finding.from_dict(f) for f in data.get("findings") or ()),
                extras={k: v for k, v in data.items() if k not in known},
            )
        except SchemaError:
            raise
        except (KeyError, TypeError, ValueError) as exc:
            raise SchemaError("/", f"not a profile: {exc!r}") from exc

    @classmethod
    def from_json(cls, text: str) -> Profile:
        """Rebuild a profile from its JSON text."""
        return cls.from_dict(json.loads(text))


# --- Evidence modes: how much evidence a profile's JSON form lists -------------------------

EvidenceMode = Literal["full", "summary", "none"]
EVIDENCE_MODES: tuple[str, ...] = ("full", "summary", "none")
"""The evidence modes of :meth:`Profile.to_dict`, most complete first."""

SUMMARY_TEXT_LIMIT = 200
"""In ``summary`` mode, a span text longer than this (in code points) is shortened."""
SUMMARY_KEEP = 80
"""Code points a shortened text keeps at each end."""
SUMMARY_ELISION = " … "
"""What stands for the cut middle of a shortened text."""
SUMMARY_BUDGET: dict[str, tuple[int, int, int]] = {
    "evidence": (24, 65_536, 16 * 2**20),
    "attributions": (16, 65_536, 8 * 2**20),
}
"""``summary`` mode's size budget of each list: bytes per character of text, floor and ceiling.

The list's compact JSON stops before an item would take it over
``min(per_char × chars + floor, ceiling)`` bytes. Real reporting stays well inside it
(PolNeAR's articles use at most 9 bytes of evidence and 5 of relations per character, and a
ceiling is reached only past a million characters of such text); degenerate text reaches it.
"""


def _budget(name: str, chars: int) -> int:
    per_char, floor, ceiling = SUMMARY_BUDGET[name]
    return min(per_char * chars + floor, ceiling)


_SPAN_FIELDS = ("source", "cue", "content", "via", "anonymity_reason", "resolved_source")


def _shorten(text: str) -> str:
    """A span text as ``summary`` mode writes it.

    Whole up to :data:`SUMMARY_TEXT_LIMIT` code points, else its first and last
    :data:`SUMMARY_KEEP` joined by :data:`SUMMARY_ELISION`. A shortened text is shorter than
    ``end - start``; that is how a reader tells it from a whole one.
    """
    if len(text) <= SUMMARY_TEXT_LIMIT:
        return text
    return text[:SUMMARY_KEEP] + SUMMARY_ELISION + text[-SUMMARY_KEEP:]


@attrs.frozen
class _Listed:
    evidence: list[dict[str, JsonValue]]
    attributions: list[dict[str, JsonValue]]
    omitted: dict[str, JsonValue] | None


def _summary_evidence(e: Evidence) -> dict[str, JsonValue]:
    out = e.to_dict()
    out["text"] = _shorten(e.span.text)
    return out


def _summary_attribution(a: Attribution) -> dict[str, JsonValue]:
    out = a.to_dict()
    for name in _SPAN_FIELDS:
        span = out.get(name)
        if span is not None:
            span["text"] = _shorten(span["text"])
    return out


def _within_budget(
    items: tuple[Any, ...], build: Any, budget: int
) -> tuple[list[dict[str, JsonValue]], int]:
    """The first items whose compact JSON fits in ``budget`` bytes, and how many were left out.

    Items are built and measured a chunk at a time, so a degenerate text never holds much more
    than the budget.
    """
    out: list[dict[str, JsonValue]] = []
    used = 2  # the brackets
    for first in range(0, len(items), _CHUNK):
        chunk = [build(item) for item in items[first : first + _CHUNK]]
        size = len(json.dumps(chunk, ensure_ascii=False).encode("utf-8")) + 2
        if used + size <= budget:
            out += chunk
            used += size
            continue
        for data in chunk:
            used += len(json.dumps(data, ensure_ascii=False).encode("utf-8")) + 2
            if used > budget:
                return out, len(items) - len(out)
            out.append(data)
    return out, 0


_CHUNK = 256


def _listed(profile: Profile, mode: str) -> _Listed:
    """The evidence and relations a profile's JSON form lists in an evidence mode."""
    if mode == "full":
        return _Listed(
            [e.to_dict() for e in profile.evidence],
            [a.to_dict() for a in profile.attributions],
            None,
        )
    earlier = profile.extras.get("omitted")
    counts = {"evidence": 0, "attributions": 0}
    if isinstance(earlier, Mapping):
        counts = {k: int(earlier.get(k, 0)) for k in counts}
    if mode == "none":
        counts["evidence"] += len(profile.evidence)
        counts["attributions"] += len(profile.attributions)
        return _Listed([], [], {**counts, "reason": "evidence mode 'none'"})
    if mode != "summary":
        raise ValueError(f"unknown evidence mode {mode!r}; known: {', '.join(EVIDENCE_MODES)}")
    chars = profile.document.chars
    evidence, cut_e = _within_budget(
        profile.evidence, _summary_evidence, _budget("evidence", chars)
    )
    relations, cut_a = _within_budget(
        profile.attributions, _summary_attribution, _budget("attributions", chars)
    )
    counts["evidence"] += cut_e
    counts["attributions"] += cut_a
    if not any(counts.values()):
        return _Listed(evidence, relations, None)
    reason = (
        "summary mode lists evidence and relations, in text order, up to "
        f"{_budget('evidence', chars):,} and {_budget('attributions', chars):,} bytes of JSON "
        f"for a text of {chars:,} characters"
    )
    if isinstance(earlier, Mapping) and not (cut_e or cut_a):
        reason = str(earlier.get("reason", reason))
    return _Listed(evidence, relations, {**counts, "reason": reason})


def _restore_texts(data: Mapping[str, JsonValue], text: str) -> dict[str, JsonValue]:
    """A copy of a profile's JSON form with every shortened span text restored from ``text``.

    Raises :class:`SchemaError` when ``text`` is not the profile's article (its SHA-256
    differs) or a span does not fit in it.
    """
    import hashlib

    expected = data.get("document", {}).get("sha256")
    actual = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if expected != actual:
        raise SchemaError("/document/sha256", "the text given is not this profile's article")

    def whole(span: Mapping[str, JsonValue], where: str) -> dict[str, JsonValue]:
        start, end = int(span["start"]), int(span["end"])
        if not 0 <= start <= end <= len(text):
            raise SchemaError(where, f"span [{start}, {end}) out of range")
        return {**span, "text": text[start:end]}

    out = dict(data)
    out["evidence"] = [whole(e, f"/evidence/{i}") for i, e in enumerate(data.get("evidence", ()))]
    relations = []
    for i, a in enumerate(data.get("attributions", ())):
        item = dict(a)
        for name in _SPAN_FIELDS:
            if item.get(name) is not None:
                item[name] = whole(item[name], f"/attributions/{i}/{name}")
        relations.append(item)
    out["attributions"] = relations
    return out
