"""ontology/context.jsonld: the JSON-LD 1.1 @context of the published data.

Every term of upr.ttl has a short name with the right coercion, and compacting a graph that
uses every term with this context (rdflib's JSON-LD serializer) and parsing it back gives
the same graph. The context is read from the package, never fetched.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import graph_diff, isomorphic
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from kgbuild import resources
from kgbuild.iri import PROV, UPR
from kgbuild.reason import load_ontology

ID = Namespace("https://w3id.org/upr-kg/id/")
QB = Namespace("http://purl.org/linked-data/cube#")
SKOS_SCHEME = SKOS.ConceptScheme


@pytest.fixture(scope="module")
def context() -> dict[str, Any]:
    document = json.loads((resources.ontology_dir() / "context.jsonld").read_text(encoding="utf-8"))
    assert set(document) == {"@context"}
    return document["@context"]


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology()


def _expand(context: dict[str, Any], value: str) -> str:
    prefix, _, local = value.partition(":")
    if prefix in context and isinstance(context[prefix], str) and not value.startswith("http"):
        return context[prefix] + local
    return value


def _term_iri(context: dict[str, Any], term: str) -> str:
    definition = context[term]
    return _expand(context, definition if isinstance(definition, str) else definition["@id"])


def _upr_terms(ontology: Graph) -> dict[URIRef, URIRef]:
    """Every term of the upr namespace with its kind (owl:Class, owl:ObjectProperty, ...)."""
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, OWL.NamedIndividual, SKOS_SCHEME)
    terms: dict[URIRef, URIRef] = {}
    for kind in kinds:
        for s in ontology.subjects(RDF.type, kind):
            if isinstance(s, URIRef) and str(s).startswith(str(UPR)):
                terms.setdefault(s, kind)
    return terms


def test_context_is_json_ld_1_1_with_the_project_prefixes(context: dict[str, Any]) -> None:
    assert context["@version"] == 1.1
    assert context["upr"] == str(UPR)
    assert context["id"] == "https://w3id.org/upr-kg/id/"
    for prefix in ("rdfs", "skos", "dcterms", "prov", "xsd", "eli", "org", "owl", "rdf"):
        assert context[prefix].startswith("http")


def test_every_upr_term_has_a_short_name(context: dict[str, Any], ontology: Graph) -> None:
    by_iri = {_term_iri(context, t): t for t in context if not t.startswith("@") and not (isinstance(context[t], str) and context[t].endswith(("/", "#")))}
    missing = [str(t) for t in _upr_terms(ontology) if str(t) not in by_iri]
    assert not missing


def test_object_properties_are_coerced_to_iris(context: dict[str, Any], ontology: Graph) -> None:
    by_iri = {_term_iri(context, t): t for t in context if not t.startswith("@")}
    for prop, kind in _upr_terms(ontology).items():
        if kind == OWL.ObjectProperty:
            assert context[by_iri[str(prop)]]["@type"] == "@id", prop


@pytest.mark.parametrize("datatype", [XSD.integer, XSD.date, XSD.gYear])
def test_typed_datatype_properties_are_coerced_to_their_range(context: dict[str, Any], ontology: Graph, datatype: URIRef) -> None:
    by_iri = {_term_iri(context, t): t for t in context if not t.startswith("@")}
    props = [p for p in ontology.subjects(RDFS.range, datatype) if str(p).startswith(str(UPR))]
    assert props
    for prop in props:
        definition = context[by_iri[str(prop)]]
        assert _expand(context, definition["@type"]) == str(datatype), prop


def test_value_is_rdf_value_and_labels_are_a_language_map(context: dict[str, Any]) -> None:
    assert _term_iri(context, "value") == str(RDF.value)
    assert _term_iri(context, "statisticValue") == str(UPR.value)
    assert context["label"] == {"@id": "rdfs:label", "@container": "@language"}


def _sample_graph() -> Graph:
    """A graph that uses every term of the context, with the values the data has."""
    g = Graph()
    state, review, doc = ID["state/KAZ"], ID["review/KAZ/4"], ID["document/KAZ/4/addendum"]
    rec, resp = ID["review/KAZ/4/recommendation/140.14"], ID["document/KAZ/4/addendum/response/3"]
    para, heading = ID["document/KAZ/4/addendum/paragraph/17"], ID["document/KAZ/4/addendum/heading/3"]
    footnote, marker = ID["document/KAZ/4/addendum/footnote/2"], para + "/marker/2"
    mention = URIRef(para + "/mention/38-50")
    rome, art, para1 = ID["instrument/rome-statute"], ID["instrument/rome-statute/art-27"], ID["instrument/rome-statute/art-27/para-1"]
    const = ID["instrument/KAZ/constitution"]
    ministry, gov = ID["institution/KAZ/ministry-of-labour"], ID["institution/KAZ/government"]
    stat, total = URIRef(para + "/statistic/4"), URIRef(para + "/statistic/0")
    theme = ID["theme/statelessness"]
    triples = [
        (doc, RDF.type, UPR.Document), (doc, UPR.symbol, Literal("A/HRC/59/15/Add.1")),
        (doc, DCTERMS.title, Literal("Report of the Working Group", lang="en")),
        (doc, DCTERMS.issued, Literal("2025-04-24", datatype=XSD.date)),
        (doc, UPR.originalLanguage, Literal("ru")), (doc, UPR.hrcSession, Literal(59)),
        (doc, UPR.agendaItem, Literal(6)), (doc, UPR.documentKind, UPR.Addendum),
        (doc, UPR.aboutReview, review), (doc, DCTERMS.source, Literal("kazakhstan-upr4-addendum.md")),
        (review, RDF.type, UPR.Review), (review, UPR.stateUnderReview, state), (review, UPR.cycle, Literal(4)),
        (state, RDF.type, UPR.State), (state, UPR.iso3, Literal("KAZ")), (state, UPR.iso2, Literal("KZ")),
        (state, RDFS.label, Literal("Kazakhstan", lang="en")), (state, RDFS.label, Literal("Казахстан", lang="ru")),
        (state, RDFS.label, Literal("Kazakhstan (plain)")),
        (state, SKOS.exactMatch, URIRef("http://publications.europa.eu/resource/authority/country/KAZ")),
        (state, OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q232")),
        (rec, RDF.type, UPR.Recommendation), (rec, UPR.recommendationNumber, Literal("140.14")),
        (rec, UPR.inReview, review), (rec, UPR.position, UPR.Noted), (rec, UPR.recommendingState, ID["state/FRA"]),
        (rec, UPR.text, Literal("Ratify the Rome Statute", lang="en")), (rec, UPR.issue, theme),
        (rec, UPR.mentionsInstrument, rome), (resp, UPR.supportedPart, Literal("ratify the Rome Statute")),
        (rec, UPR.hasResponse, resp),
        (resp, RDF.type, UPR.Response), (resp, UPR.respondsTo, rec), (resp, UPR.position, UPR.Noted),
        (resp, UPR.heading, heading), (resp, UPR.inDocument, doc), (resp, UPR.cites, para1),
        (resp, UPR.mentions, ministry), (resp, UPR.mentionsState, state), (resp, UPR.refersTo, rec),
        (resp, UPR.relatesToInstrument, rome), (resp, PROV.wasDerivedFrom, para),
        (resp, DCTERMS.isPartOf, ID["document/KAZ/4/addendum/response/2"]),
        (heading, RDF.type, UPR.Heading), (heading, UPR.level, Literal(2)), (heading, RDF.value, Literal("Recommendations 140.14 and 140.15")),
        (para, RDF.type, UPR.Paragraph), (para, UPR.paragraphNumber, Literal(17)), (para, UPR.inDocument, doc),
        (para, UPR.underHeading, heading), (para, UPR.order, Literal(13)), (para, UPR.itemCount, Literal(0)),
        (para, UPR.hasFootnote, footnote),
        (para, RDF.value, Literal("The above provisions of the Rome Statute are incompatible with the Constitution")),
        (footnote, RDF.type, UPR.Footnote), (footnote, UPR.footnoteNumber, Literal(2)),
        (footnote, RDF.value, Literal("пункт 1 статьи 46.")), (footnote, DCTERMS.language, Literal("ru")),
        (marker, RDF.type, UPR.FootnoteMarker), (marker, UPR.inText, para), (marker, UPR.start, Literal(129)),
        (marker, UPR.markerNumber, Literal(2)), (marker, UPR.refersToFootnote, footnote),
        (mention, RDF.type, UPR.IrregularMention), (mention, UPR.inText, para), (mention, UPR.exact, Literal("Rome Statute")),
        (mention, UPR.start, Literal(38)), (mention, UPR.end, Literal(50)), (mention, UPR.denotes, rome),
        (mention, UPR.sourceIssue, Literal("an irregular form")),
        (ID["m/unresolved"], RDF.type, UPR.UnresolvedMention),
        (rome, RDF.type, UPR.Treaty), (rome, UPR.dateAdopted, Literal("1998-07-17", datatype=XSD.date)),
        (rome, SKOS.altLabel, Literal("Rome Statute", lang="en")), (rome, UPR.hasPart, art),
        (rome, SKOS.prefLabel, Literal("Rome Statute of the ICC", lang="en")),
        (const, RDF.type, UPR.Constitution), (const, UPR.jurisdiction, state), (const, UPR.number, Literal("1")),
        (const, UPR.localLabel, Literal("Constitution", lang="en")), (const, UPR.localLabel, Literal("Конституция", lang="ru")),
        (const, SKOS.hiddenLabel, Literal("Конституции", lang="ru")), (const, UPR.issuedBy, gov),
        (art, RDF.type, UPR.Provision), (art, UPR.partOf, rome), (art, UPR.article, Literal("27")),
        (para1, RDF.type, UPR.Provision), (para1, UPR.partOf, art), (para1, UPR.paragraph, Literal("1")),
        (para1, UPR.subparagraph, Literal("11")), (para1, UPR.incompatibleWith, ID["instrument/KAZ/constitution/art-46/para-1"]),
        (ministry, RDF.type, UPR.Institution), (ministry, UPR.subOrganizationOf, gov),
        (ministry, RDFS.comment, Literal("Reports to the Government.", lang="en")),
        (stat, RDF.type, UPR.Statistic), (stat, UPR.value, Literal(8822)), (stat, UPR.value, Literal("3.5", datatype=XSD.decimal)),
        (stat, RDFS.label, Literal("undocumented stateless persons identified", lang="en")),
        (stat, UPR.year, Literal("2021", datatype=XSD.gYear)), (stat, UPR.qualifier, Literal("more than")),
        (stat, UPR.periodStart, Literal("2021-01-01", datatype=XSD.date)), (stat, UPR.periodEnd, Literal("2021", datatype=XSD.gYear)),
        (stat, UPR.partOfTotal, total), (stat, UPR.evidence, mention),
        (total, RDF.type, UPR.DeclaredTotal), (total, UPR.position, UPR.PartiallySupported),
        (UPR.Supported, SKOS.inScheme, UPR.Positions), (UPR.Supported, SKOS.definition, Literal("supported", lang="en")),
        (ID["x"], UPR.instrumentSelf, ID["x"]), (ID["x"], RDF.type, UPR.LegalInstrument),
        (ID["y"], UPR.position, UPR.Pending), (ID["y"], UPR.documentKind, UPR.WorkingGroupReport),
        (ID["y"], RDF.type, UPR.Code), (ID["y"], RDF.type, UPR.Law), (ID["y"], RDF.type, UPR.Decree),
        (ID["y"], RDF.type, UPR.Order), (ID["y"], RDF.type, UPR.Policy), (ID["y"], RDF.type, UPR.TextUnit),
        (ID["y"], RDF.type, UPR.Mention), (ID["y"], RDF.type, UPR.Position), (ID["y"], RDF.type, UPR.DocumentKind),
        (ID["y"], UPR.position, UPR.Supported), (ID["y"], SKOS.inScheme, UPR.DocumentKinds),
        (ID["y"], UPR.positionEvidence, mention), (ID["y"], UPR.positionSource, ID["x"]),
        (rec, UPR.jointWith, ID["review/KAZ/4/recommendation/140.15"]), (rec, UPR.actionCategory, ID["upr-info/action/5"]),
        (rec, UPR.sameRecommendationAs, ID["review/KAZ/4/recommendation/upr-info-sessions-1-5-2"]),
        (rec, UPR.recommendingStateGroup, Literal("WEOG")), (rec, UPR.recommendingStateOrganisation, Literal("EU")),
        (review, UPR.wgSession, Literal(48)), (review, UPR.stateUnderReviewGroup, Literal("Asia")),
        (review, UPR.stateUnderReviewOrganisation, Literal("OIC")),
        (ID["g"], RDF.type, UPR.SourceGraph), (ID["g"], UPR.contentHash, Literal("ab12")), (ID["g"], UPR.pipelineHash, Literal("cd34")),
        (ID["cube/positions"], QB.structure, UPR.positionCounts), (ID["cube/issues"], QB.structure, UPR.issueCounts),
        (ID["cube/issues-per-cycle"], QB.structure, UPR.issueCycleCounts),
        (ID["obs"], UPR.refState, ID["state/KAZ"]), (ID["obs"], UPR.refCycle, Literal(4)),
        (ID["obs"], UPR.refPosition, UPR.Noted), (ID["obs"], UPR.refIssue, ID["upr-info/issue/justice"]),
        (ID["obs"], UPR.recommendationCount, Literal(35)), (ID["obs"], UPR.supportedCount, Literal(0)),
    ]
    for t in triples:
        g.add(t)
    return g


def test_sample_graph_uses_every_term(context: dict[str, Any]) -> None:
    g = _sample_graph()
    used = {str(n) for t in g for n in t}
    for term in context:
        if term.startswith("@") or (isinstance(context[term], str) and context[term].endswith(("/", "#"))):
            continue
        assert _term_iri(context, term) in used, term


def test_compaction_round_trip_is_isomorphic(context: dict[str, Any]) -> None:
    g = _sample_graph()
    text = g.serialize(format="json-ld", context=context)
    document = json.loads(text)
    assert document["@context"] == context  # compacted with our context, not an expanded dump
    back = Graph().parse(data=text, format="json-ld")
    if not isomorphic(g, back):
        _, only_in_g, only_in_back = graph_diff(g, back)
        pytest.fail(f"lost: {sorted(only_in_g)}\ngained: {sorted(only_in_back)}")


def test_compaction_uses_the_short_names(context: dict[str, Any]) -> None:
    text = _sample_graph().serialize(format="json-ld", context=context)
    nodes = {node["@id"]: node for node in json.loads(text)["@graph"]}
    state = nodes["https://w3id.org/upr-kg/id/state/KAZ"]
    assert state["@type"] == "State"
    assert state["label"] == {"en": "Kazakhstan", "ru": "Казахстан"}
    para = nodes["https://w3id.org/upr-kg/id/document/KAZ/4/addendum/paragraph/17"]
    assert para["inDocument"] == "https://w3id.org/upr-kg/id/document/KAZ/4/addendum"
    assert para["value"].startswith("The above provisions")


def test_compaction_round_trip_of_the_bundled_document(context: dict[str, Any], kaz_graph: Graph) -> None:
    text = kaz_graph.serialize(format="json-ld", context=context)
    back = Graph().parse(data=text, format="json-ld")
    assert isomorphic(kaz_graph, back)
