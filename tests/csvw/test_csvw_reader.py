"""The generic CSVW reader (kgbuild/read/csvw.py), on small hand-made tables.

Each folder of ``cases/`` is a golden case: ``table.csv`` with its CSVW metadata
``table.csv-metadata.json``, the RDF the rows must give (``expected.ttl``, compared with
``rdflib.compare.isomorphic``) and, when some rows cannot be read, ``errors.json`` (line,
column, value and a part of the message of each problem). The table's URL is
http://example.org/data/table.csv, so relative templates resolve to fixed IRIs.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic

from kgbuild.errors import InputError, MappingError
from kgbuild.read.csvw import (
    Template,
    is_csv_input,
    load_metadata,
    locate_metadata,
    nt_literal,
    read_table,
)

CASES = Path(__file__).resolve().parent / "cases"
TABLE_URL = "http://example.org/data/table.csv"


def _graph(ntriples: bytes) -> Graph:
    return Graph().parse(data=ntriples.decode("utf-8"), format="nt")


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_golden_case(case: str) -> None:
    folder = CASES / case
    csv_path = folder / "table.csv"
    table = read_table(csv_path, load_metadata(folder / "table.csv-metadata.json", csv_path), url=TABLE_URL)
    got = _graph(table.ntriples)
    expected = Graph().parse(folder / "expected.ttl", format="turtle")
    if not isomorphic(got, expected):
        _, only_got, only_expected = graph_diff(got, expected)
        pytest.fail(f"unexpected: {sorted(only_got)}\nmissing: {sorted(only_expected)}")
    assert table.triples == len(got)
    errors_file = folder / "errors.json"
    wanted = json.loads(errors_file.read_text(encoding="utf-8")) if errors_file.exists() else []
    assert len(table.errors) == len(wanted), table.errors
    for error, want in zip(table.errors, wanted):
        assert (error.line, error.column, error.value) == (want["line"], want["column"], want["value"])
        assert want["message"] in error.message
    assert table.rows_read == len(table.rows) + len({e.line for e in table.errors})


def test_rows_keep_their_lines_and_numbers() -> None:
    folder = CASES / "bad-rows"
    table = read_table(folder / "table.csv", load_metadata(folder / "table.csv-metadata.json"), url=TABLE_URL)
    assert [(r.number, r.line, r.subject) for r in table.rows] == [
        (1, 2, "<http://example.org/r/1>"),
        (7, 8, "<http://example.org/r/7>"),
    ]
    assert table.rows_read == 7


def test_default_url_is_the_file_url(tmp_path: Path) -> None:
    folder = CASES / "mac-roman-cr"
    copy = tmp_path / "table.csv"
    copy.write_bytes((folder / "table.csv").read_bytes())
    table = read_table(copy, load_metadata(folder / "table.csv-metadata.json"))
    assert table.url == copy.resolve().as_uri()
    assert f"<{copy.resolve().as_uri()}#row=2>".encode() in table.ntriples


def test_wrong_encoding_is_an_input_error(tmp_path: Path) -> None:
    folder = CASES / "mac-roman-cr"
    metadata = json.loads((folder / "table.csv-metadata.json").read_text(encoding="utf-8"))
    metadata["dialect"]["encoding"] = "utf-8"
    (tmp_path / "table.csv-metadata.json").write_text(json.dumps(metadata), encoding="utf-8")
    (tmp_path / "table.csv").write_bytes((folder / "table.csv").read_bytes())
    with pytest.raises(InputError, match="not utf-8"):
        read_table(tmp_path / "table.csv", load_metadata(tmp_path / "table.csv-metadata.json"))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"dialect": {"encoding": "klingon"}}, "unknown encoding"),
        ({"dialect": {"lineTerminators": ["|"]}}, "lineTerminators"),
        ({"dialect": {"skipColumns": 1}}, "skipColumns"),
        ({"tableSchema": {"columns": [{"name": "a", "datatype": "duration"}]}}, "unsupported datatype"),
        ({"tableSchema": {"columns": [{"name": "a", "ordered": True, "separator": " "}]}}, "ordered"),
        ({"tableSchema": {"columns": [{"name": "a", "colour": "red"}]}}, "unsupported properties colour"),
        ({"tableSchema": {"columns": [{"name": "a", "aboutUrl": "{?query}"}]}}, "URI template"),
        ({"tableSchema": {}}, "no tableSchema with columns"),
    ],
)
def test_metadata_it_cannot_honour_is_a_mapping_error(tmp_path: Path, change: dict, message: str) -> None:
    metadata = {"@context": "http://www.w3.org/ns/csvw", "url": "t.csv", "tableSchema": {"columns": [{"name": "a"}]}}
    metadata.update(change)
    path = tmp_path / "t.csv-metadata.json"
    path.write_text(json.dumps(metadata), encoding="utf-8")
    with pytest.raises(MappingError, match=message):
        load_metadata(path)


def test_encoding_names_of_the_encoding_standard() -> None:
    """CSVW's "encoding" takes WHATWG Encoding labels; Mac Roman is "macintosh" there."""
    meta = load_metadata(CASES / "mac-roman-cr" / "table.csv-metadata.json")
    assert meta.dialect.encoding == "mac-roman"


