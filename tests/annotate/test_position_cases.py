"""Positions and declared totals: the cases of positions.toml.

``find_positions`` finds the position phrases of the English pack (leftmost-longest, whole
words, any case), ``find_totals`` the totals a document declares, and ``opens_scope`` whether
a position sentence ends with the colon that scopes the headings after it.
"""

from __future__ import annotations

from typing import Any

import pytest

from kgbuild import language
from kgbuild.annotate import positions

from ._cases import check_ids, check_source, load_cases, params

CASES = load_cases("positions.toml")


@pytest.mark.parametrize("case", params(CASES))
def test_positions(case: dict[str, Any]) -> None:
    en = language.load("en")
    text: str = case["text"]
    found = {
        "positions": [{"span": text[h.start : h.end], "position": h.position} for h in positions.find_positions(text, en)],
        "totals": [
            {"span": text[t.start : t.end], "value": t.value, **({"position": t.position} if t.position else {})}
            for t in positions.find_totals(text, en)
        ],
    }
    expected = {"positions": case["positions"], "totals": case["totals"]}
    if "opens_scope" in case:
        found["opens_scope"] = positions.opens_scope(text, en)
        expected["opens_scope"] = case["opens_scope"]
    assert found == expected


def test_declared_total_value_offsets() -> None:
    """A declared total's value offsets point at the number itself (the span the graph cites)."""
    en = language.load("en")
    text = CASES[0]["text"]
    (total,) = positions.find_totals(text, en)
    assert text[total.value_start : total.value_end] == "35"


def test_table_ids_and_sources() -> None:
    check_ids(CASES)


@pytest.mark.parametrize("case", [pytest.param(c, id=c["id"]) for c in CASES])
def test_case_text_is_in_its_source(case: dict[str, Any]) -> None:
    check_source(case)
