"""The addendum that answers a Working Group report: Slovenia's A/HRC/59/15/Add.1
(tests/data/slovenia-A-HRC-59-15-Add.1.txt, text extracted from the PDF).

What the addendum says, read off the source: paragraph 2 "Slovenia received 254
recommendations ... of which 217 are supported and 37 noted"; paragraph 3 (section I) lists
the accepted recommendations, paragraph 4 (section II) the accepted ones it comments on, and
paragraph 5 (section III) the noted ones; under paragraphs 4 and 5 a line made only of
numbers ("140.11-14", "140.82-85, 87", "140.120, 209") heads the text on those
recommendations. The addendum contradicts itself twice in section III (140.241 and 140.73,
accepted in paragraphs 4 and 3, are discussed under "140.240-241" and "140.72-75"): the rule
of kgbuild/annotate/recommendations.py is that the paragraph lists decide, and the blocks
are responses with their section's position.

Partial support and a layout without positions are tested on copies of the addendum changed
where the test says (mutations of the real text, as tests/validate does with the bundled
document): the corpus has no partially supported recommendation.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from kgbuild import language
from kgbuild.annotate import Annotations, annotate, positions, recommendations
from kgbuild.errors import InputError
from kgbuild.model import Document
from kgbuild.read import read
from kgbuild.reference import Reference
from kgbuild.structure import structure

DATA = Path(__file__).resolve().parents[1] / "data"
SVN_ADDENDUM = DATA / "slovenia-A-HRC-59-15-Add.1.txt"
SVN_REPORT = DATA / "slovenia-A-HRC-59-15.txt"

SECTION_II = [
    "140.11-14", "140.18-19", "140.38", "140.46", "140.47", "140.56", "140.62", "140.81", "140.82-85, 87",
    "140.118-119", "140.120, 209", "140.128", "140.132-137", "140.145, 146", "140.147", "140.148", "140.149",
    "140.150", "140.158", "140.170", "140.181", "140.193-194", "140.195", "140.196", "140.203", "140.205",
    "140.210", "140.252",
]  # fmt: skip
SECTION_III = [
    "140.1-6", "140.22-25", "140.30", "140.37", "140.48", "140.55", "140.57", "140.58", "140.59", "140.69-70",
    "140.71", "140.72-75", "140.77-80", "140.229", "140.230", "140.235-239", "140.240-241", "140.253",
]  # fmt: skip


@cache
def _reference() -> Reference:
    return Reference("https://w3id.org/upr-kg/id/")


def _annotated(path: Path) -> tuple[Document, Annotations]:
    doc = structure(read(path), _reference())
    return doc, annotate(doc, _reference())


@pytest.fixture(scope="module")
def svn() -> tuple[Document, Annotations]:
    return _annotated(SVN_ADDENDUM)


def _numbers(ann: Annotations, unit: str) -> list[str]:
    return [n for s in ann.in_unit(unit, "recommendation-ref") for n in s.value["number"]]


def test_one_response_per_list_paragraph_and_per_block(svn: tuple[Document, Annotations]) -> None:
    doc, ann = svn
    paragraph_responses = [r for r in ann.responses if r.heading is None]
    block_responses = [r for r in ann.responses if r.heading is not None]
    assert [(r.units[0], r.position) for r in paragraph_responses] == [
        ("paragraph/3", "Supported"),
        ("paragraph/4", "Supported"),
        ("paragraph/5", "Noted"),
    ]
    assert [doc.unit(r.heading).text for r in block_responses] == SECTION_II + SECTION_III  # type: ignore[arg-type]
    assert [r.position for r in block_responses] == ["Supported"] * len(SECTION_II) + ["Noted"] * len(SECTION_III)
    # Each block response holds its heading and the text under it.
    first = block_responses[0]
    assert [doc.unit(k).text for k in first.units] == [
        "140.11-14",
        "The 1961 Convention on the Reduction of Statelessness was ratified on 30 January 2025.",
    ]


def test_block_headings_read_their_numbers(svn: tuple[Document, Annotations]) -> None:
    doc, ann = svn
    by_text = {doc.unit(r.heading).text: _numbers(ann, r.heading) for r in ann.responses if r.heading}  # type: ignore[arg-type]
    assert by_text["140.82-85, 87"] == ["140.82", "140.83", "140.84", "140.85", "140.87"]
    assert by_text["140.120, 209"] == ["140.120", "140.209"]
    assert by_text["140.1-6"] == [f"140.{k}" for k in range(1, 7)]


def test_paragraph_lists_give_217_supported_and_37_noted_of_254(svn: tuple[Document, Annotations]) -> None:
    """The explicit lists decide: paragraphs 3 and 4 (Supported), paragraph 5 (Noted)."""
    _, ann = svn
    supported = set(_numbers(ann, "paragraph/3")) | set(_numbers(ann, "paragraph/4"))
    noted = set(_numbers(ann, "paragraph/5"))
    assert (len(supported), len(noted), len(supported & noted)) == (217, 37, 0)
    everything = {n for s in ann.of_kind("recommendation-ref") for n in s.value["number"]}
    assert everything == supported | noted == {f"140.{k}" for k in range(1, 255)}
    # "140.35. 140.36", "140.41. 140.42": a full stop for a comma does not end the list.
    assert {"140.35", "140.36", "140.41", "140.42", "140.254"} <= supported


def test_contradictions_are_responses_with_their_sections_position(svn: tuple[Document, Annotations]) -> None:
    """140.241 (paragraph 4) and 140.73 (paragraph 3) are accepted; section III discusses them."""
    doc, ann = svn
    blocks = {doc.unit(r.heading).text: r for r in ann.responses if r.heading}  # type: ignore[arg-type]
    assert blocks["140.240-241"].position == blocks["140.72-75"].position == "Noted"
    assert "140.241" in _numbers(ann, "paragraph/4") and "140.241" not in _numbers(ann, "paragraph/5")
    assert "140.73" in _numbers(ann, "paragraph/3") and "140.73" not in _numbers(ann, "paragraph/5")


def test_declared_totals_of_paragraph_2(svn: tuple[Document, Annotations]) -> None:
    _, ann = svn
    totals = [(s.value["value"], s.value.get("position")) for s in ann.of_kind("declared-total")]
    assert totals == [(254, None), (217, "Supported"), (37, "Noted")]


def test_declared_totals_of_all_three_kinds() -> None:
    """Paragraph 2 of the addendum with one more kind of total (a partially supported one)."""
    en = language.load("en")
    text = "Slovenia received 254 recommendations from UN member states. ... of which 215 are supported, 2 partially supported and 37 noted."
    found = [(t.value, t.position) for t in positions.find_totals(text, en)]
    assert found == [(254, None), (215, "Supported"), (2, "PartiallySupported"), (37, "Noted")]


@pytest.mark.parametrize(
    ("text", "part"),
    [
        ("Slovenia supports the part of the recommendation concerning the registration of stateless persons.", "the registration of stateless persons"),
        ("The recommendation is partially supported: “ratify the Convention” is supported, the rest is noted.", "ratify the Convention"),
        ("Slovenia accepts the first part of the recommendation, which calls for a national action plan.", "which calls for a national action plan"),
        ("There is no specific procedure in Slovenian legislation.", None),
    ],
)
def test_supported_part(text: str, part: str | None) -> None:
    span = recommendations.supported_part(text, language.load("en"))
    assert (text[span[0] : span[1]] if span else None) == part


def _mutated(tmp_path: Path, source: Path, name: str, *changes: tuple[str, str]) -> Path:
    text = source.read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_partially_supported_section_quotes_the_supported_part(tmp_path: Path) -> None:
    """Section III made "Partially supported", and the text under "140.253" says which part."""
    path = _mutated(
        tmp_path,
        SVN_ADDENDUM,
        "partial.txt",
        ("III. Noted recommendations", "III. Partially supported recommendations"),
        ("The Government takes note of recommendations", "The Government partially supports recommendations"),
        ("There is no specific procedure in Slovenian legislation.", "Slovenia supports the part of the recommendation concerning the registration of stateless persons."),
    )
    doc, ann = _annotated(path)
    positions_of = Counter(r.position for r in ann.responses)
    assert positions_of == {"Supported": 30, "PartiallySupported": 19}
    parts = ann.of_kind("supported-part")
    assert len(parts) == 1
    (part,) = parts
    assert doc.unit(part.unit).text[part.start : part.end] == "the registration of stateless persons"
    (owner,) = [r for r in ann.responses if r.key == part.value["response"]]
    assert owner.heading is not None and doc.unit(owner.heading).text == "140.253"


def test_addendum_without_positions_is_refused(tmp_path: Path) -> None:
    """Every position word of the addendum replaced: what is missing is said, not guessed."""
    path = _mutated(
        tmp_path,
        SVN_ADDENDUM,
        "no-positions.txt",
        ("of which 217\n            are supported and 37 noted", "of which 217\n            are listed and 37 more"),
        ("Accepted recommendations", "Recommendations"),
        ("Noted recommendations", "Other recommendations"),
        ("The Government accepts the following recommendations:", "The Government lists the following recommendations:"),
        ("The Government accepts the following recommendations and", "The Government lists the following recommendations and"),
        ("The Government takes note of recommendations", "The Government lists recommendations"),
    )
    with pytest.raises(InputError, match="no position") as info:
        _annotated(path)
    assert info.value.path == str(path)


def test_report_without_a_list_is_refused(tmp_path: Path) -> None:
    """The Slovenia report with its item numbers ("140.1", ...) taken away."""
    text = SVN_REPORT.read_text(encoding="utf-8")
    path = tmp_path / "no-list.txt"
    path.write_text(re.sub(r"(?m)^(\s*)140\.\d+(\s)", r"\1\2", text), encoding="utf-8")
    with pytest.raises(InputError, match="no recommendation list found"):
        _annotated(path)


def test_partially_supported_in_the_graph(tmp_path: Path) -> None:
    """The same mutated addendum, built: the response under "140.253" carries the supported
    part as printed (upr:supportedPart), and 140.253 is PartiallySupported, counted apart."""
    from rdflib import Literal, URIRef

    from kgbuild.build import build

    path = _mutated(
        tmp_path,
        SVN_ADDENDUM,
        "partial.txt",
        ("III. Noted recommendations", "III. Partially supported recommendations"),
        ("The Government takes note of recommendations", "The Government partially supports recommendations"),
        ("There is no specific procedure in Slovenian legislation.", "Slovenia supports the part of the recommendation concerning the registration of stateless persons."),
    )
    graph = build([path], out=None, run_validation=False, run_reasoning=False).graph
    upr = "https://w3id.org/upr-kg/ontology#"
    parts = list(graph.subject_objects(URIRef(upr + "supportedPart")))
    assert [str(p) for _, p in parts] == ["the registration of stateless persons"]
    rec = URIRef("https://w3id.org/upr-kg/id/review/SVN/4/recommendation/140.253")
    assert (rec, URIRef(upr + "position"), URIRef(upr + "PartiallySupported")) in graph
    assert (parts[0][0], URIRef(upr + "respondsTo"), rec) in graph
    assert Literal("the registration of stateless persons") == parts[0][1]
