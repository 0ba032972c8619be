"""Addenda laid out as a table ("Recommendation | Position | Comments"), in Markdown and in
Word: each row is one response, the numbers cell heads it, the position cell states its
position, the header row is nobody's text.

The fixture tests/data/slovenia-addendum-table.md re-lays rows of the real Slovenia addendum
(A/HRC/59/15/Add.1: its masthead, numbers, positions and comments) as the tables some States
use; the Word version is generated from it here with python-docx, since no real table-laid
addendum is available offline.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import URIRef

from kgbuild.build import build

DATA = Path(__file__).resolve().parents[1] / "data"
TABLE_MD = DATA / "slovenia-addendum-table.md"
UPR = "https://w3id.org/upr-kg/ontology#"
REC = "https://w3id.org/upr-kg/id/review/SVN/4/recommendation/"

EXPECTED = {
    **{f"140.{n}": "Noted" for n in range(1, 7)},
    **{f"140.{n}": "Supported" for n in range(11, 15)},
    "140.38": "Supported",
    "140.253": "Noted",
}


def _positions(path: Path) -> dict[str, str]:
    graph = build([path], out=None, run_validation=False, run_reasoning=False).graph
    out = {}
    for rec, pos in graph.subject_objects(URIRef(UPR + "position")):
        if str(rec).startswith(REC):
            out[str(rec).removeprefix(REC)] = str(pos).removeprefix(UPR)
    return out


def _table_docx(tmp: Path) -> Path:
    from docx import Document

    lines = TABLE_MD.read_text(encoding="utf-8").splitlines()
    doc = Document()
    rows = [ln for ln in lines if ln.startswith("|") and not ln.startswith("|---")]
    for ln in lines:
        text = ln.strip().lstrip("#").strip().replace("\\*", "*").replace("**", "")
        if not text or ln.startswith("|") or text == "---":
            continue
        if ln.startswith("#"):
            doc.add_heading(text, level=ln.count("#", 0, ln.index(" ")))
        else:
            doc.add_paragraph(text)
    cells = [[c.strip() for c in r.strip().strip("|").split("|")] for r in rows]
    table = doc.add_table(rows=len(cells), cols=3)
    for i, row in enumerate(cells):
        for j, value in enumerate(row):
            table.cell(i, j).text = value
    path = tmp / "slovenia-addendum-table.docx"
    doc.save(str(path))
    return path


def test_markdown_table_rows_are_responses_with_their_positions() -> None:
    assert _positions(TABLE_MD) == EXPECTED


def test_word_table_rows_are_responses_with_their_positions(tmp_path: Path) -> None:
    assert _positions(_table_docx(tmp_path)) == EXPECTED


def test_header_row_is_no_text() -> None:
    graph = build([TABLE_MD], out=None, run_validation=False, run_reasoning=False).graph
    texts = " ".join(str(o) for o in graph.objects(None, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#value")))
    assert "Comments" not in texts
    # Each row's comment is the text of the response to its numbers.
    responses = {
        str(rec).removeprefix(REC): resp
        for resp, rec in graph.subject_objects(URIRef(UPR + "respondsTo"))
        if str(rec).startswith(REC)
    }
    assert responses["140.1"] == responses["140.6"] != responses["140.38"]
