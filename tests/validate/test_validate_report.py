"""The Report: summary format, conformance with warnings only, the standard results graph,
no mutation of the input, broken shapes files, and the documentation every shape carries."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import SH

from kgbuild import resources
from kgbuild import validate as validation
from kgbuild.errors import MappingError
from kgbuild.iri import UPR
from kgbuild.validate import load_shapes, results_as_tuples, validate, validate_naive

DATA = Path(__file__).parent / "data"
ID = "https://w3id.org/upr-kg/id/"
DOC = ID + "document/KAZ/4/addendum"


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes()


@pytest.fixture()
def base() -> Graph:
    return Graph().parse(DATA / "base.ttl")


def _with_problems(base: Graph) -> Graph:
    """Base + a footnote marker without footnote (Violation) + an uncalled footnote (Warning)."""
    marker = URIRef(DOC + "/paragraph/3/marker/2")
    footnote = URIRef(DOC + "/footnote/3")
    for triple in [
        (marker, RDF.type, UPR.FootnoteMarker), (marker, UPR.inText, URIRef(DOC + "/paragraph/3")),
        (marker, UPR.start, Literal(198)), (marker, UPR.markerNumber, Literal(2)),
        (footnote, RDF.type, UPR.Footnote), (footnote, UPR.inDocument, URIRef(DOC)),
        (footnote, UPR.footnoteNumber, Literal(3)), (footnote, RDF.value, Literal("далее – Налоговый кодекс.")),
    ]:
        base.add(triple)
    return base


def test_summary_of_empty_report(base: Graph, shapes: Graph) -> None:
    assert validate(base, shapes=shapes).summary() == "conforms: 0 violations, 0 warnings"


def test_summary_groups_by_severity(base: Graph, shapes: Graph) -> None:
    report = validate(_with_problems(base), shapes=shapes)
    assert report.summary().splitlines() == [
        "1 violation:",
        "Violation  footnote marker 2 in paragraph 3 · Footnote marker 2 in paragraph 3 has no footnote."
        " · shape evidence:FootnoteMarkerResolvedShape · paragraph 3",
        "",
        "1 warning:",
        "Warning    footnote 3 · Footnote 3 is not called by any footnote marker."
        " · shape evidence:FootnoteCalledShape · footnote 3",
        "",
        "does not conform: 1 violation, 1 warning",
    ]
    assert report.counts == {"Violation": 1, "Warning": 1, "Info": 0}


def test_summary_line_names_recommendation_and_path(base: Graph, shapes: Graph) -> None:
    rec = URIRef(ID + "review/KAZ/4/recommendation/168")
    base.add((rec, RDF.type, UPR.Recommendation))
    base.add((rec, UPR.recommendationNumber, Literal("168")))
    base.add((rec, UPR.inReview, URIRef(ID + "review/KAZ/4")))
    base.add((rec, UPR.position, UPR.Supported))
    (line,) = [r.line() for r in validate(base, shapes=shapes).results]
    assert line == (
        "Violation  recommendation 168 (review KAZ 4) · upr:recommendationNumber · Recommendation number \"168\" does"
        " not follow the numbering of review KAZ 4, where 3 of 4 numbers have the form 140.N."
        " · shape numbering:RecommendationNumberPatternShape"
    )


def test_warnings_alone_conform(base: Graph, shapes: Graph) -> None:
    footnote = URIRef(DOC + "/footnote/2")
    for triple in [(footnote, RDF.type, UPR.Footnote), (footnote, UPR.inDocument, URIRef(DOC)),
                   (footnote, UPR.footnoteNumber, Literal(2)), (footnote, RDF.value, Literal("далее."))]:
        base.add(triple)
    report = validate(base, shapes=shapes)
    assert report.conforms
    assert [r.severity for r in report.results] == ["Warning"]
    assert report.summary().endswith("conforms: 0 violations, 1 warning")


def test_results_graph_is_a_standard_report(base: Graph, shapes: Graph) -> None:
    report = validate(_with_problems(base), shapes=shapes)
    graph = report.results_graph
    (node,) = graph.subjects(RDF.type, SH.ValidationReport)
    assert graph.value(node, SH.conforms) == Literal(False)
    assert len(list(graph.objects(node, SH.result))) == 2
    assert {graph.value(r, SH.resultSeverity) for r in graph.objects(node, SH.result)} == {SH.Violation, SH.Warning}
    assert Graph().parse(data=graph.serialize(format="turtle"), format="turtle")  # writable as validation.ttl


def test_validate_does_not_modify_its_input(base: Graph, shapes: Graph) -> None:
    data = _with_problems(base)
    before = Graph()
    before += data
    validate(data, shapes=shapes)
    validate_naive(data, shapes=shapes)
    assert isomorphic(before, data)


def test_ontology_is_validated_with_the_data(base: Graph, shapes: Graph) -> None:
    ontology = Graph()
    ontology.add((UPR.Noted, RDF.type, UPR.Position))
    ontology.add((UPR.Rejected, RDF.type, UPR.Position))
    fast = validate(base, shapes=shapes, ontology=ontology)
    assert [(r.shape_label, str(r.focus_node)) for r in fast.results] == [("core:PositionShape", str(UPR.Rejected))]
    assert results_as_tuples(fast) == results_as_tuples(validate_naive(base, shapes=shapes, ontology=ontology))


def test_offsets_count_characters_beyond_the_basic_plane(base: Graph, shapes: Graph) -> None:
    """A character outside the BMP (one code point, two UTF-16 units) counts as one."""
    unit = URIRef(DOC + "/paragraph/4")
    mention = URIRef(DOC + "/paragraph/4/mention/2-15")
    for triple in [
        (unit, RDF.type, UPR.Paragraph), (unit, UPR.inDocument, URIRef(DOC)), (unit, UPR.paragraphNumber, Literal(4)),
        (unit, RDF.value, Literal("𝔸 Ministry of Justice – noted")),
        (mention, RDF.type, UPR.Mention), (mention, UPR.inText, unit), (mention, UPR.exact, Literal("Ministry of J")),
        (mention, UPR.start, Literal(2)), (mention, UPR.end, Literal(15)),
        (mention, UPR.denotes, URIRef(ID + "institution/KAZ/ministry-of-justice")),
    ]:
        base.add(triple)
    assert validate(base, shapes=shapes).results == []
    assert validate_naive(base, shapes=shapes).results == []


def test_broken_shapes_file_names_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n<a> sh:path \"unterminated .\n", encoding="utf-8")
    monkeypatch.setattr(validation.resources, "files", lambda name, pattern: [broken])
    with pytest.raises(MappingError, match="broken.ttl"):
        load_shapes()


@pytest.mark.parametrize("run", [validate, validate_naive], ids=["fast", "naive"])
def test_broken_sparql_in_shapes_is_a_mapping_error(run, base: Graph, shapes: Graph) -> None:
    broken = Graph()
    broken += shapes
    broken.parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:test:BrokenShape> a sh:NodeShape ; sh:targetNode <urn:test:x> ;
            sh:sparql [ sh:select "SELECT $this WHERE { $this ?p }" ] .
    """, format="turtle")
    with pytest.raises(MappingError, match="SPARQL"):
        run(base, shapes=broken)


