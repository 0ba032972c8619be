"""Stage 6, validate: pySHACL's paths, the reference kgbuild's own engine must agree with.

* :func:`run_naive` hands pySHACL the whole graph (data + ontology), the plain way.
* :func:`run_on_copy` (the pipeline's path before kgbuild/shacl/engine.py, and its fallback
  for shapes the engine does not support) is cheaper without changing the report:

  1. It copies only the triples the shapes can reach: those whose predicate is named by the
     shapes graph (an ``sh:path``, a target, a class) or by the text of one of its SPARQL
     queries, plus ``rdf:type`` and ``rdfs:subClassOf``. Reference-data names that no shape
     reads (``skos:altLabel``, ``upr:localLabel``, ``skos:hiddenLabel``, ...) stay out.
     This relies on one rule for shapes/: a SPARQL constraint that matches a variable
     predicate restricts it to IRIs it names (``FILTER (?path IN (upr:cites, ...))``).
  2. SPARQL goes to Oxigraph. rdflib parses each query text anew on every call (50 to 300
     ms for the queries of shapes/) and evaluates in Python; the copy keeps an Oxigraph
     mirror of its triples and answers pySHACL's ``query()`` calls from it, with ``$this``
     pre-bound through Oxigraph's substitutions. Core constraints still run on rdflib.

  pySHACL runs in place on that private copy, so the caller's graph is never touched.

Both run pySHACL with SHACL-AF enabled (``advanced=True``), no inference, and warnings and
infos allowed; both return pySHACL's results graph.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from typing import Any

import pyoxigraph as ox
from pyshacl import Validator
from pyshacl.errors import ConstraintLoadError, ReportableRuntimeError, ShapeLoadError, ValidationFailure
from pyshacl.graph_abstraction import DataGraph
from rdflib import Dataset, Graph, URIRef, Variable
from rdflib.namespace import RDF, RDFS, SH
from rdflib.query import Result as SPARQLResult
from rdflib.term import Node

from ..errors import MappingError
from ..iri import PREFIXES
from ..terms import from_ox, to_ox

log = logging.getLogger(__name__)

_ALWAYS_KEPT = frozenset({RDF.type, RDFS.subClassOf, RDF.first, RDF.rest})
_QUERY_IRI = re.compile(r"<([^<>\s]+)>")
_QUERY_PNAME = re.compile(r"(?<![\w?$])([A-Za-z][\w-]*)?:([A-Za-z_][\w-]*)")


def run_naive(data: Any, shapes: Graph, ontology: Graph | None = None) -> Graph:
    """pySHACL over a copy of every triple of ``data`` (a Graph, Dataset or StoreView) and ``ontology``."""
    target = Graph()
    for triple in _triples(data, ontology):
        target.add(triple)
    return _run_pyshacl(target, shapes, inplace=False)


def run_on_copy(data: Any, shapes: Graph, ontology: Graph | None = None) -> Graph:
    """pySHACL over the triples the shapes can reach, SPARQL answered by Oxigraph (see the
    module docstring). Raises ValueError when Oxigraph refuses a term of the data."""
    reachable = _reachable_predicates(shapes)
    work = _OxigraphQueryGraph()
    if hasattr(data, "ox_quads"):  # a store (kgbuild.dataset.StoreView): no round trip through rdflib
        work.add_ox(q for p in sorted(reachable, key=str) for q in data.ox_quads(p))
        work.add_all(_reachable_triples(None, ontology, reachable))
    else:
        work.add_all(_reachable_triples(data, ontology, reachable))
    return _run_pyshacl(work, shapes, inplace=True)


def _triples(data: Any, ontology: Graph | None = None) -> Iterator[tuple[Node, Node, Node]]:
    """The triples of the data (of a Dataset: the union of its graphs), then of the ontology."""
    for graph in (data, ontology):
        if graph is None:
            continue
        if isinstance(graph, Dataset):
            for s, p, o, _ in graph.quads((None, None, None, None)):
                yield s, p, o
        else:
            yield from graph.triples((None, None, None))


def _reachable_triples(data: Any, ontology: Graph | None, reachable: frozenset[Node]) -> Iterator[tuple[Node, Node, Node]]:
    """The triples of ``data`` and ``ontology`` whose predicate is in ``reachable``: the same
    triples as filtering :func:`_triples`, looked up by predicate (a store answers each from
    its index instead of a scan of the whole corpus)."""
    if isinstance(data, Dataset):
        yield from (t for t in _triples(data, ontology) if t[1] in reachable)
        return
    for graph in (data, ontology):
        if graph is None:
            continue
        for predicate in sorted(reachable, key=str):
            yield from graph.triples((None, predicate, None))


def _reachable_predicates(shapes: Graph) -> frozenset[Node]:
    """Every IRI the shapes graph uses, or that a SPARQL query of it names: a superset of the
    predicates validation can read."""
    names: set[Node] = set(_ALWAYS_KEPT)
    for triple in shapes:
        names.update(term for term in triple if isinstance(term, URIRef))
    prefixes = dict(PREFIXES)
    for declaration in shapes.objects(None, SH.declare):
        prefix = shapes.value(declaration, SH.prefix)
        namespace = shapes.value(declaration, SH.namespace)
        if prefix is not None and namespace is not None:
            prefixes[str(prefix)] = str(namespace)
    for select in shapes.objects(None, SH.select):
        text = str(select)
        names.update(URIRef(iri) for iri in _QUERY_IRI.findall(text))
        for prefix, local in _QUERY_PNAME.findall(text):
            if (prefix or "") in prefixes:
                names.add(URIRef(prefixes[prefix or ""] + local))
    return frozenset(names)


class _OxigraphQueryGraph(Graph):
    """An rdflib Graph whose SPARQL queries are answered by an Oxigraph mirror of its triples.

    pySHACL reads the graph through rdflib for the core constraints and calls ``query()`` for
    SHACL-SPARQL constraints and targets, once per focus node for a constraint. rdflib parses
    each query text anew (tens to hundreds of milliseconds for the queries of shapes/) and
    evaluates in Python; Oxigraph parses and evaluates natively. ``$this`` is pre-bound with
    Oxigraph's substitutions (RDF-dev SEP-0007, the pre-binding SHACL describes), where rdflib
    uses ``initBindings``. Every ``add`` and ``remove`` goes to both stores, so triples pySHACL
    adds (the ontology, when one is given) are seen by both.
    """

    def __init__(self) -> None:
        super().__init__()
        self.mirror = ox.Store()

    def add(self, triple: Any) -> _OxigraphQueryGraph:  # type: ignore[override]
        super().add(triple)
        self.mirror.add(ox.Quad(*(_to_ox(term) for term in triple)))
        return self

    def remove(self, triple: Any) -> _OxigraphQueryGraph:  # type: ignore[override]
        for match in list(self.triples(triple)):
            self.mirror.remove(ox.Quad(*(_to_ox(term) for term in match)))
        super().remove(triple)
        return self

    def add_all(self, triples: Iterable[tuple[Node, Node, Node]]) -> None:
        """Bulk load (no per-triple mirror call)."""
        quads = []
        for triple in triples:
            super().add(triple)
            quads.append(ox.Quad(*(_to_ox(term) for term in triple)))
        self.mirror.extend(quads)

    def add_ox(self, quads: Iterable[Any]) -> None:
        """Bulk load from Oxigraph quads or triples (a store's): the mirror takes them as
        they are, rdflib gets converted terms."""
        triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
        self.mirror.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
        self.addN((_from_ox(t.subject), _from_ox(t.predicate), _from_ox(t.object), self) for t in triples)

    def query(  # type: ignore[override]
        self,
        query_object: Any,
        processor: Any = "sparql",
        result: Any = "sparql",
        initNs: Any = None,  # noqa: N803 (rdflib's names)
        initBindings: Any = None,  # noqa: N803
        use_store_provided: bool = True,
        **kwargs: Any,
    ) -> Any:
        if not isinstance(query_object, str) or processor != "sparql" or initNs:
            return super().query(query_object, processor, result, initNs, initBindings, use_store_provided, **kwargs)
        substitutions = {ox.Variable(str(k)): _to_ox(v) for k, v in (initBindings or {}).items()}
        try:
            solutions = self.mirror.query(query_object, substitutions=substitutions or None)
        except RuntimeError:
            # Oxigraph pre-binds only variables the query selects; rdflib binds any.
            return super().query(query_object, processor, result, initNs, initBindings, use_store_provided, **kwargs)
        if not isinstance(solutions, ox.QuerySolutions):
            raise MappingError("a SHACL-SPARQL query of the shapes is not a SELECT query", path="shapes/")
        variables = [Variable(v.value) for v in solutions.variables]
        out = SPARQLResult("SELECT")
        out.vars = variables
        out.bindings = [
            {var: _from_ox(solution[var.toPython()[1:]]) for var in variables if solution[var.toPython()[1:]] is not None}
            for solution in solutions
        ]
        return out


_to_ox = to_ox
_from_ox = from_ox


def _run_pyshacl(data: Graph, shapes: Graph, *, inplace: bool) -> Graph:
    options = {
        "inference": "none",
        "advanced": True,
        "allow_warnings": True,
        "allow_infos": True,
        "inplace": inplace,
        "abort_on_first": False,
        "logger": log,
    }
    try:
        validator = Validator(DataGraph.from_rdflib(data), shacl_graph=shapes, options=options)
        _conforms, results_graph, _text = validator.run()
    except (ConstraintLoadError, ShapeLoadError, ReportableRuntimeError, ValidationFailure) as exc:
        raise MappingError(f"the shapes cannot be applied: {_pyshacl_message(exc)}", path="shapes/") from exc
    except SyntaxError as exc:  # Oxigraph's parser (the fast path)
        raise MappingError(f"a SPARQL query of the shapes does not parse: {exc}", path="shapes/") from exc
    except Exception as exc:  # rdflib's parser (the naive path) raises pyparsing's ParseException
        if exc.__class__.__module__.startswith("pyparsing"):
            raise MappingError(f"a SPARQL query of the shapes does not parse: {exc}", path="shapes/") from exc
        raise
    if not isinstance(results_graph, Graph):
        raise MappingError(f"validation failed: {results_graph}", path="shapes/")
    return results_graph


def _pyshacl_message(exc: Exception) -> str:
    message = getattr(exc, "message", None) or str(exc)
    return " ".join(str(message).split())
