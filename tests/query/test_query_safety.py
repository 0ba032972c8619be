"""Hostile queries are refused before evaluation, with a QueryError that names the problem."""

from __future__ import annotations

import pytest
from rdflib import Dataset, Literal

from kgbuild.errors import QueryError
from kgbuild.query import check_safe, run

from ._mini import MINI


class Untouchable:
    """A dataset that fails the test if anything evaluates a query on it."""

    def query(self, *args, **kwargs):
        raise AssertionError("the query was evaluated")

    def quads(self, *args, **kwargs):
        raise AssertionError("the dataset was read")


HOSTILE = {
    "insert-data": ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "SPARQL update (INSERT DATA)"),
    "delete-where": ("DELETE WHERE { ?s ?p ?o }", "SPARQL update (DELETE WHERE)"),
    "modify": ("DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }", "SPARQL update (DELETE/INSERT"),
    "load": ("LOAD <http://example.org/data.ttl>", "SPARQL update (LOAD)"),
    "load-lowercase": ("load <file:///etc/passwd> into graph <urn:g>", "SPARQL update (LOAD)"),
    "clear-all": ("CLEAR ALL", "SPARQL update (CLEAR)"),
    "drop-create": ("DROP GRAPH <urn:g> ; CREATE GRAPH <urn:h>", "SPARQL update (DROP, CREATE)"),
    "service": (
        "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        "SERVICE <http://example.org/sparql> would query another endpoint",
    ),
    "service-lowercase-silent": (
        "select * where { service silent <http://example.org/sparql> { ?s ?p ?o } }",
        "SERVICE <http://example.org/sparql>",
    ),
    "service-unicode-escape": (
        "SELECT * WHERE { \\u0053ERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        "SERVICE <http://example.org/sparql>",
    ),
    "service-in-comment-split": (
        "SELECT * WHERE { ?a ?b ?c # a comment\n OPTIONAL { SERVICE # hidden?\n <http://example.org/sparql> { ?s ?p ?o } } }",
        "SERVICE <http://example.org/sparql>",
    ),
    "service-in-subquery": (
        "SELECT ?s WHERE { { SELECT ?s WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } } } }",
        "SERVICE <http://example.org/sparql>",
    ),
    "service-in-filter-exists": (
        "ASK { ?s ?p ?o FILTER EXISTS { SERVICE <http://example.org/sparql> { ?s ?p ?o } } }",
        "SERVICE <http://example.org/sparql>",
    ),
    "service-variable": ("SELECT * WHERE { SERVICE ?endpoint { ?s ?p ?o } }", "SERVICE ?endpoint"),
    "from-file": ("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }", "FROM <file:///etc/passwd> would load"),
    "from-named": ("SELECT * FROM NAMED <http://example.org/g> WHERE { GRAPH ?g { ?s ?p ?o } }", "FROM NAMED <http://example.org/g>"),
    "construct-from": ("construct { ?s ?p ?o } from <http://example.org/x> where { ?s ?p ?o }", "FROM <http://example.org/x>"),
    "describe-from": ("DESCRIBE ?s FROM <file:///etc/hosts> WHERE { ?s ?p ?o }", "FROM <file:///etc/hosts>"),
    "syntax-error": ("SELECT * WHERE { ?s ?p ?o . FILTER( }", "SPARQL syntax error at line 1, column"),
    "empty": ("", "SPARQL syntax error"),
    "comment-only": ("# nothing\n", "SPARQL syntax error"),
}


@pytest.mark.parametrize("text, message", HOSTILE.values(), ids=HOSTILE.keys())
def test_refused_before_evaluation(text, message):
    with pytest.raises(QueryError) as info:
        run(text, Untouchable())  # type: ignore[arg-type]
    assert message in str(info.value)
    assert "\n" not in str(info.value)
    with pytest.raises(QueryError):
        check_safe(text)
    with pytest.raises(QueryError):
        run(text, Untouchable(), engine="oxigraph")  # type: ignore[arg-type]


def test_refusal_tells_how_to_allow_it():
    with pytest.raises(QueryError, match=r"pass --unsafe \(allow_unsafe=True\)"):
        check_safe("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://example.org/sparql> { } in a comment",
        'SELECT * WHERE { ?s ?p "SERVICE <http://example.org/sparql> and FROM <file:///etc/passwd>" }',
        "SELECT ?service WHERE { ?service ?p ?o }",
        "ASK { ?s ?p ?o }",
        "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }",
        "DESCRIBE <urn:x>",
    ],
)
def test_safe_queries_pass(text):
    check_safe(text)


def test_updates_are_refused_even_when_unsafe_is_allowed():
    with pytest.raises(QueryError, match="SPARQL update"):
        run("INSERT DATA { <urn:a> <urn:b> <urn:c> }", Untouchable(), allow_unsafe=True)  # type: ignore[arg-type]


def test_unsafe_allowed_on_request_reads_a_local_file():
    """--unsafe is the user's explicit choice: FROM then does what rdflib does, it loads the file."""
    text = f"SELECT (COUNT(*) AS ?n) FROM <{MINI.as_uri()}> WHERE {{ ?s ?p ?o }}"
    with pytest.raises(QueryError, match="FROM <file:"):
        run(text, Dataset(default_union=True))
    result = run(text, Dataset(default_union=True), allow_unsafe=True)
    assert result.rows[0][0] == Literal(215)


def test_unknown_prefix_is_a_query_error():
    with pytest.raises(QueryError, match="cannot translate the query"):
        run("SELECT * WHERE { ?s nope:p ?o }", Dataset(default_union=True))


def test_known_prefixes_are_predeclared_for_ad_hoc_queries(mini):
    result = run("SELECT ?r WHERE { ?r a upr:Recommendation ; upr:position upr:Supported FILTER(STRSTARTS(STR(?r), STR(id:))) }", mini)
    assert [str(r[0]).rsplit("/", 1)[1] for r in result.rows] == ["140.45"]
