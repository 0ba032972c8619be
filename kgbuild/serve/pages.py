"""Linked Data pages: every resource IRI of the dataset resolves, by content negotiation.

Publishing stage (ARCHITECTURE.md, "Scale and publishing"): takes a read-only Oxigraph
store holding the built dataset (the named graphs of ``dataset.trig``: one per source
document, ``graph/reference``, ``graph/joined``, the ontology, ``graph/inferred``; read as
their union) and the data base, and returns Starlette routes. Nothing here writes to the
store, and nothing is fetched from the network.

The URL scheme follows the httpRange-14 pattern that legislation.gov.uk uses: an IRI
names a thing (a recommendation, a treaty), not a web page, so

- ``/id/<rest>`` stands for the resource ``{base}<rest>`` and answers ``303 See Other``
  to ``/doc/<rest>``, the document about it (``404`` when the dataset says nothing of it);
- ``/doc/<rest>`` is that document, negotiated by the ``Accept`` header (RFC 9110
  section 12.5.1: q-values, most specific media range wins, ``q=0`` refuses) among HTML,
  Turtle, JSON-LD, N-Triples and RDF/XML, with ``Vary: Accept`` and ``406`` when none is
  acceptable; ties go to HTML, then to the order of that list;
- ``/doc/<rest>.html|.ttl|.jsonld|.nt|.rdf`` are the representations themselves.

The RDF representation is the resource's concise bounded description: every statement
with the resource as subject (in any named graph, inferred ones included), the
statements of the blank nodes they reach (recursively), plus, for each IRI object, one
label statement (rdfs:label, skos:prefLabel or dcterms:title; English first) so that a
client can show it without another request. A named graph of the dataset, which has no statements of its own, is
described by its size (``void:triples``). The HTML pages are built by
:mod:`kgbuild.serve.html_views`.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from functools import cache
from urllib.parse import quote

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from .. import export
from ..iri import PREFIXES, UPR, check_base, mint
from ..terms import graph_from_ox
from . import html, html_evidence, html_views

log = logging.getLogger(__name__)

RDF_TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")
RDF_VALUE = ox.NamedNode(PREFIXES["rdf"] + "value")
LABEL_PROPERTIES = tuple(
    ox.NamedNode(p) for p in (PREFIXES["rdfs"] + "label", PREFIXES["skos"] + "prefLabel", PREFIXES["dcterms"] + "title")
)
VOID_TRIPLES = ox.NamedNode("http://rdfs.org/ns/void#triples")
XSD_INTEGER = ox.NamedNode(PREFIXES["xsd"] + "integer")
RDFS_SUBCLASS = ox.NamedNode(PREFIXES["rdfs"] + "subClassOf")

# Characters kept as they are when an IRI's path goes into a local URL: the IRI is already
# percent-encoded where mint() encoded it; anything else (non-ASCII) gets encoded.
_PATH_SAFE = "/%:@!$&'()*+,;=-._~"
_MINT_SAFE = "/-._~"


@cache
def u(name: str) -> ox.NamedNode:
    """A term of the ontology (``upr:name``)."""
    return ox.NamedNode(str(UPR[name]))


# --- content negotiation -------------------------------------------------------------------

OFFERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("html", ("text/html", "application/xhtml+xml")),
    ("turtle", ("text/turtle", "application/x-turtle")),
    ("jsonld", ("application/ld+json", "application/json")),
    ("ntriples", ("application/n-triples",)),
    ("rdfxml", ("application/rdf+xml",)),
)
"""Representations in the server's order of preference, each with the media types it answers."""

MEDIA_TYPE = {name: types[0] for name, types in OFFERS}
SUFFIX = {"html": ".html", **{name: export.FORMATS[name].suffix for name, _ in OFFERS if name != "html"}}
SHORT_NAME = {"html": "HTML", "turtle": "Turtle", "jsonld": "JSON-LD", "ntriples": "N-Triples", "rdfxml": "RDF/XML"}


