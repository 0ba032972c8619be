"""Catalogue: the DCAT-AP 3 and VoID descriptions of a built dataset (catalog.ttl, void.ttl).

Takes a build output folder (the dumps kgbuild/build.py wrote), a pyoxigraph Store holding
the dataset's named graphs (a store's private graphs, the SHACL report and the manifest,
are left out: :data:`PRIVATE_GRAPHS`), and the data base; returns rdflib graphs (``catalog_graph``,
``void_graph``) or writes them into the folder (``write``). Reads its settings (publisher,
licence, themes, contact point, the distributions and their formats) from
``mappings/catalog.toml`` and its statistics queries from ``mappings/catalog/*.rq``; the
statistics are SPARQL aggregates evaluated by Oxigraph over the union of the named graphs,
so a corpus of a million triples is described in seconds.

The descriptions follow DCAT-AP 3.0.1 (SEMIC; its SHACL shapes are what tests/catalog checks
catalog.ttl against) and VoID (W3C Interest Group Note, 2011). IRIs, all under the data base
(``{base}`` below) so that the server can resolve them:

==========================================  =============================================
``{base}catalog``                           the dcat:Catalog
``{base}dataset``                           the dcat:Dataset, also the void:Dataset
``{base}dataset/distribution/{id}``         a dcat:Distribution (ids in mappings/catalog.toml)
``{base}dataset/distribution/{id}/checksum``  its spdx:Checksum (SHA-256)
``{base}dataset/temporal``                  the dct:PeriodOfTime of the documents' dates
``{base}dataset/service``                   the dcat:DataService (only with an endpoint)
``{base}dataset/subset/{graph}``            a void:subset: one named graph
``{base}dataset/class/{name}``              a void:classPartition
``{base}dataset/property/{name}``           a void:propertyPartition
==========================================  =============================================

No blank nodes, and the Turtle is sorted, so the same build gives the same bytes (the dates
are the build date, or ``SOURCE_DATE_EPOCH`` when it is set, for reproducible builds).
"""

from __future__ import annotations

import hashlib
import os
import re
import tomllib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pyoxigraph as ox
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, RDF, RDFS, SKOS, VOID, XSD

from . import resources
from .dataset import union_of
from .errors import MappingError
from .iri import PREFIXES
from .terms import graph_to_ox

SPDX = Namespace("http://spdx.org/rdf/terms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")

CATALOG_PREFIXES: dict[str, str] = {
    **{k: v for k, v in PREFIXES.items() if k != "ann"},
    "dcat": str(DCAT),
    "void": str(VOID),
    "foaf": str(FOAF),
    "spdx": str(SPDX),
    "vcard": str(VCARD),
    "sd": str(SD),
}

_CHUNK = 1 << 20


# --------------------------------------------------------------------------------------------
# Settings and IRIs
# --------------------------------------------------------------------------------------------


@cache
def settings() -> dict[str, Any]:
    """mappings/catalog.toml, parsed."""
    path = resources.mappings_dir() / "catalog.toml"
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise MappingError(f"cannot read the catalogue settings: {exc}", path=path) from exc


@cache
def _query(name: str) -> str:
    return (resources.mappings_dir() / "catalog" / f"{name}.rq").read_text(encoding="utf-8")


def dataset_iri(base: str) -> URIRef:
    return URIRef(f"{base}dataset")


def catalog_iri(base: str) -> URIRef:
    return URIRef(f"{base}catalog")


def default_download_base(base: str) -> str:
    """Where the dumps are downloaded from when no ``download_base`` is given: the dataset's
    IRI as a folder, ``{base}dataset/`` (so ``{base}dataset/graph.ttl``)."""
    return f"{base}dataset/"


