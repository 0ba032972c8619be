"""Read stage for tables: CSV files described by W3C CSV on the Web (CSVW) metadata.

Two parts, neither of which knows any particular table:

1. :func:`read_table` — the CSVW reader. The metadata (``*-metadata.json``, JSON as in
   "Metadata Vocabulary for Tabular Data", W3C Recommendation 17 December 2015) says the
   dialect (encoding, delimiter, quoting, header, trimming), the columns (titles, datatype,
   null values, default, separator, language, virtual columns) and the URI templates
   (``aboutUrl``, ``propertyUrl``, ``valueUrl``: RFC 6570 level 1 ``{var}`` plus the
   ``{#var}`` and ``{+var}`` forms CSVW uses). The rows become RDF as in "Generating RDF
   from Tabular Data on the Web", minimal mode, written as N-Triples. A row the
   metadata cannot read (wrong number of cells, a required cell empty, a value that is not
   of the column's datatype) is not converted and is reported with its line, column and
   value.
2. :func:`map_csv` — the table's RDF plus the reference data in an Oxigraph store, then the
   SPARQL that sits next to the metadata file (``SELECT`` queries: rejection rules;
   ``CONSTRUCT`` queries: the published graph, in name order, each seeing what the previous
   ones built; ``reference-subset.rq``: the reference resources the rows use). Turtle files
   next to the metadata are look-up tables loaded with the reference data. The CONSTRUCTs
   say which row became which resource with ``csvw:describes``; every row is either
   described or rejected, never dropped (see mappings/upr-info/README.md).
   :func:`map_csv_files` maps several files in worker processes.

Which file is a table: :func:`is_csv_input` (suffix ``.csv`` and metadata found by
:func:`locate_metadata`: CSVW's locating rules, then the packaged ``mappings/*/*.csv-metadata.json``
whose columns match the header row).
"""

from __future__ import annotations

import codecs
import csv
import json
import multiprocessing
import os
import re
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache, cached_property
from pathlib import Path
from typing import Any
from urllib.parse import quote, urljoin

import pyoxigraph as ox
from rdflib import Graph, URIRef

from .. import resources
from ..errors import InputError, MappingError
from ..iri import mint
from ..reference import Reference
from ..terms import graph_from_ox, nt_iri, nt_literal

CSVW = "http://www.w3.org/ns/csvw#"
XSD = "http://www.w3.org/2001/XMLSchema#"

# Prefixes of the CSVW initial context usable in propertyUrl/valueUrl (Metadata Vocabulary,
# section 5.1.3; the RDFa 1.1 initial context).
PREFIXES = {
    "csvw": CSVW, "dc": "http://purl.org/dc/terms/", "dcterms": "http://purl.org/dc/terms/",
    "dcat": "http://www.w3.org/ns/dcat#", "foaf": "http://xmlns.com/foaf/0.1/",
    "org": "http://www.w3.org/ns/org#", "owl": "http://www.w3.org/2002/07/owl#",
    "prov": "http://www.w3.org/ns/prov#", "qb": "http://purl.org/linked-data/cube#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "schema": "http://schema.org/", "skos": "http://www.w3.org/2004/02/skos/core#",
    "void": "http://rdfs.org/ns/void#", "xsd": XSD,
}

# WHATWG Encoding labels (which CSVW's "encoding" uses) that Python's codecs do not know.
ENCODING_LABELS = {"x-mac-roman": "mac_roman", "csmacintosh": "mac_roman", "mac": "mac_roman", "macintosh": "mac_roman"}

INHERITED = {"aboutUrl", "datatype", "default", "lang", "null", "ordered", "propertyUrl", "required", "separator", "textDirection", "valueUrl"}
COLUMN_KEYS = INHERITED | {"name", "titles", "virtual", "suppressOutput", "@type", "@id"}
DIALECT_KEYS = {"encoding", "lineTerminators", "quoteChar", "doubleQuote", "skipRows", "commentPrefix", "header",
                "headerRowCount", "delimiter", "skipColumns", "skipBlankRows", "skipInitialSpace", "trim", "@type", "@id"}
# CSV parsing with newline="" already splits records at CR, LF and CRLF.
LINE_TERMINATORS = {"\r", "\n", "\r\n"}