def parse_accept(header: str | None) -> list[tuple[str, str, float]]:
    """The media ranges of an Accept header as (type, subtype, q); malformed ranges are dropped.

    >>> parse_accept("text/html;q=0.5, */*;q=0.1")
    [('text', 'html', 0.5), ('*', '*', 0.1)]
    """
    if header is None or not header.strip():
        return [("*", "*", 1.0)]
    ranges = []
    for part in header.split(","):
        fields = [f.strip() for f in part.split(";")]
        mtype, _, subtype = fields[0].lower().partition("/")
        if not mtype or not subtype or (mtype == "*" and subtype != "*"):
            continue
        q = 1.0
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value.strip())
                except ValueError:
                    q = -1.0
        if 0.0 <= q <= 1.0:
            ranges.append((mtype, subtype, q))
    return ranges


def _quality(media_type: str, ranges: list[tuple[str, str, float]]) -> float:
    """The q of the most specific range matching ``media_type`` (the highest q among equals)."""
    mtype, subtype = media_type.split("/")
    best_level, best_q = 0, 0.0
    for rtype, rsub, q in ranges:
        level = 3 if (rtype, rsub) == (mtype, subtype) else 2 if (rtype == mtype and rsub == "*") else 1 if rtype == "*" else 0
        if level > best_level or (level == best_level and level and q > best_q):
            best_level, best_q = level, q
    return best_q


def negotiate(header: str | None) -> str | None:
    """The representation (a name of :data:`OFFERS`) that best fits ``header``, or None.

    For each offered media type the most specific matching range gives its quality
    (``text/html`` before ``text/*`` before ``*/*``); the best quality above 0 wins.

    >>> negotiate("text/turtle;q=0.9, application/ld+json")
    'jsonld'
    >>> negotiate("text/html;q=0, */*") , negotiate("image/png")
    ('turtle', None)
    """
    ranges = parse_accept(header)
    best, best_q = None, 0.0
    for name, types in OFFERS:
        # The media type sent is the first one; the others are aliases that count only when
        # named exactly (so "text/html;q=0, */*" does not get HTML through xhtml+xml).
        quality = _quality(types[0], ranges)
        for alias in types[1:]:
            quality = max([quality] + [q for rtype, rsub, q in ranges if f"{rtype}/{rsub}" == alias])
        if quality > best_q:
            best, best_q = name, quality
    return best


# --- the dataset, seen from the pages -------------------------------------------------------


