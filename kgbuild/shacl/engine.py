"""Stage 6, validate: kgbuild's SHACL engine, checks -> findings, as SPARQL inside Oxigraph.

Runs the checks of :mod:`kgbuild.shacl.compiler` over an Oxigraph store: the default graph
of a store of its own (data given as an rdflib graph, :func:`load`), or the union of some
named graphs of the build's store, read where they are (as the union of all the store's
graphs when it holds nothing else; Oxigraph answers ``default_graph=[...]`` graph by graph).

* A core check is one SELECT over all the focus nodes of its shape (SHACL 2.1.3: the focus
  nodes are a subquery, the union of the shape's targets). It returns candidates: what
  SPARQL cannot prove conforming (kgbuild/shacl/values.py). Python then decides each
  candidate as pySHACL does, on the rdflib form of the terms. Counts use DISTINCT: a triple
  held by two graphs of the union is matched twice.
* A SPARQL-based check (SHACL 5.3) runs its query once per focus node with ``$this``
  pre-bound (Oxigraph substitutions, the pre-binding of SHACL 5.3.1), as pySHACL does:
  a query with aggregates or sub-selects does not mean the same with ``$this`` unbound. The
  queries of one check run two at a time; a sub-SELECT that does not mention ``$this`` is
  evaluated once and its solutions passed as a VALUES block. A query that counts or sums
  sees each triple once (kgbuild/shacl/multiset.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from ..dataset import FEW_GRAPHS
from ..errors import MappingError, UnsupportedShapes
from ..terms import from_ox, to_ox
from .compiler import (Check, ClassCheck, CountCheck, Focus, LessThanCheck, QualifiedCheck, Source, SparqlCheck,
                       UniqueLangCheck, ValueCheck)
from .multiset import SetSemantics
from .values import _typed_non_string, sparql_term, sparql_string

_INTEGER = sparql_string("^[+-]?[0-9]+$")
_XSD_INTEGER = "<http://www.w3.org/2001/XMLSchema#integer>"


@dataclass
class Finding:
    """One validation result, before it is written as a sh:ValidationResult."""

    source: Source
    component: URIRef
    focus: Node
    value: Node | None = None
    path: Node | None = None
    """The result path; None: the path of the source shape (if it is a property shape)."""
    constraint: Node | None = None
    """The SPARQL-based constraint (sh:sourceConstraint)."""
    bound: Any = None
    """What the message templates of a SPARQL-based result are filled with (pySHACL's bound_vars)."""
    messages: tuple[Node, ...] = field(default_factory=tuple)
    """The messages of the SPARQL-based constraint (besides the shape's own)."""


def load(triples: Iterable[tuple[Node, Node, Node]]) -> tuple[ox.Store, dict[Any, Node]]:
    """A fresh store holding ``triples`` (rdflib terms), and what Oxigraph made of the
    literals it rewrites when it stores them (``"1.0"^^xsd:decimal`` comes back as ``"1"``):
    the engine reports the terms as rdflib has them. Two literals Oxigraph stores as one
    (``"1.0"`` and ``"1.00"``) would be counted as one: UnsupportedShapes. Raises ValueError
    when Oxigraph refuses a term (an IRI with a space)."""
    store = ox.Store()
    quads, literals = [], set()
    for s, p, o in triples:
        quads.append(ox.Quad(to_ox(s), to_ox(p), to_ox(o)))
        if isinstance(o, Literal) and o.datatype is not None:
            literals.add(o)
    store.extend(quads)
    if not literals:
        return store, {}
    scratch, marker, originals = ox.Store(), ox.NamedNode("urn:kgbuild:literal"), sorted(literals, key=repr)
    scratch.extend(ox.Quad(ox.NamedNode(f"urn:kgbuild:literal:{i}"), marker, to_ox(lit)) for i, lit in enumerate(originals))
    restore: dict[Any, Node] = {}
    for quad in scratch.quads_for_pattern(None, marker, None):
        original = originals[int(quad.subject.value.rsplit(":", 1)[1])]
        if restore.setdefault(quad.object, original) != original:
            raise UnsupportedShapes(f"Oxigraph stores {original!r} and {restore[quad.object]!r} as one literal")
    return store, {k: v for k, v in restore.items() if from_ox(k) != v}


_THREADS = 2
"""Per-focus SHACL-SPARQL queries run at once (pyoxigraph releases the GIL while it evaluates)."""



class Engine:
    """Runs checks over one dataset of an Oxigraph store: its default graph (``graphs`` None)
    or the union of named graphs ``graphs``, read as the union of all the store's graphs when
    the store holds nothing else, or copied into a store of its own when there are many."""

    def __init__(self, store: ox.Store, graphs: list[Any] | None = None, restore: dict[Any, Node] | None = None):
        self.store = store
        self.restore = restore or {}
        self.options: dict[str, Any] = {}
        self.sets: SetSemantics | None = None
        self._focus_nodes: dict[Focus, list[Node]] = {}
        if graphs is None:
            return
        named = set(store.named_graphs())
        default_empty = next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is None
        if named <= set(graphs) and default_empty:  # a graph of ``graphs`` the store lacks is empty
            self.options = {"use_default_graph_as_union": True}
        elif len(graphs) <= FEW_GRAPHS:
            self.options = {"default_graph": list(graphs)}
        else:
            self.store = ox.Store()
            self.store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object) for g in graphs for q in store.quads_for_pattern(None, None, None, g))
            return
        if len(graphs) > 1:
            self.sets = SetSemantics(store, graphs, self.options)

    def term(self, term: Any) -> Node:
        """An Oxigraph term of the dataset as rdflib has it."""
        return self.restore.get(term) or from_ox(term)

    # -- querying ---------------------------------------------------------------------------

    def select(self, query: str, substitutions: dict[str, Node] | None = None, *, as_set: str | None = None) -> Any:
        """Solutions of a SELECT over the dataset (``as_set``: a query of the shapes, that
        ``query`` runs, and that may need to see each triple once: kgbuild/shacl/multiset.py);
        a query of the shapes that does not parse is a MappingError, as on the pySHACL path."""
        store, options = self.sets.dataset(as_set) if as_set is not None and self.sets is not None else (self.store, self.options)
        options = dict(options)
        if substitutions:
            options["substitutions"] = {ox.Variable(k): to_ox(v) for k, v in substitutions.items()}
        try:
            solutions = store.query(query, **options)
        except SyntaxError as exc:
            raise MappingError(f"a SPARQL query of the shapes does not parse: {exc}", path="shapes/") from exc
        if not isinstance(solutions, ox.QuerySolutions):
            raise MappingError("a SHACL-SPARQL query of the shapes is not a SELECT query", path="shapes/")
        return solutions

    def rows(self, query: str, *names: str) -> list[tuple[Node | None, ...]]:
        """Rows of ``names`` in rdflib terms, each row once (rdflib may read two Oxigraph terms as one)."""
        out = dict.fromkeys(
            tuple(None if s[n] is None else self.term(s[n]) for n in names) for s in self.select(query)
        )
        return list(out)

    def values(self, focus: Node, path: URIRef) -> set[Node]:
        """The value nodes of ``focus`` for a predicate path, as rdflib has them (a set)."""
        return {self.term(s["v"]) for s in self.select(f"SELECT DISTINCT ?this ?v WHERE {{ $this {sparql_term(path)} ?v }}", {"this": focus})}

    def describe(self, node: BNode) -> list[tuple[Node, Node, Node]]:
        """The triples of a blank node and of the blank nodes it leads to (for copying a
        blank focus node or value into the report, as pySHACL does)."""
        triples, todo, seen = [], [node], {node}
        while todo and len(seen) < 1000:
            subject = todo.pop()
            for p, o in self.rows_for(subject):
                triples.append((subject, p, o))
                if isinstance(o, BNode) and o not in seen:
                    seen.add(o)
                    todo.append(o)
        return triples

    def rows_for(self, subject: Node) -> list[tuple[Node, Node]]:
        solutions = self.select("SELECT DISTINCT ?s ?p ?o WHERE { $s ?p ?o }", {"s": subject})
        return [(self.term(s["p"]), self.term(s["o"])) for s in solutions]

    def focus(self, focus: Focus) -> tuple[str, str]:
        """:func:`focus_pattern`, for SPARQL targets that the union does not change."""
        for target in focus.queries:
            if self.sets is not None and self.sets.dataset(target)[0] is not self.store:
                raise UnsupportedShapes("a SPARQL target counts triples that two graphs of the union hold")
        return focus_pattern(focus)

    # -- running ---------------------------------------------------------------------------

    def run(self, checks: Iterable[Check]) -> list[Finding]:
        findings: list[Finding] = []
        for check in checks:
            findings.extend(self.run_one(check))
        return findings

    def run_one(self, check: Check) -> list[Finding]:
        runner = {
            ValueCheck: self._value, ClassCheck: self._class, CountCheck: self._count, UniqueLangCheck: self._unique_lang,
            LessThanCheck: self._less_than, QualifiedCheck: self._qualified, SparqlCheck: self._sparql,
        }[type(check)]
        return runner(check)  # type: ignore[operator]

    def _value_rows(self, focus: Focus, path: URIRef | None, ok: str) -> list[tuple[Node, Node]]:
        """(focus node, value node) pairs where ``ok`` (over ?v) is not surely true."""
        prologue, pattern = self.focus(focus)
        if path is None:
            rows = self.rows(f"{prologue}SELECT DISTINCT ?this WHERE {{ {pattern} BIND (?this AS ?v) FILTER (!COALESCE({ok}, false)) }}", "this")
            return [(f, f) for (f,) in rows]  # type: ignore[misc]
        query = f"{prologue}SELECT DISTINCT ?this ?v WHERE {{ {pattern} ?this {sparql_term(path)} ?v . FILTER (!COALESCE({ok}, false)) }}"
        return self.rows(query, "this", "v")  # type: ignore[return-value]

    def _value(self, check: ValueCheck) -> list[Finding]:
        """SHACL 4.1.2, 4.1.3, 4.3.3-4, 4.4.1, 4.4.3-4, 4.6.3, 4.8.3."""
        test = check.test
        ok = test.sparql("?v") if test.sparql is not None else "false"
        return [
            Finding(check.source, check.component, f, v)
            for f, v in self._value_rows(check.focus, check.source.path, ok)
            if not test.python(v)
        ]

    def _class(self, check: ClassCheck) -> list[Finding]:
        """SHACL 4.1.1: some rdf:type of the value is the class or a subclass of it (in the data)."""
        ok = f"EXISTS {{ ?v <{RDF.type}>/<{RDFS.subClassOf}>* {sparql_term(check.cls)} }}"
        return [Finding(check.source, SH.ClassConstraintComponent, f, v) for f, v in self._value_rows(check.focus, check.source.path, ok)]

    def _count(self, check: CountCheck) -> list[Finding]:
        """SHACL 4.2.1, 4.2.2: value nodes counted as a set of rdflib terms."""
        prologue, pattern = self.focus(check.focus)
        path = sparql_term(check.source.path)  # type: ignore[arg-type]
        if check.maximum is not None:
            query = (f"{prologue}SELECT ?this WHERE {{ {pattern} ?this {path} ?v }} "
                     f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v) > {check.maximum})")
            exact = lambda n: n > check.maximum  # noqa: E731
        elif check.minimum == 1:
            query = f"{prologue}SELECT DISTINCT ?this WHERE {{ {pattern} FILTER NOT EXISTS {{ ?this {path} ?v }} }}"
            return [Finding(check.source, check.component, f) for (f,) in self.rows(query, "this")]  # type: ignore[misc]
        else:
            query = (f"{prologue}SELECT ?this WHERE {{ {pattern} OPTIONAL {{ ?this {path} ?v }} "
                     f"OPTIONAL {{ ?this {path} ?w FILTER {_typed_non_string('?w')} }} }} "
                     f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v) < {check.minimum} || COUNT(?w) > 0)")
            exact = lambda n: n < check.minimum  # noqa: E731
        return [
            Finding(check.source, check.component, f)
            for (f,) in self.rows(query, "this")
            if exact(len(self.values(f, check.source.path)))  # type: ignore[arg-type]
        ]

    def _unique_lang(self, check: UniqueLangCheck) -> list[Finding]:
        """SHACL 4.4.5, as pySHACL reports it: one result per language used more than once."""
        prologue, pattern = self.focus(check.focus)
        query = (f"{prologue}SELECT ?this ?lang WHERE {{ {pattern} ?this {sparql_term(check.source.path)} ?v . "  # type: ignore[arg-type]
                 'FILTER (isLITERAL(?v) && LANG(?v) != "") BIND (LCASE(LANG(?v)) AS ?lang) } '
                 "GROUP BY ?this ?lang HAVING (COUNT(DISTINCT ?v) > 1)")
        return [Finding(check.source, SH.UniqueLangConstraintComponent, f) for f, _ in self.rows(query, "this", "lang")]  # type: ignore[misc]

    def _less_than(self, check: LessThanCheck) -> list[Finding]:
        """SHACL 4.5.3, as pySHACL compares (LessThanConstraintComponent._compare_lt): a result
        per value and compared value that are not in order, strings only with strings."""
        prologue, pattern = self.focus(check.focus)
        ok = (f"(isLITERAL(?v) && isLITERAL(?c) && DATATYPE(?v) = {_XSD_INTEGER} && DATATYPE(?c) = {_XSD_INTEGER}"
              f" && REGEX(STR(?v), {_INTEGER}) && REGEX(STR(?c), {_INTEGER}) && ?v < ?c)")
        query = (f"{prologue}SELECT DISTINCT ?this ?v ?c WHERE {{ {pattern} ?this {sparql_term(check.source.path)} ?v . "  # type: ignore[arg-type]
                 f"OPTIONAL {{ ?this {sparql_term(check.other)} ?c }} "
                 f"FILTER (isBLANK(?v) || (BOUND(?c) && !COALESCE({ok}, false))) }}")
        findings = []
        for f, v, c in self.rows(query, "this", "v", "c"):
            if isinstance(v, BNode) or isinstance(c, BNode):
                raise UnsupportedShapes("sh:lessThan meets a blank node (pySHACL refuses to compare it)")
            if c is not None and not _in_order(v, c):  # type: ignore[arg-type]
                findings.append(Finding(check.source, SH.LessThanConstraintComponent, f, v))  # type: ignore[arg-type]
        return findings

    def _qualified(self, check: QualifiedCheck) -> list[Finding]:
        """SHACL 4.7.3 (sh:qualifiedMinCount): values that conform to the value shape, counted."""
        prologue, pattern = self.focus(check.focus)
        path = sparql_term(check.source.path)  # type: ignore[arg-type]
        ok = check.test.sparql("?v") if check.test.sparql is not None else "false"
        guard = f"OPTIONAL {{ ?this {path} ?w FILTER {_typed_non_string('?w')} }} " if check.minimum > 1 else ""
        query = (f"{prologue}SELECT ?this WHERE {{ {pattern} OPTIONAL {{ ?this {path} ?v FILTER (COALESCE({ok}, false)) }} {guard}}} "
                 f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v) < {check.minimum}{' || COUNT(?w) > 0' if guard else ''})")
        findings = []
        for (f,) in self.rows(query, "this"):
            conforming = sum(1 for v in self.values(f, check.source.path) if check.test.python(v))  # type: ignore[arg-type]
            if conforming < check.minimum:
                findings.append(Finding(check.source, SH.QualifiedMinCountConstraintComponent, f))  # type: ignore[arg-type]
        return findings

    def focus_nodes(self, focus: Focus) -> list[Node]:
        """The focus nodes of a shape, found once for all its SPARQL-based constraints."""
        if focus not in self._focus_nodes:
            prologue, pattern = self.focus(focus)
            found = self.rows(f"{prologue}SELECT ?this WHERE {{ {pattern} }}", "this")
            self._focus_nodes[focus] = sorted((f for (f,) in found if f is not None), key=str)
        return self._focus_nodes[focus]

    def _sparql(self, check: SparqlCheck) -> list[Finding]:
        """SHACL 5.3, as pyshacl/constraints/sparql/sparql_based_constraints.py runs it."""
        findings = []
        for f, rows in self._rows_by_focus(check).items():
            result_value = f if check.source.path is None else None
            for violation in _violations(rows):
                if len(violation) == 2:
                    findings.append(Finding(check.source, SH.SPARQLConstraintComponent, f, result_value,
                                            constraint=check.constraint, bound=violation[1], messages=check.messages))
                    continue
                t, p, v, bound = violation
                v = result_value if v is None else v
                findings.append(Finding(check.source, SH.SPARQLConstraintComponent, t or f, v, path=p,
                                        constraint=check.constraint, bound=(t, p, v, bound), messages=check.messages))
        return findings

    def _rows_by_focus(self, check: SparqlCheck) -> dict[Node, list[dict[str, Node]]]:
        """The solutions of the query for each focus node, ``$this`` pre-bound (a query without
        ``$this`` runs once). The queries run two at a time: Oxigraph does not hold the GIL."""
        foci = self.focus_nodes(check.focus)
        if not check.bind_this and foci:
            rows = self._solutions(check.query, check.query)
            return {f: rows for f in foci}
        if self.sets is not None and foci:
            self.sets.dataset(check.query)  # read the query (rdflib's parser) and copy once, before the threads
        query = self._hoisted(check.query) if foci else check.query
        if len(foci) < 2:
            return {f: self._solutions(query, check.query, {"this": f}) for f in foci}
        with ThreadPoolExecutor(max_workers=_THREADS, thread_name_prefix="kgbuild-shacl") as pool:
            found = pool.map(lambda f: self._solutions(query, check.query, {"this": f}), foci)
            return dict(zip(foci, found))

    def _hoisted(self, query: str) -> str:
        """``query`` with each sub-SELECT that does not mention ``$this`` replaced by its
        solutions (a VALUES block): such a subquery has the same solutions whatever the focus
        node, and Oxigraph would evaluate it again for each one (a count over the whole
        dataset, per focus node). Unchanged when a solution holds a blank node, which VALUES
        cannot write."""
        prologue, _ = _split_prologue(query)
        head = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in prologue.items())
        for start, end in reversed(_subselects(query)):
            text = query[start + 1:end - 1]
            if _THIS_TOKEN.search(text):
                continue
            solutions = self.select(head + text, as_set=query)
            names = [v.value for v in solutions.variables]
            rows = []
            for solution in solutions:
                if any(isinstance(solution[n], ox.BlankNode) for n in names):
                    return query
                rows.append("(" + " ".join("UNDEF" if solution[n] is None else str(solution[n]) for n in names) + ")")
            values = "VALUES (" + " ".join(f"?{n}" for n in names) + ") { " + " ".join(rows) + " }"
            query = f"{query[:start]}{{ {values} }}{query[end:]}"
        return query

    def _solutions(self, query: str, analysed: str, substitutions: dict[str, Node] | None = None) -> list[dict[str, Node]]:
        """Solutions as {variable: rdflib term} in projection order, over a dataset with each
        triple once if ``analysed`` (the query as the shapes state it) needs it."""
        solutions = self.select(query, substitutions, as_set=analysed)
        names = [v.value for v in solutions.variables]
        return [{n: self.term(s[n]) for n in names if s[n] is not None} for s in solutions]