def _iri(value: str, base: str) -> URIRef:
    """An IRI of the settings: absolute as written, else relative to the data base."""
    return URIRef(value if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", value) else base + value)


def _texts(value: str | dict[str, str]) -> list[Literal]:
    if isinstance(value, str):
        return [Literal(value)]
    return [Literal(text, lang=lang) for lang, text in value.items()]


def _slug(iri: str, base: str) -> str:
    """A readable, unique path segment for a class, property or graph IRI: its path under the
    data base, ``prefix-local`` for a known namespace, else a hash."""
    if iri.startswith(base):
        return quote(iri[len(base):], safe="/-._~")
    for prefix, ns in CATALOG_PREFIXES.items():
        local = iri[len(ns):]
        if iri.startswith(ns) and re.fullmatch(r"[A-Za-z0-9_.-]+", local or "-"):
            return f"{prefix}-{local}"
    return "h-" + hashlib.sha256(iri.encode()).hexdigest()[:16]


def build_date() -> date:
    """Today (UTC), or the date of ``SOURCE_DATE_EPOCH`` when set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date()
    return datetime.now(tz=timezone.utc).date()


# --------------------------------------------------------------------------------------------
# What the store and the files say
# --------------------------------------------------------------------------------------------


PRIVATE_GRAPHS = ("graph/manifest", "graph/validation")
"""Named graphs (relative to the data base) that a kgbuild store keeps for itself: the
manifest of content hashes and the SHACL report. They are not part of the published dataset
(dataset.trig has neither), so the catalogue does not describe them and push does not send
them."""


def published_graphs(store: ox.Store) -> list[ox.NamedNode]:
    """The store's named graphs that make up the dataset, sorted by IRI."""
    return sorted(
        (g for g in store.named_graphs() if isinstance(g, ox.NamedNode) and not g.value.endswith(tuple("/" + p for p in PRIVATE_GRAPHS))),
        key=lambda g: g.value,
    )


def _select(store: ox.Store, name: str, *, base: str | None = None) -> list[dict[str, Any]]:
    """Run mappings/catalog/{name}.rq over the union of the published named graphs (the
    default graph of the query is their union, and GRAPH ?g ranges over them). ``base``
    binds ?base to the data base as a literal (a substitution, never spliced text)."""
    subs: dict[ox.Variable, Any] | None = {ox.Variable("base"): ox.Literal(base)} if base is not None else None
    graphs: list[Any] = list(published_graphs(store))
    try:
        dataset = union_of(store, graphs)
        if "default_graph" in dataset:
            dataset["named_graphs"] = graphs
        result = store.query(_query(name), substitutions=subs, **dataset)
    except (SyntaxError, OSError, ValueError) as exc:
        raise MappingError(f"catalogue query failed: {exc}", path=f"mappings/catalog/{name}.rq") from exc
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    return [{n: row[n] for n in names} for row in result]


def _int(term: Any) -> int:
    return int(term.value) if term is not None else 0


@dataclass
class Statistics:
    """The VoID figures of a dataset (see mappings/catalog/void-*.rq)."""

    triples: int = 0
    entities: int = 0
    distinct_subjects: int = 0
    distinct_objects: int = 0
    classes: list[tuple[str, int]] = field(default_factory=list)
    """(class IRI, instances)"""
    properties: list[tuple[str, int, int, int]] = field(default_factory=list)
    """(property IRI, triples, distinct subjects, distinct objects)"""
    graphs: list[tuple[str, int]] = field(default_factory=list)
    """(named graph IRI, triples)"""
    examples: dict[str, str] = field(default_factory=dict)
    """class IRI -> its first instance under the data base"""


def statistics(store: ox.Store, base: str) -> Statistics:
    """Count the dataset in ``store`` with the VoID queries (Oxigraph aggregates)."""
    st = Statistics()
    # The queries run two at a time (Oxigraph evaluates without holding the GIL): on a corpus
    # each reads a million and a half quads.
    names = {"void-totals": None, "void-entities": base, "void-classes": None, "void-properties": None, "void-graphs": None,
             "void-examples": base}
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="kgbuild-void") as pool:
        jobs = {name: pool.submit(_select, store, name, base=b) for name, b in names.items()}
        rows = {name: job.result() for name, job in jobs.items()}
    totals = rows["void-totals"][0]
    st.distinct_subjects, st.distinct_objects = (_int(totals[k]) for k in ("subjects", "objects"))
    st.entities = sum(_int(r["entities"]) for r in rows["void-entities"])
    st.classes = [(r["class"].value, _int(r["entities"])) for r in rows["void-classes"]]
    st.properties = [(r["property"].value, _int(r["triples"]), _int(r["subjects"]), _int(r["objects"])) for r in rows["void-properties"]]
    st.triples = sum(triples for _, triples, _, _ in st.properties)  # a distinct triple has one property
    st.graphs = [(r["graph"].value, _int(r["triples"])) for r in rows["void-graphs"] if isinstance(r["graph"], ox.NamedNode)]
    st.examples = {r["class"].value: r["example"].value for r in rows["void-examples"] if r["example"] is not None}
    return st


