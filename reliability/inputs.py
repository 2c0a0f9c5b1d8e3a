"""Reading article texts: files, directories, globs, standard input, JSONL and CSV corpora.

Every input yields either a :class:`TextInput` or an :class:`InputFailure` naming the file (and,
for a record of a JSONL or CSV file, its line number) and what is wrong, so that a batch never
loses an input silently. Everything streams: a directory or glob is listed (names only) and its
files read one at a time; a JSONL or CSV file is read record by record, so memory stays bounded
by the largest single article, whatever the size of the corpus.

How a path is read:

- ``-``: standard input, as one text (or as JSONL/CSV records with ``input_format``); text that
  looks like JSON gets a note suggesting ``--input-format jsonl``;
- a directory: its ``.txt`` files, recursively, sorted by path;
- a path that does not exist but contains ``*``, ``?`` or ``[``: a glob, its matches sorted;
- a file ending in ``.jsonl`` or ``.ndjson``: one JSON object per line, the article in
  ``text_field`` (``text``), its id and title in ``id_field`` and ``title_field`` (optional);
  blank lines are skipped;
- a file ending in ``.csv``: a header row, then one article per record, columns as for JSONL;
- anything else: one plain-text article.

Fields of a record named in ``keep`` travel with it (:attr:`TextInput.kept`, also on a record's
failure) so that every writer can carry them into its output. An ``id_field`` that must be
present (``id_required``) and is missing, empty or not a string or number makes the record a
failure.
"""

from __future__ import annotations

import codecs
import csv
import glob
import io
import json
import sys
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any, BinaryIO, Literal

import attrs

from reliability.errors import InputError

__all__ = [
    "InputFailure",
    "InputOptions",
    "TextInput",
    "count_inputs",
    "decode",
    "iter_inputs",
    "read_text_file",
]

TEXT_SUFFIXES = (".txt",)
"""Files a directory contributes: plain-text article files."""
JSONL_SUFFIXES = (".jsonl", ".ndjson")
"""Files read as JSON Lines corpora."""
CSV_SUFFIXES = (".csv",)
"""Files read as CSV corpora."""

_SNIFF = 8192
_GLOB_CHARS = "*?["

InputFormat = Literal["auto", "text", "jsonl", "csv"]


@attrs.frozen
class TextInput:
    """One article to score.

    Attributes:
        source: Where it came from: a path, ``<stdin>``, or ``file.jsonl:LINE``.
        text: The decoded text.
        id: The record's id (JSONL/CSV inputs), else ``None``.
        title: The record's title, else ``None``.
        kept: The record's fields named in :attr:`InputOptions.keep` (``None`` for a missing
            one), in that order; ``None`` when no field is kept.
        note: A warning about how the input was read (for example, JSON read as text).
    """

    source: str
    text: str
    id: str | None = None
    title: str | None = None
    kept: Mapping[str, Any] | None = None
    note: str | None = None


