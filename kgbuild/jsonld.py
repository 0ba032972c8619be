"""JSON-LD writer: triples -> a compacted JSON-LD document with the project's embedded context.

rdflib's JSON-LD serialiser compacts by walking an rdflib graph in Python; on a corpus of
hundreds of thousands of triples it takes minutes and gigabytes. This writer takes triples
straight from Oxigraph (or rdflib) and writes what compaction with ontology/context.jsonld
would give for flat data: one node object per subject, sorted by ``@id``, under ``@graph``.
The context is embedded, so nothing is ever fetched to read the file.

Each key and value is chosen so that JSON-LD *expansion* gives back exactly the input
triples (tests/export checks the round trip through rdflib's parser):

* a property gets the context's term for it when the term's definition fits the value (an
  IRI value under a term with ``"@type": "@id"``, a literal of the term's datatype, a plain
  string under a term with no coercion, a language string under a term with an
  ``@language`` container); otherwise the compact IRI (``upr:text``) with a full value
  object (``{"@value": ..., "@language": ...}``);
* ``@id`` and IRI values are compact IRIs (``id:review/KAZ/4``) when a prefix of the context
  matches and the rest cannot be mistaken for something else, otherwise absolute IRIs;
* numbers stay strings with their datatype (no JSON numbers: their lexical form would
  change).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


@dataclass(frozen=True)
class _Term:
    name: str
    coerce: str | None
    """"@id", a datatype IRI, or None (no coercion)."""
    language_map: bool


class Compactor:
    """Compacts IRIs and values against one JSON-LD context (prefixes and term definitions)."""

    def __init__(self, context: dict[str, Any]):
        self.context = context
        self.prefixes: list[tuple[str, str]] = []
        simple: dict[str, str] = {}
        for key, value in context.items():
            if key.startswith("@") or not isinstance(value, str):
                continue
            simple[key] = value
            if value.endswith(("/", "#", ":", "?", "[", "]", "@")) and not value.startswith("@"):
                self.prefixes.append((key, value))
        self.prefixes.sort(key=lambda kv: -len(kv[1]))  # the longest namespace wins
        self._compact: dict[str, str] = {}
        """IRIs compacted so far: a corpus names the same classes, properties, States and
        reviews hundreds of thousands of times."""
        self.terms: dict[str, list[_Term]] = {}
        self.types: dict[str, str] = {}
        for key, value in context.items():
            if key.startswith("@"):
                continue
            if isinstance(value, str):
                iri = self._expand(value, simple)
                if iri is not None and key not in dict(self.prefixes):
                    self.types.setdefault(iri, key)
                    self.terms.setdefault(iri, []).append(_Term(key, None, False))
                continue
            if not isinstance(value, dict) or "@id" not in value or "@reverse" in value:
                continue
            container = value.get("@container")
            if container not in (None, "@set", "@language") or "@language" in value or "@context" in value:
                continue
            iri = self._expand(value["@id"], simple)
            if iri is None:
                continue
            coerce = value.get("@type")
            if coerce is not None and coerce != "@id":
                coerce = self._expand(coerce, simple)
                if coerce is None:
                    continue
            self.terms.setdefault(iri, []).append(_Term(key, coerce, container == "@language"))

    @staticmethod
    def _expand(value: str, simple: dict[str, str]) -> str | None:
        if ":" in value:
            prefix, _, rest = value.partition(":")
            if rest.startswith("//"):
                return value
            if prefix in simple:
                return simple[prefix] + rest
            return value
        return simple.get(value)

    def iri(self, iri: str) -> str:
        """A compact IRI for ``iri`` when one expands back to it unambiguously."""
        compact = self._compact.get(iri)
        if compact is None:
            compact = self._compact[iri] = self._compact_iri(iri)
        return compact

    def _compact_iri(self, iri: str) -> str:
        for prefix, namespace in self.prefixes:
            if iri.startswith(namespace) and len(iri) > len(namespace):
                rest = iri[len(namespace):]
                if not rest.startswith("//") and prefix not in ("_",):
                    return f"{prefix}:{rest}"
        return iri

    def node_id(self, term: Any) -> str:
        if isinstance(term, ox.BlankNode):
            return f"_:{term.value}"
        return self.iri(term.value)

    def type_name(self, iri: str) -> str:
        """A class IRI as ``@type`` value: its term when the context has one."""
        return self.types.get(iri) or self.iri(iri)

    def property(self, predicate: str, value: Any) -> tuple[str, Any, bool]:
        """(key, compacted value, goes into a language map) for one triple's predicate and object."""
        terms = self.terms.get(predicate, ())
        if isinstance(value, ox.Literal):
            datatype = value.datatype.value if value.datatype is not None else XSD_STRING
            language = value.language
            for t in terms:
                if language and t.language_map:
                    return t.name, (language, value.value), True
                if language or t.language_map:
                    continue
                if t.coerce is None and datatype == XSD_STRING:
                    return t.name, value.value, False
                if t.coerce is not None and t.coerce != "@id" and t.coerce == datatype:
                    return t.name, value.value, False
            key = self._plain_key(predicate, terms)
            if language:
                return key, {"@value": value.value, "@language": language}, False
            if datatype == XSD_STRING:
                return key, {"@value": value.value}, False
            return key, {"@value": value.value, "@type": self.iri(datatype)}, False
        node = self.node_id(value)
        for t in terms:
            if t.coerce == "@id" and not t.language_map:
                return t.name, node, False
        return self._plain_key(predicate, terms), {"@id": node}, False

    def _plain_key(self, predicate: str, terms: Iterable[_Term]) -> str:
        """A key that expands to ``predicate`` with no coercion: a plain term, else a compact IRI."""
        for t in terms:
            if t.coerce is None and not t.language_map:
                return t.name
        return self.iri(predicate)


