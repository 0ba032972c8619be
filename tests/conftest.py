"""Shared fixtures.

``bundled_build`` builds the bundled Kazakhstan addendum once per test session, in memory
and into a temporary output directory, through the same library call the CLI uses.
Tests must not reach the network: ``_no_network`` fails any socket connection to a
non-loopback address.
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> object:
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and host not in ("127.0.0.1", "::1", "localhost") and self.family != socket.AF_UNIX:
            raise AssertionError(f"test tried to reach the network: {address!r}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture(scope="session")
def bundled_build(tmp_path_factory: pytest.TempPathFactory):
    """The result of ``kgbuild.build.build()`` on the bundled document (see kgbuild/build.py)."""
    from kgbuild import resources
    from kgbuild.build import build

    out = tmp_path_factory.mktemp("bundled") / "build"
    return build([resources.bundled_document()], out=out)


@pytest.fixture(scope="session")
def kaz_graph(bundled_build):
    """The asserted graph (what graph.ttl holds) of the bundled document, as an rdflib Graph."""
    return bundled_build.graph


def corpus_file(name: str) -> Path:
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"shared corpus not available: {path}")
    return path
