"""Build: composes the stages and writes the output directory atomically.

read -> structure -> annotate -> docgraph -> map, per input document; then the dataset
(one named graph per document, the reference data they use, the ontology), validation
(shapes/), reasoning (ontology/) and the exports. Everything is written into a temporary
directory next to ``out`` and renamed into place at the end, so a failed build leaves the
previous output (or nothing) behind, never half a build.
"""

from __future__ import annotations

import glob
import logging
import os
import shutil
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph, URIRef

from . import export, reason as reasoning, validate as validation
from .annotate import Annotations, annotate
from .docgraph import build_docgraph, document_iri
from .errors import InputError, UsageError
from .iri import DEFAULT_BASE, check_base, mint
from .map import join, map_document, reference_subset
from .model import Document
from .read import READERS, read
from .read.csvw import Rejection, is_csv_input, map_csv
from .reference import Reference
from .structure import structure

log = logging.getLogger(__name__)

ONTOLOGY_GRAPH = URIRef("https://w3id.org/upr-kg/ontology")

OUTPUT_FILES = (
    "graph.ttl",
    "graph.nt",
    "graph.jsonld",
    "context.jsonld",
    "dataset.trig",
    "inferred.ttl",
    "validation.ttl",
    "recommendations.csv",
)


@dataclass
class DocumentResult:
    document: Document
    annotations: Annotations
    graph: Graph
    graph_name: URIRef


@dataclass
class BuildResult:
    out: Path | None
    base: str
    documents: list[DocumentResult]
    reference: Graph
    """The reference resources the documents use (the "reference" named graph)."""
    graph: Graph
    """Everything asserted: the documents' graphs and the reference data they use (graph.ttl)."""
    inferred: Graph
    report: validation.Report | None
    dataset: Dataset
    timings: dict[str, float] = field(default_factory=dict)
    reused: int = 0
    """Sources taken unchanged from the store (``--store``) instead of being mapped again."""
    rejections: list = field(default_factory=list)
    """Rows of CSV inputs the mapping could not read (kgbuild.read.csvw.Rejection: file, line, reason)."""
    rows_read: int = 0
    """Rows read from CSV inputs."""
    duplicates: list = field(default_factory=list)
    """(input, the earlier input it repeats byte for byte): built once."""

    @property
    def conforms(self) -> bool:
        return self.report is None or self.report.conforms


def expand_inputs(inputs: Iterable[Path]) -> list[Path]:
    """Files as given; folders give the documents in them (by suffix), sorted by name; a
    pattern (``reports/*.txt``, quoted so the shell leaves it) gives the files it matches."""
    out: list[Path] = []
    for p in inputs:
        if not p.exists() and any(c in str(p) for c in "*?["):
            matches = sorted(Path(m) for m in glob.glob(str(p), recursive=True))
            if not matches:
                raise InputError("no file matches this pattern", path=p)
            out.extend(expand_inputs(matches))
            continue
        if p.is_dir():
            found = sorted(q for q in p.iterdir() if q.is_file() and (q.suffix.lower() in READERS or is_csv_input(q)))
            if not found:
                raise InputError(f"no documents in this folder (looked for {', '.join(sorted(READERS))})", path=p)
            out.extend(found)
        else:
            out.append(p)
    return out


def process_document(path: Path, reference: Reference) -> DocumentResult:
    """Read, structure, annotate and map one document."""
    raw = read(path)
    doc = structure(raw, reference)
    ann = annotate(doc, reference)
    docgraph = build_docgraph(doc, ann, reference.base)
    domain = map_document(docgraph, reference)
    name = mint(reference.base, "graph", *str(document_iri(doc, reference.base)).removeprefix(reference.base).split("/"))
    return DocumentResult(doc, ann, domain, name)


