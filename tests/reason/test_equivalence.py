"""reason (signature-filtered, reduced closure) gives exactly what reason_naive gives.

reason_naive is owlrl's closure of all of data + ontology; reason leaves out what the axioms
cannot act on (see kgbuild/reason.py). Each case below is a data graph and an ontology;
the extra cases step outside upr.ttl to reach the branches where reason must step back.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from kgbuild.reason import load_ontology, reason, reason_naive

DATA = Path(__file__).parent / "data"


def _graph(*names: str) -> Graph:
    g = Graph()
    for name in names:
        g.parse(DATA / name, format="turtle")
    return g


CASES = {
    # The main case: the ontology as published, a realistic excerpt of a document graph.
    "upr-kaz-excerpt": (("kaz-rome-statute.ttl",), ()),
    # Value restrictions keep declarations and disable the merging of islands; a literal
    # reaches a domain through a sub-property; an inverse of upr:denotes; an intersection.
    "extra-axioms": (("kaz-rome-statute.ttl", "extra-data.ttl"), ("extra-ontology.ttl",)),
    # owl:sameAs in the data: eq-rep-* copy triples outside the signature.
    "same-as": (("kaz-rome-statute.ttl", "same-as.ttl"), ()),
}


@pytest.fixture(scope="module")
def upr_ontology() -> Graph:
    return load_ontology()


@pytest.mark.parametrize("case", sorted(CASES))
def test_reason_equals_reason_naive(case: str, upr_ontology: Graph) -> None:
    data_files, extra_ontology = CASES[case]
    data = _graph(*data_files)
    ontology = Graph()
    ontology += upr_ontology
    ontology += _graph(*extra_ontology)

    fast = reason(data, ontology)
    naive = reason_naive(data, ontology)

    # Neither result has blank nodes, so graph equality is set equality.
    missing = set(naive) - set(fast)
    extra = set(fast) - set(naive)
    assert not missing and not extra, f"missing from reason: {sorted(missing)}\nonly in reason: {sorted(extra)}"
    assert len(fast) > 0


def test_reason_equals_reason_naive_on_the_bundled_document(kaz_graph: Graph, upr_ontology: Graph) -> None:
    """The real case: the asserted graph of the bundled addendum (about 2,300 triples)."""
    fast = reason(kaz_graph, upr_ontology)
    naive = reason_naive(kaz_graph, upr_ontology)
    missing = set(naive) - set(fast)
    extra = set(fast) - set(naive)
    assert not missing and not extra, f"missing from reason: {sorted(missing)}\nonly in reason: {sorted(extra)}"
    assert len(fast) > 100
