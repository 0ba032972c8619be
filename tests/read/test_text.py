"""kgbuild.read.text: text extracted from UN PDFs -> RawDocument.

Fixtures (tests/read/FIXTURES.md): the Slovenia Working Group report and addendum as
``pdftotext -layout`` gives them, two scraped cycle-1 reports; the 194 scraped reports of
``shared/corpus/wg-reports/`` are read when the shared corpus is there.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kgbuild.errors import InputError
from kgbuild.model import Marker, RawDocument, RawLine
from kgbuild.read.text import read_text

DATA = Path(__file__).resolve().parents[1] / "data"
CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
ADDENDUM = DATA / "slovenia-A-HRC-59-15-Add.1.txt"
REPORT = DATA / "slovenia-A-HRC-59-15.txt"


@pytest.fixture(scope="module")
def addendum() -> RawDocument:
    return read_text(ADDENDUM)


@pytest.fixture(scope="module")
def report() -> RawDocument:
    return read_text(REPORT)


def _texts(doc: RawDocument) -> list[str]:
    return [line.text for line in doc.lines]


def _one(doc: RawDocument, text: str) -> RawLine:
    found = [line for line in doc.lines if line.text == text]
    assert len(found) == 1, f"{text!r} found {len(found)} times"
    return found[0]


def _write(tmp_path: Path, text: str, name: str = "doc.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- the Slovenia addendum -----------------------------------------------------------------


def test_addendum_format_and_path(addendum: RawDocument) -> None:
    assert addendum.format == "text"
    assert addendum.path == ADDENDUM


def test_addendum_running_headers_dropped(addendum: RawDocument) -> None:
    after_page_1 = [line for line in addendum.lines if line.page > 1]
    assert after_page_1
    assert all(line.text != "A/HRC/59/15/Add.1" for line in after_page_1)
    assert sum(line.text == "A/HRC/59/15/Add.1" for line in addendum.lines) == 1


def test_addendum_job_numbers_and_page_numbers_dropped(addendum: RawDocument) -> None:
    assert not [t for t in _texts(addendum) if t.startswith("GE.25-")]
    assert not [t for t in _texts(addendum) if re.fullmatch(r"\d{1,4}", t)]


def test_addendum_pages(addendum: RawDocument) -> None:
    # 7 pages: every page, the last one included, ends with a form feed.
    assert ADDENDUM.read_text(encoding="utf-8").count("\f") == 7
    pages = [line.page for line in addendum.lines]
    assert pages == sorted(pages)
    assert set(pages) == set(range(1, 8))


def test_addendum_first_paragraph(addendum: RawDocument) -> None:
    first = _one(
        addendum,
        "1.     This document contains the response of the Government of the Republic of Slovenia",
    )
    assert first.blank_before
    assert first.page == 2
    assert first.indent == 12
    assert first.footnote is None and first.markers == ()


def test_addendum_header_lines_are_separate(addendum: RawDocument) -> None:
    texts = _texts(addendum)
    for header in (
        "United Nations",
        "A/HRC/59/15/Add.1",
        "General Assembly",
        "Distr.: General",
        "8 April 2025",
        "Original: English",
        "Human Rights Council",
        "Fifty-ninth session",
        "16 June–11 July 2025",
        "Agenda item 6",
        "Slovenia",
        "Addendum",
    ):
        assert header in texts, header
        assert _one(addendum, header).page == 1
    # Two-column masthead lines: left column first, each with its own indentation.
    un, symbol, ga, distr = addendum.lines[:4]
    assert (un.text, symbol.text, ga.text, distr.text) == (
        "United Nations",
        "A/HRC/59/15/Add.1",
        "General Assembly",
        "Distr.: General",
    )
    assert symbol.indent > un.indent and distr.indent > ga.indent
    assert not symbol.blank_before and not distr.blank_before


def test_addendum_numbers_in_text_stay(addendum: RawDocument) -> None:
    # No footnotes in the addendum, so nothing is a marker: "140.35. 140.36", "2027/28." stay.
    assert not [line for line in addendum.lines if line.footnote is not None or line.markers]
    assert any("140.33, 140.34, 140.35. 140.36, 140.39" in t for t in _texts(addendum))
    assert _one(addendum, "140.11-14").page == 2


def test_addendum_page_break_counts_as_blank(addendum: RawDocument) -> None:
    top_of_3 = next(line for line in addendum.lines if line.page == 3)
    assert top_of_3.text.startswith("Slovenia remains committed to the prevention")
    assert top_of_3.blank_before


# --- the Slovenia Working Group report -----------------------------------------------------


def test_report_pages_and_furniture(report: RawDocument) -> None:
    pages = [line.page for line in report.lines]
    assert pages == sorted(pages) and max(pages) == 26
    assert not [t for t in _texts(report) if "GE.25-02819" in t]
    assert sum(t == "A/HRC/59/15" for t in _texts(report)) == 1
    assert not [t for t in _texts(report) if re.fullmatch(r"\d{1,4}", t)]


def test_report_footnotes(report: RawDocument) -> None:
    notes = [line for line in report.lines if line.footnote is not None]
    assert [(n.footnote, n.text, n.page) for n in notes] == [
        (1, "A/HRC/WG.6/48/SVN/1.", 2),
        (2, "A/HRC/WG.6/48/SVN/2.", 2),
        (3, "A/HRC/WG.6/48/SVN/3.", 2),
    ]
    assert notes[0].blank_before and not notes[1].blank_before


def test_report_markers_lifted_from_paragraph_3(report: RawDocument) -> None:
    a = _one(report, "paragraph 15 (a);")
    assert a.markers == (Marker(offset=17, number=1),)
    b = _one(report, "Commissioner for Human Rights (OHCHR) in accordance with paragraph 15 (b);")
    assert b.markers == (Marker(offset=len(b.text), number=2),)
    c = _one(report, "(c)    A summary prepared by OHCHR in accordance with paragraph 15 (c).")
    assert c.markers == (Marker(offset=len(c.text), number=3),)
    markers = [m for line in report.lines for m in line.markers]
    assert len(markers) == 3


def test_report_recommendation_numbers_untouched(report: RawDocument) -> None:
    texts = _texts(report)
    assert any(t.startswith("140.254 Strengthen measures to reduce statelessness") for t in texts)
    assert any(t.startswith("141. All conclusions and/or recommendations") for t in texts)


@pytest.mark.parametrize("name", [ADDENDUM.name, REPORT.name])
def test_pages_from_footers_without_form_feeds(tmp_path: Path, name: str) -> None:
    """The same file with its form feeds removed reads the same: pages come from the
    footers ("2    GE.25-02819") and running headers ("A/HRC/59/15/Add.1")."""
    with_ff = read_text(DATA / name)
    path = _write(tmp_path, (DATA / name).read_text(encoding="utf-8").replace("\f", "\n"), name)
    assert read_text(path).lines == with_ff.lines


@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["crlf", "cr"])
def test_line_ends_do_not_matter(tmp_path: Path, addendum: RawDocument, newline: str) -> None:
    path = tmp_path / "addendum.txt"
    path.write_bytes(ADDENDUM.read_bytes().replace(b"\n", newline.encode()))
    assert read_text(path).lines == addendum.lines


# --- small cases ---------------------------------------------------------------------------


def test_trailing_hyphen_kept_and_lines_not_joined(tmp_path: Path) -> None:
    doc = read_text(_write(tmp_path, "5.     The Government promotes inter-\n    national cooperation.\n"))
    assert _texts(doc) == ["5.     The Government promotes inter-", "national cooperation."]
    assert doc.lines[1].indent == 4


def test_footnote_continuation_and_conservative_markers(tmp_path: Path) -> None:
    page = (
        "A/HRC/1/1\n\n"
        "1.     Under resolution 5/1 and article 30 (1), in 2025, per A/HRC/1/1/Add.1 the State\n"
        "acted; see paragraph 15 (a);1 and 140.2 and (2).\n\n\n"
        "          1 A long footnote that runs\n"
        "            over two lines.\n\n"
        "GE.25-00001 (E)\n\fA/HRC/1/1\n\n"
        "It noted item,2 which has no footnote body on this page.\n\n"
        "          2 Another note.\n\n"
        "2                                                  GE.25-00001\n"
    )
    doc = read_text(_write(tmp_path, page))
    texts = _texts(doc)
    first = _one(doc, "acted; see paragraph 15 (a); and 140.2 and (2).")
    assert first.markers == (Marker(offset=28, number=1),)
    assert "1.     Under resolution 5/1 and article 30 (1), in 2025, per A/HRC/1/1/Add.1 the State" in texts
    note = _one(doc, "A long footnote that runs")
    assert note.footnote == 1 and note.page == 1
    after = doc.lines[doc.lines.index(note) + 1]
    assert (after.text, after.footnote) == ("over two lines.", None)
    # Footnote 2 is on page 2, but "item,2" is called there too: it is lifted (same page).
    assert _one(doc, "Another note.").footnote == 2
    assert _one(doc, "It noted item, which has no footnote body on this page.").markers == (
        Marker(offset=14, number=2),
    )


def test_marker_without_body_on_its_page_stays(tmp_path: Path) -> None:
    text = (
        "A/HRC/1/1\n\nThe State noted it,1 as agreed.\n\nGE.25-00001 (E)\n"
        "\fA/HRC/1/1\n\nSecond page text.\n\n\n   1 The note, on another page.\n"
    )
    doc = read_text(_write(tmp_path, text))
    line = _one(doc, "The State noted it,1 as agreed.")
    assert line.markers == ()
    assert _one(doc, "The note, on another page.").footnote == 1


def test_reader_errors_are_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="empty file"):
        read_text(_write(tmp_path, "\n\n"))
    with pytest.raises(InputError, match="this is a PDF file"):
        read_text(_write(tmp_path, "%PDF-1.4\n"))


# --- scraped cycle 1 reports (fixtures copied from shared/corpus/wg-reports) ---------------


def test_scraped_report_footnotes_and_markers() -> None:
    doc = read_text(DATA / "wg-sweden2010.txt")
    notes = [line for line in doc.lines if line.footnote is not None]
    assert [n.footnote for n in notes] == list(range(1, 16))
    assert notes[0].text == "Kazakhstan, Costa Rica, Kuwait, Burundi, Ecuador, Ghana and Mauritius."
    called = sorted(m.number for line in doc.lines for m in line.markers)
    assert called == list(range(1, 16))
    jordan = next(line for line in doc.lines if line.text.startswith("95.13. "))
    assert jordan.text.endswith("(Jordan);")
    assert jordan.markers == (Marker(offset=len(jordan.text) - 1, number=3),)


def test_scraped_report_layout_kept() -> None:
    raw = (DATA / "wg-sweden2010.txt").read_text(encoding="utf-8")
    physical = [p.strip() for p in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    doc = read_text(DATA / "wg-sweden2010.txt")
    texts = _texts(doc)
    # Paragraph numbers alone on a line stay; table-of-contents lines stay as they are.
    assert "28." in texts and "29." in texts
    toc = [t for t in texts if "......" in t]
    assert toc and all(t in physical for t in toc)
    # The longest line (a whole paragraph) is kept in one piece.
    longest = max(physical, key=len)
    assert len(longest) > 600 and longest in texts


def test_scraped_report_bare_footnote_numbers() -> None:
    doc = read_text(DATA / "wg-norway2010.txt")
    notes = [line for line in doc.lines if line.footnote is not None]
    assert [n.footnote for n in notes] == [1, 2, 3, 4, 5, 6]
    assert all(n.text.startswith("The recommendation as read during the interactive dialogue") for n in notes)
    # The item numbers "1." ... "6." of the recommendation list are not footnotes.
    assert "6." in _texts(doc)


# --- every scraped report ------------------------------------------------------------------


def _wg_reports() -> list[Path]:
    folder = CORPUS / "wg-reports"
    return sorted(folder.glob("*.txt")) if folder.is_dir() else []


def test_all_wg_reports_read() -> None:
    reports = _wg_reports()
    if not reports:
        pytest.skip(f"shared corpus not available: {CORPUS / 'wg-reports'}")
    assert len(reports) >= 194
    for path in reports:
        doc = read_text(path)
        assert len(doc.lines) > 50, path.name
        assert all(line.text for line in doc.lines), path.name
        pages = [line.page for line in doc.lines]
        assert pages == sorted(pages), path.name
        for line in doc.lines:
            for marker in line.markers:
                assert 0 <= marker.offset <= len(line.text), path.name