# --- datatypes (Metadata Vocabulary, section 5.11; XML Schema part 2) ----------------------------
STRINGS = {"string", "normalizedString", "token", "language", "Name", "NMTOKEN", "anyAtomicType", "anyURI", "json", "xml", "html"}
UNTRIMMED = {"string", "json", "xml", "html", "anyAtomicType"}
INTEGERS = {
    "integer": (None, None), "long": (-2**63, 2**63 - 1), "int": (-2**31, 2**31 - 1), "short": (-2**15, 2**15 - 1),
    "byte": (-128, 127), "nonNegativeInteger": (0, None), "positiveInteger": (1, None), "unsignedLong": (0, 2**64 - 1),
    "unsignedInt": (0, 2**32 - 1), "unsignedShort": (0, 2**16 - 1), "unsignedByte": (0, 255),
    "nonPositiveInteger": (None, 0), "negativeInteger": (None, -1),
}
LEXICAL = {
    "date": re.compile(r"-?\d{4,}-\d\d-\d\d(Z|[+-]\d\d:\d\d)?"),
    "dateTime": re.compile(r"-?\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?"),
    "gYear": re.compile(r"-?\d{4,}(Z|[+-]\d\d:\d\d)?"),
    "double": re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|[+-]?INF|NaN"),
}
LEXICAL["float"] = LEXICAL["double"]
ALIASES = {"number": "double", "binary": "base64Binary", "datetime": "dateTime", "any": "anyAtomicType"}


@dataclass(frozen=True)
class Datatype:
    base: str
    iri: str
    pattern: re.Pattern[str] | None = None
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    min_length: int | None = None
    max_length: int | None = None

    def parse(self, text: str) -> str:
        """The canonical lexical form of ``text``, or ValueError saying why it is not one."""
        base = self.base
        if base == "normalizedString":
            text = re.sub(r"[\r\n\t]", " ", text)
        elif base in ("token", "language", "Name", "NMTOKEN"):
            text = " ".join(text.split())
        if self.pattern is not None and base in STRINGS and not self.pattern.fullmatch(text):
            raise ValueError(f"does not match the format {self.pattern.pattern!r}")
        if self.min_length is not None and len(text) < self.min_length:
            raise ValueError(f"is shorter than {self.min_length} characters")
        if self.max_length is not None and len(text) > self.max_length:
            raise ValueError(f"is longer than {self.max_length} characters")
        if base in INTEGERS:
            if not re.fullmatch(r"[+-]?\d+", text):
                raise ValueError(f"is not an {base}")
            number: Decimal = Decimal(int(text))
            low, high = INTEGERS[base]
            if (low is not None and number < low) or (high is not None and number > high):
                raise ValueError(f"is out of the range of {base}")
            text = str(int(text))
        elif base == "decimal":
            try:
                number = Decimal(text)
            except InvalidOperation:
                raise ValueError("is not a decimal") from None
            if not number.is_finite() or "e" in text.lower():
                raise ValueError("is not a decimal")
        elif base == "boolean":
            if text not in ("true", "false", "1", "0"):
                raise ValueError("is not a boolean (true, false, 1, 0)")
            return "true" if text in ("true", "1") else "false"
        elif base in LEXICAL:
            if not LEXICAL[base].fullmatch(text):
                raise ValueError(f"is not an xsd:{base}")
            return text
        else:
            return text
        if self.minimum is not None and number < self.minimum:
            raise ValueError(f"is less than the minimum {self.minimum}")
        if self.maximum is not None and number > self.maximum:
            raise ValueError(f"is greater than the maximum {self.maximum}")
        return text


def _datatype(spec: Any, where: str) -> Datatype:
    if spec is None:
        spec = "string"
    if isinstance(spec, str):
        spec = {"base": spec}
    if not isinstance(spec, dict):
        raise MappingError(f"{where}: datatype must be a name or an object")
    base = ALIASES.get(spec.get("base", "string"), spec.get("base", "string"))
    if base not in STRINGS | set(INTEGERS) | set(LEXICAL) | {"decimal", "boolean"}:
        raise MappingError(f"{where}: unsupported datatype {base!r}")
    fmt = spec.get("format")
    if fmt is not None and (base not in STRINGS or not isinstance(fmt, str)):
        raise MappingError(f"{where}: only string datatypes take a format (a regular expression) here")

    def number(key: str) -> Decimal | None:
        return Decimal(str(spec[key])) if key in spec else None

    iri = XSD + base if base not in ("json", "xml", "html", "anyAtomicType") else XSD + "string"
    return Datatype(
        base, iri, re.compile(fmt) if fmt else None,
        number("minimum") if "minimum" in spec else number("minInclusive"),
        number("maximum") if "maximum" in spec else number("maxInclusive"),
        spec.get("minLength", spec.get("length")), spec.get("maxLength", spec.get("length")),
    )


