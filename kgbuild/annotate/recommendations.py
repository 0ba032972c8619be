"""Recogniser for recommendation references: "140.1–140.4, 140.14, 140.15 and 140.17",
"Recommendations 140.14 and 140.15", "140.82-85, 87", "122.34- 35", "150 – 152", and the
irregular "Nos. 168 and 169" under a 140.x numbering.

Words come from the language pack ([recommendations]). Two passes:

1. :func:`find_lists` finds the lists in one text unit: after an introducer word
   ("Recommendations Nos."), or a heading/line made only of numbers, or the list that
   follows a colon in a sentence stating a position. Each item (a number or a range) is one
   :class:`RefItem` with its own offsets.
2. :func:`resolve` turns items into full recommendation numbers once the review's
   numbering is known: a bare number after a dotted one in the same list takes its prefix
   ("140.82-85, 87" -> 140.82 ... 140.85, 140.87: the abbreviated form UN addenda use). A
   list with no dotted number at all, in a review numbered "140.N", is irregular: it is read
   with the review's prefix and flagged (seen in Kazakhstan's cycle-4 addendum, heading IX
   "Recommendations Nos. 168 and 169", under a document whose every other reference is
   140.x). A range that runs backwards is not expanded; it is flagged as unresolved.

In an addendum, the structure stage makes a heading of every line made only of numbers
("140.11-14", "140.82-85, 87", "140.120, 209", "Rec. 18", "5., 6., 7."): each heads the
State's text on those recommendations, which ``find_responses`` makes one Response with the
position of its section. :func:`supported_part` finds, in a partially supported response,
the part the State supports ([positions] supported_part), quoted on the Response.

When an addendum contradicts itself, the rule is: the explicit list in the paragraph that
states the position wins; a block under a section whose heading states another position is
recorded as a Response with that section's position, and nothing more. Slovenia's addendum
A/HRC/59/15/Add.1 lists 140.241 among the accepted recommendations of paragraph 4 but
discusses it under "140.240-241" in section III (Noted), and 140.73, accepted in paragraph
3, under "140.72-75" in section III: both are Supported (paragraphs 3 and 4), and the blocks
are Noted responses to them. 140.210, accepted in paragraph 3 (section I), is discussed in
section II (accepted, already implemented): a Supported response, no contradiction. The
paragraph responses have no heading; the block responses do (``upr:heading``), which is how
the stage that picks a recommendation's final position tells them apart: that is what the
Slovenia figures (217 Supported, 37 Noted of 254 received) need.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..language import LanguagePack


@dataclass(frozen=True)
class RefItem:
    start: int
    end: int
    first: str
    last: str | None
    """End of a range (as printed, possibly abbreviated: "85" in "140.82-85"); None for one number."""
    list_id: int
    """Items of one list share an id (prefix inheritance works within a list)."""


@dataclass(frozen=True)
class Resolved:
    start: int
    end: int
    numbers: tuple[str, ...]
    irregular: str | None = None
    unresolved: str | None = None


def _patterns(pack: LanguagePack) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    num = pack.get("recommendations", "number")
    dash = pack.get("recommendations", "range_dash")
    sep = pack.get("recommendations", "separator")
    item = rf"(?P<first>{num})(?:(?:{dash})(?P<last>{num}))?"
    item_re = re.compile(item)
    lst = rf"{item}(?:(?:{sep}){num}(?:(?:{dash}){num})?)*"
    intro = pack.get("recommendations", "introducers")
    # The list must not stop inside a longer number ("No. 1737" is not recommendation 173).
    after_intro = re.compile(rf"(?<!\w){intro}\s*(?P<list>{lst})(?!\d|[\w.]\d)")
    whole = re.compile(rf"^\s*(?P<list>{lst})\s*\.?\s*$")
    return item_re, after_intro, whole


def _items(text: str, list_start: int, list_end: int, item_re: re.Pattern[str], list_id: int) -> list[RefItem]:
    out = []
    pos = list_start
    while pos < list_end:
        m = item_re.search(text, pos, list_end)
        if not m:
            break
        out.append(RefItem(m.start(), m.end(), m["first"], m["last"], list_id))
        pos = m.end()
    return out


def find_lists(text: str, pack: LanguagePack, *, heading: bool, after_colon: bool, next_id: int) -> list[RefItem]:
    """The recommendation references of one text unit.

    ``heading``: the unit is a heading or a line on its own, so a unit made only of numbers
    is a list ("140.11-14", "140.120, 209"). ``after_colon``: the unit states a position, so
    numbers after its colon form a list ("accepts the following recommendations: 140.7, ...").
    """
    item_re, after_intro, whole = _patterns(pack)
    found: list[RefItem] = []
    spans: list[tuple[int, int]] = []
    if heading and (m := whole.match(text)) and re.search(r"\d", text):
        spans.append((m.start("list"), m.end("list")))
    for m in after_intro.finditer(text):
        spans.append((m.start("list"), m.end("list")))
    if after_colon and ":" in text:
        colon = text.index(":")
        sep = pack.get("recommendations", "separator")
        num = pack.get("recommendations", "number")
        dash = pack.get("recommendations", "range_dash")
        lst = re.compile(rf"(?:{num})(?:(?:{dash}){num})?(?:(?:{sep}|\s+){num}(?:(?:{dash}){num})?)*")
        m = lst.search(text, colon)
        if m and text[colon + 1 : m.start()].strip() == "":
            spans.append((m.start(), m.end()))
    taken: list[tuple[int, int]] = []
    for s, e in sorted(set(spans)):
        if any(s < te and ts < e for ts, te in taken):
            continue
        taken.append((s, e))
        found.extend(_items(text, s, e, item_re, next_id + len(taken)))
    return found


def review_prefix(items: list[RefItem]) -> str | None:
    """The prefix of the review's numbering ("140"), or None when it numbers without one."""
    prefixes = Counter(i.first.split(".")[0] for i in items if "." in i.first)
    return prefixes.most_common(1)[0][0] if prefixes else None