@dataclass(frozen=True)
class Dump:
    """One file of the build folder, as a distribution of mappings/catalog.toml describes it."""

    spec: dict[str, Any]
    path: Path
    byte_size: int
    sha256: str

    @property
    def id(self) -> str:
        return str(self.spec["id"])

    @property
    def file(self) -> str:
        return str(self.spec["file"])


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def dumps(folder: Path) -> list[Dump]:
    """The distributions of mappings/catalog.toml whose file is in ``folder``, in that order."""
    out = []
    for spec in settings().get("distribution", []):
        path = folder / spec["file"]
        if path.is_file():
            out.append(Dump(spec, path, path.stat().st_size, sha256_file(path)))
    return out


def _download_url(download_base: str, file: str) -> URIRef:
    return URIRef(download_base + quote(file, safe="/-._~"))


# --------------------------------------------------------------------------------------------
# DCAT-AP
# --------------------------------------------------------------------------------------------


def _typed(g: Graph, node: URIRef, *classes: URIRef) -> URIRef:
    for cls in classes:
        g.add((node, RDF.type, cls))
    return node


def _add_texts(g: Graph, node: URIRef, prop: URIRef, value: str | dict[str, str] | None) -> None:
    if value:
        for lit in _texts(value):
            g.add((node, prop, lit))


def _agent(g: Graph, cfg: dict[str, Any], base: str) -> URIRef:
    agent = _typed(g, _iri(cfg["iri"], base), FOAF.Agent, FOAF.Organization)
    _add_texts(g, agent, FOAF.name, cfg["name"])
    if cfg.get("homepage"):
        g.add((agent, FOAF.homepage, _typed(g, URIRef(cfg["homepage"]), FOAF.Document)))
    return agent


def _contact(g: Graph, cfg: dict[str, Any], base: str) -> URIRef:
    node = _typed(g, _iri(cfg["iri"], base), VCARD.Kind, VCARD.Organization)
    _add_texts(g, node, VCARD.fn, cfg["name"])
    if cfg.get("url"):
        g.add((node, VCARD.hasURL, URIRef(cfg["url"])))
    if cfg.get("email"):
        g.add((node, VCARD.hasEmail, URIRef(f"mailto:{cfg['email']}")))
    return node


def _spatial(g: Graph, dataset: URIRef, store: ox.Store, authority: str) -> None:
    """dct:spatial: the EU country authority IRI of each State under review (from its ISO
    3166-1 alpha-3 code), which DCAT-AP asks for."""
    for row in _select(store, "spatial"):
        location = _typed(g, URIRef(authority + quote(row["iso3"].value, safe="")), DCTERMS.Location)
        g.add((dataset, DCTERMS.spatial, location))
        if row["label"] is not None:
            g.add((location, SKOS.prefLabel, Literal(row["label"].value, lang=row["label"].language)))


