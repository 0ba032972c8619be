"""Generate the DOCX and PDF fixtures of tests/data/ from the corpus texts.

No real UN Word or PDF file is available offline, so the DOCX and PDF variants of two corpus
documents are produced here, in the UN layout, from their text:

* the Kazakhstan addendum (``kgbuild/bundled/kazakhstan-upr4-addendum.md``): its header
  lines, headings, numbered paragraphs, bullet items, footnote markers and Russian footnote
  texts as the Markdown reader and the structure step give them;
* the Slovenia addendum (``tests/data/slovenia-A-HRC-59-15-Add.1.txt``): its header and its
  paragraphs rebuilt from the physical lines (a numbered paragraph, a Roman-numeral heading or
  a recommendation label such as "140.11-14" starts a block; a line indented deeper than the
  page's text starts a new paragraph; other lines continue the block).

DOCX (python-docx): the masthead in a two-column table, the title block, headings as Word
headings, numbered paragraphs typed "N.<tab>text" as UN Word files do (Kazakhstan) or
numbered by Word's auto-numbering through the "List Number" style (Slovenia), bullets as
"List Bullet" paragraphs, markers as real Word footnotes (word/footnotes.xml), the
"*" note of the title as a custom-mark footnote.

PDF (reportlab, DejaVu Serif from Debian's fonts-dejavu-core, embedded as subsets): page 1
with the masthead ("United Nations", the symbol, "General Assembly", the distribution block),
the title block, the "*" note and the job number "GE.25-05640 (E)"; the symbol as running
header on later pages (Slovenia; the Kazakhstan Markdown prints no symbol); a footer with the
page number and the job number; footnote markers as superscripts; footnotes at the foot of the
page that calls them, under a short rule. The job number is Slovenia's addendum's (A/HRC/59/15/Add.1);
the Kazakhstan PDF borrows it because the Markdown conversion lost Kazakhstan's. Page furniture
never reaches the graph.

Run from the repository root: ``python tests/read/make_fixtures.py`` (needs python-docx and
reportlab: ``pip install -e '.[fixtures]'``). Output is deterministic (fixed zip timestamps,
reportlab's invariant mode).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from docx import Document as new_docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE as CT, RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, Twips
from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from kgbuild.language import load
from kgbuild.read.markdown import read_markdown
from kgbuild.read.text import read_text
from kgbuild.reference import Reference
from kgbuild.structure import split_header, structure

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data"
KAZ_MD = REPO / "kgbuild" / "bundled" / "kazakhstan-upr4-addendum.md"
SVN_TXT = DATA / "slovenia-A-HRC-59-15-Add.1.txt"
FONTS = Path("/usr/share/fonts/truetype/dejavu")
JOB = "GE.25-05640"

_SYMBOL = re.compile(r"^[A-Z]{1,4}(?:/[A-Z0-9][A-Za-z0-9.\-]*){2,}$")
_DATE = re.compile(r"^\d{1,2} [A-Z][a-z]+ \d{4}$")
_PARA = re.compile(r"^(\d{1,3})\.\s+(\S.*)$")
_ROMAN = re.compile(r"^([IVXL]{1,6})\.\s+(\S.*)$")
_LABEL = re.compile(r"^\d{3}\.\d{1,3}(?:\s*[-,]\s*\d{1,3})*$")
"""A line made only of recommendation numbers ("140.11-14", "140.82-85, 87"): it heads the
response text under it (the Slovenia addendum)."""


@dataclass
class Block:
    kind: str
    """``h1`` (Roman-numeral heading), ``h2``, ``para`` (numbered), ``bullet``, ``text``."""
    text: str
    number: int | None = None
    numeral: str | None = None
    markers: list[tuple[int, int]] = field(default_factory=list)
    """(offset into ``text``, footnote number)."""


@dataclass
class Source:
    name: str
    symbol: str | None
    right: list[str]
    """The masthead's right column: "Distr.: General", the date, "English", "Original: ..."."""
    title_block: list[tuple[str, str]]
    """(role, text): ``organ`` (bold), ``plain``, ``title`` (with the "*" note), ``state``, ``views``."""
    star: str | None
    body: list[Block]
    footnotes: dict[int, str]
    auto_numbering: bool
    body_on_page_2: bool


