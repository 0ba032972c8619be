"""The header comment of a query file: title, description, parameters (queries/README.md)."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from kgbuild.errors import MappingError, QueryError
from kgbuild.query import Param, _bindings, format_list, load_query_file, parse_header, parse_param_args

HEADER = """\
# title: Noted recommendations and the instruments their responses rely on
# description: One row per noted recommendation
#   and instrument.
# param: number = 140.14  (recommendation number, as printed)
# param: cycle: integer = 4  (UPR cycle)
# param: state =  (ISO code; empty: every State)
# param: treaty: iri  (the treaty (an IRI))
# An ordinary comment: with a colon.
PREFIX upr: <https://w3id.org/upr-kg/ontology#>
# title: not part of the header
SELECT ?number WHERE { ?r upr:recommendationNumber ?number ; upr:cycle ?cycle ; upr:iso ?state ; upr:t ?treaty }
"""


def test_header_fields():
    header = parse_header(HEADER)
    assert header.title == "Noted recommendations and the instruments their responses rely on"
    assert header.description == "One row per noted recommendation and instrument."
    assert header.params == (
        Param("number", "string", "140.14", "recommendation number, as printed"),
        Param("cycle", "integer", "4", "UPR cycle"),
        Param("state", "string", "", "ISO code; empty: every State"),
        Param("treaty", "iri", None, "the treaty (an IRI)"),
    )
    assert [p.required for p in header.params] == [False, False, False, True]


def test_header_without_fields():
    header = parse_header("SELECT * WHERE { ?s ?p ?o }")
    assert (header.title, header.description, header.params) == ("", "", ())


def test_header_leading_blank_lines_are_skipped():
    assert parse_header("\n\n# title: T\nASK {}").title == "T"


@pytest.mark.parametrize(
    "text, message",
    [
        ("# title: a\n# title: b\nASK {}", "second '# title:'"),
        ("# param: n = 1\n# param: n = 2\nASK {}", "declared twice"),
        ("# param: n: float = 1\nASK {}", "unknown type 'float'"),
        ("# param: 1n = 1\nASK {}", "cannot read parameter"),
        ("# param: n: integer = four\nASK {}", "not a valid integer"),
    ],
)
def test_header_errors_name_the_line(text, message):
    with pytest.raises(MappingError) as info:
        parse_header(text, path="my.rq")
    assert message in str(info.value)
    assert str(info.value).startswith("my.rq: line ")


def test_load_query_file(tmp_path):
    path = tmp_path / "my-query.rq"
    path.write_text(HEADER, encoding="utf-8")
    query = load_query_file(path)
    assert query.name == "my-query"
    assert query.params == {"number": "140.14", "cycle": "4", "state": "", "treaty": ""}
    assert query.text == HEADER and query.path == path


def test_bindings_are_typed_terms():
    header = parse_header(HEADER)
    bound = _bindings(header, {"treaty": "id:instrument/rome-statute"})
    assert bound == {
        "number": Literal("140.14"),
        "cycle": Literal("4", datatype=XSD.integer),
        "treaty": URIRef("https://w3id.org/upr-kg/id/instrument/rome-statute"),
    }  # state: optional and not given, so left unbound
    assert _bindings(header, {"treaty": "<http://example.org/t>", "state": "KAZ"})["state"] == Literal("KAZ")


@pytest.mark.parametrize(
    "given, message",
    [
        ({}, "parameter 'treaty' is required"),
        ({"treaty": "upr:X", "nmber": "1"}, "unknown parameter 'nmber'"),
        ({"treaty": "upr:X", "cycle": "4th"}, "cycle: '4th' is not a valid integer"),
        ({"treaty": "not an iri"}, "treaty: 'not an iri' is not a valid iri"),
        ({"treaty": "<http://x> } ; DROP ALL ; {"}, "is not a valid iri"),
    ],
)
def test_binding_errors(given, message):
    with pytest.raises(QueryError, match=message):
        _bindings(parse_header(HEADER), given)


def test_parse_param_args():
    assert parse_param_args(["number=140.45", "state=", "x=a=b"]) == {"number": "140.45", "state": "", "x": "a=b"}
    with pytest.raises(QueryError, match="not NAME=VALUE"):
        parse_param_args(["number"])


def test_format_list(tmp_path):
    path = tmp_path / "q.rq"
    path.write_text(HEADER, encoding="utf-8")
    text = format_list([load_query_file(path)])
    assert text.splitlines()[0] == "q: Noted recommendations and the instruments their responses rely on"
    assert "    param number = 140.14  recommendation number, as printed" in text
    assert "    param cycle: integer = 4  UPR cycle" in text
    assert "    param state = (any)  ISO code; empty: every State" in text
    assert "    param treaty: iri (required)  the treaty (an IRI)" in text
