"""Batch auditing: every input accounted for in order, JSONL/CSV/glob/stdin inputs, worker
processes with identical output, bounded read-ahead, progress only on a terminal, atomic output."""

from __future__ import annotations

import csv
import io
import json
import threading
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reliability import cli
from reliability.cli import ExitCode, main
from reliability.inputs import InputFailure, InputOptions, TextInput, iter_inputs

EXAMPLES = Path(__file__).resolve().parent.parent.parent / "examples"


def run(
    *argv: str, stdin: bytes | None = None, stderr: io.StringIO | None = None
) -> tuple[int, str, str]:
    out, err = io.StringIO(), stderr if stderr is not None else io.StringIO()
    if stdin is not None:
        code = _with_stdin(stdin, lambda: main(list(argv), stdout=out, stderr=err))
    else:
        code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def _with_stdin(data: bytes, fn):  # type: ignore[no-untyped-def]
    import sys

    saved = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(data))
    try:
        return fn()
    finally:
        sys.stdin = saved


# A JSONL record: good (with an id), or one of the ways a record can be bad.
GOOD = st.builds(
    lambda n, t: ("good", json.dumps({"id": f"r{n}", "text": t})),
    st.integers(0, 10_000),
    st.text(max_size=60),
)
BAD = st.sampled_from(
    [
        ("bad", "{not json"),
        ("bad", json.dumps({"body": "no text field"})),
        ("bad", json.dumps({"text": 42})),
        ("bad", json.dumps(["a", "list"])),
        ("bad", json.dumps({"text": None})),
    ]
)
RECORDS = st.lists(st.one_of(GOOD, BAD, st.just(("blank", "   "))), max_size=12)


