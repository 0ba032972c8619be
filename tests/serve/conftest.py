"""Fixtures of the endpoint tests: the bundled build served in-process and over real HTTP.

- ``built``: the build output folder of the bundled document (tests/conftest.py builds it once).
- ``app`` / ``client``: one app over it for the session, with small limits so that the limit
  tests are quick (2 s per query, 500 rows, 1,000 triples, 8 KiB requests), and a Starlette
  TestClient whose lifespan started the query workers.
- ``live_server``: the same kind of app under Uvicorn on a free loopback port, in a thread:
  what SPARQLWrapper and rdflib's SPARQLStore talk to.
"""

from __future__ import annotations

import socket
import threading
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

with warnings.catch_warnings():
    # Starlette 1.x suggests the httpx2 fork for its test client; httpx works the same.
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

LIMITS = {"timeout": 2.0, "workers": 2, "max_rows": 500, "max_triples": 1_000, "max_request_bytes": 8 * 1024}


@pytest.fixture(scope="session")
def built(bundled_build) -> Path:
    assert bundled_build.out is not None
    return Path(bundled_build.out)


@pytest.fixture(scope="session")
def app(built: Path):
    from kgbuild.serve.app import create_app

    return create_app(built, **LIMITS)


@pytest.fixture(scope="session")
def client(app) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c


@pytest.fixture(scope="session")
def live_server(built: Path) -> Iterator[str]:
    """``http://127.0.0.1:PORT``: Uvicorn serving the bundled build, for real HTTP clients."""
    import uvicorn

    from kgbuild.serve.app import create_app

    app = create_app(built, **LIMITS)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()
