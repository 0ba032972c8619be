"""Result formats of the SPARQL endpoint: media types, ``Accept`` negotiation, serialisers.

SELECT and ASK results: SPARQL 1.1 Query Results JSON, XML, CSV and TSV
(https://www.w3.org/TR/sparql11-results-json/, -xml-res/, -results-csv-tsv/). CONSTRUCT and
DESCRIBE results: Turtle, N-Triples, RDF/XML (written by Oxigraph) and JSON-LD compacted
with the project's context, embedded (kgbuild/export.py: nothing refers to a remote
context). The serialisers write a list of rows that may have been cut at the row limit, which
is why they are here rather than Oxigraph's (it serialises a whole result or nothing).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
HTML = "text/html"


@dataclass(frozen=True)
class Format:
    name: str
    """The name the ``format=`` parameter takes (``json``, ``turtle``, ...)."""
    media_type: str
    graph: bool
    """True for RDF graph formats (CONSTRUCT, DESCRIBE), False for result formats (SELECT, ASK)."""
    suffix: str
    w3c: str
    """Its IRI in https://www.w3.org/ns/formats/ (for the service description)."""
    aliases: tuple[str, ...] = ()
    """Other media types that ask for it in an Accept header."""
    names: tuple[str, ...] = ()
    """Other names ``format=`` may give it (clients such as SPARQLWrapper send ``n3``, ``rdf``...)."""


_W3C = "http://www.w3.org/ns/formats/"

RESULT_FORMATS: tuple[Format, ...] = (
    Format("json", "application/sparql-results+json", False, ".srj", _W3C + "SPARQL_Results_JSON", ("application/json",), ("srj",)),
    Format("xml", "application/sparql-results+xml", False, ".srx", _W3C + "SPARQL_Results_XML", ("application/xml", "text/xml"), ("srx",)),
    Format("csv", "text/csv", False, ".csv", _W3C + "SPARQL_Results_CSV"),
    Format("tsv", "text/tab-separated-values", False, ".tsv", _W3C + "SPARQL_Results_TSV"),
)
GRAPH_FORMATS: tuple[Format, ...] = (
    # Turtle is a subset of N3: a client that asks for N3 can read it.
    Format("turtle", "text/turtle", True, ".ttl", _W3C + "Turtle", ("application/x-turtle", "text/n3"), ("ttl", "n3")),
    Format("ntriples", "application/n-triples", True, ".nt", _W3C + "N-Triples", ("text/plain",), ("nt", "n-triples")),
    Format("jsonld", "application/ld+json", True, ".jsonld", _W3C + "JSON-LD", ("application/json",), ("json-ld", "json")),
    Format("rdfxml", "application/rdf+xml", True, ".rdf", _W3C + "RDF_XML", ("application/xml", "text/xml"), ("rdf", "rdf+xml", "xml")),
)
ALL_FORMATS = RESULT_FORMATS + GRAPH_FORMATS
BY_NAME = {f.name: f for f in ALL_FORMATS}


def formats_for(form: str) -> tuple[Format, ...]:
    """The formats a query form's results come in ('select', 'ask', 'construct', 'describe')."""
    return GRAPH_FORMATS if form in ("construct", "describe") else RESULT_FORMATS


# --------------------------------------------------------------------------------------------
# Negotiation
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Range:
    """One media range of an Accept header (RFC 9110, 12.5.1)."""

    type: str
    subtype: str
    q: float

    def matches(self, media_type: str) -> int:
        """How specifically this range matches ``media_type``: 2 exact, 1 type/*, 0 */*, -1 no."""
        mtype, _, msub = media_type.partition("/")
        if self.type == "*":
            return 0
        if self.type != mtype:
            return -1
        if self.subtype == "*":
            return 1
        return 2 if self.subtype == msub else -1


