"""Annotate stage: Document -> Annotations (spans with offsets, and the responses).

Runs the recognisers of this package over every text unit, then the steps that need the
whole document:

1. :func:`find_responses` — one response per heading that lists recommendations (a section
   heading with sub-headings too, as the parent of theirs), plus one per paragraph that
   states a position and lists numbers after its colon; each with its own text units
   (heading, paragraphs under it, the footnotes they call) and its position: stated in the
   heading, in the paragraph itself, or by the last position sentence ending with a colon
   before it ("Kazakhstan noted the following recommendations:").
2. :func:`resolve_citations` — the instrument of every provision (rules in citations.py).
3. :func:`find_incompatibilities` — "the above provisions of X are incompatible with Y, which
   provides for ...[footnotes]".

Every finding is a :class:`~kgbuild.model.Span` of one text unit; ``docgraph`` writes them
as the document graph and ``map`` turns that into the published vocabulary.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from .. import language
from ..errors import InputError
from ..iri import extend, mint
from ..model import Document, Span, TextUnit
from ..reference import Reference
from . import citations, figures, positions, recommendations, wg_recommendations
from .lexicon import INSTRUMENT_CLASSES, Gazetteer, Hit

log = logging.getLogger(__name__)


@dataclass
class Response:
    key: str
    """``response/{k}``, k = the number of its heading; ``response/p{n}`` for a paragraph list."""
    heading: str | None
    units: list[str]
    position: str | None = None
    position_span: Span | None = None
    parent: str | None = None


@dataclass
class Annotations:
    spans: list[Span] = field(default_factory=list)
    responses: list[Response] = field(default_factory=list)
    prefix: str | None = None
    """The prefix of the review's recommendation numbering ("140"), None when bare."""

    def of_kind(self, kind: str) -> list[Span]:
        return [s for s in self.spans if s.kind == kind]

    def in_unit(self, unit: str, kind: str | None = None) -> list[Span]:
        return [s for s in self.spans if s.unit == unit and (kind is None or s.kind == kind)]


def _packs(doc: Document) -> list[language.LanguagePack]:
    """The pack of the document's language first, then that of its original language (the
    footnotes of a translated UN document often stay in the original: Russian, for Kazakhstan)."""
    codes = [doc.language]
    original = doc.header.language
    if original and original not in codes and original in language.available():
        codes.append(original)
    return [language.load(c) for c in codes]


