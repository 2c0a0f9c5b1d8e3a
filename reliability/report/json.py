"""JSON and JSON Lines renderers: the profile contract, and its batch records.

A batch record is the profile's JSON form (:meth:`Profile.to_dict`, in an evidence mode) with
``source`` (where the article came from) first and, when input fields were kept, ``kept``. An
input that could not be audited is an error record: ``error``, ``source`` and, when known,
``id`` and ``kept``.

A JSON Lines batch names the lexicons once: its first profile record carries ``lexicons`` and
the later ones, made with the same lexicons, leave the member out (a record without it was made
with the lexicons of the nearest earlier record that has it). :func:`read_jsonl` reads such a
file back into whole records, each profile ready for :meth:`Profile.from_dict`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from reliability.errors import SchemaError
from reliability.model import EvidenceMode, LexiconRef, Profile

__all__ = [
    "failure_record",
    "read_jsonl",
    "record",
    "render_json",
    "render_json_failure",
    "render_jsonl",
    "render_jsonl_failure",
    "with_lexicons",
]

Kept = Mapping[str, Any]


def record(
    profile: Profile,
    *,
    evidence: EvidenceMode = "full",
    source: str | None = None,
    kept: Kept | None = None,
    shared_lexicons: Iterable[LexiconRef] | None = None,
) -> dict[str, Any]:
    """A profile's batch record: ``source`` and ``kept`` (when given), then the profile.

    ``shared_lexicons``: the lexicons an earlier record of a JSON Lines batch already names;
    when the profile's are the same, the record leaves them out.
    """
    out: dict[str, Any] = {}
    if source is not None:
        out["source"] = source
    if kept is not None:
        out["kept"] = dict(kept)
    out.update(profile.to_dict(evidence=evidence))
    if shared_lexicons is not None and tuple(shared_lexicons) == profile.lexicons:
        del out["lexicons"]
    return out


def failure_record(
    source: str, reason: str, *, id: str | None = None, kept: Kept | None = None
) -> dict[str, Any]:
    """The error record of an input that could not be audited."""
    out: dict[str, Any] = {"error": reason, "source": source}
    if id is not None:
        out["id"] = id
    if kept is not None:
        out["kept"] = dict(kept)
    return out


def _dumps(data: object, indent: int | None) -> str:
    return json.dumps(data, ensure_ascii=False, indent=indent, allow_nan=False) + "\n"


def render_json(
    profile: Profile,
    *,
    evidence: EvidenceMode = "full",
    source: str | None = None,
    kept: Kept | None = None,
    **_: object,
) -> str:
    """The profile as indented JSON (exactly ``profile.to_dict()`` when no source is given)."""
    return _dumps(record(profile, evidence=evidence, source=source, kept=kept), 2)


def render_jsonl(
    profile: Profile,
    *,
    evidence: EvidenceMode = "full",
    source: str | None = None,
    kept: Kept | None = None,
    shared_lexicons: Iterable[LexiconRef] | None = None,
    **_: object,
) -> str:
    """The profile as one line of JSON."""
    data = record(
        profile, evidence=evidence, source=source, kept=kept, shared_lexicons=shared_lexicons
    )
    return _dumps(data, None)


def render_json_failure(
    source: str, reason: str, *, id: str | None = None, kept: Kept | None = None
) -> str:
    """An error record as indented JSON."""
    return _dumps(failure_record(source, reason, id=id, kept=kept), 2)


def render_jsonl_failure(
    source: str, reason: str, *, id: str | None = None, kept: Kept | None = None
) -> str:
    """An error record as one line of JSON."""
    return _dumps(failure_record(source, reason, id=id, kept=kept), None)


def with_lexicons(line: str, lexicons: Iterable[LexiconRef]) -> str:
    """A JSON Lines profile record with its ``lexicons`` put back (for a batch's first one)."""
    data = json.loads(line)
    if "lexicons" in data:
        return line
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key == "scores":
            out["lexicons"] = [ref.to_dict() for ref in lexicons]
        out[key] = value
    return _dumps(out, None)


def read_jsonl(source: str | Path | IO[str]) -> Iterator[dict[str, Any]]:
    """Read a JSON Lines batch back: one whole record per profile or error line.

    A profile record without ``lexicons`` gets those of the nearest earlier record that has
    them, so that every profile record can be passed to :meth:`Profile.from_dict`; error
    records (with ``error``) come as written. Raises :class:`SchemaError` naming a line that
    is not a JSON object, or a profile without ``lexicons`` and none before it.
    """
    if isinstance(source, (str, Path)):
        with Path(source).open(encoding="utf-8") as handle:
            yield from read_jsonl(handle)
        return
    lexicons: list[Any] | None = None
    for number, line in enumerate(source, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise SchemaError(f"line {number}", f"not valid JSON: {exc.msg}") from None
        if not isinstance(data, dict):
            raise SchemaError(f"line {number}", "not a JSON object")
        if "error" not in data:
            if "lexicons" in data:
                lexicons = data["lexicons"]
            elif lexicons is None:
                raise SchemaError(f"line {number}", "a profile without 'lexicons' and none before")
            else:
                data["lexicons"] = lexicons
        yield data
