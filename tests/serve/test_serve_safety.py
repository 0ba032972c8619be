"""Hostile requests: each is refused (or stopped, or cut) with a short plain-text answer that
shows no stack trace or path, and the server answers a normal query right after."""

from __future__ import annotations


import pytest

from kgbuild.serve.worker import _mentions_service

NORMAL = "PREFIX upr: <https://w3id.org/upr-kg/ontology#> SELECT (COUNT(*) AS ?n) WHERE { ?r a upr:Recommendation }"
CROSS_JOIN_FOREVER = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"

HOSTILE = {
    "insert-data": ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", 403, "SPARQL update (INSERT DATA)"),
    "delete-where": ("DELETE WHERE { ?s ?p ?o }", 403, "SPARQL update (DELETE WHERE)"),
    "load-file": ("LOAD <file:///etc/passwd> INTO GRAPH <urn:g>", 403, "SPARQL update (LOAD)"),
    "clear-all": ("CLEAR ALL", 403, "SPARQL update (CLEAR)"),
    "service": ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", 403, "SERVICE <http://127.0.0.1:9/sparql>"),
    "service-escaped": ("SELECT * WHERE { \\u0053ERVICE <http://example.org/sparql> { ?s ?p ?o } }", 403, "SERVICE"),
    "service-in-subquery": ("SELECT ?s WHERE { { SELECT ?s WHERE { SERVICE ?x { ?s ?p ?o } } } }", 403, "SERVICE ?x"),
    "from-file": ("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }", 403, "FROM <file:///etc/passwd>"),
    "from-named-remote": ("SELECT * FROM NAMED <http://example.org/g> WHERE { GRAPH ?g { ?s ?p ?o } }", 403, "FROM NAMED <http://example.org/g>"),
    "construct-from": ("CONSTRUCT { ?s ?p ?o } FROM <http://example.org/x> WHERE { ?s ?p ?o }", 403, "FROM <http://example.org/x>"),
    "syntax-error": ("SELECT * WHERE { ?s ?p ?o . FILTER( }", 400, "SPARQL syntax error"),
    "not-sparql": ("<script>alert(1)</script>", 400, "SPARQL syntax error"),
    "empty": ("", 400, "SPARQL syntax error"),
    "undeclared-prefix": ("SELECT * WHERE { ?s nope:p ?o }", 400, "nope"),
    "nested-too-deep": ("SELECT * WHERE " + "{" * 400 + " ?s ?p ?o " + "}" * 400, 400, "nested too deeply"),
}


def _assert_short_and_clean(response, built) -> None:
    body = response.text
    assert response.headers["content-type"].startswith("text/plain")
    assert body.endswith("\n") and body.count("\n") == 1, body
    assert len(body) < 600
    for leak in ("Traceback", 'File "', str(built), "/tmp/", "kgbuild/", ".py"):
        assert leak not in body, body


