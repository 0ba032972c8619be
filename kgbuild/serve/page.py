"""The HTML query page of ``/sparql``: an editor, the named queries as examples, results as a table.

What a browser gets at ``/sparql`` (``Accept: text/html``). It is one self-contained document:
inline CSS, one small inline script (Ctrl+Enter runs the query; the page works without it,
the form is a plain GET), nothing loaded from elsewhere, so it works offline. Every piece of
data goes through :func:`esc`. IRIs under the data base link to the Linked Data pages
(``/id/...``, kgbuild/serve/pages.py) when those are served. The named queries come from
queries/ (kgbuild/query.py): title and description from their header, parameters as fields
prefilled with their defaults.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from urllib.parse import urlencode

from ..query import NamedQuery, Param
from .formats import RESULT_FORMATS, GRAPH_FORMATS, Format

CSS = """
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1b1f23}
header,main{max-width:72rem;margin:0 auto;padding:0 1rem}
header{border-bottom:1px solid #d0d7de;padding:.5rem 1rem}
header a{margin-right:1rem}
a{color:#0550ae}
h1{font-size:1.6rem;margin:1rem 0 .25rem}
h2{font-size:1.2rem;margin-top:1.5rem;border-bottom:1px solid #eaeef2}
.sub,.muted{color:#57606a}
textarea{width:100%;box-sizing:border-box;font:14px/1.4 ui-monospace,SFMono-Regular,Menlo,monospace;padding:.5rem}
.params label{display:inline-block;margin:.25rem 1rem .25rem 0}
.params small{color:#57606a}
.bar{margin:.5rem 0;display:flex;gap:1rem;align-items:center;flex-wrap:wrap}
button{font-size:1rem;padding:.3rem 1rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0;font-size:.9rem}
.scroll{overflow-x:auto}
th,td{border-bottom:1px solid #eaeef2;padding:.2rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa;position:sticky;top:0}
td.n{color:#57606a;text-align:right}
.dt{color:#57606a;font-size:.8em}
.error{background:#ffebe9;border:1px solid #ff8182;padding:.5rem 1rem;border-radius:6px}
.note{background:#fff8c5;border:1px solid #d4a72c;padding:.25rem 1rem;border-radius:6px}
.downloads a{margin-right:.75rem}
dl.examples dt{margin-top:.5rem}
dl.examples dd{margin-left:1rem;color:#57606a}
code{font-size:.9em}
"""

SCRIPT = (
    "document.addEventListener('keydown',function(e){if((e.ctrlKey||e.metaKey)&&e.key==='Enter'"
    "&&e.target&&e.target.form){e.preventDefault();e.target.form.submit();}});"
)
SCRIPT_HASH = "sha256-" + base64.b64encode(hashlib.sha256(SCRIPT.encode("utf-8")).digest()).decode("ascii")
CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; "
    f"script-src '{SCRIPT_HASH}'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
"""Content-Security-Policy of the page: nothing from elsewhere, only our own inline script."""

XSD = "http://www.w3.org/2001/XMLSchema#"


def esc(text: object) -> str:
    return escape(str(text), quote=True)


@dataclass
class Outcome:
    """The result of running the query shown on the page."""

    status: int
    body: bytes
    truncated: bool = False
    form: str = ""
    shown_limit: int = 0


@dataclass
class PageContext:
    base: str
    """The data base IRI: IRIs under it link to /id/..."""
    link_pages: bool
    """True when the Linked Data pages (/id/...) are served."""
    prefixes: dict[str, str]
    examples: Sequence[NamedQuery]
    graphs: int
    timeout: float
    max_rows: int
    max_triples: int


def render(
    ctx: PageContext,
    *,
    query: str = "",
    params: dict[str, str] | None = None,
    declared: Sequence[Param] = (),
    outcome: Outcome | None = None,
) -> str:
    """The whole page: the form with ``query`` and its parameter fields, then the results."""
    params = params or {}
    parts = [
        "<h1>SPARQL endpoint</h1>",
        f'<p class="sub">Read-only SPARQL 1.1 over the {ctx.graphs} named graphs of this dataset (asserted and '
        f"inferred statements, queried as their union). A query stops after {ctx.timeout:g} s; results are cut at "
        f"{ctx.max_rows:,} rows or {ctx.max_triples:,} triples.</p>",
        _form(query, params, declared),
    ]
    if outcome is not None:
        parts.append(_results(ctx, query, params, outcome))
    parts.append(_examples(ctx.examples))
    parts.append(_usage())
    return _document("SPARQL endpoint", "".join(parts))


def _document(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)} · kgbuild</title><style>{CSS}</style></head><body>"
        '<header><nav><a href="/">Index</a><a href="/sparql">SPARQL endpoint</a>'
        '<a href="/.well-known/void">VoID</a></nav></header>'
        f"<main>{body}</main><script>{SCRIPT}</script></body></html>\n"
    )


def _form(query: str, params: dict[str, str], declared: Sequence[Param]) -> str:
    fields = []
    for p in declared:
        value = params.get(p.name, p.default or "")
        hint = p.doc or p.type
        need = " required" if p.required else ""
        fields.append(
            f'<label>{esc(p.name)} <input name="param.{esc(p.name)}" value="{esc(value)}"{need}> <small>{esc(hint)}</small></label>'
        )
    params_html = f'<div class="params">Parameters: {"".join(fields)}</div>' if fields else ""
    options = '<option value="html">HTML table</option>' + "".join(
        f'<option value="{f.name}">{esc(f.media_type)}</option>' for f in (*RESULT_FORMATS, *GRAPH_FORMATS)
    )
    return (
        '<form method="get" action="/sparql">'
        f'<textarea name="query" rows="16" spellcheck="false" aria-label="SPARQL query" autofocus>{esc(query)}</textarea>'
        f"{params_html}"
        f'<div class="bar"><button type="submit">Run query</button>'
        f'<label>Results as <select name="format">{options}</select></label>'
        '<span class="muted">Ctrl+Enter runs the query</span></div></form>'
    )


def _results(ctx: PageContext, query: str, params: dict[str, str], outcome: Outcome) -> str:
    if outcome.status != 200:
        message = outcome.body.decode("utf-8", errors="replace").strip()
        return f'<h2>Results</h2><p class="error">{outcome.status}: {esc(message)}</p>'
    data = json.loads(outcome.body)
    out = ["<h2>Results</h2>"]
    if "boolean" in data:
        out.append(f"<p>ASK: <strong>{'true' if data['boolean'] else 'false'}</strong></p>")
    else:
        variables = data["head"]["vars"]
        rows = data["results"]["bindings"]
        what = "triple" if outcome.form in ("construct", "describe") else "row"
        count = f"{len(rows):,} {what}{'' if len(rows) == 1 else 's'}"
        if outcome.truncated:
            out.append(
                f'<p class="note">Showing the first {count}; the downloads below give up to '
                f"{ctx.max_triples if what == 'triple' else ctx.max_rows:,}.</p>"
            )
        else:
            out.append(f'<p class="muted">{count}</p>')
        head = "".join(f"<th>{esc(v)}</th>" for v in variables)
        body = "".join(
            f'<tr><td class="n">{i}</td>' + "".join(f"<td>{_cell(ctx, row.get(v))}</td>" for v in variables) + "</tr>"
            for i, row in enumerate(rows, start=1)
        )
        out.append(f'<div class="scroll"><table><thead><tr><th></th>{head}</tr></thead><tbody>{body}</tbody></table></div>')
    out.append(_downloads(query, params, outcome.form))
    return "".join(out)


def _downloads(query: str, params: dict[str, str], form: str) -> str:
    fmts: tuple[Format, ...] = GRAPH_FORMATS if form in ("construct", "describe") else RESULT_FORMATS
    links = []
    for f in fmts:
        args = [("query", query), *((f"param.{k}", v) for k, v in params.items()), ("format", f.name)]
        url = "/sparql?" + urlencode(args)
        links.append(f'<a href="{esc(url)}" download="results{f.suffix}" type="{esc(f.media_type)}">{esc(f.media_type)}</a>')
    return f'<p class="downloads">Download: {"".join(links)}</p>'


def _cell(ctx: PageContext, term: dict[str, str] | None) -> str:
    if term is None:
        return ""
    kind, value = term["type"], term["value"]
    if kind == "uri":
        short = _shorten(ctx, value)
        if ctx.link_pages and value.startswith(ctx.base) and len(value) > len(ctx.base):
            href = "/id/" + value[len(ctx.base):]
            return f'<a href="{esc(href)}" title="{esc(value)}">{esc(short)}</a>'
        return f'<span title="{esc(value)}">{esc(short)}</span>'
    if kind == "bnode":
        return f"<code>_:{esc(value)}</code>"
    text = esc(value)
    if "xml:lang" in term:
        return f'{text} <span class="dt">@{esc(term["xml:lang"])}</span>'
    if "datatype" in term:
        dt = term["datatype"]
        label = "xsd:" + dt[len(XSD):] if dt.startswith(XSD) else dt
        return f'{text} <span class="dt">{esc(label)}</span>'
    return text


def _shorten(ctx: PageContext, iri: str) -> str:
    best = max((p for p in ctx.prefixes.items() if iri.startswith(p[1])), key=lambda p: len(p[1]), default=None)
    return f"{best[0]}:{iri[len(best[1]):]}" if best else iri


def _examples(examples: Sequence[NamedQuery]) -> str:
    if not examples:
        return ""
    items = []
    for q in examples:
        params = ", ".join(
            f"{p.name} = {p.default}" if p.default else (f"{p.name} (any)" if p.default == "" else f"{p.name} (required)")
            for p in q.parameters
        )
        extra = f"<br><small>Parameters: {esc(params)}</small>" if params else ""
        url = "/sparql?" + urlencode({"example": q.name})
        items.append(
            f'<dt><a href="{esc(url)}">{esc(q.title or q.name)}</a> <code class="muted">{esc(q.name)}</code></dt>'
            f"<dd>{esc(q.description)}{extra}</dd>"
        )
    return f'<h2>Examples</h2><p class="muted">The named queries of queries/: one click runs one.</p><dl class="examples">{"".join(items)}</dl>'


def _usage() -> str:
    return (
        "<h2>From a program</h2><p>SPARQL 1.1 Protocol: <code>GET /sparql?query=...</code>, or POST the query as "
        "<code>application/sparql-query</code> or form field <code>query</code>. Results by <code>Accept</code> "
        "(or <code>format=json|xml|csv|tsv|turtle|ntriples|jsonld|rdfxml</code>). "
        "<code>GET /sparql</code> with <code>Accept: text/turtle</code> gives the service description; "
        '<a href="/.well-known/void">/.well-known/void</a> the VoID description.</p>'
    )
