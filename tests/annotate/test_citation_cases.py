"""Legal citations: the cases of citations.toml.

Provisions go through ``find_provisions`` with the pack of the case's language; where a case
names the instrument that follows a provision, ``instrument_after`` is run over the
Gazetteer hits of the documents about the case's State (rule 1 of
kgbuild/annotate/citations.py), and ``anaphor_after`` for "of the Act" (rule 2). Numbered
decrees and orders go through ``find_numbered`` for each pack, as kgbuild.annotate does.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest

from kgbuild import language
from kgbuild.annotate import citations
from kgbuild.annotate.lexicon import Gazetteer
from kgbuild.reference import Reference

from ._cases import check_ids, check_source, load_cases, params

BASE = "https://w3id.org/upr-kg/id/"
PROVISIONS = load_cases("citations.toml", "provision")
NUMBERED = load_cases("citations.toml", "numbered")


@cache
def _reference() -> Reference:
    return Reference(BASE)


@cache
def _gazetteer(iso3: str) -> Gazetteer:
    ref = _reference()
    return Gazetteer(ref, ref.state_iri(iso3))


def _found_provisions(case: dict[str, Any]) -> list[dict[str, Any]]:
    pack = language.load(case["pack"])
    text: str = case["text"]
    hits = _gazetteer(case["state"]).find(text) if "state" in case else []
    expected: list[dict[str, Any]] = case["provisions"]
    out = []
    for i, p in enumerate(citations.find_provisions(text, pack)):
        want = expected[i] if i < len(expected) else {}
        found: dict[str, Any] = {"span": text[p.start : p.end], "article": p.article}
        if p.paragraph:
            found["paragraph"] = p.paragraph
        if p.subparagraph:
            found["subparagraph"] = p.subparagraph
        # Instrument and anaphor are compared only where the table states them.
        if "instrument" in want:
            inst = citations.instrument_after(text, p.end, hits, pack)
            found["instrument"] = inst.entity.removeprefix(BASE) if inst else ""
        if "anaphor" in want:
            ana = citations.anaphor_after(text, p.end, pack)
            found["anaphor"] = ana[0] if ana else ""
        out.append(found)
    return out


@pytest.mark.parametrize("case", params(PROVISIONS))
def test_provisions(case: dict[str, Any]) -> None:
    assert _found_provisions(case) == case["provisions"]


@pytest.mark.parametrize("case", params(NUMBERED))
def test_numbered_instruments(case: dict[str, Any]) -> None:
    packs = [language.load(code) for code in case.get("packs", ["en", "ru"])]
    text: str = case["text"]
    found = [
        {"span": text[n.start : n.end], "type": n.type, "number": n.number, "date": n.date, "label": n.label}
        for pack in packs
        for n in citations.find_numbered(text, pack, packs)
    ]
    assert found == case["instruments"]


def test_table_ids_and_sources() -> None:
    check_ids(PROVISIONS + NUMBERED)


@pytest.mark.parametrize("case", [pytest.param(c, id=c["id"]) for c in PROVISIONS + NUMBERED])
def test_case_text_is_in_its_source(case: dict[str, Any]) -> None:
    check_source(case)
