"""The rules of ontology/rules/ (kgbuild/rules.py), one case per rule, each checked against owlrl.

Every case is a small ontology and data graph in which the rule named by the case must fire
(the expected triple is written from the rule's definition in W3C OWL 2 Profiles, section
4.3), and the whole informative output of the in-store rules must equal owlrl's
(``reason_naive``). The second table lists axioms the rules do not implement: the store
path must refuse them (``Unsupported``) and ``reason`` must still give owlrl's answer.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef

from kgbuild import rules
from kgbuild.reason import reason, reason_naive
from kgbuild.terms import graph_to_ox

PREFIXES = """
@prefix : <https://example.org/o#> .
@prefix d: <https://w3id.org/upr-kg/id/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
D = "https://w3id.org/upr-kg/id/"
O = "https://example.org/o#"
TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

# rule id -> (ontology, data, expected (s, p, o) as IRIs)
RULES = {
    "cax-sco": (":A rdfs:subClassOf :B . :B rdfs:subClassOf :C .", "d:x a :A .", (D + "x", TYPE, O + "C")),
    "cax-eqc1": (":A owl:equivalentClass :B .", "d:x a :A .", (D + "x", TYPE, O + "B")),
    "cax-eqc2": (":A owl:equivalentClass :B .", "d:x a :B .", (D + "x", TYPE, O + "A")),
    "prp-dom": (":p rdfs:domain :A . :A rdfs:subClassOf :B .", "d:x :p d:y .", (D + "x", TYPE, O + "B")),
    "prp-rng": (":p rdfs:range :A .", 'd:x :p d:y . d:x :p "a literal" .', (D + "y", TYPE, O + "A")),
    "prp-spo1": (":p rdfs:subPropertyOf :q . :q rdfs:subPropertyOf :r .", "d:x :p d:y .", (D + "x", O + "r", D + "y")),
    "prp-eqp1": (":p owl:equivalentProperty :q .", "d:x :p d:y .", (D + "x", O + "q", D + "y")),
    "prp-eqp2": (":p owl:equivalentProperty :q .", "d:x :q d:y .", (D + "x", O + "p", D + "y")),
    "prp-inv1": (":p owl:inverseOf :q .", "d:x :p d:y .", (D + "y", O + "q", D + "x")),
    "prp-inv2": (":p owl:inverseOf :q .", "d:x :q d:y .", (D + "y", O + "p", D + "x")),
    "prp-symp": (":p a owl:SymmetricProperty .", "d:x :p d:y .", (D + "y", O + "p", D + "x")),
    "prp-trp": (":p a owl:TransitiveProperty .", "d:a :p d:b . d:b :p d:c . d:c :p d:d .", (D + "a", O + "p", D + "d")),
    "prp-spo2-2": (":r owl:propertyChainAxiom ( :p :q ) .", "d:a :p d:b . d:b :q d:c .", (D + "a", O + "r", D + "c")),
    "prp-spo2-3": (":r owl:propertyChainAxiom ( :p :q :s ) .", "d:a :p d:b . d:b :q d:c . d:c :s d:e .", (D + "a", O + "r", D + "e")),
    "has-self-1": (
        ":A rdfs:subClassOf [ a owl:Restriction ; owl:onProperty :self ; owl:hasSelf true ] . :r owl:propertyChainAxiom ( :p :self ) .",
        "d:a :p d:b . d:b a :A .",
        (D + "a", O + "r", D + "b"),
    ),
    "has-self-2": (
        ":B owl:equivalentClass [ a owl:Restriction ; owl:onProperty :self ; owl:hasSelf true ] .",
        "d:a :self d:a .",
        (D + "a", TYPE, O + "B"),
    ),
}

# axiom kind -> (ontology, data): the rules refuse these; owlrl's path answers.
UNSUPPORTED = {
    "owl:sameAs in the data": ("", "d:a owl:sameAs d:b . d:a a d:C ."),
    "functional property": (":p a owl:FunctionalProperty .", "d:a :p d:b , d:c ."),
    "hasValue restriction": (":A owl:equivalentClass [ a owl:Restriction ; owl:onProperty :p ; owl:hasValue d:v ] .", "d:a a :A ."),
    "intersection": (":A owl:intersectionOf ( :B :C ) .", "d:a a :B , :C ."),
    "disjoint classes": (":A owl:disjointWith :B .", "d:a a :A , :B ."),
    "owl:Thing in an axiom": ("owl:Thing rdfs:subClassOf :A .", "d:a a :B ."),
    "chain of four": (":r owl:propertyChainAxiom ( :p :p :p :p ) .", "d:a :p d:b . d:b :p d:c . d:c :p d:d . d:d :p d:e ."),
    "inverse with a literal value": (":p owl:inverseOf :q . :q rdfs:range :R .", 'd:a :p "x" .'),
    "inverse with a literal value on its other side": (":p owl:inverseOf :q . :p rdfs:range :R .", 'd:a :q "x" .'),
    "symmetric property with a literal value": (":p a owl:SymmetricProperty ; rdfs:range :R .", 'd:a :p "x" .'),
    "sub-property of a built-in property": (":p rdfs:subPropertyOf rdfs:label .", 'd:a :p "x" .'),
}


def _graph(text: str) -> Graph:
    return Graph().parse(data=PREFIXES + text, format="turtle")


def _store(ontology: Graph, data: Graph) -> tuple[ox.Store, list[ox.NamedNode]]:
    store = ox.Store()
    names = [ox.NamedNode("urn:test:data"), ox.NamedNode("urn:test:ontology")]
    store.extend(graph_to_ox(data, names[0]))
    store.extend(graph_to_ox(ontology, names[1]))
    return store, names


@pytest.mark.parametrize("rule", sorted(RULES))
def test_rule(rule: str) -> None:
    ontology_text, data_text, expected = RULES[rule]
    ontology, data = _graph(ontology_text), _graph(data_text)
    store, names = _store(ontology, data)
    assert rules.entail(store, names)  # the rules cover the case: reason() takes the store path
    fast = reason(data, ontology)
    assert tuple(URIRef(t) for t in expected) in fast
    assert set(fast) == set(reason_naive(data, ontology))


def test_every_rule_file_has_a_case() -> None:
    assert {r.name for r in rules.rules()} == set(RULES)


def test_rules_leave_the_store_as_it_was() -> None:
    ontology_text, data_text, _ = RULES["prp-trp"]
    store, names = _store(_graph(ontology_text), _graph(data_text))
    before = set(store)
    assert len(rules.entail(store, names)) == 3
    assert set(store) == before and rules.WORK not in set(store.named_graphs())


@pytest.mark.parametrize("case", sorted(UNSUPPORTED))
def test_unsupported_axioms_go_to_owlrl(case: str) -> None:
    ontology_text, data_text = UNSUPPORTED[case]
    ontology, data = _graph(ontology_text), _graph(data_text)
    store, names = _store(ontology, data)
    with pytest.raises(rules.Unsupported):
        rules.entail(store, names)
    assert set(reason(data, ontology)) == set(reason_naive(data, ontology))
