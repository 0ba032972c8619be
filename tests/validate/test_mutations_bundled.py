"""Mutations of the bundled addendum that the shapes must catch (issue "validate", item 5).

Each case edits the real document in one place, builds it through the command line and
checks the exit code and that the report names the problem in words a person understands.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kgbuild import resources
from kgbuild.cli import main

SOURCE = resources.bundled_document().read_text(encoding="utf-8")


def _mutate(old: str, new: str) -> str:
    assert SOURCE.count(old) == 1, f"mutation anchor not unique: {old!r}"
    return SOURCE.replace(old, new)


# id: (mutated text, expected exit code, expected severity, words the message must contain)
CASES = {
    "declared-35-becomes-36": (
        _mutate("Kazakhstan noted 35 recommendations", "Kazakhstan noted 36 recommendations"),
        1,
        "Violation",
        ["36", "35"],
    ),
    "parts-exceed-total": (
        _mutate("8,822 undocumented stateless persons", "8,722 undocumented stateless persons"),
        1,
        "Violation",
        ["8722", "8822"],
    ),
    "parts-fall-short": (
        _mutate("and 28 were recognized", "and 18 were recognized"),
        0,
        "Warning",
        ["494", "504"],
    ),
    "range-backwards": (
        _mutate("### **Recommendations Nos. 140.1–140.4**", "### **Recommendations Nos. 140.4–140.1**"),
        1,
        "Violation",
        ["backwards", "140.4–140.1"],
    ),
    "marker-without-footnote": (
        _mutate("<sup>7</sup> электронный почты госорганов, через портал eOtinish.\n", ""),
        1,
        "Violation",
        ["7"],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_mutation_is_reported(case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text, exit_code, severity, words = CASES[case]
    doc = tmp_path / "kazakhstan-mutated.md"
    doc.write_text(text, encoding="utf-8")
    code = main(["build", str(doc), "--out", str(tmp_path / "out"), "--no-reason"])
    err = capsys.readouterr().err
    assert code == exit_code, err
    lines = [ln for ln in err.splitlines() if ln.startswith(severity)]
    matching = [ln for ln in lines if all(w in ln.replace(",", "") for w in words)]
    assert matching, f"no {severity} mentioning {words}:\n{err}"


def test_unmutated_document_has_no_violation(bundled_build) -> None:
    report = bundled_build.report
    assert report is not None
    assert report.violations == [], report.summary()
    # The irregular "Nos. 168 and 169" heading is reported, as a warning.
    assert {r.focus_label for r in report.warnings} and all("Irregular" in r.message or "irregular" in r.message for r in report.warnings if "168" in r.focus_label or "169" in r.focus_label)
