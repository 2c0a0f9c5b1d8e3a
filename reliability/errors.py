"""The exception hierarchy: every error names what it concerns and carries it as attributes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = [
    "DataFileError",
    "InputError",
    "LexiconError",
    "ReliabilityError",
    "SchemaError",
    "TextTooLongError",
    "UnknownScorerError",
]


class ReliabilityError(Exception):
    """Base class of every error this library raises on purpose."""


class DataFileError(ReliabilityError):
    """A configuration or data file (index weights, reference statistics) cannot be used.

    Attributes:
        path: The file.
        reason: What is wrong.
    """

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")

    @classmethod
    def read(
        cls,
        path: str | Path,
        parse: Callable[[str], Any],
        parse_errors: tuple[type[Exception], ...],
    ) -> Any:
        """Read and parse a UTF-8 file, raising this error class naming the file on failure."""
        try:
            return parse(Path(path).read_text("utf-8"))
        except FileNotFoundError:
            raise cls(str(path), "no such file") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise cls(str(path), f"cannot read: {exc}") from None
        except parse_errors as exc:
            raise cls(str(path), f"cannot read: {exc}") from None


class LexiconError(ReliabilityError):
    """A lexicon file is missing, unreadable or invalid.

    Attributes:
        path: The lexicon file.
        entry: The entry index, or ``None`` when the header is at fault.
        field: The field at fault, or ``None``.
        reason: What is wrong, in plain words.
    """

    def __init__(
        self, path: str, reason: str, *, entry: int | None = None, field: str | None = None
    ) -> None:
        self.path = path
        self.entry = entry
        self.field = field
        self.reason = reason
        where = path
        if entry is not None:
            where += f": entries[{entry}]"
        if field is not None:
            where += f" {field}" if entry is not None else f": {field}"
        super().__init__(f"{where}: {reason}")


class InputError(ReliabilityError):
    """An input text or record cannot be read.

    Attributes:
        source: The file name, ``<stdin>`` or a record label such as ``corpus.jsonl:12``.
        reason: What is wrong, in plain words.
    """

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")


class TextTooLongError(InputError):
    """A text is longer than the size limit a pipeline scores.

    Attributes:
        source: The text's id, or ``<text>``.
        chars: The text's length in characters (code points).
        limit: The limit it exceeds.
    """

    def __init__(self, source: str, chars: int, limit: int) -> None:
        self.chars = chars
        self.limit = limit
        super().__init__(
            source,
            f"the text has {chars:,} characters, over the limit of {limit:,} "
            "(raise it with --max-chars or Pipeline(max_chars=...))",
        )


class UnknownScorerError(ReliabilityError, KeyError):
    """A scorer id is not in the registry; the message lists the known ids.

    Attributes:
        scorer_id: The id asked for.
        known: The ids the registry holds.
    """

    def __init__(self, scorer_id: str, known: list[str]) -> None:
        self.scorer_id = scorer_id
        self.known = known
        super().__init__(scorer_id)

    def __str__(self) -> str:
        """Name the unknown id and list the known ones."""
        return f"unknown scorer {self.scorer_id!r}; known scorers: {', '.join(self.known)}"


class SchemaError(ReliabilityError):
    """A profile dictionary does not follow the profile JSON contract.

    Attributes:
        where: A JSON-pointer-like path to the offending value.
        reason: What is wrong.
    """

    def __init__(self, where: str, reason: str) -> None:
        self.where = where
        self.reason = reason
        super().__init__(f"{where}: {reason}")
