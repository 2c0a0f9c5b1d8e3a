"""The ``reliability`` command: audit articles, list scorers, inspect and validate lexicons.

The CLI parses arguments and calls the API; it never reimplements it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from enum import IntEnum
from pathlib import Path
from typing import TextIO

from reliability._version import __version__
from reliability.errors import LexiconError, ReliabilityError
from reliability.inputs import InputFailure, TextInput, iter_inputs
from reliability.lexicon import LexiconSet, load_lexicon
from reliability.profile import Pipeline
from reliability.report import FORMATS, render
from reliability.report.text import use_color

__all__ = ["ExitCode", "main"]


class ExitCode(IntEnum):
    """Exit statuses of the ``reliability`` command."""

    OK = 0
    """Every input was scored (or every lexicon is valid)."""
    INPUT_ERROR = 1
    """At least one input could not be read or scored; its error record is in the output."""
    USAGE = 2
    """The command line is wrong."""
    LEXICON_ERROR = 3
    """A lexicon file is invalid."""
    INTERNAL_ERROR = 70
    """A bug in this library: please report it."""
    INTERRUPTED = 130
    """Stopped by Ctrl-C; no partial output file is left behind."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        raise _UsageError(f"{self.prog}: error: {message}")


class _UsageError(Exception):
    pass


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="reliability",
        description="How well is a news article sourced? Attribution, anonymous sourcing, "
        "hedging, promotional content and readability, with the spans behind every number.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    audit = sub.add_parser("audit", help="score articles and write a report",
                           description="Score article files, directories of .txt files, or "
                           "standard input (-), and write one report per input in input order.")
    audit.add_argument("paths", nargs="+", metavar="PATH", help="a text file, a directory, or -")
    audit.add_argument("--format", "-f", choices=sorted(FORMATS), default="text",
                       help="report format (default: text)")
    audit.add_argument("--output", "-o", metavar="FILE",
                       help="write the report to FILE atomically instead of standard output")
    audit.add_argument("--encoding", default="utf-8", help="encoding of the inputs (default utf-8)")
    audit.add_argument("--scorers", metavar="IDS",
                       help="comma-separated scorer ids to run (default: all)")
    audit.add_argument("--lexicon", action="append", default=[], metavar="PATH",
                       help="an extra lexicon file or directory (repeatable); a file replaces a "
                       "shipped lexicon with the same id")
    audit.add_argument("--color", choices=["auto", "always", "never"], default="auto",
                       help="colour in the text format (auto: on a terminal, unless NO_COLOR)")

    sub.add_parser("scorers", help="list the available scorers")

    lex = sub.add_parser("lexicons", help="list, show or validate lexicons")
    lex_sub = lex.add_subparsers(dest="lexicon_command", required=True, parser_class=_Parser)
    lex_list = lex_sub.add_parser("list", help="list the lexicons in use")
    lex_list.add_argument("--lexicon", action="append", default=[], metavar="PATH")
    lex_show = lex_sub.add_parser("show", help="show one lexicon's header and entries")
    lex_show.add_argument("id", help="lexicon id (see 'reliability lexicons list')")
    lex_show.add_argument("--lexicon", action="append", default=[], metavar="PATH")
    lex_validate = lex_sub.add_parser("validate", help="validate lexicon files or directories")
    lex_validate.add_argument("paths", nargs="+", metavar="PATH")
    return parser


