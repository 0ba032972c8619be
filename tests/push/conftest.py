"""A real Oxigraph server for the push tests: the ``oxigraph`` binary of the PyPI package
``oxigraph`` (in the ``test`` extra), started on a free loopback port with a temporary data
folder, and stopped at the end of the module."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _binary() -> str | None:
    beside = Path(sys.executable).with_name("oxigraph")
    return str(beside) if beside.is_file() else shutil.which("oxigraph")


@dataclass(frozen=True)
class Server:
    url: str
    process: subprocess.Popen


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    binary = _binary()
    if binary is None:
        pytest.skip("the oxigraph server binary is not installed (pip install -e '.[test]' brings it)")
    data = tmp_path_factory.mktemp("oxigraph-data")
    port = free_port()
    log = (data.parent / f"oxigraph-{port}.log").open("wb")
    process = subprocess.Popen([binary, "serve", "--location", str(data), "--bind", f"127.0.0.1:{port}"], stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                pytest.fail(f"oxigraph serve exited with {process.returncode}; see {log.name}")
            try:
                urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=1).read()
                break
            except (urllib.error.URLError, OSError):
                if time.monotonic() > deadline:
                    pytest.fail(f"oxigraph serve did not answer on {url} within 30 s")
                time.sleep(0.1)
        yield Server(url, process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


class _FakeStore:
    """A Graph Store endpoint that refuses on purpose, on loopback: ``/bad`` answers 400 with
    a parser's message; ``/auth`` wants user ``upr``/``secret`` (HTTP Basic, after a 401
    challenge) or the bearer token ``t0ken``, then accepts the graph (204)."""

    def __init__(self) -> None:
        import base64
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        seen: list[dict[str, str]] = []
        basic = "Basic " + base64.b64encode(b"upr:secret").decode()

        class Handler(BaseHTTPRequestHandler):
            def do_PUT(self) -> None:  # noqa: N802 - http.server's naming
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                seen.append(dict(self.headers))
                if self.path.startswith("/bad"):
                    self._answer(400, b"Parse error: unexpected token at line 1 column 5\n")
                elif self.headers.get("Authorization") in (basic, "Bearer t0ken"):
                    self._answer(204, b"")
                else:
                    self._answer(401, b"authentication required", {"WWW-Authenticate": 'Basic realm="store"'})

            def _answer(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
                self.send_response(status)
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.seen = seen
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def fake_store() -> Iterator[_FakeStore]:
    store = _FakeStore()
    yield store
    store.close()