def _temporal(g: Graph, dataset: URIRef, store: ox.Store) -> None:
    """dct:temporal: from the first to the last date of issue of the documents."""
    row = _select(store, "temporal")[0]
    if row["start"] is None:
        return
    period = _typed(g, URIRef(f"{dataset}/temporal"), DCTERMS.PeriodOfTime)
    g.add((dataset, DCTERMS.temporal, period))
    for prop, key in ((DCAT.startDate, "start"), (DCAT.endDate, "end")):
        g.add((period, prop, Literal(row[key].value, datatype=URIRef(row[key].datatype.value))))


def _conforms_to(g: Graph, dataset: URIRef, store: ox.Store) -> None:
    """dct:conformsTo: the ontology of the ontology named graph (or of ontology/upr.ttl)."""
    rows = _select(store, "ontology")
    if not rows:
        packaged = ox.Store()
        packaged.load(path=str(resources.ontology_dir() / "upr.ttl"), format=ox.RdfFormat.TURTLE)
        rows = _select(packaged, "ontology")
    for row in rows:
        ontology = _typed(g, URIRef(row["ontology"].value), DCTERMS.Standard)
        g.add((dataset, DCTERMS.conformsTo, ontology))
        if row["title"] is not None:
            g.add((ontology, DCTERMS.title, Literal(row["title"].value, lang=row["title"].language)))
        if row["version"] is not None:
            g.add((ontology, OWL.versionInfo, Literal(row["version"].value)))
        if row["versionIRI"] is not None:
            g.add((ontology, OWL.versionIRI, URIRef(row["versionIRI"].value)))


def _distribution(g: Graph, dataset: URIRef, dump: Dump, download_base: str, license_: URIRef, day: Literal) -> URIRef:
    spec = dump.spec
    dist = _typed(g, URIRef(f"{dataset}/distribution/{quote(dump.id, safe='')}"), DCAT.Distribution)
    g.add((dataset, DCAT.distribution, dist))
    _add_texts(g, dist, DCTERMS.title, spec.get("title"))
    url = _download_url(download_base, dump.file)
    g.add((dist, DCAT.downloadURL, url))
    g.add((dist, DCAT.accessURL, url))
    g.add((dist, DCAT.mediaType, _typed(g, URIRef(spec["media_type"]), DCTERMS.MediaType)))
    fmt = _typed(g, URIRef(spec["format"]), DCTERMS.MediaTypeOrExtent)
    g.add((dist, DCTERMS["format"], fmt))
    if spec.get("format_title"):
        g.add((fmt, RDFS.label, Literal(spec["format_title"])))
    g.add((dist, DCTERMS.license, license_))
    g.add((dist, DCAT.byteSize, Literal(dump.byte_size, datatype=XSD.nonNegativeInteger)))
    checksum = _typed(g, URIRef(f"{dist}/checksum"), SPDX.Checksum)
    g.add((dist, SPDX.checksum, checksum))
    g.add((checksum, SPDX.algorithm, _typed(g, SPDX.checksumAlgorithm_sha256, SPDX.ChecksumAlgorithm)))
    g.add((checksum, SPDX.checksumValue, Literal(dump.sha256, datatype=XSD.hexBinary)))
    g.add((dist, DCTERMS.modified, day))
    return dist


