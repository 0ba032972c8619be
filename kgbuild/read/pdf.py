"""Read stage, PDF reader: a UN PDF -> :class:`RawDocument` (format ``"pdf"``).

Library: pdfminer.six (MIT; pure Python, no compiled part; its only dependencies are
charset-normalizer and cryptography). It gives every glyph with its position, font name and
size, which is what this reader needs beyond the text: bold headings, the smaller footnote
font and superscript footnote markers. PyMuPDF (AGPL) is excluded by licence; pypdf (BSD)
extracts layout text but not per-glyph fonts; pdfplumber (MIT) is pdfminer.six plus
pypdfium2 and Pillow, which this reader does not need. pdfminer.six's own layout analysis
(``LAParams``) is skipped: glyphs are collected raw and put into lines here, which is faster
and keeps the columns of the masthead apart.

The steps:

1. open the file (not a PDF, damaged, encrypted, no text layer -> :class:`InputError`);
2. per page, the glyphs of upright text grouped into physical lines (glyphs on one
   baseline; a superscript set on a raised baseline joins the line it touches), each line
   rendered as ``pdftotext -layout`` would: indentation, one space between words, three or
   more spaces between columns, a blank line where the vertical gap is wider than a line;
3. each line's :class:`~kgbuild.read.text.LineStyle`: heading level (a whole line in bold, 1
   for the largest bold size), emphasis, footnote font (smaller than the body text),
   superscript digit spans; a heading or a bullet item that wraps is one line (the next
   line continues it when its first word would not have fitted on the line before);
4. the text reader's shared steps (:func:`kgbuild.read.text.lines_from_pages`): page
   furniture (job numbers, running headers, page numbers), the masthead, footnote bodies at
   the foot of each page and the markers that call them;
5. what only the layout tells: a line opening with a bullet glyph is a bullet item, and the
   footnotes move after the body (as the Markdown and DOCX readers give them), so that the
   structure step sees the same document whatever the format.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import InputError
from .decode import read_head
from ..model import Marker, RawDocument, RawLine
from .text import LineStyle, lines_from_pages

log = logging.getLogger(__name__)

FORMAT = "pdf"

_HEADER_WINDOW = 1024
"""The PDF header ("%PDF-") may follow some junk, within the first 1024 bytes (ISO 32000-1, 7.5.2, note)."""

_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_ITALIC = re.compile(r"italic|oblique", re.IGNORECASE)
# "•" and its kin; Word's default bullets come out of the Symbol and Wingdings fonts as
# private-use code points (U+F0B7 "•", U+F0A7 "▪", U+F0D8 "➢") when the PDF maps them as is.
_BULLET = re.compile(r"^[•·▪‣◦\uf0b7\uf0a7\uf0d8]\s+")

_WORD_GAP = 0.15
"""A gap wider than this share of the font size between two glyphs is a space."""
_COLUMN_GAP = 4.0
"""A gap wider than this many times the font size separates columns (3+ spaces)."""
_BLANK_GAP = 1.5
"""A line whose baseline is lower than the previous one's by more than this many times the
previous line's font size comes after a blank line (a paragraph or block gap)."""
_SAME_BASELINE = 0.2
"""Glyphs whose baselines differ by less than this share of their size are on one line."""
_SUPERSCRIPT = 0.85
"""A glyph smaller than this share of its line's font size, raised above its baseline, is a superscript."""


@dataclass(frozen=True, slots=True)
class Glyph:
    text: str
    x0: float
    x1: float
    y0: float
    y1: float
    base: float
    """The baseline the glyph is set on (its text rise, if any, not included)."""
    size: float
    font: str


@dataclass(slots=True)
class Row:
    """Glyphs of one physical line, left to right once closed."""

    glyphs: list[Glyph]
    base: float
    size: float = 0.0
    """The line's font size: the size most of its (non-space) glyphs have."""
    floor: float = 0.0
    """The lowest bottom of the glyphs of the line's size (a superscript's is higher)."""

    def close(self) -> None:
        self.glyphs.sort(key=lambda g: g.x0)
        while not self.glyphs[0].text.strip():  # a row holds at least one visible glyph
            self.glyphs.pop(0)
        while not self.glyphs[-1].text.strip():
            self.glyphs.pop()
        sizes = Counter(round(g.size * 2) / 2 for g in self.glyphs if g.text.strip())
        self.size = sizes.most_common(1)[0][0] if sizes else 0.0
        main = [g for g in self.glyphs if abs(g.size - self.size) < 0.5]
        self.floor = min((g.y0 for g in main), default=self.base)
        self.base = max(set(g.base for g in main), key=[g.base for g in main].count, default=self.base)


