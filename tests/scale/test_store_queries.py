"""``kgbuild query STORE NAME`` gives the rows of the named query, in its order: the form
written for the store (queries/store/NAME.rq, when there is one), run by Oxigraph on the
build's store, equals the named query run by rdflib, the reference, on the same data.

The sample: the bundled addendum (responses citing treaties and provisions), the first 400
rows of the UPR Info export, and the Slovenia report and its addendum, two graphs that both
hold the triples of review SVN/4 (Oxigraph's union of the graphs gives such a triple once per
graph, rdflib once); built with reasoning, as the queries read upr:relatesToInstrument.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kgbuild import query as Q
from kgbuild.build import build

NAMED = {q.name: q for q in Q.list_queries()}

PARAMS: dict[str, list[dict[str, str]]] = {
    "issue-trends": [{}, {"state": "AFG"}, {"state": "SVN"}],
    "noted-recommendations": [{}, {"state": "SVN"}, {"state": "KAZ"}],
    "treaties-declined": [{}, {"state": "SVN"}],
    "recommendations-table": [{}, {"state": "SVN"}, {"cycle": "1"}],
    "positions-per-state-cycle": [{}, {"state": "SVN"}, {"cycle": "4"}],
    "recommendation": [{}, {"number": "140.1", "state": "SVN", "cycle": "4"}],
    "noted-by-recommending-state": [{}, {"state": "SVN"}],
    "noted-treaty-recommendations": [{}, {"treaty": "id:instrument/icmw"}],
}
CASES = [(name, params) for name in NAMED for params in PARAMS.get(name, [{}])]


@pytest.fixture(scope="module")
def sample(two_graph_inputs: list[Path]):  # noqa: ANN201
    return build(two_graph_inputs, out=None, run_validation=False, run_reasoning=True, workers=1)


@pytest.fixture(scope="module")
def expected(sample) -> dict[tuple[str, str], Q.QueryResult]:  # noqa: ANN001
    """Each case run by rdflib on the sample (once: the tests below share it)."""
    return {(name, repr(params)): Q.run(NAMED[name].text, sample.dataset, params=params) for name, params in CASES}


@pytest.mark.parametrize("name, params", CASES, ids=[f"{n}-{'-'.join(p.values()) or 'defaults'}" for n, p in CASES])
def test_named_query_on_the_store_equals_rdflib(sample, expected, name: str, params: dict[str, str]) -> None:  # noqa: ANN001
    reference = expected[(name, repr(params))]
    got = Q.run_store(NAMED[name].text_for_store, sample.store.store, params=params)
    assert got.variables == reference.variables
    assert got.rows == reference.rows


def test_the_sample_has_rows_for_every_query(sample, expected) -> None:  # noqa: ANN001
    """A review held by two graphs, and rows to compare for every named query."""
    twice = Q.run_store(
        "SELECT ?review WHERE { ?review upr:stateUnderReview ?s } GROUP BY ?review HAVING (COUNT(*) > 1)",
        sample.store.store,
    )
    assert [str(r[0]).split("/id/")[1] for r in twice.rows] == ["review/SVN/4"]
    with_rows = {name for (name, _), result in expected.items() if result.rows}
    assert sorted(set(NAMED) - with_rows) == []


def test_the_plain_query_on_the_store_repeats_rows_of_a_review_held_by_two_graphs(sample, expected) -> None:  # noqa: ANN001
    """Why noted-recommendations has a store form: run as written, Oxigraph gives each row
    once per graph that holds the review's and the recommendation's triples."""
    plain = Q.run_store(NAMED["noted-recommendations"].text, sample.store.store)
    reference = expected[("noted-recommendations", repr({}))]
    assert len(plain.rows) > len(reference.rows)
    assert sorted(set(plain.rows), key=repr) == sorted(set(reference.rows), key=repr)


def test_rows_that_tie_on_the_sort_keys_come_in_a_fixed_order() -> None:
    """Rows of one recommendation that differ only in their text (sources that word it
    differently) come in text order on both engines, whatever order the store holds them in:
    recommendations.csv is the same bytes however the build's sources arrived."""
    import pyoxigraph as ox
    from rdflib import Graph

    texts = ["Ratify the Convention", "Adopt a plan", "Zero tolerance", "Build shelters", "End impunity",
             "Hold elections", "Inform the public", "Guarantee rights"]
    lines = [
        "@prefix upr: <https://w3id.org/upr-kg/ontology#> .",
        "@base <https://w3id.org/upr-kg/id/> .",
        "<review/XXX/1> upr:stateUnderReview <state/XXX> ; upr:cycle 1 .",
        '<state/XXX> upr:iso3 "XXX" .',
        '<recommendation/1> a upr:Recommendation ; upr:inReview <review/XXX/1> ; upr:recommendationNumber "1.1" ; upr:position upr:Noted .',
        *(f'<recommendation/1> upr:text "{t}" .' for t in texts),
    ]
    data = "\n".join(lines)
    store = ox.Store()
    store.load(data.encode(), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode("https://w3id.org/upr-kg/id/graph/test"))
    graph = Graph().parse(data=data, format="turtle")
    query = NAMED["recommendations-table"]
    on_store = [str(r[5]) for r in Q.run_store(query.text_for_store, store).rows]
    by_rdflib = [str(r[5]) for r in Q.run(query.text, graph).rows]
    assert on_store == by_rdflib == sorted(texts)