def _join(a: str, b: str) -> str:
    """Join two physical lines as the structure step does (no space after a line-end hyphen)."""
    if not a:
        return b
    return a + b if a.endswith("-") and not a.endswith(" -") else f"{a} {b}"


def _header(texts: list[str]) -> tuple[str | None, list[str], list[tuple[str, str]], str | None]:
    symbol, right, block, star = None, [], [], None
    seen_title = False
    i = 0
    while i < len(texts):
        t = texts[i]
        if t in ("United Nations", "General Assembly"):
            pass
        elif _SYMBOL.match(t):
            symbol = t
        elif t.startswith(("Distr.", "Original:")) or t == "English" or (right and _DATE.match(t)):
            right.append(t)
        elif t.startswith("* "):
            star = t[2:]
        elif t.startswith("Report of the Working Group"):
            while not t.rstrip("*").endswith("Review"):
                i += 1
                t = _join(t, texts[i])
            block.append(("title", t.rstrip("*")))
            seen_title = True
        elif t.startswith("Views on"):
            while i + 1 < len(texts) and texts[i + 1][:1].islower():
                i += 1
                t = _join(t, texts[i])
            block.append(("views", t))
        elif t in ("Human Rights Council", "Universal periodic review"):
            block.append(("organ", t))
        else:
            block.append(("state" if seen_title else "plain", t))
        i += 1
    return symbol, right, block, star


def kazakhstan() -> Source:
    raw = read_markdown(KAZ_MD)
    head, _ = split_header(raw, load("en"))
    symbol, right, block, star = _header([ln.text for ln in head if ln.text])
    doc = structure(raw, Reference("https://w3id.org/upr-kg/id/"))
    body: list[Block] = []
    for u in doc.units:
        if u.kind == "heading" and u.level == 1:
            m = _ROMAN.match(u.text)
            assert m, u.text
            body.append(Block("h1", m[2], numeral=m[1]))
        elif u.kind == "heading":
            body.append(Block("h2", u.text))
        elif u.kind == "paragraph":
            cuts = [0] + [s for s, _ in u.items] + [len(u.text) + 1]
            for k in range(len(cuts) - 1):
                start, end = cuts[k], cuts[k + 1] - 1
                marks = [(mk.offset - start, mk.number) for mk in u.markers if start <= mk.offset <= end]
                kind = "para" if k == 0 else "bullet"
                body.append(Block(kind, u.text[start:end], number=u.number if k == 0 else None, markers=marks))
        elif u.kind == "block":
            body.append(Block("text", u.text))
    notes = {u.number: u.text for u in doc.footnotes if u.number is not None}
    return Source("kazakhstan-upr4-addendum", symbol, right, block, star, body, notes, False, False)


def slovenia() -> Source:
    raw = read_text(SVN_TXT)
    head, lines = split_header(raw, load("en"))
    symbol, right, block, star = _header([ln.text for ln in head])
    base: dict[int, int] = {}
    for page in {ln.page for ln in lines}:
        indents = [ln.indent for ln in lines if ln.page == page and not _LABEL.match(ln.text)]
        base[page] = max(set(indents), key=indents.count)
    body: list[Block] = []
    for ln in lines:
        t, cur = ln.text, body[-1] if body else None
        if m := _PARA.match(t):
            body.append(Block("para", m[2], number=int(m[1])))
        elif m := _ROMAN.match(t):
            body.append(Block("h1", m[2], numeral=m[1]))
        elif _LABEL.match(t):
            body.append(Block("text", t))
        elif cur is None or _LABEL.match(cur.text) or (cur.kind != "h1" and ln.indent >= base[ln.page] + 4):
            body.append(Block("text", t))
        else:
            cur.text = _join(cur.text, t)
    return Source("slovenia-A-HRC-59-15-Add.1", symbol, right, block, star, body, {}, True, True)