class TestAccounting:
    @settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(RECORDS)
    def test_every_record_is_a_result_or_an_error_in_order(self, tmp_path_factory, records):
        """For any mix of good and bad JSONL records, the output has one line per non-blank
        record, in order: a profile carrying the record's id, or an error naming file:line; the
        exit status says whether any failed."""
        path = tmp_path_factory.mktemp("batch") / "corpus.jsonl"
        path.write_text("\n".join(line for _, line in records) + "\n", "utf-8")
        code, out, err = run("audit", str(path), "--format", "jsonl", "--scorers", "readability")
        lines = [json.loads(x) for x in out.splitlines()]
        expected = [
            (i + 1, kind, line) for i, (kind, line) in enumerate(records) if kind != "blank"
        ]
        assert len(lines) == len(expected)
        for got, (number, kind, line) in zip(lines, expected, strict=True):
            if kind == "good":
                assert got["document"]["id"] == json.loads(line)["id"]
            else:
                assert got["source"] == f"{path}:{number}" and got["error"]
                assert f"{path}:{number}" in err
        bad = sum(1 for _, kind, _ in expected if kind == "bad")
        assert code == (ExitCode.INPUT_ERROR if bad else ExitCode.OK)

    def test_mixed_paths_keep_order(self, tmp_path: Path):
        """Files, a directory, a glob, a JSONL and a CSV file are read in argument order."""
        (tmp_path / "d").mkdir()
        (tmp_path / "d" / "b.txt").write_text("Bee.", "utf-8")
        (tmp_path / "d" / "a.txt").write_text("Ay.", "utf-8")
        (tmp_path / "g1.txt").write_text("Glob one.", "utf-8")
        (tmp_path / "g2.txt").write_text("Glob two.", "utf-8")
        (tmp_path / "c.jsonl").write_text('{"text": "J1", "id": "j1"}\n{"text": "J2"}\n', "utf-8")
        with (tmp_path / "c.csv").open("w", newline="", encoding="utf-8") as handle:
            w = csv.writer(handle)
            w.writerow(["id", "title", "text"])
            w.writerow(["c1", "Title one", "Multi\nline, text"])
            w.writerow(["c2", "", "Second"])
        code, out, _ = run(
            "audit",
            str(tmp_path / "d"),
            str(tmp_path / "g*.txt"),
            str(tmp_path / "c.jsonl"),
            str(tmp_path / "c.csv"),
            "-f",
            "jsonl",
            "--scorers",
            "readability",
        )
        assert code == ExitCode.OK
        docs = [json.loads(x)["document"] for x in out.splitlines()]
        assert [d["chars"] for d in docs] == [3, 4, 9, 9, 2, 2, 16, 6]
        assert [d["id"] for d in docs][4:] == ["j1", None, "c1", "c2"]
        assert docs[6]["title"] == "Title one" and docs[7]["title"] is None

    def test_csv_errors_name_lines(self, tmp_path: Path):
        """A CSV record with the wrong number of cells is an error naming its line; a missing
        text column is one error for the file."""
        good = tmp_path / "a.csv"
        good.write_text('text,id\n"one\ntwo",1\nbad,2,extra\nthree,3\n', "utf-8")
        missing = tmp_path / "b.csv"
        missing.write_text("body,id\nx,1\n", "utf-8")
        code, out, _ = run(
            "audit", str(good), str(missing), "-f", "jsonl", "--scorers", "readability"
        )
        records = [json.loads(x) for x in out.splitlines()]
        assert code == ExitCode.INPUT_ERROR
        assert records[0]["document"]["id"] == "1"
        assert (
            records[1]["source"] == f"{good}:4" and "3 cells for 2 columns" in records[1]["error"]
        )
        assert records[2]["document"]["id"] == "3"
        assert records[3]["source"] == f"{missing}:1" and "no 'text' column" in records[3]["error"]
        assert "--text-field" in records[3]["error"]

    def test_text_id_and_title_fields(self, tmp_path: Path):
        """--text-field, --id-field and --title-field name the JSONL fields."""
        path = tmp_path / "c.jsonl"
        path.write_text('{"body": "Hello there.", "doc": 7, "headline": "Hi"}\n', "utf-8")
        code, out, _ = run(
            "audit",
            str(path),
            "-f",
            "json",
            "--text-field",
            "body",
            "--id-field",
            "doc",
            "--title-field",
            "headline",
            "--scorers",
            "readability",
        )
        assert code == ExitCode.OK
        data = json.loads(out)
        assert isinstance(data, list)
        assert data[0]["document"]["id"] == "7" and data[0]["document"]["title"] == "Hi"

    def test_stdin_as_jsonl(self):
        """Standard input can be read as JSONL with --input-format."""
        code, out, _ = run(
            "audit",
            "-",
            "--input-format",
            "jsonl",
            "-f",
            "jsonl",
            "--scorers",
            "readability",
            stdin=b'{"text": "a"}\n{"text": "bc"}\n',
        )
        assert code == ExitCode.OK
        assert [json.loads(x)["document"]["chars"] for x in out.splitlines()] == [1, 2]

    def test_glob_without_matches_is_an_error_record(self, tmp_path: Path):
        """A glob that matches nothing is an error record, not silence."""
        code, out, _ = run("audit", str(tmp_path / "*.txt"), "-f", "jsonl")
        assert code == ExitCode.INPUT_ERROR
        assert "no file matches" in json.loads(out)["error"]

    def test_jsonl_bad_utf8_line(self, tmp_path: Path):
        """A JSONL line that is not UTF-8 is an error for that line only."""
        path = tmp_path / "c.jsonl"
        path.write_bytes(b'{"text": "ok"}\n{"text": "\xff"}\n{"text": "ok again"}\n')
        code, out, _ = run("audit", str(path), "-f", "jsonl", "--scorers", "readability")
        records = [json.loads(x) for x in out.splitlines()]
        assert code == ExitCode.INPUT_ERROR and len(records) == 3
        assert records[1]["source"] == f"{path}:2" and "utf-8" in records[1]["error"]


