"""Parquet output of a batch: the rows of :func:`reliability.to_dataframe`, in row groups.

``reliability audit --format parquet -o FILE`` writes one row per article or error record with
the profile frame's columns and types (strings, nullable 64-bit counts, doubles), so
``pandas.read_parquet`` or :func:`reliability.read_profiles` reads back the frame that
:func:`reliability.to_dataframe` gives for the same profiles. Rows travel from the workers as
JSON lines of the frame row (:func:`render_parquet_row`) and are written 1,000 at a time, so a
large corpus is never held in memory. Columns beyond the documented ones (an input of a scorer
of your own) are fixed by the first row group; one that first appears later is an error naming
it. An interrupted run keeps the rows written so far.

Parquet needs pyarrow: ``pip install "source-reliability[parquet]"``.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import attrs

from reliability.errors import ReliabilityError
from reliability.model import Profile

__all__ = ["ParquetSink", "parquet_output", "render_parquet_failure", "render_parquet_row"]

ROWS_PER_GROUP = 1000
"""Rows buffered before a row group is written."""


def render_parquet_row(
    profile: Profile,
    *,
    source: str | None = None,
    kept: Mapping[str, Any] | None = None,
    **_: object,
) -> str:
    """One article's frame row as a JSON line (what a worker sends to the Parquet sink).

    Kept input fields follow the frame's columns, as in :func:`reliability.to_dataframe`; a
    value that is not a JSON scalar is written as its JSON text.
    """
    from reliability.frame import profile_row

    row = profile_row(attrs.evolve(profile, extras={**profile.extras, "kept": _flat(kept)}))
    if source is not None:
        row["source"] = source
    return json.dumps(row, ensure_ascii=False) + "\n"


def render_parquet_failure(
    source: str,
    reason: str,
    *,
    id: str | None = None,
    kept: Mapping[str, Any] | None = None,
    **_: object,
) -> str:
    """An error record's frame row as a JSON line."""
    from reliability.frame import ErrorRecord, profile_row

    row = profile_row(ErrorRecord(source, reason, id=id, kept=_flat(kept)))
    return json.dumps(row, ensure_ascii=False) + "\n"


def _flat(kept: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """Kept fields with every non-scalar value as its JSON text (a Parquet column has one type)."""
    if kept is None:
        return None
    scalar = (str, int, float, bool, type(None))
    return {
        k: v if isinstance(v, scalar) else json.dumps(v, ensure_ascii=False)
        for k, v in kept.items()
    }


class ParquetSink:
    """A text stream's ``write`` that turns JSON lines of frame rows into Parquet row groups.

    Args:
        path: The file to write.
    """

    def __init__(self, path: str | Path) -> None:
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise ReliabilityError(
                'Parquet output needs pyarrow: pip install "source-reliability[parquet]"'
            ) from None
        self.path = Path(path)
        self.rows: list[dict[str, Any]] = []
        self.writer: Any = None
        self.schema: Any = None
        self.written = 0

    def write(self, chunk: str) -> int:
        """Take the rows in a chunk of JSON lines; write a row group when enough are buffered."""
        for line in chunk.splitlines():
            if line.strip():
                self.rows.append(json.loads(line))
        if len(self.rows) >= ROWS_PER_GROUP:
            self.flush()
        return len(chunk)

    def flush(self) -> None:
        """Write the buffered rows as a row group (the first one fixes the schema)."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        from reliability.frame import COLUMNS, rows_to_frame

        if not self.rows and self.writer is not None:
            return
        frame = rows_to_frame(self.rows, COLUMNS)
        if self.writer is None:
            self.schema = pa.Schema.from_pandas(frame, preserve_index=False)
            self.writer = pq.ParquetWriter(self.path, self.schema)
        else:
            new = [name for name in frame.columns if name not in self.schema.names]
            if new:
                raise ReliabilityError(
                    f"{self.path}: column(s) {new} first appear after row {self.written}; "
                    "Parquet columns are fixed by the first row group"
                )
            frame = frame.reindex(columns=self.schema.names)
        self.writer.write_table(
            pa.Table.from_pandas(frame, schema=self.schema, preserve_index=False)
        )
        self.written += len(self.rows)
        self.rows = []

    def close(self) -> None:
        """Write what is buffered and close the file (a file with no rows still has columns)."""
        self.flush()
        self.writer.close()


@contextmanager
def parquet_output(path: str | None) -> Iterator[ParquetSink]:
    """A sink writing ``path`` through a temporary file renamed when done or interrupted.

    A failed run removes the temporary file; an interrupted one (Ctrl-C) keeps the rows
    written so far.
    """
    if path is None:
        raise ReliabilityError("--format parquet writes a file: name it with -o FILE")
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    os.close(fd)
    sink = ParquetSink(tmp)
    try:
        yield sink
    except KeyboardInterrupt:
        sink.close()
        os.replace(tmp, target)
        raise
    except BaseException:
        if sink.writer is not None:
            sink.writer.close()
        Path(tmp).unlink(missing_ok=True)
        raise
    sink.close()
    os.chmod(tmp, 0o666 & ~_umask())
    os.replace(tmp, target)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
