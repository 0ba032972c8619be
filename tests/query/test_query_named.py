"""Every named query of queries/: listed, parsed, and run on data/mini.ttl with the rows expected.

One test per query, named after it, asserting concrete values.
"""

from __future__ import annotations

import re

import pytest
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery

from kgbuild.errors import QueryError
from kgbuild.query import check_safe, format_result, get_query, list_queries, load_target, run

from ._mini import ADD, MINI, MINI_INFERRED, iri

QUERIES = list_queries()
NAMES = [q.name for q in QUERIES]


def rows(name: str, dataset, **params: str) -> list[tuple]:
    return run(get_query(name).text, dataset, params=params).rows


def column(result_rows: list[tuple], index: int) -> list:
    return [r[index] for r in result_rows]


def test_at_least_eight_named_queries_sorted_with_title_and_description():
    assert len(QUERIES) >= 8
    assert NAMES == sorted(NAMES)
    for q in QUERIES:
        assert q.title.strip() and q.description.strip(), q.name
        assert q.path is not None and q.path.name == f"{q.name}.rq"


@pytest.mark.parametrize("query", QUERIES, ids=NAMES)
def test_named_query_is_a_safe_ordered_select_and_binds_its_params(query):
    check_safe(query.text)
    algebra = translateQuery(parseQuery(query.text)).algebra
    assert algebra.name == "SelectQuery"
    assert "ORDER BY" in re.sub(r"#.*", "", query.text), "results must be deterministic"
    for param in query.parameters:
        assert re.search(rf"[?$]{param.name}\b", query.text), f"parameter {param.name} is not a variable"


STORE_FORMS = [q for q in QUERIES if q.store_text is not None]


def test_every_store_form_is_the_form_of_a_named_query():
    """queries/store/NAME.rq is read only as the store form of queries/NAME.rq (list_queries
    refuses one whose header differs)."""
    from kgbuild import resources

    assert sorted(p.stem for p in (resources.queries_dir() / "store").glob("*.rq")) == [q.name for q in STORE_FORMS]
    assert len(STORE_FORMS) >= 8


@pytest.mark.parametrize("query", STORE_FORMS, ids=[q.name for q in STORE_FORMS])
def test_store_form_is_a_safe_ordered_select_with_the_same_columns(query):
    check_safe(query.store_text)
    plain = translateQuery(parseQuery(query.text)).algebra
    store = translateQuery(parseQuery(query.store_text)).algebra
    assert store.name == "SelectQuery"
    assert [str(v) for v in store.PV] == [str(v) for v in plain.PV]
    assert "ORDER BY" in re.sub(r"#.*", "", query.store_text)


def test_get_query_unknown_lists_the_known_names():
    with pytest.raises(QueryError) as info:
        get_query("noted")
    assert "unknown query 'noted'" in str(info.value)
    assert "noted-recommendations" in str(info.value) and "evidence" in str(info.value)


@pytest.mark.parametrize("query", QUERIES, ids=NAMES)
def test_deterministic(query, mini):
    """Same output twice, and when the files are loaded in the other order."""
    first = format_result(run(query.text, mini), "tsv")
    assert format_result(run(query.text, mini), "tsv") == first
    reloaded = load_target([MINI_INFERRED, MINI])
    assert format_result(run(query.text, reloaded), "tsv") == first


def test_noted_recommendations(mini):
    result = rows("noted-recommendations", mini)
    assert [(str(r[2]), r[5], r[6]) for r in result] == [
        ("140.1", iri("instrument/KAZ/constitution"), iri("upr:Constitution")),
        ("140.1", iri("instrument/rome-statute"), iri("upr:Treaty")),
        ("140.14", iri("instrument/KAZ/constitution"), iri("upr:Constitution")),
        ("140.14", iri("instrument/rome-statute"), iri("upr:Treaty")),
    ]
    assert set(column(result, 0)) == {Literal("KAZ")}
    assert set(column(result, 4)) == {URIRef(ADD + "response/1")}
    assert result[1][7] == Literal("Rome Statute of the International Criminal Court", lang="en")
    assert rows("noted-recommendations", mini, state="KAZ") == result
    assert rows("noted-recommendations", mini, state="SVN") == []


