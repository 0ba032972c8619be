"""Export stage: graphs and datasets -> Turtle, N-Triples, TriG, N-Quads, JSON-LD.

Formats come by name from one registry (:data:`FORMATS`) and are guessed from a file
suffix with :func:`format_for`. JSON-LD is compacted with the project's own context
(ontology/context.jsonld), embedded in the output so that nothing is ever fetched.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph

from . import resources
from .errors import UsageError
from .iri import PREFIXES
from .terms import graph_to_ox


@dataclass(frozen=True)
class Format:
    name: str
    suffix: str
    media_type: str
    rdflib_name: str
    dataset: bool
    """True when the format carries named graphs."""


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("turtle", ".ttl", "text/turtle", "turtle", False),
        Format("ntriples", ".nt", "application/n-triples", "nt", False),
        Format("jsonld", ".jsonld", "application/ld+json", "json-ld", False),
        Format("rdfxml", ".rdf", "application/rdf+xml", "xml", False),
        Format("trig", ".trig", "application/trig", "trig", True),
        Format("nquads", ".nq", "application/n-quads", "nquads", True),
    )
}


def format_for(path: Path) -> Format:
    """The format a file suffix names."""
    for f in FORMATS.values():
        if path.suffix.lower() == f.suffix or (f.name == "jsonld" and path.suffix.lower() == ".json"):
            return f
    raise UsageError(f"no RDF format for suffix {path.suffix or '(none)'!r}; use one of {', '.join(f.suffix for f in FORMATS.values())}", path=path)


@cache
def context() -> dict:
    """The JSON-LD @context object of ontology/context.jsonld."""
    data = json.loads((resources.ontology_dir() / "context.jsonld").read_text(encoding="utf-8"))
    return data["@context"] if "@context" in data else data


def _bind(g: Graph) -> None:
    for prefix, ns in PREFIXES.items():
        if prefix != "ann":
            g.bind(prefix, ns, override=True)


# Formats Oxigraph writes: ten times faster than rdflib's serialisers on a document's graph,
# and with the statements sorted (subject, predicate, object) the output is deterministic.
_OXIGRAPH = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS}


def to_quads(data: Graph | Dataset, with_graphs: bool) -> list[ox.Quad]:
    """The statements of ``data`` as sorted, de-duplicated Oxigraph quads."""
    graphs = [g for g in data.graphs() if len(g)] if isinstance(data, Dataset) else [data]
    out: list[ox.Quad] = []
    for g in graphs:
        name = ox.NamedNode(str(g.identifier)) if with_graphs and isinstance(data, Dataset) else ox.DefaultGraph()
        out.extend(graph_to_ox(g, name))
    unique = {(str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)): q for q in out}
    return [unique[k] for k in sorted(unique)]


def serialize(
    data: Graph | Dataset, fmt: str | Format, *, base: str | None = None, quads: list[ox.Quad] | None = None
) -> bytes:
    """``data`` in format ``fmt`` (a name of :data:`FORMATS` or a Format).

    ``quads``: the statements of ``data`` already converted by :func:`to_quads` (with the
    graph names a dataset format needs), when one graph is written in several formats.
    """
    f = FORMATS[fmt] if isinstance(fmt, str) else fmt
    if f.name in _OXIGRAPH:
        prefixes = {k: v for k, v in PREFIXES.items() if k != "ann"} if f.name in ("turtle", "trig") else None
        quads = to_quads(data, f.dataset) if quads is None else quads
        if not f.dataset:
            return ox.serialize([q.triple for q in quads], format=_OXIGRAPH[f.name], prefixes=prefixes) or b""
        return ox.serialize(quads, format=_OXIGRAPH[f.name], prefixes=prefixes) or b""
    if f.dataset and not isinstance(data, Dataset):
        ds = Dataset()
        ds.graph(data.identifier).__iadd__(data)
        data = ds
    if not f.dataset and isinstance(data, Dataset):
        union = Graph()
        for g in data.graphs():
            union += g
        data = union
    _bind(data)
    if base:
        data.bind("id", base, override=True)
    if f.name == "jsonld":
        ctx = dict(context())
        out = data.serialize(format="json-ld", context=ctx, auto_compact=True, encoding="utf-8")
    else:
        out = data.serialize(format=f.rdflib_name, encoding="utf-8")
    return out if isinstance(out, bytes) else out.encode("utf-8")


def write(
    data: Graph | Dataset,
    path: Path,
    fmt: str | Format | None = None,
    *,
    base: str | None = None,
    quads: list[ox.Quad] | None = None,
) -> int:
    """Write ``data`` to ``path`` (format from the suffix unless given); returns bytes written."""
    f = format_for(path) if fmt is None else (FORMATS[fmt] if isinstance(fmt, str) else fmt)
    payload = serialize(data, f, base=base, quads=quads)
    path.write_bytes(payload)
    return len(payload)
