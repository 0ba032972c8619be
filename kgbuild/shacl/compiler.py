"""Stage 6, validate: the compiler of kgbuild's SHACL engine, shapes graph -> list of checks.

Each check is one (shape, constraint component) pair that :mod:`kgbuild.shacl.engine` runs
as one SPARQL SELECT over all the focus nodes of the shape at once. The compiler reads the
shapes the way pySHACL 0.40 does (``pyshacl/shapes_graph.py``, ``shape.py``), so that the
engine finds the results pySHACL finds, and supports exactly what shapes/ uses:

* shapes (SHACL 2.1): sh:NodeShape and sh:PropertyShape instances and the shapes implied by
  targets and shape-expecting parameters; sh:severity (2.1.4), sh:message (2.1.5),
  sh:deactivated (2.1.6); property shapes with a predicate path (2.3.1.1);
* targets (2.1.3): sh:targetNode, sh:targetClass with SHACL instance semantics
  (rdf:type/rdfs:subClassOf*), implicit class targets, sh:targetSubjectsOf,
  sh:targetObjectsOf, and SHACL-AF SPARQL-based targets (SHACL-AF 5.1, sh:SPARQLTarget);
* core constraints (4): sh:class, sh:datatype, sh:nodeKind, sh:minCount, sh:maxCount,
  sh:minInclusive, sh:maxInclusive, sh:minLength, sh:pattern (+ sh:flags), sh:languageIn,
  sh:uniqueLang, sh:lessThan, sh:or, sh:property (from node shapes),
  sh:qualifiedValueShape with sh:qualifiedMinCount, sh:in;
* SPARQL-based constraints (5.1-5.3): sh:sparql with sh:select, sh:prefixes/sh:declare
  (5.2.1), sh:message templates, sh:deactivated.

Anything else (another parameter, a complex path, SHACL rules or functions, a core
constraint without sh:message, whose wording pySHACL would generate, a shape pySHACL would
refuse to load) raises :class:`~kgbuild.errors.UnsupportedShapes`: validation then runs
pySHACL itself, so a shapes graph the engine does not understand is never mis-validated.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox
from pyshacl.errors import ValidationFailure
from pyshacl.helper.sparql_query_helper import SPARQLQueryHelper
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD
from rdflib.term import Node

from ..errors import UnsupportedShapes
from . import values
from .values import ValueTest

ALLOWED = frozenset({SH.Warning, SH.Info})
"""Severities that do not make a report non-conforming (kgbuild validates with warnings and infos allowed)."""

_CORE = ("class", "datatype", "nodeKind", "minCount", "maxCount", "minExclusive", "minInclusive", "maxExclusive",
         "maxInclusive", "not", "and", "or", "xone", "minLength", "maxLength", "pattern", "languageIn", "uniqueLang",
         "equals", "disjoint", "lessThan", "lessThanOrEquals", "node", "property", "qualifiedValueShape",
         "qualifiedMinCount", "qualifiedMaxCount", "qualifiedValueShapesDisjoint", "closed", "ignoredProperties",
         "hasValue", "in", "sparql", "expression", "js")
PARAMETERS = frozenset(SH[name] for name in _CORE)
"""Every constraint parameter pySHACL acts on (SHACL 4, 5; SHACL-AF expressions, SHACL-JS)."""
_VALUE_PARAMETERS = frozenset(SH[n] for n in ("datatype", "nodeKind", "in", "pattern", "minLength", "minInclusive",
                                              "maxInclusive", "languageIn", "or"))
_SUPPORTED = _VALUE_PARAMETERS | {SH["class"], SH.minCount, SH.maxCount, SH.uniqueLang, SH.lessThan, SH.property,
                                  SH.qualifiedValueShape, SH.qualifiedMinCount, SH.sparql}
_UNSUPPORTED_TERMS = (SH.rule, SH.parameter, SH.Function, SH.SPARQLFunction, SH.TargetType, SH.SPARQLTargetType,
                      SH.JSTarget, SH.JSFunction, SH.ConstraintComponent, SH.shapesGraph)
_TARGETS = (SH.targetClass, SH.targetNode, SH.targetObjectsOf, SH.targetSubjectsOf)


# --- the plan -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Focus:
    """How a shape finds its focus nodes (the union of its targets)."""

    nodes: tuple[Node, ...] = ()
    classes: tuple[Node, ...] = ()
    subjects_of: tuple[Node, ...] = ()
    objects_of: tuple[Node, ...] = ()
    queries: tuple[str, ...] = ()
    """SPARQL-based targets: SELECT queries (with their PREFIX declarations) binding ?this."""


@dataclass(frozen=True)
class Source:
    """What every result of a check carries, and whether it counts against conformance."""

    shape: Node
    severity: Node
    messages: tuple[Node, ...]
    path: URIRef | None
    counts: bool
    """True when a result makes the report non-conforming: neither its severity nor the
    severity of the top-level shape it was found under is sh:Warning or sh:Info (pySHACL
    lets a shape of an allowed severity conform whatever its nested shapes report)."""


@dataclass(frozen=True)
class ValueCheck:
    """A value-node condition (sh:datatype, sh:pattern, sh:in, sh:or, ...): a result per failing value."""

    source: Source
    focus: Focus
    component: URIRef
    test: ValueTest


@dataclass(frozen=True)
class ClassCheck:
    """sh:class (4.1.1): a result per value that is not a SHACL instance of the class."""

    source: Source
    focus: Focus
    cls: Node


@dataclass(frozen=True)
class CountCheck:
    """sh:minCount / sh:maxCount (4.2.1, 4.2.2): a result per focus node, without a value."""

    source: Source
    focus: Focus
    component: URIRef
    minimum: int | None = None
    maximum: int | None = None


@dataclass(frozen=True)
class UniqueLangCheck:
    """sh:uniqueLang (4.4.5): a result per focus node and language used twice, without a value."""

    source: Source
    focus: Focus


@dataclass(frozen=True)
class LessThanCheck:
    """sh:lessThan (4.5.3): a result per (value, value of ``other``) pair that is not ordered."""

    source: Source
    focus: Focus
    other: URIRef


@dataclass(frozen=True)
class QualifiedCheck:
    """sh:qualifiedValueShape + sh:qualifiedMinCount (4.7.3): a result per focus node with
    fewer than ``minimum`` values that conform to the value shape."""

    source: Source
    focus: Focus
    test: ValueTest
    minimum: int


@dataclass(frozen=True)
class SparqlCheck:
    """A SPARQL-based constraint (5): the query runs once per focus node, ``$this`` pre-bound."""

    source: Source
    focus: Focus
    constraint: Node
    query: str
    messages: tuple[Node, ...]
    bind_this: bool


Check = ValueCheck | ClassCheck | CountCheck | UniqueLangCheck | LessThanCheck | QualifiedCheck | SparqlCheck


# --- compiling ------------------------------------------------------------------------------


def compile_shapes(shapes: Graph) -> list[Check]:
    """The checks of every shape of ``shapes`` that has targets (and of the property shapes
    its node shapes link with sh:property). Raises UnsupportedShapes (see module docstring)."""
    for term in _UNSUPPORTED_TERMS:
        if (None, term, None) in shapes or (None, None, term) in shapes:
            raise UnsupportedShapes(f"the shapes use {term.n3(shapes.namespace_manager)}")
    compiler = _Compiler(shapes)
    checks: list[Check] = []
    for shape in sorted(compiler.paths, key=str):
        focus = compiler.focus(shape)
        if focus is None or compiler.deactivated(shape):
            continue
        checks.extend(compiler.checks(shape, focus, top=compiler.severity(shape)))
    return checks


class _Compiler:
    def __init__(self, shapes: Graph):
        self.g = shapes
        self.paths = self._harvest()

    # -- which nodes are shapes (pyshacl/shapes_graph.py, _build_node_shape_cache) --------

    def _harvest(self) -> dict[Node, Node | None]:
        g = self.g
        node_shapes = set(g.subjects(RDF.type, SH.NodeShape))
        property_shapes = set(g.subjects(RDF.type, SH.PropertyShape))
        paths: dict[Node, Node | None] = {}
        for s in node_shapes:
            if (s, SH.path, None) in g or s in property_shapes:
                raise UnsupportedShapes(f"node shape {s} has a sh:path or is also a property shape")
            paths[s] = None
        for s in property_shapes:
            paths[s] = self._one(s, SH.path, required=True)
        implied = {s for p in (*_TARGETS, SH.property, SH.node) for s in g.subjects(p, None)}
        implied |= {o for p in (SH.property, SH.node, SH["not"], SH.qualifiedValueShape) for o in g.objects(None, p)}
        for p in (SH["and"], SH["or"], SH.xone):
            for lst in g.objects(None, p):
                implied.update(g.items(lst))
        for s in implied - set(paths):
            paths[s] = self._one(s, SH.path)
        return paths

    def _one(self, node: Node, predicate: URIRef, *, required: bool = False) -> Node | None:
        found = set(self.g.objects(node, predicate))
        if len(found) > 1 or (required and not found):
            raise UnsupportedShapes(f"{node} needs {'exactly' if required else 'at most'} one {predicate}")
        return next(iter(found), None)

    def deactivated(self, shape: Node) -> bool:
        value = self._one(shape, SH.deactivated)
        if value is None:
            return False
        if not isinstance(value, Literal):
            raise UnsupportedShapes(f"sh:deactivated of {shape} is not a literal")
        return bool(value.value)

    def severity(self, shape: Node) -> Node:
        return self._one(shape, SH.severity) or SH.Violation

    # -- targets (shape.py, Shape.focus_nodes; SHACL 2.1.3, SHACL-AF 5.1) ------------------

    def focus(self, shape: Node) -> Focus | None:
        g = self.g
        nodes = tuple(sorted(g.objects(shape, SH.targetNode), key=str))
        classes = set(g.objects(shape, SH.targetClass))
        class_types = {RDFS.Class, *g.subjects(RDFS.subClassOf, RDFS.Class)}
        if any(t in class_types for t in g.objects(shape, RDF.type)):
            classes.add(shape)  # an implicit class target (2.1.3.3)
        queries = tuple(self._sparql_target(t) for t in sorted(g.objects(shape, SH.target), key=str))
        focus = Focus(
            nodes, tuple(sorted(classes, key=str)), tuple(sorted(g.objects(shape, SH.targetSubjectsOf), key=str)),
            tuple(sorted(g.objects(shape, SH.targetObjectsOf), key=str)), queries,
        )
        for term in (*focus.nodes, *focus.classes, *focus.subjects_of, *focus.objects_of):
            values.sparql_term(term)  # a blank node or an unwritable IRI raises here
        return focus if focus != Focus() else None

    def _sparql_target(self, target: Node) -> str:
        selects = list(self.g.objects(target, SH.select))
        if len(selects) != 1 or (target, SH.ask, None) in self.g:
            raise UnsupportedShapes(f"target {target} is not a SPARQL target with one sh:select")
        return _prologue(self._prefixes(target)) + str(selects[0])

    def _prefixes(self, node: Node) -> dict[str, str]:
        """pyshacl/helper/sparql_query_helper.py, collect_prefixes (SHACL 5.2.1)."""
        g = self.g
        prefixes = {"rdf": str(RDF), "rdfs": str(RDFS), "owl": str(OWL)}
        ontologies = set(g.subjects(RDF.type, OWL.Ontology))
        graph_declares = set(g.objects(g.identifier, SH.declare))
        global_declares = graph_declares.union(*(set(g.objects(o, SH.declare)) for o in ontologies))
        declared: dict[str, str] = {}
        for holder in g.objects(node, SH.prefixes):
            own = set(g.objects(holder, SH.declare))
            for declaration in (own | graph_declares) if own and holder in ontologies else (global_declares | own):
                prefix, namespace = self._one(declaration, SH.prefix, required=True), self._one(declaration, SH.namespace, required=True)
                if not isinstance(prefix, Literal) or not isinstance(namespace, Literal) or not isinstance(prefix.value, str):
                    raise UnsupportedShapes(f"sh:declare {declaration} is not a prefix and a namespace literal")
                if declared.setdefault(str(prefix.value), str(namespace.value)) != str(namespace.value):
                    raise UnsupportedShapes(f"prefix {prefix} is declared with two namespaces")
        prefixes.update(declared)
        return prefixes

    # -- constraints (constraints/core/*.py, constraints/sparql/*.py) ----------------------

    def checks(self, shape: Node, focus: Focus, *, top: Node) -> Iterable[Check]:
        g = self.g
        path = self.paths.get(shape)
        if path is not None and not isinstance(path, URIRef):
            raise UnsupportedShapes(f"shape {shape} has a path that is not a predicate (SHACL 2.3.1.1)")
        parameters = {p for p in g.predicates(shape, None) if p in PARAMETERS}
        if parameters - _SUPPORTED:
            raise UnsupportedShapes(f"shape {shape} uses {', '.join(sorted(map(str, parameters - _SUPPORTED)))}")
        severity = self.severity(shape)
        messages = tuple(sorted(g.objects(shape, SH.message), key=str))
        source = Source(shape, severity, messages, path, top not in ALLOWED and severity not in ALLOWED)
        core = parameters - {SH.sparql, SH.property}
        if core and not messages:
            raise UnsupportedShapes(f"shape {shape} has no sh:message (pySHACL would word its results)")
        per_property = {SH.minCount, SH.maxCount, SH.uniqueLang, SH.lessThan, SH.qualifiedValueShape, SH.qualifiedMinCount}
        if path is None and parameters & per_property:
            raise UnsupportedShapes(f"node shape {shape} uses a property-shape parameter")
        for component, test in self.value_tests(shape, parameters):
            yield ValueCheck(source, focus, component, test)
        for cls in sorted(g.objects(shape, SH["class"]), key=str):
            values.sparql_term(cls)
            yield ClassCheck(source, focus, cls)
        minimum, maximum = self._count(shape, SH.minCount), self._count(shape, SH.maxCount)
        if minimum:
            yield CountCheck(source, focus, SH.MinCountConstraintComponent, minimum=minimum)
        if maximum is not None:
            yield CountCheck(source, focus, SH.MaxCountConstraintComponent, maximum=maximum)
        if SH.uniqueLang in parameters:
            flag = self._one(shape, SH.uniqueLang)
            if not (isinstance(flag, Literal) and flag.value is True):
                raise UnsupportedShapes(f"sh:uniqueLang of {shape} is not true")
            yield UniqueLangCheck(source, focus)
        for other in sorted(g.objects(shape, SH.lessThan), key=str):
            if not isinstance(other, URIRef):
                raise UnsupportedShapes(f"sh:lessThan of {shape} is not an IRI")
            values.sparql_term(other)
            yield LessThanCheck(source, focus, other)
        if parameters & {SH.qualifiedValueShape, SH.qualifiedMinCount}:
            yield from self._qualified(shape, source, focus)
        if SH.sparql in parameters:
            yield from self._sparql(shape, source, focus)
        for nested in sorted(g.objects(shape, SH.property), key=str):
            if path is not None or self.paths.get(nested) is None:
                raise UnsupportedShapes(f"sh:property {nested} of {shape}: only property shapes of node shapes are supported")
            if not self.deactivated(nested):
                yield from self.checks(nested, focus, top=top)

    def value_tests(self, shape: Node, parameters: set[Node]) -> list[tuple[URIRef, ValueTest]]:
        """The value-node tests of ``shape``, with their constraint components."""
        g = self.g
        tests: list[tuple[URIRef, ValueTest]] = []
        if SH.datatype in parameters:
            tests.append((SH.DatatypeConstraintComponent, values.datatype(self._one(shape, SH.datatype))))  # type: ignore[arg-type]
        if SH.nodeKind in parameters:
            tests.append((SH.NodeKindConstraintComponent, values.node_kind(self._one(shape, SH.nodeKind))))  # type: ignore[arg-type]
        if SH["in"] in parameters:
            tests.append((SH.InConstraintComponent, values.one_of(list(g.items(self._one(shape, SH["in"]))))))  # type: ignore[arg-type]
        flags = self._one(shape, SH.flags)
        for regex in sorted(g.objects(shape, SH.pattern), key=str):
            if not isinstance(regex, Literal) or (flags is not None and not isinstance(flags, Literal)):
                raise UnsupportedShapes(f"sh:pattern or sh:flags of {shape} is not a literal")
            tests.append((SH.PatternConstraintComponent, values.pattern(regex, flags)))
        if SH.minLength in parameters:
            n = self._one(shape, SH.minLength)
            if not (isinstance(n, Literal) and isinstance(n.value, int) and not isinstance(n.value, bool) and n.value >= 0):
                raise UnsupportedShapes(f"sh:minLength of {shape} is not a non-negative integer")
            tests.append((SH.MinLengthConstraintComponent, values.min_length(n.value)))
        for parameter, component, minimum in ((SH.minInclusive, SH.MinInclusiveConstraintComponent, True),
                                              (SH.maxInclusive, SH.MaxInclusiveConstraintComponent, False)):
            for bound in sorted(g.objects(shape, parameter), key=str):
                if not isinstance(bound, Literal):
                    raise UnsupportedShapes(f"{parameter} of {shape} is not a literal")
                tests.append((component, values.value_range(bound, minimum=minimum, inclusive=True)))
        if SH.languageIn in parameters:
            tags = list(g.items(self._one(shape, SH.languageIn)))  # type: ignore[arg-type]
            if not all(isinstance(t, Literal) and isinstance(t.value, str) for t in tags):
                raise UnsupportedShapes(f"sh:languageIn of {shape} is not a list of strings")
            tests.append((SH.LanguageInConstraintComponent, values.language_in(tags)))  # type: ignore[arg-type]
        for members in sorted(g.objects(shape, SH["or"]), key=str):
            branches = list(set(g.items(members)))
            if not branches:
                raise UnsupportedShapes(f"sh:or of {shape} is not a list of shapes")
            tests.append((SH.OrConstraintComponent, values.any_branch([self._branch(b) for b in branches])))
        return tests

    def _branch(self, shape: Node) -> list[ValueTest] | None:
        """The tests a value must pass to conform to ``shape`` as a whole (an sh:or member or
        a qualified value shape); None when it always conforms (deactivated, or of an
        allowed severity)."""
        if shape not in self.paths or self.paths[shape] is not None:
            raise UnsupportedShapes(f"{shape} (in sh:or or sh:qualifiedValueShape) is not a node shape")
        if self.deactivated(shape) or self.severity(shape) in ALLOWED:
            return None
        parameters = {p for p in self.g.predicates(shape, None) if p in PARAMETERS}
        if parameters - _VALUE_PARAMETERS:
            raise UnsupportedShapes(f"{shape} (in sh:or or sh:qualifiedValueShape) has constraints on more than its value")
        return [test for _, test in self.value_tests(shape, parameters)]

    def _count(self, shape: Node, parameter: URIRef) -> int | None:
        value = self._one(shape, parameter)
        if value is None:
            return None
        if not (isinstance(value, Literal) and value.datatype == XSD.integer and isinstance(value.value, int) and value.value >= 0):
            raise UnsupportedShapes(f"{parameter} of {shape} is not a non-negative xsd:integer")
        return value.value

    def _qualified(self, shape: Node, source: Source, focus: Focus) -> Iterable[Check]:
        g = self.g
        if (shape, SH.qualifiedMaxCount, None) in g or (shape, SH.qualifiedValueShapesDisjoint, None) in g:
            raise UnsupportedShapes(f"{shape}: only sh:qualifiedMinCount is supported")
        minimum = self._one(shape, SH.qualifiedMinCount)
        if not (isinstance(minimum, Literal) and isinstance(minimum.value, int) and not isinstance(minimum.value, bool)):
            raise UnsupportedShapes(f"sh:qualifiedMinCount of {shape} is missing or not an integer")
        for value_shape in sorted(g.objects(shape, SH.qualifiedValueShape), key=str):
            branch = self._branch(value_shape)
            test = values.all_of(branch) if branch is not None else values.ValueTest(lambda v: "true", lambda v: True)
            if minimum.value > 0:
                yield QualifiedCheck(source, focus, test, minimum.value)

    def _sparql(self, shape: Node, source: Source, focus: Focus) -> Iterable[Check]:
        """SHACL 5.1-5.3, as pyshacl/constraints/sparql/sparql_based_constraints.py runs them."""
        g = self.g
        for constraint in sorted(g.objects(shape, SH.sparql), key=str):
            select = self._one(constraint, SH.select, required=True)
            if not (isinstance(select, Literal) and isinstance(select.value, str)):
                raise UnsupportedShapes(f"sh:select of {constraint} is not a string")
            messages = tuple(sorted(g.objects(constraint, SH.message), key=str))
            if not all(isinstance(m, Literal) and isinstance(m.value, str) for m in messages):
                raise UnsupportedShapes(f"sh:message of {constraint} is not a string")
            if not messages and not source.messages:
                raise UnsupportedShapes(f"{constraint} has no sh:message")
            if self.deactivated(constraint):
                continue
            text = str(select.value)
            helper = SPARQLQueryHelper(None, constraint, text)
            try:
                helper.check_invalid_sparql(text)
            except ValidationFailure as exc:
                raise UnsupportedShapes(f"{constraint}: {exc}") from exc
            if helper.bind_cs_regex.search(text) or helper.bind_sg_regex.search(text):
                raise UnsupportedShapes(f"{constraint} uses $currentShape or $shapesGraph")
            if helper.bind_path_regex.search(text):
                if source.path is None:
                    raise UnsupportedShapes(f"{constraint} uses $PATH on a node shape")
                text = helper.bind_path_regex.sub(r"\g<1>" + values.sparql_term(source.path).replace("\\", "\\\\"), text)
            query = _prologue(self._prefixes(constraint)) + text
            bind_this = helper.bind_this_regex.search(text) is not None
            if bind_this and "this" not in _projection(query):
                # Oxigraph pre-binds only projected variables (rdflib binds any).
                raise UnsupportedShapes(f"{constraint} does not select $this")
            yield SparqlCheck(source, focus, constraint, query, messages, bind_this)


def _prologue(prefixes: dict[str, str]) -> str:
    """pySHACL's apply_prefixes: a PREFIX line per prefix, then an empty line."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in prefixes.items()) + "\n"


def _projection(query: str) -> list[str]:
    """The variables a SELECT query projects (Oxigraph parses it over an empty store); a query
    that does not parse or is not a SELECT is for the engine to report when it runs it."""
    try:
        solutions = ox.Store().query(query)
    except (SyntaxError, ValueError, RuntimeError):
        return ["this"]
    return [v.value for v in solutions.variables] if isinstance(solutions, ox.QuerySolutions) else ["this"]
