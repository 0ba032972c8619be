"""Annotate stage, Working Group reports: the recommendation lists.

Takes the :class:`~kgbuild.model.Document` of a Working Group report, the language pack
([recommendations] and [positions] of mappings/language/en.toml) and the Gazetteer of the
reference data (mappings/reference/: States, treaties); returns one
:class:`RecommendationList` per list paragraph, each item with its number, its text, the
States that made it and the instruments it names. ``kgbuild.annotate`` turns every item
into a ``recommendation-ref`` span (the printed number) and a ``recommendation-item`` span
(the recommendation's text, value: number, text without the attribution, States, instruments,
position); mappings/wg-recommendations.rq publishes them, and the list paragraph is the
Response that carries the list's position (``find_responses``).

The steps, in order:

1. :func:`list_paragraphs` — the paragraphs of section II "Conclusions and/or
   recommendations" (all paragraphs when the report has no such heading).
2. :func:`find_items` — the item numbers of one paragraph, walked in sequence: the list
   starts after an introduction that speaks of recommendations, with item 1 ("1.",
   "140.1", "99.1.") or, when the report numbers on across its lists, with the item after
   the last of the previous list; item k + 1 is the next number k + 1 that stands at a line
   start or right after the end of item k ("(France); 77.5. Ratify ...", estonia2011.txt).
   A number that is not the next one is text ("ILO Convention No. 189", "resolution 5/1").
   Two irregularities of the scrapes are read, not guessed: a misprinted item number (the one
   number at a line start between items k - 1 and k + 1: "128.12" in the list of paragraph
   129, algeria2012.txt) is item k, flagged ("irregular", the pack's misprint_note); an item
   that lost its number altogether ("(Ghana); Encourage ... (Ghana); 5. Maintain ...",
   india2008.txt) is missing from the list and its text stays in the item before it.
3. :func:`split_item` — the item's text, its attribution (the parenthesised groups made only
   of States' names: "(Algeria) (Cabo Verde)", "(Algeria, Cabo Verde)", "(Algeria);",
   "(Bolivarian Republic of Venezuela)", "(Iran (Islamic Republic of))"), the recommending
   States (the Gazetteer's State names inside the attribution; a State named elsewhere in the
   text is not a recommending State) and the instruments the text names (treaties and other
   instruments of the reference data, outside the attribution, not counting a name nested in
   a longer one: the "International Covenant on Economic, Social and Cultural Rights" inside
   "the Optional Protocol to the International Covenant ..." is part of the Protocol's name).
   A numbered list whose items mostly end without an attribution is not a list of
   recommendations ("the State under review offers the following comments: 1. ...",
   bahrain2008.txt) and is left out.
4. :func:`list_position` — the position the list paragraph's introduction states ("enjoy
   the support of" Supported, "will be examined by" Pending, "did not enjoy the support"
   Noted; "already implemented or in the process of implementation" Supported when nothing
   else is said); a 2008 list whose introduction states none takes the position of the
   paragraph after it when that one speaks of "these recommendations" ("These
   recommendations will be examined by India ...", "The response of Peru to these
   recommendations will be included in the outcome report ..."). A list with no position
   anywhere keeps none (morocco2008.txt).
5. :func:`full_numbers` — the recommendation numbers. A list printed "140.1", "140.2" ...
   keeps the printed number. A 2008-2010 report prints "1.", "2." ... inside each list
   paragraph: when its numbering runs on across its lists (the second list starts after the
   last item of the first), the bare number is the recommendation's number ("18"); when
   each list starts again at 1, the bare number would be ambiguous, and the number is
   "{paragraph}.{item}" ("86.18": item 18 of paragraph 86). A later paragraph that names
   items by their bare number ("Kazakhstan considers that recommendations Nos. 7, 8, 9 ...
   above have already been implemented") names those of the list above it
   (:func:`resolve_bare`). ontology/MODEL.md says the same.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace

from ..language import LanguagePack
from ..model import Document, TextUnit
from . import positions
from .lexicon import INSTRUMENT_CLASSES, Gazetteer, Hit


@dataclass(frozen=True)
class Item:
    """One recommendation of a list."""

    k: int
    """The item's number within its list, as printed ("18" of "86.18" or of "18.")."""
    printed: str
    """The number as printed, without a trailing full stop: "140.1", "18"."""
    number_start: int
    number_end: int
    start: int
    """Start of the recommendation's text (after the number)."""
    end: int
    """End of the recommendation's text, attribution included, closing ";" or "." excluded."""
    text: str
    """The recommendation's text without its attribution."""
    states: tuple[str, ...]
    instruments: tuple[str, ...]
    number: str = ""
    """The full recommendation number (step 5)."""
    misprinted: bool = False
    """The printed number is not the one the list's sequence puts here ("128.12" in the list
    of paragraph 129): read as the sequence says, and flagged."""
    irregular: str | None = None
    """Why the number is irregular (the pack's misprint_note), set with the full number."""


