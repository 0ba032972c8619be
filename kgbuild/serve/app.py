"""The web application of ``kgbuild serve``: ``create_app(source, ...) -> Starlette``.

How the app is made, for whoever mounts into it:

- ``create_app(DIR, base=None, timeout=10.0, workers=2, ...)`` opens DIR (a build output
  folder or a ``--store`` folder, ``source.py``) as an Oxigraph store, read-only, and returns a
  Starlette app. ``app.state.store`` is that read-only ``pyoxigraph.Store`` (its default graph
  is empty: query with ``use_default_graph_as_union=True`` for the union of the named graphs),
  ``app.state.base`` the data base IRI, ``app.state.settings`` the limits.
- The Linked Data pages (``pages.py``): ``pages.routes(store, base)`` are mounted when that
  module imports, and ``pages.index_route(store, base)`` serves ``/`` (else ``/`` redirects to
  ``/sparql``).
- The query workers (``pool.py``) start and stop with the app's lifespan: run the app under a
  server that runs it (Uvicorn does; so does ``with TestClient(app)``).

Routes of this module:

- ``/sparql``: SPARQL 1.1 Protocol (GET ``?query=``, POST form-encoded, POST
  ``application/sparql-query``); results by ``Accept`` or ``format=``; HTML query page for
  browsers (``page.py``); service description without a query (``describe.py``). Extensions:
  ``param.NAME=VALUE`` binds a parameter the query's header declares (as ``kgbuild query
  --param``); ``example=NAME`` runs the named query NAME of queries/.
- ``/.well-known/void``: VoID (``describe.py``).

Limits (``Settings``): a query runs at most ``timeout`` seconds (then 504, and its worker is
replaced); results are cut at ``max_rows`` rows or ``max_triples`` triples, and a cut result
says so in the ``X-SPARQL-MaxRows`` response header (the limit that cut it); a request body or
query string over ``max_request_bytes`` gets 413. Refusals come before evaluation: 400 for a
malformed query, 403 for what a read-only endpoint does not do (update, LOAD, SERVICE, FROM of
a graph the dataset does not have). Every error body is one line of plain text; no stack trace
or file path ever leaves the server.
"""

from __future__ import annotations

import contextlib
import logging
import weakref
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import anyio
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from .. import query as queries
from ..errors import KgbuildError
from . import formats, page
from .describe import compute_void, serialize as serialize_description, service_description
from .pool import Answer, Pool
from .source import open_source

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Settings:
    timeout: float = 10.0
    """Seconds a query may run before its worker is killed (504)."""
    workers: int = 2
    """Query worker processes."""
    max_rows: int = 10_000
    """SELECT results are cut after this many rows (X-SPARQL-MaxRows says so)."""
    max_triples: int = 100_000
    """CONSTRUCT and DESCRIBE results are cut after this many triples."""
    max_request_bytes: int = 128 * 1024
    """Largest request body or query string accepted (413 beyond)."""
    memory_mb: int = 2048
    """Address-space limit of each worker in MB (0: none); a query that needs more gets 503."""
    html_rows: int = 1_000
    """Rows (or triples) the HTML page shows; the download links give the rest."""


_PLAIN = "text/plain; charset=utf-8"
_COMMON = {"X-Content-Type-Options": "nosniff", "Access-Control-Allow-Origin": "*"}


class _Refusal(Exception):
    def __init__(self, status: int, message: str):
        self.status, self.message = status, message


def text(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    """A short plain-text answer (every error of the endpoint)."""
    return PlainTextResponse(message.rstrip() + "\n", status_code=status, headers={**_COMMON, **(headers or {})})


def create_app(
    source: Path,
    *,
    base: str | None = None,
    cache_dir: Path | None = None,
    settings: Settings | None = None,
    **limits: Any,
) -> Starlette:
    """The app serving ``source`` (build folder or store). ``base``: the data base IRI (default:
    read from the store's graph names). ``limits``: fields of :class:`Settings` (``timeout=5``)."""
    settings = replace(settings or Settings(), **limits)
    src = open_source(Path(source), base=base, cache_dir=cache_dir)
    store = src.open()
    graphs = sorted(g.value for g in store.named_graphs() if hasattr(g, "value"))
    pool = Pool(src.store_path, src.base, size=settings.workers, timeout=settings.timeout, memory_mb=settings.memory_mb)

    page_routes: list[Route] = []
    index: Route | None = None
    try:
        from . import pages

        page_routes = list(pages.routes(store, src.base))
        if hasattr(pages, "index_route"):
            index = pages.index_route(store, src.base)
    except Exception as exc:  # the pages are optional: the endpoint works without them
        log.warning("Linked Data pages not served: %s", exc)
    ctx = page.PageContext(
        base=src.base,
        link_pages=bool(page_routes),
        prefixes={**queries.NAMESPACES, "id": src.base},
        examples=queries.list_queries(),
        graphs=len(graphs),
        timeout=settings.timeout,
        max_rows=settings.max_rows,
        max_triples=settings.max_triples,
    )
    endpoint = _Endpoint(settings, pool, ctx, graphs)
    void = _Void(src.void_path, store, src.base)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await anyio.to_thread.run_sync(pool.start)
        try:
            yield
        finally:
            await anyio.to_thread.run_sync(pool.close)

    routes = [
        Route("/sparql", endpoint.handle, methods=["GET", "POST", "OPTIONS"], name="sparql"),
        Route("/.well-known/void", void.handle, name="void"),
        *page_routes,
        index or Route("/", lambda request: RedirectResponse("/sparql", status_code=303), name="index"),
    ]
    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        exception_handlers={HTTPException: _http_error, Exception: _internal_error},
    )
    app.state.store = store
    app.state.base = src.base
    app.state.settings = settings
    app.state.pool = pool
    app.state.graphs = graphs
    app.state.pages = bool(page_routes)
    weakref.finalize(app, src.close)  # a build folder's temporary store goes with the app
    return app


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return text(exc.status_code, f"{exc.status_code} {exc.detail}", dict(exc.headers or {}))