def build(
    inputs: list[Path],
    *,
    out: Path | None = Path("build"),
    base: str = DEFAULT_BASE,
    run_validation: bool = True,
    run_reasoning: bool = True,
    naive: bool = False,
    store: Path | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> BuildResult:
    """Build the dataset of ``inputs`` and, unless ``out`` is None, write it to ``out``.

    ``naive`` validates with pySHACL and reasons with owlrl over the whole graph (the
    reference path the fast stages must agree with). ``store``: keep the dataset in a
    persistent Oxigraph store there (kgbuild/store.py); a source whose content and pipeline
    are unchanged since the store's last build is not mapped again, and when nothing changed
    the stored validation report and entailments are reused. ``progress(done, total, path)``
    is called before each input.
    """
    try:
        check_base(base)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[stage] = timings.get(stage, 0.0) + now - clock
        clock = now

    from .store import Entry, Store, file_hash, pipeline_hash

    persistent = Store(store, base) if store is not None else None
    previous = persistent.entries() if persistent is not None else {}
    phash = pipeline_hash() if persistent is not None else ""
    reference = Reference(base)
    lap("reference")
    paths = expand_inputs(inputs)
    if not paths:
        raise UsageError("no input documents")
    results: list[DocumentResult] = []
    graphs: dict[URIRef, Graph] = {}
    entries: list[Entry] = []
    seen: dict[URIRef, Path] = {}
    reused = 0
    rejections: list[Rejection] = []
    rows_read = 0
    duplicates: list[tuple[Path, Path]] = []
    for i, path in enumerate(paths):
        if progress:
            progress(i, len(paths), str(path))
        key = str(path.resolve())
        chash = file_hash(path) if persistent is not None else ""
        old = previous.get(key)
        if persistent is not None and old is not None and old.content_hash == chash and old.pipeline_hash == phash:
            name, graph = old.graph, persistent.graph(old.graph)
            reused += 1
        elif is_csv_input(path):
            # A table with CSVW metadata (the UPR Info export): mapped by its metadata and
            # SPARQL (mappings/upr-info/), not by the document pipeline.
            table = map_csv(path, reference)
            rejections.extend(table.rejected)
            rows_read += table.rows_read
            name, graph = table.graph_name, table.graph
        else:
            result = process_document(path, reference)
            results.append(result)
            name, graph = result.graph_name, result.graph
        if name in seen:
            if seen[name].read_bytes() == path.read_bytes():
                # The same file twice (the corpus has guinea2010.txt and guinea2014.txt, byte
                # for byte the same report): one document, said in the summary.
                duplicates.append((path, seen[name]))
                continue
            raise InputError(f"describes the same document as {seen[name]} ({name}) but differs from it", path=path)
        seen[name] = path
        graphs[name] = graph
        entries.append(Entry(name, key, chash, phash))
    lap("documents")

    reference_name, joined_name, inferred_name = (mint(base, "graph", n) for n in ("reference", "joined", "inferred"))
    validation_name = mint(base, "graph", "validation")
    unchanged = persistent is not None and reused == len(paths) and len(previous) == len(paths)
    if unchanged:
        assert persistent is not None
        used, joined = persistent.graph(reference_name), persistent.graph(joined_name)
    else:
        domain = Graph()
        for g in graphs.values():
            domain += g
        used = reference_subset(domain, reference)
        joined = join(domain + used)
    asserted = Graph()
    for g in (*graphs.values(), used, joined):
        asserted += g
    ontology = reasoning.load_ontology()
    lap("assemble")

    report = None
    if run_validation:
        if unchanged and not naive:
            assert persistent is not None
            report = validation.report_from_graph(persistent.graph(validation_name), asserted)
        else:
            validate = validation.validate_naive if naive else validation.validate
            report = validate(asserted, ontology=ontology)
    lap("validate")
    inferred = Graph()
    if run_reasoning:
        if unchanged and not naive:
            assert persistent is not None
            inferred = persistent.graph(inferred_name)
        else:
            reason = reasoning.reason_naive if naive else reasoning.reason
            inferred = reason(asserted, ontology)
    lap("reason")

    dataset = Dataset()
    for name, g in graphs.items():
        dataset.graph(name).__iadd__(g)
    dataset.graph(reference_name).__iadd__(used)
    dataset.graph(joined_name).__iadd__(joined)
    dataset.graph(ONTOLOGY_GRAPH).__iadd__(ontology)
    if run_reasoning:
        dataset.graph(inferred_name).__iadd__(inferred)

    if persistent is not None and not unchanged:
        stored = Dataset()
        for g in dataset.graphs():
            stored.graph(g.identifier).__iadd__(g)
        if report is not None:
            stored.graph(validation_name).__iadd__(report.results_graph)
        persistent.write_dataset(stored, entries)
        lap("store")

    result = BuildResult(out, base, results, used, asserted, inferred, report, dataset, timings, reused, rejections, rows_read, duplicates)
    if out is not None:
        write_output(result, out)
        lap("export")
    return result


def recommendations_csv(graph: Graph) -> str:
    """recommendations.csv: the named query queries/recommendations-table.rq, run by Oxigraph
    (a packaged query: no safety check or parameters needed), written as SPARQL 1.1 CSV."""
    import pyoxigraph as ox

    from .query import get_query
    from .terms import graph_to_ox

    store = ox.Store()
    store.extend(graph_to_ox(graph))
    result = store.query(get_query("recommendations-table").text)
    return result.serialize(format=ox.QueryResultsFormat.CSV).decode("utf-8")


def write_output(result: BuildResult, out: Path) -> None:
    """Write every output file into a temporary folder next to ``out``, then swap it in."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.exists() and not out.is_dir():
        raise UsageError("output path exists and is not a directory", path=out)
    tmp = out.parent / f".{out.name}.tmp-{os.getpid()}"
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        base = result.base
        quads = export.to_quads(result.graph, False)
        export.write(result.graph, tmp / "graph.ttl", base=base, quads=quads)
        export.write(result.graph, tmp / "graph.nt", base=base, quads=quads)
        export.write(result.graph, tmp / "graph.jsonld", base=base)
        (tmp / "context.jsonld").write_bytes((export.resources.ontology_dir() / "context.jsonld").read_bytes())
        export.write(result.dataset, tmp / "dataset.trig", base=base)
        export.write(result.inferred, tmp / "inferred.ttl", base=base)
        (tmp / "recommendations.csv").write_text(recommendations_csv(result.graph), encoding="utf-8")
        report_graph = result.report.results_graph if result.report is not None else Graph()
        export.write(report_graph, tmp / "validation.ttl")
        if out.exists():
            out.rename(old)
        tmp.rename(out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        if old.exists() and not out.exists():
            old.rename(out)
        raise
    shutil.rmtree(old, ignore_errors=True)
