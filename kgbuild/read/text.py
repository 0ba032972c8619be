"""Read stage, plain-text reader: text extracted from a UN PDF -> :class:`RawDocument`.

Input: a UTF-8 text file as ``pdftotext -layout`` (``shared/corpus/slovenia-*.txt``) or an
older scraper (``shared/corpus/wg-reports/*.txt``) leaves it. Output: one :class:`RawLine`
per physical line (format ``"text"``), stripped, with its indentation, its page, whether a
blank line or a page break precedes it, footnote bodies flagged with their number and
footnote markers lifted out of the body text.

The reader removes what the PDF layout adds and the document does not say (page
furniture), and keeps everything else for the structure step: it joins no lines, keeps
trailing hyphens, keeps "1.     This document ..." two-column numbering on one line and keeps
the whole-page lines some scraped reports have. The steps, in order:

1. split into pages at form feeds;
2. drop job numbers ("GE.25-05640 (E)", "GE.09-", the "*2505640*" barcode);
3. find the page-1 masthead ("United Nations ... A/HRC/59/15/Add.1"), which stays, and
   the document symbol it prints;
4. without form feeds, count pages from the footers and running headers found;
5. drop running headers (the symbol alone at a page top) and page numbers (a bare number
   as the first or last line of a page);
6. find footnote bodies and 7. lift the footnote markers that call them;
8. emit the lines (masthead lines split into their columns).

Steps 2-8 are shared with the PDF reader (``pdf.py``): :func:`lines_from_pages` takes the
text of each page, and optionally what the PDF's fonts say about each line
(:class:`LineStyle`: heading, footnote font, superscript spans) that plain text cannot.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Marker, RawDocument, RawLine
from .decode import decode

log = logging.getLogger(__name__)

FORMAT = "text"

# A job number printed at the foot of page 1 (and, with the page number, of every page):
# "GE.25-05640 (E)", "GE.25-02819 (E)    210325 210325", "2    GE.25-02819",
# "GE.25-02819     3", "GE.09-" (the 2009 scrapes lost the digits). The letter in brackets
# is the language of the version: E, F, S, R, A, C.
_JOB = re.compile(
    r"(?:^|(?<=\s))(?:\d{1,4}\s+)?GE\.\d{2}-\d*(?:\s*\([EFSRAC]\))?(?:\s+\d{6}){0,2}(?:\s+\d{1,4})?\s*$"
)
_BARCODE = re.compile(r"^\*\d{7,}\*$")
_PAGE_NUMBER = re.compile(r"^(?:\d{1,4}|[-–]\s*\d{1,4}\s*[-–])$")
_SYMBOL = re.compile(r"^[A-Z]{1,3}/[A-Z0-9][\w.\-]*(?:/[\w.\-]+)+$")
_COLUMNS = re.compile(r"\s{3,}")
_COLUMN = re.compile(r"\S+(?:\s{1,2}\S+)*")
_RULE = re.compile(r"^(?:_{3,}|-{3,})$")
# The masthead ends where the organ, the title or the body begins.
_MASTHEAD_END = re.compile(r"^(?:human rights council|report of|contents|\d+\.\s)", re.IGNORECASE)
_MASTHEAD_MAX = 12
"""At most this many non-blank lines of page 1 belong to the masthead."""


@dataclass(frozen=True, slots=True)
class LineStyle:
    """What a PDF's fonts say about one physical line, which its text cannot (set by ``pdf.py``)."""

    heading_level: int | None = None
    """The line is set in a heading font (bold, whole line); 1 is the largest such font."""
    emphasis: bool = False
    """The whole line is bold or italic."""
    footnote: bool = False
    """The line is set in the footnote font (smaller than the body text)."""
    superscripts: tuple[tuple[int, int], ...] = ()
    """``[start, end)`` spans of the line (as given, leading spaces included) set as
    superscript digits: footnote markers, or the number that opens a footnote body."""


