"""The dataset of a build, kept in an Oxigraph store from mapping to export.

A build's dataset is a set of named graphs: one per source (document or table), the
reference data the sources use (``graph/reference``), the facts that need all sources
together (``graph/joined``), the statistics cube (``graph/cube``), the ontology, the entailments (``graph/inferred``) and the
validation report (``graph/validation``). :class:`BuildStore` holds them in one Oxigraph
store (in memory, or the persistent store of ``--store``), selects the reference subset and
runs the join mappings as SPARQL inside the store, and writes the exports from it: the
corpus never passes through an rdflib graph as a whole. Validation and reasoning read it
through :class:`StoreView`, an rdflib-like read interface over the asserted graphs that
answers triple patterns from the store's indexes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from functools import cached_property
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from . import resources
from .errors import MappingError
from .iri import PREFIXES, mint
from .reference import Reference
from .terms import from_ox, to_ox

ONTOLOGY_GRAPH = URIRef("https://w3id.org/upr-kg/ontology")
REFERENCE_WORK = ox.NamedNode("urn:kgbuild:reference")
"""Where the authority files sit while the reference subset is selected (removed after)."""


def _node(name: URIRef | str | ox.NamedNode) -> ox.NamedNode:
    return name if isinstance(name, ox.NamedNode) else ox.NamedNode(str(name))


def union_of(store: ox.Store, graphs: Iterable[URIRef | str | ox.NamedNode]) -> dict[str, Any]:
    """The arguments of ``store.query`` that make the union of ``graphs`` its default graph.

    Oxigraph evaluates a default graph given as a list of named graphs by looking every
    triple pattern up in each graph of the list in turn: with a corpus's two hundred source
    graphs a join costs two hundred index look-ups per step (the join of the final positions
    took 186 s on the corpus this way, 3.6 s over the union). When the list is every named
    graph of the store, ``use_default_graph_as_union`` gives the same solutions (neither
    form removes a triple held by two graphs) from one look-up in the store's indexes.
    """
    nodes = [_node(g) for g in graphs]
    if set(nodes) == set(store.named_graphs()):
        return {"use_default_graph_as_union": True}
    return {"default_graph": nodes}


FEW_GRAPHS = 8
"""Oxigraph answers a pattern over ``default_graph=[...]`` (or one look-up per graph) by
looking into each graph in turn: up to this many graphs that is fine; beyond, one look-up
over the store (the union of its graphs, or every graph filtered) is much faster (292 s
against 10 s for a SPARQL target of shapes/ over the 201 graphs of the corpus)."""


def join_lines(lines: list[bytes]) -> bytes:
    """N-Triples (or N-Quads) text of lines without their line breaks."""
    return b"\n".join(lines) + b"\n" if lines else b""


def in_graph(ntriples: bytes, graph: URIRef | str | ox.NamedNode) -> bytes:
    """N-Triples text made N-Quads of named graph ``graph``: the graph named at the end of each
    line (a line of N-Triples ends with " .", and no term holds a raw line break)."""
    return ntriples.replace(b" .\n", b" " + str(_node(graph)).encode() + b" .\n")


def write_lines(lines: list[bytes], path: Path, chunk: int = 100_000) -> None:
    """Write :func:`join_lines` of ``lines`` to ``path`` a chunk of lines at a time (the text of
    a corpus is not held twice)."""
    with path.open("wb") as f:
        for i in range(0, len(lines), chunk):
            f.write(join_lines(lines[i:i + chunk]))


class StoreView:
    """Read access to the union of some named graphs of an Oxigraph store, in rdflib terms.

    Implements the part of rdflib's Graph interface that validation and reasoning read:
    ``triples(pattern)``, ``objects``, ``subjects``, ``value``, ``in`` and ``len``. A triple
    in several of the graphs is given once.
    """

    def __init__(self, store: ox.Store, graphs: Iterable[URIRef | str], *, context: Iterable[URIRef | str] = ()):
        self.store = store
        self.graphs = [_node(g) for g in graphs]
        self.context = [_node(g) for g in context]
        """Graphs :meth:`select` reads besides :attr:`graphs` (the ontology: its individuals' types)."""

    def select(self, query: str) -> Iterator[tuple[Node, ...]]:
        """Rows of a SELECT over the union of the graphs and the context graphs (each row
        once: the union of several graphs would repeat a triple held by two)."""
        solutions = self.store.query(query, **union_of(self.store, [*self.graphs, *self.context]))
        names = [v.value for v in solutions.variables]
        rows = dict.fromkeys(tuple(row[n] for n in names) for row in solutions)
        for row in rows:
            yield tuple(from_ox(t) if t is not None else None for t in row)

    def _quads(self, s: Node | None, p: Node | None, o: Node | None) -> Iterator[Any]:
        if isinstance(s, Literal) or isinstance(p, (Literal, BNode)):
            return  # no triple has one there (a literal focus node of a validation result)
        args = [None if t is None else to_ox(t) for t in (s, p, o)]
        if len(self.graphs) > FEW_GRAPHS and (s is not None or o is not None):
            # A look-up by subject or object: once over every graph of the store, keeping the
            # view's (a corpus view has some 200 graphs; one look-up each costs more).
            graphs = self._graph_set
            yield from (q for q in self.store.quads_for_pattern(*args, None) if q.graph_name in graphs)
            return
        for g in self.graphs:
            yield from self.store.quads_for_pattern(*args, g)

    def triples(self, pattern: tuple[Node | None, Node | None, Node | None]) -> Iterator[tuple[Node, Node, Node]]:
        seen: set[tuple[Any, Any, Any]] = set()
        single = len(self.graphs) == 1
        for q in self._quads(*pattern):
            key = (q.subject, q.predicate, q.object)
            if not single:
                if key in seen:
                    continue
                seen.add(key)
            yield from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)

    def __iter__(self) -> Iterator[tuple[Node, Node, Node]]:
        return self.triples((None, None, None))

    def __contains__(self, triple: tuple[Node, Node, Node]) -> bool:
        try:
            quads = [to_ox(t) for t in triple]
        except TypeError:
            return False
        if len(self.graphs) == 1:
            return any(True for _ in self.store.quads_for_pattern(*quads, self.graphs[0]))
        # One look-up over every graph of the store, not one per graph of the view.
        graphs = self._graph_set
        return any(q.graph_name in graphs for q in self.store.quads_for_pattern(*quads, None))

    @cached_property
    def _graph_set(self) -> frozenset[ox.NamedNode]:
        return frozenset(self.graphs)

    def __len__(self) -> int:
        if len(self.graphs) == 1:
            return sum(1 for _ in self.store.quads_for_pattern(None, None, None, self.graphs[0]))
        solutions = self.store.query("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }", **union_of(self.store, self.graphs))
        return int(next(iter(solutions))["n"].value)

    def objects(self, subject: Node | None = None, predicate: Node | None = None) -> Iterator[Node]:
        for _, _, o in self.triples((subject, predicate, None)):
            yield o

    def subjects(self, predicate: Node | None = None, object: Node | None = None) -> Iterator[Node]:  # noqa: A002
        for s, _, _ in self.triples((None, predicate, object)):
            yield s

    def value(self, subject: Node | None = None, predicate: Node | None = None, object: Node | None = None) -> Node | None:  # noqa: A002
        for s, p, o in self.triples((subject, predicate, object)):
            return o if object is None else s
        return None

    def graph(self) -> Graph:
        """The union as an rdflib Graph (for small builds and tests)."""
        g = Graph()
        for prefix, ns in PREFIXES.items():
            if prefix != "ann":
                g.bind(prefix, ns)
        g.addN((s, p, o, g) for s, p, o in self)
        return g

    def ox_quads(self, predicate: Node | None = None) -> Iterator[Any]:
        """The quads of the graphs (with a given predicate), as Oxigraph quads; a triple in
        several graphs comes once per graph."""
        p = None if predicate is None else to_ox(predicate)
        for g in self.graphs:
            yield from self.store.quads_for_pattern(None, p, None, g)

    def lines(self) -> list[bytes]:
        """The union as N-Triples lines (without their line breaks), each triple once, sorted:
        a deterministic order. Oxigraph writes each graph (native work, which does not hold
        the GIL); sorting serialised lines is native work too, sorting terms in Python is not."""
        lines: list[bytes] = []
        for g in self.graphs:
            lines.extend(self.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=g).splitlines())
        return sorted(set(lines) if len(self.graphs) > 1 else lines)

    def ntriples(self) -> bytes:
        """The union as N-Triples, each triple once, lines sorted (:meth:`lines`)."""
        return join_lines(self.lines())


