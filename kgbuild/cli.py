"""Command line: ``kgbuild build | validate | reason | query | export``.

Argument parsing, exit codes and messages only; every subcommand calls the library.
Exit codes: 0 success (or a conforming graph), 1 SHACL violations, 2 bad input or usage.
Errors are one line on stderr (``kgbuild: error: FILE: problem``); ``--debug`` shows the
traceback. Stdout carries only results; the build summary goes to stderr unless ``--quiet``.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from . import __version__
from .errors import InputError, KgbuildError, UsageError
from .iri import DEFAULT_BASE

log = logging.getLogger("kgbuild")

EXIT_OK, EXIT_VIOLATIONS, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's own usage errors: one line, exit 2
        self.print_usage(sys.stderr)
        print(f"kgbuild: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="kgbuild", description="Publish UN Universal Periodic Review documents as linked data.")
    p.add_argument("--version", action="version", version=f"kgbuild {__version__}")
    p.add_argument("--debug", action="store_true", help="show tracebacks and debug logging")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    b = sub.add_parser("build", help="build the graph of documents (default: the bundled Kazakhstan addendum)")
    b.add_argument("inputs", nargs="*", type=Path, help="documents (.md, .txt), folders of them or quoted patterns ('reports/*.txt'); none = the bundled document")
    b.add_argument("--out", type=Path, default=Path("build"), help="output directory (default: build/); replaced atomically")
    b.add_argument("--base", default=DEFAULT_BASE, help=f"data base IRI for the resources (default: {DEFAULT_BASE})")
    b.add_argument("--no-validate", action="store_true", help="skip SHACL validation (validation.ttl is then empty)")
    b.add_argument("--no-reason", action="store_true", help="skip OWL RL reasoning (inferred.ttl is then empty)")
    b.add_argument("--store", type=Path, help="also keep the dataset in a persistent Oxigraph store in this folder; rebuilds skip unchanged sources")
    b.add_argument("--naive", action="store_true", help="validate with pySHACL and reason with owlrl over the whole graph (the slow reference path)")
    b.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")

    v = sub.add_parser("validate", help="validate a built directory or RDF files against shapes/")
    v.add_argument("targets", nargs="+", type=Path, help="a built directory (its graph.ttl), a store (--store) or RDF files")
    v.add_argument("--report", type=Path, help="also write the SHACL report (Turtle) to this file")
    v.add_argument("--naive", action="store_true", help="run pySHACL over the whole graph (the reference path)")

    r = sub.add_parser("reason", help="compute the OWL RL entailments of a built directory or RDF files")
    r.add_argument("targets", nargs="+", type=Path, help="a built directory (its graph.ttl), a store (--store) or RDF files")
    r.add_argument("-o", "--output", type=Path, help="write the entailments here (format from the suffix); default stdout, Turtle")
    r.add_argument("--naive", action="store_true", help="run owlrl over the whole graph (the reference path)")

    q = sub.add_parser("query", help="run SPARQL over a built directory or RDF files (asserted + inferred)")
    q.add_argument("target", nargs="?", type=Path, help="a built directory, a store (build --store) or an RDF file")
    q.add_argument("query", nargs="?", help="a named query (see --list) or a .rq file")
    q.add_argument("-e", "--expression", help="SPARQL text to run instead of a named query or file")
    q.add_argument("--list", action="store_true", help="list the named queries and their parameters")
    q.add_argument("--param", action="append", default=[], metavar="NAME=VALUE", help="set a parameter of a named query (repeatable)")
    q.add_argument("--format", default="table", choices=("table", "csv", "tsv", "json"), help="result format (default: table)")
    q.add_argument("--unsafe", action="store_true", help="allow SERVICE, LOAD, updates and FROM (off by default)")

    e = sub.add_parser("export", help="convert a built directory or RDF files to another RDF format")
    e.add_argument("targets", nargs="+", type=Path, help="a built directory (its dataset.trig) or RDF files")
    e.add_argument("-o", "--output", type=Path, help="output file (format from its suffix); default stdout")
    e.add_argument("--format", choices=("turtle", "ntriples", "jsonld", "rdfxml", "trig", "nquads"), help="output format (required for stdout)")

    u = sub.add_parser("push", help="load every named graph into a triplestore (SPARQL 1.1 Graph Store HTTP Protocol)")
    u.add_argument("source", type=Path, help="a built directory (its dataset.trig), a store (build --store), or a .trig/.nq file")
    u.add_argument("--to", required=True, metavar="URL", help="the store's URL, e.g. http://localhost:7878 (Oxigraph server)")
    u.add_argument("--graph-store", metavar="PATH", help="the Graph Store endpoint on that server (default: /store, Oxigraph's; Fuseki /DATASET/data, GraphDB /repositories/ID/rdf-graphs/service, Virtuoso /sparql-graph-crud-auth); an absolute URL is used as it is")
    u.add_argument("--body-format", default="ntriples", choices=("ntriples", "turtle"), help="format of the request bodies (default: ntriples)")
    u.add_argument("--user", help="user name for HTTP Basic or Digest authentication")
    u.add_argument("--password", help="password for --user (default: the environment variable KGBUILD_PUSH_PASSWORD)")
    u.add_argument("--token-env", metavar="VAR", help="name of an environment variable holding a bearer token (sent as Authorization: Bearer)")
    u.add_argument("--timeout", type=float, default=300.0, help="seconds to wait for the store on each graph (default: 300)")
    u.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")

    s = sub.add_parser("serve", help="serve a built dataset: read-only SPARQL endpoint, Linked Data pages, VoID")
    s.add_argument("source", type=Path, help="a built directory (its dataset.trig, loaded into a temporary Oxigraph store) or a store (build --store)")
    s.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    s.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    s.add_argument("--base", help=f"data base IRI of the resources (default: read from the dataset's graph names, else {DEFAULT_BASE})")
    s.add_argument("--timeout", type=float, default=10.0, help="seconds a query may run before it is stopped, 504 (default: 10)")
    s.add_argument("--workers", type=int, default=2, help="query worker processes, each with the store open read-only (default: 2)")
    s.add_argument("--max-rows", type=int, default=10_000, help="SELECT results are cut after this many rows, with an X-SPARQL-MaxRows header (default: 10000)")
    s.add_argument("--max-triples", type=int, default=100_000, help="CONSTRUCT/DESCRIBE results are cut after this many triples (default: 100000)")
    s.add_argument("--max-request", type=int, default=128 * 1024, metavar="BYTES", help="largest request body or query string, 413 beyond (default: 131072)")
    s.add_argument("--memory", type=int, default=2048, metavar="MB", help="address-space limit of each query worker, 0 for none (default: 2048)")
    s.add_argument("--cache", type=Path, metavar="DIR", help="keep the store loaded from a build's dataset.trig in this folder, reused while dataset.trig is unchanged (default: a temporary folder)")
    s.add_argument("--log-level", default="warning", choices=("critical", "error", "warning", "info", "debug"), help="server log level (default: warning; info logs every request)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.WARNING, format="kgbuild: %(levelname)s: %(message)s")
    try:
        return {"build": cmd_build, "validate": cmd_validate, "reason": cmd_reason, "query": cmd_query, "export": cmd_export, "push": cmd_push, "serve": cmd_serve}[args.command](args)
    except KgbuildError as exc:
        if args.debug:
            raise
        print(f"kgbuild: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


def _err(text: str) -> None:
    print(text, file=sys.stderr)


def cmd_build(args: argparse.Namespace) -> int:
    from . import resources
    from .build import build

    inputs = args.inputs or [resources.bundled_document()]
    result = build(
        inputs,
        out=args.out,
        base=args.base,
        run_validation=not args.no_validate,
        run_reasoning=not args.no_reason,
        naive=args.naive,
        store=args.store,
        progress=None if args.quiet else _Progress(sys.stderr),
    )
    if not args.quiet:
        _Progress.clear(sys.stderr)
    if not args.quiet:
        _err(build_summary(result))
    return EXIT_OK if result.conforms else EXIT_VIOLATIONS


class _Progress:
    """Progress on stderr for builds of many documents: one line rewritten in place, at most
    ten times a second, with a count and a rate; silent when stderr is not a terminal."""

    def __init__(self, stream) -> None:  # noqa: ANN001
        import time

        self.stream = stream
        self.enabled = stream.isatty()
        self.started = time.monotonic()
        self.last = 0.0

    def __call__(self, done: int, total: int, path: str) -> None:
        import time

        now = time.monotonic()
        if not self.enabled or total < 2 or now - self.last < 0.1:
            return
        self.last = now
        rate = done / (now - self.started) if done else 0.0
        name = Path(path).name[:40]
        self.stream.write(f"\r\x1b[Kbuilding {done + 1}/{total} ({rate:.1f} documents/s) {name}")
        self.stream.flush()

    @staticmethod
    def clear(stream) -> None:  # noqa: ANN001
        if stream.isatty():
            stream.write("\r\x1b[K")
            stream.flush()


def build_summary(result) -> str:  # noqa: ANN001 - BuildResult, imported lazily
    n = result.counts()
    lines = []
    for r in result.documents:
        d, h = r.document, r.document.header
        lines.append(
            f"{d.path.name}: {h.kind} · {d.review.state_name} ({d.review.state_iso3}), UPR cycle {d.review.cycle}, "
            f"HRC session {h.session} · {len(d.paragraphs)} paragraphs, {len(d.headings)} headings, {len(d.footnotes)} footnotes"
        )
    positions = sorted((k.removeprefix("position "), v) for k, v in n.items() if k.startswith("position "))
    lines.append(
        f"recommendations: {n.get('recommendations', 0)} ({', '.join(f'{v} {k}' for k, v in positions) or 'no position'})"
        f" · responses: {n.get('responses', 0)} · provisions: {n.get('provisions', 0)} · mentions: {n.get('mentions', 0)}"
        f" · statistics: {n.get('statistics', 0)}"
    )
    lines.append(
        f"instruments cited: {n.get('instruments cited', 0)} · provisions cited: {n.get('provisions cited', 0)}"
        f" · institutions named: {n.get('institutions named', 0)}"
    )
    lines.append(f"triples: {result.triples} asserted, {result.inferred_count} inferred")
    if result.rows_read:
        lines.append(f"table rows: {result.rows_read} read, {len({(r.path, r.line) for r in result.rejections})} rejected")
        for r in result.rejections[:20]:
            lines.append(f"  rejected: {r}")
        if len(result.rejections) > 20:
            lines.append(f"  ... and {len(result.rejections) - 20} more problems")
    for dup, first in result.duplicates:
        lines.append(f"{dup.name}: the same file as {first.name}, built once")
    if result.reused:
        lines.append(f"{result.reused} source(s) unchanged since the store's last build: taken from the store")
    if result.report is not None:
        lines.append(result.report.summary())
    if result.out is not None:
        lines.append(f"written to {result.out}/")
    return "\n".join(lines)


def _load_graph(targets: list[Path]):  # noqa: ANN202
    """Asserted data of a built directory (graph.ttl), or the union of RDF files."""
    from rdflib import Graph

    from .query import load_target

    from .store import Store, is_store

    paths: list[Path] = []
    stores = []
    for t in targets:
        if is_store(t):
            stores.append(t)
            continue
        if t.is_dir():
            if not (t / "graph.ttl").exists():
                raise InputError("not a kgbuild output directory (no graph.ttl)", path=t)
            paths.append(t / "graph.ttl")
        else:
            paths.append(t)
    g = Graph()
    if paths:
        for graph in load_target(paths).graphs():
            g += graph
    for t in stores:
        ds = Store(t, DEFAULT_BASE, read_only=True).dataset()
        for graph in ds.graphs():
            # The asserted data: everything but the ontology and the entailments.
            name = str(graph.identifier)
            if not name.endswith(("graph/inferred", "graph/validation")) and name != "https://w3id.org/upr-kg/ontology":
                g += graph
    return g


def cmd_validate(args: argparse.Namespace) -> int:
    from . import export, reason, validate

    data = _load_graph(args.targets)
    run = validate.validate_naive if args.naive else validate.validate
    report = run(data, ontology=reason.load_ontology())
    if args.report:
        export.write(report.results_graph, args.report)
    print(report.summary())
    return EXIT_OK if report.conforms else EXIT_VIOLATIONS


def cmd_reason(args: argparse.Namespace) -> int:
    from . import export, reason

    data = _load_graph(args.targets)
    run = reason.reason_naive if args.naive else reason.reason
    inferred = run(data, reason.load_ontology())
    if args.output:
        export.write(inferred, args.output)
    else:
        sys.stdout.buffer.write(export.serialize(inferred, "turtle"))
    return EXIT_OK


def cmd_query(args: argparse.Namespace) -> int:
    from . import query

    if args.list:
        sys.stdout.write(query.format_list(query.list_queries()))
        return EXIT_OK
    if args.target is None:
        raise UsageError("give a target (a built directory or RDF file), or --list")
    named = None
    if args.expression is not None:
        if args.query is not None:
            raise UsageError("give either a query (name or .rq file) or -e SPARQL, not both")
        text = args.expression
    elif args.query is None:
        raise UsageError("give a named query (see --list), a .rq file, or -e SPARQL")
    elif args.query.endswith(".rq") or Path(args.query).is_file():
        path = Path(args.query)
        if not path.is_file():
            raise InputError("no such query file", path=path)
        text = path.read_text(encoding="utf-8")
    else:
        named = query.get_query(args.query)
        text = named.text
    target = args.target
    from .store import is_store, open_read_only

    if is_store(target):
        if named is not None:
            text = named.text_for_store
        store = open_read_only(target)
        result = query.run_store(text, store, params=query.parse_param_args(args.param), allow_unsafe=args.unsafe)
        sys.stdout.write(query.format_result(result, args.format))
        return EXIT_OK
    paths = [target]
    if target.is_dir():
        paths = [target / "dataset.trig"] if (target / "dataset.trig").exists() else [p for p in (target / "graph.ttl", target / "inferred.ttl") if p.exists()]
        if not paths:
            raise InputError("not a kgbuild output directory (no dataset.trig or graph.ttl)", path=target)
    dataset = query.load_target(paths)
    result = query.run(text, dataset, params=query.parse_param_args(args.param), allow_unsafe=args.unsafe)
    sys.stdout.write(query.format_result(result, args.format))
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from rdflib import Dataset

    from . import export
    from .query import load_target

    paths = []
    for t in args.targets:
        if t.is_dir():
            if not (t / "dataset.trig").exists():
                raise InputError("not a kgbuild output directory (no dataset.trig)", path=t)
            paths.append(t / "dataset.trig")
        else:
            paths.append(t)
    data: Dataset = load_target(paths)
    if args.output:
        fmt = args.format or export.format_for(args.output).name
        payload = export.serialize(data, fmt)
        tmp = args.output.with_name(f".{args.output.name}.tmp")
        tmp.write_bytes(payload)
        tmp.replace(args.output)
    else:
        if not args.format:
            raise UsageError("--format is required when writing to stdout")
        sys.stdout.buffer.write(export.serialize(data, args.format))
    return EXIT_OK


def cmd_push(args: argparse.Namespace) -> int:
    import os
    import time

    from .push import push

    password = args.password if args.password is not None else os.environ.get("KGBUILD_PUSH_PASSWORD")
    token = None
    if args.token_env:
        token = os.environ.get(args.token_env)
        if not token:
            raise UsageError(f"--token-env {args.token_env}: that environment variable is not set")
    show = not args.quiet and sys.stderr.isatty()
    started, last = time.monotonic(), 0.0

    def progress(done: int, total: int, graph: str | None, triples: int) -> None:
        nonlocal last
        now = time.monotonic()
        if not show or (now - last < 0.1 and done < total):
            return
        last = now
        rate = triples / (now - started) if now > started else 0.0
        name = (graph or "default graph")[-50:] if done < total else ""
        sys.stderr.write(f"\r\x1b[Kpushing graph {min(done + 1, total)}/{total} ({triples} triples, {rate:.0f} triples/s) {name}")
        sys.stderr.flush()

    result = push(
        args.source,
        args.to,
        graph_store=args.graph_store,
        body_format=args.body_format,
        user=args.user,
        password=password,
        token=token,
        timeout=args.timeout,
        progress=progress,
    )
    if show:
        sys.stderr.write("\r\x1b[K")
    if not args.quiet:
        _err(f"pushed {len(result.graphs)} graphs, {result.triples} triples ({result.bytes_sent} bytes) to {result.url} in {result.seconds:.2f} s")
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from .serve.app import create_app, run

    if args.host not in ("127.0.0.1", "::1", "localhost"):
        _err(f"kgbuild: warning: listening on {args.host}: the endpoint is reachable from other machines")
    for name in ("timeout", "workers", "max_rows", "max_triples", "max_request"):
        if getattr(args, name) <= 0:
            raise UsageError(f"--{name.replace('_', '-')} must be positive")
    app = create_app(
        args.source,
        base=args.base,
        cache_dir=args.cache,
        timeout=args.timeout,
        workers=args.workers,
        max_rows=args.max_rows,
        max_triples=args.max_triples,
        max_request_bytes=args.max_request,
        memory_mb=args.memory,
    )
    host = f"[{args.host}]" if ":" in args.host else args.host
    _err(f"kgbuild: serving {args.source} (base {app.state.base}) at http://{host}:{args.port}/sparql; Ctrl+C stops")
    run(app, host=args.host, port=args.port, log_level=args.log_level)
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
