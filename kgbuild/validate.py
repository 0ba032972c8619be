"""Stage 6, validate: domain graph + shapes/ -> :class:`Report`.

Reads every ``shapes/*.ttl`` (through :mod:`kgbuild.resources`) and validates the domain
graph against them with SHACL-AF (SPARQL-based targets and constraints: what a document
asserts about itself), no inference, and warnings allowed (a graph with warnings only
conforms). The :class:`Report` carries the standard ``sh:ValidationReport`` graph (written
as ``validation.ttl``) and one :class:`Result` per validation result, with a readable label
for the focus node and the source paragraph when there is one.

Three paths give the same report (the same results graph, up to blank node names):

* :func:`validate`, the one the pipeline uses: kgbuild's SHACL engine (kgbuild/shacl). The
  shapes are compiled into SPARQL queries that Oxigraph runs over the build's store
  directly (the union of its asserted graphs and the ontology), all focus nodes at once;
  an rdflib graph is loaded into a store of its own first. Shapes the engine does not
  support fall back to :func:`validate_pyshacl` (logged at INFO with the reason).
* :func:`validate_pyshacl`: pySHACL over a copy of the triples the shapes can reach, its
  SPARQL answered by an Oxigraph mirror (kgbuild/shacl/pyshacl_path.py).
* :func:`validate_naive`: pySHACL over the whole graph, the plain way (the reference).
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from . import resources, shacl
from .errors import MappingError, UnsupportedShapes
from .iri import PREFIXES, PROV, UPR
from .shacl import pyshacl_path
from .terms import to_ox

log = logging.getLogger(__name__)

SEVERITIES: tuple[str, ...] = ("Violation", "Warning", "Info")
"""Severity names in report order (the local names of sh:Violation, sh:Warning, sh:Info)."""

_SHAPES_NS = "https://w3id.org/upr-kg/shapes/"
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


def validate(data: Any, *, shapes: Graph | None = None, ontology: Graph | None = None) -> Report:
    """Validate ``data`` (an rdflib Graph or Dataset, or a kgbuild.dataset.StoreView) against
    ``shapes`` (default: :func:`load_shapes`) with kgbuild's SHACL engine. Does not modify
    ``data``.

    ``ontology``, when given, is validated together with the data (its class hierarchy and
    individuals: ``upr:Noted a upr:Position``). A StoreView whose context graphs hold it
    (kgbuild.dataset.BuildStore.asserted()) is validated where it is; otherwise the data and
    the ontology are loaded into a fresh Oxigraph store.

    Gives the results of :func:`validate_naive`; falls back to :func:`validate_pyshacl` for
    shapes the engine does not support, and to :func:`validate_naive` for data Oxigraph
    cannot hold (an IRI with a space).
    """
    shapes = load_shapes() if shapes is None else shapes
    try:
        checks = shacl.compile_shapes(shapes)
    except UnsupportedShapes as exc:
        log.info("validating with pySHACL (the shapes use what kgbuild's engine does not support): %s", exc)
        return validate_pyshacl(data, shapes=shapes, ontology=ontology)
    try:
        store, default_graph, restore = _dataset(data, ontology)
        results_graph = shacl.run(checks, shapes, store, default_graph, restore)
    except UnsupportedShapes as exc:
        log.info("validating with pySHACL (the data needs what kgbuild's engine does not support): %s", exc)
        return validate_pyshacl(data, shapes=shapes, ontology=ontology)
    except ValueError as exc:
        # Oxigraph refuses terms rdflib accepts (an IRI with a space, a malformed language
        # tag); pySHACL can still validate such a graph the plain way.
        log.info("validating with pySHACL over the whole graph (Oxigraph cannot hold the data): %s", exc)
        return validate_naive(data, shapes=shapes, ontology=ontology)
    return _report(results_graph, data, shapes)


def _dataset(data: Any, ontology: Graph | None) -> tuple[ox.Store, list[Any] | None, dict[Any, Node]]:
    """The store and default graph to validate: a StoreView's own graphs (with its context
    graphs when they hold the ontology), or a fresh store with the data and the ontology
    (kgbuild.shacl.load)."""
    if hasattr(data, "store") and hasattr(data, "graphs"):
        if ontology is None:
            return data.store, list(data.graphs), {}
        if data.context and _holds(data.store, data.context, ontology):
            return data.store, [*data.graphs, *data.context], {}
    store, restore = shacl.load(pyshacl_path._triples(data, ontology))
    return store, None, restore


def _holds(store: ox.Store, graphs: list[Any], ontology: Graph) -> bool:
    """Whether the union of ``graphs`` is ``ontology`` (same size, and every triple of it there)."""
    size = sum(1 for g in graphs for _ in store.quads_for_pattern(None, None, None, g))
    if size != len(ontology):
        return False
    return all(any(True for g in graphs for _ in store.quads_for_pattern(*(to_ox(t) for t in triple), g)) for triple in ontology)


def validate_pyshacl(data: Any, *, shapes: Graph | None = None, ontology: Graph | None = None) -> Report:
    """Validate with pySHACL over the triples the shapes can reach (kgbuild/shacl/pyshacl_path.py),
    the pipeline's path before kgbuild's engine and its fallback."""
    shapes = load_shapes() if shapes is None else shapes
    try:
        results_graph = pyshacl_path.run_on_copy(data, shapes, ontology)
    except ValueError as exc:
        log.info("validating without the Oxigraph mirror: %s", exc)
        return validate_naive(data, shapes=shapes, ontology=ontology)
    return _report(results_graph, data, shapes)


def validate_naive(data: Any, *, shapes: Graph | None = None, ontology: Graph | None = None) -> Report:
    """Validate by handing pySHACL the whole graph (plus the ontology's triples), the plain way."""
    shapes = load_shapes() if shapes is None else shapes
    return _report(pyshacl_path.run_naive(data, shapes, ontology), data, shapes)


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
    "validate_pyshacl",
    "validate_naive",
    "results_as_tuples",
]