def annotate(doc: Document, reference: Reference) -> Annotations:
    """All findings of ``doc``; raises InputError when it names no recommendation at all."""
    assert doc.review is not None
    packs = _packs(doc)
    en = packs[0]
    state_iri = reference.state_iri(doc.review.state_iso3)
    gazetteer = Gazetteer(reference, state_iri)
    ann = Annotations()

    # Positions first: a paragraph stating a position opens a list after its colon.
    position_hits: dict[str, list[positions.PositionHit]] = {}
    for u in doc.units:
        if u.kind in ("heading", "paragraph", "block"):
            position_hits[u.key] = positions.find_positions(u.text, en)

    # Recommendation references. A Working Group report lists its recommendations in
    # numbered items (wg_recommendations.py); every other unit, and every addendum, is read
    # for references to them (recommendations.py).
    wg_lists: list[wg_recommendations.RecommendationList] = []
    if doc.header.kind == "wg-report":
        wg_lists = wg_recommendations.find_lists(doc, en, gazetteer, state_iri)
    list_units = {lst.unit for lst in wg_lists}
    items_by_unit: dict[str, list[recommendations.RefItem]] = {}
    next_id = 0
    for u in doc.units:
        if u.kind == "footnote" or u.key in list_units:
            continue
        after_colon = bool(position_hits.get(u.key)) and ":" in u.text
        items = recommendations.find_lists(u.text, en, heading=u.kind in ("heading", "block"), after_colon=after_colon, next_id=next_id)
        next_id += len(items) + 1
        if items:
            items_by_unit[u.key] = items
    all_items = [i for items in items_by_unit.values() for i in items]
    list_prefixes = {lst.prefix for lst in wg_lists}
    ann.prefix = recommendations.review_prefix(all_items) if not wg_lists else (list_prefixes.pop() if len(list_prefixes) == 1 else None)
    ref_spans: dict[str, list[Span]] = {}
    for key, items in items_by_unit.items():
        text = doc.unit(key).text
        for r in recommendations.resolve(items, ann.prefix, text, en):
            value: dict = {"number": list(wg_recommendations.resolve_bare(r.numbers, doc.unit(key), doc, wg_lists))}
            if r.irregular:
                value["irregular"] = r.irregular
            if r.unresolved:
                value["unresolved"] = r.unresolved
            span = Span(key, r.start, r.end, "recommendation-ref", value)
            ann.spans.append(span)
            ref_spans.setdefault(key, []).append(span)
    for lst in wg_lists:
        for it in lst.items:
            ref_value: dict = {"number": [it.number]}
            if it.irregular:
                ref_value["irregular"] = it.irregular
            span = Span(lst.unit, it.number_start, it.number_end, "recommendation-ref", ref_value)
            ann.spans.append(span)
            ref_spans.setdefault(lst.unit, []).append(span)
            value = {"number": it.number, "text": it.text, "textLanguage": doc.language, "states": list(it.states), "instruments": list(it.instruments)}
            if lst.position:
                value["position"] = lst.position
            ann.spans.append(Span(lst.unit, it.start, it.end, "recommendation-item", value))
    if doc.header.kind == "wg-report" and not wg_lists:
        raise InputError(
            "no recommendation list found: no paragraph of 'Conclusions and/or recommendations' introduces "
            "recommendations and numbers them ('1.', '92.1', '140.1')",
            path=doc.path,
        )
    if not any(s.value["number"] or s.value.get("unresolved") for spans in ref_spans.values() for s in spans):
        raise InputError("no recommendation numbers found: is this a UPR Working Group report or addendum?", path=doc.path)

    # Declared totals and position phrases.
    for u in doc.units:
        if u.kind not in ("paragraph", "block"):
            continue
        for t in positions.find_totals(u.text, en):
            value = {"value": t.value}
            if t.position:
                value["position"] = t.position
            ann.spans.append(Span(u.key, t.value_start, t.value_end, "declared-total", value))

    # Names of entities, numbered instruments, dates of adoption.
    hits: dict[str, list[Hit]] = {}
    numbered: dict[str, list[citations.NumberedHit]] = {}
    for u in doc.units:
        hits[u.key] = gazetteer.find(u.text)
        for h in hits[u.key]:
            ann.spans.append(Span(u.key, h.start, h.end, "entity", {"denotes": h.entity, "class": h.cls}))
        found: list[citations.NumberedHit] = []
        for pack in packs:
            found.extend(citations.find_numbered(u.text, pack, packs))
        numbered[u.key] = found
        for n in found:
            iri = str(mint(reference.base, "instrument", doc.review.state_iso3, n.type.lower(), n.date.isoformat(), n.number))
            ann.spans.append(
                Span(
                    u.key,
                    n.start,
                    n.end,
                    "instrument",
                    {
                        "denotes": iri,
                        "class": n.type,
                        "number": n.number,
                        "date": n.date,
                        "label": n.label,
                        "labelLanguage": _language_of(u, doc),
                        "jurisdiction": state_iri,
                    },
                )
            )
            hits[u.key].append(Hit(n.start, n.end, iri, n.type))
        hits[u.key].sort(key=lambda h: h.start)
        for h, date, ds, de in citations.adoption_dates(u.text, hits[u.key], en, packs):
            ann.spans.append(Span(u.key, ds, de, "adoption-date", {"instrument": h.entity, "date": date}))

    ann.responses = find_responses(doc, ann, position_hits, ref_spans, en)
    resolve_citations(doc, ann, hits, packs)
    find_incompatibilities(doc, ann, hits, en)
    find_figures(doc, ann, packs)
    return ann


def _language_of(u: TextUnit, doc: Document) -> str:
    """Footnotes of a translated UN document stay in the original language."""
    if u.kind == "footnote" and doc.header.language and re.search(r"[А-Яа-яЁё]", u.text):
        return doc.header.language
    return doc.language


def _footnotes_called(doc: Document, unit_keys: list[str]) -> list[str]:
    numbers = {u.number for u in doc.footnotes}
    out: list[str] = []
    for key in unit_keys:
        for mk in doc.unit(key).markers:
            if mk.number in numbers and f"footnote/{mk.number}" not in out:
                out.append(f"footnote/{mk.number}")
    return out