# --- URI templates (RFC 6570 level 1, with the + and # operators CSVW's defaults use) ------------
_EXPRESSION = re.compile(r"\{([+#]?)([A-Za-z0-9_.%]+)\}")
_RESERVED = ":/?#[]@!$&'()*+,;="
_UNRESERVED = re.compile(r"[A-Za-z0-9._~-]*")


@dataclass(frozen=True)
class Template:
    text: str
    parts: tuple[tuple[str, str, str], ...]
    """(literal text before, operator, variable name); the last has no variable."""

    @classmethod
    def parse(cls, text: str) -> Template:
        parts, pos = [], 0
        for m in _EXPRESSION.finditer(text):
            parts.append((text[pos : m.start()], m.group(1), m.group(2)))
            pos = m.end()
        rest = text[pos:]
        if "{" in rest or "}" in rest:
            raise MappingError(f"URI template {text!r}: only {{var}}, {{+var}} and {{#var}} are supported")
        parts.append((rest, "", ""))
        return cls(text, tuple(parts))

    def expand(self, values: dict[str, str]) -> str:
        out = []
        for before, op, name in self.parts:
            out.append(before)
            value = values.get(name) if name else None
            if value is not None:
                if op == "#":
                    out.append("#")
                out.append(value if _UNRESERVED.fullmatch(value) else quote(value, safe=_RESERVED if op else ""))
        return "".join(out)


def _resolve(url: str, base: str) -> str:
    """A URL from an expanded template: a CSVW prefixed name, absolute, or relative to ``base``."""
    prefix, colon, local = url.partition(":")
    if colon and prefix in PREFIXES:
        return PREFIXES[prefix] + local
    if colon and re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*", prefix):
        return url
    return urljoin(base, url)


# --- metadata ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dialect:
    encoding: str = "utf-8"
    delimiter: str = ","
    quote_char: str = '"'
    double_quote: bool = True
    skip_rows: int = 0
    header_rows: int = 1
    comment_prefix: str | None = None
    skip_blank_rows: bool = False
    skip_initial_space: bool = False
    trim: str = "true"


@dataclass(frozen=True)
class Column:
    number: int
    name: str
    titles: tuple[str, ...]
    datatype: Datatype
    null: tuple[str, ...]
    default: str
    required: bool
    separator: str | None
    lang: str | None
    virtual: bool
    suppress: bool
    about: Template | None
    property: Template | None
    value: Template | None


@dataclass(frozen=True)
class TableMetadata:
    path: Path
    """The metadata file."""
    url: str | None
    """The table's url as the metadata gives it (None: any file)."""
    dialect: Dialect
    columns: tuple[Column, ...]

    @property
    def titles(self) -> list[str]:
        """The first title of each column the CSV file holds (not the virtual ones)."""
        return [c.titles[0] if c.titles else c.name for c in self.columns if not c.virtual]


def _dialect(spec: dict[str, Any], path: Path) -> Dialect:
    unknown = set(spec) - DIALECT_KEYS
    if unknown:
        raise MappingError(f"unsupported dialect properties: {', '.join(sorted(unknown))}", path=path)
    terminators = spec.get("lineTerminators", ["\r\n", "\n"])
    if isinstance(terminators, str):
        terminators = [terminators]
    if not set(terminators) <= LINE_TERMINATORS:
        raise MappingError("lineTerminators: only CR, LF and CRLF are supported", path=path)
    if spec.get("skipColumns", 0):
        raise MappingError("skipColumns is not supported", path=path)
    name = spec.get("encoding", "utf-8")
    try:
        encoding = codecs.lookup(ENCODING_LABELS.get(name.lower(), name)).name
    except LookupError:
        raise MappingError(f"unknown encoding {name!r}", path=path) from None
    header = spec.get("header", True)
    trim = spec.get("trim", True)
    return Dialect(
        encoding=encoding,
        delimiter=spec.get("delimiter", ","),
        quote_char=spec.get("quoteChar", '"'),
        double_quote=spec.get("doubleQuote", True),
        skip_rows=spec.get("skipRows", 0),
        header_rows=spec.get("headerRowCount", 1 if header else 0),
        comment_prefix=spec.get("commentPrefix"),
        skip_blank_rows=spec.get("skipBlankRows", False),
        skip_initial_space=spec.get("skipInitialSpace", False),
        trim={True: "true", False: "false"}.get(trim, trim),
    )


