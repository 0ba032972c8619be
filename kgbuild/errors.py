"""The one exception hierarchy of kgbuild.

Library code raises these; only ``cli.py`` turns them into a message and an exit code.
A message names the file (or resource) at fault, the place when there is one, and the
problem, so that the command line can print it as a single line.
"""

from __future__ import annotations

from pathlib import Path


class KgbuildError(Exception):
    """Base class: something kgbuild cannot do with what it was given."""

    def __init__(self, message: str, *, path: str | Path | None = None, where: str | None = None):
        self.problem = message
        self.path = str(path) if path is not None else None
        self.where = where
        super().__init__(self.render())

    def render(self) -> str:
        parts = [p for p in (self.path, self.where) if p]
        prefix = ": ".join(parts)
        return f"{prefix}: {self.problem}" if prefix else self.problem


class InputError(KgbuildError):
    """A source document (or RDF input) that cannot be read or is not what kgbuild expects."""


class MappingError(KgbuildError):
    """A mapping, shape, query or reference-data file that is broken."""


class QueryError(KgbuildError):
    """A SPARQL query that cannot be parsed, is not allowed, or names an unknown query."""


class UsageError(KgbuildError):
    """Arguments that do not fit together."""


class UnsupportedShapes(KgbuildError):
    """Shapes (or data) that kgbuild's SPARQL engine (kgbuild/shacl) cannot validate exactly
    as pySHACL does; validation falls back to pySHACL, which gives the answer (or the error)."""
