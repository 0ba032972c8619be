"""The Gazetteer (kgbuild/annotate/lexicon.py) over the reference data of mappings/reference/.

The texts are sentences of the bundled Kazakhstan addendum (paragraph numbers in the ids)
and of the Slovenia addendum A/HRC/59/15/Add.1. A hit is shown as (text, entity IRI
relative to the data base, class).
"""

from __future__ import annotations

from functools import cache

import pytest

from kgbuild.annotate.lexicon import Gazetteer
from kgbuild.reference import Reference

BASE = "https://w3id.org/upr-kg/id/"


@cache
def _reference() -> Reference:
    return Reference(BASE)


@cache
def gazetteer(iso3: str) -> Gazetteer:
    """The names that identify entities in documents about the State ``iso3``."""
    ref = _reference()
    return Gazetteer(ref, ref.state_iri(iso3))


def hits(text: str, iso3: str) -> list[tuple[str, str, str]]:
    return [(text[h.start : h.end], h.entity.removeprefix(BASE), h.cls) for h in gazetteer(iso3).find(text)]


# --- Local names: only in documents about their jurisdiction ---------------------------------

LOCAL = [
    pytest.param(
        "Pursuant to the Constitution, the Government pursues a measured and balanced policy of non-discrimination",
        ("Constitution", "instrument/KAZ/constitution", "Constitution"),
        id="p64-the-Constitution",
    ),
    pytest.param(
        "In accordance with amendments made to article 29 of the Tax Code in 2022, the State Revenue Committee of the Ministry of Finance publishes on its website",
        ("Tax Code", "instrument/KAZ/tax-code", "Code"),
        id="p52-Tax-Code",
    ),
    pytest.param(
        "In accordance with amendments made to article 29 of the Tax Code in 2022, the State Revenue Committee of the Ministry of Finance publishes on its website",
        ("Ministry of Finance", "institution/KAZ/ministry-of-finance", "Institution"),
        id="p52-Ministry-of-Finance-nested",
    ),
    pytest.param(
        "пункт 3 статьи 4 Конституции Республики Казахстан.",
        ("Конституции Республики Казахстан", "instrument/KAZ/constitution", "Constitution"),
        id="fn6-Russian-genitive",
    ),
]


@pytest.mark.parametrize(("text", "hit"), LOCAL)
def test_local_name_matches_in_its_jurisdiction(text: str, hit: tuple[str, str, str]) -> None:
    assert hit in hits(text, "KAZ")


@pytest.mark.parametrize(("text", "hit"), LOCAL)
def test_local_name_does_not_match_elsewhere(text: str, hit: tuple[str, str, str]) -> None:
    assert all(entity != hit[1] for _, entity, _ in hits(text, "SVN"))


def test_slovenian_constitution_is_not_kazakhstans() -> None:
    """'the Constitution' in Slovenia's addendum (under 140.148) denotes no Kazakh instrument."""
    text = "It is also enshrined in the Constitution."
    assert hits(text, "SVN") == []


def test_global_names_match_in_any_document() -> None:
    """A domestic instrument's skos:altLabel is global: FARA is named in Kazakhstan's addendum (p54)."""
    text = "For example, in the United States of America, the Foreign Agents Registration Act (FARA) provides for the maintenance of a register"
    expected = [
        ("United States of America", "state/USA", "State"),
        ("Foreign Agents Registration Act", "instrument/USA/fara", "Law"),
        ("FARA", "instrument/USA/fara", "Law"),
    ]
    assert hits(text, "KAZ") == expected
    assert hits(text, "SVN") == expected


# --- Leftmost-longest, nested names ---------------------------------------------------------


def test_longest_name_wins_and_nested_institution_is_a_hit_of_its_own() -> None:
    """p14: the treaty is one hit; the Court named inside it is a second, nested hit."""
    text = "There are currently legal obstacles to the country's ratification of the Rome Statute of the International Criminal Court."
    assert hits(text, "KAZ") == [
        ("Rome Statute of the International Criminal Court", "instrument/rome-statute", "Treaty"),
        ("International Criminal Court", "institution/icc", "Institution"),
    ]


def test_nested_institution_after_longer_institution() -> None:
    """p21: "the President" inside the Commissioner's name is a nested hit (lexicon.py docstring)."""
    text = "Commissioner for the Rights of Socially Vulnerable Categories of the Population under the President, those institutions"
    found = hits(text, "KAZ")
    assert [h[1] for h in found] == ["institution/KAZ/commissioner-socially-vulnerable", "institution/KAZ/president"]
    assert found[1][0] == "the President"


def test_state_named_inside_a_state_name_is_not_a_hit() -> None:
    """p54: "United Kingdom of Great Britain and Northern Ireland" is GBR only, not also IRL."""
    assert hits("Ireland", "KAZ") == [("Ireland", "state/IRL", "State")]  # the nested name is a name
    text = "Similar provisions can be found in the laws of the United Kingdom of Great Britain and Northern Ireland, Israel and other countries."
    assert hits(text, "KAZ") == [
        ("United Kingdom of Great Britain and Northern Ireland", "state/GBR", "State"),
        ("Israel", "state/ISR", "State"),
    ]


# --- Case-sensitive -------------------------------------------------------------------------


def test_lower_case_parliament_is_not_the_parliament() -> None:
    """p16 "a member of a Government or parliament" is generic; p48 "Members of Parliament" is not."""
    generic = "official capacity as a Head of State or Government, a member of a Government or parliament, an elected representative"
    assert all(entity != "institution/KAZ/parliament" for _, entity, _ in hits(generic, "KAZ"))
    named = "In turn, both State bodies and Members of Parliament and representatives of the media industry"
    assert ("Parliament", "institution/KAZ/parliament", "Institution") in hits(named, "KAZ")
