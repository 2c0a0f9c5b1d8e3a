"""Extracting the article of a web page with trafilatura, and accounting for the rest of the page.

Three steps, all offline (trafilatura, lxml and htmldate read only the markup given):

1. **Extraction.** :func:`trafilatura.bare_extraction` finds the article body and the page's
   metadata (title, author, date, site name). The measured text is built from the body's blocks:
   each paragraph, heading, list item and table row becomes one paragraph of the text (blocks are
   joined by a blank line; runs of white space inside a block become one space), so every offset
   of the profile points into the text the profile carries.
2. **Signals.** For each block, the share of its characters inside links and whether it is an
   item of a list of links come from the extractor's output; the class and id tokens of the
   elements around it come from the page itself, found by the block's text. Only elements that
   do not contain the article (or a quarter of its text) count: the article's own container is
   never furniture.
3. **Page furniture.** Every text node of the page's ``<body>`` is put in one category by the
   nearest element around it: ``article`` when that element's text is part of the measured text;
   else the category of the nearest furniture token (``navigation``, ``related``, ``comments``,
   ``calls`` to subscribe, share or donate, ``ads``, ``interface``); else ``links`` for text inside
   a link; else ``other``. The categories' characters sum to the page's text characters.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from typing import Any

import attrs

from reliability.errors import InputError, ReliabilityError
from reliability.html.signals import MarkupBlock
from reliability.lexicon import LexiconSet

__all__ = ["EXTRACTION_OPTIONS", "PAGE_CATEGORIES", "ExtractedPage", "extract_page"]

FAMILY = "page_furniture"

EXTRACTION_OPTIONS: dict[str, Any] = {
    "with_metadata": True,
    "include_links": True,  # links travel with the text as the link-share signal
    "include_comments": False,
    "include_tables": True,
}
"""How trafilatura is asked to extract (its defaults otherwise)."""

PAGE_CATEGORIES: dict[str, str] = {
    "navigation": "navigation",
    "link_out": "related",
    "comments": "comments",
    "subscription": "calls",
    "social": "calls",
    "appeal": "calls",
    "interface": "interface",
    "sponsored": "ads",
}
"""The page-level category of each ``page_furniture`` label."""

CATEGORIES: tuple[str, ...] = (
    "article",
    "navigation",
    "related",
    "comments",
    "calls",
    "ads",
    "interface",
    "links",
    "other",
)
"""Every category of the page's text, in report order."""