def find_responses(
    doc: Document,
    ann: Annotations,
    position_hits: dict[str, list[positions.PositionHit]],
    ref_spans: dict[str, list[Span]],
    en: language.LanguagePack,
) -> list[Response]:
    out: list[Response] = []
    scope: tuple[str, Span] | None = None
    by_heading: dict[str, Response] = {}
    # The recommendation lists of a Working Group report (wg_recommendations.py): each list
    # paragraph is the Response that gives its items the position its introduction states
    # (or the paragraph after it: "These recommendations will be examined by India").
    list_units = {s.unit for s in ann.spans if s.kind == "recommendation-item"}
    for u in doc.units:
        hits = position_hits.get(u.key, [])
        if u.key in list_units:
            intro_end = min(s.start for s in ref_spans.get(u.key, []))
            position, where, at = wg_recommendations.list_position(doc, u, intro_end, en)
            units = [u.key, *_footnotes_called(doc, [u.key])]
            span = None
            if position is not None and where is not None and at is not None:
                span = Span(where, at[0], at[1], "position", {"position": position})
                if span not in ann.spans:
                    ann.spans.append(span)
                if where not in units:
                    units.append(where)
            out.append(Response(f"response/paragraph-{u.number}", None, units, position, span))
            continue
        if u.kind in ("paragraph", "block") and hits and positions.opens_scope(u.text, en):
            h = hits[0]
            scope = (h.position, Span(u.key, h.start, h.end, "position", {"position": h.position}))
            ann.spans.append(scope[1])
        if u.kind in ("paragraph", "block") and hits and u.key in ref_spans and ":" in u.text:
            # "The Government accepts the following recommendations: 140.7, 140.8, ..."
            h = hits[0]
            span = Span(u.key, h.start, h.end, "position", {"position": h.position})
            if span not in ann.spans:
                ann.spans.append(span)
            units = [u.key, *_footnotes_called(doc, [u.key])]
            key = f"paragraph-{u.number}" if u.number is not None else f"block-{u.key.split('/')[-1]}"
            out.append(Response(f"response/{key}", None, units, h.position, span))
            continue
        if u.kind == "heading":
            if hits:
                # "I. Accepted recommendations": the heading states the position of its section.
                h = hits[0]
                scope = (h.position, Span(u.key, h.start, h.end, "position", {"position": h.position}))
                ann.spans.append(scope[1])
            if u.key not in ref_spans:
                continue
            own = [u.key] + [v.key for v in doc.units if v.heading == u.key and v.kind in ("paragraph", "block")]
            own += _footnotes_called(doc, own[1:])
            number = u.key.split("/")[1]
            r = Response(f"response/{number}", u.key, own)
            if scope is not None:
                r.position, r.position_span = scope
            # A block (or table row) whose text opens with a position ("Noted", "Supported. ...")
            # states its own position, over the section's.
            first = next((doc.unit(k) for k in own[1:] if doc.unit(k).kind in ("block", "paragraph")), None)
            own_hits = position_hits.get(first.key, []) if first is not None else []
            if first is not None and own_hits and own_hits[0].start == 0:
                h = own_hits[0]
                r.position_span = Span(first.key, h.start, h.end, "position", {"position": h.position})
                r.position = h.position
                ann.spans.append(r.position_span)
            if u.heading and u.heading in by_heading:
                r.parent = by_heading[u.heading].key
            by_heading[u.key] = r
            out.append(r)
    for r in out:
        if r.position == "PartiallySupported":
            # The part the State supports, quoted on the response (upr:supportedPart).
            for key in r.units:
                if (part := recommendations.supported_part(doc.unit(key).text, en)) is not None:
                    ann.spans.append(Span(key, part[0], part[1], "supported-part", {"response": r.key}))
                    break
            else:
                log.warning("%s: %s is partially supported but its text quotes no supported part", doc.path, r.key)
    if doc.header.kind == "addendum" and ref_spans and not any(r.position for r in out):
        raise InputError(
            "the addendum lists recommendations but no position for them: no heading or paragraph that names "
            "them says 'accepts', 'supports', 'takes note of', 'does not enjoy the support' or another phrase of "
            "[positions] in mappings/language/en.toml",
            path=doc.path,
        )
    return out


