"""The ``reliability`` command: audit, compare, list scorers, inspect and validate lexicons.

The CLI parses arguments and calls the API; it never reimplements it.

``audit`` streams: inputs are read one at a time (files, directories, globs, standard input,
JSONL and CSV records), scored, rendered and written in input order, so memory stays bounded
whatever the size of the corpus. ``--jobs N`` scores and renders in N worker processes
(:mod:`multiprocessing`, an ordered ``imap`` with a chunk size, behind a bounded window of
inputs in flight); the output is byte-identical to ``--jobs 1`` (``--jobs 0``: one process per
core). Every input yields a report or an error record naming the file (and line) and the reason;
the exit status is :attr:`ExitCode.INPUT_ERROR` when any failed. ``--output FILE`` is written to
a temporary file and renamed when the run ends, so a reader never sees a half-written report: an
interrupted (Ctrl-C, SIGTERM) or failing run still ends its report, keeps every finished record
and says how many were done, and ``--resume`` then skips the inputs a JSONL or CSV report
already holds.
"""

from __future__ import annotations

import argparse
import functools
import json
import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from contextlib import contextmanager
from enum import IntEnum
from pathlib import Path
from typing import Any, NamedTuple, TextIO

from reliability._version import __version__
from reliability.errors import InputError, LexiconError, ReliabilityError
from reliability.inputs import (
    InputFailure,
    InputOptions,
    TextInput,
    count_inputs,
    is_corpus,
    iter_inputs,
)
from reliability.lexicon import LexiconSet
from reliability.model import EVIDENCE_MODES, Profile
from reliability.profile import DEFAULT_MAX_CHARS, Pipeline
from reliability.report import BATCH_FORMATS, COMPARE_FORMATS, BatchFormat, batch_format
from reliability.report import render_comparison as _render_comparison
from reliability.report.json import with_lexicons
from reliability.report.parquet import ParquetSink, parquet_output
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
    """Stopped by Ctrl-C; the output file holds every record finished before."""
    TERMINATED = 143
    """Stopped by SIGTERM; the output file holds every record finished before."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        raise _UsageError(f"{self.prog}: error: {message}")


class _UsageError(Exception):
    pass


class _Terminated(BaseException):
    """SIGTERM arrived: stop like Ctrl-C, keeping the finished records."""


def _whole_number(value: str, minimum: int) -> int:
    try:
        number = int(value.replace("_", "").replace(",", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < minimum:
        raise argparse.ArgumentTypeError(f"must be at least {minimum}, not {number}")
    return number


def _positive_int(value: str) -> int:
    return _whole_number(value, 1)


def _jobs(value: str) -> int:
    """``--jobs``: a number of processes, 0 meaning one per available core."""
    number = _whole_number(value, 0)
    if number == 0:
        try:
            return len(os.sched_getaffinity(0))
        except AttributeError:  # not on every platform
            return os.cpu_count() or 1
    return number


def _max_chars(value: str) -> int | None:
    """``--max-chars``: a number of characters, 0 meaning no limit."""
    number = _whole_number(value, 0)
    return number or None


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
        choices=["auto", "text", "jsonl", "csv", "html"],
        default="auto",
        help="how to read inputs (auto: .jsonl/.ndjson as JSON "
        "Lines, .csv as CSV, .html/.htm as web pages, .warc/.warc.gz as web archives, "
        "anything else and standard input as plain text)",
    )
    parser.add_argument(
        "--html-field",
        metavar="NAME",
        help="JSONL field / CSV column holding a web page's HTML (its article is extracted)",
    )
    parser.add_argument(
        "--text-field",
        default="text",
        metavar="NAME",
        help="JSONL field / CSV column holding the article text (default: text)",
    )
    parser.add_argument(
        "--id-field",
        default=None,
        metavar="NAME",
        help="JSONL field / CSV column holding the article id (default: id, when present); a "
        "record without the field named here is an error record",
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
        description="Score article files, web pages (.html), directories of .txt and "
        ".html files, globs, JSONL or CSV corpora, WARC archives, or standard input (-), "
        "and write one report per input, in input order.",
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
        type=_jobs,
        default=1,
        metavar="N",
        help="score in N worker processes (default 1; 0: one per core); the "
        "output is the same as with one",
    )
    audit.add_argument(
        "--evidence",
        choices=list(EVIDENCE_MODES),
        default="summary",
        help="evidence in json/jsonl records: full (every item, whole texts), summary "
        "(default: long texts shortened, offsets exact, size bounded) or none",
    )
    audit.add_argument(
        "--max-chars",
        type=_max_chars,
        default=DEFAULT_MAX_CHARS,
        metavar="N",
        help=f"longest text to score, in characters (default {DEFAULT_MAX_CHARS:,}; 0: no "
        "limit); a longer one gets an error record",
    )
    audit.add_argument(
        "--keep",
        action="append",
        default=[],
        metavar="FIELDS",
        help="comma-separated JSONL fields / CSV columns to carry into each csv, json, "
        "jsonl or parquet record (repeatable)",
    )
    audit.add_argument(
        "--resume",
        action="store_true",
        help="with --output FILE (jsonl or csv): keep FILE's records and score only the "
        "inputs it does not hold yet",
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
    compare.add_argument(
        "--label",
        action="append",
        default=[],
        metavar="TEXT",
        help="a label for the next article, in input order (repeat once per article; "
        "default: its file name, or its id in a corpus)",
    )

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
def _output(path: str | None, stdout: TextIO, keep: Path | None = None) -> Iterator[TextIO]:
    """Yield the stream to write to, starting with a copy of ``keep`` (a resumed run's file).

    A file is written to a temporary name and renamed at the end, so a reader never sees a
    half-written report (an error escaping the block leaves the old file as it was).
    """
    if path is None:
        yield stdout
        return
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            if keep is not None:
                with keep.open(encoding="utf-8", newline="") as old:
                    shutil.copyfileobj(old, handle)
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
    return {
        "scorers": scorers,
        "lexicons": list(args.lexicon),
        "index_weights": args.weights,
        "max_chars": getattr(args, "max_chars", DEFAULT_MAX_CHARS),
    }


def _kept_fields(args: argparse.Namespace) -> tuple[str, ...]:
    names = [n.strip() for raw in getattr(args, "keep", []) for n in raw.split(",")]
    return tuple(dict.fromkeys(n for n in names if n))


def _input_options(args: argparse.Namespace) -> InputOptions:
    return InputOptions(
        text_field=args.text_field,
        id_field="id" if args.id_field is None else (args.id_field or None),
        title_field=args.title_field or None,
        input_format=args.input_format,
        encoding=args.encoding,
        keep=_kept_fields(args),
        id_required=bool(args.id_field),
        html_field=args.html_field or None,
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
    spec: dict[str, Any], fmt: dict[str, Any], color: bool, ignore_sigint: bool
) -> None:
    if ignore_sigint:  # the parent handles Ctrl-C and stops the pool
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    pipeline = Pipeline(**spec)
    _WORKER["pipeline"] = pipeline
    _WORKER["format"] = _batch_format(fmt, pipeline)
    _WORKER["color"] = color


def _batch_format(fmt: dict[str, Any], pipeline: Pipeline) -> BatchFormat:
    """The batch writer from the format options; a JSONL batch names the lexicons once."""
    return batch_format(
        fmt["name"],
        array=fmt["array"],
        evidence=fmt["evidence"],
        kept=fmt["kept"],
        shared_lexicons=pipeline.lexicon_refs if fmt["name"] == "jsonl" else None,
    )


class _Result(NamedTuple):
    """What scoring one input gives the writer."""

    chunk: str
    error: str | None = None
    note: str | None = None


def _work(item: TextInput | InputFailure) -> _Result:
    """Score and render one input: its chunk, and its error or note for standard error."""
    fmt: BatchFormat = _WORKER["format"]
    if isinstance(item, InputFailure):
        return _Result(
            fmt.failure(item.source, item.reason, id=item.id, kept=item.kept),
            f"{item.source}: {item.reason}",
        )
    try:
        profile = _score_input(_WORKER["pipeline"], item)
    except ReliabilityError as exc:
        reason = exc.reason if isinstance(exc, InputError) else str(exc)
    except Exception as exc:  # one bad article must not stop a batch
        reason = f"internal error while scoring: {type(exc).__name__}: {exc} (please report this)"
    else:
        text = profile.document.text if profile.document.text is not None else item.text
        chunk = fmt.item(
            profile, text=text, source=item.source, color=_WORKER["color"], kept=item.kept
        )
        return _Result(chunk, None, None if item.note is None else f"{item.source}: {item.note}")
    failure = fmt.failure(item.source, reason, id=item.id, kept=item.kept)
    return _Result(failure, f"{item.source}: {reason}")


def _score_input(pipeline: Pipeline, item: TextInput) -> Profile:
    """Score a text, or extract and score a web page."""
    if item.html is None:
        return pipeline.score(item.text, title=item.title, id=item.id)
    from reliability.html import score_html

    return score_html(
        item.html,
        item.url,
        id=item.id,
        title=item.title,
        source=item.source,
        encoding=item.content_type,
        pipeline=pipeline,
    )


def _ordered_results(
    items: Iterable[TextInput | InputFailure], jobs: int, chunksize: int, init_args: tuple[Any, ...]
) -> Generator[_Result, None, None]:
    """Yield results in input order.

    One job runs in this process; more run in a pool of worker processes fed through a bounded
    window, so that a large corpus is never all in memory.
    """
    if jobs == 1:
        spec, fmt, color, _ = init_args
        _init_worker(spec, fmt, color, ignore_sigint=False)
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
    """A one-line progress report on standard error (when enabled): done/total, rate, ETA.

    Every other message goes through :meth:`message`, which ends the progress line first.
    ``total`` may arrive later (it is counted in a background thread) or never (standard
    input).
    """

    def __init__(self, stream: TextIO, enabled: bool) -> None:
        self.stream, self.enabled = stream, enabled
        self.done = self.failed = 0
        self.total: int | None = None
        self.skipped = 0  # inputs a resumed run does not score again
        self.counter: threading.Thread | None = None  # counts the total in the background
        self.start = self.last = time.monotonic()
        self.drawn = False

    def step(self, failed: bool) -> None:
        self.done += 1
        self.failed += failed
        now = time.monotonic()
        if self.enabled and now - self.last >= 0.1:
            self.last = now
            self._draw(now)

    def line(self, now: float) -> str:
        """The progress line's text."""
        rate = self.done / max(now - self.start, 1e-9)
        done = f"{self.done:,}" if self.total is None else f"{self.done:,}/{self.total:,}"
        text = f"audited {done} ({self.failed:,} failed) · {rate:.1f}/s"
        if self.total is not None and rate > 0 and self.done <= self.total:
            text += f" · ETA {_duration((self.total - self.done) / rate)}"
        return text

    def _draw(self, now: float) -> None:
        self.stream.write(f"\r\x1b[K{self.line(now)}")
        self.stream.flush()
        self.drawn = True

    def message(self, text: str) -> None:
        """Write a message on a line of its own."""
        if self.drawn:
            self.stream.write("\r\x1b[K")
            self.drawn = False
        self.stream.write(f"reliability: {text}\n")
        self.stream.flush()

    def finish(self) -> None:
        if self.enabled:
            self._draw(time.monotonic())
            self.stream.write("\n")
            self.stream.flush()
            self.drawn = False


def _duration(seconds: float) -> str:
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds}s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m{seconds:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"


def _count_in_background(progress: _Progress, paths: list[str], options: InputOptions) -> None:
    def count() -> None:
        total = count_inputs(paths, options)
        if total is not None:
            progress.total = max(total - progress.skipped, 0)

    progress.counter = threading.Thread(target=count, name="count-inputs", daemon=True)
    progress.counter.start()


class _Stopper:
    """Ctrl-C and SIGTERM stop a batch between records, never in the middle of writing one.

    While a record is written, a signal is held and raised as soon as the record is complete;
    otherwise (scoring, reading) it is raised at once. Installed only in the main thread.
    """

    def __init__(self) -> None:
        self.writing = False
        self.pending: type[BaseException] | None = None

    def _handle(self, signum: int, frame: object) -> None:
        stop = KeyboardInterrupt if signum == signal.SIGINT else _Terminated
        if self.writing:
            self.pending = stop
        else:
            raise stop

    @contextmanager
    def installed(self) -> Iterator[_Stopper]:
        if threading.current_thread() is not threading.main_thread():
            yield self
            return
        signals = (signal.SIGINT, signal.SIGTERM)
        previous = {sig: signal.signal(sig, self._handle) for sig in signals}
        try:
            yield self
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def write(
        self, out: TextIO | ParquetSink, chunk: str, written: Callable[[], None] | None = None
    ) -> None:
        """Write one record whole and count it, then raise a signal that arrived meanwhile.

        ``written`` (the progress count) runs inside the protected part, so a record in the
        output is always a record counted as done, and the "stopped after N" line agrees with it.
        """
        self.writing = True
        try:
            out.write(chunk)
            if written is not None:
                written()
        finally:
            self.writing = False
        if self.pending is not None:
            raise self.pending


class _Resumed(NamedTuple):
    """What a resumed run keeps of its output file."""

    keep: Path | None = None
    sources: frozenset[str] = frozenset()
    lexicons_named: bool = False


def _resumed(args: argparse.Namespace, head: str, pipeline: Pipeline) -> _Resumed:
    """With ``--resume``: the output file to keep, and the sources its records hold.

    The file is read as a stream, however large. Raises :class:`ReliabilityError` (a usage
    error) when the file cannot be resumed into.
    """
    if not args.resume:
        return _Resumed()
    if args.output is None or args.format not in ("jsonl", "csv"):
        raise ReliabilityError("--resume needs --output FILE and --format jsonl or csv")
    target = Path(args.output)
    try:
        with target.open("rb") as raw:
            if raw.seek(0, os.SEEK_END) == 0:
                return _Resumed()
            raw.seek(-1, os.SEEK_END)
            complete = raw.read(1) == b"\n"
        with target.open(encoding="utf-8", newline="") as handle:
            complete = complete and handle.read(len(head)) == head
            if not complete:
                raise ReliabilityError(
                    f"{target}: cannot resume: it is not a complete {args.format} report with "
                    "these columns; write to a new file"
                )
            if args.format == "csv":
                import csv

                sources = frozenset(row[0] for row in csv.reader(handle) if row)
                return _Resumed(target, sources)
            return _jsonl_resumed(target, handle, pipeline)
    except FileNotFoundError:
        return _Resumed()
    except (OSError, UnicodeDecodeError) as exc:
        raise ReliabilityError(f"{target}: cannot resume: {exc}") from None


def _jsonl_resumed(target: Path, lines: Iterable[str], pipeline: Pipeline) -> _Resumed:
    lexicons = [ref.to_dict() for ref in pipeline.lexicon_refs]
    sources, named = set(), False
    for number, line in enumerate(lines, start=1):
        try:
            data = json.loads(line)
            sources.add(str(data["source"]))
        except (ValueError, KeyError, TypeError):
            raise ReliabilityError(
                f"{target}:{number}: cannot resume: not a record naming its source"
            ) from None
        if "lexicons" in data:
            if data["lexicons"] != lexicons:
                raise ReliabilityError(
                    f"{target}:{number}: cannot resume: made with other lexicons; "
                    "write to a new file"
                )
            named = True
    return _Resumed(target, frozenset(sources), named)


def _audit(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> ExitCode:
    spec = _pipeline_spec(args)
    _start_workers_early(args.jobs)
    pipeline = Pipeline(**spec)  # fail early, here, on an unknown scorer or bad lexicons/weights
    options = _input_options(args)
    array = args.format == "json" and (len(args.paths) > 1 or is_corpus(args.paths[0], options))
    color = _color(args, stdout)
    fmt_options = {
        "name": args.format,
        "array": array,
        "evidence": args.evidence,
        "kept": options.keep,
    }
    try:
        fmt = _batch_format(fmt_options, pipeline)
    except ValueError as exc:  # kept fields named like CSV columns
        raise ReliabilityError(f"--keep: {exc}") from None
    resumed = _resumed(args, fmt.head, pipeline)
    skip, named = resumed.sources, resumed.lexicons_named
    show = args.progress == "always" or (args.progress == "auto" and _isatty(stderr))
    progress = _Progress(stderr, show)
    progress.skipped = len(skip)
    _count_in_background(progress, list(args.paths), options)
    failed = 0
    stopped: BaseException | None = None
    sink = (
        parquet_output(args.output)
        if fmt.name == "parquet"
        else _output(args.output, stdout, resumed.keep)
    )
    with _Stopper().installed() as stopper, sink as out:
        if resumed.keep is None:
            out.write(fmt.head)
        items = (i for i in iter_inputs(args.paths, options=options) if i.source not in skip)
        init = (spec, fmt_options, color, True)
        results = _ordered_results(items, args.jobs, args.chunksize, init)
        try:
            for position, result in enumerate(results):
                if result.error is not None:
                    failed += 1
                    progress.message(result.error)
                if result.note is not None:
                    progress.message(result.note)
                chunk = result.chunk
                if fmt.name == "jsonl" and result.error is None and not named:
                    chunk, named = with_lexicons(chunk, pipeline.lexicon_refs), True
                counted = functools.partial(progress.step, result.error is not None)
                stopper.write(out, fmt.join(chunk, position), counted)
        except BrokenPipeError:  # the reader went away: nothing more to write
            raise
        except (KeyboardInterrupt, _Terminated, Exception) as exc:  # keep the finished records
            stopped = exc
        finally:
            results.close()
        out.write(fmt.tail)
    progress.finish()
    if stopped is None:
        if skip:
            progress.message(f"{len(skip):,} inputs already in {args.output} were skipped")
        return ExitCode.INPUT_ERROR if failed else ExitCode.OK
    return _stopped(args, progress, stopped)


def _stopped(args: argparse.Namespace, progress: _Progress, stopped: BaseException) -> ExitCode:
    """Say how far an interrupted or failing run got, and return its status."""
    if progress.counter is not None:
        progress.counter.join(timeout=2)  # the total, unless counting takes long
    what = {KeyboardInterrupt: "interrupted", _Terminated: "terminated"}.get(
        type(stopped), f"stopped by an internal error: {type(stopped).__name__}: {stopped}"
    )
    total = f" of {progress.total:,}" if progress.total is not None else ""
    kept_note = f"; they are in {args.output}" if args.output else ""
    resume = " (add --resume to go on)" if args.output and args.format in ("jsonl", "csv") else ""
    progress.message(f"{what} after {progress.done:,}{total} inputs{kept_note}{resume}")
    if isinstance(stopped, KeyboardInterrupt):
        return ExitCode.INTERRUPTED
    if isinstance(stopped, _Terminated):
        return ExitCode.TERMINATED
    return ExitCode.INTERNAL_ERROR


def _compare(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> ExitCode:
    from reliability.compare import compare, short_labels

    pipeline = Pipeline(**_pipeline_spec(args))
    profiles: list[Profile] = []
    labels: list[str] = []
    texts: list[str] = []
    failed = 0
    for item in iter_inputs(args.paths, options=_input_options(args)):
        if isinstance(item, InputFailure):
            failed += 1
            stderr.write(f"reliability: {item.source}: {item.reason}\n")
            continue
        try:
            profiles.append(_score_input(pipeline, item))
        except ReliabilityError as exc:
            failed += 1
            stderr.write(f"reliability: {item.source}: {exc}\n")
            continue
        labels.append(item.id or item.source)
        texts.append(item.text)
    if len(profiles) < 2:
        stderr.write(
            f"reliability: compare needs at least two articles; {len(profiles)} could be scored\n"
        )
        return ExitCode.INPUT_ERROR if failed else ExitCode.USAGE
    if args.label and len(args.label) != len(profiles):
        stderr.write(
            f"reliability: compare got {len(args.label)} --label for {len(profiles)} articles; "
            "give one per article, in input order\n"
        )
        return ExitCode.USAGE
    comparison = compare(profiles, args.label or short_labels(labels), lexicons=pipeline.lexicons)
    with _output(args.output, stdout) as out:
        out.write(
            _render_comparison(comparison, args.format, color=_color(args, stdout), texts=texts)
        )
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
    except Exception as exc:
        err.write(
            f"reliability: internal error: {type(exc).__name__}: {exc} (please report this)\n"
        )
        return ExitCode.INTERNAL_ERROR


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
