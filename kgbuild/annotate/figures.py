"""Recogniser for the figures a document states: counts ("7,397 people", "more than 22,000
are registered"), totals broken into parts ("8,822 ... identified, of whom 5,618 ... and
3,204 ..."; "... the remaining 225 persons"), per-year series in footnotes ("в 2021г.-1807
чел, 2022г.-1375") and the period a figure covers ("Between September 2020 and May 2022").

Words come from the language pack ([figures], [dates]). A number is not a figure when it is
part of another finding (a recommendation number, a provision, a date, a numbered decree),
a year, a rank ("23rd"), a duration ("10 working days"), or an identifier ("No. 190").
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import accumulate

from ..language import LanguagePack


@dataclass
class Figure:
    start: int
    end: int
    value: int | float
    label: str
    qualifier: str | None = None
    year: int | None = None
    total_of: int | None = None
    """Index (into the unit's figure list) of the total this figure is a part of."""
    period: tuple[str, str] | None = None
    """(start, end) as xsd:gYearMonth strings."""
    parts: list[int] = field(default_factory=list)


# A number right after one of these words (and spaces) is an identifier, not a figure.
_NOT_ID_BEFORE = ("No.", "Nos.", "№", "Article", "article", "Paragraph", "paragraph", "Item", "item", "Session", "session", "Cycle", "cycle")


def _blocked_test(blocked: list[tuple[int, int]]) -> Callable[[int, int], bool]:
    """A test of whether [s, e) starts or ends inside one of the ``blocked`` spans (``bs <= s
    < be or bs < e <= be`` for one of them), in log time: a recommendation list has hundreds
    of blocked spans and hundreds of numbers."""
    spans = sorted(blocked)
    starts = [bs for bs, _ in spans]
    reach = list(accumulate((be for _, be in spans), max))  # the furthest end among the first k spans

    def test(s: int, e: int) -> bool:
        i = bisect_right(starts, s)  # the spans with bs <= s
        if i and reach[i - 1] > s:
            return True
        j = bisect_left(starts, e)  # the spans with bs < e
        return bool(j) and reach[j - 1] >= e

    return test


def _clause_label(text: str, start: int, end: int, pack: LanguagePack) -> str:
    """The figure's clause as printed, from its qualifier or the number to the clause end."""
    boundary = pack.pattern("figures", "clause_end")
    m = boundary.search(text, end) if boundary else None
    stop = m.start() if m else len(text)
    return re.sub(r"\s+", " ", text[start:stop]).strip(" ,–-")


def find_figures(text: str, blocked: list[tuple[int, int]], pack: LanguagePack) -> list[Figure]:
    number = pack.pattern("figures", "number")
    if number is None:
        return []
    not_counts = pack.pattern("figures", "not_counts")
    year = pack.pattern("dates", "year")
    parts_re = pack.pattern("figures", "parts")
    more_re = pack.pattern("figures", "part_more")
    rem_re = pack.pattern("figures", "remainder")
    qualifiers = sorted(pack.phrases("figures", "qualifiers"), key=len, reverse=True)
    # "8,822" in English, "8 822" (space, no-break or narrow no-break space) in French.
    separators: list[str] = pack.get("figures", "thousands_separator", [","])

    figures: list[Figure] = []
    open_total: int | None = None  # index of a total whose parts are being listed
    last_total: int | None = None  # the latest total of the unit (for "the remaining N")
    sentence_start = 0
    is_blocked = _blocked_test(blocked)
    for m in number.finditer(text):
        s, e = m.start(), m.end()
        if is_blocked(s, e):
            continue
        raw = m.group(0)
        if year and not any(sep in raw for sep in separators) and year.fullmatch(raw):
            continue
        if not_counts and not_counts.search(text[e:]):
            continue
        before = text[:s]
        stripped = before.rstrip()
        if stripped.endswith(_NOT_ID_BEFORE):
            continue
        # A new sentence closes any open list of parts.
        last_stop = max(before.rfind(". "), before.rfind("; "))
        if last_stop >= sentence_start:
            sentence_start = last_stop + 1
            open_total = None
        digits = m["value"]
        for sep in separators:
            digits = digits.replace(sep, "")
        value: int | float = int(digits)
        if m["decimal"]:
            value = float(f"{digits}.{m['decimal']}")
        qualifier = None
        label_start = s
        lowered = stripped.lower()
        for q in qualifiers:
            if lowered.endswith(q.lower()):
                qualifier = q
                label_start = len(stripped) - len(q)
                break
        fig = Figure(s, e, value, "", qualifier=qualifier)
        fig.label = _clause_label(text, label_start, e, pack)
        index = len(figures)
        if parts_re and parts_re.search(before) and index > 0:
            open_total = open_total if open_total is not None else index - 1
            fig.total_of = open_total
        elif open_total is not None and more_re and more_re.search(before):
            fig.total_of = open_total
        elif rem_re and rem_re.search(before) and last_total is not None:
            rem = rem_re.search(before)
            assert rem is not None
            fig.total_of = last_total
            fig.label = _clause_label(text, rem.start(), e, pack)
        else:
            open_total = None
        figures.append(fig)
        if fig.total_of is not None:
            figures[fig.total_of].parts.append(index)
            last_total = fig.total_of
        elif parts_re and parts_re.search(text[e : e + 200].split(".")[0] + " of whom "):
            last_total = index
    _periods(text, figures, pack)
    return figures


def _periods(text: str, figures: list[Figure], pack: LanguagePack) -> None:
    """A period stated in a unit covers the figures that follow it in that unit."""
    pattern = pack.pattern("dates", "period")
    months: dict[str, int] = pack.get("dates", "months", {})
    if pattern is None:
        return
    for m in pattern.finditer(text):
        y2 = m["y2"]
        y1 = m["y1"] or y2
        period = (f"{y1}-{months[m['m1']]:02d}", f"{y2}-{months[m['m2']]:02d}")
        for f in figures:
            if f.start > m.end() and f.period is None:
                f.period = period


def find_year_series(text: str, pack: LanguagePack) -> list[tuple[int, int, int, int]]:
    """(start, end, year, value) of each year–value pair ("2021г.-1807 чел")."""
    pattern = pack.pattern("figures", "year_value")
    if pattern is None:
        return []
    out = []
    for m in pattern.finditer(text):
        out.append((m.start(), m.end(), int(m["year"]), int(re.sub(r"\s", "", m["value"]))))
    return out