def test_template_expansion_is_rfc_6570_level_1() -> None:
    """Simple expansion percent-encodes all but unreserved characters; + and # keep reserved ones."""
    values = {"a": "x y/z", "b": "1"}
    assert Template.parse("http://e.org/{a}/{b}").expand(values) == "http://e.org/x%20y%2Fz/1"
    assert Template.parse("{+a}").expand(values) == "x%20y/z"
    assert Template.parse("{#a}").expand(values) == "#x%20y/z"
    assert Template.parse("p{missing}q").expand(values) == "pq"


def test_literals_are_escaped_for_n_triples() -> None:
    assert nt_literal('say "hi"\\\n', lang="en") == '"say \\"hi\\"\\\\\\n"@en'
    assert nt_literal("5", datatype="http://www.w3.org/2001/XMLSchema#integer") == '"5"^^<http://www.w3.org/2001/XMLSchema#integer>'


# --- locating metadata (Model for Tabular Data, section 5) ---------------------------------------


def _table(folder: Path, name: str = "data.csv") -> Path:
    path = folder / name
    path.write_text("name,city\nAda,London\n", encoding="utf-8")
    return path


def _metadata(url: str) -> str:
    return json.dumps({
        "@context": "http://www.w3.org/ns/csvw", "url": url,
        "tableSchema": {"columns": [{"name": "name", "titles": "name"}, {"name": "city", "titles": "city"}]},
    })


def test_file_metadata_beside_the_table_is_found(tmp_path: Path) -> None:
    path = _table(tmp_path)
    (tmp_path / "data.csv-metadata.json").write_text(_metadata("data.csv"), encoding="utf-8")
    assert locate_metadata(path) == tmp_path / "data.csv-metadata.json"
    assert is_csv_input(path)


def test_directory_metadata_is_found(tmp_path: Path) -> None:
    path = _table(tmp_path)
    (tmp_path / "csv-metadata.json").write_text(_metadata("data.csv"), encoding="utf-8")
    assert locate_metadata(path) == tmp_path / "csv-metadata.json"


def test_metadata_that_does_not_describe_the_file_is_ignored(tmp_path: Path) -> None:
    path = _table(tmp_path)
    (tmp_path / "data.csv-metadata.json").write_text(_metadata("other.csv"), encoding="utf-8")
    assert locate_metadata(path) is None
    assert not is_csv_input(path)


def test_packaged_mapping_is_chosen_by_the_header_row() -> None:
    excerpt = Path(__file__).resolve().parents[1] / "data" / "upr-info-excerpt.csv"
    found = locate_metadata(excerpt)
    assert found is not None and found.name == "upr-info.csv-metadata.json"
    assert is_csv_input(excerpt)


def test_a_document_is_not_a_csv_input() -> None:
    data = Path(__file__).resolve().parents[1] / "data"
    assert not is_csv_input(data / "wg-norway2010.txt")
