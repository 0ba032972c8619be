"""The HTML pages of the Linked Data routes: shared parts, the generic page, the index.

Takes a :class:`kgbuild.serve.pages.Site` (read access to the store) and a resource, and
returns a whole HTML document. Resource-specific pages (a recommendation with its
responses and evidence, an instrument or provision with the responses citing it) are in
:mod:`kgbuild.serve.html_evidence`; every page ends with the generic parts here: the table
of the resource's statements and the statements that point to it ("what links here").
"""

from __future__ import annotations

from functools import cache
from itertools import islice
from typing import TYPE_CHECKING, cast

import pyoxigraph as ox

from ..iri import PREFIXES, UPR
from .html import badge, esc, lang_attr, link, link_html, table

if TYPE_CHECKING:
    from .pages import Site

XSD = PREFIXES["xsd"]
RDF = PREFIXES["rdf"]
PLAIN_DATATYPES = {XSD + "string", RDF + "langString"}
INCOMING_LIMIT = 300
VALUES_LIMIT = 200
LABEL_MAX = 140


@cache
def t(name: str) -> ox.NamedNode:
    """A term of the ontology (``upr:name``)."""
    return ox.NamedNode(str(UPR[name]))


RDF_TYPE = ox.NamedNode(RDF + "type")
RDF_VALUE = ox.NamedNode(RDF + "value")
DCTERMS_LANGUAGE = ox.NamedNode(PREFIXES["dcterms"] + "language")


def clip(text: str, limit: int = LABEL_MAX) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def derived_label(site: Site, node: ox.NamedNode) -> str:
    """A label for a resource that has none, from its type and the statements it has.

    Recommendations, reviews, documents, text units, mentions and responses carry no
    rdfs:label in the graph (their text is their rdf:value), so the pages name them the way
    the documents do: "Recommendation 140.14", "Paragraph 16", "“Rome Statute”".
    """
    types = site.types(node)

    def has(name: str) -> bool:
        return str(UPR[name]) in types

    if has("Recommendation"):
        return f"Recommendation {site.text(node, t('recommendationNumber')) or site.short_iri(node.value)}"
    if has("Review"):
        state, cycle = site.value(node, t("stateUnderReview")), site.text(node, t("cycle"))
        return f"Review of {site.label(state) if state else '?'}, cycle {cycle or '?'}"
    if has("Document"):
        return document_label(site, node)
    if has("Mention"):
        return f"“{clip(site.text(node, t('exact')) or '', 80)}”"
    if has("FootnoteMarker"):
        return f"Footnote call {site.text(node, t('markerNumber')) or ''}".strip()
    if has("Paragraph"):
        return f"Paragraph {site.text(node, t('paragraphNumber')) or '?'}"
    if has("Footnote"):
        return f"Footnote {site.text(node, t('footnoteNumber')) or '?'}"
    if has("Response"):
        heading = site.value(node, t("heading"))
        if heading is not None:
            return f"Response: {clip(site.text(heading, RDF_VALUE) or site.label(heading), 100)}"
        source = site.value(node, ox.NamedNode(PREFIXES["prov"] + "wasDerivedFrom"))
        return f"Response in {site.label(source)}" if source is not None else "Response"
    value = site.text(node, RDF_VALUE)
    if value:
        return clip(value, 100)
    return site.short_iri(node.value)


def document_label(site: Site, node: ox.NamedNode) -> str:
    """A document's symbol, or its kind and review ("Addendum, Kazakhstan, cycle 4").

    Preferred to its dcterms:title, which every addendum (and every report) shares.
    """
    symbol = site.text(node, t("symbol"))
    if symbol:
        return symbol
    kind, review = site.value(node, t("documentKind")), site.value(node, t("aboutReview"))
    out = capitalised(site.label(kind)) if kind else "Document"
    if review is not None:
        state, cycle = site.value(review, t("stateUnderReview")), site.text(review, t("cycle"))
        out += f", {site.label(state) if state else '?'}, cycle {cycle or '?'}"
    return out


# --- terms -------------------------------------------------------------------------------


def literal_html(lit: ox.Literal, *, block: bool = False) -> str:
    """A literal: its text (in a text block when long or multi-line), language, datatype."""
    value = lit.value
    lang = lang_attr(lit.language)
    if block or len(value) > 200 or "\n" in value:
        out = f'<div class="text"{lang}>{esc(value)}</div>'
    else:
        out = f"<span{lang}>{esc(value)}</span>" if lang else esc(value)
    datatype = lit.datatype.value if lit.datatype is not None else None
    if datatype and datatype not in PLAIN_DATATYPES:
        short = "xsd:" + datatype[len(XSD) :] if datatype.startswith(XSD) else datatype
        out += f' <span class="muted">({esc(short)})</span>'
    elif lit.language:
        out += f' <span class="muted">@{esc(lit.language)}</span>'
    return out


