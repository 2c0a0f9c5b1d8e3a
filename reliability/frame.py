"""Profiles as pandas DataFrames: one row per article, or one row per piece of evidence.

:func:`to_dataframe` turns profiles (and a batch's error records) into a DataFrame whose columns
are fixed and documented in :data:`COLUMNS`, whichever scorers ran and whatever the texts were:
a value that was not measured is a missing cell (``NaN`` or ``<NA>``), never 0, and the
``*_reason`` and ``error`` columns say why. :func:`read_profiles` reads the output of
``reliability audit --format jsonl`` (or ``json``, ``csv``, ``parquet``) back into the same
columns.

Every column that the CSV report also has reads the same value, computed in the same place (the
CSV writer's row); only the names of the index components differ, ``index.<component>`` here
for ``index_<component>`` there. On top of the CSV's columns the frame has the number of
findings of each severity (``findings.<severity>``) and every numeric input of every built-in
scorer (``<scorer>.<input>``, see :data:`SCORER_INPUTS`), the numbers each value is computed
from. An input of a scorer of your own, or one not in :data:`SCORER_INPUTS`, becomes a further
column after the documented ones, and so does each input field a batch kept
(``reliability audit --keep``): under its own name, or ``kept.<name>`` where the name is taken.

pandas is an optional dependency (``pip install "source-reliability[pandas]"``); this module
imports it only when a frame is built.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Union

import attrs

from reliability.errors import InputError, SchemaError
from reliability.findings import SEVERITIES
from reliability.index import COMPONENTS
from reliability.model import Profile
from reliability.report.csv import CSV_COLUMNS, SCORER_IDS
from reliability.report.csv import _values as _csv_values
from reliability.report.json import read_jsonl
from reliability.scorers.promotional import BLOCK_KINDS

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "COLUMNS",
    "EVIDENCE_COLUMNS",
    "SCORER_INPUTS",
    "Column",
    "ErrorRecord",
    "evidence_frame",
    "read_profiles",
    "to_dataframe",
]

Dtype = Literal["string", "Int64", "float64"]


@attrs.frozen
class Column:
    """One documented column of a profile frame.

    Attributes:
        name: The column name.
        dtype: The pandas dtype: ``string`` (missing is ``<NA>``), ``Int64`` (a count; missing
            is ``<NA>``) or ``float64`` (missing is ``NaN``).
        description: What the column holds.
    """

    name: str
    dtype: Dtype
    description: str


@attrs.frozen
class ErrorRecord:
    """An input that could not be audited: a row with ``source`` and ``error`` filled.

    Attributes:
        source: Where the input came from (a file, ``file.jsonl:LINE``, a key of yours).
        error: Why it could not be audited.
        id: The input's id, when it is known.
        kept: The input fields kept with it (``reliability audit --keep``), if any.
    """

    source: str
    error: str
    id: str | None = None
    kept: Mapping[str, Any] | None = None


SCORER_INPUTS: dict[str, tuple[str, ...]] = {
    "readability": (
        "words",
        "sentences",
        "syllables",
        "polysyllables",
        "letters",
        "difficult_words",
        "flesch_kincaid_grade",
        "gunning_fog",
        "smog_index",
        "coleman_liau_index",
        "automated_readability_index",
        "dale_chall",
    ),
    "attribution": (
        "attributions",
        "distinct_sources",
        "direct_quotes",
        "direct_quote_share",
        "attributed_words",
        "body_sentences",
        "attributed_sentences",
    ),
    "anonymous_sourcing": (
        "attributions",
        "on_record",
        "anonymous",
        "unspecified",
        "unresolved",
        "distinct_anonymous_sources",
        "secondhand",
        "secondhand_share",
        "anonymous_with_reason",
    ),
    "hedging": (
        "writer_hedges",
        "writer_boosters",
        "quoted_hedges",
        "quoted_boosters",
        "attributed_hedges",
        "attributed_boosters",
        "writer_words",
        "body_sentences",
        "writer_sentences",
        "writer_hedged_sentences",
        "hedged_sentence_share",
        "booster_hedge_balance",
        "writer_hedge_weight",
        "writer_weasels",
        "writer_weasels_as_sources",
        "writer_hedge_rate_beyond_sources",
    ),
    "promotional": (
        "chars",
        "promotional_chars",
        "blocks",
        *(f"{kind}_{what}" for kind in BLOCK_KINDS for what in ("blocks", "chars")),
        "header_blocks",
        "body_blocks",
        "trailer_blocks",
        "puffery",
    ),
}
"""Built-in scorer id → the names of its numeric inputs, each a ``<scorer>.<input>`` column.

