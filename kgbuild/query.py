"""Stage 8 (query): run SPARQL over a built dataset, by name, from a file or from the command line.

Takes a built directory or RDF files (``load_target``), a query text (``run``), and returns a
``QueryResult`` that ``format_result`` writes as an aligned table, SPARQL 1.1 CSV/TSV or SPARQL 1.1
JSON. Named queries are the ``.rq`` files of ``queries/`` (found through ``resources.py``); the
header comment of each gives its title, description and parameters, in the format documented in
``queries/README.md`` (the same idea as Datasette's stored queries).

Safe by default: a query is parsed once with rdflib's SPARQL parser, the parse tree is checked
(``check_safe``: no update, no SERVICE, no FROM/FROM NAMED, whose evaluation in rdflib loads the
named document from the web or the file system), and that same checked tree is what rdflib
evaluates. See rdflib's ``docs/security_considerations.md``.

rdflib is the reference engine. ``engine="oxigraph"`` loads the dataset into an in-memory
pyoxigraph store and runs the query there (much faster on large data); results are the same
(tests/query/test_query_engines.py checks every named query on both); timings in
queries/README.md (benchmarks/query_engines.py).
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any, Collection, Iterator, NoReturn

from pyparsing import ParseBaseException
from rdflib import BNode, Dataset, Graph, Literal, URIRef, Variable
from rdflib.namespace import RDF, XSD
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Identifier

from kgbuild import resources
from kgbuild.errors import InputError, MappingError, QueryError
from kgbuild.iri import DEFAULT_BASE, PREFIXES

log = logging.getLogger(__name__)

FORMATS = ("table", "csv", "tsv", "json")
ENGINES = ("rdflib", "oxigraph")

NAMESPACES: dict[str, str] = {**PREFIXES, "id": DEFAULT_BASE}
"""Prefixes predeclared for ad-hoc queries and used to shorten IRIs in tables (``id:`` = data base)."""

# --------------------------------------------------------------------------------------------
# Named queries and their header comment
# --------------------------------------------------------------------------------------------

PARAM_TYPES = ("string", "integer", "decimal", "date", "iri")

_HEADER_KEY = re.compile(r"^#\s?(?P<key>[A-Za-z][A-Za-z-]*)\s*:\s*(?P<value>.*)$")
_CONTINUATION = re.compile(r"^#\s{2,}(?P<text>\S.*)$")
_PARAM_DOC = re.compile(r"^(?P<spec>.*?)(?:\s+\((?P<doc>.*)\))?\s*$")
_PARAM = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*(?::\s*(?P<type>[A-Za-z]+))?\s*(?:(?P<eq>=)(?P<default>.*))?$")


@dataclass(frozen=True)
class Param:
    """A query parameter: ``# param: NAME[: TYPE] [= DEFAULT]  (DOC)``.

    ``default`` is None for a required parameter and "" for an optional one (left unbound, so
    it matches anything, when not given).
    """

    name: str
    type: str = "string"
    default: str | None = None
    doc: str = ""

    @property
    def required(self) -> bool:
        return self.default is None


@dataclass(frozen=True)
class Header:
    title: str
    description: str
    params: tuple[Param, ...] = ()


@dataclass(frozen=True)
class NamedQuery:
    """A ``.rq`` file of queries/ (or a user's), with what its header comment says.

    ``params`` maps each parameter to its default ("" when it has none); ``parameters`` has the
    full declarations (type, required, doc).
    """

    name: str
    title: str
    description: str
    params: dict[str, str] = field(hash=False)
    text: str
    path: Path | None
    parameters: tuple[Param, ...] = ()
    store_text: str | None = None
    """The same query written for Oxigraph over an on-disk store (queries/store/NAME.rq), when
    the plain text is slow there: same header, same rows (tests/scale/test_store_queries.py);
    queries/README.md says what such a form changes."""

    @property
    def text_for_store(self) -> str:
        """The text to run on an Oxigraph store: the store form when there is one."""
        return self.text if self.store_text is None else self.store_text


def parse_header(text: str, *, path: str | Path | None = None) -> Header:
    """Read the header comment of a query: its leading ``#`` lines.

    Recognised lines: ``# title: ...``, ``# description: ...`` and ``# param: ...`` (repeatable);
    a line indented by two or more spaces after ``#`` continues the title or description. Other
    comment lines are ordinary comments. The header ends at the first line that is not a comment.
    """
    fields: dict[str, str] = {}
    params: list[Param] = []
    current: str | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        if not line.startswith("#"):
            if line.strip() or fields or params:
                break
            continue
        where = f"line {number}"
        cont = _CONTINUATION.match(line)
        if cont and current is not None:
            fields[current] += " " + cont["text"].strip()
            continue
        current = None
        m = _HEADER_KEY.match(line)
        if not m:
            continue
        key, value = m["key"].lower(), m["value"].strip()
        if key in ("title", "description"):
            if key in fields:
                raise MappingError(f"second '# {key}:' line in the query header", path=path, where=where)
            fields[key] = value
            current = key
        elif key == "param":
            param = _parse_param(value, path=path, where=where)
            if any(p.name == param.name for p in params):
                raise MappingError(f"parameter {param.name!r} declared twice", path=path, where=where)
            params.append(param)
    return Header(fields.get("title", ""), fields.get("description", ""), tuple(params))


def _parse_param(spec: str, *, path: str | Path | None, where: str) -> Param:
    parts = _PARAM_DOC.match(spec)
    m = _PARAM.match(parts["spec"].strip()) if parts else None
    if not parts or not m:
        raise MappingError(
            f"cannot read parameter {spec!r}; write '# param: NAME[: TYPE] [= DEFAULT]  (description)'",
            path=path,
            where=where,
        )
    ptype = (m["type"] or "string").lower()
    if ptype not in PARAM_TYPES:
        raise MappingError(
            f"parameter {m['name']!r} has unknown type {ptype!r}; known: {', '.join(PARAM_TYPES)}",
            path=path,
            where=where,
        )
    default = m["default"].strip() if m["eq"] else None
    param = Param(m["name"], ptype, default, (parts["doc"] or "").strip())
    if default:
        try:
            _param_term(param, default)
        except QueryError as exc:  # a default that does not fit its type: the file is broken
            raise MappingError(exc.problem, path=path, where=where) from None
    return param


def load_query_file(path: Path) -> NamedQuery:
    """A query file (named after its stem), with its header read."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("no such query file", path=path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read query file: {_one_line(exc)}", path=path) from None
    header = parse_header(text, path=path)
    return NamedQuery(
        name=path.stem,
        title=header.title,
        description=header.description,
        params={p.name: p.default or "" for p in header.params},
        text=text,
        path=path,
        parameters=header.params,
    )