# --- DOCX ----------------------------------------------------------------------------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _ref_run(number: int | None, ref_style: str, custom: bool = False):  # noqa: ANN202
    """A run holding a footnote reference (``w:footnoteReference``)."""
    r = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    rs = OxmlElement("w:rStyle")
    rs.set(qn("w:val"), ref_style)
    rpr.append(rs)
    r.append(rpr)
    ref = OxmlElement("w:footnoteReference")
    if custom:
        ref.set(qn("w:customMarkFollows"), "1")
    ref.set(qn("w:id"), str(number))
    r.append(ref)
    return r


def _runs(paragraph, text: str, markers: list[tuple[int, int]], ref_style: str, bold: bool = False) -> None:  # noqa: ANN001
    pos = 0
    for offset, number in sorted(markers):
        if offset > pos:
            paragraph.add_run(text[pos:offset]).bold = bold or None
        paragraph._p.append(_ref_run(number, ref_style))
        pos = offset
    if pos < len(text):
        paragraph.add_run(text[pos:]).bold = bold or None


def _footnotes_xml(notes: dict[int, str], star: str | None, text_style: str, ref_style: str) -> bytes:
    out = [
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes xmlns:w="{W}">',
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>',
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>',
    ]
    ppr = f'<w:pPr><w:pStyle w:val="{text_style}"/></w:pPr>'
    mark = f'<w:rPr><w:rStyle w:val="{ref_style}"/></w:rPr>'
    if star:
        out.append(
            f'<w:footnote w:id="1"><w:p>{ppr}<w:r>{mark}<w:t>*</w:t></w:r>'
            f'<w:r><w:tab/><w:t>{escape(star)}</w:t></w:r></w:p></w:footnote>'
        )
    for n, body in sorted(notes.items()):
        # Word numbers footnotes by the order of their references; ids are free: offset them.
        out.append(
            f'<w:footnote w:id="{n + 1}"><w:p>{ppr}<w:r>{mark}<w:footnoteRef/></w:r>'
            f'<w:r><w:tab/><w:t xml:space="preserve">{escape(body)}</w:t></w:r></w:p></w:footnote>'
        )
    out.append("</w:footnotes>")
    return "\n".join(out).encode("utf-8")


def write_docx(src: Source, path: Path) -> None:
    doc = new_docx()
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(10)
    normal.paragraph_format.space_after = Pt(0)
    text_style = styles.add_style("SingleTxtG", WD_STYLE_TYPE.PARAGRAPH)
    text_style.base_style = normal
    fmt = text_style.paragraph_format
    fmt.left_indent, fmt.right_indent, fmt.space_after = Twips(1134), Twips(1134), Pt(6)
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    ref = styles.add_style("footnote reference", WD_STYLE_TYPE.CHARACTER)
    ref.font.superscript = True
    note = styles.add_style("footnote text", WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = normal
    note.font.size = Pt(9)
    if src.auto_numbering:
        # UN-template heading styles (H1_G): bold, with an outline level instead of a built-in name.
        h1 = styles.add_style("H1G", WD_STYLE_TYPE.PARAGRAPH)
        h1.base_style = normal
        h1.font.bold, h1.font.size = True, Pt(12)
        lvl = OxmlElement("w:outlineLvl")
        lvl.set(qn("w:val"), "1")
        h1.element.get_or_add_pPr().append(lvl)
        heading1, heading2 = "H1G", "H1G"
    else:
        heading1, heading2 = "Heading 1", "Heading 2"

    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "United Nations"
    table.cell(0, 1).text = src.symbol or ""
    ga = table.cell(1, 0).paragraphs[0].add_run("General Assembly")
    ga.bold, ga.font.size = True, Pt(20)
    cell = table.cell(1, 1)
    cell.paragraphs[0].text = src.right[0]
    for line in src.right[1:]:
        cell.add_paragraph(line)

    for role, text in src.title_block:
        if role == "title":
            p = doc.add_paragraph(style="Title")
            p.add_run(text)
            if src.star:
                p._p.append(_ref_run(1, ref.style_id, custom=True))
                p.add_run("*").style = ref
        elif role in ("state", "views"):
            p = doc.add_paragraph(style=heading1 if role == "state" else None)
            p.add_run(text).bold = True
        else:
            doc.add_paragraph().add_run(text).bold = role == "organ" or None
    if src.body_on_page_2:
        doc.add_page_break()

    for b in src.body:
        marks = [(o, n + 1) for o, n in b.markers]  # footnote n has id n + 1 (id 1 is the "*" note)
        if b.kind == "h1":
            doc.add_paragraph(f"{b.numeral}.\t{b.text}", style=heading1)
        elif b.kind == "h2":
            doc.add_paragraph(b.text, style=heading2)
        elif b.kind == "bullet":
            _runs(doc.add_paragraph(style="List Bullet"), b.text, marks, ref.style_id)
        elif b.kind == "para" and src.auto_numbering:
            _runs(doc.add_paragraph(style="List Number"), b.text, marks, ref.style_id)
        elif b.kind == "para":
            p = doc.add_paragraph(style=text_style)
            _runs(p, f"{b.number}.\t{b.text}", [(o + len(f"{b.number}.\t"), n) for o, n in marks], ref.style_id)
        else:
            doc.add_paragraph(b.text, style=text_style)

    if src.footnotes or src.star:
        blob = _footnotes_xml(src.footnotes, src.star, note.style_id, ref.style_id)
        part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, blob, doc.part.package)
        doc.part.relate_to(part, RT.FOOTNOTES)
    buffer = io.BytesIO()
    doc.save(buffer)
    _deterministic_zip(buffer.getvalue(), path)


