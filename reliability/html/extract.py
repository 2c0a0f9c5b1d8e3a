"""Extracting the article of a web page with trafilatura, and accounting for the rest of the page.

Four steps, all offline (trafilatura, lxml and htmldate read only the markup given):

1. **Extraction.** :func:`trafilatura.bare_extraction` finds the article body and the page's
   metadata (title, author, date, site name). The measured text is built from the body's blocks:
   each paragraph, heading, list item and table row becomes one paragraph of the text (blocks are
   joined by a blank line; runs of white space inside a block become one space), so every offset
   of the profile points into the text the profile carries.
2. **Finding each block in the page.** The page's text nodes are read once, in document order,
   as one string of their non-white-space characters; each block is found in it by its own
   (from where the previous block ended, so repeated text is found in order), and its element is
   the lowest block-level element holding every text node it covers. The article's container is
   the deepest element holding 60 % of the text of the blocks the page does not repeat.
3. **Signals and decision.** For each block: the share of its characters inside links to other
   pages (not anchors on the page), whether it is an item of a list of links, whether it lies in
   the article's container, in a teaser card (one of a run of repeated short siblings led by a
   headline link) or under a heading naming related content, and the furniture token of the
   nearest element around it (``page_furniture`` entries; an element that contains the article,
   or a quarter of its text, is never furniture). The ``page_furniture`` decision table
   (:mod:`reliability.html.rules`) turns these into the block's furniture label and rule, which
   the promotional scorer reads.
4. **Page furniture.** Every text node of the page's ``<body>`` is put in one category: a node a
   block covers is ``article``, or the category of that block's furniture label; any other node
   takes the category of the nearest furniture token around it (``navigation``, ``related``,
   ``comments``, ``calls`` to subscribe, share or donate, ``ads``, ``interface``), else ``links``
   inside a link, else ``other``. The categories' non-white-space characters sum to the page's.

The title and author are trafilatura's unless the page declares others (``og:title``,
``twitter:title``, JSON-LD ``headline`` and ``author``, ``<title>``, ``<meta name="author">``,
Dublin Core, author markup outside comments) and none of them agrees with trafilatura's value;
then the first declared value is taken.
"""

from __future__ import annotations

import hashlib
import json
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from typing import Any

import attrs

from reliability.errors import InputError, ReliabilityError
from reliability.html.rules import TOKEN, FurnitureTable, Signals
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
_TITLE_METAS = ("og:title", "twitter:title")
_AUTHOR_METAS = ("author", "article:author", "og:article:author", "dc.creator", "dcterms.creator")
_AUTHOR_CHARS = 80
"""How long the text of author markup may be to name the author."""
_JSON_LD_NODES = 500
"""How many JSON-LD values are looked at, at most (a page's structured data is small)."""
_KEY = re.compile(r"[\W_]+")
_HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
_INLINE = frozenset(
    ("a", "span", "b", "strong", "em", "i", "u", "small", "font", "time", "abbr", "cite", "q",
     "sup", "sub", "mark", "s", "del", "ins", "code", "label", "bdi", "bdo")
)  # fmt: skip
"""Elements that are part of a block, not blocks: a block's element is their nearest block."""
_PROBE = 40
"""How many of a block's first and last characters find it where the extractor changed it."""
_CARD_TAGS = frozenset(("li", "article", "div", "section", "dd", "figure"))
_CARD_CHARS = 800
"""How long (non-white-space characters) a teaser card may be."""
_CARD_RUN = 3
"""How many repeated, linked siblings (the card among them) make a run of teaser cards."""
_CARD_REACH = 6
"""How many elements up from a block a teaser card is looked for."""
_HEADLINE_WORDS = 3
"""How many words a card's link needs to be a headline."""
_HEADING_WORDS = 6
"""How long a heading naming related content ("More from BBC News") may be."""
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
    blocks = [b for b in _blocks(result.body) if b.text]
    if not blocks:
        # The extractor's body holds bare text and no block element (a page whose <body> is
        # one line of text): that text is the article's one paragraph.
        text, links = _text(result.body)
        blocks = [_Block(text, "p", links)] if text else []
    if not blocks:
        raise InputError(source, "no article text found in the page")
    head = _head_metadata(tree)
    dom = _Dom(tree, lex)
    markup = dom.read(blocks)
    parts: list[str] = []
    for b in blocks:
        if parts:
            parts.append("\n\n")
        parts.append(b.text)
    measured = "".join(parts)
    metadata: dict[str, str | None] = {
        "title": _declared(_clean(result.title), head["titles"]),
        "author": _declared(_clean(result.author), head["authors"] + dom.author_markup()),
        "date": _clean(result.date),
        "site_name": _clean(result.sitename),
        "url": url or _clean(result.url),
        "language": _clean(result.language) or _clean(tree.get("lang")),
    }
    return ExtractedPage(measured, markup, metadata, dom.furniture_chars())


