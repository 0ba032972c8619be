"""Structure stage: RawDocument -> Document (header, headings, numbered paragraphs, footnotes).

Reads the words it looks for from the language pack (mappings/language/en.toml, [header]
and [structure]) and resolves the State under review, the original language and the UPR
cycle through the reference data (mappings/reference/, mappings/lookup/).

The steps, in order:

1. :func:`split_header` — the masthead and title block are the lines before numbered
   paragraph 1.
2. :func:`parse_header` — body, organ, session, agenda item, date of issue ("Distr."),
   original language, symbol, State under review, document kind.
3. :func:`build_units` — headings, numbered paragraphs (continuation lines and page breaks
   joined, bullet items kept one per line), unnumbered text blocks, footnotes. Text
   extracted from PDF has no heading markup: Roman ("I."), lettered ("A.") and
   "Introduction" headings are read from the line; the annex ends the body; a body line
   after a page's footnotes goes back to the paragraph it continues. A paragraph number is
   read only when it is the next one: alone on its line, without its full stop, run into
   the line before ("... (Brazil). 69. The recommendations ...") or after one the extraction
   lost; in a Working Group report an item "87." of a list stays an item when the layout
   says the list goes on (items stay in their list paragraph, one per line); in an addendum
   a line made only of recommendation numbers ("140.82-85, 87") heads the text on them.
4. :func:`resolve_review` — State (ISO 3166 alpha-3) and UPR cycle, the cycle derived from
   the session by the calendar in mappings/reference/upr-calendar.ttl.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from .errors import InputError
from .language import LanguagePack, available, load, ordinal_value
from .model import Document, Header, Marker, RawDocument, RawLine, Review, TextUnit
from .reference import Reference

_TERMINAL_CHARS = ".!?:;)”»\"'…"
_TERMINAL = re.compile(f"[{re.escape(_TERMINAL_CHARS)}]\\s*$")
"""Text that has ended: its last character but spaces ends a sentence or clause."""


def split_header(raw: RawDocument, pack: LanguagePack) -> tuple[list[RawLine], list[RawLine]]:
    """Header lines (before numbered paragraph 1) and body lines."""
    para = pack.pattern("structure", "paragraph")
    alone = pack.pattern("structure", "paragraph_alone")
    for i, line in enumerate(raw.lines):
        if line.heading_level is not None or line.footnote is not None:
            continue
        m = para.match(line.text) or alone.match(line.text)
        if m and int(m.group("number")) == 1:
            # Headings right before paragraph 1 ("Introduction") belong to the body.
            start = i
            while start > 0 and _is_body_heading(raw.lines[start - 1], pack):
                start -= 1
            return raw.lines[:start], raw.lines[start:]
    raise InputError("no numbered paragraphs found (expected a paragraph '1.'); is this a UPR document?", path=raw.path)


def _is_body_heading(line: RawLine, pack: LanguagePack) -> bool:
    """A Roman-numbered, lettered or plain ("Introduction") heading."""
    text = line.text.strip()
    toc = pack.pattern("structure", "toc_line")
    if toc is not None and toc.search(text):
        return False
    return any(
        (p := pack.pattern("structure", key)) is not None and p.match(text)
        for key in ("roman_heading", "lettered_heading", "plain_heading")
    )


def parse_date(text: str, pack: LanguagePack) -> dt.date | None:
    months: dict[str, int] = pack.get("dates", "months", {})
    if m := pack.pattern("dates", "day_month_year").search(text):
        return dt.date(int(m["year"]), months[m["month"]], int(m["day"]))
    if m := pack.pattern("dates", "numeric").search(text):
        return dt.date(int(m["year"]), int(m["month"]), int(m["day"]))
    return None


def parse_header(
    lines: list[RawLine], pack: LanguagePack, reference: Reference, path, body: list[RawLine] | None = None
) -> Header:
    """Read the masthead. Each field comes from a pattern of the pack's [header] section; the
    scraped cycle 1-2 reports run masthead lines together ("Human Rights Council Eighteenth
    session", "Distr.: General 16 June 2010") and glue or capitalise the title, which the
    lenient patterns of [structure] read when the [header] ones do not match. ``body`` (the
    lines after the header) recognises a report whose header lost its title."""
    h = Header()
    p = lambda key: pack.pattern("header", key)  # noqa: E731
    s = lambda key: pack.pattern("structure", key)  # noqa: E731
    texts = _join_wrapped_title([ln.text.strip() for ln in lines if ln.text.strip()], p("report_title"))
    after_distr = False
    seen_title = False
    for i, text in enumerate(texts):
        if (m := p("distribution").match(text)) or _matches(s("distribution_lenient"), text):
            after_distr = True
            h.issued = h.issued or _masthead_date(text, pack)
            if h.language is None and (m := _search(s("original_in_line"), text)):
                h.language = reference.language_tag(m["value"])  # "Distr.: General 5 July 2012 English Original: English/French"
            continue
        if after_distr and h.issued is None and (m := p("date").match(text)):
            h.issued = parse_date(m["value"], pack)
            continue
        if after_distr and h.issued is None and i < 10 and (found := _masthead_date(text, pack)):
            h.issued = found  # "A/HRC/8/22 22 May 2008", "20 JULY 2009" (scraped mastheads)
        if m := p("original").match(text):
            h.language = reference.language_tag(m["value"]) or reference.language_tag(re.split(r"[\s/]+", m["value"])[0])
            continue
        if m := p("session").match(text):
            h.session = ordinal_value(m["ordinal"], pack)
            continue
        if h.session is None and (found_session := _session_in_line(text, pack)) is not None:
            h.session = found_session
        if m := p("agenda_item").match(text):
            h.agenda_item = int(m["number"])
            continue
        if m := p("organ").match(text):
            h.organ = m["value"]
            continue
        if m := p("body").match(text):
            h.body = m["value"]
            continue
        if (m := p("session_dates").match(text)) and h.session is not None and h.session_dates is None:
            h.session_dates = m["value"]
            continue
        if m := p("report_title").match(text.rstrip("*").rstrip()):
            h.title = m["value"]
            seen_title = True
            continue
        if h.title is None and _matches(s("report_title_lenient"), text):
            h.title = pack.get("structure", "report_title_text")
            seen_title = True
            continue
        if seen_title and p("addendum").match(text):
            h.kind = "addendum"
            continue
        if m := p("views_title").match(text):
            h.title = f"{h.title}: {m['value']}" if h.title else m["value"]
            continue
        if h.symbol is None and (m := p("symbol").match(text)):
            h.symbol = m["value"]
            continue
        if seen_title and h.state_name is None and (name := _state_name(text, pack, reference)):
            h.state_name = name
            continue
    if h.title is None and body and _matches(s("wg_intro"), " ".join(ln.text for ln in body[:12])):
        # peru2008.txt prints no title; its paragraph 1 says what it is.
        h.title = pack.get("structure", "report_title_text")
        h.state_name = h.state_name or next((n for t in texts if (n := _state_name(t, pack, reference))), None)
    if h.title is None:
        raise InputError(
            "not a UPR document: no 'Report of the Working Group on the Universal Periodic Review' title in its header",
            path=path,
        )
    if h.kind is None:
        h.kind = "wg-report"
    return h


def _search(pattern: re.Pattern[str] | None, text: str) -> re.Match[str] | None:
    return pattern.search(text) if pattern is not None else None


def _masthead_date(text: str, pack: LanguagePack) -> dt.date | None:
    """The date of a masthead line, its month possibly in capitals ("20 JULY 2009")."""
    return parse_date(text, pack) or parse_date(re.sub(r"[A-Z]{3,}", lambda m: m.group(0).capitalize(), text), pack)


def _matches(pattern: re.Pattern[str] | None, text: str) -> bool:
    return pattern is not None and pattern.search(text) is not None


def _session_in_line(text: str, pack: LanguagePack) -> int | None:
    """"HUMAN RIGHTS COUNCIL Eighth session Agenda item 6" -> 8 (an ordinal word only)."""
    pattern = pack.pattern("structure", "session_in_line")
    organ = pack.pattern("structure", "organ_in_line")
    if pattern is None or organ is None or not organ.search(text):
        return None
    m = pattern.search(text)
    return ordinal_value(m["ordinal"], pack) if m else None


def _state_name(text: str, pack: LanguagePack, reference: Reference) -> str | None:
    """The State named by a title-block line, without a footnote sign ("Peru *", "Bahrain .")."""
    if reference.state_by_name(text):
        return text
    bare = text
    for key in ("state_marks", "state_article"):
        if (pattern := pack.pattern("structure", key)) is not None:
            bare = pattern.sub("", bare)
    return bare if bare and bare != text and reference.state_by_name(bare) else None


def _join_wrapped_title(texts: list[str], title) -> list[str]:  # noqa: ANN001
    """Text extracted from PDF wraps the report title ("... Universal Periodic" / "Review*")."""
    out: list[str] = []
    i = 0
    while i < len(texts):
        text = texts[i]
        if not title.match(text.rstrip("*").rstrip()):
            for span in (1, 2):
                joined = " ".join(texts[i : i + span + 1])
                if i + span < len(texts) and title.match(joined.rstrip("*").rstrip()):
                    text, i = joined, i + span
                    break
        # A title line wrapped before a lower-case word ("... voluntary commitments" /
        # "and replies presented by the State under review").
        while i + 1 < len(texts) and texts[i + 1][:1].islower() and not text.endswith((".", ":")):
            text, i = f"{text} {texts[i + 1]}", i + 1
        out.append(text)
        i += 1
    return out


@dataclass
class _Unit:
    kind: str
    number: int | None
    level: int | None
    page: int
    parts: list[str] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    items: list[tuple[int, int]] = field(default_factory=list)
    length: int = 0
    indent: int = 0
    """Indentation of the unit's first line."""
    number_line: bool = False
    """A heading made only of recommendation numbers ("140.11-14"): the text under it is a block."""

    def add(self, line: RawLine, sep: str, text: str | None = None) -> None:
        text = line.text if text is None else text
        shift = len(line.text) - len(text)  # characters cut from the start of line.text
        if self.length == 0:
            sep = ""
            self.indent = line.indent
        elif sep == " " and self.parts and self.parts[-1].endswith("-") and not self.parts[-1].endswith(" -"):
            sep = ""  # a line broken after a hyphen: keep the hyphen, drop the space
        start = self.length + len(sep)
        self.parts.append(sep + text)
        for mk in line.markers:
            self.markers.append(Marker(start + max(0, mk.offset - shift), mk.number))
        self.length = start + len(text)
        if line.bullet:
            self.items.append((start, self.length))

    @property
    def text(self) -> str:
        return "".join(self.parts)

    @property
    def ended(self) -> bool:
        """``_TERMINAL.search(self.text)``, from the last part that is not all spaces: the
        builder asks at every line, and joining a long paragraph (a recommendation list of
        several hundred lines) and scanning it each time made the structure step quadratic."""
        for part in reversed(self.parts):
            stripped = part.rstrip()
            if stripped:
                return stripped[-1] in _TERMINAL_CHARS
        return False


class _Builder:
    """Reads body lines one at a time into units (see :func:`build_units` for the rules)."""

    def __init__(self, pack: LanguagePack, kind: str | None, body_levels: list[int]):
        self.kind = kind
        self.body_levels = body_levels
        self.pattern = lambda key: pack.pattern("structure", key)
        self.settings: dict = pack.data.get("structure", {})
        self.heading_max = int(self.settings.get("heading_max", 160))
        self.number_line = _number_line_pattern(pack)
        self.units: list[_Unit] = []
        self.current: _Unit | None = None
        self.body: _Unit | None = None
        """The last paragraph or block: where body text continues after a footnote."""
        self.last_para = 0
        self.pending_number: int | None = None
        self.in_notes = False
        self.list_next: int | None = None
        """In a Working Group report, the next item number ("k.") of the list the current
        paragraph opened with a colon; None when no such list is open."""
        self.skip_note = False
        self.table_header = False
        self.inline = False
        """Feeding the rest of a line split at a run-in paragraph number."""

    def start(self, kind: str, number: int | None, level: int | None, page: int) -> _Unit:
        self.current = _Unit(kind, number, level, page)
        self.units.append(self.current)
        if kind in ("paragraph", "block"):
            self.body = self.current
        if kind != "footnote":
            self.list_next = None
        return self.current

    def feed(self, line: RawLine) -> bool:
        """Add one line; False when the body has ended (the annex starts)."""
        text = line.text.strip()
        if line.rule or not text:
            return True
        if line.cell is not None:
            # A table laid out "Recommendation | Position | Comments": a row opens with the
            # numbers (a number line: a heading); its first row, when it holds no numbers, is
            # the table's header, which is no response's text.
            row, col = line.cell
            if col == 0:
                self.table_header = row == 0 and not self.number_line.match(text)
            if self.table_header:
                return True
        if line.footnote is not None:
            self.start("footnote", line.footnote, None, line.page).add(line, "")
            return True
        if line.heading_level is not None:
            self.markup_heading(line, text)
            return True
        if self.text_furniture(line, text):
            return True
        if self.last_para and _matches(self.pattern("annex_heading"), text):
            return False
        if _matches(self.pattern("notes_heading"), text):
            # The footnote block of text input ("Notes", cotedivoire2010.txt): no response text.
            self.in_notes = True
            self.current = None
            return True
        if self.current is not None and self.current.kind == "footnote" and not self.continues_footnote(line, text):
            self.current = self.body
        if (cut := self.run_in(text)) is not None:
            head, tail = _split_line(line, cut)
            if not self.feed(head):
                return False
            self.inline = True
            try:
                return self.feed(tail)
            finally:
                self.inline = False
        if self.pending_number is not None:
            self.start("paragraph", self.pending_number, None, line.page).add(line, "")
            self.pending_number = None
            return True
        if self.numbered_paragraph(line, text) or (not self.inline and self.text_heading(line, text)):
            return True
        current = self.current
        if current is None:
            return True
        if self.inline:
            current.add(line, " ")  # the rest of a line split at a run-in number
        elif line.bullet and current.kind == "paragraph":
            current.add(line, "\n")
        elif current.kind == "heading" and (line.blank_before or current.number_line) and not self.in_notes:
            # Text right under a heading that is not a numbered paragraph: an unnumbered block.
            self.start("block", None, None, line.page).add(line, "")
        elif current.kind == "paragraph" and self.list_item(line, text):
            current.add(line, "\n")
        else:
            current.add(line, " ")
        if current.kind == "paragraph" and self.kind == "wg-report":
            self.advance_inline_items(text)
        return True

    def run_in(self, text: str) -> int | None:
        """Where a paragraph number run into this line starts ("... (Brazil). 69. The ..."):
        the next paragraph number (after the one this line may start with), preceded by the
        end of a sentence and followed by a capital letter."""
        pattern = self.pattern("run_in_paragraph")
        if pattern is None or not re.search(r"\d\.", text):
            return None
        target = (self.pending_number or self.last_para) + 1
        m = self.pattern("paragraph").match(text) or self.pattern("paragraph_no_stop").match(text)
        if m and int(m["number"]) == target:
            target += 1
        for found in pattern.finditer(text):
            if int(found["number"]) == target:
                return found.start("number")
        return None

    def advance_inline_items(self, text: str) -> None:
        """Items run into a line ("... (France); 5. Ratify ...") move the open list on, so
        that a later "6." is known as an item, not paragraph 6."""
        for m in _INLINE_ITEM.finditer(text):
            before = text[: m.start()].rstrip()
            if not before or before[-1] not in ":;.)":
                continue
            k = int(m.group(1))
            if self.list_next is None and k == 1 and before.endswith(":"):
                self.list_next = 2
            elif self.list_next == k:
                self.list_next = k + 1

    def markup_heading(self, line: RawLine, text: str) -> None:
        """A heading the format marks (Markdown ``#``): its level among the document's levels."""
        if _matches(self.pattern("notes_heading"), text):
            self.in_notes = True
            self.current = None
            return
        self.in_notes = False
        level = self.body_levels.index(line.heading_level) + 1  # type: ignore[arg-type]
        self.start("heading", None, level, line.page).add(line, "")

    def text_furniture(self, line: RawLine, text: str) -> bool:
        """Dropped: a running header the reader left ("A/HRC/8/27 Page 15"), a note called by
        asterisks ("** Conclusions and recommendations have not been edited."), or the line
        after a bare "**" that is its text."""
        if self.skip_note:
            self.skip_note = False
            if not self.pattern("list_item").match(text):
                return True
        if _matches(self.pattern("running_header"), text):
            return True
        m = self.pattern("star_note").match(text) if self.pattern("star_note") else None
        if m is None:
            return False
        if m["text"] is None:
            self.skip_note = True
        return True

    def continues_footnote(self, line: RawLine, text: str) -> bool:
        """After a footnote body, a line continues it only on the same page, with no blank
        line before it, when it is not the start of a numbered unit and the body text it
        could otherwise continue has ended (slovenia-A-HRC-59-15.txt: the end of paragraph 7
        comes on page 3, after footnotes 1-3 of page 2)."""
        note = self.current
        assert note is not None
        if line.page != note.page or line.blank_before:
            return False
        if self.pattern("paragraph").match(text) or self.pattern("paragraph_alone").match(text):
            return False
        if self.kind == "wg-report" and self.pattern("list_item").match(text):
            return False
        body = self.body
        return not (body is not None and note.ended and not body.ended)

    def numbered_paragraph(self, line: RawLine, text: str) -> bool:
        """"12. Text" or "12." alone, when 12 is the next paragraph number and not an item of
        the list the current paragraph opened. "14. Text" after paragraph 12 when the text
        before it ended: paragraph 13 lost its number in the extraction (its text stays in
        paragraph 12)."""
        m = self.pattern("paragraph").match(text)
        ended = self.current is None or line.blank_before or self.current.ended
        skip = int(self.kind is not None and self.last_para > 0) * int(self.settings.get("paragraph_skip", 0))
        if m and not line.bullet:
            n = int(m["number"])
            if (n == self.last_para + 1 or (ended and self.last_para + 1 < n <= self.last_para + skip + 1)) and not self.is_item(n, line):
                self.last_para = n
                self.in_notes = False
                cut = line.text.index(m["text"])
                self.start("paragraph", n, None, line.page).add(line, "", line.text[cut:])
                return True
        m = self.pattern("paragraph_alone").match(text)
        if m and int(m["number"]) == self.last_para + 1 and not self.is_item(int(m["number"]), line):
            self.last_para += 1
            self.pending_number = self.last_para
            return True
        m = self.pattern("paragraph_no_stop").match(text) if self.pattern("paragraph_no_stop") else None
        if m and int(m["number"]) == self.last_para + 1 and ended and not line.bullet and not self.is_item(int(m["number"]), line):
            self.last_para += 1
            self.in_notes = False
            cut = line.text.index(m["text"])
            self.start("paragraph", self.last_para, None, line.page).add(line, "", line.text[cut:])
            return True
        return False

    def is_item(self, number: int, line: RawLine) -> bool:
        """Item "87." of an open list, not paragraph 87: the list expects 87 and the layout
        says the list goes on (the item is indented deeper than its paragraph, or the
        previous item ended with ";" or "," as items do; the last item ends with ".")."""
        current = self.current
        if self.kind != "wg-report" or current is None or current.kind != "paragraph" or self.list_next != number:
            return False
        return line.indent > current.indent or current.text.rstrip().endswith((";", ",", ":"))

    def list_item(self, line: RawLine, text: str) -> bool:
        """A recommendation item at the start of a line of a Working Group report: it stays in
        the paragraph, on a line of its own."""
        if self.kind != "wg-report":
            return False
        m = self.pattern("list_item").match(text)
        if m is None:
            return False
        number = m["number"]
        if "." not in number:
            k = int(number)
            current = self.current
            assert current is not None
            if k == 1 and current.text.rstrip().endswith((":", ".")):
                self.list_next = 2
            elif self.list_next == k:
                self.list_next = k + 1
            else:
                return False
        return True

    def heading_allowed(self, line: RawLine, text: str) -> bool:
        """A heading line of text input: short, not ending like a clause, and standing where
        a heading can (after a blank line, a heading, or a unit that has ended)."""
        if len(text) > self.heading_max or text.endswith((",", ";")) or _matches(self.pattern("toc_line"), text):
            return False
        current = self.current
        if line.blank_before or current is None or current.kind == "heading":
            return True
        return current.ended or _matches(self.pattern("known_heading"), text)

    def text_heading(self, line: RawLine, text: str) -> bool:
        """Headings of text input: Roman (level 1), lettered (2), "Introduction" (1) and, in an
        addendum, a line made only of recommendation numbers (2) that heads the text on them."""
        level = None
        if self.heading_allowed(line, text):
            if _matches(self.pattern("roman_heading"), text) or _matches(self.pattern("plain_heading"), text):
                level = 1
            elif _matches(self.pattern("lettered_heading"), text):
                level = 2
        number_line = False
        if level is None and self.kind == "addendum" and self.number_line.match(text) and not self.list_continues():
            level, number_line = 2, True
        if level is None:
            return False
        self.in_notes = False
        unit = self.start("heading", None, level, line.page)
        unit.number_line = number_line
        unit.add(_close_gap(line), "")
        return True

    def list_continues(self) -> bool:
        """The current paragraph is a list still open ("140.251," before "140.254.")."""
        current = self.current
        return current is not None and current.kind in ("paragraph", "block") and not current.ended


_INLINE_ITEM = re.compile(r"(?<![\w.,/])(\d{1,3})\.(?=\s)")


def _split_line(line: RawLine, cut: int) -> tuple[RawLine, RawLine]:
    """``line`` split at offset ``cut`` of its text; markers go with their half."""
    head_text = line.text[:cut].rstrip()
    head = replace(line, text=head_text, markers=tuple(mk for mk in line.markers if mk.offset <= len(head_text)))
    tail_markers = tuple(Marker(mk.offset - cut, mk.number) for mk in line.markers if mk.offset > len(head_text))
    tail = replace(line, text=line.text[cut:], markers=tail_markers, blank_before=False, bullet=False)
    return head, tail


def _number_line_pattern(pack: LanguagePack) -> re.Pattern[str]:
    """A line made only of recommendation numbers ("140.82-85, 87", "Rec. 18", "5., 6., 7."),
    from the [recommendations] number, range and list separator patterns."""
    num = pack.get("recommendations", "number")
    dash = pack.get("recommendations", "range_dash")
    sep = pack.get("recommendations", "separator")
    intro = pack.get("recommendations", "introducers")
    item = rf"{num}(?:(?:{dash}){num})?"
    return re.compile(rf"^(?:{intro}\s*)?{item}(?:(?:{sep}){item})*\s*\.?$")


def _close_gap(line: RawLine) -> RawLine:
    """"A.       Presentation ..." -> "A. Presentation ...": the PDF's column gap after a
    heading's numeral is not text (markers after it move with the text)."""
    m = re.match(r"^(\S+)(\s{2,})", line.text)
    if m is None:
        return line
    cut = len(m.group(2)) - 1
    at = m.end(1)
    markers = tuple(Marker(mk.offset - cut if mk.offset > at else mk.offset, mk.number) for mk in line.markers)
    return replace(line, text=line.text[: at + 1] + line.text[m.end() :], markers=markers)


def build_units(lines: list[RawLine], pack: LanguagePack, kind: str | None = None) -> list[TextUnit]:
    """Headings, numbered paragraphs, unnumbered blocks and footnotes, in document order.

    ``kind`` is the document kind ("wg-report", "addendum"): in a Working Group report the
    recommendation items stay in their list paragraph one per line; in an addendum a line
    made only of recommendation numbers heads a block. Text input has no heading markup, so
    Roman, lettered and "Introduction" headings are read from the line itself; the annex
    ends the body.
    """
    body_levels = sorted({ln.heading_level for ln in lines if ln.heading_level is not None})
    builder = _Builder(pack, kind, body_levels)
    for line in lines:
        if not builder.feed(line):
            break
    units = builder.units

    out: list[TextUnit] = []
    counters = {"heading": 0, "block": 0}
    last_heading: str | None = None
    open_headings: list[TextUnit] = []  # the headings enclosing the current position, outermost first
    for ordinal, u in enumerate(units):
        text = u.text
        if u.kind == "heading":
            counters["heading"] += 1
            key = f"heading/{counters['heading']}"
        elif u.kind == "block":
            counters["block"] += 1
            key = f"block/{counters['block']}"
        else:
            key = f"{u.kind}/{u.number}"
        unit = TextUnit(
            kind=u.kind,  # type: ignore[arg-type]
            key=key,
            text=text,
            number=u.number,
            level=u.level,
            markers=u.markers,
            items=u.items,
            heading=None if u.kind in ("heading", "footnote") else last_heading,
            page=u.page,
            ordinal=ordinal,
        )
        if u.kind == "heading":
            # A heading's own "heading" is the enclosing section heading (lower level).
            while open_headings and (open_headings[-1].level or 0) >= (u.level or 0):
                open_headings.pop()
            unit.heading = open_headings[-1].key if open_headings else None
            open_headings.append(unit)
            last_heading = key
        out.append(unit)
    return out


def check_complete(units: list[TextUnit], path) -> None:
    """A document whose last paragraph stops mid-sentence was cut short: refuse it."""
    body = [u for u in units if u.kind in ("paragraph", "block")]
    if not body:
        raise InputError("no numbered paragraphs found", path=path)
    last = body[-1]
    if not _TERMINAL.search(last.text):
        where = f"paragraph {last.number}" if last.number else "its last text block"
        raise InputError(f"the document appears truncated: {where} ends mid-sentence", path=path)


def resolve_review(header: Header, reference: Reference, path) -> Review:
    """The State under review and the UPR cycle (from the WG session, else the HRC session)."""
    if header.state_name is None:
        raise InputError("no State under review found in the header (the line after the report title)", path=path)
    found = reference.state_by_name(header.state_name)
    assert found is not None
    _, iso3 = found
    cycle = None
    if header.wg_session is not None:
        cycle = reference.cycle_for(wg=header.wg_session)
    if cycle is None and header.session is not None:
        cycle = reference.cycle_for(hrc=header.session)
    if cycle is None:
        raise InputError(
            f"cannot derive the UPR cycle: no Working Group or Human Rights Council session in the header "
            f"(found HRC session {header.session})",
            path=path,
        )
    return Review(state_iso3=iso3, state_name=header.state_name, cycle=cycle)


def detect_language(raw: RawDocument) -> str:
    """The language pack whose report title the header shows ("Report of the Working Group on
    the Universal Periodic Review", "Rapport du Groupe de travail sur l'Examen périodique
    universel"); English when none does."""
    head = [ln.text.strip() for ln in raw.lines[:80] if ln.text.strip()]
    for code in available():
        pack = load(code)
        title = pack.pattern("header", "report_title")
        if title is not None and any(title.match(t.rstrip("*").rstrip()) for t in _join_wrapped_title(head, title)):
            return code
    return "en"


def structure(raw: RawDocument, reference: Reference, *, language: str | None = None) -> Document:
    """The document model of ``raw``; ``language`` defaults to the one its header shows."""
    code = language or detect_language(raw)
    pack = load(code)
    header_lines, body_lines = split_header(raw, pack)
    header = parse_header(header_lines, pack, reference, raw.path, body=body_lines)
    units = build_units(body_lines, pack, header.kind)
    if header.wg_session is None and (wg := pack.pattern("header", "wg_session")):
        for u in units:
            if u.kind == "paragraph" and (m := wg.search(u.text)):
                header.wg_session = ordinal_value(m["ordinal"], pack)
                break
    check_complete(units, raw.path)
    review = resolve_review(header, reference, raw.path)
    return Document(path=raw.path, format=raw.format, header=header, units=units, review=review, language=code)