def load_metadata(path: Path, csv_path: Path | None = None) -> TableMetadata:
    """The table description of the CSVW metadata file ``path``.

    A table group gives the table whose ``url`` names ``csv_path`` (or its only table).
    """
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MappingError(f"cannot read CSVW metadata: {exc}", path=path) from exc
    group: dict[str, Any] = {}
    if "tables" in doc:
        group, tables = doc, doc["tables"]
        named = [t for t in tables if csv_path is not None and Path(str(t.get("url", ""))).name == csv_path.name]
        if not named and len(tables) != 1:
            raise MappingError(f"no table of this metadata describes {csv_path}", path=path)
        table = (named or tables)[0]
    else:
        table = doc
    schema = table.get("tableSchema")
    if not isinstance(schema, dict) or not isinstance(schema.get("columns"), list):
        raise MappingError("the table has no tableSchema with columns", path=path)
    dialect = _dialect({**group.get("dialect", {}), **table.get("dialect", {})}, path)
    inherited = {k: v for level in (group, table, schema) for k, v in level.items() if k in INHERITED}
    columns = []
    for number, spec in enumerate(schema["columns"], start=1):
        unknown = {k for k in spec if k not in COLUMN_KEYS and ":" not in k}
        if unknown:
            raise MappingError(f"column {number}: unsupported properties {', '.join(sorted(unknown))}", path=path)
        props = {**inherited, **spec}
        if props.get("ordered"):
            raise MappingError(f"column {number}: ordered lists are not supported", path=path)
        titles = props.get("titles", [])
        if isinstance(titles, dict):  # a natural-language property: {"en": [...], "fr": [...]}
            titles = [t for value in titles.values() for t in ([value] if isinstance(value, str) else value)]
        titles = tuple([titles] if isinstance(titles, str) else titles)
        name = props.get("name") or (quote(titles[0], safe="") if titles else f"_col.{number}")
        null = props.get("null", "")
        where = f"{path.name}: column {name}"
        columns.append(Column(
            number=number, name=name, titles=titles,
            datatype=_datatype(props.get("datatype"), where),
            null=tuple([null] if isinstance(null, str) else null),
            default=props.get("default", ""),
            required=bool(props.get("required", False)),
            separator=props.get("separator"),
            lang=props.get("lang"),
            virtual=bool(props.get("virtual", False)),
            suppress=bool(props.get("suppressOutput", False)),
            about=Template.parse(props["aboutUrl"]) if "aboutUrl" in props else None,
            property=Template.parse(props.get("propertyUrl", "{#_name}")),
            value=Template.parse(props["valueUrl"]) if "valueUrl" in props else None,
        ))
    return TableMetadata(path, table.get("url"), dialect, tuple(columns))


# --- reading -----------------------------------------------------------------------------------
# The reader writes N-Triples text (kgbuild/terms.py: nt_iri, nt_literal), not Oxigraph
# objects: creating a Python object per term and per triple costs more than the rest of the
# conversion, and N-Triples loads into a store (and parses into anything else) in one call.


@dataclass(frozen=True)
class CellError:
    line: int
    column: str | None
    """The column's title (None when the whole row is at fault)."""
    value: str | None
    message: str


@dataclass(frozen=True)
class Row:
    number: int
    """CSVW row number: 1 for the first data row."""
    line: int
    """Physical line of the file where the row starts (the header is line 1)."""
    subject: str
    """The row's subject as an N-Triples term (``<iri>`` or ``_:label``)."""


@dataclass
class Table:
    path: Path
    url: str
    ntriples: bytes
    """The RDF of the rows converted (CSVW minimal mode), as N-Triples."""
    triples: int
    rows: list[Row]
    """The rows converted to RDF."""
    errors: list[CellError]
    """The problems of the rows that were not converted."""
    rows_read: int


def _records(handle: Any, dialect: Dialect) -> Iterator[tuple[int, list[str]]]:
    """(first line, cells) of each record; lines count from 1."""
    reader = csv.reader(
        handle, delimiter=dialect.delimiter, quotechar=dialect.quote_char,
        doublequote=dialect.double_quote, skipinitialspace=dialect.skip_initial_space, strict=True,
    )
    line = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise InputError(f"line {line}: not CSV as the metadata describes it: {exc}") from exc
        yield line, cells
        line = reader.line_num + 1


def _trim(dialect: Dialect) -> Callable[[str], str]:
    return {"true": str.strip, "start": str.lstrip, "end": str.rstrip}.get(dialect.trim, lambda s: s)


def _resolver(template: Template, base: str) -> Callable[[str], str]:
    """Resolve expansions of ``template`` against ``base``, with a fast path for ``#...``."""
    head = template.parts[0][0]
    if head.startswith("#") and not head.startswith("#{"):
        stem = base.split("#", 1)[0]
        return lambda url: stem + url
    return lambda url: _resolve(url, base)


