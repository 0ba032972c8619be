"""Recommendation lists of Working Group reports (kgbuild/annotate/wg_recommendations.py).

The cases of wg_recommendations.toml are real excerpts of each layout (2008 "1." items with
their numbers alone on a line, 2010 clustered items, 2011 items run into the previous line,
2012 "99.1." and 2014 "104.1" items, attributions "(Algeria) (Cabo Verde)", "(Chile,
Mexico)", "(Algeria);", long official names): ``read_list`` reads the paragraph with the
Gazetteer of the reviewed State, ``intro_position`` the introduction, ``full_number`` the
numbers. The document-level tests read whole reports: the Slovenia report of cycle 4
(tests/data/slovenia-A-HRC-59-15.txt), and from the shared corpus a misprinted item number,
a list whose position the next paragraph states, and bare references to a list above.
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from kgbuild import language
from kgbuild.annotate import Annotations, annotate, wg_recommendations
from kgbuild.annotate.lexicon import Gazetteer
from kgbuild.model import Document
from kgbuild.read import read
from kgbuild.reference import Reference
from kgbuild.structure import structure

from ._cases import WORKSPACE, check_ids, check_source, load_cases, params

BASE = "https://w3id.org/upr-kg/id/"
CASES = load_cases("wg_recommendations.toml")
SVN_REPORT = Path(__file__).resolve().parents[1] / "data" / "slovenia-A-HRC-59-15.txt"
WG_REPORTS = WORKSPACE / "shared" / "corpus" / "wg-reports"


@cache
def _reference() -> Reference:
    return Reference(BASE)


@cache
def _gazetteer(iso3: str) -> Gazetteer:
    ref = _reference()
    return Gazetteer(ref, ref.state_iri(iso3))


def _iso3(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def _found(case: dict[str, Any]) -> dict[str, Any]:
    en = language.load("en")
    text: str = case["text"]
    reviewed = _reference().state_iri(case["state"])
    found = wg_recommendations.read_list(text, case["paragraph"], en, _gazetteer(case["state"]).find(text), reviewed)
    if found is None:
        return {"list": False, "items": []}
    items, prefix = found
    out: dict[str, Any] = {"list": True, "items": []}
    intro = wg_recommendations.intro_position(text[: items[0].number_start], en)
    if intro is not None:
        out["position"] = intro[0]
        out["position_span"] = text[intro[1][0] : intro[1][1]]
    for i, it in enumerate(items):
        want = case["items"][i] if i < len(case["items"]) else {}
        got: dict[str, Any] = {
            "number": wg_recommendations.full_number(it.k, prefix, case["paragraph"], case.get("restarts", False)),
            "start": it.text[: len(want.get("start", ""))],
            "end": it.text[len(it.text) - len(want.get("end", "")) :],
            "states": [_iso3(s) for s in it.states],
        }
        if "instruments" in want:
            got["instruments"] = [i.removeprefix(BASE) for i in it.instruments]
        if it.misprinted or want.get("misprinted"):
            got["misprinted"] = it.misprinted
        # The number span is the printed number; the text span starts right after it.
        assert text[it.number_start : it.number_end] == it.printed
        assert text[it.start : it.end].startswith(it.text[:20])
        out["items"].append(got)
    return out


def _expected(case: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"list": case.get("list", True), "items": [dict(item) for item in case["items"]]}
    if "position" in case:
        out["position"] = case["position"]
        out["position_span"] = case["position_span"]
    return out


@pytest.mark.parametrize("case", params(CASES))
def test_wg_list(case: dict[str, Any]) -> None:
    assert _found(case) == _expected(case)


def test_table_ids_and_sources() -> None:
    check_ids(CASES)


@pytest.mark.parametrize("case", [pytest.param(c, id=c["id"]) for c in CASES])
def test_case_text_is_in_its_source(case: dict[str, Any]) -> None:
    check_source(case)


# --- whole reports ---------------------------------------------------------------------------


def _annotated(path: Path) -> tuple[Document, Annotations]:
    ref = _reference()
    doc = structure(read(path), ref)
    return doc, annotate(doc, ref)


@pytest.fixture(scope="module")
def svn_report() -> tuple[Document, Annotations]:
    return _annotated(SVN_REPORT)


def _corpus_report(name: str) -> tuple[Document, Annotations]:
    path = WG_REPORTS / name
    if not path.exists():
        pytest.skip(f"shared corpus not available: {path}")
    return _annotated(path)


def test_svn_report_lists_254_recommendations_to_be_examined(svn_report: tuple[Document, Annotations]) -> None:
    """Paragraph 140: "The following recommendations will be examined by Slovenia ...": 140.1-140.254."""
    _, ann = svn_report
    items = ann.of_kind("recommendation-item")
    assert [s.value["number"] for s in items] == [f"140.{k}" for k in range(1, 255)]
    assert {s.unit for s in items} == {"paragraph/140"}
    assert Counter(s.value["position"] for s in items) == {"Pending": 254}
    refs = [s for s in ann.of_kind("recommendation-ref") if s.unit == "paragraph/140"]
    assert [n for s in refs for n in s.value["number"]] == [f"140.{k}" for k in range(1, 255)]
    assert ann.prefix == "140"


def test_svn_report_140_1(svn_report: tuple[Document, Annotations]) -> None:
    """140.1: "Ratify the International Convention on the Protection of the Rights of All Migrant
    Workers and Members of Their Families (Algeria) (Cabo Verde) (Paraguay) (South Sudan) (Sri
    Lanka) (Togo) (Uruguay) (Bolivarian Republic of Venezuela);" (page 11 of the report)."""
    doc, ann = svn_report
    first = ann.of_kind("recommendation-item")[0]
    assert first.value["text"] == (
        "Ratify the International Convention on the Protection of the Rights of All Migrant Workers and Members of Their Families"
    )
    assert [_iso3(s) for s in first.value["states"]] == ["DZA", "CPV", "PRY", "SSD", "LKA", "TGO", "URY", "VEN"]
    assert first.value["instruments"] == [f"{BASE}instrument/icmw"]
    # Every recommending State is named by an entity span inside the item (its upr:Mention).
    text = doc.unit(first.unit).text
    named = {
        s.value["denotes"] for s in ann.in_unit(first.unit, "entity") if first.start <= s.start and s.end <= first.end
    }
    assert set(first.value["states"]) <= named
    assert text[first.start : first.end].endswith("(Bolivarian Republic of Venezuela)")