class TestWorkers:
    @pytest.mark.parametrize("fmt", ["jsonl", "json", "csv", "html", "markdown", "text"])
    def test_jobs_2_is_byte_identical_to_jobs_1(self, tmp_path: Path, fmt: str):
        """--jobs 2 writes exactly the bytes --jobs 1 writes, errors included."""
        corpus = tmp_path / "c.jsonl"
        lines = [
            json.dumps({"id": str(i), "text": p.read_text("utf-8")})
            for i, p in enumerate(sorted(EXAMPLES.glob("*.txt")))
        ]
        corpus.write_text("\n".join([*lines, "{broken", *lines]) + "\n", "utf-8")
        args = ["audit", str(EXAMPLES), str(corpus), str(tmp_path / "missing.txt"), "-f", fmt]
        one = run(*args, "--jobs", "1")
        two = run(*args, "--jobs", "2", "--chunksize", "2")
        assert one[0] == two[0] == ExitCode.INPUT_ERROR
        assert one[1] == two[1] and one[1]
        assert one[2] == two[2]

    def test_read_ahead_is_bounded(self):
        """With worker processes, inputs are pulled only a bounded window ahead of the output."""
        pulled = 0
        lock = threading.Lock()

        def items():  # type: ignore[no-untyped-def]
            nonlocal pulled
            for i in range(1000):
                with lock:
                    pulled += 1
                yield TextInput(f"t{i}", "Short text.")

        spec = {"scorers": ["readability"], "lexicons": [], "index_weights": None}
        fmt = {"name": "jsonl", "array": False, "evidence": "summary", "kept": ()}
        results = cli._ordered_results(items(), 2, 1, (spec, fmt, False, True))
        next(results)
        time.sleep(0.5)
        assert pulled <= 2 * 1 * 4 + 2
        rest = list(results)
        assert len(rest) == 999 and pulled == 1000


def _stopping_at(call: int, stop: type[BaseException]):  # type: ignore[no-untyped-def]
    """cli._work, raising ``stop`` on its ``call``-th call (as Ctrl-C or a failure would)."""
    calls = 0
    real = cli._work

    def flaky(item):  # type: ignore[no-untyped-def]
        nonlocal calls
        calls += 1
        if calls == call:
            raise stop
        return real(item)

    return flaky


