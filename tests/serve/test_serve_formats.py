"""Accept negotiation and the result serialisers of kgbuild/serve/formats.py."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from kgbuild.serve import formats
from kgbuild.serve.formats import GRAPH_FORMATS, RESULT_FORMATS, negotiate, parse_accept, wants_html

FIREFOX = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
CHROME = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7"


@pytest.mark.parametrize(
    "accept, html",
    [
        (FIREFOX, True),
        (CHROME, True),
        ("*/*", False),
        (None, False),
        ("application/sparql-results+json", False),
        ("text/html;q=0.5, application/sparql-results+json", False),
        ("text/html;q=0", False),
    ],
)
def test_wants_html(accept, html):
    assert wants_html(parse_accept(accept)) is html


@pytest.mark.parametrize(
    "accept, candidates, expected",
    [
        (None, RESULT_FORMATS, "json"),
        ("*/*", GRAPH_FORMATS, "turtle"),
        ("text/csv;q=0.9, application/sparql-results+json;q=0.5", RESULT_FORMATS, "csv"),
        ("text/*", RESULT_FORMATS, "csv"),
        ("application/json", RESULT_FORMATS, "json"),
        ("application/json", GRAPH_FORMATS, "jsonld"),
        ("application/xml", GRAPH_FORMATS, "rdfxml"),
        ("text/turtle;q=0, */*;q=0.1", GRAPH_FORMATS, "ntriples"),
        ("image/png", RESULT_FORMATS, None),
        ("text/csv", GRAPH_FORMATS, None),
        ("garbage", RESULT_FORMATS, None),
    ],
)
def test_negotiate(accept, candidates, expected):
    chosen = negotiate(parse_accept(accept), candidates)
    assert (chosen.name if chosen else None) == expected


def test_format_names_depend_on_the_query_form():
    assert formats.by_name_or_type("xml", RESULT_FORMATS).name == "xml"
    assert formats.by_name_or_type("xml", GRAPH_FORMATS).name == "rdfxml"
    assert formats.by_name_or_type("n3", GRAPH_FORMATS).name == "turtle"
    assert formats.by_name_or_type("text/csv").name == "csv"
    assert formats.by_name_or_type("csv", GRAPH_FORMATS) is None


def _sample():
    store = ox.Store()
    s = ox.NamedNode("https://example.org/s")
    values = [
        ox.Literal("plain, with \"quotes\"\tand\ttabs\nand a newline"),
        ox.Literal("Казахстан", language="ru"),
        ox.Literal("42", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
        ox.Literal("2025-04-24", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")),
        ox.BlankNode("b0"),
        ox.NamedNode("https://example.org/o?x=1&y='z'"),
    ]
    for i, v in enumerate(values):
        store.add(ox.Quad(s, ox.NamedNode(f"https://example.org/p{i}"), v))
    query = "SELECT ?p ?o ?missing WHERE { ?s ?p ?o } ORDER BY ?p"
    return store, query


@pytest.mark.parametrize("name, ox_format", [("json", ox.QueryResultsFormat.JSON), ("xml", ox.QueryResultsFormat.XML), ("tsv", ox.QueryResultsFormat.TSV)])
def test_serialisers_agree_with_oxigraph(name, ox_format):
    store, query = _sample()
    result = store.query(query)
    variables = [v.value for v in result.variables]
    rows = [[sol[v] for v in variables] for sol in result]
    ours = formats.write_solutions(name, variables, rows)
    parsed = ox.parse_query_results(ours, format=ox_format)
    assert [v.value for v in parsed.variables] == variables
    got = [[sol[v] for v in variables] for sol in parsed]
    assert [[str(t) for t in row] for row in got] == [[str(t) for t in row] for row in rows]


def test_csv_is_rfc4180_with_plain_values():
    store, query = _sample()
    result = store.query(query)
    variables = [v.value for v in result.variables]
    text = formats.write_solutions("csv", variables, [[sol[v] for v in variables] for sol in result]).decode()
    assert text.startswith("p,o,missing\r\n")
    assert '"plain, with ""quotes""\tand\ttabs\nand a newline"' in text
    assert ",_:b0," in text and ",42," in text


def test_json_boolean_and_graph_jsonld_embeds_its_context():
    assert json.loads(formats.write_boolean("json", True)) == {"head": {}, "boolean": True}
    triple = ox.Triple(ox.NamedNode("https://w3id.org/upr-kg/id/state/KAZ"), ox.NamedNode("https://w3id.org/upr-kg/ontology#iso3"), ox.Literal("KAZ"))
    doc = json.loads(formats.write_graph("jsonld", [triple], {}))
    assert isinstance(doc["@context"], dict)
