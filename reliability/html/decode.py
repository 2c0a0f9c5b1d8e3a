"""Decoding a web page's bytes: byte-order mark, then the page's own declaration, then detection.

The order follows the HTML standard's encoding sniffing, simplified: a byte-order mark wins; then
a ``<meta charset>`` or ``<meta http-equiv="Content-Type" content="…; charset=…">`` in the first
4 KiB (or a caller's transport declaration, such as a WARC record's ``Content-Type`` header, which
comes first); then strict UTF-8; then the best guess of ``charset-normalizer`` among the web's
common legacy encodings. The result says which of these decided, so a profile can show how its
text was read.
"""

from __future__ import annotations

import codecs
import re

import attrs

from reliability.errors import InputError

__all__ = ["DecodedPage", "decode_html"]

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_PRESCAN = 4096
_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE
)
_LEGACY = (
    "cp1252",
    "cp1251",
    "cp1250",
    "iso8859_2",
    "iso8859_7",
    "iso8859_9",
    "koi8_r",
    "shift_jis",
    "euc_jp",
    "gb18030",
    "big5",
    "euc_kr",
    "cp1256",
    "cp1255",
    "tis_620",
)
"""The legacy encodings an undeclared, non-UTF-8 page is guessed among (the web's common ones)."""
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]+)", re.IGNORECASE)


@attrs.frozen
class DecodedPage:
    """A page's text and how its encoding was decided.

    Attributes:
        html: The decoded markup.
        encoding: The codec used (Python's name for it).
        encoding_source: ``bom``, ``declared`` (transport header), ``meta``, ``utf-8`` (valid
            UTF-8 with no declaration), ``detected`` or ``text`` (the caller gave a string).
    """

    html: str
    encoding: str
    encoding_source: str


def _codec(name: str) -> str | None:
    try:
        return codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None


def decode_html(data: bytes | str, source: str, declared: str | None = None) -> DecodedPage:
    """Decode a page; raises :class:`InputError` naming ``source`` when it is not text.

    Args:
        data: The page's bytes (or its text, returned as given).
        source: The page's name in error messages.
        declared: A transport-level ``Content-Type`` (for example from a WARC record), if any.
    """
    if isinstance(data, str):
        return DecodedPage(data, "utf-8", "text")
    for bom, name in _BOMS:
        if data.startswith(bom):
            return DecodedPage(_decode(data[len(bom) :], name, source), name, "bom")
    head = data[:_PRESCAN]
    if b"\x00" in head:
        raise InputError(source, "looks like a binary file (NUL byte), not an HTML page")
    candidates: list[tuple[str, str]] = []
    if declared:
        found = _HEADER_CHARSET.search(declared)
        if found and (codec := _codec(found.group(1))):
            candidates.append((codec, "declared"))
    meta = _META_CHARSET.search(head)
    if meta and (codec := _codec(meta.group(1).decode("ascii", "replace"))):
        candidates.append((codec, "meta"))
    for declared_codec, how in candidates:
        # A page that declares UTF-16 in ASCII-compatible bytes (no BOM) is not UTF-16.
        codec = "utf-8" if declared_codec.startswith("utf-16") else declared_codec
        try:
            return DecodedPage(data.decode(codec), codec, how)
        except UnicodeDecodeError:
            continue
    try:
        return DecodedPage(data.decode("utf-8"), "utf-8", "utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(_LEGACY)).best()
    if best is None:
        raise InputError(source, "cannot tell the page's encoding; pass --encoding")
    return DecodedPage(str(best), _codec(best.encoding) or best.encoding, "detected")


def _decode(data: bytes, codec: str, source: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise InputError(
            source, f"not valid {exc.encoding} after its byte-order mark, at byte {exc.start}"
        ) from None