@dataclass(slots=True)
class TextLine:
    """One physical line while the steps work on it (internal to the text reader)."""

    raw: str
    page: int
    text: str
    indent: int
    kind: str = "content"
    """``content``, ``blank`` or ``furniture`` (dropped)."""
    masthead: bool = False
    footer: bool = False
    """A job number or barcode (the foot of a page) was dropped or cut from this line."""
    footnote: int | None = None
    body: str | None = None
    """For a footnote start: the footnote text (the line without its number)."""
    merged: bool = False
    """This line's text is the body of the bare footnote number on the line before."""
    cuts: list[tuple[int, int, int]] = field(default_factory=list)
    """Footnote markers to lift: (start, end, number) spans of ``text``."""
    style: LineStyle | None = None
    """What the PDF's fonts say about the line; None for plain text."""
    superscripts: tuple[tuple[int, int], ...] = ()
    """The style's superscript spans, as offsets into ``text``."""


def read_text(path: Path) -> RawDocument:
    """Read text extracted from a UN PDF into a :class:`RawDocument` (format ``"text"``)."""
    text = decode(path)
    return RawDocument(path=path, format=FORMAT, lines=lines_from_pages(text.split("\f"), path))


def lines_from_pages(
    pages: list[str],
    path: Path,
    *,
    styles: list[list[LineStyle | None]] | None = None,
    paged: bool | None = None,
) -> list[RawLine]:
    """Steps 2-8 over the text of each page (``pages[0]`` is page 1).

    ``styles[p][i]``, when given, is the style of line ``i`` of ``pages[p].split("\\n")``.
    ``paged`` says whether ``pages`` are real pages; by default they are when there are
    several (a text file split at its form feeds). Without real pages, pages are counted from
    the footers and running headers found.
    """
    known = len(pages) > 1 if paged is None else paged
    lines = page_lines(pages, styles)
    drop_job_numbers(lines)
    symbol = mark_masthead(lines)
    if known:
        breaks = max((line.page for line in lines), default=1) - 1
    else:
        breaks = pages_from_footers(lines, symbol)
    drop_running_headers(lines, symbol)
    drop_page_numbers(lines)
    # Pages are trustworthy when the file has form feeds or several footers were found; the
    # cycle 1-2 scrapes have neither, and their footnotes sit wherever the page ended.
    blocks = find_footnotes(lines, paged=known or breaks >= 2)
    lift_markers(lines, blocks, paged=known or breaks >= 2)
    log.debug("%s: %d pages, %d footnote blocks", path, breaks + 1, len(blocks))
    return emit(lines)


def page_lines(pages: list[str], styles: list[list[LineStyle | None]] | None = None) -> list[TextLine]:
    """Physical lines with their page. A page after the first starts a new line (a form feed
    ends the physical line it stands in); that first line is dropped when it is blank."""
    lines: list[TextLine] = []
    for number, page in enumerate(pages, start=1):
        page_styles = styles[number - 1] if styles is not None else []
        for i, physical in enumerate(page.split("\n")):
            if i == 0 and number > 1 and not physical.strip():
                continue
            style = page_styles[i] if i < len(page_styles) else None
            lines.append(_line(physical, number, style))
    return lines


def _line(raw: str, page: int, style: LineStyle | None = None) -> TextLine:
    """``indent`` counts leading spaces; a leading tab counts to the next multiple of 8."""
    stripped = raw.strip()
    lead = raw[: len(raw) - len(raw.lstrip())]
    shift = len(lead)
    spans = style.superscripts if style is not None else ()
    return TextLine(
        raw=raw,
        page=page,
        text=stripped,
        indent=len(lead.expandtabs(8)),
        kind="content" if stripped else "blank",
        style=style,
        superscripts=tuple((a - shift, b - shift) for a, b in spans if a >= shift and b - shift <= len(stripped)),
    )


def drop_job_numbers(lines: list[TextLine]) -> None:
    """Drop job-number lines and barcodes; cut a job number run into the end of a line.

    Some scrapes glue the page-1 footer to the note above it ("The annex to the present
    report is circulated as received. GE.14-07060  (E)", bhutan2014.txt).
    """
    for line in lines:
        if line.kind != "content":
            continue
        m = _JOB.search(line.text) if "GE." in line.text else None
        if _BARCODE.match(line.text) or (m and not line.text[: m.start()].strip()):
            line.kind = "furniture"
            line.footer = True
        elif m:
            line.text = line.text[: m.start()].rstrip()
            line.footer = True


