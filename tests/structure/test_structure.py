"""Structure stage (kgbuild/structure.py): RawDocument -> Document.

Three real documents: the bundled Kazakhstan addendum (Markdown, original Russian, footnotes
in Russian, no symbol), and the Slovenia addendum A/HRC/59/15/Add.1 and Working Group report
A/HRC/59/15 (text extracted from the PDF; copies in tests/data/, see tests/read/FIXTURES.md).
Expected values were read off the source files; where a check derives them from the source
text (footnote bodies, marker positions) the helper says how. Then the inputs the stage must
refuse, each with an InputError that names the file; then the list items of a Working Group
report, the number lines of an addendum in every notation (on copies of the Slovenia
addendum with one line rewritten), and the layouts of the scraped cycle 1-2 reports
(tests/data/wg-*.txt, else shared/corpus/wg-reports/, skipped when absent).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from kgbuild import resources
from kgbuild.errors import InputError
from kgbuild.model import Document, Marker
from kgbuild.read import read
from kgbuild.reference import Reference
from kgbuild.structure import structure

DATA = Path(__file__).resolve().parents[1] / "data"
WG_REPORTS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "wg-reports"
SVN_ADDENDUM = DATA / "slovenia-A-HRC-59-15-Add.1.txt"
SVN_REPORT = DATA / "slovenia-A-HRC-59-15.txt"
VIEWS_TITLE = (
    "Report of the Working Group on the Universal Periodic Review: Views on conclusions and/or "
    "recommendations, voluntary commitments and replies presented by the State under review"
)


@pytest.fixture(scope="module")
def reference() -> Reference:
    return Reference("https://w3id.org/upr-kg/id/")


@pytest.fixture(scope="module")
def kaz(reference: Reference) -> Document:
    return structure(read(resources.bundled_document()), reference)


@pytest.fixture(scope="module")
def svn_addendum(reference: Reference) -> Document:
    return structure(read(SVN_ADDENDUM), reference)


@pytest.fixture(scope="module")
def svn_report(reference: Reference) -> Document:
    return structure(read(SVN_REPORT), reference)


def _markdown_source() -> list[str]:
    return resources.bundled_document().read_text(encoding="utf-8").split("\n")


def _source_paragraph(number: int) -> str:
    """The source line of a one-line numbered paragraph of the bundled Markdown, without its number."""
    for line in _markdown_source():
        if line.startswith(f"{number}. "):
            return line[len(f"{number}. ") :]
    raise AssertionError(f"paragraph {number} not found in the bundled document")


# --- Kazakhstan addendum (the bundled document) ---------------------------------------------


def test_kaz_header(kaz: Document) -> None:
    h = kaz.header
    assert (h.body, h.organ) == ("General Assembly", "Human Rights Council")
    assert (h.session, h.agenda_item, h.session_dates) == (59, 6, "16 June–11 July 2025")
    assert h.issued == dt.date(2025, 4, 24)
    assert h.language == "ru"
    assert h.state_name == "Kazakhstan"
    assert h.kind == "addendum"
    assert h.symbol is None
    assert h.title == VIEWS_TITLE


def test_kaz_review(kaz: Document) -> None:
    assert kaz.review is not None
    assert (kaz.review.state_iso3, kaz.review.state_name, kaz.review.cycle) == ("KAZ", "Kazakhstan", 4)


def test_kaz_units_in_order(kaz: Document) -> None:
    """80 paragraphs, 23 headings, 10 footnotes and nothing else; ordinals follow document order."""
    assert [p.number for p in kaz.paragraphs] == list(range(1, 81))
    assert [p.key for p in kaz.paragraphs] == [f"paragraph/{n}" for n in range(1, 81)]
    assert (len(kaz.headings), len(kaz.footnotes), len(kaz.units)) == (23, 10, 113)
    assert [u.ordinal for u in kaz.units] == list(range(113))


# (text, level, number of the parent heading or None), in document order.
KAZ_HEADINGS: list[tuple[str, int, int | None]] = [
    ("I. Recommendations Nos. 140.1–140.4, 140.14, 140.15 and 140.17 relating to international obligations", 1, None),
    ("Recommendations Nos. 140.1–140.4", 2, 1),
    ("Recommendation No. 140.17", 2, 1),
    ("Recommendations 140.14 and 140.15", 2, 1),
    ("II. Recommendation No. 140.45 relating to the activities of Ombudsmen in Kazakhstan", 1, None),
    ("III. Recommendation No. 140.48 relating to anti-discrimination legislation and amendments to article 145 of the Criminal Code", 1, None),
    ("IV. Recommendation No. 140.66 relating to the fight against torture", 1, None),
    ("V. Recommendation No. 140.71 relating to the fight against terrorism", 1, None),
    ("VI. Recommendations Nos. 140.87, 140.88, 140.98 and 140.106 relating to freedom of expression, peaceful assembly and media freedoms", 1, None),
    ("Recommendation No. 140.87", 2, 9),
    ("Recommendation No. 140.88", 2, 9),
    ("Recommendation No. 140.98", 2, 9),
    ("Recommendation No. 140.106", 2, 9),
    ("VII. Recommendations Nos. 140.104 and 140.105 relating to the activities of non-governmental organizations", 1, None),
    ("VIII. Recommendation No. 140.141 relating to the activities of trade unions", 1, None),
    ("IX. Recommendations Nos. 168 and 169 relating to education", 1, None),
    ("X. Recommendations Nos. 140.114 and 140.276 relating to international cooperation", 1, None),
    ("Recommendation No. 140.114", 2, 17),
    ("Recommendation No. 140.276", 2, 17),
    ("XI. Recommendations Nos. 140.277–140.287 and 140.289 relating to gender identity", 1, None),
    ("Recommendation No. 140.277", 2, 20),
    ("Recommendations Nos. 140.278–140.287 and 140.289", 2, 20),
    ("XII. Recommendation No. 140.294 related to combating statelessness", 1, None),
]


def test_kaz_headings_levels_and_parents(kaz: Document) -> None:
    found = [(h.text, h.level, int(h.heading.split("/")[1]) if h.heading else None) for h in kaz.headings]
    assert found == KAZ_HEADINGS
    assert [h.key for h in kaz.headings] == [f"heading/{n}" for n in range(1, 24)]
    levels = [h.level for h in kaz.headings]
    assert (levels.count(1), levels.count(2)) == (12, 11)


def test_kaz_paragraph_belongs_to_nearest_heading_above(kaz: Document) -> None:
    last: str | None = None
    for u in kaz.units:
        if u.kind == "heading":
            last = u.key
        elif u.kind == "paragraph":
            assert u.heading == last, u.key
    assert [kaz.unit(f"paragraph/{n}").heading for n in (1, 2, 3, 4, 21, 80)] == [
        None, None, None, "heading/2", "heading/5", "heading/23",
    ]  # fmt: skip


def test_kaz_footnotes_are_the_source_bodies(kaz: Document) -> None:
    """Footnote N's text is what follows ``<sup>N</sup>`` on its line of the source, in Russian."""
    bodies = {}
    for line in _markdown_source():
        if m := re.match(r"^<sup>(\d+)</sup>\s*(.+)$", line):
            bodies[int(m[1])] = m[2].strip()
    assert [f.number for f in kaz.footnotes] == list(range(1, 11))
    assert {f.number: f.text for f in kaz.footnotes} == bodies
    assert kaz.unit("footnote/6").text == "пункт 3 статьи 4 Конституции Республики Казахстан."
    assert all(f.heading is None for f in kaz.footnotes)


