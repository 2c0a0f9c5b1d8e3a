"""Web pages in: the article of a page, its metadata, and the furniture around it.

:func:`score_html` decodes a page (byte-order mark, then the page's declaration, then detection),
extracts its article with trafilatura (offline: only the markup given is read), builds the
measured text block by block with each block's DOM signals (:mod:`reliability.html.signals`),
scores it like any text, and records in the profile the measured text (``document.text``), the
page's SHA-256, its metadata and the share of its text that is article, navigation, related
links, comments, calls to subscribe, share or donate, ads and interface (``document.page``), and
the byline (``document.byline``).

Example:
    >>> import reliability
    >>> page = (
    ...     "<html><head><title>Bridge to reopen</title></head><body><article>"
    ...     "<h1>Bridge to reopen</h1><p>The mayor said the bridge would reopen on Monday after "
    ...     "six weeks of repairs, according to a statement from the city.</p>"
    ...     "<p>Engineers told reporters the cost had doubled since the spring.</p>"
    ...     "</article></body></html>"
    ... )
    >>> profile = reliability.score_html(page, url="https://example.org/bridge")
    >>> profile.document.page.title
    'Bridge to reopen'
    >>> profile.document.text.splitlines()[0]
    'Bridge to reopen'
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Literal

import attrs

from reliability.html.signals import MarkupBlock, PageDocument
from reliability.lexicon import LexiconSet
from reliability.model import Byline, PageInfo, Profile, Span

if TYPE_CHECKING:
    from reliability.profile import Pipeline

__all__ = [
    "MarkupBlock",
    "PageDocument",
    "find_byline",
    "page_byline",
    "page_document",
    "score_html",
]

_CREDIT_REACH = 80
"""How far into one of the first two paragraphs a byline or wire credit may begin."""


def _extractor() -> str:
    try:
        return f"trafilatura {version('trafilatura')}"
    except PackageNotFoundError:  # pragma: no cover - trafilatura is a dependency
        return "trafilatura"


def page_document(
    html: bytes | str,
    *,
    url: str | None = None,
    source: str = "<html>",
    id: str | None = None,
    title: str | None = None,
    encoding: str | None = None,
    pipeline: Pipeline | None = None,
) -> tuple[PageDocument, PageInfo]:
    """Decode and extract a page into the Document to score and what the page said of itself.

    Raises :class:`~reliability.errors.InputError` naming ``source`` for an empty, binary or
    unreadable page, or one with no article text.

    Args:
        html: The page's bytes, or its markup as a string.
        url: Its address, if known.
        source: Its name in error messages.
        id: An identifier carried into the profile.
        title: A title that overrides the page's own.
        encoding: A transport-level ``Content-Type`` or charset (a WARC header), if any.
        pipeline: The :class:`~reliability.profile.Pipeline` whose lexicons and abbreviations
            to use (default: the shipped ones).
    """
    from reliability.html.decode import decode_html
    from reliability.html.extract import extract_page, page_sha256

    pipe = pipeline if pipeline is not None else _default_pipeline()
    decoded = decode_html(html, source, encoding)
    page = extract_page(decoded.html, source=source, url=url, lexicons=pipe.lexicons)
    meta = page.metadata
    base = pipe.document(page.text, title=title or meta["title"], id=id)
    document = PageDocument(
        base.text, base.title, base.id, base.paragraphs, base.sentences, base.quotations,
        markup=page.markup,
    )  # fmt: skip
    info = PageInfo(
        sha256=page_sha256(html),
        url=meta["url"],
        title=meta["title"],
        author=meta["author"],
        date=meta["date"],
        site_name=meta["site_name"],
        language=meta["language"],
        encoding=decoded.encoding,
        encoding_source=decoded.encoding_source,
        extractor=_extractor(),
        furniture_chars=page.furniture_chars,
    )
    return document, info


def find_byline(
    text: str, paragraphs: tuple[tuple[int, int], ...], lexicons: LexiconSet
) -> Byline | None:
    """A wire credit or "By …" line near the start of one of the first two paragraphs.

    The ``bylines`` lexicon's entries are matched; the first match that begins within
    ``_CREDIT_REACH`` characters of its paragraph's start wins.
    """
    if "bylines" not in lexicons:
        return None
    matcher = lexicons.matcher("bylines")
    for start, end in paragraphs[:2]:
        for m in matcher.finditer(text, start, min(end, start + _CREDIT_REACH + 200)):
            if m.start - start > _CREDIT_REACH:
                break
            label = m.entry.label
            name = text[m.start : m.end].strip("() ")
            if label == "named":
                name = name[3:].strip()
            kind: Literal["named", "wire"] = "wire" if label == "wire" else "named"
            return Byline(name, kind, "text", Span.of(text, m.start, m.end), m.entry.qualified_id)
    return None


def page_byline(document: PageDocument, info: PageInfo, lexicons: LexiconSet) -> Byline | None:
    """Who a page's article is credited to.

    A wire credit in its text, else its author metadata, else a "By …" line near its start.
    """
    byline: Byline | None = None
    if info.author:
        byline = Byline(info.author, "named", "metadata")
    credit = find_byline(document.text, document.paragraphs, lexicons)
    if credit is not None and (byline is None or credit.kind == "wire"):
        byline = credit
    return byline


def score_html(
    html: bytes | str,
    url: str | None = None,
    *,
    id: str | None = None,
    title: str | None = None,
    source: str = "<html>",
    encoding: str | None = None,
    pipeline: Pipeline | None = None,
) -> Profile:
    """Score one web page: extract its article, score it, and record the page in the profile.

    Args:
        html: The page's bytes (decoded by BOM, meta charset or detection) or its markup.
        url: The page's address, if known; recorded in ``document.page.url``.
        id: An identifier carried into the profile.
        title: A title that overrides the page's own.
        source: The page's name in error messages.
        encoding: A transport-level ``Content-Type`` or charset, if any.
        pipeline: A :class:`~reliability.profile.Pipeline` to score with (default: all
            built-in scorers and the shipped lexicons).

    Returns:
        The profile; ``document.text`` is the measured text every offset indexes into,
        ``document.page`` the page's metadata and furniture, ``document.byline`` its credit.

    Raises:
        InputError: The page is empty, binary or unreadable, or holds no article text.
    """
    pipe = pipeline if pipeline is not None else _default_pipeline()
    document, info = page_document(
        html, url=url, source=source, id=id, title=title, encoding=encoding, pipeline=pipe
    )
    profile = pipe.score_document(document)
    byline = page_byline(document, info, pipe.lexicons)
    doc_info = attrs.evolve(profile.document, text=document.text, page=info, byline=byline)
    lexicons = profile.lexicons
    if byline is not None and byline.rule is not None and "bylines" in pipe.lexicons:
        refs = {ref.id: ref for ref in (*lexicons, pipe.lexicons["bylines"].ref)}
        lexicons = tuple(refs[k] for k in sorted(refs))
    return attrs.evolve(profile, document=doc_info, lexicons=lexicons)


_PIPELINE: list[Pipeline] = []


def _default_pipeline() -> Pipeline:
    from reliability.profile import Pipeline  # the scorers import this package's signals

    if not _PIPELINE:
        _PIPELINE.append(Pipeline())
    return _PIPELINE[0]
