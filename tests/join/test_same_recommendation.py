"""mappings/join/same-recommendation.rq: the recommendations a Working Group report lists and
the rows of the UPR Info export that record the same recommendation, linked with
upr:sameRecommendationAs (both ways, never merged).

Three levels, the expected links written by reading the sources:

* the rule's clauses on a few report items and rows cut down to what the rule reads
  (data/same-recommendation.ttl, texts and IRIs of the corpus build);
* a hand-made case through the whole pipeline: the Norway report (tests/data/wg-norway2010.txt)
  and 15 rows (tests/data/upr-info-norway2010-rows.csv: 12 rows of the export and three
  edited copies; see tests/data/README.md);
* real data: the Norway and Sweden reports of tests/data against every row of their review in
  the export (read from ../shared/corpus/upr-info), with the numbers of linked rows and items
  established by reading each row left unlinked against the report.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef

from kgbuild.build import BuildResult, build
from kgbuild.dataset import BuildStore
from kgbuild.iri import DEFAULT_BASE, UPR
from kgbuild.terms import to_ox

HERE = Path(__file__).resolve().parent
DATA = HERE.parents[0] / "data"
UPR_INFO = HERE.parents[1].parent / "shared" / "corpus" / "upr-info"
SAME = UPR.sameRecommendationAs


def _links(bs: BuildStore) -> set[tuple[str, str]]:
    """The upr:sameRecommendationAs links of the joined graph, as (item, row) IRIs relative to
    the data base; each link must be there both ways."""
    pairs = {(q.subject.value, q.object.value) for q in bs.store.quads_for_pattern(None, to_ox(SAME), None, ox.NamedNode(str(bs.joined_name)))}
    assert all((o, s) in pairs for s, o in pairs), "upr:sameRecommendationAs is written both ways"
    return {(s.removeprefix(DEFAULT_BASE), o.removeprefix(DEFAULT_BASE)) for s, o in pairs if "/upr-info-" not in s}


# --- the rule ------------------------------------------------------------------------------------


RULE_LINKS = {
    # "Recommended" dropped
    ("review/TTO/1/recommendation/86.12", "review/TTO/1/recommendation/upr-info-sessions-10-13-8097"),
    # the same text by Mali and by Togo: each row to its own State's item, never across
    ("review/MDG/2/recommendation/108.3", "review/MDG/2/recommendation/upr-info-sessions-17-20-5741"),
    ("review/MDG/2/recommendation/108.19", "review/MDG/2/recommendation/upr-info-sessions-17-20-5757"),
    # an item whose attribution names no known State: the row's text is part of the item's
    ("review/VEN/1/recommendation/94.19", "review/VEN/1/recommendation/upr-info-sessions-10-13-8726"),
    # a row without a State
    ("review/IDN/1/recommendation/1", "review/IDN/1/recommendation/upr-info-sessions-1-5-2497"),
    # one text twice in the report and twice in the export: all four links
    ("review/AUS/1/recommendation/86.83", "review/AUS/1/recommendation/upr-info-sessions-10-13-356"),
    ("review/AUS/1/recommendation/86.83", "review/AUS/1/recommendation/upr-info-sessions-10-13-412"),
    ("review/AUS/1/recommendation/86.134", "review/AUS/1/recommendation/upr-info-sessions-10-13-356"),
    ("review/AUS/1/recommendation/86.134", "review/AUS/1/recommendation/upr-info-sessions-10-13-412"),
    # not linked: the Lesotho row that is part of two items of Chad (ambiguous), the made-up
    # row of review MDG/1 (another review)
}


def test_rule_links_what_the_clauses_say() -> None:
    g = Graph().parse(HERE / "data" / "same-recommendation.ttl")
    bs = BuildStore(ox.Store(), DEFAULT_BASE)
    bs.add_source(URIRef("urn:x-test:items-and-rows"), g)
    bs.join()
    assert _links(bs) == RULE_LINKS


def test_rule_gives_the_same_links_when_the_store_holds_other_graphs() -> None:
    """BuildStore runs the join over the union of all named graphs when the store holds only
    the join's input (kgbuild/dataset.py); with another graph in the store it names the input
    graphs one by one: the same links, and nothing from the other graph (a row there that
    would be linked if it were read)."""
    g = Graph().parse(HERE / "data" / "same-recommendation.ttl")
    bs = BuildStore(ox.Store(), DEFAULT_BASE)
    bs.add_source(URIRef("urn:x-test:items-and-rows"), g)
    row = URIRef(DEFAULT_BASE + "review/MDG/2/recommendation/upr-info-made-up-3")
    other = [(row, UPR.inReview, URIRef(DEFAULT_BASE + "review/MDG/2")), (row, UPR.recommendingState, URIRef(DEFAULT_BASE + "state/MLI")),
             (row, UPR.text, Literal("Ratify the Optional Protocol to CAT", lang="en"))]
    bs.replace(URIRef("urn:x-test:not-an-input"), other)
    bs.join()
    assert _links(bs) == RULE_LINKS


# --- the hand-made case: the Norway report and 15 rows -------------------------------------------------


@pytest.fixture(scope="module")
def norway_handmade() -> BuildResult:
    return build([DATA / "wg-norway2010.txt", DATA / "upr-info-norway2010-rows.csv"],
                 out=None, run_validation=False, run_reasoning=False, workers=1)


# Line of tests/data/upr-info-norway2010-rows.csv -> the item of the report it records (None:
# no link), read from wg-norway2010.txt, section II.
HANDMADE = {
    2: "105.1",   # Argentina, "... Punishment CAT": the report's "(CAT) (Argentina)"
    3: "105.2",   # Slovenia, "Consider ratifying the CRPD": item 2 lists five wordings of it; this is
                  # part of New Zealand's, and the item names Slovenia ("New Zealand, Slovenia, Chile, ...")
    4: "105.2",   # Argentina, "signing and-or ratifying": the report's "and/or"
    5: "105.2",   # New Zealand, the item's last wording (the attribution after it is the item's own)
    6: None,      # Italy, "Consider with priority ratifying": the report has "consider signing and/or
                  # ratifying ... with priority, (Italy)", reworded by UPR Info
    7: "105.7",   # Jordan, "Refugees UNHCR" and "asylumseekers" for "(UNHCR)" and "asylum-seekers"
    8: "105.35",  # Denmark, "Sami" for "Sámi"
    9: "105.37",  # Congo, "nonrefoulement" for the extraction's "non.refoulement"
    10: "106.29",  # Argentina: the item's text ends "(Argentina)7" (a footnote marker kept the
                   # attribution in), the row's text is part of it
    11: "106.6",  # South Africa, "article 10 2 b and 3" for "article 10 (2) (b) and (3)", one of four wordings
    12: None,     # Portugal, "Sign and ratify OP-CESCR, allowing ...": the report spells the protocol out
    13: "105.5",  # Viet Nam
    14: None,     # edited: line 13's text from Morocco, which made 105.6, not 105.5
    15: None,     # edited: line 13 as a row of Sweden's review (session 8): another review
    16: None,     # edited: "human rights education and training", part of Viet Nam's 105.5 and 105.43
}


def test_handmade_rows_link_to_the_items_that_record_them(norway_handmade: BuildResult) -> None:
    got = _links(norway_handmade.store)
    expected = set()
    for line, number in HANDMADE.items():
        if number is not None:
            review = "review/SWE/1" if line == 15 else "review/NOR/1"
            expected.add((f"review/NOR/1/recommendation/{number}", f"{review}/recommendation/upr-info-upr-info-norway2010-rows-{line}"))
    assert got == expected


def test_the_report_items_and_rows_stay_distinct(norway_handmade: BuildResult) -> None:
    """Not merged: the item keeps the report's number and position, the row its own, and the
    row gets no number."""
    rows = norway_handmade.store.query(
        "PREFIX upr: <https://w3id.org/upr-kg/ontology#> "
        "SELECT ?item ?row ?itemPosition ?rowPosition WHERE { "
        "?item upr:sameRecommendationAs ?row ; upr:recommendationNumber ?n ; upr:position ?itemPosition . "
        "?row upr:position ?rowPosition . FILTER NOT EXISTS { ?row upr:recommendationNumber ?m } }"
    )
    positions = {(r["item"].value.rsplit("/", 1)[1], r["row"].value.rsplit("-", 1)[1]): (r["itemPosition"].value, r["rowPosition"].value) for r in rows}
    # 106.6 "will be examined" (Pending) in the report; the export says Noted for South Africa's wording
    assert positions[("106.6", "11")] == (str(UPR.Pending), str(UPR.Noted))
    assert positions[("105.2", "3")] == (str(UPR.Supported), str(UPR.Supported))
    assert len(positions) == sum(1 for n in HANDMADE.values() if n)


# --- real data: one review's report against all its rows of the export ----------------------------


def _review_rows(to: str, session: str, target: Path) -> Path:
    """The header and every row of the export whose State under review is ``to`` at Working
    Group session ``session``, written as the export is (Mac Roman, CR line ends)."""
    if not (UPR_INFO / "sessions-6-9.csv").is_file():
        pytest.skip(f"the UPR Info export is not at {UPR_INFO}")
    with (UPR_INFO / "sessions-6-9.csv").open(encoding="mac_roman", newline="") as f:
        records = list(csv.reader(f))
    keep = [records[0], *(r for r in records[1:] if r[0] == to and r[10].strip() == session)]
    with target.open("w", encoding="mac_roman", newline="") as f:
        csv.writer(f, lineterminator="\r").writerows(keep)
    return target


def _texts_of_unlinked_rows(result: BuildResult, review: str) -> list[str]:
    rows = result.store.query(
        "PREFIX upr: <https://w3id.org/upr-kg/ontology#> SELECT ?text WHERE { "
        f"?row upr:inReview <{DEFAULT_BASE}{review}> ; upr:text ?text . "
        "FILTER NOT EXISTS { ?row upr:recommendationNumber ?n } FILTER NOT EXISTS { ?row upr:sameRecommendationAs ?item } }"
    )
    return sorted(r["text"].value.strip() for r in rows)


# Established by hand: every row left unlinked was read against the report's section II.
REAL = {
    # Norway, session 6: 117 rows, 91 items. 111 rows are linked (to one item each) and 90
    # items; item 106.1 (OP-CESCR, Argentina and Portugal) has only rows 12 and the Argentina
    # one below, both reworded.
    "NOR": ("Norway", "6", "wg-norway2010.txt", 117, 91, 111, 90, [
        "Consider positively acceding to  ICRMW, as recommended by the Committee on the Elimination of Racial "
        "Discrimination, the Committee on Economic, Social and Cultural Rights and the Committee on the Elimination "
        "of Discrimination against Women",  # the report: "consider positively acceding to ICRMW (Mexico); ratify ICRMW as recommended by ..." (Nigeria's)
        "Consider the possibility of signing and-or ratifying OP-CESCR",  # 106.1 has "Sign and ratify the newly adopted Optional Protocol ... (OP-CESCR) (Argentina)"
        "Consider with priority ratifying the Convention on the Rights of Persons with Disabilities",  # "... with priority, (Italy)"
        "Ratify as soon as possible the Optional Protocol to the Convention on Torture and Other Cruel, Inhumane or "
        "Degrading Treatment or Punishment, and create an independent national mechanism for monitoring detention "
        "centres",  # 106.2: "Ratify the Optional Protocol ... as soon as possible (France); create an independent ..."
        "Ratify the International Convention for the Protection of all Persons from Enforced Disappearance CED",  # 105.3: "consider ratifying ... (CED) (Chile, Mexico)"
        "Sign and ratify OP-CESCR, allowing individual complaints of alleged violations of these rights to be heard "
        "by the Committee",  # 106.1 spells the protocol out
    ]),
    # Sweden, session 8: 150 rows, 149 items, one State each; every item has its row, and one
    # row of the Russian Federation rewords the second half of 96.48 ("... a denial by Swedish
    # services providers of sites to paramilitary organizations").
    "SWE": ("Sweden", "8", "wg-sweden2010.txt", 150, 149, 149, 149, [
        "Deny paramilitary organizations sites by Swedish services providers",
    ]),
}


@pytest.mark.parametrize("iso3", sorted(REAL))
def test_real_review_against_its_rows_of_the_export(iso3: str, tmp_path: Path) -> None:
    name, session, report, n_rows, n_items, linked_rows, linked_items, unlinked = REAL[iso3]
    rows = _review_rows(name, session, tmp_path / f"{iso3.lower()}-rows.csv")
    result = build([DATA / report, rows], out=None, run_validation=False, run_reasoning=False, workers=1)
    review = f"review/{iso3}/1"
    links = {(i, r) for i, r in _links(result.store) if i.startswith(review)}
    assert result.counts()["recommendations"] == n_rows + n_items
    assert len({r for _, r in links}) == linked_rows
    assert len({i for i, _ in links}) == linked_items
    assert len(links) == linked_rows  # no row is linked to two items
    assert _texts_of_unlinked_rows(result, review) == sorted(unlinked)


def test_reasoning_aligns_the_links_with_prov_and_merges_nothing(norway_handmade: BuildResult) -> None:
    """upr:sameRecommendationAs is symmetric (written both ways already) and a sub-property of
    prov:alternateOf: the closure adds one prov:alternateOf per link and direction, no
    owl:sameAs, and the fast path (kgbuild/reason.py) gives what owlrl gives on the whole graph."""
    from rdflib.namespace import OWL, PROV

    from kgbuild import reason

    data = norway_handmade.store.asserted().graph()
    ontology = reason.load_ontology()
    inferred = reason.reason(data, ontology)
    links = set(data.subject_objects(SAME))
    assert len(links) == 2 * sum(1 for n in HANDMADE.values() if n)
    assert set(inferred.subject_objects(PROV.alternateOf)) == links
    assert not set(inferred.triples((None, OWL.sameAs, None)))
    assert not set(inferred.triples((None, SAME, None)))
    assert set(inferred) == set(reason.reason_naive(data, ontology))