def test_kaz_paragraph_17_markers(kaz: Document) -> None:
    """Paragraph 17 calls footnotes 2-5; before each marker stands what the source prints before its <sup>."""
    unit = kaz.unit("paragraph/17")
    assert [m.number for m in unit.markers] == [2, 3, 4, 5]
    source = _source_paragraph(17)
    before_sup = {int(m[2]): m[1] for m in re.finditer(r"(.)<sup>(\d+)</sup>", source)}
    assert {m.number: unit.text[m.offset - 1] for m in unit.markers} == before_sup == {2: ",", 3: ",", 4: "s", 5: "."}
    assert [unit.text[: m.offset].rsplit(" ", 1)[-1] for m in unit.markers] == ["President,", "Parliament,", "judges", "General."]


def _with_markers(text: str, markers: list[Marker]) -> str:
    out, pos = [], 0
    for m in sorted(markers, key=lambda m: m.offset):
        out += [text[pos : m.offset], f"<sup>{m.number}</sup>"]
        pos = m.offset
    return "".join([*out, text[pos:]])


@pytest.mark.parametrize("number", [14, 17, 19, 33, 49, 55, 76])
def test_kaz_markers_put_back_give_the_source(kaz: Document, number: int) -> None:
    """Every paragraph that calls a footnote: putting ``<sup>N</sup>`` back at the marker offsets
    rebuilds the source line (paragraph 33 continues with its bullet items after it)."""
    source = _source_paragraph(number).replace("**", "")
    rebuilt = _with_markers(kaz.unit(f"paragraph/{number}").text, kaz.unit(f"paragraph/{number}").markers)
    assert rebuilt[: len(source)] == source


