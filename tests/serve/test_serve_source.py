"""What ``kgbuild serve DIR`` serves: a build folder (loaded into a store) or a --store folder;
the data base; VoID at /.well-known/void."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Namespace
from rdflib.namespace import RDF

from kgbuild.errors import InputError
from kgbuild.iri import DEFAULT_BASE
from kgbuild.serve.source import open_source
from kgbuild.store import MARKER

VOID = Namespace("http://rdfs.org/ns/void#")


@pytest.fixture(scope="session")
def store_dir(tmp_path_factory) -> Path:
    """A store made by ``kgbuild build --store`` from the bundled document, in a process of its
    own: the server's workers open it read-only, which they must not do beside a writer that
    this process would otherwise keep open (and whose compaction may replace their files)."""
    folder = tmp_path_factory.mktemp("served-store")
    subprocess.run([sys.executable, "-m", "kgbuild", "build", "--quiet", "--store", str(folder / "store"), "--out", str(folder / "out")], check=True)
    return folder / "store"


def test_build_folder_is_loaded_into_a_temporary_store(built):
    src = open_source(built)
    try:
        assert src.temporary and src.store_path != built
        assert src.base == DEFAULT_BASE
        store = src.open()
        expected = sum(1 for _ in ox.parse(path=str(built / "dataset.trig"), format=ox.RdfFormat.TRIG))
        assert len(store) == expected
        with pytest.raises(Exception):  # read-only: no way to change it
            store.update("INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } }")
        del store
    finally:
        src.close()
    assert not src.store_path.exists()


def test_cache_folder_is_reused_while_the_dataset_is_unchanged(built, tmp_path):
    first = open_source(built, cache_dir=tmp_path)
    marker = next(first.store_path.glob(".kgbuild-serve-complete"))
    stamp = marker.stat().st_mtime_ns
    time.sleep(0.01)
    second = open_source(built, cache_dir=tmp_path)
    assert second.store_path == first.store_path and not second.temporary
    assert marker.stat().st_mtime_ns == stamp  # not loaded again
    second.close()
    assert first.store_path.exists()  # a cache outlives the server


def test_store_folder_is_served_as_it_is(store_dir, client):
    from starlette.testclient import TestClient

    from kgbuild.serve.app import create_app

    src = open_source(store_dir)
    assert src.store_path == store_dir and not src.temporary
    query = "PREFIX upr: <https://w3id.org/upr-kg/ontology#> SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r upr:relatesToInstrument ?i }"
    expected = client.get("/sparql", params={"query": query}).json()
    app = create_app(store_dir, timeout=5, workers=1)
    with TestClient(app) as c:
        assert c.get("/sparql", params={"query": query}).json() == expected
        assert int(expected["results"]["bindings"][0]["n"]["value"]) > 0
        void = c.get("/.well-known/void")  # no void.ttl in a store: computed by kgbuild/catalog.py
        assert void.status_code == 200 and void.headers["content-type"].startswith("text/turtle")
        g = Graph().parse(data=void.text, format="turtle")
        assert any(g.subjects(RDF.type, VOID.Dataset))
        assert [str(o) for o in g.objects(None, VOID.sparqlEndpoint)] == ["http://testserver/sparql"]


def test_build_folder_void_is_served_as_written(client, built):
    assert (built / "void.ttl").is_file()  # kgbuild/build.py writes it (kgbuild/catalog.py)
    r = client.get("/.well-known/void")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    assert r.content == (built / "void.ttl").read_bytes()


def test_no_void_is_a_short_404(tmp_path, monkeypatch):
    from kgbuild.serve import describe

    store = ox.Store()
    monkeypatch.setattr("kgbuild.catalog.void_graph", None)
    assert describe.compute_void(store, DEFAULT_BASE, endpoint="http://127.0.0.1/sparql") is None


def test_base_is_read_from_the_graph_names(tmp_path):
    folder = tmp_path / "store"
    store = ox.Store(str(folder))
    store.add(ox.Quad(ox.NamedNode("https://example.org/kg/state/X"), ox.NamedNode("urn:p"), ox.Literal("x"),
                      ox.NamedNode("https://example.org/kg/graph/reference")))
    store.flush()
    del store
    (folder / MARKER).write_text("kgbuild store\n")
    assert open_source(folder).base == "https://example.org/kg/"
    assert open_source(folder, base="https://example.com/other/").base == "https://example.com/other/"
    with pytest.raises(InputError, match="base IRI"):
        open_source(folder, base="not an iri")


def test_what_cannot_be_served(tmp_path):
    with pytest.raises(InputError, match="no such folder"):
        open_source(tmp_path / "missing")
    with pytest.raises(InputError, match="not a build output folder"):
        open_source(tmp_path)
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "dataset.trig").write_text("<urn:a> <urn:b> { oops")
    with pytest.raises(InputError, match="cannot load the dataset"):
        open_source(broken)
