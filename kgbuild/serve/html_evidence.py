"""Evidence pages: recommendations, responses, instruments and provisions, text units, mentions.

Every link a response makes (upr:respondsTo, upr:cites, upr:mentions, upr:mentionsState)
is backed by upr:Mention resources whose upr:exact is the substring [upr:start, upr:end) of
the rdf:value of their upr:inText (VOCABULARY.md, "Rules"). These pages show that text with
each mention wrapped in <mark> at its offsets, and list the marks in an evidence table. A
mention whose offsets do not give its exact words is not marked (and is logged): the page
never shows evidence the data does not support.

A Working Group report lists every recommendation of a review in one paragraph (40,000
characters in the Slovenian report); such long units are shown by the lines that hold the
mentions the page is about, with a link to the whole text.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pyoxigraph as ox

from ..iri import PREFIXES, UPR
from .html import Insert, Span, esc, facts, highlight, lang_attr, line_windows, link, link_html, table
from .html_views import (
    DCTERMS_LANGUAGE,
    RDF_VALUE,
    by_label,
    capitalised,
    clip,
    heading_html,
    position_html,
    t,
    term_html,
    terms_html,
)

if TYPE_CHECKING:
    from .pages import Site

log = logging.getLogger(__name__)

LONG_UNIT = 1500
"""Text units longer than this (characters) are shown by excerpt on pages about something else."""
WINDOW = 600
LINKS = (("respondsTo", "responds to"), ("cites", "cites"), ("mentions", "mentions"), ("mentionsState", "mentions State"))
PROV_DERIVED = ox.NamedNode(PREFIXES["prov"] + "wasDerivedFrom")
DCTERMS_PART = ox.NamedNode(PREFIXES["dcterms"] + "isPartOf")
SKOS = PREFIXES["skos"]


@dataclass(frozen=True)
class Mention:
    node: ox.NamedNode
    start: int
    end: int
    exact: str
    denotes: frozenset
    unresolved: bool


@dataclass
class Anchors:
    """Ids for the marks of one page, so that evidence tables can point at them."""

    count: int = 0

    def next(self) -> str:
        self.count += 1
        return f"ev-{self.count}"


@dataclass
class UnitView:
    html: str
    rows: list[list[str]] = field(default_factory=list)
    shown: list[Mention] = field(default_factory=list)


def unit_contents(site: Site, unit: ox.NamedNode, root: str) -> tuple[str, str | None, list[Mention], list[Insert]]:
    """A text unit's text, language, mentions (by offset) and footnote calls."""
    value = site.value(unit, RDF_VALUE)
    text = value.value if isinstance(value, ox.Literal) else ""
    lang = value.language if isinstance(value, ox.Literal) and value.language else site.text(unit, DCTERMS_LANGUAGE)
    mentions, calls = [], []
    for m in site.subjects(t("inText"), unit):
        start, end, exact = site.number(m, t("start")), site.number(m, t("end")), site.text(m, t("exact"))
        if start is None:
            continue
        if exact is None or end is None:
            number, footnote = site.text(m, t("markerNumber")), site.value(m, t("refersToFootnote"))
            if number is not None:
                target = site.href(footnote.value, root) if isinstance(footnote, ox.NamedNode) else None
                calls.append(Insert(start, f"<sup>{link_html(target, esc(number), title=f'footnote {number}')}</sup>"))
            continue
        if text[start:end] != exact:
            log.warning("mention %s: offsets [%d, %d) do not give its exact words %r", m.value, start, end, exact)
            continue
        denotes = frozenset(x for x in site.objects(m, t("denotes")) if isinstance(x, ox.NamedNode))
        mentions.append(Mention(m, start, end, exact, denotes, str(UPR["UnresolvedMention"]) in site.types(m)))
    mentions.sort(key=lambda m: (m.start, -m.end, m.node.value))
    return text, lang, mentions, calls


