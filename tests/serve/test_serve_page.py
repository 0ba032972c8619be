"""The HTML query page at /sparql: editor, examples from queries/, results table with links to
the Linked Data pages, downloads in every format, self-contained (no external asset)."""

from __future__ import annotations

import base64
import hashlib
import re
from html import unescape

from kgbuild.iri import DEFAULT_BASE
from kgbuild.query import list_queries

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"


def test_browser_gets_the_query_page(client):
    r = client.get("/sparql", headers={"accept": BROWSER})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    page = r.text
    assert '<form method="get" action="/sparql">' in page
    assert '<textarea name="query"' in page
    for q in list_queries():
        assert f"example={q.name}" in page, q.name
        assert q.title.replace("'", "&#x27;") in page


def test_page_is_self_contained(client):
    r = client.get("/sparql", params={"example": "noted-recommendations"}, headers={"accept": BROWSER})
    page = r.text
    assert not re.search(r"<(link|img|iframe|object|embed)\b", page)
    assert not re.search(r"\bsrc\s*=", page)  # no external script or image
    assert "@import" not in page and "url(" not in page
    assert not re.search(r'href="(https?:)?//', page)  # every link stays on this server
    csp = r.headers["content-security-policy"]
    assert "default-src 'none'" in csp
    scripts = re.findall(r"<script>(.*?)</script>", page, re.S)
    assert len(scripts) == 1
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    assert f"'sha256-{digest}'" in csp  # the only script the policy lets run


def test_example_runs_with_its_default_parameters(client, app):
    r = client.get("/sparql", params={"example": "recommendation"}, headers={"accept": BROWSER})
    assert r.status_code == 200
    page = r.text
    assert 'name="param.number" value="140.14"' in page
    assert 'name="param.cycle" value="4"' in page
    assert "<table>" in page and "<h2>Results</h2>" in page
    target = "review/KAZ/4/recommendation/140.14"
    if app.state.pages:
        assert f'<a href="/id/{target}"' in page
    else:
        assert f'title="{DEFAULT_BASE}{target}"' in page


def test_plain_form_submit_without_javascript(client):
    # What the form sends: query, its parameter fields, the chosen format (html = the table).
    query = "PREFIX upr: <https://w3id.org/upr-kg/ontology#>\nSELECT ?n WHERE { ?r upr:recommendationNumber ?n } ORDER BY ?n LIMIT 3"
    r = client.get("/sparql", params={"query": query, "format": "html"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert r.text.count('<td class="n">') == 3
    assert "3 rows" in r.text


def test_download_links_give_every_format(client):
    query = "PREFIX upr: <https://w3id.org/upr-kg/ontology#>\nSELECT ?n WHERE { ?r upr:recommendationNumber ?n } ORDER BY ?n LIMIT 2"
    page = client.get("/sparql", params={"query": query}, headers={"accept": BROWSER}).text
    links = dict(re.findall(r'<a href="([^"]+)" download="[^"]+" type="([^"]+)"', page))
    assert sorted(links.values()) == sorted(["application/sparql-results+json", "application/sparql-results+xml", "text/csv", "text/tab-separated-values"])
    for href, media_type in links.items():
        r = client.get(unescape(href), headers={"accept": BROWSER})
        assert r.status_code == 200
        assert r.headers["content-type"].split(";")[0] == media_type


def test_construct_on_the_page_shows_triples_and_graph_downloads(client):
    query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ BIND(<{DEFAULT_BASE}review/KAZ/4> AS ?s) ?s ?p ?o }}"
    page = client.get("/sparql", params={"query": query}, headers={"accept": BROWSER}).text
    assert "<th>subject</th><th>predicate</th><th>object</th>" in page
    assert 'type="text/turtle"' in page and 'type="application/ld+json"' in page


def test_errors_show_on_the_page_with_their_status(client):
    r = client.get("/sparql", params={"query": "LOAD <file:///etc/passwd>"}, headers={"accept": BROWSER})
    assert r.status_code == 403
    assert 'class="error"' in r.text and "SPARQL update (LOAD)" in r.text
    assert "LOAD &lt;file:///etc/passwd&gt;" in r.text  # the query stays in the editor, escaped


def test_query_text_is_escaped(client):
    hostile = 'SELECT * WHERE { ?s ?p "</textarea><script>alert(1)</script>" }'
    page = client.get("/sparql", params={"query": hostile}, headers={"accept": BROWSER}).text
    assert "<script>alert(1)" not in page
    assert "&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_required_parameter_gets_a_field_and_a_clear_error(client):
    query = "# title: t\n# param: who: iri  (a resource)\nSELECT * WHERE { ?who ?p ?o }"
    page = client.get("/sparql", params={"query": query}, headers={"accept": BROWSER})
    assert page.status_code == 400
    assert 'name="param.who" value="" required' in page.text
    assert "parameter &#x27;who&#x27; is required" in page.text
    given = client.get("/sparql", params={"query": query, "param.who": "id:review/KAZ/4", "format": "html"})
    assert given.status_code == 200 and "<table>" in given.text
