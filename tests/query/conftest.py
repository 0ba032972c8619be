"""Fixtures for the query stage: the hand-made miniature graph of data/ (see data/README.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kgbuild.query import load_target

from ._mini import MINI, MINI_INFERRED


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """rdflib 7.6's own code (Dataset.triples, used by its SPARQL engine on every pattern, and its
    TriG, N-Quads and JSON-LD plugins) calls its own deprecated API; that noise is not ours to fix."""
    here = str(Path(__file__).parent)
    for item in items:
        if str(item.path).startswith(here):
            item.add_marker(pytest.mark.filterwarnings("ignore:.* is deprecated, use .* instead:DeprecationWarning"))


def with_cube(paths: list[Path]):
    """load_target(paths) plus the statistics cube a build computes from that data
    (mappings/cube/*.rq, in its own named graph, as graph/cube of a build): the aggregate named
    queries read the cube."""
    import pyoxigraph as ox
    from rdflib import URIRef

    from kgbuild.dataset import BuildStore
    from kgbuild.iri import DEFAULT_BASE
    from kgbuild.terms import from_ox

    dataset = load_target(paths)
    bs = BuildStore(ox.Store(), DEFAULT_BASE)
    bs.add_source(URIRef("urn:x-test:data"), [(s, p, o) for s, p, o, _ in dataset.quads((None, None, None, None))])
    bs.cube()
    cube = dataset.graph(bs.cube_name)
    for q in bs.store.quads_for_pattern(None, None, None, ox.NamedNode(str(bs.cube_name))):
        cube.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
    return dataset


@pytest.fixture(scope="module")
def mini():
    """mini.ttl (asserted) + mini-inferred.ttl (its entailments), as load_target gives them."""
    return load_target([MINI, MINI_INFERRED])
