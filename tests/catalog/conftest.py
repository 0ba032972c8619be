"""Fixtures for the catalogue tests: the bundled build (built once per session by the
top-level ``bundled_build`` fixture, copied here so that writing catalog.ttl and void.ttl
leaves the shared build as it was), its dataset in a pyoxigraph Store, and the official
DCAT-AP 3.0.1 shapes read from ../shared (the tests that need them skip when it is absent).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Namespace

from kgbuild import catalog
from kgbuild.iri import DEFAULT_BASE

SH = Namespace("http://www.w3.org/ns/shacl#")
DCAT_AP = Path(__file__).resolve().parents[2].parent / "shared" / "reference" / "dcat-ap-3.0.1"

# The official release refers to five property shapes it does not define (in neither
# dcat-ap-SHACL.ttl nor ranges.ttl): two of DatasetShape, two of DistributionShape, one of
# RelationshipShape. A reference without a definition has no sh:path and constrains nothing,
# but pySHACL refuses the whole shapes graph when it meets one, so the references are dropped
# (and counted, so that a new release with more of them is noticed).
KNOWN_DANGLING = 5


@pytest.fixture(scope="session")
def dcat_ap_shapes() -> Graph:
    """dcat-ap-SHACL.ttl (constraints) + ranges.ttl (classes of values), as the README there
    says, merged: each file refers to property shapes defined in the other."""
    files = [DCAT_AP / "dcat-ap-SHACL.ttl", DCAT_AP / "ranges.ttl"]
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        pytest.skip(f"the official DCAT-AP 3.0.1 shapes are not available (../shared absent?): {', '.join(missing)}")
    shapes = Graph()
    for f in files:
        shapes.parse(f, format="turtle")
    dangling = [(s, o) for s, o in shapes.subject_objects(SH.property) if shapes.value(o, SH.path) is None]
    assert len(dangling) == KNOWN_DANGLING, f"the DCAT-AP shapes changed: {len(dangling)} undefined property shapes"
    for s, o in dangling:
        shapes.remove((s, SH.property, o))
    return shapes


@pytest.fixture(scope="session")
def built(bundled_build, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the bundled build's output folder."""
    folder = tmp_path_factory.mktemp("catalog") / "build"
    shutil.copytree(bundled_build.out, folder)
    return folder


@pytest.fixture(scope="session")
def store(built: Path) -> ox.Store:
    s = ox.Store()
    s.load(path=str(built / "dataset.trig"), format=ox.RdfFormat.TRIG)
    return s


@pytest.fixture(scope="session")
def written(built: Path, store: ox.Store) -> Path:
    """The build folder after ``catalog.write`` (no endpoint, default download URLs)."""
    catalog.write(built, store, DEFAULT_BASE)
    return built


@pytest.fixture(scope="session")
def catalog_ttl(written: Path) -> Graph:
    return Graph().parse(written / "catalog.ttl", format="turtle")


@pytest.fixture(scope="session")
def void_ttl(written: Path) -> Graph:
    return Graph().parse(written / "void.ttl", format="turtle")