@contextmanager
def _output(path: str | None, stdout: TextIO) -> Iterator[TextIO]:
    """Yield the stream to write to; a file is written to a temporary name and renamed at the
    end, so an interrupted run never leaves a half-written report."""
    if path is None:
        yield stdout
        return
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            yield handle
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _audit(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> ExitCode:
    scorers = None
    if args.scorers:
        scorers = [s.strip() for s in args.scorers.split(",") if s.strip()]
    pipeline = Pipeline(scorers=scorers, lexicons=args.lexicon)
    color = args.color == "always" or (
        args.color == "auto" and args.output is None and use_color(stdout.isatty())
    )
    failed = 0
    records = 0
    with _output(args.output, stdout) as out:
        array = args.format == "json" and (len(args.paths) > 1 or Path(args.paths[0]).is_dir())
        if array:
            out.write("[\n")
        for item in iter_inputs(args.paths, encoding=args.encoding):
            if isinstance(item, TextInput):
                result = _score(pipeline, item)
            else:
                result = item
            if isinstance(result, InputFailure):
                failed += 1
                stderr.write(f"reliability: {result.source}: {result.reason}\n")
                chunk = _render_failure(result, args.format)
            else:
                chunk = render(result, args.format, source=item.source, color=color)
            if array:
                chunk = ("" if records == 0 else ",\n") + chunk.rstrip("\n")
            elif args.format == "text" and records:
                chunk = "\n" + chunk
            out.write(chunk)
            records += 1
        if array:
            out.write("\n]\n")
    return ExitCode.INPUT_ERROR if failed else ExitCode.OK


def _score(pipeline: Pipeline, item: TextInput) -> object:
    try:
        return pipeline.score(item.text, title=item.title, id=item.id)
    except ReliabilityError as exc:
        return InputFailure(item.source, str(exc))
    except Exception as exc:  # one bad article must not stop a batch
        return InputFailure(item.source, f"internal error while scoring: {type(exc).__name__}: "
                            f"{exc} (please report this)")


def _render_failure(failure: InputFailure, fmt: str) -> str:
    if fmt in ("json", "jsonl"):
        indent = 2 if fmt == "json" else None
        return json.dumps(failure.to_dict(), ensure_ascii=False, indent=indent) + "\n"
    return f"{failure.source}\n  ERROR: {failure.reason}\n"


def _scorers(stdout: TextIO) -> ExitCode:
    pipeline = Pipeline()
    for scorer in pipeline.registry:
        doc = (type(scorer).__doc__ or "").strip().splitlines()[0]
        deps = ", ".join(scorer.requires) or "—"
        stdout.write(f"{scorer.id:<20} {doc}\n{'':<20} requires: {deps}; lexicons: "
                     f"{', '.join(r.id for r in scorer.lexicon_refs()) or '—'}\n")
    return ExitCode.OK


def _lexicons(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> ExitCode:
    if args.lexicon_command == "validate":
        bad = 0
        from reliability.lexicon import load_lexicons

        for raw in args.paths:
            paths = sorted(Path(raw).glob("*.toml")) if Path(raw).is_dir() else [Path(raw)]
            for path in paths:
                try:
                    lex = load_lexicons([path])[0]
                except LexiconError as exc:
                    bad += 1
                    stderr.write(f"invalid: {exc}\n")
                else:
                    stdout.write(f"ok: {path} ({lex.id} {lex.version}, {len(lex.entries)} entries)\n")
        return ExitCode.LEXICON_ERROR if bad else ExitCode.OK
    lexicons = LexiconSet.default(args.lexicon)
    if args.lexicon_command == "list":
        for lex in lexicons:
            family = f" (extends {lex.extends})" if lex.extends else ""
            stdout.write(f"{lex.id:<18} {lex.version:<8} {len(lex.entries):>4} entries  "
                         f"{lex.path}{family}\n")
        return ExitCode.OK
    lex = lexicons[args.id]
    stdout.write(_describe(lex))
    return ExitCode.OK


def _describe(lex: object) -> str:
    from reliability.lexicon import Lexicon

    assert isinstance(lex, Lexicon)
    lines = [f"{lex.id} {lex.version} — {lex.description}",
             f"language: {lex.language}; licence: {lex.license}; sha256: {lex.sha256}",
             f"file: {lex.path}", "sources:"]
    lines += [f"  - {s.citation}" + (f" <{s.url}>" if s.url else "") for s in lex.sources]
    lines.append(f"entries ({len(lex.entries)}):")
    for e in lex.entries:
        what = e.term if e.term is not None else f"/{e.pattern}/"
        extra = f"  [{e.label}]" if e.label else ""
        lines.append(f"  {e.id:<28} {what}{extra}  weight={e.weight:g}")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None, *, stdout: TextIO | None = None,
         stderr: TextIO | None = None) -> int:
    """Run the command line and return its exit status (see :class:`ExitCode`)."""
    out: TextIO = stdout if stdout is not None else sys.stdout
    err: TextIO = stderr if stderr is not None else sys.stderr
    try:
        try:
            args = _parser().parse_args(argv)
        except _UsageError as exc:
            err.write(f"{exc}\n")
            return ExitCode.USAGE
        except SystemExit as exc:  # --help and --version
            return int(exc.code or 0)
        if args.command == "audit":
            return _audit(args, out, err)
        if args.command == "scorers":
            return _scorers(out)
        return _lexicons(args, out, err)
    except LexiconError as exc:
        err.write(f"reliability: lexicon error: {exc}\n")
        return ExitCode.LEXICON_ERROR
    except ReliabilityError as exc:
        err.write(f"reliability: {exc}\n")
        return ExitCode.USAGE
    except KeyboardInterrupt:
        err.write("reliability: interrupted\n")
        return ExitCode.INTERRUPTED
    except BrokenPipeError:
        return ExitCode.OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
