"""The French and Spanish language packs, recogniser by recogniser: the cases of cases.toml.

Each table of cases.toml runs one recogniser with the pack the case names, as the pipeline
runs it with the pack of the document's language: ordinal words (``language.ordinal_value``),
positions and declared totals (``annotate/positions.py``), recommendation references
(``annotate/recommendations.py``), provisions and numbered instruments
(``annotate/citations.py``) and dates (``structure.parse_date``). Then the checks on the
packs themselves: every pattern compiles and the French and Spanish packs have the keys of
the English one.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from kgbuild import language
from kgbuild.annotate import citations, positions, recommendations
from kgbuild.structure import parse_date

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
CASES: dict[str, list[dict[str, Any]]] = tomllib.loads((HERE / "cases.toml").read_text(encoding="utf-8"))

# Keys of en.toml that a pack leaves out on purpose (the reason is in the pack's comments).
NOT_IN_PACK = {
    ("figures", "remainder"): "French and Spanish put 'restant(e)s' after the number; the recogniser looks before it",
}


def params(table: str) -> list[Any]:
    out = []
    for case in CASES[table]:
        marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if case.get("xfail") else []
        out.append(pytest.param(case, id=case["id"], marks=marks))
    return out


@cache
def _fixture_text(source: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\*\*|\\(?=[*_#.\-])", "", (REPO / source).read_text(encoding="utf-8")))


# --- the tables -------------------------------------------------------------------------------


@pytest.mark.parametrize("case", params("ordinal"))
def test_ordinal(case: dict[str, Any]) -> None:
    assert language.ordinal_value(case["text"], language.load(case["pack"])) == case["value"]


@pytest.mark.parametrize("case", params("position"))
def test_position(case: dict[str, Any]) -> None:
    pack = language.load(case["pack"])
    text: str = case["text"]
    found: dict[str, Any] = {
        "positions": [{"span": text[h.start : h.end], "position": h.position} for h in positions.find_positions(text, pack)],
        "totals": [
            {"span": text[t.start : t.end], "value": t.value, **({"position": t.position} if t.position else {})}
            for t in positions.find_totals(text, pack)
        ],
    }
    expected: dict[str, Any] = {"positions": case["positions"], "totals": case["totals"]}
    if "opens_scope" in case:
        found["opens_scope"] = positions.opens_scope(text, pack)
        expected["opens_scope"] = case["opens_scope"]
    assert found == expected


@pytest.mark.parametrize("case", params("refs"))
def test_recommendation_refs(case: dict[str, Any]) -> None:
    """As kgbuild.annotate.annotate runs them: a heading may be a bare list; another unit
    reads the list after its colon when it states a position."""
    pack = language.load(case["pack"])
    text: str = case["text"]
    heading: bool = case["heading"]
    after_colon = not heading and bool(positions.find_positions(text, pack)) and ":" in text
    items = recommendations.find_lists(text, pack, heading=heading, after_colon=after_colon, next_id=0)
    resolved = recommendations.resolve(items, case.get("prefix"), text, pack)
    found = [{"span": text[r.start : r.end], "numbers": list(r.numbers)} for r in resolved if not r.irregular and not r.unresolved]
    assert all(not r.irregular and not r.unresolved for r in resolved)
    assert found == case["items"]


@pytest.mark.parametrize("case", params("provision"))
def test_provision(case: dict[str, Any]) -> None:
    text: str = case["text"]
    found = [
        {
            "span": text[p.start : p.end],
            "article": p.article,
            **({"paragraph": p.paragraph} if p.paragraph else {}),
            **({"subparagraph": p.subparagraph} if p.subparagraph else {}),
        }
        for p in citations.find_provisions(text, language.load(case["pack"]))
    ]
    assert found == case["found"]


@pytest.mark.parametrize("case", params("date"))
def test_date(case: dict[str, Any]) -> None:
    assert parse_date(case["text"], language.load(case["pack"])) == case["date"]


@pytest.mark.parametrize("case", params("instrument"))
def test_numbered_instrument(case: dict[str, Any]) -> None:
    pack = language.load(case["pack"])
    text: str = case["text"]
    found = [
        {"span": text[n.start : n.end], "type": n.type, "number": n.number, "date": n.date}
        for n in citations.find_numbered(text, pack, [pack])
    ]
    assert found == case["found"]


@pytest.mark.parametrize(
    "case",
    [pytest.param(c, id=c["id"]) for table in CASES.values() for c in table if c["source"] != "composed"],
)
def test_case_text_is_in_its_fixture(case: dict[str, Any]) -> None:
    assert re.sub(r"\s+", " ", case["text"]) in _fixture_text(case["source"]), f"{case['id']}: not in {case['source']}"


def test_case_ids_are_unique_and_name_their_pack() -> None:
    ids = [c["id"] for table in CASES.values() for c in table]
    assert len(ids) == len(set(ids))
    for table in CASES.values():
        for c in table:
            assert c["id"].startswith(f"{c['pack']}-"), c["id"]
            assert c["source"] == "composed" or (REPO / c["source"]).exists(), c["source"]


# --- the packs ---------------------------------------------------------------------------------

TEXT_KEYS = {"irregular_note", "backwards_note", "report_title_text"}


@pytest.mark.parametrize("code", ["fr", "es"])
def test_pack_patterns_compile(code: str) -> None:
    pack = language.load(code)
    assert pack.data["language"] == code
    for section, table in pack.data.items():
        if not isinstance(table, dict):
            continue
        for key, value in table.items():
            if isinstance(value, str) and key not in TEXT_KEYS:
                assert pack.pattern(section, key) is not None, f"[{section}] {key}"


@pytest.mark.parametrize("code", ["fr", "es"])
def test_pack_has_the_keys_of_the_english_pack(code: str) -> None:
    """A key missing from a pack makes the code that reads it fail (or silently do nothing)
    on documents in that language; leaving one out is said in NOT_IN_PACK."""
    en, pack = language.load("en"), language.load(code)
    missing = [
        f"[{section}] {key}"
        for section, table in en.data.items()
        if isinstance(table, dict)
        for key in table
        if key not in pack.data.get(section, {}) and (section, key) not in NOT_IN_PACK
    ]
    assert not missing, f"{code}.toml lacks {missing}"


@pytest.mark.parametrize("code", ["fr", "es"])
def test_position_phrases_are_unique(code: str) -> None:
    """One phrase, one position (the phrase table of positions.py keeps the last one)."""
    pack = language.load(code)
    seen: dict[str, str] = {}
    for position in positions.POSITIONS:
        for phrase in pack.phrases("positions", position):
            assert seen.setdefault(phrase.lower(), position) == position, phrase


@pytest.mark.parametrize("code", ["fr", "es"])
def test_declared_total_verbs_are_position_phrases(code: str) -> None:
    """find_totals keeps a total only when its verb is a position phrase or a `received` word."""
    pack = language.load(code)
    for key in ("declared_total", "declared_total_after"):
        source = pack.get("positions", key)
        verbs = re.search(r"\(\?P<verb>([^)]*)\)", source).group(1).split("|")
        for verb in verbs:
            word = verb.replace("\\s+", " ")
            assert positions.position_of_word(word, pack) or word in pack.phrases("positions", "received"), (key, word)


def test_packs_available_english_first() -> None:
    assert language.available()[0] == "en"
    assert {"fr", "es"} <= set(language.available())


def test_dates_table_covers_the_month_patterns() -> None:
    for code in ("fr", "es"):
        pack = language.load(code)
        months = pack.get("dates", "months")
        for name, number in months.items():
            assert parse_date(f"2 {name} 2020" if code == "fr" else f"2 de {name} de 2020", pack) == dt.date(2020, number, 2)