def mark_masthead(lines: list[TextLine]) -> str | None:
    """Flag the page-1 masthead lines and return the document symbol they print, if any."""
    symbol = None
    seen = 0
    for line in lines:
        if line.page != 1 or seen >= _MASTHEAD_MAX:
            break
        if line.kind != "content":
            continue
        if _MASTHEAD_END.match(line.text):
            break
        seen += 1
        line.masthead = True
        for part in masthead_columns(line.text):
            if symbol is None and _SYMBOL.match(part):
                symbol = part
    return symbol


def masthead_columns(text: str) -> list[str]:
    """A two-column masthead line split at runs of 3+ spaces, left column first.

    >>> masthead_columns("United Nations      A/HRC/59/15/Add.1")
    ['United Nations', 'A/HRC/59/15/Add.1']
    """
    return [part for part in _COLUMNS.split(text) if part]


def pages_from_footers(lines: list[TextLine], symbol: str | None) -> int:
    """Without form feeds: a new page starts after a job-number footer or at a running header.

    Returns the number of page breaks found. The running header is the document symbol
    alone on a line, outside the masthead.
    """
    page = 1
    pending = False
    content_on_page = False
    for line in lines:
        if line.kind == "blank":
            line.page = page
            continue
        if line.kind == "furniture":
            line.page = page
            pending = pending or line.footer
            continue
        if symbol and line.text == symbol and not line.masthead:
            line.kind = "furniture"
            if pending or content_on_page:
                page += 1
            pending = content_on_page = False
            line.page = page
            continue
        if pending:
            page += 1
            pending = content_on_page = False
        line.page = page
        content_on_page = True
        pending = line.footer  # a job number was cut from the end of this line
    return page - 1


def drop_running_headers(lines: list[TextLine], symbol: str | None) -> None:
    """Drop the symbol printed alone at the top of every page after the first."""
    for first in _page_ends(lines, top=True):
        line = lines[first]
        if line.page == 1 or line.masthead:
            continue
        if line.text == symbol or (symbol is None and _SYMBOL.match(line.text)):
            line.kind = "furniture"


def drop_page_numbers(lines: list[TextLine]) -> None:
    """Drop a bare number printed as the first or the last line of a page.

    Runs after the running headers are gone, so "A/HRC/59/15 ... 2" page tops count too.
    Numbers inside a page stay: the scraped reports put paragraph numbers alone on a line.
    """
    for top in (True, False):
        for i in _page_ends(lines, top=top):
            line = lines[i]
            if not line.masthead and _PAGE_NUMBER.match(line.text):
                line.kind = "furniture"


def _page_ends(lines: list[TextLine], *, top: bool) -> list[int]:
    """Index of the first (``top``) or last content line of every page."""
    found: dict[int, int] = {}
    for i, line in enumerate(lines):
        if line.kind != "content":
            continue
        if top:
            found.setdefault(line.page, i)
        else:
            found[line.page] = i
    return list(found.values())


def emit(lines: list[TextLine]) -> list[RawLine]:
    """The :class:`RawLine` list: furniture dropped, blank lines folded into ``blank_before``."""
    out: list[RawLine] = []
    blank = False
    last_page: int | None = None
    for line in lines:
        if line.kind == "blank":
            blank = True
            continue
        if line.kind != "content" or line.merged:
            continue
        if last_page is not None and line.page != last_page:
            blank = True
        last_page = line.page
        if line.footnote is not None:
            text = line.body or ""
            note = RawLine(text=text, page=line.page, blank_before=blank, indent=line.indent, footnote=line.footnote)
            out.append(note)
        elif line.masthead and _COLUMNS.search(line.text):
            out.extend(_columns(line, blank))
        else:
            text, markers = _cut_markers(line.text, line.cuts)
            style = line.style or _PLAIN
            out.append(
                RawLine(
                    text=text,
                    page=line.page,
                    heading_level=style.heading_level,
                    blank_before=blank,
                    indent=line.indent,
                    markers=markers,
                    emphasis=style.emphasis,
                    rule=bool(_RULE.match(text)),
                )
            )
        blank = False
    return out