def test_kaz_every_footnote_is_called_once(kaz: Document) -> None:
    calls = sorted((m.number, u.number) for u in kaz.paragraphs for m in u.markers)
    assert calls == [(1, 14), (2, 17), (3, 17), (4, 17), (5, 17), (6, 19), (7, 33), (8, 49), (9, 55), (10, 76)]


def test_kaz_paragraph_28_bullet_items(kaz: Document) -> None:
    unit = kaz.unit("paragraph/28")
    assert unit.text.startswith("Removal of such persons from the list without good reason could result in the following:\n")
    assert [unit.text[s:e] for s, e in unit.items] == [
        "Resumption of extremist activities by persons previously convicted of offences of an extremist nature",
        "Lessening of the effectiveness of measures aimed at preventing the financing of extremist organizations",
        "Inconsistency in measures taken by Kazakhstan to counter extremist groups, resulting in criticism at the international level from organizations specialized in countering the financing of extremism",
    ]
    assert unit.items[-1][1] == len(unit.text)
    assert all(unit.text[e] == "\n" for _, e in unit.items[:-1])


def test_kaz_paragraph_33_bullet_items(kaz: Document) -> None:
    unit = kaz.unit("paragraph/33")
    assert [unit.text[s:e] for s, e in unit.items] == [
        "The purpose of the assembly",
        "The date, time and place of the event",
        "The anticipated number of participants",
        "The name of the organizer of the event and his or her contact details",
        "The route (for marches), if the event involves movement of people",
        "Safety measures",
    ]


@pytest.mark.parametrize(
    ("number", "joined"),
    [
        (15, "for the most serious crimes of international concern"),
        (47, "is defined as information recorded in any form that is inconsistent with reality"),
        (71, "is inclined towards conservative views. The adoption"),
    ],
)
def test_kaz_paragraph_joined_across_page_break(kaz: Document, number: int, joined: str) -> None:
    """The source breaks these paragraphs with a blank line (a page break of the original)."""
    text = kaz.unit(f"paragraph/{number}").text
    assert joined in text
    assert "\n" not in text and "  " not in text


# --- Slovenia: addendum A/HRC/59/15/Add.1 and Working Group report A/HRC/59/15 --------------


