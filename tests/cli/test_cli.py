"""The command line, run in-process: exit codes, one-line errors, atomic output.

Bad input of every kind gets exit code 2, one line naming the file and the problem, and
leaves the output directory as it was (STYLE.md section 4; issue "publish", item 6).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kgbuild import resources
from kgbuild.cli import main

BUNDLED = resources.bundled_document()


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("cli") / "build"
    assert main(["build", "--out", str(out), "-q"]) == 0
    return out


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _novel(tmp: Path) -> Path:
    text = (
        "# Chapter One\n\nIt was a bright cold day in April, and the clocks were striking thirteen.\n\n"
        "1. Winston Smith slipped quickly through the glass doors of Victory Mansions.\n\n"
        "2. The hallway smelt of boiled cabbage and old rag mats.\n"
    )
    return _write(tmp / "novel.md", text.encode())


def _truncated(tmp: Path) -> Path:
    text = BUNDLED.read_text(encoding="utf-8")
    cut = text.index("immunity of the President")  # inside paragraph 17
    return _write(tmp / "truncated.md", text[:cut].encode())


def _no_recommendations(tmp: Path) -> Path:
    text = BUNDLED.read_text(encoding="utf-8")
    start = text.index("## **I. Recommendations")
    end = text.index("### *Notes*")
    body = text[:start] + "4. The Government has nothing further to add.\n\n" + text[end:]
    return _write(tmp / "no-recs.md", body.encode())


BAD_INPUTS = {
    "missing": (lambda tmp: tmp / "missing.md", "no such file"),
    "empty": (lambda tmp: _write(tmp / "empty.md", b""), "empty"),
    "whitespace": (lambda tmp: _write(tmp / "blank.md", b"  \n\n \t\n"), "empty"),
    "binary": (lambda tmp: _write(tmp / "image.md", bytes(range(256)) * 4), "binary"),
    "pdf-bytes": (lambda tmp: _write(tmp / "report.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"), "PDF"),
    "invalid-utf8": (lambda tmp: _write(tmp / "latin1.md", "Kazakhstan noted 35 recommendations – café".encode("cp1252")), "UTF-8"),
    "novel": (_novel, "not a UPR document"),
    "truncated": (_truncated, "truncated"),
    "no-recommendations": (_no_recommendations, "no recommendation numbers"),
    "csv-without-metadata": (lambda tmp: _write(tmp / "table.csv", b"Country,Text\r"), "no CSVW metadata"),
    "unknown-suffix": (lambda tmp: _write(tmp / "report.odt", b"PK\x03\x04"), "unsupported file type"),
    "directory-without-documents": (lambda tmp: (tmp / "empty-dir").mkdir() or tmp / "empty-dir", "no documents"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_exit_2_one_line_nothing_written(case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make, expected = BAD_INPUTS[case]
    path = make(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / "previous.txt").write_text("an earlier build")
    code, stdout, stderr = run(["build", str(path), "--out", str(out)], capsys)
    assert code == 2, stderr
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, stderr
    assert lines[0].startswith("kgbuild: error: "), stderr
    assert path.name in lines[0], f"message does not name the file: {stderr}"
    assert expected.lower() in lines[0].lower(), stderr
    assert "Traceback" not in stderr
    assert stdout == ""
    # The earlier output is untouched and no temporary folder is left behind.
    assert sorted(p.name for p in out.iterdir()) == ["previous.txt"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.")]


def test_bad_input_among_several_is_named_by_the_worker(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Several inputs are mapped in worker processes; a bad one still gives one line naming
    it, exit 2, and nothing written."""
    from kgbuild import resources

    empty = tmp_path / "empty.md"
    empty.write_text("")
    out = tmp_path / "out"
    code, stdout, stderr = run(["build", str(resources.bundled_document()), str(empty), str(tmp_path / "missing.md"), "--out", str(out)], capsys)
    assert code == 2, stderr
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("kgbuild: error: "), stderr
    assert "empty.md" in lines[0] or "missing.md" in lines[0], stderr
    assert "Traceback" not in stderr and stdout == ""
    assert not out.exists()


def test_build_bundled_writes_every_output(built: Path) -> None:
    names = sorted(p.name for p in built.iterdir())
    assert names == sorted(
        [".kgbuild-dataset", "catalog.ttl", "context.jsonld", "dataset.trig", "graph.jsonld", "graph.nt", "graph.ttl",
         "inferred.ttl", "validation.ttl", "recommendations.csv", "void.ttl"]
    )
    for p in built.iterdir():
        assert p.stat().st_size > 0, p


def test_build_replaces_previous_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "stale.ttl").write_text("old")
    code, _, err = run(["build", "--out", str(out), "--no-validate", "--no-reason"], capsys)
    assert code == 0, err
    assert not (out / "stale.ttl").exists()
    assert (out / "graph.ttl").exists()
    assert "35 recommendations" not in err or True  # the summary is on stderr
    assert "recommendations: 35 (35 Noted)" in err


def test_quiet_build_prints_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["build", "--out", str(tmp_path / "b"), "-q", "--no-validate", "--no-reason"], capsys)
    assert (code, out, err) == (0, "", "")


def test_bad_base_is_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["build", "--out", str(tmp_path / "b"), "--base", "not-an-iri"], capsys)
    assert code == 2
    assert "base IRI" in err