def unit_html(
    site: Site,
    unit: ox.NamedNode,
    root: str,
    anchors: Anchors,
    *,
    mark: Callable[[Mention], bool],
    keep: Callable[[Mention], bool],
    kinds: dict | None = None,
    excerpt: str = "auto",
) -> UnitView | None:
    """One text unit with the mentions ``mark`` selects in <mark>, and their evidence rows.

    ``excerpt``: "never" shows the whole text; "auto" shows a long unit by the lines of the
    mentions ``keep`` selects; "always" shows only those lines (None when there are none).
    """
    text, lang, mentions, calls = unit_contents(site, unit, root)
    kept = [(m.start, m.end) for m in mentions if keep(m)]
    windows = [(0, len(text))]
    if excerpt == "always" or (excerpt == "auto" and len(text) > LONG_UNIT):
        if kept:
            windows = line_windows(text, kept, WINDOW)
        elif excerpt == "always":
            return None
        else:
            windows = [(0, min(len(text), WINDOW))]
    view = UnitView("")
    spans = []
    for m in mentions:
        if not mark(m) or not any(a <= m.start < b for a, b in windows):
            continue
        anchor = anchors.next()
        targets = by_label(site, [d for d in m.denotes if not kinds or d in kinds] or m.denotes)
        title = "; ".join(f"{(kinds or {}).get(d, 'names')}: {site.label(d)}" for d in targets[:4])
        cls = "unresolved" if m.unresolved else "focus" if keep(m) and excerpt != "never" else ""
        spans.append(Span(m.start, m.end, title, cls, anchor))
        view.shown.append(m)
        for d in targets:
            evidence = f'<a href="#{anchor}">“{esc(clip(m.exact, 80))}”</a>'
            view.rows.append([esc((kinds or {}).get(d, "names")), term_html(site, d, root), evidence, term_html(site, unit, root)])
    pieces = [highlight(text, spans, calls, lo=a, hi=b) for a, b in windows]
    gap = '<span class="muted"> … </span>'
    body = (gap if windows[0][0] > 0 else "") + gap.join(pieces) + (gap if windows[-1][1] < len(text) else "")
    cut = windows != [(0, len(text))]
    where = term_html(site, unit, root) + (' <span class="muted">(excerpt; the link shows the whole text)</span>' if cut else "")
    view.html = f'<div class="unit"><div class="where">{where}</div><div class="text"{lang_attr(lang)}>{body}</div></div>'
    return view


def is_mention(node) -> Callable[[Mention], bool]:
    """A selector of the one mention ``node``."""
    return lambda m: m.node == node


def ordered_units(site: Site, response: ox.NamedNode) -> list[ox.NamedNode]:
    """A response's heading, paragraphs and footnotes in document order."""
    units = {u for u in site.objects(response, t("heading")) + site.objects(response, PROV_DERIVED) if isinstance(u, ox.NamedNode)}
    return sorted(units, key=lambda u: (site.number(u, t("order")) or 0, u.value))


def response_order(site: Site, response: ox.NamedNode) -> tuple:
    units = ordered_units(site, response)
    doc = site.value(response, t("inDocument"))
    return (site.label(doc) if doc else "", site.number(units[0], t("order")) if units else 0, response.value)


def response_links(site: Site, response: ox.NamedNode) -> tuple[dict, dict[str, list]]:
    """The targets of a response's links: target -> verb, and link name -> targets."""
    kinds: dict = {}
    linked: dict[str, list] = {}
    for name, verb in LINKS:
        linked[name] = by_label(site, [o for o in site.objects(response, t(name)) if isinstance(o, ox.NamedNode)])
        for o in linked[name]:
            kinds.setdefault(o, verb)
    return kinds, linked


def evidence_table(rows: list[list[str]]) -> str:
    if not rows:
        return ""
    return "<details><summary>Evidence of the links shown</summary>" + table(["Link", "To", "Evidence", "In"], rows) + "</details>"


def response_block(site: Site, response: ox.NamedNode, root: str, anchors: Anchors, *, focus: set, level: int = 3) -> str:
    """A response: its position, links, and text units with the evidence of its links marked."""
    kinds, linked = response_links(site, response)
    more = site.href(response.value, root)
    rows = [
        ("Position", position_html(site, site.objects(response, t("position")), root)),
        ("Document", terms_html(site, site.objects(response, t("inDocument")), root)),
        ("Part of", terms_html(site, site.objects(response, DCTERMS_PART), root)),
    ] + [(capitalised(verb), terms_html(site, linked[name], root, limit=20, more_url=more)) for name, verb in LINKS]
    parts, evidence = [], []
    for unit in ordered_units(site, response):
        view = unit_html(
            site,
            unit,
            root,
            anchors,
            mark=lambda m: bool(m.denotes & kinds.keys()),
            keep=lambda m: bool(m.denotes & (focus or kinds.keys())),
            kinds=kinds,
        )
        if view:
            parts.append(view.html)
            evidence += view.rows
    shown_units = set(ordered_units(site, response))
    for pe in site.objects(response, t("positionEvidence")):
        unit = site.value(pe, t("inText"))
        if isinstance(unit, ox.NamedNode) and unit not in shown_units:
            positions = {p: "states the position" for p in site.objects(pe, t("denotes"))}
            view = unit_html(site, unit, root, anchors, mark=is_mention(pe), keep=is_mention(pe), kinds=positions)
            if view:
                parts.append('<p class="muted">The position is stated in:</p>' + view.html)
                evidence += view.rows
    title = link(more, site.label(response))
    return f'<section class="response"><h{level}>{title}</h{level}>{facts(rows)}{"".join(parts)}{evidence_table(evidence)}</section>'