def term_html(site: Site, term, root: str) -> str:
    """A term as HTML: a labelled link for an IRI (local /id/ link or the external IRI)."""
    if isinstance(term, ox.Literal):
        return literal_html(term)
    if isinstance(term, ox.BlankNode):
        return f"<code>_:{esc(term.value)}</code>"
    if isinstance(term, ox.NamedNode):
        text, lang = site.label_lang(term)
        out = link(site.href(term.value, root), clip(text), title=term.value)
        return f"<span{lang_attr(lang)}>{out}</span>" if lang and lang != "en" else out
    return esc(str(term))


def terms_html(site: Site, terms: list, root: str, limit: int = 40, *, more_url: str | None = None) -> str:
    """Several terms, comma-separated, the first ``limit`` of them."""
    shown = ", ".join(term_html(site, x, root) for x in terms[:limit])
    if len(terms) > limit:
        rest = f"and {len(terms) - limit} more"
        shown += " … " + (link(more_url, rest) if more_url else esc(rest))
    return shown


def position_html(site: Site, positions: list, root: str) -> str:
    """Position badges ("Noted"), each linking to its concept."""
    out = []
    for p in sorted(positions, key=str):
        label = capitalised(site.label(p))
        key = p.value.rsplit("#", 1)[-1] if isinstance(p, ox.NamedNode) else None
        out.append(link_html(site.href(p.value, root), badge(label, key), title=p.value) if key else badge(label))
    return " ".join(out)


def natural_key(text: str) -> tuple:
    """Sort key that puts "140.2" before "140.14" and "article 9" before "article 27"."""
    parts = []
    for chunk in text.replace(".", " . ").split():
        parts.append((0, int(chunk), "") if chunk.isdigit() else (1, 0, chunk.lower()))
    return tuple(parts)


def by_label(site: Site, terms) -> list:
    return sorted(terms, key=lambda x: (natural_key(site.label(x)), str(x)))


# --- generic parts -----------------------------------------------------------------------


def heading_html(site: Site, node: ox.NamedNode, root: str, kind: str | None = None) -> str:
    """The <h1> with the resource's label, and a line with its types."""
    text, lang = site.label_lang(node)
    types = [x for x in site.objects(node, RDF_TYPE) if isinstance(x, ox.NamedNode)]
    asserted = [x for x in types if not site.is_inferred(ox.Triple(node, RDF_TYPE, x))] or types
    sub = kind or ", ".join(term_html(site, x, root) for x in by_label(site, asserted))
    lang = None if lang and lang.lower().split("-")[0] == "en" else lang  # the page is in English
    return f"<h1{lang_attr(lang)}>{esc(text)}</h1>" + (f'<p class="sub">{sub}</p>' if sub else "")


def statements_html(site: Site, node: ox.NamedNode, root: str, *, open_: bool) -> str:
    """The resource's statements, grouped by property; entailed ones are marked."""
    groups: dict[ox.NamedNode, list] = {}
    for tr in site.triples(node, None, None):
        groups.setdefault(tr.predicate, []).append(tr)
    if not groups:
        return ""
    rows = []
    for pred in sorted(groups, key=lambda p: (p != RDF_TYPE, site.label(p).lower(), p.value)):
        trs = sorted(groups[pred], key=lambda x: (natural_key(site.label(x.object)), str(x.object)))
        values = []
        for tr in trs[:VALUES_LIMIT]:
            mark = ' <span class="inferred">inferred</span>' if site.is_inferred(tr) else ""
            values.append(term_html(site, tr.object, root) + mark)
        if len(trs) > VALUES_LIMIT:
            values.append(f'<span class="muted">… and {len(trs) - VALUES_LIMIT} more</span>')
        prop = link(pred.value, site.label(pred), title=site.short_iri(pred.value))
        rows.append([prop, "<br>".join(values)])
    count = sum(len(v) for v in groups.values())
    return (
        f"<details{' open' if open_ else ''}><summary>All statements ({count})</summary>"
        + table(["Property", "Value"], rows)
        + "</details>"
    )


def incoming_html(site: Site, node: ox.NamedNode, root: str) -> str:
    """The statements that point to the resource ("what links here"), the first few hundred."""
    found: dict[ox.Triple, None] = {}
    for q in site.store.quads_for_pattern(None, None, node, None):
        found.setdefault(q.triple, None)
        if len(found) > INCOMING_LIMIT:
            break
    if not found:
        return ""
    shown = list(islice(found, INCOMING_LIMIT))
    shown.sort(key=lambda x: (site.label(x.predicate).lower(), natural_key(site.label(x.subject)), str(x.subject)))
    rows = [[term_html(site, x.subject, root), link(x.predicate.value, site.label(x.predicate), title=site.short_iri(x.predicate.value))] for x in shown]
    more = f"more than {INCOMING_LIMIT}" if len(found) > INCOMING_LIMIT else str(len(found))
    return f"<h2>What links here ({more})</h2>" + table(["Resource", "Property"], rows)


