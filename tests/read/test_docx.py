"""kgbuild.read.docx: a Word file -> RawDocument, and the same graph as the other formats.

No real UN Word file is available offline, so the DOCX files of tests/data/ were produced by
``tests/read/make_fixtures.py`` from the corpus texts (the bundled Kazakhstan addendum and the
Slovenia addendum as extracted from its UN PDF), with python-docx: masthead in a table,
headings as Word headings (Kazakhstan: built-in "Heading 1/2"; Slovenia: a UN-template style
with an outline level), numbered paragraphs typed "N.<tab>text" (Kazakhstan) or numbered by
Word's auto-numbering (Slovenia, "List Number"), bullets as "List Bullet" paragraphs, the
<sup>N</sup> markers as real Word footnotes with the Russian footnote texts, the title's "*"
as a custom-mark footnote (tests/read/FIXTURES.md).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from rdflib.compare import isomorphic

from kgbuild import resources
from kgbuild.cli import main
from kgbuild.errors import InputError
from kgbuild.model import Document, RawDocument
from kgbuild.read import read
from kgbuild.read.docx import _format, read_docx
from kgbuild.reference import Reference
from kgbuild.structure import structure

from .conftest import KAZ_MARKERS, units, without_source

DATA = Path(__file__).resolve().parents[1] / "data"
KAZ_DOCX = DATA / "kazakhstan-upr4-addendum.docx"
SVN_DOCX = DATA / "slovenia-A-HRC-59-15-Add.1.docx"
SVN_TXT = DATA / "slovenia-A-HRC-59-15-Add.1.txt"



@pytest.fixture(scope="module")
def kaz_raw() -> RawDocument:
    return read_docx(KAZ_DOCX)


@pytest.fixture(scope="module")
def kaz(kaz_raw: RawDocument, reference: Reference) -> Document:
    return structure(kaz_raw, reference)


def _rezip(src: Path, dst: Path, replace: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, replace.get(info.filename, zin.read(info.filename)))
    return dst


# --- the Kazakhstan addendum ---------------------------------------------------------------


def test_registered_for_docx_suffix(kaz_raw: RawDocument) -> None:
    assert read(KAZ_DOCX).lines == kaz_raw.lines
    assert (kaz_raw.format, kaz_raw.path) == ("docx", KAZ_DOCX)


def test_header_lines_present(kaz_raw: RawDocument) -> None:
    texts = [line.text for line in kaz_raw.lines]
    # The masthead table, cell by cell, row by row; then the title block.
    assert texts[:6] == ["United Nations", "General Assembly", "Distr.: General", "24 April 2025", "English", "Original: Russian"]
    title = texts.index("Report of the Working Group on the Universal Periodic Review*")
    # The custom-mark footnote of the title: its body follows the title, as a plain line.
    assert texts[title + 1] == "* The present document is being issued without formal editing."
    assert kaz_raw.lines[title + 1].footnote is None
    for header in ("Human Rights Council", "Fifty-ninth session", "16 June–11 July 2025", "Agenda item 6", "Kazakhstan", "Addendum"):
        assert header in texts, header
    views = next(line for line in kaz_raw.lines if line.text.startswith("Views on conclusions"))
    assert views.emphasis and views.heading_level is None  # bold runs in a Normal paragraph


def test_headings_from_word_styles(kaz_raw: RawDocument, kaz: Document) -> None:
    heading = next(line for line in kaz_raw.lines if line.text.startswith("I. Recommendations"))
    # Typed "I.<tab>Recommendations ..." in a "Heading 1" paragraph: the tab is a gap, not text.
    assert heading.heading_level == 1
    assert heading.text == "I. Recommendations Nos. 140.1–140.4, 140.14, 140.15 and 140.17 relating to international obligations"
    sub = next(line for line in kaz_raw.lines if line.text == "Recommendations Nos. 140.1–140.4")
    assert sub.heading_level == 2
    levels = [h.level for h in kaz.headings]
    assert (len(levels), levels.count(1), levels.count(2)) == (23, 12, 11)


def test_80_numbered_paragraphs(kaz: Document) -> None:
    assert [p.number for p in kaz.paragraphs] == list(range(1, 81))


def test_footnotes_from_footnotes_part(kaz_raw: RawDocument, kaz: Document, kaz_md: Document) -> None:
    notes = [line for line in kaz_raw.lines if line.footnote is not None]
    # Word ids 2..11 in the file; numbered 1..10 by the order of their references.
    assert [n.footnote for n in notes] == list(range(1, 11))
    assert kaz_raw.lines[-10:] == notes
    assert [f.text for f in kaz.footnotes] == [f.text for f in kaz_md.footnotes]
    assert kaz.unit("footnote/6").text == "пункт 3 статьи 4 Конституции Республики Казахстан."


def test_markers_where_the_references_stand(kaz: Document, kaz_md: Document) -> None:
    found = {p.number: [m.number for m in p.markers] for p in kaz.paragraphs if p.markers}
    assert found == KAZ_MARKERS
    p17 = kaz.unit("paragraph/17")
    before = [p17.text[: m.offset] for m in p17.markers]
    assert [b.rsplit(" ", 1)[-1] for b in before] == ["President,", "Parliament,", "judges", "General."]
    assert {p.key: p.markers for p in kaz.paragraphs} == {p.key: p.markers for p in kaz_md.paragraphs}


def test_bullets_from_list_style(kaz_raw: RawDocument, kaz: Document) -> None:
    bullets = [line for line in kaz_raw.lines if line.bullet]
    assert len(bullets) == 9
    assert bullets[0].text == "Resumption of extremist activities by persons previously convicted of offences of an extremist nature"
    assert len(kaz.unit("paragraph/28").items) == 3
    assert len(kaz.unit("paragraph/33").items) == 6


def test_same_units_as_markdown(kaz: Document, kaz_md: Document) -> None:
    assert kaz.header == kaz_md.header
    assert units(kaz) == units(kaz_md)


def test_variants_same_graph_as_markdown() -> None:
    """The style rule: the same document in several formats gives the same graph, once the
    one triple that names the source file (dcterms:source) is removed."""
    assert isomorphic(without_source(resources.bundled_document()), without_source(KAZ_DOCX))


# --- the Slovenia addendum: auto-numbering, UN-template heading style ----------------------


def test_slovenia_auto_numbering_rebuilt() -> None:
    raw = read_docx(SVN_DOCX)
    numbered = [line.text for line in raw.lines if line.text[:3] in ("1. ", "2. ", "3. ", "4. ", "5. ")]
    assert [t[:2] for t in numbered] == ["1.", "2.", "3.", "4.", "5."]
    assert numbered[0].startswith("1. This document contains the response of the Government")
    headings = [line for line in raw.lines if line.text.startswith(("I. ", "II. ", "III. "))]
    assert [h.heading_level for h in headings] == [2, 2, 2]  # style H1G, outline level 1


def test_slovenia_same_units_as_text(reference: Reference) -> None:
    docx = structure(read_docx(SVN_DOCX), reference)
    txt = structure(read(SVN_TXT), reference)
    assert docx.header == txt.header
    assert units(docx) == units(txt)


def test_slovenia_variants_same_graph_as_text() -> None:
    assert isomorphic(without_source(SVN_TXT), without_source(SVN_DOCX))


def test_number_formats() -> None:
    assert [_format(n, "decimal") for n in (1, 12)] == ["1", "12"]
    assert [_format(n, "upperRoman") for n in (1, 4, 9, 12, 40)] == ["I", "IV", "IX", "XII", "XL"]
    assert [_format(n, "lowerLetter") for n in (1, 26, 27)] == ["a", "z", "aa"]
    assert _format(3, "lowerRoman") == "iii"


# --- XML safety ----------------------------------------------------------------------------


def test_entities_are_not_expanded(tmp_path: Path) -> None:
    """An external entity in the footnotes part or the document part is not resolved."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET", encoding="utf-8")
    doctype = f'<!DOCTYPE w:footnotes [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
    with zipfile.ZipFile(KAZ_DOCX) as z:
        notes = z.read("word/footnotes.xml").decode("utf-8")
        body = z.read("word/document.xml").decode("utf-8")
    notes = notes.replace("?>", "?>" + doctype, 1).replace("далее – Статут МУС.", "&xxe;", 1)
    body = body.replace("?>", "?>" + doctype.replace("w:footnotes", "w:document"), 1)
    body = body.replace("Comments on the recommendations", "&xxe; Comments on the recommendations", 1)
    path = _rezip(KAZ_DOCX, tmp_path / "xxe.docx", {"word/footnotes.xml": notes.encode(), "word/document.xml": body.encode()})
    raw = read_docx(path)
    assert not [line for line in raw.lines if "TOPSECRET" in line.text]
    assert any(line.text.startswith("2. Comments on the recommendations") for line in raw.lines)
    assert any(line.footnote == 1 and line.text == "" for line in raw.lines)