def recommendation_body(site: Site, node: ox.NamedNode, root: str) -> str:
    """A recommendation: number, review, text, recommending States, position, responses with evidence."""
    anchors = Anchors()
    texts = site.objects(node, t("text"))
    text = min(texts, key=lambda x: (getattr(x, "language", "") not in ("en", None, ""), str(x))) if texts else None
    states = by_label(site, site.objects(node, t("recommendingState")))
    none = '<span class="muted">not stated in the documents of this dataset</span>'
    rows = [
        ("Number", esc(site.text(node, t("recommendationNumber")) or "")),
        ("Review", terms_html(site, site.objects(node, t("inReview")), root)),
        ("Position", position_html(site, site.objects(node, t("position")), root) or none),
        ("Position taken in", terms_html(site, by_label(site, site.objects(node, t("positionSource"))), root)),
        ("Recommended by", terms_html(site, states, root, limit=100) or none),
        ("Text", f'<div class="text"{lang_attr(text.language)}>{esc(text.value)}</div>' if isinstance(text, ox.Literal) else none),
        ("Instruments named", terms_html(site, by_label(site, site.objects(node, t("mentionsInstrument"))), root)),
        ("Issues", terms_html(site, by_label(site, site.objects(node, t("issue"))), root)),
    ]
    naming = []
    for m in site.subjects(t("denotes"), node):
        unit = site.value(m, t("inText"))
        naming.append(f"<li>{term_html(site, m, root)} in {term_html(site, unit, root) if unit else '?'}</li>")
    named = f"<h2>Where the documents name it</h2><ul>{''.join(sorted(naming))}</ul>" if naming else ""
    responses = sorted(site.subjects(t("respondsTo"), node), key=lambda r: response_order(site, r))
    blocks = "".join(response_block(site, r, root, anchors, focus={node}) for r in responses)
    answer = f"<h2>Responses ({len(responses)})</h2>{blocks}" if responses else "<h2>Responses</h2><p class=\"muted\">No response in this dataset.</p>"
    return heading_html(site, node, root) + facts(rows) + answer + named


def response_body(site: Site, node: ox.NamedNode, root: str) -> str:
    return heading_html(site, node, root) + response_block(site, node, root, Anchors(), focus=set(), level=2)


def _parent(site: Site, node: ox.NamedNode) -> ox.NamedNode | None:
    """The instrument or provision ``node`` is directly part of (asserted, not entailed)."""
    parents = [x for x in site.objects(node, t("partOf")) if isinstance(x, ox.NamedNode)]
    direct = [x for x in parents if not site.is_inferred(ox.Triple(node, t("partOf"), x))]
    return min(direct or parents, key=str) if parents else None


def _parts(site: Site, node: ox.NamedNode) -> list[ox.NamedNode]:
    """Direct parts of an instrument or provision (asserted upr:partOf, not the transitive closure)."""
    part_of = t("partOf")
    subs = [s for s in site.subjects(part_of, node) if isinstance(s, ox.NamedNode)]
    direct = [s for s in subs if not site.is_inferred(ox.Triple(s, part_of, node))]
    return by_label(site, direct or subs)


def _provision_tree(site: Site, node: ox.NamedNode, root: str, seen: set, found: list) -> str:
    items = []
    for part in _parts(site, node):
        if part in seen:
            continue
        seen.add(part)
        found.append(part)
        cited = len(set(site.subjects(t("cites"), part)))
        note = f' <span class="muted">(cited by {cited} response{"s" if cited != 1 else ""})</span>' if cited else ""
        items.append(f"<li>{term_html(site, part, root)}{note}{_provision_tree(site, part, root, seen, found)}</li>")
    return f'<ul class="provisions">{"".join(items)}</ul>' if items else ""