def _service(g: Graph, catalog: URIRef, dataset: URIRef, endpoint: str, license_: URIRef, cfg: dict[str, Any]) -> URIRef:
    """The SPARQL endpoint: a dcat:DataService, and a distribution accessed through it."""
    service = _typed(g, URIRef(f"{dataset}/service"), DCAT.DataService)
    g.add((catalog, DCAT.service, service))
    _add_texts(g, service, DCTERMS.title, cfg.get("title", "SPARQL endpoint"))
    # ranges.ttl gives dcat:endpointURL the class rdfs:Resource, which a validator without
    # RDFS entailment only finds when it is stated.
    g.add((service, DCAT.endpointURL, _typed(g, URIRef(endpoint), RDFS.Resource)))
    g.add((service, DCAT.servesDataset, dataset))
    g.add((service, DCTERMS.license, license_))
    if cfg.get("conforms_to"):
        standard = _typed(g, URIRef(cfg["conforms_to"]), DCTERMS.Standard)
        g.add((service, DCTERMS.conformsTo, standard))
        _add_texts(g, standard, DCTERMS.title, cfg.get("conforms_to_title"))
    dist = _typed(g, URIRef(f"{dataset}/distribution/sparql"), DCAT.Distribution)
    g.add((dataset, DCAT.distribution, dist))
    _add_texts(g, dist, DCTERMS.title, cfg.get("title", "SPARQL endpoint"))
    g.add((dist, DCAT.accessURL, URIRef(endpoint)))
    g.add((dist, DCAT.accessService, service))
    g.add((dist, DCTERMS.license, license_))
    return service


def catalog_graph(
    folder: Path,
    store: ox.Store,
    base: str,
    *,
    download_base: str | None = None,
    endpoint: str | None = None,
    modified: date | None = None,
) -> Graph:
    """The DCAT-AP 3 catalogue of the dataset in ``store`` whose dumps are in ``folder``.

    A dcat:Catalog with one dcat:Dataset (``{base}dataset``) and a dcat:Distribution per dump
    file present in ``folder`` (mappings/catalog.toml lists them: media type, format, title),
    with its byte size and SHA-256 checksum computed from the file. Download URLs are
    ``download_base`` + file name when ``download_base`` is given, else relative to the
    dataset's IRI (:func:`default_download_base`: ``{base}dataset/graph.ttl``). With an
    ``endpoint`` (a SPARQL endpoint URL) the catalogue also lists a dcat:DataService and a
    distribution accessed through it. ``modified`` defaults to :func:`build_date`.
    """
    cfg = settings()
    dcfg = cfg["dataset"]
    downloads = download_base if download_base is not None else default_download_base(base)
    day = Literal((modified or build_date()).isoformat(), datatype=XSD.date)
    issued = Literal(dcfg["issued"], datatype=XSD.date) if dcfg.get("issued") else day
    g = Graph()
    for prefix, ns in CATALOG_PREFIXES.items():
        g.bind(prefix, ns, override=True)
    catalog = _typed(g, catalog_iri(base), DCAT.Catalog)
    dataset = _typed(g, dataset_iri(base), DCAT.Dataset)
    publisher = _agent(g, cfg["publisher"], base)
    license_ = _typed(g, URIRef(dcfg["license"]), DCTERMS.LicenseDocument)
    _add_texts(g, license_, DCTERMS.title, dcfg.get("license_title"))

    ccfg = cfg["catalog"]
    _add_texts(g, catalog, DCTERMS.title, ccfg["title"])
    _add_texts(g, catalog, DCTERMS.description, ccfg["description"])
    g.add((catalog, DCTERMS.publisher, publisher))
    g.add((catalog, DCAT.dataset, dataset))
    g.add((catalog, DCTERMS.modified, day))
    if ccfg.get("homepage"):
        g.add((catalog, FOAF.homepage, _typed(g, URIRef(ccfg["homepage"]), FOAF.Document)))
    for lang in ccfg.get("language", []):
        g.add((catalog, DCTERMS.language, _typed(g, URIRef(lang), DCTERMS.LinguisticSystem)))
    if ccfg.get("license"):
        g.add((catalog, DCTERMS.license, _typed(g, URIRef(ccfg["license"]), DCTERMS.LicenseDocument)))

    _add_texts(g, dataset, DCTERMS.title, dcfg["title"])
    _add_texts(g, dataset, DCTERMS.description, dcfg["description"])
    g.add((dataset, DCTERMS.identifier, Literal(str(dataset))))
    g.add((dataset, DCTERMS.publisher, publisher))
    g.add((dataset, DCTERMS.issued, issued))
    g.add((dataset, DCTERMS.modified, day))
    for lang, words in dcfg.get("keywords", {}).items():
        for word in words:
            g.add((dataset, DCAT.keyword, Literal(word, lang=lang)))
    if dcfg.get("access_rights"):
        g.add((dataset, DCTERMS.accessRights, _typed(g, URIRef(dcfg["access_rights"]), DCTERMS.RightsStatement)))
    if "contact" in cfg:
        g.add((dataset, DCAT.contactPoint, _contact(g, cfg["contact"], base)))
    taxonomy = dcfg.get("theme_taxonomy")
    if taxonomy:
        scheme = _typed(g, URIRef(taxonomy["iri"]), SKOS.ConceptScheme)
        _add_texts(g, scheme, DCTERMS.title, taxonomy["title"])
        g.add((catalog, DCAT.themeTaxonomy, scheme))
    for theme in dcfg.get("theme", []):
        concept = _typed(g, URIRef(theme["iri"]), SKOS.Concept)
        _add_texts(g, concept, SKOS.prefLabel, theme["label"])
        if taxonomy:
            g.add((concept, SKOS.inScheme, URIRef(taxonomy["iri"])))
        g.add((dataset, DCAT.theme, concept))
    _spatial(g, dataset, store, dcfg["country_authority"])
    _temporal(g, dataset, store)
    _conforms_to(g, dataset, store)
    for dump in dumps(folder):
        _distribution(g, dataset, dump, downloads, license_, day)
    if endpoint:
        _service(g, catalog, dataset, endpoint, license_, cfg.get("service", {}))
    return g