_PLAIN = LineStyle()


def _columns(line: TextLine, blank: bool) -> list[RawLine]:
    """Split a two-column masthead line; each column keeps its own indentation."""
    out: list[RawLine] = []
    for m in _COLUMN.finditer(line.text):
        indent = line.indent + len(line.text[: m.start()].expandtabs(8))
        out.append(RawLine(text=m.group(0), page=line.page, blank_before=blank and not out, indent=indent))
    return out


def _cut_markers(text: str, cuts: list[tuple[int, int, int]]) -> tuple[str, tuple[Marker, ...]]:
    """Remove the marker spans from ``text``; each marker's offset is into the result.

    >>> _cut_markers("paragraph 15 (b); 2", [(17, 19, 2)])
    ('paragraph 15 (b);', (Marker(offset=17, number=2),))
    """
    if not cuts:
        return text, ()
    pieces: list[str] = []
    found: list[tuple[int, int]] = []
    length = pos = 0
    for start, end, number in sorted(cuts):
        pieces.append(text[pos:start])
        length += start - pos
        found.append((length, number))
        pos = end
    pieces.append(text[pos:])
    cleaned = "".join(pieces).rstrip()
    return cleaned, tuple(Marker(offset=min(at, len(cleaned)), number=n) for at, n in found)


# --- footnotes ---------------------------------------------------------------------------
#
# In the UN layout a footnote body is a short line "1 A/HRC/WG.6/48/SVN/1." after the body
# text of its page, separated from it by blank lines, before the footer; footnotes are
# numbered 1, 2, 3 ... through the document. The scraped cycle 1-2 reports keep the bodies
# where the page ended, in the middle of the text, often with a tab after the number
# ("1 \tThe recommendation as read during the interactive dialogue: ..."), sometimes with
# the number alone on its line (norway2010.txt, bolivia2014.txt).

_FOOTNOTE = re.compile(r"^(\d{1,3})(?:([ \t\u00a0]+)(\S.*))?$")
_MONTH = re.compile(
    r"^(?:January|February|March|April|May|June|July|August|September|October|November|December)\b",
    re.IGNORECASE,
)
_TOC = re.compile(r"\.{4,}|…{2,}")
_CONTINUATION_MAX = 8
"""A footnote body at a page bottom runs over at most this many lines."""
_RESYNC = 10
"""A footnote may skip this many numbers whose bodies were lost (spain2010.txt has none
for footnote 1); at a page bottom, or with strong evidence when there are no pages."""


def _body_shape(body: str) -> bool:
    """Could ``body`` be the text of a footnote? Rejects "5 December 2014" (a date under
    "Distr.: General"), "3 persons died ..." (a wrapped sentence, india2008.txt), "15 (a)"."""
    first = body[0]
    if first.islower() or first.isdigit() or first in "(-–—%.,;:)/":
        return False
    return not _MONTH.match(body) and not _TOC.search(body)


def _start(line: TextLine) -> tuple[int, str | None, bool] | None:
    """(number, body or None for a bare number, tab after the number) of a footnote start."""
    if line.kind != "content" or line.masthead:
        return None
    m = _FOOTNOTE.match(line.text)
    if not m or int(m.group(1)) == 0:
        return None
    body = m.group(3)
    # A line the PDF sets in the footnote font needs no shape test: Russian footnote bodies
    # start in lower case ("1 далее – Статут МУС.", the Kazakhstan addendum).
    in_footnote_font = line.style is not None and line.style.footnote
    if body is not None and not in_footnote_font and not _body_shape(body):
        return None
    return int(m.group(1)), body, "\t" in (m.group(2) or "")


def _can_be_body(line: TextLine | None) -> bool:
    """The line after a bare footnote number: its body, not another number."""
    if line is None or line.kind != "content":
        return False
    return not _FOOTNOTE.match(line.text) and _body_shape(line.text)


def find_footnotes(lines: list[TextLine], *, paged: bool) -> list[list[int]]:
    """Mark footnote starts (``footnote``, ``body``); return the blocks as lists of indices."""
    blocks = _paged_footnotes(lines) if paged else _loose_footnotes(lines)
    for block in blocks:
        for i in block:
            if lines[i].body is None:
                lines[i + 1].merged = True
                lines[i].body = lines[i + 1].text
    return blocks