An input is missing in a row when the scorer did not run or did not reach it (an empty text
has no readability indices, a text without writer sentences no hedged-sentence share).
"""

_STRING_COLUMNS = frozenset(
    {"source", "id", "title", "error", "sha256", "index_reason", "library_version"}
    | {f"{sid}_reason" for sid in SCORER_IDS}
)
_COUNT_COLUMNS = frozenset(
    {"chars", "words", "sentences", "findings"}
    | {"attributions", "on_record", "anonymous", "unspecified", "distinct_on_record_sources"}
    | {"writer_hedges"}
)
_LEFT_OUT = frozenset({"concerns"})  # the CSV's joined messages: read the findings instead


def _frame_name(csv_name: str) -> str:
    for cid in COMPONENTS:
        if csv_name == f"index_{cid}":
            return f"index.{cid}"
    return csv_name


def _dtype(csv_name: str) -> Dtype:
    if csv_name in _STRING_COLUMNS:
        return "string"
    return "Int64" if csv_name in _COUNT_COLUMNS else "float64"


def _columns() -> tuple[Column, ...]:
    shared = [
        Column(_frame_name(name), _dtype(name), description)
        for name, description in CSV_COLUMNS
        if name not in _LEFT_OUT and name != "library_version"
    ]
    findings = [
        Column(f"findings.{severity}", "Int64", f"number of findings of severity '{severity}'")
        for severity in SEVERITIES
    ]
    inputs = [
        Column(f"{sid}.{name}", "float64", f"input '{name}' of the {sid} scorer")
        for sid, names in SCORER_INPUTS.items()
        for name in names
    ]
    version = next(d for n, d in CSV_COLUMNS if n == "library_version")
    return (*shared, *findings, *inputs, Column("library_version", "string", version))


COLUMNS: tuple[Column, ...] = _columns()
"""Every column of :func:`to_dataframe`, in order."""

_CSV_SOURCE: dict[str, str] = {
    _frame_name(name): name for name, _ in CSV_COLUMNS if name not in _LEFT_OUT
}
"""Frame column → the CSV column it reads the same value as."""

EVIDENCE_COLUMNS: tuple[Column, ...] = (
    Column("source", "string", "the article's source, as in the profile frame"),
    Column("id", "string", "the article's id, as in the profile frame"),
    Column("scorer", "string", "the scorer that found the evidence"),
    Column("label", "string", "what kind of thing it is (hedge, cue, appeal …)"),
    Column("rule", "string", "the lexicon entry id or rule id that matched"),
    Column("start", "Int64", "first code point of the span in the article text"),
    Column("end", "Int64", "one past the last code point"),
    Column("text", "string", "the text of the span (equal to text[start:end])"),
    Column("weight", "float64", "the weight the entry or rule gives it"),
)
"""The fixed columns of :func:`evidence_frame`; each evidence detail (``voice``, ``block`` …)
found adds a column ``detail.<key>`` after them, in name order."""

Record = Union[Profile, ErrorRecord, Mapping[str, Any]]  # noqa: UP007 - 3.10 aliases
"""What a frame is built from: a Profile, an error record, or either's JSON form."""


def _as_profile(record: Record, where: str) -> Profile | ErrorRecord:
    if isinstance(record, (Profile, ErrorRecord)):
        return record
    if isinstance(record, Mapping):
        if "scores" not in record and "error" in record:
            kept = record.get("kept")
            return ErrorRecord(
                str(record.get("source") or ""),
                str(record["error"]),
                id=None if record.get("id") is None else str(record["id"]),
                kept=kept if isinstance(kept, Mapping) else None,
            )
        try:
            return Profile.from_dict(record)
        except SchemaError as exc:
            raise InputError(where, f"not a profile or an error record: {exc}") from None
    raise InputError(where, f"not a profile or an error record: {type(record).__name__}")


def profile_row(profile: Profile | ErrorRecord, *, source: str | None = None) -> dict[str, Any]:
    """One row of the profile frame as a dict (column name → value; ``None`` where missing).

    Args:
        profile: A profile, or an error record.
        source: Where the article came from; by default the profile's ``source`` member if it
            has one, else its id.
    """
    if isinstance(profile, ErrorRecord):
        failed = {"source": source or profile.source, "error": profile.error, "id": profile.id}
        return _with_kept(failed, profile.kept)
    if source is None:
        carried = profile.extras.get("source")
        source = carried if isinstance(carried, str) else None
    csv_values = _csv_values(profile, source)
    row: dict[str, Any] = {name: csv_values.get(csv_name) for name, csv_name in _CSV_SOURCE.items()}
    by_severity = dict.fromkeys(SEVERITIES, 0)
    for finding in profile.findings:
        by_severity[finding.severity] += 1
    for severity, n in by_severity.items():
        row[f"findings.{severity}"] = n
    for sid, result in profile.scores.items():
        for name, value in result.inputs.items():
            row[f"{sid}.{name}"] = value
    kept = profile.extras.get("kept")
    return _with_kept(row, kept if isinstance(kept, Mapping) else None)