def _head_metadata(tree: Any) -> dict[str, list[str]]:
    """The titles and authors the page declares of itself, read before scripts are dropped.

    ``titles``: ``og:title``, ``twitter:title``, schema.org JSON-LD ``headline``, ``<title>``.
    ``authors``: JSON-LD ``author`` names, ``<meta name="author">``, ``article:author`` (unless
    a URL) and Dublin Core ``creator``.
    """
    titles: list[str] = []
    authors: list[str] = []
    metas: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or "").strip().lower()
        content = _clean(meta.get("content"))
        if key and content and key not in metas:
            metas[key] = content
    titles += [metas[k] for k in _TITLE_METAS if k in metas]
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() == "application/ld+json" and script.text:
            _json_ld(script.text, titles, authors)
    title = tree.find(".//title")
    if title is not None and _clean(title.text_content()):
        titles.append(_norm(title.text_content()))
    authors += [metas[k] for k in _AUTHOR_METAS if k in metas and not metas[k].startswith("http")]
    return {"titles": titles, "authors": authors}


def _json_ld(raw: str, titles: list[str], authors: list[str]) -> None:
    """Headlines and author names of the schema.org objects in a JSON-LD script."""
    try:
        data = json.loads(raw)
    except ValueError:
        return
    stack = [data]
    seen = 0
    while stack and seen < _JSON_LD_NODES:
        node = stack.pop()
        seen += 1
        if isinstance(node, list):
            stack.extend(reversed(node))
            continue
        if not isinstance(node, dict):
            continue
        headline = node.get("headline")
        if isinstance(headline, str) and _clean(headline):
            titles.append(_norm(headline))
        author = node.get("author")
        for a in author if isinstance(author, list) else [author]:
            name = a.get("name") if isinstance(a, dict) else a
            if isinstance(name, str) and _clean(name) and not name.startswith("http"):
                authors.append(_norm(name))
        stack.extend(v for k, v in node.items() if k == "@graph")


def _agrees(a: str, b: str) -> bool:
    """Whether one value holds the other, compared by their letters and digits."""
    ka, kb = _KEY.sub("", a.lower()), _KEY.sub("", b.lower())
    return bool(ka) and bool(kb) and (ka in kb or kb in ka)


def _declared(found: str | None, declared: list[str]) -> str | None:
    """The extractor's value, unless the page declares others and none agrees with it.

    Where the page's declarations (its metadata, then its author markup) all disagree with the
    extractor's value, or the extractor found none, the first declared value is taken.
    """
    if not declared or (found and any(_agrees(found, d) for d in declared)):
        return found
    return declared[0]


