"""The command line, called through main(argv) and once as the installed command."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

import reliability
from reliability.cli import ExitCode, main
from reliability.schema import profile_schema

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
EXAMPLE = EXAMPLES / "fictional_well_sourced.txt"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


class TestAudit:
    def test_json_is_exactly_the_api_profile(self):
        """`audit FILE --format json` prints reliability.score(text).to_dict() for that file."""
        code, out, _ = run("audit", str(EXAMPLE), "--format", "json")
        assert code == ExitCode.OK
        expected = reliability.score(EXAMPLE.read_text("utf-8")).to_dict()
        assert json.loads(out) == expected
        jsonschema.validate(json.loads(out), profile_schema())

    def test_jsonl_one_object_per_input_in_order(self, tmp_path):
        """jsonl writes one profile per input, in input order."""
        a, b = tmp_path / "a.txt", tmp_path / "b.txt"
        a.write_text("First article. It is short.", "utf-8")
        b.write_text("Second one here.", "utf-8")
        code, out, _ = run("audit", str(b), str(a), "--format", "jsonl")
        assert code == ExitCode.OK
        lines = [json.loads(x) for x in out.splitlines()]
        assert [x["document"]["chars"] for x in lines] == [16, 27]

    def test_text_report_shows_scores_and_formula(self):
        """The text report names the file, each scorer, its formula and inputs."""
        code, out, _ = run("audit", str(EXAMPLE), "--color", "never")
        assert code == ExitCode.OK
        assert str(EXAMPLE) in out and "readability" in out and "formula:" in out
        assert "\x1b[" not in out

    def test_color_always_and_no_color(self, monkeypatch):
        """--color always uses ANSI codes; auto on a non-terminal does not."""
        assert "\x1b[" in run("audit", str(EXAMPLE), "--color", "always")[1]
        monkeypatch.setenv("NO_COLOR", "1")
        assert "\x1b[" not in run("audit", str(EXAMPLE))[1]

    def test_bad_inputs_give_error_records_and_exit_code(self, tmp_path):
        """Binary, badly encoded and missing files each yield an error record; good ones a profile."""
        binary = tmp_path / "image.txt"
        binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
        latin = tmp_path / "latin.txt"
        latin.write_bytes("Café au lait.".encode("latin-1"))
        code, out, err = run("audit", str(binary), str(EXAMPLE), str(latin),
                             str(tmp_path / "missing.txt"), "--format", "jsonl")
        assert code == ExitCode.INPUT_ERROR
        records = [json.loads(x) for x in out.splitlines()]
        assert len(records) == 4
        assert "binary" in records[0]["error"] and records[0]["source"] == str(binary)
        assert "schema_version" in records[1]
        assert "byte offset 3" in records[2]["error"]
        assert "no such file" in records[3]["error"]
        assert str(latin) in err

    def test_encoding_option(self, tmp_path):
        """--encoding decodes a non-UTF-8 file."""
        latin = tmp_path / "latin.txt"
        latin.write_bytes("Café au lait.".encode("latin-1"))
        code, out, _ = run("audit", str(latin), "--encoding", "latin-1", "--format", "json")
        assert code == ExitCode.OK
        assert json.loads(out)["document"]["chars"] == 13

    def test_empty_text_gives_none_with_reasons(self, tmp_path):
        """An empty file gives a profile whose values are None, each with a reason."""
        empty = tmp_path / "empty.txt"
        empty.write_text("", "utf-8")
        code, out, _ = run("audit", str(empty), "--format", "json")
        assert code == ExitCode.OK
        scores = json.loads(out)["scores"]
        assert scores and all(s["value"] is None and s["reason"] for s in scores.values())

    def test_stdin(self, monkeypatch):
        """'-' reads the article from standard input."""
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(EXAMPLE.read_bytes())))
        code, out, _ = run("audit", "-", "--format", "json")
        assert code == ExitCode.OK
        assert json.loads(out)["document"]["sha256"] == reliability.score(
            EXAMPLE.read_text("utf-8")).document.sha256

    def test_directory_and_json_array(self):
        """A directory contributes its .txt files; several inputs in json form an array."""
        code, out, _ = run("audit", str(EXAMPLES), "--format", "json")
        assert code == ExitCode.OK
        data = json.loads(out)
        assert len(data) == len(list(EXAMPLES.glob("*.txt")))

    def test_output_file_written_atomically(self, tmp_path):
        """--output writes the report to the file and leaves no temporary file behind."""
        target = tmp_path / "report.json"
        code, out, _ = run("audit", str(EXAMPLE), "--format", "json", "--output", str(target))
        assert code == ExitCode.OK and out == ""
        assert json.loads(target.read_text("utf-8"))["schema_version"] == 1
        assert [p.name for p in tmp_path.iterdir()] == ["report.json"]

    def test_scorer_selection_and_unknown_scorer(self):
        """--scorers limits the run; an unknown id is a usage error listing the known ids."""
        code, out, _ = run("audit", str(EXAMPLE), "--scorers", "readability", "--format", "json")
        assert code == ExitCode.OK and list(json.loads(out)["scores"]) == ["readability"]
        code, _, err = run("audit", str(EXAMPLE), "--scorers", "nope")
        assert code == ExitCode.USAGE
        assert "unknown scorer 'nope'" in err and "readability" in err


class TestOtherCommands:
    def test_version(self, capsys):
        """--version prints the library version."""
        assert main(["--version"]) == ExitCode.OK
        assert reliability.__version__ in capsys.readouterr().out

    def test_usage_error(self):
        """A missing argument is a usage error with a message, not a traceback."""
        code, _, err = run("audit")
        assert code == ExitCode.USAGE and "required" in err

    def test_scorers_lists_ids(self):
        """`scorers` lists every registered scorer id."""
        code, out, _ = run("scorers")
        assert code == ExitCode.OK
        for sid in reliability.default_registry().ids():
            assert sid in out

    def test_lexicons_list_show_validate(self, tmp_path):
        """`lexicons list`, `show` and `validate` work; an invalid file gives exit code 3."""
        code, out, _ = run("lexicons", "list")
        assert code == ExitCode.OK and "abbreviations" in out
        code, out, _ = run("lexicons", "show", "abbreviations")
        assert code == ExitCode.OK and "sources:" in out and "mr." in out
        bad = tmp_path / "bad.toml"
        bad.write_text('id = "x"\n', "utf-8")
        code, _, err = run("lexicons", "validate", str(bad))
        assert code == ExitCode.LEXICON_ERROR and "bad.toml" in err
        code, out, _ = run("lexicons", "show", "nope")
        assert code == ExitCode.LEXICON_ERROR

    def test_bad_user_lexicon_is_reported(self, tmp_path):
        """A broken --lexicon file stops the audit with a lexicon error naming the file."""
        bad = tmp_path / "mine.toml"
        bad.write_text("id = 'x'\n[[entries]]\nterm = ''\n", "utf-8")
        code, _, err = run("audit", str(EXAMPLE), "--lexicon", str(bad))
        assert code == ExitCode.LEXICON_ERROR and "mine.toml" in err


def test_installed_command_end_to_end():
    """The installed `reliability` console script audits a bundled example."""
    beside = Path(sys.executable).parent / "reliability"
    exe = str(beside) if beside.is_file() else shutil.which("reliability")
    if exe is None:
        pytest.fail("the `reliability` command is not installed in this environment")
    proc = subprocess.run([exe, "audit", str(EXAMPLE), "--format", "json"], capture_output=True,
                          text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    jsonschema.validate(json.loads(proc.stdout), profile_schema())