_SPACE = re.compile(r"\s+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_TOKEN_SPLIT = re.compile(r"[\W_]+")
_DROP = ("script", "style", "noscript", "template", "svg", "iframe", "object")
_AD_IDS = re.compile(r"\bad\b")
_MAX_PAGE_CHARS = 20_000_000


@attrs.frozen
class ExtractedPage:
    """An extracted article and what the page said of itself.

    Attributes:
        text: The measured text (blocks joined by blank lines).
        markup: Each block of ``text`` with its DOM signals.
        metadata: ``title``, ``author``, ``date``, ``site_name``, ``url``, ``language``
            (``None`` where the page does not say).
        furniture_chars: Characters of the page's text in each category of :data:`CATEGORIES`.
    """

    text: str
    markup: tuple[MarkupBlock, ...]
    metadata: dict[str, str | None]
    furniture_chars: dict[str, int]


def page_sha256(data: bytes | str) -> str:
    """SHA-256 of the page as given (its bytes, or its text encoded as UTF-8)."""
    raw = data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass")
    return hashlib.sha256(raw).hexdigest()


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _check_html_clean() -> None:
    """Fail with a clear message where trafilatura's jusText would fail on import.

    jusText imports ``lxml_html_clean`` (split out of lxml 5.2), which trafilatura 2.3 does not
    declare; the package declares it, and this names it where an environment lacks it.
    """
    from importlib.util import find_spec

    if find_spec("lxml_html_clean") is None:
        raise ReliabilityError(
            "web pages need the lxml_html_clean package (trafilatura's jusText imports it): "
            "pip install lxml_html_clean"
        )


def extract_page(
    html: str, *, source: str, url: str | None = None, lexicons: LexiconSet | None = None
) -> ExtractedPage:
    """Extract the article of a page; raises :class:`InputError` naming ``source``.

    Args:
        html: The decoded markup.
        source: The page's name in error messages.
        url: The page's address, if known (helps the extractor and fills ``metadata["url"]``).
        lexicons: The lexicon set holding the ``page_furniture`` family (default: shipped).
    """
    import lxml.html
    from lxml import etree

    _check_html_clean()
    import trafilatura

    if len(html) > _MAX_PAGE_CHARS:
        raise InputError(source, f"page is larger than {_MAX_PAGE_CHARS:,} characters")
    if not html.strip() or "<" not in html:
        raise InputError(source, "empty page or no HTML markup")
    try:
        tree = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(source, f"cannot parse the HTML: {exc}") from None
    try:
        result = trafilatura.bare_extraction(html, url=url, **EXTRACTION_OPTIONS)
    except (etree.ParserError, ValueError, TypeError) as exc:
        raise InputError(source, f"cannot extract the article: {exc}") from None
    if isinstance(result, dict) or result is None or result.body is None:
        raise InputError(source, "no article text found in the page")
    lex = lexicons if lexicons is not None else LexiconSet.default()
    blocks = list(_blocks(result.body))
    if not any(text for text, *_ in blocks):
        raise InputError(source, "no article text found in the page")
    dom = _Dom(tree, lex)
    dom.locate([text for text, *_ in blocks if text])
    parts: list[str] = []
    markup: list[MarkupBlock] = []
    pos = 0
    for text, tag, link_share, list_links in blocks:
        if not text:
            continue
        if parts:
            parts.append("\n\n")
            pos += 2
        label, rule, token = dom.furniture_of(text)
        markup.append(
            MarkupBlock(pos, pos + len(text), tag, link_share, list_links, label, rule, token)
        )
        parts.append(text)
        pos += len(text)
    measured = "".join(parts)
    metadata: dict[str, str | None] = {
        "title": _clean(result.title),
        "author": _clean(result.author),
        "date": _clean(result.date),
        "site_name": _clean(result.sitename),
        "url": url or _clean(result.url),
        "language": _clean(result.language) or _clean(tree.get("lang")),
    }
    return ExtractedPage(measured, tuple(markup), metadata, dom.furniture_chars(measured))


def _clean(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    value = _norm(value)
    return value or None


# ---- the extractor's body ---------------------------------------------------------------------


def _text(el: Any) -> tuple[str, int]:
    """The normalised text of an element and how many of its characters lie inside links."""
    text = _norm("".join(el.itertext()))
    links = sum(len(_norm("".join(r.itertext()))) for r in el.iter("ref"))
    return text, min(links, len(text))


def _blocks(body: Any) -> Iterator[tuple[str, str, float, bool]]:
    """``(text, tag, link_share, list_links)`` for each block of the extracted body, in order."""
    for el in body:
        yield from _element_blocks(el)


def _share(links: int, chars: int) -> float:
    return links / chars if chars else 0.0


def _element_blocks(el: Any) -> Iterator[tuple[str, str, float, bool]]:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag == "list":
        items = [_text(item) for item in el if item.tag == "item"]
        linked = sum(1 for t, n in items if t and n >= 0.5 * len(t))
        list_links = len(items) >= 2 and linked >= 0.6 * len(items)
        for t, n in items:
            yield t, "item", _share(n, len(t)), list_links
    elif tag == "table":
        for row in el.iter("row"):
            cells = [_text(c) for c in row if c.tag == "cell"]
            t = " ".join(c for c, _ in cells if c)
            yield t, "row", _share(sum(n for _, n in cells), len(t)), False
    elif tag in ("quote", "div") and any(c.tag in ("p", "list", "head") for c in el):
        for child in el:
            yield from _element_blocks(child)
    elif tag in ("p", "head", "quote", "code", "item"):
        t, n = _text(el)
        yield (
            t,
            "head" if tag == "head" else ("quote" if tag == "quote" else "p"),
            _share(n, len(t)),
            False,
        )


# ---- the page's own DOM -----------------------------------------------------------------------


class _Dom:
    """The page's elements by text, the article's container, and furniture tokens."""

    def __init__(self, tree: Any, lexicons: LexiconSet) -> None:
        for el in tree.iter(*_DROP):
            el.drop_tree()
        body = tree.find("body")
        self.body = body if body is not None else tree
        self.matcher = lexicons.matcher(FAMILY)
        self._by_text: dict[str, list[Any]] = {}
        self._text: dict[Any, str] = {}
        for el in self.body.iter():
            if isinstance(el.tag, str):
                key = self._text[el] = _norm(el.text_content())
                if key and len(key) < 20_000:
                    self._by_text.setdefault(key, []).append(el)
        self.root: Any = self.body
        self.around_root: set[Any] = {self.body}
        self._weight: dict[Any, int] = {}
        self._total = 0
        self._labels: dict[Any, tuple[str | None, str | None, str | None]] = {}

    def element(self, text: str) -> Any:
        """The page element holding a block's text: inside the article's container if one is.

        Among several, the deepest (the last in document order) of those inside the container,
        else of all.
        """
        found = self._by_text.get(text)
        if not found:
            return None
        inside = [el for el in found if el is self.root or self.root in el.iterancestors()]
        return (inside or found)[-1]

    def locate(self, texts: list[str]) -> None:
        """Find the article's container: the deepest element holding 60 % of its found text.

        Only blocks whose text occurs once in the page are counted.
        """
        weight: dict[Any, int] = {}
        total = 0
        for t in texts:
            found = self._by_text.get(t, ())
            if len(found) != 1:  # text the page repeats does not say where the article is
                continue
            el = found[0]
            total += len(t)
            for anc in (el, *el.iterancestors()):
                weight[anc] = weight.get(anc, 0) + len(t)
        self._weight, self._total = weight, total
        if total:
            best = self.body
            for el, w in weight.items():
                if w >= 0.6 * total and _depth(el) > _depth(best):
                    best = el
            self.root = best
        self.around_root = {self.root, *self.root.iterancestors()}

    def label_of(self, el: Any) -> tuple[str | None, str | None, str | None]:
        """Label, rule and token of the nearest marked element around ``el``.

        Elements that contain the article are never furniture.
        """
        chain = []
        node = el
        while node is not None and not self._holds_article(node):
            if node in self._labels:
                found = self._labels[node]
                break
            chain.append(node)
            node = node.getparent()
        else:
            found = (None, None, None)
        for node in reversed(chain):
            own = self._own_label(node)
            if own[0] is not None:
                found = own
            self._labels[node] = found
        return found

    def _holds_article(self, el: Any) -> bool:
        """Whether an element contains the article's container or a quarter of its text."""
        return el in self.around_root or self._weight.get(el, 0) >= 0.25 * self._total > 0

    def _own_label(self, el: Any) -> tuple[str | None, str | None, str | None]:
        raw = " ".join(v for v in (el.get("class"), el.get("id")) if v)
        if el.tag in ("nav", "footer", "aside", "form"):
            raw = f"{el.tag} {raw}"
        if not raw:
            return None, None, None
        tokens = " ".join(_TOKEN_SPLIT.split(_CAMEL.sub(" ", raw))).lower().strip()
        for m in self.matcher.finditer(tokens):
            return m.entry.label, m.entry.qualified_id, raw[:80]
        return None, None, None

    def furniture_of(self, text: str) -> tuple[str | None, str | None, str | None]:
        """The furniture label around the page element holding a block of the measured text."""
        el = self.element(text)
        if el is None:
            return None, None, None
        return self.label_of(el)

    def furniture_chars(self, measured: str) -> dict[str, int]:
        """Characters of the page's text by category (see the module docstring)."""
        flat = _norm(measured)
        out = dict.fromkeys(CATEGORIES, 0)
        memo: dict[Any, str] = {}
        for el in self.body.iter():
            if not isinstance(el.tag, str):
                continue
            for piece, holder in ((el.text, el), (el.tail, el.getparent())):
                if not piece or holder is None:
                    continue
                n = len(_norm(piece))
                if n:
                    out[self._category(holder, flat, memo)] += n
        return out

    def _category(self, el: Any, flat: str, memo: dict[Any, str]) -> str:
        if el in memo:
            return memo[el]
        text = self._text.get(el)
        if text is None:
            text = _norm(el.text_content())
        if text and text in flat:
            cat = "article"
        else:
            label = self.label_of(el)[0]
            if label is not None:
                cat = PAGE_CATEGORIES.get(label, "other")
            elif el.tag == "a" or any(a.tag == "a" for a in el.iterancestors()):
                cat = "links"
            else:
                cat = "other"
        memo[el] = cat
        return cat


def _depth(el: Any) -> int:
    return sum(1 for _ in el.iterancestors())
