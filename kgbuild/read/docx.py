"""Read stage, DOCX reader: a Word file (Office Open XML, ECMA-376) -> :class:`RawDocument`.

Library: python-docx (MIT; pure Python over lxml, BSD). It opens the package (ZIP, content
types, relationships) and parses every XML part with lxml and ``resolve_entities=False``
(``docx/oxml/parser.py``), so no entity is expanded and nothing is fetched. Its object API
stops at paragraphs and runs, so this reader walks the WordprocessingML itself: the body in
order (paragraphs, tables, content controls), the styles and numbering parts, and the
footnotes part, which python-docx does not model and which is parsed here with the same
safe settings (``XMLParser(resolve_entities=False, no_network=True)``).

One :class:`RawLine` per paragraph (format ``"docx"``; a text-wrapping break inside a
paragraph starts a new line, except in a heading), every line with ``blank_before``:

* heading level: the paragraph's outline level (``w:outlineLvl``, direct or from its style
  chain), else the style name ("heading 1", "Title", the UN template's "HCh_G", "H1_G",
  "H23_G" ...);
* numbering: Word auto-numbering (``w:numPr``, direct or from the style) is rebuilt from the
  numbering part: per abstract numbering, counters by level (a level restarts when a higher
  one advances; ``w:startOverride`` restarts a list), the label from ``w:lvlText`` and
  ``w:numFmt`` (decimal, letters, Roman) and put before the text with one space: "1. Text",
  as a UN Word file types "1.<tab>Text". A bullet format makes a bullet line instead;
* a paragraph without numbering in a "List ..." or "... Bullet ..." style is a bullet;
* footnote references (``w:footnoteReference``) become markers where they stand, numbered
  1, 2, 3 ... in the order of the references; the footnote bodies (``word/footnotes.xml``)
  come after the body as footnote lines. A custom-mark footnote (the "*" of a UN title) is
  no marker: its mark is in the text, and its body follows its paragraph as a plain line;
* a paragraph whose text is all bold or all italic has ``emphasis``;
* tables: each cell paragraph is a line, row by row;
* a tab is a column gap, not text: it and the spaces around it become one space, and
  leading or trailing ones go.
"""

from __future__ import annotations

import dataclasses

import logging
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from .decode import read_head
from ..model import Marker, RawDocument, RawLine

log = logging.getLogger(__name__)

FORMAT = "docx"

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W}}}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

_MAX_UNPACKED = 256 * 1024 * 1024
"""Refuse archives that unpack to more than this (a ZIP bomb, not a UN document)."""

# Elements whose content is not the paragraph's text: properties, deleted text, drawings
# and text boxes (their own paragraphs), field instructions, alternate renderings.
_SKIP = {
    f"{_W}{name}"
    for name in ("pPr", "rPr", "del", "moveFrom", "drawing", "pict", "object", "instrText", "delInstrText", "txbxContent")
} | {f"{_MC}AlternateContent"}

_UN_HEADING = re.compile(r"^H(Ch|1|23|4|56)_?G$")
_UN_LEVELS = {"Ch": 1, "1": 2, "23": 3, "4": 4, "56": 5}
_HEADING_NAME = re.compile(r"^heading\s*([1-9])$", re.IGNORECASE)
_LIST_NAME = re.compile(r"list|bullet", re.IGNORECASE)
_GAP = re.compile(r"[ \t]*\t[ \t]*")
_OFF = {"0", "false", "off", "none"}


@dataclass
class _Style:
    name: str
    based_on: str | None
    outline: int | None
    num: tuple[str, int] | None
    bold: bool | None
    italic: bool | None


@dataclass
class _Level:
    start: int
    fmt: str
    text: str