def _clean(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    value = _norm(value)
    return value or None


# ---- the extractor's body ---------------------------------------------------------------------


@attrs.frozen
class _Block:
    """One block of the extractor's body: its text, element kind and list."""

    text: str
    tag: str
    links: int  # characters inside the extractor's links (used when the page lacks the block)
    list_id: int | None = None  # blocks of one list share it


def _text(el: Any) -> tuple[str, int]:
    """The normalised text of an element and how many of its characters lie inside links."""
    text = _norm("".join(el.itertext()))
    links = sum(len(_norm("".join(r.itertext()))) for r in el.iter("ref"))
    return text, min(links, len(text))


def _blocks(body: Any) -> Iterator[_Block]:
    """Each block of the extracted body, in order."""
    for el in body:
        yield from _element_blocks(el)


def _element_blocks(el: Any) -> Iterator[_Block]:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag == "list":
        for item in el:
            if item.tag == "item":
                t, n = _text(item)
                yield _Block(t, "item", n, id(el))
    elif tag == "table":
        for row in el.iter("row"):
            cells = [_text(c) for c in row if c.tag == "cell"]
            yield _Block(" ".join(c for c, _ in cells if c), "row", sum(n for _, n in cells))
    elif tag in ("quote", "div") and any(c.tag in ("p", "list", "head") for c in el):
        for child in el:
            yield from _element_blocks(child)
    elif tag in ("p", "head", "quote", "code", "item"):
        t, n = _text(el)
        yield _Block(t, "head" if tag == "head" else ("quote" if tag == "quote" else "p"), n)


# ---- the page's own DOM -----------------------------------------------------------------------


class _Dom:
    """The page's text nodes in order, the article's container, and furniture signals.

    The page's text is read once, in document order, as a string of its non-white-space
    characters (``flat``) with the text node each piece comes from; a block of the measured
    text is found in it by its own non-white-space characters, so its element is the lowest
    element holding every text node it covers, whatever markup split or joined its text.
    """

    def __init__(self, tree: Any, lexicons: LexiconSet) -> None:
        from lxml import etree

        for el in tree.iter(*_DROP):
            el.drop_tree()
        body = tree.find("body")
        self.body = body if body is not None else tree
        self.matcher = lexicons.matcher(FAMILY)
        self.table = FurnitureTable.of(lexicons)
        pieces: list[str] = []
        self.starts: list[int] = []
        self.holders: list[Any] = []
        self.linked: list[bool] = []
        pos = depth = 0

        def add(text: str | None, holder: Any) -> None:
            nonlocal pos
            piece = _SPACE.sub("", text) if text else ""
            if piece and holder is not None:
                pieces.append(piece)
                self.starts.append(pos)
                self.holders.append(holder)
                self.linked.append(depth > 0)
                pos += len(piece)

        self.headings: list[tuple[int, Any]] = []
        for event, el in etree.iterwalk(self.body, events=("start", "end")):
            tag = el.tag if isinstance(el.tag, str) else None
            link = tag == "a" and _is_link(el.get("href"))
            if event == "start":
                depth += link
                if tag in _HEADINGS:
                    self.headings.append((pos, el))
                if tag is not None:
                    add(el.text, el)
            else:
                depth -= link
                if el is not self.body:
                    add(el.tail, el.getparent())
        self.flat = "".join(pieces)
        self.root: Any = self.body
        self.around_root: set[Any] = {self.body}
        self._weight: dict[Any, int] = {}
        self._total = 0
        self._labels: dict[Any, tuple[str | None, str | None, str | None]] = {}
        self._chars: dict[Any, int] = {}
        self._by_raw: dict[str, tuple[str | None, str | None, str | None]] = {}
        self._headline_link: dict[Any, bool] = {}
        self.covered: list[tuple[int, int, str]] = []  # node ranges of blocks and their category

    # ---- finding blocks ---------------------------------------------------------------------

    def _find(self, key: str, cursor: int) -> tuple[int, int, bool] | None:
        """Where a block's characters are in ``flat``: ``(start, end, unique)``.

        Looked for from ``cursor`` (blocks come in page order), then from the start; a block the
        extractor changed is found by its first and last characters, or by its last ones alone.
        """
        flat = self.flat
        at = flat.find(key, cursor)
        if at < 0:
            at = flat.find(key)
        if at >= 0:
            return at, at + len(key), flat.find(key, at + 1) < 0
        head, tail = key[:_PROBE], key[-_PROBE:]
        at = flat.find(head, cursor)
        if at < 0:
            at = flat.find(head)
        if at < 0:  # the extractor changed the block's start (a counter it put before it)
            at = flat.find(tail, cursor)
            if at < 0:
                at = flat.find(tail)
            return (at, at + len(tail), False) if at >= 0 and len(key) > _PROBE else None
        end = flat.find(tail, at + len(head), at + 2 * len(key) + _PROBE)
        return at, (end + len(tail) if end >= 0 else at + len(head)), False

    def _nodes(self, start: int, end: int) -> range:
        return range(bisect_right(self.starts, start) - 1, bisect_left(self.starts, end))

    def _element(self, nodes: range) -> Any:
        """The lowest block-level element holding every node."""
        chain = [self.holders[nodes[0]], *self.holders[nodes[0]].iterancestors()]
        index = {el: i for i, el in enumerate(chain)}
        top = 0
        for n in nodes[1:]:
            holder = self.holders[n]
            if holder in index:
                top = max(top, index[holder])
                continue
            for anc in holder.iterancestors():
                if anc in index:
                    top = max(top, index[anc])
                    break
        el = chain[top]
        while el.tag in _INLINE and el.getparent() is not None and el is not self.body:
            el = el.getparent()
        return el

    def read(self, blocks: list[_Block]) -> tuple[MarkupBlock, ...]:
        """Each block of the measured text with its signals and furniture decision."""
        found: list[tuple[Any, range, float] | None] = []
        cursor = 0
        weight: dict[Any, int] = {}
        total = 0
        for b in blocks:
            key = _SPACE.sub("", b.text)
            where = self._find(key, cursor) if key else None
            if where is None:
                found.append(None)
                continue
            start, end, unique = where
            cursor = end
            nodes = self._nodes(start, end)
            el = self._element(nodes)
            links = sum(
                min(end, self.starts[n] + self._len(n)) - max(start, self.starts[n])
                for n in nodes
                if self.linked[n]
            )
            found.append((el, nodes, max(0, links) / max(1, end - start)))
            if unique:  # text the page repeats does not say where the article is
                total += len(key)
                for anc in (el, *el.iterancestors()):
                    weight[anc] = weight.get(anc, 0) + len(key)
        self._locate(weight, total)
        shares = [
            min(1.0, f[2] if f else b.links / max(1, len(b.text)))
            for b, f in zip(blocks, found, strict=True)
        ]
        lists: dict[int, list[int]] = {}
        for i, b in enumerate(blocks):
            if b.list_id is not None:
                lists.setdefault(b.list_id, []).append(i)
        list_links = [False] * len(blocks)
        for members in lists.values():
            linked = sum(1 for i in members if shares[i] >= 0.5)
            if len(members) >= 2 and linked >= 0.6 * len(members):
                for i in members:
                    list_links[i] = True
        out: list[MarkupBlock] = []
        pos = 0
        for i, (b, f) in enumerate(zip(blocks, found, strict=True)):
            if out:
                pos += 2
            el = f[0] if f else None
            token, token_rule, raw = self.label_of(el) if el is not None else (None, None, None)
            signals = Signals(
                token=token or "none",
                in_article=el is not None and self._inside_root(el),
                tag=b.tag,
                chars=len(b.text),
                link_share=shares[i],
                list_links=list_links[i],
                card=el is not None and self._card(el),
                heading=el is not None and f is not None and self._related_heading(el, f[1]),
            )
            label, rule, row = self.table.decide(signals, token_rule)
            out.append(
                MarkupBlock(
                    pos, pos + len(b.text), b.tag, shares[i], list_links[i], label, rule,
                    raw if row is not None and row.label == TOKEN else None,
                    in_article=signals.in_article, card=signals.card, heading=signals.heading,
                )
            )  # fmt: skip
            if f is not None:
                cat = PAGE_CATEGORIES.get(label, "other") if label else "article"
                self.covered.append((f[1].start, f[1].stop, cat))
            pos += len(b.text)
        return tuple(out)

    def _len(self, n: int) -> int:
        nxt = self.starts[n + 1] if n + 1 < len(self.starts) else len(self.flat)
        return nxt - self.starts[n]

    def _locate(self, weight: dict[Any, int], total: int) -> None:
        """The article's container: the deepest element holding 60 % of its found text."""
        self._weight, self._total = weight, total
        if total:
            best = self.body
            for el, w in weight.items():
                if w >= 0.6 * total and _depth(el) > _depth(best):
                    best = el
            self.root = best
        self.around_root = {self.root, *self.root.iterancestors()}

    def _inside_root(self, el: Any) -> bool:
        return el is self.root or self.root in el.iterancestors()

    # ---- signals ----------------------------------------------------------------------------

    def _text_chars(self, el: Any) -> int:
        if el not in self._chars:
            self._chars[el] = len(_SPACE.sub("", el.text_content()))
        return self._chars[el]

    def _has_headline_link(self, el: Any) -> bool:
        """Whether an element holds a headline link.

        A link to another page, of a few words, in (or around) a heading or leading the element.
        """
        if el not in self._headline_link:
            found = False
            for a in el.iter("a"):
                if not _is_link(a.get("href")):
                    continue
                text = a.text_content()
                if len(text.split()) < _HEADLINE_WORDS:
                    continue
                if (
                    any(anc.tag in _HEADINGS for anc in a.iterancestors())
                    or any(d.tag in _HEADINGS for d in a.iterdescendants())
                    or _SPACE.sub("", el.text_content()).startswith(_SPACE.sub("", text))
                ):
                    found = True
                    break
            self._headline_link[el] = found
        return self._headline_link[el]

    def _card(self, el: Any) -> bool:
        """Whether the block sits in a teaser card: one of a run of repeated, linked siblings.

        Climbing from the block's element (never into the article's container's ancestors),
        an element of a card tag that is at most ``_CARD_CHARS`` long, holds a headline link and
        has at least ``_CARD_RUN`` siblings of its tag and class that do too, is a card.
        """
        node = el
        for _ in range(_CARD_REACH):
            if node is None or node in self.around_root:
                return False
            parent = node.getparent()
            if (
                parent is not None
                and node.tag in _CARD_TAGS
                and self._text_chars(node) <= _CARD_CHARS
                and self._has_headline_link(node)
            ):
                cls = node.get("class")
                run = sum(
                    1
                    for c in parent
                    if c.tag == node.tag and c.get("class") == cls and self._has_headline_link(c)
                )
                if run >= _CARD_RUN:
                    return True
            node = parent
        return False

    def _related_heading(self, el: Any, nodes: range) -> bool:
        """Whether the nearest heading before the block names related content ("Related").

        The heading must share a section with the block: its parent or grandparent holds the
        block's element, and that section does not hold the article's container.
        """
        if not self.headings or not nodes:
            return False
        k = bisect_left(self.headings, self.starts[nodes[0]], key=lambda h: h[0]) - 1
        if k < 0:
            return False
        heading = self.headings[k][1]
        if heading is el or heading in el.iterancestors():
            return False
        words = heading.text_content().split()
        if not 0 < len(words) <= _HEADING_WORDS:
            return False
        section = heading.getparent()
        for _ in range(2):
            if section is None or section in self.around_root:
                return False
            if section in el.iterancestors():
                break
            section = section.getparent()
        else:
            return False
        tokens = _tokens(" ".join(words))
        return any(m.entry.label == "link_out" for m in self.matcher.finditer(tokens))

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
        if raw not in self._by_raw:  # pages repeat their class names
            found: tuple[str | None, str | None, str | None] = (None, None, None)
            for m in self.matcher.finditer(_tokens(raw)):
                found = (m.entry.label, m.entry.qualified_id, raw[:80])
                break
            self._by_raw[raw] = found
        return self._by_raw[raw]

    def author_markup(self) -> list[str]:
        """The text of the body's author markup, outside comments and navigation.

        ``itemprop="author"``, ``rel="author"`` (schema.org and HTML's author markup) or a
        ``byline`` class token, at most ``_AUTHOR_CHARS`` long.
        """
        out: list[str] = []
        for el in self.body.iter():
            if not isinstance(el.tag, str):
                continue
            cls = el.get("class") or ""
            if (
                el.get("itemprop") == "author"
                or el.get("rel") == "author"
                or ("byline" in cls.lower() and "byline" in _tokens(cls).split())
            ) and self.label_of(el)[0] not in ("comments", "navigation"):
                text = _norm(el.text_content())
                if 0 < len(text) <= _AUTHOR_CHARS:
                    out.append(text)
        return out

    # ---- the page's text by category --------------------------------------------------------

    def furniture_chars(self) -> dict[str, int]:
        """Non-white-space characters of the page's text by category (see the module docstring).

        A text node the measured text covers is ``article``, or the furniture category of its
        block's decision; any other node takes the category of the furniture token around it,
        else ``links`` inside a link, else ``other``.
        """
        out = dict.fromkeys(CATEGORIES, 0)
        cat_of: dict[int, str] = {}
        for start, stop, block_cat in self.covered:
            for n in range(start, stop):
                cat_of.setdefault(n, block_cat)
        for n, holder in enumerate(self.holders):
            cat = cat_of.get(n)
            if cat is None:
                label = self.label_of(holder)[0]
                if label is not None:
                    cat = PAGE_CATEGORIES.get(label, "other")
                else:
                    cat = "links" if self.linked[n] else "other"
            out[cat] += self._len(n)
        return out


def _is_link(href: str | None) -> bool:
    """Whether an ``href`` leads to another page (not an anchor on this one, not a script)."""
    if not href:
        return False
    href = href.strip().lower()
    return bool(href) and not href.startswith(("#", "javascript:"))


def _tokens(raw: str) -> str:
    """Class, id or heading text as lower-case words ('mostRead', 'most-read' → 'most read')."""
    return " ".join(_TOKEN_SPLIT.split(_CAMEL.sub(" ", raw))).lower().strip()


def _depth(el: Any) -> int:
    return sum(1 for _ in el.iterancestors())
