"""The files ``kgbuild build`` writes: every serialisation says the same thing.

graph.jsonld is compacted with the packaged context, which is embedded (nothing to fetch);
parsing it back gives a graph isomorphic to graph.ttl; graph.nt too; dataset.trig holds one
named graph per document, the reference data, what the join stage decided over all documents,
the ontology and the entailments.
"""

from __future__ import annotations

import json

from rdflib import Literal, Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from kgbuild.iri import UPR

BASE = "https://w3id.org/upr-kg/id/"


def test_jsonld_round_trip_is_isomorphic_to_turtle(bundled_build) -> None:
    out = bundled_build.out
    ttl = Graph().parse(out / "graph.ttl", format="turtle")
    data = json.loads((out / "graph.jsonld").read_text(encoding="utf-8"))
    assert isinstance(data["@context"], dict), "the context must be embedded, not a URL to fetch"
    jsonld = Graph().parse(data=json.dumps(data), format="json-ld")
    assert len(jsonld) == len(ttl)
    assert isomorphic(jsonld, ttl)


def test_ntriples_equals_turtle(bundled_build) -> None:
    out = bundled_build.out
    ttl = Graph().parse(out / "graph.ttl", format="turtle")
    nt = Graph().parse(out / "graph.nt", format="nt")
    assert isomorphic(nt, ttl)
    assert isomorphic(ttl, bundled_build.graph)


def test_context_file_is_the_packaged_context(bundled_build) -> None:
    from kgbuild import resources

    written = json.loads((bundled_build.out / "context.jsonld").read_text(encoding="utf-8"))
    packaged = json.loads((resources.ontology_dir() / "context.jsonld").read_text(encoding="utf-8"))
    assert written == packaged


def test_trig_named_graphs(bundled_build) -> None:
    ds = Dataset()
    ds.parse(bundled_build.out / "dataset.trig", format="trig")
    names = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert names == {
        BASE + "graph/document/KAZ/4/addendum",
        BASE + "graph/reference",
        BASE + "graph/joined",
        BASE + "graph/cube",
        BASE + "graph/inferred",
        "https://w3id.org/upr-kg/ontology",
    }
    doc = ds.graph(URIRef(BASE + "graph/document/KAZ/4/addendum"))
    ref = ds.graph(URIRef(BASE + "graph/reference"))
    joined = ds.graph(URIRef(BASE + "graph/joined"))
    cube = ds.graph(URIRef(BASE + "graph/cube"))
    assert isomorphic(doc + ref + joined + cube, bundled_build.graph)
    # The statistics cube: one observation, 35 Noted recommendations to KAZ in cycle 4.
    observation = URIRef(BASE + "review/KAZ/4/count/position/Noted")
    assert (observation, URIRef(str(UPR) + "recommendationCount"), Literal(35)) in cube
    inferred = ds.graph(URIRef(BASE + "graph/inferred"))
    assert isomorphic(inferred, Graph().parse(bundled_build.out / "inferred.ttl", format="turtle"))


def test_no_blank_nodes_in_published_graph(bundled_build) -> None:
    from rdflib import BNode

    blanks = [t for t in bundled_build.graph if isinstance(t[0], BNode) or isinstance(t[2], BNode)]
    assert blanks == []


def test_no_annotation_vocabulary_leaks(bundled_build) -> None:
    text = (bundled_build.out / "graph.nt").read_text(encoding="utf-8")
    assert "upr-kg/annotation#" not in text


def test_validation_report_is_a_shacl_report(bundled_build) -> None:
    from rdflib.namespace import RDF, SH

    report = Graph().parse(bundled_build.out / "validation.ttl", format="turtle")
    assert len(list(report.subjects(RDF.type, SH.ValidationReport))) == 1


def test_the_same_input_gives_the_same_bytes(bundled_build, tmp_path) -> None:
    """A second build of the same document writes every dump byte for byte as the first: the
    lines are sorted, and the ontology's blank nodes (its OWL lists) are labelled from their
    content, not at random by the parser."""
    from kgbuild import resources
    from kgbuild.build import build

    again = build([resources.bundled_document()], out=tmp_path / "again").out
    for name in ("graph.nt", "graph.ttl", "graph.jsonld", "dataset.trig", "inferred.ttl", "recommendations.csv", "void.ttl"):
        assert (again / name).read_bytes() == (bundled_build.out / name).read_bytes(), name
    assert b"_:" in (again / "dataset.trig").read_bytes()  # the ontology's lists: blank nodes to label
