"""The document graph (kgbuild/docgraph.py), written as N-Triples, and the map stage's two
entry points (kgbuild/map.py).

The document graph is written as N-Triples text rather than built as an rdflib Graph: these
tests check that the text says what the rdflib terms said (literal datatypes and canonical
forms, escaping of the source text) and that mapping it gives the same domain graph as
mapping the rdflib Graph of the same document.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from functools import cache

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kgbuild import resources
from kgbuild.annotate import annotate
from kgbuild.docgraph import _literal, build_docgraph, docgraph_ntriples
from kgbuild.iri import ANN, DEFAULT_BASE
from kgbuild.map import map_document, map_ntriples
from kgbuild.read import read
from kgbuild.reference import Reference
from kgbuild.structure import structure
from kgbuild.terms import to_ox

XSD = "http://www.w3.org/2001/XMLSchema#"
INTEGER, DECIMAL, DATE = (URIRef(XSD + t) for t in ("integer", "decimal", "date"))


@cache
def _reference() -> Reference:
    return Reference(DEFAULT_BASE)


@cache
def _bundled():
    ref = _reference()
    doc = structure(read(resources.bundled_document()), ref)
    return doc, annotate(doc, ref)


def _parse_literal(nt: str) -> ox.Literal:
    (quad,) = ox.parse(f"<http://s> <http://p> {nt} .\n".encode(), format=ox.RdfFormat.N_TRIPLES)
    return quad.object


@pytest.mark.parametrize(
    ("value", "rdflib_term"),
    [
        (True, Literal(True)),
        (False, Literal(False)),
        (140, Literal(140, datatype=INTEGER)),
        (-3, Literal(-3, datatype=INTEGER)),
        (3.5, Literal("3.5", datatype=DECIMAL)),
        (1e-05, Literal(str(1e-05), datatype=DECIMAL)),  # rdflib writes the canonical 0.00001
        (2.0, Literal("2.0", datatype=DECIMAL)),
        (dt.date(2019, 11, 6), Literal("2019-11-06", datatype=DATE)),
        ("Noted", Literal("Noted")),
    ],
    ids=lambda v: repr(v),
)
def test_literals_are_the_rdflib_terms(value: object, rdflib_term: Literal) -> None:
    """Each kind of value becomes the literal rdflib made of it when the document graph was an
    rdflib Graph (lexical form, datatype)."""
    assert _parse_literal(_literal(value)) == to_ox(rdflib_term)


def test_unit_texts_and_exact_quotes_survive_escaping() -> None:
    """Quotes, backslashes and line breaks in a text unit come back unchanged, in ann:text and
    in the ann:exact of its spans."""
    doc, ann = _bundled()
    last = doc.units[-1]
    odd = dataclasses.replace(last, text=last.text + ' "quoted" \\ back\\slash\nnew line\r\tend')
    doc = dataclasses.replace(doc, units=[*doc.units[:-1], odd])
    g = build_docgraph(doc, ann, DEFAULT_BASE)
    texts = {str(o) for o in g.objects(None, ANN.text)}
    assert {u.text for u in doc.units} == texts
    exact = {str(o) for o in g.objects(None, ANN.exact)}
    assert {doc.unit(s.unit).text[s.start : s.end] for s in ann.spans} == exact


def test_map_entry_points_agree() -> None:
    """map_ntriples over the N-Triples and map_document over the rdflib Graph of the same
    document graph give the same domain graph; map_ntriples writes each triple once, in
    sorted lines (the same bytes at every run)."""
    doc, ann = _bundled()
    ref = _reference()
    nt = docgraph_ntriples(doc, ann, DEFAULT_BASE)
    domain = map_ntriples(nt, ref)
    lines = domain.splitlines()
    assert lines == sorted(set(lines))
    from_nt = Graph().parse(data=domain.decode("utf-8"), format="nt")
    assert len(from_nt) == len(lines)
    assert isomorphic(from_nt, map_document(build_docgraph(doc, ann, DEFAULT_BASE), ref))