def read_pdf(path: Path) -> RawDocument:
    """Read a PDF into a :class:`RawDocument` (format ``"pdf"``)."""
    rows_by_page = [group_rows(glyphs) for glyphs in extract_glyphs(path)]
    if not any(rows_by_page):
        count = len(rows_by_page)
        raise InputError(
            f"PDF has no text layer (scanned?): {count} page{'s' * (count != 1)} and no text; run OCR on it first",
            path=path,
        )
    body_size = _body_size(rows_by_page)
    levels = _heading_levels(rows_by_page, body_size)
    right = _right_edge([r for rows in rows_by_page for r in rows], body_size)
    pages: list[str] = []
    styles: list[list[LineStyle | None]] = []
    for rows in rows_by_page:
        text, page_styles = render_page(rows, body_size, levels, right)
        pages.append(text)
        styles.append(page_styles)
    lines = lines_from_pages(pages, path, styles=styles, paged=True)
    lines = footnotes_last(bullets(lines))
    return RawDocument(path=path, format=FORMAT, lines=lines)


# --- 1. opening the file -------------------------------------------------------------------


def extract_glyphs(path: Path) -> Iterator[list[Glyph]]:
    """The glyphs of upright text on each page, in content-stream order."""
    from pdfminer.layout import LTChar, LTContainer, LTPage
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.psparser import PSException

    _check_header(path)

    def glyphs(items: Iterable[object]) -> Iterator[Glyph]:
        for item in items:
            if isinstance(item, LTChar):
                a, b, c, d, _, _ = item.matrix
                if item.upright and b == 0 and c == 0 and a > 0 and d > 0:
                    base = item.matrix[5]
                    yield Glyph(item.get_text(), item.x0, item.x1, item.y0, item.y1, base, item.size, item.fontname)
            elif isinstance(item, LTContainer):
                yield from glyphs(item)

    try:
        with open(path, "rb") as fp:
            parser = PDFParser(fp)
            try:
                document = PDFDocument(parser, password="")
            except PDFPasswordIncorrect:
                raise InputError("encrypted PDF: a password is needed to open it", path=path) from None
            except PDFEncryptionError as exc:
                raise InputError(f"encrypted PDF that cannot be decrypted ({exc})", path=path) from None
            resources = PDFResourceManager(caching=True)
            device = PDFPageAggregator(resources, laparams=None)
            interpreter = PDFPageInterpreter(resources, device)
            count = 0
            for page in PDFPage.create_pages(document):
                interpreter.process_page(page)
                layout: LTPage = device.get_result()
                count += 1
                yield list(glyphs(layout))
            if count == 0:
                raise InputError("damaged PDF: no pages found (truncated?)", path=path)
    except InputError:
        raise
    except (PSException, ValueError, KeyError, TypeError, AssertionError, IndexError, EOFError) as exc:
        # pdfminer.six raises many kinds of errors on a damaged file; all mean the same to us.
        raise InputError(f"damaged PDF, cannot be read (truncated?): {type(exc).__name__}: {exc}", path=path) from None
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror or exc}", path=path) from None


def _check_header(path: Path) -> None:
    head = read_head(path, _HEADER_WINDOW)
    if b"%PDF-" not in head:
        raise InputError("not a PDF file (no %PDF- header); give text files a .txt suffix", path=path)


# --- 2. lines ------------------------------------------------------------------------------


def group_rows(glyphs: list[Glyph]) -> list[Row]:
    """Physical lines, top to bottom: glyphs on one baseline; then a short run of smaller
    glyphs raised just above a line and touching its glyphs (a footnote marker set with a
    moved baseline rather than a text rise) joins that line."""
    rows: list[Row] = []
    for g in sorted((g for g in glyphs if g.text.strip() or g.text == " "), key=lambda g: -g.base):
        row = rows[-1] if rows else None
        if row is not None and row.base - g.base <= _SAME_BASELINE * g.size:
            row.glyphs.append(g)
        else:
            rows.append(Row([g], g.base))
    rows = [r for r in rows if any(g.text.strip() for g in r.glyphs)]
    for row in rows:
        row.close()
    rows.sort(key=lambda r: -r.base)
    out: list[Row] = []
    for k, row in enumerate(rows):
        below = rows[k + 1] if k + 1 < len(rows) else None
        if below is not None and _raised_over(row, below):
            below.glyphs.extend(row.glyphs)
            continue
        out.append(row)
    for row in out:
        row.close()
    return out