def test_noted_recommendations_without_response_keep_a_row(mini):
    ds = Dataset(default_union=True)
    for s, p, o, g in mini.quads((None, None, None, None)):
        ds.add((s, p, o, g))
    extra = iri("review/KAZ/4/recommendation/140.2")
    ds.graph(URIRef("urn:x-test:extra")).add((extra, URIRef(iri("upr:recommendationNumber")), Literal("140.2")))
    g = ds.graph(URIRef("urn:x-test:extra"))
    g.add((extra, RDF.type, iri("upr:Recommendation")))
    g.add((extra, iri("upr:inReview"), iri("review/KAZ/4")))
    g.add((extra, iri("upr:position"), iri("upr:Noted")))
    result = rows("noted-recommendations", ds)
    # numeric order: 140.1, 140.2, 140.14 (not the string order 140.1, 140.14, 140.2)
    assert [str(r[2]) for r in result] == ["140.1", "140.1", "140.2", "140.14", "140.14"]
    assert result[2][3:] == (extra, None, None, None, None)


def test_instruments_per_response(mini):
    result = rows("instruments-per-response", mini)
    assert [(r[0], r[3], r[5]) for r in result] == [
        (URIRef(ADD + "response/1"), iri("instrument/KAZ/constitution"), iri("instrument/KAZ/constitution/art-47")),
        (URIRef(ADD + "response/1"), iri("instrument/rome-statute"), iri("instrument/rome-statute")),
        (URIRef(ADD + "response/1"), iri("instrument/rome-statute"), iri("instrument/rome-statute/art-27/para-1")),
        (URIRef(ADD + "response/2"), iri("instrument/KAZ/constitution"), iri("instrument/KAZ/constitution/art-83")),
    ]
    assert column(result, 1) == [iri("upr:Noted")] * 3 + [iri("upr:Supported")]
    assert result[3][2] == Literal("Recommendation No. 140.45")


def test_constitutional_provisions(mini):
    result = rows("constitutional-provisions", mini)
    assert [(r[1], str(r[3]), r[4], str(r[5])) for r in result] == [
        (iri("instrument/KAZ/constitution/art-47"), "47", URIRef(ADD + "response/1"), "140.1"),
        (iri("instrument/KAZ/constitution/art-47"), "47", URIRef(ADD + "response/1"), "140.14"),
        (iri("instrument/KAZ/constitution/art-83"), "83", URIRef(ADD + "response/2"), "140.45"),
    ]
    assert set(column(result, 0)) == {iri("instrument/KAZ/constitution")}


def test_treaties_declined(mini):
    result = rows("treaties-declined", mini)
    assert [(str(r[2]), r[5], int(r[7])) for r in result] == [
        ("140.1", iri("instrument/rome-statute"), 2),
        ("140.1", iri("instrument/rome-statute"), 3),
        ("140.14", iri("instrument/rome-statute"), 2),
        ("140.14", iri("instrument/rome-statute"), 3),
    ]
    assert str(result[0][8]).startswith("There are currently legal obstacles to the ratification")


def test_treaties_declined_by_ratification_wording_when_no_treaty_is_resolved(mini):
    """A response that relies on no upr:Treaty but speaks of ratification: treaty columns empty."""
    ds = Dataset(default_union=True)
    for s, p, o, g in mini.quads((None, None, None, None)):
        if not (s == iri("instrument/rome-statute") and p == RDF.type and o == iri("upr:Treaty")):
            ds.add((s, p, o, g))
    result = rows("treaties-declined", ds)
    assert [(str(r[2]), r[5], r[6], int(r[7])) for r in result] == [
        ("140.1", None, None, 2),
        ("140.1", None, None, 3),
        ("140.14", None, None, 2),
        ("140.14", None, None, 3),
    ]


def test_institutions_per_cluster(mini):
    assert rows("institutions-per-cluster", mini) == [
        (
            URIRef(ADD + "response/2"),
            Literal("Recommendation No. 140.45"),
            Literal(1),
            iri("institution/KAZ/commissioner-for-human-rights"),
            Literal("Commissioner for Human Rights", lang="en"),
        )
    ]


def test_figures(mini):
    result = rows("figures", mini)
    assert [(int(r[1]), r[3], int(r[4]), r[8], None if r[9] is None else str(r[9])) for r in result] == [
        (1, iri("upr:DeclaredTotal"), 3, None, None),
        (1, iri("upr:DeclaredTotal"), 1, None, None),
        (4, iri("upr:Statistic"), 8822, None, "8,822"),
        (4, iri("upr:Statistic"), 5618, URIRef(ADD + "paragraph/4/statistic/86"), "5,618"),
        (4, iri("upr:Statistic"), 3204, URIRef(ADD + "paragraph/4/statistic/86"), "3,204"),
    ]
    assert result[2][0] == URIRef(ADD + "paragraph/4")
    assert result[2][6] == Literal("2023", datatype=XSD.gYear)