def list_queries() -> list[NamedQuery]:
    """The named queries of queries/, sorted by name, each with its store form (queries/store/)."""
    return sorted((_with_store_form(load_query_file(p)) for p in resources.files("queries", "*.rq")), key=lambda q: q.name)


def _with_store_form(query: NamedQuery) -> NamedQuery:
    """``query`` with the text of queries/store/NAME.rq, which must have the same header."""
    path = resources.queries_dir() / "store" / f"{query.name}.rq"
    if not path.is_file():
        return query
    store = load_query_file(path)
    if (store.title, store.description, store.parameters) != (query.title, query.description, query.parameters):
        raise MappingError(f"the header differs from queries/{query.name}.rq's; copy it", path=path)
    return replace(query, store_text=store.text)


def get_query(name: str) -> NamedQuery:
    """The named query ``name``; a QueryError listing the known names when there is none."""
    queries = list_queries()
    for query in queries:
        if query.name == name:
            return query
    known = ", ".join(q.name for q in queries)
    raise QueryError(f"unknown query {name!r}; known queries: {known} (see kgbuild query --list)")


def format_list(queries: list[NamedQuery]) -> str:
    """The text ``kgbuild query --list`` prints: name and title, description, parameters."""
    out: list[str] = []
    for q in queries:
        out.append(f"{q.name}: {q.title}")
        if q.description:
            out.append(f"    {q.description}")
        for p in q.parameters:
            value = "(required)" if p.required else (f"= {p.default}" if p.default else "= (any)")
            typ = "" if p.type == "string" else f": {p.type}"
            doc = f"  {p.doc}" if p.doc else ""
            out.append(f"    param {p.name}{typ} {value}{doc}")
    return "\n".join(out) + "\n"


