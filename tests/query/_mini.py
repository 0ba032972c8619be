"""Paths and IRI shorthands for the query tests."""

from __future__ import annotations

from pathlib import Path

from rdflib import URIRef

DATA = Path(__file__).resolve().parent / "data"
MINI = DATA / "mini.ttl"
MINI_INFERRED = DATA / "mini-inferred.ttl"

ID = "https://w3id.org/upr-kg/id/"
UPR = "https://w3id.org/upr-kg/ontology#"
ADD = ID + "document/KAZ/4/addendum/"


def iri(local: str) -> URIRef:
    """``id:``-relative (``review/KAZ/4``) or ``upr:`` (``upr:Noted``) shorthand for tests."""
    return URIRef(UPR + local[4:]) if local.startswith("upr:") else URIRef(ID + local)
