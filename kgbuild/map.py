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
    try:
        result = store.query(mapping.text)
    except SyntaxError as exc:
        raise MappingError(f"invalid SPARQL: {exc}", path=mapping.path) from exc
    return result.serialize(format=ox.RdfFormat.N_TRIPLES) or b""


def _to_rdflib(ntriples: bytes) -> Graph:
    g = Graph()
    if ntriples:
        g.parse(data=ntriples.decode("utf-8"), format="nt")
    return g


def map_document(docgraph: Graph, reference: Reference) -> tuple[Graph, Graph]:
    """(domain graph, reference subset) for one document graph."""
    store = ox.Store()
    store.load(reference.ntriples(), format=ox.RdfFormat.N_TRIPLES)
    store.load(docgraph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    chunks = [_construct(store, m) for m in mappings()]
    domain = _to_rdflib(b"".join(chunks))
    subset = _load(resources.mappings_dir() / "lookup" / "reference-subset.rq")
    used = _to_rdflib(_construct(store, subset))
    return domain, used
