"""Oxigraph gives the same results as rdflib, the reference, and only gets the queries it may run."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib.compare import isomorphic

from kgbuild import query as Q
from kgbuild.errors import QueryError

from .conftest import MINI, MINI_INFERRED, with_cube

QUERIES = Q.list_queries()


@pytest.fixture
def oxigraph_calls(monkeypatch):
    calls: list[str] = []
    real = Q._run_oxigraph

    def spy(text, dataset, bindings):
        calls.append(text)
        return real(text, dataset, bindings)

    monkeypatch.setattr(Q, "_run_oxigraph", spy)
    return calls


CROSS_STATE = Path(__file__).parent / "data" / "cross-state.ttl"


@pytest.mark.parametrize("query", QUERIES, ids=[q.name for q in QUERIES])
def test_named_query_same_on_both_engines(query):
    data = with_cube([MINI, MINI_INFERRED, CROSS_STATE])
    reference = Q.run(query.text, data, engine="rdflib")
    fast = Q.run(query.text, data, engine="oxigraph")
    assert fast.variables == reference.variables
    assert fast.rows == reference.rows
    assert reference.rows, "every named query finds something in mini.ttl + cross-state.ttl"


def test_cross_state_queries_give_the_expected_rows() -> None:
    data = with_cube([MINI, MINI_INFERRED, CROSS_STATE])
    rows = Q.run(Q.get_query("noted-by-recommending-state").text, data).rows
    assert [(str(r[0]), int(r[1]), int(r[2])) for r in rows] == [("DEU", 1, 1), ("FRA", 1, 1)]
    rows = Q.run(Q.get_query("noted-treaty-recommendations").text, data).rows
    assert {(str(r[0]), int(r[1]), str(r[2])) for r in rows} == {("KAZ", 4, "140.14")}
    rows = Q.run(Q.get_query("issue-trends").text, data).rows
    assert [(str(r[0]), int(r[1]), int(r[2]), int(r[3])) for r in rows] == [("International instruments", 4, 1, 0)]


@pytest.mark.parametrize("name, params", [("noted-recommendations", {"state": "KAZ"}), ("treaties-declined", {"state": "SVN"})])
def test_projected_parameter_is_substituted_by_oxigraph(mini, oxigraph_calls, name, params):
    text = Q.get_query(name).text
    assert Q.run(text, mini, params=params, engine="oxigraph").rows == Q.run(text, mini, params=params).rows
    assert len(oxigraph_calls) == 1


def test_unprojected_parameter_falls_back_to_rdflib(mini, oxigraph_calls):
    text = Q.get_query("recommendation").text
    result = Q.run(text, mini, params={"number": "140.45"}, engine="oxigraph")
    assert oxigraph_calls == []
    assert result.rows == Q.run(text, mini, params={"number": "140.45"}).rows


def test_word_service_anywhere_falls_back_to_rdflib(mini, oxigraph_calls):
    text = 'SELECT ?v WHERE { ?s ?p ?v FILTER(CONTAINS(STR(?v), "service")) } ORDER BY ?v'
    assert Q.run(text, mini, engine="oxigraph").rows == Q.run(text, mini).rows
    assert oxigraph_calls == []


def test_ask_and_construct_same_on_both_engines(mini, oxigraph_calls):
    ask = "ASK { ?r upr:relatesToInstrument ?i . ?i a upr:Treaty }"
    assert Q.run(ask, mini, engine="oxigraph").boolean is Q.run(ask, mini).boolean is True
    construct = "CONSTRUCT { ?a upr:incompatibleWith ?b } WHERE { ?a upr:incompatibleWith ?b }"
    fast, reference = Q.run(construct, mini, engine="oxigraph").graph, Q.run(construct, mini).graph
    assert len(reference) == 2 and isomorphic(fast, reference)
    assert len(oxigraph_calls) == 2


def test_unknown_engine(mini):
    with pytest.raises(QueryError, match="unknown engine 'jena'"):
        Q.run("ASK {}", mini, engine="jena")


def test_named_queries_on_the_bundled_build(bundled_build):
    """The real output directory: loaded through dataset.trig, same rows on both engines, and
    every quoted evidence is exactly [start, end) of its text unit."""
    from rdflib.namespace import RDF

    dataset = Q.load_target([bundled_build.out])
    for query in QUERIES:
        reference = Q.run(query.text, dataset)
        assert Q.run(query.text, dataset, engine="oxigraph").rows == reference.rows, query.name
    evidence = Q.run(Q.get_query("evidence").text, dataset).rows
    quoted = [r for r in evidence if r[3] is not None]
    assert quoted
    for _response, _link, _target, exact, start, end, unit in quoted:
        assert str(dataset.value(unit, RDF.value))[int(start) : int(end)] == str(exact)