_NAMES = frozenset(c.name for c in COLUMNS)


def _with_kept(row: dict[str, Any], kept: Mapping[str, Any] | None) -> dict[str, Any]:
    """The row, then the kept input fields: by name, or ``kept.<name>`` for a name in use."""
    for name, value in (kept or {}).items():
        column = f"kept.{name}" if name in _NAMES or name in row else name
        row[column] = value
    return row


def _column_values(rows: Sequence[Mapping[str, Any]], column: Column) -> Any:
    import numpy as np
    import pandas as pd

    values = [row.get(column.name) for row in rows]
    if column.dtype == "float64":
        return np.array([np.nan if v is None else v for v in values], dtype="float64")
    return pd.array(values, dtype=column.dtype)


def rows_to_frame(
    rows: Sequence[Mapping[str, Any]], columns: Sequence[Column], *, sort_extra: bool = False
) -> pd.DataFrame:
    """A frame of row dicts: the given columns with their dtypes, then any further keys.

    The further keys come in order of first appearance, or in name order with ``sort_extra``.
    """
    import pandas as pd

    data = {c.name: _column_values(rows, c) for c in columns}
    known = {c.name for c in columns}
    extra = list(dict.fromkeys(name for row in rows for name in row if name not in known))
    if sort_extra:
        extra.sort()
    for name in extra:
        data[name] = _extra_values([row.get(name) for row in rows])
    return pd.DataFrame(data, index=pd.RangeIndex(len(rows)))


def _extra_values(values: Sequence[Any]) -> Any:
    """An undocumented column's values, typed by what they hold (mixed types stay objects)."""
    import numpy as np
    import pandas as pd

    present = [v for v in values if v is not None]
    if all(isinstance(v, bool) for v in present):
        return pd.array(values, dtype="boolean")
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present):
        return np.array([np.nan if v is None else v for v in values], dtype="float64")
    if all(isinstance(v, str) for v in present):
        return pd.array(values, dtype="string")
    return np.array(values, dtype=object)


def to_dataframe(
    profiles: Iterable[Record],
    *,
    sources: Iterable[str | None] | None = None,
    evidence: bool = False,
) -> pd.DataFrame:
    """A DataFrame of profiles: one row per profile or error record, the :data:`COLUMNS`.

    Args:
        profiles: Profiles, :class:`ErrorRecord` s, or their JSON forms (the records of
            ``reliability audit --format jsonl``).
        sources: Where each article came from, in the same order (by default the profile's
            ``source`` member, else its id).
        evidence: Return :func:`evidence_frame` instead: one row per piece of evidence.

    Returns:
        A frame with a fresh ``RangeIndex``; columns as documented in :data:`COLUMNS` (in that
        order, with those dtypes), then any input not listed in :data:`SCORER_INPUTS`.
    """
    if evidence:
        return evidence_frame(profiles, sources=sources)
    source_list = iter(sources) if sources is not None else None
    rows = []
    for position, record in enumerate(profiles):
        source = next(source_list, None) if source_list is not None else None
        rows.append(profile_row(_as_profile(record, f"profiles[{position}]"), source=source))
    return rows_to_frame(rows, COLUMNS)


def evidence_frame(
    profiles: Iterable[Record], *, sources: Iterable[str | None] | None = None
) -> pd.DataFrame:
    """A long DataFrame of evidence: one row per span of every profile (:data:`EVIDENCE_COLUMNS`).

    Error records have no evidence and give no rows. ``source`` and ``id`` are those of the
    profile frame, so the two join on them.
    """
    source_list = iter(sources) if sources is not None else None
    rows: list[dict[str, Any]] = []
    for position, record in enumerate(profiles):
        source = next(source_list, None) if source_list is not None else None
        profile = _as_profile(record, f"profiles[{position}]")
        if isinstance(profile, ErrorRecord):
            continue
        head = profile_row(profile, source=source)
        for e in profile.evidence:
            row: dict[str, Any] = {
                "source": head["source"],
                "id": head["id"],
                "scorer": e.scorer,
                "label": e.label,
                "rule": e.rule,
                "start": e.start,
                "end": e.end,
                "text": e.text,
                "weight": e.weight,
            }
            for key, value in e.details.items():
                row[f"detail.{key}"] = value
            rows.append(row)
    return rows_to_frame(rows, EVIDENCE_COLUMNS, sort_extra=True)


