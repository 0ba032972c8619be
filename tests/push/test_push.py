"""kgbuild push against a real Oxigraph server: graph names and counts through the store's
own /query endpoint, idempotent re-push, a named query on the store equal to the same query
on the build folder, and the errors (unreachable store, a store answering 4xx)."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest

from kgbuild import query
from kgbuild.cli import main
from kgbuild.errors import KgbuildError
from kgbuild.push import graph_store_url, iter_graph_counts, open_source, push

from .conftest import Server, free_port


def remote_select(server: Server, text: str) -> tuple[list[str], list[tuple[str | None, ...]]]:
    """A SELECT on the server's SPARQL endpoint, over the union of its graphs, as strings."""
    request = urllib.request.Request(
        f"{server.url}/query?union-default-graph",
        data=text.encode("utf-8"),
        headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        doc = json.load(response)
    names = doc["head"]["vars"]
    return names, [tuple(row[n]["value"] if n in row else None for n in names) for row in doc["results"]["bindings"]]


def graph_counts(server: Server) -> dict[str, int]:
    _, rows = remote_select(server, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {g: int(n) for g, n in rows}


@pytest.fixture(scope="module")
def build_dir(bundled_build) -> Path:
    return bundled_build.out


@pytest.fixture(scope="module")
def expected(build_dir: Path) -> dict[str, int]:
    return {name: n for name, n in iter_graph_counts(open_source(build_dir)) if name is not None}


@pytest.fixture(scope="module")
def pushed(oxigraph_server: Server, build_dir: Path):
    return push(build_dir, oxigraph_server.url)


def test_push_loads_every_named_graph(pushed, oxigraph_server: Server, expected: dict[str, int]) -> None:
    assert len(expected) == 6  # document, reference, joined, cube, ontology, inferred
    assert dict(pushed.graphs) == expected
    assert pushed.triples == sum(expected.values())
    assert graph_counts(oxigraph_server) == expected


def test_push_again_is_idempotent(pushed, oxigraph_server: Server, build_dir: Path, expected: dict[str, int]) -> None:
    again = push(build_dir, oxigraph_server.url, body_format="turtle")
    assert again.triples == pushed.triples
    assert graph_counts(oxigraph_server) == expected


@pytest.mark.parametrize("name", ["noted-recommendations", "positions-per-state-cycle"])
def test_named_query_on_the_store_equals_the_build(pushed, oxigraph_server: Server, build_dir: Path, name: str) -> None:
    named = query.get_query(name)
    local = query.run(named.text, query.load_target([build_dir / "dataset.trig"]))
    variables, remote = remote_select(oxigraph_server, named.text)
    assert variables == list(local.variables)
    as_text = sorted(tuple(None if v is None else str(v) for v in row) for row in local.rows)
    assert len(as_text) > 0
    assert sorted(remote, key=lambda r: tuple("" if v is None else v for v in r)) == sorted(
        as_text, key=lambda r: tuple("" if v is None else v for v in r)
    )


def test_push_from_a_store_folder(oxigraph_server: Server, bundled_build, tmp_path: Path, expected: dict[str, int]) -> None:
    """A kgbuild store (build --store) pushes the same graphs; its manifest and validation
    report stay private."""
    from kgbuild import resources
    from kgbuild.build import build

    store_dir = tmp_path / "store"
    build([resources.bundled_document()], out=None, store=store_dir)
    names = [n for n, _ in iter_graph_counts(open_source(store_dir))]
    assert sorted(names) == sorted(expected)
    result = push(store_dir, oxigraph_server.url)
    assert dict(result.graphs) == expected


def test_unreachable_store(build_dir: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(KgbuildError) as info:
        push(build_dir, url, timeout=5)
    message = str(info.value)
    assert message.startswith(f"{url}/store: cannot reach the store")
    assert "\n" not in message


def test_store_answering_4xx(oxigraph_server: Server, build_dir: Path) -> None:
    with pytest.raises(KgbuildError) as info:
        push(build_dir, oxigraph_server.url, graph_store="/no-such-endpoint")
    message = str(info.value)
    assert message.startswith(f"{oxigraph_server.url}/no-such-endpoint: the store refused graph <")
    assert "HTTP 404" in message


def test_store_refusing_the_body(fake_store, build_dir: Path) -> None:
    """A store that answers 400 (a body it cannot parse): the status and the start of its
    answer are in the message, on one line."""
    with pytest.raises(KgbuildError) as info:
        push(build_dir, fake_store.url, graph_store="/bad")
    message = str(info.value)
    assert message.startswith(f"{fake_store.url}/bad: the store refused graph <")
    assert "HTTP 400" in message and "Parse error: unexpected token at line 1" in message
    assert "\n" not in message


def test_basic_authentication(fake_store, build_dir: Path) -> None:
    with pytest.raises(KgbuildError, match="HTTP 401"):
        push(build_dir, fake_store.url, graph_store="/auth")
    result = push(build_dir, fake_store.url, graph_store="/auth", user="upr", password="secret")
    assert len(result.graphs) == 6
    assert fake_store.seen[-1]["Authorization"].startswith("Basic ")


def test_bearer_token(fake_store, build_dir: Path) -> None:
    result = push(build_dir, fake_store.url, graph_store="/auth", token="t0ken")
    assert len(result.graphs) == 6
    assert fake_store.seen[-1]["Authorization"] == "Bearer t0ken"
    assert fake_store.seen[-1]["Content-Type"] == "application/n-triples"


def test_missing_source(tmp_path: Path) -> None:
    with pytest.raises(KgbuildError, match="no such file or folder"):
        push(tmp_path / "missing.trig", "http://127.0.0.1:9")
    (tmp_path / "empty").mkdir()
    with pytest.raises(KgbuildError, match="no dataset.trig"):
        push(tmp_path / "empty", "http://127.0.0.1:9")


def test_cli_push(oxigraph_server: Server, build_dir: Path, capsys: pytest.CaptureFixture[str], expected: dict[str, int]) -> None:
    assert main(["push", str(build_dir), "--to", oxigraph_server.url]) == 0
    err = capsys.readouterr().err
    assert f"pushed 6 graphs, {sum(expected.values())} triples" in err
    assert main(["push", str(build_dir), "--to", oxigraph_server.url, "--quiet"]) == 0
    assert capsys.readouterr().err == ""
    assert graph_counts(oxigraph_server) == expected


def test_cli_push_error_is_one_line_exit_2(build_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    assert main(["push", str(build_dir), "--to", url, "--timeout", "5"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"kgbuild: error: {url}/store: cannot reach the store")
    assert err.count("\n") == 1


def test_graph_store_url() -> None:
    assert graph_store_url("http://localhost:7878") == "http://localhost:7878/store"
    assert graph_store_url("http://localhost:3030/", "/upr/data") == "http://localhost:3030/upr/data"
    assert graph_store_url("http://h:7200", "repositories/upr/rdf-graphs/service") == "http://h:7200/repositories/upr/rdf-graphs/service"
    assert graph_store_url("http://h", "https://other/x") == "https://other/x"
    with pytest.raises(KgbuildError):
        graph_store_url("localhost:7878")
