"""void.ttl: the VoID figures equal the store's, subsets per named graph, dumps, endpoint."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, VOID, XSD

from kgbuild import catalog
from kgbuild.iri import DEFAULT_BASE

SD_NAME = URIRef("http://www.w3.org/ns/sparql-service-description#name")
DATASET = catalog.dataset_iri(DEFAULT_BASE)


def _int(g: Graph, s: URIRef, p: URIRef) -> int:
    value = g.value(s, p)
    assert value is not None and value.datatype == XSD.integer, (s, p, value)
    return int(value)


def test_triples_equal_the_store(void_ttl: Graph, store: ox.Store) -> None:
    distinct = {(q.subject, q.predicate, q.object) for q in store}
    assert _int(void_ttl, DATASET, VOID.triples) == len(distinct)
    # one subset per named graph, each with that graph's count; together the store's quads
    subsets = list(void_ttl.objects(DATASET, VOID.subset))
    names = {void_ttl.value(s, SD_NAME): _int(void_ttl, s, VOID.triples) for s in subsets}
    graphs = {URIRef(g.value) for g in store.named_graphs()}
    assert set(names) == graphs
    for name, triples in names.items():
        assert triples == sum(1 for _ in store.quads_for_pattern(None, None, None, ox.NamedNode(str(name)))), name
    assert sum(names.values()) == len(store)


def test_partitions(void_ttl: Graph, store: ox.Store) -> None:
    distinct = {(q.subject, q.predicate, q.object) for q in store}
    props = {void_ttl.value(p, VOID.property): _int(void_ttl, p, VOID.triples) for p in void_ttl.objects(DATASET, VOID.propertyPartition)}
    assert sum(props.values()) == len(distinct)
    assert _int(void_ttl, DATASET, VOID.properties) == len(props) == len({t[1] for t in distinct})
    assert props[RDF.type] == sum(1 for t in distinct if t[1].value == str(RDF.type))
    classes = {void_ttl.value(p, VOID["class"]): _int(void_ttl, p, VOID.entities) for p in void_ttl.objects(DATASET, VOID.classPartition)}
    assert _int(void_ttl, DATASET, VOID.classes) == len(classes)
    rec = URIRef("https://w3id.org/upr-kg/ontology#Recommendation")
    assert classes[rec] == len({s for s, p, o in distinct if p.value == str(RDF.type) and o == ox.NamedNode(str(rec))}) == 35


def test_entities_and_uri_space(void_ttl: Graph, store: ox.Store) -> None:
    subjects = {q.subject.value for q in store if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(DEFAULT_BASE)}
    assert _int(void_ttl, DATASET, VOID.entities) == len(subjects)
    assert void_ttl.value(DATASET, VOID.uriSpace) == Literal(DEFAULT_BASE)


def test_example_resources_are_in_the_data(void_ttl: Graph, store: ox.Store) -> None:
    examples = set(void_ttl.objects(DATASET, VOID.exampleResource))
    assert len(examples) == len(catalog.settings()["dataset"]["example_classes"])
    for e in examples:
        assert any(True for _ in store.quads_for_pattern(ox.NamedNode(str(e)), None, None, None)), e


def test_data_dumps_are_the_rdf_files(void_ttl: Graph, written: Path) -> None:
    dumps = {str(u) for u in void_ttl.objects(DATASET, VOID.dataDump)}
    assert dumps == {f"{DEFAULT_BASE}dataset/{n}" for n in ("graph.ttl", "graph.jsonld", "graph.nt", "dataset.trig")}
    assert all((written / d.rsplit("/", 1)[-1]).is_file() for d in dumps)
    assert void_ttl.value(DATASET, VOID.sparqlEndpoint) is None


def test_endpoint_and_download_base(store: ox.Store, written: Path) -> None:
    g = catalog.void_graph(store, DEFAULT_BASE, folder=written, download_base="https://dl.example.org/", endpoint="http://127.0.0.1:7878/query")
    assert g.value(DATASET, VOID.sparqlEndpoint) == URIRef("http://127.0.0.1:7878/query")
    assert URIRef("https://dl.example.org/graph.nt") in set(g.objects(DATASET, VOID.dataDump))


def test_void_of_an_empty_store() -> None:
    g = catalog.void_graph(ox.Store(), DEFAULT_BASE)
    assert _int(g, DATASET, VOID.triples) == 0
    assert _int(g, DATASET, VOID.entities) == 0
    assert (DATASET, RDF.type, VOID.Dataset) in g


def test_private_graphs_are_not_described(store: ox.Store, written: Path) -> None:
    """A kgbuild store also holds the SHACL report and a manifest (graph/validation,
    graph/manifest): not part of the published dataset (dataset.trig), so not in VoID."""
    with_private = ox.Store()
    with_private.extend(store)
    for name in ("graph/validation", "graph/manifest"):
        g = ox.NamedNode(DEFAULT_BASE + name)
        with_private.add(ox.Quad(ox.NamedNode(DEFAULT_BASE + "x"), ox.NamedNode("http://www.w3.org/ns/shacl#conforms"), ox.Literal(True), g))
    plain = catalog.void_graph(store, DEFAULT_BASE, folder=written)
    private = catalog.void_graph(with_private, DEFAULT_BASE, folder=written)
    assert len(with_private) == len(store) + 2
    assert set(private) == set(plain)
