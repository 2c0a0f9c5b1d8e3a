"""Profiles as DataFrames: documented columns, the CSV's values, the reader of audit files."""

from __future__ import annotations

import itertools
import json
import math
from pathlib import Path
from typing import Any

import attrs
import pandas as pd
import pytest
from hypothesis import given

import reliability
from reliability.cli import main
from reliability.errors import InputError
from reliability.frame import (
    COLUMNS,
    EVIDENCE_COLUMNS,
    SCORER_INPUTS,
    ErrorRecord,
    empty_frame,
    evidence_frame,
    read_profiles,
    to_dataframe,
)
from tests.polnear import polnear_articles
from tests.strategies import articles, texts

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((REPO / "examples").glob("*.txt"))
PIPELINE = reliability.Pipeline()
NAMES = [c.name for c in COLUMNS]


def _example_profiles() -> list[reliability.Profile]:
    return [PIPELINE.score(p.read_text("utf-8"), id=p.stem) for p in EXAMPLES]


def _dev_corpus(shared_dir: Path, tmp_path: Path, n: int = 30) -> tuple[Path, list[dict[str, Any]]]:
    """The first ``n`` PolNeAR dev articles as a JSONL corpus (in tmp_path, never the repo)."""
    records = [
        {"id": data["doc_id"], "text": data["text"]}
        for data in itertools.islice(polnear_articles(shared_dir), n)
    ]
    corpus = tmp_path / "dev.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    return corpus, records


class TestColumns:
    def test_columns_are_the_documented_ones_in_order(self) -> None:
        """Whatever the texts, the frame has exactly the documented columns and dtypes."""
        frame = to_dataframe([*_example_profiles(), PIPELINE.score("")])
        assert list(frame.columns) == NAMES
        assert [str(t) for t in frame.dtypes] == [c.dtype for c in COLUMNS]

    def test_names_are_unique_and_cover_the_issue_list(self) -> None:
        """id, source, index, each component, each scorer and its inputs, findings and error."""
        assert len(set(NAMES)) == len(NAMES)
        for name in ("id", "source", "index", "error", "findings.concern", "findings.good"):
            assert name in NAMES
        for sid, inputs in SCORER_INPUTS.items():
            assert sid in NAMES
            assert all(f"{sid}.{i}" in NAMES for i in inputs)
        assert "index.on_record_share" in NAMES

    def test_empty_frame_has_the_columns(self) -> None:
        """No profiles: no rows, the same columns and dtypes (what Dask declares as meta)."""
        frame = to_dataframe([])
        assert frame.empty
        pd.testing.assert_frame_equal(frame, empty_frame())
        assert list(frame.columns) == NAMES

    def test_one_scorer_leaves_the_others_missing(self) -> None:
        """A scorer that was not run gives missing cells and 'not run', never 0."""
        text = EXAMPLES[0].read_text("utf-8")
        profile = reliability.Pipeline(scorers=["readability"]).score(text)
        assert profile.value("readability") is not None
        row = to_dataframe([profile]).iloc[0]
        assert row["readability"] == profile.value("readability")
        assert pd.isna(row["hedging"])
        assert row["hedging_reason"] == "not run"
        assert pd.isna(row["hedging.writer_hedges"])
        assert list(to_dataframe([profile]).columns) == NAMES

    def test_an_input_of_a_scorer_of_ones_own_is_a_further_column(self) -> None:
        """An undeclared input is kept after the documented columns, not dropped."""
        profile = PIPELINE.score("The mayor said no.")
        extra = reliability.ScoreResult("mine", 0.5, "a / b", inputs={"a": 1, "b": 2})
        scores = {**profile.scores, "mine": extra}
        frame = to_dataframe([attrs.evolve(profile, scores=scores)])
        assert list(frame.columns) == [*NAMES, "mine.a", "mine.b"]
        assert frame.loc[0, "mine.b"] == 2

    @given(articles())
    def test_built_in_scorers_give_only_declared_inputs(self, text: str) -> None:
        """Every input a built-in scorer gives has its documented column (the columns are stable)."""
        profile = PIPELINE.score(text)
        for sid, result in profile.scores.items():
            assert set(result.inputs) <= set(SCORER_INPUTS[sid]), sid