# --------------------------------------------------------------------------------------------
# VoID
# --------------------------------------------------------------------------------------------


def _namespace(iri: str) -> str:
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1]


def void_graph(
    store: ox.Store,
    base: str,
    *,
    folder: Path | None = None,
    download_base: str | None = None,
    endpoint: str | None = None,
    stats: Statistics | None = None,
) -> Graph:
    """The VoID description of the dataset in ``store`` (for void.ttl and /.well-known/void).

    ``{base}dataset`` a void:Dataset with void:triples (distinct triples of the union of the
    published named graphs, :func:`published_graphs`: a triple in two graphs counts once), void:entities (distinct subjects under
    the data base, the void:uriSpace), void:classes, void:properties, distinct subjects and
    objects, a class partition per class and a property partition per property, example
    resources, one void:subset per published named graph (its own void:triples, ``sd:name``
    the graph name; their sum is the number of quads of dataset.trig), void:dataDump for each RDF dump
    (download URLs as in :func:`catalog_graph`; only the dumps present in ``folder`` when it
    is given) and void:sparqlEndpoint when ``endpoint`` is given.
    """
    cfg = settings()
    dcfg = cfg["dataset"]
    st = stats if stats is not None else statistics(store, base)
    downloads = download_base if download_base is not None else default_download_base(base)
    g = Graph()
    for prefix, ns in CATALOG_PREFIXES.items():
        g.bind(prefix, ns, override=True)
    ds = _typed(g, dataset_iri(base), VOID.Dataset)
    _add_texts(g, ds, DCTERMS.title, dcfg["title"])
    _add_texts(g, ds, DCTERMS.description, dcfg["description"])
    g.add((ds, DCTERMS.license, URIRef(dcfg["license"])))
    g.add((ds, DCTERMS.publisher, _iri(cfg["publisher"]["iri"], base)))
    g.add((ds, VOID.uriSpace, Literal(base)))
    g.add((ds, VOID.triples, Literal(st.triples, datatype=XSD.integer)))
    g.add((ds, VOID.entities, Literal(st.entities, datatype=XSD.integer)))
    g.add((ds, VOID.classes, Literal(len(st.classes), datatype=XSD.integer)))
    g.add((ds, VOID.properties, Literal(len(st.properties), datatype=XSD.integer)))
    g.add((ds, VOID.distinctSubjects, Literal(st.distinct_subjects, datatype=XSD.integer)))
    g.add((ds, VOID.distinctObjects, Literal(st.distinct_objects, datatype=XSD.integer)))
    if endpoint:
        g.add((ds, VOID.sparqlEndpoint, URIRef(endpoint)))
    specs = [d.spec for d in dumps(folder)] if folder is not None else settings().get("distribution", [])
    for spec in specs:
        if spec.get("feature"):
            g.add((ds, VOID.dataDump, _download_url(downloads, spec["file"])))
            g.add((ds, VOID.feature, URIRef(spec["feature"])))
    vocabularies = set()
    for cls, entities in st.classes:
        part = URIRef(f"{ds}/class/{_slug(cls, base)}")
        g.add((ds, VOID.classPartition, part))
        g.add((part, VOID["class"], URIRef(cls)))
        g.add((part, VOID.entities, Literal(entities, datatype=XSD.integer)))
        vocabularies.add(_namespace(cls))
    for prop, triples, subjects, objects in st.properties:
        part = URIRef(f"{ds}/property/{_slug(prop, base)}")
        g.add((ds, VOID.propertyPartition, part))
        g.add((part, VOID.property, URIRef(prop)))
        g.add((part, VOID.triples, Literal(triples, datatype=XSD.integer)))
        g.add((part, VOID.distinctSubjects, Literal(subjects, datatype=XSD.integer)))
        g.add((part, VOID.distinctObjects, Literal(objects, datatype=XSD.integer)))
        vocabularies.add(_namespace(prop))
    for ns in sorted(v for v in vocabularies if v and not v.startswith(base)):
        g.add((ds, VOID.vocabulary, URIRef(ns)))
    for cls in dcfg.get("example_classes", []):
        if cls in st.examples:
            g.add((ds, VOID.exampleResource, URIRef(st.examples[cls])))
    for name, triples in st.graphs:
        subset = _typed(g, URIRef(f"{ds}/subset/{_slug(name, base)}"), VOID.Dataset)
        g.add((ds, VOID.subset, subset))
        g.add((subset, SD.name, URIRef(name)))
        g.add((subset, VOID.triples, Literal(triples, datatype=XSD.integer)))
    return g