@dataclass
class RecommendationList:
    """The list of one paragraph."""

    unit: str
    paragraph: int | None
    items: list[Item]
    prefix: str | None
    """The printed prefix of dotted numbers ("140"); None for a list numbered "1.", "2." ..."""
    position: str | None = None
    position_unit: str | None = None
    position_span: tuple[int, int] | None = None
    restarts: bool = False
    """Set by :func:`full_numbers`: the report's bare lists each start at 1."""
    intro_end: int = 0
    """Where the first item's number starts: the introduction is the text before it."""


@dataclass(frozen=True)
class _Number:
    start: int
    end: int
    head: int
    tail: int | None
    stop: bool
    line_start: bool


def list_paragraphs(doc: Document, pack: LanguagePack) -> list[TextUnit]:
    """The paragraphs under the "Conclusions and/or recommendations" heading (up to the next
    heading of its level), or every paragraph when no heading says so."""
    heading = pack.pattern("recommendations", "conclusions_heading")
    out: list[TextUnit] = []
    level: int | None = None
    for u in doc.units:
        if u.kind == "heading":
            if heading is not None and heading.search(u.text):
                level = u.level or 1
                continue
            if level is not None and (u.level or 1) <= level:
                level = None
        elif u.kind == "paragraph" and level is not None:
            out.append(u)
    return out or doc.paragraphs


def _numbers(text: str, pack: LanguagePack) -> list[_Number]:
    """Every number token that could be an item number, in text order."""
    token = pack.pattern("recommendations", "item_number")
    preceded = pack.pattern("recommendations", "item_preceded")
    not_after = pack.pattern("recommendations", "item_not_after")
    capital = pack.pattern("recommendations", "item_text_start")
    assert token is not None and preceded is not None
    out = []
    for m in token.finditer(text):
        s = m.start()
        before = text[max(0, s - 40) : s].rstrip(" \t")
        if before and not preceded.search(before):
            continue
        if before.endswith(".") and not_after is not None and not_after.search(before):
            continue
        stop = m["stop"] is not None
        tail = int(m["tail"]) if m["tail"] else None
        if not stop and tail is None and (capital is None or not capital.match(text, m.end())):
            continue  # "5 Ratify" counts; "5 per cent", "2008" do not
        out.append(_Number(s, m.end(), int(m["head"]), tail, stop, not before or before.endswith("\n")))
    return out


def find_items(
    text: str, paragraph: int | None, pack: LanguagePack, run_on_from: int | None = None
) -> tuple[list[tuple[_Number, int]], str | None]:
    """The items of the list in ``text``: (printed number, item number k) pairs, and the
    list's dotted prefix (None for "1." lists).

    A list starts with item 1, or with ``run_on_from`` (the item after the last item of
    the previous list) when the report numbers on; the longer walk wins."""
    numbers = _numbers(text, pack)
    intro = pack.pattern("recommendations", "list_intro")
    best: tuple[list[tuple[_Number, int]], str | None] = ([], None)
    dotted_heads = sorted({n.head for n in numbers if n.tail == 1}, key=lambda h: (h != paragraph, h))
    for head in dotted_heads[:2]:
        walk = _walk(numbers, 1, head)
        if walk and len(walk) > len(best[0]) and _introduced(text, walk[0][0].start, intro, dotted=True):
            best = (walk, str(head))
    if best[0]:
        return best
    for first in (1, run_on_from):
        if first is None:
            continue
        walk = _walk(numbers, first, None)
        if not walk or len(walk) <= len(best[0]):
            continue
        if first == 1 and not _introduced(text, walk[0][0].start, intro, dotted=False):
            continue
        if len(walk) == 1 and walk[0][0].start > 0 and first != 1:
            continue
        best = (walk, None)
    return best


