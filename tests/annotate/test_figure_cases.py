"""Figures: the cases of figures.toml.

``find_figures`` gets the date spans of the text as blocked spans (kgbuild.annotate blocks
dates in every unit); other findings are not blocked, so that the recogniser's own rules
for identifiers, ranks, durations and years are what the negative cases test. Parts refer to
their total by the total's printed number, and the year series of footnotes go through
``find_year_series`` with the case's pack.
"""

from __future__ import annotations

from typing import Any

import pytest

from kgbuild import language
from kgbuild.annotate import figures

from ._cases import check_ids, check_source, load_cases, params

CASES = load_cases("figures.toml")
SERIES = load_cases("figures.toml", "series")


def _dates(text: str) -> list[tuple[int, int]]:
    blocked = []
    for code in ("en", "ru"):
        pack = language.load(code)
        for key in ("day_month_year", "numeric", "month_year"):
            if (pattern := pack.pattern("dates", key)) is not None:
                blocked += [(m.start(), m.end()) for m in pattern.finditer(text)]
    return blocked


def _found(case: dict[str, Any]) -> list[dict[str, Any]]:
    text: str = case["text"]
    figs = figures.find_figures(text, _dates(text), language.load("en"))
    span = [text[f.start : f.end] for f in figs]
    expected: list[dict[str, Any]] = case["figures"]
    out = []
    for i, f in enumerate(figs):
        found: dict[str, Any] = {"span": span[i], "value": f.value}
        if f.qualifier:
            found["qualifier"] = f.qualifier
        if f.parts:
            found["parts"] = [span[k] for k in f.parts]
        if f.total_of is not None:
            found["part_of"] = span[f.total_of]
        if f.period:
            found["period"] = list(f.period)
        if i < len(expected) and "label" in expected[i]:
            found["label"] = f.label
        out.append(found)
    return out


@pytest.mark.parametrize("case", params(CASES))
def test_figures(case: dict[str, Any]) -> None:
    assert _found(case) == case["figures"]


@pytest.mark.parametrize("case", params(SERIES))
def test_year_series(case: dict[str, Any]) -> None:
    text: str = case["text"]
    found = [
        {"span": text[s:e], "year": year, "value": value}
        for s, e, year, value in figures.find_year_series(text, language.load(case["pack"]))
    ]
    assert found == case["series"]


def test_table_ids_and_sources() -> None:
    check_ids(CASES + SERIES)


@pytest.mark.parametrize("case", [pytest.param(c, id=c["id"]) for c in CASES + SERIES])
def test_case_text_is_in_its_source(case: dict[str, Any]) -> None:
    check_source(case)
