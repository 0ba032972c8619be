"""Loading the recogniser case tables of tests/annotate/*.toml.

Every table is a list of ``[[case]]`` entries with at least ``id``, ``source`` and ``text``;
``where`` says where in the source the text stands, ``xfail`` (a reason) marks a known gap
of the recogniser: the expectation in the table is the correct one, and the case is a
strict xfail until the recogniser is fixed.

``source`` is a path relative to the workspace (``shared/corpus/...``) or to the repository
(``kgbuild/...``, ``mappings/...``). :func:`check_source` verifies that the case text occurs
in that file, so that the tables hold real text: whitespace is compared collapsed (the
structure stage joins the lines of a paragraph with one space) and the Markdown markup of
the bundled document (``**``, ``<sup>N</sup>``, escapes) is ignored.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
WORKSPACE = REPO.parent


def load_cases(name: str, table: str = "case") -> list[dict[str, Any]]:
    """The entries of ``[[table]]`` in ``tests/annotate/<name>``."""
    data = tomllib.loads((HERE / name).read_text(encoding="utf-8"))
    return list(data.get(table, []))


def params(cases: list[dict[str, Any]]) -> list[Any]:
    """One pytest param per case, with the case id; ``xfail`` cases are strict xfails."""
    out = []
    for case in cases:
        marks = []
        if case.get("xfail"):
            marks.append(pytest.mark.xfail(reason=case["xfail"], strict=True))
        out.append(pytest.param(case, id=case["id"], marks=marks))
    return out


def source_path(source: str) -> Path:
    return (WORKSPACE if source.startswith("shared/") else REPO) / source


_MARKUP = re.compile(r"<sup>\s*\d+\s*</sup>|\*\*|\\(?=[*_#.\-])")


def _collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@cache
def _source_text(path: Path) -> str:
    raw = path.read_bytes().decode("utf-8")
    return _collapse(_MARKUP.sub("", raw))


def check_source(case: dict[str, Any]) -> None:
    """The case text occurs in its source file (skipped when the shared corpus is absent)."""
    path = source_path(case["source"])
    if not path.exists():
        pytest.skip(f"source not available: {path}")
    assert _collapse(case["text"]) in _source_text(path), f"{case['id']}: text not found in {case['source']}"


def check_ids(cases: list[dict[str, Any]]) -> None:
    ids = [c["id"] for c in cases]
    assert len(ids) == len(set(ids)), f"duplicate case ids: {sorted({i for i in ids if ids.count(i) > 1})}"
    for c in cases:
        assert c.get("source"), f"{c['id']}: no source"
