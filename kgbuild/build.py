"""Build: composes the stages and writes the output directory atomically.

read -> structure -> annotate -> docgraph -> map, per input document; then the dataset
(one named graph per document, the reference data they use, the ontology), validation
(shapes/), reasoning (ontology/) and the exports. Everything is written into a temporary
directory next to ``out`` and renamed into place at the end, so a failed build leaves the
previous output (or nothing) behind, never half a build.
"""

from __future__ import annotations

import glob
import hashlib
import json
import logging
import multiprocessing
import os
import shutil
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from functools import cache, cached_property
from itertools import chain
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef

from . import catalog, export, jsonld, reason as reasoning, resources, validate as validation
from .annotate import Annotations, annotate
from .dataset import ONTOLOGY_GRAPH, BuildStore, join_lines, write_lines
from .docgraph import docgraph_ntriples, document_iri
from .errors import InputError, UsageError
from .iri import DEFAULT_BASE, PREFIXES, check_base, mint
from .map import map_ntriples
from .model import Document
from .read import READERS, read
from .read.csvw import CsvResult, Rejection, is_csv_input, map_csv
from .reference import Reference
from .structure import structure
from .terms import from_ox, graph_from_ox

log = logging.getLogger(__name__)

OUTPUT_FILES = (
    "graph.ttl",
    "graph.nt",
    "graph.jsonld",
    "context.jsonld",
    "dataset.trig",
    "inferred.ttl",
    "validation.ttl",
    "recommendations.csv",
    "catalog.ttl",
    "void.ttl",
)


@dataclass
class DocumentResult:
    document: Document
    annotations: Annotations
    ntriples: bytes
    """The document's domain graph as N-Triples (what goes into the store; :attr:`graph` parses it)."""
    graph_name: URIRef

    @cached_property
    def graph(self) -> Graph:
        """The domain graph as an rdflib Graph."""
        return graph_from_ox(ox.parse(self.ntriples, format=ox.RdfFormat.N_TRIPLES))


@dataclass
class BuildResult:
    out: Path | None
    base: str
    documents: list[DocumentResult]
    store: BuildStore
    """The dataset's named graphs (kgbuild/dataset.py)."""
    report: validation.Report | None
    timings: dict[str, float] = field(default_factory=dict)
    reused: int = 0
    """Sources taken unchanged from the store (``--store``) instead of being mapped again."""
    rejections: list = field(default_factory=list)
    """Rows of CSV inputs the mapping could not read (kgbuild.read.csvw.Rejection: file, line, reason)."""
    rows_read: int = 0
    """Rows read from CSV inputs."""
    duplicates: list = field(default_factory=list)
    """(input, the earlier input it repeats byte for byte): built once."""
    unchanged: bool = False
    """Nothing changed since the store's last build (``--store``): nothing was recomputed."""
    memory: dict[str, int] = field(default_factory=dict)
    """Peak resident memory of this process (bytes) at the end of each stage of :attr:`timings`."""
    options: str = ""
    """The options that change the output (validation, reasoning), for the output's fingerprint."""
    entries: list = field(default_factory=list)
    """The sources built (kgbuild.store.Entry: graph, source path, content and pipeline hashes)."""

    @property
    def conforms(self) -> bool:
        return self.report is None or self.report.conforms

    @cached_property
    def graph(self) -> Graph:
        """Everything asserted (the sources, the reference subset, the joined facts) as one
        rdflib graph: for small builds and tests; a corpus is better read from :attr:`store`."""
        return self.store.asserted().graph()

    @cached_property
    def inferred(self) -> Graph:
        """The informative entailments (the "inferred" named graph) as an rdflib graph."""
        return self.store.view(self.store.inferred_name).graph()

    @cached_property
    def inferred_count(self) -> int:
        """How many entailments the "inferred" named graph holds."""
        return len(self.store.view(self.store.inferred_name))

    @cached_property
    def reference(self) -> Graph:
        """The reference resources the sources use (the "reference" named graph)."""
        return self.store.view(self.store.reference_name).graph()

    @cached_property
    def dataset(self) -> Dataset:
        """The named graphs of dataset.trig as an rdflib Dataset (the default graph is their union)."""
        ds = Dataset(default_union=True)
        ds.addN((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object), ds.graph(URIRef(q.graph_name.value))) for q in self.store.dataset_quads())
        return ds

    @cached_property
    def triples(self) -> int:
        """Asserted triples (each once, whichever graphs hold it)."""
        return len(self.store.asserted())

    def counts(self) -> dict[str, int]:
        """What the dataset holds (mappings/lookup/dataset-summary.rq), by name: "recommendations",
        "position Noted", "responses", "instruments cited", ..."""
        return self._counts

    @cached_property
    def _counts(self) -> dict[str, int]:
        return dataset_counts(self.store)

    @cached_property
    def table(self) -> bytes:
        """recommendations.csv (:func:`recommendations_csv`)."""
        return recommendations_csv(self.store)


