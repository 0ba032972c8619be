"""Conversions between rdflib and Oxigraph (pyoxigraph) terms and graphs.

kgbuild keeps rdflib for what needs it (pySHACL, owlrl, JSON-LD) and uses Oxigraph where
speed matters (the mappings, SPARQL, serialisation); this is the one place that moves RDF
between the two. An rdflib plain literal and an Oxigraph xsd:string literal are the same
term (RDF 1.1), so xsd:string comes back as a plain literal.

Where many triples are made in Python (the CSVW reader, the document graph), they are written
as N-Triples text with :func:`nt_iri` and :func:`nt_literal` rather than as term objects:
creating a Python object per term and per triple costs more than the rest of the work, and
N-Triples loads into a store (and parses into anything else) in one call.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from .errors import MappingError

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def to_ox(term: Node) -> Any:
    """An rdflib term as an Oxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


@lru_cache(maxsize=1 << 18)
def _iri(value: str) -> URIRef:
    # rdflib checks every IRI it makes; a corpus names the same States, classes and
    # properties hundreds of thousands of times.
    return URIRef(value)


def from_ox(term: Any) -> Node:
    """An Oxigraph term as an rdflib term."""
    if isinstance(term, ox.NamedNode):
        return _iri(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise TypeError(f"not an Oxigraph term: {term!r}")


def rows_from_ox(solutions: Iterable[Any]) -> list[tuple[Node | None, ...]]:
    """Oxigraph query solutions as tuples of rdflib terms (None for an unbound variable), in
    the order of the solutions' variables.

    Each distinct term is converted once per call: a column of States, cycles, positions or
    counts repeats a few terms thousands of times, and making an rdflib Literal costs several
    microseconds (it parses the lexical form into a Python value).
    """
    converted: dict[Any, Node] = {}

    def convert(term: Any) -> Node | None:
        if term is None:
            return None
        node = converted.get(term)
        if node is None:
            node = converted[term] = from_ox(term)
        return node

    return [tuple(map(convert, solution)) for solution in solutions]


def graph_from_ox(triples: Iterable[Any], graph: Graph | None = None) -> Graph:
    """Add Oxigraph triples (or quads, graph names ignored) to an rdflib graph."""
    g = Graph() if graph is None else graph
    g.addN((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object), g) for t in triples)
    return g


def graph_to_ox(graph: Graph, graph_name: Any = None) -> list[Any]:
    """The triples of an rdflib graph as Oxigraph quads (in ``graph_name``, default graph if None)."""
    name = ox.DefaultGraph() if graph_name is None else graph_name
    return [ox.Quad(to_ox(s), to_ox(p), to_ox(o), name) for s, p, o in graph]


_IRI_OK = re.compile(r'[^\x00-\x20<>"{}|^`\\]*')


def nt_iri(iri: str) -> str:
    """An IRI as an N-Triples term; MappingError if it has characters N-Triples forbids."""
    if not _IRI_OK.fullmatch(iri):
        raise MappingError(f"not a valid IRI: {iri!r}")
    return f"<{iri}>"


def nt_literal(value: str, *, lang: str | None = None, datatype: str | None = None) -> str:
    """A literal as an N-Triples term (xsd:string written as a plain literal)."""
    text = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    if lang:
        return f'"{text}"@{lang}'
    if datatype and datatype != XSD_STRING:
        return f'"{text}"^^<{datatype}>'
    return f'"{text}"'