@dataclass
class _Numbering:
    """The numbering part: ``w:num`` -> abstract numbering, and the counters while reading."""

    nums: dict[str, tuple[str, dict[int, int]]] = field(default_factory=dict)
    """numId -> (abstractNumId, {level: start override})."""
    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    overridden: set[str] = field(default_factory=set)

    def label(self, num_id: str, ilvl: int) -> tuple[str, bool] | None:
        """The label of the next paragraph of list ``num_id`` at ``ilvl`` and whether it is a bullet."""
        if num_id not in self.nums:
            return None
        abstract, overrides = self.nums[num_id]
        levels = self.levels.get(abstract, {})
        level = levels.get(ilvl)
        if level is None:
            return None
        if level.fmt == "bullet":
            return "", True
        counters = self.counters.setdefault(abstract, {})
        if overrides and num_id not in self.overridden:
            # A w:num with a start override restarts the list where it is first used.
            self.overridden.add(num_id)
            counters.clear()
            for k, start in overrides.items():
                counters[k] = start - 1
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]

        def value(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            lvl = levels.get(k)
            n = counters.get(k, lvl.start if lvl else 1)
            return _format(n, lvl.fmt if lvl else "decimal")

        return re.sub(r"%([1-9])", value, level.text), False


def _format(n: int, fmt: str) -> str:
    """A counter in a w:numFmt (ECMA-376 Part 1, 17.18.59); unknown formats fall back to decimal."""
    if fmt in ("lowerLetter", "upperLetter"):
        s = ""
        k = n
        while k > 0:
            k, r = divmod(k - 1, 26)
            s = chr(ord("a") + r) + s
        return s.upper() if fmt == "upperLetter" else s
    if fmt in ("lowerRoman", "upperRoman"):
        s = _roman(n)
        return s.lower() if fmt == "lowerRoman" else s
    if fmt == "none":
        return ""
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def _roman(n: int) -> str:
    out = ""
    for value, numeral in _ROMAN:
        count, n = divmod(n, value)
        out += numeral * count
    return out


def _int(el, default: int) -> int:  # noqa: ANN001
    """The integer ``w:val`` of ``el``; ``default`` when it is absent or not a number."""
    try:
        return int(el.get(f"{_W}val")) if el is not None else default
    except (TypeError, ValueError):
        return default


def read_docx(path: Path) -> RawDocument:
    """Read a Word file into a :class:`RawDocument` (format ``"docx"``)."""
    document, footnotes_xml = _open(path)
    reader = _Reader(path, document, footnotes_xml)
    lines = reader.read()
    if not any(line.text for line in lines):
        raise InputError("the DOCX has no text", path=path)
    return RawDocument(path=path, format=FORMAT, lines=lines)


def _open(path: Path):  # noqa: ANN202 - python-docx types
    """The python-docx document and the bytes of its footnotes part (or None)."""
    head = read_head(path, 8)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError("not a DOCX file: this is a legacy Word .doc (OLE2) file; save it as .docx", path=path)
    if not head.startswith(b"PK"):
        raise InputError("not a DOCX file (not a ZIP archive)", path=path)
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if sum(info.file_size for info in archive.infolist()) > _MAX_UNPACKED:
                raise InputError("not a DOCX file: the archive unpacks to more than 256 MB", path=path)
    except zipfile.BadZipFile as exc:
        raise InputError(f"damaged DOCX (broken ZIP archive: {exc})", path=path) from None
    if "word/document.xml" not in names and "[Content_Types].xml" not in names:
        raise InputError("not a DOCX file: the ZIP archive has no word/document.xml", path=path)

    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.exceptions import PackageNotFoundError
    from lxml import etree

    try:
        document = docx.Document(str(path))
        footnotes = None
        for rel in document.part.rels.values():
            if rel.reltype == RT.FOOTNOTES and not rel.is_external:
                footnotes = rel.target_part.blob
        return document, footnotes
    except KeyError as exc:
        # A part or relationship the package needs is missing ("no relationship of type
        # .../officeDocument", "There is no item named 'word/styles.xml' in the archive").
        raise InputError(f"not a DOCX file, or a damaged one: missing {exc}", path=path) from None
    except (PackageNotFoundError, ValueError, etree.XMLSyntaxError, zipfile.BadZipFile) as exc:
        raise InputError(f"not a readable DOCX file: {exc}", path=path) from None


def _on(el) -> bool | None:  # noqa: ANN001
    """A toggle property (``w:b``, ``w:i``): None when absent."""
    if el is None:
        return None
    return el.get(f"{_W}val", "true").lower() not in _OFF


class _Reader:
    def __init__(self, path: Path, document, footnotes_xml: bytes | None):  # noqa: ANN001
        self.path = path
        self.body = document.element.body
        self.styles, self.default_style = self._styles(document)
        self.numbering = self._numbering(document)
        self.footnotes = self._footnotes(footnotes_xml)
        self.numbers: dict[str, int] = {}
        """Footnote id -> the number Word shows (order of first reference)."""

    # --- parts ----------------------------------------------------------------------------

    def _styles(self, document) -> tuple[dict[str, _Style], str | None]:  # noqa: ANN001
        """The styles by id, and the id of the default paragraph style."""
        out: dict[str, _Style] = {}
        default = None
        for el in document.styles.element.iter(f"{_W}style"):
            sid = el.get(f"{_W}styleId")
            if el.get(f"{_W}type") == "paragraph" and el.get(f"{_W}default") in ("1", "true", "on"):
                default = sid
            name_el = el.find(f"{_W}name")
            based = el.find(f"{_W}basedOn")
            ppr = el.find(f"{_W}pPr")
            rpr = el.find(f"{_W}rPr")
            outline = ppr.find(f"{_W}outlineLvl") if ppr is not None else None
            out[sid] = _Style(
                name=name_el.get(f"{_W}val", sid) if name_el is not None else sid,
                based_on=based.get(f"{_W}val") if based is not None else None,
                outline=_int(outline, 9) if outline is not None else None,
                num=_num_pr(ppr),
                bold=_on(rpr.find(f"{_W}b")) if rpr is not None else None,
                italic=_on(rpr.find(f"{_W}i")) if rpr is not None else None,
            )
        return out, default

    def _numbering(self, document) -> _Numbering:  # noqa: ANN001
        numbering = _Numbering()
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return numbering
        for abstract in root.iter(f"{_W}abstractNum"):
            levels: dict[int, _Level] = {}
            for lvl in abstract.iter(f"{_W}lvl"):
                start = lvl.find(f"{_W}start")
                fmt = lvl.find(f"{_W}numFmt")
                text = lvl.find(f"{_W}lvlText")
                levels[_int_attr(lvl, "ilvl")] = _Level(
                    start=_int(start, 1),
                    fmt=fmt.get(f"{_W}val", "decimal") if fmt is not None else "decimal",
                    text=text.get(f"{_W}val", "") if text is not None else "",
                )
            numbering.levels[abstract.get(f"{_W}abstractNumId")] = levels
        for num in root.iter(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            if ref is None:
                continue
            overrides = {}
            for override in num.iter(f"{_W}lvlOverride"):
                start = override.find(f"{_W}startOverride")
                if start is not None:
                    overrides[_int_attr(override, "ilvl")] = _int(start, 1)
            numbering.nums[num.get(f"{_W}numId")] = (ref.get(f"{_W}val"), overrides)
        return numbering

    def _footnotes(self, data: bytes | None) -> dict[str, list]:  # noqa: ANN001
        """Footnote id -> its paragraphs (separators and continuation notices left out)."""
        if not data:
            return {}
        from lxml import etree

        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        try:
            root = etree.fromstring(data, parser)
        except etree.XMLSyntaxError as exc:
            raise InputError(f"damaged DOCX: word/footnotes.xml is not well-formed XML ({exc})", path=self.path) from None
        out = {}
        for note in root.iter(f"{_W}footnote"):
            if note.get(f"{_W}type") in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            out[note.get(f"{_W}id")] = list(note.iter(f"{_W}p"))
        return out

    # --- style chains ---------------------------------------------------------------------

    def _chain(self, style_id: str | None) -> Iterator[_Style]:
        seen = set()
        sid = style_id or self.default_style
        while sid and sid in self.styles and sid not in seen:
            seen.add(sid)
            style = self.styles[sid]
            yield style
            sid = style.based_on

    def _heading_level(self, ppr, style_id: str | None) -> int | None:  # noqa: ANN001
        direct = ppr.find(f"{_W}outlineLvl") if ppr is not None else None
        if direct is not None:
            value = _int(direct, 9)
            return value + 1 if value < 9 else None
        for style in self._chain(style_id):
            if style.outline is not None:
                return style.outline + 1 if style.outline < 9 else None
            if m := _HEADING_NAME.match(style.name):
                return int(m.group(1))
            if style.name.lower() == "title":
                return 1
            if m := _UN_HEADING.match(style.name):
                return _UN_LEVELS[m.group(1)]
        return None

    def _num(self, ppr, style_id: str | None) -> tuple[str, int] | None:  # noqa: ANN001
        direct = _num_pr(ppr)
        if direct is not None:
            return direct if direct[0] != "0" else None
        for style in self._chain(style_id):
            if style.num is not None:
                return style.num if style.num[0] != "0" else None
        return None

    def _run_flag(self, run, attr: str, para_style: str | None) -> bool:  # noqa: ANN001
        tag = f"{_W}{'b' if attr == 'bold' else 'i'}"
        rpr = run.find(f"{_W}rPr")
        if rpr is not None:
            direct = _on(rpr.find(tag))
            if direct is not None:
                return direct
            rstyle = rpr.find(f"{_W}rStyle")
            if rstyle is not None:
                for style in self._chain(rstyle.get(f"{_W}val")):
                    if getattr(style, attr) is not None:
                        return bool(getattr(style, attr))
        for style in self._chain(para_style):
            if getattr(style, attr) is not None:
                return bool(getattr(style, attr))
        return False

    # --- the body -------------------------------------------------------------------------

    def read(self) -> list[RawLine]:
        lines: list[RawLine] = []
        for p, cell in self._paragraphs(self.body):
            found = self._paragraph(p)
            lines.extend(found if cell is None else [dataclasses.replace(line, cell=cell) for line in found])
        by_number = sorted((n, fid) for fid, n in self.numbers.items())
        for number, fid in by_number:
            paras = self.footnotes.get(fid)
            if not paras:
                log.debug("%s: footnote %s (id %s) has no body", self.path, number, fid)
                continue
            for k, p in enumerate(paras):
                pieces, _, _ = self._text(p, note=True)
                text, _ = _clean(" ".join(piece for piece in pieces if piece), [])
                if k == 0:
                    lines.append(RawLine(text=text, footnote=number, blank_before=True))
                elif text:
                    lines.append(RawLine(text=text))
        return lines

    def _paragraphs(self, container, cell: tuple[int, int] | None = None) -> Iterator:  # noqa: ANN001
        """(paragraph, table cell) in body order: tables cell by cell, row by row, with the
        (row, column) of the cell; content controls opened."""
        row = -1
        for child in container:
            tag = child.tag
            if tag == f"{_W}p":
                yield child, cell
            elif tag == f"{_W}tbl":
                yield from self._paragraphs(child, None)
            elif tag == f"{_W}tr":
                row += 1
                col = -1
                for tc in child:
                    if tc.tag == f"{_W}tc":
                        col += 1
                        yield from self._paragraphs(tc, (row, col))
                    elif tc.tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml"):
                        yield from self._paragraphs(tc, (row, col))
            elif tag in (f"{_W}tc", f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml"):
                yield from self._paragraphs(child, cell)

    def _paragraph(self, p) -> list[RawLine]:  # noqa: ANN001
        ppr = p.find(f"{_W}pPr")
        style_el = ppr.find(f"{_W}pStyle") if ppr is not None else None
        style_id = style_el.get(f"{_W}val") if style_el is not None else None
        level = self._heading_level(ppr, style_id)
        pieces, markers, custom = self._text(p)
        runs = [r for r in p.iter(f"{_W}r") if "".join(t.text or "" for t in r.iter(f"{_W}t")).strip()]
        bold = bool(runs) and all(self._run_flag(r, "bold", style_id) for r in runs)
        italic = bool(runs) and all(self._run_flag(r, "italic", style_id) for r in runs)

        bullet = False
        num = self._num(ppr, style_id)
        label = self.numbering.label(*num) if num else None
        if label is not None:
            prefix, bullet = label
            if prefix:
                pieces[0] = f"{prefix} {pieces[0]}" if pieces[0] else prefix
                markers = [(k, o + len(prefix) + 1 if k == 0 else o, n) for k, o, n in markers]
        elif level is None and any(_LIST_NAME.search(s.name) for s in self._chain(style_id)):
            bullet = True

        if level is not None:  # a heading is one line: its breaks are spaces
            joined, shifted = "", list[tuple[int, int, int]]()
            for k, piece in enumerate(pieces):
                sep = " " if joined else ""
                shifted.extend((0, o + len(joined) + len(sep), n) for kk, o, n in markers if kk == k)
                joined += sep + piece
            pieces, markers = [joined], shifted

        out: list[RawLine] = []
        for k, piece in enumerate(pieces):
            text, marks = _clean(piece, [(o, n) for kk, o, n in markers if kk == k])
            if not text and not marks:
                continue
            out.append(
                RawLine(
                    text=text,
                    heading_level=level,
                    bullet=bullet and not out,
                    blank_before=not out,
                    markers=tuple(Marker(o, n) for o, n in marks),
                    emphasis=bold or italic,
                )
            )
        for fid in custom:
            for note_p in self.footnotes.get(fid, []):
                note_pieces, _, _ = self._text(note_p, note=True)
                cleaned, _ = _clean(" ".join(t for t in note_pieces if t), [])
                if cleaned:
                    out.append(RawLine(text=cleaned, blank_before=True))
        return out

    def _text(self, p, *, note: bool = False) -> tuple[list[str], list[tuple[int, int, int]], list[str]]:  # noqa: ANN001
        """The paragraph's text as pieces split at line breaks (tabs kept), its markers as
        (piece, offset, number), and the ids of the custom-mark footnotes it calls."""
        pieces = [""]
        markers: list[tuple[int, int, int]] = []
        custom: list[str] = []

        def walk(el) -> None:  # noqa: ANN001
            for child in el:
                tag = child.tag
                if tag in _SKIP or not isinstance(tag, str):
                    continue
                if tag == f"{_W}t":
                    # An entity reference left unresolved (resolve_entities=False) is dropped.
                    pieces[-1] += (child.text or "") + "".join(c.tail or "" for c in child)
                elif tag == f"{_W}tab" and el.tag == f"{_W}r":
                    pieces[-1] += "\t"
                elif tag in (f"{_W}br", f"{_W}cr") and el.tag == f"{_W}r":
                    if child.get(f"{_W}type") not in ("page", "column"):
                        pieces.append("")
                elif tag == f"{_W}noBreakHyphen":
                    pieces[-1] += "-"
                elif tag == f"{_W}sym":
                    try:
                        code = int(child.get(f"{_W}char", "0"), 16)
                    except ValueError:
                        code = 0
                    if 0x20 <= code < 0xF000:  # Symbol-font code points (U+F0xx) are not text
                        pieces[-1] += chr(code)
                elif tag == f"{_W}footnoteReference" and not note:
                    fid = child.get(f"{_W}id")
                    if child.get(f"{_W}customMarkFollows", "0").lower() in ("1", "true", "on"):
                        custom.append(fid)
                    else:
                        number = self.numbers.setdefault(fid, len(self.numbers) + 1)
                        markers.append((len(pieces) - 1, len(pieces[-1]), number))
                elif tag == f"{_W}p" and child is not p:
                    continue  # a paragraph nested in this one (text box leftovers)
                else:
                    walk(child)

        walk(p)
        return pieces, markers, custom


def _num_pr(ppr) -> tuple[str, int] | None:  # noqa: ANN001
    if ppr is None:
        return None
    num_pr = ppr.find(f"{_W}numPr")
    if num_pr is None:
        return None
    num_id = num_pr.find(f"{_W}numId")
    ilvl = num_pr.find(f"{_W}ilvl")
    if num_id is None:
        return None
    return num_id.get(f"{_W}val", "0"), _int(ilvl, 0)


def _int_attr(el, name: str) -> int:  # noqa: ANN001
    try:
        return int(el.get(f"{_W}{name}", "0"))
    except ValueError:
        return 0


def _clean(text: str, markers: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """Tabs (with the spaces around them) become one space; leading and trailing white space
    goes; marker offsets follow the text.

    >>> _clean("1.\\tText\\t", [(7, 1)])
    ('1. Text', [(7, 1)])
    """
    # new_offset[i]: where old offset i lands in the result.
    out: list[str] = []
    new_offset = [0] * (len(text) + 1)
    pos = 0
    for m in _GAP.finditer(text):
        for i in range(pos, m.start()):
            new_offset[i] = len(out)
            out.append(text[i])
        for i in range(m.start(), m.end()):
            new_offset[i] = len(out)
        out.append(" ")
        pos = m.end()
    for i in range(pos, len(text)):
        new_offset[i] = len(out)
        out.append(text[i])
    new_offset[len(text)] = len(out)
    joined = "".join(out)
    lead = len(joined) - len(joined.lstrip())
    result = joined.strip()
    moved = [(min(max(0, new_offset[o] - lead), len(result)), n) for o, n in markers]
    return result, moved
