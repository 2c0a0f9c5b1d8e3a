"""Parquet output of a batch: the profile frame's rows and types, written in row groups."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

import reliability
from reliability.cli import main
from reliability.errors import ReliabilityError
from reliability.frame import ErrorRecord, profile_row, read_profiles, to_dataframe
from reliability.report import parquet

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((REPO / "examples").glob("*.txt"))
PIPELINE = reliability.Pipeline()


def test_audit_writes_the_frame(tmp_path: Path) -> None:
    """--format parquet writes the rows to_dataframe gives, error records included."""
    out = tmp_path / "out.parquet"
    paths = [str(p) for p in EXAMPLES] + [str(tmp_path / "missing.txt")]
    stderr = io.StringIO()
    status = main(["audit", *paths, "-f", "parquet", "-o", str(out)], stderr=stderr)
    assert status == 1  # one input failed
    read = read_profiles(out)
    profiles: list[reliability.Profile | ErrorRecord] = [
        PIPELINE.score(p.read_text("utf-8")) for p in EXAMPLES
    ]
    profiles.append(ErrorRecord(paths[-1], "no such file"))
    pd.testing.assert_frame_equal(read, to_dataframe(profiles, sources=paths))
    assert read["error"].iloc[-1] == "no such file"


def test_parquet_needs_an_output_file() -> None:
    """Parquet is binary: without -o the run stops with a message, writing nothing."""
    stdout, stderr = io.StringIO(), io.StringIO()
    status = main(["audit", str(EXAMPLES[0]), "-f", "parquet"], stdout=stdout, stderr=stderr)
    assert status != 0
    assert "name it with -o FILE" in stderr.getvalue()
    assert stdout.getvalue() == ""


def test_row_groups_hold_the_same_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows written in several row groups read back whole and in order."""
    monkeypatch.setattr(parquet, "ROWS_PER_GROUP", 2)
    profiles = [PIPELINE.score(p.read_text("utf-8"), id=p.stem) for p in EXAMPLES]
    path = tmp_path / "out.parquet"
    with parquet.parquet_output(str(path)) as sink:
        for p in profiles:
            sink.write(parquet.render_parquet_row(p))
        sink.write(parquet.render_parquet_failure("x", "bad"))
    assert pq.ParquetFile(path).num_row_groups == 3
    expected = to_dataframe([*profiles, ErrorRecord("x", "bad")])
    pd.testing.assert_frame_equal(read_profiles(path), expected)


def test_a_column_appearing_late_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A column first seen after the first row group is refused by name, not dropped."""
    monkeypatch.setattr(parquet, "ROWS_PER_GROUP", 1)
    row = profile_row(PIPELINE.score("The mayor said so."))

    def write() -> None:
        with parquet.parquet_output(str(tmp_path / "out.parquet")) as sink:
            sink.write(json.dumps(row) + "\n")
            sink.write(json.dumps({**row, "mine.x": 1.0}) + "\n")

    with pytest.raises(ReliabilityError, match=r"\['mine\.x'\] first appear after row 1"):
        write()
    assert not (tmp_path / "out.parquet").exists()
    assert list(tmp_path.iterdir()) == []  # no temporary file left behind


def test_an_interrupted_run_keeps_its_rows(tmp_path: Path) -> None:
    """Ctrl-C during a run leaves a readable file with the rows finished so far."""
    path = tmp_path / "out.parquet"
    profile = PIPELINE.score(EXAMPLES[0].read_text("utf-8"), id="a")

    def interrupted() -> None:
        with parquet.parquet_output(str(path)) as sink:
            sink.write(parquet.render_parquet_row(profile))
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        interrupted()
    pd.testing.assert_frame_equal(read_profiles(path), to_dataframe([profile]))


def test_an_empty_batch_has_the_columns(tmp_path: Path) -> None:
    """No rows: a valid file with every column."""
    path = tmp_path / "out.parquet"
    with parquet.parquet_output(str(path)):
        pass
    assert list(read_profiles(path).columns) == list(to_dataframe([]).columns)


def test_kept_fields_are_columns_in_every_format(tmp_path: Path) -> None:
    """--keep carries input fields into Parquet and JSONL rows alike, error records included."""
    corpus = tmp_path / "corpus.jsonl"
    lines = [
        {"id": p.stem, "text": p.read_text("utf-8"), "publisher": "Norland Daily", "tags": [1]}
        for p in EXAMPLES[:2]
    ]
    lines.append({"id": "x", "text": 3, "publisher": "Norland Wire", "tags": []})
    corpus.write_text("".join(json.dumps(line) + "\n" for line in lines), "utf-8")
    frames = {}
    for fmt in ("parquet", "jsonl"):
        out = tmp_path / f"out.{fmt}"
        argv = ["audit", str(corpus), "--keep", "publisher,tags", "-f", fmt, "-o", str(out)]
        assert main(argv, stderr=io.StringIO()) == 1
        frames[fmt] = read_profiles(out)
    for frame in frames.values():
        assert list(frame["publisher"]) == ["Norland Daily", "Norland Daily", "Norland Wire"]
        assert frame["error"].notna().tolist() == [False, False, True]
        assert frame["id"].iloc[2] == "x"
    assert list(frames["parquet"]["tags"]) == ["[1]", "[1]", "[]"]  # non-scalars as JSON text
    shared = [c for c in frames["jsonl"].columns if c != "tags"]
    pd.testing.assert_frame_equal(frames["parquet"][shared], frames["jsonl"][shared])