def _violations(rows: list[dict[str, Node]]) -> list[tuple[Any, ...]]:
    """pySHACL's _validate_sparql_query: a row binding ?failure, or ?this, ?path or ?value, is
    a violation; identical rows count once."""
    violations: list[tuple[Any, ...]] = []
    failed = False
    for row in rows:
        bound = dict(row)
        if bound.pop("failure", None) is not None:
            if not failed:
                violations.append((True, bound))
                failed = True
            continue
        p, v, t = bound.pop("path", None), bound.pop("value", None), bound.pop("this", None)
        if (p is not None or v is not None or t is not None) and (t, p, v, bound) not in violations:
            violations.append((t, p, v, bound))
    return violations



def _in_order(v: Node, c: Node) -> bool:
    """pySHACL's LessThanConstraintComponent._compare_lt for one pair (True: v < c)."""
    def plain(x: Node) -> tuple[Any, bool]:
        if isinstance(x, URIRef):
            return str(x), True
        if isinstance(x, Literal) and isinstance(x.value, str):
            return x.value, True
        return x, False

    (a, a_string), (b, b_string) = plain(v), plain(c)
    if a_string != b_string:
        return False
    try:
        return bool(a < b)
    except TypeError as exc:
        raise UnsupportedShapes(f"sh:lessThan compares {v!r} with {c!r} (pySHACL fails on it)") from exc


