"""A hand-made domain graph of the bundled Kazakhstan addendum, independent of the pipeline.

The validation tests need a realistic graph (the size and shape of what ``kgbuild build``
publishes for one document, with long text literals, reference data and the Working Group
report's recommendations) and a way to turn a *mutated source text* into a graph, without
depending on the other stages. This module reads the Markdown with a few regular expressions
and writes the triples of ontology/MODEL.md directly. It is a test fixture, not a second
pipeline: what it recognises (headings, paragraphs, footnote markers, the figures of
paragraphs 1, 76, 78, 79 and footnote 10, and the entities of ENTITY_PHRASES) is exactly
what the validation tests need.

Source forms it reports the way the annotator does (MODEL.md): a number written without the
review's "140." prefix ("Nos. 168 and 169") is resolved and typed upr:IrregularMention; a
range that runs backwards ("140.4–140.1") is a upr:UnresolvedMention that denotes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from kgbuild.iri import DEFAULT_BASE, PROV, UPR, extend, mint

ISO3, CYCLE = "KAZ", 4
NOTED_SOURCE_ISSUE = "recommendation numbers written without the 140. prefix of the review's numbering"
BACKWARDS_SOURCE_ISSUE = "recommendation range runs backwards"

# (phrase as printed, IRI path below the base, kind). Kind: "cites", "mentions", "mentionsState".
ENTITY_PHRASES: list[tuple[str, str, str]] = [
    ("Migration Policy Framework", "instrument/KAZ/migration-policy-framework-2027", "cites"),
    ("Violence and Harassment Convention, 2019 (No. 190)", "instrument/ilo-c190", "cites"),
    ("International Labour Organization (ILO)", "institution/ilo", "mentions"),
    ("Interdepartmental Commission on International Humanitarian Law and International Human Rights Treaties",
     "institution/KAZ/interdepartmental-commission-ihl", "mentions"),
    ("Ministry of Labour and Social Protection", "institution/KAZ/ministry-of-labour", "mentions"),
    ("Labour Code", "instrument/KAZ/labour-code", "cites"),
    ("Trade Union Act", "instrument/KAZ/trade-union-act", "cites"),
    ("Rome Statute of the International Criminal Court", "instrument/rome-statute", "cites"),
    ("article 1 of the Rome Statute", "instrument/rome-statute/art-1", "cites"),
    ("article 27 (1)", "instrument/rome-statute/art-27/para-1", "cites"),
    ("the Constitution", "instrument/KAZ/constitution", "cites"),
    ("пункт 1 статьи 46", "instrument/KAZ/constitution/art-46/para-1", "cites"),
    ("пункт 4 статьи 52", "instrument/KAZ/constitution/art-52/para-4", "cites"),
    ("пункт 2 статьи 79", "instrument/KAZ/constitution/art-79/para-2", "cites"),
    ("статья 83", "instrument/KAZ/constitution/art-83", "cites"),
    ("пункт 3 статьи 4", "instrument/KAZ/constitution/art-4/para-3", "cites"),
    ("Procurator General", "institution/KAZ/procurator-general", "mentions"),
    ("Members of Parliament", "institution/KAZ/parliament", "mentions"),
    ("article 145 of the Criminal Code", "instrument/KAZ/criminal-code/art-145", "cites"),
    ("Ministry of Culture and Information", "institution/KAZ/ministry-of-culture", "mentions"),
    ("Act on Peaceful Assemblies, Rallies, Pickets, Marches and Demonstrations",
     "instrument/KAZ/peaceful-assemblies-act", "cites"),
    ("Act on the Procedure for Organizing and Holding Peaceful Assemblies",
     "instrument/KAZ/peaceful-assemblies-act", "cites"),
    ("Media Act", "instrument/KAZ/media-act", "cites"),
    ("Order No. 367-NQ", "instrument/KAZ/order/2024-08-20/367-NQ", "cites"),
    ("Online Platforms and Online Advertising Act", "instrument/KAZ/online-platforms-act", "cites"),
    ("Majilis", "institution/KAZ/majilis", "mentions"),
    ("Financial Action Task Force (FATF)", "institution/fatf", "mentions"),
    ("Tax Code", "instrument/KAZ/tax-code", "cites"),
    ("article 29 of the Tax Code", "instrument/KAZ/tax-code/art-29", "cites"),
    ("article 30 (1) (11)", "instrument/KAZ/tax-code/art-30/para-1/subpara-11", "cites"),
    ("State Revenue Committee", "institution/KAZ/state-revenue-committee", "mentions"),
    ("Ministry of Finance", "institution/KAZ/ministry-of-finance", "mentions"),
    ("Foreign Agents Registration Act", "instrument/USA/fara", "cites"),
    ("United States of America", "state/USA", "mentionsState"),
    ("United Kingdom of Great Britain and Northern Ireland", "state/GBR", "mentionsState"),
    ("Israel", "state/ISR", "mentionsState"),
    ("Ministry of Education", "institution/KAZ/ministry-of-education", "mentions"),
    ("Afghanistan", "state/AFG", "mentionsState"),
    ("Code of Administrative Procedure", "instrument/KAZ/administrative-procedure-code", "cites"),
    ("article 14 of the Constitution", "instrument/KAZ/constitution/art-14", "cites"),
    ("article 6 of the Labour Code", "instrument/KAZ/labour-code/art-6", "cites"),
    ("article 7 of the Children’s Rights Act", "instrument/KAZ/childrens-rights-act/art-7", "cites"),
    ("Citizenship Act", "instrument/KAZ/citizenship-act", "cites"),
    ("Ministry of Internal Affairs", "institution/KAZ/ministry-of-internal-affairs", "mentions"),
    ("UNHCR", "institution/unhcr", "mentions"),
]

INSTRUMENTS: dict[str, tuple[str, str, str | None]] = {
    # path: (class local name, English name, Russian name)
    "instrument/rome-statute": ("Treaty", "Rome Statute of the International Criminal Court", "Римский статут Международного уголовного суда"),
    "instrument/ilo-c190": ("Treaty", "Violence and Harassment Convention, 2019 (No. 190)", "Конвенция о ликвидации насилия и домогательств в сфере труда"),
    "instrument/KAZ/constitution": ("Constitution", "Constitution of the Republic of Kazakhstan", "Конституция Республики Казахстан"),
    "instrument/KAZ/labour-code": ("Code", "Labour Code of the Republic of Kazakhstan", "Трудовой кодекс Республики Казахстан"),
    "instrument/KAZ/criminal-code": ("Code", "Criminal Code of the Republic of Kazakhstan", "Уголовный кодекс Республики Казахстан"),
    "instrument/KAZ/tax-code": ("Code", "Code on Taxes and Other Obligatory Payments to the Budget (Tax Code)", "Налоговый кодекс"),
    "instrument/KAZ/administrative-procedure-code": ("Code", "Administrative Procedural and Process Code of the Republic of Kazakhstan", None),
    "instrument/KAZ/trade-union-act": ("Law", "Trade Unions Act", "Закон «О профессиональных союзах»"),
    "instrument/KAZ/peaceful-assemblies-act": ("Law", "Act on the Procedure for Organizing and Holding Peaceful Assemblies", None),
    "instrument/KAZ/media-act": ("Law", "Media Act", "Закон «О массмедиа»"),
    "instrument/KAZ/online-platforms-act": ("Law", "Online Platforms and Online Advertising Act", None),
    "instrument/KAZ/childrens-rights-act": ("Law", "Children’s Rights Act", None),
    "instrument/KAZ/citizenship-act": ("Law", "Citizenship Act", None),
    "instrument/KAZ/migration-policy-framework-2027": ("Policy", "Migration Policy Framework for 2023–2027", None),
    "instrument/KAZ/order/2024-08-20/367-NQ": ("Order", "Order No. 367-NQ of the Minister for Culture and Information of 20 August 2024", None),
    "instrument/USA/fara": ("Law", "Foreign Agents Registration Act", None),
}

INSTITUTIONS: dict[str, str] = {
    "institution/ilo": "International Labour Organization",
    "institution/unhcr": "Office of the United Nations High Commissioner for Refugees",
    "institution/fatf": "Financial Action Task Force",
    "institution/KAZ/interdepartmental-commission-ihl": "Interdepartmental Commission on International Humanitarian Law and International Human Rights Treaties",
    "institution/KAZ/ministry-of-labour": "Ministry of Labour and Social Protection of the Population",
    "institution/KAZ/procurator-general": "Procurator General of the Republic of Kazakhstan",
    "institution/KAZ/parliament": "Parliament of the Republic of Kazakhstan",
    "institution/KAZ/majilis": "Majilis of the Parliament of the Republic of Kazakhstan",
    "institution/KAZ/ministry-of-culture": "Ministry of Culture and Information",
    "institution/KAZ/state-revenue-committee": "State Revenue Committee of the Ministry of Finance",
    "institution/KAZ/ministry-of-finance": "Ministry of Finance",
    "institution/KAZ/ministry-of-education": "Ministry of Education",
    "institution/KAZ/ministry-of-internal-affairs": "Ministry of Internal Affairs",
}

STATES: list[tuple[str, str]] = [
    ("KAZ", "Kazakhstan"), ("USA", "United States of America"),
    ("GBR", "United Kingdom of Great Britain and Northern Ireland"), ("ISR", "Israel"), ("AFG", "Afghanistan"),
    ("ALB", "Albania"), ("DZA", "Algeria"), ("AGO", "Angola"), ("ARG", "Argentina"), ("ARM", "Armenia"),
    ("AUS", "Australia"), ("AUT", "Austria"), ("AZE", "Azerbaijan"), ("BEL", "Belgium"), ("BRA", "Brazil"),
    ("BGR", "Bulgaria"), ("CAN", "Canada"), ("CHL", "Chile"), ("CHN", "China"), ("COL", "Colombia"),
    ("CRI", "Costa Rica"), ("HRV", "Croatia"), ("CUB", "Cuba"), ("CYP", "Cyprus"), ("CZE", "Czechia"),
    ("DNK", "Denmark"), ("EGY", "Egypt"), ("EST", "Estonia"), ("FIN", "Finland"), ("FRA", "France"),
    ("GEO", "Georgia"), ("DEU", "Germany"), ("GRC", "Greece"), ("HUN", "Hungary"), ("ISL", "Iceland"),
    ("IND", "India"), ("IDN", "Indonesia"), ("IRL", "Ireland"), ("ITA", "Italy"), ("JPN", "Japan"),
    ("KGZ", "Kyrgyzstan"), ("LVA", "Latvia"), ("LTU", "Lithuania"), ("LUX", "Luxembourg"), ("MEX", "Mexico"),
    ("MNG", "Mongolia"), ("NLD", "Netherlands (Kingdom of the)"), ("NZL", "New Zealand"), ("NOR", "Norway"),
    ("PAK", "Pakistan"), ("POL", "Poland"), ("PRT", "Portugal"), ("QAT", "Qatar"), ("KOR", "Republic of Korea"),
    ("ROU", "Romania"), ("RUS", "Russian Federation"), ("SAU", "Saudi Arabia"), ("SVN", "Slovenia"),
    ("ESP", "Spain"), ("SWE", "Sweden"), ("CHE", "Switzerland"), ("TJK", "Tajikistan"), ("TUR", "Türkiye"),
    ("UKR", "Ukraine"), ("URY", "Uruguay"), ("UZB", "Uzbekistan"),
]

WG_REPORT_RECOMMENDATIONS = 294
"""The Working Group report on Kazakhstan (cycle 4) numbers its recommendations 140.1 to 140.294."""

_HEADING = re.compile(r"^(#{2,3})\s+\*\*(.+?)\*\*\s*$")
_PARAGRAPH = re.compile(r"^(\d+)\.\s+(.*)$")
_FOOTNOTE = re.compile(r"^<sup>(\d+)</sup>\s+(.*)$")
_MARKER = re.compile(r"<sup>(\d+)</sup>")
_REFERENCE_SEGMENT = re.compile(r"Recommendations?\s+(?:Nos?\.\s+)?(.*?)(?:\s+relat\w*\b|$)")
_REFERENCE = re.compile(r"(\d+(?:\.\d+)?)(?:\s*[–-]\s*(\d+(?:\.\d+)?))?")


@dataclass
class Unit:
    kind: str  # paragraph, heading, footnote
    number: int
    text: str
    order: int
    level: int | None = None
    heading: int | None = None  # heading number (1-based) this unit stands under
    markers: list[tuple[int, int]] = field(default_factory=list)  # (offset, footnote number)


def parse(markdown: str) -> list[Unit]:
    """Headings, numbered paragraphs (bullets joined with newlines) and footnotes, in order."""
    body = markdown.split("without formal editing.", 1)[1]
    units: list[Unit] = []
    current: Unit | None = None
    headings = 0
    in_notes = False
    for raw in body.splitlines():
        line = raw.rstrip()
        if not line.strip():
            continue
        if line.startswith("### *Notes*"):
            in_notes, current = True, None
            continue
        if in_notes:
            m = _FOOTNOTE.match(line)
            if m:
                units.append(Unit("footnote", int(m.group(1)), m.group(2), len(units)))
            continue
        m = _HEADING.match(line)
        if m:
            headings += 1
            units.append(Unit("heading", headings, m.group(2), len(units), level=len(m.group(1)) - 1))
            current = None
            continue
        m = _PARAGRAPH.match(line)
        if m:
            current = Unit("paragraph", int(m.group(1)), "", len(units), heading=headings or None)
            units.append(current)
            _append(current, m.group(2), "")
            continue
        if current is not None:
            if line.startswith("- "):
                _append(current, line[2:], "\n")
            else:
                _append(current, line.strip(), " ")
    return units


def _append(unit: Unit, text: str, sep: str) -> None:
    """Add text to a paragraph, lifting footnote markers out with their offsets."""
    if unit.text:
        unit.text += sep
    pos = 0
    for m in _MARKER.finditer(text):
        unit.text += text[pos : m.start()]
        unit.markers.append((len(unit.text), int(m.group(1))))
        pos = m.end()
    unit.text += text[pos:]


@dataclass
class Reference:
    start: int
    end: int
    exact: str
    numbers: list[str]
    irregular: bool = False
    unresolved: bool = False


def heading_references(text: str) -> list[Reference]:
    """Recommendation references in a heading, with offsets into the heading text."""
    m = _REFERENCE_SEGMENT.search(text)
    if not m:
        return []
    refs = []
    for r in _REFERENCE.finditer(m.group(1)):
        start, end = m.start(1) + r.start(), m.start(1) + r.end()
        first, last = r.group(1), r.group(2)
        irregular = "." not in first
        full_first = first if not irregular else f"140.{first}"
        if last is None:
            refs.append(Reference(start, end, text[start:end], [full_first], irregular))
            continue
        full_last = last if "." in last else f"140.{last}"
        a, b = int(full_first.split(".")[-1]), int(full_last.split(".")[-1])
        if a > b:
            refs.append(Reference(start, end, text[start:end], [], unresolved=True))
        else:
            refs.append(Reference(start, end, text[start:end], [f"140.{n}" for n in range(a, b + 1)], irregular))
    return refs


def build_graph(markdown: str, *, base: str = DEFAULT_BASE, wg_report: bool = True) -> Graph:
    """The domain graph of an addendum in the bundled document's format (see module docstring)."""
    g = Graph()
    g.bind("upr", UPR)
    g.bind("prov", PROV)
    units = parse(markdown)
    state = mint(base, "state", ISO3)
    review = mint(base, "review", ISO3, CYCLE)
    doc = mint(base, "document", ISO3, CYCLE, "addendum")

    def iri(path: str) -> URIRef:
        return URIRef(base + path)

    def rec_iri(number: str) -> URIRef:
        return extend(review, "recommendation", number)

    def unit_iri(u: Unit) -> URIRef:
        return extend(doc, u.kind, u.number)

    # document, review, states
    g.add((doc, RDF.type, UPR.Document))
    g.add((doc, DCTERMS.title, Literal("Report of the Working Group on the Universal Periodic Review: Kazakhstan. Addendum", lang="en")))
    g.add((doc, DCTERMS.issued, Literal("2025-04-24", datatype=XSD.date)))
    g.add((doc, UPR.originalLanguage, Literal("ru")))
    g.add((doc, UPR.hrcSession, Literal(59)))
    g.add((doc, UPR.agendaItem, Literal(6)))
    g.add((doc, UPR.documentKind, UPR.Addendum))
    g.add((doc, UPR.aboutReview, review))
    g.add((doc, DCTERMS.source, Literal("kazakhstan-upr4-addendum.md")))
    g.add((review, RDF.type, UPR.Review))
    g.add((review, UPR.stateUnderReview, state))
    g.add((review, UPR.cycle, Literal(CYCLE)))
    for code, name in STATES:
        s = mint(base, "state", code)
        g.add((s, RDF.type, UPR.State))
        g.add((s, RDFS.label, Literal(name, lang="en")))
        g.add((s, UPR.iso3, Literal(code)))
        g.add((s, SKOS.altLabel, Literal(f"the {name}", lang="en")))

    # reference data: instruments (with provisions named by the text) and institutions
    for path, (cls, en, ru) in INSTRUMENTS.items():
        node = iri(path)
        g.add((node, RDF.type, UPR[cls]))
        g.add((node, RDFS.label, Literal(en, lang="en")))
        if ru:
            g.add((node, RDFS.label, Literal(ru, lang="ru")))
            g.add((node, SKOS.hiddenLabel, Literal(ru + "а", lang="ru")))
        g.add((node, UPR.localLabel, Literal(en.split(" of the Republic")[0], lang="en")))
        g.add((node, SKOS.altLabel, Literal(en.upper(), lang="en")))
        if "/KAZ/" in path:
            g.add((node, UPR.jurisdiction, state))
        elif "/USA/" in path:
            g.add((node, UPR.jurisdiction, mint(base, "state", "USA")))
    g.add((iri("instrument/KAZ/order/2024-08-20/367-NQ"), UPR.number, Literal("367-NQ")))
    g.add((iri("instrument/KAZ/order/2024-08-20/367-NQ"), UPR.dateAdopted, Literal("2024-08-20", datatype=XSD.date)))
    for path, en in INSTITUTIONS.items():
        node = iri(path)
        g.add((node, RDF.type, UPR.Institution))
        g.add((node, RDFS.label, Literal(en, lang="en")))
        g.add((node, SKOS.altLabel, Literal(en.lower(), lang="en")))
        if "/KAZ/" in path:
            g.add((node, UPR.jurisdiction, state))
    g.add((iri("institution/KAZ/majilis"), UPR.subOrganizationOf, iri("institution/KAZ/parliament")))
    for _phrase, path, kind in ENTITY_PHRASES:
        if "/art-" in path:
            _add_provision(g, iri(path))

    # text units
    by_heading: dict[int, Unit] = {}
    footnotes: dict[int, Unit] = {}
    for u in units:
        node = unit_iri(u)
        g.add((node, RDF.type, UPR[u.kind.capitalize()]))
        g.add((node, UPR.inDocument, doc))
        g.add((node, RDF.value, Literal(u.text)))
        g.add((node, UPR.order, Literal(u.order)))
        if u.kind == "paragraph":
            g.add((node, UPR.paragraphNumber, Literal(u.number)))
            if "\n" in u.text:
                g.add((node, UPR.itemCount, Literal(u.text.count("\n"))))
        elif u.kind == "heading":
            g.add((node, UPR.level, Literal(u.level)))
            by_heading[u.number] = u
        else:
            g.add((node, UPR.footnoteNumber, Literal(u.number)))
            g.add((node, DCTERMS.language, Literal("ru")))
            footnotes[u.number] = u
        if u.heading is not None:
            g.add((node, UPR.underHeading, extend(doc, "heading", u.heading)))
    for u in units:
        for offset, number in u.markers:
            marker = extend(unit_iri(u), "marker", number)
            g.add((marker, RDF.type, UPR.FootnoteMarker))
            g.add((marker, UPR.inText, unit_iri(u)))
            g.add((marker, UPR.start, Literal(offset)))
            g.add((marker, UPR.markerNumber, Literal(number)))
            if number in footnotes:
                g.add((marker, UPR.refersToFootnote, unit_iri(footnotes[number])))

    # recommendations listed in headings; responses
    noted: set[str] = set()
    responses: dict[int, URIRef] = {}
    section: URIRef | None = None
    for u in units:
        if u.kind != "heading":
            continue
        refs = heading_references(u.text)
        if not refs:
            continue
        response = extend(doc, "response", u.number)
        responses[u.number] = response
        g.add((response, RDF.type, UPR.Response))
        g.add((response, UPR.position, UPR.Noted))
        g.add((response, UPR.heading, unit_iri(u)))
        g.add((response, UPR.inDocument, doc))
        g.add((response, PROV.wasDerivedFrom, unit_iri(u)))
        if u.level == 1:
            section = response
        elif section is not None:
            g.add((response, DCTERMS.isPartOf, section))
        for ref in refs:
            mention = extend(unit_iri(u), "mention", f"{ref.start}-{ref.end}")
            g.add((mention, RDF.type, UPR.Mention))
            g.add((mention, UPR.inText, unit_iri(u)))
            g.add((mention, UPR.exact, Literal(ref.exact)))
            g.add((mention, UPR.start, Literal(ref.start)))
            g.add((mention, UPR.end, Literal(ref.end)))
            if ref.irregular:
                g.add((mention, RDF.type, UPR.IrregularMention))
                g.add((mention, UPR.sourceIssue, Literal(NOTED_SOURCE_ISSUE)))
            if ref.unresolved:
                g.add((mention, RDF.type, UPR.UnresolvedMention))
                g.add((mention, UPR.sourceIssue, Literal(BACKWARDS_SOURCE_ISSUE)))
            for number in ref.numbers:
                noted.add(number)
                g.add((mention, UPR.denotes, rec_iri(number)))
                g.add((response, UPR.respondsTo, rec_iri(number)))

    # each paragraph (and the footnotes it calls) belongs to the response of its heading
    numbers = {f"140.{n}" for n in range(1, WG_REPORT_RECOMMENDATIONS + 1)} if wg_report else set()
    for number in sorted(numbers | noted, key=lambda n: [int(p) for p in n.split(".")]):
        rec = rec_iri(number)
        g.add((rec, RDF.type, UPR.Recommendation))
        g.add((rec, UPR.recommendationNumber, Literal(number)))
        g.add((rec, UPR.inReview, review))
        g.add((rec, UPR.position, UPR.Noted if number in noted else UPR.Supported))
        if wg_report:
            index = int(number.split(".")[-1])
            g.add((rec, UPR.recommendingState, mint(base, "state", STATES[1 + index % (len(STATES) - 1)][0])))
            g.add((rec, UPR.text, Literal(
                f"Continue its efforts ({number}) to bring national legislation into line with its international "
                "human rights obligations, including by ratifying the core instruments to which it is not yet a "
                "party and by strengthening the independence of national human rights institutions", lang="en")))

    for u in units:
        if u.kind != "paragraph" or u.heading is None or u.heading not in responses:
            continue
        response = responses[u.heading]
        g.add((response, PROV.wasDerivedFrom, unit_iri(u)))
        for _offset, number in u.markers:
            if number in footnotes:
                g.add((response, PROV.wasDerivedFrom, unit_iri(footnotes[number])))
                _link_entities(g, base, footnotes[number], unit_iri(footnotes[number]), response)
        _link_entities(g, base, u, unit_iri(u), response)

    _add_figures(g, units, unit_iri, review)
    return g