def test_svn_report_list_paragraph_is_the_pending_response(svn_report: tuple[Document, Annotations]) -> None:
    _, ann = svn_report
    (response,) = ann.responses
    assert (response.units, response.position) == (["paragraph/140"], "Pending")
    assert response.position_span is not None and response.position_span.unit == "paragraph/140"


def test_misprinted_item_number_is_read_and_flagged() -> None:
    """algeria2012.txt prints "128.12" between 129.11 and 129.13: item 12 of paragraph 129."""
    doc, ann = _corpus_report("algeria2012.txt")
    (ref,) = [s for s in ann.of_kind("recommendation-ref") if s.value["number"] == ["129.12"]]
    assert doc.unit(ref.unit).text[ref.start : ref.end] == "128.12"
    assert '"128.12"' in ref.value["irregular"] and "129.12" in ref.value["irregular"]
    numbers = [s.value["number"] for s in ann.of_kind("recommendation-item")]
    assert numbers == [f"129.{k}" for k in range(1, len(numbers) + 1)]


def test_2008_list_takes_the_position_of_the_paragraph_after_it() -> None:
    """india2008.txt, paragraph 86 "... the following recommendations were made:" and 87 "These
    recommendations will be examined by India which will provide responses in due time."""
    doc, ann = _corpus_report("india2008.txt")
    (response,) = [r for r in ann.responses if "paragraph/86" in r.units]
    assert response.position == "Pending"
    assert response.position_span is not None and response.position_span.unit == "paragraph/87"
    span = response.position_span
    assert doc.unit(span.unit).text[span.start : span.end] == "will be examined"
    assert response.units == ["paragraph/86", "paragraph/87"]


def test_restarting_lists_number_paragraph_dot_item() -> None:
    """afghanistan2009.txt: three lists (paragraphs 95-97), each from "1.": 95.1 ..., 96.1 ..., 97.1 ..."""
    _, ann = _corpus_report("afghanistan2009.txt")
    numbers = [s.value["number"] for s in ann.of_kind("recommendation-item")]
    by_list = Counter(n.split(".")[0] for n in numbers)
    assert by_list == {"95": 96, "96": 37, "97": 10}
    positions = {s.value["number"].split(".")[0]: s.value["position"] for s in ann.of_kind("recommendation-item")}
    assert positions == {"95": "Supported", "96": "Pending", "97": "Noted"}


def test_bare_references_name_the_list_above() -> None:
    """kazakhstan2010.txt, paragraph 96: "Kazakhstan considers that recommendations Nos. 7, 8, 9,
    ... above have already been implemented": items of the list of paragraph 95."""
    _, ann = _corpus_report("kazakhstan2010.txt")
    refs = [n for s in ann.in_unit("paragraph/96", "recommendation-ref") for n in s.value["number"]]
    assert refs[:3] == ["95.7", "95.8", "95.9"]
    assert all(n.startswith("95.") for n in refs)


# --- mappings/wg-recommendations.rq ---------------------------------------------------------


def test_wg_recommendations_mapping(svn_report: tuple[Document, Annotations]) -> None:
    """The mapping publishes 140.1's text, recommending States and instrument, each link with a
    upr:Mention inside the item that denotes the State or the instrument."""
    from rdflib import Literal, Namespace, URIRef

    from kgbuild.docgraph import build_docgraph
    from kgbuild.map import map_document

    upr = Namespace("https://w3id.org/upr-kg/ontology#")
    doc, ann = svn_report
    domain = map_document(build_docgraph(doc, ann, BASE), _reference())
    rec = URIRef(f"{BASE}review/SVN/4/recommendation/140.1")
    text = "Ratify the International Convention on the Protection of the Rights of All Migrant Workers and Members of Their Families"
    assert domain.value(rec, upr.text) == Literal(text, lang="en")
    states = {_iso3(str(s)) for s in domain.objects(rec, upr.recommendingState)}
    assert states == {"DZA", "CPV", "PRY", "SSD", "LKA", "TGO", "URY", "VEN"}
    icmw = URIRef(f"{BASE}instrument/icmw")
    assert set(domain.objects(rec, upr.mentionsInstrument)) == {icmw}
    paragraph = URIRef(f"{BASE}document/SVN/4/wg-report/paragraph/140")
    for entity, exact in ((URIRef(f"{BASE}state/CPV"), "Cabo Verde"), (icmw, text.removeprefix("Ratify the "))):
        mentions = [m for m in domain.subjects(upr.denotes, entity) if domain.value(m, upr.inText) == paragraph]
        assert exact in {str(domain.value(m, upr.exact)) for m in mentions}
    # Every recommendation of the list has its text; none is stated twice.
    numbered = {str(domain.value(r, upr.recommendationNumber)) for r in domain.subjects(upr.text, None)}
    assert numbered == {f"140.{k}" for k in range(1, 255)}
