"""HTML building blocks of the Linked Data pages: escaping, the page frame, evidence marks.

Plain f-strings, no template engine: every piece of data goes through :func:`esc` (text
and attribute values alike) or :func:`href_attr` (URLs), and the functions here return
HTML fragments (``str``) that are safe to concatenate. The pages need no JavaScript and
load nothing from elsewhere: the stylesheet is inline.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from urllib.parse import urlsplit

CSS = """
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1b1f23;background:#fff}
header,main,footer{max-width:60rem;margin:0 auto;padding:0 1rem}
header{border-bottom:1px solid #d0d7de;padding:.5rem 1rem}
header a{margin-right:1rem}
footer{border-top:1px solid #d0d7de;margin-top:2rem;padding:1rem;font-size:.85rem;color:#57606a}
a{color:#0550ae}
h1{font-size:1.6rem;margin:1rem 0 .25rem}
h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #eaeef2}
h3{font-size:1.05rem;margin-bottom:.25rem}
.sub{color:#57606a;margin:0 0 1rem}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}
dl.facts dt{font-weight:600}
dl.facts dd{margin:0}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{border-bottom:1px solid #eaeef2;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}
.text{white-space:pre-wrap;background:#f6f8fa;border-left:3px solid #d0d7de;padding:.5rem .75rem;margin:.25rem 0 .75rem}
.unit{margin:.75rem 0}
.unit>.where{font-size:.85rem;color:#57606a}
mark{background:#fff3b0;padding:0 .1em;border-bottom:2px solid #d4a72c}
mark.focus{background:#ffd8a8;border-bottom-color:#e8590c}
mark.unresolved{background:#ffe3e3;border-bottom-color:#c92a2a}
.badge{display:inline-block;border-radius:1em;padding:0 .6em;font-size:.85rem;font-weight:600;background:#eaeef2}
.pos-noted{background:#fff3bf}.pos-supported{background:#d3f9d8}.pos-pending{background:#e7f5ff}.pos-partiallysupported{background:#e5dbff}
.response{border:1px solid #d0d7de;border-radius:6px;padding:.25rem 1rem;margin:1rem 0}
.muted{color:#57606a}
.inferred{font-size:.75rem;color:#57606a;font-style:italic}
ul.provisions ul{margin:0}
.alt a{margin-right:.75rem}
sup a{text-decoration:none}
details{margin:1rem 0}
summary{cursor:pointer;font-weight:600}
code{font-size:.9em}
"""

# Link schemes an <a href> may carry; any other IRI (javascript:, data:, ...) is shown as text.
_LINK_SCHEMES = {"http", "https", "mailto", "ftp", "urn"}


def esc(text: object) -> str:
    """Text escaped for HTML element content and quoted attribute values."""
    return escape(str(text), quote=True)


def safe_url(url: str) -> bool:
    """True when ``url`` may be put in an href (a relative path or an allowed scheme)."""
    if url.startswith("/") and not url.startswith("//"):
        return True
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return False
    return scheme in _LINK_SCHEMES


def href_attr(url: str) -> str:
    """An escaped ``href="..."`` attribute (the caller checked :func:`safe_url`)."""
    return f'href="{esc(url)}"'


def link(url: str | None, text: str, *, title: str | None = None, cls: str | None = None) -> str:
    """An <a> element, or the escaped text alone when ``url`` is missing or unsafe."""
    if not url or not safe_url(url):
        return esc(text)
    extra = (f' title="{esc(title)}"' if title else "") + (f' class="{esc(cls)}"' if cls else "")
    return f"<a {href_attr(url)}{extra}>{esc(text)}</a>"


def link_html(url: str | None, inner: str, *, title: str | None = None) -> str:
    """An <a> element around ready-made HTML, or the HTML alone when ``url`` is missing or unsafe."""
    if not url or not safe_url(url):
        return inner
    return f"<a {href_attr(url)}" + (f' title="{esc(title)}"' if title else "") + f">{inner}</a>"


def lang_attr(lang: str | None) -> str:
    return f' lang="{esc(lang)}"' if lang else ""


@dataclass(frozen=True)
class Alternate:
    """Another representation of the page's resource: media type, URL, short name."""

    media_type: str
    url: str
    name: str


def page(
    title: str,
    body: str,
    *,
    root: str = "",
    iri: str | None = None,
    alternates: tuple[Alternate, ...] = (),
    lang: str = "en",
) -> str:
    """A whole HTML document: head with inline CSS and alternate links, navigation, body."""
    alt_head = "".join(
        f'<link rel="alternate" type="{esc(a.media_type)}" {href_attr(a.url)} title="{esc(a.name)}">' for a in alternates
    )
    alt_body = ""
    if alternates:
        alt_body = '<p class="alt">Other formats: ' + "".join(link(a.url, a.name, title=a.media_type) for a in alternates) + "</p>"
    about = f"<p>IRI: <code>{esc(iri)}</code></p>" if iri else ""
    return (
        f'<!DOCTYPE html>\n<html lang="{esc(lang)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>{esc(title)}</title><link rel="icon" href="data:,"><style>{CSS}</style>{alt_head}</head><body>'
        f'<header><nav>{link(root + "/", "Index")}{link(root + "/sparql", "SPARQL endpoint")}</nav></header>'
        f"<main>{body}</main><footer>{alt_body}{about}"
        "<p>UPR knowledge graph, published by kgbuild.</p></footer></body></html>\n"
    )


def small_page(title: str, message: str, *, root: str = "") -> str:
    """A short page for errors (404, 406)."""
    return page(title, f"<h1>{esc(title)}</h1><p>{esc(message)}</p>", root=root)


def badge(text: str, key: str | None = None) -> str:
    """A position badge ("Noted"); ``key`` picks the colour class (pos-noted ...)."""
    cls = f" pos-{esc(key.lower())}" if key else ""
    return f'<span class="badge{cls}">{esc(text)}</span>'


def facts(rows: list[tuple[str, str]]) -> str:
    """A <dl> of (label, HTML value) rows; rows with an empty value are left out."""
    items = "".join(f"<dt>{esc(k)}</dt><dd>{v}</dd>" for k, v in rows if v)
    return f'<dl class="facts">{items}</dl>' if items else ""


def table(headers: list[str], rows: list[list[str]]) -> str:
    """A <table> of escaped headers and HTML cells."""
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


@dataclass(frozen=True)
class Span:
    """A stretch of a text to wrap in <mark>: half-open character offsets [start, end)."""

    start: int
    end: int
    title: str = ""
    cls: str = ""
    anchor: str = ""
    """An id for the mark, so that an evidence table can link to it."""


@dataclass(frozen=True)
class Insert:
    """Ready-made HTML to put at one character offset (a footnote call)."""

    at: int
    html: str


def highlight(text: str, spans: Sequence[Span], inserts: Sequence[Insert] = (), *, lo: int = 0, hi: int | None = None) -> str:
    """``text[lo:hi]`` escaped, with every span wrapped in <mark> and every insert placed.

    Spans that nest give nested marks ("Rome Statute of the <mark>International Criminal
    Court</mark>" inside the mark of the whole name). A span that crosses the end of an
    enclosing one is split there, so the output is always well formed. Spans outside
    ``[lo, hi)`` are clipped to it; empty ones are dropped.
    """
    hi = len(text) if hi is None else min(hi, len(text))
    lo = max(0, lo)
    heap = [(max(s.start, lo), -min(s.end, hi), i, s) for i, s in enumerate(spans) if min(s.end, hi) > max(s.start, lo)]
    heapq.heapify(heap)
    points = sorted((i for i in inserts if lo <= i.at <= hi), key=lambda i: i.at)
    out: list[str] = []
    pos = lo
    ins = 0
    stack: list[int] = []  # ends of the open marks

    def emit(upto: int) -> None:
        nonlocal pos, ins
        while ins < len(points) and points[ins].at < upto:
            at = points[ins].at
            if at >= pos:
                out.append(esc(text[pos:at]))
                pos = at
            out.append(points[ins].html)
            ins += 1
        if upto > pos:
            out.append(esc(text[pos:upto]))
            pos = upto

    while heap:
        start, neg_end, i, span = heapq.heappop(heap)
        end = -neg_end
        while stack and stack[-1] <= start:
            emit(stack.pop())
            out.append("</mark>")
        if stack and end > stack[-1]:
            # Crosses the end of the enclosing mark: mark the rest after it closes.
            heapq.heappush(heap, (stack[-1], -end, i, span))
            end = stack[-1]
            if end <= start:
                continue
        emit(start)
        attrs = (f' class="{esc(span.cls)}"' if span.cls else "") + (f' title="{esc(span.title)}"' if span.title else "")
        if span.anchor and start == max(span.start, lo):
            attrs += f' id="{esc(span.anchor)}"'
        out.append(f"<mark{attrs}>")
        stack.append(end)
    while stack:
        emit(stack.pop())
        out.append("</mark>")
    emit(hi)
    while ins < len(points) and points[ins].at <= hi:
        out.append(points[ins].html)
        ins += 1
    return "".join(out)


def line_windows(text: str, keep: list[tuple[int, int]], budget: int) -> list[tuple[int, int]]:
    """The lines of ``text`` that hold one of the ``keep`` offsets ranges, merged, in order.

    Used to show a long text unit (a Working Group report lists every recommendation of a
    review in one paragraph of 40,000 characters) by the lines that matter on this page.
    A single line longer than ``budget`` is cut to a window around its ranges.
    """
    windows: list[tuple[int, int]] = []
    for start, end in sorted(keep):
        ls = text.rfind("\n", 0, start) + 1
        le = text.find("\n", end)
        le = len(text) if le == -1 else le
        if le - ls > budget:
            ls = max(ls, start - budget // 2)
            le = min(le, end + budget // 2)
        if windows and ls <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(windows[-1][1], le))
        else:
            windows.append((ls, le))
    return windows