def parse_param_args(items: list[str]) -> dict[str, str]:
    """``["number=140.14", "cycle=4"]`` (as given to ``--param``) -> a dict."""
    params: dict[str, str] = {}
    for item in items:
        name, eq, value = item.partition("=")
        if not eq or not name.strip():
            raise QueryError(f"parameter {item!r} is not NAME=VALUE")
        params[name.strip()] = value
    return params


def _param_term(param: Param, value: str) -> Identifier:
    """The RDF term a parameter value stands for: a literal of the declared type, or an IRI."""
    try:
        if param.type == "string":
            return Literal(value)  # a simple literal: xsd:string in RDF 1.1
        if param.type == "integer":
            return Literal(int(value.strip()))
        if param.type == "decimal":
            return Literal(Decimal(value.strip()), datatype=XSD.decimal)
        if param.type == "date":
            return Literal(date.fromisoformat(value.strip()), datatype=XSD.date)
        return _expand_iri(value.strip())
    except (ValueError, InvalidOperation):
        raise QueryError(f"parameter {param.name}: {value!r} is not a valid {param.type}") from None


def _expand_iri(value: str) -> URIRef:
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1]
    prefix, colon, local = value.partition(":")
    if colon and prefix in NAMESPACES:
        value = NAMESPACES[prefix] + local
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*$", value):
        raise ValueError(value)
    return URIRef(value)


def _bindings(header: Header, given: dict[str, str]) -> dict[str, Identifier]:
    declared = {p.name: p for p in header.params}
    unknown = sorted(set(given) - set(declared))
    if unknown:
        known = ", ".join(declared) or "none"
        raise QueryError(f"unknown parameter {unknown[0]!r}; this query's parameters: {known}")
    bindings: dict[str, Identifier] = {}
    for name, param in declared.items():
        value = given.get(name, param.default)
        if value is None:
            raise QueryError(f"parameter {name!r} is required ({param.doc or param.type})")
        if value == "":
            continue  # optional and not given (or given empty): left unbound, matches anything
        bindings[name] = _param_term(param, value)
    return bindings


# --------------------------------------------------------------------------------------------
# Loading the target
# --------------------------------------------------------------------------------------------

RDF_SUFFIXES: dict[str, str] = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".nq": "nquads",
    ".trig": "trig",
    ".jsonld": "json-ld",
    ".rdf": "xml",
    ".xml": "xml",
}
_QUAD_FORMATS = ("nquads", "trig", "json-ld")
_PROJECT_CONTEXT_PREFIX = "https://w3id.org/upr-kg/"


def load_target(paths: list[Path]) -> Dataset:
    """Load a built directory or RDF files into one Dataset whose default graph is the union.

    A directory is read from its ``dataset.trig`` (all named graphs, asserted and inferred) when
    present, else from ``graph.ttl`` plus ``inferred.ttl``. A triples file goes into a named
    graph named after the file's URI; quads keep their graphs.
    """
    if not paths:
        raise InputError("no built directory or RDF file given")
    dataset = Dataset(default_union=True)
    for path in paths:
        if not path.exists():
            raise InputError("no such file or directory", path=path)
        if path.is_dir():
            trig = path / "dataset.trig"
            if trig.is_file():
                _load_file(dataset, trig)
                continue
            asserted = path / "graph.ttl"
            if not asserted.is_file():
                raise InputError("not a built directory: it has neither dataset.trig nor graph.ttl", path=path)
            _load_file(dataset, asserted)
            inferred = path / "inferred.ttl"
            if inferred.is_file():
                _load_file(dataset, inferred)
            else:
                log.warning("%s: no inferred.ttl; querying the asserted graph only", path)
        else:
            _load_file(dataset, path)
    return dataset