_NULL: tuple[list[str], list[str]] = ([], [])


class _CellReader:
    """One column's conversion of a cell to N-Triples object terms (cached per raw value)."""

    def __init__(self, col: Column, trim: Callable[[str], str]):
        self.col = col
        self.trim = trim
        self.title = col.titles[0] if col.titles else col.name
        self.untrimmed = col.datatype.base in UNTRIMMED
        dt = col.datatype
        plain = dt.iri == XSD + "string"
        self.lang = col.lang if plain and dt.base in STRINGS else None
        self.datatype = None if plain else dt.iri
        self.cache: dict[str, tuple[list[str], list[str]]] = {}

    def read(self, raw: str) -> tuple[list[str], list[str]]:
        """(values, N-Triples terms) of a cell, ``_NULL`` when null; ValueError if invalid.

        Cell parsing as in the Model for Tabular Data, section 6.4: trim (dialect), normalise
        white space unless the datatype is a string type, default for an empty cell, null
        values, separator, datatype.
        """
        found = self.cache.get(raw)
        if found is not None:
            return found
        col = self.col
        text = self.trim(raw)
        if not self.untrimmed:
            text = text.replace("\r", " ").replace("\n", " ").replace("\t", " ").strip()
        if text == "":
            text = col.default
        if text in col.null:
            if col.required:
                raise ValueError("is required and empty")
            result = _NULL
        else:
            items = text.split(col.separator) if col.separator is not None else [text]
            values: list[str] = []
            for item in items:
                if col.separator is not None and not self.untrimmed:
                    item = item.strip()
                if col.separator is not None and item in col.null:
                    continue
                try:
                    values.append(col.datatype.parse(item))
                except ValueError as exc:
                    raise ValueError(f"{item!r} {exc} (datatype {col.datatype.base})") from None
            result = (values, [nt_literal(v, lang=self.lang, datatype=self.datatype) for v in values])
        if len(self.cache) < 100_000:
            self.cache[raw] = result
        return result


@dataclass
class _Output:
    """How one column writes its triples: a fixed " <p> <o> .\n" tail, a fixed predicate for
    the cell's literals, or templates expanded per row."""

    col: Column
    reader: _CellReader | None
    about: str
    """The text of the column's aboutUrl template ("" for a blank node per row)."""
    predicate: str | None
    value: str | None
    constant_tail: str | None
    property_at: Callable[[str], str] | None
    value_at: Callable[[str], str] | None


