"""Stage 6, validate: the SHACL engines behind kgbuild.validate.

* :mod:`~kgbuild.shacl.compiler`, :mod:`~kgbuild.shacl.values`,
  :mod:`~kgbuild.shacl.engine`, :mod:`~kgbuild.shacl.report`: kgbuild's own engine. The
  shapes graph is compiled into SPARQL SELECT queries, one per (shape, constraint component),
  that Oxigraph runs over the build's store for all focus nodes at once; Python decides the
  few candidates they return as pySHACL would, and writes the report pySHACL writes.
* :mod:`~kgbuild.shacl.pyshacl_path`: pySHACL itself, over the triples the shapes can reach
  (with an Oxigraph mirror for its SPARQL), or over everything (the naive path). It is the
  reference, and the fallback for shapes the engine does not support.
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Node

from .compiler import Check, compile_shapes
from .engine import Engine, load
from .report import results_graph


def run(
    checks: list[Check], shapes: Graph, store: ox.Store, default_graph: list[Any] | None = None,
    restore: dict[Any, Node] | None = None,
) -> Graph:
    """The validation report graph of compiled ``checks`` (of ``shapes``) over a dataset of
    ``store``: its default graph, or the union of the graphs ``default_graph`` names
    (``restore``: the literals :func:`load` says Oxigraph rewrote). Raises UnsupportedShapes
    when the data holds something only pySHACL can answer for."""
    engine = Engine(store, default_graph, restore)
    return results_graph(engine.run(checks), shapes, engine.describe)


__all__ = ["compile_shapes", "load", "run"]
