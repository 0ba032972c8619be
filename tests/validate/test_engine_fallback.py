"""What kgbuild's SHACL engine does not support is never mis-validated: the compiler (or the
engine, for data it cannot answer for) raises UnsupportedShapes, validate() says why at INFO
and runs pySHACL, whose report it then gives; data Oxigraph cannot hold goes to the naive path."""

from __future__ import annotations

import logging

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kgbuild import shacl
from kgbuild.errors import UnsupportedShapes
from kgbuild.validate import results_as_tuples, validate, validate_naive

PREFIXES = """
@prefix ex:  <urn:ex:> .
@prefix sh:  <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
DATA = PREFIXES + """
ex:a a ex:Thing ; ex:name "a long name" ; ex:link ex:b ; ex:tag "x" .
ex:b a ex:Other .
"""

UNSUPPORTED = {
    "another parameter (sh:maxLength)": "ex:S a sh:PropertyShape ; sh:targetClass ex:Thing ; sh:path ex:name ; sh:maxLength 3 ; sh:message 'short' .",
    "sh:node": "ex:S a sh:PropertyShape ; sh:targetClass ex:Thing ; sh:path ex:link ; sh:node ex:T ; sh:message 'a T' .\n"
               "ex:T a sh:NodeShape ; sh:class ex:Thing .",
    "a path that is not a predicate": "ex:S a sh:PropertyShape ; sh:targetClass ex:Thing ; sh:path [ sh:inversePath ex:link ] ; sh:minCount 1 ; sh:message 'linked' .",
    "no sh:message (pySHACL words it)": "ex:S a sh:PropertyShape ; sh:targetClass ex:Thing ; sh:path ex:name ; sh:minCount 2 .",
    "a SPARQL constraint that does not select $this":
        "ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:sparql [ sh:message 'tagged' ; sh:select 'SELECT ?x WHERE { $this <urn:ex:tag> ?x }' ] .",
    "sh:qualifiedMaxCount": "ex:S a sh:PropertyShape ; sh:targetClass ex:Thing ; sh:path ex:tag ; "
                            "sh:qualifiedValueShape [ sh:datatype xsd:string ] ; sh:qualifiedMaxCount 0 ; sh:message 'no tags' .",
}


@pytest.mark.parametrize("name", sorted(UNSUPPORTED))
def test_unsupported_shapes_fall_back_to_pyshacl(name: str, caplog: pytest.LogCaptureFixture) -> None:
    shapes = Graph().parse(data=PREFIXES + UNSUPPORTED[name], format="turtle")
    with pytest.raises(UnsupportedShapes):
        shacl.compile_shapes(shapes)
    data = Graph().parse(data=DATA, format="turtle")
    with caplog.at_level(logging.INFO, logger="kgbuild.validate"):
        report = validate(data, shapes=shapes)
    assert any("validating with pySHACL" in r.getMessage() for r in caplog.records)
    naive = validate_naive(data, shapes=shapes)
    assert results_as_tuples(report) == results_as_tuples(naive)
    assert isomorphic(report.results_graph, naive.results_graph)


def test_data_oxigraph_refuses_goes_to_the_naive_path(caplog: pytest.LogCaptureFixture) -> None:
    shapes = Graph().parse(data=PREFIXES + "ex:S a sh:PropertyShape ; sh:targetClass ex:Thing ; sh:path ex:name ; sh:minCount 1 ; sh:message 'named' .", format="turtle")
    data = Graph()
    data.add((URIRef("urn:ex:with space"), URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), URIRef("urn:ex:Thing")))
    data.add((URIRef("urn:ex:b"), URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), URIRef("urn:ex:Thing")))
    data.add((URIRef("urn:ex:b"), URIRef("urn:ex:name"), Literal("b")))
    with caplog.at_level(logging.INFO, logger="kgbuild.validate"):
        report = validate(data, shapes=shapes)
    assert any("over the whole graph" in r.getMessage() for r in caplog.records)
    assert [str(r.focus_node) for r in report.results] == ["urn:ex:with space"]