@pytest.mark.parametrize("text, status, message", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_query_is_refused_before_evaluation(client, built, text, status, message):
    for response in (
        client.get("/sparql", params={"query": text}),
        client.post("/sparql", data={"query": text}),
        client.post("/sparql", content=text.encode(), headers={"content-type": "application/sparql-query"}),
    ):
        assert response.status_code == status, response.text
        assert message in response.text
        _assert_short_and_clean(response, built)
    assert client.get("/sparql", params={"query": NORMAL}).status_code == 200


def test_update_operations_of_the_protocol_are_forbidden(client, built):
    as_update = client.post("/sparql", content=b"CLEAR ALL", headers={"content-type": "application/sparql-update"})
    as_form = client.post("/sparql", data={"update": "DROP ALL"})
    for r in (as_update, as_form):
        assert r.status_code == 403 and "read-only" in r.text
        _assert_short_and_clean(r, built)


def test_graph_of_another_dataset_is_forbidden(client, built):
    for param in ("default-graph-uri", "named-graph-uri"):
        r = client.get("/sparql", params={"query": NORMAL, param: "file:///etc/passwd"})
        assert r.status_code == 403 and "<file:///etc/passwd> is not a graph of this dataset" in r.text
        _assert_short_and_clean(r, built)


def test_unacceptable_accept_or_format(client, built):
    construct = "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1"
    cases = [
        (client.get("/sparql", params={"query": NORMAL}, headers={"accept": "image/png"}), 406),
        (client.get("/sparql", params={"query": construct}, headers={"accept": "text/csv"}), 406),
        (client.get("/sparql", params={"query": NORMAL, "format": "turtle"}), 406),
        (client.get("/sparql", params={"query": NORMAL, "format": "pdf"}), 400),
        (client.get("/sparql", headers={"accept": "application/sparql-results+json"}), 406),  # service description
    ]
    for r, status in cases:
        assert r.status_code == status, r.text
        _assert_short_and_clean(r, built)


def test_malformed_requests(client, built):
    cases = [
        (client.get("/sparql", params=[("query", NORMAL), ("query", NORMAL)]), 400),
        (client.post("/sparql", content=b"query=x", headers={"content-type": "text/plain"}), 415),
        (client.post("/sparql", content=b"\xff\xfe", headers={"content-type": "application/sparql-query"}), 400),
    ]
    for r, status in cases:
        assert r.status_code == status, r.text
        _assert_short_and_clean(r, built)


def test_oversized_request_is_413(client, app, built):
    cap = app.state.settings.max_request_bytes
    padding = "#" + "x" * cap + "\n"
    body = client.post("/sparql", content=(padding + NORMAL).encode(), headers={"content-type": "application/sparql-query"})
    form = client.post("/sparql", data={"query": padding + NORMAL})
    url = client.get("/sparql", params={"query": padding + NORMAL})
    for r in (body, form, url):
        assert r.status_code == 413, r.text
        _assert_short_and_clean(r, built)
    assert client.get("/sparql", params={"query": NORMAL}).status_code == 200


def test_runaway_query_is_stopped_and_the_server_goes_on(client, app, built):
    stopped_before = app.state.pool.stopped
    workers_before = set(app.state.pool.pids())
    r = client.get("/sparql", params={"query": CROSS_JOIN_FOREVER})
    assert r.status_code == 504
    assert "time limit" in r.text
    _assert_short_and_clean(r, built)
    # Stopped by the limit: the worker that ran it was killed and a new one took its place.
    assert app.state.pool.stopped == stopped_before + 1
    assert workers_before - set(app.state.pool.pids())  # the killed one is gone
    after = client.get("/sparql", params={"query": NORMAL})
    assert after.status_code == 200 and int(after.json()["results"]["bindings"][0]["n"]["value"]) > 0


def test_huge_select_is_cut_at_the_row_limit(client, app):
    r = client.get("/sparql", params={"query": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"})
    assert r.status_code == 200
    assert r.headers["x-sparql-maxrows"] == str(app.state.settings.max_rows)
    assert len(r.json()["results"]["bindings"]) == app.state.settings.max_rows
    small = client.get("/sparql", params={"query": "SELECT * WHERE { ?a ?b ?c } LIMIT 3"})
    assert "x-sparql-maxrows" not in small.headers


def test_huge_construct_is_cut_at_the_triple_limit(client, app):
    query = "CONSTRUCT { ?a <urn:x:p> ?d } WHERE { ?a ?b ?c . ?d ?e ?f }"
    r = client.get("/sparql", params={"query": query, "format": "ntriples"})
    assert r.status_code == 200
    assert r.headers["x-sparql-maxrows"] == str(app.state.settings.max_triples)
    assert len([line for line in r.text.splitlines() if line.strip()]) == app.state.settings.max_triples


def test_internal_error_shows_no_trace(app, built, monkeypatch):
    from starlette.testclient import TestClient

    def broken(job):
        raise RuntimeError(f"broken at {built}/secret.py")

    monkeypatch.setattr(app.state.pool, "run", broken)
    plain = TestClient(app, raise_server_exceptions=False)  # no lifespan: the pool is not used
    r = plain.get("/sparql", params={"query": NORMAL})
    assert r.status_code == 500
    assert r.text == "internal error\n"


def test_unknown_path_is_a_short_404(client, built):
    r = client.get("/nothing/here")
    assert r.status_code == 404
    _assert_short_and_clean(r, built)


@pytest.mark.parametrize(
    "text, found",
    [
        ("SELECT * WHERE { SERVICE <x:e> { ?s ?p ?o } }", True),
        ("select * where { service<x:e>{?s ?p ?o} }", True),
        ("SELECT * WHERE { \\u0053ERVICE <x:e> { ?s ?p ?o } }", True),
        ("SELECT ?service WHERE { ?service ?p ?o }", False),
        ('SELECT * WHERE { ?s ?p "civil service" }', False),
        ("SELECT * WHERE { ?s ?p ?o } # no SERVICE here", False),
        ("SELECT * WHERE { ?s <http://example.org/service> ?o }", False),
        ("PREFIX service: <x:> SELECT * WHERE { ?s service:p ex:service }", False),
    ],
)
def test_second_look_for_service(text, found):
    assert _mentions_service(text) is found


def test_query_over_the_memory_limit_is_stopped(built):
    from starlette.testclient import TestClient

    from kgbuild.serve.app import create_app

    # Sorting every pair of statements: millions of rows held at once, far over 300 MB.
    bomb = "SELECT (COUNT(*) AS ?n) WHERE { { SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?a ?d } }"
    app = create_app(built, workers=1, timeout=60, memory_mb=300)
    with TestClient(app) as c:
        r = c.get("/sparql", params={"query": bomb})
        assert r.status_code == 503
        assert r.text == "query stopped: it needed more memory than a query may use\n"
        assert c.get("/sparql", params={"query": NORMAL}).status_code == 200
