"""Reference data: the authority files of mappings/reference/ (States, treaties, domestic
instruments and institutions, the UPR calendar, languages), loaded once per build.

The Turtle files write IRIs relative to the data base, so they are parsed with the base
of the build. Look-ups run the SPARQL files of mappings/lookup/ over an in-memory
Oxigraph store; the recognisers get their names from :meth:`Reference.lexicon`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox

from . import resources
from .errors import MappingError
from .iri import UPR, check_base


@dataclass(frozen=True)
class Name:
    """One name of a reference entity, as the recognisers match it."""

    entity: str
    cls: str
    """Local name of the entity's class in upr: (State, Treaty, Code, Institution, ...)."""
    text: str
    lang: str | None
    scope: str
    """"global" or "local" (see mappings/lookup/lexicon.rq)."""
    jurisdiction: str | None
    """IRI of the State whose documents a local name is matched in."""


def _lookup_query(name: str) -> str:
    return (resources.mappings_dir() / "lookup" / f"{name}.rq").read_text(encoding="utf-8")


class Reference:
    """The reference data of one build (one data base)."""

    def __init__(self, base: str, files: list[Path] | None = None):
        self.base = check_base(base)
        self.files = files if files is not None else resources.files("mappings", "reference/*.ttl")
        self.store = ox.Store()
        for path in self.files:
            try:
                self.store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=self.base)
            except (SyntaxError, ValueError, OSError) as exc:
                raise MappingError(f"cannot parse reference data: {exc}", path=path) from exc

    def _select(self, name: str, **bindings: ox.NamedNode | ox.Literal) -> list[ox.QuerySolution]:
        subs = {ox.Variable(k): v for k, v in bindings.items()}
        return list(self.store.query(_lookup_query(name), substitutions=subs))

    @cached_property
    def names(self) -> list[Name]:
        out = []
        upr = str(UPR)
        for row in self._select("lexicon"):
            lit = row["name"]
            juris = row["jurisdiction"]
            out.append(
                Name(
                    entity=row["entity"].value,
                    cls=row["class"].value.removeprefix(upr),
                    text=lit.value,
                    lang=lit.language,
                    scope=row["scope"].value,
                    jurisdiction=juris.value if juris is not None else None,
                )
            )
        return out

    def state_iri(self, iso3: str) -> str:
        return f"{self.base}state/{iso3}"

    def state_by_name(self, text: str) -> tuple[str, str] | None:
        """(IRI, ISO3) of the State named ``text`` exactly, or None."""
        wanted = text.strip()
        for n in self.names:
            if n.cls == "State" and n.text == wanted:
                return n.entity, n.entity.rsplit("/", 1)[-1]
        return None

    def cycle_for(self, *, hrc: int | None = None, wg: int | None = None) -> int | None:
        """The UPR cycle of a Working Group session, else of an outcome-adopting HRC session."""
        integer = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
        if wg is not None:
            rows = self._select("cycle-of-wg-session", wg=ox.Literal(str(wg), datatype=integer))
        elif hrc is not None:
            rows = self._select("cycle-of-hrc-session", hrc=ox.Literal(str(hrc), datatype=integer))
        else:
            return None
        return int(rows[0]["cycle"].value) if rows else None

    @cached_property
    def _languages(self) -> dict[str, str]:
        return {row["name"].value.lower(): row["tag"].value for row in self._select("languages")}

    def language_tag(self, name: str) -> str | None:
        """BCP 47 tag of a language named in any language ("Russian" -> "ru")."""
        return self._languages.get(name.strip().lower())

    @cached_property
    def _quads(self) -> list[ox.Quad]:
        return list(self.store.quads_for_pattern(None, None, None, ox.DefaultGraph()))

    def quads(self) -> list[ox.Quad]:
        """The reference data as Oxigraph quads of the default graph."""
        return self._quads
