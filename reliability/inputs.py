"""Reading article texts for the CLI: files, directories and standard input.

Every input yields either a :class:`TextInput` or an :class:`InputFailure` naming the file or
record and what is wrong, so that a batch never loses an input silently.
"""

from __future__ import annotations

import codecs
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

import attrs

from reliability.errors import InputError

__all__ = ["InputFailure", "TextInput", "decode", "iter_inputs", "read_text_file"]

TEXT_SUFFIXES = (".txt",)
"""Files a directory contributes: plain-text article files."""

_SNIFF = 8192


@attrs.frozen
class TextInput:
    """One article to score.

    Attributes:
        source: Where it came from: a path, ``<stdin>``, or ``file.jsonl:LINE``.
        text: The decoded text.
        id: The record's id (JSONL/CSV inputs), else ``None``.
        title: The record's title, else ``None``.
    """

    source: str
    text: str
    id: str | None = None
    title: str | None = None


@attrs.frozen
class InputFailure:
    """An input that could not be read: where, and why."""

    source: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        """The error record written in place of a profile."""
        return {"error": self.reason, "source": self.source}


def decode(data: bytes, source: str, encoding: str = "utf-8") -> str:
    """Decode bytes to text, refusing binary data and naming the offending byte offset.

    A UTF-8 byte-order mark is dropped. Raises :class:`InputError`.
    """
    nul = data.find(b"\x00", 0, _SNIFF)
    if nul != -1 and not encoding.lower().replace("-", "").startswith("utf16"):
        raise InputError(source, f"looks like a binary file (NUL byte at offset {nul}); "
                                 "only text files can be audited")
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise InputError(source, f"unknown encoding {encoding!r}") from None
    if encoding.lower().replace("-", "").replace("_", "") == "utf8":
        encoding = "utf-8-sig"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            source,
            f"not valid {exc.encoding} at byte offset {exc.start} "
            f"(byte 0x{data[exc.start]:02x}); pass --encoding if the file uses another encoding",
        ) from None


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
    return sorted(p for p in directory.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES)


def iter_inputs(
    paths: Iterable[str], *, encoding: str = "utf-8", stdin: BinaryIO | None = None
) -> Iterator[TextInput | InputFailure]:
    """Yield one text or one failure per input, in order.

    ``-`` reads standard input; a directory contributes its ``.txt`` files,
    recursively, sorted by path.
    """
    for raw in paths:
        if raw == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            try:
                yield TextInput("<stdin>", decode(stream.read(), "<stdin>", encoding))
            except InputError as exc:
                yield InputFailure(exc.source, exc.reason)
            continue
        path = Path(raw)
        if path.is_dir():
            files = _directory_files(path)
            if not files:
                yield InputFailure(raw, f"directory has no {'/'.join(TEXT_SUFFIXES)} files")
            for file in files:
                yield _read(file, encoding)
            continue
        yield _read(path, encoding)


def _read(path: Path, encoding: str) -> TextInput | InputFailure:
    try:
        return TextInput(str(path), read_text_file(path, encoding))
    except InputError as exc:
        return InputFailure(exc.source, exc.reason)
