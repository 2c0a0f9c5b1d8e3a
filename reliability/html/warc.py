"""Reading web archives: every HTML response of a WARC file, named by its target URI.

Records are read with warcio (streaming, gzip per record or not): a ``response`` record whose
HTTP ``Content-Type`` is HTML (``text/html`` or ``application/xhtml+xml``) yields one page, its
decoded HTTP body, named ``file.warc.gz:URI``; other records (requests, metadata, images,
scripts, redirects) are skipped. An archive that cannot be read yields one failure naming the
file and the record it reached.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO

from reliability.inputs import InputFailure, TextInput

__all__ = ["HTML_TYPES", "read_warc"]

HTML_TYPES = ("text/html", "application/xhtml+xml")
"""Content types read as web pages."""


def read_warc(stream: IO[bytes], source: str) -> Iterator[TextInput | InputFailure]:
    """Yield one page per HTML response record of a WARC stream, or a failure naming the file."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    number = 0
    pages = 0
    try:
        for record in ArchiveIterator(stream):
            number += 1
            if record.rec_type != "response" or record.http_headers is None:
                continue
            content_type = record.http_headers.get_header("Content-Type") or ""
            if content_type.split(";")[0].strip().lower() not in HTML_TYPES:
                continue
            status = record.http_headers.get_statuscode() or ""
            if not status.startswith("2"):
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI") or f"record {number}"
            body = record.content_stream().read()
            pages += 1
            yield TextInput(f"{source}:{uri}", "", html=body, url=uri, content_type=content_type)
    except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:
        yield InputFailure(source, f"not a readable WARC file at record {number + 1}: {exc}")
        return
    if pages == 0:
        yield InputFailure(source, "WARC file holds no HTML response records")