def _paged_footnotes(lines: list[TextLine]) -> list[list[int]]:
    """Footnotes at the bottom of each page: after a blank line, numbered from the next
    expected number (or a few above), followed only by further footnotes, their
    continuation lines and blank lines."""
    pages: dict[int, list[int]] = {}
    for i, line in enumerate(lines):
        if line.kind != "furniture":
            pages.setdefault(line.page, []).append(i)
    blocks: list[list[int]] = []
    expected = 1
    for idx in pages.values():
        for k in range(1, len(idx)):
            st = _start(lines[idx[k]])
            if st is None or not expected <= st[0] <= expected + _RESYNC or lines[idx[k - 1]].kind != "blank":
                continue
            block = _page_tail(lines, idx[k:], st[0])
            if block:
                for i, n in block:
                    lines[i].footnote = n
                    lines[i].body = _start(lines[i])[1]  # type: ignore[index]
                blocks.append([i for i, _ in block])
                expected = block[-1][1] + 1
                break
    return blocks


def _page_tail(lines: list[TextLine], idx: list[int], first: int) -> list[tuple[int, int]] | None:
    """The footnote starts in ``idx`` (the rest of a page) if it is all footnote, else None."""
    found: list[tuple[int, int]] = []
    expected = first
    continuation = 0
    k = 0
    while k < len(idx):
        i = idx[k]
        line = lines[i]
        st = _start(line)
        if line.kind == "blank":
            pass
        elif st and st[0] == expected:
            if st[1] is None:
                if not (k + 1 < len(idx) and idx[k + 1] == i + 1 and _can_be_body(lines[i + 1])):
                    return None
                k += 1
            found.append((i, expected))
            expected += 1
            continuation = 0
        elif lines[i - 1].kind == "blank":
            return None  # body text again after a blank line: this was not the footnote area
        else:
            continuation += 1
            if continuation > _CONTINUATION_MAX:
                return None
        k += 1
    return found or None


def _loose_footnotes(lines: list[TextLine]) -> list[list[int]]:
    """Footnotes anywhere in the text (no trustworthy pages): the next expected number,
    a plausible body, and one piece of evidence: a tab or a blank line before the body, a
    neighbouring footnote (n - 1 just before or n + 1 just after), or a marker for it."""
    content = [i for i, line in enumerate(lines) if line.kind == "content" and not line.masthead]
    blocks: list[list[int]] = []
    expected = 1
    last = -10  # position in ``content`` of the last footnote line
    region = 0  # first line index after the previous block
    p = 0
    while p < len(content):
        i = content[p]
        st = _start(lines[i])
        if st is None or not expected <= st[0] <= expected + _RESYNC:
            p += 1
            continue
        n, body, tab = st
        after = p + 1
        if body is None:
            if p + 1 >= len(content) or not _can_be_body(lines[content[p + 1]]) or content[p + 1] != i + 1:
                p += 1
                continue
            after = p + 2
        following = _start(lines[content[after]]) if after < len(content) else None
        chained = p - last <= 3 and n == expected
        strong = (
            chained
            or (following is not None and following[0] == n + 1)
            or (body is not None and tab)
            or any(glued for _, _, _, glued in _candidates(lines, range(region, i), n))
        )
        # A skipped number (a body the extraction lost) needs strong evidence.
        evidence = strong or (n == expected and body is not None and i > 0 and lines[i - 1].kind == "blank")
        if not evidence:
            p += 1
            continue
        lines[i].footnote = n
        lines[i].body = body
        if chained and blocks:
            blocks[-1].append(i)
        else:
            blocks.append([i])
        region = i + 1
        expected = n + 1
        last = after - 1
        p = after
    return blocks


# --- markers -----------------------------------------------------------------------------
#
# A marker is the footnote number the extraction glued after a word or punctuation:
# "paragraph 15 (a);1", "archives,1 are posted", "(Chad)3;" or, at a line end, after one
# space: "paragraph 15 (b); 2", "paragraph 15 (c). 3" (slovenia-A-HRC-59-15.txt, page 2).
# Only a number whose footnote body was found (on the same page when pages are known) is
# lifted: "140.35", "2025", "(1)", "5/1", "R2HE" and "Add.1" never are.

