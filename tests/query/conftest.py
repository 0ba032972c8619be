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


@pytest.fixture(scope="module")
def mini():
    """mini.ttl (asserted) + mini-inferred.ttl (its entailments), as load_target gives them."""
    return load_target([MINI, MINI_INFERRED])
