"""``kgbuild serve DIR``: a read-only SPARQL endpoint (and the Linked Data pages) over a built dataset.

DIR is a build output folder (its ``dataset.trig``: every named graph, asserted and inferred)
or a store made by ``kgbuild build --store DIR``. Either way the server queries an on-disk
Oxigraph store opened read-only (a build folder's dataset is loaded into one first, see
``source.py``), so it serves one document and a corpus of a million triples the same way.

Modules:

- ``app.py``      ``create_app(source, ...) -> Starlette``: the routes, the SPARQL 1.1 Protocol at
                  ``/sparql``, the error handling; mounts ``pages.py`` (Linked Data pages at
                  ``/id/...``) when it is there
- ``source.py``   DIR -> a read-only Oxigraph store (and the data base IRI)
- ``pool.py``     the query workers: processes that each open the store read-only; a query
                  that overruns its time limit is stopped by killing its worker
- ``worker.py``   what one worker does: check, evaluate, cap, serialise
- ``formats.py``  result media types, ``Accept`` negotiation, result serialisers
- ``page.py``     the HTML query page (no external asset, works without JavaScript)
- ``describe.py`` the SPARQL 1.1 Service Description and the VoID description
- ``pages.py``    the Linked Data pages (``/id/...`` 303 to ``/doc/...``), with ``html*.py``

Why Starlette and Uvicorn: the endpoint needs an HTTP server that streams bodies, limits
request sizes, handles many slow clients without a thread each, and shuts down cleanly;
writing that on ``http.server`` would be more code to secure than the endpoint itself.
Starlette is a small ASGI toolkit (routing, requests, responses, a test client; one
dependency, anyio) and Uvicorn a small ASGI server (pure-Python HTTP/1.1 through h11); both
are maintained by the Encode team, widely used (FastAPI is built on them), and pull in no
web framework, template engine or ORM. Datasette, which STYLE.md cites, runs on the same
stack.
"""

from __future__ import annotations

from typing import Any

__all__ = ["create_app", "run"]


def __getattr__(name: str) -> Any:
    # Imported lazily: a query worker (python -m kgbuild.serve.worker) needs neither Starlette
    # nor Uvicorn.
    if name == "create_app":
        from .app import create_app

        return create_app
    if name == "run":
        from .app import run

        return run
    raise AttributeError(name)
