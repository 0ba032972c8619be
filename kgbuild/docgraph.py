"""Document-graph stage: Document + Annotations -> RDF in the annotation vocabulary (ann:).

This graph says what the text is and what the recognisers found in it, with offsets, but
nothing yet in the published vocabulary: the SPARQL mappings of mappings/*.rq do that. It
mints every IRI that is derived from the text's structure (documents, text units, mentions,
markers, responses) with :func:`kgbuild.iri.mint`; the mappings mint the domain IRIs
(recommendations, provisions) from these and the data base.

Each span becomes ``{text unit}/mention/{start}-{end}`` with ``ann:kind``, ``ann:start``,
``ann:end``, ``ann:exact`` and one ``ann:{key}`` triple per value the recogniser gave.

The graph is written as N-Triples (:func:`docgraph_ntriples`), which the map stage loads into
its store in one call; :func:`build_docgraph` parses it into an rdflib Graph for callers that
want one. (A report has some 6,000 triples: adding them to an rdflib Graph one by one, then
converting every term for Oxigraph, cost more than annotating the document.)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from functools import cache

import pyoxigraph as ox
from rdflib import Graph, URIRef

from .annotate import Annotations
from .iri import ANN, UPR, extend, mint
from .model import Document, Span
from .terms import graph_from_ox, nt_iri, nt_literal

# Span values whose strings are IRIs of the ontology (upr:Noted, upr:Decree).
_ONTOLOGY_VALUES = {"position", "class"}

_XSD = "http://www.w3.org/2001/XMLSchema#"
_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


def document_iri(doc: Document, base: str) -> URIRef:
    assert doc.review is not None and doc.header.kind is not None
    return mint(base, "document", doc.review.state_iso3, doc.review.cycle, doc.header.kind)


def review_iri(doc: Document, base: str) -> URIRef:
    assert doc.review is not None
    return mint(base, "review", doc.review.state_iso3, doc.review.cycle)


def _literal(value: object) -> str:
    """A span or header value as an N-Triples literal: booleans, integers (xsd:integer),
    floats (xsd:decimal, in the canonical form rdflib gives them: "0.00001" for 1e-05), dates
    (xsd:date), and anything else as a plain string."""
    if isinstance(value, bool):
        return nt_literal("true" if value else "false", datatype=_XSD + "boolean")
    if isinstance(value, int):
        return nt_literal(str(value), datatype=_XSD + "integer")
    if isinstance(value, float):
        return nt_literal(f"{Decimal(str(value)):f}", datatype=_XSD + "decimal")
    if isinstance(value, dt.date):
        return nt_literal(value.isoformat(), datatype=_XSD + "date")
    return nt_literal(str(value))


@cache
def _ann(name: str) -> str:
    return nt_iri(f"{ANN}{name}")


@cache
def _upr(name: str) -> str:
    return nt_iri(f"{UPR}{name}")


def docgraph_ntriples(doc: Document, ann: Annotations, base: str) -> bytes:
    """The document graph of ``doc`` and its annotations, as N-Triples (each triple once)."""
    assert doc.review is not None
    lines: dict[str, None] = {}

    def add(s: str, p: str, o: str) -> None:
        lines[f"{s} {p} {o} .\n"] = None

    d = document_iri(doc, base)
    dn = nt_iri(d)
    unit_iri = {u.key: extend(d, *u.key.split("/")) for u in doc.units}
    unit_nt = {key: nt_iri(iri) for key, iri in unit_iri.items()}
    h = doc.header

    add(dn, _TYPE, _ann("Document"))
    add(dn, _ann("review"), nt_iri(review_iri(doc, base)))
    add(dn, _ann("state"), nt_iri(mint(base, "state", doc.review.state_iso3)))
    add(dn, _ann("cycle"), _literal(doc.review.cycle))
    add(dn, _ann("documentKind"), nt_literal(str(h.kind)))
    add(dn, _ann("source"), nt_literal(doc.path.name))
    add(dn, _ann("format"), nt_literal(doc.format))
    add(dn, _ann("base"), nt_literal(base))
    add(dn, _ann("textLanguage"), nt_literal(doc.language))
    for key, value in (
        ("body", h.body),
        ("organ", h.organ),
        ("session", h.session),
        ("sessionDates", h.session_dates),
        ("agendaItem", h.agenda_item),
        ("issued", h.issued),
        ("language", h.language),
        ("symbol", h.symbol),
        ("title", h.title),
        ("stateName", h.state_name),
        ("wgSession", h.wg_session),
        ("recommendationPrefix", ann.prefix),
    ):
        if value is not None:
            add(dn, _ann(key), _literal(value))

    footnote_numbers = {u.number for u in doc.footnotes}
    for u in doc.units:
        t = unit_nt[u.key]
        add(t, _TYPE, _ann("TextUnit"))
        add(t, _ann("kind"), nt_literal(u.kind))
        add(t, _ann("inDocument"), dn)
        add(t, _ann("text"), nt_literal(u.text))
        add(t, _ann("order"), _literal(u.ordinal + 1))
        add(t, _ann("page"), _literal(u.page))
        if u.number is not None:
            add(t, _ann("number"), _literal(u.number))
        if u.level is not None:
            add(t, _ann("level"), _literal(u.level))
        if u.heading is not None:
            add(t, _ann("underHeading"), unit_nt[u.heading])
        if u.items:
            add(t, _ann("itemCount"), _literal(len(u.items)))
        if u.kind == "footnote":
            add(t, _ann("language"), nt_literal(_unit_language(u.text, h.language, doc.language)))
        for mk in u.markers:
            m = nt_iri(extend(unit_iri[u.key], "marker", mk.number))
            add(m, _TYPE, _ann("Marker"))
            add(m, _ann("inText"), t)
            add(m, _ann("offset"), _literal(mk.offset))
            add(m, _ann("number"), _literal(mk.number))
            if mk.number in footnote_numbers:
                add(m, _ann("footnote"), nt_iri(extend(d, "footnote", mk.number)))

    texts = {u.key: u.text for u in doc.units}
    for span in ann.spans:
        _add_span(add, span, unit_iri, texts[span.unit])

    for r in ann.responses:
        ri = nt_iri(extend(d, *r.key.split("/")))
        add(ri, _TYPE, _ann("Response"))
        add(ri, _ann("inDocument"), dn)
        if r.heading:
            add(ri, _ann("heading"), unit_nt[r.heading])
        for key in r.units:
            add(ri, _ann("unit"), unit_nt[key])
        if r.position:
            add(ri, _ann("position"), _upr(r.position))
        if r.position_span is not None:
            add(ri, _ann("positionEvidence"), nt_iri(span_iri(r.position_span, unit_iri)))
        if r.parent:
            add(ri, _ann("partOf"), nt_iri(extend(d, *r.parent.split("/"))))
    return "".join(lines).encode("utf-8")


def build_docgraph(doc: Document, ann: Annotations, base: str) -> Graph:
    """The document graph as an rdflib Graph (:func:`docgraph_ntriples`, parsed)."""
    g = graph_from_ox(ox.parse(docgraph_ntriples(doc, ann, base), format=ox.RdfFormat.N_TRIPLES))
    g.bind("ann", ANN)
    g.bind("upr", UPR)
    return g


def _unit_language(text: str, original: str | None, body: str) -> str:
    """A footnote in Cyrillic script is in the original language (Russian); otherwise it is in
    the language of the document."""
    return original if original and any("а" <= c.lower() <= "я" for c in text) else body


def span_iri(span: Span, unit_iri: dict[str, URIRef]) -> URIRef:
    return extend(unit_iri[span.unit], "mention", f"{span.start}-{span.end}")


def _add_span(add: Callable[[str, str, str], None], span: Span, unit_iri: dict[str, URIRef], text: str) -> None:
    t = unit_iri[span.unit]
    tn = nt_iri(t)
    m = nt_iri(span_iri(span, unit_iri))
    add(m, _TYPE, _ann("Span"))
    add(m, _ann("kind"), nt_literal(span.kind))
    add(m, _ann("inText"), tn)
    add(m, _ann("start"), _literal(span.start))
    add(m, _ann("end"), _literal(span.end))
    add(m, _ann("exact"), nt_literal(text[span.start : span.end]))
    if span.kind == "figure":
        add(m, _ann("statistic"), nt_iri(extend(t, "statistic", span.start)))
    for key, value in span.value.items():
        values = value if isinstance(value, list) else [value]
        for v in values:
            if key == "totalOf":
                add(m, _ann("totalOf"), nt_iri(extend(t, "statistic", v)))
            elif key in _ONTOLOGY_VALUES:
                add(m, _ann(key), _upr(v))
            elif isinstance(v, str) and v.startswith(("http://", "https://")):
                add(m, _ann(key), nt_iri(v))
            elif key == "label" and "labelLanguage" in span.value:
                add(m, _ann("label"), nt_literal(str(v), lang=span.value["labelLanguage"]))
            elif key == "labelLanguage":
                continue
            else:
                add(m, _ann(key), _literal(v))
