"""The persistent store: a build's dataset in an on-disk Oxigraph store (``--store DIR``).

Every named graph of the dataset (one per source, the reference data, the joined facts,
the ontology, the entailments) goes into the store, replacing the graph of the same name,
plus the validation report and a manifest graph (``{base}graph/manifest``) that records,
for each source graph, the SHA-256 of the source file and of the pipeline that mapped it
(kgbuild's version and every data file: mappings, reference data, language packs,
ontology, shapes). A rebuild skips every source whose two hashes are unchanged (its graph
is read back from the store) and, when nothing changed at all, everything else too.
``kgbuild query DIR`` and the other commands open the store directly.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF

from . import __version__, resources
from .dataset import in_graph
from .errors import InputError
from .iri import UPR, mint
from .terms import graph_from_ox, graph_to_ox

MARKER = "kgbuild-store"
"""A file kgbuild writes into a store folder, so that commands can tell a store from a build
output folder."""


@cache
def pipeline_hash() -> str:
    """SHA-256 over kgbuild's version and every data file the pipeline reads."""
    h = hashlib.sha256(__version__.encode())
    for folder in ("mappings", "ontology", "shapes"):
        root = resources.data_dir(folder)
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                h.update(str(path.relative_to(root)).encode())
                h.update(path.read_bytes())
    return h.hexdigest()


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def is_store(path: Path) -> bool:
    return path.is_dir() and (path / MARKER).exists()


PUT_BATCH = 64 * 1024 * 1024
"""Bytes of N-Quads :meth:`Store.put` loads at a time (a corpus: a few loads, not one per graph
nor one copy of everything)."""

_OPEN: dict[str, ox.Store] = {}


def _open(path: Path) -> ox.Store:
    """The writable Oxigraph store at ``path``, opened once per process: a store is locked by
    the process that opens it, and a build's result keeps reading its store after the build."""
    key = str(path.resolve())
    if key not in _OPEN:
        _OPEN[key] = ox.Store(key)
    return _OPEN[key]


def open_read_only(path: Path) -> ox.Store:
    """The store at ``path`` for reading. When this process holds it open for writing (a build
    just wrote it), that handle: a second, read-only RocksDB instance beside a live writer can
    miss files the writer's background compaction has just replaced. Otherwise a read-only
    handle, which other processes may hold at the same time."""
    key = str(path.resolve())
    if key in _OPEN:
        return _OPEN[key]
    try:
        return ox.Store.read_only(key)
    except (OSError, RuntimeError) as exc:
        raise InputError(f"cannot open the store: {exc}", path=path) from exc


@dataclass(frozen=True)
class Entry:
    graph: URIRef
    source: str
    content_hash: str
    pipeline_hash: str


class Store:
    """A persistent Oxigraph store holding kgbuild datasets."""

    def __init__(self, path: Path, base: str, *, read_only: bool = False):
        if read_only:
            if not is_store(path):
                raise InputError("not a kgbuild store (build one with --store)", path=path)
            self.ox = open_read_only(path)
            self.path, self.base = path, base
            self.manifest_graph = mint(base, "graph", "manifest")
            return
        if path.exists() and not path.is_dir():
            raise InputError("is not a folder (a store is a folder)", path=path)
        if path.is_dir() and any(path.iterdir()) and not is_store(path):
            raise InputError("folder exists and is not a kgbuild store; give an empty or new folder", path=path)
        path.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.base = base
        try:
            self.ox = _open(path)
        except OSError as exc:
            raise InputError(f"cannot open the store: {exc}", path=path) from exc
        (path / MARKER).write_text("kgbuild store\n", encoding="utf-8")
        self.manifest_graph = mint(base, "graph", "manifest")

    def entries(self) -> dict[str, Entry]:
        """Manifest entries by source path."""
        name = ox.NamedNode(str(self.manifest_graph))
        out: dict[str, Entry] = {}
        q = f"""SELECT ?g ?source ?content ?pipeline WHERE {{ GRAPH <{name.value}> {{
            ?g <{DCTERMS.source}> ?source ; <{UPR.contentHash}> ?content ; <{UPR.pipelineHash}> ?pipeline }} }}"""
        for row in self.ox.query(q):
            out[row["source"].value] = Entry(URIRef(row["g"].value), row["source"].value, row["content"].value, row["pipeline"].value)
        return out

    def graph(self, name: URIRef) -> Graph:
        """A named graph of the store, as an rdflib Graph."""
        return graph_from_ox(self.ox.quads_for_pattern(None, None, None, ox.NamedNode(str(name))))

    def replace(self, name: URIRef, graph: Graph) -> None:
        """Replace named graph ``name`` with ``graph`` (one transaction)."""
        node = ox.NamedNode(str(name))
        if self.ox.contains_named_graph(node):
            self.ox.remove_graph(node)
        self.ox.bulk_extend(graph_to_ox(graph, node))

    def remove(self, name: URIRef) -> None:
        node = ox.NamedNode(str(name))
        if self.ox.contains_named_graph(node):
            self.ox.remove_graph(node)

    def quads(self, name: URIRef) -> list[ox.Quad]:
        """The quads of named graph ``name``."""
        return list(self.ox.quads_for_pattern(None, None, None, ox.NamedNode(str(name))))

    def put(self, source: ox.Store, names: list[URIRef]) -> None:
        """Copy named graphs ``names`` from ``source`` (a build's working store), each
        replacing the graph of the same name.

        Native from end to end: each graph is dumped by Oxigraph as N-Triples, made N-Quads
        (dataset.in_graph) and loaded in bulk. pyoxigraph releases the GIL for the dump and the
        load, so a build runs this in a thread beside validation and reasoning
        (kgbuild/build.py); copying quad by quad through Python would hold it throughout."""
        nodes = [ox.NamedNode(str(name)) for name in names]
        for node in nodes:
            if self.ox.contains_named_graph(node):
                self.ox.remove_graph(node)
        batch: list[bytes] = []
        for node in nodes:
            data = source.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=node)
            if b"_:" in data:
                # A load gives blank nodes new labels; quads keep theirs, which a blank node
                # shared with another graph needs (the ontology's lists are copied this way).
                self.ox.bulk_extend(source.quads_for_pattern(None, None, None, node))
                continue
            batch.append(in_graph(data, node))
            if sum(map(len, batch)) >= PUT_BATCH:
                self.ox.bulk_load(b"".join(batch), format=ox.RdfFormat.N_QUADS)
                batch = []
        if any(batch):
            self.ox.bulk_load(b"".join(batch), format=ox.RdfFormat.N_QUADS)

    def write_manifest(self, entries: list[Entry]) -> None:
        """Record the sources of the build just written into the store, then flush."""
        manifest = Graph()
        for e in entries:
            manifest.add((e.graph, DCTERMS.source, Literal(e.source)))
            manifest.add((e.graph, UPR.contentHash, Literal(e.content_hash)))
            manifest.add((e.graph, UPR.pipelineHash, Literal(e.pipeline_hash)))
            manifest.add((e.graph, RDF.type, UPR.SourceGraph))
        self.replace(self.manifest_graph, manifest)
        self.ox.flush()

    def dataset(self) -> Dataset:
        """Every graph of the store (except the manifest) as an rdflib Dataset."""
        ds = Dataset()
        for name in self.ox.named_graphs():
            if isinstance(name, ox.NamedNode) and name.value != str(self.manifest_graph):
                ds.graph(URIRef(name.value)).__iadd__(self.graph(URIRef(name.value)))
        return ds
