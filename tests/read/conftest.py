"""What the reader tests of every format share: the reference data, the bundled document's
model (the Markdown every other format must match), and two helpers that compare formats."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from kgbuild import resources
from kgbuild.build import build
from kgbuild.model import Document
from kgbuild.read import read
from kgbuild.reference import Reference
from kgbuild.structure import structure

DATA = Path(__file__).resolve().parents[1] / "data"
DCT_SOURCE = URIRef("http://purl.org/dc/terms/source")

# Paragraph -> the footnotes it calls, in the bundled Markdown (<sup>N</sup>).
KAZ_MARKERS = {14: [1], 17: [2, 3, 4, 5], 19: [6], 33: [7], 49: [8], 55: [9], 76: [10]}


@pytest.fixture(scope="module")
def reference() -> Reference:
    return Reference("https://w3id.org/upr-kg/id/")


@pytest.fixture(scope="module")
def kaz_md(reference: Reference) -> Document:
    return structure(read(resources.bundled_document()), reference)


def without_source(path: Path) -> Graph:
    """The graph built from ``path`` without the one triple that names the file."""
    graph = build([path], out=None, run_validation=False, run_reasoning=False).graph
    sources = list(graph.triples((None, DCT_SOURCE, None)))
    assert len(sources) == 1 and str(sources[0][2]) == path.name
    graph.remove(sources[0])
    return graph


def units(doc: Document) -> list[tuple]:
    """Everything the structure step says of each unit, for comparing formats."""
    return [(u.kind, u.key, u.text, u.number, u.level, u.markers, u.items, u.heading, u.ordinal) for u in doc.units]
