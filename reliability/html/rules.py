"""The decision table that turns a block's DOM signals into a furniture label.

The ``page_furniture`` lexicon holds, besides its class and id tokens, ordered ``[[rows]]``:
each an ``id``, a ``when`` table of conditions over a block's signals, a ``label`` and a
``reason``. The first row whose conditions all hold decides the block; a block no row takes is
article text. A condition on a plain feature holds when the feature equals the value (or is one
of a list of values); ``NAME_min`` and ``NAME_max`` bound a number. The label ``token`` means the
label of the furniture token found around the block, and the recorded rule is then that token's
entry (``page_furniture:related``); otherwise it is the row (``page_furniture:teaser_card``).

Features of a block (see :class:`Signals`): ``token`` (the label of the nearest class or id
token marking an element around it as furniture, or ``none``), ``in_article`` (its element lies
inside the article's container), ``tag``, ``chars``, ``link_share``, ``list_links``, ``card`` (it
sits in one of a run of repeated, linked siblings: a teaser card) and ``heading`` (a heading such
as "Related" or "Most read" stands above it in the page).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import attrs

from reliability.errors import LexiconError
from reliability.lexicon import LexiconSet

__all__ = ["FEATURES", "FurnitureTable", "Row", "Signals"]

FAMILY = "page_furniture"
RULE_PREFIX = "page_furniture:"
"""Prefix of a recorded rule: the lexicon id, then the row id (or the token's entry id)."""
TOKEN = "token"
"""The row label that means "the label of the furniture token around the block"."""

FEATURES: dict[str, type] = {
    "token": str,
    "in_article": bool,
    "tag": str,
    "chars": int,
    "link_share": float,
    "list_links": bool,
    "card": bool,
    "heading": bool,
}
"""Every feature a row may test, with its type (numbers take ``_min`` / ``_max`` bounds)."""
_NUMBERS = frozenset(k for k, t in FEATURES.items() if t in (int, float))
_ROW_FIELDS = frozenset(("id", "when", "label", "reason", "examples"))
_ROW_ID = re.compile(r"[a-z][a-z0-9_]*")
_EXAMPLE_NEEDS = frozenset(("html", "block", "rule"))
_EXAMPLE_FIELDS = _EXAMPLE_NEEDS | {"beside"}


@attrs.frozen
class Signals:
    """What the page says about one block of the measured text."""

    token: str
    in_article: bool
    tag: str
    chars: int
    link_share: float
    list_links: bool
    card: bool
    heading: bool

    def get(self, name: str) -> Any:
        """The value of a feature by name."""
        return getattr(self, name)


@attrs.frozen
class Row:
    """One row of the table."""

    id: str
    when: Mapping[str, Any]
    label: str
    reason: str
    examples: tuple[Mapping[str, Any], ...] = ()

    def holds(self, s: Signals) -> bool:
        """Whether every condition of the row holds for the signals."""
        for name, want in self.when.items():
            if name.endswith("_min"):
                if s.get(name[:-4]) < want:
                    return False
            elif name.endswith("_max"):
                if s.get(name[:-4]) > want:
                    return False
            elif s.get(name) not in (want if isinstance(want, list) else [want]):
                return False
        return True


def _row(raw: Mapping[str, Any], index: int, path: str, labels: frozenset[str]) -> Row:
    def fail(field: str, reason: str) -> LexiconError:
        return LexiconError(path, reason, field=f"rows[{index}].{field}")

    for field in sorted(set(raw) - _ROW_FIELDS):
        raise fail(field, f"unknown field (known: {', '.join(sorted(_ROW_FIELDS))})")
    row_id = raw.get("id")
    if not (isinstance(row_id, str) and _ROW_ID.fullmatch(row_id)):
        raise fail("id", "must be lower-case letters, digits and '_'")
    when = raw.get("when", {})
    if not isinstance(when, dict) or not when:
        raise fail("when", "must be a non-empty table of feature conditions")
    for name, want in when.items():
        base = name[:-4] if name.endswith(("_min", "_max")) else name
        if base not in FEATURES or (base != name and base not in _NUMBERS):
            known = ", ".join([*FEATURES, *(f"{n}_min/_max" for n in sorted(_NUMBERS))])
            raise fail(f"when.{name}", f"unknown feature (known: {known})")
        typ = FEATURES[base]
        values = want if isinstance(want, list) and base == name else [want]
        for v in values:
            ok = (
                isinstance(v, (int, float)) and not isinstance(v, bool)
                if base in _NUMBERS
                else (isinstance(v, typ))
            )
            if not ok:
                raise fail(f"when.{name}", f"bad value {v!r} (expected {typ.__name__})")
    label, reason, examples = raw.get("label"), raw.get("reason"), raw.get("examples", [])
    if label != TOKEN and label not in labels:
        raise fail("label", f"must be {TOKEN!r} or one of {', '.join(sorted(labels))}")
    if not (isinstance(reason, str) and reason.strip()):
        raise fail("reason", "must be a non-empty string")
    if not (isinstance(examples, list) and all(_example_ok(x) for x in examples)):
        raise fail("examples", "must be a list of tables with html, block, rule (and beside)")
    return Row(row_id, dict(when), str(label), reason, tuple(examples))


def _example_ok(example: Any) -> bool:
    return isinstance(example, dict) and _EXAMPLE_NEEDS <= set(example) <= _EXAMPLE_FIELDS


@attrs.frozen
class FurnitureTable:
    """The ordered rows of the ``page_furniture`` family (every lexicon of it, in order)."""

    rows: tuple[Row, ...]

    @classmethod
    def of(cls, lexicons: LexiconSet) -> FurnitureTable:
        """Read and validate the rows; raises :class:`LexiconError` naming file, row and field."""
        rows: list[Row] = []
        seen: set[str] = set()
        for lex in lexicons.family(FAMILY):
            labels = frozenset(lex.labels) or frozenset(
                e.label for e in lex.entries if e.label is not None
            )
            for i, raw in enumerate(lex.rows):
                row = _row(raw, i, lex.path, labels)
                if row.id in seen:
                    raise LexiconError(lex.path, "duplicate row id", field=f"rows[{i}].id")
                seen.add(row.id)
                rows.append(row)
        return cls(tuple(rows))

    def decide(
        self, signals: Signals, token_rule: str | None
    ) -> tuple[str | None, str | None, Row | None]:
        """The label and rule of the first row that holds (``None`` for article text)."""
        for row in self.rows:
            if row.holds(signals):
                if row.label == TOKEN:
                    return signals.token, token_rule, row
                return row.label, f"{RULE_PREFIX}{row.id}", row
        return None, None, None
