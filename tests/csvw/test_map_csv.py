"""map_csv (kgbuild/read/csvw.py) as a generic runner: a CSVW table plus the SPARQL and
Turtle files beside its metadata, on a small hand-made mapping in a temporary folder.

What it must guarantee whatever the mapping: every row is either mapped (some CONSTRUCT says
``?row csvw:describes ?resource``) or rejected with its line, never dropped; rejected rows
are out of the store before the CONSTRUCTs run; each CONSTRUCT sees what the earlier ones
built; the bookkeeping (csvw:describes) is not published.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from kgbuild.errors import InputError, MappingError
from kgbuild.iri import DEFAULT_BASE
from kgbuild.read.csvw import map_csv
from kgbuild.reference import Reference

EX = "http://example.org/vocab#"
CSVW_DESCRIBES = URIRef("http://www.w3.org/ns/csvw#describes")


@pytest.fixture(scope="module")
def reference() -> Reference:
    return Reference(DEFAULT_BASE)


def _mapping(folder: Path, queries: dict[str, str], ttl: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    metadata = folder / "things.csv-metadata.json"
    metadata.write_text(json.dumps({
        "@context": "http://www.w3.org/ns/csvw",
        "url": "things.csv",
        "tableSchema": {
            "aboutUrl": "#row={_sourceRow}",
            "columns": [
                {"name": "code", "titles": "code", "required": True, "propertyUrl": EX + "code"},
                {"name": "kind", "titles": "kind", "propertyUrl": EX + "kind"},
            ],
        },
    }), encoding="utf-8")
    for name, text in queries.items():
        (folder / name).write_text(text, encoding="utf-8")
    if ttl is not None:
        (folder / "kinds.ttl").write_text(ttl, encoding="utf-8")
    return metadata


def _csv(folder: Path, body: str = "code,kind\na,fruit\nb,stone\n,fruit\nc,bad\nd,fruit\n") -> Path:
    path = folder / "things.csv"
    path.write_text(body, encoding="utf-8")
    return path


REJECT = """PREFIX ex: <http://example.org/vocab#>
SELECT ?row ?column ?value ?reason WHERE {
  ?row ex:kind ?kind . FILTER (?kind = "bad")
  BIND ("kind" AS ?column) BIND (STR(?kind) AS ?value) BIND ("is bad" AS ?reason)
}
"""
# Maps only kinds the look-up table knows: "stone" is in no rule, so row 3 is lost unless
# the runner reports it.
FIRST = """PREFIX ex: <http://example.org/vocab#>
PREFIX csvw: <http://www.w3.org/ns/csvw#>
CONSTRUCT { ?row csvw:describes ?thing . ?thing a ex:Thing ; ex:class ?class }
WHERE {
  ?row ex:code ?code ; ex:kind ?kind .
  ?class ex:kindName ?kind .
  BIND (IRI(CONCAT("thing/", ?code)) AS ?thing)
}
"""
SECOND = """PREFIX ex: <http://example.org/vocab#>
CONSTRUCT { ?thing ex:seenBySecond true } WHERE { ?thing a ex:Thing }
"""
KINDS = """<kind/fruit> <http://example.org/vocab#kindName> "fruit" ."""


def test_without_sparql_the_csvw_output_is_published(tmp_path: Path, reference: Reference) -> None:
    folder = tmp_path / "plain"
    metadata = _mapping(folder, {})
    path = _csv(tmp_path)
    result = map_csv(path, reference, metadata=metadata)
    assert (result.rows_read, result.rows_mapped) == (5, 4)
    assert [(r.line, r.column, r.reason) for r in result.rejected] == [(4, "code", "is required and empty")]
    row2 = URIRef(path.resolve().as_uri() + "#row=2")
    assert (row2, URIRef(EX + "code"), Literal("a")) in result.graph
    assert result.graph_name == URIRef(DEFAULT_BASE + "graph/plain/things")


def test_every_row_is_mapped_or_rejected(tmp_path: Path, reference: Reference) -> None:
    metadata = _mapping(tmp_path / "things", {"rejections.rq": REJECT, "10-first.rq": FIRST, "20-second.rq": SECOND}, KINDS)
    result = map_csv(_csv(tmp_path), reference, metadata=metadata)
    assert result.rows_read == 5
    assert result.rows_mapped == 2
    assert [(r.line, r.column, r.value, r.reason) for r in result.rejected] == [
        (3, None, None, "no rule of the mapping produced a resource for this row"),
        (4, "code", "", "is required and empty"),
        (5, "kind", "bad", "is bad"),
    ]
    assert result.rows_mapped + result.rows_rejected == result.rows_read
    things = {s for s, _, _ in result.graph.triples((None, URIRef(EX + "seenBySecond"), None))}
    assert things == {URIRef(DEFAULT_BASE + "thing/a"), URIRef(DEFAULT_BASE + "thing/d")}
    assert (URIRef(DEFAULT_BASE + "thing/a"), URIRef(EX + "class"), URIRef(DEFAULT_BASE + "kind/fruit")) in result.graph
    assert not list(result.graph.triples((None, CSVW_DESCRIBES, None)))
    assert str(result.rejected[0]) == "things.csv: line 3: no rule of the mapping produced a resource for this row"


def test_a_rejected_row_never_reaches_the_constructs(tmp_path: Path, reference: Reference) -> None:
    everything = FIRST.replace("  ?class ex:kindName ?kind .\n", "  BIND (<kind/any> AS ?class)\n")
    metadata = _mapping(tmp_path / "things", {"rejections.rq": REJECT, "10-first.rq": everything})
    result = map_csv(_csv(tmp_path), reference, metadata=metadata)
    assert URIRef(DEFAULT_BASE + "thing/c") not in set(result.graph.subjects())
    assert result.rows_mapped == 3


def test_a_rule_that_returns_something_else_than_a_row_is_a_mapping_error(tmp_path: Path, reference: Reference) -> None:
    rule = "SELECT ?row ?reason WHERE { BIND (<http://example.org/nothing> AS ?row) BIND (\"x\" AS ?reason) }"
    metadata = _mapping(tmp_path / "things", {"rejections.rq": rule, "10-first.rq": FIRST}, KINDS)
    with pytest.raises(MappingError, match="not a row of things.csv"):
        map_csv(_csv(tmp_path), reference, metadata=metadata)


def test_invalid_sparql_names_the_file(tmp_path: Path, reference: Reference) -> None:
    metadata = _mapping(tmp_path / "things", {"10-first.rq": "CONSTRUCT { ?s ?p } WHERE { }"})
    with pytest.raises(MappingError, match="10-first.rq"):
        map_csv(_csv(tmp_path), reference, metadata=metadata)


def test_a_header_that_is_not_the_columns_is_an_input_error(tmp_path: Path, reference: Reference) -> None:
    metadata = _mapping(tmp_path / "things", {})
    path = _csv(tmp_path, "code,colour\na,red\n")
    with pytest.raises(InputError, match="header row"):
        map_csv(path, reference, metadata=metadata)


def test_a_csv_without_metadata_is_an_input_error(tmp_path: Path, reference: Reference) -> None:
    with pytest.raises(InputError, match="no CSVW metadata"):
        map_csv(_csv(tmp_path, "colour\nred\n"), reference)