def read_table(path: Path, metadata: TableMetadata, *, url: str | None = None) -> Table:
    """Convert the rows of ``path`` to RDF as ``metadata`` describes (CSVW minimal mode).

    ``url`` is the table's URL that relative templates resolve against (default: the file's
    ``file:`` URL). A row with a problem is left out of the RDF and reported in
    :attr:`Table.errors` with its line, column and value.
    """
    dialect = metadata.dialect
    url = url or path.resolve().as_uri()
    trim = _trim(dialect)
    real = [c for c in metadata.columns if not c.virtual]
    readers = [_CellReader(c, trim) for c in real]
    used = {name for c in metadata.columns for t in (c.about, c.property, c.value) if t for _, _, name in t.parts if name}
    needs_values = any(not name.startswith("_") for name in used)
    iri_cache: dict[str, str] = {}

    def iri(value: str) -> str:
        found = iri_cache.get(value)
        if found is None:
            found = nt_iri(value)
            if len(iri_cache) < 100_000:
                iri_cache[value] = found
        return found

    def fixed(t: Template | None, col: Column) -> str | None:
        """The N-Triples term of a template that no row can change."""
        if t is None or any(name and name not in ("_name", "_column", "_sourceColumn") for _, _, name in t.parts):
            return None
        return iri(_resolve(t.expand({"_name": col.name, "_column": str(col.number), "_sourceColumn": str(col.number)}), url))

    by_number = {r.col.number: r for r in readers}
    abouts: dict[str, tuple[Template | None, Callable[[str], str] | None]] = {}
    outputs: list[_Output] = []
    for col in metadata.columns:
        about = col.about.text if col.about else ""
        abouts.setdefault(about, (col.about, _resolver(col.about, url) if col.about else None))
        if col.suppress:
            continue
        predicate = fixed(col.property, col)
        value = fixed(col.value, col)
        tail = None
        if predicate is not None and value is not None:
            tail = f" {predicate} {value} .\n"
        elif col.virtual and col.value is None and col.default and predicate is not None:
            tail = f" {predicate} {nt_literal(col.default, lang=col.lang)} .\n"
        outputs.append(_Output(
            col, by_number.get(col.number), about, predicate, value, tail,
            _resolver(col.property, url) if col.property else None,
            _resolver(col.value, url) if col.value and value is None else None,
        ))
    first_about = metadata.columns[0].about.text if metadata.columns[0].about else ""

    lines: list[str] = []
    rows: list[Row] = []
    errors: list[CellError] = []
    rows_read = 0
    blank = 0
    try:
        handle = path.open(encoding=dialect.encoding, newline="")
    except OSError as exc:
        raise InputError(f"cannot open: {exc.strerror}", path=path) from exc
    with handle:
        try:
            records = _records(handle, dialect)
            source_row = 0
            for _ in range(dialect.skip_rows + dialect.header_rows):
                if next(records, None) is not None:
                    source_row += 1
            for line, cells in records:
                source_row += 1
                if dialect.comment_prefix and cells and cells[0].startswith(dialect.comment_prefix):
                    continue
                if dialect.skip_blank_rows and not any(c.strip() for c in cells):
                    continue
                rows_read += 1
                if len(cells) != len(real):
                    errors.append(CellError(line, None, None, f"the row has {len(cells)} cells, the metadata describes {len(real)} columns"))
                    continue
                terms: dict[int, list[str]] = {}
                variables: dict[str, str] = {"_row": str(rows_read), "_sourceRow": str(source_row)}
                row_errors: list[CellError] = []
                for reader, raw in zip(readers, cells):
                    try:
                        values, terms[reader.col.number] = reader.read(raw)
                    except ValueError as exc:
                        row_errors.append(CellError(line, reader.title, raw, str(exc)))
                        continue
                    if needs_values and values:
                        variables[reader.col.name] = ",".join(values)
                if row_errors:
                    errors.extend(row_errors)
                    continue
                subjects: dict[str, str] = {}
                for key, (template, resolve) in abouts.items():
                    if template is None:
                        blank += 1
                        subjects[key] = f"_:r{blank}"
                    else:
                        subjects[key] = iri(resolve(template.expand(variables)))  # type: ignore[misc]
                for out in outputs:
                    subject = subjects[out.about]
                    if out.constant_tail is not None:
                        lines.append(subject + out.constant_tail)
                        continue
                    col = out.col
                    objects = terms[col.number] if out.reader is not None else []
                    if col.value is None and not objects:
                        continue
                    predicate = out.predicate
                    local = None
                    if predicate is None or out.value_at is not None:
                        local = {**variables, "_name": col.name, "_column": str(col.number), "_sourceColumn": str(col.number)}
                    if predicate is None:
                        predicate = iri(out.property_at(col.property.expand(local)))  # type: ignore[misc, union-attr, arg-type]
                    if col.value is not None:
                        objects = [out.value or iri(out.value_at(col.value.expand(local)))]  # type: ignore[misc, arg-type]
                    head = f"{subject} {predicate} "
                    for term in objects:
                        lines.append(f"{head}{term} .\n")
                rows.append(Row(rows_read, line, subjects[first_about]))
        except UnicodeDecodeError as exc:
            raise InputError(f"not {dialect.encoding} as the metadata says: {exc}", path=path) from exc
        except InputError as exc:
            raise InputError(exc.problem, path=path) from exc
    return Table(path, url, "".join(lines).encode("utf-8"), len(lines), rows, errors, rows_read)


# --- finding the metadata of a CSV file --------------------------------------------------------


def header_row(path: Path, metadata: TableMetadata) -> list[str] | None:
    """The header cells of ``path`` read with the metadata's dialect (None if unreadable)."""
    dialect = metadata.dialect
    try:
        with path.open(encoding=dialect.encoding, newline="") as handle:
            records = _records(handle, dialect)
            for _ in range(dialect.skip_rows):
                next(records, None)
            found = next(records, None)
    except (OSError, UnicodeDecodeError, InputError):
        return None
    return [_trim(dialect)(c) for c in found[1]] if found else None


def _describes(metadata: TableMetadata, path: Path) -> bool:
    return metadata.url is not None and Path(metadata.url).name == path.name


def locate_metadata(path: Path) -> Path | None:
    """The CSVW metadata of the CSV file ``path``, or None.

    In order: ``{file}-metadata.json`` and ``csv-metadata.json`` beside the file when their
    ``url`` names it (Model for Tabular Data, section 5.3, the default site-wide locations);
    then the packaged ``mappings/*/*.csv-metadata.json`` whose column titles are the file's
    header row, cell for cell.
    """
    for candidate in (path.with_name(path.name + "-metadata.json"), path.with_name("csv-metadata.json")):
        if candidate.is_file():
            try:
                if _describes(load_metadata(candidate, path), path):
                    return candidate
            except MappingError:
                continue
    for candidate in resources.files("mappings", "*/*.csv-metadata.json"):
        meta = load_metadata(candidate)
        if meta.dialect.header_rows and header_row(path, meta) == meta.titles:
            return candidate
    return None