def _add_provision(g: Graph, node: URIRef) -> None:
    """A provision and every level above it (MODEL.md: every level exists as a node)."""
    text = str(node)
    parent = URIRef(text.rsplit("/", 1)[0])
    g.add((node, RDF.type, UPR.Provision))
    g.add((node, UPR.partOf, parent))
    parts = dict(re.findall(r"/(art|para|subpara)-([^/]+)", text))
    g.add((node, UPR.article, Literal(parts["art"])))
    if "para" in parts:
        g.add((node, UPR.paragraph, Literal(parts["para"])))
    if "subpara" in parts:
        g.add((node, UPR.subparagraph, Literal(parts["subpara"])))
    label = "article " + parts["art"] + "".join(f" ({parts[k]})" for k in ("para", "subpara") if k in parts)
    g.add((node, RDFS.label, Literal(label, lang="en")))
    if "/art-" in str(parent):
        _add_provision(g, parent)


def _link_entities(g: Graph, base: str, u: Unit, unit: URIRef, response: URIRef) -> None:
    for phrase, path, kind in ENTITY_PHRASES:
        start = u.text.find(phrase)
        while start >= 0:
            end = start + len(phrase)
            target = URIRef(base + path)
            mention = extend(unit, "mention", f"{start}-{end}")
            g.add((mention, RDF.type, UPR.Mention))
            g.add((mention, UPR.inText, unit))
            g.add((mention, UPR.exact, Literal(phrase)))
            g.add((mention, UPR.start, Literal(start)))
            g.add((mention, UPR.end, Literal(end)))
            g.add((mention, UPR.denotes, target))
            g.add((response, UPR[kind], target))
            start = u.text.find(phrase, end)


