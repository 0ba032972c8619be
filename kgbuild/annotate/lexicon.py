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
        # Names indexed by their first word, longest first: matching is a dictionary look-up
        # at each word start (one regular expression over 2,000 names costs more to compile
        # than a document costs to annotate).
        self._by_first: dict[str, list[str]] = {}
        for text in sorted(self.by_text, key=len, reverse=True):
            first = _WORD.match(text)
            key = first.group(0) if first else text[:1]
            self._by_first.setdefault(key, []).append(text)

    def _match_at(self, text: str, pos: int, end: int, word: str) -> str | None:
        for name in self._by_first.get(word, ()):
            stop = pos + len(name)
            if stop <= end and text.startswith(name, pos) and not (stop < len(text) and _is_word(text[stop]) and _is_word(name[-1])):
                return name
        return None

    def _scan(self, text: str, start: int, end: int) -> list[tuple[int, int, str]]:
        """Leftmost-longest matches in text[start:end], each word start tried once."""
        out = []
        pos = start
        by_first = self._by_first
        for m in _WORD_OR_SIGN.finditer(text, start, end):
            # Most words begin no name: look the word up before anything else.
            if m.group(0) not in by_first:
                continue
            at = m.start()
            if at < pos:
                continue
            if at > 0 and _is_word(text[at - 1]) and _is_word(text[at]):
                continue
            name = self._match_at(text, at, end, m.group(0))
            if name is not None:
                out.append((at, at + len(name), name))
                pos = at + len(name)
        return out

    def find(self, text: str) -> list[Hit]:
        """Leftmost-longest names, then the names nested inside them ("the President" in
        "Commissioner ... under the President"), each a hit of its own."""
        hits = []
        for start, end, name_text in self._scan(text, 0, len(text)):
            name = self.by_text[name_text]
            hits.append(Hit(start, end, name.entity, name.cls))
            hits.extend(self._nested(text, start, end, {name.entity}))
        return sorted(hits, key=lambda h: (h.start, -h.end))

    def _nested(self, text: str, start: int, end: int, outer: set[str]) -> list[Hit]:
        out = []
        for m in _WORD_OR_SIGN.finditer(text, start + 1, end):
            if m.group(0) not in self._by_first or (_is_word(text[m.start() - 1]) and _is_word(text[m.start()])):
                continue
            name_text = self._match_at(text, m.start(), end, m.group(0))
            if name_text is None:
                continue
            name = self.by_text[name_text]
            # A State's name inside another name is part of that name ("Constitution of the
            # Republic of Kazakhstan", "United Kingdom of Great Britain and Northern Ireland").
            if name.entity not in outer and name.cls != "State":
                s, e = m.start(), m.start() + len(name_text)
                out.append(Hit(s, e, name.entity, name.cls))
                out.extend(self._nested(text, s, e, outer | {name.entity}))
        return out


_WORD = re.compile(r"\w+")
_WORD_OR_SIGN = re.compile(r"\w+|[^\w\s]")


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"
