"""Recommendation references: the cases of recommendation_refs.toml.

Each case is one text unit. The test runs the two passes of
kgbuild/annotate/recommendations.py with the English pack, as kgbuild.annotate.annotate does:
``find_lists`` (a heading is read as a possible bare list; another unit reads the list after
its colon when it states a position) and ``resolve`` with the review's prefix. It compares
the items in order: exact span text, full numbers, and whether the item is flagged
irregular or unresolved.
"""

from __future__ import annotations

from typing import Any

import pytest

from kgbuild import language
from kgbuild.annotate import positions, recommendations

from ._cases import check_ids, check_source, load_cases, params

CASES = load_cases("recommendation_refs.toml")


def _found(case: dict[str, Any]) -> list[dict[str, Any]]:
    en = language.load("en")
    text: str = case["text"]
    heading: bool = case["heading"]
    after_colon = not heading and bool(positions.find_positions(text, en)) and ":" in text
    items = recommendations.find_lists(text, en, heading=heading, after_colon=after_colon, next_id=0)
    resolved = recommendations.resolve(items, case.get("prefix"), text, en)
    return [
        {
            "span": text[r.start : r.end],
            "numbers": list(r.numbers),
            "irregular": bool(r.irregular),
            "unresolved": bool(r.unresolved),
        }
        for r in resolved
    ]


def _expected(case: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "span": item["span"],
            "numbers": list(item["numbers"]),
            "irregular": item.get("irregular", False),
            "unresolved": item.get("unresolved", False),
        }
        for item in case["items"]
    ]


@pytest.mark.parametrize("case", params(CASES))
def test_recommendation_refs(case: dict[str, Any]) -> None:
    assert _found(case) == _expected(case)


def test_table_ids_and_sources() -> None:
    check_ids(CASES)


@pytest.mark.parametrize("case", [pytest.param(c, id=c["id"]) for c in CASES])
def test_case_text_is_in_its_source(case: dict[str, Any]) -> None:
    check_source(case)


def test_irregular_and_unresolved_items_say_why() -> None:
    """The flags carry the pack's explanation (upr:sourceIssue in the graph), not just a mark."""
    en = language.load("en")
    text = "IX. Recommendations Nos. 168 and 169 relating to education"
    items = recommendations.find_lists(text, en, heading=True, after_colon=False, next_id=0)
    first = recommendations.resolve(items, "140", text, en)[0]
    assert first.irregular is not None and '"140." prefix' in first.irregular and "140.168" in first.irregular
    backwards = "140.4–140.1"
    items = recommendations.find_lists(backwards, en, heading=True, after_colon=False, next_id=0)
    only = recommendations.resolve(items, "140", backwards, en)[0]
    assert only.unresolved is not None and backwards in only.unresolved
