"""The persistent store (``kgbuild build --store DIR``): what it holds, incremental
rebuilds by content hash, and commands that open it directly."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.compare import isomorphic

from kgbuild import resources
from kgbuild.build import build
from kgbuild.cli import main
from kgbuild.errors import InputError
from kgbuild.store import Store

ID = "https://w3id.org/upr-kg/id/"
DOC_GRAPH = URIRef(ID + "graph/document/KAZ/4/addendum")


@pytest.fixture()
def source(tmp_path: Path) -> Path:
    path = tmp_path / "kaz.md"
    shutil.copy(resources.bundled_document(), path)
    return path


def test_store_holds_every_graph_and_rebuild_reuses_it(source: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    first = build([source], out=None, store=store)
    assert first.reused == 0
    second = build([source], out=None, store=store)
    assert second.reused == 1
    assert second.documents == []  # nothing was mapped again
    assert isomorphic(first.graph, second.graph)
    assert isomorphic(first.inferred, second.inferred)
    assert second.report is not None and second.report.counts == first.report.counts
    names = {str(g.identifier) for g in Store(store, ID).dataset().graphs() if len(g)}
    assert {str(DOC_GRAPH), ID + "graph/reference", ID + "graph/joined", ID + "graph/inferred", ID + "graph/validation"} <= names


def test_a_repeated_file_does_not_keep_a_rebuild_from_being_unchanged(source: Path, tmp_path: Path) -> None:
    """The corpus has guinea2010.txt and guinea2014.txt, one report byte for byte: it is built
    once, and a rebuild with nothing changed recomputes nothing."""
    copy = tmp_path / "kaz-copy.md"
    shutil.copy(source, copy)
    store = tmp_path / "store"
    first = build([source, copy], out=None, store=store)
    assert len(first.duplicates) == 1
    second = build([source, copy], out=None, store=store)
    assert second.unchanged and second.documents == []
    assert len(second.duplicates) == 1


def test_changed_source_is_mapped_again(source: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    build([source], out=None, store=store)
    text = source.read_text(encoding="utf-8").replace("A total of 7,397 people", "A total of 7,398 people")
    source.write_text(text, encoding="utf-8")
    again = build([source], out=None, store=store)
    assert again.reused == 0
    values = {int(v) for v in Store(store, ID).graph(DOC_GRAPH).objects(None, URIRef("https://w3id.org/upr-kg/ontology#value"))}
    assert 7398 in values and 7397 not in values


def test_query_opens_the_store(source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = tmp_path / "store"
    assert main(["build", str(source), "--out", str(tmp_path / "out"), "--store", str(store), "-q"]) == 0
    capsys.readouterr()
    assert main(["query", str(store), "recommendations-table", "--format", "csv"]) == 0
    rows = capsys.readouterr().out.strip().splitlines()
    assert len(rows) == 36 and rows[1].startswith("KAZ,4,140.1,Noted")
    assert main(["query", str(store), "recommendation", "--param", "number=140.45", "--format", "csv"]) == 0
    assert "response/5" in capsys.readouterr().out
    assert main(["query", str(store), "-e", "DELETE WHERE { ?s ?p ?o }"]) == 2


def test_a_folder_that_is_not_a_store_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "other"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    with pytest.raises(InputError, match="not a kgbuild store"):
        Store(folder, ID)


def test_a_store_this_process_writes_is_read_through_its_writer(source: Path, tmp_path: Path) -> None:
    """A read-only RocksDB handle beside this process's live writer can miss a file that
    compaction has just replaced (a CI failure of push): reads go through the writer."""
    from kgbuild.store import _OPEN, open_read_only

    store = tmp_path / "store"
    build([source], out=None, store=store)
    handle = open_read_only(store)
    assert handle is _OPEN[str(store.resolve())]
    assert any(True for _ in handle.quads_for_pattern(None, None, None, None))


def test_a_store_no_process_writes_is_opened_read_only(tmp_path: Path) -> None:
    from kgbuild.store import open_read_only

    with pytest.raises(InputError, match="cannot open the store"):
        open_read_only(tmp_path / "missing")


def test_a_view_of_many_graphs_gives_each_triple_of_its_graphs_once() -> None:
    """A view of more than a few graphs looks a subject up once over the store and keeps its
    own graphs' quads: a triple held by two of them comes once, one held by another graph of
    the store not at all."""
    import pyoxigraph as ox
    from rdflib import Literal

    from kgbuild.dataset import FEW_GRAPHS, StoreView

    store = ox.Store()
    s, p = ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p")
    graphs = [ox.NamedNode(f"http://example.org/g{i}") for i in range(FEW_GRAPHS + 3)]
    outside = ox.NamedNode("http://example.org/outside")
    for i, g in enumerate(graphs):
        store.add(ox.Quad(s, p, ox.Literal(str(i)), g))
    store.add(ox.Quad(s, p, ox.Literal("0"), graphs[1]))  # held by two graphs of the view
    store.add(ox.Quad(s, p, ox.Literal("hidden"), outside))
    view = StoreView(store, [URIRef(g.value) for g in graphs])
    objects = list(view.objects(URIRef(s.value), URIRef(p.value)))
    assert sorted(objects, key=str) == sorted((Literal(str(i)) for i in range(len(graphs))), key=str)
    assert list(view.subjects(URIRef(p.value), Literal("hidden"))) == []


def test_put_copies_graphs_exactly_in_batches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Store.put writes N-Quads made from each graph's N-Triples dump, in batches: every
    graph arrives whole and alone, literals with the bytes ' .' and escaped line breaks
    intact; a graph with blank nodes keeps their labels (copied as quads); a graph that held
    other triples is replaced."""
    import pyoxigraph as ox

    from kgbuild import store as store_module

    monkeypatch.setattr(store_module, "PUT_BATCH", 1)  # a load per graph
    names = [f"{ID}graph/test/{i}" for i in range(3)]
    g0, g1, g2 = (ox.NamedNode(n) for n in names)
    s, p = ox.NamedNode(ID + "s"), ox.NamedNode(ID + "p")
    blank = ox.BlankNode()
    source = ox.Store()
    source.extend([
        ox.Quad(s, p, ox.Literal('ends with " .\nand a line break .'), g0),
        ox.Quad(s, p, ox.Literal("text", language="en"), g0),
        ox.Quad(s, p, ox.Literal("7", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")), g1),
        ox.Quad(s, p, blank, g2),
        ox.Quad(blank, p, ox.Literal("inside"), g2),
    ])
    target = Store(tmp_path / "store", ID)
    target.ox.add(ox.Quad(s, p, ox.Literal("old"), g1))
    target.put(source, [URIRef(n) for n in names])
    for g in (g0, g1, g2):
        assert set(target.ox.quads_for_pattern(None, None, None, g)) == set(source.quads_for_pattern(None, None, None, g))
    assert len(target.ox) == len(source)