class TestRows:
    def test_values_are_the_profiles(self) -> None:
        """Scorer values, inputs, index and components read the profile's own numbers."""
        profiles = _example_profiles()
        frame = to_dataframe(profiles)
        for i, profile in enumerate(profiles):
            row = frame.iloc[i]
            assert row["id"] == profile.document.id
            assert row["words"] == profile.document.words
            for sid, result in profile.scores.items():
                assert row[sid] == result.value
                for name, value in result.inputs.items():
                    assert row[f"{sid}.{name}"] == value
            index = profile.index
            assert index is not None
            assert row["index"] == index.value
            for c in index.components:
                cell = row[f"index.{c.id}"]
                assert (pd.isna(cell) and c.value is None) or cell == c.value
            findings = profile.findings
            total = sum(row[f"findings.{s}"] for s in ("concern", "missing", "note", "good"))
            assert total == row["findings"] == len(findings)

    def test_error_record_is_a_row(self) -> None:
        """An error record gives a row with source and error, every measure missing."""
        frame = to_dataframe([ErrorRecord("a.txt", "cannot read"), {"source": "b", "error": "x"}])
        assert list(frame["source"]) == ["a.txt", "b"]
        assert list(frame["error"]) == ["cannot read", "x"]
        assert frame["index"].isna().all()
        assert frame["words"].isna().all()

    def test_sources_are_given_or_the_id(self) -> None:
        """``sources=`` names each row; without it the source is the article's id."""
        profiles = _example_profiles()[:2]
        assert list(to_dataframe(profiles)["source"]) == [p.document.id for p in profiles]
        assert list(to_dataframe(profiles, sources=["x", "y"])["source"]) == ["x", "y"]

    def test_json_forms_give_the_same_frame(self) -> None:
        """A profile's JSON form gives the row the profile gives."""
        profiles = _example_profiles()
        pd.testing.assert_frame_equal(
            to_dataframe(profiles), to_dataframe([p.to_dict() for p in profiles])
        )

    def test_not_a_profile_is_an_error_naming_the_position(self) -> None:
        """A mapping that is neither a profile nor an error record is refused, saying which."""
        with pytest.raises(InputError, match=r"profiles\[1\]"):
            to_dataframe([PIPELINE.score("a"), {"scores": {}}])

    @given(texts)
    def test_rows_round_trip_through_json(self, text: str) -> None:
        """For any text, the row of the profile equals the row of its JSON text."""
        profile = PIPELINE.score(text)
        again = reliability.Profile.from_json(profile.to_json())
        pd.testing.assert_frame_equal(to_dataframe([profile]), to_dataframe([again]))


class TestEvidence:
    def test_one_row_per_evidence(self) -> None:
        """The long table has one row per piece of evidence, the span text and rule of each."""
        profiles = _example_profiles()
        frame = to_dataframe(profiles, evidence=True)
        assert len(frame) == sum(len(p.evidence) for p in profiles)
        assert [c.name for c in EVIDENCE_COLUMNS] == list(frame.columns)[: len(EVIDENCE_COLUMNS)]
        first = profiles[0].evidence[0]
        row = frame.iloc[0]
        assert (row["start"], row["end"], row["text"], row["rule"]) == (
            first.start,
            first.end,
            first.text,
            first.rule,
        )
        assert all(name.startswith("detail.") for name in frame.columns[len(EVIDENCE_COLUMNS) :])

    def test_evidence_joins_the_profile_frame(self) -> None:
        """Evidence rows join their article's row on id, and counts agree with the inputs."""
        profiles = _example_profiles()
        rows = to_dataframe(profiles)
        ev = evidence_frame(profiles)
        joined = ev.merge(rows[["id", "index"]], on="id", how="left")
        assert joined["index"].notna().all()
        hedges = ev[(ev["scorer"] == "hedging") & (ev["label"] == "hedge")]
        writer = hedges[hedges["detail.voice"] == "writer"].groupby("id").size()
        for _, row in rows.iterrows():
            assert writer.get(row["id"], 0) == row["hedging.writer_hedges"]

    def test_error_records_give_no_evidence(self) -> None:
        """An error record has no spans."""
        assert evidence_frame([ErrorRecord("a", "b")]).empty


class TestAgainstCsv:
    def test_columns_read_the_csv_values_on_real_articles(
        self, shared_dir: Path, tmp_path: Path
    ) -> None:
        """Every column the CSV report also has holds the CSV's value (to its 6 decimals)."""
        corpus, records = _dev_corpus(shared_dir, tmp_path)
        out = tmp_path / "out.csv"
        assert main(["audit", str(corpus), "-f", "csv", "-o", str(out), "--progress", "never"]) == 0
        csv = pd.read_csv(out, dtype=str, keep_default_na=False)
        frame = to_dataframe(
            [PIPELINE.score(r["text"], id=r["id"]) for r in records], sources=csv["source"]
        )
        assert len(csv) == len(frame) == len(records)
        compared = 0
        for column in COLUMNS:
            csv_name = column.name.replace("index.", "index_")
            if csv_name not in csv.columns:
                continue
            compared += 1
            for cell, value in zip(csv[csv_name], frame[column.name], strict=True):
                if pd.isna(value):
                    assert cell == "", column.name
                elif column.dtype == "string":
                    assert cell == " ".join(str(value).split()), column.name
                else:
                    assert math.isclose(float(cell), round(float(value), 6), abs_tol=1e-9), (
                        column.name
                    )
        assert compared == len(csv.columns) - 1  # all but the joined concern messages

    def test_reading_the_csv_gives_its_columns_of_the_frame(
        self, shared_dir: Path, tmp_path: Path
    ) -> None:
        """read_profiles on a CSV report gives the frame's columns that the CSV carries."""
        corpus, records = _dev_corpus(shared_dir, tmp_path, n=12)
        out = tmp_path / "out.csv"
        assert main(["audit", str(corpus), "-f", "csv", "-o", str(out), "--progress", "never"]) == 0
        read = read_profiles(out)
        direct = to_dataframe(
            [PIPELINE.score(r["text"], id=r["id"]) for r in records], sources=read["source"]
        )
        assert list(read.columns) == [c for c in NAMES if c in read.columns]
        assert "readability.words" not in read.columns
        pd.testing.assert_frame_equal(read, direct[list(read.columns)], rtol=0, atol=1e-6)