def is_csv_input(path: Path) -> bool:
    """True when ``path`` is a table kgbuild can map: suffix ``.csv`` and metadata found."""
    return path.suffix.lower() == ".csv" and path.is_file() and locate_metadata(path) is not None


# --- mapping -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rejection:
    path: Path
    line: int
    reason: str
    column: str | None = None
    value: str | None = None

    def __str__(self) -> str:
        where = f", column {self.column}" if self.column else ""
        value = f" {self.value!r}" if self.value is not None else ""
        return f"{self.path.name}: line {self.line}{where}:{value} {self.reason}"


@dataclass
class CsvResult:
    path: Path
    graph_name: URIRef
    ntriples: bytes
    """The published triples, as N-Triples (what :attr:`graph` parses on first use)."""
    triples: int
    rows_read: int
    rows_mapped: int
    rejected: list[Rejection]
    """One entry per problem, by line; a rejected row may have several."""
    used_ntriples: bytes = b""
    """The reference resources the rows use, as N-Triples (:attr:`used`)."""
    timings: dict[str, float] = field(default_factory=dict)

    @cached_property
    def graph(self) -> Graph:
        """The rows in the published vocabulary, as an rdflib Graph (slow for a large file:
        prefer :attr:`ntriples` or :meth:`quads` where an Oxigraph store will do)."""
        return graph_from_ox(ox.parse(input=self.ntriples, format=ox.RdfFormat.N_TRIPLES))

    @cached_property
    def used(self) -> Graph:
        """The reference resources the rows use (for the dataset's reference graph)."""
        return graph_from_ox(ox.parse(input=self.used_ntriples, format=ox.RdfFormat.N_TRIPLES))

    def quads(self, graph_name: Any = None) -> list[ox.Quad]:
        """The published triples as Oxigraph quads in ``graph_name`` (default: :attr:`graph_name`)."""
        name = ox.NamedNode(str(self.graph_name)) if graph_name is None else graph_name
        return [ox.Quad(t.subject, t.predicate, t.object, name) for t in ox.parse(input=self.ntriples, format=ox.RdfFormat.N_TRIPLES)]

    @property
    def rows_rejected(self) -> int:
        return len({r.line for r in self.rejected})


@dataclass(frozen=True)
class _Query:
    path: Path
    text: str


_PROLOGUE = re.compile(r"(?:\s*(?:#[^\n]*\n|(?:PREFIX|BASE)\b[^<]*<[^>]*>))*\s*([A-Za-z]+)", re.IGNORECASE)


def _form(text: str) -> str:
    """The query form (SELECT, CONSTRUCT, ASK, DESCRIBE) after the comments and prologue."""
    m = _PROLOGUE.match(text)
    return m.group(1).upper() if m else ""


def _run(store: ox.Store, query: _Query, base: str) -> Any:
    try:
        return store.query(query.text, base_iri=base)
    except SyntaxError as exc:
        raise MappingError(f"invalid SPARQL: {exc}", path=query.path) from exc


_DESCRIBES = f" <{CSVW}describes> ".encode()
# An N-Triples line "?row csvw:describes ?resource ." (a row is an IRI: no space in it).
_DESCRIBES_LINE = re.compile(rb"^(<[^>]*>)" + re.escape(_DESCRIBES) + rb"[^\n]*\n", re.MULTILINE)


