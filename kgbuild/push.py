"""Push: load a built dataset's named graphs into an external triplestore.

Takes a build output folder (its dataset.trig), a kgbuild store (``build --store``) or a
TriG / N-Quads file, and sends every named graph to a SPARQL 1.1 Graph Store HTTP Protocol
endpoint (W3C Recommendation, 2013, section 5.3 "HTTP PUT"): one ``PUT {endpoint}?graph=IRI``
per graph, whose body replaces that graph in the store, so pushing the same build twice
leaves the store as it was after the first push. Triples outside any named graph go to
``?default``. Graphs of the store that the source does not have are left alone.

Bodies are N-Triples (or Turtle), written by Oxigraph. Only the standard library speaks
HTTP (urllib): Basic and Digest authentication (a user and password; Virtuoso's
/sparql-graph-crud-auth asks for Digest) or a bearer token. A refusal or an unreachable
store raises KgbuildError naming the URL, the HTTP status and the start of the store's answer.

Graph Store endpoints of the common stores (``graph_store_url``): Oxigraph server ``/store``
(the default), Apache Jena Fuseki ``/{dataset}/data``, GraphDB
``/repositories/{id}/rdf-graphs/service``, Virtuoso ``/sparql-graph-crud`` or, with
authentication, ``/sparql-graph-crud-auth``.
"""

from __future__ import annotations

import logging
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .catalog import published_graphs
from .errors import InputError, KgbuildError, UsageError

log = logging.getLogger(__name__)

DEFAULT_GRAPH_STORE = "/store"
"""The Graph Store endpoint of Oxigraph server, relative to the server's URL."""

BODY_FORMATS: dict[str, tuple[ox.RdfFormat, str]] = {
    "ntriples": (ox.RdfFormat.N_TRIPLES, "application/n-triples"),
    "turtle": (ox.RdfFormat.TURTLE, "text/turtle"),
}

_SNIPPET = 200


@dataclass
class PushResult:
    """What a push sent: (graph name or None for the default graph, triples) per graph."""

    url: str
    graphs: list[tuple[str | None, int]] = field(default_factory=list)
    bytes_sent: int = 0
    seconds: float = 0.0

    @property
    def triples(self) -> int:
        return sum(n for _, n in self.graphs)


def graph_store_url(to: str, graph_store: str | None = None) -> str:
    """The Graph Store endpoint: ``graph_store`` (a path, default ``/store``) on the server
    ``to``; an absolute ``graph_store`` URL is taken as it is.

    >>> graph_store_url("http://localhost:7878")
    'http://localhost:7878/store'
    >>> graph_store_url("http://localhost:3030/", "/upr/data")
    'http://localhost:3030/upr/data'
    """
    parsed = urllib.parse.urlsplit(to)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise UsageError(f"not an http(s) URL: {to!r}")
    path = DEFAULT_GRAPH_STORE if graph_store is None else graph_store
    if urllib.parse.urlsplit(path).scheme:
        return path
    return to.rstrip("/") + "/" + path.lstrip("/")


def open_source(source: Path) -> ox.Store:
    """The dataset to push as an Oxigraph store: a kgbuild store opened read-only, or a build
    folder's dataset.trig (or a .trig / .nq file) loaded in memory."""
    from .store import is_store, open_read_only

    if is_store(source):
        return open_read_only(source)
    path = source / "dataset.trig" if source.is_dir() else source
    if source.is_dir() and not path.is_file():
        raise InputError("not a kgbuild output folder or store (no dataset.trig)", path=source)
    formats = {".trig": ox.RdfFormat.TRIG, ".nq": ox.RdfFormat.N_QUADS}
    if path.suffix.lower() not in formats:
        raise InputError("give a build folder, a store, or a .trig or .nq file", path=path)
    if not path.is_file():
        raise InputError("no such file or folder", path=path)
    store = ox.Store()
    try:
        store.bulk_load(path=str(path), format=formats[path.suffix.lower()])
    except (SyntaxError, OSError, ValueError) as exc:
        raise InputError(f"cannot read the dataset: {exc}", path=path) from exc
    return store


def graph_names(store: ox.Store) -> list[str | None]:
    """The named graphs to push (the published ones: a store's manifest and validation report
    stay private, see kgbuild.catalog.PRIVATE_GRAPHS), sorted, then None for the default
    graph when it has triples."""
    names = [g.value for g in published_graphs(store)]
    default = next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None)
    return names + ([None] if default is not None else [])


