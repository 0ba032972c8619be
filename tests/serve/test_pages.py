"""The Linked Data pages (kgbuild/serve/pages.py) over the built bundled document.

The store is loaded from the ``dataset.trig`` of the session's build of the bundled
Kazakhstan addendum (the ``bundled_build`` fixture of tests/conftest.py). The recommending
States and the text of a recommendation are only in a Working Group report, which the
bundled addendum does not come with, so one test builds the Slovenian report and addendum
of tests/data/ as well. What is asserted is read from the source: the addendum notes
140.14 and 140.15 under "Recommendations 140.14 and 140.15", citing article 1 and article
27 (1) of the Rome Statute (paragraphs 14-20).
"""

from __future__ import annotations

import doctest
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic
from starlette.applications import Starlette
from starlette.routing import Mount
from starlette.testclient import TestClient

from kgbuild.iri import DEFAULT_BASE as BASE
from kgbuild.serve import html, pages
from kgbuild.serve.pages import index_route, negotiate, routes
from kgbuild.terms import graph_from_ox

DATA = Path(__file__).resolve().parents[1] / "data"
UPR = "https://w3id.org/upr-kg/ontology#"
REC = "review/KAZ/4/recommendation/140.14"
ROME = "instrument/rome-statute"
RESPONSE = "document/KAZ/4/addendum/response/4"
RDF_FORMATS = {
    "text/turtle": "turtle",
    "application/ld+json": "json-ld",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
}


def load(trig: Path) -> ox.Store:
    store = ox.Store()
    store.load(path=str(trig), format=ox.RdfFormat.TRIG)
    return store


def client(store: ox.Store, base: str = BASE) -> TestClient:
    return TestClient(Starlette(routes=[*routes(store, base), index_route(store, base)]))


@pytest.fixture(scope="module")
def kaz_store(bundled_build) -> ox.Store:
    return load(bundled_build.out / "dataset.trig")


@pytest.fixture(scope="module")
def kaz(kaz_store) -> TestClient:
    return client(kaz_store)


