"""The SPARQL 1.1 Protocol at /sparql: the three ways to send a query, every result format,
content negotiation, the dataset (the union of the named graphs), the service description."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF

from kgbuild.iri import DEFAULT_BASE, UPR

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
P = "PREFIX upr: <https://w3id.org/upr-kg/ontology#>\n"
COUNT_RECOMMENDATIONS = P + "SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r a upr:Recommendation }"
RECOMMENDATIONS = P + "SELECT ?r ?number WHERE { ?r a upr:Recommendation ; upr:recommendationNumber ?number } ORDER BY ?r"
ABOUT_140_14 = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ BIND(<{DEFAULT_BASE}review/KAZ/4/recommendation/140.14> AS ?s) ?s ?p ?o }}"


def _count(response) -> int:
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def test_get_post_form_and_post_query_give_the_same_answer(client, kaz_graph):
    expected = len(set(kaz_graph.subjects(RDF.type, UPR.Recommendation)))
    assert expected > 0
    get = client.get("/sparql", params={"query": COUNT_RECOMMENDATIONS})
    form = client.post("/sparql", data={"query": COUNT_RECOMMENDATIONS})
    direct = client.post("/sparql", content=COUNT_RECOMMENDATIONS.encode(), headers={"content-type": "application/sparql-query"})
    assert [_count(r) for r in (get, form, direct)] == [expected] * 3
    assert get.headers["content-type"].startswith("application/sparql-results+json")


def test_default_graph_is_the_union_of_asserted_and_inferred(client, bundled_build):
    # upr:relatesToInstrument is never asserted: only the entailments graph has it.
    inferred = sum(1 for _ in bundled_build.inferred.triples((None, UPR.relatesToInstrument, None)))
    assert inferred > 0
    query = P + "SELECT (COUNT(*) AS ?n) WHERE { ?r upr:relatesToInstrument ?i }"
    assert _count(client.get("/sparql", params={"query": query})) == inferred


@pytest.mark.parametrize(
    "accept, media_type, parse_format",
    [
        ("application/sparql-results+json", "application/sparql-results+json", ox.QueryResultsFormat.JSON),
        ("application/sparql-results+xml", "application/sparql-results+xml", ox.QueryResultsFormat.XML),
        ("text/tab-separated-values", "text/tab-separated-values", ox.QueryResultsFormat.TSV),
        ("text/csv", "text/csv", None),
    ],
)
def test_select_results_by_accept(client, accept, media_type, parse_format):
    reference = client.get("/sparql", params={"query": RECOMMENDATIONS, "format": "json"}).json()
    expected = [(b["r"]["value"], b["number"]["value"]) for b in reference["results"]["bindings"]]
    assert expected
    r = client.get("/sparql", params={"query": RECOMMENDATIONS}, headers={"accept": accept})
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == media_type
    assert "Accept" in r.headers["vary"]
    if parse_format is None:  # CSV: plain values, CRLF
        lines = r.content.decode().split("\r\n")
        assert lines[0] == "r,number"
        got = [tuple(line.split(",")) for line in lines[1:] if line]
    else:
        solutions = ox.parse_query_results(r.content, format=parse_format)
        got = [(s["r"].value, s["number"].value) for s in solutions]
    assert got == expected


def test_format_parameter_overrides_accept(client):
    r = client.get("/sparql", params={"query": RECOMMENDATIONS, "format": "tsv"}, headers={"accept": "application/sparql-results+json"})
    assert r.headers["content-type"].startswith("text/tab-separated-values")
    assert r.text.startswith("?r\t?number\n")


def test_accept_with_q_values_and_wildcards(client):
    r = client.get("/sparql", params={"query": RECOMMENDATIONS}, headers={"accept": "application/sparql-results+json;q=0.4, text/csv;q=0.9"})
    assert r.headers["content-type"].startswith("text/csv")
    r = client.get("/sparql", params={"query": RECOMMENDATIONS}, headers={"accept": "text/*"})
    assert r.headers["content-type"].startswith("text/csv")
    r = client.get("/sparql", params={"query": ABOUT_140_14}, headers={"accept": "*/*"})
    assert r.headers["content-type"].startswith("text/turtle")


def test_ask(client):
    yes = client.get("/sparql", params={"query": P + "ASK { ?r a upr:Recommendation }"})
    assert yes.json() == {"head": {}, "boolean": True}
    no = client.get("/sparql", params={"query": P + "ASK { ?r a upr:NoSuchClass }"}, headers={"accept": "application/sparql-results+xml"})
    assert bool(ox.parse_query_results(no.content, format=ox.QueryResultsFormat.XML)) is False


@pytest.mark.parametrize(
    "accept, rdflib_format",
    [("text/turtle", "turtle"), ("application/n-triples", "nt"), ("application/ld+json", "json-ld"), ("application/rdf+xml", "xml")],
)
def test_construct_in_every_graph_format(client, kaz_graph, accept, rdflib_format):
    r = client.get("/sparql", params={"query": ABOUT_140_14}, headers={"accept": accept})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].split(";")[0] == accept
    if accept == "application/ld+json":
        assert isinstance(json.loads(r.content)["@context"], dict)  # embedded, never a URL to fetch
    g = Graph().parse(data=r.content, format=rdflib_format)
    subject = URIRef(DEFAULT_BASE + "review/KAZ/4/recommendation/140.14")
    assert (subject, RDF.type, UPR.Recommendation) in g
    assert (subject, UPR.recommendationNumber, Literal("140.14")) in g
    assert set(g.predicates(subject)) >= set(kaz_graph.predicates(subject))


def test_describe(client):
    iri = DEFAULT_BASE + "review/KAZ/4/recommendation/140.14"
    r = client.get("/sparql", params={"query": f"DESCRIBE <{iri}>", "format": "ntriples"})
    assert r.status_code == 200
    assert f"<{iri}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{UPR}Recommendation> ." in r.text


def test_named_query_parameters_and_examples(client):
    from kgbuild.query import get_query

    text = get_query("recommendation").text
    r = client.get("/sparql", params={"query": text, "param.number": "140.2", "format": "csv"})
    assert r.status_code == 200, r.text
    assert "review/KAZ/4/recommendation/140.2\r\n" in r.text or "recommendation/140.2," in r.text
    assert "recommendation/140.14," not in r.text
    by_name = client.get("/sparql", params={"example": "recommendation", "param.number": "140.2", "format": "csv"})
    assert by_name.text == r.text
    defaults = client.get("/sparql", params={"example": "recommendation", "format": "csv"})
    assert "recommendation/140.14," in defaults.text  # the header's default number
    unknown = client.get("/sparql", params={"query": text, "param.nope": "1"})
    assert unknown.status_code == 400 and "unknown parameter 'nope'" in unknown.text
    assert client.get("/sparql", params={"example": "no-such-query"}).status_code == 404


def test_dataset_of_the_request(client, app, bundled_build):
    inferred = DEFAULT_BASE + "graph/inferred"
    assert inferred in app.state.graphs
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    by_protocol = _count(client.get("/sparql", params={"query": query, "default-graph-uri": inferred}))
    assert by_protocol == len(bundled_build.inferred)
    by_from = _count(client.get("/sparql", params={"query": f"SELECT (COUNT(*) AS ?n) FROM <{inferred}> WHERE {{ ?s ?p ?o }}"}))
    assert by_from == by_protocol
    named = client.get("/sparql", params={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", "named-graph-uri": inferred})
    assert [b["g"]["value"] for b in named.json()["results"]["bindings"]] == [inferred]


def test_service_description(client, app):
    r = client.get("/sparql", headers={"accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    g = Graph().parse(data=r.text, format="turtle")
    service = URIRef("http://testserver/sparql")
    assert (service, RDF.type, SD.Service) in g
    assert (service, SD.endpoint, service) in g
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in g
    assert (service, SD.feature, SD.UnionDefaultGraph) in g
    assert {str(n) for n in g.objects(None, SD.name)} == set(app.state.graphs)
    assert (service, SD.supportedLanguage, SD.SPARQL11Update) not in g
    plain = client.get("/sparql")  # no Accept at all: still the description, in Turtle
    assert plain.status_code == 200 and plain.headers["content-type"].startswith("text/turtle")


def test_cors_and_nosniff(client):
    r = client.get("/sparql", params={"query": COUNT_RECOMMENDATIONS})
    assert r.headers["access-control-allow-origin"] == "*"
    assert r.headers["x-content-type-options"] == "nosniff"
    pre = client.options("/sparql", headers={"origin": "http://example.org", "access-control-request-method": "POST"})
    assert pre.status_code == 204 and "POST" in pre.headers["access-control-allow-methods"]


def test_root_leads_somewhere(client):
    r = client.get("/", follow_redirects=False)
    assert r.status_code in (200, 303)
