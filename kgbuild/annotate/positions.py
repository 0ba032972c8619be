"""Recogniser for position phrases ("noted", "accepts", "did not enjoy the support", ...)
and for the totals a document declares ("Kazakhstan noted 35 recommendations",
"received 254 recommendations", "217 are supported and 37 noted").

Phrases come from the language pack's [positions] tables, keyed by the local name of the
position in the ontology (Supported, Noted, PartiallySupported, Pending). Matching is
leftmost-longest on whole words, so "did not enjoy the support" is Noted even though it
contains "enjoy the support".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..language import LanguagePack

POSITIONS = ("Supported", "Noted", "PartiallySupported", "Pending")


@dataclass(frozen=True)
class PositionHit:
    start: int
    end: int
    position: str


@dataclass(frozen=True)
class TotalHit:
    start: int
    end: int
    value: int
    position: str | None
    """None for a total of all recommendations received."""
    value_start: int
    value_end: int


@cache
def _phrase_table(pack: LanguagePack) -> tuple[re.Pattern[str], dict[str, str]]:
    table: dict[str, str] = {}
    for position in POSITIONS:
        for phrase in pack.phrases("positions", position):
            table[phrase.lower()] = position
    names = sorted(table, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)", re.IGNORECASE)
    return pattern, table


def find_positions(text: str, pack: LanguagePack) -> list[PositionHit]:
    pattern, table = _phrase_table(pack)
    idioms = pack.pattern("positions", "not_positions", re.IGNORECASE)
    excluded = [(m.start(), m.end()) for m in idioms.finditer(text)] if idioms else []
    return [
        PositionHit(m.start(), m.end(), table[m.group(0).lower()])
        for m in pattern.finditer(text)
        if not any(s <= m.start() < e for s, e in excluded)
    ]


def position_of_word(word: str, pack: LanguagePack) -> str | None:
    _, table = _phrase_table(pack)
    return table.get(word.lower())


def opens_scope(text: str, pack: LanguagePack) -> bool:
    """A position sentence ending with a colon scopes the headings that follow it."""
    opener = pack.pattern("positions", "scope_opener")
    return bool(opener and opener.search(text))


def find_totals(text: str, pack: LanguagePack) -> list[TotalHit]:
    received = {w.lower() for w in pack.phrases("positions", "received")}
    out: list[TotalHit] = []
    seen: set[int] = set()
    for key in ("declared_total", "declared_total_after"):
        pattern = pack.pattern("positions", key)
        if pattern is None:
            continue
        for m in pattern.finditer(text):
            if m.start("value") in seen:
                continue
            verb = m["verb"].lower()
            position = None if verb in received else position_of_word(verb, pack)
            if position is None and verb not in received:
                continue
            seen.add(m.start("value"))
            value = int(m["value"].replace(",", ""))
            out.append(TotalHit(m.start(), m.end(), value, position, m.start("value"), m.end("value")))
    return out