class Site:
    """Read access to the store for the pages: existence, descriptions, labels, local URLs."""

    def __init__(self, store: ox.Store, base: str) -> None:
        self.store = store
        self.base = check_base(base)
        self.inferred_graph = ox.NamedNode(str(mint(base, "graph", "inferred")))
        self._labels: dict[ox.NamedNode, tuple[str, str | None]] = {}
        self._deriving = threading.local()  # labels being derived, per request thread
        self.legal_classes = self.subclasses(u("LegalInstrument")) | self.subclasses(u("Provision"))

    # raw access (the union of all graphs, each statement once)
    def triples(self, s=None, p=None, o=None) -> list[ox.Triple]:
        seen: dict[ox.Triple, None] = {}
        for q in self.store.quads_for_pattern(s, p, o, None):
            seen.setdefault(q.triple, None)
        return list(seen)

    def objects(self, s, p) -> list:
        return [t.object for t in self.triples(s, p, None)]

    def subjects(self, p, o) -> list:
        return [t.subject for t in self.triples(None, p, o)]

    def value(self, s, p):
        """One object of (s, p), the smallest in string order for determinism, or None."""
        objs = self.objects(s, p)
        return min(objs, key=str) if objs else None

    def text(self, s, p) -> str | None:
        v = self.value(s, p)
        return v.value if isinstance(v, ox.Literal) else None

    def number(self, s, p) -> int | None:
        v = self.text(s, p)
        try:
            return int(v) if v is not None else None
        except ValueError:
            return None

    def types(self, node) -> set[str]:
        return {t.value for t in self.objects(node, RDF_TYPE) if isinstance(t, ox.NamedNode)}

    def subclasses(self, cls: ox.NamedNode) -> set[str]:
        """``cls`` and its subclasses (rdfs:subClassOf, transitively; from the ontology graph)."""
        found, todo = {cls.value}, [cls]
        while todo:
            for sub in self.subjects(RDFS_SUBCLASS, todo.pop()):
                if isinstance(sub, ox.NamedNode) and sub.value not in found:
                    found.add(sub.value)
                    todo.append(sub)
        return found

    def is_inferred(self, triple: ox.Triple) -> bool:
        """True when the statement is only in the entailments graph."""
        graphs = {q.graph_name for q in self.store.quads_for_pattern(triple.subject, triple.predicate, triple.object, None)}
        return graphs == {self.inferred_graph}

    def is_graph_name(self, node: ox.NamedNode) -> bool:
        return self.store.contains_named_graph(node)

    def exists(self, node: ox.NamedNode) -> bool:
        """True when the dataset has a statement about or pointing to ``node``, or names a graph so."""
        return (
            next(iter(self.store.quads_for_pattern(node, None, None, None)), None) is not None
            or next(iter(self.store.quads_for_pattern(None, None, node, None)), None) is not None
            or self.is_graph_name(node)
        )

    def graph_size(self, node: ox.NamedNode) -> int:
        return sum(1 for _ in self.store.quads_for_pattern(None, None, None, node))

    # IRIs and local URLs
    def is_local(self, iri: str) -> bool:
        return iri.startswith(self.base) and len(iri) > len(self.base)

    def rest(self, iri: str) -> str:
        """The path of a local IRI below the base, as it goes into a URL."""
        return quote(iri[len(self.base) :], safe=_PATH_SAFE)

    def href(self, iri: str, root: str = "") -> str:
        """Where a link to ``iri`` goes: ``/id/...`` for IRIs under the base, else the IRI."""
        return f"{root}/id/{self.rest(iri)}" if self.is_local(iri) else iri

    def doc_url(self, iri: str, root: str = "", fmt: str | None = None) -> str:
        return f"{root}/doc/{self.rest(iri)}" + (SUFFIX[fmt] if fmt else "")

    def find(self, rests: Iterable[str]) -> ox.NamedNode | None:
        """The first resource ``{base}{rest}`` the dataset knows, for the candidate rests."""
        for rest in dict.fromkeys(rests):
            if not rest:
                continue
            try:
                node = ox.NamedNode(self.base + rest)
            except ValueError:
                continue
            if self.exists(node):
                return node
        return None

    # labels
    def label_statement(self, node: ox.NamedNode) -> tuple[ox.NamedNode, ox.Literal] | None:
        """The (property, literal) the page uses as the label: English, then untagged, then any."""
        candidates = []
        for rank, prop in enumerate(LABEL_PROPERTIES):
            for lit in self.objects(node, prop):
                if isinstance(lit, ox.Literal):
                    lang = (lit.language or "").lower()
                    tier = 0 if lang == "en" else 1 if lang.startswith("en-") else 2 if not lang else 3
                    candidates.append((tier, rank, lang, lit.value, prop, lit))
        if not candidates:
            return None
        best = min(candidates, key=lambda c: c[:4])
        return best[4], best[5]

    def label(self, term) -> str:
        """A human label for a term: its label statement, a label derived from its type, or a short IRI."""
        text, _ = self.label_lang(term)
        return text

    def label_lang(self, term) -> tuple[str, str | None]:
        """The label of ``term`` with its language tag (None when derived or untagged)."""
        if isinstance(term, ox.Literal):
            return term.value, term.language
        if not isinstance(term, ox.NamedNode):
            return "(blank node)", None
        cached = self._labels.get(term)
        if cached is not None:
            return cached
        # A derived label that leads back to a label being derived (a review whose State is
        # the review itself, in a broken graph) gets the short IRI, not a recursion.
        busy: set = self._deriving.__dict__.setdefault("nodes", set())
        if term in busy:
            return self.short_iri(term.value), None
        busy.add(term)
        try:
            # A document's dcterms:title is the same for every addendum: derive its label.
            found = None if str(UPR["Document"]) in self.types(term) else self.label_statement(term)
            cached = (found[1].value, found[1].language) if found else (html_views.derived_label(self, term), None)
        finally:
            busy.discard(term)
        if len(self._labels) > 100_000:
            self._labels.clear()
        self._labels[term] = cached
        return cached

    def short_iri(self, iri: str) -> str:
        if self.is_local(iri):
            return iri[len(self.base) :]
        for prefix, ns in PREFIXES.items():
            if iri.startswith(ns) and len(iri) > len(ns):
                return f"{prefix}:{iri[len(ns):]}"
        return iri

    # the RDF representation
    def describe(self, node: ox.NamedNode) -> list[ox.Triple]:
        """The concise bounded description of ``node`` plus the labels of its IRI objects."""
        out: dict[ox.Triple, None] = {}
        todo: list[ox.NamedNode | ox.BlankNode] = [node]
        seen_blank: set[ox.BlankNode] = set()
        while todo:
            for t in self.triples(todo.pop(), None, None):
                out.setdefault(t, None)
                if isinstance(t.object, ox.BlankNode) and t.object not in seen_blank:
                    seen_blank.add(t.object)
                    todo.append(t.object)
        if not out and self.is_graph_name(node):
            size = ox.Literal(str(self.graph_size(node)), datatype=XSD_INTEGER)
            out[ox.Triple(node, VOID_TRIPLES, size)] = None
        for t in list(out):
            if isinstance(t.object, ox.NamedNode) and t.predicate not in LABEL_PROPERTIES:
                found = self.label_statement(t.object)
                if found:
                    out.setdefault(ox.Triple(t.object, found[0], found[1]), None)
        return list(out)