# --- bad input -----------------------------------------------------------------------------


def _bad(tmp_path: Path, case: str) -> tuple[Path, str]:
    path = tmp_path / f"{case}.docx"
    if case == "text":
        path.write_text("1. This is text with a .docx suffix.\n", encoding="utf-8")
        return path, "not a DOCX file (not a ZIP archive)"
    if case == "empty":
        path.write_bytes(b"")
        return path, "empty file"
    if case == "zip-without-document":
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("word/styles.xml", "<w:styles/>")
        return path, "no word/document.xml"
    if case == "truncated":
        data = KAZ_DOCX.read_bytes()
        path.write_bytes(data[: len(data) // 2])
        return path, "damaged DOCX"
    if case == "broken-xml":
        _rezip(KAZ_DOCX, path, {"word/document.xml": b"<w:document"})
        return path, "not a readable DOCX file"
    assert case == "legacy-doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    return path, "legacy Word .doc"


CASES = ["text", "empty", "zip-without-document", "truncated", "broken-xml", "legacy-doc"]


@pytest.mark.parametrize("case", CASES)
def test_bad_input_is_an_input_error_naming_the_file(case: str, tmp_path: Path) -> None:
    path, problem = _bad(tmp_path, case)
    with pytest.raises(InputError) as err:
        read(path)
    assert err.value.path == str(path)
    assert problem in str(err.value)


@pytest.mark.parametrize("case", CASES)
def test_bad_input_exit_2(case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, problem = _bad(tmp_path, case)
    out = tmp_path / "out"
    code = main(["build", str(path), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2, err
    assert f"kgbuild: error: {path}: " in err and problem in err
    assert not out.exists()