def test_every_shape_is_documented(shapes: Graph) -> None:
    """Label and severity on every shape; a comment on node shapes and on their property shapes'
    node shape; a message on every shape with a constraint and on every SPARQL constraint."""
    node_shapes = {s for s in shapes.subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef)}
    property_shapes = {s for s in shapes.subjects(RDF.type, SH.PropertyShape) if isinstance(s, URIRef)}
    assert node_shapes and property_shapes
    value_shapes = set()
    for shape in node_shapes | property_shapes:
        assert shapes.value(shape, RDFS.label) is not None, shape
        if not any((shape, p, None) in shapes for p in (SH.targetClass, SH.target, SH.targetObjectsOf)):
            value_shapes.add(shape)
            continue
        assert shapes.value(shape, SH.severity) is not None, shape
        documented = shapes.value(shape, RDFS.comment) or shapes.value(shapes.value(shape, RDFS.isDefinedBy), RDFS.comment)
        assert documented is not None, shape
        if not any((shape, p, None) in shapes for p in (SH.path, SH.pattern, SH["in"], SH.sparql, SH.property)):
            continue  # a node shape that only documents its class (its properties are targeted shapes)
        sparql = list(shapes.objects(shape, SH.sparql))
        linked = list(shapes.objects(shape, SH.property))
        messages = ([shapes.value(c, SH.message) for c in sparql]
                    or [shapes.value(p, SH.message) for p in linked]
                    or [shapes.value(shape, SH.message)])
        assert messages and all(m is not None for m in messages), shape
    assert not value_shapes, f"shapes without targets: {value_shapes}"


def test_shapes_files_declare_their_prefixes(shapes: Graph) -> None:
    for constraint in list(shapes.objects(None, SH.sparql)) + list(shapes.objects(None, SH.target)):
        if isinstance(constraint, BNode) and shapes.value(constraint, SH.select) is not None:
            ontology = shapes.value(constraint, SH.prefixes)
            assert ontology is not None and any(shapes.objects(ontology, SH.declare))
    assert resources.shapes_dir().is_dir()