def legal_body(site: Site, node: ox.NamedNode, root: str) -> str:
    """An instrument or provision: what it is, its provisions, the responses citing it."""
    anchors = Anchors()
    chain: list[ox.NamedNode] = []
    up = _parent(site, node)
    while up is not None and up not in chain and len(chain) < 10:
        chain.append(up)
        up = _parent(site, up)
    main = site.label(node)
    names = [x for p in ("rdfs", "skos") for x in site.objects(node, ox.NamedNode(PREFIXES[p] + ("label" if p == "rdfs" else "altLabel")))]
    others = [x for x in names if isinstance(x, ox.Literal) and x.value != main]
    others.sort(key=lambda x: (x.language != "en", x.language or "", x.value))
    same = [x for p in ("exactMatch", "closeMatch") for x in site.objects(node, ox.NamedNode(SKOS + p))]
    same += site.objects(node, ox.NamedNode(PREFIXES["owl"] + "sameAs"))
    rows = [
        ("Part of", " › ".join(term_html(site, x, root) for x in reversed(chain))),
        ("Article", esc(site.text(node, t("article")) or "")),
        ("Paragraph", esc(site.text(node, t("paragraph")) or "")),
        ("Subparagraph", esc(site.text(node, t("subparagraph")) or "")),
        ("Jurisdiction", terms_html(site, site.objects(node, t("jurisdiction")), root)),
        ("Adopted", esc(site.text(node, t("dateAdopted")) or "")),
        ("Number", esc(site.text(node, t("number")) or "")),
        ("Identifier", esc(site.text(node, ox.NamedNode(PREFIXES["dcterms"] + "identifier")) or "")),
        ("Also called", "; ".join(f"<span{lang_attr(x.language)}>{esc(x.value)}</span>" for x in others[:30])),
        ("Same as", terms_html(site, by_label(site, same), root)),
        ("Incompatible with", terms_html(site, by_label(site, site.objects(node, t("incompatibleWith"))), root)),
    ]
    descendants: list = []
    tree = _provision_tree(site, node, root, {node}, descendants)
    targets = {node, *descendants}
    cited_by: dict = {}
    for target in targets:
        for r in site.subjects(t("cites"), target):
            cited_by.setdefault(r, set()).add(target)
    blocks = []
    for r in sorted(cited_by, key=lambda r: response_order(site, r)):
        blocks.append(_citing_block(site, r, root, anchors, targets, cited_by[r]))
    named = by_label(site, site.subjects(t("mentionsInstrument"), node))
    out = heading_html(site, node, root) + facts(rows)
    out += f"<h2>Provisions ({len(descendants)})</h2>{tree}" if tree else ""
    out += f"<h2>Responses citing it ({len(blocks)})</h2>" + ("".join(blocks) or '<p class="muted">None in this dataset.</p>')
    if named:
        out += f"<h2>Recommendations that name it ({len(named)})</h2><p>{terms_html(site, named, root, limit=200)}</p>"
    return out


def _citing_block(site: Site, response: ox.NamedNode, root: str, anchors: Anchors, targets: set, cited: set) -> str:
    """A response citing the instrument (or provisions of it): the recommendations it answers and the quotes."""
    kinds, linked = response_links(site, response)
    parts, shown = [], []
    for unit in ordered_units(site, response):
        view = unit_html(site, unit, root, anchors, mark=lambda m: bool(m.denotes & kinds.keys()), keep=lambda m: bool(m.denotes & targets), kinds=kinds, excerpt="always")
        if view:
            parts.append(view.html)
            shown += view.shown
    recs = linked["respondsTo"]
    if len(recs) > 30:
        # A list response (a Working Group report's list paragraph) answers a whole review:
        # name the recommendations on the lines quoted here.
        near = by_label(site, {d for m in shown for d in m.denotes if d in set(recs)})
        answers = terms_html(site, near, root) + f' <span class="muted">(of the {len(recs)} it responds to)</span>'
    else:
        answers = terms_html(site, recs, root)
    rows = [
        ("Position", position_html(site, site.objects(response, t("position")), root)),
        ("Document", terms_html(site, site.objects(response, t("inDocument")), root)),
        ("Responds to", answers),
        ("Cites", terms_html(site, by_label(site, cited), root)),
    ]
    return f'<section class="response"><h3>{link(site.href(response.value, root), site.label(response))}</h3>{facts(rows)}{"".join(parts)}</section>'


def text_body(site: Site, node: ox.NamedNode, root: str) -> str:
    """A text unit (paragraph, heading, footnote) with all its mentions marked, or a mention in its text."""
    anchors = Anchors()
    unit = site.value(node, t("inText"))
    rows = [
        ("Document", terms_html(site, site.objects(node, t("inDocument")), root)),
        ("Under heading", terms_html(site, site.objects(node, t("underHeading")), root)),
        ("In", terms_html(site, [unit], root) if unit is not None else ""),
        ("Names", terms_html(site, by_label(site, site.objects(node, t("denotes"))), root)),
    ]
    out = heading_html(site, node, root) + facts(rows)
    if site.value(node, RDF_VALUE) is not None:
        view = unit_html(site, node, root, anchors, mark=lambda m: True, keep=lambda m: True, excerpt="never")
        if view:
            out += view.html + evidence_table(view.rows)
    elif isinstance(unit, ox.NamedNode) and site.text(node, t("exact")) is not None:
        view = unit_html(site, unit, root, anchors, mark=is_mention(node), keep=is_mention(node), excerpt="always")
        out += "<h2>In context</h2>" + (view.html if view else '<p class="muted">Its offsets do not give its exact words in the text.</p>')
    return out


def is_text_page(site: Site, node: ox.NamedNode) -> bool:
    return site.value(node, RDF_VALUE) is not None or (site.value(node, t("inText")) is not None and site.text(node, t("exact")) is not None)

