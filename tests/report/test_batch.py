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
        calls = 0
        real = cli._work

        def flaky(item):  # type: ignore[no-untyped-def]
            nonlocal calls
            calls += 1
            if calls == 3:
                raise stop
            return real(item)

        monkeypatch.setattr(cli, "_work", flaky)
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
        time.sleep(4)
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