def resolve_citations(doc: Document, ann: Annotations, hits: dict[str, list[Hit]], packs: list[language.LanguagePack]) -> None:
    """The instrument of every provision, by the rules in citations.py."""
    markers_at: dict[int, tuple[str, int]] = {}
    for u in doc.units:
        for mk in u.markers:
            markers_at.setdefault(mk.number, (u.key, mk.offset))
    done: set[tuple[str, int]] = set()
    contexts = [r.units for r in ann.responses] + [[u.key] for u in doc.units]
    for units in contexts:
        last_instrument: Hit | None = None
        last_provision_instrument: str | None = None
        by_class: dict[str, Hit] = {}
        for key in units:
            unit = doc.unit(key)
            if unit.kind == "footnote" and unit.number in markers_at:
                # Rule 4 for footnotes: a footnote that names no instrument cites one named
                # before its marker ("the Constitution, which provides for the immunity of
                # the President,[2]"); it outranks the previous citation of the response.
                caller, offset = markers_at[unit.number]
                before = [h for h in hits.get(caller, []) if h.end <= offset and h.cls in INSTRUMENT_CLASSES]
                if before:
                    last_instrument = before[-1]
                    last_provision_instrument = None
            unit_hits = hits.get(key, [])
            for pack in packs:
                for p in citations.find_provisions(unit.text, pack):
                    if (key, p.start) in done:
                        continue
                    instrument = None
                    inst = citations.instrument_after(unit.text, p.end, unit_hits, pack)
                    if inst is not None:
                        instrument = inst.entity
                    elif (ana := citations.anaphor_after(unit.text, p.end, pack)) is not None:
                        cls = ana[0]
                        prior = [h for h in unit_hits if h.end <= p.start and h.cls == cls]
                        found = prior[-1] if prior else by_class.get(cls)
                        instrument = found.entity if found else None
                    elif last_provision_instrument is not None:
                        instrument = last_provision_instrument
                    else:
                        prior = [h for h in unit_hits if h.end <= p.start and h.cls in INSTRUMENT_CLASSES]
                        found = prior[-1] if prior else last_instrument
                        instrument = found.entity if found else None
                    if instrument is None:
                        continue
                    done.add((key, p.start))
                    last_provision_instrument = instrument
                    value = {"instrument": instrument, "article": p.article}
                    if p.paragraph:
                        value["paragraph"] = p.paragraph
                    if p.subparagraph:
                        value["subparagraph"] = p.subparagraph
                    levels = provision_levels(instrument, p.article, p.paragraph, p.subparagraph if p.paragraph else None)
                    value.update(levels)
                    value["provision"] = list(levels.values())[-1]
                    ann.spans.append(Span(key, p.start, p.end, "provision", value))
            for h in unit_hits:
                if h.cls in INSTRUMENT_CLASSES:
                    last_instrument = h
                    by_class[h.cls] = h


def find_incompatibilities(doc: Document, ann: Annotations, hits: dict[str, list[Hit]], pack: language.LanguagePack) -> None:
    """"The above provisions of the Rome Statute are incompatible with the Constitution, which
    provides for the immunity of the President,[2] ..." -> each cited provision of the one
    side is incompatible with each provision of the other side cited in the footnotes the
    sentence calls; without provisions, the instruments themselves."""
    triggers = pack.phrases("incompatibility", "triggers")
    if not triggers:
        return
    trig = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(t) for t in triggers) + r")(?!\w)")
    between = pack.pattern("incompatibility", "between")
    above = pack.pattern("incompatibility", "above_provisions")
    provisions = ann.of_kind("provision")
    for r in ann.responses:
        for key in r.units:
            unit = doc.unit(key)
            if unit.kind == "footnote":
                continue
            for sentence_start, sentence_end in _sentences(unit.text):
                sentence = unit.text[sentence_start:sentence_end]
                unit_hits = [h for h in hits.get(key, []) if sentence_start <= h.start < sentence_end and h.cls in INSTRUMENT_CLASSES]
                if (m := trig.search(sentence)) is not None:
                    t0, t1 = sentence_start + m.start(), sentence_start + m.end()
                    left = [h for h in unit_hits if h.end <= t0]
                    right = [h for h in unit_hits if h.start >= t1]
                    if not left or not right:
                        continue
                    left_inst, right_inst = left[-1].entity, right[0].entity
                    left_side = [left_inst]
                    if above and above.search(unit.text[sentence_start:t0]):
                        earlier = [p for p in provisions if p.unit in r.units and p.value["instrument"] == left_inst and _before(doc, p, key, t0)]
                        if earlier:
                            left_side = _provision_iris(earlier)
                    called = {mk.number for mk in unit.markers if t1 <= mk.offset <= sentence_end}
                    right_side = [right_inst]
                    cited = [p for p in provisions if p.unit in {f"footnote/{n}" for n in called} and p.value["instrument"] == right_inst]
                    if cited:
                        right_side = _provision_iris(cited)
                    ann.spans.append(Span(key, t0, t1, "incompatibility", {"left": left_side, "right": right_side}))
                elif between is not None and (m := between.search(sentence)) is not None:
                    t0, t1 = sentence_start + m.start(), sentence_start + m.end()
                    after = [h for h in unit_hits if h.start >= t1]
                    if len(after) >= 2 and after[0].entity != after[1].entity:
                        ann.spans.append(Span(key, t0, t1, "incompatibility", {"left": [after[0].entity], "right": [after[1].entity]}))


