"""load_target: a built directory or RDF files, and the InputErrors that name the file."""

from __future__ import annotations

import json
import shutil

import pytest
from rdflib import Dataset, URIRef

from kgbuild.errors import InputError
from kgbuild.query import get_query, load_target, run

from ._mini import MINI, MINI_INFERRED

ASSERTED_AND_INFERRED = 215 + 15


def count(dataset) -> int:
    return int(run("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", dataset).rows[0][0])


def test_files_are_one_union(mini):
    assert count(mini) == ASSERTED_AND_INFERRED
    assert len(list(mini.graphs())) >= 2
    # a join across the two files: relatesToInstrument is only in the inferred one
    ask = run("ASK { ?r upr:relatesToInstrument ?i . ?i a upr:Treaty }", mini)
    assert ask.boolean is True


def test_built_directory_graph_and_inferred(tmp_path):
    shutil.copy(MINI, tmp_path / "graph.ttl")
    shutil.copy(MINI_INFERRED, tmp_path / "inferred.ttl")
    assert count(load_target([tmp_path])) == ASSERTED_AND_INFERRED


def test_built_directory_prefers_dataset_trig(tmp_path, mini):
    (tmp_path / "graph.ttl").write_text("this is not read", encoding="utf-8")
    mini.serialize(tmp_path / "dataset.trig", format="trig")
    loaded = load_target([tmp_path])
    assert count(loaded) == ASSERTED_AND_INFERRED
    query = get_query("evidence").text
    assert run(query, loaded).rows == run(query, mini).rows


def test_directory_that_is_not_a_build(tmp_path):
    with pytest.raises(InputError) as info:
        load_target([tmp_path])
    assert str(info.value) == f"{tmp_path}: not a built directory: it has neither dataset.trig nor graph.ttl"


@pytest.mark.parametrize("fmt, suffix", [("nt", ".nt"), ("nquads", ".nq"), ("trig", ".trig"), ("xml", ".rdf"), ("xml", ".xml"), ("json-ld", ".jsonld")])
def test_every_suffix(tmp_path, fmt, suffix):
    g = Dataset()
    g.graph(URIRef("urn:x-test:g")).parse(MINI)
    path = tmp_path / f"mini{suffix}"
    (g.graph(URIRef("urn:x-test:g")) if fmt in ("nt", "xml") else g).serialize(path, format=fmt, encoding="utf-8")
    assert count(load_target([path])) == 215


def test_missing_file(tmp_path):
    missing = tmp_path / "nope.ttl"
    with pytest.raises(InputError) as info:
        load_target([MINI, missing])
    assert str(info.value) == f"{missing}: no such file or directory"


def test_unknown_suffix(tmp_path):
    path = tmp_path / "graph.txt"
    path.write_text("<urn:a> <urn:b> <urn:c> .", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_target([path])
    assert str(info.value).startswith(f"{path}: unknown RDF file suffix '.txt'; known: .ttl .nt")


def test_bad_turtle_names_the_file_and_the_parser_message(tmp_path):
    path = tmp_path / "broken.ttl"
    path.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c ;;; .\nex:d ex:e", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_target([path])
    message = str(info.value)
    assert message.startswith(f"{path}: cannot parse as turtle: ")
    assert "\n" not in message


def test_no_target():
    with pytest.raises(InputError, match="no built directory or RDF file given"):
        load_target([])


def _jsonld(context) -> dict:
    return {"@context": context, "@id": "http://example.org/a", "name": "A"}


def test_jsonld_inline_context(tmp_path):
    path = tmp_path / "a.jsonld"
    path.write_text(json.dumps(_jsonld({"name": "http://schema.org/name"})), encoding="utf-8")
    assert count(load_target([path])) == 1


def test_jsonld_context_file_next_to_the_document(tmp_path):
    (tmp_path / "context.jsonld").write_text(json.dumps({"@context": {"name": "http://schema.org/name"}}), encoding="utf-8")
    path = tmp_path / "a.jsonld"
    path.write_text(json.dumps(_jsonld(["context.jsonld", {"x": "http://example.org/x"}])), encoding="utf-8")
    dataset = load_target([path])
    assert run("ASK { <http://example.org/a> <http://schema.org/name> 'A' }", dataset).boolean is True


@pytest.mark.parametrize(
    "context",
    [
        "https://schema.org/",
        ["http://example.org/context.jsonld"],
        {"@import": "https://example.org/ctx.jsonld", "name": "http://schema.org/name"},
        {"name": {"@id": "http://schema.org/name", "@context": "https://example.org/scoped.jsonld"}},
        "file:///etc/passwd",
    ],
    ids=["string", "list", "import", "scoped", "file-uri"],
)
def test_jsonld_remote_context_is_refused_not_fetched(tmp_path, context):
    """The autouse _no_network fixture of tests/conftest.py fails the test on any connection."""
    path = tmp_path / "remote.jsonld"
    path.write_text(json.dumps(_jsonld(context)), encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_target([path])
    assert str(info.value).startswith(f"{path}: JSON-LD context ")
    assert "would be fetched" in str(info.value)


def test_jsonld_missing_context_file(tmp_path):
    path = tmp_path / "a.jsonld"
    path.write_text(json.dumps(_jsonld("missing.jsonld")), encoding="utf-8")
    with pytest.raises(InputError, match="cannot read JSON-LD context 'missing.jsonld'"):
        load_target([path])


def test_rdfxml_external_entities_are_not_read(tmp_path):
    path = tmp_path / "xxe.rdf"
    path.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [ <!ENTITY x SYSTEM "{MINI.as_uri()}"> ]>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">'
        '<rdf:Description rdf:about="http://example.org/a"><ex:p>&x;</ex:p></rdf:Description></rdf:RDF>',
        encoding="utf-8",
    )
    values = [str(o) for o in load_target([path]).objects(None, URIRef("http://example.org/p"))]
    assert values == [""]
