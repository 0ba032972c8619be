"""The entailments of upr.ttl's axioms on a realistic excerpt (data/kaz-rome-statute.ttl).

Tests are named after the OWL 2 RL rule and the axiom they check (prp-trp: transitivity,
prp-inv: inverses, prp-symp: symmetry, prp-spo1: sub-properties, prp-spo2: property chains,
prp-rng/prp-dom: ranges and domains, cax-sco: sub-classes).
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, RDF, RDFS, SKOS
from rdflib.compare import isomorphic

from kgbuild import reason as reasoning
from kgbuild.errors import MappingError
from kgbuild.iri import ELI, ORG, PROV, UPR
from kgbuild.reason import Signature, is_schema, load_ontology, merge_islands, reason, reason_naive, summarize

DATA = Path(__file__).parent / "data"
ID = Namespace("https://w3id.org/upr-kg/id/")

RESPONSE = ID["document/KAZ/4/addendum/response/3"]
REC_14 = ID["review/KAZ/4/recommendation/140.14"]
REC_15 = ID["review/KAZ/4/recommendation/140.15"]
ROME = ID["instrument/rome-statute"]
ROME_27 = ID["instrument/rome-statute/art-27"]
ROME_27_1 = ID["instrument/rome-statute/art-27/para-1"]
CONST = ID["instrument/KAZ/constitution"]
CONST_46 = ID["instrument/KAZ/constitution/art-46"]
CONST_46_1 = ID["instrument/KAZ/constitution/art-46/para-1"]
MINISTRY = ID["institution/KAZ/ministry-of-labour"]
GOVERNMENT = ID["institution/KAZ/government"]
PARAGRAPH_16 = ID["document/KAZ/4/addendum/paragraph/16"]
FOOTNOTE_2 = ID["document/KAZ/4/addendum/footnote/2"]
MENTION = ID["document/KAZ/4/addendum/paragraph/16/mention/11-56"]
DOCUMENT = ID["document/KAZ/4/addendum"]


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology()


@pytest.fixture(scope="module")
def data() -> Graph:
    return Graph().parse(DATA / "kaz-rome-statute.ttl", format="turtle")


@pytest.fixture(scope="module")
def entailed(data: Graph, ontology: Graph) -> Graph:
    return reason(data, ontology)


def _tiny(*triples: tuple[URIRef, URIRef, URIRef]) -> Graph:
    g = Graph()
    for t in triples:
        g.add(t)
    return g


# --- upr:partOf: owl:TransitiveProperty, owl:inverseOf upr:hasPart ------------------------


def test_prp_trp_partOf_is_transitive(entailed: Graph) -> None:
    assert (ROME_27_1, UPR.partOf, ROME) in entailed
    assert (CONST_46_1, UPR.partOf, CONST) in entailed
    # asserted links are not repeated
    assert (ROME_27_1, UPR.partOf, ROME_27) not in entailed


def test_prp_inv_hasPart_is_inverse_of_partOf(entailed: Graph) -> None:
    assert set(entailed.objects(ROME, UPR.hasPart)) == {ROME_27, ROME_27_1}
    assert set(entailed.objects(CONST, UPR.hasPart)) == {CONST_46, CONST_46_1}
    assert set(entailed.objects(ROME_27, UPR.hasPart)) == {ROME_27_1}


# --- upr:respondsTo: owl:inverseOf upr:hasResponse ------------------------------------------


def test_prp_inv_hasResponse_is_inverse_of_respondsTo(entailed: Graph) -> None:
    assert set(entailed.subject_objects(UPR.hasResponse)) == {(REC_14, RESPONSE), (REC_15, RESPONSE)}


# --- upr:incompatibleWith: owl:SymmetricProperty ---------------------------------------------


def test_prp_symp_incompatibleWith_holds_both_ways(data: Graph, entailed: Graph) -> None:
    assert (ROME_27_1, UPR.incompatibleWith, CONST_46_1) in data
    assert set(entailed.subject_objects(UPR.incompatibleWith)) == {(CONST_46_1, ROME_27_1)}


# --- upr:relatesToInstrument: property chains through upr:instrumentSelf ---------------------


def test_prp_spo2_relatesToInstrument_gives_exactly_the_cited_instruments(entailed: Graph) -> None:
    # The response cites the Rome Statute itself and article 27 (1) of it, and article
    # 46 (1) of the Constitution: it relates to the two instruments and to nothing else.
    assert set(entailed.subject_objects(UPR.relatesToInstrument)) == {(RESPONSE, ROME), (RESPONSE, CONST)}


def test_prp_spo2_relatesToInstrument_never_reaches_a_provision(data: Graph, entailed: Graph) -> None:
    provisions = set(data.subjects(RDF.type, UPR.Provision))
    assert provisions
    assert not provisions & set(entailed.objects(None, UPR.relatesToInstrument))


def test_prp_spo2_relatesToInstrument_from_a_directly_cited_instrument(ontology: Graph) -> None:
    """cites ∘ instrumentSelf: the object is the instrument itself (typed by a sub-class)."""
    response, treaty = ID["r"], ID["instrument/ilo-c190"]
    data = _tiny((response, UPR.cites, treaty), (treaty, RDF.type, UPR.Treaty))
    assert set(reason(data, ontology).objects(response, UPR.relatesToInstrument)) == {treaty}


def test_prp_spo2_relatesToInstrument_through_a_subparagraph(ontology: Graph) -> None:
    """cites ∘ partOf+ ∘ instrumentSelf: three levels down, every level a provision."""
    response, code = ID["r"], ID["instrument/KAZ/tax-code"]
    art, para, sub = code + "/art-30", code + "/art-30/para-1", code + "/art-30/para-1/subpara-11"
    data = _tiny(
        (response, UPR.cites, URIRef(sub)),
        (URIRef(sub), UPR.partOf, URIRef(para)),
        (URIRef(para), UPR.partOf, URIRef(art)),
        (URIRef(art), UPR.partOf, code),
        (URIRef(sub), RDF.type, UPR.Provision),
        (URIRef(para), RDF.type, UPR.Provision),
        (URIRef(art), RDF.type, UPR.Provision),
        (code, RDF.type, UPR.Code),
    )
    assert set(reason(data, ontology).objects(response, UPR.relatesToInstrument)) == {code}


def test_prp_spo2_relatesToInstrument_needs_the_instrument_to_be_one(ontology: Graph) -> None:
    """A cited resource that is not known to be a legal instrument relates to nothing."""
    response, thing = ID["r"], ID["instrument/unknown"]
    data = _tiny((response, UPR.cites, thing))
    assert not set(reason(data, ontology).objects(response, UPR.relatesToInstrument))


def test_cls_hasSelf_helper_instrumentSelf_is_not_published(entailed: Graph) -> None:
    assert not set(entailed.triples((None, UPR.instrumentSelf, None)))


# --- sub-properties (prp-spo1) ----------------------------------------------------------------


def test_prp_spo1_refersTo_is_the_super_property_of_response_links(entailed: Graph) -> None:
    assert set(entailed.objects(RESPONSE, UPR.refersTo)) == {
        REC_14, REC_15, ROME, ROME_27_1, CONST_46_1, ID["state/KAZ"],
    }


def test_prp_spo1_alignments_eli_org_dcterms(entailed: Graph) -> None:
    assert (ROME_27_1, ELI.is_part_of, ROME_27) in entailed
    assert (ROME_27_1, ELI.is_part_of, ROME) in entailed
    assert (ROME, ELI.has_part, ROME_27_1) in entailed
    assert (MINISTRY, ORG.subOrganizationOf, GOVERNMENT) in entailed
    assert (RESPONSE, DCTERMS.references, ROME_27_1) in entailed


# --- classes (cax-sco) and ranges (prp-rng) -----------------------------------------------------


def test_cax_sco_instrument_and_provision_types(entailed: Graph) -> None:
    for instrument in (ROME, CONST):
        assert (instrument, RDF.type, UPR.LegalInstrument) in entailed
        assert (instrument, RDF.type, ELI.LegalResource) in entailed
    for provision in (ROME_27, ROME_27_1, CONST_46, CONST_46_1):
        assert (provision, RDF.type, ELI.LegalResourceSubdivision) in entailed


def test_cax_sco_institutions_are_org_organizations(data: Graph, entailed: Graph) -> None:
    institutions = set(data.subjects(RDF.type, UPR.Institution))
    assert institutions == set(entailed.subjects(RDF.type, ORG.Organization))


def test_cax_sco_text_units_documents_and_evidence_are_prov_entities(entailed: Graph) -> None:
    for unit in (PARAGRAPH_16, FOOTNOTE_2):
        assert (unit, RDF.type, UPR.TextUnit) in entailed
        assert (unit, RDF.type, PROV.Entity) in entailed
    assert (MENTION, RDF.type, PROV.Entity) in entailed
    assert (RESPONSE, RDF.type, PROV.Entity) in entailed
    assert {(DOCUMENT, RDF.type, FOAF.Document), (DOCUMENT, RDF.type, DCTERMS.BibliographicResource)} <= set(entailed)


def test_cax_sco_every_mention_gets_the_types_of_its_class(data: Graph, entailed: Graph) -> None:
    """Mentions with the same classes get the same entailments (reason merges them)."""
    for mention in data.subjects(RDF.type, UPR.Mention):
        assert (mention, RDF.type, PROV.Entity) in entailed


def test_prp_rng_types_an_untyped_recommendation(ontology: Graph) -> None:
    response, rec = ID["r"], ID["review/KAZ/4/recommendation/140.99"]
    data = _tiny((response, UPR.respondsTo, rec), (response, RDF.type, UPR.Response))
    out = reason(data, ontology)
    assert (rec, RDF.type, UPR.Recommendation) in out
    assert (rec, UPR.hasResponse, response) in out


# --- what is not published ---------------------------------------------------------------------


def test_informative_only_types_and_links_between_resources(data: Graph, entailed: Graph) -> None:
    builtin = (str(RDF), str(RDFS), str(OWL), "http://www.w3.org/2001/XMLSchema#")
    for s, p, o in entailed:
        assert isinstance(s, URIRef) and not isinstance(s, BNode)
        assert isinstance(o, URIRef) and not isinstance(o, (BNode, Literal))
        assert not str(s).startswith((*builtin, str(UPR)))
        assert not (p == OWL.sameAs and s == o)
        if p == RDF.type:
            assert not str(o).startswith(builtin)
        assert (s, p, o) not in data


def test_informative_drops_literal_entailments(entailed: Graph) -> None:
    """upr:localLabel is a sub-property of skos:hiddenLabel, but labels are literals."""
    assert not set(entailed.triples((CONST, SKOS.hiddenLabel, None)))


def test_reason_does_not_modify_the_data(ontology: Graph) -> None:
    data = Graph().parse(DATA / "kaz-rome-statute.ttl", format="turtle")
    before = set(data)
    reason(data, ontology)
    reason_naive(data, ontology)
    assert set(data) == before


def test_reason_loads_the_packaged_ontology_by_default(data: Graph, entailed: Graph) -> None:
    assert isomorphic(reason(data), entailed)


def test_reason_logs_owl_rl_inconsistencies(ontology: Graph, caplog: pytest.LogCaptureFixture) -> None:
    thing = ID["x"]
    extra = _tiny((UPR.Treaty, OWL.disjointWith, UPR.Provision))
    data = _tiny((thing, RDF.type, UPR.Treaty), (thing, RDF.type, UPR.Provision))
    with caplog.at_level(logging.WARNING, logger="kgbuild.reason"):
        reason(data, ontology + extra)
    assert "Disjoint classes" in caplog.text


# --- the reductions ------------------------------------------------------------------------------


def test_signature_leaves_out_text_and_offsets(data: Graph, ontology: Graph) -> None:
    signature = Signature.of(t for g in (ontology, data) for t in g if is_schema(t))
    assert not signature.relevant((PARAGRAPH_16, RDF.value, Literal("Similarly, ...")))
    assert not signature.relevant((MENTION, UPR.start, Literal(11)))
    assert not signature.relevant((MENTION, UPR.denotes, ROME_27_1))
    assert signature.relevant((RESPONSE, UPR.cites, ROME_27_1))
    assert signature.relevant((ROME_27_1, UPR.partOf, ROME_27))
    assert signature.relevant((ROME, RDF.type, UPR.Treaty))
    assert not signature.relevant((REC_14, RDF.type, UPR.Recommendation))  # a class no rule reads
    assert signature.reducible


def test_merge_islands_groups_resources_with_the_same_classes(ontology: Graph) -> None:
    signature = Signature.of(t for t in ontology if is_schema(t))
    a, b, c, linked = ID["m/1"], ID["m/2"], ID["m/3"], ID["m/4"]
    triples = [
        (a, RDF.type, UPR.Mention),
        (b, RDF.type, UPR.Mention),
        (c, RDF.type, UPR.IrregularMention),
        (linked, RDF.type, UPR.Mention),
        (RESPONSE, UPR.cites, linked),
    ]
    kept, merged = merge_islands(triples, signature)
    assert merged == {a: [b]}
    assert (b, RDF.type, UPR.Mention) not in kept
    assert {(a, RDF.type, UPR.Mention), (c, RDF.type, UPR.IrregularMention), (linked, RDF.type, UPR.Mention)} <= set(kept)


# --- summary and loading -------------------------------------------------------------------------


def test_summarize_counts_by_predicate_and_class(entailed: Graph) -> None:
    counts = summarize(entailed)
    assert counts["upr:relatesToInstrument"] == 2
    assert counts["upr:hasResponse"] == 2
    assert counts["upr:incompatibleWith"] == 1
    assert counts["rdf:type upr:LegalInstrument"] == 2
    assert counts["rdf:type foaf:Document"] == 1
    assert sum(counts.values()) == len(entailed)
    assert list(counts) == sorted(counts)


def test_load_ontology_reports_the_broken_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = tmp_path / "upr.ttl"
    broken.write_text("@prefix upr: <https://w3id.org/upr-kg/ontology#> .\nupr:A a upr:B", encoding="utf-8")
    monkeypatch.setattr(reasoning.resources, "files", lambda name, pattern: [broken])
    with pytest.raises(MappingError) as info:
        load_ontology()
    assert str(broken) in str(info.value)


def test_load_ontology_has_the_published_version(ontology: Graph) -> None:
    onto = URIRef("https://w3id.org/upr-kg/ontology")
    assert (onto, OWL.versionInfo, Literal("1.0.0")) in ontology
