"""ontology/upr.ttl: the published vocabulary (VOCABULARY.md) and the extra terms of MODEL.md.

The term lists below are copied from those two documents: a term dropped or renamed in
upr.ttl breaks the contract with consumers and must fail here.
"""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kgbuild.iri import ELI, ORG, PROV, UPR
from kgbuild.reason import load_ontology

CORE_CLASSES = (
    "Document Review State Recommendation Position Response LegalInstrument Treaty Constitution "
    "Code Law Decree Order Policy Provision Institution TextUnit Paragraph Heading Footnote "
    "Mention Statistic"
).split()
EXTRA_CLASSES = "FootnoteMarker IrregularMention UnresolvedMention DeclaredTotal DocumentKind".split()
CORE_OBJECT_PROPERTIES = (
    "aboutReview stateUnderReview inReview position respondsTo cites mentions inDocument "
    "jurisdiction partOf hasPart subOrganizationOf inText denotes partOfTotal relatesToInstrument "
    "incompatibleWith hasResponse recommendingState"
).split()
EXTRA_OBJECT_PROPERTIES = (
    "refersToFootnote evidence mentionsState refersTo heading underHeading documentKind "
    "hasFootnote issuedBy issue"
).split()
CORE_DATATYPE_PROPERTIES = (
    "symbol originalLanguage hrcSession cycle iso3 recommendationNumber text dateAdopted number "
    "article paragraph subparagraph paragraphNumber level footnoteNumber exact start end value year"
).split()
EXTRA_DATATYPE_PROPERTIES = (
    "markerNumber sourceIssue qualifier periodStart periodEnd order itemCount agendaItem iso2"
).split()
POSITIONS = ("Supported", "Noted", "Pending", "PartiallySupported")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology()


@pytest.mark.parametrize("name", CORE_CLASSES + EXTRA_CLASSES)
def test_class_is_declared(ontology: Graph, name: str) -> None:
    assert (UPR[name], RDF.type, OWL.Class) in ontology


@pytest.mark.parametrize("name", CORE_OBJECT_PROPERTIES + EXTRA_OBJECT_PROPERTIES)
def test_object_property_is_declared(ontology: Graph, name: str) -> None:
    assert (UPR[name], RDF.type, OWL.ObjectProperty) in ontology


@pytest.mark.parametrize("name", CORE_DATATYPE_PROPERTIES + EXTRA_DATATYPE_PROPERTIES)
def test_datatype_property_is_declared(ontology: Graph, name: str) -> None:
    assert (UPR[name], RDF.type, OWL.DatatypeProperty) in ontology


def test_local_label_is_a_hidden_label(ontology: Graph) -> None:
    assert (UPR.localLabel, RDFS.subPropertyOf, SKOS.hiddenLabel) in ontology


def test_every_term_has_an_english_label_and_definition(ontology: Graph) -> None:
    terms = {s for s in ontology.subjects() if isinstance(s, URIRef) and str(s).startswith(str(UPR))}
    assert len(terms) > 70
    for term in terms:
        labels = {lit.language for lit in ontology.objects(term, RDFS.label) if isinstance(lit, Literal)}
        definitions = {lit.language for lit in ontology.objects(term, SKOS.definition) if isinstance(lit, Literal)}
        assert "en" in labels, f"{term} has no rdfs:label@en"
        assert "en" in definitions, f"{term} has no skos:definition@en"


@pytest.mark.parametrize("name", POSITIONS)
def test_positions_are_concepts_of_the_positions_scheme(ontology: Graph, name: str) -> None:
    position = UPR[name]
    assert (position, RDF.type, UPR.Position) in ontology
    assert (position, RDF.type, SKOS.Concept) in ontology
    assert (position, SKOS.inScheme, UPR.Positions) in ontology
    languages = {lit.language for lit in ontology.objects(position, SKOS.prefLabel)}
    assert {"en", "fr", "es"} <= languages


def test_document_kinds_scheme(ontology: Graph) -> None:
    assert (UPR.DocumentKinds, RDF.type, SKOS.ConceptScheme) in ontology
    for kind in (UPR.Addendum, UPR.WorkingGroupReport):
        assert (kind, SKOS.inScheme, UPR.DocumentKinds) in ontology
        assert (kind, RDF.type, UPR.DocumentKind) in ontology


def test_axioms_of_the_vocabulary(ontology: Graph) -> None:
    assert (UPR.partOf, RDF.type, OWL.TransitiveProperty) in ontology
    assert (UPR.partOf, OWL.inverseOf, UPR.hasPart) in ontology
    assert (UPR.incompatibleWith, RDF.type, OWL.SymmetricProperty) in ontology
    assert (UPR.respondsTo, OWL.inverseOf, UPR.hasResponse) in ontology
    chains = [list(ontology.items(c)) for c in ontology.objects(UPR.relatesToInstrument, OWL.propertyChainAxiom)]
    assert sorted(chains, key=len) == [[UPR.cites, UPR.instrumentSelf], [UPR.cites, UPR.partOf, UPR.instrumentSelf]]
    for sub in (UPR.cites, UPR.mentions, UPR.mentionsState, UPR.respondsTo):
        assert (sub, RDFS.subPropertyOf, UPR.refersTo) in ontology


def test_alignments(ontology: Graph) -> None:
    assert (UPR.LegalInstrument, RDFS.subClassOf, ELI.LegalResource) in ontology
    assert (UPR.Provision, RDFS.subClassOf, ELI.LegalResourceSubdivision) in ontology
    assert (UPR.partOf, RDFS.subPropertyOf, ELI.is_part_of) in ontology
    assert (UPR.Institution, RDFS.subClassOf, ORG.Organization) in ontology
    assert (UPR.subOrganizationOf, RDFS.subPropertyOf, ORG.subOrganizationOf) in ontology
    assert (UPR.Response, RDFS.subClassOf, PROV.Entity) in ontology
    assert (UPR.Position, RDFS.subClassOf, SKOS.Concept) in ontology
    # eli:cites has the domain eli:LegalResource in ELI: a response is not one.
    assert (UPR.cites, RDFS.subPropertyOf, ELI.cites) not in ontology


@pytest.mark.parametrize("name", ["position", "denotes", "cites", "partOf", "aboutReview", "inDocument"])
def test_properties_used_by_several_classes_have_no_domain(ontology: Graph, name: str) -> None:
    assert ontology.value(UPR[name], RDFS.domain) is None


def test_no_axiom_entails_owl_sameAs(ontology: Graph) -> None:
    """Functional properties, keys and max cardinalities would merge resources."""
    for kind in (OWL.FunctionalProperty, OWL.InverseFunctionalProperty):
        assert not set(ontology.subjects(RDF.type, kind))
    for p in (OWL.hasKey, OWL.maxCardinality, OWL.maxQualifiedCardinality, OWL.cardinality, OWL.sameAs):
        assert not set(ontology.triples((None, p, None)))
