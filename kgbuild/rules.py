"""Reasoning inside the store: the OWL 2 RL rules the ontology needs, as SPARQL, to a fixpoint.

Part of the reasoning stage (kgbuild/reason.py). Each rule is a SPARQL CONSTRUCT in
``ontology/rules/`` (one file per rule of W3C OWL 2 Profiles, section 4.3, tables 5 and 7,
plus owlrl's two ``owl:hasSelf`` rules), whose WHERE clause joins the axioms with the data
and returns only triples not yet in the dataset. :func:`entail` runs every rule over the
union of the data, the ontology and what the rules derived so far, adds what they return,
and starts again until a round adds nothing: the same fixpoint owlrl computes, evaluated by
Oxigraph over the store's indexes instead of rule by rule and triple by triple in Python
(on the corpus: 1.3 million asserted triples, 205,860 informative entailments).

The rules cover the axioms ontology/upr.ttl uses and their near kin (:data:`AXIOMS`,
:data:`TYPES`). :func:`check` reads the schema triples of the ontology *and* of the data
and raises :class:`Unsupported` when anything lies outside them (owl:sameAs, functional
properties, value restrictions, class constructors, disjointness, owl:Thing in an axiom, a
chain of another length, ...): the caller then takes owlrl's path, so an ontology that
grows new kinds of axioms is never reasoned with half the rules.

What the rules leave out, and why no informative entailment depends on it:

* The schema rules (scm-*): they derive axioms from axioms; with cax-sco, prp-dom,
  prp-rng and prp-spo1 run to a fixpoint the instance triples they lead to are derived
  step by step (a superclass of a superclass, the domain of a super-property).
* eq-ref and the reflexive conclusions of scm-cls, scm-op and scm-dp: they restate their
  premises (owl:sameAs is refused by :func:`check`).
* Typing literals (prp-rng with a literal object, the datatype rules): a literal cannot be
  a subject in the store, and a triple with a literal subject leads to a triple between
  resources only through prp-inv, prp-symp, prp-trp or prp-spo2 reading a triple *from* a
  literal, which only prp-inv and prp-symp make: :func:`check` refuses inverse and symmetric
  properties with literal values.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from . import resources
from .dataset import union_of
from .errors import MappingError

log = logging.getLogger(__name__)

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
BUILTIN = (RDF, RDFS, OWL, XSD)

AXIOMS = frozenset(
    RDFS + p for p in ("subClassOf", "domain", "range", "subPropertyOf")
) | frozenset(OWL + p for p in ("equivalentClass", "equivalentProperty", "inverseOf", "propertyChainAxiom", "onProperty", "hasSelf"))
"""Axiom predicates the rules read."""

UNSUPPORTED_AXIOMS = frozenset(
    OWL + p
    for p in (
        "sameAs", "differentFrom", "hasKey", "someValuesFrom", "allValuesFrom", "hasValue", "intersectionOf", "unionOf",
        "complementOf", "oneOf", "disjointWith", "propertyDisjointWith", "maxCardinality", "maxQualifiedCardinality",
        "cardinality", "qualifiedCardinality", "onClass", "members", "distinctMembers", "sourceIndividual",
        "assertionProperty", "targetIndividual", "targetValue", "disjointUnionOf", "onProperties", "onDataRange",
        "withRestrictions", "datatypeComplementOf",
    )
)
"""Axiom predicates of OWL 2 RL whose rules are not in ontology/rules/."""

TYPES = frozenset(
    {
        OWL + "Class", RDFS + "Class", OWL + "ObjectProperty", OWL + "DatatypeProperty", OWL + "AnnotationProperty",
        RDF + "Property", OWL + "NamedIndividual", OWL + "Ontology", OWL + "Restriction", RDFS + "Datatype", RDF + "List",
        OWL + "TransitiveProperty", OWL + "SymmetricProperty",
    }
)
"""Built-in classes the data or the ontology may type things with: declarations (no rule
reads them) and the two property characteristics the rules read."""

WORK = ox.NamedNode("urn:kgbuild:entailed")
"""The named graph that collects what the rules derive while they run (removed after)."""


class Unsupported(Exception):
    """The schema has an axiom the rules of ontology/rules/ do not implement."""


@dataclass(frozen=True)
class Rule:
    name: str
    path: Path
    text: str
    premises: int
    """How many of its premises are data triples (its header line ``# data premises: N``)."""


@cache
def _load(path: Path) -> Rule:
    text = path.read_text(encoding="utf-8")
    found = re.search(r"^# data premises: (\d+)$", text, re.MULTILINE)
    if found is None:
        raise MappingError("a rule needs a header line '# data premises: N'", path=path)
    return Rule(path.stem, path, text, int(found.group(1)))


def rules() -> list[Rule]:
    """The rules of ontology/rules/, in name order."""
    paths = resources.files("ontology", "rules/*.rq")
    if not paths:
        raise MappingError("no reasoning rules (rules/*.rq) found", path=resources.ontology_dir())
    return [_load(p) for p in paths]


def _iri(term: Any) -> str | None:
    return term.value if isinstance(term, ox.NamedNode) else None


def _builtin(term: Any) -> bool:
    value = _iri(term)
    return value is not None and value.startswith(BUILTIN)


def schema(store: ox.Store, graphs: list[ox.NamedNode]) -> list[ox.Quad]:
    """The schema triples of the graphs: axioms (of the rules or not), list cells, and
    typings with a built-in class, looked up by predicate and class in the store's indexes."""
    out: list[ox.Quad] = []
    for p in sorted(AXIOMS | UNSUPPORTED_AXIOMS | {RDF + "first", RDF + "rest"}):
        for g in graphs:
            out.extend(store.quads_for_pattern(None, ox.NamedNode(p), None, g))
    rdf_type = ox.NamedNode(RDF + "type")
    types = store.query("SELECT DISTINCT ?c WHERE { ?x a ?c }", **union_of(store, graphs))
    for row in types:  # type: ignore[union-attr]
        if _builtin(row["c"]):
            for g in graphs:
                out.extend(store.quads_for_pattern(None, rdf_type, row["c"], g))
    return out


def check(store: ox.Store, graphs: list[ox.NamedNode]) -> None:
    """Raise :class:`Unsupported` unless every axiom of the graphs is one the rules implement
    (see the module docstring)."""
    triples = schema(store, graphs)
    restrictions: dict[Any, set[str]] = {}
    for q in triples:
        s, p, o = q.subject, q.predicate.value, q.object
        if p in UNSUPPORTED_AXIOMS:
            raise Unsupported(f"{p} ({s} ... {o})")
        if p == RDF + "type":
            if o.value not in TYPES:
                raise Unsupported(f"{s} is typed {o.value}")
            continue
        if p in (OWL + "onProperty", OWL + "hasSelf"):
            restrictions.setdefault(s, set()).add(p)
        if p in AXIOMS and p != OWL + "hasSelf" and p != RDFS + "range" and (_builtin(s) or _builtin(o)):
            raise Unsupported(f"an axiom about a built-in term: {s} <{p}> {o}")
        if p == RDFS + "range" and _builtin(s):
            raise Unsupported(f"a range of a built-in property: {s}")
        if p == RDFS + "range" and _builtin(o) and not o.value.startswith(XSD) and o.value not in (RDFS + "Literal", RDF + "langString"):
            raise Unsupported(f"a built-in class as a range: {s} rdfs:range {o}")
        if p == OWL + "propertyChainAxiom" and _chain_length(store, graphs, o) not in (2, 3):
            raise Unsupported(f"a property chain of {_chain_length(store, graphs, o)} properties ({s})")
    for node, predicates in restrictions.items():
        if predicates != {OWL + "onProperty", OWL + "hasSelf"}:
            raise Unsupported(f"a restriction other than owl:hasSelf ({node})")
    literal_flip = """
        PREFIX owl: <http://www.w3.org/2002/07/owl#>
        ASK {
          # the properties first, then their triples by property (Oxigraph joins left to right:
          # a pattern ?x ?p ?y inside the UNION would read every triple of the dataset)
          { ?p owl:inverseOf ?other } UNION { ?other owl:inverseOf ?p } UNION { ?p a owl:SymmetricProperty }
          ?x ?p ?y .
          FILTER (isLiteral(?y))
        }"""
    if store.query(literal_flip, **union_of(store, graphs)):
        raise Unsupported("an inverse or symmetric property with a literal value")


def _chain_length(store: ox.Store, graphs: list[ox.NamedNode], head: Any) -> int:
    n, node, nil = 0, head, ox.NamedNode(RDF + "nil")
    while node != nil and n < 64:
        rest = [q.object for g in graphs for q in store.quads_for_pattern(node, ox.NamedNode(RDF + "rest"), None, g)]
        if len(rest) != 1:
            return -1
        node, n = rest[0], n + 1
    return n if node == nil else -1


def entail(store: ox.Store, graphs: Iterable[Any]) -> list[ox.Triple]:
    """Run the rules to a fixpoint over the union of ``graphs`` (data and ontology) of
    ``store``; return the triples they derive (none of which is in the graphs). Raises
    :class:`Unsupported` first when the schema needs rules that are not there. The store is
    left as it was.

    Semi-naive: the first round runs every rule over everything; after it, a rule with one
    data premise (``# data premises: 1``) can only fire on a triple the previous round
    derived, so it runs in a small store that holds those triples and the axioms, and what
    it returns is kept when the dataset does not hold it yet. Rules with more data premises
    (transitivity, chains: cheap) run over everything in every round. (The small store is a
    store of its own: a second copy of the axioms or of the last round in the dataset's
    union would repeat every solution of a join over them.)"""
    names = [g if isinstance(g, ox.NamedNode) else ox.NamedNode(str(g)) for g in graphs]
    check(store, names)
    axioms = [ox.Quad(q.subject, q.predicate, q.object) for q in schema(store, names)]
    if store.contains_named_graph(WORK):
        store.remove_graph(WORK)
    store.add_graph(WORK)
    everything = [*names, WORK]
    held_in = frozenset(everything)
    try:
        delta: ox.Store | None = None

        def apply(rule: Rule) -> list[ox.Triple]:
            if delta is None or rule.premises != 1:
                return _run(store, rule, union_of(store, everything))
            return [t for t in _run(delta, rule, {}) if not _held(store, t, held_in)]

        while True:
            # The rules of a round read the dataset as the round found it, two at a time
            # (Oxigraph evaluates without holding the GIL); what they derive is added after
            # them, and the next round's rules read it. Same fixpoint, as the rules are monotone.
            with ThreadPoolExecutor(max_workers=2, thread_name_prefix="kgbuild-rules") as pool:
                rounds = list(pool.map(apply, rules()))
            derived: dict[ox.Triple, None] = {}
            for found in rounds:
                found = [t for t in found if t not in derived]
                if found:
                    store.extend(ox.Quad(t.subject, t.predicate, t.object, WORK) for t in found)
                    derived.update(dict.fromkeys(found))
            log.debug("a round of the rules derived %d triples", len(derived))
            if not derived:
                break
            delta = ox.Store()
            delta.extend(axioms)
            delta.extend(ox.Quad(t.subject, t.predicate, t.object) for t in derived)
        return [q.triple for q in store.quads_for_pattern(None, None, None, WORK)]
    finally:
        store.remove_graph(WORK)


def _run(store: ox.Store, rule: Rule, dataset: dict[str, Any]) -> list[ox.Triple]:
    try:
        return list(dict.fromkeys(store.query(rule.text, **dataset)))  # type: ignore[arg-type]
    except SyntaxError as exc:
        raise MappingError(f"invalid SPARQL: {exc}", path=rule.path) from exc


def _held(store: ox.Store, t: ox.Triple, graphs: frozenset[ox.NamedNode]) -> bool:
    """Whether one of ``graphs`` of the store holds ``t`` (one look-up over all graphs)."""
    return any(q.graph_name in graphs for q in store.quads_for_pattern(t.subject, t.predicate, t.object, None))