def focus_pattern(focus: Focus) -> tuple[str, str]:
    """(PREFIX declarations, a group pattern that binds ?this to each focus node once): the
    union of the targets of SHACL 2.1.3 and SHACL-AF 5.1."""
    branches: list[str] = []
    if focus.nodes:
        branches.append("VALUES ?this { " + " ".join(sparql_term(n) for n in focus.nodes) + " }")
    branches += [f"?this <{RDF.type}>/<{RDFS.subClassOf}>* {sparql_term(c)} ." for c in focus.classes]
    branches += [f"?this {sparql_term(p)} ?_o ." for p in focus.subjects_of]
    branches += [f"?_s {sparql_term(p)} ?this ." for p in focus.objects_of]
    prefixes: dict[str, str] = {}
    for query in focus.queries:
        declared, body = _split_prologue(query)
        for prefix, namespace in declared.items():
            if prefixes.setdefault(prefix, namespace) != namespace:
                raise UnsupportedShapes(f"two SPARQL targets of a shape declare prefix {prefix}: with different namespaces")
        branches.append(body)
    prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in prefixes.items())
    union = " UNION ".join("{ " + b + " }" for b in branches)
    return prologue, f"{{ SELECT DISTINCT ?this WHERE {{ {union} }} }}"


_THIS_TOKEN = re.compile(r"[?$]this\b")
_SUBSELECT = re.compile(r"\{\s*SELECT\b", re.IGNORECASE)