def dumps(triples: Iterable[Any], context: dict[str, Any]) -> bytes:
    """A JSON-LD document of ``triples`` (Oxigraph triples or quads; graph names ignored),
    compacted with ``context``, which is embedded."""
    c = Compactor(context)
    nodes: dict[str, dict[str, Any]] = {}
    for t in triples:
        sid = c.node_id(t.subject)
        node = nodes.get(sid)
        if node is None:
            node = nodes[sid] = {"@id": sid}
        predicate = t.predicate.value
        if predicate == RDF_TYPE and not isinstance(t.object, ox.Literal):
            node.setdefault("@type", []).append(c.type_name(t.object.value) if isinstance(t.object, ox.NamedNode) else c.node_id(t.object))
            continue
        key, value, in_map = c.property(predicate, t.object)
        if in_map:
            language, text = value
            node.setdefault(key, {}).setdefault(language, []).append(text)
        else:
            node.setdefault(key, []).append(value)
    graph = []
    for sid in sorted(nodes):
        node = nodes[sid]
        out: dict[str, Any] = {"@id": node.pop("@id")}
        if "@type" in node:
            types = sorted(set(node.pop("@type")))
            out["@type"] = types[0] if len(types) == 1 else types
        for key in sorted(node):
            values = node[key]
            if isinstance(values, dict):  # a language map
                out[key] = {lang: _one(sorted(set(texts))) for lang, texts in sorted(values.items())}
            else:
                unique = sorted({_sort_key(v): v for v in values}.items())
                out[key] = _one([v for _, v in unique])
        graph.append(out)
    # The context indented; then one node object a line, written by json's C encoder (an
    # indented document is written by its Python encoder, a third of the time on a corpus).
    encode = json.JSONEncoder(ensure_ascii=False).encode
    head = json.dumps({"@context": context}, ensure_ascii=False, indent=1)[:-2]
    body = ",\n".join(encode(node) for node in graph)
    return (head + ',\n "@graph": [\n' + body + ("\n" if body else "") + "]}\n").encode("utf-8")


def _one(values: list[Any]) -> Any:
    return values[0] if len(values) == 1 else values


def _sort_key(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, sort_keys=True, ensure_ascii=False)