async def _internal_error(request: Request, exc: Exception) -> Response:
    log.error("internal error on %s %s", request.method, request.url.path, exc_info=exc)
    return text(500, "internal error")


class _Endpoint:
    """``/sparql``."""

    def __init__(self, settings: Settings, pool: Pool, ctx: page.PageContext, graphs: list[str]):
        self.settings, self.pool, self.ctx, self.graphs = settings, pool, ctx, graphs
        self.limiter = anyio.CapacityLimiter(max(8, 4 * settings.workers))
        self.examples = {q.name: q for q in ctx.examples}

    async def handle(self, request: Request) -> Response:
        if request.method == "OPTIONS":
            return Response(status_code=204, headers={**_COMMON, "Allow": "GET, POST, OPTIONS",
                                                      "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
                                                      "Access-Control-Allow-Headers": "Content-Type, Accept"})
        try:
            args = await self._arguments(request)
            return await self._answer(request, args)
        except _Refusal as r:
            return text(r.status, r.message)

    async def _arguments(self, request: Request) -> list[tuple[str, str]]:
        cap = self.settings.max_request_bytes
        raw_query = request.url.query
        if len(raw_query) > cap:
            raise _Refusal(413, f"request too large: the query string is over {cap:,} bytes")
        args = parse_qsl(raw_query, keep_blank_values=True)
        if request.method != "POST":
            return args
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype == "application/sparql-update":
            raise _Refusal(403, "SPARQL Update refused: this endpoint is read-only")
        if ctype not in ("application/x-www-form-urlencoded", "application/sparql-query"):
            raise _Refusal(415, "send the query as application/sparql-query or application/x-www-form-urlencoded")
        body = await _read_body(request, cap)
        try:
            decoded = body.decode("utf-8")
        except UnicodeDecodeError:
            raise _Refusal(400, "the request body is not UTF-8") from None
        if ctype == "application/sparql-query":
            return [*args, ("query", decoded)]
        return [*args, *parse_qsl(decoded, keep_blank_values=True)]

    async def _answer(self, request: Request, args: list[tuple[str, str]]) -> Response:
        get = _Args(args)
        if get.all("update"):
            raise _Refusal(403, "SPARQL Update refused: this endpoint is read-only")
        texts, example = get.all("query"), get.one("example")
        if len(texts) > 1:
            raise _Refusal(400, "more than one query parameter")
        fmt = get.one("format")
        ranges = formats.parse_accept(request.headers.get("accept"))
        html = fmt == "html" or (fmt is None and formats.wants_html(ranges))
        query_text = texts[0] if texts else None
        params = {k[len("param."):]: v for k, v in args if k.startswith("param.")}
        if example is not None and query_text is None:
            named = self.examples.get(example)
            if named is None:
                raise _Refusal(404, f"no named query {example!r}; see the examples on /sparql")
            query_text = named.text_for_store
            params = {**named.params, **params}
        if query_text is None:
            return self._service_description(request, ranges, fmt) if not html else self._page()
        if len(query_text.encode("utf-8")) > self.settings.max_request_bytes:
            raise _Refusal(413, f"request too large: the query is over {self.settings.max_request_bytes:,} bytes")
        declared = _declared(query_text)
        if html:  # fields left over from a query edited in the page: dropped, not an error
            params = {k: v for k, v in params.items() if k in {p.name for p in declared}}
        job: dict[str, Any] = {
            "query": query_text,
            "params": params,
            "default_graphs": get.all("default-graph-uri"),
            "named_graphs": get.all("named-graph-uri"),
            "max_rows": self.settings.max_rows,
            "max_triples": self.settings.max_triples,
        }
        if html:
            job.update(table=True, max_rows=min(self.settings.html_rows, self.settings.max_rows),
                       max_triples=min(self.settings.html_rows, self.settings.max_triples))
            if example is not None and any(p.required and not params.get(p.name) for p in declared):
                return self._page(query_text, params, declared)
            answer = await self._run(job)
            outcome = page.Outcome(answer.status, answer.body, answer.truncated, answer.form)
            return self._page(query_text, params, declared, outcome, status=answer.status)
        job.update(format=fmt, accept=request.headers.get("accept"))
        answer = await self._run(job)
        headers = {**_COMMON, "Vary": "Accept"}
        if answer.status != 200:
            if answer.status == 503:
                headers["Retry-After"] = "1"
            return Response(answer.body, status_code=answer.status, media_type=_PLAIN, headers=headers)
        if answer.truncated:
            limit = self.settings.max_triples if answer.form in ("construct", "describe") else self.settings.max_rows
            headers["X-SPARQL-MaxRows"] = str(limit)
        return Response(answer.body, media_type=answer.media_type, headers=headers)

    async def _run(self, job: dict[str, Any]) -> Answer:
        return await anyio.to_thread.run_sync(self.pool.run, job, limiter=self.limiter)

    def _page(self, query_text: str = "", params: dict[str, str] | None = None, declared: Any = (),
              outcome: page.Outcome | None = None, status: int = 200) -> Response:
        body = page.render(self.ctx, query=query_text, params=params, declared=declared, outcome=outcome)
        return HTMLResponse(body, status_code=status, headers={**_COMMON, "Vary": "Accept", "Content-Security-Policy": page.CSP})

    def _service_description(self, request: Request, ranges: list[formats.Range], fmt: str | None) -> Response:
        chosen = formats.by_name_or_type(fmt, formats.GRAPH_FORMATS) if fmt else formats.negotiate(ranges, formats.GRAPH_FORMATS)
        if chosen is None:
            types = ", ".join(f.media_type for f in formats.GRAPH_FORMATS)
            raise _Refusal(406, f"the service description is available as {types} (or text/html)")
        endpoint = str(request.url.replace(query=""))
        void_url = str(request.url.replace(path="/.well-known/void", query=""))
        g = service_description(endpoint, self.graphs, void_url=void_url)
        return Response(serialize_description(g, chosen.name), media_type=chosen.media_type, headers={**_COMMON, "Vary": "Accept"})