def _subselects(query: str) -> list[tuple[int, int]]:
    """Spans ``{ SELECT ... }`` (braces included) of the outermost sub-SELECTs of ``query``,
    found by matching braces outside strings, IRIs and comments."""
    spans, depth, opened, i = [], 0, None, 0
    while i < len(query):
        c = query[i]
        if c in "\"'":
            close = query.find(c, i + 1)
            while close > 0 and query[close - 1] == "\\":
                close = query.find(c, close + 1)
            i = close + 1 if close > 0 else len(query)
            continue
        if c == "#":
            end = query.find("\n", i)
            i = end + 1 if end >= 0 else len(query)
            continue
        if c == "<" and re.match(r"<[^<>\s\"{}|^`]*>", query[i:]):
            i = query.index(">", i) + 1
            continue
        if c == "{":
            depth += 1
            if opened is None and depth > 1 and _SUBSELECT.match(query, i):
                opened = (i, depth)
        elif c == "}":
            if opened is not None and depth == opened[1]:
                spans.append((opened[0], i + 1))
                opened = None
            depth -= 1
        i += 1
    return spans


_PREFIX_LINE = re.compile(r"PREFIX ([^:\s]*): <([^>]*)>\n")


def _split_prologue(query: str) -> tuple[dict[str, str], str]:
    """The PREFIX lines the compiler put before a SPARQL target's text, and the text."""
    prefixes, at = {}, 0
    while match := _PREFIX_LINE.match(query, at):
        prefixes[match.group(1)] = match.group(2)
        at = match.end()
    return prefixes, query[at:].lstrip("\n")