def _before(doc: Document, p: Span, key: str, offset: int) -> bool:
    a, b = doc.unit(p.unit).ordinal, doc.unit(key).ordinal
    return a < b or (a == b and p.end <= offset)


def provision_levels(instrument: str, article: str, paragraph: str | None, subparagraph: str | None) -> dict[str, str]:
    """IRIs of a cited provision and of each level above it (``{instrument}/art-27/para-1``)."""
    levels = {"articleProvision": str(extend(instrument, f"art-{article}"))}
    if paragraph:
        levels["paragraphProvision"] = str(extend(levels["articleProvision"], f"para-{paragraph}"))
        if subparagraph:
            levels["subparagraphProvision"] = str(extend(levels["paragraphProvision"], f"subpara-{subparagraph}"))
    return levels


def _provision_iris(spans: list[Span]) -> list[str]:
    out: list[str] = []
    for s in spans:
        iri = s.value["provision"]
        if iri not in out:
            out.append(iri)
    return out


def _sentences(text: str) -> list[tuple[int, int]]:
    out = []
    start = 0
    for m in re.finditer(r"[.!?](?=\s+[A-ZА-Я“\"]|\s*$)", text):
        out.append((start, m.end()))
        start = m.end()
        while start < len(text) and text[start].isspace():
            start += 1
    if start < len(text):
        out.append((start, len(text)))
    return out


def find_figures(doc: Document, ann: Annotations, packs: list[language.LanguagePack]) -> None:
    """Figures in paragraphs and year series in footnotes (see figures.py)."""
    en = packs[0]
    # Numbers inside a recommendation's own text are the recommending State's words, not
    # figures the document states.
    blocked_kinds = {"recommendation-ref", "recommendation-item", "provision", "instrument", "adoption-date", "declared-total"}
    blocked_by_unit: dict[str, list[tuple[int, int]]] = {}
    for s in ann.spans:
        if s.kind in blocked_kinds:
            blocked_by_unit.setdefault(s.unit, []).append((s.start, s.end))
    for u in doc.units:
        if u.kind == "heading":
            continue
        blocked = list(blocked_by_unit.get(u.key, ()))
        # Dates are not figures.
        for pack in packs:
            for key in ("day_month_year", "numeric", "month_year"):
                if (p := pack.pattern("dates", key)) is not None:
                    blocked += [(m.start(), m.end()) for m in p.finditer(u.text)]
        if u.kind == "footnote":
            for pack in packs:
                blocked += [(s, e) for s, e, _, _ in figures.find_year_series(u.text, pack)]
        figs = figures.find_figures(u.text, blocked, en)
        for i, f in enumerate(figs):
            value: dict = {"value": f.value, "label": f.label, "labelLanguage": _language_of(u, doc)}
            if f.qualifier:
                value["qualifier"] = f.qualifier
            if f.total_of is not None:
                value["totalOf"] = figs[f.total_of].start
            if f.period:
                value["periodStart"], value["periodEnd"] = f.period
            ann.spans.append(Span(u.key, f.start, f.end, "figure", value))
    # Year series in footnotes take their label from the figure the footnote is called after.
    markers_at = {mk.number: (u.key, mk.offset) for u in doc.units for mk in u.markers}
    for u in doc.footnotes:
        for pack in packs:
            series = figures.find_year_series(u.text, pack)
            if not series:
                continue
            anchor_label = None
            if u.number in markers_at:
                caller, offset = markers_at[u.number]
                prior = [s for s in ann.in_unit(caller, "figure") if s.end <= offset]
                if prior:
                    # "As many as 2,000 stateless persons receive ..." -> "stateless persons receive ..."
                    anchor_label = re.sub(r"^.*?\d[\d,.]*\s+", "", prior[-1].value["label"], count=1)
                    if (per_year := en.pattern("figures", "per_year")) is not None:
                        anchor_label = per_year.sub("", anchor_label)
            for s, e, year, value in series:
                label = f"{anchor_label} in {year}" if anchor_label else f"figure for {year}"
                # The label comes from the calling text, in the document's language.
                ann.spans.append(Span(u.key, s, e, "figure", {"value": value, "label": label, "labelLanguage": doc.language, "year": year}))


__all__ = ["Annotations", "Response", "annotate"]

