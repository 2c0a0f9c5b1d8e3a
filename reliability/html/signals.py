"""What the page's markup says about each block of the measured text.

The HTML reader builds the text it measures block by block (a paragraph, heading, list item or
table row of the extracted article each becomes one paragraph of the text) and records, for each
block, what the page says about it: the share of its characters inside links, whether it is an
item of a list of links, whether it lies inside the article's container, sits in a teaser card or
under a "Related" heading, and the furniture label the ``page_furniture`` decision table gives it
(a class or id token around it, or a row of the table). They travel with the text in a
:class:`PageDocument`, so the promotional scorer can mark furniture the extractor kept. This
module imports nothing heavy.
"""

from __future__ import annotations

import attrs

from reliability.document import Document

__all__ = ["MarkupBlock", "PageDocument"]


@attrs.frozen
class MarkupBlock:
    """One block of the measured text and its DOM signals.

    Attributes:
        start: First code point of the block in the measured text.
        end: One past its last code point.
        tag: The extractor's element: ``p``, ``head`` (a heading), ``item`` (a list item),
            ``row`` (a table row) or ``quote``.
        link_share: Share of the block's characters inside links (0 to 1).
        list_links: Whether the block is an item of a list most of whose items are links.
        furniture: The ``page_furniture`` label of the nearest class or id token marking an
            element around the block as furniture, or ``None``.
        rule: The qualified id of that token's lexicon entry, or ``None``.
        token: The class or id text that matched, or ``None``.
        in_article: Whether the block's element lies inside the article's container.
        card: Whether it sits in a teaser card (one of a run of repeated, linked siblings).
        heading: Whether a heading naming related content ("Related", "Most read") stands
            above it in its section of the page.
    """

    start: int
    end: int
    tag: str
    link_share: float = 0.0
    list_links: bool = False
    furniture: str | None = None
    rule: str | None = None
    token: str | None = None
    in_article: bool = True
    card: bool = False
    heading: bool = False


@attrs.frozen(eq=False)
class PageDocument(Document):
    """A :class:`Document` built from a web page: its text and the markup of each block.

    Attributes:
        markup: The blocks of the text with their DOM signals, in order.
    """

    markup: tuple[MarkupBlock, ...] = ()
