"""Map stage: document graph + reference data -> domain graph (the published vocabulary).

Runs every SPARQL CONSTRUCT of mappings/*.rq (one file per concern, in name order) over
the document graph and the reference data, loaded together into an in-memory Oxigraph
store; the union of their results is the domain graph. mappings/lookup/reference-subset.rq
then selects the reference resources the document uses (the "reference" graph of the
dataset). A new vocabulary (schema.org, UNDO) is a new mapping file, not new code.
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


def map_document(docgraph: Graph, reference: Reference) -> tuple[Graph, Graph]:
    """(domain graph, reference subset) for one document graph."""
    store = ox.Store()
    store.extend(reference.quads())
    store.extend(graph_to_ox(docgraph))
    domain = Graph()
    for m in mappings():
        graph_from_ox(_construct(store, m), domain)
    subset = _load(resources.mappings_dir() / "lookup" / "reference-subset.rq")
    used = graph_from_ox(_construct(store, subset))
    return domain, used


def join(asserted: Graph) -> Graph:
    """Facts that need all documents together (mappings/join/*.rq), as a new graph."""
    store = ox.Store()
    store.extend(graph_to_ox(asserted))
    out = Graph()
    for path in resources.files("mappings", "join/*.rq"):
        graph_from_ox(_construct(store, _load(path)), out)
    return out
