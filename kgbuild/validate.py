"""Stage 6, validate: domain graph + shapes/ -> :class:`Report`.

Reads every ``shapes/*.ttl`` (through :mod:`kgbuild.resources`) and runs pySHACL over the
domain graph with SHACL-AF enabled (``advanced=True``: the SHACL-SPARQL constraints that check
what a document asserts about itself), no inference, and warnings allowed (a graph with
warnings only conforms). The :class:`Report` carries the standard ``sh:ValidationReport``
graph (written as ``validation.ttl``) and one :class:`Result` per validation result, with a
readable label for the focus node and the source paragraph when there is one.

Two paths give the same results:

* :func:`validate_naive` hands pySHACL the whole graph, the plain way.
* :func:`validate` (the one the pipeline uses) is cheaper without changing the report:

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

  pySHACL runs in place on that private copy, so the caller's graph is never touched. The
  shapes keep their own cost down too: SPARQL constraints get their focus nodes from SPARQL
  targets that find the candidates in one query (see shapes/evidence.ttl).
"""

from __future__ import annotations

import logging
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pyshacl import Validator
from pyshacl.errors import ConstraintLoadError, ReportableRuntimeError, ShapeLoadError, ValidationFailure
from pyshacl.graph_abstraction import DataGraph
import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef, Variable
from rdflib.namespace import RDF, RDFS, SH
from rdflib.query import Result as SPARQLResult
from rdflib.term import Node

from . import resources
from .terms import from_ox, to_ox
from .errors import MappingError
from .iri import PREFIXES, PROV, UPR

log = logging.getLogger(__name__)

SEVERITIES: tuple[str, ...] = ("Violation", "Warning", "Info")
"""Severity names in report order (the local names of sh:Violation, sh:Warning, sh:Info)."""

_SHAPES_NS = "https://w3id.org/upr-kg/shapes/"
_ALWAYS_KEPT = frozenset({RDF.type, RDFS.subClassOf, RDF.first, RDF.rest})
_QUERY_IRI = re.compile(r"<([^<>\s]+)>")
_QUERY_PNAME = re.compile(r"(?<![\w?$])([A-Za-z][\w-]*)?:([A-Za-z_][\w-]*)")
_LABEL_WIDTH = 60


# --- report ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    """One validation result, with what a reader needs to find the problem in the source."""

    severity: str
    """"Violation", "Warning" or "Info"."""
    focus_node: Node
    focus_label: str
    """The focus node as a person would name it: ``recommendation 140.4 (review KAZ 4)``."""
    path: Node | None
    path_label: str | None
    """The result path as a CURIE (``upr:recommendationNumber``), when there is one."""
    message: str
    source_shape: Node
    shape_label: str
    """The node shape the result comes from, as a CURIE (``numbering:RecommendationNumberPatternShape``)."""
    value: Node | None
    source_unit: URIRef | None = None
    """The paragraph, heading or footnote the focus node was read from, when there is one."""
    source_label: str | None = None
    """``paragraph 3``, ``footnote 6`` or ``heading "I. Recommendations ..."``."""
    paragraph_number: int | None = None
    """The number of the source paragraph (or footnote), when the source is numbered."""

    def line(self) -> str:
        """The one-line form used by :meth:`Report.summary`."""
        parts = [self.focus_label]
        if self.path_label:
            parts.append(self.path_label)
        parts.append(self.message)
        parts.append(f"shape {self.shape_label}")
        if self.source_label:
            parts.append(self.source_label)
        return f"{self.severity:<9}  " + " · ".join(parts)