class TestReader:
    def test_jsonl_reads_back_to_the_same_frame(self, shared_dir: Path, tmp_path: Path) -> None:
        """The JSONL output of a batch reads back to the frame of the same profiles."""
        corpus, records = _dev_corpus(shared_dir, tmp_path, n=12)
        out = tmp_path / "out.jsonl"
        assert (
            main(["audit", str(corpus), "-f", "jsonl", "-o", str(out), "--progress", "never"]) == 0
        )
        read = read_profiles(out)
        direct = to_dataframe([PIPELINE.score(r["text"], id=r["id"]) for r in records])
        cols = [c for c in NAMES if c != "source"]
        pd.testing.assert_frame_equal(read[cols], direct[cols])
        ev = read_profiles(out, evidence=True)
        assert len(ev) == sum(len(PIPELINE.score(r["text"]).evidence) for r in records)

    def test_json_array_and_error_records(self, tmp_path: Path) -> None:
        """A JSON array of profiles and error records reads as rows, errors included."""
        path = tmp_path / "out.json"
        items = [p.to_dict() for p in _example_profiles()] + [{"error": "bad", "source": "x"}]
        path.write_text(json.dumps(items), "utf-8")
        frame = read_profiles(path)
        assert len(frame) == len(items)
        assert frame["error"].iloc[-1] == "bad"

    def test_a_bad_line_names_the_file_and_line(self, tmp_path: Path) -> None:
        """A line that is not JSON is an error naming file and line, not a traceback."""
        path = tmp_path / "out.jsonl"
        path.write_text(_example_profiles()[0].to_json() + "\n{oops\n", "utf-8")
        with pytest.raises(InputError, match=r"out\.jsonl: line 2: not valid JSON"):
            read_profiles(path)

    def test_a_missing_file_is_an_input_error(self, tmp_path: Path) -> None:
        """A file that cannot be read is an InputError naming it."""
        with pytest.raises(InputError, match=r"nope\.jsonl"):
            read_profiles(tmp_path / "nope.jsonl")

    def test_a_csv_that_is_not_a_report_is_refused(self, tmp_path: Path) -> None:
        """A CSV without the report's columns is an InputError, not a frame of nonsense."""
        path = tmp_path / "x.csv"
        path.write_text("a,b\n1,2\n", "utf-8")
        with pytest.raises(InputError, match="not a reliability CSV report"):
            read_profiles(path)

    def test_formula_protection_is_undone(self, tmp_path: Path) -> None:
        """The CSV's apostrophe before a formula-like cell is removed when read back."""
        profile = PIPELINE.score("The mayor said no.", title="=1+1", id="-x")
        path = tmp_path / "out.csv"
        path.write_text(reliability.report.render(profile, "csv"), "utf-8")
        row = read_profiles(path).iloc[0]
        assert (row["title"], row["id"]) == ("=1+1", "-x")


@pytest.mark.parametrize("name", ["to_dataframe", "read_profiles"])
def test_exported_from_the_package(name: str) -> None:
    """``reliability.to_dataframe`` and ``reliability.read_profiles`` are the frame module's."""
    import reliability.frame

    assert getattr(reliability, name) is getattr(reliability.frame, name)


def test_unknown_attribute_is_an_attribute_error() -> None:
    """The lazy exports do not hide a misspelt name."""
    with pytest.raises(AttributeError, match="no attribute 'to_dataframes'"):
        reliability.to_dataframes  # noqa: B018


@given(texts)
def test_every_shared_column_prints_as_the_csv_cell(text: str) -> None:
    """For any text, each column the CSV also has holds the value the CSV prints."""
    import csv as csv_module
    import io

    from reliability.report.csv import _cell, render_csv

    profile = PIPELINE.score(text)
    header, cells = list(csv_module.reader(io.StringIO(render_csv(profile))))
    printed = dict(zip(header, cells, strict=True))
    row = to_dataframe([profile]).iloc[0]
    for column in COLUMNS:
        csv_name = column.name.replace("index.", "index_")
        if csv_name in printed:
            value = row[column.name]
            value = None if pd.isna(value) else value
            if column.dtype == "float64" and value is not None:
                value = float(value)
            elif column.dtype == "Int64" and value is not None:
                value = int(value)
            assert _cell(value) == printed[csv_name], column.name


def test_import_reliability_loads_no_science_extra() -> None:
    """The core stays light: importing the package (and the frame module) loads no pandas."""
    import subprocess
    import sys

    code = (
        "import sys, reliability, reliability.frame; "
        "print(sorted(m for m in ('pandas', 'numpy', 'sklearn', 'dask', 'pyarrow') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
