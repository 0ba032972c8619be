"""Recognisers for legal citations: provisions ("article 30 (1) (11) of the Tax Code",
"пункт 3 статьи 4 Конституции Республики Казахстан"), numbered decrees and orders
("Presidential Decrees No. 192 of 10 February 2016 ... and No. 154 of 28 March 2023",
"Приказ от 20.02.2018г. №240"), and adoption dates ("the Media Act of 19 June 2024",
"On 30 November 2022, Kazakhstan adopted the Migration Policy Framework").

Patterns come from the language packs ([citations], [instruments]). Which instrument a
provision belongs to is decided by :func:`instrument_of`, in this order:

1. the instrument named right after it ("article 145 of the Criminal Code"; in Russian the
   genitive follows directly: "статьи 4 Конституции");
2. an anaphor right after it ("of the Act") -> the last instrument of that kind named in
   the same response before it;
3. the instrument of the previous provision cited in the same response ("Similarly,
   article 27 (1) provides ..." after "article 1 of the Rome Statute");
4. the last instrument named before it in the same response, or, for a footnote, before
   the footnote's marker in the calling text ("the Constitution, which provides for the
   immunity of the President,[2]" with footnote 2 "пункт 1 статьи 46").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..language import LanguagePack
from .lexicon import INSTRUMENT_CLASSES, Hit


# The end of a sentence (a full stop that is not part of "No." or "n°").
_SENTENCE_END = re.compile(r"(?<!No)(?<!Nos)(?<!\bn)[.;]\s+[A-ZÀ-ÖØ-Þ]")


@dataclass(frozen=True)
class ProvisionHit:
    start: int
    end: int
    article: str
    paragraph: str | None
    subparagraph: str | None
    tail_end: int
    """End of the text that may name the instrument ("article 6" + " of the Labour Code")."""


@dataclass(frozen=True)
class NumberedHit:
    start: int
    end: int
    type: str
    """Local name of the instrument class (Decree, Order)."""
    number: str
    date: dt.date
    label: str
    """The instrument as printed, completed with its type for items of a list."""


def find_provisions(text: str, pack: LanguagePack) -> list[ProvisionHit]:
    pattern = pack.pattern("citations", "provision")
    if pattern is None:
        return []
    out = []
    for m in pattern.finditer(text):
        out.append(ProvisionHit(m.start(), m.end(), m["article"], m["paragraph"], m["subparagraph"], m.end()))
    return out


def instrument_after(text: str, end: int, hits: list[Hit], pack: LanguagePack) -> Hit | None:
    """Rule 1: the instrument named right after a provision ("of the Criminal Code")."""
    of = pack.pattern("citations", "of_instrument")
    if of is None:
        return None
    m = of.match(text[end:])
    if not m:
        return None
    at = end + m.end()
    for h in hits:
        if h.start == at and h.cls in INSTRUMENT_CLASSES:
            return h
    return None


def anaphor_after(text: str, end: int, pack: LanguagePack) -> tuple[str, int] | None:
    """Rule 2: "of the Act" -> ("Law", end of the anaphor)."""
    table: dict[str, str] = pack.get("citations", "anaphora", {}) or {}
    rest = text[end:]
    for phrase, cls in table.items():
        # The phrase carries its own connector: "of the Act", "de la loi", "de la Ley".
        m = re.match(r"\s*,?\s+" + re.escape(phrase) + r"(?!\w)", rest)
        if m:
            return cls, end + m.end()
    return None


def parse_any_date(text: str, packs: list[LanguagePack]) -> dt.date | None:
    for pack in packs:
        months: dict[str, int] = pack.get("dates", "months", {})
        if (p := pack.pattern("dates", "day_month_year")) and (m := p.search(text)):
            return dt.date(int(m["year"]), months[m["month"]], int(m["day"]))
        if (p := pack.pattern("dates", "numeric")) and (m := p.search(text)):
            return dt.date(int(m["year"]), int(m["month"]), int(m["day"]))
    return None


def find_numbered(text: str, pack: LanguagePack, packs: list[LanguagePack]) -> list[NumberedHit]:
    """Numbered decrees and orders with their number and date."""
    pattern = pack.pattern("instruments", "numbered")
    if pattern is None:
        return []
    types: dict[str, str] = pack.get("instruments", "types", {})
    more = pack.pattern("instruments", "numbered_more")
    out: list[NumberedHit] = []
    for m in pattern.finditer(text):
        type_text = re.sub(r"\s+", " ", m["type"])
        cls = types.get(type_text) or types.get(type_text.split(" ")[0])
        date = parse_any_date(m["date"], packs)
        if cls is None or date is None:
            continue
        singular: dict[str, str] = pack.get("instruments", "singular", {}) or {}
        type_label = singular.get(type_text, type_text)
        label = type_label + m.group(0)[len(m["type"]) :]
        out.append(NumberedHit(m.start(), m.end(), cls, m["number"], date, re.sub(r"\s+", " ", label)))
        # Further items of the same list ("... and No. 154 of 28 March 2023"), by the pack's
        # numbered_more pattern, within the same sentence.
        if more is None:
            continue
        pos = m.end()
        while True:
            mm = more.search(text, pos)
            if mm is None or _SENTENCE_END.search(text, pos, mm.start()):
                break
            d2 = parse_any_date(mm["date"], packs)
            if d2 is None:
                break
            head = re.search(r"\S+\s*$", text[mm.start() : mm.start("number")])
            start = mm.start() + head.start() if head else mm.start("number")
            out.append(NumberedHit(start, mm.end(), cls, mm["number"], d2, f"{type_label} {text[start:mm.end()]}"))
            pos = mm.end()
    return out


def adoption_dates(text: str, hits: list[Hit], pack: LanguagePack, packs: list[LanguagePack]) -> list[tuple[Hit, dt.date, int, int]]:
    """(instrument, date, date start, date end) for "X of DATE" and "On DATE, ... adopted X"."""
    out = []
    after = pack.pattern("instruments", "date_after")
    before = pack.pattern("instruments", "adopted_before")
    for h in hits:
        if h.cls not in INSTRUMENT_CLASSES:
            continue
        if after and (m := after.match(text, h.end)):
            d = parse_any_date(m["date"], packs)
            if d:
                out.append((h, d, m.start("date"), m.end("date")))
                continue
        if before:
            window_start = max(0, h.start - 120)
            m = before.search(text[window_start : h.start])
            if m:
                d = parse_any_date(m["date"], packs)
                if d:
                    out.append((h, d, window_start + m.start("date"), window_start + m.end("date")))
    return out