@attrs.frozen
class InputFailure:
    """An input that could not be read: where, and why.

    The record's id and kept fields come along when they could be read.
    """

    source: str
    reason: str
    id: str | None = None
    kept: Mapping[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        """The error record written in place of a profile."""
        out: dict[str, Any] = {"error": self.reason, "source": self.source}
        if self.id is not None:
            out["id"] = self.id
        if self.kept is not None:
            out["kept"] = dict(self.kept)
        return out


def _names(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(names)


@attrs.frozen
class InputOptions:
    """How records are read from JSONL and CSV inputs.

    Attributes:
        text_field: The field holding the article text.
        id_field: The field holding its id (``None``: no id).
        title_field: The field holding its title (``None``: no title).
        input_format: ``auto`` (by file suffix; standard input is text), or force ``text``,
            ``jsonl`` or ``csv`` for every file and for standard input.
        encoding: The encoding of the inputs.
        keep: Fields of each record to carry into the output.
        id_required: Whether a record without a usable ``id_field`` is a failure (else its id
            is ``None``).
    """

    text_field: str = "text"
    id_field: str | None = "id"
    title_field: str | None = "title"
    input_format: InputFormat = "auto"
    encoding: str = "utf-8"
    keep: tuple[str, ...] = attrs.field(default=(), converter=_names)
    id_required: bool = False


def decode(data: bytes, source: str, encoding: str = "utf-8") -> str:
    """Decode bytes to text, refusing binary data and naming the offending byte offset.

    A UTF-8 byte-order mark is dropped. Raises :class:`InputError`.
    """
    nul = data.find(b"\x00", 0, _SNIFF)
    if nul != -1 and not encoding.lower().replace("-", "").startswith("utf16"):
        raise InputError(
            source,
            f"looks like a binary file (NUL byte at offset {nul}); only text files can be audited",
        )
    encoding = _check_encoding(source, encoding)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            source,
            f"not valid {exc.encoding} at byte offset {exc.start} "
            f"(byte 0x{data[exc.start]:02x}); pass --encoding if the file uses another encoding",
        ) from None


def _check_encoding(source: str, encoding: str) -> str:
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise InputError(source, f"unknown encoding {encoding!r}") from None
    if encoding.lower().replace("-", "").replace("_", "") == "utf8":
        return "utf-8-sig"
    return encoding


def read_text_file(path: str | Path, encoding: str = "utf-8") -> str:
    """Read and decode one text file; raises :class:`InputError` naming the file."""
    source = str(path)
    try:
        data = Path(path).read_bytes()
    except IsADirectoryError:
        raise InputError(source, "is a directory") from None
    except FileNotFoundError:
        raise InputError(source, "no such file") from None
    except OSError as exc:
        raise InputError(source, f"cannot read: {exc.strerror or exc}") from None
    return decode(data, source, encoding)


def _directory_files(directory: Path) -> list[Path]:
    return sorted(
        p for p in directory.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES
    )


def _kind(path: Path, options: InputOptions) -> str:
    """The reader a file goes to: ``--input-format``, else by its suffix."""
    if options.input_format != "auto":
        return options.input_format
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in CSV_SUFFIXES:
        return "csv"
    return "text"


def is_corpus(raw: str, options: InputOptions | None = None) -> bool:
    """Whether a path argument may stand for several articles.

    That is a directory, a glob, a JSONL or CSV file, or standard input read as records.
    """
    options = options or InputOptions()
    if raw == "-":
        return options.input_format in ("jsonl", "csv")
    path = Path(raw)
    if path.is_dir() or (not path.exists() and any(c in raw for c in _GLOB_CHARS)):
        return True
    return _kind(path, options) != "text"


def iter_inputs(
    paths: Iterable[str],
    *,
    encoding: str = "utf-8",
    stdin: BinaryIO | None = None,
    options: InputOptions | None = None,
) -> Iterator[TextInput | InputFailure]:
    """Yield one text or one failure per input, in order (see the module docstring).

    Args:
        paths: Path arguments: files, directories, globs or ``-``.
        encoding: The inputs' encoding (``options.encoding`` wins when options are given).
        stdin: The stream ``-`` reads (default: the process's standard input).
        options: How JSONL and CSV records are read.
    """
    options = options or InputOptions(encoding=encoding)
    for raw in paths:
        if raw == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            kind = options.input_format if options.input_format != "auto" else "text"
            yield from _read_stream(stream, "<stdin>", kind, options)
            continue
        path = Path(raw)
        if path.is_dir():
            files = _directory_files(path)
            if not files:
                yield InputFailure(raw, f"directory has no {'/'.join(TEXT_SUFFIXES)} files")
            for file in files:
                yield from _read_path(file, options)
            continue
        if not path.exists() and any(c in raw for c in _GLOB_CHARS):
            matches = sorted(Path(m) for m in glob.iglob(raw, recursive=True) if Path(m).is_file())
            if not matches:
                yield InputFailure(raw, "no file matches this pattern")
            for file in matches:
                yield from _read_path(file, options)
            continue
        yield from _read_path(path, options)


def _read_path(path: Path, options: InputOptions) -> Iterator[TextInput | InputFailure]:
    kind = _kind(path, options)
    if kind == "text":
        try:
            yield TextInput(str(path), read_text_file(path, options.encoding))
        except InputError as exc:
            yield InputFailure(exc.source, exc.reason)
        return
    try:
        stream = path.open("rb")
    except IsADirectoryError:
        yield InputFailure(str(path), "is a directory")
        return
    except FileNotFoundError:
        yield InputFailure(str(path), "no such file")
        return
    except OSError as exc:
        yield InputFailure(str(path), f"cannot read: {exc.strerror or exc}")
        return
    with stream:
        yield from _read_stream(stream, str(path), kind, options)


def _read_stream(
    stream: IO[bytes], source: str, kind: str, options: InputOptions
) -> Iterator[TextInput | InputFailure]:
    if kind in ("jsonl", "csv"):
        try:
            encoding = _check_encoding(source, options.encoding)
        except InputError as exc:
            yield InputFailure(exc.source, exc.reason)
            return
        reader = _read_jsonl if kind == "jsonl" else _read_csv
        yield from reader(stream, source, encoding, options)
    else:
        try:
            text = decode(stream.read(), source, options.encoding)
        except InputError as exc:
            yield InputFailure(exc.source, exc.reason)
            return
        note = _content_note(text) if options.input_format == "auto" else None
        yield TextInput(source, text, note=note)


def _content_note(text: str) -> str | None:
    """A warning when text read as prose (from standard input) looks like another format."""
    head = text.lstrip()[:1]
    if head not in ("{", "["):
        return None
    first = text.lstrip().split("\n", 1)[0]
    try:
        json.loads(first if head == "{" else text)
    except ValueError:
        return None
    return (
        "looks like JSON but was scored as plain text; pass --input-format jsonl "
        "(one JSON object per line) to score its records"
    )


def _field(record: dict[str, object], name: str | None) -> str | None:
    if name is None:
        return None
    value = record.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        return str(value)
    return None


def _record(
    record: object, where: str, options: InputOptions, fields_word: str = "fields"
) -> TextInput | InputFailure:
    if not isinstance(record, dict):
        return InputFailure(where, f"not a JSON object but {type(record).__name__}")
    kept = {name: record.get(name) for name in options.keep} if options.keep else None
    ident = _field(record, options.id_field)
    text = record.get(options.text_field)
    if not isinstance(text, str):
        if options.text_field not in record:
            known = ", ".join(map(str, record)) or "none"
            return InputFailure(
                where,
                f"no {options.text_field!r} field ({fields_word}: {known}); "
                "pass --text-field to name the text field",
                id=ident,
                kept=kept,
            )
        return InputFailure(
            where,
            f"field {options.text_field!r} is not a string but {type(text).__name__}",
            id=ident,
            kept=kept,
        )
    if options.id_required and options.id_field is not None and ident is None:
        return InputFailure(where, _id_problem(record, options.id_field, fields_word), kept=kept)
    return TextInput(where, text, id=ident, title=_field(record, options.title_field), kept=kept)


def _id_problem(record: dict[str, Any], name: str, fields_word: str) -> str:
    if name not in record:
        known = ", ".join(map(str, record)) or "none"
        return f"no {name!r} id field ({fields_word}: {known}); pass --id-field to name it"
    value = record[name]
    if value is None or value == "":
        return f"the id field {name!r} is empty"
    return f"the id field {name!r} is not a string or number but {type(value).__name__}"


def _read_jsonl(
    stream: IO[bytes], source: str, encoding: str, options: InputOptions
) -> Iterator[TextInput | InputFailure]:
    for number, raw in enumerate(stream, start=1):
        where = f"{source}:{number}"
        try:
            line = raw.decode(encoding if number == 1 else encoding.replace("-sig", ""))
        except UnicodeDecodeError as exc:
            yield InputFailure(where, f"not valid {exc.encoding} at byte {exc.start} of the line")
            continue
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            # json's messages may end in "at" ("Unterminated string starting at").
            message = exc.msg.removesuffix(" at")
            yield InputFailure(where, f"not valid JSON: {message} at column {exc.colno}")
            continue
        yield _record(record, where, options)


def _read_csv(
    stream: IO[bytes], source: str, encoding: str, options: InputOptions
) -> Iterator[TextInput | InputFailure]:
    # Articles are longer than the csv module's default field limit (128 KiB).
    csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))
    text = io.TextIOWrapper(stream, encoding=encoding, newline="")
    try:
        yield from _csv_records(text, source, options)
    finally:
        text.detach()  # the caller owns (and closes) the binary stream