def dataset_counts(bs: BuildStore) -> dict[str, int]:
    """What the asserted graphs hold (mappings/lookup/dataset-summary.rq), by name."""
    text = (resources.mappings_dir() / "lookup" / "dataset-summary.rq").read_text(encoding="utf-8")
    return {row["what"].value: int(row["count"].value) for row in bs.query(text)}


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
    domain = map_ntriples(docgraph_ntriples(doc, ann, reference.base), reference)
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
    workers: int | None = None,
) -> BuildResult:
    """Build the dataset of ``inputs`` and, unless ``out`` is None, write it to ``out``.

    The dataset lives in an Oxigraph store from the first source to the last export
    (kgbuild/dataset.py): in memory, or with ``store`` the persistent store there
    (kgbuild/store.py), where a source whose content and pipeline are unchanged since the
    store's last build is not mapped again, and when nothing changed at all nothing is
    recomputed and an output folder written from the same dataset is left as it is.
    ``naive`` validates with pySHACL and reasons with owlrl over the whole graph (the
    reference path the fast stages must agree with). ``progress(done, total, path)`` is
    called before each input. ``workers``: processes for reading and mapping many sources
    (default: one per CPU; 1 maps in this process).
    """
    try:
        check_base(base)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    memory: dict[str, int] = {}

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[stage] = timings.get(stage, 0.0) + now - clock
        clock = now
        memory[stage] = _peak_rss()

    from .store import Entry, Store, file_hash, pipeline_hash

    paths = expand_inputs(inputs)
    if not paths:
        raise UsageError("no input documents")
    persistent = Store(store, base) if store is not None else None
    previous = persistent.entries() if persistent is not None else {}
    phash = pipeline_hash() if persistent is not None else ""
    reference = Reference(base)
    lap("reference")

    hashes = {p: file_hash(p) for p in paths if p.is_file()} if persistent is not None else {}
    stored = {p: previous[str(p.resolve())] for p in paths if str(p.resolve()) in previous}
    reuse = {p for p, e in stored.items() if e.content_hash == hashes.get(p) and e.pipeline_hash == phash}
    # A file that repeats a reused one byte for byte (built once, so not in the manifest) is
    # reused with it: otherwise a corpus with such a pair is never unchanged.
    reused_by_hash = {stored[p].content_hash: p for p in reuse}
    for p in paths:
        if p not in reuse and hashes.get(p) in reused_by_hash:
            stored[p] = stored[reused_by_hash[hashes[p]]]
            reuse.add(p)
    todo = [p for p in paths if p not in reuse]
    # Each source's graph goes into the build's working store as soon as it is mapped:
    # Oxigraph parses it without holding the GIL while the workers map the rest.
    working = ox.Store()
    loaded: set[URIRef] = set()

    def arrived(item: DocumentResult | CsvResult) -> None:
        if item.graph_name not in loaded:  # a second file of the same name: decided below
            working.load(item.ntriples, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(str(item.graph_name)))
            loaded.add(item.graph_name)

    mapped = _map_sources(todo, reference, workers, progress, len(paths), arrived)
    lap("map")

    results: list[DocumentResult] = []
    entries: list[Entry] = []
    seen: dict[URIRef, Path] = {}
    rejections: list[Rejection] = []
    rows_read = 0
    duplicates: list[tuple[Path, Path]] = []
    sources: list[tuple[URIRef, bytes | None]] = []
    for path in paths:
        if path in reuse:
            name, payload = stored[path].graph, None
        else:
            item = mapped[path]
            if isinstance(item, DocumentResult):
                results.append(item)
                name, payload = item.graph_name, item.ntriples
            else:
                rejections.extend(item.rejected)
                rows_read += item.rows_read
                name, payload = item.graph_name, item.ntriples
        if name in seen:
            if seen[name].read_bytes() == path.read_bytes():
                # The same file twice (the corpus has guinea2010.txt and guinea2014.txt, byte
                # for byte the same report): one document, said in the summary.
                duplicates.append((path, seen[name]))
                continue
            raise InputError(f"describes the same document as {seen[name]} ({name}) but differs from it", path=path)
        seen[name] = path
        sources.append((name, payload))
        entries.append(Entry(name, str(path.resolve()), hashes.get(path, ""), phash))

    unchanged = persistent is not None and len(reuse) == len(paths) and len(previous) == len(entries)
    if unchanged:
        # Nothing to compute: read what the persistent store holds.
        assert persistent is not None
        bs = BuildStore(persistent.ox, base)
        for name, _ in sources:
            bs.add_source(name, b"", reuse=True)
    else:
        # The build works in memory (an on-disk store's transactional writes are several
        # times slower); the persistent store gets the graphs that changed once they are
        # final (below, in a thread, and in finish()).
        bs = BuildStore(working, base)
        for name, payload in sources:
            if payload is not None:
                bs.add_source(name, b"", reuse=True)  # loaded when it arrived
            else:
                bs.add_source(name, persistent.quads(name))  # type: ignore[union-attr]
    lap("store")
    # Writes to the persistent store that run beside the other stages; a build that fails
    # waits for them before it returns (the store is never left in the middle of a write).
    writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kgbuild-store")
    writing: Future | None = None
    try:
        ontology = reasoning.load_ontology()
        summary: dict[str, object] = {}
        report: validation.Report | None = None
        if unchanged and not naive:
            assert persistent is not None
            report = validation.report_from_graph(bs.view(bs.validation_name).graph(), bs.asserted()) if run_validation else None
            lap("validate")
        else:
            if persistent is not None:
                for old in previous.values():
                    if old.graph not in seen:
                        persistent.remove(old.graph)
            bs.select_reference(reference)
            bs.join()
            bs.cube()
            # Read the asserted graphs while they are the only graphs of the store: a query
            # over all of them is then a query over the store's union (dataset.union_of).
            summary = {"_counts": dataset_counts(bs), "table": recommendations_csv(bs) if out is not None else None}
            bs.replace(ONTOLOGY_GRAPH, ontology)
            if persistent is not None:
                # The asserted graphs are final: the persistent store gets the changed ones in a
                # thread while this one validates and reasons (Store.put is native work, which
                # does not hold the GIL); the entailments and the report follow in finish().
                changed = [name for name, payload in sources if payload is not None]
                writing = writer.submit(persistent.put, bs.store, [*changed, bs.reference_name, bs.joined_name, bs.cube_name, ONTOLOGY_GRAPH])
            lap("store")
            if run_validation:
                if naive:
                    report = validation.validate_naive(bs.asserted(), ontology=ontology)
                else:
                    # Before reasoning, not beside it: the rules of reasoning work in the store
                    # (kgbuild/rules.py), whose union validation reads.
                    report = validation.validate(bs.asserted(), ontology=ontology)
            lap("validate")
            inferred: Graph | list = []
            if run_reasoning:
                inferred = reasoning.reason_naive(bs.asserted(), ontology) if naive else reasoning.reason_ox(bs.asserted(), ontology)
            lap("reason")
            bs.replace(bs.inferred_name, inferred)
            lap("store")

        result = BuildResult(
            out, base, results, bs, report, timings, reused=len(reuse), rejections=rejections, rows_read=rows_read,
            duplicates=duplicates, unchanged=unchanged, options=f"validate={run_validation} reason={run_reasoning} naive={naive}", entries=entries,
        )
        result.__dict__.update({k: v for k, v in summary.items() if v is not None})

        def finish() -> None:
            """Keep the dataset and the validation report in the persistent store, record the build in the manifest."""
            if unchanged:
                return
            if out is not None:
                lap("export")  # the dumps written so far
            if persistent is not None:
                if writing is not None:
                    writing.result()
                # The report goes to the persistent store only: in the build's store it would
                # stand beside the published graphs, whose union the catalogue queries.
                persistent.put(bs.store, [bs.inferred_name])
                persistent.replace(bs.validation_name, result.report.results_graph if result.report is not None else Graph())
                persistent.write_manifest(entries)
            lap("store")

        if out is not None:
            write_output(result, out, finish)
            lap("export")
        else:
            finish()
        result.memory = memory
        return result
    finally:
        writer.shutdown(wait=True)


