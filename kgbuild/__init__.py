"""kgbuild: publish UN Universal Periodic Review documents as linked data.

The stages, in pipeline order (each a function; see ARCHITECTURE.md):

- :func:`read` (kgbuild.read) — a file to lines of text with their layout;
- :func:`structure` — lines to the document model (header, headings, paragraphs, footnotes);
- :func:`annotate` — the document model to spans with offsets (recommendation references,
  positions, citations, institutions, figures) and responses;
- :func:`build_docgraph` — document and spans to the document graph;
- :func:`map_document` — the document graph to the published vocabulary (mappings/*.rq);
- :func:`validate` (shapes/), :func:`reason` (ontology/), :func:`build` (all of it,
  written atomically to an output directory).
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("kgbuild")
except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
    __version__ = "0.0.0"


def __getattr__(name: str):  # noqa: ANN202 - lazy public API: importing kgbuild stays cheap
    from importlib import import_module

    table = {
        "read": ("kgbuild.read", "read"),
        "structure": ("kgbuild.structure", "structure"),
        "annotate": ("kgbuild.annotate", "annotate"),
        "build_docgraph": ("kgbuild.docgraph", "build_docgraph"),
        "map_document": ("kgbuild.map", "map_document"),
        "validate": ("kgbuild.validate", "validate"),
        "reason": ("kgbuild.reason", "reason"),
        "build": ("kgbuild.build", "build"),
        "Reference": ("kgbuild.reference", "Reference"),
    }
    if name in table:
        module, attr = table[name]
        return getattr(import_module(module), attr)
    raise AttributeError(name)


__all__ = ["__version__", "read", "structure", "annotate", "build_docgraph", "map_document", "validate", "reason", "build", "Reference"]
