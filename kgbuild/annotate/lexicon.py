"""Gazetteer: finds the names of reference entities (States, instruments, institutions).

The names come from mappings/reference/*.ttl through :attr:`Reference.names`. Matching is
case-sensitive, on whole words, leftmost-longest. A "local" name ("the Constitution",
"Ministry of Finance") is matched only in documents about its jurisdiction; a name that
would denote two entities in the same document is ambiguous and not matched at all.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from ..reference import Name, Reference

log = logging.getLogger(__name__)

INSTRUMENT_CLASSES = frozenset({"LegalInstrument", "Treaty", "Constitution", "Code", "Law", "Decree", "Order", "Policy"})


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    entity: str
    cls: str


class Gazetteer:
    """The names that identify entities in the documents about one State."""

    def __init__(self, reference: Reference, state_iri: str | None):
        table: dict[str, dict[str, Name]] = {}
        for name in reference.names:
            if name.scope == "local" and name.jurisdiction != state_iri:
                continue
            table.setdefault(name.text, {})
            # The most specific class wins when one entity is typed twice (Treaty and LegalInstrument).
            prev = table[name.text].get(name.entity)
            if prev is None or prev.cls == "LegalInstrument":
                table[name.text][name.entity] = name
        self.by_text: dict[str, Name] = {}
        for text, entities in table.items():
            if len(entities) == 1:
                self.by_text[text] = next(iter(entities.values()))
            else:
                log.debug("ambiguous name %r: %s", text, sorted(entities))
        names = sorted(self.by_text, key=len, reverse=True)
        self._pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)") if names else None

    def find(self, text: str) -> list[Hit]:
        """Leftmost-longest names, then the names nested inside them ("the President" in
        "Commissioner for ... under the President"), each a hit of its own."""
        if self._pattern is None:
            return []
        hits = []
        for m in self._pattern.finditer(text):
            name = self.by_text[m.group(0)]
            hits.append(Hit(m.start(), m.end(), name.entity, name.cls))
            hits.extend(self._nested(text, m.start(), m.end(), {name.entity}))
        return sorted(hits, key=lambda h: (h.start, -h.end))

    def _nested(self, text: str, start: int, end: int, outer: set[str]) -> list[Hit]:
        assert self._pattern is not None
        out = []
        pos = start + 1
        while pos < end:
            m = self._pattern.search(text, pos, end)
            if m is None:
                break
            name = self.by_text[m.group(0)]
            # A State's name inside another name is part of that name ("Constitution of the
            # Republic of Kazakhstan", "United Kingdom of Great Britain and Northern Ireland").
            if name.entity not in outer and name.cls != "State":
                out.append(Hit(m.start(), m.end(), name.entity, name.cls))
                out.extend(self._nested(text, m.start(), m.end(), outer | {name.entity}))
            pos = m.start() + 1
        return out