def _walk(numbers: list[_Number], first: int, head: int | None) -> list[tuple[_Number, int]]:
    """Items first, first + 1, ... in text order (dotted "head.k" or bare "k").

    When item k is missing but item k + 1 follows, the one number at a line start between
    items k - 1 and k + 1 is item k, misprinted ("128.12" between 129.11 and 129.13 in
    algeria2012.txt, "118.09" for 118.109 in cambodia2014.txt: :func:`is_misprint`); with
    no such number, item k lost its number altogether ("(Ghana); Encourage enhanced
    cooperation ... (Ghana); 5. Maintain ...", india2008.txt): k is missing from the list,
    whose text it stays in, and k + 1 goes on."""
    out: list[tuple[_Number, int]] = []
    k = first
    i = 0

    def matches(n: _Number, k: int) -> bool:
        if head is None:
            return n.tail is None and n.head == k
        return n.head == head and n.tail == k

    while i < len(numbers):
        j = next((x for x in range(i, len(numbers)) if matches(numbers[x], k)), None)
        j1 = next((x for x in range(i, len(numbers)) if matches(numbers[x], k + 1)), None)
        if j is not None and (j1 is None or j < j1):
            pass
        elif out and j1 is not None:
            between = [x for x in range(i, j1) if numbers[x].line_start]
            if len(between) == 1:
                j = between[0]
            else:
                j = j1
                k += 1
        else:
            break
        out.append((numbers[j], k))
        i = j + 1
        k += 1
    return out


def is_misprint(n: _Number, k: int, head: int | None) -> bool:
    """The printed number is not item k of the list."""
    if head is None:
        return n.tail is not None or n.head != k
    return n.head != head or n.tail != k


def _introduced(text: str, start: int, intro: re.Pattern[str] | None, *, dotted: bool) -> bool:
    """The first item follows an introduction that speaks of recommendations (a bare "1."
    must come after the introduction's colon or full stop)."""
    before = text[:start]
    if intro is not None and not intro.search(before):
        return False
    if dotted:
        return True
    tail = before.rstrip()
    return tail.endswith((":", ".", ";")) or tail == ""


def split_item(
    text: str, start: int, end: int, hits: list[Hit], pack: LanguagePack, reviewed: str | None
) -> tuple[int, str, tuple[str, ...], tuple[str, ...]]:
    """(end of the item's span, text without attribution, recommending States, instruments)."""
    note = pack.pattern("recommendations", "read_out_note")
    body = text[start:end]
    if note is not None and (m := note.search(body)):
        end = start + m.start()
        body = text[start:end]
    stripped = body.rstrip()
    while stripped and stripped[-1] in ";.,":
        stripped = stripped[:-1].rstrip()
    end = start + len(stripped)
    groups = _attributions(text, start, end, hits, pack)
    states: list[str] = []
    for gs, ge in groups:
        for h in hits:
            if h.cls == "State" and gs <= h.start and h.end <= ge and h.entity != reviewed and h.entity not in states:
                states.append(h.entity)
    # The text without the attribution: the trailing attribution groups and punctuation go.
    cut = end
    for gs, ge in reversed(groups):
        if text[ge:cut].strip(" \t\n;.,") == "":
            cut = gs
        else:
            break
    own = text[start:cut].strip().rstrip(";.,").rstrip()
    own = re.sub(r"\s*\n\s*", " ", own)
    inside = [(gs, ge) for gs, ge in groups]
    instruments: list[str] = []
    candidates = [h for h in hits if start <= h.start and h.end <= end and h.cls in INSTRUMENT_CLASSES]
    part_of = pack.pattern("recommendations", "instrument_part_of")
    for h in candidates:
        if any(gs <= h.start < ge for gs, ge in inside):
            continue
        if part_of is not None and part_of.search(text[max(start, h.start - 60) : h.start]):
            continue  # "the new optional protocol to the Convention ...": not the Convention
        if any(o is not h and o.start <= h.start and h.end <= o.end and (o.end - o.start) > (h.end - h.start) for o in candidates):
            continue  # a name nested in a longer instrument name is part of that name
        if h.entity not in instruments:
            instruments.append(h.entity)
    return end, own, tuple(states), tuple(instruments)


