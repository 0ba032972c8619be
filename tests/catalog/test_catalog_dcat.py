"""catalog.ttl: DCAT-AP 3 conformance (the official SEMIC shapes), and what it says about the
files and the data."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pyshacl
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, XSD

from kgbuild import catalog
from kgbuild.iri import DEFAULT_BASE, UPR

SH = Namespace("http://www.w3.org/ns/shacl#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
EU_COUNTRY = "http://publications.europa.eu/resource/authority/country/"
DUMPS = ("graph.ttl", "graph.jsonld", "graph.nt", "dataset.trig", "recommendations.csv")


def _validate(data: Graph, shapes: Graph) -> tuple[bool, Graph]:
    conforms, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none")
    return conforms, report


def _violations(report: Graph) -> list[tuple[str, str, str]]:
    return sorted(
        (str(report.value(r, SH.focusNode)), str(report.value(r, SH.resultPath)), str(report.value(r, SH.sourceConstraintComponent)))
        for r in report.subjects(RDF.type, SH.ValidationResult)
    )


def _copy(g: Graph) -> Graph:
    out = Graph()
    for t in g:
        out.add(t)
    return out


def test_catalog_conforms_to_dcat_ap(catalog_ttl: Graph, dcat_ap_shapes: Graph) -> None:
    conforms, report = _validate(catalog_ttl, dcat_ap_shapes)
    assert conforms, _violations(report)
    # The shapes had something to check: a catalogue, a dataset, a distribution per dump.
    assert len(set(catalog_ttl.subjects(RDF.type, DCAT.Catalog))) == 1
    assert len(set(catalog_ttl.subjects(RDF.type, DCAT.Dataset))) == 1
    assert len(set(catalog_ttl.subjects(RDF.type, DCAT.Distribution))) == len(DUMPS)


def test_distribution_without_access_url_is_a_violation(catalog_ttl: Graph, dcat_ap_shapes: Graph) -> None:
    """Mutation: proves the validation is real (dcat:accessURL is mandatory in DCAT-AP)."""
    broken = _copy(catalog_ttl)
    dist = URIRef(f"{DEFAULT_BASE}dataset/distribution/turtle")
    assert (dist, DCAT.accessURL, None) in broken
    broken.remove((dist, DCAT.accessURL, None))
    conforms, report = _validate(broken, dcat_ap_shapes)
    assert not conforms
    assert (str(dist), str(DCAT.accessURL), str(SH.MinCountConstraintComponent)) in _violations(report)


def test_untyped_licence_is_a_violation_of_the_ranges(catalog_ttl: Graph, dcat_ap_shapes: Graph) -> None:
    """Mutation: the range shapes (ranges.ttl) are in force too: a licence must be a
    dct:LicenseDocument."""
    broken = _copy(catalog_ttl)
    licence = next(broken.objects(URIRef(f"{DEFAULT_BASE}dataset/distribution/turtle"), DCTERMS.license))
    broken.remove((licence, RDF.type, DCTERMS.LicenseDocument))
    conforms, report = _validate(broken, dcat_ap_shapes)
    assert not conforms
    assert {p for _, p, c in _violations(report) if c == str(SH.ClassConstraintComponent)} == {str(DCTERMS.license)}


def test_catalogue_with_endpoint_conforms(built: Path, store, dcat_ap_shapes: Graph) -> None:
    endpoint = "http://127.0.0.1:7878/query"
    g = catalog.catalog_graph(built, store, DEFAULT_BASE, endpoint=endpoint)
    conforms, report = _validate(g, dcat_ap_shapes)
    assert conforms, _violations(report)
    services = set(g.subjects(DCAT.endpointURL, URIRef(endpoint)))
    assert len(services) == 1
    assert (catalog.catalog_iri(DEFAULT_BASE), DCAT.service, next(iter(services))) in g


def _distributions(g: Graph) -> dict[str, URIRef]:
    """Distribution by the file name its download URL ends with."""
    return {str(url).rsplit("/", 1)[-1]: dist for dist, url in g.subject_objects(DCAT.downloadURL)}


def test_byte_sizes_and_checksums_are_the_files(catalog_ttl: Graph, written: Path) -> None:
    dists = _distributions(catalog_ttl)
    assert set(dists) == set(DUMPS)
    for name, dist in dists.items():
        data = (written / name).read_bytes()
        size = catalog_ttl.value(dist, DCAT.byteSize)
        assert size.datatype == XSD.nonNegativeInteger and int(size) == len(data), name
        checksum = catalog_ttl.value(dist, SPDX.checksum)
        assert catalog_ttl.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
        value = catalog_ttl.value(checksum, SPDX.checksumValue)
        assert value.datatype == XSD.hexBinary
        assert str(value) == hashlib.sha256(data).hexdigest(), name


def test_media_types_and_formats(catalog_ttl: Graph) -> None:
    dists = _distributions(catalog_ttl)
    iana = "https://www.iana.org/assignments/media-types/"
    expected = {
        "graph.ttl": "text/turtle",
        "graph.jsonld": "application/ld+json",
        "graph.nt": "application/n-triples",
        "dataset.trig": "application/trig",
        "recommendations.csv": "text/csv",
    }
    for name, media in expected.items():
        assert catalog_ttl.value(dists[name], DCAT.mediaType) == URIRef(iana + media), name
        fmt = catalog_ttl.value(dists[name], DCTERMS["format"])
        assert str(fmt).startswith("http://publications.europa.eu/resource/authority/file-type/"), name
        assert catalog_ttl.value(dists[name], DCTERMS.license) is not None


def test_download_urls_default_to_the_dataset_path(catalog_ttl: Graph) -> None:
    for dist in catalog_ttl.subjects(RDF.type, DCAT.Distribution):
        url = str(catalog_ttl.value(dist, DCAT.downloadURL))
        assert url.startswith(f"{DEFAULT_BASE}dataset/")
        assert catalog_ttl.value(dist, DCAT.accessURL) == URIRef(url)


def test_download_base(built: Path, store) -> None:
    g = catalog.catalog_graph(built, store, DEFAULT_BASE, download_base="https://data.example.org/upr/2025/")
    urls = {str(u) for u in g.objects(None, DCAT.downloadURL)}
    assert urls == {f"https://data.example.org/upr/2025/{name}" for name in DUMPS}


def test_spatial_is_the_eu_country_of_the_state_under_review(catalog_ttl: Graph) -> None:
    dataset = catalog.dataset_iri(DEFAULT_BASE)
    spatial = set(catalog_ttl.objects(dataset, DCTERMS.spatial))
    assert spatial == {URIRef(EU_COUNTRY + "KAZ")}
    assert (URIRef(EU_COUNTRY + "KAZ"), RDF.type, DCTERMS.Location) in catalog_ttl


def test_temporal_matches_the_document_date(catalog_ttl: Graph, bundled_build) -> None:
    issued = {o for s, o in bundled_build.graph.subject_objects(DCTERMS.issued) if (s, RDF.type, UPR.Document) in bundled_build.graph}
    assert issued == {Literal("2025-04-24", datatype=XSD.date)}
    period = catalog_ttl.value(catalog.dataset_iri(DEFAULT_BASE), DCTERMS.temporal)
    assert catalog_ttl.value(period, DCAT.startDate) == next(iter(issued))
    assert catalog_ttl.value(period, DCAT.endDate) == next(iter(issued))


def test_conforms_to_the_ontology(catalog_ttl: Graph) -> None:
    from rdflib.namespace import OWL

    from kgbuild import resources

    onto = Graph().parse(resources.ontology_dir() / "upr.ttl")
    iri = next(onto.subjects(RDF.type, OWL.Ontology))
    dataset = catalog.dataset_iri(DEFAULT_BASE)
    assert (dataset, DCTERMS.conformsTo, iri) in catalog_ttl
    assert catalog_ttl.value(iri, OWL.versionInfo) == onto.value(iri, OWL.versionInfo)


def test_publisher_and_themes_come_from_the_settings(catalog_ttl: Graph) -> None:
    cfg = catalog.settings()
    dataset = catalog.dataset_iri(DEFAULT_BASE)
    publisher = catalog_ttl.value(dataset, DCTERMS.publisher)
    assert str(publisher) == DEFAULT_BASE + cfg["publisher"]["iri"]
    assert {str(t) for t in catalog_ttl.objects(dataset, DCAT.theme)} == {t["iri"] for t in cfg["dataset"]["theme"]}


def test_same_build_same_bytes(built: Path, store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1750000000")
    outputs = []
    for _ in range(2):
        catalog.write(built, store, DEFAULT_BASE)
        outputs.append(((built / "catalog.ttl").read_bytes(), (built / "void.ttl").read_bytes()))
    assert outputs[0] == outputs[1]
    g = Graph().parse(data=outputs[0][0], format="turtle")
    assert g.value(catalog.dataset_iri(DEFAULT_BASE), DCTERMS.modified) == Literal(date(2025, 6, 15).isoformat(), datatype=XSD.date)


def test_the_build_writes_a_conforming_catalogue(bundled_build, dcat_ap_shapes: Graph) -> None:
    """kgbuild build writes catalog.ttl and void.ttl itself (build.write_output)."""
    folder = bundled_build.out
    g = Graph().parse(folder / "catalog.ttl", format="turtle")
    conforms, report = _validate(g, dcat_ap_shapes)
    assert conforms, _violations(report)
    for name, dist in _distributions(g).items():
        assert int(g.value(dist, DCAT.byteSize)) == (folder / name).stat().st_size, name