def test_custom_base_moves_every_resource(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = "https://example.org/upr/"
    code, _, err = run(["build", "--out", str(tmp_path / "b"), "--base", base, "--no-validate", "--no-reason"], capsys)
    assert code == 0, err
    text = (tmp_path / "b" / "graph.nt").read_text(encoding="utf-8")
    assert f"<{base}review/KAZ/4/recommendation/140.14>" in text
    assert "w3id.org/upr-kg/id/" not in text


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["frobnicate"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        main([])
    assert exc.value.code == 2


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.startswith("kgbuild ")


def test_validate_built_dir(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["validate", str(built)], capsys)
    assert code in (0, 1)
    assert "violation" in out


def test_query_named_table(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["query", str(built), "noted-recommendations", "--format", "csv"], capsys)
    assert code == 0, err
    rows = out.strip().splitlines()
    numbers = {line.split(",")[0] for line in rows[1:]}
    assert "140.14" in " ".join(rows)
    assert len(rows) > 35 or len(numbers) >= 1


def test_query_list(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["query", "--list"], capsys)
    assert code == 0
    assert out.count("\n") >= 8
    assert "noted-recommendations:" in out


def test_query_expression_and_refusals(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        ["query", str(built), "-e", "PREFIX upr: <https://w3id.org/upr-kg/ontology#> SELECT (COUNT(?r) AS ?n) WHERE { ?r a upr:Recommendation }", "--format", "tsv"],
        capsys,
    )
    assert code == 0, err
    assert out.splitlines()[1].startswith('"35"') or out.splitlines()[1].startswith("35")
    code, _, err = run(["query", str(built), "-e", "INSERT DATA { <urn:a> <urn:b> <urn:c> }"], capsys)
    assert code == 2 and "kgbuild: error:" in err
    code, _, err = run(["query", str(built), "-e", "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"], capsys)
    assert code == 2 and "SERVICE" in err


def test_query_unknown_name(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["query", str(built), "no-such-query"], capsys)
    assert code == 2
    assert "no-such-query" in err


def test_export_formats(built: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["export", str(built), "-o", str(tmp_path / "all.nq")], capsys)
    assert code == 0, err
    assert (tmp_path / "all.nq").stat().st_size > 0
    code, _, err = run(["export", str(built)], capsys)
    assert code == 2 and "--format" in err


def test_reason_cli(built: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["reason", str(built), "-o", str(tmp_path / "inf.ttl")], capsys)
    assert code == 0, err
    assert "relatesToInstrument" in (tmp_path / "inf.ttl").read_text(encoding="utf-8")


def test_python_m_kgbuild(tmp_path: Path) -> None:
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "kgbuild", "--version"], capture_output=True, text=True, check=False)
    assert proc.returncode == 0
    assert proc.stdout.startswith("kgbuild ")


def test_builds_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(BUNDLED, folder / BUNDLED.name)
    code, _, err = run(["build", str(folder), "--out", str(tmp_path / "b"), "--no-validate", "--no-reason"], capsys)
    assert code == 0, err
    assert "Kazakhstan (KAZ)" in err


def test_recommendations_csv(built: Path) -> None:
    import csv

    rows = list(csv.DictReader((built / "recommendations.csv").open(encoding="utf-8")))
    assert len(rows) == 35
    assert {r["position"] for r in rows} == {"Noted"}
    assert [r["number"] for r in rows[:5]] == ["140.1", "140.2", "140.3", "140.4", "140.14"]
    assert rows[-1]["number"] == "140.294"


def test_naive_build_gives_the_same_graph_and_report(built: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from rdflib import Graph
    from rdflib.compare import isomorphic

    code, _, err = run(["build", "--out", str(tmp_path / "naive"), "--naive"], capsys)
    assert code == 0, err
    for name in ("graph.nt", "inferred.ttl"):
        fmt = "nt" if name.endswith(".nt") else "turtle"
        assert isomorphic(Graph().parse(built / name, format=fmt), Graph().parse(tmp_path / "naive" / name, format=fmt)), name
    assert "conforms: 0 violations, 2 warnings" in err


def test_glob_pattern_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(BUNDLED, folder / "kaz.md")
    code, _, err = run(["build", str(folder / "*.md"), "--out", str(tmp_path / "b"), "--no-validate", "--no-reason"], capsys)
    assert code == 0, err
    code, _, err = run(["build", str(folder / "*.pdfx"), "--out", str(tmp_path / "c")], capsys)
    assert code == 2 and "no file matches" in err


def test_same_file_twice_is_built_once_but_different_files_for_one_document_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a, b = tmp_path / "a.md", tmp_path / "b.md"
    shutil.copy(BUNDLED, a)
    shutil.copy(BUNDLED, b)
    code, _, err = run(["build", str(a), str(b), "--out", str(tmp_path / "o"), "--no-validate", "--no-reason"], capsys)
    assert code == 0, err
    assert "b.md: the same file as a.md, built once" in err
    b.write_text(BUNDLED.read_text(encoding="utf-8").replace("7,397", "7,398"), encoding="utf-8")
    code, _, err = run(["build", str(a), str(b), "--out", str(tmp_path / "p")], capsys)
    assert code == 2 and "describes the same document as" in err and "b.md" in err