class Marks(HTMLParser):
    """Collects the text inside each <mark> (nested marks each get their own text)."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[list[str]] = []
        self.marks: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "mark":
            self.open.append([])

    def handle_endtag(self, tag):
        if tag == "mark":
            self.marks.append("".join(self.open.pop()))

    def handle_data(self, data):
        for buf in self.open:
            buf.append(data)


def marks(page: str) -> list[str]:
    parser = Marks()
    parser.feed(page)
    assert not parser.open, "unclosed <mark>"
    return parser.marks


def exact_words(store: ox.Store) -> set[str]:
    return {q.object.value for q in store.quads_for_pattern(None, ox.NamedNode(UPR + "exact"), None, None)}


# --- /id/ and /doc/ -------------------------------------------------------------------------


def test_id_answers_303_see_other_to_doc(kaz):
    r = kaz.get(f"/id/{REC}", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == f"/doc/{REC}"


def test_unknown_iris_are_404_with_a_short_body(kaz):
    for path in (f"/id/{REC}9999", "/doc/review/KAZ/4/recommendation/999.1", "/doc/nothing/here.ttl", "/id/"):
        r = kaz.get(path, follow_redirects=False)
        assert r.status_code == 404, path
        assert "no statements about" in r.text and len(r.text) < 5000


def test_every_local_iri_of_the_dataset_resolves(kaz, kaz_store):
    iris = {g.value for g in kaz_store.named_graphs() if g.value.startswith(BASE)}
    for q in kaz_store.quads_for_pattern(None, None, None, None):
        for term in (q.subject, q.object):
            if isinstance(term, ox.NamedNode) and term.value.startswith(BASE):
                iris.add(term.value)
    assert len(iris) > 400  # 416 in the bundled build: recommendations, text units, mentions, ...
    for iri in sorted(iris):
        r = kaz.get("/id/" + iri[len(BASE) :], follow_redirects=False)
        assert r.status_code == 303, iri


def test_one_page_of_every_kind_renders(kaz, kaz_store):
    """One resource of each class, and each named graph, gets a 200 HTML page with its label."""
    pages_by_type = {}
    for q in kaz_store.quads_for_pattern(None, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), None, None):
        if q.subject.value.startswith(BASE):
            pages_by_type.setdefault(q.object.value, q.subject.value)
    targets = list(pages_by_type.values()) + [g.value for g in kaz_store.named_graphs() if g.value.startswith(BASE)]
    assert len(targets) > 20
    for iri in targets:
        r = kaz.get("/doc/" + iri[len(BASE) :], headers={"accept": "text/html"})
        assert r.status_code == 200, iri
        assert r.headers["content-type"].startswith("text/html")
        assert "<h1" in r.text and "</html>" in r.text


# --- the recommendation page ----------------------------------------------------------------


def test_recommendation_page_shows_position_responses_and_marked_evidence(kaz, kaz_store):
    page = kaz.get(f"/id/{REC}").text
    assert "<h1>Recommendation 140.14</h1>" in page
    assert re.search(r'class="badge pos-noted">Noted</span>', page)
    assert "Review of Kazakhstan, cycle 4" in page
    # The addendum names no recommending State: the page says so rather than leaving a gap.
    assert re.search(r"<dt>Recommended by</dt><dd><span class=\"muted\">not stated", page)
    # Both responses: the section "I. Recommendations Nos. 140.1–140.4, 140.14, ..." and its
    # sub-heading "Recommendations 140.14 and 140.15" with paragraphs 14-20.
    assert f'href="/id/{RESPONSE}"' in page and 'href="/id/document/KAZ/4/addendum/response/1"' in page
    assert "There are currently legal obstacles to the country&#x27;s ratification of the" in page
    marked = marks(page)
    assert "Rome Statute of the International Criminal Court" in marked  # paragraph 14, [73, 121)
    assert "International Criminal Court" in marked  # nested inside it: the ICC, an institution
    assert "article 27 (1)" in marked and "article 1" in marked  # paragraphs 16 and 15
    assert "140.14" in marked and "noted" in marked  # the heading; the position in paragraph 3
    # Every mark is exactly the words of a mention of the dataset.
    assert set(marked) <= exact_words(kaz_store)
    for target in (ROME, f"{ROME}/art-1", f"{ROME}/art-27/para-1", "instrument/KAZ/constitution/art-46/para-1", "institution/icc"):
        assert f'href="/id/{target}"' in page, target
    # External IRIs stay plain links (the position concept is in the ontology, not under the base).
    assert 'href="https://w3id.org/upr-kg/ontology#Noted"' in page


def test_marks_sit_at_the_mention_offsets(kaz):
    page = kaz.get("/doc/document/KAZ/4/addendum/paragraph/16").text
    # "Similarly, article 27 (1) provides that the Rome Statute ..." : [11, 25) and [44, 56).
    text = re.search(r'<div class="text">(.*?)</div>', page, re.S).group(1)
    assert re.match(r'Similarly, <mark[^>]*>article 27 \(1\)</mark> provides that the <mark[^>]*>Rome Statute</mark> is', text)


def test_recommending_states_and_text_come_from_the_working_group_report(tmp_path_factory):
    from kgbuild.build import build

    out = tmp_path_factory.mktemp("svn") / "build"
    inputs = [DATA / "slovenia-A-HRC-59-15.txt", DATA / "slovenia-A-HRC-59-15-Add.1.txt"]
    build(inputs, out=out, run_validation=False, run_reasoning=False)  # the page needs neither
    page = client(load(out / "dataset.trig")).get("/id/review/SVN/4/recommendation/140.1").text
    # Report, paragraph 140: "140.1 Ratify the International Convention on the Protection of
    # the Rights of All Migrant Workers and Members of Their Families (Algeria) (Cabo Verde)
    # (Paraguay) (South Sudan) (Sri Lanka) (Togo) (Uruguay) (Bolivarian Republic of Venezuela);"
    states = re.search(r"<dt>Recommended by</dt><dd>(.*?)</dd>", page).group(1)
    for state in ("Algeria", "Cabo Verde", "Paraguay", "South Sudan", "Sri Lanka", "Togo", "Uruguay", "Venezuela"):
        assert state in states
    assert 'href="/id/state/DZA"' in states
    assert "Ratify the International Convention on the Protection of the Rights of All Migrant Workers" in page
    assert re.search(r'class="badge pos-noted">Noted</span>', page)  # final position, from the addendum
    # The report's list paragraph (all recommendations, 40,000 characters) is shown by the
    # line of 140.1 only: 140.2's text ("... align national legislation with its provisions") is not.
    assert "(excerpt; the link shows the whole text)" in page
    assert "align national legislation with its provisions" not in page
    assert "Cabo Verde" in marks(page)


# --- the instrument page --------------------------------------------------------------------


def test_rome_statute_page_lists_provisions_and_citing_responses(kaz):
    page = kaz.get(f"/id/{ROME}").text
    assert "<h1>Rome Statute of the International Criminal Court</h1>" in page
    provisions = page.split("<h2>Provisions (3)</h2>")[1].split("</ul>")[0]
    for part, label in (("art-1", "article 1"), ("art-27", "article 27"), ("art-27/para-1", "article 27 (1)")):
        assert f'href="/id/{ROME}/{part}"' in provisions and label in provisions
    assert "<h2>Responses citing it (1)</h2>" in page
    citing = page.split("<h2>Responses citing it (1)</h2>")[1]
    assert f'href="/id/{RESPONSE}"' in citing
    assert f'href="/id/{REC}"' in citing and 'href="/id/review/KAZ/4/recommendation/140.15"' in citing
    assert "Rome Statute" in marks(citing) and "article 27 (1)" in marks(citing)
    assert 'lang="ru">Римский статут Международного уголовного суда' in page  # its Russian label
    assert 'href="/id/instrument/KAZ/constitution"' in page  # incompatible with the Constitution


def test_provision_page_shows_its_instrument_and_conflicts(kaz):
    page = kaz.get(f"/doc/{ROME}/art-27/para-1.html").text
    part_of = re.search(r"<dt>Part of</dt><dd>(.*?)</dd>", page).group(1)
    assert part_of.index(f'href="/id/{ROME}"') < part_of.index(f'href="/id/{ROME}/art-27"')
    assert re.search(r"<dt>Incompatible with</dt><dd>.*href=\"/id/instrument/KAZ/constitution/art-46/para-1\"", page)
    assert f'href="/id/{RESPONSE}"' in page and "article 27 (1)" in marks(page)


# --- content negotiation --------------------------------------------------------------------


def expected_description(store: ox.Store, iri: str) -> rdflib.Graph:
    """Every statement of the store with ``iri`` as subject, whichever graph holds it."""
    return graph_from_ox(store.quads_for_pattern(ox.NamedNode(iri), None, None, None))


@pytest.mark.parametrize("media_type", list(RDF_FORMATS))
def test_negotiated_rdf_parses_and_describes_the_resource(kaz, kaz_store, media_type):
    r = kaz.get(f"/doc/{REC}", headers={"accept": media_type})
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == media_type
    assert r.headers["vary"] == "Accept"
    assert r.headers["content-location"].startswith(f"/doc/{REC}.")
    if media_type == "application/ld+json":
        assert isinstance(json.loads(r.content)["@context"], dict)  # embedded, never a URL
    g = rdflib.Graph().parse(data=r.content, format=RDF_FORMATS[media_type])
    subject = rdflib.URIRef(BASE + REC)
    own = rdflib.Graph()
    for triple in g.triples((subject, None, None)):
        own.add(triple)
    assert isomorphic(own, expected_description(kaz_store, BASE + REC))
    assert (subject, rdflib.URIRef(UPR + "position"), rdflib.URIRef(UPR + "Noted")) in g
    # Objects come with their label: the position "noted"@en from the ontology.
    assert (rdflib.URIRef(UPR + "Noted"), rdflib.RDFS.label, rdflib.Literal("noted", lang="en")) in g


def test_all_rdf_formats_carry_the_same_triples(kaz):
    graphs = []
    for media_type, fmt in RDF_FORMATS.items():
        graphs.append(rdflib.Graph().parse(data=kaz.get(f"/doc/{ROME}", headers={"accept": media_type}).content, format=fmt))
    assert len(graphs[0]) > 30
    for g in graphs[1:]:
        assert isomorphic(graphs[0], g)


@pytest.mark.parametrize(
    "suffix, media_type", [(".ttl", "text/turtle"), (".jsonld", "application/ld+json"), (".nt", "application/n-triples"), (".rdf", "application/rdf+xml"), (".html", "text/html")]
)
def test_explicit_representation_urls(kaz, suffix, media_type):
    r = kaz.get(f"/doc/{REC}{suffix}", headers={"accept": "image/png"})  # the URL decides, not Accept
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == media_type
    assert "vary" not in r.headers
    assert len(r.content) > 200
    head = kaz.head(f"/doc/{REC}{suffix}")
    assert head.status_code == 200 and head.content == b""


@pytest.mark.parametrize(
    "accept, expected",
    [
        (None, "text/html"),
        ("*/*", "text/html"),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html"),
        ("text/turtle;q=0.5, application/ld+json;q=0.9", "application/ld+json"),
        ("text/html;q=0, */*;q=0.1", "text/turtle"),
        ("application/*;q=0.2, application/rdf+xml", "application/rdf+xml"),
        ("application/json", "application/ld+json"),
        ("text/*;q=0.3, application/n-triples;q=0.4", "application/n-triples"),
        ("text/turtle;q=bogus, application/n-triples;q=0.1", "application/n-triples"),
    ],
)
def test_q_values(kaz, accept, expected):
    headers = {} if accept is None else {"accept": accept}
    r = kaz.get(f"/doc/{REC}", headers=headers)
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == expected


@pytest.mark.parametrize("accept", ["image/png", "text/html;q=0", "application/pdf, text/csv;q=0.9"])
def test_406_when_nothing_fits(kaz, accept):
    r = kaz.get(f"/doc/{REC}", headers={"accept": accept})
    assert r.status_code == 406
    assert r.headers["vary"] == "Accept"
    assert "text/turtle" in r.text


def test_alternate_links_resolve_to_their_formats(kaz):
    page = kaz.get(f"/doc/{REC}").text
    alternates = re.findall(r'<link rel="alternate" type="([^"]+)" href="([^"]+)"', page)
    assert {t for t, _ in alternates} == {"text/html", *RDF_FORMATS}
    for media_type, url in alternates:
        assert f'<a href="{url}"' in page  # visible too
        r = kaz.get(url)
        assert r.status_code == 200 and r.headers["content-type"].split(";")[0] == media_type
    assert 'rel="alternate"; type="text/turtle"' in kaz.get(f"/doc/{REC}").headers["link"]


def test_negotiation_doctests():
    assert doctest.testmod(pages).failed == 0


# --- index, mounting, escaping ---------------------------------------------------------------


def test_index_lists_reviews_and_documents_with_counts(kaz):
    page = kaz.get("/").text
    row = re.search(r'<tr><td><a href="/id/review/KAZ/4"[^>]*>Review of Kazakhstan, cycle 4</a></td>(.*?)</tr>', page).group(1)
    assert "<td>35</td>" in row and "Noted</span></a> 35" in row  # 35 recommendations, all noted
    doc = re.search(r'<tr><td><a href="/id/document/KAZ/4/addendum"[^>]*>Addendum, Kazakhstan, cycle 4</a></td>(.*?)</tr>', page).group(1)
    assert "<td>59</td>" in doc and "<td>2025-04-24</td>" in doc and "<td>23</td>" in doc and "<td>148</td>" in doc
    assert 'href="/sparql"' in page


def test_links_and_redirects_follow_a_mount_point(kaz_store):
    app = Starlette(routes=[Mount("/ld", routes=routes(kaz_store, BASE))])
    c = TestClient(app)
    r = c.get(f"/ld/id/{REC}", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/ld/doc/{REC}"
    assert f'href="/ld/id/{ROME}"' in c.get(f"/ld/doc/{REC}").text


def hostile_store() -> ox.Store:
    s = ox.Store()
    n = ox.NamedNode
    unit, mention, odd = n(BASE + "document/X/1/addendum/paragraph/1"), n(BASE + "x/mention/0-8"), n(BASE + "instrument/caf%C3%A9%20law")
    rdf, rdfs = "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://www.w3.org/2000/01/rdf-schema#"
    text = "<script>alert('v')</script> & <b>bold</b>"
    for s_, p, o in [
        (unit, n(rdf + "type"), n(UPR + "Paragraph")),
        (unit, n(rdf + "value"), ox.Literal(text)),
        (unit, n(rdfs + "seeAlso"), n("javascript:alert(1)")),
        (mention, n(rdf + "type"), n(UPR + "Mention")),
        (mention, n(UPR + "inText"), unit),
        (mention, n(UPR + "exact"), ox.Literal("<script>")),
        (mention, n(UPR + "start"), ox.Literal("0", datatype=n("http://www.w3.org/2001/XMLSchema#integer"))),
        (mention, n(UPR + "end"), ox.Literal("8", datatype=n("http://www.w3.org/2001/XMLSchema#integer"))),
        (mention, n(UPR + "denotes"), odd),
        (odd, n(rdfs + "label"), ox.Literal('"><img src=x onerror=alert(1)>', language="en")),
    ]:
        s.add(ox.Quad(s_, p, o))
    return s


def test_html_escapes_hostile_literals_and_iris():
    c = client(hostile_store())
    page = c.get("/doc/document/X/1/addendum/paragraph/1").text
    assert "<script>" not in page and "<b>" not in page and "<img" not in page
    assert "&lt;script&gt;alert(&#x27;v&#x27;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in page
    assert re.search(r"<mark[^>]*>&lt;script&gt;</mark>", page)  # marked, and escaped inside the mark
    assert 'href="javascript:' not in page and "javascript:alert(1)" in page  # shown, not linked
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in page
    # A percent-encoded IRI resolves from its link, whichever way the client encodes it.
    assert 'href="/id/instrument/caf%C3%A9%20law"' in page
    for path in ("/id/instrument/caf%C3%A9%20law", "/id/instrument/caf%c3%a9%20law", "/id/instrument/caf%C3%A9 law"):
        r = c.get(path, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/doc/instrument/caf%C3%A9%20law"
    assert "onerror=alert(1)&gt;</h1>" in c.get("/doc/instrument/caf%C3%A9%20law").text


def test_mentions_whose_offsets_miss_their_words_are_not_marked():
    s = hostile_store()
    m = ox.NamedNode(BASE + "x/mention/0-8")
    s.remove(ox.Quad(m, ox.NamedNode(UPR + "exact"), ox.Literal("<script>")))
    s.add(ox.Quad(m, ox.NamedNode(UPR + "exact"), ox.Literal("alert")))
    assert marks(client(s).get("/doc/document/X/1/addendum/paragraph/1").text) == []


def test_a_label_derived_from_itself_does_not_recurse():
    s = ox.Store()
    review = ox.NamedNode(BASE + "review/X/1")
    s.add(ox.Quad(review, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode(UPR + "Review")))
    s.add(ox.Quad(review, ox.NamedNode(UPR + "stateUnderReview"), review))  # a broken graph
    r = client(s).get("/doc/review/X/1")
    assert r.status_code == 200 and "<h1>Review of review/X/1, cycle ?</h1>" in r.text


# --- the highlighter ------------------------------------------------------------------------


def test_highlight_nests_splits_crossing_spans_and_places_inserts():
    S = html.Span
    assert html.highlight("Rome Statute of the ICC", [S(0, 23), S(20, 23)]) == "<mark>Rome Statute of the <mark>ICC</mark></mark>"
    assert html.highlight("abcdef", [S(0, 4), S(2, 6)]) == "<mark>ab<mark>cd</mark></mark><mark>ef</mark>"
    calls = [html.Insert(3, "<sup>1</sup>"), html.Insert(6, "<sup>2</sup>")]
    assert html.highlight("a<bcde", [S(1, 3)], calls) == "a<mark>&lt;b</mark><sup>1</sup>cde<sup>2</sup>"
    assert html.highlight("line one\nline two", [S(10, 13)], lo=9, hi=17) == "l<mark>ine</mark> two"


def test_negotiate_is_strict_about_q_zero():
    assert negotiate("text/html;q=0, application/xhtml+xml;q=0, */*") == "turtle"
    assert negotiate("text/turtle;q=0") is None
    assert negotiate("") == "html"