def _peak_rss() -> int:
    """This process's peak resident memory so far, in bytes (0 where /proc is not there)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _map_sources(
    paths: list[Path],
    reference: Reference,
    workers: int | None,
    progress: Callable[[int, int, str], None] | None,
    total: int,
    arrived: Callable[[DocumentResult | CsvResult], None],
) -> dict[Path, DocumentResult | CsvResult]:
    """Read and map every source: in this process, or in worker processes when there are
    several sources and more than one CPU (each worker loads the reference data once).
    ``arrived`` is called with each result as soon as it is there."""
    workers = min(workers or os.cpu_count() or 1, len(paths))
    done: dict[Path, DocumentResult | CsvResult] = {}
    if workers <= 1:
        for i, path in enumerate(paths):
            if progress:
                progress(i, total, str(path))
            done[path] = map_csv(path, reference) if is_csv_input(path) else process_document(path, reference)
            arrived(done[path])
        return done
    context = multiprocessing.get_context("spawn")
    # Large tables first, so that the two biggest jobs do not end up one after the other.
    order = sorted(paths, key=lambda p: -p.stat().st_size if p.is_file() else 0)  # a missing file: the reader says so
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        jobs = {pool.submit(_map_in_worker, p, reference.base, list(reference.files)): p for p in order}
        try:
            for i, job in enumerate(as_completed(jobs)):
                if progress:
                    progress(i, total, str(jobs[job]))
                done[jobs[job]] = job.result()
                arrived(done[jobs[job]])
        except BaseException:
            # A source that cannot be read stops the build now, not after every other source.
            pool.shutdown(wait=False, cancel_futures=True)
            raise
    return done


def _map_in_worker(path: Path, base: str, files: list[Path]) -> DocumentResult | CsvResult:
    reference = _worker_reference(base, tuple(files))
    if is_csv_input(path):
        return map_csv(path, reference)
    return process_document(path, reference)


@cache
def _worker_reference(base: str, files: tuple[Path, ...]) -> Reference:
    return Reference(base, list(files))


def recommendations_csv(bs: BuildStore) -> bytes:
    """recommendations.csv: the named query queries/recommendations-table.rq (its form for
    Oxigraph, queries/store/) over the asserted graphs, run by Oxigraph (a packaged query: no
    safety check or parameters needed), written as SPARQL 1.1 CSV."""
    from .query import get_query

    return bs.query(get_query("recommendations-table").text_for_store).serialize(format=ox.QueryResultsFormat.CSV)


PARALLEL_JSONLD = 50_000
"""Triples from which graph.jsonld is written by a second process beside the other dumps
(below it, starting a process costs more than it saves)."""

STAMP = ".kgbuild-dataset"
"""A file in the output folder (JSON): the fingerprint of the dataset it was written from, and
the figures of the build summary."""


def write_output(result: BuildResult, out: Path, finish: Callable[[], None] | None = None) -> None:
    """Write every output file into a temporary folder next to ``out``, then swap it in.

    ``finish`` is called once the dumps of the data are written, before the files that need
    the validation report in the store (validation.ttl, catalog.ttl, void.ttl). When the
    dataset did not change since the store's last build and ``out`` was written from it (its
    stamp says so), ``out`` is left as it is."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.exists() and not out.is_dir():
        raise UsageError("output path exists and is not a directory", path=out)
    stamp = _fingerprint(result)
    written = _read_stamp(out / STAMP)
    if result.unchanged and written.get("fingerprint") == stamp:
        # The figures of the summary too were taken when the folder was written.
        result.__dict__.setdefault("triples", written.get("triples"))
        result.__dict__.setdefault("_counts", written.get("counts"))
        if finish is not None:
            finish()
        return
    tmp = out.parent / f".{out.name}.tmp-{os.getpid()}"
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    # The VoID statistics (catalog.statistics: aggregates over the whole store, evaluated by
    # Oxigraph without the GIL) are counted in a thread while this one writes the dumps.
    counter = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kgbuild-void")
    try:
        bs = result.store
        counting = counter.submit(catalog.statistics, bs.store, result.base)
        prefixes = {k: v for k, v in PREFIXES.items() if k != "ann"}
        # Each graph's lines once (sorted N-Triples, dataset.StoreView.lines): graph.nt is
        # their union over the asserted graphs, dataset.trig and inferred.ttl are made of them.
        lines = {name: bs.view(name).lines() for name in bs.dataset_names()}
        union = sorted(set(chain.from_iterable(lines.get(name, ()) for name in bs.asserted_names)))
        write_lines(union, tmp / "graph.nt")
        result.__dict__.setdefault("triples", len(union))
        del union
        # JSON-LD is written in Python (kgbuild/jsonld.py): for a corpus, in a second
        # process while this one writes the other dumps.
        pool = None
        if result.triples >= PARALLEL_JSONLD:
            pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
            jsonld_job = pool.submit(_write_jsonld, tmp / "graph.nt", tmp / "graph.jsonld")
        else:
            _write_jsonld(tmp / "graph.nt", tmp / "graph.jsonld")
        ox.serialize(ox.parse(path=tmp / "graph.nt", format=ox.RdfFormat.N_TRIPLES), tmp / "graph.ttl", format=ox.RdfFormat.TURTLE, prefixes=prefixes)
        (tmp / "context.jsonld").write_bytes((export.resources.ontology_dir() / "context.jsonld").read_bytes())
        ox.serialize(bs.dataset_quads(lines), tmp / "dataset.trig", format=ox.RdfFormat.TRIG, prefixes=prefixes)
        inferred = join_lines(lines.get(bs.inferred_name, []))
        del lines
        ox.serialize(ox.parse(inferred, format=ox.RdfFormat.N_TRIPLES), tmp / "inferred.ttl", format=ox.RdfFormat.TURTLE, prefixes=prefixes)
        (tmp / "recommendations.csv").write_bytes(result.table)
        try:
            # The persistent store is written while the JSON-LD process still works.
            if finish is not None:
                finish()
            if pool is not None:
                jsonld_job.result()
        finally:
            if pool is not None:
                pool.shutdown(cancel_futures=True)
        report_graph = result.report.results_graph if result.report is not None else Graph()
        export.write(report_graph, tmp / "validation.ttl")
        catalog.write(tmp, bs.store, result.base, stats=counting.result())
        figures = {"fingerprint": stamp, "triples": result.triples, "counts": result.counts()}
        (tmp / STAMP).write_text(json.dumps(figures, indent=1, sort_keys=True), encoding="utf-8")
        if out.exists():
            out.rename(old)
        tmp.rename(out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        if old.exists() and not out.exists():
            old.rename(out)
        raise
    finally:
        counter.shutdown(wait=True)
    shutil.rmtree(old, ignore_errors=True)


def _write_jsonld(ntriples: Path, target: Path) -> None:
    """graph.jsonld from graph.nt: compacted with the project's context (kgbuild/jsonld.py)."""
    target.write_bytes(jsonld.dumps(ox.parse(path=ntriples, format=ox.RdfFormat.N_TRIPLES), export.context()))


def _read_stamp(path: Path) -> dict:
    """The stamp of an output folder (empty when there is none or it is not kgbuild's)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    ok = isinstance(data, dict) and isinstance(data.get("triples"), int) and isinstance(data.get("counts"), dict)
    return data if ok else {}


def _fingerprint(result: BuildResult) -> str:
    """What the output folder was written from: the sources (graph names and content
    hashes), the pipeline and the options."""
    from .store import pipeline_hash

    parts = [pipeline_hash(), result.base, result.options]
    parts += sorted(f"{e.graph} {e.content_hash}" for e in result.entries)
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()