def empty_frame() -> pd.DataFrame:
    """The profile frame of no profiles: the documented columns and dtypes, no rows."""
    return rows_to_frame([], COLUMNS)


# ---------------------------------------------------------------------------------------------
# Reading profile files


def iter_records(path: str | Path) -> Iterator[Profile | ErrorRecord]:
    """The profiles and error records of a ``reliability audit`` JSON or JSON Lines file.

    Lines are read one at a time, so a large file is never held whole; a line that is not a
    profile or an error record raises :class:`InputError` naming the file and line.
    """
    path = Path(path)
    try:
        with path.open(encoding="utf-8") as handle:
            first = handle.read(1)
            while first.isspace():
                first = handle.read(1)
            handle.seek(0)
            if first == "[" or path.suffix == ".json":
                yield from _json_records(path, handle.read())
                return
            try:
                for number, data in enumerate(read_jsonl(handle), start=1):
                    yield _as_profile(data, f"{path}: record {number}")
            except SchemaError as exc:
                raise InputError(str(path), str(exc)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read: {exc}") from None


def _json_records(path: Path, text: str) -> Iterator[Profile | ErrorRecord]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}:{exc.lineno}", f"not valid JSON: {exc.msg}") from None
    items = data if isinstance(data, list) else [data]
    for position, item in enumerate(items):
        yield _as_profile(item, f"{path}[{position}]")


def read_profiles(path: str | Path, *, evidence: bool = False) -> pd.DataFrame:
    """Read a file written by ``reliability audit`` into a profile frame.

    Args:
        path: A ``--format jsonl`` or ``json`` file (profiles and error records), a
            ``--format csv`` file, or a ``--format parquet`` file.
        evidence: Return the evidence frame instead (JSON and JSON Lines files only: a CSV or
            Parquet file holds no evidence).

    Returns:
        The frame :func:`to_dataframe` gives for the same profiles. A CSV file has no
        ``<scorer>.<input>`` or ``findings.<severity>`` columns, so those are left out of its
        frame rather than filled with missing values.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in {".csv", ".parquet"}:
        if evidence:
            raise InputError(str(path), f"a {suffix[1:]} file holds no evidence; read the JSONL")
        return _read_csv(path) if suffix == ".csv" else _read_parquet(path)
    return to_dataframe(iter_records(path), evidence=evidence)


def _read_csv(path: Path) -> pd.DataFrame:
    import pandas as pd

    by_csv = {csv: frame for frame, csv in _CSV_SOURCE.items()}
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise InputError(str(path), f"cannot read as CSV: {exc}") from None
    missing = [name for name in ("source", "error") if name not in raw.columns]
    if missing:
        raise InputError(str(path), f"not a reliability CSV report: no {', '.join(missing)} column")
    types = {c.name: c.dtype for c in COLUMNS}
    data: dict[str, Any] = {}
    for csv_name in raw.columns:
        if csv_name in _LEFT_OUT:
            continue
        name = by_csv.get(csv_name, csv_name)
        column = raw[csv_name]
        dtype = types.get(name, "string")
        if dtype == "string":
            data[name] = column.map(_unprotect, na_action="ignore").astype("string")
        elif dtype == "Int64":
            data[name] = pd.to_numeric(column).astype("Int64")
        else:
            data[name] = pd.to_numeric(column).astype("float64")
    order = [c.name for c in COLUMNS if c.name in data]
    order += [name for name in data if name not in types]
    return pd.DataFrame(data)[order]


def _unprotect(cell: str) -> str:
    """Undo the CSV writer's apostrophe before a cell a spreadsheet would read as a formula."""
    if cell.startswith("'") and cell[1:2] in {"=", "+", "-", "@"}:
        return cell[1:]
    return cell


def _read_parquet(path: Path) -> pd.DataFrame:
    import pandas as pd

    try:
        frame = pd.read_parquet(path)
    except (OSError, ValueError) as exc:
        raise InputError(str(path), f"cannot read as Parquet: {exc}") from None
    types = {c.name: c.dtype for c in COLUMNS}
    return frame.astype({name: types[name] for name in frame.columns if name in types})