@pytest.mark.parametrize(
    ("fixture", "symbol", "issued", "kind"),
    [
        ("svn_addendum", "A/HRC/59/15/Add.1", dt.date(2025, 4, 8), "addendum"),
        ("svn_report", "A/HRC/59/15", dt.date(2025, 3, 24), "wg-report"),
    ],
)
def test_svn_header_and_review(request: pytest.FixtureRequest, fixture: str, symbol: str, issued: dt.date, kind: str) -> None:
    doc: Document = request.getfixturevalue(fixture)
    h = doc.header
    assert (h.symbol, h.issued, h.kind) == (symbol, issued, kind)
    assert (h.language, h.state_name) == ("en", "Slovenia")
    assert (h.body, h.organ, h.session, h.agenda_item) == ("General Assembly", "Human Rights Council", 59, 6)
    assert h.session_dates == "16 June–11 July 2025"
    assert doc.review is not None
    assert (doc.review.state_iso3, doc.review.cycle) == ("SVN", 4)


def test_svn_report_working_group_session(svn_report: Document) -> None:
    """Paragraph 1: "... held its forty-eighth session from 20 to 31 January 2025"."""
    assert svn_report.header.wg_session == 48
    assert svn_report.header.title == "Report of the Working Group on the Universal Periodic Review"


@pytest.mark.parametrize(("fixture", "count"), [("svn_addendum", 5), ("svn_report", 141)])
def test_svn_numbered_paragraphs(request: pytest.FixtureRequest, fixture: str, count: int) -> None:
    """Counted in the source: paragraphs "1." to "5." in the addendum, "1." to "141." in the report."""
    doc: Document = request.getfixturevalue(fixture)
    assert [p.number for p in doc.paragraphs] == list(range(1, count + 1))


def test_svn_addendum_roman_headings(svn_addendum: Document) -> None:
    romans = [h.text for h in svn_addendum.headings if re.match(r"^[IVX]+\. ", h.text)]
    assert romans == [
        "I. Accepted recommendations",
        "II. Accepted recommendations that Slovenia considers already implemented or in the process of implementation",
        "III. Noted recommendations",
    ]
    assert svn_addendum.footnotes == []


def test_svn_report_footnotes_called_from_paragraph_3(svn_report: Document) -> None:
    assert [f.number for f in svn_report.footnotes] == [1, 2, 3]
    assert [m.number for m in svn_report.unit("paragraph/3").markers] == [1, 2, 3]
    assert [svn_report.unit(f"footnote/{n}").text for n in (1, 2)] == ["A/HRC/WG.6/48/SVN/1.", "A/HRC/WG.6/48/SVN/2."]


def test_svn_addendum_title_is_whole(svn_addendum: Document) -> None:
    assert svn_addendum.header.title == VIEWS_TITLE


# Lines of the addendum made only of recommendation numbers: each heads the text on those
# recommendations (source lines 76-242 in section II, 257-353 in section III).
SVN_SECTION_II_LINES = [
    "140.11-14", "140.18-19", "140.38", "140.46", "140.47", "140.56", "140.62", "140.81", "140.82-85, 87",
    "140.118-119", "140.120, 209", "140.128", "140.132-137", "140.145, 146", "140.147", "140.148", "140.149",
    "140.150", "140.158", "140.170", "140.181", "140.193-194", "140.195", "140.196", "140.203", "140.205",
    "140.210", "140.252",
]  # fmt: skip
SVN_SECTION_III_LINES = [
    "140.1-6", "140.22-25", "140.30", "140.37", "140.48", "140.55", "140.57", "140.58", "140.59", "140.69-70",
    "140.71", "140.72-75", "140.77-80", "140.229", "140.230", "140.235-239", "140.240-241", "140.253",
]  # fmt: skip


def test_svn_addendum_recommendation_lines_are_headings(svn_addendum: Document) -> None:
    assert svn_addendum.unit("paragraph/4").text.endswith("140.241, 140.252.")
    assert svn_addendum.unit("paragraph/5").text.endswith("and wishes to provide the following information:")
    found = [(h.text, h.level, svn_addendum.unit(h.heading).text[:4] if h.heading else None) for h in svn_addendum.headings]
    assert found == [
        ("I. Accepted recommendations", 1, None),
        ("II. Accepted recommendations that Slovenia considers already implemented or in the process of implementation", 1, None),
        *[(line, 2, "II. ") for line in SVN_SECTION_II_LINES],
        ("III. Noted recommendations", 1, None),
        *[(line, 2, "III.") for line in SVN_SECTION_III_LINES],
    ]