def render_html(site: Site, node: ox.NamedNode, root: str, alternates: tuple[html.Alternate, ...]) -> str:
    """The HTML page of a resource: the page of its kind, then its statements and incoming links."""
    types = site.types(node)
    generic = False
    if str(UPR["Recommendation"]) in types:
        body = html_evidence.recommendation_body(site, node, root)
    elif types & site.legal_classes:
        body = html_evidence.legal_body(site, node, root)
    elif str(UPR["Response"]) in types:
        body = html_evidence.response_body(site, node, root)
    elif html_evidence.is_text_page(site, node):
        body = html_evidence.text_body(site, node, root)
    elif site.is_graph_name(node) and not site.triples(node, None, None):
        body = html_views.graph_html(site, node, root)
    else:
        body, generic = html_views.heading_html(site, node, root), True
    body += html_views.statements_html(site, node, root, open_=generic) + html_views.incoming_html(site, node, root)
    return html.page(site.label(node), body, root=root, iri=node.value, alternates=alternates)


def serialize(triples: list[ox.Triple], fmt: str) -> bytes:
    """The triples in an RDF format of the export registry (JSON-LD with the embedded context)."""
    return export.serialize(graph_from_ox(triples), fmt)


# --- endpoints -----------------------------------------------------------------------------


def _root(request: Request) -> str:
    return request.scope.get("root_path", "").rstrip("/")


def _candidates(request: Request, prefix: str) -> list[str]:
    """Candidate rests of the IRI a request names: as sent, and re-encoded the way mint() does.

    The IRIs of the dataset are percent-encoded where mint() encoded a segment; the path a
    client sends may be decoded or encoded differently, so each form is tried in turn.
    """
    decoded = request.path_params.get("rest", "")
    out = []
    raw = request.scope.get("raw_path")
    if raw:
        raw_path = raw.decode("latin-1")
        root = _root(request)
        marker = f"/{prefix}/"
        at = raw_path.find(marker, len(root) if raw_path.startswith(root) else 0)
        if at >= 0:
            out.append(raw_path[at + len(marker) :])
    out += [quote(decoded, safe=_MINT_SAFE), decoded, quote(decoded, safe=_PATH_SAFE)]
    return out