def test_evidence(mini):
    result = rows("evidence", mini)
    short = [(str(r[0])[len(ADD):], str(r[1]).split("#")[1], str(r[3]), int(r[4]), int(r[5]), str(r[6])[len(ADD):]) for r in result]
    assert short == [
        ("response/1", "cites", "Rome Statute of the International Criminal Court", 63, 111, "paragraph/2"),
        ("response/1", "cites", "Article 27 (1) of the Rome Statute", 0, 34, "paragraph/3"),
        ("response/1", "cites", "article 47 of the Constitution", 56, 86, "paragraph/3"),
        ("response/1", "cites", "Статья 47 Конституции", 0, 21, "footnote/1"),
        ("response/1", "respondsTo", "140.1", 21, 26, "heading/1"),
        ("response/1", "respondsTo", "140.14", 31, 37, "heading/1"),
        ("response/2", "cites", "article 83 of the Constitution", 6, 36, "paragraph/4"),
        ("response/2", "mentions", "Commissioner for Human Rights", 42, 71, "paragraph/4"),
        ("response/2", "respondsTo", "140.45", 19, 25, "heading/2"),
    ]
    # the quoted words are exactly [start, end) of the text unit's value
    for r in result:
        text = str(mini.value(r[6], RDF.value))
        assert text[int(r[4]) : int(r[5])] == str(r[3])


def test_declared_vs_listed(mini):
    assert rows("declared-vs-listed", mini) == [
        (iri("review/KAZ/4"), iri("upr:Noted"), Literal(3), Literal(2), Literal(False), URIRef(ADD + "paragraph/1")),
        (iri("review/KAZ/4"), iri("upr:Supported"), Literal(1), Literal(1), Literal(True), URIRef(ADD + "paragraph/1")),
    ]


def test_recommendation(mini):
    result = rows("recommendation", mini)  # default: 140.14 of KAZ, cycle 4
    rec = iri("review/KAZ/4/recommendation/140.14")
    assert [(int(r[0]), r[1], r[2], r[3]) for r in result if int(r[0]) == 1] == [
        (1, rec, RDF.type, iri("upr:Recommendation")),
        (1, rec, iri("upr:hasResponse"), URIRef(ADD + "response/1")),
        (1, rec, iri("upr:inReview"), iri("review/KAZ/4")),
        (1, rec, iri("upr:position"), iri("upr:Noted")),
        (1, rec, iri("upr:recommendationNumber"), Literal("140.14")),
    ]
    assert [int(r[0]) for r in result].count(2) == 15  # the triples of response/1
    assert {r[1] for r in result if int(r[0]) == 3} == {URIRef(ADD + "heading/1/mention/31-37")}
    assert [str(r[1])[len(ADD):] for r in result if int(r[0]) == 4] == [
        "footnote/1", "heading/1", "paragraph/2", "paragraph/3"
    ]
    assert len(result) == 30


def test_recommendation_parameters(mini):
    result = rows("recommendation", mini, number="140.45")
    assert (iri("review/KAZ/4/recommendation/140.45"), iri("upr:position"), iri("upr:Supported")) in [
        r[1:] for r in result
    ]
    assert rows("recommendation", mini, number="140.45", cycle="3") == []
    assert rows("recommendation", mini, number="140.45", state="SVN") == []
    assert rows("recommendation", mini, number="999.9") == []


def test_incompatibilities(mini):
    assert rows("incompatibilities", mini) == [
        (
            iri("instrument/KAZ/constitution/art-47"),
            Literal("Constitution of the Republic of Kazakhstan, article 47", lang="en"),
            iri("instrument/rome-statute/art-27/para-1"),
            Literal("Rome Statute of the International Criminal Court, article 27 (1)", lang="en"),
            URIRef(ADD + "response/1"),
        )
    ]


def test_incompatibilities_stated_once_without_inference():
    """Symmetric pairs appear once whether or not the reasoner added the inverse direction."""
    result = rows("incompatibilities", load_target([MINI]))
    assert [(r[0], r[2]) for r in result] == [
        (iri("instrument/KAZ/constitution/art-47"), iri("instrument/rome-statute/art-27/para-1"))
    ]