def _raised_over(row: Row, line: Row) -> bool:
    """``row`` is superscript to ``line``: smaller, raised by less than ``line``'s size, a few
    glyphs, and each run of them touching a glyph of ``line`` (a marker after a word) or
    opening it (the number of a footnote body, which may stand a tab away from its text)."""
    if not (row.size < _SUPERSCRIPT * line.size and 0 < row.base - line.base < 0.75 * line.size):
        return False
    marks = [g for g in row.glyphs if g.text.strip()]
    if len(marks) > 6:
        return False
    touch = 0.5 * line.size
    first = min(g.x0 for g in line.glyphs if g.text.strip())
    runs: list[list[Glyph]] = []
    for g in marks:
        if runs and g.x0 - runs[-1][-1].x1 < touch:
            runs[-1].append(g)
        else:
            runs.append([g])
    for run in runs:
        x0, x1 = run[0].x0, run[-1].x1
        opens = x1 <= first and first - x1 < 4 * line.size
        if not opens and not any(abs(x0 - h.x1) < touch or abs(h.x0 - x1) < touch for h in line.glyphs):
            return False
    return True


def _body_size(pages: list[list[Row]]) -> float:
    """The font size most glyphs of the document have: the body text's."""
    sizes = Counter(round(g.size * 2) / 2 for rows in pages for r in rows for g in r.glyphs if g.text.strip())
    return sizes.most_common(1)[0][0]


def _right_edge(rows: list[Row], body_size: float) -> float:
    """The right edge of the text: where most full lines of body text end (justified text
    ends there), else the rightmost end of any line."""
    ends = Counter(round(r.glyphs[-1].x1) for r in rows if abs(r.size - body_size) < 0.5 and len(r.glyphs) > 20)
    if ends:
        return float(ends.most_common(1)[0][0])
    return max(r.glyphs[-1].x1 for r in rows)


def _text_glyphs(row: Row) -> list[Glyph]:
    """The line's glyphs without spaces and without superscript marks (digits, "*")."""
    return [
        g
        for g in row.glyphs
        if g.text.strip() and not (g.size < _SUPERSCRIPT * row.size and (g.text.isdigit() or g.text in "*†‡"))
    ]


def _is_bold(row: Row) -> bool:
    main = _text_glyphs(row)
    return bool(main) and all(_BOLD.search(g.font) for g in main)


def _is_italic(row: Row) -> bool:
    main = _text_glyphs(row)
    return bool(main) and all(_ITALIC.search(g.font) for g in main)


def _heading_levels(pages: list[list[Row]], body_size: float) -> dict[float, int]:
    """Heading level by font size of the whole-bold lines not in the footnote font: the
    largest size is level 1 (the structure step ranks the levels it finds in the body)."""
    sizes = {r.size for rows in pages for r in rows if r.size >= body_size - 0.25 and _is_bold(r)}
    return {size: level for level, size in enumerate(sorted(sizes, reverse=True), start=1)}


def render_page(
    rows: list[Row], body_size: float, levels: dict[float, int], right: float
) -> tuple[str, list[LineStyle | None]]:
    """The page as layout text and the style of each of its lines (None for blank lines).

    A heading that wraps onto the next line, and a bullet item that does, are one line:
    their next line continues them when its first word would not have fitted at the end of
    the line before (``right`` is the right edge of the text).
    """
    out: list[str] = []
    styles: list[LineStyle | None] = []
    previous: Row | None = None
    block_right = right  # the right end of the widest line of the heading or item being read
    for row in rows:
        gap = previous is not None and previous.base - row.base > _BLANK_GAP * previous.size
        text, supers = render_row(row, body_size)
        footnote = row.size < body_size - 0.25
        bold = _is_bold(row)
        level = levels.get(row.size) if bold and not footnote else None
        style = LineStyle(
            heading_level=level,
            emphasis=bold or _is_italic(row),
            footnote=footnote,
            superscripts=tuple(supers),
        )
        last = styles[-1] if styles else None
        if previous is not None and last is not None and not gap and _wraps(previous, row, max(right, block_right)):
            heading = level is not None and last.heading_level == level
            item = (
                level is None
                and last.heading_level is None
                and bool(_BULLET.match(out[-1].lstrip()))
                and not _BULLET.match(text.lstrip())
            )
            if heading or item:
                out[-1], styles[-1] = _continue(out[-1], last, text, style, squeeze=heading)
                block_right = max(block_right, row.glyphs[-1].x1)
                previous = row
                continue
        block_right = row.glyphs[-1].x1
        if gap:
            out.append("")
            styles.append(None)
        if level is not None:
            text, style = _continue(text, style, "", LineStyle(), squeeze=True)
        out.append(text)
        styles.append(style)
        previous = row
    return "\n".join(out), styles


def _first_word_width(row: Row) -> float:
    end = row.glyphs[0].x1
    for g in row.glyphs:
        if not g.text.strip() or g.x0 - end > _WORD_GAP * row.size:
            break
        end = g.x1
    return end - row.glyphs[0].x0


def _wraps(line: Row, next_line: Row, right: float) -> bool:
    """``next_line`` continues ``line``: its first word would not have fitted after ``line``."""
    return line.glyphs[-1].x1 + 0.3 * line.size + _first_word_width(next_line) > right + 1


