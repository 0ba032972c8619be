"""kgbuild.read.pdf: a UN PDF -> RawDocument, and the same graph as the other formats.

No real UN PDF is available offline, so the PDFs of tests/data/ were produced by
``tests/read/make_fixtures.py`` from the corpus texts (the bundled Kazakhstan addendum and the
Slovenia addendum as extracted from its UN PDF), with reportlab, in the UN layout: masthead,
running header with the symbol, footer with page number and job number "GE.25-05640",
superscript footnote markers and footnotes at the foot of the page (tests/read/FIXTURES.md).
A third, ``kazakhstan-upr4-addendum-libreoffice.pdf``, is the generated DOCX as LibreOffice
Writer lays it out and exports it: a word processor's layout, with its own fonts, list
indents, footnote area and superscripts, not the generator's.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib.compare import isomorphic

from kgbuild import resources
from kgbuild.cli import main
from kgbuild.errors import InputError
from kgbuild.model import Document, RawDocument
from kgbuild.read import read
from kgbuild.read.pdf import read_pdf
from kgbuild.reference import Reference
from kgbuild.structure import structure

from .conftest import KAZ_MARKERS, units, without_source

DATA = Path(__file__).resolve().parents[1] / "data"
KAZ_PDF = DATA / "kazakhstan-upr4-addendum.pdf"
KAZ_LIBREOFFICE = DATA / "kazakhstan-upr4-addendum-libreoffice.pdf"
SVN_PDF = DATA / "slovenia-A-HRC-59-15-Add.1.pdf"
SVN_TXT = DATA / "slovenia-A-HRC-59-15-Add.1.txt"



@pytest.fixture(scope="module")
def kaz_raw() -> RawDocument:
    return read_pdf(KAZ_PDF)


@pytest.fixture(scope="module")
def kaz(kaz_raw: RawDocument, reference: Reference) -> Document:
    return structure(kaz_raw, reference)


# --- the Kazakhstan addendum ---------------------------------------------------------------


def test_registered_for_pdf_suffix(kaz_raw: RawDocument) -> None:
    assert read(KAZ_PDF).lines == kaz_raw.lines
    assert (kaz_raw.format, kaz_raw.path) == ("pdf", KAZ_PDF)


def test_header_lines_present(kaz_raw: RawDocument) -> None:
    texts = [line.text for line in kaz_raw.lines if line.page == 1]
    for header in (
        "United Nations",
        "General Assembly",
        "Distr.: General",
        "24 April 2025",
        "English",
        "Original: Russian",
        "Human Rights Council",
        "Fifty-ninth session",
        "16 June–11 July 2025",
        "Agenda item 6",
        "Universal periodic review",
        # Printed over two lines, bold: one heading line.
        "Report of the Working Group on the Universal Periodic Review*",
        "Kazakhstan",
        "Addendum",
        "Views on conclusions and/or recommendations, voluntary commitments and replies presented by the State under review",
        "* The present document is being issued without formal editing.",
    ):
        assert header in texts, header


def test_page_furniture_dropped(kaz_raw: RawDocument) -> None:
    texts = [line.text for line in kaz_raw.lines]
    assert not [t for t in texts if "GE.25-05640" in t or t == "*2505640*"]
    assert not [t for t in texts if re.fullmatch(r"\d{1,3}", t)]
    body = [line.page for line in kaz_raw.lines if line.footnote is None]
    assert body == sorted(body) and body[-1] == 9


def test_headings_from_bold_fonts(kaz_raw: RawDocument, kaz: Document) -> None:
    heading = next(line for line in kaz_raw.lines if line.text.startswith("I. Recommendations"))
    assert heading.text == (
        "I. Recommendations Nos. 140.1–140.4, 140.14, 140.15 and 140.17 relating to international obligations"
    )
    assert heading.heading_level is not None and heading.emphasis
    sub = next(line for line in kaz_raw.lines if line.text == "Recommendations Nos. 140.1–140.4")
    assert sub.heading_level is not None and sub.heading_level > heading.heading_level
    levels = [h.level for h in kaz.headings]
    assert (len(levels), levels.count(1), levels.count(2)) == (23, 12, 11)


def test_80_numbered_paragraphs(kaz: Document) -> None:
    assert [p.number for p in kaz.paragraphs] == list(range(1, 81))


def test_footnotes_after_the_body_with_their_russian_text(kaz_raw: RawDocument, kaz_md: Document, kaz: Document) -> None:
    notes = [i for i, line in enumerate(kaz_raw.lines) if line.footnote is not None]
    assert [kaz_raw.lines[i].footnote for i in notes] == list(range(1, 11))
    assert notes == list(range(len(kaz_raw.lines) - 10, len(kaz_raw.lines)))
    assert kaz_raw.lines[notes[0]].text == "далее – Статут МУС."  # lower case: known from the footnote font
    assert [f.text for f in kaz.footnotes] == [f.text for f in kaz_md.footnotes]


def test_markers_from_superscripts(kaz_raw: RawDocument, kaz: Document, kaz_md: Document) -> None:
    line = next(line for line in kaz_raw.lines if "Members of Parliament," in line.text)
    for marker in line.markers:
        assert line.text[marker.offset - 1] in ",sl."  # after "President,", "Parliament,", "judges", "General."
    found = {p.number: [m.number for m in p.markers] for p in kaz.paragraphs if p.markers}
    assert found == KAZ_MARKERS
    assert {p.key: p.markers for p in kaz.paragraphs} == {p.key: p.markers for p in kaz_md.paragraphs}


def test_bullets(kaz: Document) -> None:
    assert len(kaz.unit("paragraph/28").items) == 3
    assert len(kaz.unit("paragraph/33").items) == 6
    text = kaz.unit("paragraph/28").text
    start, end = kaz.unit("paragraph/28").items[2]
    assert text[start:end].endswith("countering the financing of extremism")


def test_same_units_as_markdown(kaz: Document, kaz_md: Document) -> None:
    """Every heading, paragraph and footnote: same text, markers, items, level and order."""
    assert kaz.header == kaz_md.header
    assert units(kaz) == units(kaz_md)


def test_variants_same_graph_as_markdown() -> None:
    """The style rule: the same document in several formats gives the same graph, once the
    one triple that names the source file (dcterms:source) is removed."""
    assert isomorphic(without_source(resources.bundled_document()), without_source(KAZ_PDF))


def test_libreoffice_layout_same_units_as_markdown(reference: Reference, kaz_md: Document) -> None:
    """Word's bullet glyph from the Symbol font (U+F0B7), footnote numbers set on a raised
    baseline a tab away from their text, the masthead's columns on different baselines."""
    raw = read_pdf(KAZ_LIBREOFFICE)
    assert [line.text for line in raw.lines[:3]] == ["United Nations", "Distr.: General", "General Assembly"]
    doc = structure(raw, reference)
    assert doc.header == kaz_md.header
    assert units(doc) == units(kaz_md)