def _attributions(text: str, start: int, end: int, hits: list[Hit], pack: LanguagePack) -> list[tuple[int, int]]:
    """The parenthesised groups of text[start:end] that name only States."""
    glue = pack.pattern("recommendations", "attribution_glue")
    out = []
    for gs, ge in _groups(text, start, end):
        names = [h for h in hits if h.cls == "State" and gs < h.start and h.end < ge]
        if not names:
            continue
        residue = []
        pos = gs + 1
        for h in sorted(names, key=lambda h: h.start):
            if h.start < pos:
                continue
            residue.append(text[pos : h.start])
            pos = h.end
        residue.append(text[pos : ge - 1])
        rest = "".join(residue)
        named = sum(h.end - h.start for h in names)
        # Besides "and", commas and semicolons, a misprint may leave a few characters; a
        # parenthesis that only mentions a State in passing leaves more than the names.
        if (glue is not None and glue.match(rest)) or len(rest.strip()) < named / 2:
            out.append((gs, ge))
    return out


def _groups(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The outermost parenthesised groups of text[start:end] ("(Iran (Islamic Republic of))"
    is one group); a group left open at the end runs to the end."""
    out = []
    depth = 0
    opened = start
    for i in range(start, end):
        ch = text[i]
        if ch == "(":
            if depth == 0:
                opened = i
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
            if depth == 0:
                out.append((opened, i + 1))
    if depth:
        out.append((opened, end))
    return out


def intro_position(intro: str, pack: LanguagePack) -> tuple[str, tuple[int, int]] | None:
    """(position, span) that a list's introduction states: the first phrase of [positions],
    else of [recommendations] list_positions."""
    hits = positions.find_positions(intro, pack)
    if hits:
        return hits[0].position, (hits[0].start, hits[0].end)
    for position, phrases in (pack.get("recommendations", "list_positions") or {}).items():
        for phrase in phrases:
            if (m := re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", intro, re.IGNORECASE)) is not None:
                return position, m.span()
    return None


def list_position(
    doc: Document, unit: TextUnit, intro_end: int, pack: LanguagePack
) -> tuple[str | None, str | None, tuple[int, int] | None]:
    """(position, unit key, span) stated by the introduction, or by the paragraph after the
    list when it speaks of "these recommendations" (step 4)."""
    found = intro_position(unit.text[:intro_end], pack)
    if found:
        return found[0], unit.key, found[1]
    back = pack.pattern("recommendations", "list_back_reference")
    after = [u for u in doc.units if u.ordinal > unit.ordinal and u.kind in ("paragraph", "heading")][:1]
    if back is not None and after and after[0].kind == "paragraph" and back.search(after[0].text):
        hits = positions.find_positions(after[0].text, pack)
        if hits:
            return hits[0].position, after[0].key, (hits[0].start, hits[0].end)
    return None, None, None


def full_numbers(lists: list[RecommendationList], note: str | None = None) -> list[RecommendationList]:
    """Each item's full number (step 5): as printed for dotted lists; for "1." lists, the bare
    number when the numbering runs on across lists, "{paragraph}.{item}" when it restarts."""
    bare = [lst for lst in lists if lst.prefix is None]
    restarts = sum(1 for lst in bare if lst.items and lst.items[0].k == 1) > 1
    out = []
    for lst in lists:
        lst.restarts = restarts and lst.prefix is None
        numbered = []
        for it in lst.items:
            numbered.append(_with_number(it, full_number(it.k, lst.prefix, lst.paragraph, lst.restarts), note))
        lst.items = numbered
        out.append(lst)
    return out


def full_number(k: int, prefix: str | None, paragraph: int | None, restarts: bool) -> str:
    """Item k's recommendation number: "140.1" for a dotted list, "86.18" for a "1." list in a
    report whose lists restart at 1, "18" for one whose lists number on.

    >>> full_number(18, None, 86, True), full_number(18, None, 86, False), full_number(1, "140", 140, False)
    ('86.18', '18', '140.1')
    """
    if prefix is not None:
        return f"{prefix}.{k}"
    return f"{paragraph}.{k}" if restarts else str(k)


def _with_number(it: Item, number: str, note: str | None) -> Item:
    irregular = note.format(printed=it.printed, resolved=number) if it.misprinted and note else None
    return replace(it, number=number, irregular=irregular)


def read_list(
    text: str, paragraph: int | None, pack: LanguagePack, hits: list[Hit], reviewed: str | None, run_on_from: int | None = None
) -> tuple[list[Item], str | None] | None:
    """The items of the list in one paragraph's ``text`` (``hits``: the Gazetteer's names in
    it) and the list's dotted prefix; None when the paragraph holds no recommendation list.
    Items have no full number yet (:func:`full_numbers`)."""
    walk, prefix = find_items(text, paragraph, pack, run_on_from)
    if not walk:
        return None
    starts = [h.start for h in hits]
    items: list[Item] = []
    for i, (n, k) in enumerate(walk):
        stop = walk[i + 1][0].start if i + 1 < len(walk) else len(text)
        start = n.end
        while start < stop and text[start].isspace():
            start += 1
        own_hits = hits[bisect_left(starts, start) : bisect_left(starts, stop)]
        end, own, states, instruments = split_item(text, start, stop, own_hits, pack, reviewed)
        printed = text[n.start : n.end].rstrip(".")
        item = Item(k, printed, n.start, n.start + len(printed), start, max(end, start), own, states, instruments)
        items.append(replace(item, misprinted=is_misprint(n, k, int(prefix) if prefix else None)))
    if sum(1 for it in items if text[: it.end].endswith(")")) * 2 < len(items):
        # Numbered comments, not recommendations: their items carry no attribution ("With
        # regard to the other recommendations, the State under review offers the following
        # comments: 1. While independence of the judiciary ...", bahrain2008.txt).
        return None
    return items, prefix


def find_lists(doc: Document, pack: LanguagePack, gazetteer: Gazetteer, reviewed: str | None) -> list[RecommendationList]:
    """Every recommendation list of a Working Group report, with full numbers and positions."""
    lists: list[RecommendationList] = []
    last_k: int | None = None
    for unit in list_paragraphs(doc, pack):
        run_on = (last_k + 1) if last_k else None
        if not find_items(unit.text, unit.number, pack, run_on)[0]:
            continue
        found = read_list(unit.text, unit.number, pack, gazetteer.find(unit.text), reviewed, run_on)
        if found is None:
            continue
        items, prefix = found
        lst = RecommendationList(unit.key, unit.number, items, prefix, intro_end=items[0].number_start)
        lst.position, lst.position_unit, lst.position_span = list_position(doc, unit, lst.intro_end, pack)
        lists.append(lst)
        if prefix is None:
            last_k = items[-1].k
    return full_numbers(lists, pack.get("recommendations", "misprint_note"))


def resolve_bare(numbers: tuple[str, ...], unit: TextUnit, doc: Document, lists: list[RecommendationList]) -> tuple[str, ...]:
    """A reference without a prefix in a paragraph after the lists ("Kazakhstan considers that
    recommendations Nos. 7, 8, 9 ... above have already been implemented", kazakhstan2010.txt)
    names items of the nearest list above it: in a report whose lists restart at 1, or print
    the "92." prefix, "18" is that list's item 18 ("95.18", "92.18"). Numbers that list does
    not have, and references in a report numbered on across its lists, are left as printed."""
    if not numbers or any("." in n for n in numbers):
        return numbers
    above = [lst for lst in lists if doc.unit(lst.unit).ordinal < unit.ordinal]
    if not above:
        return numbers
    lst = above[-1]
    if lst.prefix is None and not lst.restarts:
        return numbers
    head = lst.prefix or str(lst.paragraph)
    known = {it.k for it in lst.items}
    if not all(int(n) in known for n in numbers):
        return numbers
    return tuple(f"{head}.{n}" for n in numbers)


__all__ = [
    "Item",
    "RecommendationList",
    "find_items",
    "find_lists",
    "full_number",
    "full_numbers",
    "intro_position",
    "list_paragraphs",
    "list_position",
    "read_list",
    "resolve_bare",
    "split_item",
]
