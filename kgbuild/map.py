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
