"""A query worker: one process that opens the store read-only and answers one query at a time.

Started by ``pool.py`` as ``python -m kgbuild.serve.worker STORE --base IRI [--memory MB]``.
pyoxigraph cannot cancel a running query, so a query that overruns its time limit is stopped
by killing the process that runs it; the pool starts another. Everything that a hostile query
could make slow or large happens here, not in the server: parsing and the safety check
(``kgbuild.query.prepare_store_query``), evaluation, cutting the result at the row or triple
limit, and serialisation.

Protocol, over stdin and stdout: the server writes one JSON line per job; the worker answers
with one JSON header line (``status``, ``media_type``, ``length``, ``truncated``, ``form``)
followed by ``length`` bytes of body (the result, or a one-line message for an error status).
The first header, ``{"ready": true}``, says the store is open. End of input ends the worker.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import sys
from dataclasses import dataclass
from typing import Any, BinaryIO

import pyoxigraph as ox

from ..errors import QueryError
from ..query import NAMESPACES, UnsafeQueryError, prepare_store_query
from ..terms import to_ox
from . import formats


@dataclass
class Reply:
    status: int
    body: bytes
    media_type: str = "text/plain; charset=utf-8"
    truncated: bool = False
    form: str = ""

    @classmethod
    def error(cls, status: int, message: str) -> Reply:
        return cls(status, (" ".join(message.split()) + "\n").encode("utf-8"))


class Worker:
    """Answers jobs over one read-only store (``job`` keys: see :meth:`answer`)."""

    def __init__(self, store: ox.Store, base: str):
        self.store = store
        self.base = base
        self.prefixes = {**NAMESPACES, "id": base}
        self.graphs = {g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)}

    def answer(self, job: dict[str, Any]) -> Reply:
        """``job``: ``query``, and optionally ``params`` (named-query parameters), ``format``
        (a name or media type), ``accept`` (the Accept header), ``table`` (JSON rows for the
        HTML page), ``default_graphs`` and ``named_graphs`` (the protocol's default-graph-uri
        and named-graph-uri), ``max_rows``, ``max_triples``."""
        try:
            prepared = prepare_store_query(job["query"], params=job.get("params") or {}, allowed_graphs=self.graphs)
        except UnsafeQueryError as exc:
            what = "; ".join(exc.problems) or exc.problem
            return Reply.error(403, f"query refused: {what}. This endpoint only reads its own dataset.")
        except QueryError as exc:
            return Reply.error(400, exc.problem)
        except RecursionError:
            return Reply.error(400, "query refused: it is nested too deeply")
        if _mentions_service(prepared.text):
            return Reply.error(403, "query refused: SERVICE would query another endpoint. This endpoint only reads its own dataset.")
        protocol_graphs = [*job.get("default_graphs", ()), *job.get("named_graphs", ())]
        unknown = [g for g in protocol_graphs if g not in self.graphs]
        if unknown:
            return Reply.error(403, f"query refused: <{unknown[0]}> is not a graph of this dataset (see the service description)")
        form = prepared.form
        chosen = self._choose_format(job, form)
        if isinstance(chosen, Reply):
            return chosen
        try:
            result = self.store.query(prepared.text, **self._dataset(job, prepared.has_dataset), prefixes=self.prefixes,
                                      substitutions={ox.Variable(k): to_ox(v) for k, v in prepared.bindings.items()})
            if isinstance(result, ox.QueryBoolean):
                reply = self._boolean(chosen, bool(result))
            elif isinstance(result, ox.QuerySolutions):
                reply = self._solutions(chosen, result, int(job.get("max_rows", 10_000)))
            else:
                reply = self._triples(chosen, result, int(job.get("max_triples", 100_000)))
        except SyntaxError as exc:
            return Reply.error(400, f"SPARQL syntax error: {_short(exc)}")
        except MemoryError:
            return Reply.error(503, "query stopped: it needed more memory than a query may use")
        except (OSError, ValueError) as exc:
            return Reply.error(400, f"query failed: {_short(exc)}")
        reply.form = form
        return reply

    def _choose_format(self, job: dict[str, Any], form: str) -> str | Reply:
        candidates = formats.formats_for(form)
        if job.get("table"):
            return "table"
        if job.get("format"):
            fmt = formats.by_name_or_type(job["format"], candidates)
            if fmt is not None:
                return fmt.name
            other = formats.by_name_or_type(job["format"])
            if other is None:
                names = ", ".join(f.name for f in formats.ALL_FORMATS)
                return Reply.error(400, f"unknown format {job['format']!r}; known: {names}")
            names = ", ".join(f.name for f in candidates)
            return Reply.error(406, f"a {form.upper()} query cannot give {other.name}; it gives: {names}")
        fmt = formats.negotiate(formats.parse_accept(job.get("accept")), candidates)
        if fmt is None:
            types = ", ".join(f.media_type for f in candidates)
            return Reply.error(406, f"none of the accepted media types fits a {form.upper()} query; it gives: {types}")
        return fmt.name

    def _dataset(self, job: dict[str, Any], has_dataset: bool) -> dict[str, Any]:
        """The protocol's graph parameters override FROM (SPARQL 1.1 Protocol, 2.1.4); with
        neither, the default graph is the union of every named graph, as ``kgbuild query``."""
        default, named = job.get("default_graphs") or [], job.get("named_graphs") or []
        if default or named:
            return {
                "default_graph": [ox.NamedNode(g) for g in default] or [ox.DefaultGraph()],
                "named_graphs": [ox.NamedNode(g) for g in named] or None,
            }
        return {} if has_dataset else {"use_default_graph_as_union": True}

    def _boolean(self, fmt: str, value: bool) -> Reply:
        if fmt == "table":
            return Reply(200, formats.write_boolean("json", value), "application/json")
        f = formats.BY_NAME[fmt]
        return Reply(200, formats.write_boolean(fmt, value), f.media_type)

    def _solutions(self, fmt: str, result: ox.QuerySolutions, limit: int) -> Reply:
        variables = [v.value for v in result.variables]
        rows = [[sol[v] for v in variables] for sol in itertools.islice(result, limit + 1)]
        truncated = len(rows) > limit
        del rows[limit:]
        if fmt == "table":
            return Reply(200, formats.write_solutions("json", variables, rows), "application/json", truncated)
        return Reply(200, formats.write_solutions(fmt, variables, rows), formats.BY_NAME[fmt].media_type, truncated)

    def _triples(self, fmt: str, result: Any, limit: int) -> Reply:
        seen: dict[str, ox.Triple] = {}
        truncated = False
        for triple in result:  # Oxigraph may give a CONSTRUCT triple twice; a graph has it once
            seen.setdefault(str(triple), triple)
            if len(seen) > limit:
                truncated = True
                del seen[str(triple)]
                break
        triples = list(seen.values())
        if fmt == "table":
            rows = [[t.subject, t.predicate, t.object] for t in triples]
            body = formats.write_solutions("json", ["subject", "predicate", "object"], rows)
            return Reply(200, body, "application/json", truncated)
        return Reply(200, formats.write_graph(fmt, triples, self.prefixes), formats.BY_NAME[fmt].media_type, truncated)


_HIDING_PLACES = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r'|<[^<>"{}|^`\\\s]*>'
    r"|#[^\n]*",
    re.DOTALL,
)
_SERVICE = re.compile(r"(?<![?$:\w])service(?![:\w])", re.IGNORECASE)


def _mentions_service(text: str) -> bool:
    """True when the keyword SERVICE appears outside strings, IRIs, comments and names.

    Belt and braces: rdflib's parse tree, which ``prepare_store_query`` checked, has no
    SERVICE, but Oxigraph parses the text again with its own parser (and would follow a
    SERVICE to the network), so a text in which any parser could see one is not evaluated.
    """
    from rdflib.plugins.sparql.parser import expandUnicodeEscapes

    return bool(_SERVICE.search(_HIDING_PLACES.sub(" ", expandUnicodeEscapes(text))))


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= 300 else text[:299] + "…"


def _send(out: BinaryIO, header: dict[str, Any], body: bytes = b"") -> None:
    out.write(json.dumps(header).encode("utf-8") + b"\n" + body)
    out.flush()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m kgbuild.serve.worker")
    p.add_argument("store")
    p.add_argument("--base", required=True)
    p.add_argument("--memory", type=int, default=0, help="address-space limit in MB (0: none)")
    args = p.parse_args(argv)
    # The protocol owns the original stdout; anything else printed goes to stderr.
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    if args.memory > 0:
        import resource

        limit = args.memory * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    worker = Worker(ox.Store.read_only(args.store), args.base)
    _send(out, {"ready": True, "pid": os.getpid()})
    for line in sys.stdin.buffer:
        try:
            job = json.loads(line)
            reply = worker.answer(job)
        except MemoryError:
            reply = Reply.error(503, "query stopped: it needed more memory than a query may use")
        except Exception as exc:  # never let one request end the worker
            print(f"kgbuild serve worker: {type(exc).__name__}: {_short(exc)}", file=sys.stderr)
            reply = Reply.error(500, "internal error while answering the query")
        _send(
            out,
            {"status": reply.status, "media_type": reply.media_type, "length": len(reply.body),
             "truncated": reply.truncated, "form": reply.form},
            reply.body,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
