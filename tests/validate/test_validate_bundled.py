"""The shapes on the bundled Kazakhstan addendum, and on the document mutated the ways the issue
names: '35' changed to '36', a figure that no longer adds up, a heading whose range runs
backwards ('140.4–140.1'), a footnote marker without its footnote.

Two sources of graphs: ``kazgraph`` (a hand-made graph of the document, independent of the
pipeline, with the Working Group report's 294 recommendations: the realistic graph of about
4,000 triples that also serves to compare :func:`validate` with :func:`validate_naive`), and
the pipeline itself (``kgbuild.build.build`` on a mutated copy of the Markdown).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import kazgraph
from kgbuild import resources
from kgbuild.validate import Report, load_shapes, results_as_tuples, validate, validate_naive

BUNDLED = resources.bundled_document().read_text(encoding="utf-8")
HEADING = "### **Recommendations Nos. 140.1–140.4**"
FOOTNOTE_7 = "<sup>7</sup> электронный почты госорганов, через портал eOtinish."

MUTATIONS = {
    "declared-total-36": ("noted 35 recommendations", "noted 36 recommendations"),
    "figure-exceeds-total": ("3,204 were recognized", "3,205 were recognized"),
    "range-backwards": (HEADING, HEADING.replace("140.1–140.4", "140.4–140.1")),
    "footnote-missing": (FOOTNOTE_7, ""),
}


def mutate(name: str) -> str:
    old, new = MUTATIONS[name]
    assert BUNDLED.count(old) == 1, f"mutation {name}: {old!r} must occur once in the bundled document"
    return BUNDLED.replace(old, new)


@pytest.fixture(scope="module")
def shapes():
    return load_shapes()


def _violations(report: Report) -> list[tuple[str, str, str]]:
    return [(r.shape_label, r.focus_label, r.message) for r in report.violations]


# --- the hand-made realistic graph -------------------------------------------------------


def test_bundled_graph_conforms_with_two_irregular_forms(shapes) -> None:
    report = validate(kazgraph.build_graph(BUNDLED), shapes=shapes)
    assert report.conforms
    assert report.counts == {"Violation": 0, "Warning": 2, "Info": 0}
    assert {(r.shape_label, r.focus_label) for r in report.warnings} == {
        ("numbering:IrregularMentionShape", f'mention "{n}" in heading "IX. Recommendations Nos. 168 and 169 relating to education"')
        for n in ("168", "169")
    }


def test_declared_total_36(shapes) -> None:
    report = validate(kazgraph.build_graph(mutate("declared-total-36")), shapes=shapes)
    assert _violations(report) == [(
        "arithmetic:DeclaredTotalMatchesListShape",
        "declared total 36 (noted)",
        "Paragraph 1 says 36 recommendations were noted, but 35 are listed as noted.",
    )]
    assert report.violations[0].paragraph_number == 1


def test_figure_that_no_longer_adds_up(shapes) -> None:
    report = validate(kazgraph.build_graph(mutate("figure-exceeds-total")), shapes=shapes)
    assert _violations(report) == [(
        "arithmetic:PartsDoNotExceedTotalShape",
        'statistic 8822 "undocumented stateless persons identified, September 2020 to May 2022"',
        'The parts of "undocumented stateless persons identified, September 2020 to May 2022" (paragraph 78) '
        "add up to 8823, more than the total 8822.",
    )]


def test_figure_that_falls_short_is_a_warning(shapes) -> None:
    report = validate(kazgraph.build_graph(BUNDLED.replace("5,618 proved", "5,600 proved")), shapes=shapes)
    assert report.conforms
    assert ("arithmetic:PartsReachTotalShape",
            'The parts of "undocumented stateless persons identified, September 2020 to May 2022" (paragraph 78) '
            "add up to 8804, the total says 8822.") in [(r.shape_label, r.message) for r in report.warnings]


def test_heading_range_backwards(shapes) -> None:
    report = validate(kazgraph.build_graph(mutate("range-backwards")), shapes=shapes)
    assert (
        "numbering:UnresolvedMentionShape",
        'mention "140.4–140.1" in heading "Recommendations Nos. 140.4–140.1"',
        'Could not resolve "140.4–140.1" in heading "Recommendations Nos. 140.4–140.1": '
        "recommendation range runs backwards.",
    ) in _violations(report)


def test_footnote_marker_without_footnote(shapes) -> None:
    report = validate(kazgraph.build_graph(mutate("footnote-missing")), shapes=shapes)
    assert _violations(report) == [(
        "evidence:FootnoteMarkerResolvedShape",
        "footnote marker 7 in paragraph 33",
        "Footnote marker 7 in paragraph 33 has no footnote.",
    )]
    assert report.violations[0].paragraph_number == 33


@pytest.mark.parametrize("mutation", [None, "all"], ids=["bundled", "all-mutations"])
def test_fast_path_equals_naive(mutation: str | None, shapes) -> None:
    """validate() and validate_naive() find the same results (focus, path, severity, message, shape)."""
    text = BUNDLED
    if mutation == "all":
        for name in MUTATIONS:
            old, new = MUTATIONS[name]
            text = text.replace(old, new)
    graph = kazgraph.build_graph(text)
    fast, naive = validate(graph, shapes=shapes), validate_naive(graph, shapes=shapes)
    assert results_as_tuples(fast) == results_as_tuples(naive)
    assert fast.summary() == naive.summary()


# --- the pipeline ------------------------------------------------------------------------


def _build(tmp_path: Path, text: str):
    build = pytest.importorskip("kgbuild.build")
    source = tmp_path / resources.BUNDLED_DOCUMENT_NAME
    source.write_text(text, encoding="utf-8")
    return build.build([source], out=None, run_reasoning=False)


def test_pipeline_bundled_conforms(bundled_build) -> None:
    report = bundled_build.report
    assert report is not None and report.conforms, report.summary()


@pytest.mark.parametrize(
    "mutation, shape, message",
    [
        ("declared-total-36", "arithmetic:DeclaredTotalMatchesListShape",
         "Paragraph 1 says 36 recommendations were noted, but 35 are listed as noted."),
        ("figure-exceeds-total", "arithmetic:PartsDoNotExceedTotalShape", "add up to 8823, more than the total 8822."),
        ("range-backwards", None, "140.4–140.1"),
        ("footnote-missing", "evidence:FootnoteMarkerResolvedShape", "Footnote marker 7 in paragraph 33 has no footnote."),
    ],
)
def test_pipeline_mutation_is_caught(tmp_path: Path, mutation: str, shape: str | None, message: str) -> None:
    report = _build(tmp_path, mutate(mutation)).report
    assert not report.conforms
    assert any((shape is None or r.shape_label == shape) and message in r.message for r in report.violations), report.summary()