_GLUED = re.compile(r"(?<=[^\s\d])(\d{1,3})(?=[\s.,;:)\]”’\"']|$)")
_SPACED = re.compile(r"(?<=[;.,:)])\s(\d{1,3})$")
_CLOSERS = ".,;:)]”’\"'»"
_ABBREVIATION = re.compile(r"(?:^|\W)(?:Add|Corr|Rev|No|Nos|WG|Vol|para|paras|art|arts|Art|p|pp|Sect|Ch)\.$")


def lift_markers(lines: list[TextLine], blocks: list[list[int]], *, paged: bool) -> None:
    """For each footnote, record the first marker calling it, in footnote order.

    With pages, the marker is on the footnote's page, above it. Without, it is anywhere
    between the neighbouring footnote blocks: the scrapes put a page's footnotes before its
    markers as often as after (samoa2011.txt, srilanka2012.txt).
    """
    fonts = any(line.superscripts for line in lines)
    start = 0
    for b, block in enumerate(blocks):
        page = lines[block[0]].page
        if paged:
            stop = block[0]
        else:
            stop = blocks[b + 1][0] if b + 1 < len(blocks) else len(lines)
        region = [
            j
            for j in range(start, stop)
            if lines[j].footnote is None and not lines[j].merged and (not paged or lines[j].page == page)
        ]
        cursor = (-1, -1)
        for i in block:
            number = lines[i].footnote
            assert number is not None
            found = [c for c in _candidates(lines, region, number, fonts=fonts) if (c[0], c[1]) > cursor]
            pick = next((c for c in found if c[3]), found[0] if found else None)
            if pick:
                j, begin, finish, _ = pick
                lines[j].cuts.append((begin, finish, number))
                cursor = (j, begin)
        start = block[-1] + 1


def _candidates(
    lines: list[TextLine], region: Iterable[int], number: int, *, fonts: bool = False
) -> list[tuple[int, int, int, bool]]:
    """Marker candidates for ``number``: (line index, start, end, glued) in reading order.

    With ``fonts`` (the PDF showed superscripts somewhere), only superscript digits are
    candidates on the lines the PDF styled; otherwise the patterns below find them.
    """
    out: list[tuple[int, int, int, bool]] = []
    for j in region:
        line = lines[j]
        if line.kind != "content" or line.masthead or line.footnote is not None or _TOC.search(line.text):
            continue
        if line.superscripts or (fonts and line.style is not None):
            # The PDF says which digits are set as superscript: those are the candidates.
            out.extend((j, a, b, True) for a, b in line.superscripts if line.text[a:b] == str(number))
            continue
        text = line.text
        if str(number) not in text:
            continue
        for m in _GLUED.finditer(text):
            if int(m.group(1)) == number and _glued_ok(text, m.start()):
                out.append((j, m.start(), m.end(), True))
        spaced = _SPACED.search(text)
        if spaced and int(spaced.group(1)) == number and _after_punctuation_ok(text, spaced.start() - 1):
            out.append((j, spaced.start(), spaced.end(), False))
    return out


def _glued_ok(text: str, start: int) -> bool:
    before = text[start - 1]
    if before.isalpha():
        word = re.search(r"[^\W\d_]+$", text[:start])
        return word is not None and len(word.group(0)) >= 3 and any(c.islower() for c in word.group(0))
    return before in _CLOSERS and _after_punctuation_ok(text, start - 1)


def _after_punctuation_ok(text: str, at: int) -> bool:
    """``text[at]`` is the punctuation before a candidate: not a decimal point, a thousands
    separator, a dot leader, a symbol ("A/HRC/WG.6") or an abbreviation ("Add.1", "No.3")."""
    mark = text[at]
    if mark in ".," and at > 0 and (text[at - 1].isdigit() or text[at - 1] == "."):
        return False
    token = text[: at + 1].rsplit(None, 1)[-1] if text[: at + 1].strip() else ""
    if "/" in token:
        return False
    return not (mark == "." and _ABBREVIATION.search(text[: at + 1]))