def _load_file(dataset: Dataset, path: Path) -> None:
    fmt = RDF_SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        known = " ".join(RDF_SUFFIXES)
        raise InputError(f"unknown RDF file suffix {path.suffix!r}; known: {known}", path=path)
    try:
        if fmt == "json-ld":
            data = json.dumps(_inline_contexts(json.loads(path.read_text(encoding="utf-8")), path, set()))
            dataset.parse(data=data, format=fmt, publicID=path.resolve().as_uri())
        elif fmt in _QUAD_FORMATS:
            dataset.parse(source=str(path), format=fmt, publicID=path.resolve().as_uri())
        else:
            dataset.graph(URIRef(path.resolve().as_uri())).parse(source=str(path), format=fmt)
    except InputError:
        raise
    except Exception as exc:  # rdflib's parsers raise many kinds (BadSyntax, SAXParseException, ...)
        raise InputError(f"cannot parse as {fmt}: {_one_line(exc)}", path=path) from None


def _inline_contexts(node: Any, path: Path, seen: set[Path]) -> Any:
    """Replace every ``@context`` reference of a JSON-LD document by the context it names.

    rdflib's JSON-LD parser fetches a string ``@context`` (and ``@import``) over the network or
    from any path; it has no option to refuse. So we resolve them first: a relative reference is
    a file next to the document, the project's own context URL is the packaged
    ontology/context.jsonld; anything else is refused. What reaches the parser has no
    reference left to fetch.
    """
    if isinstance(node, list):
        return [_inline_contexts(item, path, seen) for item in node]
    if not isinstance(node, dict):
        return node
    return {
        key: (_resolve_context(value, path, seen) if key == "@context" else _inline_contexts(value, path, seen))
        for key, value in node.items()
    }


def _resolve_context(value: Any, path: Path, seen: set[Path]) -> Any:
    if isinstance(value, list):
        return [_resolve_context(item, path, seen) for item in value]
    if isinstance(value, str):
        return _resolve_context(_context_document(value, path, seen), path, seen | {path})
    if isinstance(value, dict):
        value = dict(value)
        imported = value.pop("@import", None)
        value = _inline_contexts(value, path, seen)  # scoped contexts in term definitions
        if isinstance(imported, str):
            base = _resolve_context(_context_document(imported, path, seen), path, seen | {path})
            if not isinstance(base, dict):
                raise InputError(f"@import {imported!r} is not a single context object", path=path)
            value = {**base, **value}
        return value
    return value


