"""The document model: what the read and structure stages hand on.

``read`` turns a file into a :class:`RawDocument`: lines of plain text with the layout the
format gives (heading levels, bullets, footnote markers and footnote bodies, pages).
``structure`` turns that into a :class:`Document`: header metadata, headings, numbered
paragraphs (with their bullet items) and footnotes. Every offset is a half-open
``[start, end)`` character offset into the ``text`` of one :class:`TextUnit`; that text is
what the graph publishes as ``rdf:value``.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal


@dataclass(frozen=True)
class Marker:
    """A footnote marker: footnote ``number`` is called at ``offset`` of the text."""

    offset: int
    number: int


@dataclass(frozen=True)
class RawLine:
    """One line of source text, with inline markup removed and markers lifted out."""

    text: str
    page: int = 1
    heading_level: int | None = None
    """Heading level when the format says so (Markdown ``#``); None when it does not."""
    bullet: bool = False
    blank_before: bool = False
    """A blank line (or a page break) separates this line from the previous one."""
    indent: int = 0
    markers: tuple[Marker, ...] = ()
    footnote: int | None = None
    """This line starts the body of footnote ``footnote``; ``text`` is the body."""
    emphasis: bool = False
    """The whole line is bold or italic (a heading hint)."""
    rule: bool = False
    """A horizontal rule (Markdown ``---``): the header ends at the first rule after the title."""
    cell: tuple[int, int] | None = None
    """(row, column) of the table cell this line stands in, 0-based; None outside tables."""


@dataclass
class RawDocument:
    path: Path
    format: str
    lines: list[RawLine]


@dataclass
class TextUnit:
    """A heading, numbered paragraph or footnote: the text that evidence points into."""

    kind: Literal["heading", "paragraph", "footnote"]
    key: str
    """Unique within the document and usable as IRI path: ``paragraph/12``, ``heading/3``."""
    text: str
    number: int | None = None
    """Paragraph or footnote number; None for headings."""
    level: int | None = None
    """Heading level (1 = top section); None for paragraphs and footnotes."""
    markers: list[Marker] = field(default_factory=list)
    items: list[tuple[int, int]] = field(default_factory=list)
    """Bullet items inside a paragraph, as (start, end) offsets."""
    heading: str | None = None
    """Key of the nearest heading above this unit (None before the first heading)."""
    page: int = 1
    ordinal: int = 0
    """Position in document order (0-based), across all kinds."""


@dataclass
class Header:
    """Metadata printed at the top of a UN document."""

    body: str | None = None
    """"General Assembly"."""
    organ: str | None = None
    """"Human Rights Council"."""
    session: int | None = None
    """Human Rights Council session (59 from "Fifty-ninth session")."""
    session_dates: str | None = None
    agenda_item: int | None = None
    issued: _dt.date | None = None
    """The date under "Distr.: General"."""
    language: str | None = None
    """BCP 47 tag of the original language ("ru" from "Original: Russian")."""
    symbol: str | None = None
    state_name: str | None = None
    """The State under review, as printed."""
    kind: str | None = None
    """"addendum" or "wg-report"."""
    title: str | None = None
    wg_session: int | None = None
    """UPR Working Group session, when the text states it."""


@dataclass
class Review:
    state_iso3: str
    state_name: str
    cycle: int


@dataclass
class Document:
    path: Path
    format: str
    header: Header
    units: list[TextUnit]
    review: Review | None = None
    language: str = "en"
    """The language the text is written in (the language pack the structure step used)."""

    @property
    def paragraphs(self) -> list[TextUnit]:
        return [u for u in self.units if u.kind == "paragraph"]

    @property
    def headings(self) -> list[TextUnit]:
        return [u for u in self.units if u.kind == "heading"]

    @property
    def footnotes(self) -> list[TextUnit]:
        return [u for u in self.units if u.kind == "footnote"]

    def unit(self, key: str) -> TextUnit:
        for u in self.units:
            if u.key == key:
                return u
        raise KeyError(key)


@dataclass(frozen=True)
class Span:
    """A recognised span of one text unit and what it means.

    ``kind`` names the recogniser's finding (``recommendation-ref``, ``entity``,
    ``citation``, ``position``, ``figure``, ``date``, ...); ``value`` carries what the
    mapping needs, as plain Python values and IRIs (strings).
    """

    unit: str
    start: int
    end: int
    kind: str
    value: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