def graph_html(site: Site, node: ox.NamedNode, root: str) -> str:
    """A named graph of the dataset: its size and the classes of its subjects."""
    query = "SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class ORDER BY DESC(?n) ?class"
    rows = []
    for sol in cast(ox.QuerySolutions, site.store.query(query, default_graph=node)):
        rows.append([term_html(site, sol["class"], root), esc(sol["n"].value)])
    return (
        f"<h1>{esc(site.short_iri(node.value))}</h1><p class=\"sub\">Named graph of the dataset · "
        f"{site.graph_size(node)} statements</p>" + (f"<h2>Resources by class</h2>{table(['Class', 'Resources'], rows)}" if rows else "")
    )


# --- the index page ----------------------------------------------------------------------

_INDEX_QUERIES = {
    "reviews": "SELECT ?review (COUNT(DISTINCT ?rec) AS ?n) WHERE { ?review a upr:Review . OPTIONAL { ?rec upr:inReview ?review } } GROUP BY ?review",
    "positions": "SELECT ?review ?position (COUNT(DISTINCT ?rec) AS ?n) WHERE { ?rec upr:inReview ?review ; upr:position ?position } GROUP BY ?review ?position",
    "documents": "SELECT ?doc (COUNT(DISTINCT ?u) AS ?n) WHERE { ?doc a upr:Document . OPTIONAL { ?u upr:inDocument ?doc ; rdf:value ?v } } GROUP BY ?doc",
    "responses": "SELECT ?doc (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r a upr:Response ; upr:inDocument ?doc } GROUP BY ?doc",
    "mentions": "SELECT ?doc (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m upr:exact ?e ; upr:inText/upr:inDocument ?doc } GROUP BY ?doc",
    "graphs": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
}


def _select(site: Site, name: str) -> list:
    solutions = site.store.query(_INDEX_QUERIES[name], prefixes=PREFIXES | {"upr": str(UPR)}, use_default_graph_as_union=True)
    return list(cast(ox.QuerySolutions, solutions))


def index_body(site: Site, root: str) -> str:
    """The reviews and documents of the dataset with counts, its named graphs, the endpoint."""
    positions: dict = {}
    for sol in _select(site, "positions"):
        positions.setdefault(sol["review"], []).append((sol["position"], int(sol["n"].value)))
    review_rows = []
    reviews = {sol["review"]: int(sol["n"].value) for sol in _select(site, "reviews")}
    for review in sorted(reviews, key=lambda r: natural_key(site.label(r))):
        tally = " ".join(
            f"{position_html(site, [p], root)} {n}" for p, n in sorted(positions.get(review, []), key=lambda x: str(x[0]))
        )
        state = site.value(review, t("stateUnderReview"))
        review_rows.append([term_html(site, review, root), term_html(site, state, root) if state else "", esc(site.text(review, t("cycle")) or ""), str(reviews[review]), tally])
    counts = {name: {sol["doc"]: sol["n"].value for sol in _select(site, name)} for name in ("responses", "mentions")}
    units = {sol["doc"]: sol["n"].value for sol in _select(site, "documents")}
    doc_rows = []
    for doc in sorted(units, key=lambda d: natural_key(site.label(d))):
        kind = site.value(doc, t("documentKind"))
        review = site.value(doc, t("aboutReview"))
        doc_rows.append(
            [
                term_html(site, doc, root),
                esc(capitalised(site.label(kind))) if kind else "",
                esc(site.text(doc, t("symbol")) or ""),
                esc(site.text(doc, t("hrcSession")) or ""),
                esc(site.text(doc, ox.NamedNode(PREFIXES["dcterms"] + "issued")) or ""),
                term_html(site, review, root) if review else "",
                esc(units[doc]),
                esc(counts["responses"].get(doc, "0")),
                esc(counts["mentions"].get(doc, "0")),
            ]
        )
    graph_rows = [[term_html(site, sol["g"], root), esc(sol["n"].value)] for sol in _select(site, "graphs")]
    sparql = link(root + "/sparql", "SPARQL endpoint")
    return (
        "<h1>UPR knowledge graph</h1>"
        f'<p class="sub">{len(site.store)} statements in {len(graph_rows)} named graphs. Query them at the {sparql}; '
        "every resource links to the others, and each page links to its RDF (Turtle, JSON-LD, N-Triples, RDF/XML).</p>"
        f"<h2>Reviews ({len(review_rows)})</h2>"
        + table(["Review", "State under review", "Cycle", "Recommendations", "Positions"], review_rows)
        + f"<h2>Documents ({len(doc_rows)})</h2>"
        + table(["Document", "Kind", "Symbol", "HRC session", "Issued", "Review", "Text units", "Responses", "Mentions"], doc_rows)
        + f"<h2>Named graphs ({len(graph_rows)})</h2>"
        + table(["Graph", "Statements"], graph_rows)
    )
