"""Reasoning stage: domain graph + ontology -> entailments (the new triples only).

Reads the ontology from ``ontology/*.ttl`` (through :mod:`kgbuild.resources`), computes the
OWL 2 RL closure of ontology + data with owlrl, and keeps only the *informative*
entailments: new ``rdf:type`` triples and new links between resources (:func:`informative`).
The result goes into its own named graph, so that asserted and inferred facts stay apart
(ARCHITECTURE.md, step 7).

Two paths give the same answer:

* :func:`reason_naive` closes the whole of data + ontology with owlrl: the reference
  (``kgbuild reason --naive``).
* :func:`reason` closes only what the axioms can act on. It keeps the triples in the
  *signature* of the schema (:class:`Signature`), which leaves out the text, offsets and
  labels; drops declarations and typing triples whose types the data already implies
  (:func:`drop_implied_typing`); closes one representative of each group of interchangeable
  resources (:func:`merge_islands`); and lets only schema triples trigger owlrl's rules
  (:class:`_AnchoredClosure`). Each step says why it changes no informative entailment;
  ``tests/reason/test_equivalence.py`` checks the two paths against each other.

The rules are owlrl's OWL 2 RL (``OWLRL_Semantics``) plus the two ``owl:hasSelf`` rules
owlrl implements in its ``OWLRL_Extension``, which ``upr:relatesToInstrument`` needs (see
upr.ttl). ``OWLRL_Extension`` itself is not used: it adds the RDFS closure, whose rule for
literals of equal value compares every pair of literals, and each instantiation appends
``owl:rational`` to owlrl's module-level datatype list and switches rdflib's lexical
conversions for the whole process.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from owlrl import DeductiveClosure  # type: ignore[import-untyped]
from owlrl.Namespaces import ERRNS  # type: ignore[import-untyped]
from owlrl.OWLRL import OWLRL_Semantics  # type: ignore[import-untyped]
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import FOAF, OWL, RDF, RDFS, XSD

from kgbuild import resources, rules
from kgbuild.terms import from_ox, to_ox
from kgbuild.errors import MappingError
from kgbuild.iri import PREFIXES, UPR

__all__ = [
    "Signature",
    "drop_declarations",
    "drop_implied_typing",
    "informative",
    "is_schema",
    "load_ontology",
    "merge_islands",
    "reason",
    "reason_naive",
    "summarize",
]

logger = logging.getLogger(__name__)

Triple = tuple[Any, Any, Any]

_BUILTIN_NAMESPACES = (str(RDF), str(RDFS), str(OWL), str(XSD))
_ONTOLOGY_NAMESPACES = (*_BUILTIN_NAMESPACES, str(UPR), "https://w3id.org/upr-kg/ontology")
_DATATYPES = frozenset({RDFS.Literal, RDF.langString, RDF.PlainLiteral, RDF.XMLLiteral, RDF.HTML, OWL.rational, OWL.real})

# Predicates of OWL 2 RL axioms: a triple with one of them is schema, whichever graph it is
# in. rdf:first/rdf:rest carry the lists of chains, keys and class constructors.
_AXIOM_PREDICATES = frozenset(
    {
        RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range,
        OWL.equivalentClass, OWL.equivalentProperty, OWL.inverseOf, OWL.propertyChainAxiom,
        OWL.onProperty, OWL.someValuesFrom, OWL.allValuesFrom, OWL.hasValue, OWL.hasSelf,
        OWL.intersectionOf, OWL.unionOf, OWL.complementOf, OWL.oneOf, OWL.hasKey,
        OWL.disjointWith, OWL.propertyDisjointWith, OWL.maxCardinality,
        OWL.maxQualifiedCardinality, OWL.onClass, OWL.members, OWL.distinctMembers,
        OWL.sourceIndividual, OWL.assertionProperty, OWL.targetIndividual, OWL.targetValue,
        OWL.sameAs, OWL.differentFrom,
    }
)
_LIST_PREDICATES = frozenset({RDF.first, RDF.rest})
# Typings that only declare a term. Their rules (scm-cls, scm-op, scm-dp) conclude
# ``c rdfs:subClassOf c``, ``c owl:equivalentClass c``, ``c rdfs:subClassOf owl:Thing``,
# ``owl:Nothing rdfs:subClassOf c``, ``p rdfs:subPropertyOf p`` and ``p owl:equivalentProperty p``
# (see :func:`drop_declarations`).
_DECLARATIONS = frozenset(
    {
        OWL.Class, RDFS.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
        RDF.Property, OWL.NamedIndividual, OWL.Ontology, OWL.Restriction,
    }
)
_CHARACTERISTICS = frozenset(
    {
        OWL.TransitiveProperty, OWL.SymmetricProperty, OWL.FunctionalProperty,
        OWL.InverseFunctionalProperty, OWL.IrreflexiveProperty, OWL.AsymmetricProperty,
    }
)


def _in(node: Any, namespaces: tuple[str, ...]) -> bool:
    return isinstance(node, URIRef) and str(node).startswith(namespaces)


def is_schema(triple: Triple) -> bool:
    """Whether ``triple`` is schema: an axiom, a list cell, or a typing with a class of RDF,
    RDFS, OWL or XSD (``owl:Class``, ``owl:TransitiveProperty``, a datatype...).

    Schema triples always go into the closure, from the ontology or from the data; they are
    also the only triples that trigger owlrl's rules (see :class:`_AnchoredClosure`).
    """
    _, p, o = triple
    return p in _AXIOM_PREDICATES or p in _LIST_PREDICATES or (p == RDF.type and _in(o, _BUILTIN_NAMESPACES))


def load_ontology() -> Graph:
    """Read every ``ontology/*.ttl`` file into one graph."""
    paths = resources.files("ontology", "*.ttl")
    if not paths:
        raise MappingError("no ontology (*.ttl) found", path=resources.ontology_dir())
    graph = Graph()
    for path in paths:
        try:
            graph.parse(path, format="turtle")
        except Exception as exc:  # rdflib raises several unrelated types for bad Turtle
            raise MappingError(f"cannot parse the ontology: {exc}", path=path) from exc
    # Its blank nodes (OWL lists, restrictions) labelled from the content (rdflib's canonical
    # labelling), not by the parser at random: the same ontology has the same labels in every
    # build, so the same inputs give dataset.trig byte for byte.
    canonical = Graph()
    for prefix, namespace in graph.namespaces():
        canonical.bind(prefix, namespace, override=True)
    canonical += to_canonical_graph(graph)
    return canonical


# --------------------------------------------------------------------------------------------
# What the rules read
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Signature:
    """What of the instance data owlrl's rules can read, given the schema triples.

    ``properties``: properties whose extension a rule reads (``?x p ?y`` in a rule body);
    ``literal``: those whose literal-valued triples can lead to an entailment without a
    literal (through a domain, a range class some rule reads, an inverse, symmetry or a
    restriction, possibly after rdfs:subPropertyOf, owl:equivalentProperty or a property
    chain carried the literal to a super-property);
    ``typing``: those read only by prp-dom and prp-rng, with their asserted ``domains`` and
    ``ranges``; ``classes``: classes whose extension a rule reads (``?x rdf:type c``);
    ``superclasses``: for each class, itself and its asserted superclasses (rdfs:subClassOf
    and owl:equivalentClass, transitively); ``equal``: resources in ``owl:sameAs`` triples;
    ``entails_equality``: the schema has axioms that entail ``owl:sameAs`` (functional or
    inverse-functional properties, max cardinalities, keys); ``has_value``: it has an
    ``owl:hasValue`` restriction (cls-hv1 links every member of a class to a value);
    ``declarations_matter``: it has value restrictions (hasValue, someValuesFrom,
    allValuesFrom) or mentions owl:Thing or owl:Nothing outside declarations.
    """

    properties: frozenset[Any]
    literal: frozenset[Any]
    typing: frozenset[Any]
    classes: frozenset[Any]
    equal: frozenset[Any]
    entails_equality: bool
    has_value: bool
    declarations_matter: bool
    domains: dict[Any, frozenset[Any]] = field(default_factory=dict)
    ranges: dict[Any, frozenset[Any]] = field(default_factory=dict)
    superclasses: dict[Any, frozenset[Any]] = field(default_factory=dict)

    @classmethod
    def of(cls, schema: Iterable[Triple]) -> Signature:
        """Compute the signature of ``schema`` (triples for which :func:`is_schema` holds).

        Each branch names the OWL 2 RL rules (W3C OWL 2 Profiles, section 4.3, tables 4-9)
        and the hasSelf rules that read the node in that position. Nodes a rule only
        *writes* (the object of rdfs:subClassOf, rdfs:subPropertyOf, rdfs:domain and
        rdfs:range, the subject of a property chain) are left out: their asserted triples
        feed no rule. A range that is a datatype no rule reads only types literals (dropped).
        """
        triples = list(schema)
        lists = Graph()
        for t in triples:
            if t[1] in _LIST_PREDICATES:
                lists.add(t)

        def members(head: Any) -> list[Any]:
            return list(lists.items(head)) if isinstance(head, BNode | URIRef) else []

        joined: set[Any] = set()  # properties read by some rule other than prp-dom/prp-rng
        flows: dict[Any, set[Any]] = defaultdict(set)  # where a rule copies ``?x p "literal"``
        literal_readers: set[Any] = set()  # properties whose rules use ``?x p "literal"``
        domains: dict[Any, set[Any]] = defaultdict(set)
        ranges: dict[Any, set[Any]] = defaultdict(set)
        datatype_ranges: list[tuple[Any, Any]] = []
        classes: set[Any] = set()
        equal: set[Any] = set()
        parents: dict[Any, set[Any]] = defaultdict(set)
        entails_equality = has_value = declarations_matter = False
        for s, p, o in triples:
            if not (p == RDF.type and o in _DECLARATIONS):
                declarations_matter |= bool({s, o} & {OWL.Thing, OWL.Nothing})
            if p in (OWL.hasValue, OWL.someValuesFrom, OWL.allValuesFrom):
                declarations_matter = True
            if p == RDFS.domain:  # prp-dom
                domains[s].add(o)
            elif p == RDFS.range:  # prp-rng
                if _in(o, (str(XSD),)) or o in _DATATYPES:
                    datatype_ranges.append((s, o))
                else:
                    ranges[s].add(o)
            elif p == RDFS.subPropertyOf:  # prp-spo1
                joined.add(s)
                flows[s].add(o)
            elif p == OWL.equivalentProperty:  # prp-eqp1/2
                joined.update((s, o))
                flows[s].add(o)
                flows[o].add(s)
            elif p in (OWL.inverseOf, OWL.propertyDisjointWith):  # prp-inv1/2, prp-pdw
                joined.update((s, o))
                literal_readers.update((s, o))
            elif p == OWL.propertyChainAxiom:  # prp-spo2
                chain = members(o)
                joined.update(chain)
                if chain:
                    flows[chain[-1]].add(s)
            elif p == RDF.type and o in _CHARACTERISTICS:  # prp-fp, -ifp, -irp, -symp, -asyp, -trp
                joined.add(s)
                literal_readers.add(s)
                entails_equality |= o in (OWL.FunctionalProperty, OWL.InverseFunctionalProperty)
            elif p == OWL.onProperty:  # cls-svf1/2, cls-avf, cls-hv1/2, cls-maxc*, hasSelf 1/2
                joined.add(o)
                literal_readers.add(o)
                classes.add(s)
            elif p == OWL.assertionProperty:  # prp-npa1/2
                joined.add(o)
                literal_readers.add(o)
            elif p == OWL.hasKey:  # prp-key
                joined.update(members(o))
                literal_readers.update(members(o))
                classes.add(s)
                entails_equality = True
            elif p in (OWL.members, OWL.distinctMembers):  # prp-adp, cax-adc, eq-diff2/3
                joined.update(members(o))
                classes.update(members(o))
            elif p == RDFS.subClassOf:  # cax-sco
                classes.add(s)
                parents[s].add(o)
            elif p == OWL.equivalentClass:  # cax-eqc1/2
                classes.update((s, o))
                parents[s].add(o)
                parents[o].add(s)
            elif p in (OWL.disjointWith, OWL.complementOf):  # cax-dw, cls-com
                classes.update((s, o))
            elif p == OWL.intersectionOf:  # cls-int1, cls-int2
                classes.add(s)
                classes.update(members(o))
            elif p == OWL.unionOf:  # cls-uni
                classes.update(members(o))
            elif p in (OWL.someValuesFrom, OWL.onClass):  # cls-svf1, cls-maxqc*
                classes.add(o)
            elif p == OWL.hasValue:  # cls-hv1 (the property is read through owl:onProperty)
                has_value = True
            elif p in (OWL.maxCardinality, OWL.maxQualifiedCardinality):  # cls-maxc2, cls-maxqc3/4
                entails_equality = True
            elif p == OWL.sameAs:  # eq-sym, eq-trans, eq-rep-s/p/o
                equal.update((s, o))

        for s, o in datatype_ranges:  # a datatype that no rule reads only types literals
            if o in classes:
                ranges[s].add(o)
        # A literal typed by a range is read again when the range is a class some rule reads.
        literal_readers |= set(domains) | {q for q, rs in ranges.items() if rs & classes}
        typed = set(domains) | set(ranges)
        properties = joined | typed
        return cls(
            properties=frozenset(properties),
            literal=frozenset(q for q in properties if _reachable(q, flows) & literal_readers),
            typing=frozenset(typed - joined),
            classes=frozenset(classes),
            equal=frozenset(equal),
            entails_equality=entails_equality,
            has_value=has_value,
            declarations_matter=declarations_matter,
            domains={p: frozenset(c) for p, c in domains.items()},
            ranges={p: frozenset(c) for p, c in ranges.items()},
            superclasses={c: frozenset(_reachable(c, parents)) for c in parents},
        )

    def relevant(self, triple: Triple) -> bool:
        """Whether the closure needs ``triple`` to find every informative entailment.

        In owlrl's rules every premise that is not schema is ``?x p ?y`` with ``p`` in
        :attr:`properties`, ``?x rdf:type c`` with ``c`` in :attr:`classes`, or an
        ``owl:sameAs`` triple; and every conclusion is schema, one of those, or a triple
        that no rule reads again. So a triple outside the signature matches no rule body,
        except in eq-ref (which derives ``?x owl:sameAs ?x``: reflexive, dropped from the
        output, and whose eq-* consequences restate their premises), in the datatype rules
        (which only type literals), and in eq-rep-s/p/o, which copy every triple of a
        resource that is ``owl:sameAs`` another: hence the triples touching :attr:`equal`
        are kept. When the schema itself entails ``owl:sameAs`` everything is kept.

        A literal-valued triple ``?x p "v"`` can only be moved on with its literal (prp-spo1,
        prp-eqp, prp-spo2 keep it in object position; prp-rng types the literal, which
        matters only if a rule reads the range class), unless a rule reads it without the
        literal in its conclusion (prp-dom, cls-svf, cls-hv2, the keys and functional
        properties) or turns it around (prp-inv, prp-symp): so it is kept only for the
        properties in :attr:`literal`.
        """
        if self.entails_equality or is_schema(triple):
            return True
        s, p, o = triple
        if bool(self.equal) and (s in self.equal or p in self.equal or o in self.equal):
            return True
        if isinstance(o, Literal):
            return p in self.literal
        return p in self.properties or (p == RDF.type and o in self.classes)

    @property
    def anchorable(self) -> bool:
        """Whether :class:`_AnchoredClosure` applies: no axiom is about ``owl:sameAs``."""
        return OWL.sameAs not in self.properties

    @property
    def reducible(self) -> bool:
        """Whether :func:`drop_implied_typing` and :func:`merge_islands` apply: they assume
        that no ``owl:sameAs`` exists or can be entailed."""
        return self.anchorable and not (self.equal or self.entails_equality)


def _reachable(start: Any, edges: dict[Any, set[Any]]) -> set[Any]:
    seen = {start}
    todo = [start]
    while todo:
        for nxt in edges.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


# --------------------------------------------------------------------------------------------
# Reductions (the fast path)
# --------------------------------------------------------------------------------------------


def drop_declarations(triples: list[Triple], signature: Signature) -> list[Triple]:
    """Leave out declarations (``c a owl:Class``, ``p a owl:ObjectProperty``...).

    Of what scm-cls, scm-op and scm-dp conclude from them, the reflexive triples restate
    their premises in every rule that reads them (cax-sco and cax-eqc skip ``c1 = c2``,
    prp-spo1 copies ``?x p ?y`` onto itself, scm-spo, scm-dom2, scm-rng2 and scm-eqp skip
    ``p1 = p2``), except in scm-hv, scm-svf1/2 and scm-avf1/2, which compare two value
    restrictions; and ``c rdfs:subClassOf owl:Thing`` / ``owl:Nothing rdfs:subClassOf c``
    only type members of owl:Thing (dropped from the output) and of owl:Nothing. So
    declarations are kept when the schema has value restrictions or mentions owl:Thing or
    owl:Nothing (:attr:`Signature.declarations_matter`).
    """
    if signature.declarations_matter:
        return triples
    return [t for t in triples if not (t[1] == RDF.type and t[2] in _DECLARATIONS)]


def drop_implied_typing(triples: list[Triple], signature: Signature, types: dict[Any, set[Any]]) -> list[Triple]:
    """Leave out the triples of typing-only properties that would type nothing new.

    A property in :attr:`Signature.typing` is read by prp-dom and prp-rng only (also after
    the schema rules run: scm-dom1/scm-rng1 add the superclasses of its domains and ranges,
    and scm-dom2/scm-rng2 only reach its sub-properties, which are read otherwise). So
    ``?x p ?y`` contributes exactly ``?x rdf:type D`` for the domains D and ``?y rdf:type R``
    for the ranges R, and their superclasses. It can be left out when the asserted types
    (``types``: data and ontology) already give ``?x`` every domain and ``?y`` every range
    through asserted rdfs:subClassOf/owl:equivalentClass (those types are then either in the
    closure's input, or belong to classes no rule reads and are in the data already), or
    when a triple kept earlier gives the same subject (or object) the same types.
    """
    covered: set[tuple[str, Any, Any]] = set()

    def implied(node: Any, classes: frozenset[Any]) -> bool:
        have = {sup for c in types.get(node, ()) for sup in signature.superclasses.get(c, (c,))}
        return classes <= have

    kept = []
    for t in triples:
        s, p, o = t
        if p not in signature.typing:
            kept.append(t)
            continue
        domains = signature.domains.get(p, frozenset())
        ranges = signature.ranges.get(p, frozenset())
        need_s = bool(domains) and ("s", p, s) not in covered and not implied(s, domains)
        need_o = bool(ranges) and ("o", p, o) not in covered and not implied(o, ranges)
        if need_s or need_o:
            kept.append(t)
            covered.update({("s", p, s), ("o", p, o)})
    return kept


def merge_islands(triples: list[Triple], signature: Signature) -> tuple[list[Triple], dict[Any, list[Any]]]:
    """Keep one representative of each group of interchangeable island resources.

    An *island* is a resource that occurs in ``triples`` only as the subject of
    ``rdf:type`` triples (after :func:`drop_implied_typing`, most mentions, paragraphs and
    headings). Without ``owl:sameAs`` and without ``owl:hasValue`` (cls-hv1), no rule links
    an island to another resource: only hasSelf rule 1 adds the self-link ``?x p ?x``. So
    the entailments about an island depend only on its set of classes, and two islands with
    the same classes get the same entailments up to renaming. Returns the triples without
    the other members of each group, and ``{representative: [other members]}`` for
    :func:`_expand`.
    """
    if signature.has_value:
        return triples, {}
    classes: dict[Any, set[Any]] = defaultdict(set)
    linked: set[Any] = set()
    for t in triples:
        s, p, o = t
        if p == RDF.type and not is_schema(t):
            classes[s].add(o)
            linked.update((p, o))
        else:
            linked.update(t)
    groups: dict[frozenset[Any], list[Any]] = defaultdict(list)
    for node, types in classes.items():
        if node not in linked:
            groups[frozenset(types)].append(node)
    merged: dict[Any, list[Any]] = {}
    for members in groups.values():
        if len(members) > 1:
            members.sort(key=str)
            merged[members[0]] = members[1:]
    dropped = {m for others in merged.values() for m in others}
    return [t for t in triples if t[0] not in dropped], merged


def _expand(entailments: Iterable[Triple], merged: dict[Any, list[Any]]) -> Iterator[Triple]:
    """Give every member of a group the entailments of its representative (renamed)."""
    for s, p, o in entailments:
        yield s, p, o
        for rep in {n for n in (s, o) if n in merged}:
            for other in merged[rep]:
                yield (other if s == rep else s), p, (other if o == rep else o)


# --------------------------------------------------------------------------------------------
# The closure
# --------------------------------------------------------------------------------------------


class _ClosureWithSelf(OWLRL_Semantics):
    """owlrl's OWL 2 RL closure plus its two ``owl:hasSelf`` rules.

    The rules are those of ``owlrl.OWLRLExtras.OWLRL_Extension.rules`` (from OWL 2 Full):

    * self restriction 1: ``?z owl:hasSelf ?x . ?z owl:onProperty ?p . ?y rdf:type ?z => ?y ?p ?y``
    * self restriction 2: ``?z owl:hasSelf ?x . ?z owl:onProperty ?p . ?y ?p ?y => ?y rdf:type ?z``

    Subclassing a closure class is owlrl's documented way to add rules (``DeductiveClosure``).
    """

    def rules(self, t: Triple, cycle_num: int) -> None:
        super().rules(t, cycle_num)
        z, q, _ = t
        if q == OWL.hasSelf:
            for p in self.graph.objects(z, OWL.onProperty):
                for y in self.graph.subjects(RDF.type, z):
                    self.store_triple((y, p, y))
                for y1, y2 in self.graph.subject_objects(p):
                    if y1 == y2:
                        self.store_triple((y1, RDF.type, z))


class _AnchoredClosure(_ClosureWithSelf):
    """The same rules, triggered only by the triples they are anchored on.

    owlrl calls its rules once per triple per cycle, and each rule of OWLRL.py starts from
    one premise and looks the others up: apart from eq-ref, that premise is always a schema
    triple (``p rdfs:domain c``, ``c rdfs:subClassOf d``, ``p a owl:TransitiveProperty``,
    a restriction, ``x owl:sameAs y``...). So instance triples need not be visited: they
    are found through the lookups. eq-ref (``?x owl:sameAs ?x`` for every resource) is left
    out: its conclusions are dropped from the output, and every eq-* rule applied to a
    reflexive ``owl:sameAs`` restates its premise. Used only when no axiom is about
    ``owl:sameAs`` itself (:attr:`Signature.anchorable`).
    """

    def rules(self, t: Triple, cycle_num: int) -> None:
        if is_schema(t):
            super().rules(t, cycle_num)

    def _equality(self, triple: Triple, cycle_num: int) -> None:
        s, p, o = triple
        if (p == OWL.sameAs and s != o) or (p == RDF.type and o == OWL.AllDifferent):
            super()._equality(triple, cycle_num)


def _close(triples: Iterable[Triple], closure: type[OWLRL_Semantics]) -> Iterator[Triple]:
    """Close a private graph of ``triples``; yield the triples the closure added.

    ``improved_datatypes=False`` keeps owlrl from switching rdflib's lexical conversions for
    the whole process; it only changes how literals of unusual datatypes are checked.
    """
    work = Graph()
    for t in triples:
        work.add(t)
    given = set(work)
    DeductiveClosure(closure, improved_datatypes=False, axiomatic_triples=False, datatype_axioms=False).expand(work)
    for error in work.subjects(RDF.type, ERRNS.ErrorMessage):
        for message in work.objects(error, ERRNS.error):
            logger.warning("OWL RL inconsistency: %s", message)
    for t in work:
        if t not in given:
            yield t


# --------------------------------------------------------------------------------------------
# What is kept
# --------------------------------------------------------------------------------------------


def informative(candidates: Iterable[Triple], data: Graph, ontology: Graph) -> Graph:
    """Keep the informative entailments among ``candidates``.

    Kept: ``?x rdf:type C`` and ``?x p ?y`` where ``?x`` and ``?y`` are IRIs, and the triple
    is not already in ``data``. Dropped:

    * triples with a blank node or a literal anywhere (restriction classes, literal typing,
      entailed labels and values);
    * triples about the ontology's terms, or about terms of RDF, RDFS, OWL, XSD;
    * ``rdf:type`` to a class of RDF, RDFS, OWL or XSD (owl:Thing, rdfs:Resource,
      owl:NamedIndividual...), and other RDFS/OWL predicates (schema entailments), except
      ``owl:sameAs`` between two different resources;
    * ``?x p ?x`` for the property of an owl:hasSelf restriction (upr:instrumentSelf): it
      restates that ``?x`` is in the restricted class.
    """
    keep = _keeper(ontology)
    out = Graph()
    for prefix, namespace in PREFIXES.items():
        out.bind(prefix, namespace)
    for t in candidates:
        s, p, o = t
        if isinstance(s, URIRef) and isinstance(p, URIRef) and isinstance(o, URIRef) and keep(str(s), str(p), str(o)) and t not in data:
            out.add(t)
    return out


def _keeper(ontology: Graph) -> Any:
    """The test :func:`informative` applies to a triple of three IRIs (as strings), apart
    from "not in the data"."""
    own_terms = {str(s) for s in ontology.subjects() if isinstance(s, URIRef)}
    self_properties = {str(p) for r in ontology.subjects(OWL.hasSelf, None) for p in ontology.objects(r, OWL.onProperty)}
    rdf_type, same_as = str(RDF.type), str(OWL.sameAs)
    schema_namespaces = (str(RDFS), str(OWL))

    def keep(s: str, p: str, o: str) -> bool:
        if s in own_terms or s.startswith(_ONTOLOGY_NAMESPACES):
            return False
        if p == rdf_type:
            if o.startswith(_BUILTIN_NAMESPACES):
                return False
        elif p == same_as:
            if s == o:
                return False
        elif p.startswith(schema_namespaces):
            return False
        return not (s == o and p in self_properties)

    return keep


# --------------------------------------------------------------------------------------------
# Public entry points
# --------------------------------------------------------------------------------------------


def _schema_triples(g: Any) -> Iterator[Triple]:
    """The triples of ``g`` for which :func:`is_schema` holds, looked up by predicate (a
    store answers from its indexes instead of a scan of the whole corpus)."""
    for p in sorted(_AXIOM_PREDICATES | _LIST_PREDICATES, key=str):
        yield from g.triples((None, p, None))
    for t in g.triples((None, RDF.type, None)):
        if _in(t[2], _BUILTIN_NAMESPACES):
            yield t


def _relevant_triples(g: Any, signature: Signature) -> Iterator[Triple]:
    """The triples of ``g`` for which ``signature.relevant`` holds (some more than once),
    looked up by predicate, class and node rather than by a scan."""
    if signature.entails_equality:
        yield from g.triples((None, None, None))
        return
    yield from _schema_triples(g)
    for node in sorted(signature.equal, key=str):
        yield from g.triples((node, None, None))
        yield from g.triples((None, node, None))
        yield from g.triples((None, None, node))
    for p in sorted(signature.properties, key=str):
        if p in signature.typing and hasattr(g, "select"):
            # A store: leave out in the store what drop_implied_typing would leave out.
            yield from _typing_triples(g, p, signature)
            continue
        for t in g.triples((None, p, None)):
            if not isinstance(t[2], Literal) or p in signature.literal:
                yield t
    for c in sorted(signature.classes, key=str):
        yield from g.triples((None, RDF.type, c))


def _typing_triples(g: Any, p: Any, signature: Signature) -> Iterator[Triple]:
    """The triples ``?x p ?y`` of a typing-only property ``p`` that could type something new:
    those whose subject lacks one of p's domains, or whose object lacks one of its ranges, by
    the asserted types (data and ontology) and asserted superclasses. These are the triples
    :func:`drop_implied_typing` can keep, in the same order; the others it drops, so
    selecting them in the store (by SPARQL) changes nothing but the work.
    """

    def lacks(var: str, classes: frozenset[Any]) -> list[str]:
        tests = []
        for wanted in sorted(classes, key=str):
            implying = [c for c in {wanted, *signature.superclasses} if wanted in signature.superclasses.get(c, frozenset({c}))]
            values = ", ".join(f"<{c}>" for c in sorted(implying, key=str) if isinstance(c, URIRef))
            tests.append(f"NOT EXISTS {{ ?{var} a ?c FILTER (?c IN ({values})) }}")
        return tests

    tests = lacks("s", signature.domains.get(p, frozenset())) + lacks("o", signature.ranges.get(p, frozenset()))
    if not tests:
        return iter(())
    literal = "" if p in signature.literal else "FILTER (!isLiteral(?o))"
    query = f"SELECT ?s ?o WHERE {{ ?s <{p}> ?o . {literal} FILTER ({' || '.join(tests)}) }}"
    return ((s, p, o) for s, o in g.select(query))


def reason(data: Graph, ontology: Graph | None = None) -> Graph:
    """Return the informative OWL 2 RL entailments of ``data`` under ``ontology``.

    ``ontology`` defaults to :func:`load_ontology`. ``data`` is not modified. Gives the
    answer of :func:`reason_naive`: with the rules of ontology/rules/ run inside a store
    (kgbuild/rules.py) when they cover the axioms, else by closing with owlrl only what the
    axioms can act on.
    """
    out = Graph()
    for prefix, namespace in PREFIXES.items():
        out.bind(prefix, namespace)
    out.addN((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object), out) for t in reason_ox(data, ontology))
    return out


def reason_ox(data: Any, ontology: Graph | None = None) -> list[Any]:
    """:func:`reason` as Oxigraph triples (what a build puts into its store). The rules'
    conclusions are by construction not in the data (each rule returns only what the
    dataset does not hold), so only the other tests of :func:`informative` apply to them."""
    import pyoxigraph as ox

    if ontology is None:
        ontology = load_ontology()
    try:
        keep = _keeper(ontology)
        return [
            t for t in _entail_in_store(data, ontology)
            if isinstance(t.subject, ox.NamedNode) and isinstance(t.object, ox.NamedNode) and keep(t.subject.value, t.predicate.value, t.object.value)
        ]
    except rules.Unsupported as exc:
        logger.info("reasoning with owlrl: the ontology or the data has an axiom the rules of ontology/rules/ do not cover: %s", exc)
    return [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in _reason_owlrl(data, ontology)]


def _reason_owlrl(data: Any, ontology: Graph) -> Graph:
    """The entailments by owlrl, closing only what the axioms can act on (module docstring)."""
    graphs = (ontology, data)
    signature = Signature.of(t for g in graphs for t in _schema_triples(g))
    triples = list(dict.fromkeys(t for g in graphs for t in _relevant_triples(g, signature)))
    closure = _AnchoredClosure if signature.anchorable else _ClosureWithSelf
    merged: dict[Any, list[Any]] = {}
    if signature.reducible:
        types: dict[Any, set[Any]] = defaultdict(set)
        for g in graphs:
            for s, _, o in g.triples((None, RDF.type, None)):
                types[s].add(o)
        triples = drop_declarations(triples, signature)
        triples = drop_implied_typing(triples, signature, types)
        triples, merged = merge_islands(triples, signature)
    return informative(_expand(_close(triples, closure), merged), data, ontology)


def _entail_in_store(data: Any, ontology: Graph) -> list[Any]:
    """The triples the rules of ontology/rules/ derive (kgbuild/rules.py), as Oxigraph triples.

    A store's view (kgbuild.dataset.StoreView) whose context graph is ``ontology`` is
    reasoned over where it is; any other data goes into a private in-memory store with the
    ontology first."""
    import pyoxigraph as ox

    from .terms import graph_to_ox

    store, graphs = getattr(data, "store", None), list(getattr(data, "graphs", ()))
    context = list(getattr(data, "context", ()))
    if store is not None and len(context) == 1 and _same_graph(data.store, context[0], ontology):
        graphs += context
    else:
        store = ox.Store()
        graphs = [ox.NamedNode("urn:kgbuild:data"), ox.NamedNode("urn:kgbuild:ontology")]
        store.extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o), graphs[0]) for s, p, o in data.triples((None, None, None)))
        store.extend(graph_to_ox(ontology, graphs[1]))
    return rules.entail(store, graphs)


def _same_graph(store: Any, name: Any, graph: Graph) -> bool:
    """Whether named graph ``name`` of ``store`` holds ``graph`` (the ontology: small)."""
    from rdflib.compare import isomorphic

    from .terms import graph_from_ox

    held = graph_from_ox(store.quads_for_pattern(None, None, None, name))
    return len(held) == len(graph) and isomorphic(held, graph)


def reason_naive(data: Graph, ontology: Graph | None = None) -> Graph:
    """Return the informative entailments of the full OWL 2 RL closure of data + ontology.

    The reference path (``kgbuild reason --naive``): owlrl's rules over every triple, with
    the output filter of :func:`reason`. Takes seconds on a real document.
    """
    if ontology is None:
        ontology = load_ontology()
    everything = (t for g in (ontology, data) for t in g)
    return informative(_close(everything, _ClosureWithSelf), data, ontology)


def summarize(entailments: Graph) -> dict[str, int]:
    """Count entailments by predicate, and ``rdf:type`` triples by class.

    Keys are compact names (``"upr:hasPart"``, ``"rdf:type upr:TextUnit"``), sorted.

    >>> g = Graph()
    >>> _ = g.add((URIRef("https://w3id.org/upr-kg/id/a"), RDF.type, UPR.TextUnit))
    >>> summarize(g)
    {'rdf:type upr:TextUnit': 1}
    """
    names = Graph(bind_namespaces="none")
    for prefix, namespace in {**PREFIXES, "foaf": str(FOAF)}.items():
        names.bind(prefix, namespace)

    def short(node: Any) -> str:
        try:
            return names.namespace_manager.curie(node, generate=False)
        except (KeyError, ValueError):  # no prefix fits
            return f"<{node}>"

    counts: Counter[str] = Counter()
    for _, p, o in entailments:
        if p == RDF.type and isinstance(o, URIRef):
            counts[f"{short(RDF.type)} {short(o)}"] += 1
        else:
            counts[short(p)] += 1
    return dict(sorted(counts.items()))
