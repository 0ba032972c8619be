"""format_result: table, SPARQL 1.1 CSV / TSV / JSON, ASK and CONSTRUCT."""

from __future__ import annotations

import json

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from kgbuild.errors import QueryError
from kgbuild.query import FORMATS, QueryResult, format_result, get_query, run, shorten

from ._mini import ID

RESULT = QueryResult(
    "select",
    ("s", "label", "n", "text", "empty"),
    [
        (URIRef(ID + "review/KAZ/4"), Literal("Kazakhstan", lang="en"), Literal(35), Literal('a, "b"\nc\td'), None),
        (BNode("b0"), Literal("x"), Literal("2023", datatype=XSD.gYear), Literal("1.5", datatype=XSD.decimal), None),
    ],
)


def test_csv_exact():
    assert format_result(RESULT, "csv") == (
        "s,label,n,text,empty\r\n"
        'https://w3id.org/upr-kg/id/review/KAZ/4,Kazakhstan,35,"a, ""b""\nc\td",\r\n'
        "_:b0,x,2023,1.5,\r\n"
    )


def test_tsv_exact():
    assert format_result(RESULT, "tsv") == (
        "?s\t?label\t?n\t?text\t?empty\n"
        '<https://w3id.org/upr-kg/id/review/KAZ/4>\t"Kazakhstan"@en\t35\t"a, \\"b\\"\\nc\\td"\t\n'
        '_:b0\t"x"\t"2023"^^<http://www.w3.org/2001/XMLSchema#gYear>\t1.5\t\n'
    )


def test_json_follows_sparql_results_json():
    doc = json.loads(format_result(RESULT, "json"))
    assert doc["head"] == {"vars": ["s", "label", "n", "text", "empty"]}
    assert doc["results"]["bindings"] == [
        {
            "s": {"type": "uri", "value": ID + "review/KAZ/4"},
            "label": {"type": "literal", "value": "Kazakhstan", "xml:lang": "en"},
            "n": {"type": "literal", "value": "35", "datatype": str(XSD.integer)},
            "text": {"type": "literal", "value": 'a, "b"\nc\td'},
        },
        {
            "s": {"type": "bnode", "value": "b0"},
            "label": {"type": "literal", "value": "x"},
            "n": {"type": "literal", "value": "2023", "datatype": str(XSD.gYear)},
            "text": {"type": "literal", "value": "1.5", "datatype": str(XSD.decimal)},
        },
    ]  # unbound variables are left out of a binding


def test_table_is_aligned_and_shortens_iris():
    lines = format_result(RESULT, "table").splitlines()
    assert lines[0] == "s                label       n     text        empty"
    assert lines[1] == "---------------  ----------  ----  ----------  -----"
    assert lines[2] == "id:review/KAZ/4  Kazakhstan  35    a, \"b\" c d"
    assert lines[3] == "_:b0             x           2023  1.5"
    assert lines[4] == "(2 rows)"


def test_table_cuts_long_cells():
    long = QueryResult("select", ("t",), [(Literal("word " * 40),)])
    cell = format_result(long, "table").splitlines()[2]
    assert len(cell) == 80 and cell.endswith("…")


def test_shorten():
    assert shorten(ID + "instrument/rome-statute/art-27") == "id:instrument/rome-statute/art-27"
    assert shorten("https://w3id.org/upr-kg/ontology#Noted") == "upr:Noted"
    assert shorten("http://example.org/x") == "<http://example.org/x>"


def test_declared_vs_listed_as_csv(mini):
    result = run(get_query("declared-vs-listed").text, mini)
    assert format_result(result, "csv") == (
        "review,position,declared,listed,agrees,paragraph\r\n"
        f"{ID}review/KAZ/4,https://w3id.org/upr-kg/ontology#Noted,3,2,false,{ID}document/KAZ/4/addendum/paragraph/1\r\n"
        f"{ID}review/KAZ/4,https://w3id.org/upr-kg/ontology#Supported,1,1,true,{ID}document/KAZ/4/addendum/paragraph/1\r\n"
    )
    assert format_result(result, "tsv").splitlines()[1] == (
        f"<{ID}review/KAZ/4>\t<https://w3id.org/upr-kg/ontology#Noted>\t3\t2\tfalse\t<{ID}document/KAZ/4/addendum/paragraph/1>"
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_ask(mini, fmt):
    yes = run("ASK { ?r upr:position upr:Noted }", mini)
    no = run("ASK { ?r upr:position upr:Pending }", mini)
    if fmt == "json":
        assert json.loads(format_result(yes, fmt)) == {"head": {}, "boolean": True}
        assert json.loads(format_result(no, fmt)) == {"head": {}, "boolean": False}
    else:
        assert (format_result(yes, fmt), format_result(no, fmt)) == ("true\n", "false\n")


CONSTRUCT = "CONSTRUCT { ?r upr:position ?p } WHERE { ?r a upr:Recommendation ; upr:position ?p }"


def test_construct_table_is_turtle(mini):
    text = format_result(run(CONSTRUCT, mini), "table")
    assert "@prefix upr: <https://w3id.org/upr-kg/ontology#> ." in text
    assert "upr:position upr:Noted" in text


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json"])
def test_construct_otherwise_sorted_ntriples(mini, fmt):
    assert format_result(run(CONSTRUCT, mini), fmt) == "".join(
        f"<{ID}review/KAZ/4/recommendation/{n}> <https://w3id.org/upr-kg/ontology#position> "
        f"<https://w3id.org/upr-kg/ontology#{p}> .\n"
        for n, p in [("140.14", "Noted"), ("140.1", "Noted"), ("140.45", "Supported")]
    )  # sorted as text: "140.14>" before "140.1>"


def test_unknown_format():
    with pytest.raises(QueryError, match="unknown result format 'xml'; known: table, csv, tsv, json"):
        format_result(RESULT, "xml")
