"""Every Working Group report of cycles 1 and 2 (shared/corpus/wg-reports/, 194 reports of
2008-2014 scraped from PDF; see its README.md) through read -> structure -> annotate.

Each report must read without an exception (an :class:`~kgbuild.errors.InputError` is a
clear refusal, but every report here is a real UPR document and must be read), and its
recommendation lists must come out whole: every list numbered without gaps or duplicates
from 1 (or, in a report that numbers on across its lists, from the number after the
previous list's last), no two items with the same recommendation number, every item with a
text, and no numbered item left inside the last item of a list (a list cut short). The
reports carry no answer key; the numbering is the check that no recommendation is lost or
invented.

The reports are read in parallel processes (the stages are pure functions of the file);
failures are collected into one assertion message. Reports that cannot satisfy a check
because of their source are strict xfails in KNOWN_GAPS, with the reason.
"""

from __future__ import annotations

import multiprocessing
import os
import re
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from kgbuild.annotate import annotate
from kgbuild.errors import InputError
from kgbuild.read import read
from kgbuild.reference import Reference
from kgbuild.structure import structure

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "wg-reports"
REPORTS = sorted(CORPUS.glob("*.txt")) if CORPUS.is_dir() else []

KNOWN_GAPS: dict[str, str] = {
    "india2008.txt": "item 4 of paragraph 86 has no number in the scraped text (\"... (Ghana); Encourage enhanced "
    "cooperation with human rights bodies ... (Ghana); 5. Maintain disaggregated data ...\"): the list reads 1-3, "
    "5-18 and item 4's text stays in item 3",
}

# A numbered item start: at a line start or after the end of an item ("(France); 77.5. Ratify").
_ITEM_START = re.compile(r"(?:^|\n|[;.:)]\s+)(\d{1,3})(?:\.(\d{1,3}))?\.?\s+[A-Z“\"]")


@cache
def _reference() -> Reference:
    return Reference("https://w3id.org/upr-kg/id/")


def summarize(path: str) -> dict[str, Any]:
    """What the checks need of one report (run in a worker process): its lists, each with
    the item numbers k, the full numbers, whether the item has a text, and the item numbers
    found after the start of the last item."""
    ref = _reference()
    try:
        doc = structure(read(Path(path)), ref)
        ann = annotate(doc, ref)
    except InputError as exc:
        return {"error": f"InputError: {exc.problem}"}
    except Exception as exc:  # noqa: BLE001 - any other exception is what the test reports
        return {"error": f"{type(exc).__name__} (not an InputError): {exc}"}
    by_unit: dict[str, list[Any]] = {}
    printed: dict[str, str] = {}
    for span in ann.spans:
        if span.kind == "recommendation-item":
            by_unit.setdefault(span.unit, []).append(span)
        elif span.kind == "recommendation-ref":
            printed[span.unit] = doc.unit(span.unit).text[span.start : span.end]  # the last one
    lists = []
    for unit, spans in by_unit.items():
        spans.sort(key=lambda s: s.start)
        numbers = [s.value["number"] for s in spans]
        ks = [int(n.rsplit(".", 1)[-1]) for n in numbers]
        # The last item as printed: "140.254" (dotted) or "18" (bare, even when its number is "86.18").
        head = printed[unit].split(".")[0] if "." in printed[unit] else None
        text = doc.unit(unit).text
        after = []
        for m in _ITEM_START.finditer(text, spans[-1].start):
            if head is None and m.group(2) is None:
                after.append(int(m.group(1)))
            elif head is not None and m.group(2) is not None and m.group(1) == head:
                after.append(int(m.group(2)))
        lists.append(
            {
                "unit": unit,
                "numbers": numbers,
                "ks": ks,
                "empty": [s.value["number"] for s in spans if not s.value["text"].strip()],
                "after_last": [k for k in after if k > ks[-1]],
            }
        )
    return {"lists": lists}


@pytest.fixture(scope="module")
def summaries() -> dict[str, dict[str, Any]]:
    if not REPORTS:
        pytest.skip(f"shared corpus not available: {CORPUS}")
    paths = [str(p) for p in REPORTS]
    workers = min(os.cpu_count() or 1, 8)
    if workers == 1:
        return {Path(p).name: summarize(p) for p in paths}
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        return dict(zip((Path(p).name for p in paths), pool.map(summarize, paths, chunksize=4)))


def problems(summary: dict[str, Any]) -> list[str]:
    """What is wrong with one report's lists (empty when nothing is)."""
    if "error" in summary:
        return [summary["error"]]
    lists = summary["lists"]
    if not lists:
        return ["no recommendation list found"]
    out = []
    seen: set[str] = set()
    previous_last: int | None = None
    for lst in lists:
        ks, where = lst["ks"], lst["unit"]
        expected_first = {1} | ({previous_last + 1} if previous_last is not None else set())
        if ks[0] not in expected_first:
            out.append(f"{where}: the list starts at {ks[0]}")
        if ks != list(range(ks[0], ks[0] + len(ks))):
            missing = sorted(set(range(ks[0], ks[-1] + 1)) - set(ks))
            out.append(f"{where}: numbering {ks[0]}..{ks[-1]} has gaps {missing} or duplicates")
        if lst["after_last"]:
            out.append(f"{where}: item(s) {lst['after_last']} left inside the last item {lst['numbers'][-1]}")
        if lst["empty"]:
            out.append(f"{where}: items without text {lst['empty']}")
        twice = seen.intersection(lst["numbers"])
        if twice:
            out.append(f"{where}: numbers given twice {sorted(twice)}")
        seen.update(lst["numbers"])
        previous_last = ks[-1]
    return out


def test_corpus_has_the_194_reports() -> None:
    if not REPORTS:
        pytest.skip(f"shared corpus not available: {CORPUS}")
    assert len(REPORTS) == 194


def test_every_report_reads_and_its_lists_are_whole(summaries: dict[str, dict[str, Any]]) -> None:
    failed = {
        name: found
        for name, summary in sorted(summaries.items())
        if name not in KNOWN_GAPS and (found := problems(summary))
    }
    message = "\n".join(f"{name}: {'; '.join(found)}" for name, found in failed.items())
    assert not failed, f"{len(failed)} of {len(summaries)} reports fail:\n{message}"


@pytest.mark.parametrize(
    "name", [pytest.param(n, marks=pytest.mark.xfail(reason=r, strict=True)) for n, r in KNOWN_GAPS.items()]
)
def test_known_gap(summaries: dict[str, dict[str, Any]], name: str) -> None:
    """The reports whose source breaks a check (strict xfails: a fix makes them pass)."""
    assert problems(summaries[name]) == []


def test_known_gaps_still_read(summaries: dict[str, dict[str, Any]]) -> None:
    """A known gap is about the list, not about reading: the report still reads."""
    for name in KNOWN_GAPS:
        assert "error" not in summaries[name], summaries[name]
