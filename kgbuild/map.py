"""Map stage: document graph + reference data -> domain graph (the published vocabulary).

Runs every SPARQL CONSTRUCT of mappings/*.rq (one file per concern, in name order) over
the document graph and the reference data, loaded together into an in-memory Oxigraph
store; the union of their results is the domain graph. :func:`reference_subset` (with
mappings/lookup/reference-subset.rq) selects the reference resources the documents use (the
"reference" graph of the dataset). A new vocabulary (schema.org, UNDO) is a new mapping file, not new code.
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


REFERENCE_GRAPH = ox.NamedNode("urn:kgbuild:reference")
"""Where the reference data sits while the documents' reference subset is selected."""


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


def _construct(store: ox.Store, mapping: Mapping) -> list[ox.Triple]:
    try:
        return list(store.query(mapping.text))  # type: ignore[arg-type]
    except SyntaxError as exc:
        raise MappingError(f"invalid SPARQL: {exc}", path=mapping.path) from exc


def map_document(docgraph: Graph, reference: Reference) -> Graph:
    """The domain graph of one document graph."""
    return graph_from_ox(map_document_ox(docgraph, reference))


def map_document_ox(docgraph: Graph, reference: Reference) -> list[ox.Triple]:
    """The domain graph of one document graph as Oxigraph triples (each once), for a store."""
    store = ox.Store()
    store.extend(reference.quads())
    store.extend(graph_to_ox(docgraph))
    out: dict[ox.Triple, None] = {}
    for m in mappings():
        out.update(dict.fromkeys(_construct(store, m)))
    return list(out)


def reference_subset(domain: Graph, reference: Reference) -> Graph:
    """The reference resources ``domain`` uses (mappings/lookup/reference-subset.rq)."""
    store = ox.Store()
    store.extend(ox.Quad(q.subject, q.predicate, q.object, REFERENCE_GRAPH) for q in reference.quads())
    store.extend(graph_to_ox(domain))
    return graph_from_ox(_construct(store, _load(resources.mappings_dir() / "lookup" / "reference-subset.rq")))


def join(asserted: Graph) -> Graph:
    """Facts that need all documents together (mappings/join/*.rq), as a new graph."""
    store = ox.Store()
    store.extend(graph_to_ox(asserted))
    out = Graph()
    for path in resources.files("mappings", "join/*.rq"):
        graph_from_ox(_construct(store, _load(path)), out)
    return out