@dataclass
class Report:
    """The outcome of validation: conforms when there is no Violation."""

    conforms: bool
    results_graph: Graph
    """The standard sh:ValidationReport graph (what ``validation.ttl`` holds)."""
    results: list[Result] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    """Number of results by severity name; every name of :data:`SEVERITIES` is present."""
    seconds: float | None = None
    """Time the validation took in a worker process (:func:`validate_later`)."""

    @property
    def violations(self) -> list[Result]:
        return [r for r in self.results if r.severity == "Violation"]

    @property
    def warnings(self) -> list[Result]:
        return [r for r in self.results if r.severity == "Warning"]

    def summary(self) -> str:
        """Readable text: results grouped by severity (Violations first), then a count line."""
        lines: list[str] = []
        for severity in SEVERITIES:
            group = [r for r in self.results if r.severity == severity]
            if not group:
                continue
            lines.append(f"{_plural(len(group), severity.lower())}:")
            lines.extend(r.line() for r in group)
            lines.append("")
        verdict = "conforms" if self.conforms else "does not conform"
        count_line = f"{verdict}: {_plural(self.counts.get('Violation', 0), 'violation')}, " + _plural(
            self.counts.get("Warning", 0), "warning"
        )
        if self.counts.get("Info", 0):
            count_line += ", " + _plural(self.counts["Info"], "info")
        lines.append(count_line)
        return "\n".join(lines)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


# --- shapes ------------------------------------------------------------------------------


def load_shapes() -> Graph:
    """All ``shapes/*.ttl`` in one graph. A file that does not parse raises MappingError naming it."""
    graph = Graph()
    files = resources.files("shapes", "*.ttl")
    if not files:
        raise MappingError("no shapes files (*.ttl) found", path=resources.shapes_dir())
    for path in files:
        try:
            graph.parse(path, format="turtle")
        except Exception as exc:  # rdflib raises several unrelated types for bad Turtle
            raise MappingError(f"shapes file does not parse: {exc}", path=_display_path(path)) from exc
    return graph


def _display_path(path: Path) -> str:
    try:
        return str(path.relative_to(resources.shapes_dir().parent))
    except ValueError:
        return str(path)


# --- validation --------------------------------------------------------------------------


def validate(data: Graph, *, shapes: Graph | None = None, ontology: Graph | None = None) -> Report:
    """Validate ``data`` against ``shapes`` (default: :func:`load_shapes`). Does not modify ``data``.

    ``ontology``, when given, is validated together with the data (its class hierarchy and
    individuals: ``upr:Noted a upr:Position``). It is added as triples rather than handed to
    pySHACL as its ontology graph, whose "inoculation" clones ontology nodes one by one and
    takes tens of seconds on ontology/upr.ttl.

    The fast path described in the module docstring; gives the same results as
    :func:`validate_naive`.
    """
    shapes = load_shapes() if shapes is None else shapes
    reachable = _reachable_predicates(shapes)
    work = _OxigraphQueryGraph()
    try:
        if hasattr(data, "ox_quads"):  # a store (kgbuild.dataset.StoreView): no round trip through rdflib
            work.add_ox(q for p in sorted(reachable, key=str) for q in data.ox_quads(p))
            work.add_all(_reachable_triples(None, ontology, reachable))
        else:
            work.add_all(_reachable_triples(data, ontology, reachable))
    except ValueError as exc:
        # Oxigraph refuses terms rdflib accepts (an IRI with a space, a malformed language
        # tag); pySHACL can still validate such a graph the plain way.
        log.info("validating without the Oxigraph mirror: %s", exc)
        return validate_naive(data, shapes=shapes, ontology=ontology)
    results_graph = _run_pyshacl(work, shapes, inplace=True)
    return _report(results_graph, data, shapes)


def validate_later(data: Any, pool: Any, *, ontology: Graph | None = None) -> Callable[[], Report]:
    """Start :func:`validate` of a store's asserted graphs (a kgbuild.dataset.StoreView) in a
    worker process of ``pool`` (a ProcessPoolExecutor); returns a function that waits for it
    and gives the Report. The worker gets the triples the shapes can reach, as N-Triples, and
    runs what :func:`validate` runs on them; the caller reasons and exports meanwhile."""
    shapes = load_shapes()
    reachable = _reachable_predicates(shapes)
    payload = ox.serialize((q.triple for p in sorted(reachable, key=str) for q in data.ox_quads(p)), format=ox.RdfFormat.N_TRIPLES) or b""
    ontology_payload = ontology.serialize(format="nt", encoding="utf-8") if ontology is not None else b""
    job = pool.submit(_validate_ntriples, payload, ontology_payload)

    def wait() -> Report:
        payload, seconds = job.result()
        results_graph = Graph()
        results_graph.parse(data=payload, format="nt")
        report = _report(results_graph, data, shapes)
        report.seconds = seconds
        return report

    return wait