class BuildStore:
    """The named graphs of one build in an Oxigraph store."""

    def __init__(self, store: ox.Store, base: str):
        self.store = store
        self.base = base
        self.sources: list[URIRef] = []
        self.reference_name = mint(base, "graph", "reference")
        self.joined_name = mint(base, "graph", "joined")
        self.cube_name = mint(base, "graph", "cube")
        self.inferred_name = mint(base, "graph", "inferred")
        self.validation_name = mint(base, "graph", "validation")

    # -- writing ------------------------------------------------------------------------

    def replace(self, name: URIRef, triples: Iterable[Any] | bytes) -> None:
        """Make named graph ``name`` hold ``triples`` (Oxigraph triples or quads, rdflib
        triples, or N-Triples bytes), replacing what it held."""
        node = _node(name)
        if self.store.contains_named_graph(node):
            self.store.remove_graph(node)
        if isinstance(triples, bytes):
            self.store.load(triples, format=ox.RdfFormat.N_TRIPLES, to_graph=node)
            return
        quads = []
        for t in triples:
            if isinstance(t, tuple):
                quads.append(ox.Quad(to_ox(t[0]), to_ox(t[1]), to_ox(t[2]), node))
            else:
                quads.append(ox.Quad(t.subject, t.predicate, t.object, node))
        self.store.extend(quads)

    def add_source(self, name: URIRef, triples: Iterable[Any] | bytes, *, reuse: bool = False) -> None:
        """A source's graph; ``reuse``: it is in the store already (an unchanged source)."""
        if not reuse:
            self.replace(name, triples)
        self.sources.append(name)

    def select_reference(self, reference: Reference) -> int:
        """Fill ``graph/reference`` with the reference resources the sources use
        (mappings/lookup/reference-subset.rq, run over the source graphs); returns its size."""
        if self.store.contains_named_graph(REFERENCE_WORK):
            self.store.remove_graph(REFERENCE_WORK)
        self.store.extend(ox.Quad(q.subject, q.predicate, q.object, REFERENCE_WORK) for q in reference.quads())
        try:
            path = resources.mappings_dir() / "lookup" / "reference-subset.rq"
            triples = self._construct(path, self.sources, named_graphs=[REFERENCE_WORK])
            self.replace(self.reference_name, triples)
        finally:
            self.store.remove_graph(REFERENCE_WORK)
        return len(triples)

    def join(self) -> int:
        """Fill ``graph/joined`` with mappings/join/*.rq run over the sources and the
        reference subset together; returns its size."""
        triples = self._construct_each(resources.files("mappings", "join/*.rq"), [*self.sources, self.reference_name])
        self.replace(self.joined_name, triples)
        return len(triples)

    def cube(self) -> int:
        """Fill ``graph/cube`` with the statistics cube (mappings/cube/*.rq: RDF Data Cube
        observations counting recommendations), computed over the other asserted graphs;
        returns its size."""
        triples = self._construct_each(resources.files("mappings", "cube/*.rq"), [*self.sources, self.reference_name, self.joined_name])
        self.replace(self.cube_name, triples)
        return len(triples)

    def _construct_each(self, paths: list[Path], default_graph: list[URIRef]) -> list[ox.Triple]:
        """What the CONSTRUCTs ``paths`` give over the union of ``default_graph``, in the order
        of ``paths``; two at a time (Oxigraph evaluates without holding the GIL)."""
        with ThreadPoolExecutor(max_workers=2, thread_name_prefix="kgbuild-join") as pool:
            found = list(pool.map(lambda path: self._construct(path, default_graph), paths))
        return [t for triples in found for t in triples]

    def _construct(self, path: Path, default_graph: list[URIRef], named_graphs: list[ox.NamedNode] | None = None) -> list[ox.Triple]:
        """Run a CONSTRUCT of mappings/ over the union of ``default_graph`` (and, with
        ``named_graphs``, only those as named graphs)."""
        dataset: dict[str, Any] = union_of(self.store, default_graph)
        if named_graphs is not None:
            dataset = {"default_graph": [_node(g) for g in default_graph], "named_graphs": named_graphs}
        try:
            return list(dict.fromkeys(self.store.query(path.read_text(encoding="utf-8"), base_iri=self.base, **dataset)))  # type: ignore[arg-type]
        except SyntaxError as exc:
            raise MappingError(f"invalid SPARQL: {exc}", path=path) from exc

    # -- reading ------------------------------------------------------------------------

    @property
    def asserted_names(self) -> list[URIRef]:
        return [*self.sources, self.reference_name, self.joined_name, self.cube_name]

    def asserted(self) -> StoreView:
        """Everything asserted: the sources, the reference subset, the joined facts."""
        return StoreView(self.store, self.asserted_names, context=[ONTOLOGY_GRAPH])

    def view(self, name: URIRef) -> StoreView:
        return StoreView(self.store, [name])

    def dataset_names(self) -> list[URIRef]:
        """The graphs of dataset.trig, in order."""
        names = [*sorted(self.sources, key=str), self.reference_name, self.joined_name, self.cube_name, ONTOLOGY_GRAPH, self.inferred_name]
        return [n for n in names if self.store.contains_named_graph(_node(n))]

    def dataset_quads(self, lines: dict[URIRef, list[bytes]] | None = None) -> Iterator[ox.Quad]:
        """The quads of dataset.trig: graph by graph, each graph's triples sorted. Made as
        sorted N-Quads lines and parsed by Oxigraph: a corpus has a million and a half quads,
        too many to build one by one in Python. ``lines``: the graphs' sorted lines
        (:meth:`StoreView.lines`) when the caller has them already."""
        for name in self.dataset_names():
            found = lines[name] if lines is not None and name in lines else self.view(name).lines()
            if found:
                # One graph's text at a time (a corpus's whole dataset is some 300 MB of it).
                yield from ox.parse(in_graph(join_lines(found), name), format=ox.RdfFormat.N_QUADS)

    def query(self, text: str) -> Any:
        """A query over the asserted graphs (their union as the default graph)."""
        return self.store.query(text, **union_of(self.store, self.asserted_names))