def parse_accept(header: str | None) -> list[Range]:
    """The media ranges of an Accept header; no header (or an empty one) accepts anything."""
    if not header or not header.strip():
        return [Range("*", "*", 1.0)]
    ranges = []
    for item in header.split(","):
        media, *params = (part.strip() for part in item.split(";"))
        mtype, slash, msub = media.lower().partition("/")
        if not slash or not mtype or not msub:
            continue
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = min(max(float(value.strip()), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        ranges.append(Range(mtype, msub, q))
    return ranges


def quality(media_type: str, ranges: Sequence[Range]) -> float:
    """The q the client gives ``media_type``: that of the most specific range matching it."""
    best, best_q = -1, 0.0
    for r in ranges:
        level = r.matches(media_type)
        if level > best:
            best, best_q = level, r.q
    return best_q if best >= 0 else 0.0


def _explicit(media_type: str, ranges: Sequence[Range]) -> float:
    """The q of a range naming ``media_type`` exactly (0 when none does)."""
    return max((r.q for r in ranges if r.matches(media_type) == 2), default=0.0)


def _format_quality(f: Format, ranges: Sequence[Range]) -> float:
    """Wildcards (``text/*``) reach a format by its own media type only; an alias
    (``application/json``) counts when it is named."""
    return max([quality(f.media_type, ranges), *(_explicit(a, ranges) for a in f.aliases)])


def negotiate(ranges: Sequence[Range], candidates: Sequence[Format]) -> Format | None:
    """The candidate the client prefers (highest q; ties go to the server's order), or None."""
    best: Format | None = None
    best_q = 0.0
    for f in candidates:
        q = _format_quality(f, ranges)
        if q > best_q:
            best, best_q = f, q
    return best


def wants_html(ranges: Sequence[Range]) -> bool:
    """True when the client names HTML itself (a browser), at least as high as any data format.

    ``*/*`` alone (curl, most libraries) never gives HTML.
    """
    explicit = [r for r in ranges if r.matches(HTML) == 2 or r.matches("application/xhtml+xml") == 2]
    if not explicit:
        return False
    q_html = max(r.q for r in explicit)
    others = max(_format_quality(f, ranges) for f in ALL_FORMATS)
    return q_html > 0 and q_html >= others


def by_name_or_type(value: str, candidates: Sequence[Format] = ALL_FORMATS) -> Format | None:
    """The format among ``candidates`` that a ``format=`` parameter names: by name (``csv``),
    other name (``n3``; ``xml`` and ``json`` name a result format for SELECT and ASK, a
    graph format for CONSTRUCT and DESCRIBE) or media type."""
    value = value.strip().lower()
    for f in candidates:
        if value == f.name or value == f.media_type:
            return f
    return next((f for f in candidates if value in f.names or value in f.aliases), None)


# --------------------------------------------------------------------------------------------
# Serialisers (run in the query workers)
# --------------------------------------------------------------------------------------------

Row = Sequence[Any]
"""One solution: an Oxigraph term (NamedNode, BlankNode, Literal) or None per variable."""


def write_solutions(fmt: str, variables: Sequence[str], rows: Iterable[Row]) -> bytes:
    """SELECT results in result format ``fmt`` (json, xml, csv, tsv)."""
    return {"json": _json, "xml": _xml, "csv": _csv, "tsv": _tsv}[fmt](variables, rows).encode("utf-8")


def write_boolean(fmt: str, value: bool) -> bytes:
    """ASK results. CSV and TSV define no boolean form; like Oxigraph we write ``true``/``false``."""
    word = "true" if value else "false"
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}).encode("utf-8")
    if fmt == "xml":
        return (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head/><boolean>{word}</boolean></sparql>\n"
        ).encode("utf-8")
    return f"{word}\n".encode("utf-8")


def json_term(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value not in (XSD_STRING, RDF_LANG_STRING):
        out["datatype"] = term.datatype.value
    return out


def _json(variables: Sequence[str], rows: Iterable[Row]) -> str:
    bindings = [{v: json_term(t) for v, t in zip(variables, row) if t is not None} for row in rows]
    return json.dumps({"head": {"vars": list(variables)}, "results": {"bindings": bindings}}, ensure_ascii=False)


def _xml(variables: Sequence[str], rows: Iterable[Row]) -> str:
    out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>']
    out += [f"<variable name={quoteattr(v)}/>" for v in variables]
    out.append("</head>\n<results>")
    for row in rows:
        out.append("<result>")
        for v, t in zip(variables, row):
            if t is not None:
                out.append(f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>")
        out.append("</result>")
    out.append("</results>\n</sparql>\n")
    return "\n".join(out)


def _xml_term(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
    if term.datatype.value != XSD_STRING:
        return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
    return f"<literal>{escape(term.value)}</literal>"


def _csv(variables: Sequence[str], rows: Iterable[Row]) -> str:
    """Plain values, CRLF, RFC 4180 quoting, blank nodes as ``_:id``."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(variables)
    for row in rows:
        writer.writerow(
            ["" if t is None else f"_:{t.value}" if isinstance(t, ox.BlankNode) else t.value for t in row]
        )
    return buf.getvalue()


def _tsv(variables: Sequence[str], rows: Iterable[Row]) -> str:
    """``?name`` header, terms in N-Triples syntax (which TSV allows), LF."""
    lines = ["\t".join(f"?{v}" for v in variables)]
    lines += ["\t".join("" if t is None else str(t) for t in row) for row in rows]
    return "\n".join(lines) + "\n"


def write_graph(fmt: str, triples: Sequence[ox.Triple], prefixes: dict[str, str]) -> bytes:
    """CONSTRUCT or DESCRIBE results in graph format ``fmt``."""
    if fmt == "jsonld":
        from ..export import serialize
        from ..terms import graph_from_ox

        return serialize(graph_from_ox(triples), "jsonld")
    ox_format = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "rdfxml": ox.RdfFormat.RDF_XML}[fmt]
    return ox.serialize(triples, format=ox_format, prefixes=prefixes if fmt == "turtle" else None) or b""