def _not_found(site: Site, request: Request, headers: dict[str, str] | None = None) -> Response:
    body = html.small_page("Not found", f"The dataset has no statements about {site.base}{request.path_params.get('rest', '')}.", root=_root(request))
    return HTMLResponse(body, status_code=404, headers=headers)


def _alternates(site: Site, node: ox.NamedNode, root: str) -> tuple[html.Alternate, ...]:
    return tuple(html.Alternate(MEDIA_TYPE[name], site.doc_url(node.value, root, name), SHORT_NAME[name]) for name, _ in OFFERS)


def _link_header(alternates: tuple[html.Alternate, ...]) -> str:
    return ", ".join(f'<{a.url}>; rel="alternate"; type="{a.media_type}"' for a in alternates)


def _represent(site: Site, node: ox.NamedNode, fmt: str, request: Request, negotiated: bool) -> Response:
    root = _root(request)
    alternates = _alternates(site, node, root)
    headers = {"Link": _link_header(alternates)}
    if negotiated:
        headers["Vary"] = "Accept"
        headers["Content-Location"] = site.doc_url(node.value, root, fmt)
    if fmt == "html":
        return HTMLResponse(render_html(site, node, root, alternates), headers=headers)
    body = serialize(site.describe(node), fmt)
    return Response(body, media_type=MEDIA_TYPE[fmt], headers=headers)


def routes(store: ox.Store, base: str) -> list[Route]:
    """The Linked Data routes over ``store`` for the resources under ``base``.

    ``GET /id/{rest}`` → 303 to ``/doc/{rest}`` (404 if unknown); ``GET /doc/{rest}`` →
    negotiated representation (406 if none fits); ``GET /doc/{rest}.{html,ttl,jsonld,nt,rdf}``
    → that representation.
    """
    site = Site(store, base)

    def resolve(request: Request) -> Response:
        node = site.find(_candidates(request, "id"))
        if node is None:
            return _not_found(site, request)
        return RedirectResponse(site.doc_url(node.value, _root(request)), status_code=303)

    def document(request: Request) -> Response:
        candidates = _candidates(request, "doc")
        node = site.find(candidates)
        if node is not None:
            fmt = negotiate(request.headers.get("accept"))
            if fmt is None:
                offered = ", ".join(MEDIA_TYPE[name] for name, _ in OFFERS)
                return Response(f"406 Not Acceptable: this resource is available as {offered}\n", status_code=406, media_type="text/plain", headers={"Vary": "Accept"})
            return _represent(site, node, fmt, request, negotiated=True)
        for fmt, suffix in SUFFIX.items():
            stripped = [c[: -len(suffix)] for c in candidates if c.endswith(suffix)]
            node = site.find(stripped) if stripped else None
            if node is not None:
                return _represent(site, node, fmt, request, negotiated=False)
        return _not_found(site, request, {"Vary": "Accept"})

    return [Route("/id/{rest:path}", resolve, name="ld-id"), Route("/doc/{rest:path}", document, name="ld-doc")]


def index_route(store: ox.Store, base: str) -> Route:
    """``GET /``: the reviews and documents of the dataset with counts, and a link to /sparql."""
    site = Site(store, base)
    pages: dict[str, str] = {}  # by root path; the store is read-only, so the counts stay true

    def index(request: Request) -> Response:
        root = _root(request)
        if root not in pages:
            pages[root] = html.page("UPR knowledge graph", html_views.index_body(site, root), root=root)
        return HTMLResponse(pages[root])

    return Route("/", index, name="ld-index")
