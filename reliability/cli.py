"""The ``reliability`` command: audit, compare, list scorers, inspect and validate lexicons.

The CLI parses arguments and calls the API; it never reimplements it.

``audit`` streams: inputs are read one at a time (files, directories, globs, standard input,
JSONL and CSV records), scored, rendered and written in input order, so memory stays bounded
whatever the size of the corpus. ``--jobs N`` scores and renders in N worker processes
(:mod:`multiprocessing`, an ordered ``imap`` with a chunk size, behind a bounded window of
inputs in flight); the output is byte-identical to ``--jobs 1``. Every input yields a report or
an error record naming the file (and line) and the reason; the exit status is
:attr:`ExitCode.INPUT_ERROR` when any failed. ``--output FILE`` is written to a temporary file
and renamed at the end, so an interrupted run never leaves a half-written report.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from enum import IntEnum
from pathlib import Path
from typing import Any, TextIO

from reliability._version import __version__
from reliability.errors import LexiconError, ReliabilityError
from reliability.inputs import InputFailure, InputOptions, TextInput, is_corpus, iter_inputs
from reliability.lexicon import LexiconSet
from reliability.model import Profile
from reliability.profile import Pipeline
from reliability.report import BATCH_FORMATS, COMPARE_FORMATS, BatchFormat, batch_format
from reliability.report import render_comparison as _render_comparison
from reliability.report.parquet import parquet_output
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


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {number}")
    return number


def _common_options(parser: argparse.ArgumentParser, formats: Iterable[str]) -> None:
    """Options that audit and compare share: format, output, inputs, scorers, colour."""
    parser.add_argument(
        "--format",
        "-f",
        choices=list(formats),
        default="text",
        help="report format (default: text)",
    )
    parser.add_argument(
        "--color",
        choices=["auto", "always", "never"],
        default="auto",
        help="colour in the text format (auto: on a terminal, unless NO_COLOR)",
    )
    parser.add_argument(
        "--output",
        "-o",
        metavar="FILE",
        help="write the report to FILE atomically instead of standard output",
    )
    parser.add_argument(
        "--encoding", default="utf-8", help="encoding of the inputs (default utf-8)"
    )
    parser.add_argument(
        "--input-format",
        choices=["auto", "text", "jsonl", "csv"],
        default="auto",
        help="how to read inputs (auto: .jsonl/.ndjson as JSON "
        "Lines, .csv as CSV, anything else and standard input as plain text)",
    )
    parser.add_argument(
        "--text-field",
        default="text",
        metavar="NAME",
        help="JSONL field / CSV column holding the article text (default: text)",
    )
    parser.add_argument(
        "--id-field",
        default="id",
        metavar="NAME",
        help="JSONL field / CSV column holding the article id (default: id)",
    )
    parser.add_argument(
        "--title-field",
        default="title",
        metavar="NAME",
        help="JSONL field / CSV column holding the title (default: title)",
    )
    parser.add_argument(
        "--scorers", metavar="IDS", help="comma-separated scorer ids to run (default: all)"
    )
    parser.add_argument(
        "--lexicon",
        action="append",
        default=[],
        metavar="PATH",
        help="an extra lexicon file or directory (repeatable); a file replaces a "
        "shipped lexicon with the same id",
    )
    parser.add_argument(
        "--weights",
        metavar="PATH",
        help="a TOML file of index weights laid over the shipped index_weights.toml",
    )


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="reliability",
        description="How well is a news article sourced? Attribution, anonymous sourcing, "
        "hedging, promotional content and readability, with the spans behind every number.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    audit = sub.add_parser(
        "audit",
        help="score articles and write a report",
        description="Score article files, directories of .txt files, globs, "
        "JSONL or CSV corpora, or standard input (-), and write one report per "
        "input, in input order.",
    )
    audit.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="a text file, a directory, a glob ('news/*.txt'), a .jsonl or .csv "
        "corpus, or - for standard input",
    )
    _common_options(audit, BATCH_FORMATS)
    audit.add_argument(
        "--jobs",
        "-j",
        type=_positive_int,
        default=1,
        metavar="N",
        help="score in N worker processes (default 1; 0 is not allowed); the "
        "output is the same as with one",
    )
    audit.add_argument(
        "--chunksize",
        type=_positive_int,
        default=32,
        metavar="N",
        help="inputs handed to a worker at a time with --jobs (default 32)",
    )
    audit.add_argument(
        "--progress",
        choices=["auto", "always", "never"],
        default="auto",
        help="a progress line on standard error (auto: only on a terminal)",
    )

    compare = sub.add_parser(
        "compare",
        help="compare articles side by side",
        description="Score two or more articles and show them side by "
        "side: each indicator, the sources each cites and which they "
        "share, and the differences that matter.",
    )
    compare.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="article files (or a directory, glob, JSONL or CSV corpus)",
    )
    _common_options(compare, COMPARE_FORMATS)

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


def _file_mode(target: Path) -> int:
    """The mode a report file gets: the existing file's, else 0o666 less the umask.

    (The temporary file is created 0o600, which a report should not keep.)
    """
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


@contextmanager
def _output(path: str | None, stdout: TextIO) -> Iterator[TextIO]:
    """Yield the stream to write to.

    A file is written to a temporary name and renamed at the end, so an interrupted run never
    leaves a half-written report.
    """
    if path is None:
        yield stdout
        return
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            yield handle
        os.chmod(tmp, _file_mode(target))
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _pipeline_spec(args: argparse.Namespace) -> dict[str, Any]:
    """The picklable recipe of the pipeline (each worker process builds its own)."""
    scorers = None
    if args.scorers:
        scorers = [s.strip() for s in args.scorers.split(",") if s.strip()]
    return {"scorers": scorers, "lexicons": list(args.lexicon), "index_weights": args.weights}


def _input_options(args: argparse.Namespace) -> InputOptions:
    return InputOptions(
        text_field=args.text_field,
        id_field=args.id_field or None,
        title_field=args.title_field or None,
        input_format=args.input_format,
        encoding=args.encoding,
    )


def _color(args: argparse.Namespace, stdout: TextIO) -> bool:
    return args.color == "always" or (
        args.color == "auto" and args.output is None and use_color(_isatty(stdout))
    )


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


# Per-process state of the audit workers (also used in-process with --jobs 1).
_WORKER: dict[str, Any] = {}


def _init_worker(
    spec: dict[str, Any], fmt: str, array: bool, color: bool, ignore_sigint: bool
) -> None:
    if ignore_sigint:  # the parent handles Ctrl-C and stops the pool
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER["pipeline"] = Pipeline(**spec)
    _WORKER["format"] = batch_format(fmt, array=array)
    _WORKER["color"] = color


def _work(item: TextInput | InputFailure) -> tuple[str, str | None]:
    """Score and render one input: ``(chunk, error message or None)``."""
    fmt: BatchFormat = _WORKER["format"]
    if isinstance(item, InputFailure):
        return fmt.failure(item.source, item.reason), f"{item.source}: {item.reason}"
    try:
        profile = _WORKER["pipeline"].score(item.text, title=item.title, id=item.id)
    except ReliabilityError as exc:
        reason = str(exc)
        return fmt.failure(item.source, reason), f"{item.source}: {reason}"
    except Exception as exc:  # one bad article must not stop a batch
        reason = f"internal error while scoring: {type(exc).__name__}: {exc} (please report this)"
        return fmt.failure(item.source, reason), f"{item.source}: {reason}"
    return fmt.item(profile, text=item.text, source=item.source, color=_WORKER["color"]), None


def _ordered_results(
    items: Iterable[TextInput | InputFailure], jobs: int, chunksize: int, init_args: tuple[Any, ...]
) -> Iterator[tuple[str, str | None]]:
    """Yield results in input order.

    One job runs in this process; more run in a pool of worker processes fed through a bounded
    window, so that a large corpus is never all in memory.
    """
    if jobs == 1:
        spec, fmt, array, color, _ = init_args
        _init_worker(spec, fmt, array, color, ignore_sigint=False)
        for item in items:
            yield _work(item)
        return
    window = threading.BoundedSemaphore(jobs * chunksize * 4)
    stop = threading.Event()

    def feed() -> Iterator[TextInput | InputFailure]:
        for item in items:
            window.acquire()
            if stop.is_set():
                return
            yield item

    pool = _context().Pool(jobs, _init_worker, init_args)
    try:
        for result in pool.imap(_work, feed(), chunksize):
            window.release()
            yield result
        pool.close()
    finally:
        stop.set()
        for _ in range(jobs * chunksize * 4):  # unblock the feeder so the pool can stop
            try:
                window.release()
            except ValueError:
                break
        pool.terminate()
        pool.join()


def _context() -> Any:
    """The multiprocessing context for workers.

    Workers start from a fork server (preloaded with this package and a warmed default pipeline)
    where the platform has one, else by spawning: never by forking this possibly multi-threaded
    process.
    """
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["reliability.cli", "reliability._warm"])
        return ctx
    return multiprocessing.get_context("spawn")


def _start_workers_early(jobs: int) -> None:
    """Start the fork server now, to warm up while this process checks the options.

    The server imports :mod:`reliability._warm` as it starts, in parallel with this process.
    """
    if jobs > 1 and _context().get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


class _Progress:
    """A one-line progress report on standard error, only when it is a terminal."""

    def __init__(self, stream: TextIO, enabled: bool) -> None:
        self.stream, self.enabled = stream, enabled
        self.done = self.failed = 0
        self.start = self.last = time.monotonic()

    def step(self, failed: bool) -> None:
        self.done += 1
        self.failed += failed
        now = time.monotonic()
        if self.enabled and now - self.last >= 0.1:
            self.last = now
            self._draw(now)

    def _draw(self, now: float) -> None:
        rate = self.done / max(now - self.start, 1e-9)
        self.stream.write(f"\r\x1b[Kaudited {self.done} ({self.failed} failed) · {rate:.1f}/s")
        self.stream.flush()

    def finish(self) -> None:
        if self.enabled:
            self._draw(time.monotonic())
            self.stream.write("\n")
            self.stream.flush()


def _audit(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> ExitCode:
    spec = _pipeline_spec(args)
    _start_workers_early(args.jobs)
    Pipeline(**spec)  # fail early, in this process, on an unknown scorer or a bad lexicon/weights
    options = _input_options(args)
    array = args.format == "json" and (len(args.paths) > 1 or is_corpus(args.paths[0], options))
    color = _color(args, stdout)
    fmt = batch_format(args.format, array=array)
    show = args.progress == "always" or (args.progress == "auto" and _isatty(stderr))
    progress = _Progress(stderr, show)
    failed = 0
    sink = parquet_output(args.output) if fmt.name == "parquet" else _output(args.output, stdout)
    with sink as out:
        out.write(fmt.head)
        items = iter_inputs(args.paths, options=options)
        init = (spec, args.format, array, color, True)
        for position, (chunk, error) in enumerate(
            _ordered_results(items, args.jobs, args.chunksize, init)
        ):
            if error is not None:
                failed += 1
                if show:
                    stderr.write("\r\x1b[K")
                stderr.write(f"reliability: {error}\n")
            out.write(fmt.join(chunk, position))
            progress.step(error is not None)
        out.write(fmt.tail)
    progress.finish()
    return ExitCode.INPUT_ERROR if failed else ExitCode.OK


def _compare(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> ExitCode:
    from reliability.compare import compare

    pipeline = Pipeline(**_pipeline_spec(args))
    profiles: list[Profile] = []
    labels: list[str] = []
    failed = 0
    for item in iter_inputs(args.paths, options=_input_options(args)):
        if isinstance(item, InputFailure):
            failed += 1
            stderr.write(f"reliability: {item.source}: {item.reason}\n")
            continue
        try:
            profiles.append(pipeline.score(item.text, title=item.title, id=item.id))
        except ReliabilityError as exc:
            failed += 1
            stderr.write(f"reliability: {item.source}: {exc}\n")
            continue
        labels.append(item.id or item.source)
    if len(profiles) < 2:
        stderr.write(
            f"reliability: compare needs at least two articles; {len(profiles)} could be scored\n"
        )
        return ExitCode.INPUT_ERROR if failed else ExitCode.USAGE
    comparison = compare(profiles, labels)
    with _output(args.output, stdout) as out:
        out.write(_render_comparison(comparison, args.format, color=_color(args, stdout)))
    return ExitCode.INPUT_ERROR if failed else ExitCode.OK


def _scorers(stdout: TextIO) -> ExitCode:
    pipeline = Pipeline()
    for scorer in pipeline.registry:
        doc = (type(scorer).__doc__ or "").strip().splitlines()[0]
        deps = ", ".join(scorer.requires) or "—"
        stdout.write(
            f"{scorer.id:<20} {doc}\n{'':<20} requires: {deps}; lexicons: "
            f"{', '.join(r.id for r in scorer.lexicon_refs()) or '—'}\n"
        )
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
                    stdout.write(
                        f"ok: {path} ({lex.id} {lex.version}, {len(lex.entries)} entries)\n"
                    )
        return ExitCode.LEXICON_ERROR if bad else ExitCode.OK
    lexicons = LexiconSet.default(args.lexicon)
    if args.lexicon_command == "list":
        for lex in lexicons:
            family = f" (extends {lex.extends})" if lex.extends else ""
            stdout.write(
                f"{lex.id:<18} {lex.version:<8} {len(lex.entries):>4} entries  {lex.path}{family}\n"
            )
        return ExitCode.OK
    lex = lexicons[args.id]
    stdout.write(_describe(lex))
    return ExitCode.OK


def _describe(lex: object) -> str:
    from reliability.lexicon import Lexicon

    assert isinstance(lex, Lexicon)
    lines = [
        f"{lex.id} {lex.version} — {lex.description}",
        f"language: {lex.language}; licence: {lex.license}; sha256: {lex.sha256}",
        f"file: {lex.path}",
        "sources:",
    ]
    lines += [f"  - {s.citation}" + (f" <{s.url}>" if s.url else "") for s in lex.sources]
    lines.append(f"entries ({len(lex.entries)}):")
    for e in lex.entries:
        what = e.term if e.term is not None else f"/{e.pattern}/"
        extra = f"  [{e.label}]" if e.label else ""
        lines.append(f"  {e.id:<28} {what}{extra}  weight={e.weight:g}")
    return "\n".join(lines) + "\n"


def main(
    argv: Sequence[str] | None = None, *, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
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
        if args.command == "compare":
            return _compare(args, out, err)
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
