"""The UPR Info mapping (mappings/upr-info/): the CSVW metadata, its SPARQL and the UPR Info
concept schemes, on a real excerpt (tests/data/upr-info-excerpt.csv), on rows made
unreadable on purpose, and on the five files of the export in the shared corpus.

The counts on the five files are checked against a tally made here with the csv module
alone: rows per file, and recommendations per position and cycle (the cycle from the
Working Group session by the rule in shared/corpus/README.md: sessions 1-12 are cycle 1,
13-26 cycle 2).
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic
from rdflib.namespace import RDFS, SKOS

from kgbuild.iri import DEFAULT_BASE, UPR, mint
from kgbuild.read.csvw import CsvResult, map_csv, map_csv_files
from kgbuild.reference import Reference

HERE = Path(__file__).resolve().parent
EXCERPT = HERE.parent / "data" / "upr-info-excerpt.csv"
CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
UPR_INFO = CORPUS / "upr-info"
ID = DEFAULT_BASE

ROWS_PER_FILE = {
    "sessions-1-5.csv": 6094,
    "sessions-6-9.csv": 8343,
    "sessions-10-13.csv": 9047,
    "sessions-14-17.csv": 9598,
    "sessions-17-20.csv": 7984,
}
POSITIONS = {"Accepted": "Supported", "Noted": "Noted"}


@pytest.fixture(scope="module")
def reference() -> Reference:
    return Reference(DEFAULT_BASE)


@pytest.fixture(scope="module")
def excerpt(reference: Reference) -> CsvResult:
    return map_csv(EXCERPT, reference)


# --- the excerpt ---------------------------------------------------------------------------------


def test_excerpt_gives_the_expected_triples(excerpt: CsvResult) -> None:
    expected = Graph().parse(HERE / "expected" / "upr-info-excerpt.ttl", format="turtle")
    if not isomorphic(excerpt.graph, expected):
        _, only_got, only_expected = graph_diff(excerpt.graph, expected)
        pytest.fail(f"unexpected: {sorted(only_got)}\nmissing: {sorted(only_expected)}")


def test_excerpt_counts_and_graph_name(excerpt: CsvResult) -> None:
    assert (excerpt.rows_read, excerpt.rows_mapped, excerpt.rejected) == (15, 15, [])
    assert excerpt.graph_name == URIRef(ID + "graph/upr-info/upr-info-excerpt")
    assert len(set(excerpt.graph.subjects(None, UPR.Recommendation))) == 15


def test_one_recommendation_per_row_even_for_a_duplicate_row(excerpt: CsvResult) -> None:
    """Lines 9 and 10 are the same row of the export (sessions-6-9.csv, lines 5764-5765)."""
    line9 = URIRef(ID + "review/LSO/1/recommendation/upr-info-upr-info-excerpt-9")
    line10 = URIRef(ID + "review/LSO/1/recommendation/upr-info-upr-info-excerpt-10")
    g = excerpt.graph
    assert g.value(line9, UPR.text) == g.value(line10, UPR.text)
    assert (line9, UPR.jointWith, line10) not in g


def test_joint_recommendations_are_linked_both_ways(excerpt: CsvResult) -> None:
    pairs = {(str(a).rsplit("-", 1)[1], str(b).rsplit("-", 1)[1]) for a, _, b in excerpt.graph.triples((None, UPR.jointWith, None))}
    assert pairs == {("11", "12"), ("12", "11"), ("13", "14"), ("14", "13"), ("13", "15"), ("15", "13"), ("14", "15"), ("15", "14")}


def test_unknown_recommending_state_is_no_state(excerpt: CsvResult) -> None:
    rec = URIRef(ID + "review/IDN/1/recommendation/upr-info-upr-info-excerpt-5")
    g = excerpt.graph
    assert (rec, UPR.position, UPR.Supported) in g
    assert g.value(rec, UPR.recommendingState) is None
    assert g.value(rec, UPR.recommendingStateGroup) is None


def test_review_iri_is_the_documents(excerpt: CsvResult, reference: Reference) -> None:
    """review/KAZ/1 as kgbuild.docgraph.review_iri mints it for a document of that review."""
    kaz1 = {o for s, o in excerpt.graph.subject_objects(UPR.inReview) if "/KAZ/1/" in str(s)}
    assert kaz1 == {mint(DEFAULT_BASE, "review", "KAZ", 1)}
    report = CORPUS / "wg-reports" / "kazakhstan2010.txt"
    if not report.exists():
        pytest.skip(f"shared corpus not available: {report}")
    from kgbuild.docgraph import review_iri
    from kgbuild.read import read
    from kgbuild.structure import structure

    document = structure(read(report), reference)
    assert kaz1 == {review_iri(document, reference.base)}


def test_reference_subset_holds_the_states_and_concepts_used(excerpt: CsvResult) -> None:
    used = excerpt.used
    assert (URIRef(ID + "state/KAZ"), RDFS.label, Literal("Kazakhstan", lang="en")) in used
    assert (URIRef(ID + "state/PSE"), UPR.iso3, Literal("PSE")) in used
    death = URIRef(ID + "upr-info/issue/death-penalty")
    assert (death, SKOS.prefLabel, Literal("Death penalty", lang="en")) in used
    assert (URIRef(ID + "upr-info/issues"), RDFS.label, Literal("UPR Info issues", lang="en")) in used
    assert (URIRef(ID + "upr-info/action/5"), SKOS.notation, Literal(5)) in used
    assert (URIRef(ID + "state/USA"), None, None) not in used


def test_base_moves_every_iri(tmp_path: Path) -> None:
    base = "https://example.org/data/"
    result = map_csv(EXCERPT, Reference(base))
    for triple in result.graph:
        for term in triple:
            if isinstance(term, URIRef) and not str(term).startswith(str(UPR)) and "www.w3.org" not in str(term):
                assert str(term).startswith(base), term


def test_several_files_in_worker_processes_give_what_one_by_one_gives(tmp_path: Path, reference: Reference) -> None:
    copies = []
    for name in ("a.csv", "b.csv"):
        copies.append(tmp_path / name)
        copies[-1].write_bytes(EXCERPT.read_bytes())
    parallel = map_csv_files(copies, reference, workers=2)
    assert [r.path for r in parallel] == copies
    for result, path in zip(parallel, copies):
        alone = map_csv(path, reference)
        assert result.graph_name == alone.graph_name == URIRef(ID + f"graph/upr-info/{path.stem}")
        assert sorted(result.ntriples.splitlines()) == sorted(alone.ntriples.splitlines())
        assert result.used_ntriples and (result.rows_read, result.rows_mapped) == (15, 15)


# --- rows the mapping cannot read ----------------------------------------------------------------


def _excerpt_rows() -> list[list[str]]:
    with EXCERPT.open(encoding="mac_roman", newline="") as handle:
        return list(csv.reader(handle))


def _write(path: Path, rows: list[list[str]]) -> Path:
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r").writerows(rows)
    path.write_bytes(out.getvalue().rstrip("\r").encode("mac_roman"))
    return path


def test_unreadable_rows_are_reported_with_line_column_and_value(tmp_path: Path, reference: Reference) -> None:
    """Each row is a real row of the excerpt with one value changed (UPR Info has no such row)."""
    header, good = _excerpt_rows()[0], _excerpt_rows()[1]
    columns = {name: i for i, name in enumerate(header)}

    def changed(column: str, value: str) -> list[str]:
        row = list(good)
        row[columns[column]] = value
        return row

    rows = [
        header,
        good,                                    # line 2: mapped
        changed("To", "Narnia"),                 # 3
        changed("From", "Atlantis"),             # 4
        changed("Response", "Pending"),          # 5
        changed("Session", "99"),                # 6
        changed("Session", "twenty"),            # 7: not an integer (the reader)
        changed("Action", "7"),                  # 8
        changed("Issue", "Justice,Astrology"),   # 9
        good[:-1],                               # 10: a cell missing (the reader)
        changed("Text", ""),                     # 11: required (the reader)
        changed("From", ""),                     # 12: empty is not "(Unknown)"
    ]
    path = _write(tmp_path / "broken.csv", rows)
    result = map_csv(path, reference)
    got = [(r.line, r.column, r.value) for r in result.rejected]
    assert got == [
        (3, "To", "Narnia"),
        (4, "From", "Atlantis"),
        (5, "Response", "Pending"),
        (6, "Session", "99"),
        (7, "Session", "twenty"),
        (8, "Action", "7"),
        (9, "Issue", "Astrology"),
        (10, None, None),
        (11, "Text", ""),
        (12, "From", ""),
    ]
    reasons = {r.line: r.reason for r in result.rejected}
    assert "names no State" in reasons[3]
    assert "no UPR cycle" in reasons[6]
    assert "not a response" in reasons[5]
    assert "not a UPR Info issue" in reasons[9]
    assert "10 cells" in reasons[10]
    assert (result.rows_read, result.rows_mapped, result.rows_rejected) == (11, 1, 10)
    recommendations = set(result.graph.subjects(None, UPR.Recommendation))
    assert recommendations == {URIRef(ID + "review/AFG/1/recommendation/upr-info-broken-2")}
    assert all(r.path == path for r in result.rejected)
    assert str(result.rejected[0]) == "broken.csv: line 3, column To: 'Narnia' names no State of the reference data (mappings/reference/states.ttl)"


# --- the five files of the export ----------------------------------------------------------------


@pytest.fixture(scope="module")
def export(reference: Reference) -> dict[str, CsvResult]:
    files = sorted(UPR_INFO.glob("*.csv"))
    if not files:
        pytest.skip(f"UPR Info export not available: {UPR_INFO}")
    return {r.path.name: r for r in map_csv_files(files, reference)}


@pytest.fixture(scope="module")
def export_store(export: dict[str, CsvResult]) -> ox.Store:
    store = ox.Store()
    for result in export.values():
        store.bulk_load(input=result.ntriples, format=ox.RdfFormat.N_TRIPLES)
    return store


def _tally() -> tuple[Counter[str], Counter[tuple[int, str]]]:
    """Rows per file and (cycle, position) per row, with the csv module alone."""
    rows: Counter[str] = Counter()
    positions: Counter[tuple[int, str]] = Counter()
    for path in sorted(UPR_INFO.glob("*.csv")):
        with path.open(encoding="mac_roman", newline="") as handle:
            for row in csv.DictReader(handle):
                rows[path.name] += 1
                session = int(row["Session"])
                cycle = 1 if session <= 12 else 2 if session <= 26 else 0
                positions[(cycle, POSITIONS.get(row["Response"], row["Response"]))] += 1
    return rows, positions


def test_rows_read_mapped_and_rejected_per_file(export: dict[str, CsvResult]) -> None:
    rows, _ = _tally()
    assert {name: r.rows_read for name, r in export.items()} == ROWS_PER_FILE == dict(rows)
    assert sum(r.rows_read for r in export.values()) == 41_066
    for name, result in export.items():
        assert result.rows_mapped + result.rows_rejected == result.rows_read, name
        assert result.rejected == [], [str(r) for r in result.rejected[:5]]


def test_counts_per_position_and_cycle_are_the_plain_tally(export_store: ox.Store) -> None:
    _, tally = _tally()
    query = """PREFIX upr: <https://w3id.org/upr-kg/ontology#>
    SELECT ?cycle ?position (COUNT(?r) AS ?n) WHERE {
      ?r a upr:Recommendation ; upr:position ?position ; upr:inReview ?review . ?review upr:cycle ?cycle .
    } GROUP BY ?cycle ?position"""
    graph = {(int(s["cycle"].value), s["position"].value.rsplit("#", 1)[1]): int(s["n"].value) for s in export_store.query(query)}
    assert graph == dict(tally)
    assert sum(graph.values()) == 41_066


def test_joint_recommendations_and_unknown_states_in_the_export(export_store: ox.Store) -> None:
    def count(where: str) -> int:
        q = f"PREFIX upr: <https://w3id.org/upr-kg/ontology#> SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}"
        return int(next(iter(export_store.query(q)))["n"].value)

    links = count("?a upr:jointWith ?b")
    assert links == count("?a upr:jointWith ?b . ?b upr:jointWith ?a")
    assert count("?a upr:jointWith ?b . ?a upr:recommendingState ?s . ?b upr:recommendingState ?s") == 0
    assert count("?a upr:jointWith ?b . ?a upr:inReview ?r1 . ?b upr:inReview ?r2 FILTER (?r1 != ?r2)") == 0
    assert links == 4186  # 2,093 pairs among 1,917 rows (725 joint recommendations)
    assert count("?r a upr:Recommendation FILTER NOT EXISTS { ?r upr:recommendingState ?s }") == 9


def test_kazakhstan_first_review_from_the_export(export_store: ox.Store) -> None:
    q = """PREFIX upr: <https://w3id.org/upr-kg/ontology#>
    SELECT DISTINCT ?review ?session WHERE {
      ?r upr:inReview ?review . ?review upr:stateUnderReview <https://w3id.org/upr-kg/id/state/KAZ> ;
        upr:cycle 1 ; upr:wgSession ?session }"""
    found = [(s["review"].value, int(s["session"].value)) for s in export_store.query(q)]
    assert found == [(ID + "review/KAZ/1", 7)]