class _Void:
    """``/.well-known/void``: the build's void.ttl, else VoID computed once by kgbuild/catalog.py."""

    def __init__(self, path: Path | None, store: Any, base: str):
        self.path, self.store, self.base = path, store, base
        self.cached: bytes | None = None
        self.lock = anyio.Lock()

    async def handle(self, request: Request) -> Response:
        if self.path is not None:
            body = await anyio.to_thread.run_sync(self.path.read_bytes)
            return Response(body, media_type="text/turtle", headers=_COMMON)
        async with self.lock:
            if self.cached is None:
                endpoint = str(request.url.replace(path="/sparql", query=""))
                self.cached = await anyio.to_thread.run_sync(lambda: compute_void(self.store, self.base, endpoint=endpoint) or b"")
        if not self.cached:
            return text(404, "no VoID description for this dataset")
        return Response(self.cached, media_type="text/turtle", headers=_COMMON)


class _Args:
    def __init__(self, items: list[tuple[str, str]]):
        self.items = items

    def all(self, key: str) -> list[str]:
        return [v for k, v in self.items if k == key]

    def one(self, key: str) -> str | None:
        values = self.all(key)
        if len(values) > 1:
            raise _Refusal(400, f"more than one {key} parameter")
        return values[0] if values else None


def _declared(query_text: str) -> tuple[queries.Param, ...]:
    try:
        return queries.parse_header(query_text).params
    except KgbuildError as exc:
        raise _Refusal(400, exc.problem) from None


async def _read_body(request: Request, cap: int) -> bytes:
    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > cap:
        raise _Refusal(413, f"request too large: the body is over {cap:,} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > cap:
            raise _Refusal(413, f"request too large: the body is over {cap:,} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def run(app: Starlette, *, host: str = "127.0.0.1", port: int = 8000, log_level: str = "warning") -> None:
    """Serve ``app`` with Uvicorn until interrupted (Ctrl+C stops the workers cleanly)."""
    import uvicorn

    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level=log_level,
        lifespan="on",
        server_header=False,
        proxy_headers=False,
        limit_concurrency=256,  # beyond, Uvicorn answers 503 at once
        timeout_keep_alive=5,
    )