def _body(store: ox.Store, name: str | None, fmt: ox.RdfFormat) -> tuple[bytes, int]:
    graph = ox.NamedNode(name) if name is not None else ox.DefaultGraph()
    triples = [q.triple for q in store.quads_for_pattern(None, None, None, graph)]
    return ox.serialize(triples, format=fmt) or b"", len(triples)


class _Client:
    """PUT requests with the credentials given: Basic and Digest answer the store's 401
    challenge (urllib's handlers), a token is sent as ``Authorization: Bearer``."""

    def __init__(self, url: str, *, user: str | None, password: str | None, token: str | None, timeout: float):
        self.timeout = timeout
        handlers: list[urllib.request.BaseHandler] = []
        self.headers: dict[str, str] = {}
        if token:
            self.headers["Authorization"] = f"Bearer {token}"
        elif user is not None:
            manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            manager.add_password(None, url, user, password or "")
            handlers += [urllib.request.HTTPBasicAuthHandler(manager), urllib.request.HTTPDigestAuthHandler(manager)]
        self.opener = urllib.request.build_opener(*handlers)

    def put(self, url: str, body: bytes, content_type: str) -> int:
        request = urllib.request.Request(url, data=body, method="PUT", headers={**self.headers, "Content-Type": content_type})
        with self.opener.open(request, timeout=self.timeout) as response:
            response.read()
            return int(response.status)


def _refusal(store_url: str, target: str, exc: urllib.error.HTTPError) -> KgbuildError:
    try:
        text = exc.read(_SNIPPET * 4).decode("utf-8", "replace")
    except OSError:
        text = ""
    snippet = " ".join(text.split())[:_SNIPPET]
    reason = f"HTTP {exc.code} {exc.reason}" + (f": {snippet}" if snippet else "")
    return KgbuildError(f"the store refused {target}: {reason}", path=store_url)


def _unreachable(store_url: str, exc: BaseException) -> KgbuildError:
    reason = getattr(exc, "reason", exc)
    return KgbuildError(f"cannot reach the store: {reason}", path=store_url)


def push(
    source: Path,
    to: str,
    *,
    graph_store: str | None = None,
    body_format: str = "ntriples",
    user: str | None = None,
    password: str | None = None,
    token: str | None = None,
    timeout: float = 300.0,
    progress: Callable[[int, int, str | None, int], None] | None = None,
) -> PushResult:
    """PUT every named graph of ``source`` (see :func:`open_source`) to the Graph Store
    endpoint of the server ``to`` (:func:`graph_store_url`).

    ``progress(done, total, graph, triples_so_far)`` is called before each graph and once at
    the end. Raises KgbuildError (naming the endpoint URL) when the store is unreachable or
    answers with an error; the graphs pushed before that stay pushed.
    """
    if body_format not in BODY_FORMATS:
        raise UsageError(f"unknown body format {body_format!r}; use one of {', '.join(BODY_FORMATS)}")
    fmt, content_type = BODY_FORMATS[body_format]
    endpoint = graph_store_url(to, graph_store)
    store = open_source(source)
    names = graph_names(store)
    client = _Client(endpoint, user=user, password=password, token=token, timeout=timeout)
    result = PushResult(endpoint)
    started = time.perf_counter()
    for i, name in enumerate(names):
        if progress:
            progress(i, len(names), name, result.triples)
        body, count = _body(store, name, fmt)
        query = urllib.parse.urlencode({"graph": name}) if name is not None else "default"
        url = f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"
        target = f"graph <{name}>" if name is not None else "the default graph"
        try:
            status = client.put(url, body, content_type)
        except urllib.error.HTTPError as exc:
            raise _refusal(endpoint, target, exc) from None
        except (urllib.error.URLError, OSError) as exc:  # refused, unknown host, timeout
            raise _unreachable(endpoint, exc) from None
        log.debug("PUT %s: HTTP %s, %d triples", url, status, count)
        result.graphs.append((name, count))
        result.bytes_sent += len(body)
    result.seconds = time.perf_counter() - started
    if progress:
        progress(len(names), len(names), None, result.triples)
    return result


def iter_graph_counts(store: ox.Store) -> Iterator[tuple[str | None, int]]:
    """(graph, triples) for each graph :func:`push` would send."""
    for name in graph_names(store):
        graph = ox.NamedNode(name) if name is not None else ox.DefaultGraph()
        yield name, sum(1 for _ in store.quads_for_pattern(None, None, None, graph))
