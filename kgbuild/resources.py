"""Locates the data folders (ontology/, mappings/, shapes/, queries/) and the bundled document.

In a source checkout (or an editable install) they sit at the top of the repository; in a
wheel they are packaged under ``kgbuild/_assets/``. No other module builds a path to them.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_FOLDERS = ("ontology", "mappings", "shapes", "queries")
BUNDLED_DOCUMENT_NAME = "kazakhstan-upr4-addendum.md"


@cache
def data_dir(name: str) -> Path:
    """Return the folder ``name`` (one of ontology, mappings, shapes, queries)."""
    if name not in _FOLDERS:
        raise ValueError(f"unknown data folder {name!r}")
    for candidate in (_PACKAGE / "_assets" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"kgbuild data folder {name}/ not found (broken installation?)")


def ontology_dir() -> Path:
    return data_dir("ontology")


def mappings_dir() -> Path:
    return data_dir("mappings")


def reference_dir() -> Path:
    return data_dir("mappings") / "reference"


def shapes_dir() -> Path:
    return data_dir("shapes")


def queries_dir() -> Path:
    return data_dir("queries")


def bundled_document() -> Path:
    """The document ``kgbuild build`` publishes when it is given no input."""
    return _PACKAGE / "bundled" / BUNDLED_DOCUMENT_NAME


def files(name: str, pattern: str) -> list[Path]:
    """The files of data folder ``name`` matching ``pattern``, sorted by name (deterministic order)."""
    return sorted(data_dir(name).glob(pattern))