def test_svn_report_introduction_heading(svn_report: Document) -> None:
    first = svn_report.units[0]
    assert (first.kind, first.text, first.level) == ("heading", "Introduction", 1)
    assert [svn_report.unit(f"paragraph/{n}").heading for n in (1, 2, 3, 4)] == [first.key] * 4


def test_svn_report_paragraph_11_stops_before_subsection_b(svn_report: Document) -> None:
    assert svn_report.unit("paragraph/11").text.endswith("ratify the Convention on the Reduction of Statelessness.")


def test_svn_report_lettered_subheadings(svn_report: Document) -> None:
    by_text = {h.text: h for h in svn_report.headings}
    summary = by_text["I. Summary of the proceedings of the review process"]
    a = by_text.get("A. Presentation by the State under review")
    b = by_text.get("B. Interactive dialogue and responses by the State under review")
    assert a is not None and b is not None
    assert (a.level, a.heading, b.level, b.heading) == (2, summary.key, 2, summary.key)
    assert svn_report.unit("paragraph/5").heading == a.key
    assert svn_report.unit("paragraph/12").heading == b.key


def test_svn_report_paragraph_7_continues_after_the_footnotes(svn_report: Document) -> None:
    assert svn_report.unit("footnote/3").text == "A/HRC/WG.6/48/SVN/3."
    assert svn_report.unit("paragraph/7").text.endswith("an affirmative consent model in defining rape.")


def test_svn_report_paragraph_141_excludes_the_annex(svn_report: Document) -> None:
    assert svn_report.unit("paragraph/141").text == (
        "All conclusions and/or recommendations contained in the present report reflect the position of the "
        "submitting State(s) and/or the State under review. They should not be construed as endorsed by the "
        "Working Group as a whole."
    )


# --- Inputs the stage refuses ----------------------------------------------------------------


def _structure(path: Path, reference: Reference) -> Document:
    return structure(read(path), reference)


def test_header_without_numbered_paragraphs(tmp_path: Path, reference: Reference) -> None:
    """The masthead and title block of the bundled addendum, with its body left out."""
    lines = _markdown_source()
    path = tmp_path / "header-only.md"
    path.write_text("\n".join(lines[: lines.index("1. " + _source_paragraph(1))]), encoding="utf-8")
    with pytest.raises(InputError, match="no numbered paragraphs") as info:
        _structure(path, reference)
    assert info.value.path == str(path)
    assert str(path) in str(info.value)


NOVEL = """\
# Chapter Three

The rain had not stopped for three days when Anna finally opened the letter. It was written
in her grandmother's hand, the letters leaning forward as if they were in a hurry.

She read it twice, standing by the window, and then she read it again.

"You will find the key under the second stone," it said. "Do not tell your brother."
"""

NOVEL_WITH_A_LIST = """\
Chapter 7

The list was still on the kitchen table when the inspector came back:

1. Buy bread.
2. Call the notary about the house.
3. Do not answer if Mikhail phones again.

He read it without a word and put it in his pocket.
"""