def _continue(text: str, style: LineStyle, more: str, more_style: LineStyle, *, squeeze: bool) -> tuple[str, LineStyle]:
    """``more`` appended to ``text`` with one space (none after a line-end hyphen, as the
    structure step joins lines); ``squeeze`` collapses runs of spaces (a heading's gaps are
    layout, not text). Superscript spans follow their text."""
    indent = len(text) - len(text.lstrip())  # the line keeps its indentation
    spans = [(a - indent, b - indent) for a, b in style.superscripts]
    text = text.strip()
    lead = len(more) - len(more.lstrip())
    more_spans = [(a - lead, b - lead) for a, b in more_style.superscripts]
    more = more.strip()
    if squeeze:
        text, spans = _squeeze(text, spans)
        more, more_spans = _squeeze(more, more_spans)
    sep = "" if not more or text.endswith("-") and not text.endswith(" -") else " "
    shift = len(text) + len(sep)
    spans += [(a + shift, b + shift) for a, b in more_spans]
    spans = [(a + indent, b + indent) for a, b in spans]
    return " " * indent + text + sep + more, replace(style, superscripts=tuple(spans))


def _squeeze(text: str, spans: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """Runs of white space become one space and the ends are stripped; spans follow."""
    out: list[str] = []
    where = [0] * (len(text) + 1)
    for i, ch in enumerate(text):
        where[i] = len(out)
        if ch.isspace():
            if out and out[-1] != " ":
                out.append(" ")
        else:
            out.append(ch)
    where[len(text)] = len(out)
    squeezed = "".join(out).rstrip()
    return squeezed, [(where[a], min(where[b], len(squeezed))) for a, b in spans]


def render_row(row: Row, body_size: float) -> tuple[str, list[tuple[int, int]]]:
    """The line as text: leading spaces for its indentation, one space where a space glyph or
    a word gap is, 3+ spaces between columns; and its superscript digit spans."""
    unit = body_size / 2  # width of one layout column, as pdftotext -layout counts them
    size = row.size
    parts: list[str] = [" " * max(0, round(row.glyphs[0].x0 / unit))]
    length = len(parts[0])
    supers: list[tuple[int, int]] = []
    last: Glyph | None = None
    space = False
    for g in row.glyphs:
        if not g.text.strip():
            space = last is not None
            continue
        if last is not None:
            gap = g.x0 - last.x1
            if gap > _COLUMN_GAP * size:
                sep = " " * max(3, round(gap / unit))
            elif space or gap > _WORD_GAP * min(size, max(g.size, last.size)):
                sep = " "
            else:
                sep = ""
            parts.append(sep)
            length += len(sep)
        if g.text.isdigit() and g.size < _SUPERSCRIPT * size and g.y0 > row.floor + 0.15 * size:
            if supers and supers[-1][1] == length:
                supers[-1] = (supers[-1][0], length + len(g.text))
            else:
                supers.append((length, length + len(g.text)))
        parts.append(g.text)
        length += len(g.text)
        last, space = g, False
    text = "".join(parts)
    if supers and supers[0][0] == len(parts[0]) and text[supers[0][1] : supers[0][1] + 1].strip():
        # A footnote body whose superscript number is glued to its first word ("1See"): the
        # text reader expects a space after the number.
        end = supers[0][1]
        text = text[:end] + " " + text[end:]
        supers = [supers[0], *((a + 1, b + 1) for a, b in supers[1:])]
    return text, supers


# --- 5. what only the layout tells ---------------------------------------------------------


def bullets(lines: list[RawLine]) -> list[RawLine]:
    """A line starting with a bullet glyph is a bullet item (its wrapped lines were joined to
    it by :func:`render_page`); the glyph goes."""
    out: list[RawLine] = []
    for line in lines:
        m = _BULLET.match(line.text) if line.heading_level is None and line.footnote is None else None
        if m:
            cut = m.end()
            markers = tuple(Marker(max(0, mk.offset - cut), mk.number) for mk in line.markers)
            line = replace(line, text=line.text[cut:], bullet=True, markers=markers)
        out.append(line)
    return out


def footnotes_last(lines: list[RawLine]) -> list[RawLine]:
    """Move each page's footnote area (its first footnote body to the page's last line) after
    the body, in page order: a paragraph that runs on to the next page is then not cut by the
    footnotes printed between its two halves, and the footnotes come last as in the other
    formats."""
    body: list[RawLine] = []
    notes: list[RawLine] = []
    area_page: int | None = None
    for line in lines:
        if line.footnote is not None:
            area_page = line.page
        if area_page is not None and line.page == area_page:
            notes.append(line)
        else:
            area_page = None
            body.append(line)
    if notes:
        notes[0] = replace(notes[0], blank_before=True)
    return body + notes
