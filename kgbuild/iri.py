"""Namespaces and the one function that mints resource IRIs.

The IRI scheme (relative to the data base, ``https://w3id.org/upr-kg/id/`` by default):

=====================================================  ==========================================
``state/{ISO3}``                                       a State (reference data)
``review/{ISO3}/{cycle}``                              the review of a State in one UPR cycle
``review/{ISO3}/{cycle}/recommendation/{number}``      a recommendation ("140.14", or "18")
``document/{ISO3}/{cycle}/{kind}``                     a document (kind: ``wg-report``, ``addendum``)
``{document}/paragraph/{n}``                           a numbered paragraph
``{document}/block/{k}``                               the k-th unnumbered text block
``{document}/heading/{k}``                             the k-th heading (1-based, document order)
``{document}/footnote/{n}``                            a footnote
``{document}/response/{k}``                            the response under heading k
``{text unit}/mention/{start}-{end}``                  a span of that text unit's value
``{text unit}/marker/{n}``                             a footnote marker in that text unit
``{text unit}/statistic/{start}``                      a figure stated at that offset
``instrument/{key}``                                   an international instrument (reference data)
``instrument/{ISO3}/{key}``                            a domestic instrument
``instrument/{ISO3}/{type}/{date}/{number}``           a numbered decree/order named by the text
``{instrument}/art-{a}[/para-{p}[/subpara-{s}]]``      a provision
``institution/{key}``, ``institution/{ISO3}/{key}``    an institution (reference data)
=====================================================  ==========================================

Reference data and mappings write these IRIs relative to the base, so ``--base`` moves the
whole dataset.
"""

from __future__ import annotations

from urllib.parse import quote

from rdflib import Namespace, URIRef

DEFAULT_BASE = "https://w3id.org/upr-kg/id/"

UPR = Namespace("https://w3id.org/upr-kg/ontology#")
ANN = Namespace("https://w3id.org/upr-kg/annotation#")
"""The document-graph vocabulary: text units and recognised spans, before mapping."""

PROV = Namespace("http://www.w3.org/ns/prov#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")

PREFIXES: dict[str, str] = {
    "upr": str(UPR),
    "ann": str(ANN),
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": str(PROV),
    "eli": str(ELI),
    "org": str(ORG),
    "sh": "http://www.w3.org/ns/shacl#",
    "qb": "http://purl.org/linked-data/cube#",
}

_SAFE = "-._~"


def check_base(base: str) -> str:
    """Return ``base`` if it can serve as the data base (absolute, ending in / or #)."""
    if not (base.startswith(("http://", "https://")) and base.endswith(("/", "#"))):
        raise ValueError(f"base IRI must be an http(s) IRI ending in '/' or '#': {base!r}")
    return base


def mint(base: str, *segments: str | int) -> URIRef:
    """Mint a resource IRI under ``base`` from path segments.

    Each segment is percent-encoded on its own, so a segment never introduces a new level.

    >>> str(mint("https://w3id.org/upr-kg/id/", "review", "KAZ", 4, "recommendation", "140.14"))
    'https://w3id.org/upr-kg/id/review/KAZ/4/recommendation/140.14'
    """
    if not segments:
        raise ValueError("mint() needs at least one segment")
    parts = []
    for seg in segments:
        text = str(seg)
        if not text:
            raise ValueError(f"empty IRI segment in {segments!r}")
        parts.append(quote(text, safe=_SAFE))
    return URIRef(base + "/".join(parts))


def extend(iri: str, *segments: str | int) -> URIRef:
    """Mint an IRI one or more levels below an existing resource IRI."""
    return mint(str(iri).rstrip("/") + "/", *segments)
