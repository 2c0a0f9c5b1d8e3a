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
    @pytest.mark.parametrize("mode", ["full", "summary", "none"])
    def test_json_is_exactly_the_api_profile(self, mode):
        """`audit FILE --format json --evidence MODE` prints the file's source, then
        reliability.score(text).to_dict(evidence=MODE); summary is the default."""
        argv = ["audit", str(EXAMPLE), "--format", "json", "--evidence", mode]
        code, out, _ = run(*argv)
        assert code == ExitCode.OK
        expected = reliability.score(EXAMPLE.read_text("utf-8")).to_dict(evidence=mode)
        assert json.loads(out) == {"source": str(EXAMPLE), **expected}
        jsonschema.validate(json.loads(out), profile_schema())
        if mode == "summary":
            assert run(*argv[:-2])[1] == out

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
        code, out, err = run(
            "audit",
            str(binary),
            str(EXAMPLE),
            str(latin),
            str(tmp_path / "missing.txt"),
            "--format",
            "jsonl",
        )
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
        assert (
            json.loads(out)["document"]["sha256"]
            == reliability.score(EXAMPLE.read_text("utf-8")).document.sha256
        )

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


class TestAuditFormats:
    @pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json", "jsonl", "csv"])
    def test_every_format_shows_the_index(self, fmt):
        """Each format writes the report of one article, with the combined index."""
        code, out, _ = run("audit", str(EXAMPLE), "--format", fmt, "--color", "never")
        assert code == ExitCode.OK and out
        if fmt in ("json", "jsonl"):
            assert "components" in json.loads(out)["index"]
        elif fmt == "csv":
            assert out.splitlines()[0].startswith("source,id,title,error")
            assert len(out.splitlines()) == 2
        else:
            assert "ourcing index" in out

    def test_html_is_one_page(self, tmp_path):
        """--format html --output writes one self-contained page holding the article text."""
        target = tmp_path / "report.html"
        code, _, _ = run("audit", str(EXAMPLE), "-f", "html", "-o", str(target))
        page = target.read_text("utf-8")
        assert code == ExitCode.OK and page.startswith("<!DOCTYPE html>")
        assert "Content-Security-Policy" in page and "<script src" not in page

    def test_weights_option(self, tmp_path):
        """--weights lays a user file over the shipped weights; it is named in the index."""
        weights = tmp_path / "w.toml"
        weights.write_text("[components.promotional]\nweight = 0\n", "utf-8")
        code, out, _ = run("audit", str(EXAMPLE), "-f", "json", "--weights", str(weights))
        assert code == ExitCode.OK
        index = json.loads(out)["index"]
        assert index["weights"] == str(weights)
        assert {c["id"]: c["weight"] for c in index["components"]}["promotional"] == 0

    def test_bad_weights_is_a_usage_error(self, tmp_path):
        """A broken weights file stops the run with a message naming the file."""
        weights = tmp_path / "w.toml"
        weights.write_text("[components.nope]\nweight = 1\n", "utf-8")
        code, _, err = run("audit", str(EXAMPLE), "--weights", str(weights))
        assert code == ExitCode.USAGE and "w.toml" in err and "unknown component" in err

    def test_jobs_zero_means_every_core_and_negative_is_refused(self, monkeypatch):
        """--jobs 0 runs one worker per available core; --jobs -1 is a usage error."""
        from reliability import cli

        seen = []
        real = cli._ordered_results

        def spy(items, jobs, *rest):  # type: ignore[no-untyped-def]
            seen.append(jobs)
            return real(items, 1, *rest)

        monkeypatch.setattr(cli, "_ordered_results", spy)
        monkeypatch.setattr(cli.os, "sched_getaffinity", lambda _: {0, 1, 2}, raising=False)
        code, out, _ = run("audit", str(EXAMPLE), "--jobs", "0", "-f", "jsonl")
        assert code == ExitCode.OK and seen == [3] and json.loads(out)["source"] == str(EXAMPLE)
        code, _, err = run("audit", str(EXAMPLE), "--jobs", "-1")
        assert code == ExitCode.USAGE and "at least 0" in err


class TestCompare:
    def test_two_outlets_side_by_side(self):
        """`compare A B` shows both articles, the indicators and the sources."""
        a, b = EXAMPLES / "fictional_two_outlets_a.txt", EXAMPLES / "fictional_two_outlets_b.txt"
        code, out, _ = run("compare", str(a), str(b), "--color", "never")
        assert code == ExitCode.OK
        assert str(a) in out and str(b) in out
        assert "Indicators" in out and "Shared sources" in out

    @pytest.mark.parametrize("fmt", ["markdown", "html", "json", "jsonl", "csv"])
    def test_formats(self, fmt, tmp_path):
        """compare writes every format, atomically to --output."""
        target = tmp_path / f"cmp.{fmt}"
        code, _, _ = run(
            "compare",
            str(EXAMPLES / "fictional_two_outlets_a.txt"),
            str(EXAMPLES / "fictional_two_outlets_b.txt"),
            "-f",
            fmt,
            "-o",
            str(target),
        )
        assert code == ExitCode.OK and target.read_text("utf-8")
        if fmt == "json":
            assert len(json.loads(target.read_text("utf-8"))["articles"]) == 2

    def test_needs_two_articles(self, tmp_path):
        """compare with one readable article fails and says why; the unreadable one is named."""
        code, _, err = run("compare", str(EXAMPLE), str(tmp_path / "missing.txt"))
        assert code == ExitCode.INPUT_ERROR
        assert "missing.txt: no such file" in err and "at least two" in err

    def test_seed_articles(self, seed_texts, shared_dir):
        """The two seed articles compare, with their gold measures among the indicators."""
        paths = [str(shared_dir / name) for name in seed_texts]
        code, out, _ = run("compare", *paths, "-f", "json")
        assert code == ExitCode.OK
        ids = {i["id"] for i in json.loads(out)["indicators"]}
        assert {"promotional_share", "unspecified_attributions", "anonymous_share"} <= ids


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
    proc = subprocess.run(
        [exe, "audit", str(EXAMPLE), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    jsonschema.validate(json.loads(proc.stdout), profile_schema())


def test_worker_warm_up_builds_the_default_pipeline_parts():
    """The fork server's warm-up module leaves the shipped lexicon set compiled, its shared
    scan built and syllables loaded, for workers to inherit."""
    code = (
        "import reliability._warm\n"
        "from reliability.lexicon import LexiconSet\n"
        "from reliability.scorers.readability import _hyphenation, count_syllables\n"
        "s = LexiconSet.default()\n"
        "assert {'hedging', 'promotional', 'boosters'} <= set(s._matchers), s._matchers\n"
        "assert s.scanner._compiled is not None\n"
        "assert _hyphenation.cache_info().currsize == 1\n"
        "assert count_syllables.cache_info().currsize > 0\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
