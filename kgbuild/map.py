"""Map stage: document graph + reference data -> domain graph (the published vocabulary).

Runs every SPARQL CONSTRUCT of mappings/*.rq (one file per concern, in name order) over
the document graph and the reference data, loaded together into an in-memory Oxigraph
store; the union of their results is the domain graph. What needs every source of a build
together (the reference subset, mappings/join/, mappings/cube/) runs in the build's store
(kgbuild/dataset.py). A new vocabulary (schema.org, UNDO) is a new mapping file, not new code.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from . import resources
from .errors import MappingError
from .reference import Reference
from .terms import graph_from_ox, graph_to_ox


@dataclass(frozen=True)
class Mapping:
    name: str
    path: Path
    text: str


@cache
def _load(path: Path) -> Mapping:
    return Mapping(path.stem, path, path.read_text(encoding="utf-8"))


def mappings() -> list[Mapping]:
    """The mapping files, in name order."""
    return [_load(p) for p in resources.files("mappings", "*.rq")]


def _construct(store: ox.Store, mapping: Mapping) -> bytes:
    """The triples ``mapping`` constructs, as N-Triples."""
    try:
        return store.query(mapping.text).serialize(format=ox.RdfFormat.N_TRIPLES) or b""  # type: ignore[union-attr]
    except SyntaxError as exc:
        raise MappingError(f"invalid SPARQL: {exc}", path=mapping.path) from exc


def _map(store: ox.Store) -> bytes:
    """Every mapping over ``store``; the union of their results as N-Triples, each triple
    once, lines sorted: Oxigraph gives a query's solutions in an order that changes from one
    process to the next, and the same document should give the same bytes."""
    out: set[bytes] = set()
    for m in mappings():
        out.update(_construct(store, m).splitlines(keepends=True))
    return b"".join(sorted(out))


def _store(reference: Reference) -> ox.Store:
    store = ox.Store()
    store.extend(reference.quads())
    return store


def map_document(docgraph: Graph, reference: Reference) -> Graph:
    """The domain graph of one document graph."""
    store = _store(reference)
    store.extend(graph_to_ox(docgraph))
    return graph_from_ox(ox.parse(_map(store), format=ox.RdfFormat.N_TRIPLES))


def map_ntriples(docgraph: bytes, reference: Reference) -> bytes:
    """The domain graph of a document graph written as N-Triples
    (:func:`kgbuild.docgraph.docgraph_ntriples`), as N-Triples: what a build stores."""
    store = _store(reference)
    store.load(input=docgraph, format=ox.RdfFormat.N_TRIPLES)
    return _map(store)