def _split(number: str) -> tuple[str | None, int]:
    if "." in number:
        head, _, tail = number.partition(".")
        return head, int(tail)
    return None, int(number)


def resolve(items: list[RefItem], prefix: str | None, text: str, pack: LanguagePack) -> list[Resolved]:
    """Full recommendation numbers of each item (see the module docstring for the rules)."""
    irregular_note = pack.get("recommendations", "irregular_note")
    backwards_note = pack.get("recommendations", "backwards_note")
    by_list: dict[int, list[RefItem]] = {}
    for it in items:
        by_list.setdefault(it.list_id, []).append(it)
    out: list[Resolved] = []
    for group in by_list.values():
        list_has_prefix = any("." in it.first for it in group)
        current: str | None = None
        for it in group:
            head, n1 = _split(it.first)
            borrowed_prefix = False
            if head is not None:
                current = head
            elif list_has_prefix:
                head = current
            elif prefix is not None:
                head, borrowed_prefix = prefix, True
            if it.last is None:
                numbers = (f"{head}.{n1}" if head else str(n1),)
            else:
                head2, n2 = _split(it.last)
                if (head2 is not None and head is not None and head2 != head) or n2 < n1:
                    out.append(Resolved(it.start, it.end, (), unresolved=backwards_note.format(text=text[it.start : it.end])))
                    continue
                numbers = tuple(f"{head}.{k}" if head else str(k) for k in range(n1, n2 + 1))
            irregular = None
            if borrowed_prefix:
                resolved = numbers[0] if len(numbers) == 1 else f"{numbers[0]}–{numbers[-1]}"
                irregular = irregular_note.format(prefix=prefix, resolved=resolved)
            out.append(Resolved(it.start, it.end, numbers, irregular=irregular))
    return out


def supported_part(text: str, pack: LanguagePack) -> tuple[int, int] | None:
    """The span of the part a State supports of a partially supported recommendation
    ([positions] supported_part), or None when the text does not quote it."""
    for source in pack.phrases("positions", "supported_part"):
        m = re.search(source, text)
        if m and m.group("part").strip():
            start, end = m.span("part")
            while end > start and text[end - 1] in " ,;:":
                end -= 1
            return start, end
    return None