# --------------------------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------------------------


def serialize(g: Graph) -> bytes:
    """Sorted Turtle (Oxigraph's writer), with the catalogue's prefixes: deterministic bytes."""
    return ox.serialize(sorted((q.triple for q in graph_to_ox(g)), key=str), format=ox.RdfFormat.TURTLE, prefixes=CATALOG_PREFIXES) or b""


def write(
    folder: Path,
    store: ox.Store,
    base: str,
    *,
    download_base: str | None = None,
    endpoint: str | None = None,
    stats: Statistics | None = None,
) -> None:
    """Write ``folder/catalog.ttl`` (DCAT-AP 3) and ``folder/void.ttl`` (VoID) for the dataset
    whose named graphs are in ``store`` and whose dumps are already in ``folder``
    (``stats``: the store's :func:`statistics` when the caller has counted them already).

    Download URLs are ``download_base`` + file name when given, else ``{base}dataset/`` +
    file name (:func:`default_download_base`); ``endpoint`` adds the SPARQL endpoint (a
    dcat:DataService, void:sparqlEndpoint).
    """
    catalog = catalog_graph(folder, store, base, download_base=download_base, endpoint=endpoint)
    void = void_graph(store, base, folder=folder, download_base=download_base, endpoint=endpoint, stats=stats)
    (folder / "catalog.ttl").write_bytes(serialize(catalog))
    (folder / "void.ttl").write_bytes(serialize(void))