@pytest.mark.parametrize(
    ("name", "text"),
    [("chapter-three.md", NOVEL), ("chapter-seven.txt", NOVEL_WITH_A_LIST)],
    ids=["prose", "prose-with-numbered-list"],
)
def test_novel_chapter_is_refused_naming_the_file(tmp_path: Path, reference: Reference, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        _structure(path, reference)
    assert info.value.path == str(path)
    assert name in str(info.value)


def _cut(source: str, before: str) -> str:
    """``source`` up to (not including) ``before``, which must occur once."""
    assert source.count(before) == 1
    return source[: source.index(before)].rstrip()


@pytest.mark.parametrize(
    ("name", "source", "before", "where"),
    [
        (
            "kazakhstan-cut.md",
            resources.bundled_document(),
            " and thus does not need to be reviewed or amended.",
            "paragraph 80",
        ),
        ("slovenia-addendum-cut.txt", SVN_ADDENDUM, "following information:", "paragraph 5"),
    ],
    ids=["kazakhstan-in-paragraph-80", "slovenia-addendum-in-paragraph-5"],
)
def test_addendum_cut_mid_paragraph_is_truncated(
    tmp_path: Path, reference: Reference, name: str, source: Path, before: str, where: str
) -> None:
    path = tmp_path / name
    path.write_text(_cut(source.read_text(encoding="utf-8"), before), encoding="utf-8")
    with pytest.raises(InputError, match="truncated") as info:
        _structure(path, reference)
    assert info.value.path == str(path)
    assert where in str(info.value)


# --- Working Group report: recommendation items stay in their list paragraph -----------------


def test_svn_report_items_stay_in_paragraph_140_one_per_line(svn_report: Document) -> None:
    """Paragraph 140 introduces the list; 140.1 ... 140.254 each start a line of its text, and
    neither item "140.141" nor any other becomes a paragraph."""
    text = svn_report.unit("paragraph/140").text
    assert text.startswith("The following recommendations will be examined by Slovenia, which will")
    starts = re.findall(r"\n(140\.\d+)\s", text)
    assert starts == [f"140.{k}" for k in range(1, 255)]
    assert text.endswith("140.254 Strengthen measures to reduce statelessness and ensure the protection of stateless persons (Iraq).")


# --- Addendum: a line made only of numbers heads a block, in every notation ------------------


@pytest.mark.parametrize("line", ["Rec. 38", "38., 39.", "140.38, 140.39", "140.38-39", "122.34- 35"])
def test_addendum_number_line_forms_head_a_block(tmp_path: Path, reference: Reference, line: str) -> None:
    """The addendum with its line "140.38" (section II) written in the notations other addenda
    use ("Rec. 18", "5., 6., 7.", "140.82-85, 87", "122.34- 35"): still a level-2 heading under
    section II, with the text after it as its block."""
    source = SVN_ADDENDUM.read_text(encoding="utf-8")
    assert source.count("            140.38\n") == 1
    path = tmp_path / "addendum.txt"
    path.write_text(source.replace("            140.38\n", f"            {line}\n"), encoding="utf-8")
    doc = _structure(path, reference)
    (heading,) = [h for h in doc.headings if h.text == line]
    assert heading.level == 2 and doc.unit(heading.heading).text.startswith("II. ")  # type: ignore[arg-type]
    block = doc.units[heading.ordinal + 1]
    assert (block.kind, block.heading) == ("block", heading.key)
    assert block.text.startswith("The 2023 amendment to the Criminal Code introduced hate crimes")


def test_addendum_list_ending_with_a_number_line_is_not_a_heading(svn_addendum: Document) -> None:
    """"140.254." ends paragraph 3's list on a line of its own (after "140.251,"): not a heading."""
    assert svn_addendum.unit("paragraph/3").text.endswith("140.250, 140.251, 140.254.")
    assert "140.254." not in [h.text for h in svn_addendum.headings]


# --- Working Group reports of cycles 1-2, text scraped from PDF (shared/corpus/wg-reports) ----


def _wg(name: str, reference: Reference) -> Document:
    """A scraped report: the copy in tests/data when there is one, else the shared corpus."""
    path = DATA / f"wg-{name}" if (DATA / f"wg-{name}").exists() else WG_REPORTS / name
    if not path.exists():
        pytest.skip(f"shared corpus not available: {path}")
    return _structure(path, reference)


def test_norway2010_numbers_alone_and_footnotes_inside_the_list(reference: Reference) -> None:
    """Paragraph and item numbers alone on their lines; footnotes 1-6 printed between items 5
    and 6 of paragraph 105: item 6 goes back to the list, not to footnote 6."""
    doc = _wg("norway2010.txt", reference)
    assert [p.number for p in doc.paragraphs] == list(range(1, 109))
    assert [h.text for h in doc.headings] == [
        "Introduction",
        "I. Summary of the proceedings of the review process",
        "A. Presentation by the State under review",
        "B. Interactive dialogue and responses by the State under review",
        "II. Conclusions and/or recommendations",
    ]
    text = doc.unit("paragraph/105").text
    assert re.findall(r"\n(\d+)\. ", text) == [str(k) for k in range(1, 45)]
    assert "(Viet Nam);\n6. Pursue the integration of human rights education" in text
    assert doc.unit("footnote/6").text == "The recommendation as read during the interactive dialogue: ratify CED (Mexico)."
    assert doc.unit("paragraph/108").text.endswith("endorsed by the Working Group as a whole.")


@pytest.mark.parametrize(
    ("name", "number", "start"),
    [
        # "2. On 28 February 2008, ... Sri Lanka. 3. In accordance with ..." on one line.
        ("ghana2008.txt", 3, "In accordance with paragraph 15 of  the annex to resolution 5/1"),
        # "36 The Government is taking ..." (no full stop after the number).
        ("canada2009.txt", 36, "The Government is taking a range of measures"),
        # "42, The State party reported ..." (a comma for the full stop).
        ("ireland2011.txt", 42, "The State party reported that"),
        # "II. Conclusions and/or recommendations** 106. The recommendations ..." on one line.
        ("ireland2011.txt", 106, "The recommendations formulated during the interactive dialogue"),
    ],
)
def test_scraped_paragraph_numbers(reference: Reference, name: str, number: int, start: str) -> None:
    doc = _wg(name, reference)
    assert [p.number for p in doc.paragraphs] == list(range(1, len(doc.paragraphs) + 1))
    assert doc.unit(f"paragraph/{number}").text.startswith(start)


def test_scraped_headings_table_of_contents_running_header_and_notes(reference: Reference) -> None:
    """canada2009.txt: the table of contents ("I. Summary ...... 5–85 3") gives no heading;
    brazil2008.txt: the running header "A/HRC/8/27 Page 15" is dropped and the heading after it
    read; cotedivoire2010.txt: "Notes" and its footnotes, then the annex, end the body."""
    canada = _wg("canada2009.txt", reference)
    assert len(canada.headings) == 5 and canada.headings[0].text == "Introduction"
    brazil = _wg("brazil2008.txt", reference)
    assert brazil.unit("paragraph/82").text.endswith("Brazil expressed readiness to exchange experience and share information.")
    assert "II. CONCLUSIONS AND/OR RECOMMENDATIONS" in [h.text for h in brazil.headings]
    ivory = _wg("cotedivoire2010.txt", reference)
    assert ivory.unit("paragraph/102").text.endswith("endorsed by the Working Group as a whole.")
    assert [f.number for f in ivory.footnotes] == list(range(1, 12))


@pytest.mark.parametrize(
    ("name", "iso3", "title"),
    [
        ("peru2008.txt", "PER", "no title line: paragraph 1 says what the document is"),
        ("netherlands2008.txt", "NLD", "'The Netherlands *'"),
        ("sweden2010.txt", "SWE", "'Report of the Working Group on the UniversalPeriodic Review*'"),
        ("saudiarabia2009.txt", "SAU", "'Report of the Working on the Universal Periodic Review *'"),
        ("eritrea2010.txt", "ERI", "'REPORT OF THE WORKING GROUP ON THE UNIVERSAL PERIODIC REVIEW*'"),
        ("mali2008.txt", "MLI", "'UNIVERSAL PERIODIC REVIEW Report of the Working Group ...' on one line"),
    ],
)
def test_scraped_mastheads(reference: Reference, name: str, iso3: str, title: str) -> None:
    doc = _wg(name, reference)
    assert doc.header.title == "Report of the Working Group on the Universal Periodic Review", title
    assert doc.header.kind == "wg-report"
    assert doc.review is not None and (doc.review.state_iso3, doc.review.cycle) == (iso3, 1)
