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
   joined, bullet items kept one per line), unnumbered text blocks, footnotes.
4. :func:`resolve_review` — State (ISO 3166 alpha-3) and UPR cycle, the cycle derived from
   the session by the calendar in mappings/reference/upr-calendar.ttl.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .errors import InputError
from .language import LanguagePack, available, load, ordinal_value
from .model import Document, Header, Marker, RawDocument, RawLine, Review, TextUnit
from .reference import Reference

_TERMINAL = re.compile(r"[.!?:;)”»\"'…]\s*$")


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
    if line.heading_level is not None and line.heading_level >= 2:
        return bool(pack.pattern("structure", "roman_heading").match(line.text))
    return bool(pack.pattern("structure", "roman_heading").match(line.text))


def parse_date(text: str, pack: LanguagePack) -> dt.date | None:
    months: dict[str, int] = pack.get("dates", "months", {})
    if m := pack.pattern("dates", "day_month_year").search(text):
        return dt.date(int(m["year"]), months[m["month"]], int(m["day"]))
    if m := pack.pattern("dates", "numeric").search(text):
        return dt.date(int(m["year"]), int(m["month"]), int(m["day"]))
    return None


def parse_header(lines: list[RawLine], pack: LanguagePack, reference: Reference, path) -> Header:
    """Read the masthead. Each field comes from a pattern of the pack's [header] section."""
    h = Header()
    p = lambda key: pack.pattern("header", key)  # noqa: E731
    texts = _join_wrapped_title([ln.text.strip() for ln in lines if ln.text.strip()], p("report_title"))
    after_distr = False
    seen_title = False
    for i, text in enumerate(texts):
        if m := p("distribution").match(text):
            after_distr = True
            continue
        if after_distr and h.issued is None and (m := p("date").match(text)):
            h.issued = parse_date(m["value"], pack)
            continue
        if m := p("original").match(text):
            h.language = reference.language_tag(m["value"])
            continue
        if m := p("session").match(text):
            h.session = ordinal_value(m["ordinal"], pack)
            continue
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
        if seen_title and p("addendum").match(text):
            h.kind = "addendum"
            continue
        if m := p("views_title").match(text):
            h.title = f"{h.title}: {m['value']}" if h.title else m["value"]
            continue
        if h.symbol is None and (m := p("symbol").match(text)):
            h.symbol = m["value"]
            continue
        if seen_title and h.state_name is None and reference.state_by_name(text):
            h.state_name = text
            continue
    if h.title is None:
        raise InputError(
            "not a UPR document: no 'Report of the Working Group on the Universal Periodic Review' title in its header",
            path=path,
        )
    if h.kind is None:
        h.kind = "wg-report"
    return h


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

    def add(self, line: RawLine, sep: str, text: str | None = None) -> None:
        text = line.text if text is None else text
        shift = len(line.text) - len(text)  # characters cut from the start of line.text
        if self.length == 0:
            sep = ""
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


def build_units(lines: list[RawLine], pack: LanguagePack) -> list[TextUnit]:
    """Headings, numbered paragraphs, unnumbered blocks and footnotes, in document order."""
    para = pack.pattern("structure", "paragraph")
    alone = pack.pattern("structure", "paragraph_alone")
    roman = pack.pattern("structure", "roman_heading")
    notes = pack.pattern("structure", "notes_heading")
    body_levels = sorted({ln.heading_level for ln in lines if ln.heading_level is not None})

    units: list[_Unit] = []
    current: _Unit | None = None
    last_para = 0
    pending_number: int | None = None
    in_notes = False

    def start(kind: str, number: int | None, level: int | None, page: int) -> _Unit:
        nonlocal current
        current = _Unit(kind, number, level, page)
        units.append(current)
        return current

    for line in lines:
        if line.rule or not line.text.strip():
            continue
        text = line.text.strip()
        if line.footnote is not None:
            start("footnote", line.footnote, None, line.page).add(line, "")
            continue
        if line.heading_level is not None:
            if notes.match(text):
                in_notes = True
                current = None
                continue
            in_notes = False
            level = body_levels.index(line.heading_level) + 1
            start("heading", None, level, line.page).add(line, "")
            continue
        if pending_number is not None:
            start("paragraph", pending_number, None, line.page).add(line, "")
            pending_number = None
            continue
        m = para.match(text)
        if m and int(m["number"]) == last_para + 1 and not line.bullet:
            last_para += 1
            in_notes = False
            cut = line.text.index(m["text"])
            start("paragraph", last_para, None, line.page).add(line, "", line.text[cut:])
            continue
        m = alone.match(text)
        if m and int(m["number"]) == last_para + 1:
            last_para += 1
            pending_number = last_para
            continue
        if line.heading_level is None and roman.match(text) and (line.blank_before or current is None):
            start("heading", None, 1, line.page).add(line, "")
            continue
        if current is None:
            continue
        if line.bullet and current.kind == "paragraph":
            current.add(line, "\n")
            continue
        if current.kind == "heading" and line.blank_before and not in_notes:
            # Text right under a heading that is not a numbered paragraph: an unnumbered block.
            start("block", None, None, line.page).add(line, "")
            continue
        current.add(line, " ")

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
    header = parse_header(header_lines, pack, reference, raw.path)
    units = build_units(body_lines, pack)
    if header.wg_session is None and (wg := pack.pattern("header", "wg_session")):
        for u in units:
            if u.kind == "paragraph" and (m := wg.search(u.text)):
                header.wg_session = ordinal_value(m["ordinal"], pack)
                break
    check_complete(units, raw.path)
    review = resolve_review(header, reference, raw.path)
    return Document(path=raw.path, format=raw.format, header=header, units=units, review=review, language=code)