def _number(text: str) -> int:
    return int(text.replace(",", ""))


def _add_figures(g: Graph, units: list[Unit], unit_iri, review: URIRef) -> None:
    """Paragraph 1's declared total; the figures of paragraphs 76, 78, 79 and footnote 10."""
    by_key = {(u.kind, u.number): u for u in units}

    def statistic(u: Unit, match: re.Match[str], group: int, label: str, **extra) -> URIRef:
        unit = unit_iri(u)
        start, end = match.start(group), match.end(group)
        node = extend(unit, "statistic", start)
        mention = extend(unit, "mention", f"{start}-{end}")
        g.add((node, RDF.type, UPR.Statistic))
        g.add((node, UPR.value, Literal(_number(match.group(group)))))
        g.add((node, RDFS.label, Literal(label, lang="en")))
        g.add((node, PROV.wasDerivedFrom, unit))
        g.add((node, UPR.evidence, mention))
        g.add((mention, RDF.type, UPR.Mention))
        g.add((mention, UPR.inText, unit))
        g.add((mention, UPR.exact, Literal(match.group(group))))
        g.add((mention, UPR.start, Literal(start)))
        g.add((mention, UPR.end, Literal(end)))
        g.add((mention, UPR.denotes, node))
        for key, value in extra.items():
            g.add((node, UPR[key], value))
        return node

    p1 = by_key.get(("paragraph", 1))
    if p1 is not None:
        m = re.search(r"noted (\d+) recommendations", p1.text)
        if m:
            total = URIRef(str(unit_iri(p1)) + f"/statistic/{m.start(1)}")
            g.add((total, RDF.type, UPR.DeclaredTotal))
            g.add((total, UPR.value, Literal(int(m.group(1)))))
            g.add((total, UPR.position, UPR.Noted))
            g.add((total, UPR.aboutReview, review))
            g.add((total, PROV.wasDerivedFrom, unit_iri(p1)))
    p76 = by_key.get(("paragraph", 76))
    if p76 is not None:
        m = re.search(r"A total of ([\d,]+) people", p76.text)
        if m:
            statistic(p76, m, 1, "people with stateless person status")
        m = re.search(r"As many as ([\d,]+) stateless", p76.text)
        if m:
            statistic(p76, m, 1, "stateless persons receiving citizenship each year", qualifier=Literal("as many as"))
    p78 = by_key.get(("paragraph", 78))
    if p78 is not None:
        m = re.search(r"([\d,]+) undocumented stateless persons were identified, of whom ([\d,]+) proved .*? and ([\d,]+) were recognized", p78.text)
        if m:
            whole = statistic(p78, m, 1, "undocumented stateless persons identified, September 2020 to May 2022")
            statistic(p78, m, 2, "persons who proved their Kazakh citizenship", partOfTotal=whole)
            statistic(p78, m, 3, "persons recognized as stateless", partOfTotal=whole)
    p79 = by_key.get(("paragraph", 79))
    if p79 is not None:
        m = re.search(r"([\d,]+) undocumented persons were identified, of whom ([\d,]+) proved .*? and ([\d,]+) were recognized .*? remaining ([\d,]+) persons", p79.text)
        if m:
            whole = statistic(p79, m, 1, "undocumented persons identified, July to December 2024")
            statistic(p79, m, 2, "persons who proved their Kazakh citizenship", partOfTotal=whole)
            statistic(p79, m, 3, "persons recognized as stateless", partOfTotal=whole)
            statistic(p79, m, 4, "persons whose legal status is still being verified", partOfTotal=whole)
    f10 = by_key.get(("footnote", 10))
    if f10 is not None:
        for m in re.finditer(r"(\d{4})г\.-(\d+)", f10.text):
            statistic(f10, m, 2, "stateless persons who received Kazakh citizenship",
                      year=Literal(m.group(1), datatype=XSD.gYear))