def _context_document(ref: str, path: Path, seen: set[Path]) -> Any:
    if ref.startswith(_PROJECT_CONTEXT_PREFIX) and ref.endswith("context.jsonld"):
        local = resources.ontology_dir() / "context.jsonld"
    elif re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", ref):
        raise InputError(
            f"JSON-LD context {ref!r} would be fetched; kgbuild never reaches the network or other "
            "files: save the context next to the document and refer to it by file name",
            path=path,
        )
    else:
        local = (path.parent / ref).resolve()
    if local in seen:
        raise InputError(f"JSON-LD context {ref!r} includes itself", path=path)
    try:
        doc = json.loads(local.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read JSON-LD context {ref!r}: {_one_line(exc)}", path=path) from None
    if not isinstance(doc, dict) or "@context" not in doc:
        raise InputError(f"JSON-LD context {ref!r} has no @context", path=path)
    return doc["@context"]


# --------------------------------------------------------------------------------------------
# Safety
# --------------------------------------------------------------------------------------------

_UPDATE_KEYWORDS = {
    "InsertData": "INSERT DATA", "DeleteData": "DELETE DATA", "DeleteWhere": "DELETE WHERE",
    "Modify": "DELETE/INSERT ... WHERE", "Load": "LOAD", "Clear": "CLEAR", "Drop": "DROP",
    "Create": "CREATE", "Add": "ADD", "Move": "MOVE", "Copy": "COPY",
}  # fmt: skip


class UnsafeQueryError(QueryError):
    """A well-formed request that a reader of the data refuses: an update, SERVICE, FROM.

    ``problems`` lists each refused part as a short phrase ("SERVICE <...> would query another
    endpoint"); a plain QueryError is a text that is not a query at all (a syntax error).
    """

    def __init__(self, message: str, *, problems: tuple[str, ...] = ()):
        self.problems = problems
        super().__init__(message)


def check_safe(query_text: str, *, allowed_graphs: Collection[str] = ()) -> None:
    """Refuse, with a QueryError naming the problem, a query that is not a safe read.

    Refused: text that does not parse as a SPARQL 1.1 query (a plain QueryError), every update
    (INSERT, DELETE, LOAD, CLEAR, CREATE, DROP, ADD, MOVE, COPY), SERVICE anywhere (subqueries
    included), FROM and FROM NAMED (an UnsafeQueryError). The decision is taken on rdflib's
    parse tree, after the parser has expanded \\u escapes, dropped comments and matched
    keywords case-insensitively, so no spelling of a keyword escapes it.

    ``allowed_graphs``: graph names a FROM or FROM NAMED may name, for an engine that takes
    them from its own store and never loads anything (Oxigraph over a persistent store; the
    SPARQL endpoint of kgbuild/serve/ passes the store's named graphs).
    """
    _parse_checked(query_text, allow_unsafe=False, allowed_graphs=allowed_graphs)


def _parse_checked(query_text: str, *, allow_unsafe: bool, allowed_graphs: Collection[str] = ()) -> Any:
    try:
        tree = parseQuery(query_text)
    except ParseBaseException as exc:
        _refuse_non_query(query_text, exc)
    problems = _unsafe_parts(tree, allowed_graphs)
    if problems and not allow_unsafe:
        raise UnsafeQueryError(
            f"query refused: {'; '.join(problems)}. kgbuild query only reads the loaded data; "
            "pass --unsafe (allow_unsafe=True) if you mean it",
            problems=tuple(problems),
        )
    return tree


def _refuse_non_query(query_text: str, exc: ParseBaseException) -> NoReturn:
    try:
        update = parseUpdate(query_text)
    except ParseBaseException:
        update = None
    ops = [op.name for op in (dict.get(update, "request") or [])] if update is not None else []
    if ops:
        words = ", ".join(dict.fromkeys(_UPDATE_KEYWORDS.get(op, op) for op in ops))
        raise UnsafeQueryError(
            f"query refused: SPARQL update ({words}); kgbuild query never changes or loads data",
            problems=(f"SPARQL update ({words})",),
        ) from None
    raise QueryError(f"SPARQL syntax error at line {exc.lineno}, column {exc.col}: {_one_line(exc.msg)}") from None


def _unsafe_parts(node: Any, allowed_graphs: Collection[str] = ()) -> list[str]:
    problems = []
    for part in _walk(node):
        if part.name == "ServiceGraphPattern":
            problems.append(f"SERVICE {_n3(dict.get(part, 'term'))} would query another endpoint")
        for clause in dict.get(part, "datasetClause") or ():
            named = dict.get(clause, "named")
            if named is not None:
                if str(named) not in allowed_graphs:
                    problems.append(f"FROM NAMED {_n3(named)} would load a document")
            elif str(dict.get(clause, "default")) not in allowed_graphs:
                problems.append(f"FROM {_n3(dict.get(clause, 'default'))} would load a document")
    return problems


def _has_dataset_clause(tree: Any) -> bool:
    return any(dict.get(part, "datasetClause") for part in _walk(tree))


def _walk(node: Any) -> Iterator[CompValue]:
    if isinstance(node, CompValue):
        yield node
        for value in dict.values(node):
            yield from _walk(value)
    elif isinstance(node, dict):
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, (list, tuple)) or type(node).__name__ == "ParseResults":
        for item in node:
            yield from _walk(item)


def _n3(term: Any) -> str:
    if isinstance(term, URIRef):
        return f"<{term}>"
    return f"?{term}" if isinstance(term, Variable) else str(term)


