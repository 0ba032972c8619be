"""Reader for Markdown conversions of UN documents (the bundled addendum is one).

Takes a ``.md`` path, returns a RawDocument: ATX headings give ``heading_level``, ``- ``
items are bullets, ``<sup>N</sup>`` after text is a footnote marker (lifted out of the text,
its offset kept), ``<sup>N</sup>`` at the start of a line opens the body of footnote N,
``---`` is a rule. Inline emphasis, escapes and other HTML tags are removed so the text is
what a reader of the document sees.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..model import Marker, RawDocument, RawLine
from .decode import decode

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
_TABLE_ROW = re.compile(r"^\s*\|(.*)\|\s*$")
_TABLE_RULE = re.compile(r"^\s*\|(?:\s*:?-{3,}:?\s*\|)+\s*$")
_BULLET = re.compile(r"^\s*[-*+]\s+(.*)$")
_FOOTNOTE_DEF = re.compile(r"^\s*<sup>\s*(\d+)\s*</sup>\s*(.*)$")
_MARKER = re.compile(r"<sup>\s*(\d+)\s*</sup>")
_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1|(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])|(?<![\w_])_(?!\s)(.+?)(?<!\s)_(?![\w_])")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|])")
_WHOLE_EMPHASIS = re.compile(r"^(\*\*|__|\*|_)(.+)\1$")


def _inline(text: str) -> tuple[str, tuple[Marker, ...], bool]:
    """Strip inline markup; return the plain text, its footnote markers and whole-line emphasis."""
    stripped = text.strip()
    emphasis = bool(_WHOLE_EMPHASIS.match(stripped))
    # Lift markers out first, remembering where they stand in the text without markup.
    out: list[str] = []
    markers: list[Marker] = []
    pos = 0
    for m in _MARKER.finditer(stripped):
        out.append(_plain(stripped[pos : m.start()]))
        markers.append(Marker(len("".join(out)), int(m.group(1))))
        pos = m.end()
    out.append(_plain(stripped[pos:]))
    plain = "".join(out)
    # Trailing spaces (Markdown hard breaks) are not part of the text.
    trimmed = plain.rstrip()
    markers = [Marker(min(mk.offset, len(trimmed)), mk.number) for mk in markers]
    lead = len(trimmed) - len(trimmed.lstrip())
    if lead:
        trimmed = trimmed.lstrip()
        markers = [Marker(max(0, mk.offset - lead), mk.number) for mk in markers]
    return trimmed, tuple(markers), emphasis


def _plain(fragment: str) -> str:
    fragment = _LINK.sub(r"\1", fragment)
    fragment = _TAG.sub("", fragment)
    previous = None
    while previous != fragment:
        previous = fragment
        fragment = _EMPHASIS.sub(lambda m: m.group(2) or m.group(3) or m.group(4) or "", fragment)
    return _ESCAPE.sub(r"\1", fragment)


def read_markdown(path: Path) -> RawDocument:
    text = decode(path)
    lines: list[RawLine] = []
    blank = False
    row = -1
    for raw in text.split("\n"):
        if m := _TABLE_ROW.match(raw):
            # A pipe table: one line per cell, with its (row, column); the delimiter row is no text.
            if _TABLE_RULE.match(raw):
                continue
            row += 1
            for col, cell in enumerate(c.strip() for c in m.group(1).split("|")):
                body, markers, _ = _inline(cell)
                if body:
                    lines.append(RawLine(text=body, markers=markers, blank_before=True, cell=(row, col)))
            blank = False
            continue
        row = -1
        if not raw.strip():
            blank = True
            continue
        if _RULE.match(raw):
            lines.append(RawLine(text="", rule=True, blank_before=blank))
            blank = True
            continue
        kwargs: dict = {"blank_before": blank, "indent": len(raw) - len(raw.lstrip(" "))}
        blank = False
        if m := _HEADING.match(raw):
            body, markers, emphasis = _inline(m.group(2))
            lines.append(RawLine(text=body, heading_level=len(m.group(1)), markers=markers, emphasis=emphasis, **kwargs))
        elif m := _FOOTNOTE_DEF.match(raw):
            body, markers, _ = _inline(m.group(2))
            lines.append(RawLine(text=body, footnote=int(m.group(1)), markers=markers, **kwargs))
        elif m := _BULLET.match(raw):
            body, markers, _ = _inline(m.group(1))
            lines.append(RawLine(text=body, bullet=True, markers=markers, **kwargs))
        else:
            body, markers, emphasis = _inline(raw)
            if body:
                lines.append(RawLine(text=body, markers=markers, emphasis=emphasis, **kwargs))
    return RawDocument(path=path, format="markdown", lines=lines)