def _csv_records(
    text: io.TextIOWrapper, source: str, options: InputOptions
) -> Iterator[TextInput | InputFailure]:
    reader = csv.DictReader(text)
    line = 1
    try:
        header = reader.fieldnames
        if header is None:
            yield InputFailure(source, "empty CSV file (no header row)")
            return
        if options.text_field not in header:
            yield InputFailure(
                f"{source}:1",
                f"no {options.text_field!r} column (columns: "
                f"{', '.join(header) or 'none'}); pass --text-field to name it",
            )
            return
        line = reader.line_num + 1
        for row in reader:
            where = f"{source}:{line}"
            line = reader.line_num + 1
            extra = row.pop(None, None)
            missing = sum(1 for v in row.values() if v is None)
            if extra or missing:
                cells = len(header) + len(extra or ()) - missing
                yield InputFailure(where, f"{cells} cells for {len(header)} columns")
                continue
            yield _record(dict(row), where, options, fields_word="columns")
    except UnicodeDecodeError as exc:
        yield InputFailure(
            f"{source}:{line}",
            f"not valid {exc.encoding} "
            "(pass --encoding if the file uses another encoding); the rest of the "
            "file is skipped",
        )
    except csv.Error as exc:
        yield InputFailure(
            f"{source}:{line}", f"malformed CSV: {exc}; the rest of the file is skipped"
        )


def count_inputs(paths: Iterable[str], options: InputOptions | None = None) -> int | None:
    """How many inputs :func:`iter_inputs` will yield for ``paths``, or ``None`` if unknown.

    Standard input cannot be counted ahead; a JSONL file counts its non-blank lines and a CSV
    file its records, reading the file once (a failure counts as one input, as it yields one).
    """
    options = options or InputOptions()
    total = 0
    for raw in paths:
        if raw == "-":
            return None
        path = Path(raw)
        if path.is_dir():
            files = _directory_files(path)
        elif not path.exists() and any(c in raw for c in _GLOB_CHARS):
            files = [Path(m) for m in glob.iglob(raw, recursive=True) if Path(m).is_file()]
        else:
            files = [path]
        total += sum(_count_file(file, options) for file in files) if files else 1
    return total


def _count_file(path: Path, options: InputOptions) -> int:
    kind = _kind(path, options)
    try:
        if kind == "jsonl":
            with path.open("rb") as stream:
                return sum(1 for line in stream if line.strip())
        if kind == "csv":
            with path.open(encoding=options.encoding, errors="replace", newline="") as text:
                return max(sum(1 for _ in csv.reader(text)) - 1, 1)
    except (OSError, csv.Error, LookupError):
        return 1
    return 1