def _deterministic_zip(data: bytes, path: Path) -> None:
    """Rewrite the archive with fixed timestamps so that the file is reproducible."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2025, 4, 24, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    path.write_bytes(out.getvalue())


# --- PDF -----------------------------------------------------------------------------------

PAGE_W, PAGE_H = A4
LEFT = 57.0
TEXT_X = 114.0
TEXT_W = PAGE_W - 2 * TEXT_X
TOP = PAGE_H - 62
BOTTOM = 70.0


def _fonts() -> None:
    pdfmetrics.registerFont(TTFont("Serif", str(FONTS / "DejaVuSerif.ttf")))
    pdfmetrics.registerFont(TTFont("Serif-Bold", str(FONTS / "DejaVuSerif-Bold.ttf")))
    pdfmetrics.registerFontFamily("Serif", normal="Serif", bold="Serif-Bold", italic="Serif", boldItalic="Serif-Bold")


def _style(name: str, size: float, leading: float, *, bold: bool = False, **kw: object) -> ParagraphStyle:
    return ParagraphStyle(name, fontName="Serif-Bold" if bold else "Serif", fontSize=size, leading=leading, **kw)


BODY = _style("body", 10, 12, alignment=TA_JUSTIFY, firstLineIndent=0, bulletFontName="Serif", bulletFontSize=10)
NUMBERED = _style("numbered", 10, 12, alignment=TA_JUSTIFY, bulletFontName="Serif", bulletIndent=0, firstLineIndent=28)
INDENTED = _style("indented", 10, 12, alignment=TA_JUSTIFY, firstLineIndent=28)
BULLET = _style("bullet", 10, 12, alignment=TA_JUSTIFY, leftIndent=40, bulletIndent=28, bulletFontName="Serif")
H1 = _style("h1", 12, 14, bold=True, alignment=TA_LEFT, leftIndent=0, bulletIndent=-29, bulletFontName="Serif-Bold", bulletFontSize=12)
H2 = _style("h2", 10, 12, bold=True, alignment=TA_LEFT)
TITLE = _style("title", 14, 17, bold=True, alignment=TA_LEFT)
NOTE = _style("note", 8, 10, alignment=TA_LEFT, leftIndent=0)


def _markup(text: str, markers: list[tuple[int, int]]) -> str:
    out, pos = [], 0
    for offset, number in sorted(markers):
        out.append(escape(text[pos:offset]) + f'<super size="6" rise="3.5">{number}</super>')
        pos = offset
    out.append(escape(text[pos:]))
    return "".join(out)


class Layout:
    """A small page layout: blocks flow down the text column; each page keeps room at its foot
    for the footnotes its paragraphs call (a paragraph that calls a footnote is not split)."""

    def __init__(self, src: Source, path: Path):
        self.src = src
        self.c = Canvas(str(path), pagesize=A4, invariant=1, pageCompression=1)
        self.c.setTitle(src.name)
        self.page = 1
        self.y = TOP
        self.notes: list[int | str] = ["*"] if src.star else []

    def note_height(self, numbers: list[int | str]) -> float:
        if not numbers and not self.notes:
            return 0.0
        h = sum(self._note(n).wrap(TEXT_W, 1000)[1] for n in [*self.notes, *numbers])
        return h + 16

    def _note(self, n: int | str) -> Paragraph:
        text = self.src.star if n == "*" else self.src.footnotes[n]  # type: ignore[index]
        return Paragraph(escape(text or ""), NOTE)

    def room(self) -> float:
        return self.y - BOTTOM - self.note_height([])

    def finish_page(self) -> None:
        c = self.c
        y = BOTTOM + self.note_height([]) - 10
        if self.notes:
            c.setLineWidth(0.5)
            c.line(TEXT_X, y, TEXT_X + 72, y)
            y -= 6
            for n in self.notes:
                para = self._note(n)
                _, h = para.wrap(TEXT_W, 1000)
                para.drawOn(c, TEXT_X, y - h)
                c.setFont("Serif", 6)
                c.drawRightString(TEXT_X - 3, y - NOTE.fontSize + 3, str(n))
                y -= h
        c.setFont("Serif", 9)
        if self.page == 1:
            c.drawString(LEFT, 40, f"{JOB} (E)")
            c.drawString(LEFT, 28, f"*{JOB[3:].replace('-', '')}*")
        elif self.page % 2 == 0:
            c.drawString(LEFT, 40, str(self.page))
            c.drawString(LEFT + 40, 40, JOB)
        else:
            c.drawRightString(PAGE_W - LEFT, 40, str(self.page))
            c.drawRightString(PAGE_W - LEFT - 40, 40, JOB)
        c.showPage()
        self.page += 1
        self.notes = []
        self.y = TOP
        if self.src.symbol:
            c.setFont("Serif-Bold", 9)
            if self.page % 2 == 0:
                c.drawString(LEFT, PAGE_H - 40, self.src.symbol)
            else:
                c.drawRightString(PAGE_W - LEFT, PAGE_H - 40, self.src.symbol)

    def put(self, para: Paragraph, before: float, after: float, notes: list[int | str], keep: float = 0.0) -> None:
        """Place ``para`` after ``before`` points; ``keep`` is room wanted below it (headings)."""
        self.y -= before
        _, h = para.wrap(TEXT_W, 10000)
        while True:
            free = self.y - BOTTOM - self.note_height(notes)
            if h + keep <= free:
                break
            if not notes and not keep and free > 3 * para.style.leading:
                parts = para.split(TEXT_W, free)
                if len(parts) == 2:
                    first, para = parts
                    _, fh = first.wrap(TEXT_W, free)
                    first.drawOn(self.c, TEXT_X, self.y - fh)
                    self.finish_page()
                    _, h = para.wrap(TEXT_W, 10000)
                    continue
            self.finish_page()
        para.drawOn(self.c, TEXT_X, self.y - h)
        self.notes.extend(notes)
        self.y -= h + after

    def masthead(self) -> None:
        c, src = self.c, self.src
        c.setFont("Serif", 10)
        c.drawString(LEFT, PAGE_H - 50, "United Nations")
        if src.symbol:
            c.setFont("Serif-Bold", 14)
            c.drawRightString(PAGE_W - LEFT, PAGE_H - 50, src.symbol)
        c.setLineWidth(1)
        c.line(LEFT, PAGE_H - 58, PAGE_W - LEFT, PAGE_H - 58)
        c.setFont("Serif-Bold", 20)
        c.drawString(LEFT + 40, PAGE_H - 86, "General Assembly")
        c.setFont("Serif", 10)
        y = PAGE_H - 86
        for line in src.right:
            if line.startswith("Original"):
                y -= 12
            c.drawString(400, y, line)
            y -= 12
        c.line(LEFT, y - 4, PAGE_W - LEFT, y - 4)
        self.y = y - 26
        for role, text in src.title_block:
            if role == "organ":
                c.setFont("Serif-Bold", 10)
                c.drawString(LEFT, self.y, text)
                self.y -= 12
            elif role == "plain":
                c.setFont("Serif", 10)
                c.drawString(LEFT, self.y, text)
                self.y -= 12
            elif role == "title":
                star = '<super size="9" rise="5">*</super>' if src.star else ""
                self.put(Paragraph(escape(text) + star, TITLE), 24, 0, [])
            else:
                self.put(Paragraph(escape(text), _style("h", 12, 14, bold=True)), 12, 0, [])
        self.y -= 24

    def body(self) -> None:
        if self.src.body_on_page_2:
            self.finish_page()
        for b in self.src.body:
            notes: list[int | str] = [n for _, n in b.markers]
            text = _markup(b.text, b.markers)
            if b.kind == "h1":
                self.put(Paragraph(text, H1, bulletText=f"{b.numeral}."), 12, 6, notes, keep=30)
            elif b.kind == "h2":
                self.put(Paragraph(text, H2), 6, 6, notes, keep=30)
            elif b.kind == "para":
                self.put(Paragraph(text, NUMBERED, bulletText=f"{b.number}."), 0, 6, notes)
            elif b.kind == "bullet":
                self.put(Paragraph(text, BULLET, bulletText="•"), 0, 6, notes)
            else:
                self.put(Paragraph(text, INDENTED), 0, 6, notes)
        self.finish_page()
        self.c.save()


def write_pdf(src: Source, path: Path) -> None:
    _fonts()
    layout = Layout(src, path)
    layout.masthead()
    layout.body()


def write_bad_pdfs() -> list[Path]:
    """Two PDFs the reader must refuse: one that needs a password to open, one with no text
    (a page with only a drawing, as a scan without OCR has only an image)."""
    from reportlab.lib.pdfencrypt import StandardEncryption

    encrypted = DATA / "pdf-encrypted.pdf"
    c = Canvas(str(encrypted), pagesize=A4, invariant=1, encrypt=StandardEncryption("secret", canPrint=0))
    c.setFont("Helvetica", 10)
    c.drawString(LEFT, TOP, "United Nations")
    c.showPage()
    c.save()
    scanned = DATA / "pdf-no-text-layer.pdf"
    c = Canvas(str(scanned), pagesize=A4, invariant=1)
    c.rect(LEFT, BOTTOM, TEXT_W, TOP - BOTTOM, fill=1)
    c.showPage()
    c.save()
    return [encrypted, scanned]


def write_libreoffice_pdf(docx: Path) -> Path | None:
    """The DOCX as LibreOffice Writer lays it out and exports it: a PDF from a word
    processor's own layout engine (fonts, footnote area, list indents, superscripts), not
    from the layout above. Skipped when LibreOffice is not installed (Debian:
    ``libreoffice-writer-nogui``); its output is not byte-reproducible (dates, ids)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print(f"skipped {docx.stem}-libreoffice.pdf: LibreOffice (soffice) not found")
        return None
    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp, "profile").as_uri()
        subprocess.run(
            [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", tmp, str(docx)],
            check=True,
            capture_output=True,
            timeout=300,
        )
        target = DATA / f"{docx.stem}-libreoffice.pdf"
        shutil.copyfile(Path(tmp, f"{docx.stem}.pdf"), target)
    return target


def main() -> None:
    written: list[Path] = []
    for src in (kazakhstan(), slovenia()):
        for suffix, write in ((".docx", write_docx), (".pdf", write_pdf)):
            target = DATA / f"{src.name}{suffix}"
            write(src, target)
            written.append(target)
    if converted := write_libreoffice_pdf(DATA / "kazakhstan-upr4-addendum.docx"):
        written.append(converted)
    written.extend(write_bad_pdfs())
    for target in written:
        print(f"{target.relative_to(REPO)}: {target.stat().st_size} bytes")


if __name__ == "__main__":
    main()
