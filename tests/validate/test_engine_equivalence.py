"""kgbuild's SHACL engine (``validate()``, kgbuild/shacl) writes pySHACL's report
(``validate_naive()``): the same results graph up to blank node names
(``rdflib.compare.isomorphic``) and the same results (``results_as_tuples``), on

* the bundled document, the Slovenia report and its addendum, and the tests/scale sample
  (the bundled addendum and 400 rows of the UPR Info export), built by the pipeline: the
  engine reads the build's store where it is;
* every violating case of data/cases/*.trig (the shapes of shapes/);
* the hand-made cases of data/engine/*.trig, each with its own shapes, together at least one
  graph with violations per constraint component the engine supports. Each is validated as
  an rdflib graph, and as named graphs of an Oxigraph store read in place (where literals
  stay as written, ``" 12"^^xsd:integer``, and a graph may repeat another's triple).

One parametrised test walks them all; the engine must not fall back to pySHACL on any.
"""

from __future__ import annotations

import csv
import logging
from functools import cache
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from kgbuild import reason, resources
from kgbuild.dataset import StoreView
from kgbuild.validate import load_shapes, results_as_tuples, validate, validate_naive

DATA = Path(__file__).parent / "data"
TESTS = Path(__file__).parents[1]
UPR_INFO = TESTS.parents[1] / "shared" / "corpus" / "upr-info"
SHAPE_CASES = sorted((DATA / "cases").glob("*.trig"))
ENGINE_CASES = sorted((DATA / "engine").glob("*.trig"))
CASE = "urn:case:"

CASES = (
    ["pipeline:bundled", "pipeline:slovenia", "pipeline:scale-sample"]
    + [f"shapes:{p.stem}" for p in SHAPE_CASES]
    + [f"engine:{p.stem}:{variant}" for p in ENGINE_CASES for variant in ("graph", "store")]
)


@cache
def _shapes() -> Graph:
    return load_shapes()


@cache
def _ontology() -> Graph:
    return reason.load_ontology()


@cache
def _pipeline(name: str) -> StoreView:
    from kgbuild.build import build

    if name == "bundled":
        inputs = [resources.bundled_document()]
    elif name == "slovenia":
        inputs = [TESTS / "data" / "slovenia-A-HRC-59-15.txt", TESTS / "data" / "slovenia-A-HRC-59-15-Add.1.txt"]
    else:
        if not (UPR_INFO / "sessions-1-5.csv").is_file():
            pytest.skip(f"the UPR Info export is not at {UPR_INFO}")
        inputs = [resources.bundled_document(), _upr_info_sample(UPR_INFO / "sessions-1-5.csv", 400)]
    return build(inputs, out=None, run_validation=False, run_reasoning=False, workers=1).store.asserted()


def _upr_info_sample(source: Path, rows: int) -> Path:
    """The header and the first ``rows`` records of a UPR Info file, in its own encoding and
    line ends (what tests/scale/conftest.py's sample_inputs builds)."""
    import tempfile

    with source.open(encoding="mac_roman", newline="") as f:
        records = list(csv.reader(f))
    target = Path(tempfile.mkdtemp(prefix="kgbuild-sample-")) / source.name
    with target.open("w", encoding="mac_roman", newline="") as f:
        csv.writer(f, lineterminator="\r").writerows(records[: rows + 1])
    return target


def _shape_case(path: Path) -> Graph:
    """data/base.ttl with the case's <urn:case:remove> removed and <urn:case:violates> added."""
    case = Dataset().parse(path, format="trig")
    data = Graph().parse(DATA / "base.ttl")
    data -= case.graph(URIRef(CASE + "remove"))
    data += case.graph(URIRef(CASE + "violates"))
    return data


def _engine_case(path: Path, variant: str) -> tuple[object, Graph, Graph | None]:
    """(data, shapes, ontology) of a data/engine case: <urn:case:data> and <urn:case:data2>
    (the data), <urn:case:shapes>, <urn:case:ontology> (optional)."""
    case = Dataset().parse(path, format="trig")
    shapes = case.graph(URIRef(CASE + "shapes"))
    ontology = case.graph(URIRef(CASE + "ontology"))
    ontology = ontology if len(ontology) else None
    names = [n for n in ("data", "data2") if len(case.graph(URIRef(CASE + n)))]
    if variant == "graph":
        data = Graph()
        for name in names:
            data += case.graph(URIRef(CASE + name))
        return data, shapes, ontology
    store = ox.Store()
    store.load(path=str(path), format=ox.RdfFormat.TRIG)
    context = [CASE + "ontology"] if ontology is not None else []
    return StoreView(store, [CASE + n for n in names], context=context), shapes, ontology


def _inputs(case: str) -> tuple[object, Graph, Graph | None]:
    kind, _, name = case.partition(":")
    if kind == "pipeline":
        return _pipeline(name), _shapes(), _ontology()
    if kind == "shapes":
        return _shape_case(DATA / "cases" / f"{name}.trig"), _shapes(), None
    stem, _, variant = name.partition(":")
    return _engine_case(DATA / "engine" / f"{stem}.trig", variant)


@pytest.mark.parametrize("case", CASES)
def test_engine_writes_pyshacls_report(case: str, caplog: pytest.LogCaptureFixture) -> None:
    data, shapes, ontology = _inputs(case)
    with caplog.at_level(logging.INFO, logger="kgbuild.validate"):
        fast = validate(data, shapes=shapes, ontology=ontology)
    assert not [r.getMessage() for r in caplog.records if "pySHACL" in r.getMessage()], "the engine fell back"
    naive = validate_naive(data, shapes=shapes, ontology=ontology)
    assert results_as_tuples(fast) == results_as_tuples(naive)
    assert isomorphic(fast.results_graph, naive.results_graph)
    assert fast.conforms == naive.conforms
    if not case.startswith("pipeline:"):
        assert naive.results, "a case must have results to compare"
    if case == "pipeline:bundled":
        on_rdflib = validate(data.graph(), shapes=shapes, ontology=ontology)  # type: ignore[attr-defined]
        assert isomorphic(on_rdflib.results_graph, naive.results_graph)