def _validate_ntriples(payload: bytes, ontology_payload: bytes) -> tuple[bytes, float]:
    """In a worker process: validate N-Triples data (+ ontology) as :func:`validate` does;
    the results graph as N-Triples, and the seconds it took."""
    start = time.perf_counter()
    shapes = load_shapes()
    reachable = _reachable_predicates(shapes)
    ontology = Graph().parse(data=ontology_payload, format="nt") if ontology_payload else None
    work = _OxigraphQueryGraph()
    work.add_ox(ox.parse(payload, format=ox.RdfFormat.N_TRIPLES))
    work.add_all(_reachable_triples(None, ontology, reachable))
    results_graph = _run_pyshacl(work, shapes, inplace=True)
    out = results_graph.serialize(format="nt", encoding="utf-8")
    return (out if isinstance(out, bytes) else out.encode("utf-8")), time.perf_counter() - start


def validate_naive(data: Graph, *, shapes: Graph | None = None, ontology: Graph | None = None) -> Report:
    """Validate by handing pySHACL the whole graph (plus the ontology's triples), the plain way."""
    shapes = load_shapes() if shapes is None else shapes
    target = Graph()
    for triple in _triples(data, ontology):
        target.add(triple)
    results_graph = _run_pyshacl(target, shapes, inplace=False)
    return _report(results_graph, data, shapes)


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
        solutions = self.mirror.query(query_object, substitutions=substitutions or None)
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


# --- reading the results graph -----------------------------------------------------------


def report_from_graph(results_graph: Graph, data: Graph, *, shapes: Graph | None = None) -> Report:
    """The Report of a stored SHACL validation report graph (a rebuild from an unchanged store)."""
    return _report(results_graph, data, load_shapes() if shapes is None else shapes)


def _report(results_graph: Graph, data: Graph, shapes: Graph) -> Report:
    labels = _Labeller(data, shapes)
    results = [_result(results_graph, node, labels) for node in results_graph.subjects(RDF.type, SH.ValidationResult)]
    results.sort(key=labels.sort_key)
    counts = Counter(r.severity for r in results)
    return Report(
        conforms=counts["Violation"] == 0,
        results_graph=results_graph,
        results=results,
        counts={severity: counts.get(severity, 0) for severity in SEVERITIES},
    )


def _result(graph: Graph, node: Node, labels: _Labeller) -> Result:
    severity_node = graph.value(node, SH.resultSeverity)
    severity = str(severity_node).rpartition("#")[2] if severity_node is not None else "Violation"
    focus = graph.value(node, SH.focusNode)
    path = graph.value(node, SH.resultPath)
    shape = graph.value(node, SH.sourceShape)
    value = graph.value(node, SH.value)
    messages = sorted(str(m) for m in graph.objects(node, SH.resultMessage))
    source = labels.source_unit(focus)
    return Result(
        severity=severity,
        focus_node=focus,
        focus_label=labels.focus(focus),
        path=path,
        path_label=labels.curie(path) if path is not None else None,
        message=" / ".join(messages) if messages else "(no message)",
        source_shape=shape,
        shape_label=labels.shape(shape),
        value=value,
        source_unit=source,
        source_label=labels.unit(source) if source is not None else None,
        paragraph_number=labels.unit_number(source) if source is not None else None,
    )