# --------------------------------------------------------------------------------------------
# Running
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueryResult:
    """What a query returned: rows for SELECT, a boolean for ASK, a graph for CONSTRUCT/DESCRIBE."""

    kind: str  # 'select' | 'ask' | 'construct'
    variables: tuple[str, ...] = ()
    rows: list[tuple[Identifier | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None


def run(
    query_text: str,
    dataset: Dataset,
    *,
    params: dict[str, str] | None = None,
    allow_unsafe: bool = False,
    engine: str = "rdflib",
) -> QueryResult:
    """Run one SPARQL query over the union of the dataset's graphs.

    ``params`` bind the parameters the query's header declares, as RDF terms of the declared
    type, before evaluation (rdflib initBindings / Oxigraph substitutions, SEP-0007): the text
    is never spliced. Unsafe queries are refused (see ``check_safe``) unless ``allow_unsafe``.
    """
    if engine not in ENGINES:
        raise QueryError(f"unknown engine {engine!r}; known: {', '.join(ENGINES)}")
    bindings = _bindings(parse_header(query_text), params or {})
    tree = _parse_checked(query_text, allow_unsafe=allow_unsafe)
    try:
        query = translateQuery(tree, initNs=NAMESPACES)
    except Exception as exc:  # e.g. an undeclared prefix
        raise QueryError(f"cannot translate the query: {_one_line(exc)}") from None
    if engine == "oxigraph":
        # Belt and braces: Oxigraph parses the text again with its own parser, so it only gets
        # texts in which no spelling of SERVICE can hide and that have no dataset clause.
        # Oxigraph substitutes only projected variables (SEP-0007); otherwise rdflib runs it.
        projected = {str(v) for v in (getattr(query.algebra, "PV", None) or ())}
        substitutable = query.algebra.name != "SelectQuery" or set(bindings) <= projected
        if not _unsafe_parts(tree) and "service" not in _expanded(query_text).lower() and substitutable:
            return _run_oxigraph(query_text, dataset, bindings)
        log.info("query not suited to Oxigraph (SERVICE, FROM, or a parameter not projected): rdflib runs it")
    try:
        result = dataset.query(query, initBindings=bindings)
    except Exception as exc:
        raise QueryError(f"query failed: {_one_line(exc)}") from None
    if result.type == "SELECT":
        variables = tuple(str(v) for v in (result.vars or ()))
        return QueryResult("select", variables, [tuple(row) for row in result])  # type: ignore[arg-type]
    if result.type == "ASK":
        return QueryResult("ask", boolean=bool(result.askAnswer))
    graph = Graph()
    for triple in result.graph or ():  # type: ignore[union-attr]
        graph.add(triple)
    return QueryResult("construct", graph=graph)


def _run_oxigraph(query_text: str, dataset: Dataset, bindings: dict[str, Identifier]) -> QueryResult:
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_extend(
        ox.Quad(_to_ox(s), _to_ox(p), _to_ox(o), ox.DefaultGraph() if _is_default(g) else _to_ox(g))
        for s, p, o, g in dataset.quads((None, None, None, None))
    )
    return _query_store(query_text, store, bindings)


@dataclass(frozen=True)
class StoreQuery:
    """A query checked and made ready for Oxigraph (:func:`prepare_store_query`)."""

    text: str
    """The text to evaluate: the user's, plus a VALUES block for parameters that are not columns."""
    form: str
    """'select', 'ask', 'construct' or 'describe'."""
    bindings: dict[str, Identifier]
    """Parameters bound to projected variables: Oxigraph substitutions."""
    has_dataset: bool
    """True when the query has FROM or FROM NAMED (of allowed graphs): it chooses its own dataset."""


_FORMS = {"SelectQuery": "select", "AskQuery": "ask", "ConstructQuery": "construct", "DescribeQuery": "describe"}


def prepare_store_query(
    query_text: str,
    *,
    params: dict[str, str] | None = None,
    allow_unsafe: bool = False,
    allowed_graphs: Collection[str] = (),
) -> StoreQuery:
    """Check a query (:func:`check_safe`) and bind its parameters, for evaluation by Oxigraph.

    Oxigraph binds only the variables a SELECT returns; a parameter that is not a column is
    bound by a VALUES block put first in the query's WHERE clause (where it restricts the
    solutions before any grouping: a trailing VALUES would join the aggregated results,
    which do not have the variable), written from the RDF term (never from the
    user's text), which restricts the solutions the same way.
    """
    bindings = _bindings(parse_header(query_text), params or {})
    algebra, projected, has_dataset_clause = _analyse(query_text, allow_unsafe, frozenset(allowed_graphs))
    if algebra == "SelectQuery":
        extra = {k: v for k, v in bindings.items() if k not in projected}
        bindings = {k: v for k, v in bindings.items() if k in projected}
        if extra:
            names = " ".join(f"?{k}" for k in extra)
            values = " ".join(v.n3() for v in extra.values())
            query_text = _values_first(query_text, f"VALUES ({names}) {{ ({values}) }}")
    form = _FORMS.get(algebra, "select")
    return StoreQuery(query_text, form, bindings, has_dataset_clause)


# The opening brace of a SELECT's WHERE clause: the first "{" outside comments, IRIs and
# strings (the WHERE keyword is optional; subqueries and VALUES come after it).
_SKIP = re.compile(r"""#[^\n]*|<[^<>"{}|^`\\\s]*>|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'""")


def _values_first(query_text: str, values: str) -> str:
    """``query_text`` with ``values`` as the first element of its (outermost) WHERE group."""
    pos = 0
    while pos < len(query_text):
        skip = _SKIP.match(query_text, pos)
        if skip and skip.end() > pos:
            pos = skip.end()
            continue
        if query_text[pos] == "{":
            return f"{query_text[:pos + 1]}\n  {values}\n{query_text[pos + 1:]}"
        pos += 1
    raise QueryError("the query has no WHERE clause to bind a parameter in")


@lru_cache(maxsize=256)
def _analyse(query_text: str, allow_unsafe: bool, allowed_graphs: frozenset[str]) -> tuple[str, frozenset[str], bool]:
    """The safety check and what Oxigraph's evaluation needs to know of a query text (its
    algebra's name, projected variables, dataset clause). rdflib's parser takes 20 to 130
    ms on the named queries; the answer depends on the text alone, so it is kept for texts
    seen before (a named query run again, an endpoint's frequent queries). A refused text
    raises every time: exceptions are not cached."""
    tree = _parse_checked(query_text, allow_unsafe=allow_unsafe, allowed_graphs=allowed_graphs)
    try:
        query = translateQuery(tree, initNs=NAMESPACES)
    except Exception as exc:  # e.g. an undeclared prefix
        raise QueryError(f"cannot translate the query: {_one_line(exc)}") from None
    projected = frozenset(str(v) for v in (getattr(query.algebra, "PV", None) or ()))
    return query.algebra.name, projected, _has_dataset_clause(tree)


def run_store(query_text: str, store: Any, *, params: dict[str, str] | None = None, allow_unsafe: bool = False) -> QueryResult:
    """Run one SPARQL query over a persistent Oxigraph store (``kgbuild build --store``),
    over the union of its graphs, with the same safety check as :func:`run`
    (parameters bound as :func:`prepare_store_query` says)."""
    prepared = prepare_store_query(query_text, params=params, allow_unsafe=allow_unsafe)
    return _query_store(prepared.text, store, prepared.bindings)


def _query_store(query_text: str, store: Any, bindings: dict[str, Identifier]) -> QueryResult:
    import pyoxigraph as ox

    try:
        result = store.query(
            query_text,
            prefixes=NAMESPACES,
            use_default_graph_as_union=True,
            substitutions={ox.Variable(k): _to_ox(v) for k, v in bindings.items()},
        )
    except (SyntaxError, OSError, ValueError) as exc:
        raise QueryError(f"query failed: {_one_line(exc)}") from None
    if isinstance(result, ox.QuerySolutions):
        from .terms import rows_from_ox

        variables = tuple(v.value for v in result.variables)
        return QueryResult("select", variables, rows_from_ox(result))  # type: ignore[arg-type]
    if isinstance(result, ox.QueryBoolean):
        return QueryResult("ask", boolean=bool(result))
    graph = Graph()
    for t in result:
        graph.add((_from_ox(t.subject), _from_ox(t.predicate), _from_ox(t.object)))  # type: ignore[arg-type]
    return QueryResult("construct", graph=graph)


def _is_default(g: Any) -> bool:
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    ident = getattr(g, "identifier", g)
    return g is None or ident == DATASET_DEFAULT_GRAPH_ID


def _to_ox(term: Any) -> Any:
    from .terms import to_ox

    return to_ox(getattr(term, "identifier", term))  # a graph given as a Graph: its name


def _from_ox(term: Any) -> Identifier | None:
    from .terms import from_ox

    return None if term is None else from_ox(term)  # type: ignore[return-value]


def _expanded(text: str) -> str:
    from rdflib.plugins.sparql.parser import expandUnicodeEscapes

    return expandUnicodeEscapes(text)


# --------------------------------------------------------------------------------------------
# Formatting
# --------------------------------------------------------------------------------------------

MAX_CELL = 80
"""Table cells longer than this are cut with '…' (csv, tsv and json always carry the full text)."""


def format_result(result: QueryResult, fmt: str) -> str:
    """The result as text, ending with a newline: write it to stdout as is.

    table: aligned columns, IRIs shortened with the known prefixes (the data base as ``id:``);
    csv / tsv: W3C SPARQL 1.1 Query Results CSV and TSV; json: SPARQL 1.1 Query Results JSON.
    ASK gives true/false (json: {"head": {}, "boolean": ...}); CONSTRUCT gives Turtle for table
    and sorted N-Triples otherwise.
    """
    if fmt not in FORMATS:
        raise QueryError(f"unknown result format {fmt!r}; known: {', '.join(FORMATS)}")
    if result.kind == "ask":
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": bool(result.boolean)}) + "\n"
        return ("true" if result.boolean else "false") + "\n"
    if result.kind == "construct":
        graph = result.graph if result.graph is not None else Graph()
        if fmt == "table":
            out = Graph()
            for prefix, ns in NAMESPACES.items():
                out.bind(prefix, ns, override=True, replace=True)
            for triple in graph:
                out.add(triple)
            return out.serialize(format="turtle")
        lines = sorted(line for line in graph.serialize(format="nt").splitlines() if line.strip())
        return "".join(line + "\n" for line in lines)
    return {"table": _table, "csv": _csv, "tsv": _tsv, "json": _json}[fmt](result)


def _table(result: QueryResult) -> str:
    header = list(result.variables)
    cells = [[_table_cell(term) for term in row] for row in result.rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in cells]
    n = len(result.rows)
    lines.append(f"({n} row{'' if n == 1 else 's'})")
    return "\n".join(lines) + "\n"


def _table_cell(term: Identifier | None) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        text = shorten(str(term))
    elif isinstance(term, BNode):
        text = f"_:{term}"
    else:
        text = " ".join(str(term).split())
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def shorten(iri: str) -> str:
    """``https://w3id.org/upr-kg/id/review/KAZ/4`` -> ``id:review/KAZ/4`` (longest namespace wins)."""
    best = max((ns for ns in NAMESPACES.values() if iri.startswith(ns)), key=len, default=None)
    if best is None:
        return f"<{iri}>"
    prefix = next(p for p, ns in NAMESPACES.items() if ns == best)
    return f"{prefix}:{iri[len(best):]}"


def _csv(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results CSV: names without '?', plain values, CRLF, RFC 4180 quoting."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow(["" if t is None else f"_:{t}" if isinstance(t, BNode) else str(t) for t in row])
    return buf.getvalue()


def _tsv(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results TSV: '?name' header, terms in SPARQL/Turtle syntax, LF."""
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines += ["\t".join(_tsv_term(t) for t in row) for row in result.rows]
    return "\n".join(lines) + "\n"


_BARE = {
    str(XSD.integer): re.compile(r"^[+-]?\d+$"),
    str(XSD.decimal): re.compile(r"^[+-]?\d*\.\d+$"),
    str(XSD.double): re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+$"),
    str(XSD.boolean): re.compile(r"^(true|false)$"),
}


def _tsv_term(term: Identifier | None) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    assert isinstance(term, Literal)
    lexical = str(term)
    if term.datatype is not None and str(term.datatype) in _BARE and _BARE[str(term.datatype)].match(lexical):
        return lexical
    quoted = '"' + (
        lexical.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    ) + '"'
    if term.language:
        return f"{quoted}@{term.language}"
    if term.datatype is not None and term.datatype != XSD.string:
        return f"{quoted}^^<{term.datatype}>"
    return quoted


def _json(result: QueryResult) -> str:
    bindings = []
    for row in result.rows:
        binding: dict[str, dict[str, str]] = {}
        for name, term in zip(result.variables, row):
            if term is not None:
                binding[name] = _json_term(term)
        bindings.append(binding)
    doc = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _json_term(term: Identifier) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, Literal)
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype is not None and term.datatype not in (XSD.string, RDF.langString):
        out["datatype"] = str(term.datatype)
    return out


def _one_line(exc: BaseException | str) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= 300 else text[:299] + "…"
