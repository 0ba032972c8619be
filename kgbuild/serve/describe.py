"""Descriptions of the endpoint and its data: SPARQL 1.1 Service Description and VoID.

- The service description (https://www.w3.org/TR/sparql11-service-description/) is what
  ``GET /sparql`` without a query returns to a client that does not ask for HTML: the
  endpoint, the language (SPARQL 1.1 Query only: no update), the result formats, the
  union-default-graph feature and the dataset (one ``sd:namedGraph`` per graph of the store).
- The VoID description (``/.well-known/void``, RFC 5785 and the VoID note, section 7.2) is
  the build's ``void.ttl`` when the served folder has one; otherwise kgbuild/catalog.py
  computes it from the store, once, when that module offers ``void_graph``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from .formats import ALL_FORMATS

log = logging.getLogger(__name__)

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")


def service_description(endpoint: str, graphs: Iterable[str], *, void_url: str | None = None) -> Graph:
    """The service description of the endpoint at ``endpoint`` serving named ``graphs``."""
    g = Graph()
    g.bind("sd", SD)
    g.bind("dcterms", DCTERMS)
    service = URIRef(endpoint)
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, service))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    g.add((service, SD.feature, SD.UnionDefaultGraph))
    g.add((service, DCTERMS.title, Literal("UPR knowledge graph: read-only SPARQL endpoint (kgbuild serve)", lang="en")))
    for f in ALL_FORMATS:
        g.add((service, SD.resultFormat, URIRef(f.w3c)))
    dataset = BNode("dataset")
    g.add((service, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    default = BNode("default")
    g.add((dataset, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    if void_url:
        g.add((dataset, RDFS.seeAlso, URIRef(void_url)))  # its VoID description
    for i, name in enumerate(sorted(graphs)):
        node = BNode(f"g{i}")
        g.add((dataset, SD.namedGraph, node))
        g.add((node, RDF.type, SD.NamedGraph))
        g.add((node, SD.name, URIRef(name)))
    return g


_SD_PREFIXES = {"sd": str(SD), "dcterms": str(DCTERMS), "formats": "http://www.w3.org/ns/formats/", "rdf": str(RDF), "rdfs": str(RDFS)}


def serialize(g: Graph, fmt: str) -> bytes:
    """The service description in graph format ``fmt`` (Turtle with its own prefixes)."""
    if fmt == "turtle":
        import pyoxigraph as ox

        from ..terms import graph_to_ox

        triples = sorted((q.triple for q in graph_to_ox(g)), key=str)
        return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=_SD_PREFIXES) or b""
    from ..export import serialize as export_serialize

    return export_serialize(g, fmt)


def compute_void(store: Any, base: str, *, endpoint: str) -> bytes | None:
    """VoID of the dataset in ``store`` as Turtle, by kgbuild/catalog.py; None if it offers none."""
    try:
        from .. import catalog
    except ImportError:
        return None
    void_graph = getattr(catalog, "void_graph", None)
    write = getattr(catalog, "serialize", None)
    if void_graph is None or write is None:
        return None
    return write(void_graph(store, base, endpoint=endpoint))