class TestProgressAndOutput:
    class _Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    def test_progress_only_on_a_terminal(self):
        """A progress line goes to a terminal's stderr, never to a pipe's."""
        tty = self._Tty()
        code, _, err = run("audit", str(EXAMPLES), "-f", "jsonl", stderr=tty)
        assert code == ExitCode.OK and "audited 4/4 (0 failed)" in err and err.endswith("\n")
        code, _, err = run("audit", str(EXAMPLES), "-f", "jsonl")
        assert err == ""

    @pytest.mark.parametrize(
        ("fmt", "stop", "status", "word"),
        [
            ("jsonl", KeyboardInterrupt, ExitCode.INTERRUPTED, "interrupted"),
            ("json", cli._Terminated, ExitCode.TERMINATED, "terminated"),
            ("csv", RuntimeError, ExitCode.INTERNAL_ERROR, "internal error"),
        ],
    )
    def test_stopped_run_keeps_its_finished_records(
        self, tmp_path: Path, monkeypatch, fmt, stop, status, word
    ):
        """Ctrl-C, SIGTERM or a failure in the middle of a batch still writes, atomically, a
        complete report of every record finished before, says how many, and leaves no
        temporary file."""
        monkeypatch.setattr(cli, "_work", _stopping_at(3, stop))
        target = tmp_path / f"out.{fmt}"
        code, _, err = run("audit", str(EXAMPLES), "-f", fmt, "-o", str(target))
        assert code == status and word in err and "after 2 of 4 inputs" in err
        assert list(tmp_path.iterdir()) == [target]
        text = target.read_text("utf-8")
        if fmt == "jsonl":
            assert len([json.loads(x) for x in text.splitlines()]) == 2
        elif fmt == "json":
            assert len(json.loads(text)) == 2
        else:
            assert len(list(csv.DictReader(io.StringIO(text)))) == 2

    def test_sigterm_stops_the_command_and_keeps_the_records(self, tmp_path: Path):
        """The installed command, sent SIGTERM mid-batch, exits 143 with its finished records
        in the output file."""
        import os
        import signal
        import subprocess
        import sys

        corpus = tmp_path / "c.jsonl"
        corpus.write_text(
            "".join(
                json.dumps({"text": f"Article {i} said the mayor. " * 200}) + "\n"
                for i in range(400)
            ),
            "utf-8",
        )
        target = tmp_path / "out.jsonl"
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "reliability",
                "audit",
                str(corpus),
                "-f",
                "jsonl",
                "-o",
                str(target),
            ],
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:  # until the first records are in the temporary file
            partial = [p for p in tmp_path.glob(".out.jsonl.*.tmp") if p.stat().st_size]
            if partial or proc.poll() is not None:
                break
            time.sleep(0.1)
        os.kill(proc.pid, signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == ExitCode.TERMINATED, err
        records = target.read_text("utf-8").splitlines()
        assert 0 < len(records) < 400 and f"after {len(records)} of 400 inputs" in err

    def test_output_file_gets_ordinary_permissions(self, tmp_path: Path):
        """A report written with --output is readable like any new file (umask applies), and an
        existing report keeps its mode when replaced."""
        import os
        import stat

        target = tmp_path / "r.jsonl"
        old = os.umask(0o022)
        try:
            run("audit", str(EXAMPLES), "-f", "jsonl", "-o", str(target))
        finally:
            os.umask(old)
        assert stat.S_IMODE(target.stat().st_mode) == 0o644
        target.chmod(0o600)
        run("audit", str(EXAMPLES), "-f", "jsonl", "-o", str(target))
        assert stat.S_IMODE(target.stat().st_mode) == 0o600

    def test_html_batch_is_one_page(self, tmp_path: Path):
        """A batch in HTML is one page with one section per article or error."""
        code, out, _ = run("audit", str(EXAMPLES), str(tmp_path / "nope.txt"), "-f", "html")
        assert code == ExitCode.INPUT_ERROR
        assert out.count("<!DOCTYPE html>") == 1 and out.rstrip().endswith("</html>")
        assert out.count('<section class="article"') == 4
        assert out.count('<section class="article failure"') == 1

    def test_csv_batch_has_one_header(self, tmp_path: Path):
        """A batch in CSV has one header and one row per input, errors included."""
        _code, out, _ = run("audit", str(EXAMPLES), str(tmp_path / "nope.txt"), "-f", "csv")
        rows = list(csv.DictReader(io.StringIO(out)))
        assert len(rows) == 5 and rows[-1]["error"] == "no such file"


class TestInputsApi:
    def test_iter_inputs_is_lazy(self, tmp_path: Path):
        """Reading a JSONL corpus yields its first record before later lines are parsed."""
        path = tmp_path / "c.jsonl"
        path.write_text('{"text": "a"}\n' * 3, "utf-8")
        it = iter_inputs([str(path)], options=InputOptions())
        first = next(it)
        assert isinstance(first, TextInput) and first.source == f"{path}:1"

    def test_unknown_encoding(self, tmp_path: Path):
        """An unknown encoding is an error record for a JSONL file."""
        path = tmp_path / "c.jsonl"
        path.write_text('{"text": "a"}\n', "utf-8")
        got = list(iter_inputs([str(path)], options=InputOptions(encoding="nope")))
        assert got == [InputFailure(str(path), "unknown encoding 'nope'")]


def _corpus(tmp_path: Path, records: list[dict[str, object]], name: str = "c.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    return path


ARTICLES = [
    {"id": "a1", "text": "The mayor said the bridge would reopen.", "publisher": "Daily", "n": 1},
    {"id": "a2", "text": "Sources said it may be so.", "publisher": "Weekly", "n": [2]},
    {"id": "a3", "text": 7, "publisher": "Daily"},
]


class TestRecords:
    def test_every_jsonl_record_names_its_source(self, tmp_path: Path):
        """Profile and error records of a JSONL batch start with `source`: file:LINE for a
        record of a corpus, the path for a file."""
        corpus = _corpus(tmp_path, ARTICLES)
        code, out, _ = run(
            "audit", str(corpus), str(EXAMPLES / "fictional_well_sourced.txt"), "-f", "jsonl"
        )
        records = [json.loads(x) for x in out.splitlines()]
        assert code == ExitCode.INPUT_ERROR
        assert [r["source"] for r in records] == [
            f"{corpus}:1",
            f"{corpus}:2",
            f"{corpus}:3",
            str(EXAMPLES / "fictional_well_sourced.txt"),
        ]
        assert next(iter(records[0])) == "source" and "error" in records[2]

    @pytest.mark.parametrize("fmt", ["jsonl", "json", "csv"])
    def test_keep_carries_input_fields_into_every_record(self, tmp_path: Path, fmt: str):
        """--keep names input fields that every record carries, errors included, in the order
        given; a field a record lacks is null (an empty cell in CSV)."""
        corpus = _corpus(tmp_path, ARTICLES)
        code, out, _ = run(
            "audit", str(corpus), "-f", fmt, "--keep", "publisher,n", "--keep", "missing"
        )
        assert code == ExitCode.INPUT_ERROR
        if fmt == "csv":
            rows = list(csv.DictReader(io.StringIO(out)))
            assert list(rows[0])[-3:] == ["publisher", "n", "missing"]
            assert [(r["publisher"], r["n"], r["missing"]) for r in rows] == [
                ("Daily", "1", ""),
                ("Weekly", "[2]", ""),
                ("Daily", "", ""),
            ]
            assert rows[2]["error"] and rows[2]["id"] == "a3"
            return
        records = json.loads(out) if fmt == "json" else [json.loads(x) for x in out.splitlines()]
        assert [r["kept"] for r in records] == [
            {"publisher": "Daily", "n": 1, "missing": None},
            {"publisher": "Weekly", "n": [2], "missing": None},
            {"publisher": "Daily", "missing": None, "n": None},
        ]
        assert records[2]["error"] and records[2]["id"] == "a3"

    def test_keep_naming_a_csv_column_is_a_usage_error(self, tmp_path: Path):
        """A kept field named like a standard CSV column would make two columns of one name:
        it is refused before anything is scored."""
        corpus = _corpus(tmp_path, ARTICLES)
        code, out, err = run("audit", str(corpus), "-f", "csv", "--keep", "title")
        assert code == ExitCode.USAGE and "title" in err and out == ""

    def test_missing_id_field_is_an_error_record(self, tmp_path: Path):
        """An --id-field that a record lacks, or holds empty or as a list, makes that record an
        error naming the field; without --id-field, a record without `id` just has no id."""
        records = [
            {"doc": "d1", "text": "One."},
            {"text": "Two."},
            {"doc": "", "text": "Three."},
            {"doc": ["x"], "text": "Four."},
        ]
        corpus = _corpus(tmp_path, records)
        code, out, err = run("audit", str(corpus), "-f", "jsonl", "--id-field", "doc")
        got = [json.loads(x) for x in out.splitlines()]
        assert code == ExitCode.INPUT_ERROR
        assert got[0]["document"]["id"] == "d1"
        assert "no 'doc' id field" in got[1]["error"] and f"{corpus}:2" in err
        assert "is empty" in got[2]["error"]
        assert "not a string or number but list" in got[3]["error"]
        code, out, _ = run("audit", str(corpus), "-f", "jsonl")
        assert code == ExitCode.OK and all(
            json.loads(x)["document"]["id"] is None for x in out.splitlines()
        )

    def test_jsonl_names_the_lexicons_once_and_reads_back(self, tmp_path: Path):
        """A JSONL batch gives `lexicons` in its first profile record only; read_jsonl puts
        them back in every profile, each of which then rebuilds a Profile."""
        from reliability import Profile
        from reliability.report import read_jsonl

        corpus = _corpus(tmp_path, ARTICLES[2:] + ARTICLES[:2])
        target = tmp_path / "out.jsonl"
        run("audit", str(corpus), "-f", "jsonl", "-o", str(target))
        lines = [json.loads(x) for x in target.read_text("utf-8").splitlines()]
        assert ["lexicons" in r for r in lines] == [False, True, False]
        records = list(read_jsonl(target))
        assert records[0]["error"] and records[1]["lexicons"] == records[2]["lexicons"]
        profiles = [Profile.from_dict(r) for r in records[1:]]
        assert [p.document.id for p in profiles] == ["a1", "a2"]

    def test_json_on_standard_input_gets_a_hint(self):
        """JSON records piped to standard input are scored as text, with a note on standard
        error naming --input-format jsonl."""
        code, _, err = run("audit", "-", "-f", "jsonl", stdin=b'{"text": "Hello there."}\n')
        assert code == ExitCode.OK and "--input-format jsonl" in err and "<stdin>" in err
        code, _, err = run("audit", "-", "-f", "jsonl", stdin=b"Plain {prose} here.\n")
        assert err == ""

    def test_jsonl_error_does_not_repeat_at(self, tmp_path: Path):
        """json's "Unterminated string starting at" reads "... starting at column N"."""
        path = tmp_path / "c.jsonl"
        path.write_text('{"text": "unterminated}', "utf-8")  # the last line, without a break
        _, out, _ = run("audit", str(path), "-f", "jsonl")
        error = json.loads(out)["error"]
        assert "at at" not in error and "starting at column 10" in error

    def test_text_over_max_chars_is_an_error_record_naming_the_limit(self, tmp_path: Path):
        """A text longer than --max-chars gets an error record naming its length and the
        limit; the next input is scored; 0 lifts the limit."""
        big, small = tmp_path / "big.txt", tmp_path / "small.txt"
        big.write_text("Word. " * 200, "utf-8")
        small.write_text("Short.", "utf-8")
        code, out, _ = run("audit", str(big), str(small), "-f", "jsonl", "--max-chars", "1000")
        first, second = (json.loads(x) for x in out.splitlines())
        assert code == ExitCode.INPUT_ERROR
        assert first["source"] == str(big) and "1,200 characters" in first["error"]
        assert "limit of 1,000" in first["error"] and "--max-chars" in first["error"]
        assert second["document"]["chars"] == 6
        code, _, _ = run("audit", str(big), "-f", "jsonl", "--max-chars", "0")
        assert code == ExitCode.OK

    def test_pipeline_max_chars(self):
        """The Python API refuses a text over its pipeline's max_chars with TextTooLongError,
        and scores up to ten million characters by default."""
        import reliability
        from reliability.errors import TextTooLongError
        from reliability.profile import DEFAULT_MAX_CHARS

        with pytest.raises(TextTooLongError) as info:
            reliability.Pipeline(scorers=["readability"], max_chars=5).score("Longer text.")
        assert (info.value.chars, info.value.limit) == (12, 5)
        assert DEFAULT_MAX_CHARS >= 10_000_000
        assert reliability.Pipeline(max_chars=None).max_chars is None


class TestResume:
    @pytest.mark.parametrize("fmt", ["jsonl", "csv"])
    def test_resume_scores_only_what_is_missing(self, tmp_path: Path, monkeypatch, fmt: str):
        """After an interrupted run, --resume keeps the finished records, scores only the other
        inputs, and gives the same report as one uninterrupted run."""
        corpus = _corpus(
            tmp_path, [{"id": f"r{i}", "text": f"Item {i} said the mayor."} for i in range(6)]
        )
        whole = tmp_path / f"whole.{fmt}"
        run("audit", str(corpus), "-f", fmt, "-o", str(whole))
        real = cli._work
        target = tmp_path / f"part.{fmt}"
        with monkeypatch.context() as m:
            m.setattr(cli, "_work", _stopping_at(4, KeyboardInterrupt))
            assert (
                run("audit", str(corpus), "-f", fmt, "-o", str(target))[0] == ExitCode.INTERRUPTED
            )
        scored = []

        def counting(item):  # type: ignore[no-untyped-def]
            scored.append(item.source)
            return real(item)

        monkeypatch.setattr(cli, "_work", counting)
        code, _, err = run("audit", str(corpus), "-f", fmt, "-o", str(target), "--resume")
        assert code == ExitCode.OK and "3 inputs already in" in err
        assert scored == [f"{corpus}:{n}" for n in (4, 5, 6)]
        assert target.read_text("utf-8") == whole.read_text("utf-8")

    def test_resume_refuses_a_file_made_otherwise(self, tmp_path: Path):
        """--resume into a CSV report with other columns, or without --output, is a usage
        error that leaves the file alone."""
        corpus = _corpus(tmp_path, ARTICLES[:1])
        target = tmp_path / "out.csv"
        run("audit", str(corpus), "-f", "csv", "-o", str(target))
        before = target.read_text("utf-8")
        code, _, err = run(
            "audit", str(corpus), "-f", "csv", "-o", str(target), "--resume", "--keep", "publisher"
        )
        assert code == ExitCode.USAGE and "cannot resume" in err
        assert target.read_text("utf-8") == before
        code, _, err = run("audit", str(corpus), "-f", "csv", "--resume")
        assert code == ExitCode.USAGE and "--output" in err

    def test_resume_refuses_jsonl_made_with_other_lexicons(self, tmp_path: Path):
        """Records made with other lexicons are not resumed into: their profiles would not share
        the lexicons the file names once."""
        corpus = _corpus(tmp_path, ARTICLES[:2])
        target = tmp_path / "out.jsonl"
        run("audit", str(corpus), "-f", "jsonl", "-o", str(target), "--id-field", "id")
        from reliability.lexicon import LexiconSet

        shipped = Path(LexiconSet.default()["hedging"].path)
        extra = tmp_path / "hedging.toml"  # the shipped hedges under another version
        extra.write_text(
            shipped.read_text("utf-8").replace('version = "', 'version = "9', 1), "utf-8"
        )
        argv = ["audit", str(corpus), "-f", "jsonl", "-o", str(target), "--resume"]
        code, _, err = run(*argv, "--lexicon", str(extra))
        assert code == ExitCode.USAGE and "other lexicons" in err and f"{target}:1" in err
        code, _, err = run(*argv)
        assert code == ExitCode.OK and "2 inputs already in" in err


class TestProgressLine:
    def test_progress_shows_total_rate_and_eta(self):
        """With a known total the progress line reads done/total, rate and ETA."""
        progress = cli._Progress(io.StringIO(), enabled=True)
        progress.total = 10
        progress.start -= 2.0
        for _ in range(4):
            progress.step(failed=False)
        line = progress.line(progress.start + 2.0)
        assert line == "audited 4/10 (0 failed) · 2.0/s · ETA 3s"
        progress.total = None
        assert progress.line(progress.start + 2.0) == "audited 4 (0 failed) · 2.0/s"

    def test_messages_end_the_progress_line_first(self):
        """A message after a drawn progress line clears it and starts on a line of its own."""
        stream = io.StringIO()
        progress = cli._Progress(stream, enabled=True)
        progress.last -= 1
        progress.step(failed=True)
        progress.message("x.txt: no such file")
        assert stream.getvalue().endswith("\r\x1b[Kreliability: x.txt: no such file\n")