def map_csv(path: Path, reference: Reference, *, metadata: Path | None = None) -> CsvResult:
    """Map the CSV file ``path`` into the published vocabulary.

    ``metadata`` defaults to :func:`locate_metadata`. The SPARQL and Turtle files in the
    metadata's folder make the mapping (module docstring); with none, the published graph is
    the CSVW output itself. The graph is named ``{base}graph/{metadata folder}/{file stem}``.
    """
    clock = time.perf_counter()
    timings: dict[str, float] = {}

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[stage] = now - clock
        clock = now

    if not path.is_file():
        raise InputError("no such file", path=path)
    metadata = metadata or locate_metadata(path)
    if metadata is None:
        raise InputError("no CSVW metadata describes this file (no {file}-metadata.json beside it, and no packaged mapping whose columns are its header row)", path=path)
    meta = load_metadata(metadata, path)
    if meta.dialect.header_rows:
        header = header_row(path, meta)
        if header != meta.titles:
            raise InputError(f"the header row {header} is not the columns of {metadata.name} {meta.titles}", path=path)
    table = read_table(path, meta)
    rejected = [Rejection(path, e.line, e.message, e.column, e.value) for e in table.errors]
    lap("read")

    folder = metadata.parent
    queries = [_Query(p, p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.rq"))]
    rules = [q for q in queries if _form(q.text) == "SELECT"]
    constructs = [q for q in queries if q not in rules and q.path.name != "reference-subset.rq"]
    subset = next((q for q in queries if q.path.name == "reference-subset.rq"), None)
    name = mint(reference.base, "graph", folder.name, path.stem)
    if not queries:
        return CsvResult(path, name, table.ntriples, table.triples, table.rows_read, len(table.rows), rejected, timings=timings)
    if any(row.subject.startswith("_:") for row in table.rows):
        raise MappingError("the SPARQL of a mapping needs rows with IRIs: give the table an aboutUrl", path=metadata)

    store = ox.Store()
    store.bulk_extend(reference.quads())
    for ttl in sorted(folder.glob("*.ttl")):
        try:
            store.load(path=str(ttl), format=ox.RdfFormat.TURTLE, base_iri=reference.base)
        except (SyntaxError, ValueError) as exc:
            raise MappingError(f"cannot parse look-up data: {exc}", path=ttl) from exc
    store.bulk_load(input=table.ntriples, format=ox.RdfFormat.N_TRIPLES)
    lap("load")

    by_subject = {row.subject[1:-1]: row for row in table.rows}
    bad: set[str] = set()
    for rule in rules:
        for solution in _run(store, rule, reference.base):
            subject = solution["row"]
            row = by_subject.get(subject.value) if isinstance(subject, ox.NamedNode) else None
            if row is None:
                raise MappingError(f"a rejection rule returned {subject}, which is not a row of {path.name}", path=rule.path)
            column, value, reason = solution["column"], solution["value"], solution["reason"]
            rejected.append(Rejection(path, row.line, reason.value if reason else f"rejected by {rule.path.name}",
                                      column.value if column else None, value.value if value else None))
            bad.add(subject.value)
    for iri in bad:
        for quad in list(store.quads_for_pattern(ox.NamedNode(iri), None, None)):
            store.remove(quad)
    lap("reject")

    published: list[bytes] = []
    described: set[bytes] = set()
    for construct in constructs:
        produced = _run(store, construct, reference.base).serialize(format=ox.RdfFormat.N_TRIPLES)
        store.bulk_load(input=produced, format=ox.RdfFormat.N_TRIPLES)
        if _DESCRIBES in produced:
            described.update(_DESCRIBES_LINE.findall(produced))
            produced = _DESCRIBES_LINE.sub(b"", produced)
        published.append(produced)
        lap(construct.path.stem)
    lost = [row for row in table.rows if row.subject[1:-1] not in bad and row.subject.encode() not in described]
    rejected += [Rejection(path, row.line, "no rule of the mapping produced a resource for this row") for row in lost]
    mapped = len(table.rows) - len(bad) - len(lost)
    used = _run(store, subset, reference.base).serialize(format=ox.RdfFormat.N_TRIPLES) if subset else b""
    lap("reference-subset")
    rejected.sort(key=lambda r: r.line)
    ntriples = b"".join(published)
    return CsvResult(path, name, ntriples, ntriples.count(b"\n"), table.rows_read, mapped, rejected, used, timings)


# --- several files at once ---------------------------------------------------------------------


def _map_in_worker(path: Path, base: str, files: list[Path], metadata: Path | None) -> CsvResult:
    return map_csv(path, _worker_reference(base, tuple(files)), metadata=metadata)


@cache
def _worker_reference(base: str, files: tuple[Path, ...]) -> Reference:
    """The reference data of a worker process, loaded once per process."""
    return Reference(base, list(files))


def map_csv_files(paths: list[Path], reference: Reference, *, metadata: Path | None = None, workers: int | None = None) -> list[CsvResult]:
    """:func:`map_csv` over several files, in ``workers`` processes (default: one per CPU,
    at most one per file), results in the order of ``paths``.

    Files are independent (one store, one named graph each), so they map in parallel; the
    reference data is loaded once in each worker process.
    """
    workers = min(workers or os.cpu_count() or 1, len(paths))
    if workers <= 1:
        return [map_csv(p, reference, metadata=metadata) for p in paths]
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        jobs = [pool.submit(_map_in_worker, p, reference.base, list(reference.files), metadata) for p in paths]
        return [job.result() for job in jobs]
