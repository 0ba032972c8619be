"""Entailments of the bundled addendum (issue "validate, reason and query", item 6).

The closure of the bundled document must contain what its ontology implies — and nothing
in it may contradict the shapes.
"""

from __future__ import annotations

from rdflib import RDF, Graph, URIRef

from kgbuild.iri import ELI, ORG, UPR

ID = "https://w3id.org/upr-kg/id/"
RESPONSE_14 = URIRef(ID + "document/KAZ/4/addendum/response/4")  # "Recommendations 140.14 and 140.15"
ROME = URIRef(ID + "instrument/rome-statute")
CONSTITUTION = URIRef(ID + "instrument/KAZ/constitution")


def _responses_to(graph: Graph, number: str) -> set[URIRef]:
    rec = URIRef(ID + f"review/KAZ/4/recommendation/{number}")
    return set(graph.subjects(UPR.respondsTo, rec))


def test_response_to_140_14_relates_to_constitution_and_rome_statute(bundled_build) -> None:
    inferred = bundled_build.inferred
    leaf = RESPONSE_14
    assert leaf in _responses_to(bundled_build.graph, "140.14")
    related = set(inferred.objects(leaf, UPR.relatesToInstrument))
    assert {ROME, CONSTITUTION} <= related
    # Only instruments, never provisions.
    assert all((o, RDF.type, UPR.Provision) not in bundled_build.graph for o in related)


def test_relates_to_instrument_is_never_asserted(bundled_build) -> None:
    assert list(bundled_build.graph.triples((None, UPR.relatesToInstrument, None))) == []


def test_incompatibility_both_directions(bundled_build) -> None:
    g = bundled_build.graph + bundled_build.inferred
    art27 = URIRef(ID + "instrument/rome-statute/art-27/para-1")
    art46 = URIRef(ID + "instrument/KAZ/constitution/art-46/para-1")
    assert (art27, UPR.incompatibleWith, art46) in g
    assert (art46, UPR.incompatibleWith, art27) in g
    asserted = (art27, UPR.incompatibleWith, art46) in bundled_build.graph
    assert asserted != ((art46, UPR.incompatibleWith, art27) in bundled_build.graph), "one direction is inferred"


def test_part_of_is_transitive_with_inverse(bundled_build) -> None:
    sub = URIRef(ID + "instrument/KAZ/tax-code/art-30/para-1/subpara-11")
    code = URIRef(ID + "instrument/KAZ/tax-code")
    assert (sub, UPR.partOf, code) in bundled_build.inferred
    assert (code, UPR.hasPart, sub) in bundled_build.inferred


def test_alignment_types(bundled_build) -> None:
    inferred = bundled_build.inferred
    assert (CONSTITUTION, RDF.type, ELI.LegalResource) in inferred
    assert (URIRef(ID + "instrument/KAZ/constitution/art-14"), RDF.type, ELI.LegalResourceSubdivision) in inferred
    assert (URIRef(ID + "institution/KAZ/ministry-of-finance"), RDF.type, ORG.Organization) in inferred
    assert (URIRef(ID + "review/KAZ/4/recommendation/140.14"), UPR.hasResponse, RESPONSE_14) in inferred


def test_entailments_are_informative_only(bundled_build) -> None:
    from rdflib import OWL, Literal

    for s, p, o in bundled_build.inferred:
        assert not isinstance(o, Literal), (s, p, o)
        assert not (p == OWL.sameAs and s == o), (s, p, o)
        assert (s, p, o) not in bundled_build.graph


def test_closure_still_conforms(bundled_build) -> None:
    from kgbuild import reason, validate

    report = validate.validate(bundled_build.graph + bundled_build.inferred, ontology=reason.load_ontology())
    assert report.violations == [], report.summary()
