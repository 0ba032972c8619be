"""Stage 6, validate: SHACL-SPARQL queries over a union of named graphs, with set semantics.

The data graph of SHACL is a set of triples. SPARQL over a union of named graphs
(``default_graph=[...]``) matches a triple once per graph that holds it, so its solutions are
a multiset. For most queries that changes nothing the report shows: pySHACL counts identical
result rows once, and a query without aggregates or LIMIT/OFFSET has the same distinct
solutions over a multiset as over the set (SPARQL 1.1 section 18.5: joins, OPTIONAL, UNION,
FILTER, MINUS, EXISTS and paths all agree on the distinct solutions). A query that counts,
sums, averages or concatenates without DISTINCT, or slices, is *sensitive*: it must see each
triple once. :class:`SetSemantics` gives such a query a store where it does: a copy of the
triples of the predicates it can match (made once for all such queries).

Which predicates a query can match is read from its algebra (rdflib's SPARQL parser): the
IRIs of its triple patterns and property paths. A variable predicate, a negated property set
or a query rdflib cannot parse means "any predicate".
"""

from __future__ import annotations

from functools import cache
from typing import Any

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.paths import AlternativePath, InvPath, MulPath, NegatedPath, Path, SequencePath
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue

_SENSITIVE_AGGREGATES = {"Aggregate_Count", "Aggregate_Sum", "Aggregate_Avg", "Aggregate_GroupConcat"}


@cache
def analyse(query: str) -> tuple[bool, frozenset[str] | None]:
    """(whether ``query`` is sensitive to repeated triples, the IRIs of the predicates it can
    match or None for any predicate)."""
    try:
        algebra = prepareQuery(query).algebra
    except Exception:  # rdflib's parser raises pyparsing's exceptions, and fails on some valid queries
        return True, None
    sensitive = False
    predicates: set[str] | None = set()
    stack: list[Any] = [algebra]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            if node.name in _SENSITIVE_AGGREGATES and node.get("distinct") != "DISTINCT" or node.name == "Slice":
                sensitive = True
            if node.name in ("BGP", "TriplesBlock") and predicates is not None:
                for terms in node.get("triples") or ():  # a BGP's are triples, a TriplesBlock's flat lists
                    for at in range(0, len(terms), 3) if len(terms) % 3 == 0 else [None]:
                        found = None if at is None else _iris(terms[at + 1])
                        predicates = None if found is None or predicates is None else predicates | found
            stack.extend(node.values())
        elif isinstance(node, (list, tuple)):
            stack.extend(node)
        elif isinstance(node, dict):
            stack.extend(node.values())
    return sensitive, None if predicates is None else frozenset(predicates)


def _iris(predicate: Any) -> set[str] | None:
    if isinstance(predicate, URIRef):
        return {str(predicate)}
    if isinstance(predicate, (SequencePath, AlternativePath)):
        found: set[str] = set()
        for part in predicate.args:
            sub = _iris(part)
            if sub is None:
                return None
            found |= sub
        return found
    if isinstance(predicate, InvPath):
        return _iris(predicate.arg)
    if isinstance(predicate, MulPath):
        return _iris(predicate.path)
    if isinstance(predicate, (NegatedPath, Path)):
        return None
    return None  # a variable


class SetSemantics:
    """Chooses where a sensitive query runs (see the module docstring)."""

    def __init__(self, store: ox.Store, graphs: list[Any], options: dict[str, Any]):
        self.store = store
        self.graphs = graphs
        self.options = options
        """How the engine's queries read the union (``default_graph=`` or ``use_default_graph_as_union=``)."""
        self._copies: dict[frozenset[str] | None, ox.Store] = {}

    def dataset(self, query: str) -> tuple[ox.Store, dict[str, Any]]:
        """(store, query options) to run ``query`` with."""
        sensitive, predicates = analyse(query)
        if not sensitive:
            return self.store, self.options
        if predicates not in self._copies:
            # Oxigraph keeps one copy of a triple added twice to the default graph.
            wanted = [None] if predicates is None else [ox.NamedNode(p) for p in sorted(predicates)]
            graphs = [None] if self.options.get("use_default_graph_as_union") else self.graphs
            copy = ox.Store()
            copy.bulk_extend(
                ox.Quad(q.subject, q.predicate, q.object)
                for p in wanted for g in graphs for q in self.store.quads_for_pattern(None, p, None, g)
            )
            self._copies[predicates] = copy
        return self._copies[predicates], {}
