"""Real clients against a real server (Uvicorn on a loopback port): SPARQLWrapper and rdflib's
SPARQLStore, with the formats and methods they choose themselves."""

from __future__ import annotations

import httpx
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, N3, POST, TURTLE, XML, SPARQLWrapper

from kgbuild.iri import DEFAULT_BASE, UPR

NUMBERS = "PREFIX upr: <https://w3id.org/upr-kg/ontology#> SELECT ?n WHERE { ?r upr:recommendationNumber ?n } ORDER BY ?n"
REC = URIRef(DEFAULT_BASE + "review/KAZ/4/recommendation/140.14")

# SPARQLWrapper parses RDF results into rdflib's ConjunctiveGraph, which rdflib 7 deprecates.
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")


def _numbers(kaz_graph) -> list[str]:
    return sorted(str(o) for o in kaz_graph.objects(None, UPR.recommendationNumber))


@pytest.mark.parametrize("method", ["GET", POST])
def test_sparqlwrapper_select_json(live_server, kaz_graph, method):
    sparql = SPARQLWrapper(f"{live_server}/sparql")
    sparql.setMethod(method)
    sparql.setQuery(NUMBERS)
    sparql.setReturnFormat(JSON)
    result = sparql.queryAndConvert()
    got = sorted(b["n"]["value"] for b in result["results"]["bindings"])
    assert got == _numbers(kaz_graph)


def test_sparqlwrapper_select_xml_and_csv(live_server, kaz_graph):
    sparql = SPARQLWrapper(f"{live_server}/sparql")
    sparql.setQuery(NUMBERS)
    sparql.setReturnFormat(XML)
    dom = sparql.queryAndConvert()
    literals = sorted(node.firstChild.data for node in dom.getElementsByTagName("literal"))
    assert literals == _numbers(kaz_graph)
    sparql.setReturnFormat(CSV)
    text = sparql.queryAndConvert().decode()
    assert text.splitlines()[0] == "n" and len(text.splitlines()) == len(literals) + 1


def test_sparqlwrapper_ask_and_construct(live_server):
    sparql = SPARQLWrapper(f"{live_server}/sparql")
    sparql.setQuery(f"ASK {{ <{REC}> a <{UPR}Recommendation> }}")
    sparql.setReturnFormat(JSON)
    assert sparql.queryAndConvert()["boolean"] is True
    for fmt in (TURTLE, N3, XML):
        sparql.setQuery(f"CONSTRUCT {{ <{REC}> ?p ?o }} WHERE {{ <{REC}> ?p ?o }}")
        sparql.setReturnFormat(fmt)
        converted = sparql.queryAndConvert()
        g = converted if isinstance(converted, Graph) else Graph().parse(data=converted, format="turtle")
        assert (REC, UPR.recommendationNumber, Literal("140.14")) in g, fmt


def test_sparqlwrapper_sees_refusals(live_server):
    from urllib.error import HTTPError

    from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

    sparql = SPARQLWrapper(f"{live_server}/sparql")
    sparql.setReturnFormat(JSON)
    sparql.setQuery("SELECT * WHERE { ?s ?p }")
    with pytest.raises(QueryBadFormed, match="syntax error"):
        sparql.queryAndConvert()
    sparql.setQuery("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    with pytest.raises(HTTPError) as refused:  # SPARQLWrapper passes a 403 on as urllib's error
        sparql.queryAndConvert()
    assert refused.value.code == 403


def test_rdflib_sparqlstore(live_server, kaz_graph):
    store = SPARQLStore(f"{live_server}/sparql")
    rows = list(store.query(NUMBERS))
    assert sorted(str(r[0]) for r in rows) == _numbers(kaz_graph)
    graph = Graph(store=store)
    assert (REC, RDF.type, UPR.Recommendation) in graph
    assert set(graph.objects(REC, UPR.recommendationNumber)) == {Literal("140.14")}
    assert store.query(f"ASK {{ <{REC}> ?p ?o }}").askAnswer is True


def test_rdflib_sparqlstore_post(live_server, kaz_graph):
    store = SPARQLStore(f"{live_server}/sparql", method="POST")
    rows = list(store.query(NUMBERS))
    assert len(rows) == len(_numbers(kaz_graph))


def test_live_server_survives_a_runaway_query(live_server):
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    with httpx.Client(base_url=live_server, timeout=60) as http:
        stopped = http.get("/sparql", params={"query": runaway})
        assert stopped.status_code == 504
        normal = http.get("/sparql", params={"query": NUMBERS}, headers={"accept": "text/csv"})
        assert normal.status_code == 200 and normal.text.startswith("n\r\n")