def test_libreoffice_layout_same_graph_as_markdown() -> None:
    assert isomorphic(without_source(resources.bundled_document()), without_source(KAZ_LIBREOFFICE))


# --- the Slovenia addendum -----------------------------------------------------------------


def test_slovenia_masthead_and_running_headers(reference: Reference) -> None:
    raw = read_pdf(SVN_PDF)
    texts = [line.text for line in raw.lines]
    assert texts[:4] == ["United Nations", "A/HRC/59/15/Add.1", "General Assembly", "Distr.: General"]
    assert texts.count("A/HRC/59/15/Add.1") == 1  # the running header of pages 2+ is dropped
    assert max(line.page for line in raw.lines) > 2
    doc = structure(raw, reference)
    assert doc.header.symbol == "A/HRC/59/15/Add.1"
    assert [p.number for p in doc.paragraphs] == [1, 2, 3, 4, 5]


def test_slovenia_same_units_as_text(reference: Reference) -> None:
    pdf = structure(read_pdf(SVN_PDF), reference)
    txt = structure(read(SVN_TXT), reference)
    assert pdf.header == txt.header
    assert units(pdf) == units(txt)


def test_slovenia_variants_same_graph_as_text() -> None:
    assert isomorphic(without_source(SVN_TXT), without_source(SVN_PDF))


# --- bad input -----------------------------------------------------------------------------


def _bad(tmp_path: Path, case: str) -> tuple[Path, str]:
    path = tmp_path / f"{case}.pdf"
    if case == "text":
        path.write_text("1. This is text with a .pdf suffix.\n", encoding="utf-8")
        return path, "not a PDF file"
    if case == "empty":
        path.write_bytes(b"")
        return path, "empty file"
    if case == "truncated":
        data = KAZ_PDF.read_bytes()
        path.write_bytes(data[: len(data) // 2])
        return path, "damaged PDF"
    if case == "encrypted":
        return DATA / "pdf-encrypted.pdf", "encrypted PDF"
    assert case == "scanned"
    return DATA / "pdf-no-text-layer.pdf", "PDF has no text layer (scanned?)"


CASES = ["text", "empty", "truncated", "encrypted", "scanned"]


@pytest.mark.parametrize("case", CASES)
def test_bad_input_is_an_input_error_naming_the_file(case: str, tmp_path: Path) -> None:
    path, problem = _bad(tmp_path, case)
    with pytest.raises(InputError) as err:
        read(path)
    assert err.value.path == str(path)
    assert problem in str(err.value)
    assert str(err.value).startswith(f"{path}: ")


@pytest.mark.parametrize("case", CASES)
def test_bad_input_exit_2(case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, problem = _bad(tmp_path, case)
    out = tmp_path / "out"
    code = main(["build", str(path), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2, err
    assert f"kgbuild: error: {path}: " in err and problem in err
    assert not out.exists()