class _Labeller:
    """Names nodes of the data graph the way a reader of the source document would."""

    def __init__(self, data: Graph, shapes: Graph):
        self.data = data
        self.shapes = shapes
        self.prefixes = dict(PREFIXES)
        for prefix, namespace in shapes.namespaces():
            if str(namespace).startswith(_SHAPES_NS):
                self.prefixes[prefix] = str(namespace)

    # generic helpers

    def _one(self, node: Node, predicate: URIRef) -> Node | None:
        values = sorted(self.data.objects(node, predicate), key=str)
        return values[0] if values else None

    def _types(self, node: Node) -> set[Node]:
        return set(self.data.objects(node, RDF.type))

    def curie(self, node: Node) -> str:
        if isinstance(node, URIRef):
            text = str(node)
            best = max(
                ((p, ns) for p, ns in self.prefixes.items() if text.startswith(ns) and len(text) > len(ns)),
                key=lambda item: len(item[1]),
                default=None,
            )
            if best is not None:
                return f"{best[0]}:{text[len(best[1]):]}"
            return f"<{text}>"
        if isinstance(node, BNode):
            return "[complex path]"
        return str(node)

    def label(self, node: Node) -> str | None:
        """The English (or untagged, or any) rdfs:label."""
        labels = list(self.data.objects(node, RDFS.label))
        for wanted in ("en", None):
            for label in sorted(labels, key=str):
                if isinstance(label, Literal) and label.language == wanted:
                    return str(label)
        return str(sorted(labels, key=str)[0]) if labels else None

    # what a node is called

    def focus(self, node: Node) -> str:
        types = self._types(node)
        number = self._one(node, UPR.recommendationNumber)
        if UPR.Recommendation in types or number is not None:
            review = self._one(node, UPR.inReview)
            where = f" (review {self.review(review)})" if review is not None else ""
            return f"recommendation {number if number is not None else '?'}{where}"
        if UPR.Review in types:
            return f"review {self.review(node)}"
        if UPR.Document in types:
            symbol = self._one(node, UPR.symbol)
            return f"document {symbol}" if symbol is not None else f"document {self._tail(node)}"
        if types & {UPR.Paragraph, UPR.Heading, UPR.Footnote, UPR.TextUnit}:
            return self.unit(node)
        if types & {UPR.Mention, UPR.IrregularMention, UPR.UnresolvedMention}:
            exact = self._one(node, UPR.exact)
            unit = self._one(node, UPR.inText)
            where = f" in {self.unit(unit)}" if unit is not None else ""
            return f'mention "{exact}"{where}'
        if UPR.FootnoteMarker in types:
            number = self._one(node, UPR.markerNumber)
            unit = self._one(node, UPR.inText)
            where = f" in {self.unit(unit)}" if unit is not None else ""
            return f"footnote marker {number if number is not None else '?'}{where}"
        if UPR.Response in types:
            heading = self._one(node, UPR.heading)
            return f"response under {self.unit(heading)}" if heading is not None else f"response {self._tail(node)}"
        if UPR.DeclaredTotal in types:
            value = self._one(node, UPR.value)
            position = self._one(node, UPR.position)
            what = self._position_word(position) if position is not None else "received"
            return f"declared total {value} ({what})"
        if UPR.Statistic in types:
            value = self._one(node, UPR.value)
            label = self.label(node)
            return f'statistic {value} "{label}"' if label else f"statistic {value}"
        label = self.label(node)
        if label:
            return _shorten(label)
        return self._tail(node)

    def review(self, review: Node | None) -> str:
        if review is None:
            return "?"
        state = self._one(review, UPR.stateUnderReview)
        iso3 = self._one(state, UPR.iso3) if state is not None else None
        cycle = self._one(review, UPR.cycle)
        if iso3 is not None and cycle is not None:
            return f"{iso3} {cycle}"
        text = str(review)
        marker = "/review/"
        return text.split(marker, 1)[1].replace("/", " ") if marker in text else self._tail(review)

    def unit(self, unit: Node) -> str:
        types = self._types(unit)
        paragraph = self._one(unit, UPR.paragraphNumber)
        if UPR.Paragraph in types or paragraph is not None:
            return f"paragraph {paragraph if paragraph is not None else '?'}"
        footnote = self._one(unit, UPR.footnoteNumber)
        if UPR.Footnote in types or footnote is not None:
            return f"footnote {footnote if footnote is not None else '?'}"
        text = self._one(unit, RDF.value)
        if text is not None:
            return f'heading "{_shorten(str(text))}"'
        return self._tail(unit)

    def unit_number(self, unit: Node) -> int | None:
        number = self._one(unit, UPR.paragraphNumber)
        if number is None:
            number = self._one(unit, UPR.footnoteNumber)
        try:
            return int(number) if number is not None else None
        except (TypeError, ValueError):
            return None

    def source_unit(self, node: Node) -> URIRef | None:
        """The text unit the node was read from: itself, its upr:inText, the first unit it was
        derived from, or the first unit where a mention denotes it (in document order)."""
        if self._types(node) & {UPR.Paragraph, UPR.Heading, UPR.Footnote, UPR.TextUnit}:
            return node if isinstance(node, URIRef) else None
        candidates = list(self.data.objects(node, UPR.inText))
        if not candidates:
            candidates = [u for u in self.data.objects(node, PROV.wasDerivedFrom) if self._is_unit(u)]
        if not candidates:
            mentions = self.data.subjects(UPR.denotes, node)
            candidates = [u for m in mentions for u in self.data.objects(m, UPR.inText)]
        units = [u for u in candidates if isinstance(u, URIRef)]
        return min(units, key=self._document_order) if units else None

    def _is_unit(self, node: Node) -> bool:
        return bool(self._types(node) & {UPR.Paragraph, UPR.Heading, UPR.Footnote, UPR.TextUnit}) or (
            self._one(node, RDF.value) is not None
        )

    def _document_order(self, unit: Node) -> tuple[int, str]:
        order = self._one(unit, UPR.order)
        try:
            return (int(order), str(unit)) if order is not None else (1 << 30, str(unit))
        except (TypeError, ValueError):
            return (1 << 30, str(unit))

    def shape(self, shape: Node) -> str:
        """A node shape as a CURIE; a blank property shape is named after its node shape."""
        if isinstance(shape, BNode):
            parent = next(iter(sorted(self.shapes.subjects(SH.property, shape), key=str)), None)
            if parent is not None:
                return self.curie(parent)
        return self.curie(shape)

    def sort_key(self, result: Result) -> tuple[Any, ...]:
        source_order = self._document_order(result.source_unit) if result.source_unit is not None else (1 << 31, "")
        return (
            SEVERITIES.index(result.severity) if result.severity in SEVERITIES else len(SEVERITIES),
            source_order,
            result.focus_label,
            str(result.focus_node),
            result.path_label or "",
            result.message,
            result.shape_label,
            str(result.value) if result.value is not None else "",
        )

    def _position_word(self, position: Node) -> str:
        local = str(position).rpartition("#")[2]
        return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", local).lower()

    def _tail(self, node: Node) -> str:
        if isinstance(node, BNode):
            return "blank node"
        text = str(node)
        marker = "/id/"
        return text.split(marker, 1)[1] if marker in text else f"<{text}>"


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _LABEL_WIDTH else text[: _LABEL_WIDTH - 1].rstrip() + "…"


def results_as_tuples(report: Report) -> list[tuple[str, str, str, str, str, str]]:
    """(severity, focus, path, message, shape, value) of every result, sorted: what must be
    equal between two runs that found the same problems (used to compare the two paths)."""
    return sorted(
        (
            r.severity,
            str(r.focus_node),
            str(r.path) if r.path is not None else "",
            r.message,
            r.shape_label,
            str(r.value) if r.value is not None else "",
        )
        for r in report.results
    )


__all__ = [
    "Report",
    "Result",
    "SEVERITIES",
    "load_shapes",
    "validate",
    "validate_naive",
    "results_as_tuples",
]
