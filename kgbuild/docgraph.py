"""Document-graph stage: Document + Annotations -> RDF in the annotation vocabulary (ann:).

This graph says what the text is and what the recognisers found in it, with offsets, but
nothing yet in the published vocabulary: the SPARQL mappings of mappings/*.rq do that. It
mints every IRI that is derived from the text's structure (documents, text units, mentions,
markers, responses) with :func:`kgbuild.iri.mint`; the mappings mint the domain IRIs
(recommendations, provisions) from these and the data base.

Each span becomes ``{text unit}/mention/{start}-{end}`` with ``ann:kind``, ``ann:start``,
``ann:end``, ``ann:exact`` and one ``ann:{key}`` triple per value the recogniser gave.
"""

from __future__ import annotations

import datetime as dt

from rdflib import RDF, XSD, Graph, Literal, URIRef

from .annotate import Annotations
from .iri import ANN, UPR, extend, mint
from .model import Document, Span

# Span values whose strings are IRIs of the ontology (upr:Noted, upr:Decree).
_ONTOLOGY_VALUES = {"position", "class"}


def document_iri(doc: Document, base: str) -> URIRef:
    assert doc.review is not None and doc.header.kind is not None
    return mint(base, "document", doc.review.state_iso3, doc.review.cycle, doc.header.kind)


def review_iri(doc: Document, base: str) -> URIRef:
    assert doc.review is not None
    return mint(base, "review", doc.review.state_iso3, doc.review.cycle)


def _literal(value: object) -> Literal:
    if isinstance(value, bool):
        return Literal(value)
    if isinstance(value, int):
        return Literal(value, datatype=XSD.integer)
    if isinstance(value, float):
        return Literal(str(value), datatype=XSD.decimal)
    if isinstance(value, dt.date):
        return Literal(value.isoformat(), datatype=XSD.date)
    return Literal(str(value))


def build_docgraph(doc: Document, ann: Annotations, base: str) -> Graph:
    assert doc.review is not None
    g = Graph()
    g.bind("ann", ANN)
    g.bind("upr", UPR)
    d = document_iri(doc, base)
    unit_iri = {u.key: extend(d, *u.key.split("/")) for u in doc.units}
    h = doc.header

    g.add((d, RDF.type, ANN.Document))
    g.add((d, ANN.review, review_iri(doc, base)))
    g.add((d, ANN.state, mint(base, "state", doc.review.state_iso3)))
    g.add((d, ANN.cycle, _literal(doc.review.cycle)))
    g.add((d, ANN.documentKind, Literal(h.kind)))
    g.add((d, ANN.source, Literal(doc.path.name)))
    g.add((d, ANN["format"], Literal(doc.format)))
    g.add((d, ANN.base, Literal(base)))
    g.add((d, ANN.textLanguage, Literal(doc.language)))
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
            g.add((d, ANN[key], _literal(value)))

    footnote_numbers = {u.number for u in doc.footnotes}
    for u in doc.units:
        t = unit_iri[u.key]
        g.add((t, RDF.type, ANN.TextUnit))
        g.add((t, ANN.kind, Literal(u.kind)))
        g.add((t, ANN.inDocument, d))
        g.add((t, ANN.text, Literal(u.text)))
        g.add((t, ANN.order, _literal(u.ordinal + 1)))
        g.add((t, ANN.page, _literal(u.page)))
        if u.number is not None:
            g.add((t, ANN.number, _literal(u.number)))
        if u.level is not None:
            g.add((t, ANN.level, _literal(u.level)))
        if u.heading is not None:
            g.add((t, ANN.underHeading, unit_iri[u.heading]))
        if u.items:
            g.add((t, ANN.itemCount, _literal(len(u.items))))
        if u.kind == "footnote":
            g.add((t, ANN.language, Literal(_unit_language(u.text, h.language, doc.language))))
        for mk in u.markers:
            m = extend(t, "marker", mk.number)
            g.add((m, RDF.type, ANN.Marker))
            g.add((m, ANN.inText, t))
            g.add((m, ANN.offset, _literal(mk.offset)))
            g.add((m, ANN.number, _literal(mk.number)))
            if mk.number in footnote_numbers:
                g.add((m, ANN.footnote, extend(d, "footnote", mk.number)))

    for span in ann.spans:
        _add_span(g, span, unit_iri, doc)

    for r in ann.responses:
        ri = extend(d, *r.key.split("/"))
        g.add((ri, RDF.type, ANN.Response))
        g.add((ri, ANN.inDocument, d))
        if r.heading:
            g.add((ri, ANN.heading, unit_iri[r.heading]))
        for key in r.units:
            g.add((ri, ANN.unit, unit_iri[key]))
        if r.position:
            g.add((ri, ANN.position, UPR[r.position]))
        if r.position_span is not None:
            g.add((ri, ANN.positionEvidence, span_iri(r.position_span, unit_iri)))
        if r.parent:
            g.add((ri, ANN.partOf, extend(d, *r.parent.split("/"))))
    return g


def _unit_language(text: str, original: str | None, body: str) -> str:
    """A footnote in Cyrillic script is in the original language (Russian); otherwise it is in
    the language of the document."""
    return original if original and any("а" <= c.lower() <= "я" for c in text) else body


def span_iri(span: Span, unit_iri: dict[str, URIRef]) -> URIRef:
    return extend(unit_iri[span.unit], "mention", f"{span.start}-{span.end}")


def _add_span(g: Graph, span: Span, unit_iri: dict[str, URIRef], doc: Document) -> None:
    t = unit_iri[span.unit]
    m = span_iri(span, unit_iri)
    text = doc.unit(span.unit).text
    g.add((m, RDF.type, ANN.Span))
    g.add((m, ANN.kind, Literal(span.kind)))
    g.add((m, ANN.inText, t))
    g.add((m, ANN.start, _literal(span.start)))
    g.add((m, ANN.end, _literal(span.end)))
    g.add((m, ANN.exact, Literal(text[span.start : span.end])))
    if span.kind == "figure":
        g.add((m, ANN.statistic, extend(t, "statistic", span.start)))
    for key, value in span.value.items():
        values = value if isinstance(value, list) else [value]
        for v in values:
            if key == "totalOf":
                g.add((m, ANN.totalOf, extend(t, "statistic", v)))
            elif key in _ONTOLOGY_VALUES:
                g.add((m, ANN[key], UPR[v]))
            elif isinstance(v, str) and v.startswith(("http://", "https://")):
                g.add((m, ANN[key], URIRef(v)))
            elif key == "label" and "labelLanguage" in span.value:
                g.add((m, ANN.label, Literal(v, lang=span.value["labelLanguage"])))
            elif key == "labelLanguage":
                continue
            else:
                g.add((m, ANN[key], _literal(v)))
