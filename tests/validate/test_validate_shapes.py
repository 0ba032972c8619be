"""One conforming and one violating graph per shape (tests/validate/data/cases/*.trig).

Each case file is named after the shape it checks (``numbering.RecommendationNumberPatternShape``
for numbering:RecommendationNumberPatternShape; a further case of the same shape adds a name,
``arithmetic.DeclaredTotalMatchesListShape.upr-info-rows``) and holds named graphs that modify
data/base.ttl, a small graph that conforms to every shape:

* ``<urn:case:conforms>`` is added to the base; the result must conform with no result at all;
* ``<urn:case:remove>`` is removed and ``<urn:case:violates>`` added; the results must be
  exactly those of ``<urn:case:expected>``, written in SHACL's report vocabulary (severity,
  focus node, path, source shape and the message a person reads). A blank node as expected
  focus stands for any blank node.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.namespace import SH

from kgbuild.validate import Report, load_shapes, validate

DATA = Path(__file__).parent / "data"
CASES = sorted((DATA / "cases").glob("*.trig"))
CONFORMS, VIOLATES, REMOVE, EXPECTED = (URIRef(f"urn:case:{n}") for n in ("conforms", "violates", "remove", "expected"))


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes()


@pytest.fixture(scope="module")
def base() -> Graph:
    return Graph().parse(DATA / "base.ttl")


def _case(path: Path) -> Dataset:
    return Dataset().parse(path, format="trig")


def _shape_name(path: Path) -> str:
    """numbering:RecommendationNumberPatternShape for numbering.RecommendationNumberPatternShape.trig
    (and for numbering.RecommendationNumberPatternShape.{variant}.trig, a further case of it)."""
    prefix, shape = path.stem.split(".")[:2]
    return f"{prefix}:{shape}"


def _case_id(path: Path) -> str:
    return path.stem.replace(".", ":", 1)


def _results(report: Report) -> set[tuple]:
    return {
        (r.severity, "_:" if isinstance(r.focus_node, BNode) else str(r.focus_node), str(r.path or ""), r.shape_label, r.message)
        for r in report.results
    }


def _curie(shape: object) -> str:
    """numbering:RecommendationNumberPatternShape for .../shapes/numbering#RecommendationNumberPatternShape."""
    namespace, _, local = str(shape).rpartition("#")
    return f"{namespace.rsplit('/', 1)[1]}:{local}"


def _expected(case: Dataset) -> set[tuple]:
    g = case.graph(EXPECTED)
    out = set()
    for node in g.subjects(SH.sourceShape, None):
        focus = g.value(node, SH.focusNode)
        out.add((
            str(g.value(node, SH.resultSeverity)).rpartition("#")[2],
            "_:" if isinstance(focus, BNode) else str(focus),
            str(g.value(node, SH.resultPath) or ""),
            _curie(g.value(node, SH.sourceShape)),
            str(g.value(node, SH.resultMessage)),
        ))
    return out


def test_every_shape_file_has_cases() -> None:
    """Each shapes file is exercised by at least one case."""
    files = {p.stem for p in (Path(__file__).parents[2] / "shapes").glob("*.ttl")}
    covered = {p.stem.split(".", 1)[0] for p in CASES}
    assert files <= covered


@pytest.mark.parametrize("path", CASES, ids=_case_id)
def test_shape_conforms(path: Path, base: Graph, shapes: Graph) -> None:
    data = Graph()
    data += base
    data += _case(path).graph(CONFORMS)
    report = validate(data, shapes=shapes)
    assert report.results == [], report.summary()
    assert report.conforms


@pytest.mark.parametrize("path", CASES, ids=_case_id)
def test_shape_violates(path: Path, base: Graph, shapes: Graph) -> None:
    case = _case(path)
    data = Graph()
    data += base
    data -= case.graph(REMOVE)
    data += case.graph(VIOLATES)
    expected = _expected(case)
    assert expected, f"{path.name} states no expected result"
    report = validate(data, shapes=shapes)
    assert _results(report) == expected, report.summary()
    assert report.conforms == all(e[0] != "Violation" for e in expected)
    # the case is named after a shape that it triggers
    assert any(_shape_name(path).split(":")[1] in e[3] for e in expected)
